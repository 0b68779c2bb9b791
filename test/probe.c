/* SPDX-License-Identifier: MIT */
/* The support probe: each bit it reports agrees with what the feature does
 * when used; the answer is the same from racing threads; the probe leaves
 * no fd, mapping or pinned page behind. */
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"

#define NR_THREADS	8

static unsigned int answers[NR_THREADS];

static void *probe_thread(void *arg)
{
	answers[(long)arg] = io_uring_regions_probe();
	return NULL;
}

static int try_resize(void)
{
	struct io_uring_params p;
	struct io_uring ring;
	int ret;

	ring_init(&ring, 8, IORING_SETUP_SINGLE_ISSUER |
		  IORING_SETUP_DEFER_TASKRUN);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 16;
	ret = io_uring_resize_rings(&ring, &p);
	if (!ret)
		nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	return ret;
}

static int try_user_region(void)
{
	struct io_uring_mem_region_reg reg;
	struct io_uring_region_desc desc;
	long page = sysconf(_SC_PAGESIZE);
	struct io_uring ring;
	void *mem = page_alloc((size_t)page);
	int ret;

	ring_init(&ring, 8, 0);
	user_region(&reg, &desc, mem, (__u64)page);
	ret = io_uring_register_region(&ring, &reg);
	io_uring_queue_exit(&ring);
	return ret;
}

static int try_kernel_region(void)
{
	struct io_uring ring;
	int err;
	void *p;

	ring_init(&ring, 8, 0);
	p = io_uring_map_region(&ring, 4096, 0, &err);
	io_uring_queue_exit(&ring);
	if (p)
		io_uring_unmap_region(p, 4096);
	return p ? 0 : err;
}

static int try_reg_wait(void)
{
	struct io_uring_reg_wait *w;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int err;

	ring_init(&ring, 8, IORING_SETUP_R_DISABLED);
	w = io_uring_setup_reg_wait(&ring, 1, &err);
	if (w) {
		CHECK_EQ(io_uring_enable_rings(&ring), 0);
		w[0].ts.tv_nsec = 1000;
		w[0].flags = IORING_REG_WAIT_TS;
		err = io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0);
		CHECK_EQ(err, -ETIME);
		err = 0;
	}
	io_uring_queue_exit(&ring);
	io_uring_free_reg_wait(w, 1);
	return err;
}

static int try_clone(unsigned flags, unsigned nr)
{
	struct io_uring src, dst;
	char buf[64];
	struct iovec iov = { buf, sizeof(buf) };
	int ret;

	ring_init(&src, 8, 0);
	ring_init(&dst, 8, 0);
	CHECK_EQ(io_uring_register_buffers(&src, &iov, 1), 0);
	ret = io_uring_clone_buffers_offset(&dst, &src, 0, 0, nr, flags);
	io_uring_queue_exit(&src);
	io_uring_queue_exit(&dst);
	return ret;
}

static int try_sync_msg(void)
{
	struct io_uring ring;
	int ret;

	ring_init(&ring, 8, 0);
	ret = io_uring_sync_msg_ring(ring.ring_fd, 5, 6, 0);
	if (!ret)
		expect_cqe(&ring, 6, 5, 0);
	io_uring_queue_exit(&ring);
	return ret;
}

static void agree(unsigned int have, unsigned int bit, int used)
{
	const char *name = io_uring_regions_feature_name(bit);

	if ((have & bit) && used != 0)
		FAIL("probe says %s is supported, but using it gave %d", name,
		     used);
	if (!(have & bit) && used == 0)
		FAIL("probe says %s is unsupported, but it works", name);
	printf("%-14s %s (checked by use)\n", name,
	       (have & bit) ? "supported" : "unsupported");
}

int main(void)
{
	struct resources before;
	pthread_t t[NR_THREADS];
	unsigned int have, bit;
	long i;

	resources_get(&before);
	for (i = 0; i < NR_THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, probe_thread,
				     (void *)i) == 0);
	for (i = 0; i < NR_THREADS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	have = answers[0];
	for (i = 1; i < NR_THREADS; i++)
		CHECK_EQ(answers[i], have);
	CHECK_EQ(io_uring_regions_probe(), have);
	CHECK((have & ~IO_URING_REGIONS_ALL) == 0);
	/* Only glibc's cached thread stacks may remain. */
	{
		struct resources after;

		resources_get(&after);
		CHECK_EQ(after.fds, before.fds);
		CHECK_EQ(after.vm_pin_kb, before.vm_pin_kb);
		CHECK_EQ(after.vm_lck_kb, before.vm_lck_kb);
	}
	if (!(have & IO_URING_REGIONS_RING)) {
		CHECK_EQ(have, 0);
		printf("SKIP: io_uring is not available\n");
		return T_SKIP;
	}

	/* The families follow from each other as the kernel added them. */
	CHECK_EQ(!!(have & IO_URING_REGIONS_REG_WAIT),
		 !!(have & IO_URING_REGIONS_MEM_REGION));
	if (have & IO_URING_REGIONS_KERNEL_REGION)
		CHECK(have & IO_URING_REGIONS_MEM_REGION);
	if (have & IO_URING_REGIONS_CLONE_OFFSET)
		CHECK(have & IO_URING_REGIONS_CLONE);

	agree(have, IO_URING_REGIONS_RESIZE, try_resize());
	agree(have, IO_URING_REGIONS_MEM_REGION, try_user_region());
	agree(have, IO_URING_REGIONS_KERNEL_REGION, try_kernel_region());
	agree(have, IO_URING_REGIONS_REG_WAIT, try_reg_wait());
	agree(have, IO_URING_REGIONS_CLONE, try_clone(0, 0));
	agree(have, IO_URING_REGIONS_CLONE_OFFSET,
	      try_clone(IORING_REGISTER_DST_REPLACE, 1));
	agree(have, IO_URING_REGIONS_SYNC_MSG, try_sync_msg());

	/* An opcode no kernel has gets the -EINVAL the probes rely on. */
	{
		struct io_uring ring;

		ring_init(&ring, 8, 0);
		CHECK_EQ(io_uring_register((unsigned)ring.ring_fd, 200,
					   (void *)(uintptr_t)-4096, 1),
			 -EINVAL);
		io_uring_queue_exit(&ring);
	}

	for (bit = 1; bit <= IO_URING_REGIONS_SYNC_MSG; bit <<= 1)
		CHECK(io_uring_regions_feature_name(bit) != NULL);
	CHECK(io_uring_regions_feature_name(0) == NULL);
	CHECK(io_uring_regions_feature_name(1U << 8) == NULL);
	CHECK(io_uring_regions_feature_name(3) == NULL);
	CHECK(!strcmp(io_uring_regions_feature_name(IO_URING_REGIONS_RESIZE),
		      "resize"));
	return 0;
}
