/* SPDX-License-Identifier: MIT */
/*
 * Posting an event to a ring: a ringless MSG_RING (sync_msg, also to a
 * DEFER_TASKRUN ring: sync_msg_defer) against IORING_OP_MSG_RING from a
 * source ring (source_ring) and an eventfd write and read (eventfd), each
 * from 1 and 4 sending threads, counting the receiver's reaping; the
 * wake-up latency of a ring asleep in io_uring_wait_cqe (p50, p99), woken
 * by each way; and a flood: 4 threads x 100000 messages to a 16-entry CQ.
 */
#include <pthread.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"

#define OPS		200000
#define WAKES		2000

/* The throughput modes, then one measured only for wake-ups. */
enum mode { SYNC_MSG, SOURCE_RING, EVENTFD, SYNC_MSG_DEFER, NMODES,
	     EVENTFD_SQE = NMODES };
static const char *const names[] = {
	"sync_msg", "source_ring", "eventfd", "sync_msg_defer"
};

/* A plain target, and one set up as DEFER_TASKRUN by the main thread. */
static struct io_uring target, defer_target;
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
	case SYNC_MSG_DEFER:
		must(io_uring_sync_msg_ring(defer_target.ring_fd, 0, data, 0),
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
	case EVENTFD_SQE:
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

static struct io_uring *receiver_ring(enum mode mode)
{
	return mode == SYNC_MSG_DEFER || mode == EVENTFD_SQE ?
		&defer_target : &target;
}

/* A read SQE on the eventfd, on the DEFER_TASKRUN ring. */
static __u64 efd_value;

static void arm_eventfd_read(void)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&defer_target);

	io_uring_prep_read(sqe, efd, &efd_value, sizeof(efd_value), 0);
	must(io_uring_submit(&defer_target), "submit read");
}

/* The receiver takes @total events. */
static void receive(enum mode mode, long total)
{
	struct io_uring *ring = receiver_ring(mode);
	struct io_uring_cqe *cqe;
	__u64 n;

	while (total > 0) {
		if (mode == EVENTFD) {
			if (read(efd, &n, sizeof(n)) != sizeof(n))
				DIE("eventfd read");
			total -= (long)n;
			continue;
		}
		must(io_uring_wait_cqe(ring, &cqe), "wait");
		if (mode == EVENTFD_SQE) {
			if (cqe->res != sizeof(n))
				DIE("eventfd read SQE: %d", cqe->res);
			total -= (long)efd_value;
			io_uring_cqe_seen(ring, cqe);
			arm_eventfd_read();
			continue;
		}
		io_uring_cqe_seen(ring, cqe);
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
	double v[NMODES][REPS];
	char extra[64];
	enum mode m;
	int rep;

	for (rep = 0; rep < REPS; rep++)
		for (m = SYNC_MSG; m < NMODES; m++)
			v[m][rep] = run(m, threads);
	snprintf(extra, sizeof(extra), "\"threads\": %d", threads);
	for (m = SYNC_MSG; m < NMODES; m++)
		result("msg", names[m], median(v[m], REPS), extra);
}

static long long sent_at[WAKES];

static void *waker(void *arg)
{
	struct sender s = { .mode = *(enum mode *)arg };
	struct timespec gap = { 0, 100000 };
	int i;

	for (i = 0; i < WAKES; i++) {
		nanosleep(&gap, NULL);	/* the receiver is asleep by now */
		sent_at[i] = now_ns();
		send_one(&s, (__u64)i);
	}
	return NULL;
}

static void wake_latency(enum mode mode, const char *name)
{
	double lat[WAKES];
	char extra[96];
	pthread_t t;
	int i, counting_efd = efd;

	/* One read per write, even when two writes meet before a read. */
	efd = eventfd(0, EFD_SEMAPHORE);
	if (efd < 0)
		DIE("eventfd");
	if (mode == EVENTFD_SQE)
		arm_eventfd_read();
	pthread_create(&t, NULL, waker, &mode);
	for (i = 0; i < WAKES; i++) {
		receive(mode, 1);
		lat[i] = (double)(now_ns() - sent_at[i]);
	}
	pthread_join(t, NULL);
	if (mode == EVENTFD_SQE) {
		/* The last read is still queued: cancel it by a write. */
		__u64 one = 1;
		struct io_uring_cqe *cqe;

		if (write(efd, &one, sizeof(one)) != sizeof(one))
			DIE("eventfd write");
		must(io_uring_wait_cqe(&defer_target, &cqe), "wait");
		io_uring_cqe_seen(&defer_target, cqe);
	}
	close(efd);
	efd = counting_efd;
	median(lat, WAKES);	/* sorts */
	snprintf(extra, sizeof(extra), "\"p50_ns\": %.0f, \"p99_ns\": %.0f, "
		 "\"threads\": 2", lat[WAKES / 2], lat[WAKES * 99 / 100]);
	result("msg", name, lat[WAKES / 2], extra);
}

/*
 * The flood: FLOOD_THREADS senders, FLOOD_MSGS messages each, to a CQ of
 * FLOOD_CQ entries that the receiver reaps as fast as it can.  What does
 * not fit waits on the target's overflow list; the receiver's waits flush
 * it.  Each message carries its sender and sequence number: nothing may be
 * lost or reordered within a sender.
 */
#define FLOOD_THREADS	4
#define FLOOD_MSGS	100000
#define FLOOD_CQ	16

struct flooder {
	int fd;
	unsigned id;
	unsigned errors;
};

static void *flood_thread(void *arg)
{
	struct flooder *f = arg;
	unsigned i;

	for (i = 0; i < FLOOD_MSGS; i++)
		if (io_uring_sync_msg_ring(f->fd, 0,
					   (__u64)f->id << 32 | i, 0))
			f->errors++;
	return NULL;
}

static void flood(unsigned setup_flags, const char *name)
{
	struct flooder f[FLOOD_THREADS];
	pthread_t t[FLOOD_THREADS];
	unsigned next[FLOOD_THREADS] = { 0 }, head, n, i;
	unsigned long overflow_reaps = 0, reaps = 0, disorder = 0, errors = 0;
	long total = (long)FLOOD_THREADS * FLOOD_MSGS, got = 0;
	struct io_uring_params p;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	long long start;
	char extra[256];

	memset(&p, 0, sizeof(p));
	p.flags = setup_flags | IORING_SETUP_CQSIZE;
	p.cq_entries = FLOOD_CQ;
	must(io_uring_queue_init_params(FLOOD_CQ / 2, &ring, &p), "flood ring");
	start = now_ns();
	for (i = 0; i < FLOOD_THREADS; i++) {
		f[i] = (struct flooder){ .fd = ring.ring_fd, .id = i };
		pthread_create(&t[i], NULL, flood_thread, &f[i]);
	}
	while (got < total) {
		must(io_uring_wait_cqe(&ring, &cqe), "flood wait");
		reaps++;
		if (io_uring_cq_has_overflow(&ring))
			overflow_reaps++;
		n = 0;
		io_uring_for_each_cqe(&ring, head, cqe) {
			unsigned id = (unsigned)(cqe->user_data >> 32);

			if (id >= FLOOD_THREADS ||
			    (unsigned)cqe->user_data != next[id]++)
				disorder++;
			n++;
		}
		io_uring_cq_advance(&ring, n);
		got += n;
	}
	start = now_ns() - start;
	for (i = 0; i < FLOOD_THREADS; i++) {
		pthread_join(t[i], NULL);
		errors += f[i].errors;
	}
	if (disorder || errors || *ring.cq.koverflow)
		DIE("%s: %lu out of order, %lu send errors, %u dropped", name,
		    disorder, errors, *ring.cq.koverflow);
	snprintf(extra, sizeof(extra), "\"threads\": %d, \"messages\": %ld, "
		 "\"cq_entries\": %d, \"lost\": %u, \"out_of_order\": %lu, "
		 "\"reaps\": %lu, \"overflow_reaps\": %lu, "
		 "\"cqes_per_reap\": %.1f", FLOOD_THREADS, total, FLOOD_CQ,
		 *ring.cq.koverflow, disorder, reaps, overflow_reaps,
		 (double)total / (double)reaps);
	result("msg", name, (double)start / (double)total, extra);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	if (!(io_uring_regions_probe() & IO_URING_REGIONS_SYNC_MSG))
		DIE("msg: the kernel has no ringless MSG_RING");
	must(io_uring_queue_init(4096, &target, 0), "target");
	must(io_uring_queue_init(4096, &defer_target,
				 IORING_SETUP_SINGLE_ISSUER |
				 IORING_SETUP_DEFER_TASKRUN), "defer target");
	efd = eventfd(0, 0);
	if (efd < 0)
		DIE("eventfd");
	/* Wake-ups first: after the throughput runs they vary much more. */
	wake_latency(SYNC_MSG, "wake_sync_msg");
	wake_latency(EVENTFD, "wake_eventfd");
	wake_latency(SYNC_MSG_DEFER, "wake_sync_msg_defer");
	wake_latency(EVENTFD_SQE, "wake_eventfd_read_sqe");
	throughput(1);
	throughput(4);
	flood(0, "flood_sync_msg");
	flood(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
	      "flood_sync_msg_defer");
	io_uring_queue_exit(&defer_target);
	io_uring_queue_exit(&target);
	close(efd);
	return 0;
}
