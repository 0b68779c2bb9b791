/* SPDX-License-Identifier: MIT */
/*
 * Sizing the CQ for bursts, as a network server sees them: a burst of
 * completions larger than the starting CQ, then a quiet spell, repeated,
 * and at the end a long quiet spell (the load has fallen).  Three rings:
 * - fixed_small: the starting CQ, never resized: every burst overflows,
 *   the kernel allocates an overflow entry per CQE that does not fit, and
 *   the loop enters the kernel to flush them back;
 * - fixed_large: a CQ sized for the largest burst;
 * - self_sized: the starting CQ and io_uring_cq_autosize() after each reap.
 * The time counted is the loop's (submitting, reaping, the autosize
 * calls, the quiet spells' polls), per CQE; ring setup is not counted.
 * The cases run in turns, one session each per round, the order rotating;
 * each figure is the median of the rounds.
 */
#include <stdint.h>
#include <unistd.h>
#include "bench.h"

#define SQ_ENTRIES	128
#define SMALL_CQ	256	/* io_uring_queue_init(128)'s CQ */
#define LARGE_CQ	8192	/* the largest burst */
#define BURSTS		1024	/* per session */
#define QUIET_POLLS	32	/* between bursts */
#define IDLE_CALLS	256	/* the policy's "a while" */
#define FINAL_POLLS	(2 * IDLE_CALLS)
#define ROUNDS		15
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const unsigned burst_sizes[] = { 2048, 8192, 4096, 6144 };

enum kind { FIXED_SMALL, FIXED_LARGE, SELF_SIZED, NKINDS };
static const char *const names[] = {
	"fixed_small", "fixed_large", "self_sized"
};

struct session {
	unsigned long long cqes;
	long long ns;
	unsigned overflows;	/* reaps that found the CQ overflowed */
	unsigned resizes;
	size_t idle_bytes;
};

static struct io_uring ring;
static struct io_uring_cq_autosize policy;
static __u64 next_data, next_reap;

/* The SQ and CQ rings and the SQE array, as mapped. */
static size_t ring_bytes(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t n = ring.sq.ring_sz;

	if (ring.cq.ring_ptr != ring.sq.ring_ptr)
		n += ring.cq.ring_sz;
	n = (n + page - 1) / page * page;
	return n + (ring.sq.ring_entries * sizeof(struct io_uring_sqe) +
		    page - 1) / page * page;
}

static void autosize(enum kind kind, struct session *s)
{
	int ret;

	if (kind != SELF_SIZED)
		return;
	ret = io_uring_cq_autosize(&ring, &policy);
	must(ret, "cq_autosize");
	if (ret)
		s->resizes++;
}

/* The burst arrives: @n requests complete before the loop reaps. */
static void burst(unsigned n)
{
	unsigned i, k;

	while (n) {
		k = n < SQ_ENTRIES ? n : SQ_ENTRIES;
		for (i = 0; i < k; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

			io_uring_prep_nop(sqe);
			sqe->user_data = next_data++;
		}
		must(io_uring_submit(&ring), "submit");
		n -= k;
	}
}

/* Reaps everything the burst posted, as a server loop does. */
static void reap(enum kind kind, struct session *s)
{
	struct io_uring_cqe *cqe;
	unsigned head, n;

	while (next_reap != next_data) {
		must(io_uring_wait_cqe(&ring, &cqe), "wait");
		if (io_uring_cq_has_overflow(&ring))
			s->overflows++;
		n = 0;
		io_uring_for_each_cqe(&ring, head, cqe) {
			if (cqe->user_data != next_reap++ || cqe->res)
				DIE("completion lost or out of order");
			n++;
		}
		io_uring_cq_advance(&ring, n);
		autosize(kind, s);
	}
}

/* The quiet spell: the loop polls and finds nothing. */
static void quiet(enum kind kind, struct session *s, unsigned polls)
{
	struct io_uring_cqe *cqe;

	while (polls--) {
		if (io_uring_peek_cqe(&ring, &cqe) != -EAGAIN)
			DIE("a completion in the quiet spell");
		autosize(kind, s);
	}
}

static void session(enum kind kind, struct session *s)
{
	struct io_uring_params p;
	long long start;
	unsigned i;

	memset(s, 0, sizeof(*s));
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN |
		  IORING_SETUP_CQSIZE;
	p.cq_entries = kind == FIXED_LARGE ? LARGE_CQ : SMALL_CQ;
	must(io_uring_queue_init_params(SQ_ENTRIES, &ring, &p), "queue_init");
	policy = (struct io_uring_cq_autosize)
		IO_URING_CQ_AUTOSIZE_INIT(SMALL_CQ, LARGE_CQ, IDLE_CALLS);
	next_data = next_reap = 0;

	start = now_ns();
	for (i = 0; i < BURSTS; i++) {
		burst(burst_sizes[i % ARRAY_SIZE(burst_sizes)]);
		reap(kind, s);
		quiet(kind, s, i + 1 < BURSTS ? QUIET_POLLS : FINAL_POLLS);
	}
	s->ns = now_ns() - start;
	s->cqes = next_data;
	s->idle_bytes = ring_bytes();
	if (*ring.cq.koverflow)
		DIE("%s: the kernel dropped %u CQEs", names[kind],
		    *ring.cq.koverflow);
	io_uring_queue_exit(&ring);
}

/* @paired: self_sized / fixed_large, the median of the rounds' ratios. */
static void write_result(enum kind kind, double ns_per_cqe,
			 const struct session *s, double paired)
{
	const char *path = getenv("BENCH_RESULTS");
	FILE *f = fopen(path ? path : "bench/results.jsonl", "a");

	if (!f)
		DIE("cannot open the results file");
	fprintf(f, "{\"bench\": \"cq_sizing\", \"case\": \"%s\", "
		"\"ns_per_cqe\": %.1f, \"overflows\": %u, "
		"\"ring_bytes_idle\": %zu, \"resizes\": %u, \"cqes\": %llu, "
		"\"bursts\": %d, \"start_cq\": %d, \"large_cq\": %d, "
		"\"rounds\": %d", names[kind], ns_per_cqe, s->overflows,
		s->idle_bytes, s->resizes, s->cqes, BURSTS, SMALL_CQ, LARGE_CQ,
		ROUNDS);
	if (kind == SELF_SIZED)
		fprintf(f, ", \"paired_ratio_vs_fixed_large\": %.3f", paired);
	fprintf(f, "}\n");
	fclose(f);
	printf("%-9s %-18s %8.1f ns/CQE  overflows %u, resizes %u, "
	       "idle ring %zu bytes\n", "cq_sizing", names[kind], ns_per_cqe,
	       s->overflows, s->resizes, s->idle_bytes);
}

int main(void)
{
	double v[NKINDS][ROUNDS], ratio[ROUNDS], paired;
	struct session s[NKINDS];
	int round, i;

	if (!(io_uring_regions_probe() & IO_URING_REGIONS_RESIZE))
		DIE("cq_sizing: the kernel cannot resize rings");
	session(SELF_SIZED, &s[SELF_SIZED]);	/* warm-up */
	for (round = 0; round < ROUNDS; round++) {
		for (i = 0; i < NKINDS; i++) {
			enum kind k = (enum kind)((round + i) % NKINDS);

			session(k, &s[k]);
			v[k][round] = (double)s[k].ns / (double)s[k].cqes;
		}
		ratio[round] = v[SELF_SIZED][round] / v[FIXED_LARGE][round];
	}
	paired = median(ratio, ROUNDS);
	for (i = 0; i < NKINDS; i++)
		write_result((enum kind)i, median(v[i], ROUNDS), &s[i], paired);
	printf("self_sized / fixed_large, paired by round: median %.3f\n",
	       paired);
	return 0;
}
