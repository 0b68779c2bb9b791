/* SPDX-License-Identifier: MIT */
/* A CQ that follows the load: io_uring_cq_autosize(), on the resize. */
#include <string.h>
#include "internal.h"

/* The kernel's largest CQ (IORING_MAX_CQ_ENTRIES). */
#define CQ_ENTRIES_MAX	65536U

/* The smallest power of two that is at least @n (@n <= 2^31). */
static unsigned pow2_up(unsigned n)
{
	unsigned p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

static unsigned pow2_down(unsigned n)
{
	unsigned p = pow2_up(n);

	return p > n ? p >> 1 : p;
}

/* The CQ sizes the policy allows, as powers of two: -EINVAL if none. */
static int autosize_limits(const struct io_uring_cq_autosize *as,
			   unsigned *lo, unsigned *hi)
{
	if (!as || as->flags || !as->min_entries ||
	    as->max_entries < as->min_entries ||
	    as->max_entries > CQ_ENTRIES_MAX)
		return -EINVAL;
	*lo = pow2_up(as->min_entries);
	*hi = pow2_down(as->max_entries);
	return *lo <= *hi ? 0 : -EINVAL;
}

static int resize_cq(struct io_uring *ring, unsigned cq_entries)
{
	struct io_uring_params p;
	int ret;

	memset(&p, 0, sizeof(p));
	p.sq_entries = ring->sq.ring_entries;
	p.cq_entries = cq_entries;
	p.flags = IORING_SETUP_CQSIZE;
	ret = io_uring_resize_rings(ring, &p);
	return ret < 0 ? ret : (int)ring->cq.ring_entries;
}

/*
 * The size a loaded CQ grows to: twice the size when it was nearly full,
 * four times when it overflowed (by how much, the kernel does not say),
 * and at least twice the backlog.
 */
static unsigned grow_size(unsigned cq, unsigned backlog, bool overflow)
{
	unsigned want = cq << (overflow ? 2 : 1);

	if (backlog <= CQ_ENTRIES_MAX && want < 2 * backlog)
		want = pow2_up(2 * backlog);
	return want;
}

/* The size an idle CQ shrinks to: room for twice the most seen pending. */
static unsigned shrink_size(const struct io_uring *ring, unsigned lo,
			    unsigned peak)
{
	unsigned want = lo;

	if (want < ring->sq.ring_entries)
		want = ring->sq.ring_entries;
	if (want < 2 * peak)
		want = pow2_up(2 * peak);
	return want;
}

#define AUTOSIZE_STARTED	(1U << 0)
#define AUTOSIZE_GROWN		(1U << 1) /* for an overflow not flushed yet */

/*
 * Whether the CQ overflowed since the last growth: the overflow flag stays
 * set until the loop next enters the kernel, which flushes the held-back
 * CQEs into the grown CQ and so moves its tail.
 */
static bool new_overflow(const struct io_uring *ring,
			 struct io_uring_cq_autosize *as, unsigned tail)
{
	if (!(load_acquire(ring->sq.kflags) & IORING_SQ_CQ_OVERFLOW)) {
		as->state &= ~AUTOSIZE_GROWN;
		return false;
	}
	return !(as->state & AUTOSIZE_GROWN) || tail != as->grown_tail;
}

static int autosize_grow(struct io_uring *ring,
			 struct io_uring_cq_autosize *as, unsigned hi,
			 unsigned backlog, bool overflow)
{
	unsigned cq = ring->cq.ring_entries;
	unsigned want = grow_size(cq, backlog, overflow);
	int ret;

	as->idle = 0;
	if (want > hi)
		want = hi;
	if (want <= cq)
		return 0;
	ret = resize_cq(ring, want);
	if (ret > 0 && overflow) {
		as->state |= AUTOSIZE_GROWN;
		as->grown_tail = *ring->cq.ktail;
	}
	return ret;
}

/*
 * The backlog is what the loop found since its previous call: the CQEs
 * unreaped then and everything posted since (head and tail survive a
 * resize).  Nearly full is 3/4 of the CQ, mostly empty 1/8.
 */
int io_uring_cq_autosize(struct io_uring *ring,
			 struct io_uring_cq_autosize *as)
{
	unsigned lo, hi, cq, head, tail, backlog, want;
	bool overflow;
	int ret;

	ret = autosize_limits(as, &lo, &hi);
	if (!ret)
		ret = resize_ring_check(ring);
	if (ret)
		return ret;

	cq = ring->cq.ring_entries;
	head = *ring->cq.khead;
	tail = load_acquire(ring->cq.ktail);
	if (!(as->state & AUTOSIZE_STARTED)) {
		as->seen_head = head;
		as->state = AUTOSIZE_STARTED;
	}
	backlog = tail - as->seen_head;
	as->seen_head = head;
	overflow = new_overflow(ring, as, tail);

	if (overflow || backlog >= cq - cq / 4)
		return autosize_grow(ring, as, hi, backlog, overflow);
	if (load_acquire(ring->sq.kflags) & IORING_SQ_CQ_OVERFLOW) {
		as->idle = 0;	/* grown, not flushed yet */
		return 0;
	}
	if (!as->idle_calls || backlog > cq / 8) {
		as->idle = 0;
		return 0;
	}
	if (!as->idle++ || as->idle_peak < backlog)
		as->idle_peak = backlog;
	if (as->idle < as->idle_calls)
		return 0;
	as->idle = 0;
	want = shrink_size(ring, lo, as->idle_peak);
	return want < cq ? resize_cq(ring, want) : 0;
}
