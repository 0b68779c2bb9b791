/* SPDX-License-Identifier: MIT */
/* uring-regions-probe: prints which io_uring registration features the
 * running kernel has, as a table or (--json) as one JSON object. */
#include <stdio.h>
#include <string.h>
#include <liburing-regions.h>

struct feature {
	unsigned int bit;
	const char *kernel;
	const char *calls;
};

static const struct feature features[] = {
	{ IO_URING_REGIONS_RING, "5.1", "io_uring_queue_init" },
	{ IO_URING_REGIONS_MEM_REGION, "6.13", "io_uring_register_region" },
	{ IO_URING_REGIONS_KERNEL_REGION, "6.14", "io_uring_map_region" },
	{ IO_URING_REGIONS_REG_WAIT, "6.13", "io_uring_submit_and_wait_reg" },
	{ IO_URING_REGIONS_RESIZE, "6.13", "io_uring_resize_rings" },
	{ IO_URING_REGIONS_CLONE, "6.12", "io_uring_clone_buffers" },
	{ IO_URING_REGIONS_CLONE_OFFSET, "6.13",
	  "io_uring_clone_buffers_offset" },
	{ IO_URING_REGIONS_SYNC_MSG, "6.13", "io_uring_register_sync_msg" },
};

#define NR_FEATURES (sizeof(features) / sizeof(features[0]))

static void print_table(unsigned int have)
{
	unsigned int i;

	printf("%-15s %-9s %-7s %s\n", "feature", "supported", "kernel",
	       "call");
	for (i = 0; i < NR_FEATURES; i++) {
		const struct feature *f = &features[i];

		printf("%-15s %-9s %-7s %s\n",
		       io_uring_regions_feature_name(f->bit),
		       (have & f->bit) ? "yes" : "no", f->kernel, f->calls);
	}
}

static void print_json(unsigned int have)
{
	unsigned int i;

	printf("{");
	for (i = 0; i < NR_FEATURES; i++)
		printf("%s\"%s\": %s", i ? ", " : "",
		       io_uring_regions_feature_name(features[i].bit),
		       (have & features[i].bit) ? "true" : "false");
	printf("}\n");
}

int main(int argc, char **argv)
{
	unsigned int have;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--json") &&
			 strcmp(argv[1], "--help"))) {
		fprintf(stderr, "usage: %s [--json]\n", argv[0]);
		return 2;
	}
	if (argc == 2 && !strcmp(argv[1], "--help")) {
		printf("usage: %s [--json]\n"
		       "Prints which io_uring registration features the "
		       "running kernel supports.\n", argv[0]);
		return 0;
	}
	have = io_uring_regions_probe();
	if (argc == 2)
		print_json(have);
	else
		print_table(have);
	return (have & IO_URING_REGIONS_RING) ? 0 : 1;
}
