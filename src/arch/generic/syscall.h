/* SPDX-License-Identifier: MIT */
/*
 * Any other architecture: libc's syscall(), with errno saved and restored
 * and its error turned into the kernel's -errno.
 */
#ifndef LIBURING_REGIONS_ARCH_SYSCALL_H
#define LIBURING_REGIONS_ARCH_SYSCALL_H

#include <errno.h>
#include <unistd.h>

static inline long arch_syscall_result(long ret, int saved_errno)
{
	if (ret == -1)
		ret = -errno;
	errno = saved_errno;
	return ret;
}

static inline long arch_syscall1(long nr, long a1)
{
	int saved = errno;

	return arch_syscall_result(syscall(nr, a1), saved);
}

static inline long arch_syscall2(long nr, long a1, long a2)
{
	int saved = errno;

	return arch_syscall_result(syscall(nr, a1, a2), saved);
}

static inline long arch_syscall4(long nr, long a1, long a2, long a3, long a4)
{
	int saved = errno;

	return arch_syscall_result(syscall(nr, a1, a2, a3, a4), saved);
}

static inline long arch_syscall6(long nr, long a1, long a2, long a3, long a4,
				 long a5, long a6)
{
	int saved = errno;

	return arch_syscall_result(syscall(nr, a1, a2, a3, a4, a5, a6), saved);
}

#endif
