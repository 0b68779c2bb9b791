/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: drives the register wrappers, resize and the wait
 * path with structures, flags, offsets and sizes taken from the input, on
 * real rings.  Every call must return 0 or a plausible -errno, the ring
 * must still complete a NOP afterwards, and the process must not gain
 * file descriptors.  Wait timeouts are clamped and a NOP is always queued,
 * so that no input can make a wait block.
 */
#include <errno.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <liburing-regions.h>

struct input {
	const uint8_t *p;
	size_t left;
};

static void take(struct input *in, void *dst, size_t n)
{
	size_t k = n < in->left ? n : in->left;

	memset(dst, 0, n);
	memcpy(dst, in->p, k);
	in->p += k;
	in->left -= k;
}

static unsigned take32(struct input *in)
{
	unsigned v;

	take(in, &v, sizeof(v));
	return v;
}

/* 0 or -errno, or (a wait that also submits) at most @submitted. */
static void check_count(int ret, int submitted, const char *what)
{
	if (ret > submitted || ret < -4095) {
		fprintf(stderr, "%s returned %d\n", what, ret);
		abort();
	}
}

static void check_ret(int ret, const char *what)
{
	if (ret > 0 || ret < -4095) {
		fprintf(stderr, "%s returned %d\n", what, ret);
		abort();
	}
}

static void nop_ok(struct io_uring *ring)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;

	if (io_uring_submit(ring) == -EBADFD)	/* lost its rings */
		return;
	while (io_uring_cq_ready(ring))
		io_uring_cq_advance(ring, io_uring_cq_ready(ring));
	sqe = io_uring_get_sqe(ring);
	if (!sqe) {
		io_uring_submit(ring);
		sqe = io_uring_get_sqe(ring);
	}
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 0xabc);
	if (io_uring_submit_and_wait(ring, 1) < 0)
		abort();
	for (;;) {
		if (io_uring_wait_cqe(ring, &cqe))
			abort();
		if (cqe->user_data == 0xabc) {
			io_uring_cqe_seen(ring, cqe);
			return;
		}
		io_uring_cqe_seen(ring, cqe);
	}
}

/* A user address chosen by the input: valid, unmapped, NULL or random. */
static __u64 pick_addr(struct input *in, void *valid)
{
	switch (take32(in) % 4) {
	case 0: return (__u64)(uintptr_t)valid;
	case 1: return (__u64)-4096;
	case 2: return 0;
	default: return ((__u64)take32(in) << 12);
	}
}

static unsigned ring_flags(struct input *in)
{
	static const unsigned choice[] = {
		0, IORING_SETUP_R_DISABLED,
		IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
		IORING_SETUP_R_DISABLED | IORING_SETUP_SINGLE_ISSUER |
			IORING_SETUP_DEFER_TASKRUN,
		IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN |
			IORING_SETUP_CQE32 | IORING_SETUP_SQE128,
	};
	return choice[take32(in) % 5];
}

static void fuzz_region(struct io_uring *ring, struct input *in, void *page)
{
	struct io_uring_mem_region_reg reg;
	struct io_uring_region_desc desc;

	take(in, &reg, sizeof(reg));
	take(in, &desc, sizeof(desc));
	desc.user_addr = pick_addr(in, page);
	desc.size &= (1ULL << 24) - 1;
	reg.region_uptr = pick_addr(in, &desc);
	check_ret(io_uring_register_region(ring, &reg), "register_region");
}

static void fuzz_map_region(struct io_uring *ring, struct input *in)
{
	size_t size = take32(in) % (1U << 20);
	__u64 flags = take32(in) & 3;
	int err = 0;
	void *p = io_uring_map_region(ring, size, flags, &err);

	check_ret(err, "map_region");
	if (p) {
		memset(p, 0x5a, size);
		check_ret(io_uring_unmap_region(p, size), "unmap_region");
	}
}

static void fuzz_wait(struct io_uring *ring, struct input *in)
{
	unsigned n = 1 + take32(in) % 200;
	struct io_uring_reg_wait *w;
	struct io_uring_cqe *cqe;
	int err, index;

	w = io_uring_setup_reg_wait(ring, n, &err);
	check_ret(err, "setup_reg_wait");
	if (ring->flags & IORING_SETUP_R_DISABLED)
		check_ret(io_uring_enable_rings(ring), "enable");
	index = (int)(take32(in) % (n + 70)) - 2;
	if (w && index >= 0 && (unsigned)index < n) {
		take(in, &w[index], sizeof(w[index]));
		w[index].ts.tv_sec = 0;
		w[index].ts.tv_nsec %= 1000000;
		w[index].min_wait_usec %= 1000;
	}
	io_uring_prep_nop(io_uring_get_sqe(ring));
	check_count(io_uring_submit_and_wait_reg(ring, &cqe, 1, index), 1,
		    "submit_and_wait_reg");
	nop_ok(ring);
	/* The area must outlive the ring: freed by the caller after exit. */
	if (w) {
		static struct io_uring_reg_wait *keep;
		static unsigned keep_n;

		if (keep)
			io_uring_free_reg_wait(keep, keep_n);
		keep = w;
		keep_n = n;
	}
}

static void fuzz_resize(struct io_uring *ring, struct input *in)
{
	struct io_uring_params p;
	unsigned i, pending = take32(in) % 8;

	if (ring->flags & IORING_SETUP_R_DISABLED)
		check_ret(io_uring_enable_rings(ring), "enable");
	for (i = 0; i < pending; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		if (!sqe)
			break;
		io_uring_prep_nop(sqe);
		if (i & 1)
			io_uring_submit(ring);
	}
	take(in, &p, sizeof(p));
	p.sq_entries &= 0xffff;
	p.cq_entries &= 0x1ffff;
	check_ret(io_uring_resize_rings(ring, &p), "resize_rings");
	io_uring_submit(ring);
}

static void fuzz_clone(struct io_uring *ring, struct input *in)
{
	static char bufs[2][4096];
	struct iovec iov[2] = { { bufs[0], 4096 }, { bufs[1], 4096 } };
	struct io_uring src;
	unsigned dst_off = take32(in), src_off = take32(in), nr = take32(in);
	unsigned flags = take32(in);

	if (io_uring_queue_init(4, &src, 0))
		abort();
	if (take32(in) & 1)
		check_ret(io_uring_register_buffers(&src, iov, 2), "register");
	if (take32(in) & 1)
		check_ret(io_uring_register_ring_fd(&src) < 0 ? -1 : 0, "rfd");
	if (ring->flags & IORING_SETUP_R_DISABLED)
		check_ret(io_uring_enable_rings(ring), "enable");
	if (take32(in) & 1)
		check_ret(io_uring_clone_buffers_offset(ring, &src, dst_off % 64,
				src_off % 4, nr % 8, flags & 7), "clone");
	else
		check_ret(__io_uring_clone_buffers_offset(ring, &src, dst_off,
				src_off, nr, flags), "__clone");
	nop_ok(&src);
	io_uring_queue_exit(&src);
}

static void fuzz_msg(struct io_uring *ring, struct input *in)
{
	struct io_uring_sqe sqe;

	take(in, &sqe, sizeof(sqe));
	if (take32(in) & 1) {
		sqe.opcode = IORING_OP_MSG_RING;
		sqe.fd = ring->ring_fd;
	}
	/*
	 * io_uring_register_sync_msg() sends the SQE unread: no CQE flag
	 * IORING_CQE_F_32 (the kernel bug msg_ring_cqe32 can make a waiter
	 * on the ring spin unkillably).
	 */
	if (sqe.msg_ring_flags & IORING_MSG_RING_FLAGS_PASS)
		sqe.file_index &= ~(1U << 15);
	if (ring->flags & IORING_SETUP_R_DISABLED)
		check_ret(io_uring_enable_rings(ring), "enable");
	check_ret(io_uring_register_sync_msg(&sqe), "sync_msg");
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int base_fds;
	static unsigned long runs;
	static void *page;
	struct input in = { data, size };
	struct io_uring ring;
	unsigned op = take32(&in) % 6;

	if (!page) {
		page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		base_fds = count_fds();
	}
	if (io_uring_queue_init(8, &ring, ring_flags(&in)))
		abort();
	switch (op) {
	case 0: fuzz_region(&ring, &in, page); break;
	case 1: fuzz_map_region(&ring, &in); break;
	case 2: fuzz_wait(&ring, &in); break;
	case 3: fuzz_resize(&ring, &in); break;
	case 4: fuzz_clone(&ring, &in); break;
	default: fuzz_msg(&ring, &in); break;
	}
	/* -EBADFD if an operation already enabled it. */
	if (ring.flags & IORING_SETUP_R_DISABLED)
		io_uring_enable_rings(&ring);
	nop_ok(&ring);
	io_uring_queue_exit(&ring);
	if (++runs % 1000 == 0 && count_fds() > base_fds + 2) {
		fprintf(stderr, "fd count grew from %d to %d\n", base_fds,
			count_fds());
		abort();
	}
	return 0;
}
