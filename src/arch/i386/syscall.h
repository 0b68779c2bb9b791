/* SPDX-License-Identifier: MIT */
/*
 * i386: int $0x80.  Number in eax, arguments in ebx, ecx, edx, esi, edi,
 * ebp; the result in eax.  The sixth goes through the stack, since ebp
 * may be the frame pointer and cannot be named as an operand: pushed first
 * (its operand may address the stack, so before esp moves), then loaded
 * into ebp once ebp is saved.
 */
#ifndef LIBURING_REGIONS_ARCH_SYSCALL_H
#define LIBURING_REGIONS_ARCH_SYSCALL_H

static inline long arch_syscall1(long nr, long a1)
{
	long ret;

	__asm__ volatile ("int $0x80"
			  : "=a" (ret)
			  : "0" (nr), "b" (a1)
			  : "memory");
	return ret;
}

static inline long arch_syscall2(long nr, long a1, long a2)
{
	long ret;

	__asm__ volatile ("int $0x80"
			  : "=a" (ret)
			  : "0" (nr), "b" (a1), "c" (a2)
			  : "memory");
	return ret;
}

static inline long arch_syscall4(long nr, long a1, long a2, long a3, long a4)
{
	long ret;

	__asm__ volatile ("int $0x80"
			  : "=a" (ret)
			  : "0" (nr), "b" (a1), "c" (a2), "d" (a3), "S" (a4)
			  : "memory");
	return ret;
}

static inline long arch_syscall6(long nr, long a1, long a2, long a3, long a4,
				 long a5, long a6)
{
	long ret;

	__asm__ volatile ("pushl %7\n\t"
			  "pushl %%ebp\n\t"
			  "movl 4(%%esp), %%ebp\n\t"
			  "int $0x80\n\t"
			  "popl %%ebp\n\t"
			  "addl $4, %%esp"
			  : "=a" (ret)
			  : "0" (nr), "b" (a1), "c" (a2), "d" (a3), "S" (a4),
			    "D" (a5), "g" (a6)
			  : "memory");
	return ret;
}

#endif
