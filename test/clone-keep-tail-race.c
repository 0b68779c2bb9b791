/* SPDX-License-Identifier: MIT */
/*
 * The DST_REPLACE workaround (forced on, as test/clone-keep-tail.c does)
 * against the library's own buffer updates in another thread: in each
 * round one thread clones a buffer into slot 0 of a table of 4 while
 * another points slot 1 at the other of two buffers.  The workaround puts
 * slots 1 to 3 back from a copy taken before its clone; an update made in
 * between must not be undone.  After each round, a fixed read at the
 * address of the buffer the update installed tells (-EFAULT when slot 1
 * holds the other one).  The update comes after a delay that varies from
 * round to round, to land anywhere in the clone.
 */
#include <pthread.h>
#include <string.h>
#include <sys/uio.h>
#include "helpers.h"

#define BUF_SIZE	4096
#define ROUNDS		3000

static struct io_uring dst, src;
static struct iovec bufs[2], table[4];
static pthread_barrier_t start, done;
static unsigned forced;
static int file;

__attribute__((weak)) unsigned int io_uring_regions_probe_bugs(void)
{
	__atomic_add_fetch(&forced, 1, __ATOMIC_RELAXED);
	return IO_URING_REGIONS_BUG_CLONE_REPLACE_TAIL;
}

static void *cloner(void *arg)
{
	int i, ret;

	(void)arg;
	for (i = 0; i < ROUNDS; i++) {
		pthread_barrier_wait(&start);
		ret = io_uring_clone_buffers_offset(&dst, &src, 0, 0, 1,
						    IORING_REGISTER_DST_REPLACE);
		if (ret)
			FAIL("clone in round %d: %d", i, ret);
		pthread_barrier_wait(&done);
	}
	return NULL;
}

/* Whether slot 1 of the destination holds @buf. */
static int slot1_is(const struct iovec *buf)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&dst);
	struct io_uring_cqe *cqe;
	int res;

	io_uring_prep_read_fixed(sqe, file, buf->iov_base, BUF_SIZE, 0, 1);
	io_uring_sqe_set_data64(sqe, 0x51);
	CHECK_EQ(io_uring_submit(&dst), 1);
	CHECK_EQ(io_uring_wait_cqe(&dst, &cqe), 0);
	CHECK_EQ(cqe->user_data, 0x51);
	res = cqe->res;
	io_uring_cqe_seen(&dst, cqe);
	if (res != BUF_SIZE && res != -EFAULT)
		FAIL("fixed read from slot 1: %d", res);
	return res == BUF_SIZE;
}

int main(void)
{
	unsigned reverted = 0, i;
	pthread_t t;
	void *mem;

	require(IO_URING_REGIONS_CLONE | IO_URING_REGIONS_CLONE_OFFSET);
	mem = page_alloc(6 * BUF_SIZE);
	for (i = 0; i < 4; i++) {
		table[i].iov_base = (char *)mem + i * BUF_SIZE;
		table[i].iov_len = BUF_SIZE;
	}
	for (i = 0; i < 2; i++) {
		bufs[i].iov_base = (char *)mem + (4 + i) * BUF_SIZE;
		bufs[i].iov_len = BUF_SIZE;
	}
	file = temp_file(BUF_SIZE, 1);
	ring_init(&dst, 4, 0);
	ring_init(&src, 4, 0);
	CHECK_EQ(io_uring_register_buffers(&dst, table, 4), 0);
	CHECK_EQ(io_uring_register_buffers(&src, &bufs[0], 1), 0);
	CHECK(pthread_barrier_init(&start, NULL, 2) == 0);
	CHECK(pthread_barrier_init(&done, NULL, 2) == 0);
	CHECK(pthread_create(&t, NULL, cloner, NULL) == 0);
	for (i = 0; i < ROUNDS; i++) {
		const struct iovec *want = &bufs[i & 1];
		long long until;

		pthread_barrier_wait(&start);
		until = now_ns() + (i * 7919) % 150000;
		while (now_ns() < until)
			;
		CHECK_EQ(io_uring_register_buffers_update_tag(&dst, 1, want,
							      NULL, 1), 1);
		pthread_barrier_wait(&done);
		reverted += !slot1_is(want);
	}
	CHECK(pthread_join(t, NULL) == 0);
	if (!forced) {
		printf("SKIP: the library's own io_uring_regions_probe_bugs() "
		       "is used (static build)\n");
		return T_SKIP;
	}
	if (reverted)
		FAIL("%u of %u updates of slot 1 were undone by a DST_REPLACE "
		     "clone's workaround", reverted, ROUNDS);
	nop_roundtrip(&dst);
	io_uring_queue_exit(&dst);
	io_uring_queue_exit(&src);
	printf("%u updates during %u workaround clones: none undone\n",
	       ROUNDS, ROUNDS);
	return 0;
}
