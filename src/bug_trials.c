/* SPDX-License-Identifier: MIT */
/*
 * The known kernel bugs, each found by trying it on rings of its own and
 * cached once every trial gave a definite answer.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"

#define BUGS_PROBED	(1U << 31)

static unsigned int cached_bugs;

/*
 * Raw rings for the bug trials: the library's own calls may work around
 * the very bugs looked for, so these use the system calls directly.
 */
struct raw_ring {
	int fd;
	unsigned int flags;
	struct io_uring_params p;	/* as set up: the ring offsets */
	char *rings;
	size_t rings_size;
	char *sqes;
	size_t sqes_size;
};


/* Maps the rings of @sq / @cq entries (single mmap, 5.4+). */
static int raw_map(struct raw_ring *r, unsigned sq, unsigned cq)
{
	int err = -ENOMEM;

	r->rings_size = r->p.cq_off.cqes + cq * cqe_size(r->flags);
	r->rings = map_shared(r->fd, r->rings_size, IORING_OFF_SQ_RING, &err);
	if (!r->rings)
		return err;
	r->sqes_size = sq * sqe_size(r->flags);
	r->sqes = map_shared(r->fd, r->sqes_size, IORING_OFF_SQES, &err);
	if (!r->sqes) {
		unmap(r->rings, r->rings_size);
		r->rings = NULL;
		return err;
	}
	return 0;
}

static void raw_unmap(struct raw_ring *r)
{
	if (r->rings)
		unmap(r->rings, r->rings_size);
	if (r->sqes)
		unmap(r->sqes, r->sqes_size);
	r->rings = r->sqes = NULL;
}

static int raw_setup(struct raw_ring *r, unsigned sq, unsigned cq,
		     unsigned flags)
{
	int ret;

	memset(r, 0, sizeof(*r));
	r->p.flags = flags | IORING_SETUP_CQSIZE;
	r->p.cq_entries = cq;
	r->fd = io_uring_setup(sq, &r->p);
	if (r->fd < 0)
		return r->fd;
	r->flags = flags;
	ret = raw_map(r, sq, cq);
	if (ret)
		close_fd(r->fd);
	return ret;
}

static void raw_close(struct raw_ring *r)
{
	raw_unmap(r);
	close_fd(r->fd);
}

static unsigned *raw_u32(const struct raw_ring *r, __u32 off)
{
	return (unsigned *)(r->rings + off);
}

static struct io_uring_sqe *raw_sqe(const struct raw_ring *r, unsigned i)
{
	return (struct io_uring_sqe *)(r->sqes + i * sqe_size(r->flags));
}

static struct io_uring_cqe *raw_cqe(const struct raw_ring *r, unsigned i)
{
	return (struct io_uring_cqe *)(r->rings + r->p.cq_off.cqes +
				       i * cqe_size(r->flags));
}

static void raw_nop(struct raw_ring *r, unsigned i, __u64 user_data)
{
	struct io_uring_sqe *sqe = raw_sqe(r, i);

	memset(sqe, 0, sqe_size(r->flags));
	sqe->opcode = IORING_OP_NOP;
	sqe->user_data = user_data;
}

static int raw_resize(struct raw_ring *r, unsigned sq, unsigned cq)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.sq_entries = sq;
	p.cq_entries = cq;
	p.flags = IORING_SETUP_CQSIZE;
	return io_uring_register((unsigned)r->fd, IORING_REGISTER_RESIZE_RINGS,
				 &p, 1);
}

#define DEFER	(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | \
		 IORING_SETUP_NO_SQARRAY)

/*
 * 6.13 to 6.17: a resize to the current sizes returns 0 and keeps the old
 * rings.  A fresh mapping after it shows a mark written through the old
 * one only if the rings did not move.  1: bug, 0: none, <0: no answer.
 */
static int bug_resize_same_size(void)
{
	struct raw_ring r, n;
	int ret;

	ret = raw_setup(&r, 4, 8, DEFER);
	if (ret)
		return ret;
	ret = raw_resize(&r, 4, 8);
	if (!ret) {
		n = r;
		ret = raw_map(&n, 4, 8);
	}
	if (!ret) {
		*raw_u32(&r, r.p.cq_off.flags) = IORING_CQ_EVENTFD_DISABLED;
		ret = !!(*raw_u32(&n, r.p.cq_off.flags) &
			 IORING_CQ_EVENTFD_DISABLED);
		raw_unmap(&n);
	}
	raw_close(&r);
	return ret;
}

/*
 * Before 7.1 (and 7.0's stable series): a resize copies pending entries of
 * SQE128 and CQE32 rings as 64- and 16-byte ones, at the wrong places, so
 * all but the first are lost.  Two completed NOPs wait in the CQ and two
 * unsubmitted ones in the SQ; after the resize each must be where it was.
 */
static int bug_resize_big_entries(void)
{
	const unsigned flags = DEFER | IORING_SETUP_SQE128 | IORING_SETUP_CQE32;
	struct raw_ring r, n;
	unsigned i;
	int ret;

	ret = raw_setup(&r, 4, 8, flags);
	if (ret)
		return ret;
	for (i = 0; i < 2; i++)
		raw_nop(&r, i, 0x51 + i);
	store_release(raw_u32(&r, r.p.sq_off.tail), 2);
	ret = io_uring_enter((unsigned)r.fd, 2, 2, IORING_ENTER_GETEVENTS,
			     NULL);
	if (ret >= 0 && ret != 2)
		ret = -EIO;
	if (ret == 2) {
		for (i = 2; i < 4; i++)
			raw_nop(&r, i, 0x51 + i);
		store_release(raw_u32(&r, r.p.sq_off.tail), 4);
		ret = raw_resize(&r, 8, 16);
	}
	if (!ret) {
		n = r;
		ret = raw_map(&n, 8, 16);
	}
	if (!ret) {
		for (i = 0; i < 2; i++)
			if (raw_cqe(&n, i)->user_data != 0x51 + i)
				ret = 1;
		for (i = 2; i < 4; i++)
			if (raw_sqe(&n, i)->user_data != 0x51 + i)
				ret = 1;
		raw_unmap(&n);
	}
	raw_close(&r);
	return ret;
}

/*
 * 6.13.2 through at least 7.3: a wait on the last slot of the wait area
 * reads slot 0.  Slot 0 holds flags the kernel rejects, the last slot a
 * 1 us timeout: -EINVAL means slot 0 was read.
 */
static int bug_reg_wait_last_slot(void)
{
	struct io_uring_region_desc desc;
	struct io_uring_mem_region_reg reg;
	struct io_uring_reg_wait *w;
	struct io_uring_params p;
	size_t size = page_size();
	unsigned last = (unsigned)(size / REG_WAIT_SLOT_SIZE) - 1;
	int fd, ret, tries;

	w = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (w == MAP_FAILED)
		return -ENOMEM;
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_R_DISABLED;
	fd = io_uring_setup(1, &p);
	if (fd < 0) {
		unmap(w, size);
		return fd;
	}
	memset(&desc, 0, sizeof(desc));
	desc.user_addr = (__u64)(uintptr_t)w;
	desc.size = size;
	desc.flags = IORING_MEM_REGION_TYPE_USER;
	memset(&reg, 0, sizeof(reg));
	reg.region_uptr = (__u64)(uintptr_t)&desc;
	reg.flags = IORING_MEM_REGION_REG_WAIT_ARG;
	ret = io_uring_register((unsigned)fd, IORING_REGISTER_MEM_REGION,
				&reg, 1);
	if (!ret)
		ret = io_uring_register((unsigned)fd,
					IORING_REGISTER_ENABLE_RINGS, NULL, 0);
	if (!ret) {
		w[0].flags = 1U << 7;
		w[last].flags = IORING_REG_WAIT_TS;
		w[last].ts.tv_nsec = 1000;
		for (tries = 0; tries < 3; tries++) {
			ret = io_uring_enter2((unsigned)fd, 0, 1,
					      IORING_ENTER_GETEVENTS |
					      IORING_ENTER_EXT_ARG |
					      IORING_ENTER_EXT_ARG_REG,
					      (void *)(uintptr_t)(last *
						REG_WAIT_SLOT_SIZE),
					      REG_WAIT_SLOT_SIZE);
			if (ret != -EINTR)
				break;
		}
		if (ret == -ETIME)
			ret = 0;
		else if (ret == -EINVAL)
			ret = 1;
		else if (ret >= 0)
			ret = -EIO;
	}
	close_fd(fd);
	unmap(w, size);
	return ret;
}

/*
 * Before 6.19 (and its stable backports): a DST_REPLACE clone drops the
 * destination's buffers after the cloned range.  The destination has two
 * buffers, the clone replaces the first; a write from the second must
 * still work (it fails with -EFAULT on an empty slot).
 */
static int bug_clone_replace_tail(void)
{
	struct io_uring dst, src;
	struct clone_arg arg;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	struct iovec iov[2];
	size_t size = page_size();
	int fds[2], ret;
	char *buf;

	buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (buf == MAP_FAILED)
		return -ENOMEM;
	iov[0].iov_base = buf;
	iov[0].iov_len = 1;
	iov[1].iov_base = buf + 1;
	iov[1].iov_len = 1;
	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK)) {
		ret = -errno;
		unmap(buf, size);
		return ret;
	}
	ret = io_uring_queue_init(2, &dst, 0);
	if (ret)
		goto out_pipe;
	ret = io_uring_queue_init(2, &src, 0);
	if (ret)
		goto out_dst;
	ret = io_uring_register_buffers(&dst, iov, 2);
	if (!ret)
		ret = io_uring_register_buffers(&src, iov, 1);
	if (!ret) {
		memset(&arg, 0, sizeof(arg));
		arg.src_fd = (__u32)src.ring_fd;
		arg.flags = IORING_REGISTER_DST_REPLACE;
		arg.nr = 1;
		ret = io_uring_register((unsigned)dst.ring_fd,
					IORING_REGISTER_CLONE_BUFFERS, &arg, 1);
	}
	if (!ret) {
		sqe = io_uring_get_sqe(&dst);
		io_uring_prep_write_fixed(sqe, fds[1], buf + 1, 1, -1ULL, 1);
		ret = io_uring_submit_and_wait(&dst, 1);
		/* Submitted nothing: no CQE to read, not an answer. */
		if (ret == 0)
			ret = -EIO;
		else if (ret == 1)
			ret = io_uring_peek_cqe(&dst, &cqe);
		if (!ret) {
			if (cqe->res == 1)
				ret = 0;
			else if (cqe->res == -EFAULT)
				ret = 1;
			else
				ret = cqe->res < 0 ? cqe->res : -EIO;
			io_uring_cqe_seen(&dst, cqe);
		} else if (ret > 0) {
			ret = -EIO;
		}
	}
	io_uring_queue_exit(&src);
out_dst:
	io_uring_queue_exit(&dst);
out_pipe:
	close_fd(fds[0]);
	close_fd(fds[1]);
	unmap(buf, size);
	return ret;
}

/*
 * 6.18: a message passing IORING_CQE_F_32 to a ring without CQE32 or
 * CQE_MIXED is posted as a 32-byte CQE.  With the CQ tail on the last slot
 * of four, the kernel puts a padding CQE there and the message in slot 0
 * (the tail moves by 2); with fewer free slots the message overflows and a
 * waiter spins in the kernel, killable by nothing.  So the CQ keeps three
 * slots free, and nothing here waits on the ring.
 */
/* A data message to @fd, user_data 0x5a, passing @cqe_flags if any. */
static int raw_msg(int fd, unsigned cqe_flags)
{
	struct io_uring_sqe sqe;

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_MSG_RING;
	sqe.fd = fd;
	sqe.off = 0x5a;
	if (cqe_flags) {
		sqe.msg_ring_flags = IORING_MSG_RING_FLAGS_PASS;
		sqe.file_index = cqe_flags;
	}
	return io_uring_register(-1U, IORING_REGISTER_SEND_MSG_RING, &sqe, 1);
}

/* 1 if the message sent with the tail on slot 3 is not just in slot 3. */
static int padded(const struct raw_ring *r)
{
	unsigned sq_flags = load_acquire(raw_u32(r, r->p.sq_off.flags));

	if (load_acquire(raw_u32(r, r->p.cq_off.tail)) != 4)
		return 1;
	if (sq_flags & IORING_SQ_CQ_OVERFLOW)
		return 1;
	return raw_cqe(r, 3)->user_data != 0x5a;
}

static int bug_msg_ring_cqe32(void)
{
	struct raw_ring r;
	unsigned i;
	int ret;

	ret = raw_setup(&r, 1, 4, IORING_SETUP_NO_SQARRAY);
	if (ret)
		return ret;
	for (i = 0; i < 3 && !ret; i++)
		ret = raw_msg(r.fd, 0);
	/* Reaped: the CQ empty, its tail on the last slot. */
	store_release(raw_u32(&r, r.p.cq_off.head), 3);
	if (!ret) {
		ret = raw_msg(r.fd, 1U << 15);
		/* A kernel that refuses the flag has no bug. */
		if (ret == -EINVAL)
			ret = 0;
		else if (!ret)
			ret = padded(&r);
	}
	raw_close(&r);
	return ret;
}

unsigned int io_uring_regions_probe_bugs(void)
{
	unsigned int v = __atomic_load_n(&cached_bugs, __ATOMIC_ACQUIRE);
	unsigned int have, bugs = 0;
	bool definite;
	int saved, ret;

	if (v & BUGS_PROBED)
		return v & ~BUGS_PROBED;
	saved = errno;
	have = io_uring_regions_probe();
	definite = probe_definite();
	if (have & IO_URING_REGIONS_REG_WAIT) {
		ret = bug_reg_wait_last_slot();
		if (ret > 0)
			bugs |= IO_URING_REGIONS_BUG_REG_WAIT_LAST_SLOT;
		definite &= ret >= 0;
	}
	if (have & IO_URING_REGIONS_RESIZE) {
		ret = bug_resize_same_size();
		if (ret > 0)
			bugs |= IO_URING_REGIONS_BUG_RESIZE_SAME_SIZE;
		definite &= ret >= 0;
		ret = bug_resize_big_entries();
		if (ret > 0)
			bugs |= IO_URING_REGIONS_BUG_RESIZE_BIG_ENTRIES;
		definite &= ret >= 0;
	}
	if (have & IO_URING_REGIONS_CLONE_OFFSET) {
		ret = bug_clone_replace_tail();
		if (ret > 0)
			bugs |= IO_URING_REGIONS_BUG_CLONE_REPLACE_TAIL;
		definite &= ret >= 0;
	}
	if (have & IO_URING_REGIONS_SYNC_MSG) {
		ret = bug_msg_ring_cqe32();
		if (ret > 0)
			bugs |= IO_URING_REGIONS_BUG_MSG_RING_CQE32;
		definite &= ret >= 0;
	}
	if (definite)
		__atomic_store_n(&cached_bugs, bugs | BUGS_PROBED,
				 __ATOMIC_RELEASE);
	errno = saved;
	return bugs;
}

static const char *const bug_names[] = {
	"reg_wait_last_slot", "resize_same_size", "resize_big_entries",
	"clone_replace_tail", "msg_ring_cqe32",
};

const char *io_uring_regions_bug_name(unsigned int bug)
{
	unsigned int i;

	for (i = 0; i < sizeof(bug_names) / sizeof(bug_names[0]); i++)
		if (bug == 1U << i)
			return bug_names[i];
	return NULL;
}
