/* SPDX-License-Identifier: MIT */
/*
 * io_uring_cq_autosize under random load: bursts of 1 to 3000 NOPs and
 * ringless messages, submitted in SQ-sized batches before the loop reaps
 * (overflowing small CQs), reaped in random partial batches with the call
 * after each, and quiet spells of random length.  Every completion is
 * reaped exactly once and in order, none is dropped, the CQ stays within
 * the policy's limits once inside them, and it both grows and shrinks.
 */
#include <string.h>
#define STORM_SEED	4242
#include "storm.h"

#define SECONDS		20
#define MIN_CQ		64
#define MAX_CQ		8192

struct state {
	struct io_uring ring;
	struct io_uring_cq_autosize as;
	struct storm_order o;
	unsigned long long grown, shrunk, calls;
};

static void autosize(struct state *s)
{
	unsigned before = s->ring.cq.ring_entries;
	int ret = io_uring_cq_autosize(&s->ring, &s->as);

	s->calls++;
	if (ret < 0)
		FAIL("cq_autosize: %d", ret);
	if (!ret) {
		CHECK_EQ(s->ring.cq.ring_entries, before);
		return;
	}
	CHECK_EQ(s->ring.cq.ring_entries, (unsigned)ret);
	CHECK(ret >= MIN_CQ && ret <= MAX_CQ);
	if ((unsigned)ret > before)
		s->grown++;
	else
		s->shrunk++;
}

static void check_cqe(struct state *s, const struct io_uring_cqe *cqe)
{
	storm_check_cqe(&s->o, cqe);
}

static __u64 outstanding(const struct state *s)
{
	return s->o.nop_next - s->o.nop_reaped + s->o.msg_next - s->o.msg_reaped;
}

/* A burst: NOPs in SQ-sized batches, and a few messages among them. */
static void burst(struct state *s, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		if (!rnd(64)) {
			__u64 m = s->o.msg_next++;

			CHECK_EQ(io_uring_sync_msg_ring(s->ring.ring_fd,
						(int)(m & 0xffff),
						MSG_TAG | m, 0), 0);
			continue;
		}
		queue_nop(&s->ring, NOP_TAG | s->o.nop_next++);
		if (!io_uring_sq_space_left(&s->ring))
			CHECK(io_uring_submit(&s->ring) >= 0);
	}
	CHECK(io_uring_submit(&s->ring) >= 0);
}

/* Reaps a random part of what is outstanding, then calls. */
static void reap_some(struct state *s)
{
	struct io_uring_cqe *cqe;
	unsigned n = 1 + rnd(2 * s->ring.cq.ring_entries);

	CHECK_EQ(io_uring_wait_cqe(&s->ring, &cqe), 0);
	while (n-- && !io_uring_peek_cqe(&s->ring, &cqe)) {
		check_cqe(s, cqe);
		io_uring_cqe_seen(&s->ring, cqe);
	}
	autosize(s);
}

int main(void)
{
	long long deadline = now_ns() + SECONDS * 1000000000LL;
	struct state s;
	unsigned i, quiet;

	require(IO_URING_REGIONS_RESIZE | IO_URING_REGIONS_SYNC_MSG);
	memset(&s, 0, sizeof(s));
	s.as = (struct io_uring_cq_autosize)
		IO_URING_CQ_AUTOSIZE_INIT(MIN_CQ, MAX_CQ, 32);
	ring_init_cq(&s.ring, 32, MIN_CQ, IORING_SETUP_SINGLE_ISSUER |
		     IORING_SETUP_DEFER_TASKRUN);
	while (now_ns() < deadline) {
		burst(&s, 1 + rnd(3000));
		while (outstanding(&s))
			reap_some(&s);
		quiet = rnd(4) ? rnd(40) : 64;
		for (i = 0; i < quiet; i++)
			autosize(&s);
	}
	CHECK_EQ(*s.ring.cq.koverflow, 0);
	CHECK(s.grown > 0 && s.shrunk > 0);
	printf("cq-autosize storm: %llu NOPs and %llu messages reaped in order, "
	       "%llu calls, grown %llu times, shrunk %llu times\n",
	       (unsigned long long)s.o.nop_reaped,
	       (unsigned long long)s.o.msg_reaped, s.calls, s.grown, s.shrunk);
	io_uring_queue_exit(&s.ring);
	return 0;
}
