/* SPDX-License-Identifier: MIT */
/* Buffer cloning (IORING_REGISTER_CLONE_BUFFERS, 6.12; offsets 6.13). */
#include <string.h>
#include "internal.h"

/*
 * Whether slot @slot of @ring's buffer table exists: an update of it with
 * a faulting iovec fails with -EFAULT inside the table, -EINVAL past it
 * and -ENXIO without a table, and changes nothing.  1, 0 or -errno.
 */
static int slot_exists(struct io_uring *ring, unsigned slot)
{
	struct io_uring_rsrc_update2 up;
	int ret;

	memset(&up, 0, sizeof(up));
	up.offset = slot;
	up.data = (__u64)(uintptr_t)FAULTING_PTR;
	up.nr = 1;
	ret = ring_register(ring, IORING_REGISTER_BUFFERS_UPDATE, &up,
			    sizeof(up));
	if (ret == -EFAULT)
		return 1;
	if (ret == -EINVAL || ret == -ENXIO)
		return 0;
	return ret < 0 ? ret : -EIO;
}

/* The number of slots of @ring's buffer table (0 without one), or -errno. */
static long long table_size(struct io_uring *ring)
{
	unsigned long long lo = 0, hi = 1;
	int ret;

	/* Slot lo - 1 exists, slot hi - 1 does not. */
	while ((ret = slot_exists(ring, (unsigned)(hi - 1))) == 1) {
		lo = hi;
		hi *= 2;
		if (hi > 1ULL << 32)
			return -EOVERFLOW;
	}
	if (ret < 0)
		return ret;
	while (hi - lo > 1) {
		unsigned long long mid = lo + (hi - lo) / 2;

		ret = slot_exists(ring, (unsigned)(mid - 1));
		if (ret < 0)
			return ret;
		if (ret)
			lo = mid;
		else
			hi = mid;
	}
	return (long long)lo;
}

/*
 * Kernels before 6.19 (and its stable fixes) drop the destination's
 * buffers after the cloned range in a DST_REPLACE clone.  Where the probe
 * found that, the destination's table is first cloned into a throwaway
 * ring, and the slots after the range are cloned back from it afterwards
 * (a clone keeps the slots below its range, and this one has none after
 * it).  If putting them back fails, the call returns that error: the
 * clone itself was done.  A change of those slots in between would be
 * undone: the caller holds the library's buffer calls off (register.c);
 * liburing's, or io_uring_register(2) itself, it cannot.
 */
static int clone_keep_tail(struct io_uring *dst, struct io_uring *src,
			   const struct clone_arg *arg)
{
	struct clone_arg save, back;
	struct io_uring tmp;
	long long size, end;
	int ret;

	ret = io_uring_queue_init(1, &tmp, 0);
	if (ret)
		return ret;
	memset(&save, 0, sizeof(save));
	save.src_fd = (__u32)dst->ring_fd;
	if (use_index(dst)) {
		save.src_fd = (__u32)dst->enter_ring_fd;
		save.flags = IORING_REGISTER_SRC_REGISTERED;
	}
	ret = ring_register(&tmp, IORING_REGISTER_CLONE_BUFFERS, &save, 1);
	if (ret == -ENXIO) {
		/* No table: nothing to lose. */
		ret = ring_register(dst, IORING_REGISTER_CLONE_BUFFERS, arg, 1);
		goto out;
	}
	if (ret)
		goto out;
	size = table_size(&tmp);
	/* nr 0 clones the whole source table (offsets must be 0 then). */
	end = arg->nr ? (long long)arg->dst_off + arg->nr : table_size(src);
	if (size < 0 || end < 0) {
		ret = (int)(size < 0 ? size : end);
		goto out;
	}
	ret = ring_register(dst, IORING_REGISTER_CLONE_BUFFERS, arg, 1);
	if (ret || end >= size)
		goto out;
	memset(&back, 0, sizeof(back));
	back.src_fd = (__u32)tmp.ring_fd;
	back.flags = IORING_REGISTER_DST_REPLACE;
	back.src_off = (__u32)end;
	back.dst_off = (__u32)end;
	back.nr = (__u32)(size - end);
	ret = ring_register(dst, IORING_REGISTER_CLONE_BUFFERS, &back, 1);
out:
	io_uring_queue_exit(&tmp);
	return ret;
}

/*
 * The source by its registered index when asked for and usable: registered
 * by this thread (in any other the index names another ring, or none).
 * Otherwise by its fd, with the flag cleared, as liburing does when the
 * source has no registered index.  Each entry point below inlines it: none
 * calls another through the PLT.
 */
static inline int clone_buffers(struct io_uring *dst, struct io_uring *src,
				unsigned int dst_off, unsigned int src_off,
				unsigned int nr, unsigned int flags)
{
	struct clone_arg arg;

	if (!dst || !src)
		return -EINVAL;
	memset(&arg, 0, sizeof(arg));
	arg.src_fd = (__u32)src->ring_fd;
	if ((flags & IORING_REGISTER_SRC_REGISTERED) && use_index(src))
		arg.src_fd = (__u32)src->enter_ring_fd;
	else
		flags &= ~IORING_REGISTER_SRC_REGISTERED;
	arg.flags = flags;
	arg.src_off = src_off;
	arg.dst_off = dst_off;
	arg.nr = nr;
	if ((flags & IORING_REGISTER_DST_REPLACE) &&
	    (io_uring_regions_probe_bugs() &
	     IO_URING_REGIONS_BUG_CLONE_REPLACE_TAIL)) {
		int ret;

		buffers_lock_all();
		ret = clone_keep_tail(dst, src, &arg);
		buffers_unlock_all();
		return ret;
	}
	return ring_register(dst, IORING_REGISTER_CLONE_BUFFERS, &arg, 1);
}

int __io_uring_clone_buffers_offset(struct io_uring *dst,
				    struct io_uring *src,
				    unsigned int dst_off, unsigned int src_off,
				    unsigned int nr, unsigned int flags)
{
	return clone_buffers(dst, src, dst_off, src_off, nr, flags);
}

int io_uring_clone_buffers_offset(struct io_uring *dst, struct io_uring *src,
				  unsigned int dst_off, unsigned int src_off,
				  unsigned int nr, unsigned int flags)
{
	return clone_buffers(dst, src, dst_off, src_off, nr,
			     flags | IORING_REGISTER_SRC_REGISTERED);
}

int __io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src,
			     unsigned int flags)
{
	return clone_buffers(dst, src, 0, 0, 0, flags);
}

int io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src)
{
	return clone_buffers(dst, src, 0, 0, 0,
			     IORING_REGISTER_SRC_REGISTERED);
}
