#!/bin/sh
# struct io_uring, io_uring_sq and io_uring_cq have liburing's layout: the
# same sizeof, and the same offset, size, type and name for every field, as
# Debian's liburing 2.3, 2.9 and 2.15 define them (2.3 and 2.9 call sqes_sz
# and pad pad[2]); 64-bit, and 32-bit where gcc -m32 works.  A liburing
# that cannot be fetched is left out, said on the last line; none: skip.
cd "$(dirname "$0")/.." || exit 1
src=test/compat/layout.c
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 compared=0 versions= missing=

layout() {	# name cflags...
	out=$tmp/$1
	shift
	${CC:-cc} -std=gnu11 -Wall -Wextra -Werror "$@" -o "$out" $src &&
		"$out" > "$out.txt"
}

for m in -m64 -m32; do
	layout ours$m $m -Iinclude 2>"$tmp/err" || {
		[ $m = -m32 ] && { echo "layout: no -m32 build here, 64-bit only"
				   break; }
		cat "$tmp/err"; exit 1; }
	for v in 2.3 2.9 2.15; do
		root=$(sh test/deps/liburing.sh $v 2>"$tmp/fetch") || {
			case " $missing " in *" $v "*) ;; *)
				missing="$missing $v"
				echo "layout: liburing $v: $(tail -n 1 "$tmp/fetch")" ;;
			esac
			continue; }
		case " $versions " in *" $v "*) ;; *) versions="$versions $v" ;; esac
		extra=
		case $v in 2.3|2.9) extra=-DLIBURING_PAD_ONLY ;; esac
		layout liburing-$v$m $m -DUSE_LIBURING $extra -D_GNU_SOURCE \
			-I"$root/usr/include" \
			-idirafter .cache/liburing-$v/linux-include || exit 1
		ours=$tmp/ours$m.txt
		if [ -n "$extra" ]; then
			# 2.3's pad[2] spans 2.15's sqes_sz and pad.
			grep -v 'io_uring_sq\.\(sqes_sz\|pad\) ' "$ours" \
				> "$tmp/ours23"
			off=$(sed -n 's/^struct io_uring_sq.sqes_sz offset \([0-9]*\).*/\1/p' "$ours")
			echo "struct io_uring_sq.pad offset $off size 8 type unsigned[]" >> "$tmp/ours23"
			echo "struct io_uring_sq.sqes_sz pad offset $off" >> "$tmp/ours23"
			sort "$tmp/ours23" > "$tmp/a"
		else
			sort "$ours" > "$tmp/a"
		fi
		sort "$tmp/liburing-$v$m.txt" > "$tmp/b"
		compared=$((compared + $(wc -l < "$tmp/b")))
		if ! diff -u "$tmp/b" "$tmp/a"; then
			echo "layout: ours (+) differs from liburing $v (-), $m"
			failed=1
		fi
	done
done
if [ -z "$versions" ]; then
	echo "SKIP: no liburing could be fetched (needs apt-get and Debian's archive)"
	exit 77
fi
echo "layout: $compared sizes and fields compared with liburing$versions${missing:+ (not fetched:$missing)}"
exit $failed
