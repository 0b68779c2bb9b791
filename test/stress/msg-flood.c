/* SPDX-License-Identifier: MIT */
/*
 * Message flood: 8 threads send 100,000 ringless messages each into one
 * ring whose CQ (128 entries) is smaller than a burst, once into a plain
 * ring, whose CQ overflows, and once into a DEFER_TASKRUN ring, which the
 * kernel feeds from its task work as the owner waits (no overflow there).
 * Every message is reaped exactly once, and in order per sender.
 */
#include <pthread.h>
#include <string.h>
#include "../helpers.h"

#define SENDERS		8
#define PER_SENDER	100000
#define CQ_SIZE		128

static int target_fd;

static void *sender(void *arg)
{
	long id = (long)arg;
	int i, ret;

	for (i = 0; i < PER_SENDER; i++) {
		ret = io_uring_sync_msg_ring(target_fd, (int)id,
					     ((__u64)id << 32) | (__u64)i, 0);
		if (ret)
			FAIL("sender %ld message %d: %d", id, i, ret);
	}
	return NULL;
}

static void flood(unsigned flags)
{
	static unsigned next[SENDERS];
	unsigned long long reaped = 0, total = SENDERS * PER_SENDER;
	unsigned overflow_seen = 0;
	pthread_t t[SENDERS];
	struct io_uring ring;
	long i;

	memset(next, 0, sizeof(next));
	ring_init_cq(&ring, 8, CQ_SIZE, flags);
	target_fd = ring.ring_fd;
	for (i = 0; i < SENDERS; i++)
		CHECK(pthread_create(&t[i], NULL, sender, (void *)i) == 0);
	while (reaped < total) {
		struct io_uring_cqe *cqe;
		unsigned id, seq;

		if (*ring.sq.kflags & IORING_SQ_CQ_OVERFLOW)
			overflow_seen++;
		CHECK_EQ(io_uring_wait_cqe(&ring, &cqe), 0);
		id = (unsigned)(cqe->user_data >> 32);
		seq = (unsigned)cqe->user_data;
		if (id >= SENDERS || cqe->res != (int)id || cqe->flags)
			FAIL("bad CQE %llx res %d flags %x",
			     (unsigned long long)cqe->user_data, cqe->res,
			     cqe->flags);
		if (seq != next[id])
			FAIL("sender %u: message %u, expected %u (lost or "
			     "duplicated)", id, seq, next[id]);
		next[id]++;
		reaped++;
		io_uring_cqe_seen(&ring, cqe);
	}
	for (i = 0; i < SENDERS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);
	CHECK_EQ(*ring.cq.koverflow, 0);
	printf("flood (%s): %llu messages reaped exactly once, in order per "
	       "sender; CQ overflow flagged %u times\n",
	       flags ? "DEFER_TASKRUN" : "plain", reaped, overflow_seen);
	/*
	 * A DEFER_TASKRUN target holds messages as task work and posts them
	 * while its owner waits, so only the plain ring's CQ overflows.
	 */
	if (!flags && !overflow_seen)
		FAIL("the CQ never overflowed: the test did not test that");
	io_uring_queue_exit(&ring);
}

int main(void)
{
	require(IO_URING_REGIONS_SYNC_MSG);
	flood(0);
	flood(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
	return 0;
}
