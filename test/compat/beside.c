/* SPDX-License-Identifier: MIT */
/*
 * A program written against liburing that uses this library for what its
 * liburing lacks or gets wrong: liburing makes the ring and does the I/O;
 * this library resizes it, messages it and probes the kernel, and waits on
 * it with registered waits (io_uring_enable_rings() is this library's
 * beside liburing 2.3, whose shared library lacks it).  Built by
 * test/beside-link.sh with both libraries, shared and static.
 */
#include <stdio.h>
#include <string.h>
#include <liburing.h>
#include <liburing-regions.h>

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond); \
		return 1;						\
	}								\
} while (0)

/* The documented flow: a disabled ring, the wait area, then enabling. */
static int reg_wait_flow(void)
{
	struct io_uring_reg_wait *w;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int err;

	CHECK(io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED) == 0);
	w = io_uring_setup_reg_wait(&ring, 2, &err);
	CHECK(w && err == 0);
	CHECK(io_uring_enable_rings(&ring) == 0);
	w[1].ts.tv_sec = 1;
	w[1].flags = IORING_REG_WAIT_TS;
	sqe = io_uring_get_sqe(&ring);
	CHECK(sqe);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 9);
	CHECK(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 1) == 1);
	CHECK(cqe->user_data == 9 && cqe->res == 0);
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
	io_uring_free_reg_wait(w, 2);
	return 0;
}

int main(void)
{
	unsigned int have = io_uring_regions_probe();
	struct io_uring_params p;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	unsigned head, seen = 0, i;

	CHECK(have & IO_URING_REGIONS_RING);
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
	CHECK(io_uring_queue_init_params(8, &ring, &p) == 0);
	for (i = 0; i < 3; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		CHECK(sqe);
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, i + 1);
	}
	if (have & IO_URING_REGIONS_RESIZE) {
		memset(&p, 0, sizeof(p));
		p.sq_entries = 64;
		CHECK(io_uring_resize_rings(&ring, &p) == 0);
		CHECK(ring.sq.ring_entries == 64);
	}
	CHECK(io_uring_submit_and_wait(&ring, 3) == 3);
	io_uring_for_each_cqe(&ring, head, cqe) {
		CHECK(cqe->user_data == ++seen && cqe->res == 0);
	}
	io_uring_cq_advance(&ring, seen);
	CHECK(seen == 3);
	if (have & IO_URING_REGIONS_SYNC_MSG) {
		CHECK(io_uring_sync_msg_ring(ring.ring_fd, 5, 77, 0) == 0);
		CHECK(io_uring_wait_cqe(&ring, &cqe) == 0);
		CHECK(cqe->user_data == 77 && cqe->res == 5);
		io_uring_cqe_seen(&ring, cqe);
	}
	io_uring_queue_exit(&ring);
	if (have & IO_URING_REGIONS_REG_WAIT)
		CHECK(reg_wait_flow() == 0);
	printf("beside liburing: probe 0x%x, resize, I/O, message and "
	       "registered wait ok\n", have);
	return 0;
}
