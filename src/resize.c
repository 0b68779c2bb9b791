/* SPDX-License-Identifier: MIT */
/* Ring resizing (IORING_REGISTER_RESIZE_RINGS, 6.13). */
#include <string.h>
#include "enter.h"

#define OFFSET(ptr, base)	((__u32)((char *)(ptr) - (char *)(base)))

/*
 * Parameters describing the resized rings for map_rings(): the fields it
 * reads, the rest left unset.  The offsets of the ring fields do not
 * depend on the sizes, so they are taken from the current mapping: the
 * kernel may return them zeroed (6.13 to 6.17, resize to the same sizes)
 * and never returns the SQ array's offset.
 */
static void resized_params(const struct io_uring *ring,
			   const struct io_uring_params *p,
			   struct io_uring_params *np)
{
	const struct io_uring_sq *sq = &ring->sq;
	const struct io_uring_cq *cq = &ring->cq;

	np->sq_entries = p->sq_entries;
	np->cq_entries = p->cq_entries;
	np->flags = ring->flags;
	np->sq_off.head = OFFSET(sq->khead, sq->ring_ptr);
	np->sq_off.ring_mask = OFFSET(sq->kring_mask, sq->ring_ptr);
	np->sq_off.ring_entries = OFFSET(sq->kring_entries, sq->ring_ptr);
	np->sq_off.tail = OFFSET(sq->ktail, sq->ring_ptr);
	np->sq_off.flags = OFFSET(sq->kflags, sq->ring_ptr);
	np->sq_off.dropped = OFFSET(sq->kdropped, sq->ring_ptr);
	np->cq_off.head = OFFSET(cq->khead, cq->ring_ptr);
	np->cq_off.ring_mask = OFFSET(cq->kring_mask, cq->ring_ptr);
	np->cq_off.ring_entries = OFFSET(cq->kring_entries, cq->ring_ptr);
	np->cq_off.tail = OFFSET(cq->ktail, cq->ring_ptr);
	np->cq_off.flags = OFFSET(cq->kflags, cq->ring_ptr);
	np->cq_off.overflow = OFFSET(cq->koverflow, cq->ring_ptr);
	np->cq_off.cqes = OFFSET(cq->cqes, cq->ring_ptr);
	if (ring->flags & IORING_SETUP_NO_SQARRAY)
		np->sq_off.array = 0;
	else
		np->sq_off.array = (__u32)sq_array_offset(ring->flags,
					np->cq_off.cqes, p->cq_entries);
}

/* What unmap_rings() reads of a ring: its mappings, and their sizes. */
static void keep_mappings(const struct io_uring *ring, struct io_uring *old)
{
	old->flags = ring->flags;
	old->sq.sqes = ring->sq.sqes;
	old->sq.ring_entries = ring->sq.ring_entries;
	old->sq.ring_ptr = ring->sq.ring_ptr;
	old->sq.ring_sz = ring->sq.ring_sz;
	old->cq.ring_ptr = ring->cq.ring_ptr;
	old->cq.ring_sz = ring->cq.ring_sz;
}

/*
 * What the kernel would refuse, refused before anything is published: only
 * DEFER_TASKRUN rings resize, never SQPOLL ones, and only CQSIZE and CLAMP
 * may be asked for.  Rings in memory the application provided
 * (IORING_SETUP_NO_MMAP, liburing's io_uring_queue_init_mem) would need new
 * memory from it: the library does not resize them.
 */
static inline __attribute__((always_inline))
int resize_ring_check(const struct io_uring *ring)
{
	int ret = ring_check(ring);

	if (ret)
		return ret;
	/* One test for a ring that resizes; the errors, in order, after it. */
	if (ring->ring_fd < 0 ||
	    (ring->flags & (IORING_SETUP_NO_MMAP | IORING_SETUP_DEFER_TASKRUN |
			    IORING_SETUP_SQPOLL)) != IORING_SETUP_DEFER_TASKRUN) {
		if (ring->flags & IORING_SETUP_NO_MMAP)
			return -EOPNOTSUPP;
		if (ring->ring_fd < 0)	/* no fd to map the new rings from */
			return -EBADF;
		return -EINVAL;
	}
	return 0;
}

static int resize_check(const struct io_uring *ring,
			const struct io_uring_params *p)
{
	int ret = resize_ring_check(ring);

	if (ret)
		return ret;
	if (p->flags & ~(IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP))
		return -EINVAL;
	if (!p->sq_entries)
		return -EINVAL;
	return 0;
}

/*
 * Fetched SQEs are published first so that the kernel copies them to the
 * new SQ; if it refuses, they are taken back (nothing consumes the SQ of a
 * DEFER_TASKRUN ring but its owner's enter) and the ring is as it was.
 */
static int resize_kernel(struct io_uring *ring, struct io_uring_params *p)
{
	struct io_uring_sq *sq = &ring->sq;
	unsigned old_head = sq->sqe_head, old_tail = *sq->ktail;
	/* By the fd, which resize_check() made sure the ring has. */
	unsigned fd = (unsigned)ring->ring_fd;
	int ret;

	publish_sq(ring);
	ret = sys_io_uring_register(fd, IORING_REGISTER_RESIZE_RINGS, p, 1);
	if (ret < 0) {
		store_release(sq->ktail, old_tail);
		sq->sqe_head = old_head;
	}
	return ret;
}

/* Where the pending entries were: the old rings stay mapped until the new
 * ones are in place. */
struct old_entries {
	struct io_uring_sqe *sqes;
	unsigned sq_mask;
	struct io_uring_cqe *cqes;
	unsigned cq_mask;
	unsigned *cq_ktail;
};

static void note_entries(const struct io_uring *ring, struct old_entries *o)
{
	o->sqes = ring->sq.sqes;
	o->sq_mask = ring->sq.ring_mask;
	o->cqes = ring->cq.cqes;
	o->cq_mask = ring->cq.ring_mask;
	o->cq_ktail = ring->cq.ktail;
}

/*
 * Kernels before 7.1 (and 7.0's stable series) copy the pending entries of
 * SQE128 and CQE32 rings as if they were 64 and 16 bytes, to the wrong
 * places, losing all but the first.  Copy them again, whole, from the old
 * rings (on a fixed kernel, the same bytes).  The kernel writes neither
 * range: unsubmitted SQEs are the application's (resizing needs
 * DEFER_TASKRUN, so no SQPOLL thread reads them), and new CQEs go after
 * the old tail, which no longer moves.
 */
static void copy_big_entries(struct io_uring *ring, const struct old_entries *o)
{
	unsigned head, tail, i;

	if (ring->flags & IORING_SETUP_SQE128) {
		head = load_acquire(ring->sq.khead);
		tail = *ring->sq.ktail;
		for (i = head; i != tail; i++)
			memcpy(&ring->sq.sqes[(i & ring->sq.ring_mask) << 1],
			       &o->sqes[(i & o->sq_mask) << 1],
			       2 * sizeof(struct io_uring_sqe));
	}
	if (ring->flags & IORING_SETUP_CQE32) {
		head = *ring->cq.khead;
		tail = load_acquire(o->cq_ktail);
		for (i = head; i != tail; i++)
			memcpy(&ring->cq.cqes[(i & ring->cq.ring_mask) << 1],
			       &o->cqes[(i & o->cq_mask) << 1],
			       2 * sizeof(struct io_uring_cqe));
	}
}

/*
 * Whether the rings share one mapping (IORING_FEAT_SINGLE_MMAP), as the
 * ring's own mapping says: liburing 2.3's io_uring_queue_mmap() leaves
 * ring->features 0.
 */
static bool single_mmap(const struct io_uring *ring)
{
	return ring->sq.ring_ptr == ring->cq.ring_ptr;
}

/*
 * map_rings() for SQE128 and CQE32 rings, whose pending entries some
 * kernels lose (copy_big_entries()).  Out of line: what it keeps across
 * the mapping costs the other rings nothing.
 */
static __attribute__((noinline)) int map_big_rings(struct io_uring *ring,
						   const struct io_uring_params *np)
{
	struct old_entries entries;
	int ret;

	note_entries(ring, &entries);
	ret = map_rings(ring->ring_fd, np, single_mmap(ring), ring);
	if (!ret)
		copy_big_entries(ring, &entries);
	return ret;
}

/*
 * After switching rings the kernel (6.18) sets IORING_SQ_TASKRUN and
 * IORING_SQ_NEED_WAKEUP, in case the application missed one.  On a ring
 * without IORING_SETUP_TASKRUN_FLAG (or SQPOLL, which never resizes) it
 * never clears them: every later peek, in this library and in liburing,
 * would enter the kernel to flush nothing.  Such a ring has no use for
 * either bit; they are cleared atomically, as the kernel itself would.
 */
static void clear_resize_flags(struct io_uring *ring)
{
	unsigned keep = ~(IORING_SQ_NEED_WAKEUP | IORING_SQ_TASKRUN);

	/* Without a branch: the resize path is counted in instructions. */
	keep |= (ring->flags / (IORING_SETUP_TASKRUN_FLAG / IORING_SQ_TASKRUN)) &
		IORING_SQ_TASKRUN;
	__atomic_fetch_and(ring->sq.kflags, keep, __ATOMIC_RELEASE);
}

/* Not split for resize_cq() below: that would cost its callers. */
__attribute__((noinline))
int io_uring_resize_rings(struct io_uring *ring, struct io_uring_params *p)
{
	struct io_uring_params np;
	struct io_uring old;
	int ret;

	if (!p)
		return -EINVAL;
	ret = resize_check(ring, p);
	if (!ret)
		ret = resize_kernel(ring, p);
	/*
	 * The kernel copies the ring's inherited setup flags into @p; as
	 * liburing does, the flags are cleared after every call so that @p
	 * can be passed again.
	 */
	p->flags = 0;
	if (ret < 0)
		return ret;

	/*
	 * Always remap: the new rings when the kernel switched, the same ones
	 * when the sizes did not change.  map_rings() is all or nothing and
	 * changes only sq and cq: the old mappings are kept aside, to be
	 * unmapped once the new ones are in place.
	 */
	resized_params(ring, p, &np);
	keep_mappings(ring, &old);
	if (ring->flags & (IORING_SETUP_SQE128 | IORING_SETUP_CQE32))
		ret = map_big_rings(ring, &np);
	else
		ret = map_rings(ring->ring_fd, &np, single_mmap(ring), ring);
	if (ret) {
		/* The old mappings stay, so nothing dangles; I/O is over. */
		ring->pad2 |= RING_BROKEN;
		return ret;
	}
	unmap_rings(&old);
	clear_resize_flags(ring);
	return 0;
}

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
