#!/bin/sh
# crawl-worker.sh: one worker of a crawl shared through Redis.
#
# Every worker runs this same line; Redis is the only state they share:
#   - the stream $STREAM is the frontier, read through the consumer group
#     $GROUP (each entry goes to one worker, and is acknowledged only once
#     the page's links are in the stream and the page is in the database);
#   - the set $PREFIX:seen holds the canonical URL of every entry:
#     `redis-sink unique=` checks it and appends to the stream in one
#     atomic step, so each canonical URL enters the frontier once,
#     whichever worker found it, also when a worker dies.
# The worker ends by itself (exit 0) when the frontier has had nothing new
# for $IDLE_TIMEOUT seconds and no entry is pending anywhere in the group.
#
# Environment (defaults in brackets):
#   REDIS_URL      redis://host:port/db            [redis://127.0.0.1:6379/0]
#   SCOPE          regex a link must match to be followed (required),
#                  e.g. '^https://news[.]example/'
#   MAX_DEPTH      follow links up to this many links from a seed [none]:
#                  the frontier then holds JSON docs with url and depth
#                  (redis-sink fields=url,depth) instead of bare URLs
#   WORKER         this worker's name, for its output file and its
#                  consumer name in the group         [$(hostname)-$$]
#   OUT_DIR        where pages-$WORKER.db goes     [.]
#   STREAM GROUP PREFIX IDLE_TIMEOUT CONCURRENCY   [frontier crawl crawl 30 16]
#
# Seed the frontier once beforehand with seed.sh (same REDIS_URL, STREAM,
# PREFIX). claim-idle (5 min) is longer than a page can take from being
# read to being acknowledged (http-fetch: 30 s x 3 attempts + backoff): a
# dead worker's pages are taken over after it.
#
# Stop a worker with SIGTERM or SIGINT (what systemd, Slurm and Kubernetes
# send): its sinks flush, what they wrote is acknowledged, and the pages
# it had not finished stay pending for the others (exit status 130).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

: "${REDIS_URL:=redis://127.0.0.1:6379/0}"
: "${SCOPE:?set SCOPE to the regex of the URLs to follow, e.g. ^https://news[.]example/}"
: "${MAX_DEPTH:=}"
: "${WORKER:=$(hostname)-$$}"
: "${OUT_DIR:=.}"
: "${STREAM:=frontier}"
: "${GROUP:=crawl}"
: "${PREFIX:=crawl}"
: "${IDLE_TIMEOUT:=30}"
: "${CONCURRENCY:=16}"

if [ -n "$MAX_DEPTH" ]; then
  set -- ! filter field=depth op=le value="$MAX_DEPTH" \
         ! redis-sink location="$REDIS_URL" stream="$STREAM" fields=url,depth unique="$PREFIX"
else
  set -- ! redis-sink location="$REDIS_URL" stream="$STREAM" url-only=true unique="$PREFIX"
fi

exec rill-launch --no-progress \
  --stats="$OUT_DIR/stats-$WORKER.json" --errors="$OUT_DIR/errors-$WORKER.jsonl" \
  redis-src location="$REDIS_URL" stream="$STREAM" group="$GROUP" consumer="$WORKER" \
      idle-timeout="$IDLE_TIMEOUT" claim-idle=300000 \
  ! http-fetch concurrency="$CONCURRENCY" \
  ! tee name=t \
  t. ! html-extract ! sqlite-sink location="$OUT_DIR/pages-$WORKER.db" key=url \
  t. ! html-links ! filter field=url regex="$SCOPE" "$@"
