/* SPDX-License-Identifier: MIT */
/*
 * A registered ring index names a ring only in the thread that registered
 * it.  Calls made on a ring from another thread, which has its own ring at
 * the same index, act on that ring and never on the other thread's.
 */
#include <pthread.h>
#include <semaphore.h>
#include <string.h>
#include "helpers.h"

static struct io_uring ring1, ring2;
static sem_t ring1_ready, done_with_ring1;
static char buf[4096];

static void *owner_of_ring1(void *arg)
{
	struct iovec iov = { buf, sizeof(buf) };

	(void)arg;
	ring_init(&ring1, 8, 0);
	CHECK_EQ(io_uring_register_ring_fd(&ring1), 1);
	sem_post(&ring1_ready);
	sem_wait(&done_with_ring1);
	/* The other thread's buffer registration landed here. */
	CHECK_EQ(io_uring_register_buffers(&ring1, &iov, 1), -EBUSY);
	return NULL;
}

int main(void)
{
	struct iovec iov = { buf, sizeof(buf) };
	pthread_t t;

	/* Without IORING_FEAT_REG_REG_RING (6.3) register calls never used
	 * a registered index: the subject of this test does not exist. */
	ring_init(&ring2, 8, 0);
	if (!(ring2.features & IORING_FEAT_REG_REG_RING)) {
		printf("SKIP: no IORING_FEAT_REG_REG_RING in this kernel\n");
		return T_SKIP;
	}
	io_uring_queue_exit(&ring2);
	sem_init(&ring1_ready, 0, 0);
	sem_init(&done_with_ring1, 0, 0);
	CHECK(pthread_create(&t, NULL, owner_of_ring1, NULL) == 0);
	sem_wait(&ring1_ready);
	ring_init(&ring2, 8, 0);
	CHECK_EQ(io_uring_register_ring_fd(&ring2), 1);
	/* Each thread's table: both rings at the same index. */
	CHECK_EQ(ring1.enter_ring_fd, ring2.enter_ring_fd);

	CHECK_EQ(io_uring_register_buffers(&ring1, &iov, 1), 0);
	/* A NOP submitted on ring1 from here completes on ring1. */
	nop_roundtrip(&ring1);
	CHECK_EQ(io_uring_cq_ready(&ring2), 0);
	/* ring2 has no buffers: the registration above was not its. */
	CHECK_EQ(io_uring_register_buffers(&ring2, &iov, 1), 0);
	/* Not this thread's index to drop. */
	CHECK_EQ(io_uring_unregister_ring_fd(&ring1), -EBADF);
	sem_post(&done_with_ring1);
	CHECK(pthread_join(t, NULL) == 0);

	/* Closing ring1 here leaves ring2's registration alone. */
	io_uring_queue_exit(&ring1);
	nop_roundtrip(&ring2);
	CHECK_EQ(io_uring_unregister_ring_fd(&ring2), 1);
	io_uring_queue_exit(&ring2);
	printf("no call reached the other thread's ring\n");
	return 0;
}
