/* SPDX-License-Identifier: MIT */
/*
 * An idle SQPOLL thread stays asleep while the program has nothing to
 * submit: empty peeks, submits and timed waits do not wake it.
 */
#include <dirent.h>
#include <string.h>
#include <time.h>
#include "helpers.h"

/* The voluntary context switches of the ring's SQ thread (iou-sqp-*). */
static long sq_thread_switches(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	char path[300], comm[64];
	long n = -1;

	CHECK(d != NULL);
	while ((e = readdir(d))) {
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm",
			 e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f) &&
		    !strncmp(comm, "iou-sqp-", 8)) {
			snprintf(path, sizeof(path), "/proc/self/task/%s/status",
				 e->d_name);
			fclose(f);
			f = fopen(path, "r");
			CHECK(f != NULL);
			while (fgets(comm, sizeof(comm), f))
				sscanf(comm, "voluntary_ctxt_switches: %ld", &n);
		}
		fclose(f);
	}
	closedir(d);
	return n;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { 0, ms * 1000000 };

	nanosleep(&ts, NULL);
}

static void wait_asleep(struct io_uring *ring)
{
	int i;

	for (i = 0; i < 2000; i++) {
		if (__atomic_load_n(ring->sq.kflags, __ATOMIC_ACQUIRE) &
		    IORING_SQ_NEED_WAKEUP)
			return;
		sleep_ms(1);
	}
	FAIL("the SQ thread never went to sleep");
}

int main(void)
{
	struct __kernel_timespec ts = { 0, 1000000 };
	struct io_uring_params p;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	long before, after;
	int i;

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL;
	p.sq_thread_idle = 10;	/* ms */
	CHECK_EQ(io_uring_queue_init_params(8, &ring, &p), 0);
	nop_roundtrip(&ring);
	wait_asleep(&ring);
	/* It sets the flag just before it schedules out: let it. */
	sleep_ms(20);
	before = sq_thread_switches();
	CHECK(before >= 0);
	for (i = 0; i < 10; i++) {
		CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
		CHECK_EQ(io_uring_submit(&ring), 0);
		CHECK_EQ(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -ETIME);
		CHECK_EQ(io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts,
							  NULL), -ETIME);
		sleep_ms(15);	/* a woken thread would sleep again */
	}
	after = sq_thread_switches();
	if (after != before)
		FAIL("the idle SQ thread was woken %ld times", after - before);
	/* Something to submit still wakes it. */
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	printf("40 empty calls, the SQ thread slept through them\n");
	return 0;
}
