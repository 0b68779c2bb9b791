/* SPDX-License-Identifier: MIT */
/* io_uring_cq_autosize: overflowed completions kept in order across each
 * growth, the limits, shrinking limited or refused while CQEs are pending,
 * bad policies, rings that cannot be resized (unchanged and usable). */
#include <string.h>
#include "helpers.h"

#define DEFER	(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN)

static __u64 next_data, next_reap;

/*
 * Submits @n NOPs, one enter each: past a full CQ they overflow.  An
 * SQPOLL thread may not have taken the previous one yet: the count varies.
 */
static void post(struct io_uring *ring, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		queue_nop(ring, next_data++);
		if (ring->flags & IORING_SETUP_SQPOLL)
			CHECK(io_uring_submit(ring) >= 0);
		else
			CHECK_EQ(io_uring_submit(ring), 1);
	}
}

/* Reaps @n completions, checking each in order. */
static void reap(struct io_uring *ring, unsigned n)
{
	while (n--)
		expect_cqe(ring, next_reap++, 0, 0);
}

/* Reaps what the CQ holds now (a wait brings in what overflowed). */
static unsigned reap_ready(struct io_uring *ring)
{
	unsigned n;

	reap(ring, 1);
	n = io_uring_cq_ready(ring);
	reap(ring, n);
	return n + 1;
}

static void ring_sizes(struct io_uring *ring, unsigned sq, unsigned cq)
{
	CHECK_EQ(ring->sq.ring_entries, sq);
	CHECK_EQ(ring->cq.ring_entries, cq);
}

/* 100 completions into a CQ of 16: grown to 64, then 256, in order. */
static void grow_on_overflow(void)
{
	struct io_uring_cq_autosize as = IO_URING_CQ_AUTOSIZE_INIT(16, 256, 0);
	struct io_uring ring;

	ring_init_cq(&ring, 8, 16, DEFER);
	post(&ring, 100);
	CHECK(io_uring_cq_has_overflow(&ring));
	CHECK_EQ(reap_ready(&ring), 16);
	CHECK_EQ(io_uring_cq_autosize(&ring, &as), 64);
	ring_sizes(&ring, 8, 64);
	/* Not the kernel's "you may have missed one" flags: a peek that
	 * finds nothing would enter the kernel each time. */
	CHECK_EQ(*ring.sq.kflags & (IORING_SQ_TASKRUN | IORING_SQ_NEED_WAKEUP),
		 0);
	CHECK_EQ(reap_ready(&ring), 64);
	CHECK_EQ(io_uring_cq_autosize(&ring, &as), 256);
	ring_sizes(&ring, 8, 256);
	CHECK_EQ(reap_ready(&ring), 20);
	CHECK(!io_uring_cq_has_overflow(&ring));
	CHECK_EQ(io_uring_cq_autosize(&ring, &as), 0);
	CHECK_EQ(next_reap, next_data);

	/* At the limit: never above it, and nothing lost. */
	post(&ring, 600);
	CHECK(io_uring_cq_has_overflow(&ring));
	while (next_reap != next_data) {
		reap_ready(&ring);
		CHECK_EQ(io_uring_cq_autosize(&ring, &as), 0);
		ring_sizes(&ring, 8, 256);
	}
	CHECK_EQ(*ring.cq.koverflow, 0);
	io_uring_queue_exit(&ring);
}

/* Called after every CQE: one growth per overflow, not one per call
 * while the held-back CQEs wait for the next enter. */
static void grow_once_per_overflow(void)
{
	struct io_uring_cq_autosize as = IO_URING_CQ_AUTOSIZE_INIT(16, 4096, 0);
	struct io_uring ring;
	unsigned i;

	ring_init_cq(&ring, 8, 16, DEFER);
	post(&ring, 40);
	reap(&ring, 1);
	CHECK_EQ(io_uring_cq_autosize(&ring, &as), 64);
	for (i = 1; i < 40; i++) {
		reap(&ring, 1);
		CHECK_EQ(io_uring_cq_autosize(&ring, &as), 0);
	}
	ring_sizes(&ring, 8, 64);
	CHECK(!io_uring_cq_has_overflow(&ring));
	io_uring_queue_exit(&ring);
}

/* A CQ found 3/4 full grows before it overflows; pending SQEs are kept. */
static void grow_nearly_full(void)
{
	struct io_uring_cq_autosize as = IO_URING_CQ_AUTOSIZE_INIT(16, 1024, 0);
	struct io_uring ring;

	ring_init_cq(&ring, 8, 16, DEFER);
	CHECK_EQ(io_uring_cq_autosize(&ring, &as), 0);
	post(&ring, 11);
	reap(&ring, 11);
	CHECK_EQ(io_uring_cq_autosize(&ring, &as), 0);
	post(&ring, 12);
	reap(&ring, 12);
	queue_nop(&ring, next_data++);
	queue_nop(&ring, next_data++);
	CHECK_EQ(io_uring_cq_autosize(&ring, &as), 32);
	ring_sizes(&ring, 8, 32);
	CHECK_EQ(io_uring_submit(&ring), 2);
	reap(&ring, 2);
	/* Unreaped CQEs count too, and are kept. */
	post(&ring, 30);
	CHECK_EQ(io_uring_cq_autosize(&ring, &as), 64);
	ring_sizes(&ring, 8, 64);
	CHECK_EQ(io_uring_cq_ready(&ring), 30);
	reap(&ring, 30);
	io_uring_queue_exit(&ring);
}

/* Shrinking: after idle_calls calls, to min, limited by what is pending,
 * refused while the CQ is more than 1/8 full. */
static void shrink(void)
{
	struct io_uring_cq_autosize as = IO_URING_CQ_AUTOSIZE_INIT(32, 1024, 4);
	struct io_uring ring;
	int i;

	ring_init_cq(&ring, 8, 1024, DEFER);
	for (i = 0; i < 3; i++)
		CHECK_EQ(io_uring_cq_autosize(&ring, &as), 0);
	CHECK_EQ(io_uring_cq_autosize(&ring, &as), 32);
	ring_sizes(&ring, 8, 32);
	/* Never below min. */
	for (i = 0; i < 10; i++)
		CHECK_EQ(io_uring_cq_autosize(&ring, &as), 0);
	ring_sizes(&ring, 8, 32);
	io_uring_queue_exit(&ring);

	/* 100 pending in 1024 (<= 1/8): shrinks to 256, keeping them. */
	as = (struct io_uring_cq_autosize)IO_URING_CQ_AUTOSIZE_INIT(32, 1024, 4);
	ring_init_cq(&ring, 8, 1024, DEFER);
	post(&ring, 100);
	for (i = 0; i < 3; i++)
		CHECK_EQ(io_uring_cq_autosize(&ring, &as), 0);
	CHECK_EQ(io_uring_cq_autosize(&ring, &as), 256);
	ring_sizes(&ring, 8, 256);
	CHECK_EQ(io_uring_cq_ready(&ring), 100);
	reap(&ring, 100);

	/* 40 pending in 256 (> 1/8): refused, however long. */
	post(&ring, 40);
	for (i = 0; i < 20; i++)
		CHECK_EQ(io_uring_cq_autosize(&ring, &as), 0);
	ring_sizes(&ring, 8, 256);
	reap(&ring, 40);
	/* Reaped: the call that sees them gone still saw 40, then idle. */
	CHECK_EQ(io_uring_cq_autosize(&ring, &as), 0);
	for (i = 0; i < 3; i++)
		CHECK_EQ(io_uring_cq_autosize(&ring, &as), 0);
	CHECK_EQ(io_uring_cq_autosize(&ring, &as), 32);
	io_uring_queue_exit(&ring);

	/* idle_calls 0: never shrinks. */
	as = (struct io_uring_cq_autosize)IO_URING_CQ_AUTOSIZE_INIT(16, 64, 0);
	ring_init_cq(&ring, 8, 64, DEFER);
	for (i = 0; i < 100; i++)
		CHECK_EQ(io_uring_cq_autosize(&ring, &as), 0);
	ring_sizes(&ring, 8, 64);
	io_uring_queue_exit(&ring);
}

static void bad_policy(void)
{
	static const struct {
		unsigned min, max, flags;
	} bad[] = {
		{ 0, 64, 0 }, { 64, 32, 0 }, { 16, 65537, 0 },
		{ 100, 120, 0 }, { 16, 64, 1 },
	};
	struct io_uring_cq_autosize as;
	struct io_uring ring;
	unsigned i;

	ring_init_cq(&ring, 8, 16, DEFER);
	post(&ring, 40);
	CHECK(io_uring_cq_has_overflow(&ring));
	CHECK_EQ(io_uring_cq_autosize(&ring, NULL), -EINVAL);
	as = (struct io_uring_cq_autosize)IO_URING_CQ_AUTOSIZE_INIT(16, 64, 0);
	CHECK_EQ(io_uring_cq_autosize(NULL, &as), -EINVAL);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&as, 0, sizeof(as));
		as.min_entries = bad[i].min;
		as.max_entries = bad[i].max;
		as.flags = bad[i].flags;
		CHECK_EQ(io_uring_cq_autosize(&ring, &as), -EINVAL);
		ring_sizes(&ring, 8, 16);
	}
	/* The largest limit the kernel allows is accepted. */
	as = (struct io_uring_cq_autosize)
		IO_URING_CQ_AUTOSIZE_INIT(1, 65536, 0);
	CHECK_EQ(io_uring_cq_autosize(&ring, &as), 64);
	reap(&ring, 40);
	io_uring_queue_exit(&ring);
#ifndef TEST_BESIDE_LIBURING
	/* This library's exit marks the ring closed (liburing's does not). */
	CHECK_EQ(io_uring_cq_autosize(&ring, &as), -EBADF);
#endif
}

/* Rings that cannot be resized: -EINVAL, overflow kept, ring usable. */
static void not_resizable(const char *what, unsigned flags)
{
	struct io_uring_cq_autosize as = IO_URING_CQ_AUTOSIZE_INIT(16, 256, 1);
	struct io_uring ring;
	int ret;

	ring_init_cq(&ring, 8, 16, flags);
	post(&ring, 40);
	ret = io_uring_cq_autosize(&ring, &as);
	if (ret != -EINVAL)
		FAIL("%s: %d, expected -EINVAL", what, ret);
	ring_sizes(&ring, 8, 16);
	reap(&ring, 40);
	CHECK_EQ(io_uring_cq_autosize(&ring, &as), -EINVAL);
	nop_roundtrip(&ring);
	next_data = next_reap;
	io_uring_queue_exit(&ring);
}

static int autosize_in_thread(void *arg)
{
	struct io_uring_cq_autosize as = IO_URING_CQ_AUTOSIZE_INIT(16, 256, 0);

	return io_uring_cq_autosize(arg, &as);
}

/* The kernel refuses (not the owner): the ring is as it was. */
static void kernel_refuses(void)
{
	struct io_uring ring;

	ring_init_cq(&ring, 8, 16, DEFER);
	post(&ring, 40);
	queue_nop(&ring, next_data++);
	CHECK_EQ(in_thread(autosize_in_thread, &ring), -EEXIST);
	ring_sizes(&ring, 8, 16);
	CHECK_EQ(io_uring_sq_ready(&ring), 1);
	reap(&ring, 40);
	CHECK_EQ(io_uring_submit(&ring), 1);
	reap(&ring, 1);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	require(IO_URING_REGIONS_RESIZE);
	grow_on_overflow();
	grow_once_per_overflow();
	grow_nearly_full();
	shrink();
	bad_policy();
	kernel_refuses();
	not_resizable("plain ring", 0);
	not_resizable("SINGLE_ISSUER without DEFER_TASKRUN",
		      IORING_SETUP_SINGLE_ISSUER);
	not_resizable("SQPOLL ring", IORING_SETUP_SQPOLL);
	printf("cq-autosize: grow, limits, shrink and refusals checked\n");
	return 0;
}
