/* SPDX-License-Identifier: MIT */
/* Submission and completion. */
#include <signal.h>
#include <string.h>
#include "enter.h"

/* An SQ thread submits by itself: the enter only wakes it or waits. */
static int submit_sqpoll(struct io_uring *ring, unsigned submitted,
			 unsigned wait_nr)
{
	unsigned flags = 0;
	bool need;
	int ret;

	need = submit_needs_enter(ring, submitted, &flags);
	if (wait_nr || cq_needs_enter(ring)) {
		flags |= IORING_ENTER_GETEVENTS;
		need = true;
	}
	if (!need)
		return (int)submitted;
	ret = ring_enter(ring, submitted, wait_nr, flags, NULL, _NSIG / 8);
	return ret < 0 ? ret : (int)submitted;
}

/*
 * Without an SQ thread, the enter's result is the call's.  Ready CQEs are
 * not counted here: the kernel waits for @wait_nr.
 */
static inline int submit(struct io_uring *ring, unsigned wait_nr)
{
	unsigned submitted, flags = 0;
	int ret;

	ret = ring_check(ring);
	if (ret)
		return ret;
	submitted = flush_sq(ring);
	if (ring->flags & IORING_SETUP_SQPOLL)
		return submit_sqpoll(ring, submitted, wait_nr);
	if (wait_nr || cq_needs_enter(ring))
		flags = IORING_ENTER_GETEVENTS;
	else if (!submitted)
		return 0;
	return ring_enter(ring, submitted, wait_nr, flags, NULL, _NSIG / 8);
}

int io_uring_submit_and_wait(struct io_uring *ring, unsigned wait_nr)
{
	return submit(ring, wait_nr);
}

int io_uring_submit(struct io_uring *ring)
{
	return submit(ring, 0);
}

int get_cqe_loop(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
		 unsigned submit, unsigned wait_nr, bool timed,
		 unsigned ext_flags, void *arg, size_t argsz, bool entered,
		 int err)
{
	struct io_uring_cqe *cqe;
	int ret;

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

int io_uring_wait_cqe_nr(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
			 unsigned wait_nr)
{
	int ret = ring_check(ring);

	if (ret)
		return wait_error(cqe_ptr, ret);
	if (!cqe_ptr)
		return -EINVAL;
	return get_cqe(ring, cqe_ptr, 0, wait_nr, false, 0, NULL, _NSIG / 8);
}

static int wait_ext_arg(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
			bool submit, unsigned wait_nr,
			struct __kernel_timespec *ts, sigset_t *sigmask)
{
	struct io_uring_getevents_arg arg;
	unsigned to_submit;
	int ret;

	ret = ring_check(ring);
	if (ret)
		return wait_error(cqe_ptr, ret);
	if (!(ring->features & IORING_FEAT_EXT_ARG))
		return wait_error(cqe_ptr, -EINVAL);
	if (!cqe_ptr)
		return -EINVAL;
	memset(&arg, 0, sizeof(arg));
	arg.sigmask = (__u64)(uintptr_t)sigmask;
	arg.sigmask_sz = _NSIG / 8;
	arg.ts = (__u64)(uintptr_t)ts;
	to_submit = submit ? flush_sq(ring) : 0;
	return get_cqe(ring, cqe_ptr, to_submit, wait_nr, ts != NULL,
		       IORING_ENTER_EXT_ARG, &arg, sizeof(arg));
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
