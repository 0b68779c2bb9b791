/* SPDX-License-Identifier: MIT */
/*
 * Prints the bits of struct io_uring.int_flags that
 * io_uring_register_ring_fd() sets, with and without
 * IORING_FEAT_REG_REG_RING in the ring's features: built with liburing
 * (-DUSE_LIBURING) it measures liburing, built with the library's
 * src/internal.h it measures the library and prints its constants.
 * test/int-flags.sh compares.
 */
#include <stdio.h>
#ifdef USE_LIBURING
#include <liburing.h>
#else
#include "internal.h"
#endif

#define FEAT_REG_REG_RING	(1U << 13)

/* The bits set by registering @ring's fd; -1 on an error. */
static long reg_bits(struct io_uring *ring, int with_feature)
{
	unsigned before = ring->int_flags;
	int ret;

	if (!with_feature)
		ring->features &= ~FEAT_REG_REG_RING;
	ret = io_uring_register_ring_fd(ring);
	if (ret != 1) {
		fprintf(stderr, "register_ring_fd: %d\n", ret);
		return -1;
	}
	return (long)(ring->int_flags & ~before);
}

int main(void)
{
	struct io_uring a, b;
	long without, with = -2;

	if (io_uring_queue_init(2, &a, 0) || io_uring_queue_init(2, &b, 0)) {
		fprintf(stderr, "queue_init failed\n");
		return 1;
	}
	without = reg_bits(&a, 0);
	if (b.features & FEAT_REG_REG_RING)
		with = reg_bits(&b, 1);
	printf("without %ld with %ld\n", without, with);
#ifndef USE_LIBURING
	printf("REG_RING %u REG_REG_RING %u REGISTERED %u\n",
	       INT_FLAG_REG_RING, INT_FLAG_REG_REG_RING, INT_FLAGS_REGISTERED);
#endif
	io_uring_queue_exit(&a);
	io_uring_queue_exit(&b);
	return without < 0 || with == -1;
}
