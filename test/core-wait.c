/* SPDX-License-Identifier: MIT */
/* Ring core: the waiting calls, timeouts, peeking and batch reaping. */
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include "helpers.h"

static void on_alarm(int sig)
{
	(void)sig;
}

/* A signal during a wait ends it with -EINTR; the ring works after. */
static void interrupted_wait(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };
	struct io_uring_cqe *cqe;
	struct sigaction sa;
	struct io_uring ring;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
	ring_init(&ring, 8, 0);
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	CHECK_EQ(io_uring_wait_cqe(&ring, &cqe), -EINTR);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

static void check_ring(unsigned flags)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 20000000 };
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	long long start;
	unsigned head, seen, ktail;
	int i;

	ring_init(&ring, 8, flags);

	/* Nothing ready: peek says -EAGAIN, a timed wait -ETIME. */
	CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	CHECK(cqe == NULL);
	start = now_ns();
	CHECK_EQ(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -ETIME);
	CHECK(now_ns() - start >= 20000000);
	CHECK(cqe == NULL);
	start = now_ns();
	CHECK_EQ(io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts, NULL),
		 -ETIME);
	CHECK(now_ns() - start >= 20000000);

	/* submit_and_wait_timeout submits and returns the first CQE; its
	 * result is the count submitted, as in liburing. */
	queue_nop(&ring, 7);
	CHECK_EQ(io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts, NULL),
		 1);
	CHECK_EQ(cqe->user_data, 7);
	CHECK_EQ(cqe->res, 0);
	CHECK_EQ(cqe->flags, 0);
	io_uring_cqe_seen(&ring, cqe);

	/* wait_cqe_timeout does not submit. */
	queue_nop(&ring, 8);
	CHECK_EQ(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -ETIME);
	CHECK_EQ(io_uring_sq_ready(&ring), 1);
	CHECK_EQ(io_uring_submit_and_wait(&ring, 1), 1);
	CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), 0);
	CHECK_EQ(cqe->user_data, 8);
	io_uring_cqe_seen(&ring, cqe);

	/* wait_cqe_nr and io_uring_for_each_cqe. */
	for (i = 0; i < 5; i++)
		queue_nop(&ring, 100 + i);
	CHECK_EQ(io_uring_submit(&ring), 5);
	CHECK_EQ(io_uring_wait_cqe_nr(&ring, &cqe, 5), 0);
	CHECK_EQ(cqe->user_data, 100);
	CHECK_EQ(io_uring_cq_ready(&ring), 5);
	seen = 0;
	io_uring_for_each_cqe(&ring, head, cqe) {
		CHECK_EQ(cqe->user_data, 100 + seen);
		CHECK_EQ(cqe->res, 0);
		seen++;
	}
	CHECK_EQ(seen, 5);
	io_uring_cq_advance(&ring, seen);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);

	/* A timeout SQE completes with -ETIME after its time. */
	{
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		io_uring_prep_timeout(sqe, &ts, 0, 0);
		io_uring_sqe_set_data(sqe, &ring);
		start = now_ns();
		CHECK_EQ(io_uring_submit(&ring), 1);
		CHECK_EQ(io_uring_wait_cqe(&ring, &cqe), 0);
		CHECK(now_ns() - start >= 20000000);
		CHECK(io_uring_cqe_get_data(cqe) == &ring);
		CHECK_EQ(io_uring_cqe_get_data64(cqe), (uintptr_t)&ring);
		CHECK_EQ(cqe->res, -ETIME);
		CHECK_EQ(cqe->flags, 0);
		io_uring_cqe_seen(&ring, cqe);
	}

	/* A timeout with a count completes after that many CQEs. */
	{
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
		struct __kernel_timespec long_ts = { .tv_sec = 10 };

		io_uring_prep_timeout(sqe, &long_ts, 1, 0);
		io_uring_sqe_set_data64(sqe, 50);
		queue_nop(&ring, 51);
		CHECK_EQ(io_uring_submit_and_wait(&ring, 2), 2);
		expect_cqe(&ring, 51, 0, 0);
		expect_cqe(&ring, 50, 0, 0);
	}

	/* A linked SQE flag is passed through. */
	{
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		io_uring_prep_nop(sqe);
		io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
		CHECK_EQ(sqe->flags, IOSQE_IO_LINK);
		io_uring_sqe_set_data64(sqe, 60);
		queue_nop(&ring, 61);
		CHECK_EQ(io_uring_submit(&ring), 2);
		expect_cqe(&ring, 60, 0, 0);
		expect_cqe(&ring, 61, 0, 0);
	}

	/* A kernel without IORING_FEAT_EXT_ARG (5.11): -EINVAL, no submit. */
	queue_nop(&ring, 70);
	ring.features &= ~IORING_FEAT_EXT_ARG;
	CHECK_EQ(io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts, NULL),
		 -EINVAL);
	CHECK_EQ(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -EINVAL);
	ring.features |= IORING_FEAT_EXT_ARG;
	CHECK_EQ(io_uring_sq_ready(&ring), 1);
	CHECK_EQ(io_uring_submit(&ring), 1);
	expect_cqe(&ring, 70, 0, 0);

	/* A NULL cqe_ptr: -EINVAL, no submit (not even by an SQPOLL thread). */
	ktail = *ring.sq.ktail;
	queue_nop(&ring, 71);
	CHECK_EQ(io_uring_submit_and_wait_timeout(&ring, NULL, 1, &ts, NULL),
		 -EINVAL);
	CHECK_EQ(io_uring_submit_and_wait_timeout(&ring, NULL, 1, NULL, NULL),
		 -EINVAL);
	CHECK_EQ(*ring.sq.ktail, ktail);	/* not even shown to the kernel */
	CHECK_EQ(io_uring_sq_ready(&ring), 1);
	CHECK_EQ(io_uring_submit(&ring), 1);
	expect_cqe(&ring, 71, 0, 0);

	/* Bad arguments. */
	CHECK_EQ(io_uring_wait_cqe_nr(NULL, &cqe, 1), -EINVAL);
	CHECK_EQ(io_uring_wait_cqe_timeout(&ring, NULL, &ts), -EINVAL);
	CHECK_EQ(io_uring_submit(NULL), -EINVAL);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	require(IO_URING_REGIONS_RING);
	check_ring(0);
	check_ring(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
	check_ring(IORING_SETUP_SQPOLL);
	check_ring(IORING_SETUP_CQE32);
	if (!under_valgrind())
		interrupted_wait();
	return 0;
}
