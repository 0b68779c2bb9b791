/* SPDX-License-Identifier: MIT */
/*
 * A ring that was never set up, or was closed, or asked for setup flags the
 * core cannot drive: every call returns an error, none crashes, and nothing
 * is left open or closed that the ring did not own.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"

/* Every call on a ring without rings: -EBADF or nothing to hand out. */
static void check_dead(struct io_uring *ring)
{
	struct __kernel_timespec ts = { 0, 1000000 };
	struct io_uring_params p;
	struct io_uring_cqe *cqe = (struct io_uring_cqe *)1;
	struct iovec iov = { &p, sizeof(p) };

	CHECK_EQ(ring->ring_fd, -1);
	CHECK(io_uring_get_sqe(ring) == NULL);
	CHECK_EQ(io_uring_sq_ready(ring), 0);
	CHECK_EQ(io_uring_cq_ready(ring), 0);
	CHECK_EQ(io_uring_submit(ring), -EBADF);
	CHECK_EQ(io_uring_submit_and_wait(ring, 1), -EBADF);
	CHECK_EQ(io_uring_peek_cqe(ring, &cqe), -EBADF);
	CHECK_EQ(io_uring_wait_cqe(ring, &cqe), -EBADF);
	CHECK_EQ(io_uring_wait_cqe_timeout(ring, &cqe, &ts), -EBADF);
	CHECK_EQ(io_uring_submit_and_wait_timeout(ring, &cqe, 1, &ts, NULL),
		 -EBADF);
	CHECK_EQ(io_uring_submit_and_wait_reg(ring, &cqe, 1, 0), -EBADF);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 8;
	CHECK_EQ(io_uring_resize_rings(ring, &p), -EBADF);
	CHECK_EQ(io_uring_register_buffers(ring, &iov, 1), -EBADF);
	CHECK_EQ(io_uring_enable_rings(ring), -EBADF);
	CHECK_EQ(io_uring_clone_buffers(ring, ring), -EBADF);
	io_uring_queue_exit(ring);	/* twice is harmless */
}

/* fd 0 is open (CI runs without stdin: give it /dev/null). */
static void hold_fd0(void)
{
	if (fcntl(0, F_GETFD) < 0)
		CHECK_EQ(open("/dev/null", O_RDONLY), 0);
}

int main(void)
{
	struct resources before;
	struct io_uring_params p;
	struct io_uring ring;
	static const unsigned refused[] = {
		IORING_SETUP_NO_MMAP,
		IORING_SETUP_NO_MMAP | IORING_SETUP_REGISTERED_FD_ONLY,
		IORING_SETUP_REGISTERED_FD_ONLY,
		1U << 18,	/* CQE_MIXED */
		1U << 19,	/* SQE_MIXED */
		1U << 20,	/* SQ_REWIND */
		1U << 31,
	};
	size_t i;

	hold_fd0();
	resources_get(&before);

	/* A zeroed struct and a failed setup: ring_fd -1, fd 0 untouched. */
	memset(&ring, 0, sizeof(ring));
	CHECK_EQ(io_uring_queue_init_params(8, &ring, NULL), -EINVAL);
	check_dead(&ring);
	memset(&ring, 0, sizeof(ring));
	memset(&p, 0, sizeof(p));
	CHECK_EQ(io_uring_queue_mmap(-1, &p, &ring), -EINVAL);
	check_dead(&ring);
	memset(&ring, 0, sizeof(ring));
	CHECK_EQ(io_uring_queue_init(0, &ring, 0), -EINVAL);
	check_dead(&ring);
	CHECK(fcntl(0, F_GETFD) >= 0);

	/* Flags the core does not drive: refused, nothing created. */
	for (i = 0; i < ARRAY_SIZE(refused); i++) {
		memset(&ring, 0, sizeof(ring));
		if (io_uring_queue_init(8, &ring, refused[i]) != -EINVAL)
			FAIL("setup flags 0x%x were not refused", refused[i]);
		check_dead(&ring);
	}
	CHECK(fcntl(0, F_GETFD) >= 0);
	resources_check(&before, "refused setups");

	/* After io_uring_queue_exit. */
	ring_init(&ring, 8, 0);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	check_dead(&ring);
	ring_init(&ring, 8, IORING_SETUP_SINGLE_ISSUER |
		  IORING_SETUP_DEFER_TASKRUN);
	CHECK_EQ(io_uring_register_ring_fd(&ring), 1);
	io_uring_queue_exit(&ring);
	check_dead(&ring);
	CHECK(fcntl(0, F_GETFD) >= 0);
	resources_check(&before, "closed rings");
	return 0;
}
