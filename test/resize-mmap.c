/* SPDX-License-Identifier: MIT */
/*
 * Rings set up with io_uring_setup() and mapped with io_uring_queue_mmap(),
 * whose features field liburing 2.3 leaves 0 (zeroed here whichever
 * library mapped them), with and without IORING_SETUP_NO_SQARRAY: resizing
 * keeps pending SQEs and CQEs, and registered waits time out, submit and
 * deliver each CQE exactly.  Also rings mapped as if the kernel lacked
 * IORING_FEAT_SINGLE_MMAP: SQ and CQ rings in two mappings.
 */
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "helpers.h"

#define DEFER	(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN)
#define MS	1000000LL
/* A flag of this test: map the SQ and CQ rings separately. */
#define TWO_MAPS	(1U << 31)

/* The ring as liburing 2.3 leaves it: 0 if set up, 1 to skip the case. */
static int mmap_ring(struct io_uring *ring, unsigned entries, unsigned flags)
{
	struct io_uring_params p;
	unsigned i;
	int fd;

	memset(&p, 0, sizeof(p));
	p.flags = flags & ~TWO_MAPS;
	fd = (int)syscall(__NR_io_uring_setup, entries, &p);
	if (fd < 0 && errno == EINVAL && (flags & IORING_SETUP_NO_SQARRAY))
		return 1;	/* before 6.6 */
	if (fd < 0)
		FAIL("io_uring_setup(%#x): %s", flags, strerror(errno));
	if (flags & TWO_MAPS)
		p.features &= ~IORING_FEAT_SINGLE_MMAP;
	CHECK_EQ(io_uring_queue_mmap(fd, &p, ring), 0);
	CHECK_EQ(ring->sq.ring_ptr != ring->cq.ring_ptr, !!(flags & TWO_MAPS));
	ring->features = 0;
	/* Not every liburing fills the SQ array: SQE i in slot i. */
	if (!(flags & IORING_SETUP_NO_SQARRAY))
		for (i = 0; i < p.sq_entries; i++)
			ring->sq.array[i] = i;
	return 0;
}

static int resize(struct io_uring *ring, unsigned sq, unsigned cq)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.sq_entries = sq;
	p.cq_entries = cq;
	p.flags = IORING_SETUP_CQSIZE;
	return io_uring_resize_rings(ring, &p);
}

static void resize_case(unsigned flags)
{
	struct io_uring ring;
	unsigned i;
	int ret;

	if (mmap_ring(&ring, 8, DEFER | flags))
		return;
	for (i = 0; i < 21; i++)	/* wrap the indices */
		nop_roundtrip(&ring);
	for (i = 0; i < 3; i++) {
		queue_nop(&ring, 100 + i);
		CHECK_EQ(io_uring_submit(&ring), 1);
	}
	queue_nop(&ring, 103);
	queue_nop(&ring, 104);
	ret = resize(&ring, 32, 64);
	if (ret)
		FAIL("flags %#x: resize to 32/64: %s", flags, strerror(-ret));
	CHECK_EQ(ring.sq.ring_entries, 32);
	CHECK_EQ(ring.cq.ring_entries, 64);
	CHECK_EQ(*ring.sq.kring_entries, 32);
	CHECK_EQ(io_uring_cq_ready(&ring), 3);
	CHECK_EQ(*ring.sq.ktail - *ring.sq.khead, 2);
	for (i = 0; i < 3; i++)
		expect_cqe(&ring, 100 + i, 0, 0);
	CHECK_EQ(io_uring_submit(&ring), 2);
	expect_cqe(&ring, 103, 0, 0);
	expect_cqe(&ring, 104, 0, 0);
	for (i = 0; i < 70; i++)
		nop_roundtrip(&ring);

	queue_nop(&ring, 105);
	ret = resize(&ring, 4, 8);
	if (ret)
		FAIL("flags %#x: resize to 4/8: %s", flags, strerror(-ret));
	CHECK_EQ(ring.sq.ring_entries, 4);
	CHECK_EQ(io_uring_submit(&ring), 1);
	expect_cqe(&ring, 105, 0, 0);
	for (i = 0; i < 9; i++)
		nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

static void set_timeout(struct io_uring_reg_wait *w, long long ns)
{
	memset(w, 0, sizeof(*w));
	w->ts.tv_sec = ns / 1000000000LL;
	w->ts.tv_nsec = ns % 1000000000LL;
	w->flags = IORING_REG_WAIT_TS;
}

static void wait_case(unsigned flags)
{
	struct io_uring_reg_wait *w;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	long long start;
	int err, ret;

	if (mmap_ring(&ring, 8, DEFER | IORING_SETUP_R_DISABLED | flags))
		return;
	w = io_uring_setup_reg_wait(&ring, 4, &err);
	if (!w)
		FAIL("flags %#x: io_uring_setup_reg_wait: %s", flags,
		     strerror(-err));
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	set_timeout(&w[0], 5000 * MS);
	set_timeout(&w[1], 20 * MS);

	start = now_ns();
	ret = io_uring_submit_and_wait_reg(&ring, &cqe, 1, 1);
	if (ret != -ETIME)
		FAIL("flags %#x: wait with nothing queued: %d, expected -ETIME",
		     flags, ret);
	CHECK(now_ns() - start >= 15 * MS);

	queue_nop(&ring, 7);
	CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0), 1);
	CHECK_EQ(cqe->user_data, 7);
	CHECK_EQ(cqe->res, 0);
	CHECK_EQ(cqe->flags, 0);
	io_uring_cqe_seen(&ring, cqe);

	CHECK_EQ(io_uring_sync_msg_ring(ring.ring_fd, 42, 99, 4), 0);
	ret = io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0);
	CHECK(ret >= 0);
	CHECK_EQ(cqe->user_data, 99);
	CHECK_EQ(cqe->res, 42);
	CHECK_EQ(cqe->flags, 4);
	io_uring_cqe_seen(&ring, cqe);

	/* Resized, with one SQE pending, and waited on again. */
	queue_nop(&ring, 8);
	ret = resize(&ring, 16, 32);
	if (ret)
		FAIL("flags %#x: resize to 16/32: %s", flags, strerror(-ret));
	CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0), 1);
	CHECK_EQ(cqe->user_data, 8);
	CHECK_EQ(cqe->res, 0);
	CHECK_EQ(cqe->flags, 0);
	io_uring_cqe_seen(&ring, cqe);
	CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 1), -ETIME);
	io_uring_queue_exit(&ring);
	io_uring_free_reg_wait(w, 4);
}

int main(void)
{
	require(IO_URING_REGIONS_RESIZE | IO_URING_REGIONS_REG_WAIT |
		IO_URING_REGIONS_SYNC_MSG);
	resize_case(0);
	resize_case(IORING_SETUP_NO_SQARRAY);
	resize_case(TWO_MAPS);
	resize_case(TWO_MAPS | IORING_SETUP_NO_SQARRAY);
	wait_case(0);
	wait_case(IORING_SETUP_NO_SQARRAY);
	wait_case(TWO_MAPS | IORING_SETUP_NO_SQARRAY);
	printf("resize-mmap: features 0, with and without an SQ array, "
	       "one mapping or two\n");
	return 0;
}
