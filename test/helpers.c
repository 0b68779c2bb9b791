/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "helpers.h"

void require(unsigned int mask)
{
	unsigned int have = io_uring_regions_probe();
	unsigned int bit;

	for (bit = 1; bit; bit <<= 1) {
		if ((mask & bit) && !(have & bit)) {
			printf("SKIP: the kernel lacks %s (library probe)\n",
			       io_uring_regions_feature_name(bit));
			exit(T_SKIP);
		}
	}
}

void ring_init_cq(struct io_uring *ring, unsigned sq, unsigned cq,
		  unsigned flags)
{
	struct io_uring_params p;
	int ret;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	if (cq) {
		p.flags |= IORING_SETUP_CQSIZE;
		p.cq_entries = cq;
	}
	ret = io_uring_queue_init_params(sq, ring, &p);
	if (ret)
		FAIL("queue_init(%u, flags 0x%x): %s", sq, flags,
		     strerror(-ret));
}

void ring_init(struct io_uring *ring, unsigned entries, unsigned flags)
{
	ring_init_cq(ring, entries, 0, flags);
}

void queue_nop(struct io_uring *ring, __u64 user_data)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	/*
	 * An SQPOLL thread may post CQEs before it moves the SQ head that
	 * userspace sees (seen on 6.1), and SQ_WAIT may return before that
	 * too: wait, with a bound, until the slot is released.
	 */
	if (!sqe && (ring->flags & IORING_SETUP_SQPOLL)) {
		long long deadline = now_ns() + 5000000000LL;

		while (!sqe && now_ns() < deadline) {
			int ret = io_uring_enter((unsigned)ring->ring_fd, 0, 0,
						 IORING_ENTER_SQ_WAIT, NULL);

			if (ret < 0)
				FAIL("SQ_WAIT: %d", ret);
			sqe = io_uring_get_sqe(ring);
			if (!sqe)
				sched_yield();
		}
	}
	if (!sqe)
		FAIL("no SQE free");
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, user_data);
}

void expect_cqe(struct io_uring *ring, __u64 user_data, int res,
		unsigned flags)
{
	struct io_uring_cqe *cqe;
	int ret = io_uring_wait_cqe(ring, &cqe);

	if (ret)
		FAIL("wait_cqe for user_data %llu: %s",
		     (unsigned long long)user_data, strerror(-ret));
	if (cqe->user_data != user_data || cqe->res != res ||
	    cqe->flags != flags)
		FAIL("CQE {user_data %llu, res %d, flags 0x%x}, expected "
		     "{%llu, %d, 0x%x}", (unsigned long long)cqe->user_data,
		     cqe->res, cqe->flags, (unsigned long long)user_data, res,
		     flags);
	io_uring_cqe_seen(ring, cqe);
}

void user_region(struct io_uring_mem_region_reg *reg,
		 struct io_uring_region_desc *desc, void *addr, __u64 size)
{
	memset(desc, 0, sizeof(*desc));
	desc->user_addr = (__u64)(uintptr_t)addr;
	desc->size = size;
	desc->flags = IORING_MEM_REGION_TYPE_USER;
	memset(reg, 0, sizeof(*reg));
	reg->region_uptr = (__u64)(uintptr_t)desc;
}

void nop_roundtrip(struct io_uring *ring)
{
	int ret;

	queue_nop(ring, 0x5eed);
	ret = io_uring_submit(ring);
	if (ret != 1)
		FAIL("submit of one NOP returned %d", ret);
	expect_cqe(ring, 0x5eed, 0, 0);
	CHECK_EQ(io_uring_cq_ready(ring), 0);
}

static int count_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (!d)
		FAIL("opendir %s: %s", path, strerror(errno));
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;	/* the directory's own fd */
}

static int count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	int c, n = 0;

	if (!f)
		FAIL("fopen %s: %s", path, strerror(errno));
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

/*
 * The sanitizers' runtimes map memory of their own while a test runs (TSan's
 * shadow: 113 -> 121 mappings).  Under one, only the mappings of io_uring
 * fds (rings, SQEs, kernel regions) are counted; the normal build counts
 * every mapping, so it also sees a leaked anonymous one.
 */
extern void __tsan_init(void) __attribute__((weak));
extern void __asan_init(void) __attribute__((weak));
extern void __ubsan_handle_add_overflow(void *, void *, void *)
	__attribute__((weak));

static int under_sanitizer(void)
{
	return __tsan_init || __asan_init || __ubsan_handle_add_overflow;
}

static int count_maps(void)
{
	char line[512];
	int n = 0;
	FILE *f;

	if (!under_sanitizer())
		return count_lines("/proc/self/maps");
	f = fopen("/proc/self/maps", "r");
	if (!f)
		FAIL("fopen /proc/self/maps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		n += strstr(line, "anon_inode:[io_uring]") != NULL;
	fclose(f);
	return n;
}

long status_kb(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	size_t len = strlen(field);
	char line[256];
	long kb = -1;

	if (!f)
		FAIL("fopen /proc/self/status: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, len) && line[len] == ':')
			kb = strtol(line + len + 1, NULL, 10);
	fclose(f);
	return kb;
}

void resources_get(struct resources *r)
{
	r->fds = count_dir("/proc/self/fd");
	r->maps = count_maps();
	r->vm_pin_kb = status_kb("VmPin");
	r->vm_lck_kb = status_kb("VmLck");
}

void resources_check(const struct resources *before, const char *what)
{
	struct resources now;
	int tries;

	for (tries = 0; tries < 200; tries++) {
		resources_get(&now);
		if (now.fds == before->fds && now.maps == before->maps &&
		    now.vm_pin_kb == before->vm_pin_kb &&
		    now.vm_lck_kb == before->vm_lck_kb)
			return;
		usleep(10000);
	}
	FAIL("%s left resources behind: fds %d -> %d, maps %d -> %d, "
	     "VmPin %ld -> %ld kB, VmLck %ld -> %ld kB", what, before->fds,
	     now.fds, before->maps, now.maps, before->vm_pin_kb,
	     now.vm_pin_kb, before->vm_lck_kb, now.vm_lck_kb);
}

long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

unsigned char pattern(size_t i, unsigned seed)
{
	return (unsigned char)(i * 31 + seed * 7 + (i >> 8));
}

int temp_file(size_t size, unsigned seed)
{
	char path[] = "/tmp/uring-regions-test-XXXXXX";
	unsigned char buf[4096];
	size_t done = 0, i, n;
	int fd = mkstemp(path);

	if (fd < 0)
		FAIL("mkstemp: %s", strerror(errno));
	unlink(path);
	while (done < size) {
		n = size - done < sizeof(buf) ? size - done : sizeof(buf);
		for (i = 0; i < n; i++)
			buf[i] = pattern(done + i, seed);
		if (write(fd, buf, n) != (ssize_t)n)
			FAIL("write temp file: %s", strerror(errno));
		done += n;
	}
	return fd;
}

void *page_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		FAIL("mmap %zu: %s", size, strerror(errno));
	return p;
}

static unsigned bad_cases, bad_mismatches;

void bad_case(const char *what, int ret, int expect)
{
	bad_cases++;
	if (ret == expect)
		return;
	bad_mismatches++;
	fprintf(stderr, "MISMATCH: %s: returned %d (%s), expected %d (%s)\n",
		what, ret, strerror(-ret), expect, strerror(-expect));
}

void bad_input_done(const char *family)
{
	if (bad_mismatches)
		FAIL("%s: %u of %u bad inputs gave another result", family,
		     bad_mismatches, bad_cases);
	printf("%s: %u bad inputs, each with its exact errno\n", family,
	       bad_cases);
}

struct thread_call {
	int (*fn)(void *);
	void *arg;
	int ret;
};

static void *thread_main(void *p)
{
	struct thread_call *c = p;

	c->ret = c->fn(c->arg);
	return NULL;
}

int under_valgrind(void)
{
	return getenv("TEST_UNDER_VALGRIND") != NULL;
}

static int nothing(void *arg)
{
	(void)arg;
	return 0;
}

void warm_thread_cache(void)
{
	in_thread(nothing, NULL);
}

int in_thread(int (*fn)(void *), void *arg)
{
	struct thread_call c = { fn, arg, 0 };
	pthread_t t;

	if (pthread_create(&t, NULL, thread_main, &c) ||
	    pthread_join(t, NULL))
		FAIL("pthread");
	return c.ret;
}

#ifdef TEST_BESIDE_LIBURING
#undef io_uring_queue_mmap
int beside_queue_mmap(int fd, struct io_uring_params *p,
		      struct io_uring *ring)
{
	int ret = io_uring_queue_mmap(fd, p, ring);

	if (!ret && ring->ring_fd == 0 && fd != 0) {
		ring->ring_fd = ring->enter_ring_fd = fd;
		ring->flags = p->flags;
	}
	return ret;
}
#endif
