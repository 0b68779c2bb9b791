/* SPDX-License-Identifier: MIT */
/* The raw system calls return -errno and leave errno alone. */
#include <string.h>
#include <unistd.h>
#include "helpers.h"

int main(void)
{
	struct io_uring_params p;
	int fd, pipefd[2];

	require(IO_URING_REGIONS_RING);
	memset(&p, 0, sizeof(p));
	errno = 1234;
	CHECK_EQ(io_uring_setup(0, &p), -EINVAL);
	CHECK_EQ(io_uring_setup(4, (struct io_uring_params *)-4096L), -EFAULT);
	CHECK_EQ(errno, 1234);

	fd = io_uring_setup(4, &p);
	CHECK(fd >= 0);
	CHECK(p.sq_entries == 4 && p.cq_entries == 8);
	CHECK(p.features & IORING_FEAT_SINGLE_MMAP);
	CHECK_EQ(io_uring_enter((unsigned)fd, 0, 0, 0, NULL), 0);
	CHECK_EQ(io_uring_enter2((unsigned)fd, 0, 0, 1U << 30, NULL, 0),
		 -EINVAL);
	CHECK_EQ(io_uring_register((unsigned)fd, 9999, NULL, 0), -EINVAL);
	CHECK_EQ(io_uring_register((unsigned)fd, IORING_REGISTER_ENABLE_RINGS,
				   NULL, 0), -EBADFD);
	close(fd);

	CHECK_EQ(io_uring_enter((unsigned)fd, 0, 0, 0, NULL), -EBADF);
	CHECK_EQ(io_uring_register((unsigned)fd, IORING_UNREGISTER_BUFFERS,
				   NULL, 0), -EBADF);
	CHECK(pipe(pipefd) == 0);
	CHECK_EQ(io_uring_enter((unsigned)pipefd[0], 0, 0, 0, NULL),
		 -EOPNOTSUPP);
	CHECK_EQ(io_uring_register((unsigned)pipefd[0],
				   IORING_UNREGISTER_BUFFERS, NULL, 0),
		 -EOPNOTSUPP);
	close(pipefd[0]);
	close(pipefd[1]);
	CHECK_EQ(errno, 1234);
	return 0;
}
