/* SPDX-License-Identifier: MIT */
/*
 * A server loop that takes bursts of requests bigger than its completion
 * queue.  Instead of sizing the ring for the worst case up front, it calls
 * io_uring_cq_autosize() after it reaps: the CQ grows when a burst fills
 * it, keeping what is already queued, and shrinks back when it is quiet.
 * A burst that comes without warning overflows the CQ: the next call sees
 * it, and the grown CQ then takes every completion the kernel held back.
 * No SQE or CQE pointer is held across the call: CQEs are reaped before
 * it, and new pointers taken after it.
 * Exits non-zero if a completion is lost or dropped, or the CQ did not
 * grow, shrink and grow again on the overflow.
 */
#include <stdio.h>
#include <string.h>
#include <liburing-regions.h>

static struct io_uring_cq_autosize policy =
	IO_URING_CQ_AUTOSIZE_INIT(32, 4096, 8);
static unsigned grown, shrunk;

/* Queues @n requests (NOPs standing in for real work), tagged in order. */
static int submit_burst(struct io_uring *ring, unsigned n, __u64 *next)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		if (!sqe) {
			int ret = io_uring_submit(ring);

			if (ret < 0)
				return ret;
			sqe = io_uring_get_sqe(ring);
		}
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, (*next)++);
	}
	return io_uring_submit(ring);
}

/* The loop's call after it reaps: says what it did. */
static int autosize(struct io_uring *ring, const char *when)
{
	unsigned before = ring->cq.ring_entries;
	int ret = io_uring_cq_autosize(ring, &policy);

	if (ret <= 0)
		return ret;
	if ((unsigned)ret > before)
		grown++;
	else
		shrunk++;
	printf("%s: CQ %u -> %d\n", when, before, ret);
	return 0;
}

/* Reaps until @left are unreaped, in order, what is ready at a time. */
static int reap(struct io_uring *ring, unsigned *unreaped, unsigned left,
		__u64 *expect, const char *when)
{
	while (*unreaped > left) {
		struct io_uring_cqe *cqe;

		if (io_uring_wait_cqe(ring, &cqe) < 0)
			return -1;
		while (*unreaped > left && !io_uring_peek_cqe(ring, &cqe)) {
			if (cqe->user_data != (*expect)++ || cqe->res != 0)
				return -1;
			io_uring_cqe_seen(ring, cqe);
			(*unreaped)--;
		}
		if (autosize(ring, when) < 0)
			return -1;
	}
	return 0;
}

int main(void)
{
	static const unsigned bursts[] = { 10, 40, 200, 30, 1000, 5 };
	__u64 next = 0, expect = 0;
	unsigned i, unreaped = 0, surprise, overflowed = 0, grown_before;
	struct io_uring ring;
	char when[32];
	int ret;

	if (!(io_uring_regions_probe() & IO_URING_REGIONS_RESIZE)) {
		fprintf(stderr, "this kernel cannot resize rings\n");
		return 1;
	}
	ret = io_uring_queue_init(16, &ring, IORING_SETUP_SINGLE_ISSUER |
				  IORING_SETUP_DEFER_TASKRUN);
	if (ret < 0)
		return fprintf(stderr, "queue_init: %s\n", strerror(-ret)), 1;

	for (i = 0; i < sizeof(bursts) / sizeof(bursts[0]); i++) {
		snprintf(when, sizeof(when), "burst of %u", bursts[i]);
		ret = submit_burst(&ring, bursts[i], &next);
		if (ret < 0)
			return fprintf(stderr, "submit: %s\n",
				       strerror(-ret)), 1;
		unreaped += bursts[i];
		/* Reap only half now: the rest stays queued across resizes. */
		if (reap(&ring, &unreaped, bursts[i] / 2, &expect, when))
			return fprintf(stderr, "lost completion\n"), 1;
	}
	/* Quiet again: the loop reaps the rest and then finds nothing. */
	if (reap(&ring, &unreaped, 0, &expect, "quiet"))
		return fprintf(stderr, "lost completion\n"), 1;
	for (i = 0; i < 2 * policy.idle_calls; i++)
		if (autosize(&ring, "quiet") < 0)
			return fprintf(stderr, "autosize failed\n"), 1;

	/*
	 * A burst without warning: more completions than the small CQ holds.
	 * The kernel keeps the rest on its overflow list; the grown CQ takes
	 * them, in order, as the reaping goes on.
	 */
	surprise = 4 * ring.cq.ring_entries;
	ret = submit_burst(&ring, surprise, &next);
	if (ret < 0)
		return fprintf(stderr, "submit: %s\n", strerror(-ret)), 1;
	unreaped += surprise;
	overflowed = io_uring_cq_has_overflow(&ring);
	grown_before = grown;
	if (reap(&ring, &unreaped, 0, &expect, "surprise burst"))
		return fprintf(stderr, "lost completion\n"), 1;
	printf("%llu requests, all reaped in order; grown %u times, shrunk "
	       "%u; dropped %u\n", (unsigned long long)next, grown, shrunk,
	       *ring.cq.koverflow);
	ret = expect == next && overflowed && grown > grown_before &&
	      shrunk && *ring.cq.koverflow == 0 ? 0 : 1;
	io_uring_queue_exit(&ring);
	return ret;
}
