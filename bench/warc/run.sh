#!/bin/sh
# bench/warc/run.sh: reading speed of warc-src.
#
#   bench/warc/run.sh [BUILD_DIR] [N_PAGES]
#
# Builds (and caches under $RILL_BENCH_CACHE, default /tmp/rill-warc-bench)
# a .warc.gz of N_PAGES generated HTML pages (default 20000, about 6 KiB
# each, one gzip member per record, a request and a response record per
# page, like Common Crawl), then times
#
#   rill-launch warc-src location=FILE ! fake-sink
#
# and, side by side, the floor a Python user gets: /usr/bin/python3 with
# the standard gzip module decompressing the same file (no parsing at
# all). Prints MB/s of uncompressed WARC for both and the ratio. Best of
# 3 runs each.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/_build}
n=${2:-20000}
cache=${RILL_BENCH_CACHE:-/tmp/rill-warc-bench}
py=/usr/bin/python3
file=$cache/pages-$n.warc.gz

mkdir -p "$cache"
if [ ! -s "$file" ]; then
  "$py" - "$file" "$n" <<'PY'
import random, sys, zlib
path, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
words = ["river", "data", "pipeline", "text", "news", "crawl", "archive", "record",
         "article", "story", "market", "city", "report", "science", "people", "time"]
def member(b):
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    return c.compress(b) + c.flush()
def rec(fields, block):
    h = "WARC/1.1\r\n" + "".join("%s: %s\r\n" % kv for kv in fields)
    h += "Content-Length: %d\r\n\r\n" % len(block)
    return h.encode() + block + b"\r\n\r\n"
with open(path, "wb") as f:
    for i in range(n):
        url = "https://site%d.example/article/%d" % (i % 97, i)
        paras = "".join("<p>%s.</p>\n" % " ".join(rnd.choice(words) for _ in range(60)) for _ in range(12))
        body = ("<html><head><title>Page %d</title></head><body>%s</body></html>" % (i, paras)).encode()
        req = ("GET /article/%d HTTP/1.1\r\nHost: site%d.example\r\n\r\n" % (i, i % 97)).encode()
        resp = ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                "Content-Length: %d\r\n\r\n" % len(body)).encode() + body
        common = [("WARC-Target-URI", url), ("WARC-Date", "2024-05-01T10:00:00Z")]
        f.write(member(rec([("WARC-Type", "request")] + common +
                           [("Content-Type", "application/http; msgtype=request")], req)))
        f.write(member(rec([("WARC-Type", "response")] + common +
                           [("WARC-Record-ID", "<urn:uuid:%08d-0000-0000-0000-000000000000>" % i),
                            ("Content-Type", "application/http; msgtype=response")], resp)))
PY
fi

export RILL_PLUGIN_PATH="$build/plugins/core:$build/plugins/warc"
export LD_LIBRARY_PATH="$build/core"
launch="$build/tools/rill-launch"

raw_bytes=$("$py" -c "import gzip,sys; print(len(gzip.open(sys.argv[1]).read()))" "$file")
gz_bytes=$(stat -c %s "$file")

best() {
  # best wall time of 3 runs of "$@", in seconds
  b=""
  for _ in 1 2 3; do
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}

t_rill=$(best "$launch" warc-src location="$file" ! fake-sink)
t_py=$(best "$py" -c "
import gzip, sys
with gzip.open(sys.argv[1], 'rb') as f:
    while f.read(1 << 20):
        pass" "$file")

mb=$(echo "$raw_bytes / 1000000" | bc -l)
printf 'file: %s (%d pages, %.1f MB gzip, %.1f MB uncompressed)\n' "$file" "$n" \
  "$(echo "$gz_bytes / 1000000" | bc -l)" "$mb"
printf '%-44s %8s %10s\n' reader seconds "MB/s"
printf '%-44s %8.3f %10.1f\n' "rill warc-src ! fake-sink (parse + docs)" "$t_rill" "$(echo "$mb / $t_rill" | bc -l)"
printf '%-44s %8.3f %10.1f\n' "python3 gzip module (decompress only)" "$t_py" "$(echo "$mb / $t_py" | bc -l)"
printf 'ratio rill/python: %.2f\n' "$(echo "$t_py / $t_rill" | bc -l)"
