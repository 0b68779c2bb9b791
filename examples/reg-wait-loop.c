/* SPDX-License-Identifier: MIT */
/*
 * An event loop that reads messages from a pipe through io_uring and, when
 * nothing arrives for 20 ms, does its housekeeping.  The idle timeout lives
 * in a registered wait slot: each wait passes a slot index, not a timespec
 * the kernel has to copy in.  Exits non-zero if a message is lost or the
 * timeout never fires.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <liburing-regions.h>

#define MESSAGES	10
#define IDLE_SLOT	0

static int pipefd[2];

static void *writer(void *arg)
{
	char msg[32];
	int i;

	(void)arg;
	for (i = 0; i < MESSAGES; i++) {
		usleep(i % 3 == 0 ? 50000 : 1000);
		snprintf(msg, sizeof(msg), "message %d\n", i);
		if (write(pipefd[1], msg, strlen(msg)) < 0)
			break;
	}
	close(pipefd[1]);
	return NULL;
}

static void queue_read(struct io_uring *ring, char *buf, unsigned len)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	io_uring_prep_read(sqe, pipefd[0], buf, len, 0);
	io_uring_sqe_set_data64(sqe, 1);
}

int main(void)
{
	struct io_uring_reg_wait *slots;
	unsigned idle_ticks = 0, bytes = 0;
	struct io_uring ring;
	char buf[256];
	pthread_t t;
	int ret;

	if (!(io_uring_regions_probe() & IO_URING_REGIONS_REG_WAIT)) {
		fprintf(stderr, "this kernel has no registered waits\n");
		return 1;
	}
	/* Wait areas are registered while the ring is still disabled. */
	ret = io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED |
				  IORING_SETUP_SINGLE_ISSUER |
				  IORING_SETUP_DEFER_TASKRUN);
	if (ret < 0)
		return fprintf(stderr, "queue_init: %s\n", strerror(-ret)), 1;
	slots = io_uring_setup_reg_wait(&ring, 4, &ret);
	if (!slots)
		return fprintf(stderr, "setup_reg_wait: %s\n",
			       strerror(-ret)), 1;
	slots[IDLE_SLOT].ts.tv_nsec = 20 * 1000 * 1000;
	slots[IDLE_SLOT].flags = IORING_REG_WAIT_TS;
	io_uring_enable_rings(&ring);

	if (pipe(pipefd) || pthread_create(&t, NULL, writer, NULL))
		return perror("pipe/thread"), 1;
	queue_read(&ring, buf, sizeof(buf));
	for (;;) {
		struct io_uring_cqe *cqe;

		ret = io_uring_submit_and_wait_reg(&ring, &cqe, 1, IDLE_SLOT);
		if (ret < 0 && ret != -ETIME)
			return fprintf(stderr, "wait: %s\n",
				       strerror(-ret)), 1;
		/*
		 * No CQE: the slot's timeout passed.  When the call also
		 * submitted the re-armed read, it returns that count, not
		 * -ETIME, as liburing does: look at the CQE, not the result.
		 */
		if (!cqe) {
			idle_ticks++;	/* housekeeping would go here */
			continue;
		}
		if (cqe->res <= 0)
			break;		/* end of stream */
		bytes += (unsigned)cqe->res;
		io_uring_cqe_seen(&ring, cqe);
		queue_read(&ring, buf, sizeof(buf));
	}
	pthread_join(t, NULL);
	io_uring_queue_exit(&ring);
	io_uring_free_reg_wait(slots, 4);
	close(pipefd[0]);

	/* "message N\n" for N = 0..9 is 10 bytes each. */
	printf("read %u bytes, %u idle ticks through the registered slot\n",
	       bytes, idle_ticks);
	return bytes == MESSAGES * 10 && idle_ticks > 0 ? 0 : 1;
}
