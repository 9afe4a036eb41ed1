#!/usr/bin/python3
# check-members.py FILE.warc.gz: an independent reader (standard library
# only) that checks every gzip member of FILE decompresses on its own and
# starts with "WARC/1.1", that its block has
# Content-Length bytes and matches WARC-Block-Digest; prints "members N types T1,T2,..." and exits 1
# on any problem.
import base64
import hashlib
import sys
import zlib

data = open(sys.argv[1], "rb").read()
types = []
pos = 0
while pos < len(data):
    d = zlib.decompressobj(31)
    out = d.decompress(data[pos:])
    if not d.eof:
        print("member at %d is truncated" % pos)
        sys.exit(1)
    if not out.startswith(b"WARC/1.1\r\n"):
        print("member at %d does not start with WARC/1.1" % pos)
        sys.exit(1)
    head = out.split(b"\r\n\r\n", 1)[0].decode()
    fields = dict(l.split(": ", 1) for l in head.split("\r\n")[1:])
    length = int(fields["Content-Length"])
    block = out[len(head) + 4:]
    if len(block) != length + 4 or not block.endswith(b"\r\n\r\n"):
        print("member at %d: block of %d bytes, Content-Length %d" % (pos, len(block) - 4, length))
        sys.exit(1)
    digest = "sha1:" + base64.b32encode(hashlib.sha1(block[:-4]).digest()).decode()
    if "WARC-Block-Digest" in fields and fields["WARC-Block-Digest"] != digest:
        print("member at %d: WARC-Block-Digest %s, computed %s" % (pos, fields["WARC-Block-Digest"], digest))
        sys.exit(1)
    types.append(fields["WARC-Type"])
    pos = len(data) - len(d.unused_data)
print("members %d types %s" % (len(types), ",".join(types)))
