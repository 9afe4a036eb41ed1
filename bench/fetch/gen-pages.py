#!/usr/bin/python3
# gen-pages.py: writes N news-like HTML pages (30 to 170 KB) and their
# .gz copies into DIR, deterministically (same N, same bytes).
#
# Usage: gen-pages.py DIR N
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import gzip
import multiprocessing
import os
import random
import sys

WORDS = """the government said on tuesday that it would review the decision after
protests in the capital city council members voted to approve a new budget for
schools hospitals and roads while opposition leaders warned of rising costs
economists expect inflation to ease later this year as energy prices fall and
central bank officials signal a pause in interest rate increases analysts say
the market reacted cautiously to the report which showed growth in exports
police confirmed that an investigation was under way residents described the
scene as chaotic the minister told reporters that talks would continue next
week scientists published findings in a journal suggesting the climate trend
will accelerate unless emissions are cut sharply the club announced the
signing of a striker on a three year contract fans gathered outside the
stadium tickets sold out within minutes the festival returns this summer with
a programme of music theatre and film""".split()

def paragraph(rng):
    n = rng.randint(40, 140)
    words = rng.choices(WORDS, k=n)
    words[0] = words[0].capitalize()
    return " ".join(words) + "."

def page(rng, i):
    target = rng.randint(30 * 1024, 170 * 1024)
    title = " ".join(rng.choices(WORDS, k=8)).capitalize()
    head = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{title} | Daily Bench</title>"
            f"<meta name=\"description\" content=\"{title}\">"
            "<link rel=\"stylesheet\" href=\"/static/site.css\"></head><body>\n"
            "<header><nav><ul>" +
            "".join(f"<li><a href=\"/section/{s}\">{s}</a></li>"
                    for s in ("world", "politics", "business", "science", "sport", "culture")) +
            "</ul></nav></header>\n<main><article>\n"
            f"<h1>{title}</h1>\n<p class=\"byline\">By Staff Reporter {i % 97}, "
            f"<time datetime=\"2024-03-{1 + i % 28:02d}T08:00:00Z\">March {1 + i % 28}, 2024</time></p>\n")
    tail = ("</article>\n<aside><h2>Most read</h2><ol>" +
            "".join(f"<li><a href=\"/news/{rng.randint(0, 10**6)}.html\">"
                    f"{' '.join(rng.choices(WORDS, k=6))}</a></li>" for _ in range(10)) +
            "</ol></aside></main><footer><p>&copy; Daily Bench</p></footer></body></html>\n")
    parts = [head]
    size = len(head) + len(tail)
    while size < target:
        p = f"<p>{paragraph(rng)}</p>\n"
        parts.append(p)
        size += len(p)
    parts.append(tail)
    return "".join(parts).encode()

def write(args):
    out, i = args
    rng = random.Random(i)
    data = page(rng, i)
    path = os.path.join(out, "news", f"{i}.html")
    with open(path, "wb") as f:
        f.write(data)
    with open(path + ".gz", "wb") as f:
        f.write(gzip.compress(data, compresslevel=6, mtime=0))

def main():
    out, n = sys.argv[1], int(sys.argv[2])
    os.makedirs(os.path.join(out, "news"), exist_ok=True)
    with multiprocessing.Pool(os.cpu_count() or 1) as pool:
        for _ in pool.imap_unordered(write, ((out, i) for i in range(n)), chunksize=64):
            pass

if __name__ == "__main__":
    main()
