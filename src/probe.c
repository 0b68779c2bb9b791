/* SPDX-License-Identifier: MIT */
/*
 * The support probe: asks the running kernel which families it has, with
 * arguments that a kernel having the opcode rejects with an errno other than
 * the -EINVAL an unknown opcode gets, on a throwaway ring closed before
 * returning.  Where the kernel has IORING_REGISTER_QUERY (6.18) it is asked
 * first and every trial is checked against it.  The known kernel bugs are
 * found by trying them, on demand.  Only definite answers are cached: a
 * probe that ran out of file descriptors or memory is asked again next time.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "internal.h"


#define NR_FEATURES	8

/* IORING_REGISTER_QUERY (6.18): a chain of headers, one per question. */
#define REGISTER_QUERY	35
#define QUERY_OPCODES	0
struct query_hdr {
	__u64 next_entry;
	__u64 query_data;
	__u32 query_op;
	__u32 size;
	__s32 result;
	__u32 resv[3];
};

/*
 * One probe's answer.  Cached as one 64-bit word: the features in bits 0-7,
 * a 4-bit reason per feature in bits 8-39, PROBED in bit 63; so a racing
 * reader sees all of one answer or nothing.
 */
struct answer {
	unsigned int features;
	unsigned char why[NR_FEATURES];
	bool definite;
};

#define PROBED		(1ULL << 63)
#define BUGS_PROBED	(1U << 31)

static unsigned long long cached;
static unsigned int cached_bugs;

static int bit_index(unsigned int bit)
{
	int i;

	for (i = 0; i < NR_FEATURES; i++)
		if (bit == 1U << i)
			return i;
	return -1;
}

static unsigned long long pack(const struct answer *a)
{
	unsigned long long v = a->features | PROBED;
	int i;

	for (i = 0; i < NR_FEATURES; i++)
		v |= (unsigned long long)(a->why[i] & 0xf) << (8 + 4 * i);
	return v;
}

static void unpack(unsigned long long v, struct answer *a)
{
	int i;

	a->features = (unsigned int)(v & IO_URING_REGIONS_ALL);
	for (i = 0; i < NR_FEATURES; i++)
		a->why[i] = (v >> (8 + 4 * i)) & 0xf;
	a->definite = true;
}

/* The first number in @path, or -1. */
static long long read_number(const char *path, const char *field)
{
	char buf[4096], *p;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = buf;
	if (field) {
		p = strstr(buf, field);
		if (!p)
			return -1;
		p += strlen(field);
	}
	/* CapEff is 64 bits of hex: too wide for a 32-bit long. */
	return strtoll(p, NULL, field && !strcmp(field, "CapEff:") ? 16 : 10);
}

static bool seccomp_filtered(void)
{
	return read_number("/proc/self/status", "Seccomp:") == 2;
}

/* The kernel charges ring and region memory to RLIMIT_MEMLOCK unless the
 * caller has CAP_IPC_LOCK. */
static bool memlock_limited(void)
{
	struct rlimit rl;
	long long caps = read_number("/proc/self/status", "CapEff:");

	if (caps >= 0 && (caps & (1LL << 14)))
		return false;
	return getrlimit(RLIMIT_MEMLOCK, &rl) == 0 &&
	       rl.rlim_cur != RLIM_INFINITY;
}

/* An error that may be gone next time: not a definite answer. */
static bool passing(int err)
{
	return err == -EMFILE || err == -ENFILE || err == -ENOMEM ||
	       err == -EAGAIN || err == -EINTR || err == -ENOBUFS;
}

/* Why a call failed with @err, beyond the kernel not having it. */
static unsigned char why_of(int err)
{
	switch (-err) {
	case ENOSYS:
		return seccomp_filtered() ? IO_URING_REGIONS_WHY_SECCOMP :
					    IO_URING_REGIONS_WHY_NO_IO_URING;
	case EPERM:
	case EACCES:
		if (read_number("/proc/sys/kernel/io_uring_disabled", NULL) > 0)
			return IO_URING_REGIONS_WHY_SYSCTL;
		return seccomp_filtered() ? IO_URING_REGIONS_WHY_SECCOMP :
					    IO_URING_REGIONS_WHY_DENIED;
	case ENOMEM:
		return memlock_limited() ? IO_URING_REGIONS_WHY_MEMLOCK :
					   IO_URING_REGIONS_WHY_NOMEM;
	case EMFILE:
	case ENFILE:
		return IO_URING_REGIONS_WHY_NOFILE;
	default:
		return IO_URING_REGIONS_WHY_OTHER;
	}
}

/*
 * Records a trial's result: @ret == @present means the feature is there;
 * -EINVAL (an unknown opcode) or another answer of the kernel's means it
 * is not; denials and shortages say why not.
 */
static void decide(struct answer *a, unsigned int bit, int ret, int present)
{
	unsigned char why = IO_URING_REGIONS_WHY_KERNEL;

	if (ret == present) {
		a->features |= bit;
		return;
	}
	if (ret == -EPERM || ret == -EACCES || ret == -ENOSYS || passing(ret))
		why = why_of(ret);
	if (passing(ret))
		a->definite = false;
	a->why[bit_index(bit)] = why;
}

static int query_opcodes(struct io_uring_regions_query *q)
{
	struct query_hdr hdr;
	int ret;

	memset(q, 0, sizeof(*q));
	memset(&hdr, 0, sizeof(hdr));
	hdr.query_data = (__u64)(uintptr_t)q;
	hdr.query_op = QUERY_OPCODES;
	hdr.size = sizeof(*q);
	ret = io_uring_register(-1U, REGISTER_QUERY, &hdr, 0);
	if (ret < 0)
		return ret;
	if (hdr.result < 0)
		return hdr.result;
	return 0;
}

int io_uring_regions_query(struct io_uring_regions_query *q)
{
	struct io_uring_regions_query tmp;
	int ret;

	if (!q)
		return -EINVAL;
	ret = query_opcodes(&tmp);
	if (!ret)
		*q = tmp;
	return ret;
}

unsigned int io_uring_regions_query_features(const struct io_uring_regions_query *q,
					     unsigned int *decided)
{
	unsigned int have = IO_URING_REGIONS_RING;
	__u32 nr = q ? q->nr_register_opcodes : 0;

	if (decided)
		*decided = q ? IO_URING_REGIONS_RING |
			       IO_URING_REGIONS_MEM_REGION |
			       IO_URING_REGIONS_REG_WAIT |
			       IO_URING_REGIONS_RESIZE |
			       IO_URING_REGIONS_CLONE |
			       IO_URING_REGIONS_SYNC_MSG : 0;
	if (!q)
		return 0;
	if (nr > IORING_REGISTER_MEM_REGION) {
		have |= IO_URING_REGIONS_MEM_REGION;
		if ((q->enter_flags & IORING_ENTER_EXT_ARG_REG) &&
		    (q->setup_flags & IORING_SETUP_R_DISABLED))
			have |= IO_URING_REGIONS_REG_WAIT;
	}
	if (nr > IORING_REGISTER_RESIZE_RINGS &&
	    (q->setup_flags & IORING_SETUP_DEFER_TASKRUN))
		have |= IO_URING_REGIONS_RESIZE;
	if (nr > IORING_REGISTER_CLONE_BUFFERS)
		have |= IO_URING_REGIONS_CLONE;
	if (nr > IORING_REGISTER_SEND_MSG_RING)
		have |= IO_URING_REGIONS_SYNC_MSG;
	return have;
}

static int clone_probe(int fd, unsigned flags)
{
	struct clone_arg arg;

	memset(&arg, 0, sizeof(arg));
	arg.src_fd = -1U;
	arg.flags = flags;
	return io_uring_register((unsigned)fd, IORING_REGISTER_CLONE_BUFFERS,
				 &arg, 1);
}

/* Registers one page of kernel memory: 0 where the kernel allocates. */
static int kernel_region(int fd)
{
	struct io_uring_region_desc desc;
	struct io_uring_mem_region_reg reg;

	memset(&desc, 0, sizeof(desc));
	desc.size = page_size();
	memset(&reg, 0, sizeof(reg));
	reg.region_uptr = (__u64)(uintptr_t)&desc;
	return io_uring_register((unsigned)fd, IORING_REGISTER_MEM_REGION,
				 &reg, 1);
}

static void probe_ring(int fd, bool defer, struct answer *a)
{
	int ret;

	if (defer)
		decide(a, IO_URING_REGIONS_RESIZE,
		       io_uring_register((unsigned)fd,
					 IORING_REGISTER_RESIZE_RINGS,
					 FAULTING_PTR, 1), -EFAULT);
	decide(a, IO_URING_REGIONS_CLONE, clone_probe(fd, 0), -EBADF);
	decide(a, IO_URING_REGIONS_CLONE_OFFSET,
	       clone_probe(fd, IORING_REGISTER_DST_REPLACE), -EBADF);
	ret = io_uring_register((unsigned)fd, IORING_REGISTER_MEM_REGION,
				FAULTING_PTR, 1);
	decide(a, IO_URING_REGIONS_MEM_REGION, ret, -EFAULT);
	/* Registered waits came with regions (6.13). */
	decide(a, IO_URING_REGIONS_REG_WAIT, ret, -EFAULT);
	if (ret == -EFAULT) {
		/* Last: it leaves a region on the throwaway ring.  6.13
		 * refuses memory it would allocate with -EINVAL. */
		ret = kernel_region(fd);
		decide(a, IO_URING_REGIONS_KERNEL_REGION, ret, 0);
	} else {
		a->why[bit_index(IO_URING_REGIONS_KERNEL_REGION)] =
			a->why[bit_index(IO_URING_REGIONS_MEM_REGION)];
	}
}

static void probe_kernel(struct answer *a)
{
	struct io_uring_regions_query q;
	struct io_uring_sqe sqe;
	struct io_uring_params p;
	bool defer = true;
	int fd, i;

	memset(a, 0, sizeof(*a));
	a->definite = true;
	/*
	 * QUERY (6.18) lists the setup flags; elsewhere the ring tells.
	 * Resize needs DEFER_TASKRUN (6.1); a kernel without it has none.
	 * The trials run either way: they are the kernel's behaviour, and the
	 * test suite checks that QUERY agrees with them.
	 */
	if (query_opcodes(&q) == 0 &&
	    !(q.setup_flags & IORING_SETUP_DEFER_TASKRUN))
		defer = false;
	memset(&p, 0, sizeof(p));
	if (defer)
		p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
	fd = io_uring_setup(1, &p);
	if (fd == -EINVAL && defer) {
		defer = false;
		memset(&p, 0, sizeof(p));
		fd = io_uring_setup(1, &p);
	}
	if (fd < 0) {
		/* Without a ring nothing is usable, whatever else answers. */
		for (i = 0; i < NR_FEATURES; i++)
			a->why[i] = why_of(fd);
		a->definite = !passing(fd);
		return;
	}
	a->features = IO_URING_REGIONS_RING;
	if (!defer)
		a->why[bit_index(IO_URING_REGIONS_RESIZE)] =
			IO_URING_REGIONS_WHY_KERNEL;
	probe_ring(fd, defer, a);
	close_fd(fd);

	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_msg_ring(&sqe, -1, 0, 0, 0);
	decide(a, IO_URING_REGIONS_SYNC_MSG, io_uring_register_sync_msg(&sqe),
	       -EBADF);
}

/* The answer: the cached one, or a new probe (cached if definite). */
static void get_answer(struct answer *a)
{
	unsigned long long v = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);
	int saved = errno;

	if (v & PROBED) {
		unpack(v, a);
		return;
	}
	/* Racing first calls probe twice and store the same answer. */
	probe_kernel(a);
	if (a->definite)
		__atomic_store_n(&cached, pack(a), __ATOMIC_RELEASE);
	errno = saved;
}

/*
 * The running kernel's IORING_FEAT_* bits, for rings whose features field
 * another library left 0 (liburing 2.3's io_uring_queue_mmap()): asked of
 * a throwaway ring once per process; racing first calls ask twice and
 * store the same answer.  -errno while no ring can be set up.
 */
#define FEATURES_KNOWN	(1U << 31)

int kernel_features(void)
{
	static unsigned int features;
	unsigned int v = __atomic_load_n(&features, __ATOMIC_ACQUIRE);
	struct io_uring_params p;
	int fd;

	if (v & FEATURES_KNOWN)
		return (int)(v & ~FEATURES_KNOWN);
	memset(&p, 0, sizeof(p));
	fd = io_uring_setup(1, &p);
	if (fd < 0)
		return fd;
	close_fd(fd);
	v = p.features & ~FEATURES_KNOWN;
	__atomic_store_n(&features, v | FEATURES_KNOWN, __ATOMIC_RELEASE);
	return (int)v;
}

unsigned int io_uring_regions_probe(void)
{
	struct answer a;

	get_answer(&a);
	return a.features;
}

int io_uring_regions_probe_why(unsigned int feature)
{
	struct answer a;
	int i = bit_index(feature);

	if (i < 0)
		return -EINVAL;
	get_answer(&a);
	if (a.features & feature)
		return IO_URING_REGIONS_WHY_USABLE;
	return a.why[i];
}

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
	definite = __atomic_load_n(&cached, __ATOMIC_ACQUIRE) & PROBED;
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
	if (definite)
		__atomic_store_n(&cached_bugs, bugs | BUGS_PROBED,
				 __ATOMIC_RELEASE);
	errno = saved;
	return bugs;
}

static const char *const feature_names[NR_FEATURES] = {
	"ring", "mem_region", "kernel_region", "reg_wait",
	"resize", "clone_buffers", "clone_offset", "sync_msg_ring",
};

const char *io_uring_regions_feature_name(unsigned int feature)
{
	int i = bit_index(feature);

	return i < 0 ? NULL : feature_names[i];
}

static const char *const bug_names[] = {
	"reg_wait_last_slot", "resize_same_size", "resize_big_entries",
	"clone_replace_tail",
};

const char *io_uring_regions_bug_name(unsigned int bug)
{
	unsigned int i;

	for (i = 0; i < sizeof(bug_names) / sizeof(bug_names[0]); i++)
		if (bug == 1U << i)
			return bug_names[i];
	return NULL;
}

static const char *const why_names[] = {
	"usable", "kernel", "no_io_uring", "sysctl", "seccomp", "denied",
	"memlock", "nofile", "nomem", "other",
};

const char *io_uring_regions_why_name(int why)
{
	if (why < 0 || why >= (int)(sizeof(why_names) / sizeof(why_names[0])))
		return NULL;
	return why_names[why];
}
