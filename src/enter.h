/* SPDX-License-Identifier: MIT */
/*
 * The path from the SQ tail through io_uring_enter to the first CQE, inline
 * so that each wait entry point (queue.c, reg_wait.c) is one call deep.
 */
#ifndef LIBURING_REGIONS_ENTER_H
#define LIBURING_REGIONS_ENTER_H

#include "internal.h"

/* Publishes the SQEs fetched since the last flush. */
static inline void publish_sq(struct io_uring *ring)
{
	struct io_uring_sq *sq = &ring->sq;
	unsigned tail = sq->sqe_tail;

	/* Usually there is something: fall through to it. */
	if (__builtin_expect(sq->sqe_head != tail, 1)) {
		sq->sqe_head = tail;
		store_release(sq->ktail, tail);
	}
}

/* Publishes them and returns how many the kernel has not consumed yet. */
static inline unsigned flush_sq(struct io_uring *ring)
{
	unsigned tail = ring->sq.sqe_tail;

	publish_sq(ring);
	return tail - load_acquire(ring->sq.khead);
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

/* An error found before the wait: *@cqe_ptr is written on every error. */
static inline int wait_error(struct io_uring_cqe **cqe_ptr, int err)
{
	if (cqe_ptr)
		*cqe_ptr = NULL;
	return err;
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
 *
 * get_cqe_loop() (queue.c) is the whole of it, from the state that
 * @entered and @err give (false and 0 at the start).
 */
hidden int get_cqe_loop(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
			unsigned submit, unsigned wait_nr, bool timed,
			unsigned ext_flags, void *arg, size_t argsz,
			bool entered, int err);

/*
 * The usual case inline: entries to submit, a CQE to wait for, none ready
 * yet and no SQ thread.  That is the loop's first round: enter to submit
 * and wait.  A timed wait never enters again, so its second round is all
 * that is left: the first CQE if one came, else -ETIME unless the enter
 * submitted something.  Without a timeout, the second round ends on the
 * first CQE when the kernel took every entry and the wait is met; anything
 * else goes on in the loop.
 */
static inline int get_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
			  unsigned submit, unsigned wait_nr, bool timed,
			  unsigned ext_flags, void *arg, size_t argsz)
{
	unsigned ready;
	int ret;

	if (!submit || !wait_nr || (ring->flags & IORING_SETUP_SQPOLL) ||
	    io_uring_cq_ready(ring))
		return get_cqe_loop(ring, cqe_ptr, submit, wait_nr, timed,
				    ext_flags, arg, argsz, false, 0);
	ret = ring_enter(ring, submit, wait_nr,
			 ext_flags | IORING_ENTER_GETEVENTS, arg, argsz);
	if (ret < 0) {
		*cqe_ptr = NULL;
		return ret;
	}
	ready = io_uring_cq_ready(ring);
	if (timed) {
		*cqe_ptr = ready ? first_cqe(ring) : NULL;
		return ready || ret ? ret : -ETIME;
	}
	submit -= (unsigned)ret;
	if (!submit && ready >= wait_nr) {
		*cqe_ptr = first_cqe(ring);
		return ret;
	}
	return get_cqe_loop(ring, cqe_ptr, submit, wait_nr, timed, ext_flags,
			    arg, argsz, true, ret);
}

#endif
