/* SPDX-License-Identifier: MIT */
/* Memory regions (IORING_REGISTER_MEM_REGION, 6.13). */
#include <string.h>
#include "internal.h"

int io_uring_register_region(struct io_uring *ring,
			     struct io_uring_mem_region_reg *reg)
{
	if (!ring)
		return -EINVAL;
	return ring_register(ring, IORING_REGISTER_MEM_REGION, reg, 1);
}

/*
 * Registers @size bytes (rounded up to pages) of kernel memory as the ring's
 * region and maps it.  If the mapping fails the region stays registered and
 * is freed with the ring: nothing is leaked either way.
 */
void *io_uring_map_region(struct io_uring *ring, size_t size,
			  __u64 reg_flags, int *err)
{
	struct io_uring_region_desc desc;
	struct io_uring_mem_region_reg reg;
	int dummy, ret;
	void *addr;

	if (!err)
		err = &dummy;
	if (!ring || !size || size > SIZE_MAX - page_size()) {
		*err = -EINVAL;
		return NULL;
	}
	size = align_up(size, page_size());
	memset(&desc, 0, sizeof(desc));
	desc.size = size;
	memset(&reg, 0, sizeof(reg));
	reg.region_uptr = (__u64)(uintptr_t)&desc;
	reg.flags = reg_flags;
	ret = io_uring_register_region(ring, &reg);
	if (ret < 0) {
		*err = ret;
		return NULL;
	}
	addr = map_shared(ring->ring_fd, size, desc.mmap_offset, err);
	if (addr)
		*err = 0;
	return addr;
}

int io_uring_unmap_region(void *addr, size_t size)
{
	if (!addr || !size || size > SIZE_MAX - page_size())
		return -EINVAL;
	return unmap(addr, align_up(size, page_size()));
}
