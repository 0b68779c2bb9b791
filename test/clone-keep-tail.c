/* SPDX-License-Identifier: MIT */
/*
 * The library's workaround for the DST_REPLACE bug of kernels before 6.19
 * (a clone that drops the destination's buffers after its range), run on
 * this kernel whatever it has: io_uring_regions_probe_bugs() is defined
 * here to report the bug and takes the place of the library's own (which
 * the library calls through the PLT); then test/clone.c runs unchanged.
 * The workaround must give what a fixed kernel gives, and the kernel's
 * errors on its way (a seccomp filter, test/faults.h, in a child each).
 * Where this definition does not take the library's place (a static
 * build), skip.  Where the kernel clones whole tables only (6.12), there is
 * no DST_REPLACE to work around: test/clone's whole-table cases run.
 */
#define main clone_main
#include "clone.c"
#undef main
#include "faults.h"

static unsigned forced;

__attribute__((weak)) unsigned int io_uring_regions_probe_bugs(void)
{
	forced++;
	return IO_URING_REGIONS_BUG_CLONE_REPLACE_TAIL;
}

/* A destination table of 3, not a power of two (the size search halves
 * between powers of two): both slots after the range are put back. */
static void odd_table(void)
{
	struct io_uring a, b;

	ring_init(&a, 2, 0);
	ring_init(&b, 2, 0);
	CHECK_EQ(io_uring_register_buffers(&a, iov, 3), 0);
	CHECK_EQ(io_uring_register_buffers(&b, &iov[3], 1), 0);
	CHECK_EQ(io_uring_clone_buffers_offset(&a, &b, 0, 0, 1,
					       IORING_REGISTER_DST_REPLACE), 0);
	fixed_write_check(&a, 0, 3);
	fixed_write_check(&a, 1, 1);
	fixed_write_check(&a, 2, 2);
	io_uring_queue_exit(&a);
	io_uring_queue_exit(&b);
}

struct refusal {
	struct fault f;
	int ret;	/* what the clone returns */
};

/* A DST_REPLACE clone into a table of 4 from a table of 1, under @arg. */
static void refused(void *arg)
{
	const struct refusal *r = arg;
	struct io_uring a, b;
	int ret;

	ring_init(&a, 2, 0);
	ring_init(&b, 2, 0);
	CHECK_EQ(io_uring_register_buffers(&a, iov, NR_BUFS), 0);
	CHECK_EQ(io_uring_register_buffers(&b, iov, 1), 0);
	ret = faults_install(&r->f, 1);
	if (ret) {
		printf("SKIP: no seccomp filter here (%d)\n", ret);
		exit(T_SKIP);
	}
	CHECK_EQ(io_uring_clone_buffers_offset(&a, &b, 1, 0, 1,
					       IORING_REGISTER_DST_REPLACE),
		 r->ret);
	io_uring_queue_exit(&a);
	io_uring_queue_exit(&b);
}

int main(void)
{
	struct io_uring a, b;
	int ret;

	require(IO_URING_REGIONS_CLONE);
	ring_init(&a, 2, 0);
	ring_init(&b, 2, 0);
	/* A DST_REPLACE clone asks for the bugs: through this definition? */
	(void)io_uring_clone_buffers_offset(&a, &b, 0, 0, 1,
					    IORING_REGISTER_DST_REPLACE);
	io_uring_queue_exit(&a);
	io_uring_queue_exit(&b);
	if (!forced) {
		printf("SKIP: the library's own io_uring_regions_probe_bugs() "
		       "is used (static build)\n");
		return T_SKIP;
	}
	ret = clone_main();
	if (ret)
		return ret;
	if (!offsets) {
		printf("test/clone's whole-table cases; skipped: the "
		       "DST_REPLACE workaround (the kernel lacks %s)\n",
		       io_uring_regions_feature_name(
				IO_URING_REGIONS_CLONE_OFFSET));
		return 0;
	}
	odd_table();
	if (!under_valgrind()) {	/* its own calls would meet the filter */
		struct refusal refusals[] = {
			/* No throwaway ring. */
			{ fault_all(__NR_io_uring_setup, ENOMEM), -ENOMEM },
			/* The destination's table not saved. */
			{ fault_arg(__NR_io_uring_register, 1, 0xff,
				    IORING_REGISTER_CLONE_BUFFERS, EPERM),
			  -EPERM },
			/* Its size not found: an error, or a count of 0. */
			{ fault_arg(__NR_io_uring_register, 1, 0xff,
				    IORING_REGISTER_BUFFERS_UPDATE, EPERM),
			  -EPERM },
			{ fault_arg(__NR_io_uring_register, 1, 0xff,
				    IORING_REGISTER_BUFFERS_UPDATE, 0), -EIO },
		};
		unsigned i;

		for (i = 0; i < ARRAY_SIZE(refusals); i++) {
			ret = faults_child(refused, &refusals[i]);
			if (ret && ret != T_SKIP)
				FAIL("refusal %u", i);
		}
	}
	printf("test/clone's cases through the DST_REPLACE workaround "
	       "(%u clones), and the kernel's refusals on its way\n", forced);
	return 0;
}
