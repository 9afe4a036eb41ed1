#!/usr/bin/python3
# py-pipeline.py: what a Python user would write instead of
#   warc-src ! html-extract ! langid ! dedupe ! jsonl-sink
# with what Debian 12 offers (warcio is not packaged): a minimal stdlib
# WARC reader (gzip members read as one stream), python3-readability's
# Document(html).summary() and lxml's text_content() for the main text,
# python3-langdetect for the language (skipped, and said so, when it is
# not installed), and exact duplicates dropped by a hash of the
# whitespace-normalised text (no near-duplicate detection: Debian has no
# MinHash library). One process, like a plain script.
#
# Usage: py-pipeline.py FILE.warc.gz MAX_PAGES OUT.jsonl
# Prints "py-pipeline: N docs, D duplicates, F failed, S s" on stderr.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import gzip
import hashlib
import json
import sys
import time

import lxml.html
from readability import Document

try:
    from langdetect import DetectorFactory, detect
    DetectorFactory.seed = 0
except ImportError:
    detect = None


def records(path):
    """Yields (headers dict, block bytes) of each WARC record."""
    with gzip.open(path, "rb") as f:
        while True:
            line = f.readline()
            if not line:
                return
            if not line.startswith(b"WARC/"):
                continue
            headers = {}
            while True:
                line = f.readline()
                if not line or line in (b"\r\n", b"\n"):
                    break
                k, _, v = line.decode("utf-8", "replace").partition(":")
                headers[k.strip().lower()] = v.strip()
            block = f.read(int(headers.get("content-length", "0")))
            yield headers, block


def html_responses(path):
    for h, block in records(path):
        if h.get("warc-type") != "response":
            continue
        head, _, body = block.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        ctype = ""
        for l in lines[1:]:
            k, _, v = l.partition(":")
            if k.strip().lower() == "content-type":
                ctype = v.strip().lower()
        if ctype.startswith("text/html"):
            yield h.get("warc-target-uri", "").strip("<>"), body


def main():
    path, max_pages, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if detect is None:
        print("py-pipeline: python3-langdetect is not installed; no language identification",
              file=sys.stderr)
    t0 = time.monotonic()
    seen = set()
    n = dups = failed = 0
    with open(out, "w", encoding="utf-8") as o:
        for url, body in html_responses(path):
            if n >= max_pages:
                break
            n += 1
            try:
                d = Document(body)
                title = d.short_title()
                text = lxml.html.fromstring(d.summary()).text_content().strip()
                lang = detect(text) if detect and text else None
            except Exception as e:  # noqa: BLE001 - one bad page must not stop the run
                failed += 1
                print(f"py-pipeline: {url}: {e}", file=sys.stderr)
                continue
            key = hashlib.sha1(" ".join(text.split()).encode()).digest()
            if key in seen:
                dups += 1
                continue
            seen.add(key)
            o.write(json.dumps({"url": url, "title": title, "text": text, "lang": lang},
                               ensure_ascii=False) + "\n")
    print(f"py-pipeline: {n} docs, {dups} duplicates, {failed} failed, "
          f"{time.monotonic() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
