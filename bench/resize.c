/* SPDX-License-Identifier: MIT */
/*
 * Changing a ring's size: io_uring_resize_rings with K pending CQEs kept
 * (resize, growing to twice the entries and shrinking back), against
 * tearing the ring down and setting it up again at the new size with its
 * 8 fixed buffers registered again (recreate), which loses pending CQEs.
 * 64 to 32768 SQ entries.  With --one, makes a single resize between two
 * marker system calls, for counting its system calls with strace.
 */
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "bench.h"

#define DEFER	(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN)
#define NR_BUFS	8

static struct iovec iov[NR_BUFS];
/* System calls of one resize, counted by bench/run.sh with strace. */
static const char *syscalls = "null";

static void fill_cq(struct io_uring *ring, unsigned k)
{
	unsigned i;

	for (i = 0; i < k; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		if (!sqe) {
			must(io_uring_submit(ring), "submit");
			sqe = io_uring_get_sqe(ring);
		}
		io_uring_prep_nop(sqe);
	}
	must(io_uring_submit(ring), "submit");
}

static int resize(struct io_uring *ring, unsigned sq)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.sq_entries = sq;
	return io_uring_resize_rings(ring, &p);
}

static void entries(unsigned n)
{
	double v[2][REPS];
	struct io_uring ring;
	char extra[96];
	unsigned k = n / 2;
	int rep;

	must(io_uring_queue_init(n, &ring, DEFER), "queue_init");
	must(io_uring_register_buffers(&ring, iov, NR_BUFS), "buffers");
	fill_cq(&ring, k);
	for (rep = 0; rep < REPS; rep++) {
		long long t = now_ns();

		must(resize(&ring, 2 * n), "grow");
		must(resize(&ring, n), "shrink");
		v[0][rep] = (double)(now_ns() - t) / 2;
		if (io_uring_cq_ready(&ring) != k)
			DIE("resize lost CQEs");

		t = now_ns();
		io_uring_queue_exit(&ring);
		must(io_uring_queue_init(2 * n, &ring, DEFER), "recreate");
		must(io_uring_register_buffers(&ring, iov, NR_BUFS), "re-reg");
		io_uring_queue_exit(&ring);
		must(io_uring_queue_init(n, &ring, DEFER), "recreate");
		must(io_uring_register_buffers(&ring, iov, NR_BUFS), "re-reg");
		v[1][rep] = (double)(now_ns() - t) / 2;
		fill_cq(&ring, k);
	}
	snprintf(extra, sizeof(extra), "\"entries\": %u, \"pending_cqes\": %u, "
		 "\"syscalls\": %s", n, k, syscalls);
	result("resize", "resize", median(v[0], REPS), extra);
	snprintf(extra, sizeof(extra), "\"entries\": %u, \"pending_cqes\": 0, "
		 "\"buffers\": %d", n, NR_BUFS);
	result("resize", "recreate", median(v[1], REPS), extra);
	io_uring_queue_exit(&ring);
}

int main(int argc, char **argv)
{
	char *mem;
	unsigned n;
	int i;

	if (!(io_uring_regions_probe() & IO_URING_REGIONS_RESIZE))
		DIE("resize: the kernel cannot resize rings");
	if (argc == 2 && !strcmp(argv[1], "--one")) {
		struct io_uring ring;

		must(io_uring_queue_init(64, &ring, DEFER), "queue_init");
		fill_cq(&ring, 32);
		getpid();
		must(resize(&ring, 128), "resize");
		getppid();
		io_uring_queue_exit(&ring);
		return 0;
	}
	if (getenv("RESIZE_SYSCALLS"))
		syscalls = getenv("RESIZE_SYSCALLS");
	mem = mmap(NULL, NR_BUFS << 20, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	for (i = 0; i < NR_BUFS; i++) {
		iov[i].iov_base = mem + ((size_t)i << 20);
		iov[i].iov_len = 1 << 20;
	}
	/* Growing the largest to twice its size reaches 32768. */
	for (n = 64; n <= 16384; n <<= 2)
		entries(n);
	munmap(mem, NR_BUFS << 20);
	return 0;
}
