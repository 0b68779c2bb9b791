/* SPDX-License-Identifier: MIT */
/*
 * Sharing registered buffers with a second ring: cloning the table (clone)
 * against registering the same memory there again (register), which pins
 * every page anew; 1 MiB to 1 GiB, in one buffer and in 256.
 */
#include <sys/mman.h>
#include "bench.h"

#define MANY	256

static double time_one(struct io_uring *src, struct io_uring *dst,
		       const struct iovec *iov, unsigned nr, int clone)
{
	long long t = now_ns();

	if (clone)
		must(io_uring_clone_buffers(dst, src), "clone");
	else
		must(io_uring_register_buffers(dst, iov, nr), "register");
	t = now_ns() - t;
	must(io_uring_unregister_buffers(dst), "unregister");
	return (double)t;
}

static void sizes(size_t bytes, unsigned nr, char *mem)
{
	static struct iovec iov[MANY];
	struct io_uring src, dst;
	double v[2][REPS];
	char extra[96];
	unsigned i;
	int rep, clone;

	for (i = 0; i < nr; i++) {
		iov[i].iov_base = mem + i * (bytes / nr);
		iov[i].iov_len = bytes / nr;
	}
	must(io_uring_queue_init(4, &src, 0), "src");
	must(io_uring_queue_init(4, &dst, 0), "dst");
	must(io_uring_register_buffers(&src, iov, nr), "register source");
	/*
	 * Each case runs its repetitions in a row, the clones first.  Taking
	 * turns would time each clone right after a large registration was
	 * dropped, and the work that drop leaves behind made such a clone up
	 * to 19 times slower.  The warm-up clone absorbs that work instead.
	 */
	time_one(&src, &dst, iov, nr, 0);	/* warm-up */
	time_one(&src, &dst, iov, nr, 1);
	for (clone = 1; clone >= 0; clone--)
		for (rep = 0; rep < REPS; rep++)
			v[clone][rep] = time_one(&src, &dst, iov, nr, clone);
	snprintf(extra, sizeof(extra), "\"bytes\": %zu, \"buffers\": %u",
		 bytes, nr);
	result("clone", "register", median(v[0], REPS), extra);
	result("clone", "clone", median(v[1], REPS), extra);
	io_uring_queue_exit(&src);
	io_uring_queue_exit(&dst);
}

int main(void)
{
	size_t max = 1UL << 30, bytes;
	char *mem;

	if (!(io_uring_regions_probe() & IO_URING_REGIONS_CLONE))
		DIE("clone: the kernel cannot clone buffers");
	mem = mmap(NULL, max, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (mem == MAP_FAILED)
		DIE("mmap 1 GiB");
	for (bytes = 1UL << 20; bytes <= max; bytes <<= 2) {
		sizes(bytes, 1, mem);
		sizes(bytes, MANY, mem);
	}
	munmap(mem, max);
	return 0;
}
