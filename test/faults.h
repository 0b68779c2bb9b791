/* SPDX-License-Identifier: MIT */
/*
 * Fault injection for the tests: a seccomp filter that makes chosen system
 * calls fail with a chosen errno (or return 0) without running them, for
 * any arguments or only where one argument, under a mask, has a value.
 * The library makes its system calls itself, so this is how a test makes
 * the kernel refuse one at will.  A filter stays for the life of the
 * process and its children: install it in a child (faults_child()).
 */
#ifndef TEST_FAULTS_H
#define TEST_FAULTS_H

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__x86_64__) && !defined(__ILP32__)
#define FAULTS_ARCH	AUDIT_ARCH_X86_64
#elif defined(__i386__)
#define FAULTS_ARCH	AUDIT_ARCH_I386
#elif defined(__aarch64__) && !defined(__ILP32__)
#define FAULTS_ARCH	AUDIT_ARCH_AARCH64
#endif

/* mmap as the library calls it: mmap2 (offsets in pages) on 32-bit. */
#ifdef __NR_mmap2
#define FAULTS_NR_MMAP		__NR_mmap2
#define FAULTS_MMAP_OFF(off)	((unsigned long)(off) / 4096)
#else
#define FAULTS_NR_MMAP		__NR_mmap
#define FAULTS_MMAP_OFF(off)	((unsigned long)(off))
#endif

#define FAULTS_ANY	(-1)
#define FAULTS_MAX	8

struct fault {
	long nr;		/* the system call */
	int arg;		/* FAULTS_ANY, or the argument (0-5) tested */
	unsigned int mask;	/* its low 32 bits & mask == value */
	unsigned int value;
	int err;		/* the errno; 0: the call returns 0 */
};

/* Installs @n faults; 0, or -errno (no seccomp here: skip). */
static inline int faults_install(const struct fault *f, unsigned n)
{
#ifdef FAULTS_ARCH
	struct sock_filter prog[4 + 6 * FAULTS_MAX];
	struct sock_fprog fprog;
	unsigned i, len = 0, lo;

	if (n > FAULTS_MAX)
		return -E2BIG;
	/* The low word of a 64-bit argument. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	lo = 0;
#else
	lo = 4;
#endif
	prog[len++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			offsetof(struct seccomp_data, arch));
	prog[len++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			FAULTS_ARCH, 1, 0);
	prog[len++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
			SECCOMP_RET_ALLOW);
	for (i = 0; i < n; i++) {
		unsigned body = f[i].arg == FAULTS_ANY ? 1 : 4;

		prog[len++] = (struct sock_filter)BPF_STMT(
				BPF_LD | BPF_W | BPF_ABS,
				offsetof(struct seccomp_data, nr));
		prog[len++] = (struct sock_filter)BPF_JUMP(
				BPF_JMP | BPF_JEQ | BPF_K, (unsigned)f[i].nr,
				0, body);
		if (f[i].arg != FAULTS_ANY) {
			prog[len++] = (struct sock_filter)BPF_STMT(
				BPF_LD | BPF_W | BPF_ABS,
				offsetof(struct seccomp_data, args) +
				8 * (unsigned)f[i].arg + lo);
			prog[len++] = (struct sock_filter)BPF_STMT(
				BPF_ALU | BPF_AND | BPF_K, f[i].mask);
			prog[len++] = (struct sock_filter)BPF_JUMP(
				BPF_JMP | BPF_JEQ | BPF_K, f[i].value, 0, 1);
		}
		prog[len++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
				SECCOMP_RET_ERRNO |
				((unsigned)f[i].err & SECCOMP_RET_DATA));
	}
	prog[len++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
			SECCOMP_RET_ALLOW);
	memset(&fprog, 0, sizeof(fprog));
	fprog.len = (unsigned short)len;
	fprog.filter = prog;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog))
		return -errno;
	return 0;
#else
	(void)f;
	(void)n;
	return -ENOSYS;
#endif
}

/* A fault on every call of @nr. */
static inline struct fault fault_all(long nr, int err)
{
	struct fault f;

	memset(&f, 0, sizeof(f));
	f.nr = nr;
	f.arg = FAULTS_ANY;
	f.err = err;
	return f;
}

/* A fault on the calls of @nr whose argument @arg & @mask is @value. */
static inline struct fault fault_arg(long nr, int arg, unsigned int mask,
				     unsigned int value, int err)
{
	struct fault f = fault_all(nr, err);

	f.arg = arg;
	f.mask = mask;
	f.value = value;
	return f;
}

/*
 * Runs @fn in a child; its exit status: 0 pass, 1 fail (a CHECK in it
 * failed), 77 skipped (faults_install() refused there).
 */
static inline int faults_child(void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		fn(arg);
		exit(0);	/* not _exit: gcov writes its counts at exit */
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 1;
	return WEXITSTATUS(status);
}

/* The cases faults_run() saw pass, and skip. */
static unsigned faults_passed, faults_skipped;

/* Runs @fn in a child (faults_child()) and counts it; fails on a failure. */
static inline void faults_run(const char *what, void (*fn)(void *), void *arg)
{
	int ret = faults_child(fn, arg);

	if (ret == T_SKIP) {
		faults_skipped++;
		return;
	}
	if (ret)
		FAIL("%s", what);
	faults_passed++;
}

#endif
