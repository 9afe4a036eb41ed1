#!/bin/sh
# seed.sh: puts seed URLs (one a line on standard input, or the arguments)
# into the frontier of crawl-worker.sh, through the same dedupe index, so
# that a page linking back to a seed does not enqueue it a second time.
#
#   echo https://news.example/ | REDIS_URL=redis://redis:6379/0 ./seed.sh
#   ./seed.sh https://news.example/ https://news.example/world/
#
# Running it twice with the same seeds enqueues nothing the second time.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -euf   # -f: the ? of the state URL is not a glob

: "${REDIS_URL:=redis://127.0.0.1:6379/0}"
: "${STREAM:=frontier}"
: "${PREFIX:=crawl}"

line="fd-src ! dedupe method=exact field=url state=$REDIS_URL?prefix=$PREFIX \
  ! redis-sink location=$REDIS_URL stream=$STREAM url-only=true"

if [ $# -gt 0 ]; then
  printf '%s\n' "$@" | rill-launch --no-progress $line
else
  rill-launch --no-progress $line
fi
