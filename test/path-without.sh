#!/bin/sh
# Fills DIR with links to every command on the PATH except those whose
# names match one of the shell patterns: a PATH=DIR run then lacks them.
#   test/path-without.sh DIR PATTERN...
dir=${1:?usage: path-without.sh DIR PATTERN...}
shift
mkdir -p "$dir" || exit 1
for d in $(echo "$PATH" | tr : ' '); do
	for f in "$d"/*; do
		n=${f##*/}
		for p in "$@"; do
			# shellcheck disable=SC2254
			case $n in $p) continue 2 ;; esac
		done
		[ -e "$dir/$n" ] || ln -s "$f" "$dir/$n"
	done
done 2>/dev/null
exit 0
