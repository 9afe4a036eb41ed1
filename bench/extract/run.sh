#!/bin/sh
# bench/extract/run.sh: article extraction, Rill engine vs readability-lxml.
#
# Builds rill-extract-dir with gcc from the engine sources,
# extracts the 181 pages of the article-extraction dev set, scores them,
# and times both extractors on one core with all pages decompressed into
# memory first.
#
# Usage: bench/extract/run.sh [BENCH_DIR] [REPEAT]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bench=${1:-${RILL_ARTICLE_BENCH:-$root/../shared/bench/article-extraction}}
repeat=${2:-5}
rl_repeat=${RL_REPEAT:-2}
out=${TMPDIR:-/tmp}/rill-extract-bench
mkdir -p "$out"

if [ ! -d "$bench/html" ]; then
  echo "run.sh: no pages in $bench/html" >&2
  exit 77
fi

# always built from the current sources (a meson build dir may be stale)
exe=$out/rill-extract-dir
{
  # shellcheck disable=SC2046
  srcs=""
  for f in clean date dateline decode dom extract extractor jsonld links metadata \
           parse render stats text; do
    srcs="$srcs $root/plugins/html/rill-html-$f.c"
  done
  # shellcheck disable=SC2086
  gcc -O2 -g -I"$root/plugins/html" $srcs \
    "$here/rill-extract-dir.c" -o "$exe" \
    $(pkg-config --cflags --libs glib-2.0 gio-2.0 libxml-2.0 json-glib-1.0 uchardet zlib)
}

echo "== quality (score.py)"
taskset -c 0 "$exe" -r 0 -o "$out/rill.json" "$bench/html" >/dev/null
/usr/bin/python3 "$bench/score.py" "$out/rill.json" | head -5

echo "== speed, one core"
rill_line=$(taskset -c 0 "$exe" -r "$repeat" "$bench/html")
echo "$rill_line"

rl_line=$(taskset -c 0 /usr/bin/python3 - "$bench/html" "$rl_repeat" <<'PY'
import glob, gzip, os, sys, time
from readability import Document
pages = [gzip.open(p).read() for p in sorted(glob.glob(os.path.join(sys.argv[1], '*.html.gz')))]
total = sum(len(p) for p in pages)
best = None
for _ in range(int(sys.argv[2])):
    t0 = time.process_time()
    for p in pages:
        try:
            Document(p).summary()
        except Exception:
            pass
    dt = time.process_time() - t0
    best = dt if best is None or dt < best else best
print("readability-lxml: %d docs, %.1f MB, best of %s passes: %.1f docs/s, %.1f MB/s (one core, CPU time)"
      % (len(pages), total / 1e6, sys.argv[2], len(pages) / best, total / 1e6 / best))
PY
)
echo "$rl_line"

rill_dps=$(echo "$rill_line" | sed -n 's/.*: \([0-9.]*\) docs\/s.*/\1/p')
rl_dps=$(echo "$rl_line" | sed -n 's/.*: \([0-9.]*\) docs\/s.*/\1/p')
/usr/bin/python3 -c "print('ratio rill / readability-lxml: %.1fx' % ($rill_dps / $rl_dps))"
