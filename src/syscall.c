/* SPDX-License-Identifier: MIT */
/*
 * The raw system calls, exported: thin wrappers over the inline ones of
 * syscall.h, returning -errno and never setting errno.
 */
#include <signal.h>
#include <unistd.h>
#include "internal.h"

int io_uring_setup(unsigned entries, struct io_uring_params *p)
{
	return sys_io_uring_setup(entries, p);
}

int io_uring_enter2(unsigned fd, unsigned to_submit, unsigned min_complete,
		    unsigned flags, void *arg, size_t sz)
{
	return sys_io_uring_enter(fd, to_submit, min_complete, flags, arg, sz);
}

int io_uring_enter(unsigned fd, unsigned to_submit, unsigned min_complete,
		   unsigned flags, sigset_t *sig)
{
	return sys_io_uring_enter(fd, to_submit, min_complete, flags, sig,
				  _NSIG / 8);
}

int io_uring_register(unsigned fd, unsigned opcode, const void *arg,
		      unsigned nr_args)
{
	return sys_io_uring_register(fd, opcode, arg, nr_args);
}

size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}
