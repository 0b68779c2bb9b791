/* SPDX-License-Identifier: MIT */
/*
 * Differential test: one source, built once against liburing
 * (-DUSE_LIBURING) and once against liburing-regions.  Each build prints one
 * line per case, "name: field=value ...", with every observable result;
 * test/differential.sh compares the two outputs field by field.
 *
 * Every case runs in its own child process with its own rings.  Pointers are
 * printed only as null/set or as offsets.  A pointer out-parameter starts as
 * a sentinel, printed "unset" when the call left it alone.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef USE_LIBURING
#include <liburing.h>
#else
#include <liburing-regions.h>
#endif

#define DT	(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN)
#define PAGE	4096
#define NBUFS	5	/* "ABC" on clone sources, "xy" on targets */

struct tcase {
	const char *name;
	void (*fn)(const struct tcase *tc);
	unsigned flags;		/* ring setup flags */
	int op;			/* variant selector of the case */
	int nops;		/* NOPs queued before the call */
	int stuck;		/* queue an SQE that never completes */
	int pre;		/* NOPs submitted (CQEs pending) before */
	unsigned wait_nr;
	int ms;			/* timeout in ms; < 0: no timespec */
	int idx;		/* registered wait index */
	unsigned dst_off, src_off, nr, cflags;
	int srcreg;		/* register the clone source's ring fd */
};

static char line[16384];
static size_t line_len;
static struct io_uring_cqe unset_cqe;
#define UNSET (&unset_cqe)

static void out(const char *fmt, ...)
{
	size_t room = sizeof(line) - line_len;
	va_list ap;
	int n;

	if (room < 2)
		return;
	line[line_len++] = ' ';
	room--;
	va_start(ap, fmt);
	n = vsnprintf(line + line_len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		line_len += (size_t)n < room ? (size_t)n : room - 1;
}

static void put_hex(const char *tag, const void *p, size_t len)
{
	const unsigned char *b = p;
	char hex[2 * 128 + 1];
	size_t i;

	for (i = 0; i < len && i < 128; i++)
		snprintf(hex + 2 * i, 3, "%02x", b[i]);
	hex[2 * i] = 0;
	out("%s=%s", tag, hex);
}

static void put_cqe(const char *tag, const struct io_uring *ring,
		    const struct io_uring_cqe *cqe)
{
	if (cqe == UNSET) {
		out("%s=unset", tag);
	} else if (!cqe) {
		out("%s=null", tag);
	} else {
		out("%s=@%ld %s.res=%d %s.ud=%llu %s.flags=%#x", tag,
		    (long)(cqe - ring->cq.cqes), tag, cqe->res, tag,
		    (unsigned long long)cqe->user_data, tag, cqe->flags);
	}
}

static void put_state(const struct io_uring *ring)
{
	out("sqe_head=%u sqe_tail=%u sq.khead=%u sq.ktail=%u",
	    ring->sq.sqe_head, ring->sq.sqe_tail, *ring->sq.khead,
	    *ring->sq.ktail);
	out("cq.khead=%u cq.ktail=%u cq_ready=%u sq_ready=%u",
	    *ring->cq.khead, *ring->cq.ktail, io_uring_cq_ready(ring),
	    io_uring_sq_ready(ring));
}

/* The user_data of every ready CQE, then consumes them. */
static void put_ready(const char *tag, struct io_uring *ring)
{
	struct io_uring_cqe *cqe;
	char list[512] = "";
	unsigned head, n = 0;
	size_t len = 0;

	io_uring_for_each_cqe(ring, head, cqe) {
		unsigned long long ud = cqe->user_data;

		if (len < sizeof(list) - 32)
			len += (size_t)snprintf(list + len, sizeof(list) - len,
						"%s%llu/%d", n ? "," : "", ud,
						cqe->res);
		n++;
	}
	io_uring_cq_advance(ring, n);
	out("%s=%u:%s", tag, n, n ? list : "-");
}

static int ring_setup(struct io_uring *ring, unsigned entries, unsigned flags)
{
	int ret = io_uring_queue_init(entries, ring, flags);

	if (ret)
		out("init=%d", ret);
	return ret;
}

static int queue_nops(struct io_uring *ring, int n, __u64 ud)
{
	struct io_uring_sqe *sqe;
	int i;

	for (i = 0; i < n; i++) {
		sqe = io_uring_get_sqe(ring);
		if (!sqe)
			return i;
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, ud + (__u64)i);
	}
	return n;
}

/*
 * A TIMEOUT of 1 s: outlives every wait of the case that has a timeout; a
 * wait without one that returns with its CQE has waited for it.
 */
static void queue_stuck(struct io_uring *ring)
{
	static struct __kernel_timespec ts = { .tv_sec = 1 };
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe)
		return;
	io_uring_prep_timeout(sqe, &ts, 0, 0);
	io_uring_sqe_set_data64(sqe, 77);
}

static struct __kernel_timespec *ts_ms(int ms, struct __kernel_timespec *ts)
{
	if (ms < 0)
		return NULL;
	ts->tv_sec = ms / 1000;
	ts->tv_nsec = (long long)(ms % 1000) * 1000000;
	return ts;
}

/* Submits pre NOPs (user_data 100...) so their CQEs are pending. */
static void pre_submit(struct io_uring *ring, int pre)
{
	if (!pre)
		return;
	queue_nops(ring, pre, 100);
	out("pre.submit=%d", io_uring_submit_and_wait(ring, (unsigned)pre));
}

/* One NOP through the ring: does it still work? */
static void roundtrip(const char *tag, struct io_uring *ring)
{
	struct io_uring_cqe *cqe = UNSET;
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	int ret;

	if (!sqe) {
		out("%s=nosqe", tag);
		return;
	}
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 55);
	ret = io_uring_submit_and_wait(ring, 1);
	out("%s.submit=%d", tag, ret);
	ret = io_uring_peek_cqe(ring, &cqe);
	out("%s.peek=%d", tag, ret);
	put_cqe(tag, ring, cqe);
	if (!ret)
		io_uring_cqe_seen(ring, cqe);
}

/* 1-3: io_uring_submit_and_wait_timeout. */
static void c_saw(const struct tcase *tc)
{
	struct io_uring_cqe *cqe = UNSET;
	struct __kernel_timespec ts;
	struct io_uring ring;
	int ret;

	if (ring_setup(&ring, 8, tc->flags))
		return;
	pre_submit(&ring, tc->pre);
	queue_nops(&ring, tc->nops, 1);
	if (tc->stuck)
		queue_stuck(&ring);
	ret = io_uring_submit_and_wait_timeout(&ring, &cqe, tc->wait_nr,
					       ts_ms(tc->ms, &ts), NULL);
	out("ret=%d", ret);
	put_cqe("cqe", &ring, cqe);
	put_state(&ring);
	put_ready("ready", &ring);
	io_uring_queue_exit(&ring);
}

/* 3: io_uring_wait_cqe_timeout; nops are queued but not submitted. */
static void c_wct(const struct tcase *tc)
{
	struct io_uring_cqe *cqe = UNSET;
	struct __kernel_timespec ts;
	struct io_uring ring;
	int ret;

	if (ring_setup(&ring, 8, tc->flags))
		return;
	pre_submit(&ring, tc->pre);
	queue_nops(&ring, tc->nops, 1);
	if (tc->stuck)
		queue_stuck(&ring);
	ret = io_uring_wait_cqe_timeout(&ring, &cqe, ts_ms(tc->ms, &ts));
	out("ret=%d", ret);
	put_cqe("cqe", &ring, cqe);
	put_state(&ring);
	put_ready("ready", &ring);
	io_uring_queue_exit(&ring);
}

static volatile sig_atomic_t got_signal;
static pthread_t main_thread;

static void on_signal(int sig)
{
	(void)sig;
	got_signal++;
}

static void *signal_later(void *arg)
{
	struct timespec ts = { .tv_nsec = 50 * 1000000 };

	(void)arg;
	nanosleep(&ts, NULL);
	pthread_kill(main_thread, SIGUSR1);
	return NULL;
}

/*
 * 3: a signal during the wait.  SIGUSR1 is blocked in the process and
 * unblocked by the sigmask passed, so it interrupts the wait whenever it
 * arrives.
 */
static void c_sig(const struct tcase *tc)
{
	struct io_uring_cqe *cqe = UNSET;
	struct sigaction sa = { .sa_handler = on_signal };
	struct __kernel_timespec ts;
	struct io_uring ring;
	sigset_t block, wait_mask;
	pthread_t thread;
	int ret;

	if (ring_setup(&ring, 8, tc->flags))
		return;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGUSR1);
	main_thread = pthread_self();
	pthread_create(&thread, NULL, signal_later, NULL);
	queue_nops(&ring, tc->nops, 1);
	if (tc->stuck)
		queue_stuck(&ring);
	ret = io_uring_submit_and_wait_timeout(&ring, &cqe, tc->wait_nr,
					       ts_ms(tc->ms, &ts), &wait_mask);
	pthread_join(thread, NULL);
	out("ret=%d signals=%d", ret, (int)got_signal);
	put_cqe("cqe", &ring, cqe);
	put_state(&ring);
	put_ready("ready", &ring);
	io_uring_queue_exit(&ring);
}

static void *page_alloc(void)
{
	void *mem = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return mem == MAP_FAILED ? NULL : mem;
}

/* Registers the page @mem as a user memory region with reg.flags @flags. */
static int register_page(struct io_uring *ring, void *mem, __u64 flags)
{
	struct io_uring_mem_region_reg mr;
	struct io_uring_region_desc rd;

	memset(&rd, 0, sizeof(rd));
	rd.user_addr = (__u64)(uintptr_t)mem;
	rd.size = PAGE;
	rd.flags = IORING_MEM_REGION_TYPE_USER;
	memset(&mr, 0, sizeof(mr));
	mr.region_uptr = (__u64)(uintptr_t)&rd;
	mr.flags = flags;
	return io_uring_register_region(ring, &mr);
}

/*
 * 4: a ring with a registered wait area of one page (64 slots): slot 0
 * times out after @ms, slot 1 has an unknown flag.
 */
static struct io_uring_reg_wait *reg_wait_ring(struct io_uring *ring,
					       unsigned flags, int ms)
{
	struct io_uring_reg_wait *area;

	if (ring_setup(ring, 8, IORING_SETUP_R_DISABLED | flags))
		return NULL;
	area = page_alloc();
	if (!area)
		return NULL;
	out("region=%d", register_page(ring, area,
				       IORING_MEM_REGION_REG_WAIT_ARG));
	out("enable=%d", io_uring_enable_rings(ring));
	area[0].flags = IORING_REG_WAIT_TS;
	area[0].ts.tv_nsec = (long long)ms * 1000000;
	area[1].flags = IORING_REG_WAIT_TS | 0x80;
	area[1].ts.tv_nsec = (long long)ms * 1000000;
	return area;
}

static void c_regwait(const struct tcase *tc)
{
	struct io_uring_cqe *cqe = UNSET;
	struct io_uring ring;
	int ret;

	if (!reg_wait_ring(&ring, tc->flags, tc->ms))
		return;
	pre_submit(&ring, tc->pre);
	queue_nops(&ring, tc->nops, 1);
	if (tc->stuck)
		queue_stuck(&ring);
	ret = io_uring_submit_and_wait_reg(&ring, &cqe, tc->wait_nr, tc->idx);
	out("ret=%d", ret);
	put_cqe("cqe", &ring, cqe);
	put_state(&ring);
	put_ready("ready", &ring);
	io_uring_queue_exit(&ring);
}

/* 4: io_uring_register_wait_reg (a stub in liburing 2.15), then a wait. */
static void c_wait_reg_api(const struct tcase *tc)
{
	struct io_uring_cqe *cqe = UNSET;
	struct io_uring_reg_wait *area;
	struct io_uring ring;
	int ret;

	if (ring_setup(&ring, 8, IORING_SETUP_R_DISABLED | tc->flags))
		return;
	area = page_alloc();
	if (!area)
		return;
	ret = io_uring_register_wait_reg(&ring, area, (int)tc->nr);
	out("register=%d", ret);
	out("enable=%d", io_uring_enable_rings(&ring));
	area[0].flags = IORING_REG_WAIT_TS;
	area[0].ts.tv_nsec = 10 * 1000000;
	ret = io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0);
	out("wait=%d", ret);
	put_cqe("cqe", &ring, cqe);
	io_uring_queue_exit(&ring);
}

/* 4: the region call itself: twice; with REG_WAIT_ARG on an enabled ring. */
static void c_region(const struct tcase *tc)
{
	struct io_uring ring;
	void *mem;

	if (ring_setup(&ring, 8, tc->flags))
		return;
	mem = page_alloc();
	if (!mem)
		return;
	out("first=%d", register_page(&ring, mem, (__u64)tc->op));
	out("second=%d", register_page(&ring, mem, (__u64)tc->op));
	io_uring_queue_exit(&ring);
}

static void put_params(const struct io_uring_params *p)
{
	__u64 sq_ua, cq_ua;

	memcpy(&sq_ua, (const char *)&p->sq_off + 32, sizeof(sq_ua));
	memcpy(&cq_ua, (const char *)&p->cq_off + 32, sizeof(cq_ua));
	out("p.sq_entries=%u p.cq_entries=%u p.flags=%#x p.features=%#x",
	    p->sq_entries, p->cq_entries, p->flags, p->features);
	out("p.sq_thread_cpu=%u p.sq_thread_idle=%u p.wq_fd=%u p.resv=%u,%u,%u",
	    p->sq_thread_cpu, p->sq_thread_idle, p->wq_fd, p->resv[0],
	    p->resv[1], p->resv[2]);
	out("sq_off.head=%u sq_off.tail=%u sq_off.ring_mask=%u",
	    p->sq_off.head, p->sq_off.tail, p->sq_off.ring_mask);
	out("sq_off.ring_entries=%u sq_off.flags=%u sq_off.dropped=%u",
	    p->sq_off.ring_entries, p->sq_off.flags, p->sq_off.dropped);
	out("sq_off.array=%u sq_off.resv1=%u sq_off.user_addr=%llu",
	    p->sq_off.array, p->sq_off.resv1, (unsigned long long)sq_ua);
	out("cq_off.head=%u cq_off.tail=%u cq_off.ring_mask=%u",
	    p->cq_off.head, p->cq_off.tail, p->cq_off.ring_mask);
	out("cq_off.ring_entries=%u cq_off.overflow=%u cq_off.cqes=%u",
	    p->cq_off.ring_entries, p->cq_off.overflow, p->cq_off.cqes);
	out("cq_off.flags=%u cq_off.resv1=%u cq_off.user_addr=%llu",
	    p->cq_off.flags, p->cq_off.resv1, (unsigned long long)cq_ua);
}

static long deref(const unsigned *p)
{
	return p ? (long)*p : -1;
}

static long ptr_off(const void *p, const void *base)
{
	if (!p)
		return -1;
	return (long)((const char *)p - (const char *)base);
}

/*
 * 7: the fields of struct io_uring that do not depend on addresses; the
 * ring pointers as offsets into their mapping (-1: NULL).
 */
static void put_ring(const struct io_uring *r)
{
	const void *sb = r->sq.ring_ptr, *cb = r->cq.ring_ptr;

	out("sq.ring_sz=%llu cq.ring_sz=%llu same_ptr=%d",
	    (unsigned long long)r->sq.ring_sz,
	    (unsigned long long)r->cq.ring_sz, cb == sb);
	out("sq.ring_mask=%u sq.ring_entries=%u", r->sq.ring_mask,
	    r->sq.ring_entries);
	out("cq.ring_mask=%u cq.ring_entries=%u", r->cq.ring_mask,
	    r->cq.ring_entries);
	out("*sq.kring_mask=%ld *sq.kring_entries=%ld", deref(r->sq.kring_mask),
	    deref(r->sq.kring_entries));
	out("*cq.kring_mask=%ld *cq.kring_entries=%ld", deref(r->cq.kring_mask),
	    deref(r->cq.kring_entries));
	out("sq.kring_mask.off=%ld sq.kring_entries.off=%ld",
	    ptr_off(r->sq.kring_mask, sb), ptr_off(r->sq.kring_entries, sb));
	out("cq.kring_mask.off=%ld cq.kring_entries.off=%ld",
	    ptr_off(r->cq.kring_mask, cb), ptr_off(r->cq.kring_entries, cb));
	out("sq.khead.off=%ld sq.ktail.off=%ld sq.kflags.off=%ld",
	    ptr_off(r->sq.khead, sb), ptr_off(r->sq.ktail, sb),
	    ptr_off(r->sq.kflags, sb));
	out("sq.kdropped.off=%ld sq.array.off=%ld",
	    ptr_off(r->sq.kdropped, sb), ptr_off(r->sq.array, sb));
	out("cq.khead.off=%ld cq.ktail.off=%ld cq.kflags.off=%ld",
	    ptr_off(r->cq.khead, cb), ptr_off(r->cq.ktail, cb),
	    ptr_off(r->cq.kflags, cb));
	out("cq.koverflow.off=%ld cq.cqes.off=%ld",
	    ptr_off(r->cq.koverflow, cb), ptr_off(r->cq.cqes, cb));
	out("sq.sqes=%s sq.sqes_sz=%llu sq.sqe_head=%u sq.sqe_tail=%u",
	    r->sq.sqes ? "set" : "null", (unsigned long long)r->sq.sqes_sz,
	    r->sq.sqe_head, r->sq.sqe_tail);
	out("flags=%#x features=%#x ring_fd_ok=%d enter_is_fd=%d int_flags=%u",
	    r->flags, r->features, r->ring_fd >= 0,
	    r->enter_ring_fd == r->ring_fd, r->int_flags);
}

static void c_struct(const struct tcase *tc)
{
	struct io_uring ring;
	int ret;

	memset(&ring, 0xAA, sizeof(ring));
	if (ring_setup(&ring, 8, tc->flags))
		return;
	put_ring(&ring);
	ret = io_uring_register_ring_fd(&ring);
	/* the registered index, or -100 if it is still the fd */
	out("regfd=%d regfd.int_flags=%u regfd.enter_ring_fd=%d", ret,
	    ring.int_flags,
	    ring.enter_ring_fd == ring.ring_fd ? -100 : ring.enter_ring_fd);
	roundtrip("rt", &ring);
	ret = io_uring_unregister_ring_fd(&ring);
	out("unregfd=%d unregfd.int_flags=%u unregfd.enter_is_fd=%d", ret,
	    ring.int_flags, ring.enter_ring_fd == ring.ring_fd);
	ret = io_uring_unregister_ring_fd(&ring);
	out("unregfd2=%d", ret);
	io_uring_queue_exit(&ring);
}

/* 7: io_uring_queue_init_params: what it writes back into p. */
static void c_init_params(const struct tcase *tc)
{
	struct io_uring_params p;
	struct io_uring ring;
	int ret;

	memset(&p, 0, sizeof(p));
	p.flags = tc->flags;
	p.sq_entries = 0;
	p.cq_entries = tc->nr;
	ret = io_uring_queue_init_params(8, &ring, &p);
	out("ret=%d", ret);
	put_params(&p);
	if (ret)
		return;
	put_ring(&ring);
	io_uring_queue_exit(&ring);
}

/* 5: resizing.  The ring: 8 SQEs, SINGLE_ISSUER | DEFER_TASKRUN. */
static int resize_ring(struct io_uring *ring, unsigned flags)
{
	struct io_uring_params p;
	int ret;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	ret = io_uring_queue_init_params(8, ring, &p);
	if (ret)
		out("init=%d", ret);
	return ret;
}

static void resize_print(const char *tag, struct io_uring *ring,
			 struct io_uring_params *p)
{
	out("%s=%d", tag, io_uring_resize_rings(ring, p));
	put_params(p);
	put_ring(ring);
	put_state(ring);
}

static void c_resize(const struct tcase *tc)
{
	struct io_uring_params p;
	struct io_uring ring;

	if (resize_ring(&ring, tc->flags))
		return;
	memset(&p, 0, sizeof(p));
	p.flags = tc->cflags;
	p.sq_entries = tc->dst_off;
	p.cq_entries = tc->nr;
	resize_print("r1", &ring, &p);
	roundtrip("rt1", &ring);
	if (tc->src_off) {
		/* reuse p, changing only sq_entries */
		p.sq_entries = tc->src_off;
		resize_print("r2", &ring, &p);
		roundtrip("rt2", &ring);
	}
	io_uring_queue_exit(&ring);
}

/* 5: CQEs pending (op 0) or SQEs fetched, not submitted (op 1). */
static void c_resize_pending(const struct tcase *tc)
{
	struct io_uring_cqe *cqe = UNSET;
	struct __kernel_timespec ts;
	struct io_uring_params p;
	struct io_uring ring;
	int ret;

	if (resize_ring(&ring, DT))
		return;
	pre_submit(&ring, tc->pre);
	queue_nops(&ring, tc->nops, 1);
	put_state(&ring);
	memset(&p, 0, sizeof(p));
	p.sq_entries = tc->dst_off;
	p.cq_entries = tc->nr;
	p.flags = tc->cflags;
	out("resize=%d", io_uring_resize_rings(&ring, &p));
	out("r.sq_entries=%u r.cq_entries=%u", ring.sq.ring_entries,
	    ring.cq.ring_entries);
	put_state(&ring);
	ret = io_uring_submit_and_wait_timeout(&ring, &cqe, (unsigned)tc->nops,
					       ts_ms(10, &ts), NULL);
	out("saw=%d", ret);
	put_cqe("cqe", &ring, cqe);
	put_state(&ring);
	put_ready("ready", &ring);
	roundtrip("rt", &ring);
	io_uring_queue_exit(&ring);
}

/* 6: prep helpers over an SQE full of 0xAA. */
static void c_prep(const struct tcase *tc)
{
	struct __kernel_timespec *ts = (void *)(uintptr_t)0x2000;
	void *buf = (void *)(uintptr_t)0x1000;
	struct io_uring_sqe sqe;

	memset(&sqe, 0xAA, sizeof(sqe));
	switch (tc->op) {
	case 0:
		io_uring_prep_nop(&sqe);
		break;
	case 1:
		io_uring_prep_read(&sqe, 5, buf, 100, 7);
		break;
	case 2:
		io_uring_prep_write(&sqe, 5, buf, 100, 7);
		break;
	case 3:
		io_uring_prep_read_fixed(&sqe, 5, buf, 100, 7, 3);
		break;
	case 4:
		io_uring_prep_write_fixed(&sqe, 5, buf, 100, 7, 3);
		break;
	case 5:
		io_uring_prep_timeout(&sqe, ts, 2, 1);
		break;
	case 6:
		io_uring_prep_msg_ring(&sqe, 5, 9, 0x1234, 0);
		break;
	case 7:
		io_uring_prep_msg_ring_cqe_flags(&sqe, 5, 9, 0x1234, 0, 0x55);
		break;
	case 8:
		io_uring_sqe_set_data(&sqe, buf);
		break;
	case 9:
		io_uring_sqe_set_data64(&sqe, 0x0102030405060708ULL);
		break;
	case 10:
		io_uring_sqe_set_flags(&sqe, 0x1ff);
		break;
	}
	put_hex("sqe", &sqe, sizeof(sqe));
}

/* 6: what io_uring_get_sqe leaves in a slot that holds garbage. */
static void c_get_sqe_garbage(const struct tcase *tc)
{
	struct io_uring_sqe *sqe;
	struct io_uring ring;
	size_t sz;

	if (ring_setup(&ring, 8, tc->flags))
		return;
	sz = sizeof(*sqe) * ring.sq.ring_entries *
	     ((tc->flags & IORING_SETUP_SQE128) ? 2 : 1);
	memset(ring.sq.sqes, 0xAA, sz);
	sqe = io_uring_get_sqe(&ring);
	out("slot=%ld", (long)(sqe - ring.sq.sqes));
	put_hex("sqe", sqe, 64);
	if (tc->flags & IORING_SETUP_SQE128)
		put_hex("sqe.hi", sqe + 1, 64);
	io_uring_queue_exit(&ring);
}

/* 6: set_data64 and set_flags before prep_nop: which survive? */
static void c_data_order(const struct tcase *tc)
{
	struct io_uring_cqe *cqe = UNSET;
	struct io_uring_sqe *sqe;
	struct io_uring ring;
	int ret;

	if (ring_setup(&ring, 8, tc->flags))
		return;
	sqe = io_uring_get_sqe(&ring);
	io_uring_sqe_set_data64(sqe, 42);
	io_uring_sqe_set_flags(sqe, IOSQE_IO_DRAIN);
	io_uring_prep_nop(sqe);
	out("sqe.flags=%u sqe.ud=%llu", sqe->flags,
	    (unsigned long long)sqe->user_data);
	ret = io_uring_submit_and_wait(&ring, 1);
	out("submit=%d", ret);
	ret = io_uring_peek_cqe(&ring, &cqe);
	out("peek=%d", ret);
	put_cqe("cqe", &ring, cqe);
	io_uring_queue_exit(&ring);
}

/* 6: set_data with a pointer, read back both ways. */
static void c_data_ptr(const struct tcase *tc)
{
	struct io_uring_cqe *cqe = UNSET;
	struct io_uring_sqe *sqe;
	struct io_uring ring;
	static int var;
	int ret;

	if (ring_setup(&ring, 8, tc->flags))
		return;
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data(sqe, &var);
	io_uring_submit_and_wait(&ring, 1);
	ret = io_uring_wait_cqe(&ring, &cqe);
	out("wait=%d", ret);
	if (!ret) {
		out("get_data_ok=%d get_data64_ok=%d",
		    io_uring_cqe_get_data(cqe) == (void *)&var,
		    io_uring_cqe_get_data64(cqe) == (__u64)(uintptr_t)&var);
		io_uring_cqe_seen(&ring, cqe);
	}
	io_uring_queue_exit(&ring);
}

/* 8: buffer cloning. */
static char bufs[NBUFS][PAGE] __attribute__((aligned(PAGE)));
static const char buf_names[NBUFS + 1] = "ABCxy";

static int reg_bufs(struct io_uring *ring, int first, int n)
{
	struct iovec iov[NBUFS];
	int i;

	for (i = 0; i < n; i++) {
		iov[i].iov_base = bufs[first + i];
		iov[i].iov_len = PAGE;
	}
	return io_uring_register_buffers(ring, iov, (unsigned)n);
}

/* Which buffer (by name) sits at each fixed index: '-' for none. */
static void put_buf_map(const char *tag, struct io_uring *ring)
{
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	char map[8], sink[8];
	int fds[2], i, b;

	if (pipe(fds))
		return;
	for (i = 0; i < 6; i++) {
		map[i] = '-';
		for (b = 0; b < NBUFS && map[i] == '-'; b++) {
			sqe = io_uring_get_sqe(ring);
			io_uring_prep_write_fixed(sqe, fds[1], bufs[b], 1, 0,
						  i);
			if (io_uring_submit_and_wait(ring, 1) != 1 ||
			    io_uring_wait_cqe(ring, &cqe))
				break;
			if (cqe->res == 1) {
				map[i] = buf_names[b];
				if (read(fds[0], sink, 1) != 1)
					map[i] = '?';
			}
			io_uring_cqe_seen(ring, cqe);
		}
	}
	map[6] = 0;
	out("%s=%s", tag, map);
	close(fds[0]);
	close(fds[1]);
}

static int clone_call(const struct tcase *tc, struct io_uring *dst,
		      struct io_uring *src)
{
	switch (tc->op) {
	case 0:
		return io_uring_clone_buffers(dst, src);
	case 1:
		return __io_uring_clone_buffers(dst, src, tc->cflags);
	case 2:
		return io_uring_clone_buffers_offset(dst, src, tc->dst_off,
						     tc->src_off, tc->nr,
						     tc->cflags);
	default:
		return __io_uring_clone_buffers_offset(dst, src, tc->dst_off,
						       tc->src_off, tc->nr,
						       tc->cflags);
	}
}

static void c_clone(const struct tcase *tc)
{
	struct io_uring src, dst;
	int i;

	for (i = 0; i < NBUFS; i++)
		memset(bufs[i], buf_names[i], PAGE);
	if (ring_setup(&src, 8, 0))
		return;
	if (ring_setup(&dst, 8, tc->flags))
		return;
	out("src.bufs=%d", reg_bufs(&src, 0, 3));
	if (tc->pre)
		out("dst.bufs=%d", reg_bufs(&dst, 3, 2));
	if (tc->srcreg)
		out("src.regfd=%d", io_uring_register_ring_fd(&src));
	out("ret=%d", clone_call(tc, &dst, &src));
	out("src.int_flags=%u src.enter_is_fd=%d", src.int_flags,
	    src.enter_ring_fd == src.ring_fd);
	put_buf_map("dst", &dst);
	put_buf_map("src", &src);
	io_uring_queue_exit(&src);
	io_uring_queue_exit(&dst);
}

/*
 * 9: io_uring_register_sync_msg; op 0 plain, 1 cqe_flags, 2 fd -1, 3 CQE
 * flags with bit 5 (IORING_CQE_F_SKIP) set, on a ring that is not mixed.
 * No message here has bit 15 (IORING_CQE_F_32): both send the SQE as
 * given, and this ring is waited on (the kernel bug msg_ring_cqe32).
 */
static void c_sync_msg(const struct tcase *tc)
{
	struct io_uring_cqe *cqe = UNSET;
	struct __kernel_timespec ts;
	struct io_uring_sqe sqe;
	struct io_uring ring;
	int fd, ret;

	if (ring_setup(&ring, 8, tc->flags))
		return;
	fd = tc->op == 2 ? -1 : ring.ring_fd;
	memset(&sqe, 0, sizeof(sqe));
	if (tc->op == 1)
		io_uring_prep_msg_ring_cqe_flags(&sqe, fd, 9, 0x1234, 0, 0x55);
	else if (tc->op == 3)
		io_uring_prep_msg_ring_cqe_flags(&sqe, fd, 9, 0x1234, 0,
						 1U << 5);
	else
		io_uring_prep_msg_ring(&sqe, fd, 9, 0x1234, 0);
	io_uring_sqe_set_data64(&sqe, 0x999);
	ret = io_uring_register_sync_msg(&sqe);
	out("ret=%d", ret);
	ret = io_uring_peek_cqe(&ring, &cqe);
	out("peek=%d", ret);
	put_cqe("peek.cqe", &ring, cqe);
	cqe = UNSET;
	ret = io_uring_wait_cqe_timeout(&ring, &cqe, ts_ms(10, &ts));
	out("wait=%d", ret);
	put_cqe("cqe", &ring, cqe);
	io_uring_queue_exit(&ring);
}

/*
 * 9: a message with CQE flag bit 15 (IORING_CQE_F_32) sent from a ring,
 * to a ring that is not mixed; then its one CQE reaped with peek and seen.
 * liburing 2.15 counts a CQE with bit 15 as two there: the head passes the
 * tail.  The target's CQ of 16 is empty, so the message cannot overflow it
 * (the kernel bug msg_ring_cqe32); nothing waits, and nothing enters the
 * kernel on the target after the seen.
 */
static void c_msg_bit15(const struct tcase *tc)
{
	struct io_uring_cqe *cqe = UNSET;
	struct io_uring_sqe *sqe;
	struct io_uring src, dst;
	int ret;

	if (ring_setup(&src, 8, 0))
		return;
	if (ring_setup(&dst, 8, tc->flags))
		goto out_src;
	sqe = io_uring_get_sqe(&src);
	if (!sqe)
		goto out;
	io_uring_prep_msg_ring_cqe_flags(sqe, dst.ring_fd, 9, 0x1234, 0,
					 1U << 15);
	io_uring_sqe_set_data64(sqe, 0x999);
	out("submit=%d", io_uring_submit(&src));
	ret = io_uring_peek_cqe(&dst, &cqe);
	out("peek=%d", ret);
	put_cqe("cqe", &dst, cqe);
	if (!ret)
		io_uring_cqe_seen(&dst, cqe);
	out("cq.khead=%u cq.ktail=%u cq_ready=%u", *dst.cq.khead,
	    *dst.cq.ktail, io_uring_cq_ready(&dst));
out:
	io_uring_queue_exit(&dst);
out_src:
	io_uring_queue_exit(&src);
}

/* 10: io_uring_submit twice. */
static void c_submit(const struct tcase *tc)
{
	struct io_uring ring;

	if (ring_setup(&ring, 8, tc->flags))
		return;
	queue_nops(&ring, tc->nops, 1);
	out("sq_ready=%u space=%u", io_uring_sq_ready(&ring),
	    io_uring_sq_space_left(&ring));
	out("submit=%d", io_uring_submit(&ring));
	put_state(&ring);
	out("submit2=%d", io_uring_submit(&ring));
	put_state(&ring);
	put_ready("ready", &ring);
	io_uring_queue_exit(&ring);
}

static void c_submit_and_wait(const struct tcase *tc)
{
	struct io_uring ring;

	if (ring_setup(&ring, 8, tc->flags))
		return;
	pre_submit(&ring, tc->pre);
	queue_nops(&ring, tc->nops, 1);
	out("ret=%d", io_uring_submit_and_wait(&ring, tc->wait_nr));
	put_state(&ring);
	put_ready("ready", &ring);
	io_uring_queue_exit(&ring);
}

/* 10: peek_cqe (op 0), wait_cqe_nr (op 1) after submitting tc->pre. */
static void c_peek_wait(const struct tcase *tc)
{
	struct io_uring_cqe *cqe = UNSET;
	struct io_uring ring;
	int ret;

	if (ring_setup(&ring, 8, tc->flags))
		return;
	if (tc->pre) {
		queue_nops(&ring, tc->pre, 100);
		out("submit=%d", io_uring_submit(&ring));
	}
	if (tc->op == 0)
		ret = io_uring_peek_cqe(&ring, &cqe);
	else
		ret = io_uring_wait_cqe_nr(&ring, &cqe, tc->wait_nr);
	out("ret=%d", ret);
	put_cqe("cqe", &ring, cqe);
	put_state(&ring);
	put_ready("ready", &ring);
	io_uring_queue_exit(&ring);
}

/* 10: overflow a 4-entry CQ with 6 NOPs, then reap. */
static void c_overflow(const struct tcase *tc)
{
	struct io_uring_cqe *cqe = UNSET;
	struct io_uring ring;
	int i, ret;

	if (ring_setup(&ring, 2, tc->flags))
		return;
	for (i = 0; i < 3; i++) {
		queue_nops(&ring, 2, 10 * (__u64)i + 1);
		out("submit%d=%d", i, io_uring_submit(&ring));
	}
	out("has_overflow=%d", (int)io_uring_cq_has_overflow(&ring));
	out("sq.kflags=%#x koverflow=%u", *ring.sq.kflags, *ring.cq.koverflow);
	put_state(&ring);
	put_ready("ready", &ring);
	ret = io_uring_peek_cqe(&ring, &cqe);
	out("peek=%d", ret);
	put_cqe("cqe", &ring, cqe);
	out("has_overflow2=%d", (int)io_uring_cq_has_overflow(&ring));
	put_state(&ring);
	put_ready("ready2", &ring);
	io_uring_queue_exit(&ring);
}

/* 10: sq_ready, sq_space_left and get_sqe until full. */
static void c_sq_space(const struct tcase *tc)
{
	struct io_uring ring;
	int n = 0;

	if (ring_setup(&ring, 8, tc->flags))
		return;
	queue_nops(&ring, 3, 1);
	out("sq_ready=%u space=%u", io_uring_sq_ready(&ring),
	    io_uring_sq_space_left(&ring));
	while (io_uring_get_sqe(&ring) && n < 100)
		n++;
	out("more=%d sq_ready=%u space=%u", n, io_uring_sq_ready(&ring),
	    io_uring_sq_space_left(&ring));
	put_state(&ring);
	io_uring_queue_exit(&ring);
}

/* 10: for_each_cqe, a partial cq_advance, then the rest. */
static void c_for_each(const struct tcase *tc)
{
	struct io_uring_cqe *cqe = UNSET;
	struct io_uring ring;
	unsigned head, n = 0;
	__u64 sum = 0;

	if (ring_setup(&ring, 8, tc->flags))
		return;
	queue_nops(&ring, 3, 1);
	out("submit=%d", io_uring_submit_and_wait(&ring, 3));
	io_uring_for_each_cqe(&ring, head, cqe) {
		sum = sum * 10 + cqe->user_data;
		n++;
	}
	out("n=%u uds=%llu head=%u", n, (unsigned long long)sum, head);
	io_uring_cq_advance(&ring, 2);
	io_uring_cq_advance(&ring, 0);
	put_state(&ring);
	put_ready("ready", &ring);
	io_uring_queue_exit(&ring);
}

/* 11: queue_init sizes. */
static void c_init_size(const struct tcase *tc)
{
	struct io_uring ring;
	int ret;

	ret = io_uring_queue_init(tc->nr, &ring, tc->flags);
	out("ret=%d", ret);
	if (ret)
		return;
	out("sq.ring_entries=%u cq.ring_entries=%u", ring.sq.ring_entries,
	    ring.cq.ring_entries);
	io_uring_queue_exit(&ring);
}

/* 11: queue_exit after register_ring_fd; then the fd is closed. */
static void c_exit(const struct tcase *tc)
{
	struct io_uring ring;
	int fd;

	if (ring_setup(&ring, 8, tc->flags))
		return;
	if (tc->srcreg)
		out("regfd=%d", io_uring_register_ring_fd(&ring));
	fd = ring.ring_fd;
	io_uring_queue_exit(&ring);
	errno = 0;
	out("exited=1 fd_closed=%d", close(fd) < 0 && errno == EBADF);
}

/* 11: enable_rings on a ring that is not disabled. */
static void c_enable(const struct tcase *tc)
{
	struct io_uring ring;

	if (ring_setup(&ring, 8, tc->flags))
		return;
	out("enable=%d", io_uring_enable_rings(&ring));
	out("enable2=%d", io_uring_enable_rings(&ring));
	roundtrip("rt", &ring);
	io_uring_queue_exit(&ring);
}

/* 11: NULL arguments (only those that liburing survives). */
static void c_null(const struct tcase *tc)
{
	struct io_uring ring;

	if (ring_setup(&ring, 8, tc->flags))
		return;
	switch (tc->op) {
	case 0:
		out("ret=%d", io_uring_register_region(&ring, NULL));
		break;
	case 1:
		out("ret=%d", io_uring_register_sync_msg(NULL));
		break;
	case 2:
		out("ret=%d", io_uring_register_buffers(&ring, NULL, 1));
		break;
	}
	put_state(&ring);
	io_uring_queue_exit(&ring);
}

#define DEF(n, f, ...) { .name = n, .fn = f, __VA_ARGS__ }
#define CQSZ IORING_SETUP_CQSIZE
#define CLAMP IORING_SETUP_CLAMP
#define SRCR IORING_REGISTER_SRC_REGISTERED
#define DSTR IORING_REGISTER_DST_REPLACE

static const struct tcase cases[] = {
	/* 1 */
	DEF("1-saw-3nop-w1", c_saw, .nops = 3, .wait_nr = 1, .ms = 1000),
	DEF("1-saw-3nop-w1-dt", c_saw, .flags = DT, .nops = 3, .wait_nr = 1,
	    .ms = 1000),
	DEF("1-saw-3nop-w3", c_saw, .nops = 3, .wait_nr = 3, .ms = 1000),
	DEF("1-saw-3nop-w0", c_saw, .nops = 3, .wait_nr = 0, .ms = 1000),
	DEF("1-saw-3nop-w0-dt", c_saw, .flags = DT, .nops = 3, .wait_nr = 0,
	    .ms = 1000),
	DEF("1-saw-3nop-w4", c_saw, .nops = 3, .wait_nr = 4, .ms = 10),
	DEF("1-saw-3nop-w4-dt", c_saw, .flags = DT, .nops = 3, .wait_nr = 4,
	    .ms = 10),
	DEF("1-saw-pre2-w1", c_saw, .pre = 2, .wait_nr = 1, .ms = 10),
	DEF("1-saw-pre2-1nop-w1", c_saw, .pre = 2, .nops = 1, .wait_nr = 1,
	    .ms = 10),
	DEF("1-saw-pre1-w2", c_saw, .pre = 1, .wait_nr = 2, .ms = 10),
	DEF("1-saw-pre1-stuck-w2", c_saw, .pre = 1, .stuck = 1, .wait_nr = 2,
	    .ms = 10),
	/* 2 */
	DEF("2-saw-empty-w1", c_saw, .wait_nr = 1, .ms = 10),
	DEF("2-saw-empty-w1-dt", c_saw, .flags = DT, .wait_nr = 1, .ms = 10),
	DEF("2-saw-empty-w0", c_saw, .wait_nr = 0, .ms = 10),
	DEF("2-saw-stuck-w1", c_saw, .stuck = 1, .wait_nr = 1, .ms = 10),
	DEF("2-saw-stuck-w1-dt", c_saw, .flags = DT, .stuck = 1, .wait_nr = 1,
	    .ms = 10),
	DEF("2-saw-stuck-w0", c_saw, .stuck = 1, .wait_nr = 0, .ms = 10),
	DEF("2-saw-1nop-stuck-w2", c_saw, .nops = 1, .stuck = 1, .wait_nr = 2,
	    .ms = 10),
	DEF("2-saw-1nop-stuck-w2-dt", c_saw, .flags = DT, .nops = 1,
	    .stuck = 1, .wait_nr = 2, .ms = 10),
	/* 3 */
	DEF("3-wct-pre1", c_wct, .pre = 1, .ms = 1000),
	DEF("3-wct-pre1-dt", c_wct, .flags = DT, .pre = 1, .ms = 1000),
	DEF("3-wct-empty", c_wct, .ms = 10),
	DEF("3-wct-empty-dt", c_wct, .flags = DT, .ms = 10),
	DEF("3-wct-unsubmitted", c_wct, .nops = 2, .ms = 10),
	DEF("3-wct-unsubmitted-dt", c_wct, .flags = DT, .nops = 2, .ms = 10),
	DEF("3-wct-pre1-nots", c_wct, .pre = 1, .ms = -1),
	DEF("3-saw-3nop-nots-w1", c_saw, .nops = 3, .wait_nr = 1, .ms = -1),
	DEF("3-saw-3nop-nots-w1-dt", c_saw, .flags = DT, .nops = 3,
	    .wait_nr = 1, .ms = -1),
	DEF("3-saw-empty-nots-w0", c_saw, .wait_nr = 0, .ms = -1),
	DEF("3-sig-empty-ts", c_sig, .wait_nr = 1, .ms = 2000),
	DEF("3-sig-empty-nots", c_sig, .wait_nr = 1, .ms = -1),
	DEF("3-sig-stuck-ts", c_sig, .stuck = 1, .wait_nr = 1, .ms = 500),
	DEF("3-sig-stuck-nots", c_sig, .stuck = 1, .wait_nr = 1, .ms = -1),
	DEF("3-sig-stuck-ts-dt", c_sig, .flags = DT, .stuck = 1, .wait_nr = 1,
	    .ms = 500),
	/* 4 */
	DEF("4-reg-3nop-w1", c_regwait, .nops = 3, .wait_nr = 1, .ms = 10),
	DEF("4-reg-3nop-w1-dt", c_regwait, .flags = DT, .nops = 3,
	    .wait_nr = 1, .ms = 10),
	DEF("4-reg-3nop-w4", c_regwait, .nops = 3, .wait_nr = 4, .ms = 10),
	DEF("4-reg-3nop-w0", c_regwait, .nops = 3, .wait_nr = 0, .ms = 10),
	DEF("4-reg-pre2-w1", c_regwait, .pre = 2, .wait_nr = 1, .ms = 10),
	DEF("4-reg-pre2-1nop-w1", c_regwait, .pre = 2, .nops = 1, .wait_nr = 1,
	    .ms = 10),
	DEF("4-reg-pre1-w2", c_regwait, .pre = 1, .wait_nr = 2, .ms = 10),
	DEF("4-reg-empty-w1", c_regwait, .wait_nr = 1, .ms = 10),
	DEF("4-reg-empty-w1-dt", c_regwait, .flags = DT, .wait_nr = 1,
	    .ms = 10),
	DEF("4-reg-stuck-w1", c_regwait, .stuck = 1, .wait_nr = 1, .ms = 10),
	DEF("4-reg-stuck-w1-dt", c_regwait, .flags = DT, .stuck = 1,
	    .wait_nr = 1, .ms = 10),
	DEF("4-reg-badflags", c_regwait, .wait_nr = 1, .ms = 10, .idx = 1),
	DEF("4-reg-badflags-3nop", c_regwait, .nops = 3, .wait_nr = 1,
	    .ms = 10, .idx = 1),
	DEF("4-reg-beyond", c_regwait, .wait_nr = 1, .ms = 10, .idx = 64),
	DEF("4-reg-beyond-3nop", c_regwait, .nops = 3, .wait_nr = 1, .ms = 10,
	    .idx = 64),
	DEF("4-reg-negative", c_regwait, .wait_nr = 1, .ms = 10, .idx = -1),
	DEF("4-wait-reg-api", c_wait_reg_api, .nr = 64),
	DEF("4-wait-reg-api-dt", c_wait_reg_api, .flags = DT, .nr = 63),
	DEF("4-region-plain", c_region, .op = 0),
	DEF("4-region-waitarg-enabled", c_region, .op = 1),
	/* 5: dst_off = sq_entries, nr = cq_entries, src_off = second sq */
	DEF("5-resize-reuse", c_resize, .flags = DT, .dst_off = 16,
	    .src_off = 32),
	DEF("5-resize-cqsize", c_resize, .flags = DT, .cflags = CQSZ,
	    .dst_off = 16, .nr = 64),
	DEF("5-resize-cqsize-small", c_resize, .flags = DT, .cflags = CQSZ,
	    .dst_off = 16, .nr = 8),
	DEF("5-resize-single-issuer", c_resize, .flags = DT,
	    .cflags = IORING_SETUP_SINGLE_ISSUER, .dst_off = 16),
	DEF("5-resize-clamp", c_resize, .flags = DT, .cflags = CQSZ | CLAMP,
	    .dst_off = 1U << 20, .nr = 1U << 22),
	DEF("5-resize-huge", c_resize, .flags = DT, .dst_off = 1U << 20),
	DEF("5-resize-sq0", c_resize, .flags = DT, .dst_off = 0),
	DEF("5-resize-unknown-flag", c_resize, .flags = DT,
	    .cflags = 1U << 30, .dst_off = 16),
	DEF("5-resize-same", c_resize, .flags = DT, .dst_off = 8),
	DEF("5-resize-plain-ring", c_resize, .flags = 0, .dst_off = 16),
	DEF("5-resize-sqe128", c_resize,
	    .flags = DT | IORING_SETUP_SQE128 | IORING_SETUP_CQE32,
	    .dst_off = 16),
	DEF("5-resize-pending-cqes", c_resize_pending, .pre = 3,
	    .dst_off = 16),
	DEF("5-resize-pending-cqes-overflow", c_resize_pending, .pre = 6,
	    .dst_off = 2),
	DEF("5-resize-pending-sqes", c_resize_pending, .nops = 2,
	    .dst_off = 16),
	DEF("5-resize-pending-both", c_resize_pending, .pre = 2, .nops = 2,
	    .dst_off = 32),
	/* 6 */
	DEF("6-prep-nop", c_prep, .op = 0),
	DEF("6-prep-read", c_prep, .op = 1),
	DEF("6-prep-write", c_prep, .op = 2),
	DEF("6-prep-read-fixed", c_prep, .op = 3),
	DEF("6-prep-write-fixed", c_prep, .op = 4),
	DEF("6-prep-timeout", c_prep, .op = 5),
	DEF("6-prep-msg-ring", c_prep, .op = 6),
	DEF("6-prep-msg-ring-cqe-flags", c_prep, .op = 7),
	DEF("6-sqe-set-data", c_prep, .op = 8),
	DEF("6-sqe-set-data64", c_prep, .op = 9),
	DEF("6-sqe-set-flags", c_prep, .op = 10),
	DEF("6-get-sqe-garbage", c_get_sqe_garbage),
	DEF("6-get-sqe-garbage-sqe128", c_get_sqe_garbage,
	    .flags = IORING_SETUP_SQE128),
	DEF("6-data-before-prep", c_data_order),
	DEF("6-data-ptr", c_data_ptr),
	/* 7 */
	DEF("7-struct", c_struct),
	DEF("7-struct-dt", c_struct, .flags = DT),
	DEF("7-struct-sqe128-cqe32", c_struct,
	    .flags = IORING_SETUP_SQE128 | IORING_SETUP_CQE32),
	DEF("7-struct-sqpoll", c_struct, .flags = IORING_SETUP_SQPOLL),
	DEF("7-struct-iopoll", c_struct, .flags = IORING_SETUP_IOPOLL),
	DEF("7-init-params", c_init_params),
	DEF("7-init-params-cqsize", c_init_params, .flags = CQSZ, .nr = 64),
	DEF("7-init-params-dt", c_init_params, .flags = DT),
	/* 8: op 0 plain, 1 __plain, 2 offset, 3 __offset; pre: dst has xy */
	DEF("8-clone", c_clone, .op = 0),
	DEF("8-clone-srcreg", c_clone, .op = 0, .srcreg = 1),
	DEF("8-clone-busy", c_clone, .op = 0, .pre = 1),
	DEF("8-__clone-0", c_clone, .op = 1),
	DEF("8-__clone-srcr-unreg", c_clone, .op = 1, .cflags = SRCR),
	DEF("8-__clone-srcr-reg", c_clone, .op = 1, .cflags = SRCR,
	    .srcreg = 1),
	DEF("8-__clone-0-srcreg", c_clone, .op = 1, .srcreg = 1),
	DEF("8-__clone-replace", c_clone, .op = 1, .cflags = DSTR, .pre = 1),
	DEF("8-__clone-bad-flag", c_clone, .op = 1, .cflags = 1U << 7),
	DEF("8-off-0", c_clone, .op = 2, .dst_off = 1, .src_off = 1,
	    .nr = 2),
	DEF("8-off-whole", c_clone, .op = 2),
	DEF("8-off-srcr-unreg", c_clone, .op = 2, .cflags = SRCR, .nr = 1),
	DEF("8-off-srcr-reg", c_clone, .op = 2, .cflags = SRCR, .nr = 1,
	    .srcreg = 1),
	DEF("8-off-0-srcreg", c_clone, .op = 2, .dst_off = 2, .nr = 1,
	    .srcreg = 1),
	DEF("8-off-replace", c_clone, .op = 2, .cflags = DSTR, .pre = 1,
	    .dst_off = 1, .src_off = 2, .nr = 1),
	DEF("8-off-replace-grow", c_clone, .op = 2, .cflags = DSTR, .pre = 1,
	    .dst_off = 3, .nr = 2),
	DEF("8-off-busy", c_clone, .op = 2, .pre = 1, .nr = 1),
	DEF("8-off-both", c_clone, .op = 2, .cflags = SRCR | DSTR, .pre = 1,
	    .nr = 1),
	DEF("8-off-both-srcreg", c_clone, .op = 2, .cflags = SRCR | DSTR,
	    .pre = 1, .nr = 1, .srcreg = 1),
	DEF("8-off-bad-flag", c_clone, .op = 2, .cflags = 1U << 7, .nr = 1),
	DEF("8-off-overflow", c_clone, .op = 2, .src_off = 2, .nr = 2),
	DEF("8-off-nr0-off1", c_clone, .op = 2, .src_off = 1),
	DEF("8-off-nr-too-big", c_clone, .op = 2, .nr = 4),
	DEF("8-__off-0", c_clone, .op = 3, .dst_off = 1, .src_off = 1,
	    .nr = 2),
	DEF("8-__off-srcr-unreg", c_clone, .op = 3, .cflags = SRCR, .nr = 1),
	DEF("8-__off-srcr-reg", c_clone, .op = 3, .cflags = SRCR, .nr = 1,
	    .srcreg = 1),
	DEF("8-__off-0-srcreg", c_clone, .op = 3, .nr = 1, .srcreg = 1),
	DEF("8-__off-replace", c_clone, .op = 3, .cflags = DSTR, .pre = 1,
	    .dst_off = 1, .nr = 1),
	DEF("8-__off-both", c_clone, .op = 3, .cflags = SRCR | DSTR,
	    .pre = 1, .nr = 1),
	DEF("8-__off-both-srcreg", c_clone, .op = 3, .cflags = SRCR | DSTR,
	    .pre = 1, .nr = 1, .srcreg = 1),
	DEF("8-__off-bad-flag", c_clone, .op = 3, .cflags = 1U << 7, .nr = 1),
	/* 9 */
	DEF("9-sync-msg", c_sync_msg, .op = 0),
	DEF("9-sync-msg-dt", c_sync_msg, .flags = DT, .op = 0),
	DEF("9-sync-msg-cqe-flags", c_sync_msg, .op = 1),
	DEF("9-sync-msg-badfd", c_sync_msg, .op = 2),
	DEF("9-sync-msg-flag-bit5", c_sync_msg, .op = 3),
	DEF("9-msg-ring-flag-bit15", c_msg_bit15),
	/* 10 */
	DEF("10-submit", c_submit, .nops = 2),
	DEF("10-submit-dt", c_submit, .flags = DT, .nops = 2),
	DEF("10-submit-empty", c_submit),
	DEF("10-submit-and-wait-w1", c_submit_and_wait, .nops = 2,
	    .wait_nr = 1),
	DEF("10-submit-and-wait-w1-dt", c_submit_and_wait, .flags = DT,
	    .nops = 2, .wait_nr = 1),
	DEF("10-submit-and-wait-w0-dt", c_submit_and_wait, .flags = DT,
	    .nops = 2, .wait_nr = 0),
	DEF("10-submit-and-wait-pre-w1", c_submit_and_wait, .pre = 2,
	    .nops = 1, .wait_nr = 1),
	DEF("10-peek-empty", c_peek_wait, .op = 0),
	DEF("10-peek-empty-dt", c_peek_wait, .flags = DT, .op = 0),
	DEF("10-peek-one", c_peek_wait, .op = 0, .pre = 1),
	DEF("10-peek-submitted-dt", c_peek_wait, .flags = DT, .op = 0,
	    .pre = 1),
	DEF("10-wait-nr2", c_peek_wait, .op = 1, .pre = 3, .wait_nr = 2),
	DEF("10-wait-nr2-dt", c_peek_wait, .flags = DT, .op = 1, .pre = 3,
	    .wait_nr = 2),
	DEF("10-wait-nr0-empty", c_peek_wait, .op = 1, .wait_nr = 0),
	DEF("10-overflow", c_overflow),
	DEF("10-overflow-dt", c_overflow, .flags = DT),
	DEF("10-sq-space", c_sq_space),
	DEF("10-for-each", c_for_each),
	/* 11 */
	DEF("11-init-0", c_init_size, .nr = 0),
	DEF("11-init-3", c_init_size, .nr = 3),
	DEF("11-init-32768", c_init_size, .nr = 32768),
	DEF("11-init-32769", c_init_size, .nr = 32769),
	DEF("11-init-huge", c_init_size, .nr = 1U << 20),
	DEF("11-init-huge-clamp", c_init_size, .nr = 1U << 20,
	    .flags = CLAMP),
	DEF("11-init-bad-flag", c_init_size, .nr = 8, .flags = 1U << 31),
	DEF("11-exit", c_exit),
	DEF("11-exit-regfd", c_exit, .srcreg = 1),
	DEF("11-enable-not-disabled", c_enable),
	/*
	 * liburing crashes on a NULL params of resize_rings and
	 * queue_init_params, and on a NULL cqe_ptr of submit_and_wait_reg.
	 */
	DEF("11-null-region-reg", c_null, .op = 0),
	DEF("11-null-sync-msg-sqe", c_null, .op = 1),
	DEF("11-null-register-buffers", c_null, .op = 2),
};

static void run(const struct tcase *tc)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("%s: fork=%d\n", tc->name, -errno);
		return;
	}
	if (!pid) {
		line_len = (size_t)snprintf(line, sizeof(line), "%s:",
					    tc->name);
		alarm(20);
		tc->fn(tc);
		puts(line);
		fflush(stdout);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		printf("%s: waitpid=%d\n", tc->name, -errno);
	else if (WIFSIGNALED(status))
		printf("%s: crashed=sig%d\n", tc->name, WTERMSIG(status));
	else if (WEXITSTATUS(status))
		printf("%s: exit=%d\n", tc->name, WEXITSTATUS(status));
}

/* Runs every case, or those whose name starts with one of the arguments. */
int main(int argc, char **argv)
{
	size_t i;
	int j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (j = 1; j < argc; j++)
			if (!strncmp(cases[i].name, argv[j], strlen(argv[j])))
				break;
		if (argc == 1 || j < argc)
			run(&cases[i]);
	}
	return 0;
}
