#!/bin/sh
# bench/python/run.sh: a Python element between two native parallel elements.
#
#   bench/python/run.sh [BUILD_DIR] [N_DOCS] [THREADS]
#
# Generates N_DOCS lines of English-like text (about 1.5 KB each), then runs
# with rill-launch (every run on THREADS worker threads, default 2):
#
#   native    file-src ! normalize ! langid ! fake-sink
#   py-pass   file-src ! normalize ! py-pass ! langid ! fake-sink
#   py-words  file-src ! normalize ! py-words ! langid ! fake-sink
#
# normalize and langid are native parallel elements (text plugin, CLD2);
# py-pass and py-words are serial elements written in Python and loaded by
# the python plugin from bench/python/plugins/python/. It prints docs/s and
# cpu/wall = (user + system CPU time) / wall time, which says whether the
# native elements keep running on all threads while the Python element
# holds the GIL, and each element's busy time from --stats. Figures are
# printed, never asserted; on a shared machine, read them with the load
# average printed first.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
n=${2:-20000}
threads=${3:-2}
py=/usr/bin/python3
cache=${RILL_BENCH_CACHE:-/tmp/rill-bench-python}

build=$(cd "$build" && pwd)
launch="$build/tools/rill-launch"
[ -x "$launch" ] || { echo "no rill-launch in $build/tools" >&2; exit 1; }

plugin_path=""
for d in "$build"/plugins/* "$build/tests/python"; do
  [ -d "$d" ] && plugin_path="$plugin_path${plugin_path:+:}$d"
done
[ -e "$build/plugins/python/librill-python.so" ] || [ -e "$build/tests/python/librill-python.so" ] ||
  { echo "librill-python.so is not built in $build" >&2; exit 1; }
export RILL_PLUGIN_PATH="$plugin_path:$here/plugins"
export RILL_PLUGIN_SYSTEM_PATH=
export PYTHONPATH="$root/bindings/python"
export LD_LIBRARY_PATH="$build/core${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export GI_TYPELIB_PATH="$build/core"

mkdir -p "$cache"
input="$cache/text-$n.txt"
if [ ! -s "$input" ]; then
  "$py" - "$n" "$input.tmp" <<'PYEOF'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
words = ('the of and to in is that for it was on with as by at from this be have '
         'are not but had his they you were her which she all would their there '
         'been one has more if will when who out so what up said about into than '
         'them can only other new some could time these two may then do first any '
         'my now such like our over man me even most made after also did many '
         'before must through back years where much your way well down should '
         'because each just those people how too little state good very make world '
         'still own see men work long get here between both life being under never '
         'day same another know while last might us great old year off come since '
         'against go came right used take three').split()
rng = random.Random(7)
with open(path, 'w') as f:
    for i in range(n):
        f.write(' '.join(rng.choice(words) for _ in range(280)).capitalize() + '.\n')
PYEOF
  mv "$input.tmp" "$input"
fi

run() {
  label=$1
  shift
  stats="$cache/stats-$label.json"
  # shellcheck disable=SC2086
  times=$( { /usr/bin/time -f '%e %U %S %M' "$launch" -q --threads="$threads" --stats="$stats" \
             file-src location="$input" mode=lines field=text ! normalize ! "$@" \
             langid ! fake-sink >/dev/null; } 2>&1 | tail -n 1)
  "$py" - "$label" "$n" "$stats" $times <<'PYEOF'
import json, sys
label, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
wall, user, system, rss = (float(x) for x in sys.argv[4:8])
stats = json.load(open(path))
stats = stats.get('elements', stats)
ms = {s['factory']: s['time-ms'] for s in stats.values() if isinstance(s, dict) and 'time-ms' in s}
py_ms = sum(v for k, v in ms.items() if k.startswith('py-'))
busy = sum(ms.values()) / 1000.0 / wall
print('%-9s %7d %7.2f %8.0f %10.2f %8.2f %8.0f %8.0f %8.0f %7.0f' % (
    label, n, wall, n / wall, (user + system) / wall, busy,
    ms.get('normalize', 0), ms.get('langid', 0), py_ms, rss / 1024))
PYEOF
}

echo "docs: $n lines of ~1.5 KB text, $threads worker threads, $(nproc) CPUs, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cpu/wall: (user + system CPU) / wall time; elem/wall: sum of the elements' busy time / wall time"
echo "(both > 1 when elements run at the same time); *_ms: each element's busy time"
printf '%-9s %7s %7s %8s %10s %8s %8s %8s %8s %7s\n' scenario docs wall_s docs/s cpu/wall elem/wall norm_ms langid_ms py_ms rss_MB
run native
run py-pass py-pass !
run py-words py-words !
