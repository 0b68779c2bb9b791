/* SPDX-License-Identifier: MIT */
/* Registered wait arguments: waits through slots of a memory region,
 * slots edited between waits, more than one page of slots, the liburing
 * names, and each error with its exact errno. */
#include <signal.h>
#include <sys/time.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include "helpers.h"

#define MS	1000000LL

static size_t page;

static void set_timeout(struct io_uring_reg_wait *slot, long long ns)
{
	memset(slot, 0, sizeof(*slot));
	slot->ts.tv_sec = ns / 1000000000LL;
	slot->ts.tv_nsec = ns % 1000000000LL;
	slot->flags = IORING_REG_WAIT_TS;
}

static void disabled_ring(struct io_uring *ring)
{
	ring_init(ring, 8, IORING_SETUP_R_DISABLED |
		  IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
}

/* A wait that times out: -ETIME after at least the slot's timeout, no CQE,
 * and the wait area left as it was. */
static void expect_timeout(struct io_uring *ring, struct io_uring_reg_wait *w,
			   unsigned nr, int index, long long ns)
{
	/* Static: a malloc here would add mappings the leak check sees. */
	static struct io_uring_reg_wait copy[256];
	struct io_uring_cqe *cqe = (struct io_uring_cqe *)1;
	long long start;
	int ret;

	CHECK(nr <= ARRAY_SIZE(copy));
	memcpy(copy, w, nr * sizeof(*w));
	start = now_ns();
	ret = io_uring_submit_and_wait_reg(ring, &cqe, 1, index);
	if (ret != -ETIME)
		FAIL("wait on slot %d returned %d, expected -ETIME", index,
		     ret);
	if (now_ns() - start < ns)
		FAIL("wait on slot %d returned after %lld ns, before the "
		     "slot's %lld ns", index, now_ns() - start, ns);
	CHECK(cqe == NULL);
	CHECK(memcmp(copy, w, nr * sizeof(*w)) == 0);
	CHECK_EQ(io_uring_cq_ready(ring), 0);
}

static void setup_and_wait(void)
{
	unsigned nr = 2 * page / sizeof(struct io_uring_reg_wait);
	struct io_uring_reg_wait *w;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int err = 1;
	unsigned i;

	disabled_ring(&ring);
	/* Two pages of slots: more than the 64 of one page. */
	w = io_uring_setup_reg_wait(&ring, nr, &err);
	if (!w)
		FAIL("setup_reg_wait(%u): %s", nr, strerror(-err));
	CHECK_EQ(err, 0);
	for (i = 0; i < nr; i++)
		CHECK(w[i].flags == 0 && w[i].ts.tv_sec == 0);
	/* Waiting is refused until the ring is enabled. */
	CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0), -EBADFD);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);

	set_timeout(&w[nr - 1], 30 * MS);
	expect_timeout(&ring, w, nr, (int)nr - 1, 30 * MS);
	/* The kernel re-reads the slot: a longer timeout takes effect. */
	set_timeout(&w[nr - 1], 120 * MS);
	expect_timeout(&ring, w, nr, (int)nr - 1, 120 * MS);
	set_timeout(&w[70], 10 * MS);
	expect_timeout(&ring, w, nr, 70, 10 * MS);

	/* Submission and a completion through the same call; as in
	 * liburing, the result is the count submitted. */
	queue_nop(&ring, 77);
	CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 70), 1);
	CHECK(cqe != NULL);
	CHECK_EQ(cqe->user_data, 77);
	CHECK_EQ(cqe->res, 0);
	CHECK_EQ(cqe->flags, 0);
	io_uring_cqe_seen(&ring, cqe);
	CHECK_EQ(io_uring_sq_ready(&ring), 0);

	/* A slot without IORING_REG_WAIT_TS waits for the CQE itself. */
	queue_nop(&ring, 78);
	CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 3), 1);
	CHECK_EQ(cqe->user_data, 78);
	io_uring_cqe_seen(&ring, cqe);

	/* Errors: past the region, unknown slot flags, bad sigmask. */
	CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 1 << 20),
		 -EFAULT);
	CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, -1), -EFAULT);
	CHECK(cqe == NULL);
	w[5].flags = 1U << 7;
	CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 5), -EINVAL);
	/* With a submission, the kernel's count hides the wait's error. */
	queue_nop(&ring, 79);
	CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 5), 1);
	expect_cqe(&ring, 79, 0, 0);
	{
		sigset_t set;

		sigemptyset(&set);
		set_timeout(&w[6], MS);
		w[6].sigmask = (__u64)(uintptr_t)&set;
		w[6].sigmask_sz = 4;
		CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 6),
			 -EINVAL);
		w[6].sigmask_sz = _NSIG / 8;
		w[6].sigmask = (__u64)(uintptr_t)-4096;
		CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 6),
			 -EFAULT);
		/* A valid sigmask is accepted. */
		w[6].sigmask = (__u64)(uintptr_t)&set;
		expect_timeout(&ring, w, nr, 6, MS);
	}
	/* Raw: a wrong argsz and an offset not a multiple of 8. */
	CHECK_EQ(io_uring_enter2((unsigned)ring.ring_fd, 0, 1,
				 IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG |
				 IORING_ENTER_EXT_ARG_REG, (void *)0, 32),
		 -EINVAL);
	CHECK_EQ(io_uring_enter2((unsigned)ring.ring_fd, 0, 1,
				 IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG |
				 IORING_ENTER_EXT_ARG_REG, (void *)4, 64),
		 -EFAULT);
	/* One region per ring. */
	CHECK_EQ(io_uring_register_reg_wait(&ring, w, 1), -EBUSY);
	CHECK(io_uring_setup_reg_wait(&ring, 4, &err) == NULL);
	CHECK_EQ(err, -EBUSY);
	CHECK_EQ(io_uring_submit_and_wait_reg(NULL, &cqe, 1, 0), -EINVAL);
	CHECK_EQ(io_uring_submit_and_wait_reg(&ring, NULL, 1, 0), -EINVAL);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	io_uring_free_reg_wait(w, nr);
}

/*
 * Kernels up to at least 6.18 read slot 0 for a wait on the last slot of
 * the area; an area from io_uring_setup_reg_wait() has every slot it was
 * asked for usable.  Slot 0 holds flags the kernel rejects, so a wait that
 * read it would fail with -EINVAL instead of timing out.
 */
static void last_slot(void)
{
	unsigned nr = page / sizeof(struct io_uring_reg_wait);
	struct io_uring_reg_wait *w;
	struct io_uring ring;
	int err;

	disabled_ring(&ring);
	w = io_uring_setup_reg_wait(&ring, nr, &err);
	CHECK(w != NULL);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	w[0].flags = 1U << 7;
	set_timeout(&w[nr - 1], MS);
	expect_timeout(&ring, w, nr, (int)nr - 1, MS);
	io_uring_queue_exit(&ring);
	io_uring_free_reg_wait(w, nr);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* Without a region every slot is out of range; a signal ends a wait. */
static void no_region_and_signal(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };
	struct io_uring_reg_wait *w;
	struct io_uring_cqe *cqe;
	struct sigaction sa;
	struct io_uring ring;
	int err;

	ring_init(&ring, 8, 0);
	CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0), -EFAULT);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
	disabled_ring(&ring);
	w = io_uring_setup_reg_wait(&ring, 1, &err);
	CHECK(w != NULL);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	set_timeout(&w[0], 10000 * MS);
	if (!under_valgrind()) {
		CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
		CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0),
			 -EINTR);
	}
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	io_uring_free_reg_wait(w, 1);
}

/*
 * A ring whose features field says nothing (liburing 2.3's
 * io_uring_queue_mmap() leaves it 0): the library asks the kernel, which
 * has IORING_FEAT_EXT_ARG, and the wait submits and completes.
 */
static void features_zero(void)
{
	struct io_uring_reg_wait *w;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int err;

	disabled_ring(&ring);
	w = io_uring_setup_reg_wait(&ring, 4, &err);
	CHECK(w != NULL);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	queue_nop(&ring, 5);
	ring.features = 0;
	CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0), 1);
	CHECK_EQ(cqe->user_data, 5);
	CHECK_EQ(cqe->res, 0);
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
	io_uring_free_reg_wait(w, 4);
}

/*
 * The same with every fd in use, first in the process (nothing cached): the
 * throwaway ring that would ask the kernel cannot be set up, and the wait
 * goes on and lets the kernel decide, instead of failing with -EMFILE.
 */
static void features_zero_no_fds(void)
{
	struct io_uring_reg_wait *w;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	struct rlimit lim, low;
	int fds[64], n = 0, err;

	disabled_ring(&ring);
	w = io_uring_setup_reg_wait(&ring, 4, &err);
	CHECK(w != NULL);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	queue_nop(&ring, 6);
	ring.features = 0;
	CHECK_EQ(getrlimit(RLIMIT_NOFILE, &lim), 0);
	low = lim;
	low.rlim_cur = ARRAY_SIZE(fds);
	CHECK_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
	while (n < (int)ARRAY_SIZE(fds) && (fds[n] = dup(0)) >= 0)
		n++;
	CHECK(n < (int)ARRAY_SIZE(fds));
	CHECK_EQ(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0), 1);
	while (n--)
		close(fds[n]);
	CHECK_EQ(setrlimit(RLIMIT_NOFILE, &lim), 0);
	CHECK_EQ(cqe->user_data, 6);
	CHECK_EQ(cqe->res, 0);
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
	io_uring_free_reg_wait(w, 4);
}

/* Application memory, through both names. */
static void user_memory(int use_liburing_name)
{
	struct io_uring_reg_wait *w = page_alloc(page);
	struct io_uring ring;
	int ret;

	disabled_ring(&ring);
	if (use_liburing_name)
		ret = io_uring_register_wait_reg(&ring, w, 3);
	else
		ret = io_uring_register_reg_wait(&ring, w, 3);
	CHECK_EQ(ret, 0);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	set_timeout(&w[2], 5 * MS);
	expect_timeout(&ring, w, 3, 2, 5 * MS);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	munmap(w, page);
}

static void bad_registrations(void)
{
	struct io_uring_reg_wait *w = page_alloc(2 * page);
	struct io_uring ring;
	int err = 0;

	/* The ring must still be disabled. */
	ring_init(&ring, 8, 0);
	CHECK_EQ(io_uring_register_reg_wait(&ring, w, 4), -EINVAL);
	CHECK(io_uring_setup_reg_wait(&ring, 4, &err) == NULL);
	CHECK_EQ(err, -EINVAL);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);

	disabled_ring(&ring);
	CHECK_EQ(io_uring_register_reg_wait(&ring, w + 1, 4), -EINVAL);
	CHECK_EQ(io_uring_register_reg_wait(&ring, w, 0), -EINVAL);
	CHECK_EQ(io_uring_register_reg_wait(&ring, w, -1), -EINVAL);
	CHECK_EQ(io_uring_register_reg_wait(&ring, NULL, 4), -EINVAL);
	CHECK_EQ(io_uring_register_reg_wait(NULL, w, 4), -EINVAL);
	CHECK(io_uring_setup_reg_wait(&ring, 0, &err) == NULL);
	CHECK_EQ(err, -EINVAL);
	CHECK(io_uring_setup_reg_wait(&ring, -1U, &err) == NULL);
	CHECK_EQ(err, -EINVAL);
	CHECK(io_uring_setup_reg_wait(NULL, 4, NULL) == NULL);
	/* Read-only memory cannot be pinned for the kernel to use. */
	CHECK(mprotect(w, page, PROT_READ) == 0);
	CHECK_EQ(io_uring_register_reg_wait(&ring, w, 4), -EFAULT);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	io_uring_free_reg_wait(NULL, 4);
	munmap(w, 2 * page);
}

int main(void)
{
	struct resources before;

	require(IO_URING_REGIONS_REG_WAIT);
	page = (size_t)sysconf(_SC_PAGESIZE);
	resources_get(&before);
	setup_and_wait();
	last_slot();
	no_region_and_signal();
	features_zero_no_fds();
	features_zero();
	user_memory(0);
	user_memory(1);
	bad_registrations();
	resources_check(&before, "registered waits");
	return 0;
}
