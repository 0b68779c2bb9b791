/* SPDX-License-Identifier: MIT */
/*
 * Ringless messages flooding a ring whose CQ is full: none is refused or
 * lost.  To a plain target they wait on its overflow list (the CQ shows 16
 * ready and the overflow flag, the overflow counter stays 0); to a
 * DEFER_TASKRUN target they wait as task work until its owner waits.  The
 * owner then reaps every one exactly once, in order.
 */
#include <string.h>
#include "helpers.h"

#define CQ_ENTRIES	16

static void flood(unsigned flags, unsigned n)
{
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	unsigned i;
	int ret;

	ring_init_cq(&ring, 8, CQ_ENTRIES, flags);
	for (i = 0; i < n; i++) {
		ret = io_uring_sync_msg_ring(ring.ring_fd, (int)i, i, 0);
		if (ret)
			FAIL("message %u of %u (flags 0x%x): %d", i, n, flags,
			     ret);
	}
	if (flags & IORING_SETUP_DEFER_TASKRUN) {
		CHECK_EQ(io_uring_cq_ready(&ring), 0);
	} else {
		CHECK_EQ(io_uring_cq_ready(&ring), CQ_ENTRIES);
		CHECK(io_uring_cq_has_overflow(&ring));
	}
	for (i = 0; i < n; i++) {
		ret = io_uring_wait_cqe(&ring, &cqe);
		if (ret)
			FAIL("wait for message %u: %d", i, ret);
		if (cqe->user_data != i || cqe->res != (int)i || cqe->flags)
			FAIL("CQE %u: {user_data %llu, res %d, flags 0x%x}", i,
			     (unsigned long long)cqe->user_data, cqe->res,
			     cqe->flags);
		io_uring_cqe_seen(&ring, cqe);
	}
	CHECK_EQ(*ring.cq.koverflow, 0);
	CHECK(!io_uring_cq_has_overflow(&ring));
	CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	unsigned n = under_valgrind() ? 5000 : 100000;

	require(IO_URING_REGIONS_SYNC_MSG);
	flood(0, n);
	flood(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN, n);
	printf("%u messages to a %u-entry CQ, plain and DEFER_TASKRUN: none "
	       "refused or lost, reaped in order\n", n, CQ_ENTRIES);
	return 0;
}
