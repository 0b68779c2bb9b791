/* SPDX-License-Identifier: MIT */
/* Bad input, memory regions: every reserved field, every unknown flag bit
 * on its own, bad pointers and fds, wrong ring states; the ring works after
 * each, and nothing is left behind. */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "helpers.h"

static size_t page;
static char *mem;

struct attempt {
	struct io_uring ring;
	struct io_uring_mem_region_reg reg;
	struct io_uring_region_desc desc;
};

static void fresh(struct attempt *a, unsigned ring_flags)
{
	ring_init(&a->ring, 8, ring_flags);
	user_region(&a->reg, &a->desc, mem, page);
}

static void done(struct attempt *a, const char *what, int ret, int expect)
{
	bad_case(what, ret, expect);
	nop_roundtrip(&a->ring);
	io_uring_queue_exit(&a->ring);
}

static int register_it(void *arg)
{
	struct attempt *a = arg;

	return io_uring_register_region(&a->ring, &a->reg);
}

int main(void)
{
	struct resources before;
	struct attempt a;
	char what[64];
	int bit, i, pipefd[2];

	require(IO_URING_REGIONS_MEM_REGION);
	page = (size_t)sysconf(_SC_PAGESIZE);
	mem = page_alloc(page);
	warm_thread_cache();
	resources_get(&before);

	for (bit = 0; bit < 64; bit++) {
		fresh(&a, 0);
		a.reg.flags = 1ULL << bit;
		snprintf(what, sizeof(what), "reg.flags bit %d", bit);
		/* Bit 0 is REG_WAIT_ARG: refused on an enabled ring. */
		done(&a, what, register_it(&a), -EINVAL);
	}
	for (i = 0; i < 2; i++) {
		fresh(&a, 0);
		a.reg.__resv[i] = 1;
		snprintf(what, sizeof(what), "reg.__resv[%d]", i);
		done(&a, what, register_it(&a), -EINVAL);
	}
	for (bit = 1; bit < 32; bit++) {
		fresh(&a, 0);
		a.desc.flags |= 1U << bit;
		snprintf(what, sizeof(what), "desc.flags bit %d", bit);
		done(&a, what, register_it(&a), -EINVAL);
	}
	for (i = 0; i < 4; i++) {
		fresh(&a, 0);
		a.desc.__resv[i] = 1;
		snprintf(what, sizeof(what), "desc.__resv[%d]", i);
		done(&a, what, register_it(&a), -EINVAL);
	}
	fresh(&a, 0);
	a.desc.id = 1;
	done(&a, "desc.id", register_it(&a), -EINVAL);
	fresh(&a, 0);
	a.desc.mmap_offset = page;
	done(&a, "desc.mmap_offset", register_it(&a), -EINVAL);

	/* Pointers. */
	fresh(&a, 0);
	done(&a, "NULL reg", io_uring_register_region(&a.ring, NULL),
	     -EINVAL);
	fresh(&a, 0);
	done(&a, "unmapped reg", io_uring_register_region(&a.ring,
		(struct io_uring_mem_region_reg *)(uintptr_t)-4096), -EFAULT);
	fresh(&a, 0);
	a.reg.region_uptr = 0;
	done(&a, "NULL desc", register_it(&a), -EFAULT);
	fresh(&a, 0);
	CHECK(mprotect(mem, page, PROT_READ) == 0);
	done(&a, "read-only memory", register_it(&a), -EFAULT);
	CHECK(mprotect(mem, page, PROT_READ | PROT_WRITE) == 0);
	bad_case("NULL ring", io_uring_register_region(NULL, &a.reg), -EINVAL);

	/* Fds: closed, and not an io_uring. */
	fresh(&a, 0);
	{
		struct io_uring fake = a.ring;

		CHECK(pipe(pipefd) == 0);
		fake.ring_fd = pipefd[0];
		fake.enter_ring_fd = pipefd[0];
		bad_case("fd not an io_uring",
			 io_uring_register_region(&fake, &a.reg), -EOPNOTSUPP);
		close(pipefd[0]);
		close(pipefd[1]);
		bad_case("closed fd", io_uring_register_region(&fake, &a.reg),
			 -EBADF);
	}
	done(&a, "(ring still works)", 0, 0);

	/* Ring states. */
	fresh(&a, 0);
	CHECK_EQ(register_it(&a), 0);
	done(&a, "a second region", register_it(&a), -EBUSY);
	fresh(&a, IORING_SETUP_R_DISABLED);
	a.reg.flags = IORING_MEM_REGION_REG_WAIT_ARG;
	bad_case("REG_WAIT_ARG on a disabled ring", register_it(&a), 0);
	CHECK_EQ(io_uring_enable_rings(&a.ring), 0);
	done(&a, "a second region, enabled", register_it(&a), -EBUSY);
	fresh(&a, IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
	done(&a, "SINGLE_ISSUER ring from another thread",
	     in_thread(register_it, &a), -EEXIST);

	resources_check(&before, "bad region input");
	bad_input_done("regions");
	return 0;
}
