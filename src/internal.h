/* SPDX-License-Identifier: MIT */
#ifndef LIBURING_REGIONS_INTERNAL_H
#define LIBURING_REGIONS_INTERNAL_H

#include <errno.h>
#include <stdbool.h>
#include <sys/mman.h>
#include "liburing-regions.h"
#include "syscall.h"

#define hidden __attribute__((visibility("hidden")))

/*
 * liburing's bits of struct io_uring.int_flags, as test/int-flags.sh reads
 * them after io_uring_register_ring_fd(): liburing 2.15 sets REG_RING (bit
 * 4), and REG_REG_RING (bit 0) too where the kernel has
 * IORING_FEAT_REG_REG_RING (6.3); liburing 2.3 knows bit 0 only and sets
 * it for the registration itself.  The library sets them as 2.15 does and
 * reads either as "enter_ring_fd is an index" (REGISTERED).
 */
#define INT_FLAG_REG_REG_RING	(1U << 0) /* register may use the index */
#define INT_FLAG_APP_MEM	(1U << 1) /* the application's ring memory */
#define INT_FLAG_CQ_ENTER	(1U << 2) /* IOPOLL: reaping needs enter */
#define INT_FLAG_REG_RING	(1U << 4) /* enter_ring_fd is an index */
#define INT_FLAGS_REGISTERED	(INT_FLAG_REG_RING | INT_FLAG_REG_REG_RING)

/*
 * The library's own state is kept where liburing reads nothing and which
 * it zeroes when it sets a ring up: struct io_uring.pad2 holds flags, and
 * cq.pad the token and process id of the thread that registered the ring's
 * fd.
 */
#define RING_BROKEN		(1U << 0) /* lost its rings in a resize */
#define reg_thread		cq.pad[0]
#define reg_pid			cq.pad[1]

/* Setup flags the core handles; others are refused before any call. */
#define SETUP_FLAGS_KNOWN	(IORING_SETUP_IOPOLL | IORING_SETUP_SQPOLL | \
	IORING_SETUP_SQ_AFF | IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP | \
	IORING_SETUP_ATTACH_WQ | IORING_SETUP_R_DISABLED | \
	IORING_SETUP_SUBMIT_ALL | IORING_SETUP_COOP_TASKRUN | \
	IORING_SETUP_TASKRUN_FLAG | IORING_SETUP_SQE128 | IORING_SETUP_CQE32 | \
	IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | \
	IORING_SETUP_NO_SQARRAY | IORING_SETUP_HYBRID_IOPOLL)

#define load_acquire(p)		__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)

#define REG_WAIT_SLOT_SIZE	sizeof(struct io_uring_reg_wait)

/* The kernel aligns the SQ array after the CQEs to its SMP cache line. */
#if defined(__powerpc64__)
#define KERNEL_CACHE_LINE	128
#elif defined(__s390x__)
#define KERNEL_CACHE_LINE	256
#else
#define KERNEL_CACHE_LINE	64
#endif

static inline size_t sqe_size(unsigned setup_flags)
{
	return (setup_flags & IORING_SETUP_SQE128) ? 128 : 64;
}

static inline size_t cqe_size(unsigned setup_flags)
{
	return (setup_flags & IORING_SETUP_CQE32) ? 32 : 16;
}

/* A user address no process can map: copying from it always faults. */
#define FAULTING_PTR	((void *)(uintptr_t)-4096)

static inline size_t align_up(size_t n, size_t a)
{
	return (n + a - 1) & ~(a - 1);
}

/* IORING_REGISTER_CLONE_BUFFERS's argument in its 6.13 layout, whatever
 * the system header's struct io_uring_clone_buffers looks like. */
struct clone_arg {
	__u32 src_fd;
	__u32 flags;
	__u32 src_off;
	__u32 dst_off;
	__u32 nr;
	__u32 pad[3];
};

hidden size_t page_size(void);

/*
 * A registered ring index means a ring only in the thread that registered
 * it, in its process: the kernel's table is per task, and a child of fork()
 * starts with none while its memory is a copy of the parent's.  Each thread
 * gets a token, nonzero, when it first registers, and a ring records the
 * token and process id.  fork() clears them in the child (an atfork
 * handler); a registration after any other copy of the process (a raw
 * clone, _Fork) takes new ones.
 */
extern __thread unsigned thread_token_value
	__attribute__((tls_model("initial-exec"))) hidden;
extern __thread unsigned thread_pid_value
	__attribute__((tls_model("initial-exec"))) hidden;

/*
 * Whether this thread registered the ring's index.  A thread without a
 * token yet registered no ring: none is made to tell (no call on the hot
 * path).
 */
static inline bool registered_here(const struct io_uring *ring)
{
	unsigned token = thread_token_value;

	return token && ring->reg_thread == token &&
	       ring->reg_pid == thread_pid_value;
}

/* The ring's fd is closed and only its registered index is left
 * (liburing's io_uring_close_ring_fd). */
static inline bool index_only(const struct io_uring *ring)
{
	return ring->ring_fd < 0 && (ring->int_flags & INT_FLAGS_REGISTERED);
}

/*
 * Whether this thread may use the ring's registered index.  With the fd
 * closed, also where the library does not know who registered it (liburing
 * did), but never where it knows that another thread or process did.
 */
static inline bool use_index(const struct io_uring *ring)
{
	if (!(ring->int_flags & INT_FLAGS_REGISTERED))
		return false;
	if (registered_here(ring))
		return true;
	return ring->ring_fd < 0 && !ring->reg_thread;
}

/*
 * A ring the I/O calls may use: -EINVAL for NULL, -EBADF for one that was
 * never set up or was closed, -EBADFD for one that lost its rings in a
 * failed resize.
 */
static inline int ring_check(const struct io_uring *ring)
{
	if (!ring)
		return -EINVAL;
	if (ring->ring_fd < 0 && !index_only(ring))
		return -EBADF;
	if (ring->pad2 & RING_BROKEN)
		return -EBADFD;
	return 0;
}

/*
 * io_uring_register() on the ring: by its fd, so that no call made from
 * another thread can reach whatever ring that thread registered at the
 * same index; by the index only when the fd is gone.
 */
static inline int ring_register(struct io_uring *ring, unsigned opcode,
				const void *arg, unsigned nr_args)
{
	if (ring->ring_fd >= 0)
		return sys_io_uring_register(ring->ring_fd, opcode, arg,
					     nr_args);
	if (!use_index(ring))
		return -EBADF;
	return sys_io_uring_register(ring->enter_ring_fd,
				     opcode | IORING_REGISTER_USE_REGISTERED_RING,
				     arg, nr_args);
}

/*
 * What the kernel would refuse, refused before anything is published: only
 * DEFER_TASKRUN rings resize, never SQPOLL ones, and only CQSIZE and CLAMP
 * may be asked for.  Rings in memory the application provided
 * (IORING_SETUP_NO_MMAP, liburing's io_uring_queue_init_mem) would need new
 * memory from it: the library does not resize them (resize.c,
 * cq_autosize.c).
 */
static inline __attribute__((always_inline))
int resize_ring_check(const struct io_uring *ring)
{
	int ret = ring_check(ring);

	if (ret)
		return ret;
	/* One test for a ring that resizes; the errors, in order, after it. */
	if (ring->ring_fd < 0 ||
	    (ring->flags & (IORING_SETUP_NO_MMAP | IORING_SETUP_DEFER_TASKRUN |
			    IORING_SETUP_SQPOLL)) != IORING_SETUP_DEFER_TASKRUN) {
		if (ring->flags & IORING_SETUP_NO_MMAP)
			return -EOPNOTSUPP;
		if (ring->ring_fd < 0)	/* no fd to map the new rings from */
			return -EBADF;
		return -EINVAL;
	}
	return 0;
}

/* register.c: held by a clone that puts buffers back (clone.c) */
hidden void buffers_lock_all(void);
hidden void buffers_unlock_all(void);

/* setup.c */
hidden size_t sq_array_offset(unsigned flags, unsigned cqes_off,
			      unsigned cq_entries);
hidden int map_rings(int fd, const struct io_uring_params *p, bool single,
		     struct io_uring *ring);
hidden void unmap_rings(struct io_uring *ring);
hidden void ring_set_dead(struct io_uring *ring);

/* probe.c */
hidden bool probe_definite(void);
hidden int kernel_features(void);

/* query.c */
hidden int query_opcodes(struct io_uring_regions_query *q);

#endif
