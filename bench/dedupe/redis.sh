#!/bin/sh
# bench/dedupe/redis.sh: the Redis index (state=redis://) against the
# in-memory one, per method.
#
#   bench/dedupe/redis.sh BENCH_BINARY [N_DOCS] [SEED]
#
# BENCH_BINARY is build-*/bench/dedupe/rill-dedupe-bench (built with
# hiredis). Starts its own redis-server on a free 127.0.0.1 port (no
# persistence, temporary directory; killed by PID at the end), runs each
# method in memory and through Redis with 1 doc a script call (what the
# element does) and 100, checks that the predictions are identical, and
# prints docs/s (in memory: thread CPU time; Redis: wall clock, and
# cpu_docs/s over the server's plus the client's CPU time) and memory per
# doc (Redis: growth of used_memory).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
neardup=${RILL_NEARDUP_DIR:-/work/shared/bench/neardup}
cache=${RILL_BENCH_CACHE:-/tmp/rill-neardup}
bin=$1
n=${2:-20000}
seed=${3:-7}
py=/usr/bin/python3

mkdir -p "$cache"
corpus="$cache/c$((n / 1000))k-s$seed.jsonl"
if [ ! -s "$corpus" ]; then
  "$py" "$neardup/make_neardup.py" --pool "$neardup/pool.jsonl" -n "$n" \
    --seed "$seed" -q -o "$corpus.tmp"
  mv "$corpus.tmp" "$corpus"
fi

dir=$(mktemp -d /tmp/rill-dedupe-redis-bench.XXXXXX)
port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/bin/redis-server --port "$port" --bind 127.0.0.1 --save "" \
  --appendonly no --dir "$dir" >"$dir/log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
i=0
until redis-cli -p "$port" ping >/dev/null 2>&1; do
  i=$((i + 1))
  [ "$i" -lt 100 ] || { echo "redis-server did not start" >&2; exit 1; }
  sleep 0.05
done

printf '%-8s %-12s %9s %9s %9s %s\n' method index docs/s cpu_docs/s B/doc predictions
for m in exact simhash minhash; do
  opts="-m $m"
  [ "$m" = simhash ] && opts="$opts -k 9"
  # shellcheck disable=SC2086
  line=$("$bin" -q $opts "$corpus" "$dir/local-$m.tsv")
  dps=$(echo "$line" | sed -n 's/.* docs_per_s=\([0-9]*\).*/\1/p')
  bpd=$(echo "$line" | sed -n 's/.*index_bytes_per_doc=\([0-9]*\).*/\1/p')
  printf '%-8s %-12s %9s %9s %9s %s\n' "$m" memory - "$dps" "$bpd" -
  for b in 1 100; do
    # shellcheck disable=SC2086
    line=$("$bin" -q $opts --state "redis://127.0.0.1:$port/0?prefix=b:$m:$b" \
             --redis-batch "$b" "$corpus" "$dir/redis-$m-$b.tsv")
    dps=$(echo "$line" | sed -n 's/.* docs_per_s=\([0-9]*\).*/\1/p')
    bpd=$(echo "$line" | sed -n 's/.*redis_bytes_per_doc=\([0-9]*\).*/\1/p')
    cps=$(echo "$line" | sed -n 's/.*cpu_docs_per_s=\([0-9]*\).*/\1/p')
    if cmp -s "$dir/local-$m.tsv" "$dir/redis-$m-$b.tsv"; then same=identical; else same=DIFFERENT; fi
    printf '%-8s %-12s %9s %9s %9s %s\n' "$m" "redis b=$b" "$dps" "$cps" "$bpd" "$same"
    redis-cli -p "$port" flushall >/dev/null
  done
done
