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
