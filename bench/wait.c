/* SPDX-License-Identifier: MIT */
/*
 * The cost of a wait: io_uring_submit_and_wait_reg (registered slot),
 * against a timespec passed at every call (EXT_ARG), a timeout SQE, and no
 * timeout at all.  Once with NOPs that complete at once (ns per wait), once
 * with the waiter asleep until another thread posts its completion (CPU
 * time of the waiting thread per wait).
 *
 * The modes run in short blocks that take turns, the order rotating every
 * round, so that drift (frequency, the other core's work) hits all modes
 * alike; each mode's figure is the median of its blocks.  A registered
 * slot saves the kernel only the copy of the wait arguments, a few tens of
 * ns in several microseconds of sleep and wake-up, so the sleeping rounds
 * also compare registered and ext_arg_timeout block by block.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>
#include "bench.h"

#define NMODES		4
#define INLINE_BLOCK	1000
#define INLINE_ROUNDS	200
#define SLEEP_BLOCK	200
#define SLEEP_ROUNDS	400
#define SLEEP_GAP_NS	20000	/* the waiter's sleep */
#define MAX_ROUNDS	SLEEP_ROUNDS	/* the larger of the two */

enum mode { REGISTERED, EXT_ARG_TIMEOUT, TIMEOUT_SQE, NO_TIMEOUT };
static const char *const names[] = {
	"registered", "ext_arg_timeout", "timeout_sqe", "no_timeout"
};

static struct io_uring ring;
static struct __kernel_timespec one_second = { 1, 0 };
static atomic_long sleeping_waits_done;

static void setup(void)
{
	struct io_uring_reg_wait *slots;
	int err;

	must(io_uring_queue_init(64, &ring, IORING_SETUP_R_DISABLED |
				 IORING_SETUP_SINGLE_ISSUER |
				 IORING_SETUP_DEFER_TASKRUN), "queue_init");
	slots = io_uring_setup_reg_wait(&ring, 4, &err);
	if (!slots)
		DIE("setup_reg_wait: %s", strerror(-err));
	slots[0].ts.tv_sec = 1;
	slots[0].flags = IORING_REG_WAIT_TS;
	must(io_uring_enable_rings(&ring), "enable");
}

/* One wait in @mode; @nop queues a NOP first.  Reaps what it waited for. */
static void wait_once(enum mode mode, int nop)
{
	struct io_uring_cqe *cqe;
	int ret = 0, reap = 1;

	if (nop)
		io_uring_prep_nop(io_uring_get_sqe(&ring));
	switch (mode) {
	case REGISTERED:
		ret = io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0);
		break;
	case EXT_ARG_TIMEOUT:
		ret = io_uring_submit_and_wait_timeout(&ring, &cqe, 1,
						       &one_second, NULL);
		break;
	case TIMEOUT_SQE:
		/*
		 * Wait for one CQE, the work's or the timeout's, then reap
		 * both.  Waiting for two would sleep the whole second on a
		 * DEFER_TASKRUN ring: a message is queued as lazy task work,
		 * which wakes the waiter only once as many items are queued
		 * as it waits for.
		 */
		io_uring_prep_timeout(io_uring_get_sqe(&ring), &one_second,
				      1, 0);
		ret = io_uring_submit_and_wait(&ring, 1);
		reap = 2;
		break;
	case NO_TIMEOUT:
		ret = io_uring_submit_and_wait(&ring, 1);
		break;
	}
	if (ret < 0)
		DIE("%s: %s", names[mode], strerror(-ret));
	while (reap--) {
		must(io_uring_wait_cqe(&ring, &cqe), "wait_cqe");
		io_uring_cqe_seen(&ring, cqe);
	}
}

/*
 * Posts one message per sleeping wait, SLEEP_GAP_NS after the waiter has
 * reaped the previous one, so that every wait finds nothing and sleeps.
 * The gap is spun, not slept: a timer's slack would make it 50 us or more.
 */
static void *completer(void *arg)
{
	long i, total = (long)arg;

	for (i = 0; i < total; i++) {
		long long until;

		while (atomic_load(&sleeping_waits_done) < i)
			sched_yield();
		until = now_ns() + SLEEP_GAP_NS;
		while (now_ns() < until)
			;
		if (io_uring_sync_msg_ring(ring.ring_fd, 0, 1, 0))
			DIE("sync msg");
	}
	return NULL;
}

/* Per wait, for each mode and round: wall time, CPU time, sleeps. */
static double wall[NMODES][MAX_ROUNDS], cpu[NMODES][MAX_ROUNDS];
static double sleeps[NMODES][MAX_ROUNDS];

static void run_block(enum mode mode, int round, int nop, int waits)
{
	struct usage u0, u1;
	long long t = now_ns();
	int i;

	thread_usage(&u0);
	for (i = 0; i < waits; i++) {
		wait_once(mode, nop);
		if (!nop)
			atomic_fetch_add(&sleeping_waits_done, 1);
	}
	thread_usage(&u1);
	wall[mode][round] = (double)(now_ns() - t) / waits;
	cpu[mode][round] = (double)(u1.cpu_ns - u0.cpu_ns) / waits;
	sleeps[mode][round] = (double)(u1.sleeps - u0.sleeps) / waits;
}

/* @rounds rounds of one block per mode, each round starting one mode on. */
static void run_rounds(int nop, int waits, int rounds)
{
	int r, k;

	for (r = 0; r < rounds; r++)
		for (k = 0; k < NMODES; k++)
			run_block((enum mode)((r + k) % NMODES), r, nop, waits);
}

static void inline_nops(void)
{
	enum mode m;
	int i;

	for (m = REGISTERED; m < NMODES; m++)	/* warm-up */
		for (i = 0; i < INLINE_BLOCK * 10; i++)
			wait_once(m, 1);
	run_rounds(1, INLINE_BLOCK, INLINE_ROUNDS);
	for (m = REGISTERED; m < NMODES; m++)
		result("wait", names[m], median(wall[m], INLINE_ROUNDS),
		       "\"work\": \"inline_nop\", \"entries\": 64");
}

/*
 * Registered against ext_arg_timeout, round by round: the median CPU saved
 * per wait, and in how many rounds the registered block used less.  Runs
 * before median() sorts the rounds out of their pairs.
 */
static void compare_rounds(double *saved, int *lower)
{
	double d[MAX_ROUNDS];
	int r;

	*lower = 0;
	for (r = 0; r < SLEEP_ROUNDS; r++) {
		d[r] = cpu[EXT_ARG_TIMEOUT][r] - cpu[REGISTERED][r];
		*lower += d[r] > 0;
	}
	*saved = median(d, SLEEP_ROUNDS);
}

static void sleeping(void)
{
	long total = (long)(SLEEP_ROUNDS + 1) * NMODES * SLEEP_BLOCK;
	char extra[256];
	double saved;
	pthread_t t;
	enum mode m;
	int lower, n;

	atomic_store(&sleeping_waits_done, 0);
	if (pthread_create(&t, NULL, completer, (void *)total))
		DIE("pthread_create");
	for (m = REGISTERED; m < NMODES; m++)	/* warm-up: a block each */
		run_block(m, 0, 0, SLEEP_BLOCK);
	run_rounds(0, SLEEP_BLOCK, SLEEP_ROUNDS);
	pthread_join(t, NULL);
	compare_rounds(&saved, &lower);
	for (m = REGISTERED; m < NMODES; m++) {
		n = snprintf(extra, sizeof(extra), "\"work\": \"sleeping\", "
			     "\"cpu_ns_per_op\": %.1f, \"sleeps_per_op\": %.2f, "
			     "\"threads\": 2, \"waits\": %d",
			     median(cpu[m], SLEEP_ROUNDS),
			     median(sleeps[m], SLEEP_ROUNDS),
			     SLEEP_ROUNDS * SLEEP_BLOCK);
		if (m == REGISTERED)
			snprintf(extra + n, sizeof(extra) - (size_t)n,
				 ", \"cpu_ns_saved_vs_ext_arg\": %.1f, "
				 "\"rounds_lower\": %d, \"rounds\": %d",
				 saved, lower, SLEEP_ROUNDS);
		result("wait", names[m], median(wall[m], SLEEP_ROUNDS), extra);
	}
}

int main(void)
{
	if (!(io_uring_regions_probe() & IO_URING_REGIONS_REG_WAIT))
		DIE("wait: the kernel has no registered waits");
	setup();
	inline_nops();
	sleeping();
	io_uring_queue_exit(&ring);
	return 0;
}
