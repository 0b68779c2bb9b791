/* SPDX-License-Identifier: MIT */
/*
 * Clone churn: 10,000 clone / unregister cycles from one source ring into
 * three others, with fixed reads checking the bytes through the clones,
 * and pinned memory back to its baseline at the end.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "../helpers.h"

#define NR_BUFS		16
#define BUF_SIZE	4096
#define CYCLES		10000

int main(void)
{
	struct io_uring rings[4];
	struct iovec iov[NR_BUFS];
	struct resources before;
	unsigned char *mem;
	unsigned seed = 1;
	long base_pin;
	int i, file, cycle;

	require(IO_URING_REGIONS_CLONE | IO_URING_REGIONS_CLONE_OFFSET);
	file = temp_file(BUF_SIZE, 5);
	mem = page_alloc(NR_BUFS * BUF_SIZE);
	resources_get(&before);
	base_pin = status_kb("VmPin");
	for (i = 0; i < 4; i++)
		ring_init(&rings[i], 8, 0);
	for (i = 0; i < NR_BUFS; i++) {
		iov[i].iov_base = mem + i * BUF_SIZE;
		iov[i].iov_len = BUF_SIZE;
	}
	CHECK_EQ(io_uring_register_buffers(&rings[0], iov, NR_BUFS), 0);
	for (cycle = 0; cycle < CYCLES; cycle++) {
		struct io_uring *dst;
		unsigned src_off, nr, dst_off;
		unsigned char *buf;
		struct io_uring_sqe *sqe;
		size_t k;

		seed = seed * 1103515245 + 12345;
		dst = &rings[1 + (seed >> 8) % 3];
		nr = 1 + (seed >> 12) % NR_BUFS;
		src_off = (seed >> 16) % (NR_BUFS - nr + 1);
		dst_off = (seed >> 20) % 8;
		CHECK_EQ(io_uring_clone_buffers_offset(dst, &rings[0], dst_off,
						       src_off, nr, 0), 0);
		/* Read into the last cloned slot: the source's buffer. */
		buf = iov[src_off + nr - 1].iov_base;
		memset(buf, 0, BUF_SIZE);
		sqe = io_uring_get_sqe(dst);
		io_uring_prep_read_fixed(sqe, file, buf, BUF_SIZE, 0,
					 (int)(dst_off + nr - 1));
		io_uring_sqe_set_data64(sqe, (__u64)cycle);
		CHECK_EQ(io_uring_submit(dst), 1);
		expect_cqe(dst, (__u64)cycle, BUF_SIZE, 0);
		for (k = 0; k < BUF_SIZE; k++)
			if (buf[k] != pattern(k, 5))
				FAIL("cycle %d: byte %zu wrong", cycle, k);
		CHECK_EQ(io_uring_unregister_buffers(dst), 0);
	}
	/* Clones pinned nothing of their own. */
	CHECK_EQ(status_kb("VmPin"), base_pin + NR_BUFS * BUF_SIZE / 1024);
	for (i = 0; i < 4; i++)
		io_uring_queue_exit(&rings[i]);
	resources_check(&before, "clone churn");
	printf("clone churn: %d clone/read/unregister cycles over 4 rings; "
	       "VmPin back to %ld kB\n", CYCLES, status_kb("VmPin"));
	munmap(mem, NR_BUFS * BUF_SIZE);
	close(file);
	return 0;
}
