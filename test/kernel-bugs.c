/* SPDX-License-Identifier: MIT */
/*
 * The known kernel bugs: on every kernel, whatever the probe found, the
 * library's calls lose nothing.  Where the kernel has the bug the library
 * works around it (resize, clone) or its documented behaviour holds (the
 * wait area's last slot); where it does not, the same cases just work.
 * Each case also checks that the probe's bug bit matches what happens.
 * The message case never waits on a ring the bug has reached: such a
 * wait spins in the kernel and no signal ends it.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "helpers.h"

#define DEFER	(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN)

static unsigned int have, bugs;

static const char *has(unsigned int bug)
{
	return (bugs & bug) ? "the kernel has it" : "the kernel is fixed";
}

/*
 * reg_wait_last_slot: an area from io_uring_setup_reg_wait() has every
 * slot usable; an application area of one page read at its last slot gets
 * slot 0 exactly where the probe says so (the man page says: leave it
 * unused).  Slot 0 holds flags the kernel rejects.
 */
static void last_slot(void)
{
	unsigned nr = (unsigned)sysconf(_SC_PAGESIZE) /
		      sizeof(struct io_uring_reg_wait);
	struct io_uring_reg_wait *w;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int err, ret;

	ring_init(&ring, 8, IORING_SETUP_R_DISABLED);
	w = io_uring_setup_reg_wait(&ring, nr, &err);
	CHECK(w != NULL);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	w[0].flags = 1U << 7;
	w[nr - 1].flags = IORING_REG_WAIT_TS;
	w[nr - 1].ts.tv_nsec = 1000;
	CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, (int)nr - 1),
		 -ETIME);
	io_uring_queue_exit(&ring);
	io_uring_free_reg_wait(w, nr);

	w = page_alloc((size_t)nr * sizeof(*w));
	ring_init(&ring, 8, IORING_SETUP_R_DISABLED);
	CHECK_EQ(io_uring_register_reg_wait(&ring, w, (int)nr), 0);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	w[0].flags = 1U << 7;
	w[nr - 1].flags = IORING_REG_WAIT_TS;
	w[nr - 1].ts.tv_nsec = 1000;
	ret = io_uring_submit_and_wait_reg(&ring, &cqe, 1, (int)nr - 1);
	CHECK_EQ(ret, (bugs & IO_URING_REGIONS_BUG_REG_WAIT_LAST_SLOT) ?
		 -EINVAL : -ETIME);
	io_uring_queue_exit(&ring);
	munmap(w, (size_t)nr * sizeof(*w));
	printf("reg_wait_last_slot: %s; every slot of "
	       "io_uring_setup_reg_wait() works\n",
	       has(IO_URING_REGIONS_BUG_REG_WAIT_LAST_SLOT));
}

/* Fills the whole of SQE @i (128 bytes on an SQE128 ring) past the NOP. */
static void mark_sqe(struct io_uring *ring, struct io_uring_sqe *sqe,
		     unsigned char mark)
{
	if (ring->flags & IORING_SETUP_SQE128)
		memset((char *)sqe + 64, mark, 64);
}

static struct io_uring_sqe *sqe_at(struct io_uring *ring, unsigned i)
{
	unsigned shift = (ring->flags & IORING_SETUP_SQE128) ? 1 : 0;

	return &ring->sq.sqes[(i & ring->sq.ring_mask) << shift];
}

/*
 * Three completed NOPs wait in the CQ and three fetched ones in the SQ
 * (on an SQE128 ring with their second halves marked); after a resize to
 * @sq / @cq every one is there, whole, and in order.
 */
static void resize_keeps(unsigned flags, unsigned sq, unsigned cq)
{
	struct io_uring_params p;
	struct io_uring ring;
	unsigned i, head;

	ring_init_cq(&ring, 4, 8, DEFER | flags);
	for (i = 0; i < 3; i++) {
		queue_nop(&ring, 100 + i);
		CHECK_EQ(io_uring_submit(&ring), 1);
	}
	for (i = 0; i < 3; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		CHECK(sqe != NULL);
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, 200 + i);
		mark_sqe(&ring, sqe, (unsigned char)(0xa0 + i));
	}
	memset(&p, 0, sizeof(p));
	p.sq_entries = sq;
	p.cq_entries = cq;
	p.flags = IORING_SETUP_CQSIZE;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), 0);
	CHECK_EQ(ring.sq.ring_entries, sq);
	CHECK_EQ(ring.cq.ring_entries, cq);
	/* The pending SQEs, whole, before they go to the kernel. */
	head = *ring.sq.khead;
	CHECK_EQ(*ring.sq.ktail - head, 3);
	for (i = 0; i < 3; i++) {
		struct io_uring_sqe *sqe = sqe_at(&ring, head + i);
		unsigned j;

		CHECK_EQ(sqe->user_data, 200 + i);
		CHECK_EQ(sqe->opcode, IORING_OP_NOP);
		if (ring.flags & IORING_SETUP_SQE128)
			for (j = 64; j < 128; j++)
				CHECK_EQ(((unsigned char *)sqe)[j], 0xa0 + i);
	}
	CHECK_EQ(io_uring_cq_ready(&ring), 3);
	for (i = 0; i < 3; i++)
		expect_cqe(&ring, 100 + i, 0, 0);
	CHECK_EQ(io_uring_submit(&ring), 3);
	for (i = 0; i < 3; i++)
		expect_cqe(&ring, 200 + i, 0, 0);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

static void resize(void)
{
	/* resize_same_size: the library remaps with offsets of its own. */
	resize_keeps(0, 4, 8);
	printf("resize_same_size: %s; a same-size resize keeps every "
	       "entry\n", has(IO_URING_REGIONS_BUG_RESIZE_SAME_SIZE));
	/* resize_big_entries: the library copies the entries again. */
	resize_keeps(IORING_SETUP_SQE128, 8, 16);
	resize_keeps(IORING_SETUP_CQE32, 8, 16);
	resize_keeps(IORING_SETUP_SQE128 | IORING_SETUP_CQE32, 8, 16);
	resize_keeps(IORING_SETUP_SQE128 | IORING_SETUP_CQE32, 4, 8);
	resize_keeps(IORING_SETUP_SQE128 | IORING_SETUP_CQE32, 4, 4);
	printf("resize_big_entries: %s; SQE128 and CQE32 resizes keep "
	       "every entry\n", has(IO_URING_REGIONS_BUG_RESIZE_BIG_ENTRIES));
}

/* Writes slot @index of @ring's buffer table (one byte) into a pipe and
 * returns the byte, or the write's error. */
static int slot_byte(struct io_uring *ring, int fds[2], unsigned index,
		     void *addr)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct io_uring_cqe *cqe;
	unsigned char c;
	int res;

	CHECK(sqe != NULL);
	io_uring_prep_write_fixed(sqe, fds[1], addr, 1, -1ULL, (int)index);
	io_uring_sqe_set_data64(sqe, 7);
	CHECK_EQ(io_uring_submit_and_wait(ring, 1), 1);
	CHECK_EQ(io_uring_peek_cqe(ring, &cqe), 0);
	res = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	if (res != 1)
		return res;
	CHECK_EQ(read(fds[0], &c, 1), 1);
	return c;
}

/*
 * clone_replace_tail: a DST_REPLACE clone into the middle of a table of
 * four keeps the slots before and after the range.
 */
static void clone_tail(void)
{
	unsigned char *mem = page_alloc(4096);
	struct iovec dst_iov[4], src_iov[1];
	struct io_uring dst, src;
	int fds[2], i, got;

	CHECK(pipe(fds) == 0);
	for (i = 0; i < 4; i++) {
		mem[i] = (unsigned char)('a' + i);
		dst_iov[i].iov_base = mem + i;
		dst_iov[i].iov_len = 1;
	}
	mem[100] = 'S';
	src_iov[0].iov_base = mem + 100;
	src_iov[0].iov_len = 1;
	ring_init(&dst, 8, 0);
	ring_init(&src, 8, 0);
	CHECK_EQ(io_uring_register_buffers(&dst, dst_iov, 4), 0);
	CHECK_EQ(io_uring_register_buffers(&src, src_iov, 1), 0);
	CHECK_EQ(io_uring_clone_buffers_offset(&dst, &src, 1, 0, 1,
					       IORING_REGISTER_DST_REPLACE), 0);
	for (i = 0; i < 4; i++) {
		void *addr = i == 1 ? mem + 100 : mem + i;

		got = slot_byte(&dst, fds, (unsigned)i, addr);
		if (got != (i == 1 ? 'S' : 'a' + i))
			FAIL("slot %d after the clone: %d (%s)", i, got,
			     got < 0 ? strerror(-got) : "wrong buffer");
	}
	/* The same from a table that ends with the range: nothing after it. */
	CHECK_EQ(io_uring_clone_buffers_offset(&dst, &src, 3, 0, 1,
					       IORING_REGISTER_DST_REPLACE), 0);
	CHECK_EQ(slot_byte(&dst, fds, 3, mem + 100), 'S');
	CHECK_EQ(slot_byte(&dst, fds, 2, mem + 2), 'c');
	io_uring_queue_exit(&src);
	io_uring_queue_exit(&dst);
	close(fds[0]);
	close(fds[1]);
	munmap(mem, 4096);
	printf("clone_replace_tail: %s; DST_REPLACE keeps the slots after "
	       "the range\n", has(IO_URING_REGIONS_BUG_CLONE_REPLACE_TAIL));
}

/* A message passing IORING_CQE_F_32, sent with the raw system call
 * (io_uring_sync_msg_ring() refuses it). */
static int raw_msg(int fd, __u64 user_data, unsigned cqe_flags)
{
	struct io_uring_sqe sqe;

	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_msg_ring_cqe_flags(&sqe, fd, 1, user_data, 0,
					 cqe_flags);
	return io_uring_register(-1U, IORING_REGISTER_SEND_MSG_RING, &sqe, 1);
}

/* @n messages posted and reaped: the CQ empty, its tail moved on by @n. */
static void tail_at(struct io_uring *ring, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		CHECK_EQ(io_uring_sync_msg_ring(ring->ring_fd, 1, 10 + i, 0),
			 0);
	io_uring_cq_advance(ring, n);
}

/*
 * msg_ring_cqe32: io_uring_sync_msg_ring() refuses the flag on every
 * kernel.  Sent raw, on a CQ of 4 with its tail on the last slot, the
 * kernel with the bug puts a padding CQE (IORING_CQE_F_SKIP) there and the
 * message in slot 0; on a CQ of 2 with one CQE pending the message
 * overflows.  Neither ring is waited on: the first is reaped by peeking,
 * the second closed.
 */
static void msg_cqe32(void)
{
	int bug = !!(bugs & IO_URING_REGIONS_BUG_MSG_RING_CQE32);
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int ret;

	ring_init_cq(&ring, 1, 4, 0);
	CHECK_EQ(io_uring_sync_msg_ring(ring.ring_fd, 1, 2, 1U << 15),
		 -EINVAL);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);
	tail_at(&ring, 3);
	ret = raw_msg(ring.ring_fd, 0x5a, 1U << 15);
	if (ret == -EINVAL) {
		CHECK(!bug);	/* the kernel refuses it: no bug */
		printf("msg_ring_cqe32: the kernel refuses the flag\n");
		io_uring_queue_exit(&ring);
		return;
	}
	CHECK_EQ(ret, 0);
	CHECK(!io_uring_cq_has_overflow(&ring));
	CHECK_EQ(io_uring_cq_ready(&ring), bug ? 2 : 1);
	if (bug) {
		CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), 0);
		CHECK_EQ(cqe->user_data, 0);
		CHECK_EQ(cqe->flags, 1U << 5);
		io_uring_cqe_seen(&ring, cqe);
	}
	CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), 0);
	CHECK_EQ(cqe->user_data, 0x5a);
	CHECK_EQ(cqe->flags, 1U << 15);
	io_uring_cqe_seen(&ring, cqe);
	CHECK_EQ(io_uring_cq_ready(&ring), 0);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);

	ring_init_cq(&ring, 1, 2, 0);
	CHECK_EQ(io_uring_sync_msg_ring(ring.ring_fd, 1, 1, 0), 0);
	CHECK_EQ(raw_msg(ring.ring_fd, 0x5b, 1U << 15), 0);
	CHECK_EQ(io_uring_cq_has_overflow(&ring), bug);
	io_uring_queue_exit(&ring);
	printf("msg_ring_cqe32: %s; io_uring_sync_msg_ring refuses the "
	       "flag\n",
	       has(IO_URING_REGIONS_BUG_MSG_RING_CQE32));
}

int main(void)
{
	struct resources before;
	int i;

	have = io_uring_regions_probe();
	bugs = io_uring_regions_probe_bugs();
	if (!(have & (IO_URING_REGIONS_REG_WAIT | IO_URING_REGIONS_RESIZE |
		      IO_URING_REGIONS_CLONE_OFFSET |
		      IO_URING_REGIONS_SYNC_MSG))) {
		printf("SKIP: the kernel lacks reg_wait, resize, clone_offset "
		       "and sync_msg_ring, which the known bugs are in\n");
		return T_SKIP;
	}
	/* Before the baseline: stdout's buffer is allocated by the first
	 * line, with a mapping of its own under the sanitizers. */
	printf("the probe found bugs 0x%x\n", bugs);
	warm_thread_cache();
	/* The probe's trial rings unpin their memory a little later. */
	for (i = 0; i < 200; i++) {
		resources_get(&before);
		if (before.vm_pin_kb == 0)
			break;
		usleep(10000);
	}
	if (have & IO_URING_REGIONS_REG_WAIT)
		last_slot();
	if (have & IO_URING_REGIONS_RESIZE)
		resize();
	if (have & IO_URING_REGIONS_CLONE_OFFSET)
		clone_tail();
	if (have & IO_URING_REGIONS_SYNC_MSG)
		msg_cqe32();
	resources_check(&before, "the bug cases");
	printf("bugs found: 0x%x, the library's answer checked on each\n",
	       bugs);
	return 0;
}
