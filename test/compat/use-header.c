/* SPDX-License-Identifier: MIT */
/*
 * Compiled (not run) by header-combos.sh in every include order, as C and
 * as C++, alone and after <liburing.h>: uses each family's structures,
 * constants and the core's inline helpers.
 */
#ifdef LIBURING_FIRST
#include <liburing.h>
#endif
#ifdef SYSTEM_FIRST
#include <linux/io_uring.h>
#endif
#include <liburing-regions.h>
#ifdef SYSTEM_AFTER
#include <linux/io_uring.h>
#endif
#ifdef LIBURING_AFTER
#include <liburing.h>
#endif

typedef char check_reg_wait_size[sizeof(struct io_uring_reg_wait) == 64 ? 1 : -1];
typedef char check_desc_size[sizeof(struct io_uring_region_desc) == 64 ? 1 : -1];
typedef char check_reg_size[sizeof(struct io_uring_mem_region_reg) == 32 ? 1 : -1];
typedef char check_clone_size[sizeof(struct io_uring_clone_buffers) == 32 ? 1 : -1];

#ifdef __cplusplus
#define U64_OF(p)	static_cast<__u64>(reinterpret_cast<uintptr_t>(p))
#define INT(v)		static_cast<int>(v)
#else
#define U64_OF(p)	((__u64)(uintptr_t)(p))
#define INT(v)		((int)(v))
#endif

int use_header(struct io_uring *ring);

int use_header(struct io_uring *ring)
{
	struct io_uring_region_desc desc;
	struct io_uring_mem_region_reg reg;
	struct io_uring_reg_wait wait;
	struct io_uring_clone_buffers clone;
	struct io_uring_params p;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	unsigned head, n = 0;
	int err;

	desc.user_addr = 0;
	desc.flags = IORING_MEM_REGION_TYPE_USER;
	reg.region_uptr = U64_OF(&desc);
	reg.flags = IORING_MEM_REGION_REG_WAIT_ARG;
	wait.flags = IORING_REG_WAIT_TS;
	wait.ts.tv_sec = 1;
	clone.src_fd = 0;
	clone.src_off = 0;
	clone.flags = IORING_REGISTER_SRC_REGISTERED |
		      IORING_REGISTER_DST_REPLACE;
	p.flags = IORING_SETUP_NO_SQARRAY | IORING_SETUP_CQSIZE;
	(void)clone;
	(void)wait;

	sqe = io_uring_get_sqe(ring);
	if (!sqe)
		return -1;
	io_uring_prep_msg_ring_cqe_flags(sqe, ring->ring_fd, 1, 2, 0, 3);
	io_uring_sqe_set_data64(sqe, 4);
	io_uring_for_each_cqe(ring, head, cqe)
		n++;
	io_uring_cq_advance(ring, n);
	if (io_uring_peek_cqe(ring, &cqe) == 0)
		io_uring_cqe_seen(ring, cqe);
	err = io_uring_register_region(ring, &reg);
	err |= io_uring_resize_rings(ring, &p);
	err |= io_uring_submit_and_wait_reg(ring, &cqe, 1, 0);
	err |= INT(io_uring_regions_probe());
	return err | IORING_REGISTER_MEM_REGION | IORING_REGISTER_RESIZE_RINGS |
	       IORING_REGISTER_CLONE_BUFFERS | IORING_REGISTER_SEND_MSG_RING |
	       INT(IORING_ENTER_EXT_ARG_REG);
}
