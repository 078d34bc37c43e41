#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kbuild cannot take an M= directory whose path has whitespace in it (its
# make variables split at blanks). Prints a path kbuild can use for DIR:
# DIR itself, or, when DIR's path has whitespace, a symlink to it under
# KDBG_CACHE named after a hash of the path (made on first use).
#
# Usage: scripts/kbuild-path.sh DIR
set -euo pipefail

dir=$(cd "${1:?usage: kbuild-path.sh DIR}" && pwd)
case "$dir" in
*[[:space:]]*) ;;
*) echo "$dir"; exit 0 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
alias=$KDBG_CACHE/kbuild-paths/$(printf '%s' "$dir" | sha256sum | cut -c1-16)
mkdir -p "$(dirname "$alias")"
[ "$(readlink "$alias" 2>/dev/null)" = "$dir" ] || ln -sfn "$dir" "$alias"
echo "$alias"
