/* SPDX-License-Identifier: MIT */
/*
 * liburing and liburing-regions in one program: liburing sets the ring up
 * and does the I/O, this library adds what liburing lacks.  The ring is
 * created disabled, with DEFER_TASKRUN; a registered wait area (this
 * library) gets a 10 ms timeout in slot 0; liburing enables the ring;
 * waits go through the slot; then the ring is resized (this library) to
 * take a batch larger than its first size.  Built as:
 *
 *   cc beside.c $(pkg-config --cflags --libs liburing liburing-regions)
 *
 * <liburing.h> comes first.  Exits 0, 1 on an error, 77 on a kernel
 * without registered waits or ring resizing (Linux 6.13).
 */
#include <liburing.h>
#include <liburing-regions.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define SLOTS	4
#define BATCH	12	/* more than the first SQ size */

static int fail(const char *what, int err)
{
	fprintf(stderr, "%s: %s\n", what, strerror(err < 0 ? -err : err));
	return 1;
}

int main(void)
{
	unsigned int need = IO_URING_REGIONS_REG_WAIT | IO_URING_REGIONS_RESIZE;
	struct io_uring_reg_wait *slots;
	struct io_uring_params p;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	unsigned int head, seen = 0;
	int i, ret;

	if ((io_uring_regions_probe() & need) != need) {
		printf("this kernel has no registered waits or resizing\n");
		return 77;
	}

	/* liburing: a disabled DEFER_TASKRUN ring of 8 entries. */
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_R_DISABLED | IORING_SETUP_SINGLE_ISSUER |
		  IORING_SETUP_DEFER_TASKRUN;
	ret = io_uring_queue_init_params(8, &ring, &p);
	if (ret)
		return fail("io_uring_queue_init_params", ret);

	/* This library: the wait area, registered while still disabled. */
	slots = io_uring_setup_reg_wait(&ring, SLOTS, &ret);
	if (!slots)
		return fail("io_uring_setup_reg_wait", ret);
	slots[0].ts.tv_nsec = 10 * 1000 * 1000;
	slots[0].flags = IORING_REG_WAIT_TS;

	/* liburing (or this library, where liburing lacks it). */
	ret = io_uring_enable_rings(&ring);
	if (ret)
		return fail("io_uring_enable_rings", ret);

	/* A NOP submitted and waited for through slot 0... */
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 1);
	ret = io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0);
	if (ret < 0)
		return fail("io_uring_submit_and_wait_reg", ret);
	if (cqe->user_data != 1 || cqe->res != 0) {
		fprintf(stderr, "NOP: user_data %llu, res %d\n",
			(unsigned long long)cqe->user_data, cqe->res);
		return 1;
	}
	io_uring_cqe_seen(&ring, cqe);
	/* ...and, with nothing to wait for, the slot's timeout. */
	ret = io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0);
	if (ret != -ETIME)
		return fail("a wait that should time out", ret);

	/* This library: twice the SQ, a CQ of 64. */
	memset(&p, 0, sizeof(p));
	p.sq_entries = 16;
	p.cq_entries = 64;
	p.flags = IORING_SETUP_CQSIZE;
	ret = io_uring_resize_rings(&ring, &p);
	if (ret)
		return fail("io_uring_resize_rings", ret);
	if (ring.sq.ring_entries != 16 || ring.cq.ring_entries != 64) {
		fprintf(stderr, "resized to %u/%u entries\n",
			ring.sq.ring_entries, ring.cq.ring_entries);
		return 1;
	}

	/* liburing: a batch that the first rings could not have held. */
	for (i = 0; i < BATCH; i++) {
		sqe = io_uring_get_sqe(&ring);
		if (!sqe)
			return fail("io_uring_get_sqe", EBUSY);
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, 100 + i);
	}
	ret = io_uring_submit_and_wait_reg(&ring, &cqe, BATCH, 0);
	if (ret != BATCH)
		return fail("the batch", ret < 0 ? ret : EIO);
	io_uring_for_each_cqe(&ring, head, cqe) {
		if (cqe->user_data != 100 + seen || cqe->res != 0) {
			fprintf(stderr, "batch: user_data %llu, res %d\n",
				(unsigned long long)cqe->user_data, cqe->res);
			return 1;
		}
		seen++;
	}
	io_uring_cq_advance(&ring, seen);
	if (seen != BATCH)
		return fail("the batch's completions", EIO);

	io_uring_queue_exit(&ring);
	io_uring_free_reg_wait(slots, SLOTS);
	printf("liburing's ring: registered wait, -ETIME, resized to 16/64, "
	       "%u NOPs\n", seen);
	return 0;
}
