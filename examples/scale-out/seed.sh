#!/bin/sh
# seed.sh: puts seed URLs (one a line on standard input, or the arguments)
# into the frontier of crawl-worker.sh, the way the workers enqueue
# (`redis-sink unique=`, same REDIS_URL, STREAM and PREFIX), so that a page
# linking back to a seed does not enqueue it a second time.
#
#   echo https://news.example/ | REDIS_URL=redis://redis:6379/0 ./seed.sh
#   ./seed.sh https://news.example/ https://news.example/world/
#
# Running it twice with the same seeds enqueues nothing the second time.
# Seeds have no depth: with MAX_DEPTH, the workers count them as depth 0.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

: "${REDIS_URL:=redis://127.0.0.1:6379/0}"
: "${STREAM:=frontier}"
: "${PREFIX:=crawl}"

seed ()
{
  rill-launch --no-progress fd-src \
    ! redis-sink location="$REDIS_URL" stream="$STREAM" url-only=true unique="$PREFIX"
}

if [ $# -gt 0 ]; then
  printf '%s\n' "$@" | seed
else
  seed
fi
