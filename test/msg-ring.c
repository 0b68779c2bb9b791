/* SPDX-License-Identifier: MIT */
/* Ringless MSG_RING: the target's CQE checked to the field (res, user_data,
 * flags with and without FLAGS_PASS), DEFER_TASKRUN targets, another
 * thread as sender, and each error's exact errno with the target still
 * working afterwards. */
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "helpers.h"

static void good_message(struct io_uring *target, __u64 data)
{
	CHECK_EQ(io_uring_sync_msg_ring(target->ring_fd, 1, data, 0), 0);
	expect_cqe(target, data, 1, 0);
}

static void send_to(unsigned flags)
{
	struct io_uring_sqe sqe;
	struct io_uring target;

	ring_init(&target, 8, flags);
	/* Prepared SQE: res = len, user_data = off; sqe.user_data ignored. */
	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_msg_ring(&sqe, target.ring_fd, 17, 0xdeadbeefcafeULL, 0);
	io_uring_sqe_set_data64(&sqe, 999);
	CHECK_EQ(io_uring_register_sync_msg(&sqe), 0);
	expect_cqe(&target, 0xdeadbeefcafeULL, 17, 0);

	/*
	 * With FLAGS_PASS the CQE carries the given flags.  Bit 5 is left
	 * clear: liburing 2.15 drops any CQE that has it (IORING_CQE_F_SKIP),
	 * even on rings that are not CQE_MIXED.
	 */
	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_msg_ring_cqe_flags(&sqe, target.ring_fd, 3, 4, 0,
					 0x1214);
	CHECK_EQ(sqe.msg_ring_flags, IORING_MSG_RING_FLAGS_PASS);
	CHECK_EQ(io_uring_register_sync_msg(&sqe), 0);
	expect_cqe(&target, 4, 3, 0x1214);

	/* The one-call form, with a negative res. */
	CHECK_EQ(io_uring_sync_msg_ring(target.ring_fd, -5, 42, 7), 0);
	expect_cqe(&target, 42, -5, 7);
	CHECK_EQ(io_uring_sync_msg_ring(target.ring_fd, 0, 0, 0), 0);
	expect_cqe(&target, 0, 0, 0);
	nop_roundtrip(&target);
	io_uring_queue_exit(&target);
}

/* A DEFER_TASKRUN target gets the CQE when its owner waits. */
static void deferred_target(void)
{
	struct io_uring target;

	ring_init(&target, 8, IORING_SETUP_SINGLE_ISSUER |
		  IORING_SETUP_DEFER_TASKRUN);
	CHECK_EQ(io_uring_sync_msg_ring(target.ring_fd, 9, 90, 0), 0);
	CHECK_EQ(io_uring_sync_msg_ring(target.ring_fd, 10, 91, 0), 0);
	CHECK_EQ(io_uring_cq_ready(&target), 0);
	expect_cqe(&target, 90, 9, 0);
	expect_cqe(&target, 91, 10, 0);
	io_uring_queue_exit(&target);
}

struct sender {
	int fd;
	pid_t tid;	/* send_when_asleep(): the thread to wait for */
	int ret;
};

static void *send_from_thread(void *arg)
{
	struct sender *s = arg;
	int i;

	for (i = 0; i < 100 && !s->ret; i++)
		s->ret = io_uring_sync_msg_ring(s->fd, i, 1000 + i, 0);
	return NULL;
}

static void from_another_thread(unsigned flags)
{
	struct io_uring target;
	struct sender s;
	pthread_t t;
	int i;

	ring_init(&target, 128, flags);
	s.fd = target.ring_fd;
	s.ret = 0;
	CHECK(pthread_create(&t, NULL, send_from_thread, &s) == 0);
	CHECK(pthread_join(t, NULL) == 0);
	CHECK_EQ(s.ret, 0);
	for (i = 0; i < 100; i++)
		expect_cqe(&target, 1000 + i, i, 0);
	io_uring_queue_exit(&target);
}

/* Reads the state with open() and read(): stdio's buffer would give this
 * thread a malloc arena, two mappings the resource check would count. */
static bool thread_sleeps(pid_t tid)
{
	char path[64], stat[256], *state;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		FAIL("open %s: %s", path, strerror(errno));
	n = read(fd, stat, sizeof(stat) - 1);
	close(fd);
	stat[n > 0 ? n : 0] = 0;
	state = strrchr(stat, ')');	/* after the command's name */
	return state && state[1] == ' ' && state[2] == 'S';
}

/* Sends one message once the thread s->tid sleeps. */
static void *send_when_asleep(void *arg)
{
	struct timespec ms = { 0, 1000000 };
	struct sender *s = arg;

	while (!thread_sleeps(s->tid))
		nanosleep(&ms, NULL);
	s->ret = io_uring_sync_msg_ring(s->fd, 5, 77, 0);
	return NULL;
}

/*
 * A message ends a wait for one CQE beside a timeout SQE that counts one
 * completion: the timeout completes with 0, not -ETIME.  The way the page
 * gives, since a message to a DEFER_TASKRUN ring is lazy task work.
 */
static void message_ends_wait(unsigned flags)
{
	struct __kernel_timespec ts = { 5, 0 };
	struct io_uring_sqe *sqe;
	struct sender s;
	struct io_uring ring;
	pthread_t t;

	ring_init(&ring, 8, flags);
	good_message(&ring, 1);		/* a ring that has had messages */
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_timeout(sqe, &ts, 1, 0);
	io_uring_sqe_set_data64(sqe, 9);
	s.fd = ring.ring_fd;
	s.tid = (pid_t)syscall(SYS_gettid);
	s.ret = -1;
	CHECK(pthread_create(&t, NULL, send_when_asleep, &s) == 0);
	CHECK_EQ(io_uring_submit_and_wait(&ring, 1), 1);
	CHECK(pthread_join(t, NULL) == 0);
	CHECK_EQ(s.ret, 0);
	expect_cqe(&ring, 77, 5, 0);
	expect_cqe(&ring, 9, 0, 0);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

struct msg_error {
	const char *what;
	int expect;
	void (*edit)(struct io_uring_sqe *sqe);
};

static void e_flags(struct io_uring_sqe *s) { s->flags = IOSQE_IO_LINK; }
static void e_opcode(struct io_uring_sqe *s) { s->opcode = IORING_OP_NOP; }
static void e_buf_index(struct io_uring_sqe *s) { s->buf_index = 1; }
static void e_personality(struct io_uring_sqe *s) { s->personality = 1; }
static void e_addr3(struct io_uring_sqe *s) { s->addr3 = 1; }
static void e_send_fd(struct io_uring_sqe *s) { s->addr = IORING_MSG_SEND_FD; }
static void e_cmd(struct io_uring_sqe *s) { s->addr = 7; }
static void e_skip(struct io_uring_sqe *s)
{
	s->msg_ring_flags = IORING_MSG_RING_CQE_SKIP;
}
static void e_msg_flag(struct io_uring_sqe *s) { s->msg_ring_flags = 1U << 5; }
static void e_closed(struct io_uring_sqe *s) { s->fd = 1000; }

static const struct msg_error msg_errors[] = {
	{ "sqe.flags set", -EINVAL, e_flags },
	{ "opcode not MSG_RING", -EINVAL, e_opcode },
	{ "buf_index set", -EINVAL, e_buf_index },
	{ "personality set", -EINVAL, e_personality },
	{ "addr3 set", -EINVAL, e_addr3 },
	{ "IORING_MSG_SEND_FD", -EINVAL, e_send_fd },
	{ "unknown command", -EINVAL, e_cmd },
	{ "CQE_SKIP", -EINVAL, e_skip },
	{ "unknown msg_ring_flags bit", -EINVAL, e_msg_flag },
	{ "target fd closed", -EBADF, e_closed },
};

static void errors(void)
{
	struct io_uring target, disabled;
	struct io_uring_sqe sqe;
	int pipefd[2];
	size_t i;

	ring_init(&target, 8, 0);
	for (i = 0; i < ARRAY_SIZE(msg_errors); i++) {
		const struct msg_error *e = &msg_errors[i];
		int ret;

		memset(&sqe, 0, sizeof(sqe));
		io_uring_prep_msg_ring(&sqe, target.ring_fd, 1, 2, 0);
		e->edit(&sqe);
		ret = io_uring_register_sync_msg(&sqe);
		if (ret != e->expect)
			FAIL("%s: returned %d, expected %d", e->what, ret,
			     e->expect);
		CHECK_EQ(io_uring_cq_ready(&target), 0);
		nop_roundtrip(&target);
		good_message(&target, 100 + i);
	}
	CHECK_EQ(io_uring_register_sync_msg(NULL), -EINVAL);
	CHECK_EQ(io_uring_register_sync_msg(
			(struct io_uring_sqe *)(uintptr_t)-4096), -EFAULT);
	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_msg_ring(&sqe, target.ring_fd, 1, 2, 0);
	CHECK_EQ(io_uring_register(-1U, IORING_REGISTER_SEND_MSG_RING, &sqe,
				   2), -EINVAL);

	/* Targets that are not io_urings, or not enabled yet. */
	CHECK(pipe(pipefd) == 0);
	CHECK_EQ(io_uring_sync_msg_ring(pipefd[0], 1, 2, 0), -EBADFD);
	close(pipefd[0]);
	close(pipefd[1]);
	CHECK_EQ(io_uring_sync_msg_ring(-1, 1, 2, 0), -EBADF);
	ring_init(&disabled, 8, IORING_SETUP_R_DISABLED);
	CHECK_EQ(io_uring_sync_msg_ring(disabled.ring_fd, 1, 2, 0), -EBADFD);
	CHECK_EQ(io_uring_enable_rings(&disabled), 0);
	good_message(&disabled, 5);
	io_uring_queue_exit(&disabled);

	CHECK_EQ(io_uring_cq_ready(&target), 0);
	good_message(&target, 6);
	io_uring_queue_exit(&target);
}

int main(void)
{
	struct resources before;

	require(IO_URING_REGIONS_SYNC_MSG);
	/* First, so that glibc's cached thread stack is in the baseline. */
	from_another_thread(0);
	resources_get(&before);
	send_to(0);
	send_to(IORING_SETUP_SQPOLL);
	send_to(IORING_SETUP_CQE32);
	deferred_target();
	from_another_thread(0);
	from_another_thread(IORING_SETUP_SINGLE_ISSUER |
			    IORING_SETUP_DEFER_TASKRUN);
	if (!under_valgrind()) {
		message_ends_wait(0);
		message_ends_wait(IORING_SETUP_SINGLE_ISSUER |
				  IORING_SETUP_DEFER_TASKRUN);
	}
	errors();
	resources_check(&before, "sync msg");
	printf("%zu error cases checked\n", ARRAY_SIZE(msg_errors));
	return 0;
}
