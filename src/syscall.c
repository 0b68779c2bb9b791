/* SPDX-License-Identifier: MIT */
/*
 * The raw system calls, returning -errno instead of setting errno, and the
 * few libc calls the library makes, wrapped the same way.
 */
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "internal.h"

#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup	425
#endif
#ifndef __NR_io_uring_enter
#define __NR_io_uring_enter	426
#endif
#ifndef __NR_io_uring_register
#define __NR_io_uring_register	427
#endif

static long result(long ret, int saved_errno)
{
	if (ret < 0)
		ret = -errno;
	errno = saved_errno;
	return ret;
}

int io_uring_setup(unsigned entries, struct io_uring_params *p)
{
	int saved = errno;

	return (int)result(syscall(__NR_io_uring_setup, entries, p), saved);
}

int io_uring_enter2(unsigned fd, unsigned to_submit, unsigned min_complete,
		    unsigned flags, void *arg, size_t sz)
{
	int saved = errno;

	return (int)result(syscall(__NR_io_uring_enter, fd, to_submit,
				   min_complete, flags, arg, sz), saved);
}

extern __typeof__(io_uring_enter2) sys_enter
	__attribute__((alias("liburing_regions_io_uring_enter2"),
		       visibility("hidden")));

int io_uring_enter(unsigned fd, unsigned to_submit, unsigned min_complete,
		   unsigned flags, sigset_t *sig)
{
	return sys_enter(fd, to_submit, min_complete, flags, sig, _NSIG / 8);
}

int io_uring_register(unsigned fd, unsigned opcode, const void *arg,
		      unsigned nr_args)
{
	int saved = errno;

	return (int)result(syscall(__NR_io_uring_register, fd, opcode, arg,
				   nr_args), saved);
}

size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

void *map_shared(int fd, size_t len, __u64 offset, int *err)
{
	int saved = errno;
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, fd, (off_t)offset);

	if (p == MAP_FAILED) {
		*err = -errno;
		p = NULL;
	}
	errno = saved;
	return p;
}

int unmap(void *addr, size_t len)
{
	int saved = errno;

	return (int)result(munmap(addr, len), saved);
}

int close_fd(int fd)
{
	int saved = errno;

	return (int)result(close(fd), saved);
}
