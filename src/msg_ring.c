/* SPDX-License-Identifier: MIT */
/* Ringless MSG_RING (IORING_REGISTER_SEND_MSG_RING, 6.13). */
#include <stdint.h>
#include <string.h>
#include "internal.h"

/*
 * IORING_CQE_F_32 (6.18).  Passed in a message to a ring set up without
 * CQE32 or CQE_MIXED, 6.18 posts a 32-byte CQE there: a padding CQE, an
 * overflow, and a waiter that spins in the kernel (the probe's
 * msg_ring_cqe32).  Refused on every kernel: the target's setup is not
 * known here.
 */
#define CQE_FLAGS_UNSAFE	(1U << 15)

static inline int sync_msg(struct io_uring_sqe *sqe)
{
	return sys_io_uring_register(-1U, IORING_REGISTER_SEND_MSG_RING, sqe,
				     1);
}

/*
 * NULL and the last page, where mmap never places anything (its addresses
 * would read as errors): the kernel says what is wrong with them.
 */
static bool sqe_unreadable(const struct io_uring_sqe *sqe)
{
	return !sqe || (uintptr_t)sqe > UINTPTR_MAX - 4096 - sizeof(*sqe) + 1;
}

int io_uring_register_sync_msg(struct io_uring_sqe *sqe)
{
	struct io_uring_sqe copy;

	if (sqe_unreadable(sqe))
		return sync_msg(sqe);
	/* The kernel reads the copy that was checked, not the caller's. */
	memcpy(&copy, sqe, sizeof(copy));
	if (copy.opcode == IORING_OP_MSG_RING &&
	    (__u32)copy.addr == IORING_MSG_DATA &&	/* as the kernel reads it */
	    (copy.msg_ring_flags & IORING_MSG_RING_FLAGS_PASS) &&
	    (copy.file_index & CQE_FLAGS_UNSAFE))
		return -EINVAL;
	return sync_msg(&copy);
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
