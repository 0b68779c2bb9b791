/* SPDX-License-Identifier: MIT */
/* Buffer cloning: whole tables, offsets, DST_REPLACE, sparse destinations,
 * the same ring, the __ forms with and without a registered source ring,
 * buffers outliving the source's table, and each error's exact errno.
 * Where the kernel clones whole tables only (6.12: no offsets, no
 * DST_REPLACE), those cases and their errors run, and the rest is left
 * out (said on the last line). */
#include <limits.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "helpers.h"

#define NR_BUFS		4
#define BUF_SIZE	8192

static unsigned char *mem;
static struct iovec iov[NR_BUFS];
static int file;
/* The kernel has clones at offsets and DST_REPLACE (6.13), by the probe. */
static int offsets;

/* A fixed read into buffer @index of @ring (at the address of source
 * buffer @src_buf) returns @res; on success the bytes are the file's. */
static void fixed_read(struct io_uring *ring, int index, int src_buf, int res)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	unsigned char *buf = iov[src_buf].iov_base;
	size_t i;

	memset(buf, 0, BUF_SIZE);
	io_uring_prep_read_fixed(sqe, file, buf, BUF_SIZE, 0, index);
	io_uring_sqe_set_data64(sqe, 0x100 + index);
	CHECK_EQ(io_uring_submit(ring), 1);
	expect_cqe(ring, 0x100 + index, res, 0);
	if (res != BUF_SIZE)
		return;
	for (i = 0; i < BUF_SIZE; i++)
		if (buf[i] != pattern(i, 4))
			FAIL("buffer %d byte %zu is %u, expected %u", index, i,
			     buf[i], pattern(i, 4));
}

/* A fixed write from buffer @index sends the source buffer's bytes. */
static void fixed_write_check(struct io_uring *ring, int index, int src_buf)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	unsigned char *buf = iov[src_buf].iov_base, back[BUF_SIZE];
	int out = temp_file(0, 0);
	size_t i;

	for (i = 0; i < BUF_SIZE; i++)
		buf[i] = (unsigned char)(i ^ (unsigned)src_buf);
	io_uring_prep_write_fixed(sqe, out, buf, BUF_SIZE, 0, index);
	io_uring_sqe_set_data64(sqe, 0x200 + index);
	CHECK_EQ(io_uring_submit(ring), 1);
	expect_cqe(ring, 0x200 + index, BUF_SIZE, 0);
	CHECK_EQ(pread(out, back, BUF_SIZE, 0), BUF_SIZE);
	CHECK(memcmp(back, buf, BUF_SIZE) == 0);
	close(out);
}

static void source_ring(struct io_uring *src)
{
	ring_init(src, 8, 0);
	CHECK_EQ(io_uring_register_buffers(src, iov, NR_BUFS), 0);
}

/* Clones @src's whole table into @dst, which has a table: with DST_REPLACE
 * where the kernel has it, else (6.12) after unregistering @dst's. */
static int reclone(struct io_uring *dst, struct io_uring *src,
		   unsigned int flags)
{
	if (offsets)
		return __io_uring_clone_buffers(dst, src,
				flags | IORING_REGISTER_DST_REPLACE);
	CHECK_EQ(io_uring_unregister_buffers(dst), 0);
	return __io_uring_clone_buffers(dst, src, flags);
}

static void whole_table(void)
{
	struct io_uring src, dst;
	int i;

	source_ring(&src);
	ring_init(&dst, 8, 0);
	CHECK_EQ(io_uring_clone_buffers(&dst, &src), 0);
	for (i = 0; i < NR_BUFS; i++) {
		fixed_read(&dst, i, i, BUF_SIZE);
		fixed_write_check(&dst, i, i);
	}
	/* A second clone without DST_REPLACE: the table exists.  6.12,
	 * which has no DST_REPLACE, refuses the table before the flag. */
	CHECK_EQ(io_uring_clone_buffers(&dst, &src), -EBUSY);
	CHECK_EQ(__io_uring_clone_buffers(&dst, &src,
					  IORING_REGISTER_DST_REPLACE),
		 offsets ? 0 : -EBUSY);
	CHECK_EQ(reclone(&dst, &src, 0), 0);
	/* The clones outlive the source's table and the source ring. */
	CHECK_EQ(io_uring_unregister_buffers(&src), 0);
	fixed_read(&dst, 1, 1, BUF_SIZE);
	io_uring_queue_exit(&src);
	fixed_write_check(&dst, 3, 3);
	nop_roundtrip(&dst);
	io_uring_queue_exit(&dst);
}

static void offsets_into_sparse(void)
{
	struct io_uring src, dst;

	source_ring(&src);
	ring_init(&dst, 8, 0);
	CHECK_EQ(io_uring_register_buffers_sparse(&dst, 8), 0);
	CHECK_EQ(io_uring_clone_buffers_offset(&dst, &src, 2, 1, 2, 0),
		 -EBUSY);
	CHECK_EQ(io_uring_clone_buffers_offset(&dst, &src, 2, 1, 2,
				IORING_REGISTER_DST_REPLACE), 0);
	/* dst 2, 3 are src 1, 2; the other slots stay empty. */
	fixed_read(&dst, 2, 1, BUF_SIZE);
	fixed_read(&dst, 3, 2, BUF_SIZE);
	fixed_read(&dst, 0, 0, -EFAULT);
	fixed_read(&dst, 4, 3, -EFAULT);
	/* A clone past the end grows the table: max(dst_off + nr, old). */
	CHECK_EQ(io_uring_clone_buffers_offset(&dst, &src, 10, 0, 1,
				IORING_REGISTER_DST_REPLACE), 0);
	fixed_read(&dst, 10, 0, BUF_SIZE);
	fixed_read(&dst, 2, 1, BUF_SIZE);
	fixed_read(&dst, 9, 0, -EFAULT);
	fixed_read(&dst, 11, 0, -EFAULT);
	io_uring_queue_exit(&src);
	io_uring_queue_exit(&dst);
}

static void same_ring(void)
{
	struct io_uring ring;

	source_ring(&ring);
	CHECK_EQ(io_uring_clone_buffers(&ring, &ring), -EBUSY);
	if (!offsets) {
		fixed_read(&ring, 3, 3, BUF_SIZE);
		io_uring_queue_exit(&ring);
		return;
	}
	CHECK_EQ(io_uring_clone_buffers_offset(&ring, &ring, 4, 0, 2,
				IORING_REGISTER_DST_REPLACE), 0);
	fixed_read(&ring, 4, 0, BUF_SIZE);
	fixed_read(&ring, 5, 1, BUF_SIZE);
	fixed_read(&ring, 3, 3, BUF_SIZE);
	io_uring_queue_exit(&ring);
}

static void registered_source(void)
{
	struct io_uring src, dst, plain;

	source_ring(&src);
	CHECK_EQ(io_uring_register_ring_fd(&src), 1);
	ring_init(&dst, 8, 0);
	/* The plain form uses the source's registered index. */
	CHECK_EQ(io_uring_clone_buffers(&dst, &src), 0);
	fixed_read(&dst, 0, 0, BUF_SIZE);
	/* The __ form uses the real fd unless asked... */
	CHECK_EQ(reclone(&dst, &src, 0), 0);
	fixed_read(&dst, 1, 1, BUF_SIZE);
	/* ...and the index when asked. */
	if (offsets) {
		CHECK_EQ(__io_uring_clone_buffers_offset(&dst, &src, 0, 3, 1,
					IORING_REGISTER_DST_REPLACE |
					IORING_REGISTER_SRC_REGISTERED), 0);
		fixed_read(&dst, 0, 3, BUF_SIZE);
	} else {
		CHECK_EQ(reclone(&dst, &src, IORING_REGISTER_SRC_REGISTERED),
			 0);
		fixed_read(&dst, 3, 3, BUF_SIZE);
	}
	/* Asking for the index of a source that has none: by fd, as in
	 * liburing. */
	source_ring(&plain);
	CHECK_EQ(reclone(&dst, &plain, IORING_REGISTER_SRC_REGISTERED), 0);
	CHECK_EQ(reclone(&dst, &plain, 0), 0);
	/* A registered destination registers through its index. */
	CHECK_EQ(io_uring_register_ring_fd(&dst), 1);
	if (offsets) {
		CHECK_EQ(io_uring_clone_buffers_offset(&dst, &src, 0, 0, 0,
					IORING_REGISTER_DST_REPLACE), 0);
	} else {
		CHECK_EQ(io_uring_unregister_buffers(&dst), 0);
		CHECK_EQ(io_uring_clone_buffers(&dst, &src), 0);
	}
	fixed_read(&dst, 2, 2, BUF_SIZE);
	io_uring_queue_exit(&plain);
	io_uring_queue_exit(&src);
	io_uring_queue_exit(&dst);
}

struct clone_error {
	const char *what;
	unsigned dst_off, src_off, nr, flags;
	int expect;
};

static const struct clone_error offset_errors[] = {
	{ "unknown flag bit 2", 0, 0, 0, 1U << 2, -EINVAL },
	{ "unknown flag bit 31", 0, 0, 0, 1U << 31, -EINVAL },
	{ "nr 0 with a source offset", 0, 1, 0, 0, -EINVAL },
	{ "nr 0 with a destination offset", 1, 0, 0, 0, -EINVAL },
	{ "nr larger than the source table", 0, 0, NR_BUFS + 1, 0, -EINVAL },
	{ "nr above 16384", 0, 0, 16385, 0, -EINVAL },
	{ "src_off + nr beyond the source", 0, 3, 2, 0, -EOVERFLOW },
	{ "src_off + nr overflows", 0, UINT_MAX, 2, 0, -EOVERFLOW },
	{ "dst_off + nr overflows", UINT_MAX, 0, 2, 0, -EOVERFLOW },
};

static void errors(void)
{
	struct io_uring src, dst, empty, fake;
	struct {
		__u32 src_fd, flags, src_off, dst_off, nr, pad[3];
	} raw;
	int pipefd[2];
	size_t i;

	source_ring(&src);
	ring_init(&dst, 8, 0);
	ring_init(&empty, 8, 0);
	for (i = 0; i < ARRAY_SIZE(offset_errors); i++) {
		const struct clone_error *e = &offset_errors[i];
		int ret, expect = e->expect;

		/* 6.12: the offsets and nr are padding, not zero: -EINVAL. */
		if (!offsets && (e->dst_off || e->src_off || e->nr))
			expect = -EINVAL;
		ret = __io_uring_clone_buffers_offset(&dst, &src, e->dst_off,
						      e->src_off, e->nr,
						      e->flags);
		if (ret != expect)
			FAIL("%s: returned %d, expected %d", e->what, ret,
			     expect);
		nop_roundtrip(&dst);
	}
	/* 6.12 knows no DST_REPLACE: an unknown flag. */
	if (!offsets)
		CHECK_EQ(__io_uring_clone_buffers(&dst, &src,
					IORING_REGISTER_DST_REPLACE), -EINVAL);
	CHECK_EQ(io_uring_clone_buffers(&dst, &empty), -ENXIO);

	/* A source that is closed, or not an io_uring. */
	memset(&fake, 0, sizeof(fake));
	CHECK(pipe(pipefd) == 0);
	fake.ring_fd = pipefd[0];
	CHECK_EQ(io_uring_clone_buffers(&dst, &fake), -EOPNOTSUPP);
	close(pipefd[0]);
	close(pipefd[1]);
	CHECK_EQ(io_uring_clone_buffers(&dst, &fake), -EBADF);

	/* Padding must be zero; -EBUSY wins over it. */
	memset(&raw, 0, sizeof(raw));
	raw.src_fd = (__u32)src.ring_fd;
	raw.pad[2] = 1;
	CHECK_EQ(io_uring_register((unsigned)dst.ring_fd,
				   IORING_REGISTER_CLONE_BUFFERS, &raw, 1),
		 -EINVAL);
	CHECK_EQ(io_uring_clone_buffers(&dst, &src), 0);
	CHECK_EQ(io_uring_register((unsigned)dst.ring_fd,
				   IORING_REGISTER_CLONE_BUFFERS, &raw, 1),
		 -EBUSY);
	/* 6.12 looks at the table before reading the argument. */
	CHECK_EQ(io_uring_register((unsigned)dst.ring_fd,
				   IORING_REGISTER_CLONE_BUFFERS,
				   (void *)(uintptr_t)-4096, 1),
		 offsets ? -EFAULT : -EBUSY);
	CHECK_EQ(io_uring_clone_buffers(NULL, &src), -EINVAL);
	CHECK_EQ(io_uring_clone_buffers(&dst, NULL), -EINVAL);
	nop_roundtrip(&dst);
	fixed_read(&dst, 0, 0, BUF_SIZE);
	io_uring_queue_exit(&empty);
	io_uring_queue_exit(&src);
	io_uring_queue_exit(&dst);
}

int main(void)
{
	struct resources before;
	int i;

	require(IO_URING_REGIONS_CLONE);
	offsets = !!(io_uring_regions_probe() & IO_URING_REGIONS_CLONE_OFFSET);
	mem = page_alloc(NR_BUFS * BUF_SIZE);
	for (i = 0; i < NR_BUFS; i++) {
		iov[i].iov_base = mem + i * BUF_SIZE;
		iov[i].iov_len = BUF_SIZE;
	}
	file = temp_file(BUF_SIZE, 4);
	resources_get(&before);
	whole_table();
	if (offsets)
		offsets_into_sparse();
	same_ring();
	registered_source();
	errors();
	resources_check(&before, "clone");
	if (!offsets)
		printf("whole-table cloning and its errors; skipped: clones at "
		       "offsets and DST_REPLACE (the kernel lacks %s)\n",
		       io_uring_regions_feature_name(
				IO_URING_REGIONS_CLONE_OFFSET));
	return 0;
}
