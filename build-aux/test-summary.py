#!/usr/bin/python3
"""Prints 'N passed, N failed, N skipped' from meson test logs (JSON lines).

Several logs add up. TAP tests count their subtests, so the line says how
many test cases ran, not how many programs.
"""
import json
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            t = json.loads(line)
            sub = t.get("stdout", "") or ""
            ok = sum(1 for l in sub.splitlines() if l.startswith("ok ") and "# SKIP" not in l)
            skip = sum(1 for l in sub.splitlines() if l.startswith("ok ") and "# SKIP" in l)
            bad = sum(1 for l in sub.splitlines() if l.startswith("not ok "))
            if ok + skip + bad == 0:
                # Not TAP: the program is one case.
                r = t.get("result")
                ok, skip, bad = (r == "OK") * 1, (r == "SKIP") * 1, (r not in ("OK", "SKIP", "EXPECTEDFAIL")) * 1
            elif t.get("result") not in ("OK", "SKIP", "EXPECTEDFAIL") and bad == 0:
                bad = 1  # crashed or timed out after its last ok
            passed += ok
            failed += bad
            skipped += skip
print(f"{passed} passed, {failed} failed, {skipped} skipped")
