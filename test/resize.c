/* SPDX-License-Identifier: MIT */
/* Ring resizing: pending SQEs and CQEs survive growing and shrinking, with
 * head and tail wrapped; -EOVERFLOW keeps the old rings; the params can be
 * reused; CQE32, SQE128 and SQ-array rings; each error's exact errno. */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <time.h>
#include "helpers.h"

#define DEFER	(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN)

static __u64 next_data;

/* Wraps the SQ and CQ indices past their sizes a few times. */
static void wrap(struct io_uring *ring, unsigned rounds)
{
	unsigned i;

	for (i = 0; i < rounds; i++)
		nop_roundtrip(ring);
}

static int resize(struct io_uring *ring, unsigned sq, unsigned cq)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.sq_entries = sq;
	if (cq) {
		p.cq_entries = cq;
		p.flags = IORING_SETUP_CQSIZE;
	}
	return io_uring_resize_rings(ring, &p);
}

/*
 * With @cqes completed but unreaped and @sqes fetched but unsubmitted,
 * resizes to @sq/@cq and checks that all of them come out in order.
 */
static void resize_pending(unsigned setup_flags, unsigned sq0, unsigned cq0,
			   unsigned cqes, unsigned sqes, unsigned sq,
			   unsigned cq)
{
	struct io_uring ring;
	__u64 first = next_data;
	unsigned i;
	int ret;

	ring_init_cq(&ring, sq0, cq0, DEFER | setup_flags);
	wrap(&ring, 2 * cq0 + 3);
	for (i = 0; i < cqes; i++) {
		queue_nop(&ring, next_data++);
		CHECK_EQ(io_uring_submit(&ring), 1);
	}
	for (i = 0; i < sqes; i++)
		queue_nop(&ring, next_data++);
	ret = resize(&ring, sq, cq);
	if (ret)
		FAIL("resize %u/%u -> %u/%u with %u CQEs, %u SQEs pending: %s",
		     sq0, cq0, sq, cq, cqes, sqes, strerror(-ret));
	CHECK_EQ(ring.sq.ring_entries, sq);
	CHECK_EQ(ring.cq.ring_entries, cq);
	CHECK_EQ(*ring.sq.ktail - *ring.sq.khead, sqes);
	CHECK_EQ(io_uring_cq_ready(&ring), cqes);
	for (i = 0; i < cqes; i++)
		expect_cqe(&ring, first + i, 0, 0);
	CHECK_EQ(io_uring_submit(&ring), (int)sqes);
	for (i = 0; i < sqes; i++)
		expect_cqe(&ring, first + cqes + i, 0, 0);
	/* The new rings wrap too. */
	wrap(&ring, 2 * cq + 3);
	io_uring_queue_exit(&ring);
}

static void overflow(void)
{
	struct io_uring ring;
	unsigned i;

	ring_init_cq(&ring, 8, 32, DEFER);
	for (i = 0; i < 10; i++) {
		queue_nop(&ring, 500 + i);
		CHECK_EQ(io_uring_submit(&ring), 1);
	}
	CHECK_EQ(resize(&ring, 4, 8), -EOVERFLOW);
	CHECK_EQ(ring.cq.ring_entries, 32);
	/* Unsubmitted SQEs that do not fit fail the same way. */
	for (i = 0; i < 6; i++)
		queue_nop(&ring, 510 + i);
	CHECK_EQ(resize(&ring, 4, 16), -EOVERFLOW);
	for (i = 0; i < 10; i++)
		expect_cqe(&ring, 500 + i, 0, 0);
	CHECK_EQ(io_uring_submit(&ring), 6);
	for (i = 0; i < 6; i++)
		expect_cqe(&ring, 510 + i, 0, 0);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

/*
 * The reason to resize: the CQ overflowed (io_uring_cq_has_overflow), and
 * a larger CQ takes every entry the kernel held back, in order.
 */
static void grow_on_overflow(void)
{
	struct io_uring ring;
	unsigned i;

	ring_init_cq(&ring, 8, 8, DEFER);
	CHECK(!io_uring_cq_has_overflow(&ring));
	for (i = 0; i < 12; i++) {
		queue_nop(&ring, 700 + i);
		if (i % 4 == 3)
			CHECK_EQ(io_uring_submit(&ring), 4);
	}
	CHECK(io_uring_cq_has_overflow(&ring));
	CHECK_EQ(io_uring_cq_ready(&ring), 8);
	CHECK_EQ(*ring.cq.koverflow, 0);	/* nothing was dropped */
	CHECK_EQ(resize(&ring, 8, 32), 0);
	CHECK_EQ(ring.cq.ring_entries, 32);
	for (i = 0; i < 12; i++)
		expect_cqe(&ring, 700 + i, 0, 0);
	CHECK(!io_uring_cq_has_overflow(&ring));
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

/*
 * A failed resize leaves the ring as it was: a resize the library refuses
 * publishes nothing (an SQPOLL thread would run it at once), and one the
 * kernel refuses takes the published tail back.
 */
static void refused_unchanged(void)
{
	struct timespec ms = { 0, 20000000 };
	struct io_uring ring;
	unsigned tail;

	ring_init(&ring, 8, IORING_SETUP_SQPOLL);
	queue_nop(&ring, 600);
	CHECK_EQ(resize(&ring, 16, 0), -EINVAL);
	nanosleep(&ms, NULL);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);
	CHECK_EQ(io_uring_sq_ready(&ring), 1);
	CHECK_EQ(io_uring_submit(&ring), 1);
	expect_cqe(&ring, 600, 0, 0);
	io_uring_queue_exit(&ring);

	ring_init_cq(&ring, 4, 8, DEFER);
	tail = *ring.sq.ktail;
	queue_nop(&ring, 601);
	queue_nop(&ring, 602);
	queue_nop(&ring, 603);
	CHECK_EQ(resize(&ring, 2, 4), -EOVERFLOW);
	CHECK_EQ(*ring.sq.ktail, tail);
	CHECK_EQ(io_uring_sq_ready(&ring), 3);
	CHECK_EQ(io_uring_submit(&ring), 3);
	expect_cqe(&ring, 601, 0, 0);
	expect_cqe(&ring, 602, 0, 0);
	expect_cqe(&ring, 603, 0, 0);
	io_uring_queue_exit(&ring);
}

static void reuse_params(void)
{
	struct io_uring_params p;
	struct io_uring ring;

	ring_init(&ring, 8, DEFER);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 16;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	CHECK_EQ(p.sq_entries, 16);
	CHECK_EQ(p.cq_entries, 32);
	/* The kernel copied inherited flags into p.flags; as liburing does,
	 * the library clears them after the call. */
	CHECK_EQ(p.flags, 0);
	nop_roundtrip(&ring);
	p.sq_entries = 64;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	CHECK_EQ(ring.sq.ring_entries, 64);
	nop_roundtrip(&ring);
	p.sq_entries = 4;
	p.cq_entries = 256;
	p.flags |= IORING_SETUP_CQSIZE;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	CHECK_EQ(ring.sq.ring_entries, 4);
	CHECK_EQ(ring.cq.ring_entries, 256);
	nop_roundtrip(&ring);
	/* The same sizes again, and sizes that round up to them. */
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	nop_roundtrip(&ring);
	CHECK_EQ(resize(&ring, 3, 200), 0);
	CHECK_EQ(ring.sq.ring_entries, 4);
	CHECK_EQ(ring.cq.ring_entries, 256);
	wrap(&ring, 20);
	io_uring_queue_exit(&ring);
}

static void clamp(void)
{
	struct io_uring_params p;
	struct io_uring ring;

	ring_init(&ring, 8, DEFER);
	CHECK_EQ(resize(&ring, 65536, 0), -EINVAL);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 65536;
	p.cq_entries = 1U << 20;
	p.flags = IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	CHECK_EQ(p.sq_entries, 32768);
	CHECK_EQ(p.cq_entries, 65536);
	CHECK_EQ(ring.sq.ring_entries, 32768);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

/* A ring with an SQ array: the library finds the array after a resize. */
static void sq_array_ring(void)
{
	struct io_uring_params p;
	struct io_uring ring;
	int fd;

	memset(&p, 0, sizeof(p));
	p.flags = DEFER;
	fd = io_uring_setup(8, &p);
	CHECK(fd >= 0);
	CHECK_EQ(io_uring_queue_mmap(fd, &p, &ring), 0);
	CHECK(ring.sq.array != NULL);
	next_data = 1000;
	wrap(&ring, 11);
	queue_nop(&ring, 900);
	queue_nop(&ring, 901);
	CHECK_EQ(resize(&ring, 32, 64), 0);
	CHECK(ring.sq.array != NULL);
	CHECK_EQ(io_uring_submit(&ring), 2);
	expect_cqe(&ring, 900, 0, 0);
	expect_cqe(&ring, 901, 0, 0);
	wrap(&ring, 70);
	CHECK_EQ(resize(&ring, 4, 0), 0);
	wrap(&ring, 20);
	io_uring_queue_exit(&ring);
}

static void registered_ring(void)
{
	struct io_uring ring;

	ring_init(&ring, 8, DEFER);
	CHECK_EQ(io_uring_register_ring_fd(&ring), 1);
	queue_nop(&ring, 42);
	CHECK_EQ(resize(&ring, 64, 0), 0);
	CHECK_EQ(io_uring_submit(&ring), 1);
	expect_cqe(&ring, 42, 0, 0);
	io_uring_queue_exit(&ring);
}

static void errors(void)
{
	struct io_uring_params p;
	struct io_uring ring;

	/* Only DEFER_TASKRUN rings. */
	ring_init(&ring, 8, 0);
	CHECK_EQ(resize(&ring, 16, 0), -EINVAL);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	ring_init(&ring, 8, IORING_SETUP_SINGLE_ISSUER);
	CHECK_EQ(resize(&ring, 16, 0), -EINVAL);
	io_uring_queue_exit(&ring);

	ring_init(&ring, 8, DEFER);
	CHECK_EQ(resize(&ring, 0, 0), -EINVAL);
	CHECK_EQ(resize(&ring, 16, 8), -EINVAL);
	CHECK_EQ(resize(&ring, 32768, 65536 * 2), -EINVAL);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 16;
	p.flags = IORING_SETUP_SQPOLL;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EINVAL);
	p.flags = IORING_SETUP_R_DISABLED;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EINVAL);
	CHECK_EQ(io_uring_resize_rings(&ring, NULL), -EINVAL);
	CHECK_EQ(io_uring_resize_rings(NULL, &p), -EINVAL);
	CHECK_EQ(io_uring_register((unsigned)ring.ring_fd,
				   IORING_REGISTER_RESIZE_RINGS,
				   (void *)(uintptr_t)-4096, 1), -EFAULT);
	/* resv is not checked by the kernel. */
	memset(&p, 0, sizeof(p));
	p.sq_entries = 16;
	p.resv[0] = 1;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct resources before;

	require(IO_URING_REGIONS_RESIZE);
	resources_get(&before);
	next_data = 1;
	/* grow, shrink, CQ only, SQ only */
	resize_pending(0, 8, 16, 5, 3, 64, 128);
	resize_pending(0, 64, 128, 6, 2, 8, 16);
	resize_pending(0, 8, 16, 12, 0, 8, 64);
	resize_pending(0, 4, 64, 0, 4, 16, 64);
	resize_pending(0, 8, 16, 16, 8, 8, 16);
	/* CQE32 and SQE128 rings */
	resize_pending(IORING_SETUP_CQE32, 8, 16, 7, 2, 32, 64);
	resize_pending(IORING_SETUP_CQE32, 32, 64, 7, 2, 8, 16);
	resize_pending(IORING_SETUP_SQE128, 8, 16, 7, 5, 16, 32);
	resize_pending(IORING_SETUP_SQE128 | IORING_SETUP_CQE32, 16, 32, 9,
		       4, 8, 16);
	overflow();
	refused_unchanged();
	grow_on_overflow();
	reuse_params();
	clamp();
	sq_array_ring();
	registered_ring();
	errors();
	resources_check(&before, "resize");
	return 0;
}
