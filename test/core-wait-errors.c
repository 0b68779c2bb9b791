/* SPDX-License-Identifier: MIT */
/*
 * Every wait call writes *cqe_ptr on every error, also on those found
 * before the kernel is entered: set to a poison value first, it must read
 * NULL after each error below, and the ring must still work.
 */
#include <pthread.h>
#include <string.h>
#include "helpers.h"

#define POISON	((struct io_uring_cqe *)(uintptr_t)0x5a5a5a5a)

enum call {
	PEEK, WAIT, WAIT_NR, WAIT_TIMEOUT, SUBMIT_TIMEOUT, SUBMIT_REG,
	NR_CALLS
};

static const char *const names[] = {
	"io_uring_peek_cqe", "io_uring_wait_cqe", "io_uring_wait_cqe_nr",
	"io_uring_wait_cqe_timeout", "io_uring_submit_and_wait_timeout",
	"io_uring_submit_and_wait_reg",
};

/* Calls @call on @ring (a zero timeout where there is one, slot 0 for the
 * registered wait); fails unless it returns @expect with *cqe_ptr NULL. */
static void expect_error(enum call call, struct io_uring *ring, int expect,
			 const char *why)
{
	struct __kernel_timespec ts = { 0, 0 };
	struct io_uring_cqe *cqe = POISON;
	int ret = -1;

	switch (call) {
	case PEEK:
		ret = io_uring_peek_cqe(ring, &cqe);
		break;
	case WAIT:
		ret = io_uring_wait_cqe(ring, &cqe);
		break;
	case WAIT_NR:
		ret = io_uring_wait_cqe_nr(ring, &cqe, 1);
		break;
	case WAIT_TIMEOUT:
		ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);
		break;
	case SUBMIT_TIMEOUT:
		ret = io_uring_submit_and_wait_timeout(ring, &cqe, 1, &ts, NULL);
		break;
	case SUBMIT_REG:
		ret = io_uring_submit_and_wait_reg(ring, &cqe, 1, 0);
		break;
	case NR_CALLS:
		break;
	}
	if (ret != expect || cqe)
		FAIL("%s, %s: returned %d with *cqe_ptr %p, expected %d with "
		     "NULL", names[call], why, ret, (void *)cqe, expect);
}

/* A ring closed with io_uring_queue_exit: -EBADF. */
static void closed(void)
{
	struct io_uring ring;
	enum call c;

	ring_init(&ring, 2, 0);
	io_uring_queue_exit(&ring);
	for (c = 0; c < NR_CALLS; c++)
		expect_error(c, &ring, -EBADF, "closed ring");
}

/* NULL for the ring: -EINVAL (the inline peek and wait read the ring). */
static void null_ring(void)
{
	enum call c;

	for (c = WAIT_NR; c < NR_CALLS; c++)
		expect_error(c, NULL, -EINVAL, "NULL ring");
}

/* A ring whose features lack EXT_ARG: the timed waits, which go by the
 * ring's features, -EINVAL with nothing submitted.  The registered wait asks
 * the kernel instead (test/resize-mmap). */
static void no_ext_arg(void)
{
	struct io_uring ring;
	enum call c;

	ring_init(&ring, 2, 0);
	ring.features &= ~IORING_FEAT_EXT_ARG;
	queue_nop(&ring, 1);
	for (c = WAIT_TIMEOUT; c <= SUBMIT_TIMEOUT; c++)
		expect_error(c, &ring, -EINVAL, "no EXT_ARG");
	CHECK_EQ(io_uring_sq_ready(&ring), 1);
	CHECK_EQ(io_uring_submit(&ring), 1);
	expect_cqe(&ring, 1, 0, 0);
	io_uring_queue_exit(&ring);
}

/* The kernel's errors: a still disabled ring (-EBADFD), nothing ready and
 * nothing to wait for (-EAGAIN), a zero timeout (-ETIME), a wait on a ring
 * without a wait area (-EFAULT; before 6.13 the kernel does not know the
 * registered wait's enter flag: -EINVAL). */
static void kernel_errors(void)
{
	int reg_wait = !!(io_uring_regions_probe() & IO_URING_REGIONS_REG_WAIT);
	struct io_uring ring;
	enum call c;

	ring_init(&ring, 2, IORING_SETUP_R_DISABLED);
	for (c = WAIT; c < SUBMIT_REG; c++)
		expect_error(c, &ring, -EBADFD, "disabled ring");
	expect_error(SUBMIT_REG, &ring, reg_wait ? -EBADFD : -EINVAL,
		     "disabled ring");
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	expect_error(PEEK, &ring, -EAGAIN, "nothing ready");
	expect_error(WAIT_TIMEOUT, &ring, -ETIME, "timeout");
	expect_error(SUBMIT_TIMEOUT, &ring, -ETIME, "timeout");
	expect_error(SUBMIT_REG, &ring, reg_wait ? -EFAULT : -EINVAL,
		     "no wait area");
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

struct other {
	struct io_uring *ring;
	enum call call;
};

static int wait_from_other(void *arg)
{
	struct other *o = arg;

	expect_error(o->call, o->ring, -EEXIST, "DEFER_TASKRUN, not owner");
	return 0;
}

/* A DEFER_TASKRUN ring waited on by a thread that is not its owner (the
 * registered wait, with no wait area, fails on that first). */
static void not_owner(void)
{
	struct io_uring ring;
	struct other o = { &ring, WAIT };

	ring_init(&ring, 2, IORING_SETUP_SINGLE_ISSUER |
		  IORING_SETUP_DEFER_TASKRUN);
	for (; o.call < SUBMIT_REG; o.call++)
		in_thread(wait_from_other, &o);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	require(IO_URING_REGIONS_RING);
	closed();
	null_ring();
	no_ext_arg();
	kernel_errors();
	/* Kernels with registered waits (6.13) refuse such a wait; an older
	 * one might wait instead. */
	if (io_uring_regions_probe() & IO_URING_REGIONS_REG_WAIT)
		not_owner();
	printf("every wait call's errors leave *cqe_ptr NULL\n");
	return 0;
}
