/* SPDX-License-Identifier: MIT */
/*
 * The cost of a wait: io_uring_submit_and_wait_reg (registered slot),
 * against a timespec passed at every call (EXT_ARG), a timeout SQE, and no
 * timeout at all.  Once with NOPs that complete at once (ns per wait), once
 * with the waiter asleep until another thread posts its completion (CPU
 * time of the waiting thread per wait).
 */
#include <pthread.h>
#include <time.h>
#include "bench.h"

#define INLINE_OPS	100000
#define SLEEP_OPS	3000
#define SLEEP_REPS	7

enum mode { REGISTERED, EXT_ARG_TIMEOUT, TIMEOUT_SQE, NO_TIMEOUT };
static const char *const names[] = {
	"registered", "ext_arg_timeout", "timeout_sqe", "no_timeout"
};

static struct io_uring ring;
static struct __kernel_timespec one_second = { 1, 0 };

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
		io_uring_prep_timeout(io_uring_get_sqe(&ring), &one_second,
				      1, 0);
		ret = io_uring_submit_and_wait(&ring, 2);
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

static void inline_nops(enum mode mode)
{
	double v[REPS];
	int rep, i;

	for (i = 0; i < INLINE_OPS / 10; i++)	/* warm-up */
		wait_once(mode, 1);
	for (rep = 0; rep < REPS; rep++) {
		long long t = now_ns();

		for (i = 0; i < INLINE_OPS; i++)
			wait_once(mode, 1);
		v[rep] = (double)(now_ns() - t) / INLINE_OPS;
	}
	result("wait", names[mode], median(v, REPS),
	       "\"work\": \"inline_nop\", \"entries\": 64");
}

static void *completer(void *arg)
{
	struct timespec gap = { 0, 20000 };
	int i;

	(void)arg;
	for (i = 0; i < SLEEP_OPS; i++) {
		nanosleep(&gap, NULL);
		if (io_uring_sync_msg_ring(ring.ring_fd, 0, 1, 0))
			DIE("sync msg");
	}
	return NULL;
}

/* The modes take turns in each repetition, so that drift hits all alike. */
static void sleeping(void)
{
	double wall[4][SLEEP_REPS], cpu[4][SLEEP_REPS];
	char extra[160];
	enum mode m;
	pthread_t t;
	int rep, i;

	for (rep = 0; rep < SLEEP_REPS; rep++) {
		for (m = REGISTERED; m <= NO_TIMEOUT; m++) {
			long long w = now_ns(), c = thread_cpu_ns();

			pthread_create(&t, NULL, completer, NULL);
			for (i = 0; i < SLEEP_OPS; i++)
				wait_once(m, 0);
			cpu[m][rep] = (double)(thread_cpu_ns() - c) / SLEEP_OPS;
			wall[m][rep] = (double)(now_ns() - w) / SLEEP_OPS;
			pthread_join(t, NULL);
		}
	}
	for (m = REGISTERED; m <= NO_TIMEOUT; m++) {
		snprintf(extra, sizeof(extra), "\"work\": \"sleeping\", "
			 "\"cpu_ns_per_op\": %.1f, \"threads\": 2",
			 median(cpu[m], SLEEP_REPS));
		result("wait", names[m], median(wall[m], SLEEP_REPS), extra);
	}
}

int main(void)
{
	enum mode m;

	if (!(io_uring_regions_probe() & IO_URING_REGIONS_REG_WAIT))
		DIE("wait: the kernel has no registered waits");
	setup();
	for (m = REGISTERED; m <= NO_TIMEOUT; m++)
		inline_nops(m);
	sleeping();
	io_uring_queue_exit(&ring);
	return 0;
}
