/* SPDX-License-Identifier: MIT */
/* Submission and completion. */
#include <signal.h>
#include <string.h>
#include "internal.h"

/* Publishes the SQEs fetched since the last flush; returns how many the
 * kernel has not consumed yet. */
unsigned flush_sq(struct io_uring *ring)
{
	struct io_uring_sq *sq = &ring->sq;
	unsigned tail = sq->sqe_tail;

	if (sq->sqe_head != tail) {
		sq->sqe_head = tail;
		io_uring_smp_store_release(sq->ktail, tail);
	}
	return tail - io_uring_smp_load_acquire(sq->khead);
}

static unsigned sq_flags(const struct io_uring *ring)
{
	return io_uring_smp_load_acquire(ring->sq.kflags);
}

/* Completions held back in the kernel: overflowed or pending task work. */
static bool cq_needs_flush(const struct io_uring *ring)
{
	return sq_flags(ring) & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN);
}

/*
 * The enter flags that submitting @submit entries needs, and whether an
 * enter is needed at all for them.  An SQPOLL thread submits by itself and
 * only needs waking.
 */
static bool submit_needs_enter(const struct io_uring *ring, unsigned submit,
			       unsigned *flags)
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

static int ring_enter(struct io_uring *ring, unsigned submit, unsigned wait_nr,
		      unsigned flags, void *arg, size_t argsz)
{
	if (ring->int_flags & IO_URING_INT_REG_RING)
		flags |= IORING_ENTER_REGISTERED_RING;
	return io_uring_enter2((unsigned)ring->enter_ring_fd, submit, wait_nr,
			       flags, arg, argsz);
}

static struct io_uring_cqe *first_cqe(struct io_uring *ring)
{
	unsigned head = *ring->cq.khead;

	return &ring->cq.cqes[io_uring_cqe_index(ring, head,
						  ring->cq.ring_mask)];
}

/*
 * Submits @submit entries and returns the first CQE once @wait_nr are ready
 * (0: whatever is ready, -EAGAIN if nothing).  A @timed wait enters the
 * kernel once: if that returns with no CQE, the timeout passed (-ETIME),
 * even when the count of submitted entries hid the kernel's -ETIME.
 */
int get_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
	    unsigned submit, unsigned wait_nr, unsigned ext_flags,
	    void *arg, size_t argsz, bool timed)
{
	bool entered = false;
	unsigned ready;
	int ret;

	if (!cqe_ptr)
		return -EINVAL;
	*cqe_ptr = NULL;
	for (;;) {
		unsigned flags = ext_flags;
		bool need;

		ready = io_uring_cq_ready(ring);
		if (ready && ready >= wait_nr && !submit)
			break;
		if (entered && (timed || !wait_nr))
			break;
		need = submit_needs_enter(ring, submit, &flags);
		if (wait_nr > ready || (!wait_nr && cq_needs_flush(ring))) {
			flags |= IORING_ENTER_GETEVENTS;
			need = true;
		}
		if (!need)
			break;
		ret = ring_enter(ring, submit, wait_nr, flags, arg, argsz);
		if (ret < 0)
			return ret;
		submit = (ring->flags & IORING_SETUP_SQPOLL) ? 0 :
			 submit - (unsigned)ret;
		entered = true;
	}
	if (!ready)
		return timed ? -ETIME : -EAGAIN;
	*cqe_ptr = first_cqe(ring);
	return 0;
}

int io_uring_submit_and_wait(struct io_uring *ring, unsigned wait_nr)
{
	unsigned submitted, flags = 0;
	bool need;
	int ret;

	ret = ring_check(ring);
	if (ret)
		return ret;
	submitted = flush_sq(ring);
	need = submit_needs_enter(ring, submitted, &flags);
	if (wait_nr || cq_needs_flush(ring)) {
		flags |= IORING_ENTER_GETEVENTS;
		need = true;
	}
	if (!need)
		return (int)submitted;
	ret = ring_enter(ring, submitted, wait_nr, flags, NULL, _NSIG / 8);
	if (ret < 0 || !(ring->flags & IORING_SETUP_SQPOLL))
		return ret;
	return (int)submitted;
}

int io_uring_submit(struct io_uring *ring)
{
	return io_uring_submit_and_wait(ring, 0);
}

int io_uring_wait_cqe_nr(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
			 unsigned wait_nr)
{
	int ret = ring_check(ring);

	if (ret)
		return ret;
	return get_cqe(ring, cqe_ptr, 0, wait_nr, 0, NULL, _NSIG / 8, false);
}

static int wait_ext_arg(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
			bool submit, unsigned wait_nr,
			struct __kernel_timespec *ts, sigset_t *sigmask)
{
	struct io_uring_getevents_arg arg;
	int ret = ring_check(ring);

	if (ret)
		return ret;
	if (!(ring->features & IORING_FEAT_EXT_ARG))
		return -EINVAL;
	memset(&arg, 0, sizeof(arg));
	arg.sigmask = (__u64)(uintptr_t)sigmask;
	arg.sigmask_sz = _NSIG / 8;
	arg.ts = (__u64)(uintptr_t)ts;
	return get_cqe(ring, cqe_ptr, submit ? flush_sq(ring) : 0, wait_nr,
		       IORING_ENTER_EXT_ARG, &arg, sizeof(arg), ts != NULL);
}

int io_uring_submit_and_wait_timeout(struct io_uring *ring,
				     struct io_uring_cqe **cqe_ptr,
				     unsigned wait_nr,
				     struct __kernel_timespec *ts,
				     sigset_t *sigmask)
{
	return wait_ext_arg(ring, cqe_ptr, true, wait_nr, ts, sigmask);
}

int io_uring_wait_cqe_timeout(struct io_uring *ring,
			      struct io_uring_cqe **cqe_ptr,
			      struct __kernel_timespec *ts)
{
	return wait_ext_arg(ring, cqe_ptr, false, 1, ts, NULL);
}
