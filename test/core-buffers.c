/* SPDX-License-Identifier: MIT */
/* Ring core: reads and writes, plain and through fixed buffers, and the
 * fixed-buffer registration calls (plain, sparse, tagged, updated). */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "helpers.h"

#define BUF_SIZE	4096

static void submit_one(struct io_uring *ring)
{
	CHECK_EQ(io_uring_submit(ring), 1);
}

static void check_pattern(const unsigned char *buf, size_t len, size_t off,
			  unsigned seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (buf[i] != pattern(off + i, seed))
			FAIL("byte %zu is %u, expected %u", i, buf[i],
			     pattern(off + i, seed));
}

static void plain_read_write(struct io_uring *ring, int fd)
{
	unsigned char buf[BUF_SIZE];
	struct io_uring_sqe *sqe;

	/* valgrind cannot see the kernel's write: start from known bytes. */
	memset(buf, 0, sizeof(buf));
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_read(sqe, fd, buf, 1000, 4096);
	io_uring_sqe_set_data64(sqe, 1);
	submit_one(ring);
	expect_cqe(ring, 1, 1000, 0);
	check_pattern(buf, 1000, 4096, 1);

	memset(buf, 0xab, sizeof(buf));
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_write(sqe, fd, buf, 512, 8192);
	io_uring_sqe_set_data64(sqe, 2);
	submit_one(ring);
	expect_cqe(ring, 2, 512, 0);
	CHECK_EQ(pread(fd, buf + 1024, 512, 8192), 512);
	CHECK(buf[1024] == 0xab && buf[1535] == 0xab);
}

static void fixed_read(struct io_uring *ring, int fd, void *buf, int index,
		       int res)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	io_uring_prep_read_fixed(sqe, fd, buf, BUF_SIZE, 0, index);
	CHECK_EQ(sqe->buf_index, index);
	io_uring_sqe_set_data64(sqe, 10 + index);
	submit_one(ring);
	expect_cqe(ring, 10 + index, res, 0);
}

static void fixed_write(struct io_uring *ring, int fd, const void *buf,
			int index, int res)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	io_uring_prep_write_fixed(sqe, fd, buf, BUF_SIZE, 0, index);
	io_uring_sqe_set_data64(sqe, 20 + index);
	submit_one(ring);
	expect_cqe(ring, 20 + index, res, 0);
}

/* Each tag's release CQE, once, in whatever order the kernel posts them. */
static void expect_tags(struct io_uring *ring, const __u64 *tags, int nr)
{
	struct io_uring_cqe *cqe;
	unsigned seen = 0;
	int i, j;

	for (i = 0; i < nr; i++) {
		CHECK_EQ(io_uring_wait_cqe(ring, &cqe), 0);
		CHECK_EQ(cqe->res, 0);
		CHECK_EQ(cqe->flags, 0);
		for (j = 0; j < nr; j++)
			if (cqe->user_data == tags[j])
				break;
		if (j == nr || (seen & (1U << j)))
			FAIL("unexpected tag CQE %llu",
			     (unsigned long long)cqe->user_data);
		seen |= 1U << j;
		io_uring_cqe_seen(ring, cqe);
	}
}

/* Nothing more arrives (a tag of 0 asks for no CQE). */
static void expect_no_cqe(struct io_uring *ring)
{
	struct __kernel_timespec ts = { 0, 50 * 1000 * 1000 };
	struct io_uring_cqe *cqe;
	int ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);

	if (ret != -ETIME)
		FAIL("unexpected CQE: user_data %llu",
		     ret ? 0ULL : (unsigned long long)cqe->user_data);
}

static void fixed_buffers(struct io_uring *ring, int fd)
{
	unsigned char *mem = page_alloc(4 * BUF_SIZE);
	struct iovec iov[4];
	__u64 tags[4] = { 1, 2, 3, 4 }, no_tag = 0;
	int i, out = temp_file(BUF_SIZE, 9);

	for (i = 0; i < 4; i++) {
		iov[i].iov_base = mem + i * BUF_SIZE;
		iov[i].iov_len = BUF_SIZE;
	}

	/* Plain table: a fixed read lands in buffer 2. */
	CHECK_EQ(io_uring_register_buffers(ring, iov, 4), 0);
	CHECK_EQ(io_uring_register_buffers(ring, iov, 4), -EBUSY);
	fixed_read(ring, fd, iov[2].iov_base, 2, BUF_SIZE);
	check_pattern(iov[2].iov_base, BUF_SIZE, 0, 1);
	memset(iov[3].iov_base, 0x5a, BUF_SIZE);
	fixed_write(ring, out, iov[3].iov_base, 3, BUF_SIZE);
	/* An address outside the registered buffer is refused. */
	fixed_read(ring, fd, mem + 4 * BUF_SIZE, 0, -EFAULT);
	CHECK_EQ(io_uring_unregister_buffers(ring), 0);
	CHECK_EQ(io_uring_unregister_buffers(ring), -ENXIO);
	/* Without a table a fixed read fails in its CQE. */
	fixed_read(ring, fd, iov[0].iov_base, 0, -EFAULT);

	/* Sparse table, then one slot filled by an update with a tag. */
	CHECK_EQ(io_uring_register_buffers_sparse(ring, 4), 0);
	fixed_read(ring, fd, iov[1].iov_base, 1, -EFAULT);
	CHECK_EQ(io_uring_register_buffers_update_tag(ring, 1, &iov[1],
						      &tags[1], 1), 1);
	fixed_read(ring, fd, iov[1].iov_base, 1, BUF_SIZE);
	CHECK_EQ(io_uring_register_buffers_update_tag(ring, 4, &iov[0],
						      &tags[0], 1), -EINVAL);
	/* Replacing the slot releases its buffer: a CQE with the tag. */
	CHECK_EQ(io_uring_register_buffers_update_tag(ring, 1, &iov[2],
						      &no_tag, 1), 1);
	expect_cqe(ring, tags[1], 0, 0);
	fixed_read(ring, fd, iov[2].iov_base, 1, BUF_SIZE);
	CHECK_EQ(io_uring_unregister_buffers(ring), 0);
	expect_no_cqe(ring);

	/* A tagged table: each slot's tag when an update replaces it. */
	CHECK_EQ(io_uring_register_buffers_tags(ring, iov, tags, 4), 0);
	fixed_read(ring, fd, iov[0].iov_base, 0, BUF_SIZE);
	for (i = 0; i < 4; i++)
		CHECK_EQ(io_uring_register_buffers_update_tag(ring, (unsigned)i,
							      &iov[i], &no_tag,
							      1), 1);
	expect_tags(ring, tags, 4);
	CHECK_EQ(io_uring_unregister_buffers(ring), 0);
	expect_no_cqe(ring);

	CHECK_EQ(io_uring_register_buffers(NULL, iov, 4), -EINVAL);
	/* Memory that cannot be pinned: the kernel's -EFAULT. */
	{
		struct iovec bad = { NULL, BUF_SIZE };

		CHECK_EQ(io_uring_register_buffers(ring, &bad, 1), -EFAULT);
	}
	CHECK_EQ(io_uring_register_buffers_sparse(ring, 0), -EINVAL);
	close(out);
	munmap(mem, 4 * BUF_SIZE);
}

static void check_ring(unsigned flags)
{
	struct resources before;
	struct io_uring ring;
	int fd;

	fprintf(stderr, "ring flags 0x%x\n", flags);
	resources_get(&before);
	fd = temp_file(64 * 1024, 1);
	ring_init(&ring, 8, flags);
	plain_read_write(&ring, fd);
	fixed_buffers(&ring, fd);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	close(fd);
	resources_check(&before, "fixed buffers");
}

int main(void)
{
	require(IO_URING_REGIONS_RING);
	check_ring(0);
	check_ring(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
	return 0;
}
