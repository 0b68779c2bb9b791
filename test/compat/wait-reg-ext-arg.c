/* SPDX-License-Identifier: MIT */
/*
 * io_uring_submit_and_wait_reg() on a ring whose features lack
 * IORING_FEAT_EXT_ARG (as liburing 2.3's io_uring_queue_mmap() leaves them,
 * on a kernel that has it), with one NOP pending:
 * prints the result, how far the SQ tail the kernel sees moved, and what a
 * later submit returns and reaps.  test/wait-reg-ext-arg.sh builds it with
 * liburing 2.15 (-DUSE_LIBURING) and with the library.
 */
#include <stdio.h>
#ifdef USE_LIBURING
#include <liburing.h>
#else
#include <liburing-regions.h>
#endif

int main(void)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	unsigned tail;
	int ret;

	if (io_uring_queue_init(4, &ring, 0))
		return 1;
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	sqe->user_data = 5;
	tail = *ring.sq.ktail;
	ring.features &= ~IORING_FEAT_EXT_ARG;
	ret = io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0);
	printf("wait_reg %d tail +%u", ret, *ring.sq.ktail - tail);
	ring.features |= IORING_FEAT_EXT_ARG;
	printf(" submit %d", io_uring_submit(&ring));
	ret = io_uring_wait_cqe(&ring, &cqe);
	printf(" cqe %d %llu\n", ret,
	       ret ? 0ULL : (unsigned long long)cqe->user_data);
	io_uring_queue_exit(&ring);
	return 0;
}
