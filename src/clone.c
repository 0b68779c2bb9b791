/* SPDX-License-Identifier: MIT */
/* Buffer cloning (IORING_REGISTER_CLONE_BUFFERS, 6.12; offsets 6.13). */
#include <string.h>
#include "internal.h"

int __io_uring_clone_buffers_offset(struct io_uring *dst,
				    struct io_uring *src,
				    unsigned int dst_off, unsigned int src_off,
				    unsigned int nr, unsigned int flags)
{
	struct clone_arg arg;

	if (!dst || !src)
		return -EINVAL;
	memset(&arg, 0, sizeof(arg));
	arg.src_fd = (__u32)src->ring_fd;
	if (flags & IORING_REGISTER_SRC_REGISTERED) {
		if (!(src->int_flags & INT_FLAG_REG_RING))
			return -EINVAL;
		arg.src_fd = (__u32)src->enter_ring_fd;
	}
	arg.flags = flags;
	arg.src_off = src_off;
	arg.dst_off = dst_off;
	arg.nr = nr;
	return ring_register(dst, IORING_REGISTER_CLONE_BUFFERS, &arg, 1);
}

int io_uring_clone_buffers_offset(struct io_uring *dst, struct io_uring *src,
				  unsigned int dst_off, unsigned int src_off,
				  unsigned int nr, unsigned int flags)
{
	if (src && (src->int_flags & INT_FLAG_REG_RING))
		flags |= IORING_REGISTER_SRC_REGISTERED;
	return __io_uring_clone_buffers_offset(dst, src, dst_off, src_off, nr,
					       flags);
}

int __io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src,
			     unsigned int flags)
{
	return __io_uring_clone_buffers_offset(dst, src, 0, 0, 0, flags);
}

int io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src)
{
	return io_uring_clone_buffers_offset(dst, src, 0, 0, 0, 0);
}
