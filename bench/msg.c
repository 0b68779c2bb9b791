/* SPDX-License-Identifier: MIT */
/*
 * Posting an event to a ring: a ringless MSG_RING (sync_msg) against
 * IORING_OP_MSG_RING from a source ring (source_ring) and an eventfd write
 * and read (eventfd), each from 1 and 4 sending threads, counting the
 * receiver's reaping; and the wake-up latency of a ring asleep in
 * io_uring_wait_cqe (p50, p99).
 */
#include <pthread.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"

#define OPS		200000
#define WAKES		2000

enum mode { SYNC_MSG, SOURCE_RING, EVENTFD };
static const char *const names[] = { "sync_msg", "source_ring", "eventfd" };

static struct io_uring target;
static int efd;

struct sender {
	enum mode mode;
	int count;
	struct io_uring src;
};

static void send_one(struct sender *s, __u64 data)
{
	struct io_uring_cqe *cqe;
	__u64 one = 1;

	switch (s->mode) {
	case SYNC_MSG:
		must(io_uring_sync_msg_ring(target.ring_fd, 0, data, 0),
		     "sync msg");
		break;
	case SOURCE_RING:
		io_uring_prep_msg_ring(io_uring_get_sqe(&s->src),
				       target.ring_fd, 0, data, 0);
		must(io_uring_submit_and_wait(&s->src, 1), "submit");
		must(io_uring_wait_cqe(&s->src, &cqe), "source cqe");
		if (cqe->res < 0)
			DIE("msg_ring: %s", strerror(-cqe->res));
		io_uring_cqe_seen(&s->src, cqe);
		break;
	case EVENTFD:
		if (write(efd, &one, sizeof(one)) != sizeof(one))
			DIE("eventfd write");
		break;
	}
}

static void *sender_thread(void *arg)
{
	struct sender *s = arg;
	int i;

	for (i = 0; i < s->count; i++)
		send_one(s, (__u64)i);
	return NULL;
}

/* The receiver takes @total events. */
static void receive(enum mode mode, long total)
{
	struct io_uring_cqe *cqe;
	__u64 n;

	while (total > 0) {
		if (mode == EVENTFD) {
			if (read(efd, &n, sizeof(n)) != sizeof(n))
				DIE("eventfd read");
			total -= (long)n;
			continue;
		}
		must(io_uring_wait_cqe(&target, &cqe), "wait");
		io_uring_cqe_seen(&target, cqe);
		total--;
	}
}

static double run(enum mode mode, int threads)
{
	struct sender s[4];
	pthread_t t[4];
	long long start;
	int i;

	for (i = 0; i < threads; i++) {
		s[i].mode = mode;
		s[i].count = OPS / threads;
		if (mode == SOURCE_RING)
			must(io_uring_queue_init(8, &s[i].src, 0), "source");
	}
	start = now_ns();
	if (threads == 1) {
		/* One thread sends and reaps in turn. */
		for (i = 0; i < OPS; i++) {
			send_one(&s[0], (__u64)i);
			receive(mode, 1);
		}
	} else {
		for (i = 0; i < threads; i++)
			pthread_create(&t[i], NULL, sender_thread, &s[i]);
		receive(mode, OPS);
		for (i = 0; i < threads; i++)
			pthread_join(t[i], NULL);
	}
	start = now_ns() - start;
	for (i = 0; mode == SOURCE_RING && i < threads; i++)
		io_uring_queue_exit(&s[i].src);
	return (double)start / OPS;
}

static void throughput(int threads)
{
	double v[3][REPS];
	char extra[64];
	enum mode m;
	int rep;

	for (rep = 0; rep < REPS; rep++)
		for (m = SYNC_MSG; m <= EVENTFD; m++)
			v[m][rep] = run(m, threads);
	snprintf(extra, sizeof(extra), "\"threads\": %d", threads);
	for (m = SYNC_MSG; m <= EVENTFD; m++)
		result("msg", names[m], median(v[m], REPS), extra);
}

static long long sent_at[WAKES];

static void *waker(void *arg)
{
	struct timespec gap = { 0, 100000 };
	__u64 one = 1;
	int i, use_eventfd = arg != NULL;

	for (i = 0; i < WAKES; i++) {
		nanosleep(&gap, NULL);	/* the receiver is asleep by now */
		sent_at[i] = now_ns();
		if (use_eventfd) {
			if (write(efd, &one, sizeof(one)) != sizeof(one))
				DIE("eventfd write");
		} else if (io_uring_sync_msg_ring(target.ring_fd, 0,
						  (__u64)i, 0)) {
			DIE("sync msg");
		}
	}
	return NULL;
}

static void wake_latency(int use_eventfd)
{
	double lat[WAKES];
	char extra[96];
	pthread_t t;
	int i, counting_efd = efd;

	/* One read per write, even when two writes meet before a read. */
	efd = eventfd(0, EFD_SEMAPHORE);
	if (efd < 0)
		DIE("eventfd");
	pthread_create(&t, NULL, waker, use_eventfd ? &efd : NULL);
	for (i = 0; i < WAKES; i++) {
		receive(use_eventfd ? EVENTFD : SYNC_MSG, 1);
		lat[i] = (double)(now_ns() - sent_at[i]);
	}
	pthread_join(t, NULL);
	close(efd);
	efd = counting_efd;
	median(lat, WAKES);	/* sorts */
	snprintf(extra, sizeof(extra), "\"p50_ns\": %.0f, \"p99_ns\": %.0f, "
		 "\"threads\": 2", lat[WAKES / 2], lat[WAKES * 99 / 100]);
	result("msg", use_eventfd ? "wake_eventfd" : "wake_sync_msg",
	       lat[WAKES / 2], extra);
}

int main(void)
{
	if (!(io_uring_regions_probe() & IO_URING_REGIONS_SYNC_MSG))
		DIE("msg: the kernel has no ringless MSG_RING");
	must(io_uring_queue_init(4096, &target, 0), "target");
	efd = eventfd(0, 0);
	if (efd < 0)
		DIE("eventfd");
	/* Wake-ups first: after the throughput runs they vary much more. */
	wake_latency(0);
	wake_latency(1);
	throughput(1);
	throughput(4);
	io_uring_queue_exit(&target);
	close(efd);
	return 0;
}
