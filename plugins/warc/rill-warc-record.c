/* rill-warc-record.c: building WARC/1.1 records
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-warc-record.h"

#include <string.h>
#include <zlib.h>

/* "sha1:" + RFC 4648 base32 of the SHA-1 of data followed by data2, as
 * wget, Heritrix and Common Crawl write WARC digests. */
char *
rill_warc_sha1_base32 (const guint8 *data,
                       gsize         length,
                       const guint8 *data2,
                       gsize         length2)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize digest_len = sizeof digest;
  GString *out = g_string_new ("sha1:");
  guint32 buffer = 0;
  int bits = 0;

  if (length > 0)
    g_checksum_update (sum, data, length);
  if (length2 > 0)
    g_checksum_update (sum, data2, length2);
  g_checksum_get_digest (sum, digest, &digest_len);

  /* 160 bits are exactly 32 base32 digits: no padding. */
  for (gsize i = 0; i < digest_len; i++)
    {
      buffer = (buffer << 8) | digest[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (out, alphabet[(buffer >> (bits - 5)) & 31]);
          bits -= 5;
        }
    }
  return g_string_free (out, FALSE);
}

char *
rill_warc_new_record_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("<urn:uuid:%s>", uuid);
}

/* @header: the header lines without WARC/1.1 and Content-Length, each
 * ending in CRLF. */
void
rill_warc_append_record (GByteArray   *out,
                         const char   *header,
                         const guint8 *block,
                         gsize         block_len,
                         const guint8 *block2,
                         gsize         block2_len)
{
  g_autofree char *head = g_strdup_printf ("WARC/1.1\r\n%sContent-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                                           header, block_len + block2_len);

  g_byte_array_append (out, (const guint8 *) head, strlen (head));
  if (block_len > 0)
    g_byte_array_append (out, block, block_len);
  if (block2_len > 0)
    g_byte_array_append (out, block2, block2_len);
  g_byte_array_append (out, (const guint8 *) "\r\n\r\n", 4);
}

/* Appends @data as one complete gzip member. */
gboolean
rill_warc_gzip_member (GByteArray   *dest,
                       const guint8 *data,
                       gsize         length)
{
  z_stream zs = { 0, };
  gsize start = dest->len;
  uLong bound;
  int ret;

  if (deflateInit2 (&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return FALSE;
  bound = deflateBound (&zs, length) + 32;
  g_byte_array_set_size (dest, start + bound);
  zs.next_in = (Bytef *) data;
  zs.avail_in = length;
  zs.next_out = dest->data + start;
  zs.avail_out = bound;
  ret = deflate (&zs, Z_FINISH);
  g_byte_array_set_size (dest, start + (bound - zs.avail_out));
  deflateEnd (&zs);
  if (ret != Z_STREAM_END)
    {
      g_byte_array_set_size (dest, start);
      return FALSE;
    }
  return TRUE;
}
