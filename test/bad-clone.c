/* SPDX-License-Identifier: MIT */
/* Bad input, buffer cloning: every unknown flag bit on its own, every pad
 * word, offsets and counts out of range, bad source and destination fds,
 * another thread; both rings work after each, nothing is left behind.
 * Where the kernel clones whole tables only (6.12), the offsets and nr are
 * padding and DST_REPLACE an unknown flag: each gets -EINVAL there. */
#include <string.h>
#include <unistd.h>
#include "helpers.h"

struct clone_raw {
	__u32 src_fd, flags, src_off, dst_off, nr, pad[3];
};

static struct io_uring src, dst;
/* The kernel has clones at offsets and DST_REPLACE (6.13), by the probe. */
static int offsets;
/* What an offset case gets: @expect, or -EINVAL where they are padding. */
#define OFF(expect)	(offsets ? (expect) : -EINVAL)

static int raw(const struct clone_raw *arg)
{
	return io_uring_register((unsigned)dst.ring_fd,
				 IORING_REGISTER_CLONE_BUFFERS, arg, 1);
}

static void after(void)
{
	nop_roundtrip(&src);
	nop_roundtrip(&dst);
}

static int clone_it(void *arg)
{
	(void)arg;
	return io_uring_clone_buffers(&dst, &src);
}

int main(void)
{
	struct resources before;
	struct clone_raw arg;
	struct io_uring fake;
	struct iovec iov[2];
	char what[64], buf[2][4096];
	int bit, i, pipefd[2];

	require(IO_URING_REGIONS_CLONE);
	offsets = !!(io_uring_regions_probe() & IO_URING_REGIONS_CLONE_OFFSET);
	warm_thread_cache();
	resources_get(&before);
	for (i = 0; i < 2; i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = sizeof(buf[i]);
	}
	ring_init(&src, 8, 0);
	ring_init(&dst, 8, IORING_SETUP_SINGLE_ISSUER |
		  IORING_SETUP_DEFER_TASKRUN);
	CHECK_EQ(io_uring_register_buffers(&src, iov, 2), 0);

	for (bit = offsets ? 2 : 1; bit < 32; bit++) {
		snprintf(what, sizeof(what), "flags bit %d", bit);
		bad_case(what, __io_uring_clone_buffers(&dst, &src, 1U << bit),
			 -EINVAL);
		after();
	}
	for (i = 0; i < 3; i++) {
		memset(&arg, 0, sizeof(arg));
		arg.src_fd = (__u32)src.ring_fd;
		arg.pad[i] = 1;
		snprintf(what, sizeof(what), "pad[%d]", i);
		bad_case(what, raw(&arg), -EINVAL);
		after();
	}
	bad_case("nr 0, src_off 1", __io_uring_clone_buffers_offset(&dst,
			&src, 0, 1, 0, 0), -EINVAL);
	bad_case("nr 3 of 2", __io_uring_clone_buffers_offset(&dst, &src, 0,
			0, 3, 0), -EINVAL);
	bad_case("src_off 1 + nr 2 of 2", __io_uring_clone_buffers_offset(
			&dst, &src, 0, 1, 2, 0), OFF(-EOVERFLOW));
	bad_case("dst_off wraps", __io_uring_clone_buffers_offset(&dst, &src,
			-1U, 0, 2, 0), OFF(-EOVERFLOW));
	bad_case("nr 16385", __io_uring_clone_buffers_offset(&dst, &src, 0, 0,
			16385, 0), -EINVAL);
	bad_case("nr 1 of 2", __io_uring_clone_buffers_offset(&dst, &src, 0,
			0, 1, 0), OFF(0));
	if (offsets)
		CHECK_EQ(io_uring_unregister_buffers(&dst), 0);
	bad_case("unmapped argument", io_uring_register((unsigned)dst.ring_fd,
			IORING_REGISTER_CLONE_BUFFERS, (void *)(uintptr_t)-4096,
			1), -EFAULT);
	bad_case("NULL argument", io_uring_register((unsigned)dst.ring_fd,
			IORING_REGISTER_CLONE_BUFFERS, NULL, 1), -EINVAL);
	/* As in liburing: a source with no registered index goes by fd. */
	CHECK_EQ(__io_uring_clone_buffers(&dst, &src,
					  IORING_REGISTER_SRC_REGISTERED), 0);
	CHECK_EQ(io_uring_unregister_buffers(&dst), 0);
	memset(&arg, 0, sizeof(arg));
	arg.src_fd = 15;
	arg.flags = IORING_REGISTER_SRC_REGISTERED;
	bad_case("a registered index with no ring", raw(&arg), -EBADF);
	bad_case("DEFER_TASKRUN destination from another thread",
		 in_thread(clone_it, NULL), -EEXIST);
	after();

	/* Source fds: not an io_uring, closed. */
	memset(&fake, 0, sizeof(fake));
	CHECK(pipe(pipefd) == 0);
	fake.ring_fd = pipefd[0];
	bad_case("source not an io_uring", io_uring_clone_buffers(&dst, &fake),
		 -EOPNOTSUPP);
	close(pipefd[0]);
	close(pipefd[1]);
	bad_case("source closed", io_uring_clone_buffers(&dst, &fake), -EBADF);
	/* Destination fds. */
	fake.ring_fd = fake.enter_ring_fd = pipefd[0];
	bad_case("destination closed", io_uring_clone_buffers(&fake, &src),
		 -EBADF);
	after();

	/* The states: a table already there; an empty source. */
	CHECK_EQ(io_uring_clone_buffers(&dst, &src), 0);
	bad_case("destination has a table", io_uring_clone_buffers(&dst, &src),
		 -EBUSY);
	CHECK_EQ(io_uring_unregister_buffers(&src), 0);
	if (offsets) {
		bad_case("source has no table", __io_uring_clone_buffers(&dst,
				&src, IORING_REGISTER_DST_REPLACE), -ENXIO);
	} else {
		/* 6.12 refuses the destination's table first. */
		bad_case("DST_REPLACE, a table there",
			 __io_uring_clone_buffers(&dst, &src,
					IORING_REGISTER_DST_REPLACE), -EBUSY);
		CHECK_EQ(io_uring_unregister_buffers(&dst), 0);
		bad_case("source has no table",
			 io_uring_clone_buffers(&dst, &src), -ENXIO);
	}
	after();
	io_uring_queue_exit(&src);
	io_uring_queue_exit(&dst);
	resources_check(&before, "bad clone input");
	bad_input_done("clone");
	if (!offsets)
		printf("whole-table cloning only (the kernel lacks %s): "
		       "offsets, nr and DST_REPLACE refused with -EINVAL\n",
		       io_uring_regions_feature_name(
				IO_URING_REGIONS_CLONE_OFFSET));
	return 0;
}
