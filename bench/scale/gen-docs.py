#!/usr/bin/python3
# gen-docs.py: the corpus of the scale-out test and benchmark (issue 8).
#
# Usage: gen-docs.py [-n N] [--seed S] [--words W] DOCS.jsonl TRUTH.tsv
#
# Writes N docs, one JSON object a line ({"id", "url", "body"}, body an
# HTML page as a string), and TRUTH.tsv: one line a doc, "id<TAB>kind<TAB>
# cluster", where kind is one of
#   orig   a story seen for the first time (cluster = its own id)
#   exact  the same story republished word for word on another site
#          (other URL, other menus and footer; cluster = the original's id)
#   near   the story with 1 to 3 words replaced (cluster = the original's id)
#   empty  a page with menus and footer but no article (html-extract
#          filters it: "no main text")
#   nobody a doc without a body (html-extract fails it)
#   binary a body of random bytes
# Same N, seed and words: same bytes.
#
# The clusters are built so that any processing order finds them whole:
# stories are W (default 300) words drawn from 6,000 made-up words, so two
# stories share no 4-word shingle; a near copy differs from its original
# in at most 3 words, so any two members of a cluster share more than 90 %
# of their shingles (minhash: containment above 0.9, far over the 0.65
# threshold; simhash: within a few bits of each other). Whichever member of
# a cluster a worker sees first is kept and the others are dropped: one doc
# kept per cluster, whatever the order.
#
# Mix (of N): 5 % exact copies, 15 % near copies, 0.5 % empty pages,
# 0.2 % docs without body, 0.2 % binary bodies; the rest are originals.
# Copies always come after their original in the file.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import argparse
import json
import random
import sys

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa",
             "dri", "gon", "tal", "ver", "bun", "shi", "qua", "mor", "len",
             "fis", "ant", "el", "or", "ux", "ip", "ca", "do", "be", "ju"]


def make_vocab(rng, n):
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def site_parts(rng, vocab, s):
    menu = "".join('<li><a href="/%s">%s</a></li>' % (w, w.title())
                   for w in rng.sample(vocab, 8))
    footer = " ".join(rng.sample(vocab, 25))
    return menu, footer


def page(site, menu, footer, title, paras, author):
    art = "".join("<p>%s.</p>" % p for p in paras)
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>%s | Site %d</title>"
            "<meta name=\"author\" content=\"%s\">"
            "<style>body{font-family:sans-serif}</style></head><body>"
            "<header><nav><ul>%s</ul></nav></header>"
            "<main><article><h1>%s</h1>%s</article></main>"
            "<footer><p>%s</p><p>Copyright Site %d</p></footer>"
            "</body></html>" % (title, site, author, menu, title, art, footer, site))


def paragraphs(words):
    n = len(words)
    cuts = [0, n // 5, 2 * n // 5, 3 * n // 5, 4 * n // 5, n]
    out = []
    for a, b in zip(cuts, cuts[1:]):
        p = " ".join(words[a:b])
        out.append(p[:1].upper() + p[1:])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("docs")
    ap.add_argument("truth")
    a = ap.parse_args()

    rng = random.Random(a.seed)
    vocab = make_vocab(rng, 6000)
    nsites = 40
    sites = [site_parts(rng, vocab, s) for s in range(nsites)]
    stories = []          # (id, words, title, author)
    counts = {}
    with open(a.docs, "w") as out, open(a.truth, "w") as truth:
        for i in range(a.n):
            did = "d%06d" % i
            site = rng.randrange(nsites)
            menu, footer = sites[site]
            url = "https://site%d.example/news/%s.html" % (site, did)
            r = rng.random()
            doc = {"id": did, "url": url}
            if stories and r < 0.05:
                kind = "exact"
                sid, words, title, author = rng.choice(stories)
                doc["body"] = page(site, menu, footer, title, paragraphs(words), author)
                cluster = sid
            elif stories and r < 0.20:
                kind = "near"
                sid, words, title, author = rng.choice(stories)
                words = list(words)
                for _ in range(rng.randint(1, 3)):
                    words[rng.randrange(len(words))] = rng.choice(vocab)
                doc["body"] = page(site, menu, footer, title, paragraphs(words), author)
                cluster = sid
            elif r < 0.205:
                kind = "empty"
                doc["body"] = ("<html><head><title>Index</title></head><body>"
                               "<nav><ul>%s</ul></nav></body></html>" % menu)
                cluster = did
            elif r < 0.207:
                kind = "nobody"
                cluster = did
            elif r < 0.209:
                kind = "binary"
                doc["body"] = {"$bytes": __import__("base64").b64encode(
                    bytes(rng.randrange(256) for _ in range(600))).decode()}
                cluster = did
            else:
                kind = "orig"
                words = rng.choices(vocab, k=a.words)
                title = " ".join(rng.sample(vocab, 6)).capitalize()
                author = "%s %s" % (rng.choice(vocab).title(), rng.choice(vocab).title())
                stories.append((did, words, title, author))
                doc["body"] = page(site, menu, footer, title, paragraphs(words), author)
                cluster = did
            counts[kind] = counts.get(kind, 0) + 1
            out.write(json.dumps(doc, separators=(",", ":")) + "\n")
            truth.write("%s\t%s\t%s\n" % (did, kind, cluster))
    print("gen-docs: %d docs: %s" % (a.n, ", ".join(
        "%s %d" % kv for kv in sorted(counts.items()))), file=sys.stderr)


if __name__ == "__main__":
    main()
