/* SPDX-License-Identifier: MIT */
/*
 * Resize storm: 100,000 resizes to random legal sizes of DEFER_TASKRUN
 * rings (plain, CQE32, SQE128), between NOP submissions, ringless messages
 * into the ring, unsubmitted SQEs and partial reaping, plus resizes chosen
 * to fail with -EOVERFLOW.  Every user_data is reaped exactly once, NOPs in
 * submission order.
 */
#include <string.h>
#define STORM_SEED	12345
#include "storm.h"

#define SECONDS		50

static unsigned long long resizes, overflows, nops, msgs;
struct state {
	struct io_uring ring;
	struct storm_order o;		/* one sender of messages */
	unsigned queued;		/* fetched, not submitted */
};

static void reap_one(struct state *s)
{
	struct io_uring_cqe *cqe;
	int ret = io_uring_wait_cqe(&s->ring, &cqe);

	if (ret)
		FAIL("wait_cqe: %d", ret);
	storm_check_cqe(&s->o, cqe);
	io_uring_cqe_seen(&s->ring, cqe);
}

static unsigned outstanding(const struct state *s)
{
	return (unsigned)(s->o.nop_next - s->o.nop_reaped +
			  s->o.msg_next - s->o.msg_reaped);
}

/* Runs deferred task work so that every posted CQE is in the CQ. */
static void flush(struct state *s)
{
	int ret = io_uring_enter((unsigned)s->ring.ring_fd, 0, 0,
				 IORING_ENTER_GETEVENTS, NULL);

	CHECK_EQ(ret, 0);
}

static void step(struct state *s)
{
	struct io_uring_params p;
	unsigned sq, cq, n, i, visible;
	int ret;

	/* Work: NOPs (some left unsubmitted) and messages, within the CQ. */
	n = rnd(8);
	for (i = 0; i < n && outstanding(s) + 1 < s->ring.cq.ring_entries &&
		    s->queued < s->ring.sq.ring_entries; i++) {
		queue_nop(&s->ring, NOP_TAG | s->o.nop_next++);
		s->queued++;
	}
	if (rnd(3)) {
		ret = io_uring_submit(&s->ring);
		CHECK_EQ(ret, (int)s->queued);
		s->queued = 0;
	}
	n = rnd(4);
	for (i = 0; i < n && outstanding(s) + 1 < s->ring.cq.ring_entries;
	     i++) {
		ret = io_uring_sync_msg_ring(s->ring.ring_fd,
					     (int)(s->o.msg_next & 0xffff),
					     MSG_TAG | s->o.msg_next, 0);
		CHECK_EQ(ret, 0);
		s->o.msg_next++;
	}
	flush(s);
	n = rnd(8);
	while (n-- && io_uring_cq_ready(&s->ring))
		reap_one(s);
	/* Keep the backlog (and so the rings) from growing without end. */
	if (outstanding(s) > 256) {
		CHECK_EQ(io_uring_submit(&s->ring), (int)s->queued);
		s->queued = 0;
		while (outstanding(s) > 16)
			reap_one(s);
	}

	visible = io_uring_cq_ready(&s->ring);
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQSIZE;
	if (visible > 1 && rnd(10) == 0) {
		/* Too small for what is pending: must fail, ring kept. */
		p.sq_entries = 1;
		p.cq_entries = 1;
		while (p.cq_entries * 2 < visible)
			p.cq_entries *= 2;
		ret = io_uring_resize_rings(&s->ring, &p);
		CHECK_EQ(ret, -EOVERFLOW);
		overflows++;
		return;
	}
	sq = 1U << rnd(9);			/* 1 .. 256 */
	while (sq < s->queued)
		sq <<= 1;
	cq = sq << rnd(4);			/* sq .. 8 * sq */
	while (cq < outstanding(s) + 2)
		cq <<= 1;
	p.sq_entries = sq;
	p.cq_entries = cq;
	ret = io_uring_resize_rings(&s->ring, &p);
	if (ret)
		FAIL("resize to %u/%u with %u queued, %u outstanding: %d", sq,
		     cq, s->queued, outstanding(s), ret);
	CHECK_EQ(s->ring.sq.ring_entries, sq);
	CHECK_EQ(s->ring.cq.ring_entries, cq);
	resizes++;
}

static void storm(unsigned flags, unsigned long long count,
		  long long deadline)
{
	struct state s;

	memset(&s, 0, sizeof(s));
	ring_init(&s.ring, 8, IORING_SETUP_SINGLE_ISSUER |
		  IORING_SETUP_DEFER_TASKRUN | flags);
	while (count-- && now_ns() < deadline)
		step(&s);
	if (s.queued)
		CHECK_EQ(io_uring_submit(&s.ring), (int)s.queued);
	flush(&s);
	while (outstanding(&s))
		reap_one(&s);
	CHECK_EQ(io_uring_cq_ready(&s.ring), 0);
	nops += s.o.nop_reaped;
	msgs += s.o.msg_reaped;
	io_uring_queue_exit(&s.ring);
}

int main(void)
{
	long long deadline = now_ns() + SECONDS * 1000000000LL;
	struct resources before;

	require(IO_URING_REGIONS_RESIZE | IO_URING_REGIONS_SYNC_MSG);
	resources_get(&before);
	storm(0, 60000, deadline);
	storm(IORING_SETUP_CQE32, 30000, deadline);
	storm(IORING_SETUP_SQE128, 30000, deadline);
	resources_check(&before, "resize storm");
	printf("resize storm: %llu resizes, %llu -EOVERFLOW attempts, %llu "
	       "NOPs and %llu messages reaped exactly once\n", resizes,
	       overflows, nops, msgs);
	if (resizes + overflows < 100000)
		FAIL("only %llu resizes in %d s", resizes + overflows,
		     SECONDS);
	return 0;
}
