/* SPDX-License-Identifier: MIT */
/*
 * A region of kernel-allocated memory (6.14+), mapped into the process by
 * the library, used for two things at once: its first page holds the
 * registered wait slots, the rest is a data buffer that I/O reads into and
 * writes from.  Exits non-zero if the data or the timeout is wrong.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <liburing-regions.h>

#define REGION_SIZE	(64 * 1024)

static int run(struct io_uring *ring, unsigned op, int fd, void *buf,
	       unsigned len)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct io_uring_cqe *cqe;
	int ret;

	io_uring_prep_rw((int)op, sqe, fd, buf, len, 0);
	/* Slot 0 bounds the wait to one second. */
	ret = io_uring_submit_and_wait_reg(ring, &cqe, 1, 0);
	if (ret < 0)
		return ret;
	ret = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return ret;
}

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char path[] = "/tmp/kernel-region-XXXXXX";
	struct io_uring_reg_wait *slots;
	unsigned len = REGION_SIZE - (unsigned)page;
	struct io_uring ring;
	char *region, *data, *check;
	int ret, fd;
	unsigned i;

	if (!(io_uring_regions_probe() & IO_URING_REGIONS_KERNEL_REGION)) {
		fprintf(stderr, "this kernel cannot allocate regions\n");
		return 1;
	}
	ret = io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED |
				  IORING_SETUP_SINGLE_ISSUER |
				  IORING_SETUP_DEFER_TASKRUN);
	if (ret < 0)
		return fprintf(stderr, "queue_init: %s\n", strerror(-ret)), 1;
	region = io_uring_map_region(&ring, REGION_SIZE,
				     IORING_MEM_REGION_REG_WAIT_ARG, &ret);
	if (!region)
		return fprintf(stderr, "map_region: %s\n", strerror(-ret)), 1;
	slots = (struct io_uring_reg_wait *)region;
	slots[0].ts.tv_sec = 1;
	slots[0].flags = IORING_REG_WAIT_TS;
	data = region + page;
	io_uring_enable_rings(&ring);

	fd = mkstemp(path);
	if (fd < 0)
		return perror("mkstemp"), 1;
	unlink(path);
	for (i = 0; i < len; i++)
		data[i] = (char)(i % 251);
	ret = run(&ring, IORING_OP_WRITE, fd, data, len);
	if (ret != (int)len)
		return fprintf(stderr, "write from region: %d\n", ret), 1;
	memset(data, 0, len);
	ret = run(&ring, IORING_OP_READ, fd, data, len);
	if (ret != (int)len)
		return fprintf(stderr, "read into region: %d\n", ret), 1;
	check = malloc(len);
	if (pread(fd, check, len, 0) != (ssize_t)len || memcmp(check, data, len))
		return fprintf(stderr, "region data differs\n"), 1;
	/* Nothing to complete: the slot's timeout ends the wait. */
	{
		struct io_uring_cqe *cqe;

		slots[0].ts.tv_sec = 0;
		slots[0].ts.tv_nsec = 1000000;
		ret = io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0);
		if (ret != -ETIME)
			return fprintf(stderr, "timeout: %d\n", ret), 1;
	}
	printf("%u bytes written from and read into a %d KiB kernel region "
	       "that also holds the wait slots\n", len, REGION_SIZE / 1024);
	io_uring_queue_exit(&ring);
	io_uring_unmap_region(region, REGION_SIZE);
	free(check);
	close(fd);
	return 0;
}
