/* SPDX-License-Identifier: MIT */
/*
 * uring-regions-probe, the program: --json carries the schema version and
 * says what the library's probe says; --require exits 0 exactly when every
 * named feature is usable, 1 when one is not, 2 on an unknown name.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "helpers.h"

static const char *prog;

/* Runs the program with @args; its exit status, its stdout in @out. */
static int run(const char *const *args, char *out, size_t size)
{
	const char *argv[8];
	int fds[2], status, i;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	argv[0] = prog;
	for (i = 0; args[i]; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	CHECK(pipe(fds) == 0);
	fflush(stdout);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(fds[1], 1);
		if (null >= 0)
			dup2(null, 2);
		close(fds[0]);
		close(fds[1]);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	while ((n = read(fds[0], out + len, size - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fds[0]);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void check_json(unsigned int have, unsigned int bugs)
{
	static const char *const args[] = { "--json", NULL };
	static char out[8192];
	char want[128];
	unsigned int bit;

	CHECK_EQ(run(args, out, sizeof(out)),
		 (have & IO_URING_REGIONS_RING) ? 0 : 1);
	if (strncmp(out, "{\"schema\": 1, ", 14))
		FAIL("--json does not start with the schema version: %s", out);
	CHECK(strstr(out, "\"query\": ") != NULL);
	for (bit = 1; bit & IO_URING_REGIONS_ALL; bit <<= 1) {
		snprintf(want, sizeof(want), "\"%s\": %s",
			 io_uring_regions_feature_name(bit),
			 (have & bit) ? "true" : "false");
		if (!strstr(out, want))
			FAIL("--json lacks %s: %s", want, out);
		snprintf(want, sizeof(want), "\"%s\": \"%s\"",
			 io_uring_regions_feature_name(bit),
			 io_uring_regions_why_name(
				io_uring_regions_probe_why(bit)));
		if (!strstr(out, want))
			FAIL("--json lacks %s: %s", want, out);
	}
	for (bit = 1; bit & IO_URING_REGIONS_BUG_ALL; bit <<= 1) {
		snprintf(want, sizeof(want), "\"%s\": %s",
			 io_uring_regions_bug_name(bit),
			 (bugs & bit) ? "true" : "false");
		if (!strstr(out, want))
			FAIL("--json lacks %s: %s", want, out);
	}
	if (strstr(out, "\"agrees\": false"))
		FAIL("QUERY disagrees with the trials: %s", out);
}

static void check_require(unsigned int have)
{
	static char out[4096], list[256];
	const char *args[3] = { "--require", list, NULL };
	unsigned int bit;

	for (bit = 1; bit & IO_URING_REGIONS_ALL; bit <<= 1) {
		snprintf(list, sizeof(list), "%s",
			 io_uring_regions_feature_name(bit));
		CHECK_EQ(run(args, out, sizeof(out)), (have & bit) ? 0 : 1);
		CHECK_EQ(out[0], '\0');
	}
	snprintf(list, sizeof(list), "ring,resize,reg_wait");
	CHECK_EQ(run(args, out, sizeof(out)),
		 ((have & (IO_URING_REGIONS_RING | IO_URING_REGIONS_RESIZE |
			   IO_URING_REGIONS_REG_WAIT)) ==
		  (IO_URING_REGIONS_RING | IO_URING_REGIONS_RESIZE |
		   IO_URING_REGIONS_REG_WAIT)) ? 0 : 1);
	snprintf(list, sizeof(list), "ring,no_such_feature");
	CHECK_EQ(run(args, out, sizeof(out)), 2);
	snprintf(list, sizeof(list), "ring,");
	CHECK_EQ(run(args, out, sizeof(out)), 2);
	{
		/* Repeated: an unknown name in a later --require too. */
		const char *const rep[] = { "--require", "ring", "--require",
					    "no_such_feature", NULL };
		const char *const eq[] = { "--require=ring",
					   "--require=no_such_feature", NULL };

		CHECK_EQ(run(rep, out, sizeof(out)), 2);
		CHECK_EQ(run(eq, out, sizeof(out)), 2);
	}
	args[0] = "--bogus";
	args[1] = NULL;
	CHECK_EQ(run(args, out, sizeof(out)), 2);
	args[0] = "--help";
	CHECK_EQ(run(args, out, sizeof(out)), 0);
	CHECK(strstr(out, "--require") != NULL);
}

int main(void)
{
	static const char *const where[] = {
		"./uring-regions-probe",	/* the VM's /tests */
		"src/uring-regions-probe",	/* the source tree */
	};
	unsigned int have, bugs, i;

	for (i = 0; i < ARRAY_SIZE(where) && !prog; i++)
		if (access(where[i], X_OK) == 0)
			prog = where[i];
	if (!prog) {
		printf("SKIP: no uring-regions-probe here\n");
		return T_SKIP;
	}
	have = io_uring_regions_probe();
	bugs = io_uring_regions_probe_bugs();
	check_json(have, bugs);
	check_require(have);
	printf("%s: --json schema 1 and --require agree with the library\n",
	       prog);
	return 0;
}
