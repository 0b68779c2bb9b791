/* SPDX-License-Identifier: MIT */
/* Bad input, resize: every flag bit on its own, sizes out of range, bad
 * fds, wrong ring kinds, another thread; the ring works after each. */
#include <string.h>
#include <unistd.h>
#include "helpers.h"

#define DEFER	(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN)

static struct io_uring ring;

static int resize_with(unsigned sq, unsigned cq, unsigned flags)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.sq_entries = sq;
	p.cq_entries = cq;
	p.flags = flags;
	return io_uring_resize_rings(&ring, &p);
}

static int resize_it(void *arg)
{
	(void)arg;
	return resize_with(16, 0, 0);
}

static void state_case(const char *what, unsigned ring_flags, int expect)
{
	ring_init(&ring, 8, ring_flags);
	bad_case(what, resize_with(16, 0, 0), expect);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct resources before;
	char what[64];
	int bit, pipefd[2];

	require(IO_URING_REGIONS_RESIZE);
	warm_thread_cache();
	resources_get(&before);
	ring_init(&ring, 8, DEFER);
	for (bit = 0; bit < 32; bit++) {
		unsigned flag = 1U << bit;
		int expect = -EINVAL;

		/* CQSIZE and CLAMP are the resize flags; as in liburing,
		 * any other goes to the kernel, which refuses it (the
		 * library refuses it first, before publishing any SQE). */
		if (flag & (IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP))
			expect = 0;
		snprintf(what, sizeof(what), "flags bit %d", bit);
		bad_case(what, resize_with(16, 64, flag), expect);
		nop_roundtrip(&ring);
	}
	bad_case("sq 0", resize_with(0, 0, 0), -EINVAL);
	bad_case("sq 32769", resize_with(32769, 0, 0), -EINVAL);
	bad_case("sq 2^31", resize_with(1U << 31, 0, 0), -EINVAL);
	bad_case("cq below sq", resize_with(64, 32, IORING_SETUP_CQSIZE),
		 -EINVAL);
	bad_case("cq 0", resize_with(8, 0, IORING_SETUP_CQSIZE), -EINVAL);
	bad_case("cq 65537", resize_with(8, 65537, IORING_SETUP_CQSIZE),
		 -EINVAL);
	bad_case("NULL params", io_uring_resize_rings(&ring, NULL), -EINVAL);
	bad_case("another thread", in_thread(resize_it, NULL), -EEXIST);
	nop_roundtrip(&ring);
	{
		struct io_uring saved = ring;

		CHECK(pipe(pipefd) == 0);
		ring.ring_fd = ring.enter_ring_fd = pipefd[0];
		bad_case("fd not an io_uring", resize_with(16, 0, 0),
			 -EOPNOTSUPP);
		close(pipefd[0]);
		close(pipefd[1]);
		bad_case("closed fd", resize_with(16, 0, 0), -EBADF);
		ring = saved;
	}
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);

	state_case("plain ring", 0, -EINVAL);
	state_case("SQPOLL ring", IORING_SETUP_SQPOLL, -EINVAL);
	state_case("SINGLE_ISSUER without DEFER_TASKRUN",
		   IORING_SETUP_SINGLE_ISSUER, -EINVAL);
	state_case("COOP_TASKRUN ring", IORING_SETUP_COOP_TASKRUN, -EINVAL);

	resources_check(&before, "bad resize input");
	bad_input_done("resize");
	return 0;
}
