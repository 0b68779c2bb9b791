/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE	/* RUSAGE_THREAD */
#include <sys/resource.h>
#include <time.h>
#include "bench.h"

long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void thread_usage(struct usage *u)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	u->cpu_ns = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
		    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
	u->sleeps = ru.ru_nvcsw;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void result(const char *bench, const char *name, double ns_per_op,
	    const char *extra)
{
	const char *path = getenv("BENCH_RESULTS");
	FILE *f = fopen(path ? path : "bench/results.jsonl", "a");

	if (!f)
		DIE("cannot open the results file");
	fprintf(f, "{\"bench\": \"%s\", \"case\": \"%s\", \"ns_per_op\": %.1f%s%s}\n",
		bench, name, ns_per_op, *extra ? ", " : "", extra);
	fclose(f);
	printf("%-8s %-18s %12.1f ns/op  %s\n", bench, name, ns_per_op, extra);
}

void must(int ret, const char *what)
{
	if (ret < 0)
		DIE("%s: %s", what, strerror(-ret));
}
