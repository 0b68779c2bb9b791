/* SPDX-License-Identifier: MIT */
/*
 * Memory pressure: with a tight RLIMIT_MEMLOCK, as an unprivileged user
 * (root drops to nobody in a child: root's CAP_IPC_LOCK skips the limit),
 * registrations that pin memory fail with -ENOMEM and the ring keeps
 * working; so does a resize to rings larger than the limit (the kernel
 * accounts ring memory too), leaving the old rings in use.
 */
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../helpers.h"

#define LIMIT	(64 * 1024)
#define BIG	(1024 * 1024)

static void under_memlock(void)
{
	struct rlimit rl = { LIMIT, LIMIT };
	struct io_uring_mem_region_reg reg;
	struct io_uring_region_desc desc;
	struct io_uring_params p;
	struct io_uring ring;
	struct iovec iov;
	char *mem = page_alloc(BIG);
	int err, i;

	CHECK(setrlimit(RLIMIT_MEMLOCK, &rl) == 0);
	ring_init(&ring, 8, IORING_SETUP_SINGLE_ISSUER |
		  IORING_SETUP_DEFER_TASKRUN);
	iov.iov_base = mem;
	iov.iov_len = BIG;
	for (i = 0; i < 100; i++) {
		CHECK_EQ(io_uring_register_buffers(&ring, &iov, 1), -ENOMEM);
		nop_roundtrip(&ring);
	}
	/* Within the limit it works. */
	iov.iov_len = LIMIT / 2;
	CHECK_EQ(io_uring_register_buffers(&ring, &iov, 1), 0);
	CHECK_EQ(io_uring_unregister_buffers(&ring), 0);

	user_region(&reg, &desc, mem, BIG);
	CHECK_EQ(io_uring_register_region(&ring, &reg), -ENOMEM);
	CHECK(io_uring_map_region(&ring, BIG, 0, &err) == NULL);
	CHECK_EQ(err, -ENOMEM);
	nop_roundtrip(&ring);

	/* The kernel accounts ring memory too: a big resize is refused
	 * before it switches, and the old rings stay in use. */
	queue_nop(&ring, 77);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 4096;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -ENOMEM);
	CHECK_EQ(ring.sq.ring_entries, 8);
	CHECK_EQ(io_uring_submit(&ring), 1);
	expect_cqe(&ring, 77, 0, 0);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 16;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	printf("memory pressure: under a 64 KiB RLIMIT_MEMLOCK, pinning 1 MiB "
	       "and a 4096-entry resize failed with -ENOMEM (103 calls), the "
	       "ring working after each\n");
}

int main(void)
{
	int status;
	pid_t pid;

	require(IO_URING_REGIONS_MEM_REGION | IO_URING_REGIONS_KERNEL_REGION |
		IO_URING_REGIONS_RESIZE);
	if (getuid() != 0) {
		under_memlock();
		return 0;
	}
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			FAIL("cannot drop to nobody");
		under_memlock();
		exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status));
	return WEXITSTATUS(status);
}
