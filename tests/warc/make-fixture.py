#!/usr/bin/python3
# make-fixture.py OUT.warc.gz OUT.warc [OUT-CL.warc.gz]: WARC files with
# edge cases for the warc-src tests, built with the Python standard
# library only. OUT-CL.warc.gz: three gzip members, the second record's
# Content-Length runs past its member, then zero padding.
#
# Records, in order (gzip file: one member each, plain file: same bytes):
#   0 warcinfo                          (skipped: not a selected type)
#   1 WARC/1.0 response  http://a.test/one     text/html, 200
#   2 WARC/1.1 request   http://a.test/one     (skipped)
#   3 revisit            http://a.test/one     (skipped)
#   4 response, chunked  http://a.test/chunked text/html; charset=ISO-8859-1
#   5 response image/png http://a.test/img.png (filtered by mime-types)
#   6 resource, no HTTP  http://a.test/res.txt text/plain
#   7 response gzip'd    http://a.test/gz      Content-Encoding: gzip
#   8 corrupt gzip member (gzip file) / garbage line (plain file)
#   9 response           http://a.test/after   (read after the bad one)
#  10 response whose Content-Length runs past the end of the file
import gzip
import sys
import zlib


def record(version, fields, block):
    head = "WARC/%s\r\n" % version
    for k, v in fields:
        head += "%s: %s\r\n" % (k, v)
    head += "Content-Length: %d\r\n\r\n" % len(block)
    return head.encode() + block + b"\r\n\r\n"


def response(uri, rid, http_head, body, version="1.1"):
    block = http_head.encode() + body
    return record(version, [("WARC-Type", "response"),
                            ("WARC-Target-URI", uri),
                            ("WARC-Date", "2024-05-01T10:00:00Z"),
                            ("WARC-Record-ID", "<urn:uuid:%s>" % rid),
                            ("Content-Type", "application/http; msgtype=response")],
                  block)


def build():
    recs = []
    recs.append(record("1.1", [("WARC-Type", "warcinfo"),
                               ("WARC-Record-ID", "<urn:uuid:00000000-0000-0000-0000-000000000000>"),
                               ("Content-Type", "application/warc-fields")],
                       b"software: make-fixture.py\r\n"))
    recs.append(response("http://a.test/one", "00000000-0000-0000-0000-000000000001",
                         "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nServer: x\r\n\r\n",
                         b"<html><body>one</body></html>", version="1.0"))
    recs.append(record("1.1", [("WARC-Type", "request"),
                               ("WARC-Target-URI", "http://a.test/one"),
                               ("Content-Type", "application/http; msgtype=request")],
                       b"GET /one HTTP/1.1\r\nHost: a.test\r\n\r\n"))
    recs.append(record("1.1", [("WARC-Type", "revisit"),
                               ("WARC-Target-URI", "http://a.test/one"),
                               ("WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"),
                               ("Content-Type", "application/http; msgtype=response")],
                       b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"))
    body = "caf\u00e9 chunked body".encode("latin-1")
    chunked = b"5\r\n" + body[:5] + b"\r\n" + ("%x" % len(body[5:])).encode() + b"\r\n" + body[5:] + b"\r\n0\r\n\r\n"
    recs.append(response("<http://a.test/chunked>", "00000000-0000-0000-0000-000000000004",
                         "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n", chunked))
    recs.append(response("http://a.test/img.png", "00000000-0000-0000-0000-000000000005",
                         "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n", b"\x89PNG\r\n\x1a\nxxxx"))
    recs.append(record("1.1", [("WARC-Type", "resource"),
                               ("WARC-Target-URI", "http://a.test/res.txt"),
                               ("WARC-Date", "2024-05-01T10:00:01Z"),
                               ("Content-Type", "text/plain; charset=utf-8")],
                       b"just a resource\n"))
    recs.append(response("http://a.test/gz", "00000000-0000-0000-0000-000000000007",
                         "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n",
                         gzip.compress(b"<p>gzipped page</p>")))
    bad = "BAD"
    recs.append(bad)
    recs.append(response("http://a.test/after", "00000000-0000-0000-0000-000000000009",
                         "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", b"<p>after</p>"))
    last = response("http://a.test/truncated", "00000000-0000-0000-0000-000000000010",
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", b"x" * 200)
    recs.append(last[:-120])   # Content-Length says 200+, the file ends first
    return recs


def gz_member(data):
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def write_cl(path):
    def rec(uri, body, cl=None):
        block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
        return ("WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\n"
                "Content-Length: %d\r\n\r\n" % (uri, cl or len(block))).encode() + block + b"\r\n\r\n"
    with open(path, "wb") as f:
        f.write(gz_member(rec("http://x.test/1", b"one")))
        f.write(gz_member(rec("http://x.test/2", b"two", cl=5000)))
        f.write(gz_member(rec("http://x.test/3", b"three")))
        f.write(b"\0" * 10)


def main():
    gz_path, plain_path = sys.argv[1], sys.argv[2]
    recs = build()
    with open(gz_path, "wb") as f:
        for r in recs:
            if r == "BAD":
                m = bytearray(gz_member(response("http://a.test/corrupt", "00000000-0000-0000-0000-000000000008",
                                                 "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
                                                 b"<p>" + b"corrupt " * 50 + b"</p>")))
                for i in range(20, len(m) - 10, 7):
                    m[i] ^= 0x55
                f.write(bytes(m))
            else:
                f.write(gz_member(r))
    with open(plain_path, "wb") as f:
        for r in recs:
            if r == "BAD":
                f.write(b"this is not a WARC header\r\nWARC-Type: response\r\n\r\njunk\r\n\r\n")
            else:
                f.write(r)


def write_cl(path):
    def rec(uri, body, cl=None):
        block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
        return ("WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\n"
                "Content-Length: %d\r\n\r\n" % (uri, cl or len(block))).encode() + block + b"\r\n\r\n"
    with open(path, "wb") as f:
        f.write(gz_member(rec("http://x.test/1", b"one")))
        f.write(gz_member(rec("http://x.test/2", b"two", cl=5000)))
        f.write(gz_member(rec("http://x.test/3", b"three")))
        f.write(b"\0" * 10)


main()
if len(sys.argv) > 3:
    write_cl(sys.argv[3])


main()
if len(sys.argv) > 3:
    write_cl(sys.argv[3])
