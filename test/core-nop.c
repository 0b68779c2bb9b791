/* SPDX-License-Identifier: MIT */
/* Ring core: NOP round trips on every kind of ring the library supports,
 * with head and tail wrapping, and a teardown that leaves nothing behind. */
#include <string.h>
#include <unistd.h>
#include "helpers.h"

static void round_trips(struct io_uring *ring, unsigned rounds)
{
	unsigned i, j;

	for (i = 0; i < rounds; i++) {
		for (j = 0; j < 3; j++)
			queue_nop(ring, i * 3 + j + 1);
		CHECK_EQ(io_uring_sq_ready(ring), 3);
		CHECK_EQ(io_uring_submit(ring), 3);
		for (j = 0; j < 3; j++)
			expect_cqe(ring, i * 3 + j + 1, 0, 0);
	}
}

static void check_ring(unsigned flags, const char *name)
{
	struct resources before;
	struct io_uring ring;
	unsigned i;

	fprintf(stderr, "%s\n", name);
	resources_get(&before);
	ring_init(&ring, 4, flags);
	/* liburing's layout: one mapping shared, with its size in both. */
	if (ring.features & IORING_FEAT_SINGLE_MMAP) {
		CHECK(ring.cq.ring_ptr == ring.sq.ring_ptr);
		CHECK_EQ(ring.cq.ring_sz, ring.sq.ring_sz);
	}
	CHECK_EQ(*ring.sq.kring_mask, ring.sq.ring_mask);
	CHECK_EQ(*ring.sq.kring_entries, ring.sq.ring_entries);
	CHECK_EQ(*ring.cq.kring_mask, ring.cq.ring_mask);
	CHECK_EQ(*ring.cq.kring_entries, ring.cq.ring_entries);
	CHECK_EQ(ring.sq.sqes_sz, ring.sq.ring_entries *
		 ((flags & IORING_SETUP_SQE128) ? 128 : 64));
	if (flags & IORING_SETUP_R_DISABLED) {
		struct io_uring_cqe *cqe;

		queue_nop(&ring, 1);
		CHECK_EQ(io_uring_submit(&ring), -EBADFD);
		CHECK_EQ(io_uring_enable_rings(&ring), 0);
		CHECK_EQ(io_uring_enable_rings(&ring), -EBADFD);
		CHECK_EQ(io_uring_submit(&ring), 1);
		CHECK_EQ(io_uring_wait_cqe(&ring, &cqe), 0);
		CHECK_EQ(cqe->user_data, 1);
		io_uring_cqe_seen(&ring, cqe);
	}
	CHECK_EQ(ring.sq.ring_entries, 4);
	CHECK_EQ(io_uring_sq_space_left(&ring), 4);
	/* A full SQ hands out no more SQEs. */
	for (i = 0; i < 4; i++)
		CHECK(io_uring_get_sqe(&ring) != NULL);
	CHECK(io_uring_get_sqe(&ring) == NULL);
	CHECK_EQ(io_uring_sq_space_left(&ring), 0);
	ring.sq.sqe_tail = ring.sq.sqe_head;	/* take them back */
	/* 30 rounds of 3 wrap the 4-entry SQ and 8-entry CQ many times. */
	round_trips(&ring, 30);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);
	io_uring_queue_exit(&ring);
	CHECK_EQ(ring.ring_fd, -1);
	io_uring_queue_exit(&ring);	/* a second exit is harmless */
	resources_check(&before, name);
}

static int kernel_has_no_sqarray(void)
{
	struct io_uring_params p;
	int fd;

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_NO_SQARRAY;
	fd = io_uring_setup(4, &p);
	if (fd < 0) {
		CHECK_EQ(fd, -EINVAL);
		return 0;
	}
	close(fd);
	return 1;
}

int main(void)
{
	struct io_uring ring;

	require(IO_URING_REGIONS_RING);
	check_ring(0, "plain ring");
	check_ring(IORING_SETUP_SQPOLL, "SQPOLL ring");
	check_ring(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
		   "DEFER_TASKRUN ring");
	check_ring(IORING_SETUP_R_DISABLED, "R_DISABLED ring");
	check_ring(IORING_SETUP_SQE128, "SQE128 ring");
	check_ring(IORING_SETUP_CQE32, "CQE32 ring");
	check_ring(IORING_SETUP_SQE128 | IORING_SETUP_CQE32 |
		   IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
		   "SQE128|CQE32|DEFER_TASKRUN ring");

	/* Rings default to NO_SQARRAY where the kernel has it (6.6+) and
	 * fall back silently where it does not: ask the kernel which. */
	ring_init(&ring, 4, 0);
	if (kernel_has_no_sqarray()) {
		CHECK(ring.flags & IORING_SETUP_NO_SQARRAY);
		CHECK(ring.sq.array == NULL);
	} else {
		CHECK(!(ring.flags & IORING_SETUP_NO_SQARRAY));
		CHECK(ring.sq.array != NULL);
		printf("the kernel lacks NO_SQARRAY: rings use an SQ array\n");
	}
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);

	/* Bad arguments: -errno, no crash. */
	CHECK_EQ(io_uring_queue_init(4, NULL, 0), -EINVAL);
	CHECK_EQ(io_uring_queue_init_params(4, &ring, NULL), -EINVAL);
	CHECK_EQ(io_uring_queue_init(0, &ring, 0), -EINVAL);
	CHECK_EQ(ring.ring_fd, -1);
	io_uring_queue_exit(&ring);
	io_uring_queue_exit(NULL);
	CHECK_EQ(io_uring_queue_init(4, &ring, 1U << 30), -EINVAL);
	CHECK_EQ(io_uring_queue_init(1U << 20, &ring, 0), -EINVAL);
	CHECK_EQ(io_uring_enable_rings(NULL), -EINVAL);
	CHECK_EQ(io_uring_queue_mmap(0, NULL, &ring), -EINVAL);
	return 0;
}
