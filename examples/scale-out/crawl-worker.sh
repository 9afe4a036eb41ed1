#!/bin/sh
# crawl-worker.sh: one worker of a crawl shared through Redis.
#
# Every worker runs this same line; Redis is the only state they share:
#   - the stream $STREAM is the frontier, read through the consumer group
#     $GROUP (each entry goes to one worker, and is acknowledged only once
#     the page's links are in the stream and the page is in the database);
#   - the URLs enqueued so far, under $PREFIX, let each canonical URL into
#     the frontier once, whichever worker found it.
# The worker ends by itself (exit 0) when the frontier has had nothing new
# for $IDLE_TIMEOUT seconds and no entry is pending anywhere in the group.
#
# Environment (defaults in brackets):
#   REDIS_URL      redis://host:port/db            [redis://127.0.0.1:6379/0]
#   SCOPE          regex a link must match to be followed (required),
#                  e.g. '^https://news[.]example/'
#   WORKER         this worker's name, for its output file and its
#                  consumer name in the group         [$(hostname)-$$]
#   OUT_DIR        where pages-$WORKER.db goes     [.]
#   STREAM GROUP PREFIX IDLE_TIMEOUT CONCURRENCY   [frontier crawl crawl 30 16]
#   ENQUEUE        how a URL is enqueued once      [unique if redis-sink
#                                                   has it, else dedupe]
#                  unique: `redis-sink unique=` (check and enqueue in one
#                  atomic step);
#                  dedupe: `dedupe state=redis://` then `redis-sink` (see
#                  docs/scale-out.md, "What is missing": with this tree's
#                  dedupe it enqueues known URLs again, and a separate
#                  check cannot survive a worker's death)
#
# Seed the frontier once beforehand with seed.sh (same REDIS_URL, STREAM,
# PREFIX, ENQUEUE). claim-idle (5 min) is longer than a page can take from
# being read to being acknowledged (http-fetch: 30 s x 3 attempts +
# backoff): a dead worker's pages are taken over after it.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

: "${REDIS_URL:=redis://127.0.0.1:6379/0}"
: "${SCOPE:?set SCOPE to the regex of the URLs to follow, e.g. ^https://news[.]example/}"
: "${WORKER:=$(hostname)-$$}"
: "${OUT_DIR:=.}"
: "${STREAM:=frontier}"
: "${GROUP:=crawl}"
: "${PREFIX:=crawl}"
: "${IDLE_TIMEOUT:=30}"
: "${CONCURRENCY:=16}"
: "${ENQUEUE:=$(rill-inspect redis-sink 2>/dev/null | grep -q '^  unique ' && echo unique || echo dedupe)}"

case "$ENQUEUE" in
  unique)
    set -- ! redis-sink location="$REDIS_URL" stream="$STREAM" url-only=true unique="$PREFIX" ;;
  dedupe)
    set -- ! dedupe method=exact field=url state="$REDIS_URL?prefix=$PREFIX" \
           ! redis-sink location="$REDIS_URL" stream="$STREAM" url-only=true ;;
  *)
    echo "crawl-worker.sh: ENQUEUE must be dedupe or unique, not $ENQUEUE" >&2
    exit 2 ;;
esac

rill-launch --no-progress \
  --stats="$OUT_DIR/stats-$WORKER.json" --errors="$OUT_DIR/errors-$WORKER.jsonl" \
  redis-src location="$REDIS_URL" stream="$STREAM" group="$GROUP" consumer="$WORKER" \
      idle-timeout="$IDLE_TIMEOUT" claim-idle=300000 \
  ! http-fetch concurrency="$CONCURRENCY" \
  ! tee name=t \
  t. ! html-extract ! sqlite-sink location="$OUT_DIR/pages-$WORKER.db" key=url \
  t. ! html-links ! filter field=url regex="$SCOPE" "$@" &
pid=$!

# A stop (SIGTERM from systemd, Slurm or Kubernetes) kills the worker
# outright: a stopped rill-launch would acknowledge the fetches it
# cancels, unwritten (docs/scale-out.md, "What is missing"); a killed one
# acknowledges nothing after its last checkpoint, and the other workers
# take its pages over. Remove once that is fixed.
trap 'kill -KILL "$pid" 2>/dev/null || :' TERM INT
status=0
wait "$pid" || status=$?
while kill -0 "$pid" 2>/dev/null; do
  wait "$pid" || status=$?
done
exit "$status"
