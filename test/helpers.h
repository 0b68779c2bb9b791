/* SPDX-License-Identifier: MIT */
/* Shared checks for the test programs: exit 0 pass, 1 fail, 77 skip. */
#ifndef TEST_HELPERS_H
#define TEST_HELPERS_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef TEST_BESIDE_LIBURING
/* The same test, on rings that Debian's liburing makes. */
#include <liburing.h>
#endif
#include <liburing-regions.h>

#define T_SKIP	77

#define FAIL(...) do {							\
	fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);		\
	fprintf(stderr, __VA_ARGS__);					\
	fputc('\n', stderr);						\
	exit(1);							\
} while (0)

#define CHECK(cond) do {						\
	if (!(cond))							\
		FAIL("%s", #cond);					\
} while (0)

#define CHECK_EQ(a, b) do {						\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (a_ != b_)							\
		FAIL("%s is %lld, expected %s (%lld)", #a, a_, #b, b_);	\
} while (0)

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Exits 77 unless the library's probe reports every feature in @mask. */
void require(unsigned int mask);

/* io_uring_queue_init() that must succeed. */
void ring_init(struct io_uring *ring, unsigned entries, unsigned flags);
void ring_init_cq(struct io_uring *ring, unsigned sq, unsigned cq,
		  unsigned flags);

/* Queues a NOP with @user_data; does not submit. */
void queue_nop(struct io_uring *ring, __u64 user_data);
/* Waits for one CQE, checks every field, marks it seen. */
void expect_cqe(struct io_uring *ring, __u64 user_data, int res,
		unsigned flags);
/* A NOP round trip: proves the ring still works. */
void nop_roundtrip(struct io_uring *ring);

/* A registration of @size bytes of user memory at @addr as a region:
 * @reg points to @desc; every other field is zero. */
void user_region(struct io_uring_mem_region_reg *reg,
		 struct io_uring_region_desc *desc, void *addr, __u64 size);

/* What a process holds: fds, mappings, pinned and locked memory. */
struct resources {
	int fds;
	int maps;
	long vm_pin_kb;
	long vm_lck_kb;
};
void resources_get(struct resources *r);
/* Fails unless the process is back to @before (waits for the kernel's
 * deferred ring teardown to unpin memory). */
void resources_check(const struct resources *before, const char *what);

long status_kb(const char *field);
long long now_ns(void);
/* A temporary file of @size bytes, byte i = pattern(i); already unlinked. */
int temp_file(size_t size, unsigned seed);
unsigned char pattern(size_t i, unsigned seed);
void *page_alloc(size_t size);



/* Table-driven bad input: counts a case, records a mismatch (all are
 * printed, the test fails at bad_input_done()). */
void bad_case(const char *what, int ret, int expect);
/* Exits 1 after printing the mismatches, if any; prints the count. */
void bad_input_done(const char *family);
/* Runs fn(arg) in a new thread and returns its int result. */
int in_thread(int (*fn)(void *), void *arg);
/* Runs an empty thread, so that glibc's cached thread stack is already
 * there when a resource baseline is taken. */
void warm_thread_cache(void);
/* True under make runtests-valgrind.  There a blocking io_uring_enter is
 * not interrupted by signals and keeps every other thread from running, so
 * the -EINTR checks and the waits on another thread run only without it. */
int under_valgrind(void);

#ifdef TEST_BESIDE_LIBURING
/* liburing 2.9's io_uring_queue_mmap leaves ring_fd, enter_ring_fd and
 * flags 0 (2.3 and 2.15 set them; its own submit then enters fd 0): a
 * program on 2.9 sets them itself, and so do the tests, through this.
 * features is left as that liburing leaves it. */
int beside_queue_mmap(int fd, struct io_uring_params *p,
		      struct io_uring *ring);
#define io_uring_queue_mmap beside_queue_mmap
#endif
#endif
