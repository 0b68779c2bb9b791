/* SPDX-License-Identifier: MIT */
/*
 * A server loop that takes bursts of requests bigger than its completion
 * queue.  Instead of sizing the ring for the worst case up front, it grows
 * the ring when a burst would not fit, keeping what is already queued, and
 * shrinks it back when it is quiet.  A burst that comes without warning
 * overflows the CQ: io_uring_cq_has_overflow() sees it, and growing the CQ
 * then keeps every completion the kernel held back.
 * No SQE or CQE pointer is held across a resize: SQEs are filled and CQEs
 * reaped before it, and new pointers taken after it.
 * Exits non-zero if a completion is lost or dropped, or the overflow was
 * not seen.
 */
#include <stdio.h>
#include <string.h>
#include <liburing-regions.h>

/* The smallest power of two that is at least @n (and at least @min). */
static unsigned fit(unsigned n, unsigned min)
{
	while (min < n)
		min *= 2;
	return min;
}

static int resize(struct io_uring *ring, unsigned sq, unsigned cq)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.sq_entries = sq;
	p.cq_entries = cq;
	p.flags = IORING_SETUP_CQSIZE;
	return io_uring_resize_rings(ring, &p);
}

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

int main(void)
{
	static const unsigned bursts[] = { 10, 40, 200, 30, 1000, 5 };
	__u64 next = 0, expect = 0;
	unsigned i, grown = 0, unreaped = 0, surprise, overflowed = 0;
	struct io_uring ring;
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
		unsigned need = unreaped + bursts[i];
		unsigned cq = ring.cq.ring_entries;

		if (need > cq) {
			while (cq < need)
				cq *= 2;
			ret = resize(&ring, ring.sq.ring_entries, cq);
			if (ret < 0)
				return fprintf(stderr, "grow: %s\n",
					       strerror(-ret)), 1;
			grown++;
			printf("burst of %u with %u unreaped: CQ grown to %u\n",
			       bursts[i], unreaped, ring.cq.ring_entries);
		}
		ret = submit_burst(&ring, bursts[i], &next);
		if (ret < 0)
			return fprintf(stderr, "submit: %s\n",
				       strerror(-ret)), 1;
		unreaped += bursts[i];
		/* Reap only half now: the rest stays queued across resizes. */
		while (unreaped > bursts[i] / 2) {
			struct io_uring_cqe *cqe;

			if (io_uring_wait_cqe(&ring, &cqe) < 0 ||
			    cqe->user_data != expect++ || cqe->res != 0)
				return fprintf(stderr, "lost completion\n"), 1;
			io_uring_cqe_seen(&ring, cqe);
			unreaped--;
		}
	}
	/* Quiet again: shrink to the smallest ring that holds the rest. */
	ret = resize(&ring, 16, unreaped > 32 ? 64 : 32);
	if (ret < 0)
		return fprintf(stderr, "shrink: %s\n", strerror(-ret)), 1;

	/*
	 * A burst without warning: more completions than the small CQ holds.
	 * The kernel keeps the rest on its overflow list; a CQ grown to hold
	 * them all takes them, in order, as the reaping goes on.
	 */
	surprise = 4 * ring.cq.ring_entries;
	ret = submit_burst(&ring, surprise, &next);
	if (ret < 0)
		return fprintf(stderr, "submit: %s\n", strerror(-ret)), 1;
	unreaped += surprise;
	if (io_uring_cq_has_overflow(&ring)) {
		unsigned cq = ring.cq.ring_entries;

		overflowed++;
		ret = resize(&ring, ring.sq.ring_entries, fit(unreaped, cq));
		if (ret < 0)
			return fprintf(stderr, "grow: %s\n",
				       strerror(-ret)), 1;
		printf("surprise burst of %u overflowed a CQ of %u: grown to "
		       "%u\n", surprise, cq, ring.cq.ring_entries);
	}
	while (unreaped) {
		struct io_uring_cqe *cqe;

		if (io_uring_wait_cqe(&ring, &cqe) < 0 ||
		    cqe->user_data != expect++)
			return fprintf(stderr, "lost completion\n"), 1;
		io_uring_cqe_seen(&ring, cqe);
		unreaped--;
	}
	printf("%llu requests, all reaped in order; grown %u times ahead, "
	       "%u on overflow; dropped %u\n", (unsigned long long)next,
	       grown, overflowed, *ring.cq.koverflow);
	ret = expect == next && overflowed == 1 &&
	      *ring.cq.koverflow == 0 ? 0 : 1;
	io_uring_queue_exit(&ring);
	return ret;
}
