/* SPDX-License-Identifier: MIT */
/* Buffer cloning (IORING_REGISTER_CLONE_BUFFERS, 6.12; offsets 6.13). */
#include <string.h>
#include "internal.h"

/*
 * The source by its registered index when asked for and usable: registered
 * by this thread (in any other the index names another ring, or none).
 * Otherwise by its fd, with the flag cleared, as liburing does when the
 * source has no registered index.  Each entry point below inlines it: none
 * calls another through the PLT.
 */
static inline int clone_buffers(struct io_uring *dst, struct io_uring *src,
				unsigned int dst_off, unsigned int src_off,
				unsigned int nr, unsigned int flags)
{
	struct clone_arg arg;

	if (!dst || !src)
		return -EINVAL;
	memset(&arg, 0, sizeof(arg));
	arg.src_fd = (__u32)src->ring_fd;
	if ((flags & IORING_REGISTER_SRC_REGISTERED) && use_index(src))
		arg.src_fd = (__u32)src->enter_ring_fd;
	else
		flags &= ~IORING_REGISTER_SRC_REGISTERED;
	arg.flags = flags;
	arg.src_off = src_off;
	arg.dst_off = dst_off;
	arg.nr = nr;
	return ring_register(dst, IORING_REGISTER_CLONE_BUFFERS, &arg, 1);
}

int __io_uring_clone_buffers_offset(struct io_uring *dst,
				    struct io_uring *src,
				    unsigned int dst_off, unsigned int src_off,
				    unsigned int nr, unsigned int flags)
{
	return clone_buffers(dst, src, dst_off, src_off, nr, flags);
}

int io_uring_clone_buffers_offset(struct io_uring *dst, struct io_uring *src,
				  unsigned int dst_off, unsigned int src_off,
				  unsigned int nr, unsigned int flags)
{
	return clone_buffers(dst, src, dst_off, src_off, nr,
			     flags | IORING_REGISTER_SRC_REGISTERED);
}

int __io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src,
			     unsigned int flags)
{
	return clone_buffers(dst, src, 0, 0, 0, flags);
}

int io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src)
{
	return clone_buffers(dst, src, 0, 0, 0,
			     IORING_REGISTER_SRC_REGISTERED);
}
