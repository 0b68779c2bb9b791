#!/bin/sh
# Installs the pages under MANDIR, or removes them, without a file that
# liburing-dev ships: liburing has section 3 pages of the same names
# (io_uring_queue_init.3 ...), so ours are section 3regions, in man3 as
# NAME.3regions (as libbsd's 3bsd); every reference to one of our section 3
# pages, in any of our pages, says (3regions).
#   sh man/install.sh install|uninstall MANDIR
set -u
cd "$(dirname "$0")" || exit 1
action=${1:?usage: install.sh install|uninstall MANDIR}
mandir=${2:?usage: install.sh install|uninstall MANDIR}
suffix=regions

# The installed name of a page: NAME.3 -> NAME.3regions.
inst() {
	case $1 in
	*.3) echo "$1$suffix" ;;
	*) echo "$1" ;;
	esac
}

if [ "$action" = uninstall ]; then
	for f in *.[137]; do
		[ -e "$f" ] || continue
		rm -f "$mandir/man${f##*.}/$(inst "$f")"
	done
	exit 0
fi

refs=
for f in *.3; do
	n=${f%.3}
	refs="$refs -e s/\\b$n\\s(3)/$n\\x20(3$suffix)/g"
done
for s in 1 3 7; do
	mkdir -p "$mandir/man$s" || exit 1
done
for f in *.[137]; do
	[ -e "$f" ] || continue
	dest=$mandir/man${f##*.}/$(inst "$f")
	rm -f "$dest"
	if [ -L "$f" ]; then
		ln -s "$(inst "$(readlink "$f")")" "$dest" || exit 1
		continue
	fi
	# shellcheck disable=SC2086
	sed -e "1,/^\\.TH /s/^\\(\\.TH [^ ]* \\)3 /\\13$suffix /" $refs "$f" \
		> "$dest" && chmod 644 "$dest" || exit 1
done
