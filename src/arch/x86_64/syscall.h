/* SPDX-License-Identifier: MIT */
/*
 * x86-64: the syscall instruction.  Number in rax, arguments in rdi, rsi,
 * rdx, r10, r8, r9; the result in rax; rcx and r11 are clobbered.
 */
#ifndef LIBURING_REGIONS_ARCH_SYSCALL_H
#define LIBURING_REGIONS_ARCH_SYSCALL_H

static inline long arch_syscall1(long nr, long a1)
{
	long ret;

	__asm__ volatile ("syscall"
			  : "=a" (ret)
			  : "0" (nr), "D" (a1)
			  : "rcx", "r11", "memory");
	return ret;
}

static inline long arch_syscall2(long nr, long a1, long a2)
{
	long ret;

	__asm__ volatile ("syscall"
			  : "=a" (ret)
			  : "0" (nr), "D" (a1), "S" (a2)
			  : "rcx", "r11", "memory");
	return ret;
}

static inline long arch_syscall4(long nr, long a1, long a2, long a3, long a4)
{
	register long r10 __asm__("r10") = a4;
	long ret;

	__asm__ volatile ("syscall"
			  : "=a" (ret)
			  : "0" (nr), "D" (a1), "S" (a2), "d" (a3), "r" (r10)
			  : "rcx", "r11", "memory");
	return ret;
}

static inline long arch_syscall6(long nr, long a1, long a2, long a3, long a4,
				 long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile ("syscall"
			  : "=a" (ret)
			  : "0" (nr), "D" (a1), "S" (a2), "d" (a3), "r" (r10),
			    "r" (r8), "r" (r9)
			  : "rcx", "r11", "memory");
	return ret;
}

#endif
