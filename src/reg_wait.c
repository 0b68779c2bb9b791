/* SPDX-License-Identifier: MIT */
/*
 * Registered wait arguments (6.13): a memory region flagged
 * IORING_MEM_REGION_REG_WAIT_ARG holds an array of struct io_uring_reg_wait
 * slots, and a wait names its slot by byte offset.
 */
#include <limits.h>
#include <string.h>
#include "enter.h"

static size_t wait_area_size(unsigned nentries)
{
	return align_up((size_t)nentries * REG_WAIT_SLOT_SIZE, page_size());
}

/*
 * Kernels up to at least 6.18 clamp the offset of the area's last slot to
 * 0 (array_index_nospec() bounded one slot short), so a wait on it uses
 * slot 0.  An area the library allocates keeps a spare slot at the end.
 */
static size_t owned_area_size(unsigned nentries)
{
	return wait_area_size(nentries + 1);
}

static int register_reg_wait(struct io_uring *ring,
			     struct io_uring_reg_wait *reg, int nr)
{
	struct io_uring_region_desc desc;
	struct io_uring_mem_region_reg mr;

	if (!ring || !reg || nr <= 0)
		return -EINVAL;
	if ((uintptr_t)reg & (page_size() - 1))
		return -EINVAL;
	/* An area of @nr slots that no size_t can measure (32-bit). */
	if ((size_t)nr > (SIZE_MAX - page_size()) / REG_WAIT_SLOT_SIZE)
		return -EOVERFLOW;
	memset(&desc, 0, sizeof(desc));
	desc.user_addr = (__u64)(uintptr_t)reg;
	desc.size = wait_area_size((unsigned)nr);
	desc.flags = IORING_MEM_REGION_TYPE_USER;
	memset(&mr, 0, sizeof(mr));
	mr.region_uptr = (__u64)(uintptr_t)&desc;
	mr.flags = IORING_MEM_REGION_REG_WAIT_ARG;
	return ring_register(ring, IORING_REGISTER_MEM_REGION, &mr, 1);
}

int io_uring_register_reg_wait(struct io_uring *ring,
			       struct io_uring_reg_wait *reg, int nr)
{
	return register_reg_wait(ring, reg, nr);
}

/* liburing's name for the same call (a stub there). */
int io_uring_register_wait_reg(struct io_uring *ring,
			       struct io_uring_reg_wait *reg, int nr)
{
	return register_reg_wait(ring, reg, nr);
}

struct io_uring_reg_wait *io_uring_setup_reg_wait(struct io_uring *ring,
						  unsigned nentries, int *err)
{
	struct io_uring_reg_wait *reg;
	int dummy, ret;
	size_t size;
	long addr;

	if (!err)
		err = &dummy;
	if (!ring || !nentries || nentries >= INT_MAX / REG_WAIT_SLOT_SIZE) {
		*err = -EINVAL;
		return NULL;
	}
	size = owned_area_size(nentries);
	addr = sys_mmap(NULL, size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (sys_mmap_failed(addr)) {
		*err = (int)addr;
		return NULL;
	}
	reg = (struct io_uring_reg_wait *)addr;
	ret = register_reg_wait(ring, reg, (int)nentries + 1);
	if (ret < 0) {
		unmap(reg, size);
		*err = ret;
		return NULL;
	}
	*err = 0;
	return reg;
}

void io_uring_free_reg_wait(struct io_uring_reg_wait *reg, unsigned nentries)
{
	if (reg && nentries)
		unmap(reg, owned_area_size(nentries));
}

int io_uring_submit_and_wait_reg(struct io_uring *ring,
				 struct io_uring_cqe **cqe_ptr,
				 unsigned wait_nr, int reg_index)
{
	size_t offset = (size_t)reg_index * REG_WAIT_SLOT_SIZE;
	int ret;

	if (!cqe_ptr)
		return -EINVAL;
	ret = ring_check(ring);
	if (ret)
		return wait_error(cqe_ptr, ret);
	/*
	 * Checked before the flush, so that nothing is submitted; asking the
	 * kernel when the ring does not say (liburing 2.3 leaves features 0).
	 * Where it cannot be asked (no fd, no memory for a throwaway ring),
	 * the enter below decides.
	 */
	if (!(ring->features & IORING_FEAT_EXT_ARG)) {
		ret = kernel_features();
		if (ret >= 0 && !(ret & IORING_FEAT_EXT_ARG))
			return wait_error(cqe_ptr, -EINVAL);
	}
	/*
	 * Every slot's offset must land outside any area when the slot is not
	 * in one.  With a 64-bit size_t, a negative index gives an offset
	 * within 2^37 of 2^64 (as liburing's does), which no area reaches.  A
	 * 32-bit one would wrap, for a negative index or one past 4 GiB: the
	 * kernel gets the last offset there is, and says -EFAULT.
	 */
	if (SIZE_MAX / REG_WAIT_SLOT_SIZE <= INT_MAX &&
	    (reg_index < 0 ||
	     (size_t)reg_index > SIZE_MAX / REG_WAIT_SLOT_SIZE - 1))
		offset = SIZE_MAX & ~(REG_WAIT_SLOT_SIZE - 1);
	return get_cqe(ring, cqe_ptr, flush_sq(ring), wait_nr, true,
		       IORING_ENTER_EXT_ARG | IORING_ENTER_EXT_ARG_REG,
		       (void *)offset, REG_WAIT_SLOT_SIZE);
}
