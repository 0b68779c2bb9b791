/* SPDX-License-Identifier: MIT */
/*
 * IORING_REGISTER_QUERY (6.18): what the kernel says it has, and which of
 * the library's features that answer decides.
 */
#include <string.h>
#include "internal.h"

/* The argument: a chain of headers, one per question. */
#define REGISTER_QUERY	35
#define QUERY_OPCODES	0
struct query_hdr {
	__u64 next_entry;
	__u64 query_data;
	__u32 query_op;
	__u32 size;
	__s32 result;
	__u32 resv[3];
};

int query_opcodes(struct io_uring_regions_query *q)
{
	struct query_hdr hdr;
	int ret;

	memset(q, 0, sizeof(*q));
	memset(&hdr, 0, sizeof(hdr));
	hdr.query_data = (__u64)(uintptr_t)q;
	hdr.query_op = QUERY_OPCODES;
	hdr.size = sizeof(*q);
	ret = io_uring_register(-1U, REGISTER_QUERY, &hdr, 0);
	if (ret < 0)
		return ret;
	if (hdr.result < 0)
		return hdr.result;
	return 0;
}

int io_uring_regions_query(struct io_uring_regions_query *q)
{
	struct io_uring_regions_query tmp;
	int ret;

	if (!q)
		return -EINVAL;
	ret = query_opcodes(&tmp);
	if (!ret)
		*q = tmp;
	return ret;
}

unsigned int io_uring_regions_query_features(const struct io_uring_regions_query *q,
					     unsigned int *decided)
{
	unsigned int have = IO_URING_REGIONS_RING;
	__u32 nr = q ? q->nr_register_opcodes : 0;

	if (decided)
		*decided = q ? IO_URING_REGIONS_RING |
			       IO_URING_REGIONS_MEM_REGION |
			       IO_URING_REGIONS_REG_WAIT |
			       IO_URING_REGIONS_RESIZE |
			       IO_URING_REGIONS_CLONE |
			       IO_URING_REGIONS_SYNC_MSG : 0;
	if (!q)
		return 0;
	if (nr > IORING_REGISTER_MEM_REGION) {
		have |= IO_URING_REGIONS_MEM_REGION;
		if ((q->enter_flags & IORING_ENTER_EXT_ARG_REG) &&
		    (q->setup_flags & IORING_SETUP_R_DISABLED))
			have |= IO_URING_REGIONS_REG_WAIT;
	}
	if (nr > IORING_REGISTER_RESIZE_RINGS &&
	    (q->setup_flags & IORING_SETUP_DEFER_TASKRUN))
		have |= IO_URING_REGIONS_RESIZE;
	if (nr > IORING_REGISTER_CLONE_BUFFERS)
		have |= IO_URING_REGIONS_CLONE;
	if (nr > IORING_REGISTER_SEND_MSG_RING)
		have |= IO_URING_REGIONS_SYNC_MSG;
	return have;
}
