/* SPDX-License-Identifier: MIT */
/* Shared pieces of the benchmarks: timing, medians, JSON lines. */
#ifndef BENCH_H
#define BENCH_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <liburing-regions.h>

#define REPS	5

#define DIE(...) do {							\
	fprintf(stderr, __VA_ARGS__);					\
	fputc('\n', stderr);						\
	exit(1);							\
} while (0)

long long now_ns(void);
/* From getrusage() of the calling thread: user + system CPU time, and the
 * times it slept (voluntary context switches). */
struct usage {
	long long cpu_ns;
	long sleeps;
};
void thread_usage(struct usage *u);
double median(double *v, int n);
/* Appends one JSON object to bench/results.jsonl (or $BENCH_RESULTS):
 * "bench", "case", "ns_per_op", then the extra "key": value pairs given
 * as a preformatted string (may be empty). Also prints a table row. */
void result(const char *bench, const char *name, double ns_per_op,
	    const char *extra);
void must(int ret, const char *what);

#endif
