/* SPDX-License-Identifier: MIT */
/* Ring setup, mapping and teardown. */
#include <string.h>
#include "internal.h"


/*
 * Where the kernel puts the SQ array: after the CQEs (the whole block
 * doubled for CQE32), aligned to its cache line.  Needed after a resize,
 * which does not report it.
 */
size_t sq_array_offset(unsigned flags, unsigned cqes_off, unsigned cq_entries)
{
	size_t off = cqes_off + (size_t)cq_entries * 16;

	if (flags & IORING_SETUP_CQE32)
		off <<= 1;
	return align_up(off, KERNEL_CACHE_LINE);
}

/* The SQE array's size; liburing before 2.5 did not record it in sqes_sz. */
static size_t sqes_size(const struct io_uring *ring)
{
	return ring->sq.ring_entries * sqe_size(ring->flags);
}

/*
 * Without an SQ array the SQ ring is only its counters, which sit before
 * the CQEs: mapped alone (no IORING_FEAT_SINGLE_MMAP), it is never empty.
 */
static size_t sq_ring_size(const struct io_uring_params *p)
{
	if (p->flags & IORING_SETUP_NO_SQARRAY)
		return p->cq_off.cqes;
	return p->sq_off.array + p->sq_entries * sizeof(unsigned);
}

static size_t cq_ring_size(const struct io_uring_params *p)
{
	return p->cq_off.cqes + p->cq_entries * cqe_size(p->flags);
}

static void set_ring_pointers(struct io_uring *ring,
			      const struct io_uring_params *p,
			      char *sq_ptr, char *cq_ptr)
{
	struct io_uring_sq *sq = &ring->sq;
	struct io_uring_cq *cq = &ring->cq;
	unsigned i;

	sq->khead = (unsigned *)(sq_ptr + p->sq_off.head);
	sq->ktail = (unsigned *)(sq_ptr + p->sq_off.tail);
	sq->kring_mask = (unsigned *)(sq_ptr + p->sq_off.ring_mask);
	sq->kring_entries = (unsigned *)(sq_ptr + p->sq_off.ring_entries);
	sq->kflags = (unsigned *)(sq_ptr + p->sq_off.flags);
	sq->kdropped = (unsigned *)(sq_ptr + p->sq_off.dropped);
	sq->ring_mask = p->sq_entries - 1;
	sq->ring_entries = p->sq_entries;
	sq->array = NULL;
	if (!(p->flags & IORING_SETUP_NO_SQARRAY)) {
		/* SQE i always sits in slot i: the array is the identity. */
		sq->array = (unsigned *)(sq_ptr + p->sq_off.array);
		for (i = 0; i < p->sq_entries; i++)
			sq->array[i] = i;
	}

	cq->khead = (unsigned *)(cq_ptr + p->cq_off.head);
	cq->ktail = (unsigned *)(cq_ptr + p->cq_off.tail);
	cq->kring_mask = (unsigned *)(cq_ptr + p->cq_off.ring_mask);
	cq->kring_entries = (unsigned *)(cq_ptr + p->cq_off.ring_entries);
	cq->kflags = (unsigned *)(cq_ptr + p->cq_off.flags);
	cq->koverflow = (unsigned *)(cq_ptr + p->cq_off.overflow);
	cq->cqes = (struct io_uring_cqe *)(cq_ptr + p->cq_off.cqes);
	cq->ring_mask = p->cq_entries - 1;
	cq->ring_entries = p->cq_entries;
}

/*
 * Maps the rings and SQEs that @p describes into @ring's sq and cq (all
 * other fields are left alone), both rings in one mapping if @single.
 * Either everything is mapped or nothing.
 */
int map_rings(int fd, const struct io_uring_params *p, bool single,
	      struct io_uring *ring)
{
	size_t sq_sz = sq_ring_size(p), cq_sz = cq_ring_size(p);
	size_t sqes_sz = p->sq_entries * sqe_size(p->flags);
	void *sq_ptr, *cq_ptr, *sqes;
	int err = 0;

	if (single && cq_sz > sq_sz)
		sq_sz = cq_sz;
	sq_ptr = map_shared(fd, sq_sz, IORING_OFF_SQ_RING, &err);
	if (!sq_ptr)
		return err;
	cq_ptr = sq_ptr;
	if (!single) {
		cq_ptr = map_shared(fd, cq_sz, IORING_OFF_CQ_RING, &err);
		if (!cq_ptr)
			goto unmap_sq;
	}
	sqes = map_shared(fd, sqes_sz, IORING_OFF_SQES, &err);
	if (!sqes)
		goto unmap_cq;

	ring->sq.ring_ptr = sq_ptr;
	ring->sq.ring_sz = sq_sz;
	ring->sq.sqes = (struct io_uring_sqe *)sqes;
	ring->sq.sqes_sz = (unsigned)sqes_sz;
	ring->cq.ring_ptr = cq_ptr;
	ring->cq.ring_sz = single ? sq_sz : cq_sz;
	set_ring_pointers(ring, p, (char *)sq_ptr, (char *)cq_ptr);
	return 0;

unmap_cq:
	if (!single)
		unmap(cq_ptr, cq_sz);
unmap_sq:
	unmap(sq_ptr, sq_sz);
	return err;
}

/*
 * Unmaps what map_rings() or liburing mapped: the SQEs, then the SQ ring,
 * then the CQ ring unless it shares the SQ ring's mapping.
 */
void unmap_rings(struct io_uring *ring)
{
	struct io_uring_sq *sq = &ring->sq;
	struct io_uring_cq *cq = &ring->cq;

	if (sq->sqes)
		unmap(sq->sqes, sqes_size(ring));
	if (cq->ring_ptr && cq->ring_ptr != sq->ring_ptr)
		unmap(cq->ring_ptr, cq->ring_sz);
	if (sq->ring_ptr)
		unmap(sq->ring_ptr, sq->ring_sz);
	sq->sqes = NULL;
	sq->ring_ptr = NULL;
	cq->ring_ptr = NULL;
}

/*
 * What a ring points at when it has no rings, before a successful setup or
 * after io_uring_queue_exit(): counters that read 0 and a size of 0, so
 * the inline helpers find no SQE and no CQE, and every call that needs the
 * kernel returns -EBADF instead of touching freed memory.
 */
static unsigned no_ring[2];

void ring_set_dead(struct io_uring *ring)
{
	struct io_uring_sq *sq = &ring->sq;
	struct io_uring_cq *cq = &ring->cq;

	memset(ring, 0, sizeof(*ring));
	sq->khead = sq->ktail = sq->kflags = sq->kdropped = &no_ring[0];
	sq->kring_mask = sq->kring_entries = &no_ring[0];
	cq->khead = cq->ktail = cq->kflags = cq->koverflow = &no_ring[1];
	cq->kring_mask = cq->kring_entries = &no_ring[1];
	ring->ring_fd = -1;
	ring->enter_ring_fd = -1;
}

int io_uring_queue_mmap(int fd, struct io_uring_params *p,
			struct io_uring *ring)
{
	int ret;

	if (!ring)
		return -EINVAL;
	ring_set_dead(ring);
	if (!p || fd < 0)
		return -EINVAL;
	if (p->flags & ~SETUP_FLAGS_KNOWN)
		return -EINVAL;
	ring->flags = p->flags;
	ring->features = p->features;
	if (p->flags & IORING_SETUP_IOPOLL)
		ring->int_flags |= INT_FLAG_CQ_ENTER;
	ret = map_rings(fd, p, p->features & IORING_FEAT_SINGLE_MMAP, ring);
	if (ret) {
		/* The fd stays the caller's; queue_exit must not close it. */
		ring_set_dead(ring);
		return ret;
	}
	ring->ring_fd = fd;
	ring->enter_ring_fd = fd;
	return 0;
}

static int setup_ring(unsigned entries, struct io_uring_params *p)
{
	unsigned asked = p->flags;
	int fd;

	/* NO_SQARRAY (6.6) by default: resize cannot locate an SQ array. */
	p->flags |= IORING_SETUP_NO_SQARRAY;
	fd = io_uring_setup(entries, p);
	if (fd == -EINVAL && !(asked & IORING_SETUP_NO_SQARRAY)) {
		p->flags = asked;
		fd = io_uring_setup(entries, p);
	}
	if (fd < 0)
		p->flags = asked;
	return fd;
}

int io_uring_queue_init_params(unsigned entries, struct io_uring *ring,
			       struct io_uring_params *p)
{
	int fd, ret;

	if (!ring)
		return -EINVAL;
	ring_set_dead(ring);
	if (!p)
		return -EINVAL;
	/* Refused before any system call: the core cannot drive them. */
	if (p->flags & ~SETUP_FLAGS_KNOWN)
		return -EINVAL;
	fd = setup_ring(entries, p);
	if (fd < 0)
		return fd;
	ret = io_uring_queue_mmap(fd, p, ring);
	if (ret)
		close_fd(fd);
	return ret;
}

int io_uring_queue_init(unsigned entries, struct io_uring *ring,
			unsigned flags)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	return io_uring_queue_init_params(entries, ring, &p);
}

void io_uring_queue_exit(struct io_uring *ring)
{
	if (!ring || ring->ring_fd < 0)
		return;
	unmap_rings(ring);
	/*
	 * Only the registering thread can drop the index; in any other the
	 * same index names another ring.  There the kernel keeps the ring
	 * until the registering thread exits.
	 */
	if ((ring->int_flags & INT_FLAGS_REGISTERED) &&
	    registered_here(ring))
		io_uring_unregister_ring_fd(ring);
	close_fd(ring->ring_fd);
	ring_set_dead(ring);
}
