/* SPDX-License-Identifier: MIT */
/* Ring core: the registered ring fd, used for enter and for register. */
#include <string.h>
#include "helpers.h"

static void check_ring(unsigned flags)
{
	struct resources before;
	struct io_uring ring;
	struct iovec iov;
	char buf[4096];

	resources_get(&before);
	ring_init(&ring, 8, flags);
	CHECK_EQ(io_uring_unregister_ring_fd(&ring), -EINVAL);
	CHECK_EQ(io_uring_register_ring_fd(&ring), 1);
	CHECK(ring.enter_ring_fd >= 0 && ring.enter_ring_fd < 16);
	CHECK(ring.enter_ring_fd != ring.ring_fd || ring.ring_fd < 16);
	CHECK(ring.int_flags & 0x10);	/* liburing 2.15's INT_FLAG_REG_RING */
	CHECK_EQ(io_uring_register_ring_fd(&ring), -EEXIST);
	/* Enter and register go through the index now. */
	nop_roundtrip(&ring);
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	CHECK_EQ(io_uring_register_buffers(&ring, &iov, 1), 0);
	CHECK_EQ(io_uring_unregister_buffers(&ring), 0);

	CHECK_EQ(io_uring_unregister_ring_fd(&ring), 1);
	CHECK_EQ(ring.enter_ring_fd, ring.ring_fd);
	CHECK_EQ(io_uring_unregister_ring_fd(&ring), -EINVAL);
	nop_roundtrip(&ring);

	/* queue_exit unregisters a registered ring fd itself. */
	CHECK_EQ(io_uring_register_ring_fd(&ring), 1);
	io_uring_queue_exit(&ring);
	resources_check(&before, "registered ring fd");

	CHECK_EQ(io_uring_register_ring_fd(NULL), -EINVAL);
	CHECK_EQ(io_uring_unregister_ring_fd(NULL), -EINVAL);
}

int main(void)
{
	require(IO_URING_REGIONS_RING);
	check_ring(0);
	check_ring(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
	return 0;
}
