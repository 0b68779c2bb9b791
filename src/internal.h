/* SPDX-License-Identifier: MIT */
#ifndef LIBURING_REGIONS_INTERNAL_H
#define LIBURING_REGIONS_INTERNAL_H

#include <errno.h>
#include <stdbool.h>
#include <sys/mman.h>
#include "liburing-regions.h"

#define hidden __attribute__((visibility("hidden")))

/*
 * liburing's bits of struct io_uring.int_flags: the library reads them on
 * any ring and sets the first two, as liburing does, on its own rings.
 */
#define INT_FLAG_REG_RING	(1U << 0) /* enter_ring_fd is an index */
#define INT_FLAG_REG_REG_RING	(1U << 1) /* register may use it too */
#define INT_FLAG_APP_MEM	(1U << 2) /* the application's ring memory */

/*
 * The library's own state is kept in struct io_uring.pad2, which liburing
 * never reads and zeroes when it sets a ring up.
 */
#define RING_BROKEN		(1U << 0) /* lost its rings in a resize */

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

/* io_uring_enter2(), called without the PLT. */
hidden int sys_enter(unsigned fd, unsigned to_submit, unsigned min_complete,
		     unsigned flags, void *arg, size_t sz);
hidden size_t page_size(void);
hidden void *map_shared(int fd, size_t len, __u64 offset, int *err);
hidden int unmap(void *addr, size_t len);
hidden int close_fd(int fd);

/* A ring the I/O calls may use: -EINVAL for NULL, -EBADFD for one that
 * lost its rings in a failed resize. */
static inline int ring_check(const struct io_uring *ring)
{
	if (!ring)
		return -EINVAL;
	if (ring->pad2 & RING_BROKEN)
		return -EBADFD;
	return 0;
}

/* io_uring_register() on the ring, through its registered index if any. */
static inline int ring_register(struct io_uring *ring, unsigned opcode,
				const void *arg, unsigned nr_args)
{
	if (ring->int_flags & INT_FLAG_REG_REG_RING)
		return io_uring_register(ring->enter_ring_fd,
				opcode | IORING_REGISTER_USE_REGISTERED_RING,
				arg, nr_args);
	return io_uring_register(ring->ring_fd, opcode, arg, nr_args);
}

/* setup.c */
hidden size_t sq_array_offset(unsigned flags, unsigned cqes_off,
			      unsigned cq_entries);
hidden int map_rings(int fd, const struct io_uring_params *p,
		     struct io_uring *ring);
hidden void unmap_rings(struct io_uring *ring);

#endif
