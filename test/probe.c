/* SPDX-License-Identifier: MIT */
/* The support probe: each bit it reports agrees with what the feature does
 * when used and with IORING_REGISTER_QUERY; the answer is the same from
 * racing threads; the probe leaves no fd, mapping or pinned page behind;
 * it says why io_uring is not usable (out of fds, seccomp, RLIMIT_MEMLOCK),
 * caches only definite answers, and never reports a feature without the
 * ring. */
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
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

/* Runs @fn in a child that has not probed yet; returns its exit status. */
static int in_child(int (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(fn());
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* Nothing usable, and every feature says @why. */
static int none_because(unsigned int have, int why)
{
	unsigned int bit;

	if (have)
		return 0;
	for (bit = 1; bit & IO_URING_REGIONS_ALL; bit <<= 1)
		if (io_uring_regions_probe_why(bit) != why)
			return 0;
	return 1;
}

/* Out of fds: nothing usable, "nofile", not cached: with fds again the
 * same process gets the full answer. */
static int child_nofile(void)
{
	struct rlimit rl, low;
	unsigned int have;
	int fd = dup(0);

	if (fd < 0 || getrlimit(RLIMIT_NOFILE, &rl))
		return 10;
	low = rl;
	low.rlim_cur = (rlim_t)fd;	/* every lower fd is open */
	if (setrlimit(RLIMIT_NOFILE, &low))
		return 11;
	have = io_uring_regions_probe();
	if (!none_because(have, IO_URING_REGIONS_WHY_NOFILE)) {
		fprintf(stderr, "out of fds: probe 0x%x, why %d\n", have,
			io_uring_regions_probe_why(IO_URING_REGIONS_RING));
		return 12;
	}
	if (setrlimit(RLIMIT_NOFILE, &rl))
		return 13;
	if (!(io_uring_regions_probe() & IO_URING_REGIONS_RING))
		return 14;	/* the failure was cached */
	if (io_uring_regions_probe_why(IO_URING_REGIONS_RING) !=
	    IO_URING_REGIONS_WHY_USABLE)
		return 15;
	return 0;
}

/* A seccomp filter that fails io_uring_setup() with -EPERM. */
static int child_seccomp(void)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { ARRAY_SIZE(filter), filter };
	unsigned int have;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
		return T_SKIP;
	have = io_uring_regions_probe();
	if (!none_because(have, IO_URING_REGIONS_WHY_SECCOMP)) {
		fprintf(stderr, "seccomp: probe 0x%x, why %d\n", have,
			io_uring_regions_probe_why(IO_URING_REGIONS_RING));
		return 20;
	}
	/* A definite answer: cached. */
	if (io_uring_regions_probe() != 0 || io_uring_regions_probe_bugs())
		return 21;
	return 0;
}

static unsigned int full_answer;

/*
 * An unprivileged process with no locked memory allowed: where the kernel
 * charges ring memory (6.15+) nothing is usable; elsewhere whatever is
 * lost (kernel-allocated regions, 6.14) says "memlock".  Not cached: with
 * the limit raised again the full answer comes back.
 */
static int child_memlock(void)
{
	struct rlimit rl, low;
	unsigned int have, bit;

	if (getrlimit(RLIMIT_MEMLOCK, &rl))
		return 30;
	if (geteuid() == 0 && (setgid(65534) || setuid(65534)))
		return T_SKIP;
	low = rl;
	low.rlim_cur = 0;
	if (setrlimit(RLIMIT_MEMLOCK, &low))
		return 31;
	have = io_uring_regions_probe();
	if ((have & IO_URING_REGIONS_RING) && have == full_answer)
		return T_SKIP;	/* the kernel charges nothing here */
	if (!(have & IO_URING_REGIONS_RING) && have)
		return 32;
	for (bit = 1; bit & IO_URING_REGIONS_ALL; bit <<= 1) {
		if ((full_answer & bit) && !(have & bit) &&
		    io_uring_regions_probe_why(bit) !=
		    IO_URING_REGIONS_WHY_MEMLOCK) {
			fprintf(stderr, "memlock: %s: why %d\n",
				io_uring_regions_feature_name(bit),
				io_uring_regions_probe_why(bit));
			return 33;
		}
	}
	if (setrlimit(RLIMIT_MEMLOCK, &rl))
		return 34;
	if (io_uring_regions_probe() != full_answer)
		return 35;
	return 0;
}

/* IORING_REGISTER_QUERY (6.18) agrees with the trials where it can tell. */
static void query_agrees(unsigned int have)
{
	struct io_uring_regions_query q;
	unsigned int qhave, decided = 1;
	int ret;

	CHECK_EQ(io_uring_regions_query(NULL), -EINVAL);
	CHECK_EQ(io_uring_regions_query_features(NULL, &decided), 0);
	CHECK_EQ(decided, 0);
	ret = io_uring_regions_query(&q);
	if (ret) {
		CHECK_EQ(ret, -EINVAL);
		printf("query          not in this kernel; trials only\n");
		return;
	}
	CHECK(q.nr_request_opcodes > 0);
	CHECK(q.nr_register_opcodes > IORING_REGISTER_CLONE_BUFFERS);
	CHECK(q.setup_flags & IORING_SETUP_R_DISABLED);
	qhave = io_uring_regions_query_features(&q, &decided);
	CHECK(decided & IO_URING_REGIONS_RESIZE);
	if ((qhave & decided) != (have & decided))
		FAIL("QUERY says 0x%x, the trials 0x%x (of 0x%x)", qhave, have,
		     decided);
	printf("query          %u register opcodes; agrees on 0x%x\n",
	       q.nr_register_opcodes, decided);
}

/* The reasons and bug names, and what they say about odd arguments. */
static void names(unsigned int have)
{
	unsigned int bit, bugs;
	const char *name;
	int why;

	for (why = 0; why <= IO_URING_REGIONS_WHY_OTHER; why++)
		CHECK(io_uring_regions_why_name(why) != NULL);
	CHECK(io_uring_regions_why_name(-1) == NULL);
	CHECK(io_uring_regions_why_name(IO_URING_REGIONS_WHY_OTHER + 1) == NULL);
	CHECK(!strcmp(io_uring_regions_why_name(IO_URING_REGIONS_WHY_SYSCTL),
		      "sysctl"));
	CHECK_EQ(io_uring_regions_probe_why(0), -EINVAL);
	CHECK_EQ(io_uring_regions_probe_why(3), -EINVAL);
	CHECK_EQ(io_uring_regions_probe_why(1U << 8), -EINVAL);
	for (bit = 1; bit & IO_URING_REGIONS_ALL; bit <<= 1) {
		why = io_uring_regions_probe_why(bit);
		if (have & bit)
			CHECK_EQ(why, IO_URING_REGIONS_WHY_USABLE);
		else
			CHECK(why > IO_URING_REGIONS_WHY_USABLE);
	}
	for (bit = 1; bit & IO_URING_REGIONS_BUG_ALL; bit <<= 1)
		CHECK(io_uring_regions_bug_name(bit) != NULL);
	CHECK(io_uring_regions_bug_name(0) == NULL);
	CHECK(io_uring_regions_bug_name(IO_URING_REGIONS_BUG_ALL + 1) == NULL);
	bugs = io_uring_regions_probe_bugs();
	CHECK_EQ(io_uring_regions_probe_bugs(), bugs);
	CHECK((bugs & ~IO_URING_REGIONS_BUG_ALL) == 0);
	/* A bug is looked for only where its feature is. */
	if (bugs & IO_URING_REGIONS_BUG_REG_WAIT_LAST_SLOT)
		CHECK(have & IO_URING_REGIONS_REG_WAIT);
	if (bugs & (IO_URING_REGIONS_BUG_RESIZE_SAME_SIZE |
		    IO_URING_REGIONS_BUG_RESIZE_BIG_ENTRIES))
		CHECK(have & IO_URING_REGIONS_RESIZE);
	if (bugs & IO_URING_REGIONS_BUG_CLONE_REPLACE_TAIL)
		CHECK(have & IO_URING_REGIONS_CLONE_OFFSET);
	if (bugs & IO_URING_REGIONS_BUG_MSG_RING_CQE32)
		CHECK(have & IO_URING_REGIONS_SYNC_MSG);
	name = io_uring_regions_bug_name(IO_URING_REGIONS_BUG_MSG_RING_CQE32);
	CHECK(name && !strcmp(name, "msg_ring_cqe32"));
	for (bit = 1; bit & IO_URING_REGIONS_BUG_ALL; bit <<= 1)
		if (bugs & bit)
			printf("kernel bug     %s\n",
			       io_uring_regions_bug_name(bit));
}

/* The reasons, each in a child that probes for the first time. */
static void reasons(void)
{
	int ret;

	ret = in_child(child_nofile);
	if (ret)
		FAIL("out of file descriptors: child exit %d", ret);
	ret = in_child(child_seccomp);
	if (ret && ret != T_SKIP)
		FAIL("seccomp: child exit %d", ret);
	printf("reasons        nofile checked, seccomp %s\n",
	       ret ? "skipped" : "checked");
	ret = in_child(child_memlock);
	if (ret && ret != T_SKIP)
		FAIL("RLIMIT_MEMLOCK: child exit %d", ret);
	printf("reasons        memlock %s\n", ret ? "not charged here" :
					     "checked");
}

int main(void)
{
	struct resources before;
	pthread_t t[NR_THREADS];
	unsigned int have, bit;
	long i;

	/* Before this process probes: the children must probe afresh. */
	if (!under_valgrind()) {
		pid_t pid;
		int status;

		fflush(stdout);
		pid = fork();
		CHECK(pid >= 0);
		if (pid == 0)
			_exit(io_uring_regions_probe() & 0xff);
		CHECK(waitpid(pid, &status, 0) == pid);
		full_answer = (unsigned)WEXITSTATUS(status);
		if (full_answer & IO_URING_REGIONS_RING)
			reasons();
	}
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
	/* So do the bug trials, with their rings, buffers and wait area. */
	io_uring_regions_probe_bugs();
	/* Only glibc's cached thread stacks may remain; the kernel unpins
	 * the closed rings' memory a little later. */
	{
		struct resources after;
		int tries;

		for (tries = 0; tries < 200; tries++) {
			resources_get(&after);
			if (after.vm_pin_kb == before.vm_pin_kb &&
			    after.vm_lck_kb == before.vm_lck_kb)
				break;
			usleep(10000);
		}
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
	query_agrees(have);
	names(have);

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
