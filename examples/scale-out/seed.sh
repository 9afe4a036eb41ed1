#!/bin/sh
# seed.sh: puts seed URLs (one a line on standard input, or the arguments)
# into the frontier of crawl-worker.sh, the way the workers enqueue (same
# REDIS_URL, STREAM, PREFIX and ENQUEUE), so that a page linking back to
# a seed does not enqueue it a second time.
#
#   echo https://news.example/ | REDIS_URL=redis://redis:6379/0 ./seed.sh
#   ./seed.sh https://news.example/ https://news.example/world/
#
# Running it twice with the same seeds enqueues nothing the second time.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

: "${REDIS_URL:=redis://127.0.0.1:6379/0}"
: "${STREAM:=frontier}"
: "${PREFIX:=crawl}"
: "${ENQUEUE:=$(rill-inspect redis-sink 2>/dev/null | grep -q '^  unique ' && echo unique || echo dedupe)}"

seed ()
{
  case "$ENQUEUE" in
    unique)
      rill-launch --no-progress fd-src \
        ! redis-sink location="$REDIS_URL" stream="$STREAM" url-only=true unique="$PREFIX" ;;
    dedupe)
      rill-launch --no-progress fd-src \
        ! dedupe method=exact field=url state="$REDIS_URL?prefix=$PREFIX" \
        ! redis-sink location="$REDIS_URL" stream="$STREAM" url-only=true ;;
    *)
      echo "seed.sh: ENQUEUE must be dedupe or unique, not $ENQUEUE" >&2
      return 2 ;;
  esac
}

if [ $# -gt 0 ]; then
  printf '%s\n' "$@" | seed
else
  seed
fi
