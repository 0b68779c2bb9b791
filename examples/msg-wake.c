/* SPDX-License-Identifier: MIT */
/*
 * A plain thread, with no ring of its own, hands work to a thread that
 * sleeps on its ring: each command is a ringless MSG_RING, which posts a
 * CQE straight into the target ring and wakes its waiter.  Exits non-zero
 * if a command is lost or arrives out of order.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <liburing-regions.h>

#define COMMANDS	1000
#define CMD_ADD		1
#define CMD_QUIT	2

static int ring_fd;

static void *producer(void *arg)
{
	int i, ret = 0;

	(void)arg;
	/* res carries the operand, user_data the sequence, flags the verb. */
	for (i = 1; i <= COMMANDS && !ret; i++)
		ret = io_uring_sync_msg_ring(ring_fd, i, (__u64)i, CMD_ADD);
	if (!ret)
		ret = io_uring_sync_msg_ring(ring_fd, 0, 0, CMD_QUIT);
	if (ret)
		fprintf(stderr, "sync msg: %s\n", strerror(-ret));
	return NULL;
}

int main(void)
{
	long long sum = 0, expect = (long long)COMMANDS * (COMMANDS + 1) / 2;
	unsigned received = 0;
	struct io_uring ring;
	pthread_t t;
	int ret;

	if (!(io_uring_regions_probe() & IO_URING_REGIONS_SYNC_MSG)) {
		fprintf(stderr, "this kernel has no ringless MSG_RING\n");
		return 1;
	}
	ret = io_uring_queue_init(64, &ring, 0);
	if (ret < 0)
		return fprintf(stderr, "queue_init: %s\n", strerror(-ret)), 1;
	ring_fd = ring.ring_fd;
	pthread_create(&t, NULL, producer, NULL);
	for (;;) {
		struct io_uring_cqe *cqe;
		unsigned verb;

		ret = io_uring_wait_cqe(&ring, &cqe);
		if (ret < 0)
			return fprintf(stderr, "wait: %s\n",
				       strerror(-ret)), 1;
		verb = cqe->flags;
		if (verb == CMD_ADD) {
			if (cqe->user_data != received + 1)
				return fprintf(stderr, "out of order\n"), 1;
			sum += cqe->res;
			received++;
		}
		io_uring_cqe_seen(&ring, cqe);
		if (verb == CMD_QUIT)
			break;
	}
	pthread_join(t, NULL);
	io_uring_queue_exit(&ring);
	printf("%u commands from a ringless thread, sum %lld\n", received,
	       sum);
	return received == COMMANDS && sum == expect ? 0 : 1;
}
