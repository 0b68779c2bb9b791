#!/bin/sh
# make bench: every benchmark, a table on the terminal, one JSON object per
# line in bench/results.jsonl (first line: the machine), and
# docs/benchmarks.md regenerated from it.
cd "$(dirname "$0")/.." || exit 1
out=bench/results.jsonl
cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)
printf '{"bench": "run", "kernel": "%s", "cpu": "%s", "cores": %s, "date": "%s"}\n' \
	"$(uname -r)" "$cpu" "$(nproc)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$out"

# System calls of one resize: those between the two marker calls.
if command -v strace >/dev/null 2>&1; then
	RESIZE_SYSCALLS=$(strace -qq -e trace=io_uring_register,mmap,munmap,getpid,getppid \
		./bench/resize --one 2>&1 >/dev/null |
		sed -n '/^getpid/,/^getppid/p' | grep -vc '^getp')
	export RESIZE_SYSCALLS
fi
echo "== bench/paths.sh: the hot paths, ours against liburing 2.15"
sh bench/paths.sh || exit 1
for b in wait msg clone resize cq-sizing; do
	echo "== bench/$b"
	./bench/$b || exit 1
done
if command -v python3 >/dev/null 2>&1; then
	python3 bench/report.py "$out" > docs/benchmarks.md &&
		echo "== docs/benchmarks.md regenerated from $out"
fi
