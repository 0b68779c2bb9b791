/* SPDX-License-Identifier: MIT */
/*
 * io_uring_register_restrictions(): a disabled ring limited to NOPs runs
 * NOPs once enabled and refuses other opcodes and registrations with
 * -EACCES; one registration only, while the ring is disabled.
 * Beside liburing before 2.4, whose shared library lacks this call and
 * io_uring_enable_rings(), both are this library's.
 */
#include <string.h>
#include "helpers.h"

static int ours(void)
{
#if defined(TEST_BESIDE_LIBURING) && defined(IO_URING_VERSION_MAJOR)
	return 0;
#else
	return 1;
#endif
}

/* No entry at all: accepted, and then the ring allows nothing. */
static void empty_set(void)
{
	struct io_uring_restriction none;
	struct io_uring ring;

	ring_init(&ring, 8, IORING_SETUP_R_DISABLED);
	CHECK_EQ(io_uring_register_restrictions(&ring, &none, 0), 0);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	queue_nop(&ring, 3);
	CHECK_EQ(io_uring_submit(&ring), 1);
	expect_cqe(&ring, 3, -EACCES, 0);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct io_uring_restriction res[2];
	struct io_uring_sqe *sqe;
	struct io_uring ring;
	char buf[8];

	require(IO_URING_REGIONS_RING);
	ring_init(&ring, 8, IORING_SETUP_R_DISABLED);
	memset(res, 0, sizeof(res));
	res[0].opcode = IORING_RESTRICTION_SQE_OP;
	res[0].sqe_op = IORING_OP_NOP;
	res[1].opcode = IORING_RESTRICTION_REGISTER_OP;
	res[1].register_op = IORING_REGISTER_PROBE;
	/* liburing's own would crash on NULL. */
	if (ours())
		CHECK_EQ(io_uring_register_restrictions(NULL, res, 2), -EINVAL);
	/* The kernel's: no array, or more entries than it takes. */
	CHECK_EQ(io_uring_register_restrictions(&ring, NULL, 2), -EINVAL);
	CHECK_EQ(io_uring_register_restrictions(&ring, res, 10000), -EINVAL);
	CHECK_EQ(io_uring_register_restrictions(&ring, res, 2), 0);
	CHECK_EQ(io_uring_register_restrictions(&ring, res, 2), -EBUSY);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	/* Restricted now: registrations not allowed are refused. */
	CHECK_EQ(io_uring_enable_rings(&ring), -EACCES);

	queue_nop(&ring, 1);
	CHECK_EQ(io_uring_submit(&ring), 1);
	expect_cqe(&ring, 1, 0, 0);
	sqe = io_uring_get_sqe(&ring);
	CHECK(sqe);
	io_uring_prep_read(sqe, 0, buf, sizeof(buf), 0);
	io_uring_sqe_set_data64(sqe, 2);
	CHECK_EQ(io_uring_submit(&ring), 1);
	expect_cqe(&ring, 2, -EACCES, 0);
	CHECK_EQ(io_uring_register_restrictions(&ring, res, 2), -EACCES);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	if (ours())
		CHECK_EQ(io_uring_register_restrictions(&ring, res, 2), -EBADF);
	empty_set();
	printf("restrictions: NOPs only, %s call\n",
	       ours() ? "this library's" : "liburing's");
	return 0;
}
