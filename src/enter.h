/* SPDX-License-Identifier: MIT */
/*
 * The path from the SQ tail through io_uring_enter to the first CQE, inline
 * so that each wait entry point (queue.c, reg_wait.c) is one call deep.
 */
#ifndef LIBURING_REGIONS_ENTER_H
#define LIBURING_REGIONS_ENTER_H

#include "internal.h"

/* Publishes the SQEs fetched since the last flush; returns how many the
 * kernel has not consumed yet. */
static inline unsigned flush_sq(struct io_uring *ring)
{
	struct io_uring_sq *sq = &ring->sq;
	unsigned tail = sq->sqe_tail;

	if (sq->sqe_head != tail) {
		sq->sqe_head = tail;
		store_release(sq->ktail, tail);
	}
	return tail - load_acquire(sq->khead);
}

static inline unsigned sq_flags(const struct io_uring *ring)
{
	return load_acquire(ring->sq.kflags);
}

/* Completions held back in the kernel: overflowed or pending task work. */
static inline bool cq_needs_flush(const struct io_uring *ring)
{
	return sq_flags(ring) & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN);
}

/*
 * The enter flags that submitting @submit entries needs, and whether an
 * enter is needed at all for them.  An SQPOLL thread submits by itself and
 * only needs waking.
 */
static inline bool submit_needs_enter(const struct io_uring *ring,
				      unsigned submit, unsigned *flags)
{
	if (!(ring->flags & IORING_SETUP_SQPOLL))
		return submit > 0;
	/* Order the tail store before reading the wakeup flag. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (sq_flags(ring) & IORING_SQ_NEED_WAKEUP) {
		*flags |= IORING_ENTER_SQ_WAKEUP;
		return true;
	}
	return false;
}

static inline int ring_enter(struct io_uring *ring, unsigned submit,
			     unsigned wait_nr, unsigned flags, void *arg,
			     size_t argsz)
{
	if (ring->int_flags & INT_FLAG_REG_RING)
		flags |= IORING_ENTER_REGISTERED_RING;
	return sys_enter((unsigned)ring->enter_ring_fd, submit, wait_nr, flags,
			 arg, argsz);
}

static inline struct io_uring_cqe *first_cqe(struct io_uring *ring)
{
	unsigned head = *ring->cq.khead;

	return &ring->cq.cqes[io_uring_cqe_index(ring, head,
						  ring->cq.ring_mask)];
}

/* The enter flags a wait for @wait_nr needs, and whether it needs to enter. */
static inline bool wait_needs_enter(const struct io_uring *ring,
				    unsigned wait_nr, unsigned ready,
				    unsigned *flags)
{
	if (wait_nr > ready || (!wait_nr && cq_needs_flush(ring))) {
		*flags |= IORING_ENTER_GETEVENTS;
		return true;
	}
	return false;
}

/*
 * Submits @submit entries and returns the first CQE once @wait_nr are
 * ready, entering the kernel once at most: a wait with a timeout.  If that
 * returns with no CQE, the timeout passed (-ETIME), even when the
 * count of submitted entries hid the kernel's -ETIME.  @cqe_ptr is not NULL.
 */
static inline int get_cqe_timed(struct io_uring *ring,
				struct io_uring_cqe **cqe_ptr, unsigned submit,
				unsigned wait_nr, unsigned flags, void *arg,
				size_t argsz)
{
	unsigned ready = io_uring_cq_ready(ring);
	bool need;
	int ret;

	*cqe_ptr = NULL;
	if (!ready || ready < wait_nr || submit) {
		need = submit_needs_enter(ring, submit, &flags);
		need |= wait_needs_enter(ring, wait_nr, ready, &flags);
		if (need) {
			ret = ring_enter(ring, submit, wait_nr, flags, arg,
					 argsz);
			if (ret < 0)
				return ret;
			ready = io_uring_cq_ready(ring);
		}
	}
	if (!ready)
		return -ETIME;
	*cqe_ptr = first_cqe(ring);
	return 0;
}

#endif
