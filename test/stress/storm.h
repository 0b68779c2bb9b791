/* SPDX-License-Identifier: MIT */
/*
 * The storms' completions: NOPs and ringless messages, each kind reaped
 * exactly once and in the order it was sent, a message's res its sequence
 * number's low 16 bits.
 */
#ifndef STORM_H
#define STORM_H
#include "../helpers.h"

/* Each storm's own repeatable sequence: STORM_SEED before the include. */
static unsigned seed = STORM_SEED;

static inline unsigned rnd(unsigned n)
{
	seed = seed * 1103515245 + 12345;
	return (seed >> 8) % n;
}

#define NOP_TAG		(1ULL << 62)
#define MSG_TAG		(1ULL << 61)

struct storm_order {
	__u64 nop_next, nop_reaped;
	__u64 msg_next, msg_reaped;
};

static inline void storm_check_cqe(struct storm_order *o,
				   const struct io_uring_cqe *cqe)
{
	if (cqe->user_data == (NOP_TAG | o->nop_reaped)) {
		CHECK_EQ(cqe->res, 0);
		o->nop_reaped++;
	} else if (cqe->user_data == (MSG_TAG | o->msg_reaped)) {
		CHECK_EQ(cqe->res, (int)(o->msg_reaped & 0xffff));
		o->msg_reaped++;
	} else {
		FAIL("unexpected CQE %llx (next NOP %llu, next msg %llu)",
		     (unsigned long long)cqe->user_data,
		     (unsigned long long)o->nop_reaped,
		     (unsigned long long)o->msg_reaped);
	}
	CHECK_EQ(cqe->flags, 0);
}

#endif
