/* SPDX-License-Identifier: MIT */
/*
 * The io_uring uapi definitions that liburing-regions needs, on top of
 * whatever <linux/io_uring.h> the system has.
 *
 * The system header is included first, so a later include of it is a no-op.
 * Constants are added as macros only when the system header lacks a macro of
 * that name: a newer header that has them as enum constants is fine, because
 * a macro defined after the enum expands to the same value.  Structures are
 * added only when the system header predates them, which is told by a macro
 * that arrived in the same kernel release:
 *   IORING_FEAT_MIN_TIMEOUT  (6.12)  struct io_uring_clone_buffers
 *   IORING_ENTER_EXT_ARG_REG (6.13)  regions and registered wait arguments
 * A 6.12 header has io_uring_clone_buffers without the 6.13 offset fields;
 * the library itself never depends on the system's layout of it.
 */
#ifndef LIBURING_REGIONS_UAPI_H
#define LIBURING_REGIONS_UAPI_H

#include <linux/io_uring.h>
#include <linux/time_types.h>
#include <linux/types.h>

/* What the system header already has, recorded before anything is added. */
#ifdef IORING_FEAT_MIN_TIMEOUT
#define LIBURING_REGIONS_SYS_UAPI_6_12	1
#endif
#ifdef IORING_ENTER_EXT_ARG_REG
#define LIBURING_REGIONS_SYS_UAPI_6_13	1
#endif

/* io_uring_setup(2) flags */
#ifndef IORING_SETUP_NO_MMAP
#define IORING_SETUP_NO_MMAP		(1U << 14)
#endif
#ifndef IORING_SETUP_REGISTERED_FD_ONLY
#define IORING_SETUP_REGISTERED_FD_ONLY	(1U << 15)
#endif
#ifndef IORING_SETUP_NO_SQARRAY
#define IORING_SETUP_NO_SQARRAY		(1U << 16)
#endif
#ifndef IORING_SETUP_HYBRID_IOPOLL
#define IORING_SETUP_HYBRID_IOPOLL	(1U << 17)
#endif

/* io_uring_enter(2) flags */
#ifndef IORING_ENTER_REGISTERED_RING
#define IORING_ENTER_REGISTERED_RING	(1U << 4)
#endif
#ifndef IORING_ENTER_ABS_TIMER
#define IORING_ENTER_ABS_TIMER		(1U << 5)
#endif
#ifndef IORING_ENTER_EXT_ARG_REG
#define IORING_ENTER_EXT_ARG_REG	(1U << 6)
#endif

/* features */
#ifndef IORING_FEAT_REG_REG_RING
#define IORING_FEAT_REG_REG_RING	(1U << 13)
#endif

/* cqe->flags (6.18): named on the message pages */
#ifndef IORING_CQE_F_SKIP
#define IORING_CQE_F_SKIP		(1U << 5)
#endif
#ifndef IORING_CQE_F_32
#define IORING_CQE_F_32			(1U << 15)
#endif

/* sqe->msg_ring_flags */
#ifndef IORING_MSG_RING_FLAGS_PASS
#define IORING_MSG_RING_FLAGS_PASS	(1U << 1)
#endif
#ifndef IORING_MSG_DATA
#define IORING_MSG_DATA			0
#endif
#ifndef IORING_MSG_SEND_FD
#define IORING_MSG_SEND_FD		1
#endif

/* io_uring_register(2) opcodes that 6.1 lacks */
#ifndef IORING_REGISTER_USE_REGISTERED_RING
#define IORING_REGISTER_USE_REGISTERED_RING	(1U << 31)
#endif
#ifndef IORING_REGISTER_CLONE_BUFFERS
#define IORING_REGISTER_CLONE_BUFFERS	30
#endif
#ifndef IORING_REGISTER_SEND_MSG_RING
#define IORING_REGISTER_SEND_MSG_RING	31
#endif
#ifndef IORING_REGISTER_RESIZE_RINGS
#define IORING_REGISTER_RESIZE_RINGS	33
#endif
#ifndef IORING_REGISTER_MEM_REGION
#define IORING_REGISTER_MEM_REGION	34
#endif

/* struct io_uring_clone_buffers flags */
#ifndef IORING_REGISTER_SRC_REGISTERED
#define IORING_REGISTER_SRC_REGISTERED	(1U << 0)
#endif
#ifndef IORING_REGISTER_DST_REPLACE
#define IORING_REGISTER_DST_REPLACE	(1U << 1)
#endif

/* memory regions */
#ifndef IORING_MEM_REGION_TYPE_USER
#define IORING_MEM_REGION_TYPE_USER	1
#endif
#ifndef IORING_MEM_REGION_REG_WAIT_ARG
#define IORING_MEM_REGION_REG_WAIT_ARG	1
#endif

/* struct io_uring_reg_wait flags */
#ifndef IORING_REG_WAIT_TS
#define IORING_REG_WAIT_TS		(1U << 0)
#endif

#ifndef LIBURING_REGIONS_SYS_UAPI_6_12
struct io_uring_clone_buffers {
	__u32	src_fd;
	__u32	flags;
	__u32	src_off;
	__u32	dst_off;
	__u32	nr;
	__u32	pad[3];
};
#endif

#ifndef LIBURING_REGIONS_SYS_UAPI_6_13
struct io_uring_region_desc {
	__u64	user_addr;
	__u64	size;
	__u32	flags;
	__u32	id;
	__u64	mmap_offset;
	__u64	__resv[4];
};

struct io_uring_mem_region_reg {
	__u64	region_uptr;	/* struct io_uring_region_desc * */
	__u64	flags;
	__u64	__resv[2];
};

struct io_uring_reg_wait {
	struct __kernel_timespec	ts;
	__u32	min_wait_usec;
	__u32	flags;
	__u64	sigmask;
	__u32	sigmask_sz;
	__u32	pad[3];
	__u64	pad2[2];
};
#endif

#endif /* LIBURING_REGIONS_UAPI_H */
