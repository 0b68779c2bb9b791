/* SPDX-License-Identifier: MIT */
/* Memory regions: user memory and kernel-allocated memory, the mapping
 * helper, and each documented error with its exact errno. */
#include <limits.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdint.h>
#include "helpers.h"

#define FAULTING	((__u64)(uintptr_t)-4096)

static size_t page;

struct region_case {
	const char *what;
	unsigned ring_flags;
	int expect;
	/* Edits a valid one-page user region registration into the case. */
	void (*edit)(struct io_uring_mem_region_reg *reg,
		     struct io_uring_region_desc *desc, char *mem);
};

static void e_reg_resv(struct io_uring_mem_region_reg *r,
		       struct io_uring_region_desc *d, char *m)
{
	(void)d; (void)m;
	r->__resv[1] = 1;
}

static void e_reg_flag(struct io_uring_mem_region_reg *r,
		       struct io_uring_region_desc *d, char *m)
{
	(void)d; (void)m;
	r->flags = 1U << 1;
}

static void e_reg_wait(struct io_uring_mem_region_reg *r,
		       struct io_uring_region_desc *d, char *m)
{
	(void)d; (void)m;
	r->flags = IORING_MEM_REGION_REG_WAIT_ARG;
}

static void e_desc_fault(struct io_uring_mem_region_reg *r,
			 struct io_uring_region_desc *d, char *m)
{
	(void)d; (void)m;
	r->region_uptr = FAULTING;
}

static void e_desc_resv(struct io_uring_mem_region_reg *r,
			struct io_uring_region_desc *d, char *m)
{
	(void)r; (void)m;
	d->__resv[3] = 1;
}

static void e_desc_id(struct io_uring_mem_region_reg *r,
		      struct io_uring_region_desc *d, char *m)
{
	(void)r; (void)m;
	d->id = 1;
}

static void e_desc_mmap_offset(struct io_uring_mem_region_reg *r,
			       struct io_uring_region_desc *d, char *m)
{
	(void)r; (void)m;
	d->mmap_offset = page;
}

static void e_desc_flag(struct io_uring_mem_region_reg *r,
			struct io_uring_region_desc *d, char *m)
{
	(void)r; (void)m;
	d->flags |= 1U << 1;
}

static void e_size_zero(struct io_uring_mem_region_reg *r,
			struct io_uring_region_desc *d, char *m)
{
	(void)r; (void)m;
	d->size = 0;
}

static void e_size_100(struct io_uring_mem_region_reg *r,
		       struct io_uring_region_desc *d, char *m)
{
	(void)r; (void)m;
	d->size = 100;
}

static void e_no_addr(struct io_uring_mem_region_reg *r,
		      struct io_uring_region_desc *d, char *m)
{
	(void)r; (void)m;
	d->user_addr = 0;
}

static void e_addr_not_user(struct io_uring_mem_region_reg *r,
			    struct io_uring_region_desc *d, char *m)
{
	(void)r; (void)m;
	d->flags = 0;
}

static void e_unaligned(struct io_uring_mem_region_reg *r,
			struct io_uring_region_desc *d, char *m)
{
	(void)r;
	d->user_addr = (__u64)(uintptr_t)(m + 64);
}

static void e_overflow(struct io_uring_mem_region_reg *r,
		       struct io_uring_region_desc *d, char *m)
{
	(void)r; (void)m;
	d->user_addr = -(__u64)page;	/* 64-bit even in a 32-bit build */
	d->size = 2 * page;
}

static void e_too_big(struct io_uring_mem_region_reg *r,
		      struct io_uring_region_desc *d, char *m)
{
	(void)r; (void)m;
	d->size = 1ULL << 47;
}

static void e_read_only(struct io_uring_mem_region_reg *r,
			struct io_uring_region_desc *d, char *m)
{
	(void)r; (void)d;
	CHECK(mprotect(m, page, PROT_READ) == 0);
}

static void e_unmapped(struct io_uring_mem_region_reg *r,
		       struct io_uring_region_desc *d, char *m)
{
	(void)r;
	CHECK(munmap(m + page, page) == 0);
	d->user_addr = (__u64)(uintptr_t)(m + page);
}

static void e_user_huge(struct io_uring_mem_region_reg *r,
			struct io_uring_region_desc *d, char *m)
{
	(void)r; (void)m;
	d->size = 1ULL << 40;
}

static const struct region_case cases[] = {
	{ "reg.__resv set", 0, -EINVAL, e_reg_resv },
	{ "unknown reg.flags bit", 0, -EINVAL, e_reg_flag },
	{ "REG_WAIT_ARG on an enabled ring", 0, -EINVAL, e_reg_wait },
	{ "desc pointer faults", 0, -EFAULT, e_desc_fault },
	{ "desc.__resv set", 0, -EINVAL, e_desc_resv },
	{ "desc.id set", 0, -EINVAL, e_desc_id },
	{ "desc.mmap_offset set", 0, -EINVAL, e_desc_mmap_offset },
	{ "unknown desc.flags bit", 0, -EINVAL, e_desc_flag },
	{ "size 0", 0, -EINVAL, e_size_zero },
	{ "size 100", 0, -EINVAL, e_size_100 },
	{ "TYPE_USER without user_addr", 0, -EFAULT, e_no_addr },
	{ "user_addr without TYPE_USER", 0, -EFAULT, e_addr_not_user },
	{ "user_addr not page aligned", 0, -EINVAL, e_unaligned },
	{ "user_addr + size overflows", 0, -EOVERFLOW, e_overflow },
	{ "size of 2^47", 0, -E2BIG, e_too_big },
	/* Kernels differ: -EINVAL (6.16), -ENOMEM (6.17 to 7.1), -EOVERFLOW
	 * (7.2, 7.3); run_case() takes any of them. */
	{ "1 TiB of user memory", 0, -ENOMEM, e_user_huge },
	{ "read-only user memory", 0, -EFAULT, e_read_only },
	{ "unmapped user memory", 0, -EFAULT, e_unmapped },
};

static void run_case(const struct region_case *c)
{
	struct io_uring_mem_region_reg reg;
	struct io_uring_region_desc desc;
	struct io_uring ring;
	char *mem = page_alloc(2 * page);
	int ret;

	ring_init(&ring, 8, c->ring_flags);
	user_region(&reg, &desc, mem, page);
	c->edit(&reg, &desc, mem);
	ret = io_uring_register_region(&ring, &reg);
	if (c->edit == e_user_huge && (ret == -EINVAL || ret == -EOVERFLOW))
		ret = -ENOMEM;
	if (ret != c->expect)
		FAIL("%s: returned %d (%s), expected %d (%s)", c->what, ret,
		     strerror(-ret), c->expect, strerror(-c->expect));
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	munmap(mem, 2 * page);
}

static void user_memory_region(void)
{
	struct io_uring_mem_region_reg reg;
	struct io_uring_region_desc desc;
	struct io_uring ring;
	char *mem = page_alloc(2 * page);

	ring_init(&ring, 8, 0);
	user_region(&reg, &desc, mem, 2 * page);
	/* A region without REG_WAIT_ARG may go on an enabled ring. */
	CHECK_EQ(io_uring_register_region(&ring, &reg), 0);
	CHECK_EQ(desc.user_addr, (uintptr_t)mem);
	CHECK_EQ(desc.size, 2 * page);
	/* One region per ring. */
	CHECK_EQ(io_uring_register_region(&ring, &reg), -EBUSY);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	munmap(mem, 2 * page);
}

static void kernel_region(void)
{
	struct io_uring ring;
	unsigned char *p;
	int err = 1;
	size_t i;

	ring_init(&ring, 8, 0);
	/* Rounded up to whole pages. */
	p = io_uring_map_region(&ring, 3 * page - 10, 0, &err);
	if (!p)
		FAIL("io_uring_map_region: %s", strerror(-err));
	CHECK_EQ(err, 0);
	for (i = 0; i < 3 * page; i++)
		CHECK_EQ(p[i], 0);
	for (i = 0; i < 3 * page; i++)
		p[i] = pattern(i, 3);
	for (i = 0; i < 3 * page; i++)
		CHECK_EQ(p[i], pattern(i, 3));
	/* Still one region per ring. */
	CHECK(io_uring_map_region(&ring, page, 0, &err) == NULL);
	CHECK_EQ(err, -EBUSY);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	/* The mapping outlives the ring until it is unmapped. */
	CHECK_EQ(p[5], pattern(5, 3));
	CHECK_EQ(io_uring_unmap_region(p, 3 * page - 10), 0);
}

static void kernel_region_raw(void)
{
	struct io_uring_mem_region_reg reg;
	struct io_uring_region_desc desc;
	struct io_uring ring;
	volatile unsigned *a, *b;

	/* The raw call writes back the offset to map; two maps share it. */
	ring_init(&ring, 8, 0);
	memset(&desc, 0, sizeof(desc));
	desc.size = page;
	memset(&reg, 0, sizeof(reg));
	reg.region_uptr = (__u64)(uintptr_t)&desc;
	CHECK_EQ(io_uring_register_region(&ring, &reg), 0);
	CHECK(desc.mmap_offset != 0);
	a = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
		 ring.ring_fd, (off_t)desc.mmap_offset);
	b = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, ring.ring_fd,
		 (off_t)desc.mmap_offset);
	CHECK(a != MAP_FAILED && b != MAP_FAILED);
	a[10] = 0xfeedf00d;
	CHECK_EQ(b[10], 0xfeedf00d);
	munmap((void *)a, page);
	munmap((void *)b, page);
	io_uring_queue_exit(&ring);
}

static void bad_calls(void)
{
	struct io_uring_mem_region_reg reg;
	struct io_uring ring;
	int err = 0;

	ring_init(&ring, 8, 0);
	memset(&reg, 0, sizeof(reg));
	CHECK_EQ(io_uring_register_region(NULL, &reg), -EINVAL);
	CHECK_EQ(io_uring_register_region(&ring, NULL), -EINVAL);
	CHECK_EQ(io_uring_register_region(&ring,
			(struct io_uring_mem_region_reg *)(uintptr_t)FAULTING),
		 -EFAULT);
	CHECK_EQ(io_uring_register((unsigned)ring.ring_fd,
				   IORING_REGISTER_MEM_REGION, &reg, 2),
		 -EINVAL);
	CHECK(io_uring_map_region(&ring, 0, 0, &err) == NULL);
	CHECK_EQ(err, -EINVAL);
	CHECK(io_uring_map_region(NULL, page, 0, &err) == NULL);
	CHECK_EQ(err, -EINVAL);
	CHECK(io_uring_map_region(&ring, page, 1U << 5, &err) == NULL);
	CHECK_EQ(err, -EINVAL);
	CHECK(io_uring_map_region(&ring, page, IORING_MEM_REGION_REG_WAIT_ARG,
				  &err) == NULL);
	CHECK_EQ(err, -EINVAL);
	CHECK(io_uring_map_region(&ring, page, 1U << 5, NULL) == NULL);
#if SIZE_MAX > 0xffffffffU
	/* An absurd size: the kernel refuses to allocate it. */
	CHECK(io_uring_map_region(&ring, (size_t)1 << 40, 0, &err) == NULL);
	CHECK_EQ(err, -ENOMEM);
	/* More than INT_MAX pages. */
	CHECK(io_uring_map_region(&ring, ((size_t)INT_MAX + 1) * page, 0,
				  &err) == NULL);
	CHECK_EQ(err, -E2BIG);
#endif
	/* A size that cannot be rounded up to whole pages. */
	CHECK(io_uring_map_region(&ring, SIZE_MAX, 0, &err) == NULL);
	CHECK_EQ(err, -EINVAL);
	CHECK_EQ(io_uring_unmap_region(NULL, page), -EINVAL);
	CHECK_EQ(io_uring_unmap_region(&err, 0), -EINVAL);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

/* More than INT_MAX pages is -E2BIG (2^43 bytes with 4 KiB pages); INT_MAX
 * pages is not, for user and kernel memory alike. */
static void size_limit(void)
{
	struct io_uring_mem_region_reg reg;
	struct io_uring_region_desc desc;
	struct io_uring ring;
	char *mem = page_alloc(page);
	int user, ret;

	for (user = 0; user < 2; user++) {
		ring_init(&ring, 2, 0);
		user_region(&reg, &desc, mem, ((__u64)INT_MAX + 1) * page);
		if (!user) {
			desc.user_addr = 0;
			desc.flags = 0;
		}
		CHECK_EQ(io_uring_register_region(&ring, &reg), -E2BIG);
		desc.size = (__u64)INT_MAX * page;
		ret = io_uring_register_region(&ring, &reg);
		if (ret >= 0 || ret == -E2BIG)
			FAIL("INT_MAX pages (user %d): %d", user, ret);
		nop_roundtrip(&ring);
		io_uring_queue_exit(&ring);
	}
	munmap(mem, page);
}

/* A description the kernel can read but not write back: -EFAULT, and the
 * region is freed (a second registration works). */
static void write_back_fault(void)
{
	struct io_uring_mem_region_reg reg;
	struct io_uring_region_desc *desc = page_alloc(page);
	struct io_uring ring;
	char *mem = page_alloc(page);
	int user;

	for (user = 0; user < 2; user++) {
		ring_init(&ring, 2, 0);
		user_region(&reg, desc, mem, page);
		if (!user) {
			desc->user_addr = 0;
			desc->flags = 0;
		}
		CHECK(mprotect(desc, page, PROT_READ) == 0);
		CHECK_EQ(io_uring_register_region(&ring, &reg), -EFAULT);
		CHECK(mprotect(desc, page, PROT_READ | PROT_WRITE) == 0);
		CHECK_EQ(io_uring_register_region(&ring, &reg), 0);
		nop_roundtrip(&ring);
		io_uring_queue_exit(&ring);
	}
	munmap(desc, page);
	munmap(mem, page);
}

int main(void)
{
	struct resources before;
	size_t i;

	require(IO_URING_REGIONS_MEM_REGION | IO_URING_REGIONS_KERNEL_REGION);
	page = (size_t)sysconf(_SC_PAGESIZE);
	resources_get(&before);
	user_memory_region();
	kernel_region();
	kernel_region_raw();
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		run_case(&cases[i]);
	bad_calls();
	size_limit();
	write_back_fault();
	resources_check(&before, "regions");
	printf("%zu error cases checked\n", ARRAY_SIZE(cases));
	return 0;
}
