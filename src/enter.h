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
	/* Nothing to submit: an idle SQ thread is left asleep. */
	if (!submit)
		return false;
	if (!(ring->flags & IORING_SETUP_SQPOLL))
		return true;
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
	int fd = ring->ring_fd;

	if (use_index(ring)) {
		flags |= IORING_ENTER_REGISTERED_RING;
		fd = ring->enter_ring_fd;
	}
	return sys_io_uring_enter((unsigned)fd, submit, wait_nr, flags, arg,
				  argsz);
}

static inline struct io_uring_cqe *first_cqe(struct io_uring *ring)
{
	unsigned head = *ring->cq.khead;

	return &ring->cq.cqes[io_uring_cqe_index(ring, head,
						  ring->cq.ring_mask)];
}

/* Completions that only an enter with GETEVENTS brings to the CQ. */
static inline bool cq_needs_enter(const struct io_uring *ring)
{
	return (ring->flags & IORING_SETUP_IOPOLL) || cq_needs_flush(ring);
}

/*
 * Submits @submit entries and waits for @wait_nr CQEs, with liburing's
 * results: *@cqe_ptr is the first ready CQE or NULL; the return value is 0
 * if a CQE was ready before the kernel was entered, otherwise what the
 * first enter returned: the count submitted, which hides a timeout or a
 * signal that ended the wait, or the kernel's error when nothing was
 * submitted.  -EAGAIN: nothing to wait for and nothing ready.  A wait with
 * a timeout (@timed) enters the kernel to wait once at most, and -ETIME
 * says it passed; one without waits until a CQE comes.
 */
static inline int get_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
			  unsigned submit, unsigned wait_nr, bool timed,
			  unsigned ext_flags, void *arg, size_t argsz)
{
	struct io_uring_cqe *cqe;
	bool entered = false;
	int err = 0, ret;

	for (;;) {
		unsigned flags = ext_flags, ready = io_uring_cq_ready(ring);
		bool need = false;

		cqe = ready ? first_cqe(ring) : NULL;
		if (!cqe && !wait_nr && !submit) {
			if (entered || !cq_needs_enter(ring)) {
				if (!err)
					err = -EAGAIN;
				break;
			}
			need = true;
		}
		if (wait_nr > ready || need) {
			flags |= IORING_ENTER_GETEVENTS;
			need = true;
		}
		need |= submit_needs_enter(ring, submit, &flags);
		if (!need)
			break;
		if (entered && timed) {
			if (!cqe && !err)
				err = -ETIME;
			break;
		}
		ret = ring_enter(ring, submit, wait_nr, flags, arg, argsz);
		if (ret < 0) {
			if (!err)
				err = ret;
			break;
		}
		/* An SQPOLL thread takes every published entry. */
		submit = (ring->flags & IORING_SETUP_SQPOLL) ? 0 :
			 submit - (unsigned)ret;
		if (cqe)
			break;
		if (!entered) {
			entered = true;
			err = ret;
		}
	}
	*cqe_ptr = cqe;
	return err;
}

#endif
