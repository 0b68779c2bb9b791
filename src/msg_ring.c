/* SPDX-License-Identifier: MIT */
/* Ringless MSG_RING (IORING_REGISTER_SEND_MSG_RING, 6.13). */
#include <string.h>
#include "internal.h"

/*
 * IORING_CQE_F_32 (6.18).  Passed in a message to a ring set up without
 * CQE32 or CQE_MIXED, 6.18 posts a 32-byte CQE there: a padding CQE, an
 * overflow, and a waiter that spins in the kernel (the probe's
 * msg_ring_cqe32).  Refused by io_uring_sync_msg_ring() on every kernel:
 * the target's setup is not known here.
 */
#define CQE_FLAGS_UNSAFE	IORING_CQE_F_32

static inline int sync_msg(struct io_uring_sqe *sqe)
{
	return sys_io_uring_register(-1U, IORING_REGISTER_SEND_MSG_RING, sqe,
				     1);
}

/*
 * The caller's SQE goes to the kernel unread, as liburing's does: reading
 * it here would crash where the kernel returns -EFAULT (a PROT_NONE page,
 * an address like 1, an SQE that runs into an unmapped page), and a read
 * that cannot crash costs a second system call.  So IORING_CQE_F_32 is not
 * refused here: io_uring_sync_msg_ring() refuses it.
 */
int io_uring_register_sync_msg(struct io_uring_sqe *sqe)
{
	return sync_msg(sqe);
}

int io_uring_sync_msg_ring(int fd, int res, __u64 user_data,
			   unsigned int cqe_flags)
{
	struct io_uring_sqe sqe;

	if (cqe_flags & CQE_FLAGS_UNSAFE)
		return -EINVAL;
	/* The prep helpers set only their own fields, as liburing's do. */
	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_msg_ring_cqe_flags(&sqe, fd, (unsigned int)res,
					 user_data, 0, cqe_flags);
	return sync_msg(&sqe);
}
