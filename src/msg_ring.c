/* SPDX-License-Identifier: MIT */
/* Ringless MSG_RING (IORING_REGISTER_SEND_MSG_RING, 6.13). */
#include <string.h>
#include "internal.h"

static inline int sync_msg(struct io_uring_sqe *sqe)
{
	return sys_io_uring_register(-1U, IORING_REGISTER_SEND_MSG_RING, sqe,
				     1);
}

int io_uring_register_sync_msg(struct io_uring_sqe *sqe)
{
	return sync_msg(sqe);
}

int io_uring_sync_msg_ring(int fd, int res, __u64 user_data,
			   unsigned int cqe_flags)
{
	struct io_uring_sqe sqe;

	/* The prep helpers set only their own fields, as liburing's do. */
	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_msg_ring_cqe_flags(&sqe, fd, (unsigned int)res,
					 user_data, 0, cqe_flags);
	return sync_msg(&sqe);
}
