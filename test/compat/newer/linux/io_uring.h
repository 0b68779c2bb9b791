/* SPDX-License-Identifier: MIT */
/*
 * Test fixture: stands in for a 6.13+ <linux/io_uring.h>.  It includes the
 * system's header and adds what newer kernels declare, declared the way the
 * kernel does it (enum constants, not macros), so that the library header
 * is compiled against a system header that already has its definitions.
 */
#ifndef TEST_NEWER_LINUX_IO_URING_H
#define TEST_NEWER_LINUX_IO_URING_H

#include_next <linux/io_uring.h>

#define IORING_SETUP_NO_SQARRAY		(1U << 16)
#define IORING_ENTER_ABS_TIMER		(1U << 5)
#define IORING_ENTER_EXT_ARG_REG	(1U << 6)
#define IORING_FEAT_REG_REG_RING	(1U << 13)
#define IORING_FEAT_MIN_TIMEOUT		(1U << 15)
#define IORING_MSG_RING_FLAGS_PASS	(1U << 1)

enum io_uring_register_op_newer {
	IORING_REGISTER_CLONE_BUFFERS		= 30,
	IORING_REGISTER_SEND_MSG_RING		= 31,
	IORING_REGISTER_RESIZE_RINGS		= 33,
	IORING_REGISTER_MEM_REGION		= 34,
	IORING_REGISTER_USE_REGISTERED_RING	= 1U << 31
};

enum {
	IORING_REGISTER_SRC_REGISTERED	= (1U << 0),
	IORING_REGISTER_DST_REPLACE	= (1U << 1),
};

struct io_uring_clone_buffers {
	__u32	src_fd;
	__u32	flags;
	__u32	src_off;
	__u32	dst_off;
	__u32	nr;
	__u32	pad[3];
};

enum io_uring_region_flags {
	IORING_MEM_REGION_TYPE_USER = 1,
};

struct io_uring_region_desc {
	__u64 user_addr;
	__u64 size;
	__u32 flags;
	__u32 id;
	__u64 mmap_offset;
	__u64 __resv[4];
};

enum {
	IORING_MEM_REGION_REG_WAIT_ARG = 1,
};

struct io_uring_mem_region_reg {
	__u64 region_uptr;
	__u64 flags;
	__u64 __resv[2];
};

enum {
	IORING_REG_WAIT_TS = (1U << 0),
};

struct io_uring_reg_wait {
	struct __kernel_timespec ts;
	__u32 min_wait_usec;
	__u32 flags;
	__u64 sigmask;
	__u32 sigmask_sz;
	__u32 pad[3];
	__u64 pad2[2];
};

#endif
