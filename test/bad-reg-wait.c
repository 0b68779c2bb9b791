/* SPDX-License-Identifier: MIT */
/* Bad input, registered waits: every unknown slot flag bit on its own,
 * every pad field, bad indexes, registrations in the wrong ring state or
 * from another thread; the ring works after each, nothing is left. */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "helpers.h"

#define DEFER	(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN)

static struct io_uring ring;
static struct io_uring_reg_wait *w;

static int wait_slot(int index)
{
	struct io_uring_cqe *cqe;

	return io_uring_submit_and_wait_reg(&ring, &cqe, 1, index);
}

/* Slot 1 times out after 1 us unless the edit makes it invalid. */
static void slot_case(const char *what, int expect)
{
	bad_case(what, wait_slot(1), expect);
	memset(&w[1], 0, sizeof(w[1]));
	w[1].ts.tv_nsec = 1000;
	w[1].flags = IORING_REG_WAIT_TS;
	nop_roundtrip(&ring);
}

/* The area stays registered with the ring; it is freed after the test. */
static struct io_uring_reg_wait *areas[4];
static int nr_areas;

static int register_area(void *arg)
{
	struct io_uring *r = arg;
	int err;
	struct io_uring_reg_wait *area = io_uring_setup_reg_wait(r, 4, &err);

	if (area)
		areas[nr_areas++] = area;
	return err;
}

int main(void)
{
	struct resources before;
	struct io_uring_reg_wait *w_page;
	struct io_uring other;
	char what[64];
	int bit, i, err;
	sigset_t set;

	require(IO_URING_REGIONS_REG_WAIT);
	warm_thread_cache();
	resources_get(&before);
	ring_init(&ring, 8, IORING_SETUP_R_DISABLED | DEFER);
	w = io_uring_setup_reg_wait(&ring, 8, &err);
	CHECK(w != NULL);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	w[1].ts.tv_nsec = 1000;
	w[1].flags = IORING_REG_WAIT_TS;
	slot_case("valid slot", -ETIME);

	for (bit = 1; bit < 32; bit++) {
		w[1].flags |= 1U << bit;
		snprintf(what, sizeof(what), "slot flags bit %d", bit);
		slot_case(what, -EINVAL);
	}
	for (i = 0; i < 3; i++) {
		w[1].pad[i] = 1;
		snprintf(what, sizeof(what), "slot pad[%d] (not checked)", i);
		slot_case(what, -ETIME);
	}
	for (i = 0; i < 2; i++) {
		w[1].pad2[i] = 1;
		snprintf(what, sizeof(what), "slot pad2[%d] (not checked)", i);
		slot_case(what, -ETIME);
	}
	/* The kernel does not validate the slot's timespec: it expires. */
	w[1].ts.tv_nsec = 1000000000;
	slot_case("ts.tv_nsec of 1e9 (not validated)", -ETIME);
	w[1].ts.tv_sec = -1;
	slot_case("negative ts.tv_sec (not validated)", -ETIME);
	sigemptyset(&set);
	w[1].sigmask = (__u64)(uintptr_t)&set;
	w[1].sigmask_sz = 1;
	slot_case("sigmask_sz 1", -EINVAL);
	w[1].sigmask = (__u64)(uintptr_t)-4096;
	w[1].sigmask_sz = _NSIG / 8;
	slot_case("unmapped sigmask", -EFAULT);
	w[1].sigmask = 0;
	w[1].sigmask_sz = 99;
	slot_case("sigmask_sz without sigmask (not checked)", -ETIME);

	/* As in liburing: a slot outside the area, so -EFAULT. */
	bad_case("index -1", wait_slot(-1), -EFAULT);
	bad_case("index INT_MAX", wait_slot(0x7fffffff), -EFAULT);
	bad_case("index past the area", wait_slot(4096), -EFAULT);
	bad_case("index 1 << 30", wait_slot(1 << 30), -EFAULT);
	/* 2^26 slots are 4 GiB: in a 32-bit build the offset must not wrap
	 * to slot 0. */
	bad_case("index 1 << 26", wait_slot(1 << 26), -EFAULT);
	bad_case("NULL ring", io_uring_submit_and_wait_reg(NULL, NULL, 1, 0),
		 -EINVAL);
	nop_roundtrip(&ring);
	bad_case("area on an enabled ring", register_area(&ring), -EBUSY);
	io_uring_queue_exit(&ring);
	io_uring_free_reg_wait(w, 8);

	/* Registration in wrong states, and from another thread. */
	ring_init(&other, 8, DEFER);
	bad_case("area on an enabled ring", register_area(&other), -EINVAL);
	nop_roundtrip(&other);
	io_uring_queue_exit(&other);
	/* A disabled SINGLE_ISSUER ring has no owner yet: the thread that
	 * enables it becomes the owner. */
	ring_init(&other, 8, IORING_SETUP_R_DISABLED | DEFER);
	bad_case("disabled SINGLE_ISSUER ring from another thread",
		 in_thread(register_area, &other), 0);
	bad_case("then a second area", register_area(&other), -EBUSY);
	CHECK_EQ(io_uring_enable_rings(&other), 0);
	nop_roundtrip(&other);
	bad_case("enabled SINGLE_ISSUER ring from another thread",
		 in_thread(register_area, &other), -EEXIST);
	io_uring_queue_exit(&other);
	/* An area of 2^26 + 1 slots at a one-page mapping: more memory than
	 * is there (64-bit), or more than a size_t measures (32-bit). */
	ring_init(&other, 8, IORING_SETUP_R_DISABLED);
	w_page = page_alloc((size_t)sysconf(_SC_PAGESIZE));
	bad_case("2^26 + 1 slots over one page",
		 io_uring_register_reg_wait(&other, w_page, (1 << 26) + 1),
		 sizeof(size_t) > 4 ? -EFAULT : -EOVERFLOW);
	io_uring_queue_exit(&other);
	munmap(w_page, (size_t)sysconf(_SC_PAGESIZE));
	ring_init(&other, 8, 0);
	bad_case("a ring without an area", io_uring_submit_and_wait_reg(
			&other, (struct io_uring_cqe **)&w, 1, 0), -EFAULT);
	nop_roundtrip(&other);
	io_uring_queue_exit(&other);

	for (i = 0; i < nr_areas; i++)
		io_uring_free_reg_wait(areas[i], 4);
	resources_check(&before, "bad registered-wait input");
	bad_input_done("registered waits");
	return 0;
}
