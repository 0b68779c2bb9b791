#!/bin/sh
# make coverage: the suite (make runtests) and the stress tests (make
# stress) in a copy of the tree built with gcov (.build/coverage, gcc -O0
# --coverage), then gcovr's line and branch coverage of src/ per file, the
# lines not reached, and the totals against COVERAGE_LINES (95) and
# COVERAGE_BRANCHES (85) percent.  Reports: .build/coverage/coverage-*.txt.
set -u
export LC_ALL=C
cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
build=$top/.build/coverage
min_lines=${COVERAGE_LINES:-95}
min_branches=${COVERAGE_BRANCHES:-85}
fail() { echo "coverage: FAIL: $*"; exit 1; }
for tool in gcc gcov gcovr; do
	command -v $tool >/dev/null ||
		fail "no $tool (Debian: apt-get install gcc gcovr)"
done
unset MAKEFLAGS MAKELEVEL MFLAGS

sh test/copy-tree.sh "$build" || fail "copying the tree"
# The Debian packages test/deps fetches for the suite: this tree's cache.
mkdir -p "$top/.cache" && ln -s "$top/.cache" "$build/.cache"
cd "$build" || exit 1
# The copy is its own git tree for the tests that copy it in turn
# (test/build.sh), not a part of this one (where .build/ is ignored).
git init -q . && printf '.cache\n*.gcno\n*.gcda\n' >> .git/info/exclude ||
	fail "git init"
# --coverage in CC, so that the tests that compile and link by themselves
# (against the static library too) get it; not in the static library's
# partial link (-r), which would take libgcov into the library.
cat > gcc-coverage <<'EOF'
#!/bin/sh
for a; do [ "$a" = -r ] && exec gcc "$@"; done
exec gcc --coverage -fprofile-update=atomic "$@"
EOF
chmod +x gcc-coverage
./configure --cc="$build/gcc-coverage" >/dev/null || fail configure
status=0
echo "== make runtests (gcov build)"
make -s runtests CFLAGS="-O0 -g" || status=1
echo "== make stress (gcov build)"
make -s stress CFLAGS="-O0 -g" || status=1
[ $status -eq 0 ] || fail "the suite failed in the gcov build"

# src/ only: the library, its inline headers and the probe program.
report() {
	gcovr --root . --filter 'src/' --exclude-unreachable-branches "$@" .
}
report --txt coverage-lines.txt --json-summary coverage.json \
	--print-summary > summary.txt || fail gcovr
report --branches --txt coverage-branches.txt || fail "gcovr --branches"
echo "== lines of src/ (Missing: the lines not reached)"
cat coverage-lines.txt
echo "== branches of src/"
cat coverage-branches.txt
cat summary.txt
pct() { sed -n "s/^$1: \([0-9.]*\)%.*/\1/p" summary.txt; }
lines=$(pct lines) branches=$(pct branches)
[ -n "$lines" ] && [ -n "$branches" ] || fail "no summary from gcovr"
awk -v l="$lines" -v b="$branches" -v ml="$min_lines" -v mb="$min_branches" \
	'BEGIN { exit !(l >= ml && b >= mb) }' ||
	fail "lines $lines% (goal $min_lines%), branches $branches% (goal $min_branches%)"
echo "coverage: src/ lines $lines% (goal $min_lines%)," \
     "branches $branches% (goal $min_branches%)"
