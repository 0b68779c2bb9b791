/* SPDX-License-Identifier: MIT */
/*
 * Two worker threads, each with its own ring, share one set of registered
 * buffers: the main thread registers (and pins) them once, and each worker
 * clones the table into its ring instead of pinning the memory again.
 * Each worker reads its half of a file with fixed reads; the main thread
 * checks the bytes.  Exits non-zero on any mismatch.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <liburing-regions.h>

#define NR_BUFS		8
#define BUF_SIZE	65536

static struct io_uring shared;
static struct iovec iov[NR_BUFS];
static int file;

struct worker {
	int first;	/* buffers first .. first + NR_BUFS / 2 - 1 */
	int error;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct io_uring ring;
	int i, ret;

	ret = io_uring_queue_init(8, &ring, 0);
	if (ret < 0)
		return w->error = ret, NULL;
	/* The __ form: the source ring belongs to another thread. */
	ret = __io_uring_clone_buffers(&ring, &shared, 0);
	if (ret < 0)
		goto out;
	for (i = w->first; i < w->first + NR_BUFS / 2; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		io_uring_prep_read_fixed(sqe, file, iov[i].iov_base, BUF_SIZE,
					 (__u64)i * BUF_SIZE, i);
		io_uring_sqe_set_data64(sqe, (__u64)i);
	}
	ret = io_uring_submit_and_wait(&ring, NR_BUFS / 2);
	for (i = 0; ret >= 0 && i < NR_BUFS / 2; i++) {
		struct io_uring_cqe *cqe;

		ret = io_uring_wait_cqe(&ring, &cqe);
		if (!ret && cqe->res != BUF_SIZE)
			ret = cqe->res < 0 ? cqe->res : -EIO;
		io_uring_cqe_seen(&ring, cqe);
	}
out:
	w->error = ret < 0 ? ret : 0;
	io_uring_queue_exit(&ring);
	return NULL;
}

int main(void)
{
	char path[] = "/tmp/clone-workers-XXXXXX";
	struct worker w[2] = { { 0, 0 }, { NR_BUFS / 2, 0 } };
	unsigned char *mem, byte;
	pthread_t t[2];
	size_t i;
	int ret;

	if (!(io_uring_regions_probe() & IO_URING_REGIONS_CLONE)) {
		fprintf(stderr, "this kernel cannot clone buffers\n");
		return 1;
	}
	file = mkstemp(path);
	if (file < 0)
		return perror("mkstemp"), 1;
	unlink(path);
	mem = malloc(NR_BUFS * BUF_SIZE);
	for (i = 0; i < NR_BUFS * BUF_SIZE; i++)
		mem[i] = (unsigned char)(i * 7 + (i >> 16));
	if (write(file, mem, NR_BUFS * BUF_SIZE) != NR_BUFS * BUF_SIZE)
		return perror("write"), 1;
	memset(mem, 0, NR_BUFS * BUF_SIZE);

	ret = io_uring_queue_init(4, &shared, 0);
	for (i = 0; !ret && i < NR_BUFS; i++) {
		iov[i].iov_base = mem + i * BUF_SIZE;
		iov[i].iov_len = BUF_SIZE;
	}
	if (!ret)
		ret = io_uring_register_buffers(&shared, iov, NR_BUFS);
	if (ret < 0)
		return fprintf(stderr, "register: %s\n", strerror(-ret)), 1;

	for (i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, work, &w[i]);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < 2; i++)
		if (w[i].error)
			return fprintf(stderr, "worker %zu: %s\n", i,
				       strerror(-w[i].error)), 1;
	for (i = 0; i < NR_BUFS * BUF_SIZE; i++) {
		byte = (unsigned char)(i * 7 + (i >> 16));
		if (mem[i] != byte)
			return fprintf(stderr, "byte %zu wrong\n", i), 1;
	}
	printf("2 workers filled %d cloned buffers (%d KiB) with the right "
	       "bytes; the memory was pinned once\n", NR_BUFS,
	       NR_BUFS * BUF_SIZE / 1024);
	io_uring_queue_exit(&shared);
	free(mem);
	close(file);
	return 0;
}
