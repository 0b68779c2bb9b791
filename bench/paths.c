/* SPDX-License-Identifier: MIT */
/*
 * The hot paths, side by side with liburing: one source, built against
 * this library (bench/paths-ours) and against Debian's liburing 2.15
 * (bench/paths-liburing, -DUSE_LIBURING), both statically.  Each case is
 * one loop function, loop_CASE, run through measured(), which
 * bench/paths.sh hands to callgrind's --toggle-collect, so that only the
 * loop's user-space instructions count.
 *
 *   paths time          every case timed (the fastest of TIME_REPS runs),
 *                       one "CASE NS_PER_OP" line each
 *   paths once CASE N   N operations of CASE between getpid() and
 *                       getppid(), the markers strace's count goes by
 *   paths list          the cases, one "CASE OPS_PER_LOOP TITLE" line each
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/uio.h>
#ifdef USE_LIBURING
#include <liburing.h>
#else
#include <liburing-regions.h>
#endif

#define ENTRIES		64
#define NR_BUFS		64
#define BUF_SIZE	(1 << 20)
#define BATCH		32
#define DEFER		(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN)
/* Timed runs of each case in one process: the fastest counts, the others
 * having met more of what else the machine was doing. */
#define TIME_REPS	5

#define DIE(...) do {							\
	fprintf(stderr, "paths: " __VA_ARGS__);				\
	fputc('\n', stderr);						\
	exit(1);							\
} while (0)

struct state {
	struct io_uring ring;	/* NOPs, timed waits, message target */
	struct io_uring reg;	/* with a registered wait area */
	struct io_uring src;	/* clone: 64 x 1 MiB registered */
	struct io_uring dst;
	struct io_uring defer;	/* resize */
	struct io_uring_reg_wait *area;
	struct iovec iov[NR_BUFS];
	char *bufs;
};

static void must(int ret, const char *what)
{
	if (ret < 0)
		DIE("%s: %s", what, strerror(-ret));
}

static struct io_uring_sqe *nop(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe)
		DIE("no SQE");
	io_uring_prep_nop(sqe);
	return sqe;
}

/* get_sqe, prep, submit_and_wait 1, peek, seen. */
void __attribute__((noinline)) loop_nop(struct state *s, long n)
{
	struct io_uring_cqe *cqe;

	while (n--) {
		nop(&s->ring);
		if (io_uring_submit_and_wait(&s->ring, 1) != 1 ||
		    io_uring_peek_cqe(&s->ring, &cqe))
			DIE("nop");
		io_uring_cqe_seen(&s->ring, cqe);
	}
}

/* get_sqe, prep, submit_and_wait_timeout (1 s), seen. */
void __attribute__((noinline)) loop_timed(struct state *s, long n)
{
	struct __kernel_timespec ts = { .tv_sec = 1 };
	struct io_uring_cqe *cqe;

	while (n--) {
		nop(&s->ring);
		if (io_uring_submit_and_wait_timeout(&s->ring, &cqe, 1, &ts,
						     NULL) < 0)
			DIE("timed");
		io_uring_cqe_seen(&s->ring, cqe);
	}
}

/* get_sqe, prep, submit_and_wait_reg (slot 0: 1 s), seen. */
void __attribute__((noinline)) loop_reg(struct state *s, long n)
{
	struct io_uring_cqe *cqe;

	while (n--) {
		nop(&s->reg);
		if (io_uring_submit_and_wait_reg(&s->reg, &cqe, 1, 0) < 0)
			DIE("registered wait");
		io_uring_cqe_seen(&s->reg, cqe);
	}
}

/* prep_msg_ring, register_sync_msg, peek, seen on the target. */
void __attribute__((noinline)) loop_msg(struct state *s, long n)
{
	struct io_uring_sqe sqe;
	struct io_uring_cqe *cqe;

	memset(&sqe, 0, sizeof(sqe));
	while (n--) {
		io_uring_prep_msg_ring(&sqe, s->ring.ring_fd, 7, (__u64)n, 0);
		if (io_uring_register_sync_msg(&sqe) ||
		    io_uring_peek_cqe(&s->ring, &cqe) || cqe->res != 7)
			DIE("message");
		io_uring_cqe_seen(&s->ring, cqe);
	}
}

/* clone_buffers of 64 x 1 MiB, unregister_buffers. */
void __attribute__((noinline)) loop_clone(struct state *s, long n)
{
	while (n--) {
		if (io_uring_clone_buffers(&s->dst, &s->src) ||
		    io_uring_unregister_buffers(&s->dst))
			DIE("clone");
	}
}

/* resize_rings from 64 SQ entries to 128, or back. */
void __attribute__((noinline)) loop_resize(struct state *s, long n)
{
	struct io_uring_params p;

	while (n--) {
		memset(&p, 0, sizeof(p));
		p.sq_entries = s->defer.sq.ring_entries == ENTRIES ?
			       2 * ENTRIES : ENTRIES;
		if (io_uring_resize_rings(&s->defer, &p))
			DIE("resize");
	}
}

/* 32 NOPs prepared, submit_and_wait 32, 32 x (peek, seen): per CQE. */
void __attribute__((noinline)) loop_reap(struct state *s, long n)
{
	struct io_uring_cqe *cqe;
	int i;

	while (n--) {
		for (i = 0; i < BATCH; i++)
			nop(&s->ring);
		if (io_uring_submit_and_wait(&s->ring, BATCH) != BATCH)
			DIE("reap: submit");
		for (i = 0; i < BATCH; i++) {
			if (io_uring_peek_cqe(&s->ring, &cqe))
				DIE("reap");
			io_uring_cqe_seen(&s->ring, cqe);
		}
	}
}

struct path {
	const char *name;
	void (*loop)(struct state *s, long n);
	int ops;		/* operations per loop iteration */
	long iters;		/* iterations timed */
	const char *title;
};

static const struct path paths[] = {
	{ "nop", loop_nop, 1, 20000,
	  "NOP round trip (get_sqe, prep, submit_and_wait 1, peek, seen)" },
	{ "timed_wait", loop_timed, 1, 20000,
	  "wait with a timeout (submit_and_wait_timeout, NOP)" },
	{ "reg_wait", loop_reg, 1, 20000,
	  "registered wait (submit_and_wait_reg, NOP)" },
	{ "msg", loop_msg, 1, 40000,
	  "ringless message + reap (register_sync_msg, peek, seen)" },
	{ "clone", loop_clone, 1, 4000,
	  "clone 64 x 1 MiB + unregister" },
	{ "resize", loop_resize, 1, 200,
	  "resize 64 <-> 128 (DEFER_TASKRUN)" },
	{ "reap", loop_reap, BATCH, 4000,
	  "reap from a batch of 32, per CQE (prep, submit_and_wait 32, peek, seen)" },
};
#define NR_PATHS	(sizeof(paths) / sizeof(paths[0]))

static void setup(struct state *s)
{
	struct io_uring_mem_region_reg mr;
	struct io_uring_region_desc rd;
	long page = sysconf(_SC_PAGESIZE);
	int i;

	must(io_uring_queue_init(ENTRIES, &s->ring, 0), "queue_init");

	/* A wait area needs a ring that is not enabled yet. */
	must(io_uring_queue_init(ENTRIES, &s->reg, IORING_SETUP_R_DISABLED),
	     "queue_init disabled");
	s->area = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (s->area == MAP_FAILED)
		DIE("mmap");
	s->area[0].ts.tv_sec = 1;
	s->area[0].flags = IORING_REG_WAIT_TS;
	memset(&rd, 0, sizeof(rd));
	rd.user_addr = (__u64)(uintptr_t)s->area;
	rd.size = (__u64)page;
	rd.flags = IORING_MEM_REGION_TYPE_USER;
	memset(&mr, 0, sizeof(mr));
	mr.region_uptr = (__u64)(uintptr_t)&rd;
	mr.flags = IORING_MEM_REGION_REG_WAIT_ARG;
	must(io_uring_register_region(&s->reg, &mr), "register_region");
	must(io_uring_enable_rings(&s->reg), "enable_rings");

	s->bufs = mmap(NULL, (size_t)NR_BUFS * BUF_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (s->bufs == MAP_FAILED)
		DIE("mmap buffers");
	for (i = 0; i < NR_BUFS; i++) {
		s->iov[i].iov_base = s->bufs + (size_t)i * BUF_SIZE;
		s->iov[i].iov_len = BUF_SIZE;
	}
	must(io_uring_queue_init(ENTRIES, &s->src, 0), "queue_init src");
	must(io_uring_queue_init(ENTRIES, &s->dst, 0), "queue_init dst");
	must(io_uring_register_buffers(&s->src, s->iov, NR_BUFS), "buffers");

	must(io_uring_queue_init(ENTRIES, &s->defer, DEFER), "queue_init defer");
}

/* What callgrind counts (--toggle-collect=measured): the loop only. */
void __attribute__((noinline)) measured(const struct path *p, struct state *s,
					long n)
{
	p->loop(s, n);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static const struct path *find(const char *name)
{
	unsigned i;

	for (i = 0; i < NR_PATHS; i++)
		if (!strcmp(paths[i].name, name))
			return &paths[i];
	DIE("no case %s", name);
}

int main(int argc, char **argv)
{
	static struct state s;
	const struct path *p;
	unsigned i;

	if (argc == 2 && !strcmp(argv[1], "list")) {
		for (i = 0; i < NR_PATHS; i++)
			printf("%s %d %s\n", paths[i].name, paths[i].ops,
			       paths[i].title);
		return 0;
	}
	setup(&s);
	if (argc == 2 && !strcmp(argv[1], "time")) {
		for (i = 0; i < NR_PATHS; i++) {
			long long t, best = 0;
			int rep;

			p = &paths[i];
			p->loop(&s, p->iters / 10 + 1);	/* warm-up */
			for (rep = 0; rep < TIME_REPS; rep++) {
				t = now_ns();
				p->loop(&s, p->iters);
				t = now_ns() - t;
				if (!rep || t < best)
					best = t;
			}
			printf("%s %.2f\n", p->name,
			       (double)best / ((double)p->iters * p->ops));
		}
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "once")) {
		long n = atol(argv[3]);

		p = find(argv[2]);
		p->loop(&s, 1);			/* the first touch of each page */
		getpid();
		measured(p, &s, n);
		getppid();
		return 0;
	}
	fprintf(stderr, "usage: paths list | time | once CASE N\n");
	return 2;
}
