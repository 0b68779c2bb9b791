/* SPDX-License-Identifier: MIT */
/*
 * The probe where the kernel refuses: io_uring_setup(), io_uring_register(),
 * io_uring_enter() and the mappings made to fail on purpose (a seccomp
 * filter, test/faults.h, in a child per case), and a real shortage of file
 * descriptors.  io_uring_regions_probe_why() gives the reason the kernel's
 * error means; a passing shortage is asked again next time; the bug trials
 * give up cleanly and report no bug they could not see; and
 * uring-regions-probe prints the reasons and exits 1.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <string.h>
#include <sys/resource.h>
#include "helpers.h"
#include "faults.h"

#define REGISTER_QUERY	35
#define OP_MASK		0xffU	/* without IORING_REGISTER_USE_REGISTERED_RING */

static const unsigned features[] = {
	IO_URING_REGIONS_RING, IO_URING_REGIONS_MEM_REGION,
	IO_URING_REGIONS_KERNEL_REGION, IO_URING_REGIONS_REG_WAIT,
	IO_URING_REGIONS_RESIZE, IO_URING_REGIONS_CLONE,
	IO_URING_REGIONS_CLONE_OFFSET, IO_URING_REGIONS_SYNC_MSG,
};

/* The unfiltered answer, found in a child (the probe caches it). */
static unsigned fresh_have, fresh_bugs;
static const char *prog;

static void install(const struct fault *f, unsigned n)
{
	int ret = faults_install(f, n);

	if (ret) {
		printf("SKIP: no seccomp filter here (%d)\n", ret);
		exit(T_SKIP);
	}
}

static void install1(struct fault f)
{
	install(&f, 1);
}

static long proc_number(const char *path, const char *field, int base)
{
	char buf[4096], *p = buf;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (field) {
		p = strstr(buf, field);
		if (!p)
			return -1;
		p += strlen(field);
	}
	return strtol(p, NULL, base);
}

/* Whether the library can see our filter (/proc/self/status). */
static bool filtered(void)
{
	return proc_number("/proc/self/status", "Seccomp:", 10) == 2;
}

/* What a refusal with ENOSYS means here. */
static int why_nosys(void)
{
	return filtered() ? IO_URING_REGIONS_WHY_SECCOMP :
			    IO_URING_REGIONS_WHY_NO_IO_URING;
}

/* What a refusal with EPERM/EACCES means here. */
static int why_denied(void)
{
	if (proc_number("/proc/sys/kernel/io_uring_disabled", NULL, 10) > 0)
		return IO_URING_REGIONS_WHY_SYSCTL;
	return filtered() ? IO_URING_REGIONS_WHY_SECCOMP :
			    IO_URING_REGIONS_WHY_DENIED;
}

/* What ENOMEM means here: the kernel charges RLIMIT_MEMLOCK unless the
 * caller has CAP_IPC_LOCK. */
static int why_nomem(void)
{
	char buf[4096], *p;
	struct rlimit rl;
	ssize_t n;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	CHECK(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	CHECK(n > 0);
	buf[n] = '\0';
	p = strstr(buf, "CapEff:");
	CHECK(p != NULL);
	if (strtoull(p + 7, NULL, 16) & (1ULL << CAP_IPC_LOCK))
		return IO_URING_REGIONS_WHY_NOMEM;
	if (getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		return IO_URING_REGIONS_WHY_MEMLOCK;
	return IO_URING_REGIONS_WHY_NOMEM;
}

/* Every feature of @mask unusable for @why, the others as unfiltered. */
static void expect(unsigned mask, int why)
{
	unsigned i, have = io_uring_regions_probe();

	CHECK_EQ(have, fresh_have & ~mask);
	for (i = 0; i < ARRAY_SIZE(features); i++) {
		int got = io_uring_regions_probe_why(features[i]);

		if (!(fresh_have & features[i]))
			continue;	/* unfiltered, not usable either */
		if (mask & features[i]) {
			if (got != why)
				FAIL("%s: why %d (%s), expected %d (%s)",
				     io_uring_regions_feature_name(features[i]),
				     got, io_uring_regions_why_name(got), why,
				     io_uring_regions_why_name(why));
		} else {
			CHECK_EQ(got, IO_URING_REGIONS_WHY_USABLE);
		}
	}
}

struct setup_case {
	int err;
	int why;	/* -1: why_denied(), -2: why_nomem(), -3: why_nosys() */
};

static int why_of(int why)
{
	switch (why) {
	case -1: return why_denied();
	case -2: return why_nomem();
	case -3: return why_nosys();
	default: return why;
	}
}

/* io_uring_setup() refused: nothing is usable, each feature says why. */
static void setup_refused(void *arg)
{
	const struct setup_case *c = arg;

	install1(fault_all(__NR_io_uring_setup, c->err));
	expect(IO_URING_REGIONS_ALL, why_of(c->why));
	/* No feature: no bug trial, nothing found. */
	CHECK_EQ(io_uring_regions_probe_bugs(), 0);
}

/* ENOMEM without CAP_IPC_LOCK under a finite RLIMIT_MEMLOCK. */
static void setup_memlock(void *arg)
{
	struct __user_cap_header_struct hdr;
	struct __user_cap_data_struct data[2];
	struct rlimit rl = { 64 * 1024, 64 * 1024 };

	(void)arg;
	memset(&hdr, 0, sizeof(hdr));
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	CHECK(syscall(SYS_capget, &hdr, data) == 0);
	data[0].effective &= ~(1U << CAP_IPC_LOCK);
	CHECK(syscall(SYS_capset, &hdr, data) == 0);
	if (getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur == RLIM_INFINITY) {
		rl.rlim_cur = 64 * 1024;
		CHECK(setrlimit(RLIMIT_MEMLOCK, &rl) == 0);
	}
	install1(fault_all(__NR_io_uring_setup, ENOMEM));
	expect(IO_URING_REGIONS_ALL, IO_URING_REGIONS_WHY_MEMLOCK);
}

struct register_case {
	unsigned op;		/* an opcode, or -1U: all of them */
	int err;
	unsigned mask;		/* the features it takes away */
	int why;
};

static void register_refused(void *arg)
{
	const struct register_case *c = arg;
	int why;

	if (c->op == -1U)
		install1(fault_all(__NR_io_uring_register, c->err));
	else
		install1(fault_arg(__NR_io_uring_register, 1, OP_MASK, c->op,
				   c->err));
	why = why_of(c->why);
	expect(c->mask, why);
	/* The bug trials see only what they could try. */
	CHECK_EQ(io_uring_regions_probe_bugs() & ~fresh_bugs, 0);
}

/* No fd left: not usable for now, and asked again once there is one. */
static void out_of_fds(void *arg)
{
	struct rlimit old, rl;
	int fd, lowest;

	(void)arg;
	CHECK(getrlimit(RLIMIT_NOFILE, &old) == 0);
	lowest = open("/dev/null", O_RDONLY | O_CLOEXEC);
	CHECK(lowest >= 0);
	close(lowest);
	rl = old;
	rl.rlim_cur = (rlim_t)lowest;	/* every fd below it is taken */
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	CHECK(fd < 0 && errno == EMFILE);
	expect(IO_URING_REGIONS_ALL, IO_URING_REGIONS_WHY_NOFILE);
	CHECK_EQ(io_uring_regions_probe_bugs(), 0);
	CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0);
	CHECK_EQ(io_uring_regions_probe(), fresh_have);
	CHECK_EQ(io_uring_regions_probe_bugs(), fresh_bugs);
}

/*
 * The features probed and cached first; then the bug trials under a fault
 * in the middle of their work: they end without a crash or a leak, report
 * no bug they did not see and are tried again next time.
 */
static void bugs_refused(void *arg)
{
	const struct fault *f = arg;
	struct resources before;
	unsigned bugs;

	CHECK_EQ(io_uring_regions_probe(), fresh_have);
	resources_get(&before);
	install(f, 1);
	bugs = io_uring_regions_probe_bugs();
	CHECK_EQ(bugs & ~fresh_bugs, 0);
	CHECK_EQ(io_uring_regions_probe(), fresh_have);
	resources_check(&before, "bug trials under a fault");
}

/* Only as many fds as the clone trial's pipe and first ring need. */
static void bugs_few_fds(void *arg)
{
	struct rlimit old, rl;
	unsigned free_fds;
	int fd;

	(void)arg;
	CHECK_EQ(io_uring_regions_probe(), fresh_have);
	CHECK(getrlimit(RLIMIT_NOFILE, &old) == 0);
	/* The lowest limit below which exactly 3 fds are free. */
	rl = old;
	for (rl.rlim_cur = 1, free_fds = 0;; rl.rlim_cur++) {
		fd = (int)rl.rlim_cur - 1;
		if (fcntl(fd, F_GETFD) < 0)
			free_fds++;
		if (free_fds == 3)
			break;
	}
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0);
	CHECK_EQ(io_uring_regions_probe_bugs() &
		 ~IO_URING_REGIONS_BUG_CLONE_REPLACE_TAIL & ~fresh_bugs, 0);
	CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0);
}

static void fresh(void *arg)
{
	int *fd = arg;
	unsigned v[2];

	v[0] = io_uring_regions_probe();
	v[1] = io_uring_regions_probe_bugs();
	CHECK(write(*fd, v, sizeof(v)) == (ssize_t)sizeof(v));
}

/* uring-regions-probe under a fault: its output and exit status. */
struct cli_case {
	const char *args[3];
	struct fault f[2];
	unsigned nf;
	int status;
	const char *want[3];
};

static void cli(void *arg)
{
	const struct cli_case *c = arg;
	const char *argv[4] = { prog, c->args[0], c->args[1], NULL };
	static char out[16384];
	int fds[2], status;
	size_t len = 0;
	unsigned i;
	ssize_t n;
	pid_t pid;

	CHECK(pipe(fds) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		if (c->nf)
			install(c->f, c->nf);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	while ((n = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fds[0]);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status));
	if (WEXITSTATUS(status) == T_SKIP)
		exit(T_SKIP);
	if (WEXITSTATUS(status) != c->status)
		FAIL("%s %s: exit %d, expected %d:\n%s", prog,
		     c->args[0] ? c->args[0] : "", WEXITSTATUS(status),
		     c->status, out);
	for (i = 0; i < ARRAY_SIZE(c->want) && c->want[i]; i++)
		if (!strstr(out, c->want[i]))
			FAIL("%s %s: no '%s' in:\n%s", prog,
			     c->args[0] ? c->args[0] : "", c->want[i], out);
}

int main(void)
{
	static const struct setup_case setup_cases[] = {
		{ ENOSYS, -3 },
		{ EPERM, -1 },
		{ EACCES, -1 },
		{ ENOMEM, -2 },
		{ EMFILE, IO_URING_REGIONS_WHY_NOFILE },
		{ ENFILE, IO_URING_REGIONS_WHY_NOFILE },
		{ EAGAIN, IO_URING_REGIONS_WHY_OTHER },
		{ EIO, IO_URING_REGIONS_WHY_OTHER },
		/* Refused with and without DEFER_TASKRUN. */
		{ EINVAL, IO_URING_REGIONS_WHY_OTHER },
	};
	static const struct register_case register_cases[] = {
		{ -1U, EPERM, IO_URING_REGIONS_ALL & ~IO_URING_REGIONS_RING,
		  -1 },
		{ IORING_REGISTER_MEM_REGION, EINVAL,
		  IO_URING_REGIONS_MEM_REGION | IO_URING_REGIONS_REG_WAIT |
		  IO_URING_REGIONS_KERNEL_REGION, IO_URING_REGIONS_WHY_KERNEL },
		{ IORING_REGISTER_RESIZE_RINGS, ENOMEM, IO_URING_REGIONS_RESIZE,
		  -2 },
		{ IORING_REGISTER_CLONE_BUFFERS, EAGAIN,
		  IO_URING_REGIONS_CLONE | IO_URING_REGIONS_CLONE_OFFSET,
		  IO_URING_REGIONS_WHY_OTHER },
		{ IORING_REGISTER_SEND_MSG_RING, EINTR,
		  IO_URING_REGIONS_SYNC_MSG, IO_URING_REGIONS_WHY_OTHER },
		{ REGISTER_QUERY, EINVAL, 0, 0 },
	};
	struct fault bug_faults[] = {
		fault_all(__NR_io_uring_setup, ENOMEM),
		fault_all(__NR_io_uring_enter, EBUSY),
		fault_all(__NR_pipe2, EMFILE),
		/* The rings' mappings, and then only the SQEs'. */
		fault_arg(FAULTS_NR_MMAP, 3, MAP_SHARED | MAP_PRIVATE,
			  MAP_SHARED, ENOMEM),
		fault_arg(FAULTS_NR_MMAP, 5, ~0U,
			  (unsigned)FAULTS_MMAP_OFF(IORING_OFF_SQES), ENOMEM),
		/* The trials' own buffers. */
		fault_arg(FAULTS_NR_MMAP, 3, ~0U,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, ENOMEM),
		fault_arg(__NR_io_uring_register, 1, OP_MASK,
			  IORING_REGISTER_RESIZE_RINGS, EPERM),
		fault_arg(__NR_io_uring_register, 1, OP_MASK,
			  IORING_REGISTER_MEM_REGION, EPERM),
		fault_arg(__NR_io_uring_register, 1, OP_MASK,
			  IORING_REGISTER_ENABLE_RINGS, EPERM),
		fault_arg(__NR_io_uring_register, 1, OP_MASK,
			  IORING_REGISTER_CLONE_BUFFERS, EPERM),
		fault_arg(__NR_io_uring_register, 1, OP_MASK,
			  IORING_REGISTER_BUFFERS, ENOMEM),
	};
	struct cli_case cli_cases[] = {
		/* The table: every feature, the bugs, QUERY's word. */
		{ { NULL }, { { 0 } }, 0, 0,
		  { "feature", "IORING_REGISTER_QUERY" } },
		{ { NULL }, { fault_all(__NR_io_uring_setup, ENOSYS) }, 1, 1,
		  { "refused by a seccomp filter", "IORING_REGISTER_QUERY:" } },
		{ { NULL }, { fault_all(__NR_io_uring_setup, ENOSYS),
			      fault_all(__NR_io_uring_register, ENOSYS) }, 2, 1,
		  { "IORING_REGISTER_QUERY: not in this kernel" } },
		{ { "--json" }, { fault_all(__NR_io_uring_setup, ENOSYS),
				  fault_all(__NR_io_uring_register, ENOSYS) },
		  2, 1, { "\"query\": null", "\"seccomp\"" } },
		{ { "--require=ring,resize" },
		  { fault_all(__NR_io_uring_register, EPERM) }, 1, 1,
		  { "resize: not usable: refused by a seccomp filter" } },
		{ { "--require", "ring" }, { { 0 } }, 0, 0, { NULL } },
		{ { "--require=ring,bogus" }, { { 0 } }, 0, 2,
		  { "unknown feature 'bogus'" } },
		{ { "--bogus" }, { { 0 } }, 0, 2, { "usage" } },
	};
	static const char *const where[] = {
		"./uring-regions-probe",	/* the VM's /tests */
		"src/uring-regions-probe",	/* the source tree */
	};
	unsigned i;
	int fds[2];

	if (under_valgrind()) {
		printf("SKIP: seccomp filters apply to valgrind's own calls\n");
		return T_SKIP;
	}
	CHECK(pipe(fds) == 0);
	if (faults_child(fresh, &fds[1]))
		FAIL("probing");
	{
		unsigned v[2];

		CHECK(read(fds[0], v, sizeof(v)) == (ssize_t)sizeof(v));
		fresh_have = v[0];
		fresh_bugs = v[1];
	}
	close(fds[0]);
	close(fds[1]);
	if (!(fresh_have & IO_URING_REGIONS_RING)) {
		printf("SKIP: io_uring is not usable here\n");
		return T_SKIP;
	}

	for (i = 0; i < ARRAY_SIZE(setup_cases); i++)
		faults_run("io_uring_setup refused", setup_refused,
		    (void *)&setup_cases[i]);
	/* Also with a 32-bit long: CapEff (41 bits) is read as 64 bits. */
	if (getuid() == 0)
		faults_run("ENOMEM without CAP_IPC_LOCK", setup_memlock, NULL);
	for (i = 0; i < ARRAY_SIZE(register_cases); i++)
		faults_run("io_uring_register refused", register_refused,
		    (void *)&register_cases[i]);
	faults_run("out of file descriptors", out_of_fds, NULL);
	for (i = 0; i < ARRAY_SIZE(bug_faults); i++)
		faults_run("bug trials under a fault", bugs_refused,
			   &bug_faults[i]);
	faults_run("bug trials short of fds", bugs_few_fds, NULL);
	for (i = 0; i < ARRAY_SIZE(where) && !prog; i++)
		if (access(where[i], X_OK) == 0)
			prog = where[i];
	if (prog)
		for (i = 0; i < ARRAY_SIZE(cli_cases); i++)
			faults_run("uring-regions-probe", cli, &cli_cases[i]);
	if (!faults_passed) {
		printf("SKIP: no seccomp filter here\n");
		return T_SKIP;
	}
	printf("the probe under %u refusals: the reasons, asked again after "
	       "a shortage, no bug reported unseen (%u skipped)\n",
	       faults_passed, faults_skipped);
	return 0;
}
