#!/bin/sh
# Copies the tree's sources (tracked and new files, none of the build's,
# symlinks kept) into DEST, emptied first, for a build that leaves this
# tree's alone: test/copy-tree.sh DEST
set -eu
cd "$(dirname "$0")/.."
dest=${1:?usage: copy-tree.sh DEST}
rm -rf "$dest"
mkdir -p "$dest"
if git rev-parse --git-dir >/dev/null 2>&1; then
	# Tracked files deleted in the work tree are left out.
	git ls-files -co --exclude-standard -z |
		xargs -0 sh -c 'for f; do [ -e "$f" ] || [ -L "$f" ] &&
			printf "%s\0" "$f"; done; true' sh |
		xargs -0 -r cp -P --parents -t "$dest"
else
	tar -C . --exclude=./.build --exclude=./.cache -cf - . | tar -C "$dest" -xf -
	make -s -C "$dest" distclean >/dev/null 2>&1 || true
fi
