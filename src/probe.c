/* SPDX-License-Identifier: MIT */
/*
 * The support probe: asks the running kernel which families it has, with
 * arguments that a kernel having the opcode rejects with an errno other than
 * the -EINVAL an unknown opcode gets.  One throwaway ring, closed before
 * returning; the answer is cached per process without a lock.
 */
#include <string.h>
#include "internal.h"

#define PROBED		(1U << 31)

/* A user address no process can map: copying from it always faults. */
#define FAULTING_PTR	((const void *)(uintptr_t)-4096)

static unsigned int cached;

static bool sync_msg_supported(void)
{
	struct io_uring_sqe sqe;

	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_msg_ring(&sqe, -1, 0, 0, 0);
	return io_uring_register_sync_msg(&sqe) == -EBADF;
}

static int clone_probe(int fd, unsigned flags)
{
	struct clone_arg arg;

	memset(&arg, 0, sizeof(arg));
	arg.src_fd = -1U;
	arg.flags = flags;
	return io_uring_register(fd, IORING_REGISTER_CLONE_BUFFERS, &arg, 1);
}

static bool kernel_region_supported(int fd)
{
	struct io_uring_region_desc desc;
	struct io_uring_mem_region_reg reg;

	memset(&desc, 0, sizeof(desc));
	desc.size = page_size();
	memset(&reg, 0, sizeof(reg));
	reg.region_uptr = (__u64)(uintptr_t)&desc;
	return io_uring_register(fd, IORING_REGISTER_MEM_REGION, &reg, 1) == 0;
}

static unsigned int probe_ring(int fd)
{
	unsigned int found = IO_URING_REGIONS_RING;

	if (io_uring_register(fd, IORING_REGISTER_RESIZE_RINGS,
			      FAULTING_PTR, 1) == -EFAULT)
		found |= IO_URING_REGIONS_RESIZE;
	if (clone_probe(fd, 0) == -EBADF)
		found |= IO_URING_REGIONS_CLONE;
	if (clone_probe(fd, IORING_REGISTER_DST_REPLACE) == -EBADF)
		found |= IO_URING_REGIONS_CLONE_OFFSET;
	if (io_uring_register(fd, IORING_REGISTER_MEM_REGION,
			      FAULTING_PTR, 1) == -EFAULT) {
		found |= IO_URING_REGIONS_MEM_REGION |
			 IO_URING_REGIONS_REG_WAIT;
		/* Last: it leaves a region on the throwaway ring. */
		if (kernel_region_supported(fd))
			found |= IO_URING_REGIONS_KERNEL_REGION;
	}
	return found;
}

static unsigned int probe_kernel(void)
{
	struct io_uring_params p;
	unsigned int found = 0;
	int fd;

	memset(&p, 0, sizeof(p));
	/* Resize needs DEFER_TASKRUN (6.1); a kernel without it has none. */
	p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
	fd = io_uring_setup(1, &p);
	if (fd == -EINVAL) {
		memset(&p, 0, sizeof(p));
		fd = io_uring_setup(1, &p);
	}
	if (fd >= 0) {
		found = probe_ring(fd);
		close_fd(fd);
	}
	if (sync_msg_supported())
		found |= IO_URING_REGIONS_SYNC_MSG;
	return found;
}

unsigned int io_uring_regions_probe(void)
{
	unsigned int v = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);

	if (!(v & PROBED)) {
		/* Racing first calls probe twice and store the same answer. */
		v = probe_kernel() | PROBED;
		__atomic_store_n(&cached, v, __ATOMIC_RELEASE);
	}
	return v & ~PROBED;
}

static const char *const feature_names[] = {
	"ring", "mem_region", "kernel_region", "reg_wait",
	"resize", "clone_buffers", "clone_offset", "sync_msg_ring",
};

const char *io_uring_regions_feature_name(unsigned int feature)
{
	unsigned int i;

	for (i = 0; i < sizeof(feature_names) / sizeof(feature_names[0]); i++)
		if (feature == 1U << i)
			return feature_names[i];
	return NULL;
}
