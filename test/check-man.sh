#!/bin/sh
# The man pages: lint-clean under mandoc and groff; every public function
# (exported or inline) has a page and every page names one (or is the
# overview or the probe program's page); each page's EXAMPLES program
# compiles against the built library with -Wall -Wextra -Werror and runs;
# make install puts them in man1, man3 (as NAME.3regions) and man7, and
# man -l renders each.
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

for tool in mandoc groff man; do
	command -v $tool >/dev/null || { echo "check-man: no $tool"; exit 1; }
done

# 1. lint
for page in man/*.[137]; do
	out=$(mandoc -Tlint -Wwarning "$page" 2>&1) || true
	[ -z "$out" ] || fail "mandoc: $out"
	out=$(groff -man -ww -z "$page" 2>&1)
	[ -z "$out" ] || fail "groff $page: $out"
done

# 2. pages and public names, both ways
{
	grep -E '^[a-z_][a-z_ ]*[ *]+_*io_uring_[a-z0-9_]+\(' \
		include/liburing-regions.h include/liburing-regions/*.h |
		grep -v ':static' | sed 's/^[^:]*://'
	grep -h -E '^static inline' -A1 include/liburing-regions.h \
		include/liburing-regions/*.h
} | grep -oE '_*io_uring_[a-z0-9_]+\(' | tr -d '(' | sort -u \
	> "$tmp/public"
echo io_uring_for_each_cqe >> "$tmp/public"
while read -r name; do
	[ -e "man/$name.3" ] || fail "no man page for $name"
done < "$tmp/public"
for page in man/*.3; do
	name=$(basename "$page" .3)
	grep -qx "$name" "$tmp/public" || fail "$page names no public function"
done
[ -f man/liburing-regions.7 ] || fail "no overview page"
[ -f man/uring-regions-probe.1 ] || fail "no page for uring-regions-probe"

# 3. examples: extract, compile, run
examples=0
for page in man/*.3; do
	[ -L "$page" ] && continue
	name=$(basename "$page" .3)
	awk '/^\.SH EXAMPLES/ { ex = 1; next }
	     /^\.SH/ { ex = 0 }
	     ex && /^\.EE/ { inside = 0 }
	     ex && inside { print }
	     ex && /^\.EX/ { inside = 1 }' "$page" |
		sed -e 's/\\e/\\/g' -e 's/\\-/-/g' -e 's/\\&//g' \
		    -e "s/\\\\(aq/'/g" > "$tmp/$name.c"
	if ! [ -s "$tmp/$name.c" ]; then
		fail "$page has no EXAMPLES program"
		continue
	fi
	if ! ${CC:-cc} -Wall -Wextra -Werror -Iinclude -o "$tmp/$name" \
		"$tmp/$name.c" -Lsrc -luring-regions \
		-Wl,-rpath,"$PWD/src" -lpthread ${LDFLAGS:-} \
		> "$tmp/$name.log" 2>&1; then
		fail "$page: the example does not compile"
		sed 's/^/    /' "$tmp/$name.log"
		continue
	fi
	if ! (cd "$tmp" && timeout 30 "./$name" > "$name.out" 2>&1); then
		fail "$page: the example exits non-zero"
		sed 's/^/    /' "$tmp/$name.out"
	fi
	examples=$((examples + 1))
done

# 4. install and render
make -s install DESTDIR="$tmp/root" prefix=/usr >/dev/null || fail "install"
for page in man/*.[137]; do
	base=$(basename "$page")
	sec=${base##*.}
	inst="$tmp/root/usr/share/man/man$sec/$base"
	[ "$sec" = 3 ] && inst=${inst}regions
	[ -e "$inst" ] || { fail "$base not installed in man$sec"; continue; }
	out=$(MANWIDTH=80 man -l "$inst" 2>&1 >/dev/null)
	[ -z "$out" ] || fail "man -l $base: $out"
	MANWIDTH=80 man -l "$inst" 2>/dev/null | grep -q . ||
		fail "man -l $base renders nothing"
done
echo "check-man: $(ls man/*.[137] | wc -l) pages, $examples examples compiled and run"
exit $status
