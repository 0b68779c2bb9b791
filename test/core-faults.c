/* SPDX-License-Identifier: MIT */
/*
 * The ring core's rarer paths: mappings and registrations the kernel
 * refuses (a seccomp filter, test/faults.h, in a child per case), a ring
 * left with only its registered index, an IOPOLL ring, a disabled ring,
 * waits that submit while a CQE is ready or that a signal interrupts, and
 * NULL rings.  Each ends in the documented result, with nothing leaked.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include "helpers.h"
#include "faults.h"

#define OP_MASK		0xffU	/* without IORING_REGISTER_USE_REGISTERED_RING */

static unsigned have;

static void install(struct fault f)
{
	int ret = faults_install(&f, 1);

	if (ret) {
		printf("SKIP: no seccomp filter here (%d)\n", ret);
		exit(T_SKIP);
	}
}

/* Setup whose mappings fail: the error, no fd or mapping left. */
static void init_unmapped(void *arg)
{
	const struct fault *f = arg;
	struct resources before;
	struct io_uring ring;

	resources_get(&before);
	install(*f);
	CHECK_EQ(io_uring_queue_init(8, &ring, 0), -ENOMEM);
	io_uring_queue_exit(&ring);
	resources_check(&before, "queue_init with a failed mapping");
}

/* io_uring_queue_mmap() that cannot map: the fd stays the caller's. */
static void mmap_unmapped(void *arg)
{
	struct io_uring_params p;
	struct io_uring ring;
	int fd;

	(void)arg;
	memset(&p, 0, sizeof(p));
	fd = io_uring_setup(4, &p);
	CHECK(fd >= 0);
	install(fault_arg(FAULTS_NR_MMAP, 3, MAP_SHARED | MAP_PRIVATE,
			  MAP_SHARED, ENOMEM));
	CHECK_EQ(io_uring_queue_mmap(fd, &p, &ring), -ENOMEM);
	io_uring_queue_exit(&ring);
	CHECK(fcntl(fd, F_GETFD) >= 0);
	close(fd);
}

/* io_uring_setup() refused with and without NO_SQARRAY asked for. */
static void setup_einval(void *arg)
{
	struct io_uring_params p;
	struct io_uring ring;

	(void)arg;
	install(fault_all(__NR_io_uring_setup, EINVAL));
	memset(&p, 0, sizeof(p));
	CHECK_EQ(io_uring_queue_init_params(4, &ring, &p), -EINVAL);
	CHECK_EQ(p.flags, 0);	/* as the caller gave it */
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_NO_SQARRAY;
	CHECK_EQ(io_uring_queue_init_params(4, &ring, &p), -EINVAL);
	CHECK_EQ(p.flags, IORING_SETUP_NO_SQARRAY);
}

/* An enter that returns without a CQE (the kernel's 0, from the filter):
 * a timed wait ends with -ETIME rather than waiting again. */
static void enter_empty(void *arg)
{
	struct __kernel_timespec ts = { 0, 1000000 };
	struct io_uring_cqe *cqe;
	struct io_uring ring;

	(void)arg;
	ring_init(&ring, 4, 0);
	install(fault_all(__NR_io_uring_enter, 0));
	CHECK_EQ(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -ETIME);
	CHECK(cqe == NULL);
	CHECK_EQ(io_uring_submit(&ring), 0);
	io_uring_queue_exit(&ring);
}

/* Memory the library maps for the caller, refused. */
static void areas_unmapped(void *arg)
{
	struct io_uring ring;
	int err = 0;

	(void)arg;
	if (have & IO_URING_REGIONS_REG_WAIT) {
		ring_init(&ring, 4, IORING_SETUP_R_DISABLED);
		install(fault_arg(FAULTS_NR_MMAP, 3, ~0U,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
				  ENOMEM));
		CHECK(io_uring_setup_reg_wait(&ring, 4, &err) == NULL);
		CHECK_EQ(err, -ENOMEM);
		io_uring_queue_exit(&ring);
	}
}

/* A kernel region whose mapping fails: NULL and the error. */
static void region_unmapped(void *arg)
{
	struct io_uring ring;
	int err = 0;

	(void)arg;
	if (!(have & IO_URING_REGIONS_KERNEL_REGION))
		return;
	ring_init(&ring, 4, 0);
	install(fault_arg(FAULTS_NR_MMAP, 3, MAP_SHARED | MAP_PRIVATE,
			  MAP_SHARED, ENOMEM));
	CHECK(io_uring_map_region(&ring, 4096, 0, &err) == NULL);
	CHECK_EQ(err, -ENOMEM);
	io_uring_queue_exit(&ring);
}

/* The ring-fd registrations: the kernel's error, or -EIO for a count
 * other than 1; the ring goes on as it was. */
struct ring_fd_case {
	unsigned op;
	int err;
};

static void ring_fds_refused(void *arg)
{
	const struct ring_fd_case *c = arg;
	struct io_uring ring;
	int want = c->err ? -c->err : -EIO;

	ring_init(&ring, 4, 0);
	install(fault_arg(__NR_io_uring_register, 1, OP_MASK, c->op, c->err));
	if (c->op == IORING_REGISTER_RING_FDS) {
		CHECK_EQ(io_uring_register_ring_fd(&ring), want);
	} else {
		CHECK_EQ(io_uring_register_ring_fd(&ring), 1);
		CHECK_EQ(io_uring_unregister_ring_fd(&ring), want);
	}
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

/* A ring whose fd was closed, liburing's io_uring_close_ring_fd(): its
 * registered index serves I/O and registrations; resize needs the fd. */
static void index_only(void)
{
	struct io_uring_params p;
	struct io_uring ring;
	struct iovec iov;
	static char buf[64];

	if (!(have & IO_URING_REGIONS_RESIZE))
		return;
	ring_init(&ring, 4, IORING_SETUP_SINGLE_ISSUER |
		  IORING_SETUP_DEFER_TASKRUN);
	CHECK_EQ(io_uring_register_ring_fd(&ring), 1);
	nop_roundtrip(&ring);	/* through the index */
	close(ring.ring_fd);
	ring.ring_fd = -1;
	nop_roundtrip(&ring);
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	CHECK_EQ(io_uring_register_buffers(&ring, &iov, 1), 0);
	CHECK_EQ(io_uring_unregister_buffers(&ring), 0);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 8;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EBADF);
	io_uring_queue_exit(&ring);
}

/* Rings made with IORING_SETUP_NO_MMAP (liburing's
 * io_uring_queue_init_mem) are not resized. */
static void no_mmap_resize(void)
{
	struct io_uring_params p;
	struct io_uring ring;

	if (!(have & IO_URING_REGIONS_RESIZE))
		return;
	ring_init(&ring, 4, IORING_SETUP_SINGLE_ISSUER |
		  IORING_SETUP_DEFER_TASKRUN);
	ring.flags |= IORING_SETUP_NO_MMAP;
	memset(&p, 0, sizeof(p));
	p.sq_entries = 8;
	CHECK_EQ(io_uring_resize_rings(&ring, &p), -EOPNOTSUPP);
	ring.flags &= ~IORING_SETUP_NO_MMAP;
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
}

/* IOPOLL: completions come only through an enter with GETEVENTS. */
static void iopoll(void)
{
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int ret;

	ret = io_uring_queue_init(4, &ring, IORING_SETUP_IOPOLL);
	if (ret == -EINVAL || ret == -EOPNOTSUPP)
		return;
	CHECK_EQ(ret, 0);
	CHECK_EQ(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	CHECK(cqe == NULL);
	CHECK(io_uring_submit(&ring) >= 0);
	io_uring_queue_exit(&ring);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* Waits without a timeout that submit too. */
static void submit_waits(void)
{
	struct __kernel_timespec ts = { 1, 0 };
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	struct itimerval it;
	struct sigaction sa;
	struct io_uring ring;
	int ret;

	ring_init(&ring, 8, 0);
	/* Nothing to submit, nothing to wait for. */
	CHECK_EQ(io_uring_submit(&ring), 0);
	CHECK_EQ(io_uring_wait_cqe_nr(&ring, NULL, 1), -EINVAL);

	/* Submit and wait, untimed: the count, the first CQE. */
	queue_nop(&ring, 1);
	queue_nop(&ring, 2);
	CHECK_EQ(io_uring_submit_and_wait_timeout(&ring, &cqe, 2, NULL, NULL),
		 2);
	CHECK(cqe && cqe->user_data == 1);
	io_uring_cq_advance(&ring, 2);

	/* A CQE already there: the new entry is submitted, that CQE
	 * returned. */
	queue_nop(&ring, 3);
	CHECK_EQ(io_uring_submit_and_wait(&ring, 1), 1);
	queue_nop(&ring, 4);
	CHECK_EQ(io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts, NULL),
		 0);
	CHECK(cqe && cqe->user_data == 3);
	io_uring_cqe_seen(&ring, cqe);
	expect_cqe(&ring, 4, 0, 0);

	/* A signal ends the first wait before the second CQE (a timeout
	 * 200 ms on): the wait goes on and returns the count submitted. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
	queue_nop(&ring, 5);
	sqe = io_uring_get_sqe(&ring);
	{
		static struct __kernel_timespec later = { 0, 200000000 };

		io_uring_prep_timeout(sqe, &later, 0, 0);
		io_uring_sqe_set_data64(sqe, 6);
	}
	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = 20000;
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	ret = io_uring_submit_and_wait_timeout(&ring, &cqe, 2, NULL, NULL);
	CHECK_EQ(ret, 2);
	CHECK(cqe && cqe->user_data == 5);
	CHECK_EQ(io_uring_cq_ready(&ring), 2);
	io_uring_cq_advance(&ring, 2);
	io_uring_queue_exit(&ring);

	/* A disabled ring refuses the enter: its error, no CQE. */
	ring_init(&ring, 4, IORING_SETUP_R_DISABLED);
	queue_nop(&ring, 7);
	cqe = (struct io_uring_cqe *)&ring;
	CHECK_EQ(io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts, NULL),
		 -EBADFD);
	CHECK(cqe == NULL);
	CHECK_EQ(io_uring_enable_rings(&ring), 0);
	CHECK_EQ(io_uring_submit_and_wait(&ring, 1), 1);
	expect_cqe(&ring, 7, 0, 0);
	io_uring_queue_exit(&ring);
}

/* NULL rings and out-of-range sizes: -EINVAL before any system call. */
static void null_rings(void)
{
	struct io_uring_params p;
	struct io_uring ring;
	struct iovec iov = { NULL, 0 };
	__u64 tag = 0;

	CHECK_EQ(io_uring_enable_rings(NULL), -EINVAL);
	CHECK_EQ(io_uring_register_ring_fd(NULL), -EINVAL);
	CHECK_EQ(io_uring_unregister_ring_fd(NULL), -EINVAL);
	CHECK_EQ(io_uring_register_buffers(NULL, &iov, 1), -EINVAL);
	CHECK_EQ(io_uring_register_buffers_sparse(NULL, 1), -EINVAL);
	CHECK_EQ(io_uring_register_buffers_tags(NULL, &iov, &tag, 1), -EINVAL);
	CHECK_EQ(io_uring_register_buffers_update_tag(NULL, 0, &iov, &tag, 1),
		 -EINVAL);
	CHECK_EQ(io_uring_unregister_buffers(NULL), -EINVAL);
	memset(&p, 0, sizeof(p));
	CHECK_EQ(io_uring_queue_init_params(4, NULL, &p), -EINVAL);
	p.flags = 1U << 31;	/* not a flag the core can drive */
	CHECK_EQ(io_uring_queue_init_params(4, &ring, &p), -EINVAL);
	CHECK_EQ(io_uring_queue_mmap(-1, &p, &ring), -EINVAL);
	CHECK_EQ(io_uring_queue_mmap(0, &p, NULL), -EINVAL);
	memset(&p, 0, sizeof(p));
	p.flags = 1U << 31;
	CHECK_EQ(io_uring_queue_mmap(0, &p, &ring), -EINVAL);
	CHECK_EQ(io_uring_unmap_region(&ring, (size_t)-1), -EINVAL);
	io_uring_free_reg_wait(NULL, 1);
	io_uring_free_reg_wait((struct io_uring_reg_wait *)&ring, 0);
}

int main(void)
{
	struct fault maps[] = {
		fault_arg(FAULTS_NR_MMAP, 3, MAP_SHARED | MAP_PRIVATE,
			  MAP_SHARED, ENOMEM),
		fault_arg(FAULTS_NR_MMAP, 5, ~0U,
			  (unsigned)FAULTS_MMAP_OFF(IORING_OFF_SQES), ENOMEM),
	};
	static const struct ring_fd_case ring_fd_cases[] = {
		{ IORING_REGISTER_RING_FDS, 0 },
		{ IORING_REGISTER_RING_FDS, EPERM },
		{ IORING_UNREGISTER_RING_FDS, 0 },
		{ IORING_UNREGISTER_RING_FDS, EPERM },
	};
	unsigned i;

	have = io_uring_regions_probe();
	if (!(have & IO_URING_REGIONS_RING)) {
		printf("SKIP: io_uring is not usable here\n");
		return T_SKIP;
	}
	null_rings();
	submit_waits();
	iopoll();
	index_only();
	no_mmap_resize();
	if (!under_valgrind()) {	/* its own calls would meet the filter */
		for (i = 0; i < ARRAY_SIZE(maps); i++)
			faults_run("queue_init, mapping refused", init_unmapped,
			    &maps[i]);
		faults_run("queue_mmap, mapping refused", mmap_unmapped, NULL);
		faults_run("io_uring_setup refused", setup_einval, NULL);
		faults_run("an enter without a CQE", enter_empty, NULL);
		faults_run("wait area, mapping refused", areas_unmapped, NULL);
		faults_run("kernel region, mapping refused", region_unmapped,
			   NULL);
		for (i = 0; i < ARRAY_SIZE(ring_fd_cases); i++)
			faults_run("ring fd registration refused",
				   ring_fds_refused,
				   (void *)&ring_fd_cases[i]);
	}
	printf("the core's rarer paths; %u refusals (%u skipped)\n",
	       faults_passed, faults_skipped);
	return 0;
}
