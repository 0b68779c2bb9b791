/* SPDX-License-Identifier: MIT */
/* Bad input, ringless MSG_RING: every SQE flag bit and msg_ring_flags bit
 * on its own, every field a data message must leave zero, CQE flags
 * io_uring_sync_msg_ring() refuses to pass, bad and unreadable pointers,
 * bad targets; the target works after each. */
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "helpers.h"

static struct io_uring target;

static void msg_case(const char *what, const struct io_uring_sqe *sqe,
		     int expect)
{
	bad_case(what, io_uring_register_sync_msg(
			(struct io_uring_sqe *)sqe), expect);
	if (expect == 0)
		expect_cqe(&target, 2, 1, 0);
	CHECK_EQ(io_uring_cq_ready(&target), 0);
	nop_roundtrip(&target);
}

static void base(struct io_uring_sqe *sqe)
{
	memset(sqe, 0, sizeof(*sqe));
	io_uring_prep_msg_ring(sqe, target.ring_fd, 1, 2, 0);
}

/*
 * IORING_CQE_F_32 in the CQE flags, which Linux 6.18 posts as a 32-byte
 * CQE on a ring without CQE32 or CQE_MIXED: io_uring_sync_msg_ring()
 * refuses it before any system call, with any other bits, so the target's
 * CQ does not move.  Bits 14 and 16 go through.  The target is fresh, its
 * CQ empty: had a message gone through, nothing here would wait on it.
 * io_uring_register_sync_msg() sends its SQE unread, so no SQE with bit 15
 * in file_index and FLAGS_PASS is given to it here: that would send one.
 */
static void unsafe_flags(void)
{
	static const unsigned int refused[] = {
		IORING_CQE_F_32, IORING_CQE_F_32 | 1,
		IORING_CQE_F_32 | IORING_CQE_F_SKIP, ~0U,
	};
	struct io_uring_sqe sqe;
	struct io_uring ring;
	unsigned head, tail;
	char what[64];
	size_t i;

	/* The header's names for the bits the pages talk about. */
	CHECK_EQ(IORING_CQE_F_32, 0x8000);
	CHECK_EQ(IORING_CQE_F_SKIP, 0x20);
	ring_init(&ring, 8, 0);
	for (i = 0; i < ARRAY_SIZE(refused); i++) {
		head = *ring.cq.khead;
		tail = *ring.cq.ktail;
		snprintf(what, sizeof(what), "sync_msg_ring cqe_flags 0x%x",
			 refused[i]);
		bad_case(what, io_uring_sync_msg_ring(ring.ring_fd, 1, 2,
						      refused[i]), -EINVAL);
		CHECK_EQ(*ring.cq.khead, head);
		CHECK_EQ(*ring.cq.ktail, tail);
		CHECK(!io_uring_cq_has_overflow(&ring));
		nop_roundtrip(&ring);
	}
	CHECK_EQ(io_uring_sync_msg_ring(ring.ring_fd, 1, 2, 1U << 14), 0);
	expect_cqe(&ring, 2, 1, 1U << 14);
	CHECK_EQ(io_uring_sync_msg_ring(ring.ring_fd, 1, 2, 1U << 16), 0);
	expect_cqe(&ring, 2, 1, 1U << 16);
	/* Without FLAGS_PASS, file_index is no CQE flag: the kernel refuses. */
	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_msg_ring(&sqe, ring.ring_fd, 1, 2, 0);
	sqe.file_index = 1U << 15;
	bad_case("file_index 0x8000 without FLAGS_PASS",
		 io_uring_register_sync_msg(&sqe), -EINVAL);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

/*
 * SQE pointers the kernel cannot read: -EFAULT, and the process does not
 * crash (the library passes the pointer on unread).  Each call is made in
 * a child, so that a crash is reported as one, for that pointer.
 */
static unsigned unreadable_crashes;

static void unreadable_case(const char *what, struct io_uring_sqe *sqe)
{
	int ret, status, pipefd[2];
	pid_t pid;

	CHECK(pipe(pipefd) == 0);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(pipefd[0]);
		ret = io_uring_register_sync_msg(sqe);
		_exit(write(pipefd[1], &ret, sizeof(ret)) == sizeof(ret) ?
		      0 : 1);
	}
	close(pipefd[1]);
	CHECK(waitpid(pid, &status, 0) == pid);
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "CRASH: io_uring_register_sync_msg, %s: "
			"killed by signal %d\n", what, WTERMSIG(status));
		close(pipefd[0]);
		unreadable_crashes++;
		return;
	}
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(read(pipefd[0], &ret, sizeof(ret)) == sizeof(ret));
	close(pipefd[0]);
	bad_case(what, ret, -EFAULT);
	CHECK_EQ(io_uring_cq_ready(&target), 0);
	nop_roundtrip(&target);
}

/*
 * A PROT_NONE page, address 1, and an SQE whose first 32 bytes (half a
 * valid message) are mapped and whose last 32 run into an unmapped page.
 */
static void unreadable_sqes(void)
{
	long page = sysconf(_SC_PAGESIZE);
	struct io_uring_sqe valid;
	char *none, *two;

	none = mmap(NULL, (size_t)page, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(none != MAP_FAILED);
	two = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(two != MAP_FAILED);
	CHECK(munmap(two + page, (size_t)page) == 0);
	base(&valid);
	memcpy(two + page - sizeof(valid) / 2, &valid, sizeof(valid) / 2);

	unreadable_case("sqe on a PROT_NONE page",
			(struct io_uring_sqe *)none);
	unreadable_case("sqe (void *)1", (struct io_uring_sqe *)(uintptr_t)1);
	unreadable_case("sqe running into an unmapped page",
			(struct io_uring_sqe *)(two + page -
						sizeof(valid) / 2));
	CHECK(munmap(none, (size_t)page) == 0);
	CHECK(munmap(two, (size_t)page) == 0);
	if (unreadable_crashes)
		FAIL("io_uring_register_sync_msg crashed on %u of 3 "
		     "unreadable SQEs", unreadable_crashes);
}

/*
 * Each byte of the SQE but the opcode and the target fd, set in turn: what
 * the kernel checks gives -EINVAL, what it ignores is delivered unchanged,
 * and off and len change the CQE's user_data and res.
 */
static void every_byte(void)
{
	static const struct {
		size_t start, end;
		int expect;
	} fields[] = {
		{ 1, 2, -EINVAL },	/* flags */
		{ 2, 4, 0 },		/* ioprio, ignored */
		{ 16, 20, -EINVAL },	/* addr: the command, 32 bits */
		{ 20, 24, 0 },		/* addr, high half: ignored */
		{ 28, 32, -EINVAL },	/* msg_ring_flags (0x40 in any byte) */
		{ 32, 40, 0 },		/* user_data, ignored */
		{ 40, 42, -EINVAL },	/* buf_index */
		{ 42, 44, -EINVAL },	/* personality */
		{ 44, 48, -EINVAL },	/* file_index without FLAGS_PASS */
		{ 48, 52, -EINVAL },	/* addr3: the source fd, 32 bits */
		{ 52, 56, 0 },		/* addr3, high half: ignored */
		{ 56, 64, 0 },		/* __pad2, ignored */
	};
	struct io_uring_sqe sqe;
	char what[64];
	size_t f, i;

	if (__BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__)	/* the byte offsets */
		return;
	for (f = 0; f < ARRAY_SIZE(fields); f++) {
		for (i = fields[f].start; i < fields[f].end; i++) {
			base(&sqe);
			((unsigned char *)&sqe)[i] ^= 0x40;
			snprintf(what, sizeof(what), "SQE byte %zu", i);
			msg_case(what, &sqe, fields[f].expect);
		}
	}
	for (i = 8; i < 16; i++) {	/* off: the CQE's user_data */
		base(&sqe);
		sqe.off ^= 1ULL << (8 * (i - 8));
		CHECK_EQ(io_uring_register_sync_msg(&sqe), 0);
		expect_cqe(&target, 2 ^ (1ULL << (8 * (i - 8))), 1, 0);
	}
	for (i = 24; i < 28; i++) {	/* len: the CQE's res */
		base(&sqe);
		sqe.len ^= 1U << (8 * (i - 24));
		CHECK_EQ(io_uring_register_sync_msg(&sqe), 0);
		expect_cqe(&target, 2, (int)(1 ^ (1U << (8 * (i - 24)))), 0);
	}
}

int main(void)
{
	struct resources before;
	struct io_uring_sqe sqe;
	struct io_uring disabled;
	char what[64];
	int bit, pipefd[2];

	require(IO_URING_REGIONS_SYNC_MSG);
	resources_get(&before);
	ring_init(&target, 8, 0);
	base(&sqe);
	msg_case("a valid message", &sqe, 0);

	for (bit = 0; bit < 8; bit++) {
		base(&sqe);
		sqe.flags = (__u8)(1U << bit);
		snprintf(what, sizeof(what), "sqe.flags bit %d", bit);
		msg_case(what, &sqe, -EINVAL);
	}
	for (bit = 0; bit < 32; bit++) {
		base(&sqe);
		sqe.msg_ring_flags = 1U << bit;
		snprintf(what, sizeof(what), "msg_ring_flags bit %d", bit);
		/* Bit 1 is FLAGS_PASS, with file_index 0 as the flags. */
		msg_case(what, &sqe, bit == 1 ? 0 : -EINVAL);
	}
	base(&sqe);
	sqe.buf_index = 1;
	msg_case("buf_index", &sqe, -EINVAL);
	base(&sqe);
	sqe.personality = 1;
	msg_case("personality", &sqe, -EINVAL);
	base(&sqe);
	sqe.addr3 = 1;
	msg_case("addr3", &sqe, -EINVAL);
	base(&sqe);
	sqe.opcode = IORING_OP_NOP;
	msg_case("opcode NOP", &sqe, -EINVAL);
	base(&sqe);
	sqe.addr = IORING_MSG_SEND_FD;
	msg_case("command SEND_FD", &sqe, -EINVAL);
	base(&sqe);
	sqe.addr = 2;
	msg_case("command 2", &sqe, -EINVAL);
	/* Fields a data message ignores. */
	base(&sqe);
	sqe.ioprio = 1;
	msg_case("ioprio (ignored)", &sqe, 0);
	base(&sqe);
	sqe.__pad2[0] = 1;
	msg_case("__pad2 (ignored)", &sqe, 0);
	base(&sqe);
	sqe.file_index = 7;
	msg_case("file_index without FLAGS_PASS", &sqe, -EINVAL);

	unsafe_flags();
	every_byte();

	bad_case("NULL sqe", io_uring_register_sync_msg(NULL), -EINVAL);
	bad_case("unmapped sqe", io_uring_register_sync_msg(
			(struct io_uring_sqe *)(uintptr_t)-4096), -EFAULT);
	unreadable_sqes();
	base(&sqe);
	bad_case("nr_args 0", io_uring_register(-1U,
			IORING_REGISTER_SEND_MSG_RING, &sqe, 0), -EINVAL);
	CHECK(pipe(pipefd) == 0);
	bad_case("target not an io_uring",
		 io_uring_sync_msg_ring(pipefd[0], 1, 2, 0), -EBADFD);
	close(pipefd[0]);
	close(pipefd[1]);
	bad_case("target closed", io_uring_sync_msg_ring(pipefd[0], 1, 2, 0),
		 -EBADF);
	bad_case("target -1", io_uring_sync_msg_ring(-1, 1, 2, 0), -EBADF);
	ring_init(&disabled, 8, IORING_SETUP_R_DISABLED);
	bad_case("target disabled", io_uring_sync_msg_ring(disabled.ring_fd,
			1, 2, 0), -EBADFD);
	io_uring_queue_exit(&disabled);
	nop_roundtrip(&target);
	io_uring_queue_exit(&target);
	resources_check(&before, "bad msg input");
	bad_input_done("ringless MSG_RING");
	return 0;
}
