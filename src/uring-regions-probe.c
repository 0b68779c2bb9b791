/* SPDX-License-Identifier: MIT */
/*
 * uring-regions-probe: prints which io_uring registration features the
 * running kernel has, why the others are not usable, which known kernel
 * bugs it has and what IORING_REGISTER_QUERY says, as a table or (--json)
 * as one JSON object; --require gates a script on features.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <liburing-regions.h>

/* Bumped when a member changes meaning or goes away; new members may be
 * added without it. */
#define JSON_SCHEMA	1

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

static const char *const why_text[] = {
	[IO_URING_REGIONS_WHY_USABLE] = "",
	[IO_URING_REGIONS_WHY_KERNEL] = "the kernel lacks it",
	[IO_URING_REGIONS_WHY_NO_IO_URING] = "no io_uring in this kernel",
	[IO_URING_REGIONS_WHY_SYSCTL] = "disabled by kernel.io_uring_disabled",
	[IO_URING_REGIONS_WHY_SECCOMP] = "refused by a seccomp filter",
	[IO_URING_REGIONS_WHY_DENIED] = "permission denied",
	[IO_URING_REGIONS_WHY_MEMLOCK] = "RLIMIT_MEMLOCK too small",
	[IO_URING_REGIONS_WHY_NOFILE] = "out of file descriptors",
	[IO_URING_REGIONS_WHY_NOMEM] = "out of memory",
	[IO_URING_REGIONS_WHY_OTHER] = "an unexpected error",
};

static const char *const bug_text[] = {
	"a wait on the last slot of the wait area reads slot 0",
	"a resize to the current sizes does nothing",
	"a resize loses pending SQE128/CQE32 entries",
	"a DST_REPLACE clone drops the buffers after the cloned range",
	"a message passing IORING_CQE_F_32 is handled as a 32-byte CQE",
};

static const char *why_string(int why)
{
	if (why < 0 || why >= (int)(sizeof(why_text) / sizeof(why_text[0])))
		return "?";
	return why_text[why];
}

struct report {
	unsigned int have;
	unsigned int bugs;
	int query_ret;
	struct io_uring_regions_query q;
	unsigned int q_have;
	unsigned int q_decided;
};

static void gather(struct report *r)
{
	r->have = io_uring_regions_probe();
	r->bugs = io_uring_regions_probe_bugs();
	r->query_ret = io_uring_regions_query(&r->q);
	r->q_have = 0;
	r->q_decided = 0;
	if (!r->query_ret)
		r->q_have = io_uring_regions_query_features(&r->q,
							    &r->q_decided);
}

/* QUERY and the trials agree on every feature QUERY decides: 1 yes, 0 no,
 * -1 when there were no trials (io_uring not usable). */
static int agrees(const struct report *r)
{
	if (!(r->have & IO_URING_REGIONS_RING))
		return -1;
	return (r->q_have & r->q_decided) == (r->have & r->q_decided);
}

static const char *const agree_json[] = { "null", "false", "true" };
static const char *const agree_text[] = {
	"no trials to compare with", "DISAGREES with the trials",
	"agrees with the trials",
};

static void print_table(const struct report *r)
{
	unsigned int i, bug;

	printf("%-15s %-9s %-7s %-30s %s\n", "feature", "supported",
	       "kernel", "call", "why not");
	for (i = 0; i < NR_FEATURES; i++) {
		const struct feature *f = &features[i];

		printf("%-15s %-9s %-7s %-30s %s\n",
		       io_uring_regions_feature_name(f->bit),
		       (r->have & f->bit) ? "yes" : "no", f->kernel, f->calls,
		       why_string(io_uring_regions_probe_why(f->bit)));
	}
	for (i = 0, bug = 1; bug & IO_URING_REGIONS_BUG_ALL; i++, bug <<= 1)
		if (r->bugs & bug)
			printf("kernel bug: %s: %s\n",
			       io_uring_regions_bug_name(bug), bug_text[i]);
	if (r->query_ret)
		printf("IORING_REGISTER_QUERY: not in this kernel (%d)\n",
		       r->query_ret);
	else
		printf("IORING_REGISTER_QUERY: %u request opcodes, %u register "
		       "opcodes, setup flags 0x%llx; %s\n",
		       r->q.nr_request_opcodes, r->q.nr_register_opcodes,
		       (unsigned long long)r->q.setup_flags,
		       agree_text[agrees(r) + 1]);
}

static void print_json(const struct report *r)
{
	struct utsname u;
	unsigned int i, bug;

	printf("{\"schema\": %d, \"kernel\": \"%s\"", JSON_SCHEMA,
	       uname(&u) ? "" : u.release);
	printf(", \"features\": {");
	for (i = 0; i < NR_FEATURES; i++)
		printf("%s\"%s\": %s", i ? ", " : "",
		       io_uring_regions_feature_name(features[i].bit),
		       (r->have & features[i].bit) ? "true" : "false");
	printf("}, \"why\": {");
	for (i = 0; i < NR_FEATURES; i++)
		printf("%s\"%s\": \"%s\"", i ? ", " : "",
		       io_uring_regions_feature_name(features[i].bit),
		       io_uring_regions_why_name(
				io_uring_regions_probe_why(features[i].bit)));
	printf("}, \"bugs\": {");
	for (bug = 1; bug & IO_URING_REGIONS_BUG_ALL; bug <<= 1)
		printf("%s\"%s\": %s", bug > 1 ? ", " : "",
		       io_uring_regions_bug_name(bug),
		       (r->bugs & bug) ? "true" : "false");
	printf("}, \"query\": ");
	if (r->query_ret) {
		printf("null");
	} else {
		printf("{\"request_opcodes\": %u, \"register_opcodes\": %u, "
		       "\"query_opcodes\": %u, \"feature_flags\": %llu, "
		       "\"setup_flags\": %llu, \"enter_flags\": %llu, "
		       "\"sqe_flags\": %llu, \"agrees\": %s}",
		       r->q.nr_request_opcodes, r->q.nr_register_opcodes,
		       r->q.nr_query_opcodes,
		       (unsigned long long)r->q.feature_flags,
		       (unsigned long long)r->q.setup_flags,
		       (unsigned long long)r->q.enter_flags,
		       (unsigned long long)r->q.sqe_flags,
		       agree_json[agrees(r) + 1]);
	}
	printf("}\n");
}

/* The feature named @name, or 0. */
static unsigned int feature_bit(const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < NR_FEATURES; i++) {
		const char *n = io_uring_regions_feature_name(features[i].bit);

		if (strlen(n) == len && !strncmp(n, name, len))
			return features[i].bit;
	}
	return 0;
}

/* Parses "a,b,c" into a mask; 0 on an unknown name. */
static unsigned int parse_require(const char *list)
{
	unsigned int mask = 0, bit;
	const char *p = list;

	for (;;) {
		size_t len = strcspn(p, ",");

		bit = feature_bit(p, len);
		if (!bit) {
			fprintf(stderr, "uring-regions-probe: unknown feature "
				"'%.*s'\n", (int)len, p);
			return 0;
		}
		mask |= bit;
		if (!p[len])
			return mask;
		p += len + 1;
	}
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f, "usage: %s [--json] [--require FEATURE,...]\n", prog);
}

int main(int argc, char **argv)
{
	unsigned int require = 0, missing, mask, i;
	struct report r;
	int json = 0, a;

	for (a = 1; a < argc; a++) {
		const char *arg = argv[a];

		if (!strcmp(arg, "--json")) {
			json = 1;
		} else if (!strcmp(arg, "--help")) {
			usage(stdout, argv[0]);
			printf("Prints which io_uring registration features the "
			       "running kernel supports,\nwhy the others are "
			       "not usable and which known kernel bugs it has.\n"
			       "--require exits 0 only if every named feature "
			       "is usable.\nFeatures:");
			for (i = 0; i < NR_FEATURES; i++)
				printf(" %s", io_uring_regions_feature_name(
						features[i].bit));
			printf("\n");
			return 0;
		} else if (!strcmp(arg, "--require") && a + 1 < argc) {
			mask = parse_require(argv[++a]);
			if (!mask)
				return 2;
			require |= mask;
		} else if (!strncmp(arg, "--require=", 10)) {
			mask = parse_require(arg + 10);
			if (!mask)
				return 2;
			require |= mask;
		} else {
			usage(stderr, argv[0]);
			return 2;
		}
	}
	gather(&r);
	if (json)
		print_json(&r);
	else if (!require)
		print_table(&r);
	if (!require)
		return (r.have & IO_URING_REGIONS_RING) ? 0 : 1;
	missing = require & ~r.have;
	for (i = 0; i < NR_FEATURES; i++)
		if (missing & features[i].bit)
			fprintf(stderr, "uring-regions-probe: %s: not usable: "
				"%s\n",
				io_uring_regions_feature_name(features[i].bit),
				why_string(io_uring_regions_probe_why(
						features[i].bit)));
	return missing ? 1 : 0;
}
