/* rill-warc-reader.c: a streaming reader of plain or gzip'd WARC bytes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE
#include "rill-warc-reader.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

/*
 * The reader owns two fixed buffers: `raw` (bytes as they are in the
 * file) and `out` (decoded bytes; for a plain file the file is read
 * straight into it). Offsets are counted in the decoded stream; for a
 * gzip input the reader remembers where each gzip member starts, in
 * both streams, so that a record can be named by the file offset of its
 * member (what Common Crawl's indexes call the record offset) and so that
 * a record whose Content-Length runs past its member is caught.
 *
 * A broken gzip member (bad data, bad CRC, truncated) makes the fill fail
 * once; the next fill scans the raw bytes for the next gzip header
 * (1f 8b 08) and inflates from there, so reading goes on.
 */

typedef struct {
  guint64 decoded;   /* offset in the decoded stream where a member starts */
  guint64 raw;       /* its offset in the file */
} Boundary;

struct _RillWarcReader
{
  char *path;
  int fd;

  guint8 *raw;
  gsize raw_len;
  gsize raw_pos;
  guint64 raw_base;      /* file offset of raw[0] */
  gboolean raw_eof;

  gboolean gzip;
  gboolean z_ready;
  gboolean in_member;
  gboolean z_broken;     /* the last member failed: resync before going on */
  guint members;
  z_stream zs;

  guint8 *out;
  gsize out_len;
  gsize out_pos;
  guint64 out_base;      /* decoded offset of out[0] */
  gboolean eof;

  GArray *bounds;        /* Boundary, members starting at or after cur */
  Boundary cur;          /* the member holding the read position */
};

static gboolean
read_some (int       fd,
           guint8   *buf,
           gsize     size,
           gsize    *n_read,
           GError  **error)
{
  for (;;)
    {
      gssize n = read (fd, buf, size);

      if (n >= 0)
        {
          *n_read = n;
          return TRUE;
        }
      if (errno == EINTR)
        continue;
      {
        int errsv = errno;

        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                     "%s", g_strerror (errsv));
        return FALSE;
      }
    }
}

/* Makes sure raw has unread bytes unless at end of file. */
static gboolean
fill_raw (RillWarcReader  *r,
          GError         **error)
{
  gsize n = 0;

  if (r->raw_pos < r->raw_len || r->raw_eof)
    return TRUE;
  r->raw_base += r->raw_len;
  r->raw_len = r->raw_pos = 0;
  if (!read_some (r->fd, r->raw, RILL_WARC_READER_BUFFER_SIZE, &n, error))
    return FALSE;
  r->raw_len = n;
  if (n == 0)
    r->raw_eof = TRUE;
  return TRUE;
}

RillWarcReader *
rill_warc_reader_open (const char  *path,
                       GError     **error)
{
  g_autoptr(RillWarcReader) r = g_new0 (RillWarcReader, 1);

  r->path = g_strdup (path);
  r->fd = -1;
  if (g_strcmp0 (path, "-") == 0)
    r->fd = dup (STDIN_FILENO);
  else
    r->fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (r->fd < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "cannot open %s: %s", path, g_strerror (errsv));
      return NULL;
    }
#ifdef POSIX_FADV_SEQUENTIAL
  posix_fadvise (r->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif

  r->raw = g_malloc (RILL_WARC_READER_BUFFER_SIZE);
  r->out = g_malloc (RILL_WARC_READER_BUFFER_SIZE);
  r->bounds = g_array_new (FALSE, FALSE, sizeof (Boundary));

  if (!fill_raw (r, error))
    {
      g_prefix_error (error, "cannot read %s: ", path);
      return NULL;
    }
  /* A gzip file starts with 1f 8b; stdin may deliver one byte at first. */
  while (r->raw_len == 1 && !r->raw_eof)
    {
      gsize n = 0;

      if (!read_some (r->fd, r->raw + 1, RILL_WARC_READER_BUFFER_SIZE - 1, &n, error))
        return NULL;
      r->raw_len += n;
      if (n == 0)
        r->raw_eof = TRUE;
    }
  r->gzip = r->raw_len >= 2 && r->raw[0] == 0x1f && r->raw[1] == 0x8b;

  if (r->gzip)
    {
      if (inflateInit2 (&r->zs, 15 + 16) != Z_OK)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot start zlib");
          return NULL;
        }
      r->z_ready = TRUE;
    }
  else
    {
      /* Plain: what was read is the first decoded data. */
      memcpy (r->out, r->raw, r->raw_len);
      r->out_len = r->raw_len;
      r->raw_base = r->raw_len;
      r->raw_len = r->raw_pos = 0;
    }

  return g_steal_pointer (&r);
}

void
rill_warc_reader_free (RillWarcReader *r)
{
  if (r == NULL)
    return;
  if (r->fd >= 0)
    close (r->fd);
  if (r->z_ready)
    inflateEnd (&r->zs);
  g_clear_pointer (&r->bounds, g_array_unref);
  g_free (r->raw);
  g_free (r->out);
  g_free (r->path);
  g_free (r);
}

const char *
rill_warc_reader_get_path (RillWarcReader *r)
{
  return r->path;
}

gboolean
rill_warc_reader_is_gzip (RillWarcReader *r)
{
  return r->gzip;
}

gboolean
rill_warc_reader_is_multi_member (RillWarcReader *r)
{
  return r->gzip && r->members > 1;
}

guint64
rill_warc_reader_tell (RillWarcReader *r)
{
  return r->out_base + r->out_pos;
}

/* Moves the boundaries at or before the read position into cur. */
static void
prune (RillWarcReader *r)
{
  guint64 pos = rill_warc_reader_tell (r);
  guint n = 0;

  while (n < r->bounds->len && g_array_index (r->bounds, Boundary, n).decoded <= pos)
    r->cur = g_array_index (r->bounds, Boundary, n++);
  if (n > 0)
    g_array_remove_range (r->bounds, 0, n);
}

gboolean
rill_warc_reader_member_starts_at (RillWarcReader *r,
                                   guint64         decoded_offset)
{
  if (!r->gzip)
    return FALSE;
  if (r->cur.decoded == decoded_offset)
    return TRUE;
  for (guint i = 0; i < r->bounds->len; i++)
    if (g_array_index (r->bounds, Boundary, i).decoded == decoded_offset)
      return TRUE;
  return FALSE;
}

guint64
rill_warc_reader_file_offset (RillWarcReader *r,
                              guint64         decoded_offset)
{
  Boundary b = r->cur;

  if (!r->gzip)
    return decoded_offset;
  for (guint i = 0; i < r->bounds->len; i++)
    {
      Boundary *c = &g_array_index (r->bounds, Boundary, i);

      if (c->decoded > decoded_offset)
        break;
      b = *c;
    }
  return b.raw;
}

char *
rill_warc_reader_describe_offset (RillWarcReader *r,
                                  guint64         decoded_offset)
{
  if (!r->gzip)
    return g_strdup_printf ("offset %" G_GUINT64_FORMAT, decoded_offset);
  if (rill_warc_reader_is_multi_member (r) || r->cur.decoded == decoded_offset)
    return g_strdup_printf ("offset %" G_GUINT64_FORMAT " (gzip member)",
                            rill_warc_reader_file_offset (r, decoded_offset));
  return g_strdup_printf ("uncompressed offset %" G_GUINT64_FORMAT, decoded_offset);
}

/* Scans the raw input for the next gzip header after a broken member. */
static gboolean
resync_raw (RillWarcReader  *r,
            GError         **error)
{
  for (;;)
    {
      if (!fill_raw (r, error))
        return FALSE;
      if (r->raw_pos >= r->raw_len)
        return TRUE;   /* end of file */

      while (r->raw_pos + 3 <= r->raw_len)
        {
          guint8 *p = memchr (r->raw + r->raw_pos, 0x1f, r->raw_len - r->raw_pos - 2);

          if (p == NULL)
            {
              r->raw_pos = r->raw_len - 2;
              break;
            }
          r->raw_pos = p - r->raw;
          if (p[1] == 0x8b && p[2] == 0x08)
            return TRUE;
          r->raw_pos++;
        }

      /* Keep the last bytes: a header may straddle two reads. */
      if (r->raw_eof)
        {
          r->raw_pos = r->raw_len;
          return TRUE;
        }
      {
        gsize keep = r->raw_len - r->raw_pos;
        gsize n = 0;

        memmove (r->raw, r->raw + r->raw_pos, keep);
        r->raw_base += r->raw_pos;
        r->raw_pos = 0;
        r->raw_len = keep;
        if (!read_some (r->fd, r->raw + keep, RILL_WARC_READER_BUFFER_SIZE - keep, &n, error))
          return FALSE;
        r->raw_len += n;
        if (n == 0)
          {
            r->raw_eof = TRUE;
            if (keep < 3)
              {
                r->raw_pos = r->raw_len;
                return TRUE;
              }
          }
      }
    }
}

/* Appends decoded bytes to out. Returns RILL_WARC_READ_OK when some were
 * added, EOF at the end of the input, ERROR on a read error or a broken
 * gzip member. */
static RillWarcReadStatus
fill (RillWarcReader  *r,
      GError         **error)
{
  if (r->out_pos > 0)
    {
      prune (r);
      memmove (r->out, r->out + r->out_pos, r->out_len - r->out_pos);
      r->out_base += r->out_pos;
      r->out_len -= r->out_pos;
      r->out_pos = 0;
    }
  if (r->out_len == RILL_WARC_READER_BUFFER_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "a header line is longer than %u bytes",
                   RILL_WARC_READER_BUFFER_SIZE);
      return RILL_WARC_READ_ERROR;
    }
  if (r->eof)
    return RILL_WARC_READ_EOF;

  if (!r->gzip)
    {
      gsize n = 0;

      if (!read_some (r->fd, r->out + r->out_len,
                      RILL_WARC_READER_BUFFER_SIZE - r->out_len, &n, error))
        return RILL_WARC_READ_ERROR;
      if (n == 0)
        {
          r->eof = TRUE;
          return RILL_WARC_READ_EOF;
        }
      r->out_len += n;
      return RILL_WARC_READ_OK;
    }

  if (r->z_broken)
    {
      r->z_broken = FALSE;
      if (!resync_raw (r, error))
        return RILL_WARC_READ_ERROR;
    }

  for (;;)
    {
      gsize in_before, out_before;
      int ret;

      if (!fill_raw (r, error))
        return RILL_WARC_READ_ERROR;

      if (!r->in_member)
        {
          Boundary b;

          /* Some writers pad the file with zeros after the last member. */
          while (r->raw_pos < r->raw_len && r->raw[r->raw_pos] == 0)
            {
              r->raw_pos++;
              if (r->raw_pos == r->raw_len && !fill_raw (r, error))
                return RILL_WARC_READ_ERROR;
            }
          if (r->raw_pos >= r->raw_len)
            {
              r->eof = TRUE;
              return RILL_WARC_READ_EOF;
            }
          b.decoded = r->out_base + r->out_len;
          b.raw = r->raw_base + r->raw_pos;
          if (r->members == 0)
            r->cur = b;
          else
            g_array_append_val (r->bounds, b);
          r->members++;
          inflateReset (&r->zs);
          r->in_member = TRUE;
        }

      r->zs.next_in = r->raw + r->raw_pos;
      r->zs.avail_in = r->raw_len - r->raw_pos;
      r->zs.next_out = r->out + r->out_len;
      r->zs.avail_out = RILL_WARC_READER_BUFFER_SIZE - r->out_len;
      in_before = r->zs.avail_in;
      out_before = r->zs.avail_out;
      ret = inflate (&r->zs, Z_NO_FLUSH);
      r->raw_pos += in_before - r->zs.avail_in;
      r->out_len += out_before - r->zs.avail_out;

      if (ret == Z_STREAM_END)
        {
          r->in_member = FALSE;
          if (out_before != r->zs.avail_out)
            return RILL_WARC_READ_OK;
          continue;
        }
      if (ret == Z_OK || ret == Z_BUF_ERROR)
        {
          if (out_before != r->zs.avail_out)
            return RILL_WARC_READ_OK;
          if (r->raw_pos >= r->raw_len && r->raw_eof)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                           "gzip member at offset %" G_GUINT64_FORMAT
                           " is truncated at the end of the file",
                           rill_warc_reader_file_offset (r, r->out_base + r->out_len));
              r->in_member = FALSE;
              r->eof = TRUE;
              return RILL_WARC_READ_ERROR;
            }
          continue;
        }

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "broken gzip member at offset %" G_GUINT64_FORMAT ": %s",
                   rill_warc_reader_file_offset (r, r->out_base + r->out_len),
                   r->zs.msg != NULL ? r->zs.msg : "inflate failed");
      r->in_member = FALSE;
      r->z_broken = TRUE;
      return RILL_WARC_READ_ERROR;
    }
}

RillWarcReadStatus
rill_warc_reader_read_line (RillWarcReader  *r,
                            GString         *line,
                            GError         **error)
{
  gsize scanned = 0;

  g_string_truncate (line, 0);
  for (;;)
    {
      guint8 *start = r->out + r->out_pos;
      gsize avail = r->out_len - r->out_pos;
      guint8 *nl = scanned < avail ? memchr (start + scanned, '\n', avail - scanned) : NULL;
      RillWarcReadStatus status;

      if (nl != NULL)
        {
          gsize len = nl - start;

          g_string_append_len (line, (const char *) start,
                               len > 0 && start[len - 1] == '\r' ? len - 1 : len);
          r->out_pos += len + 1;
          return RILL_WARC_READ_OK;
        }
      scanned = avail;
      status = fill (r, error);
      if (status == RILL_WARC_READ_EOF)
        {
          if (r->out_len == r->out_pos)
            return RILL_WARC_READ_EOF;
          g_string_append_len (line, (const char *) r->out + r->out_pos,
                               r->out_len - r->out_pos);
          r->out_pos = r->out_len;
          return RILL_WARC_READ_OK;
        }
      if (status == RILL_WARC_READ_ERROR)
        return status;
    }
}

/* The decoded offset of the next member start after the read position,
 * or G_MAXUINT64. */
static guint64
next_boundary_after (RillWarcReader *r,
                     guint64         pos)
{
  for (guint i = 0; i < r->bounds->len; i++)
    {
      guint64 d = g_array_index (r->bounds, Boundary, i).decoded;

      if (d > pos)
        return d;
    }
  return G_MAXUINT64;
}

RillWarcReadStatus
rill_warc_reader_read_block (RillWarcReader  *r,
                             guint64          length,
                             GByteArray      *dest,
                             gboolean         stop_at_member,
                             guint64         *n_read,
                             GError         **error)
{
  guint64 done = 0;

  *n_read = 0;
  while (done < length)
    {
      gsize avail = r->out_len - r->out_pos;
      guint64 take;

      if (avail == 0)
        {
          RillWarcReadStatus status = fill (r, error);

          if (status != RILL_WARC_READ_OK)
            return status;
          continue;
        }
      take = MIN ((guint64) avail, length - done);
      if (stop_at_member)
        {
          guint64 pos = rill_warc_reader_tell (r);
          /* pos > 0: the record's header came first; a member that
           * starts right here also ends the block */
          guint64 b = next_boundary_after (r, pos - 1);

          if (b != G_MAXUINT64 && b < pos + take)
            take = b - pos;
          if (take == 0)
            return RILL_WARC_READ_MEMBER;
        }
      if (dest != NULL)
        g_byte_array_append (dest, r->out + r->out_pos, take);
      r->out_pos += take;
      done += take;
      *n_read = done;
    }
  return RILL_WARC_READ_OK;
}

/* After a bad record: moves to the start of the next gzip member (files
 * of one member per record) or to the next line starting with "WARC/1."
 * (plain files, one-member gzip files). FALSE at the end of the input. */
gboolean
rill_warc_reader_resync (RillWarcReader *r)
{
  static const char magic[] = "\nWARC/1.";
  const gsize mlen = sizeof magic - 1;
  guint64 start = rill_warc_reader_tell (r);
  guint members_at_start = r->members;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      RillWarcReadStatus status;

      if (rill_warc_reader_is_multi_member (r) || r->z_broken)
        {
          guint64 b = next_boundary_after (r, start);

          /* A member that started since we came here, even at start
           * itself (the broken member gave no bytes), is the target. */
          if (r->members > members_at_start)
            {
              guint n_new = r->members - members_at_start;

              b = n_new <= r->bounds->len
                ? g_array_index (r->bounds, Boundary, r->bounds->len - n_new).decoded
                : r->cur.decoded;
            }
          if (b != G_MAXUINT64 && b >= r->out_base)
            {
              r->out_pos = b - r->out_base;
              prune (r);
              return TRUE;
            }
        }
      else
        {
          gsize from = r->out_pos > 0 ? r->out_pos - 1 : 0;

          if (r->out_len - from >= mlen)
            {
              guint8 *hit = memmem (r->out + from, r->out_len - from, magic, mlen);

              if (hit != NULL)
                {
                  r->out_pos = hit + 1 - r->out;
                  return TRUE;
                }
              r->out_pos = r->out_len - (mlen - 1);
            }
        }

      if (r->out_pos < r->out_len && (rill_warc_reader_is_multi_member (r) || r->z_broken))
        r->out_pos = r->out_len;
      status = fill (r, &error);
      if (status == RILL_WARC_READ_EOF)
        return FALSE;
      /* On a broken member, the next fill resyncs on the raw bytes. */
    }
}
