/* SPDX-License-Identifier: MIT */
/*
 * The system calls the library makes, inline: each returns what the kernel
 * returns, -errno on failure, and never touches errno.  The instruction
 * that enters the kernel is the architecture's (src/arch/ARCH/syscall.h);
 * any other architecture goes through libc's syscall()
 * (src/arch/generic/syscall.h).
 */
#ifndef LIBURING_REGIONS_SYSCALL_H
#define LIBURING_REGIONS_SYSCALL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/types.h>

#if defined(__x86_64__) && !defined(__ILP32__)
#include "arch/x86_64/syscall.h"
#elif defined(__aarch64__)
#include "arch/aarch64/syscall.h"
#elif defined(__i386__)
#include "arch/i386/syscall.h"
#else
#include "arch/generic/syscall.h"
#endif

#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup	425
#endif
#ifndef __NR_io_uring_enter
#define __NR_io_uring_enter	426
#endif
#ifndef __NR_io_uring_register
#define __NR_io_uring_register	427
#endif

struct io_uring_params;

static inline int sys_io_uring_setup(unsigned entries,
				     struct io_uring_params *p)
{
	return (int)arch_syscall2(__NR_io_uring_setup, (long)entries, (long)p);
}

static inline int sys_io_uring_enter(unsigned fd, unsigned to_submit,
				     unsigned min_complete, unsigned flags,
				     const void *arg, size_t argsz)
{
	return (int)arch_syscall6(__NR_io_uring_enter, (long)fd,
				  (long)to_submit, (long)min_complete,
				  (long)flags, (long)arg, (long)argsz);
}

static inline int sys_io_uring_register(unsigned fd, unsigned opcode,
					const void *arg, unsigned nr_args)
{
	return (int)arch_syscall4(__NR_io_uring_register, (long)fd,
				  (long)opcode, (long)arg, (long)nr_args);
}

/* mmap(2): the address, or -errno (between -4095 and -1). */
static inline long sys_mmap(void *addr, size_t len, int prot, int flags,
			    int fd, __u64 offset)
{
#ifdef __NR_mmap2	/* 32-bit: the offset in 4096-byte units */
	return arch_syscall6(__NR_mmap2, (long)addr, (long)len, prot, flags,
			     fd, (long)(offset >> 12));
#else
	return arch_syscall6(__NR_mmap, (long)addr, (long)len, prot, flags,
			     fd, (long)offset);
#endif
}

/* Whether sys_mmap() returned an error rather than an address. */
static inline bool sys_mmap_failed(long ret)
{
	return (unsigned long)ret > -4096UL;
}

/* @len bytes of the ring @fd at @offset, shared; NULL and *@err on failure. */
static inline void *map_shared(int fd, size_t len, __u64 offset, int *err)
{
	long ret = sys_mmap(NULL, len, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_POPULATE, fd, offset);

	if (sys_mmap_failed(ret)) {
		*err = (int)ret;
		return NULL;
	}
	return (void *)ret;
}

static inline int unmap(void *addr, size_t len)
{
	return (int)arch_syscall2(__NR_munmap, (long)addr, (long)len);
}

static inline int close_fd(int fd)
{
	return (int)arch_syscall1(__NR_close, fd);
}

#endif
