/* SPDX-License-Identifier: MIT */
/* A resize whose new mapping fails (tight RLIMIT_AS) after the kernel has
 * switched rings: the call fails with -ENOMEM, the ring refuses I/O with
 * -EBADFD instead of touching dead memory, and io_uring_queue_exit closes
 * it without a crash or a leak. */
#include <string.h>
#include <sys/resource.h>
#include "helpers.h"

int main(void)
{
	struct io_uring_params p;
	struct resources before;
	struct io_uring_cqe *cqe;
	struct rlimit old, tight;
	struct io_uring ring;
	int ret;

	require(IO_URING_REGIONS_RESIZE);
	resources_get(&before);
	ring_init(&ring, 8, IORING_SETUP_SINGLE_ISSUER |
		  IORING_SETUP_DEFER_TASKRUN);
	nop_roundtrip(&ring);

	/* Room for about 256 KiB more; the new rings need over 3 MiB. */
	CHECK(getrlimit(RLIMIT_AS, &old) == 0);
	tight = old;
	tight.rlim_cur = (rlim_t)status_kb("VmSize") * 1024 + 256 * 1024;
	CHECK(setrlimit(RLIMIT_AS, &tight) == 0);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 32768;
	ret = io_uring_resize_rings(&ring, &p);
	CHECK(setrlimit(RLIMIT_AS, &old) == 0);
	CHECK_EQ(ret, -ENOMEM);

	/*
	 * The kernel switched: the ring is unusable, and the library's calls
	 * say so.  Beside liburing, liburing's own calls cannot know.
	 */
#ifndef TEST_BESIDE_LIBURING
	queue_nop(&ring, 1);
	CHECK_EQ(io_uring_submit(&ring), -EBADFD);
	cqe = (struct io_uring_cqe *)1;
	CHECK_EQ(io_uring_wait_cqe_nr(&ring, &cqe, 1), -EBADFD);
	CHECK(cqe == NULL);
	cqe = (struct io_uring_cqe *)1;
	CHECK_EQ(io_uring_submit_and_wait_timeout(&ring, &cqe, 1, NULL, NULL),
		 -EBADFD);
	CHECK(cqe == NULL);
#endif
	cqe = (struct io_uring_cqe *)1;
	CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0), -EBADFD);
	CHECK(cqe == NULL);
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EBADFD);
	io_uring_queue_exit(&ring);
	resources_check(&before, "failed resize");

	/* A resize that can map afterwards works on a new ring. */
	ring_init(&ring, 8, IORING_SETUP_SINGLE_ISSUER |
		  IORING_SETUP_DEFER_TASKRUN);
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	return 0;
}
