/* SPDX-License-Identifier: MIT */
/*
 * After io_uring_queue_exit(): liburing's leaves ring_fd at the closed
 * number (which a new ring may reuse) and unmaps the rings, which no call
 * can detect; a program that then sets ring_fd to -1, as the pages say,
 * gets -EBADF from resize, clone and registered waits, and the ring that
 * reused the number is left alone.  The library's own exit sets -1 itself.
 */
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include "helpers.h"

#define DEFER	(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN)

int main(void)
{
	struct iovec iov = { .iov_len = 4096 };
	struct io_uring gone, other, src;
	struct io_uring_params p;
	struct io_uring_cqe *cqe;
	int fd, reused;

	require(IO_URING_REGIONS_RING);
	/* Anonymous memory: 6.1 refuses a static buffer (-EINVAL). */
	iov.iov_base = mmap(NULL, iov.iov_len, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(iov.iov_base != MAP_FAILED);
	ring_init(&src, 4, 0);
	CHECK_EQ(io_uring_register_buffers(&src, &iov, 1), 0);
	ring_init(&gone, 4, DEFER);
	fd = gone.ring_fd;
	io_uring_queue_exit(&gone);
	gone.ring_fd = -1;
	/* Most likely the closed number again. */
	ring_init(&other, 4, DEFER);
	reused = other.ring_fd == fd;

	memset(&p, 0, sizeof(p));
	p.sq_entries = 8;
	CHECK_EQ(io_uring_resize_rings(&gone, &p), -EBADF);
	CHECK_EQ(io_uring_submit_and_wait_reg(&gone, &cqe, 1, 0), -EBADF);
	CHECK_EQ(io_uring_clone_buffers(&gone, &src), -EBADF);
	CHECK_EQ(__io_uring_clone_buffers(&gone, &src, 0), -EBADF);
	CHECK_EQ(io_uring_clone_buffers_offset(&gone, &src, 0, 0, 1, 0),
		 -EBADF);
	/* As the source: the kernel's answer to fd -1 (6.12 on). */
	if (io_uring_regions_probe() & IO_URING_REGIONS_CLONE) {
		CHECK_EQ(io_uring_clone_buffers(&other, &gone), -EBADF);
		CHECK_EQ(__io_uring_clone_buffers(&other, &gone, 0), -EBADF);
		CHECK_EQ(io_uring_clone_buffers(&other, &src), 0);
	}

	/* The ring that may have the old number: untouched, working. */
	CHECK_EQ(other.sq.ring_entries, 4);
	nop_roundtrip(&other);
	io_uring_queue_exit(&other);
	io_uring_queue_exit(&src);
	munmap(iov.iov_base, iov.iov_len);
	printf("after-exit: -EBADF once ring_fd is -1 (fd %d %s)\n", fd,
	       reused ? "reused" : "not reused");
	return 0;
}
