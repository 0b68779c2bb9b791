#!/bin/sh
# Runs each test program with a time limit and prints one line per test and
# the summary "N passed, N failed, N skipped".  Exits 1 on any failure.
limit=${TEST_TIMEOUT:-120}
passed=0 failed=0 skipped=0 failures=""
for t in "$@"; do
	out=$(timeout -k 5 "$limit" ${TEST_WRAPPER:-} "$t" 2>&1)
	rc=$?
	case $rc in
	0) passed=$((passed + 1))
		last=$(printf '%s\n' "$out" | tail -n 1)
		echo "PASS $t${last:+: $last}" ;;
	77) skipped=$((skipped + 1)); echo "SKIP $t: $(printf '%s\n' "$out" | tail -n 1)" ;;
	124|137) failed=$((failed + 1)); failures="$failures $t"
		echo "FAIL $t: timed out after ${limit}s"
		printf '%s\n' "$out" | sed 's/^/    /' ;;
	*) failed=$((failed + 1)); failures="$failures $t"
		echo "FAIL $t (exit $rc)"
		printf '%s\n' "$out" | sed 's/^/    /' ;;
	esac
done
[ -z "$failures" ] || echo "failed:$failures"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
