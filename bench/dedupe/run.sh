#!/bin/sh
# bench/dedupe/run.sh: accuracy and speed of the dedupe engines.
#
#   bench/dedupe/run.sh [BENCH_BINARY] [N_DOCS] [SEEDS]
#
# Generates (and caches under $RILL_BENCH_CACHE, default /tmp/rill-neardup)
# an N_DOCS corpus per seed with /work/shared/bench/neardup/make_neardup.py,
# runs each method with rill-dedupe-bench, scores the clusters with
# score_dedupe.py and prints P/R/F1, docs/s (dedupe calls only, one
# thread, CPU time), peak RSS and memory per doc. Without BENCH_BINARY it
# compiles the driver into the cache directory with gcc and pkg-config.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
neardup=${RILL_NEARDUP_DIR:-/work/shared/bench/neardup}
cache=${RILL_BENCH_CACHE:-/tmp/rill-neardup}
bin=${1:-}
n=${2:-100000}
seeds=${3:-"1 2 3"}
py=/usr/bin/python3

mkdir -p "$cache"
if [ -z "$bin" ]; then
  bin="$cache/rill-dedupe-bench"
  # shellcheck disable=SC2046
  gcc -O2 -g -Wall -Wno-unused-parameter -I"$root/plugins/dedupe" \
    $(pkg-config --cflags glib-2.0 gio-2.0 json-glib-1.0 libxxhash sqlite3) \
    $(ls "$root"/plugins/dedupe/*.c | grep -v -e '/rill-dedupe\.c$' \
        -e '/rill-dedupe-plugin\.c$' -e '/rill-dedupe-enums\.c$') \
    "$here/rill-dedupe-bench.c" -o "$bin" \
    $(pkg-config --libs glib-2.0 gio-2.0 json-glib-1.0 libxxhash sqlite3)
fi

# method label and options; the chosen parameters (see README.md)
configs="exact|-m exact
simhash-k3|-m simhash -k 3
simhash-k9|-m simhash -k 9
minhash|-m minhash"

printf '%-11s %5s %7s %7s %7s %9s %8s %10s %10s\n' method seed P R F1 docs/s rss_MB rss_B/doc idx_B/doc
for seed in $seeds; do
  corpus="$cache/c$((n / 1000))k-s$seed.jsonl"
  if [ ! -s "$corpus" ]; then
    "$py" "$neardup/make_neardup.py" --pool "$neardup/pool.jsonl" -n "$n" \
      --seed "$seed" -q -o "$corpus.tmp"
    mv "$corpus.tmp" "$corpus"
  fi
  echo "$configs" | while IFS='|' read -r label opts; do
    pred="$cache/pred-$label-s$seed.tsv"
    # shellcheck disable=SC2086
    line=$("$bin" -q $opts "$corpus" "$pred")
    score=$("$py" "$neardup/score_dedupe.py" "$corpus" "$pred" --mode cluster | grep '^pairwise')
    p=$(echo "$score" | sed -n 's/.*precision=\([0-9.]*\).*/\1/p')
    r=$(echo "$score" | sed -n 's/.*recall=\([0-9.]*\).*/\1/p')
    f=$(echo "$score" | sed -n 's/.*F1=\([0-9.]*\).*/\1/p')
    dps=$(echo "$line" | sed -n 's/.*docs_per_s=\([0-9]*\).*/\1/p')
    rss=$(echo "$line" | sed -n 's/.*peak_rss_mb=\([0-9.]*\).*/\1/p')
    bpd=$(echo "$line" | sed -n 's/.*rss_growth_bytes_per_doc=\([0-9]*\).*/\1/p')
    ipd=$(echo "$line" | sed -n 's/.*index_bytes_per_doc=\([0-9]*\).*/\1/p')
    printf '%-11s %5s %7s %7s %7s %9s %8s %10s %10s\n' "$label" "$seed" "$p" "$r" "$f" "$dps" "$rss" "$bpd" "$ipd"
  done
done
