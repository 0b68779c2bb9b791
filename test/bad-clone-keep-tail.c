/* SPDX-License-Identifier: MIT */
/*
 * The library's workaround for the DST_REPLACE bug of kernels before 6.19
 * (a clone that drops the destination's buffers after its range), run on
 * this kernel whatever it has: io_uring_regions_probe_bugs() is defined
 * here to report the bug and takes the place of the library's own (which
 * the library calls through the PLT); then test/bad-clone.c runs
 * unchanged: every bad input must get the errno a fixed kernel gives.
 * Where this definition does not take the library's place (a static
 * build), skip.
 */
#define main bad_clone_main
#include "bad-clone.c"
#undef main

static unsigned forced;

__attribute__((weak)) unsigned int io_uring_regions_probe_bugs(void)
{
	forced++;
	return IO_URING_REGIONS_BUG_CLONE_REPLACE_TAIL;
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
	ret = bad_clone_main();
	if (!ret && offsets)
		printf("test/bad-clone's cases through the DST_REPLACE "
		       "workaround (%u clones)\n", forced);
	else if (!ret)
		printf("test/bad-clone's whole-table cases; skipped: the "
		       "DST_REPLACE workaround (the kernel lacks %s)\n",
		       io_uring_regions_feature_name(
				IO_URING_REGIONS_CLONE_OFFSET));
	return ret;
}
