/* SPDX-License-Identifier: MIT */
/*
 * The support probe: asks the running kernel which families it has, with
 * arguments that a kernel having the opcode rejects with an errno other than
 * the -EINVAL an unknown opcode gets, on a throwaway ring closed before
 * returning.  Where the kernel has IORING_REGISTER_QUERY (6.18, query.c) it
 * is asked first and every trial is checked against it.  The known kernel
 * bugs are found by trying them, on demand (bug_trials.c).  Only definite
 * answers are cached: a probe that ran out of file descriptors or memory is
 * asked again next time.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "internal.h"

#define NR_FEATURES	8

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

static unsigned long long cached;

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

/* Whether the feature probe's answer is definite (and cached). */
bool probe_definite(void)
{
	return __atomic_load_n(&cached, __ATOMIC_ACQUIRE) & PROBED;
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

static const char *const feature_names[NR_FEATURES] = {
	"ring", "mem_region", "kernel_region", "reg_wait",
	"resize", "clone_buffers", "clone_offset", "sync_msg_ring",
};

const char *io_uring_regions_feature_name(unsigned int feature)
{
	int i = bit_index(feature);

	return i < 0 ? NULL : feature_names[i];
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
