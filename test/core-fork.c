/* SPDX-License-Identifier: MIT */
/*
 * A child process and the rings its parent registered: the child has no
 * registered ring index of its own (the kernel's table is per task), so a
 * call on an inherited ring must go by the fd, never by an index that in
 * the child names the child's own ring.  In a child of fork() and of a raw
 * clone system call (no atfork handlers), after the child registered a
 * ring of its own at the same index: io_uring_submit on the inherited ring
 * runs its NOP there, and io_uring_queue_exit of it leaves the child's ring
 * registered.  The parent's rings and indexes still work afterwards (its
 * other ring: the child moved the first one's SQ and CQ).
 */
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "helpers.h"

static struct io_uring parent, other;

static void child(void)
{
	struct io_uring own;
	int ret;

	ring_init(&own, 4, 0);
	CHECK_EQ(io_uring_register_ring_fd(&own), 1);
	if (own.enter_ring_fd != parent.enter_ring_fd)
		printf("note: the child's index %d, the parent's %d\n",
		       own.enter_ring_fd, parent.enter_ring_fd);
	/* The inherited ring's NOP runs in the inherited ring. */
	queue_nop(&parent, 7);
	ret = io_uring_submit(&parent);
	if (ret != 1)
		FAIL("submit on the inherited ring returned %d", ret);
	expect_cqe(&parent, 7, 0, 0);
	CHECK_EQ(io_uring_cq_ready(&own), 0);
	/* Its index is not the child's to drop. */
	CHECK_EQ(io_uring_unregister_ring_fd(&parent), -EBADF);
	io_uring_queue_exit(&parent);
	nop_roundtrip(&own);
	CHECK_EQ(io_uring_unregister_ring_fd(&own), 1);
	io_uring_queue_exit(&own);
	exit(0);
}

static pid_t raw_clone(void)
{
	return (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
}

static void run(const char *how, pid_t (*copy)(void))
{
	int status;
	pid_t pid;

	ring_init(&parent, 4, 0);
	ring_init(&other, 4, 0);
	CHECK_EQ(io_uring_register_ring_fd(&parent), 1);
	CHECK_EQ(io_uring_register_ring_fd(&other), 1);
	fflush(stdout);
	pid = copy();
	if (pid < 0)
		FAIL("%s: %s", how, strerror(errno));
	if (pid == 0)
		child();
	CHECK(waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		FAIL("the child of %s failed (status 0x%x)", how, status);
	nop_roundtrip(&other);
	CHECK_EQ(io_uring_unregister_ring_fd(&other), 1);
	CHECK_EQ(io_uring_unregister_ring_fd(&parent), 1);
	io_uring_queue_exit(&other);
	io_uring_queue_exit(&parent);
}

int main(void)
{
	int raw = !under_valgrind();	/* it follows a raw clone badly */

	require(IO_URING_REGIONS_RING);
	run("fork()", fork);
	if (raw)
		run("a raw clone", raw_clone);
	printf("a child's calls on inherited registered rings reach them, "
	       "after fork()%s\n", raw ? " and a raw clone" : "");
	return 0;
}
