/* rill-warc-http.c: HTTP messages inside WARC blocks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-warc-http.h"

#include <string.h>
#include <zlib.h>
#include <gio/gio.h>

void
rill_warc_http_clear (RillWarcHttp *http)
{
  g_clear_pointer (&http->headers, g_ptr_array_unref);
  g_clear_pointer (&http->content_type, g_free);
  g_clear_pointer (&http->charset, g_free);
  g_clear_pointer (&http->transfer_encoding, g_free);
  g_clear_pointer (&http->content_encoding, g_free);
  http->status = 0;
  http->body_offset = 0;
}

/* Valid UTF-8 from bytes that may be Latin-1 or junk. */
char *
rill_warc_sanitize (const char *text,
                    gssize      length)
{
  if (length < 0)
    length = strlen (text);
  if (g_utf8_validate_len (text, length, NULL))
    return g_strndup (text, length);
  return g_utf8_make_valid (text, length);
}

void
rill_warc_parse_content_type (const char  *value,
                              char       **media_type,
                              char       **charset)
{
  g_auto(GStrv) parts = g_strsplit (value, ";", -1);

  *media_type = NULL;
  *charset = NULL;
  if (parts[0] == NULL)
    return;
  {
    char *type = g_ascii_strdown (g_strstrip (parts[0]), -1);

    if (*type != '\0')
      *media_type = type;
    else
      g_free (type);
  }
  for (guint i = 1; parts[i] != NULL; i++)
    {
      char *p = g_strstrip (parts[i]);

      if (g_ascii_strncasecmp (p, "charset", 7) == 0)
        {
          p += 7;
          while (*p == ' ' || *p == '\t')
            p++;
          if (*p != '=')
            continue;
          p++;
          while (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'')
            p++;
          {
            gsize n = strcspn (p, "\"' \t");

            if (n > 0)
              {
                g_free (*charset);
                *charset = g_ascii_strdown (p, n);
              }
          }
        }
    }
}

/* Parses "HTTP/x.y NNN reason" and the header block. FALSE if @data does
 * not start with an HTTP status line. */
gboolean
rill_warc_http_parse (const guint8 *data,
                      gsize         length,
                      RillWarcHttp *http)
{
  const char *p = (const char *) data;
  const char *end = p + length;
  const char *eol;
  int status = 0;

  memset (http, 0, sizeof *http);
  if (length < 12 || memcmp (p, "HTTP/", 5) != 0)
    return FALSE;

  eol = memchr (p, '\n', length);
  if (eol == NULL)
    eol = end;
  {
    const char *s = memchr (p, ' ', eol - p);

    if (s == NULL)
      return FALSE;
    while (s < eol && *s == ' ')
      s++;
    for (int i = 0; i < 3 && s < eol && g_ascii_isdigit (*s); i++, s++)
      status = status * 10 + (*s - '0');
    if (status < 100)
      return FALSE;
  }
  http->status = status;
  http->headers = g_ptr_array_new_with_free_func (g_free);
  p = eol < end ? eol + 1 : end;

  while (p < end)
    {
      const char *line = p;
      gsize len;
      g_autofree char *text = NULL;
      char *colon;

      eol = memchr (p, '\n', end - p);
      if (eol == NULL)
        eol = end;
      len = eol - line;
      if (len > 0 && line[len - 1] == '\r')
        len--;
      p = eol < end ? eol + 1 : end;
      if (len == 0)
        break;

      text = rill_warc_sanitize (line, len);
      if ((*text == ' ' || *text == '\t') && http->headers->len > 0)
        {
          /* obsolete line folding */
          char *prev = g_ptr_array_index (http->headers, http->headers->len - 1);
          char *joined = g_strconcat (prev, " ", g_strstrip (text), NULL);

          g_free (prev);
          http->headers->pdata[http->headers->len - 1] = joined;
          continue;
        }
      colon = strchr (text, ':');
      if (colon == NULL)
        continue;
      *colon = '\0';
      {
        char *name = g_strstrip (text);
        char *value = g_strstrip (colon + 1);

        if (g_ascii_strcasecmp (name, "Content-Type") == 0 && http->content_type == NULL)
          rill_warc_parse_content_type (value, &http->content_type, &http->charset);
        else if (g_ascii_strcasecmp (name, "Transfer-Encoding") == 0)
          {
            g_free (http->transfer_encoding);
            http->transfer_encoding = g_ascii_strdown (value, -1);
          }
        else if (g_ascii_strcasecmp (name, "Content-Encoding") == 0)
          {
            g_free (http->content_encoding);
            http->content_encoding = g_ascii_strdown (value, -1);
          }
        g_ptr_array_add (http->headers, g_strconcat (name, ": ", value, NULL));
      }
    }
  http->body_offset = p - (const char *) data;
  return TRUE;
}

/* Removes chunked transfer coding. Lenient: a truncated or malformed
 * stream (Common Crawl truncates large payloads) keeps the data of the
 * chunks read so far, the last one possibly cut; *complete says whether
 * the terminating zero chunk was seen. */
GBytes *
rill_warc_dechunk (const guint8 *data,
                   gsize         length,
                   gboolean     *complete)
{
  GByteArray *out = g_byte_array_sized_new (length);
  gsize pos = 0;

  *complete = FALSE;
  while (pos < length)
    {
      guint64 size = 0;
      gboolean digits = FALSE;
      const guint8 *eol;

      while (pos < length && g_ascii_isxdigit (data[pos]))
        {
          size = size * 16 + g_ascii_xdigit_value (data[pos++]);
          digits = TRUE;
          if (size > G_MAXUINT32)
            break;
        }
      if (!digits)
        break;
      eol = memchr (data + pos, '\n', length - pos);   /* skip extensions */
      if (eol == NULL)
        break;
      pos = eol - data + 1;
      if (size == 0)
        {
          *complete = TRUE;
          break;
        }
      if (size > length - pos)
        size = length - pos;
      g_byte_array_append (out, data + pos, size);
      pos += size;
      if (pos < length && data[pos] == '\r')
        pos++;
      if (pos < length && data[pos] == '\n')
        pos++;
    }
  return g_byte_array_free_to_bytes (out);
}

/* Decodes gzip, x-gzip or deflate content, up to @max_size bytes. */
GBytes *
rill_warc_decode_content (const guint8  *data,
                          gsize          length,
                          const char    *encoding,
                          gsize          max_size,
                          GError       **error)
{
  z_stream zs = { 0, };
  GByteArray *out;
  int window;
  int ret;

  if (g_strcmp0 (encoding, "gzip") == 0 || g_strcmp0 (encoding, "x-gzip") == 0)
    window = 15 + 32;   /* gzip or zlib, detected */
  else if (g_strcmp0 (encoding, "deflate") == 0)
    window = 15 + 32;
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "Content-Encoding %s is not supported", encoding);
      return NULL;
    }

  if (inflateInit2 (&zs, window) != Z_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot start zlib");
      return NULL;
    }
  out = g_byte_array_sized_new (MIN (length * 4 + 64, max_size));
  zs.next_in = (Bytef *) data;
  zs.avail_in = length;
  for (;;)
    {
      guint8 buf[32 * 1024];

      zs.next_out = buf;
      zs.avail_out = sizeof buf;
      ret = inflate (&zs, Z_NO_FLUSH);
      if (ret == Z_DATA_ERROR && window == 15 + 32 && zs.total_out == 0 &&
          g_strcmp0 (encoding, "deflate") == 0)
        {
          /* raw deflate, as some servers send */
          inflateEnd (&zs);
          inflateInit2 (&zs, -15);
          zs.next_in = (Bytef *) data;
          zs.avail_in = length;
          window = -15;
          continue;
        }
      g_byte_array_append (out, buf, sizeof buf - zs.avail_out);
      if (out->len > max_size)
        {
          inflateEnd (&zs);
          g_byte_array_unref (out);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       "%s content decodes to more than %" G_GSIZE_FORMAT " bytes",
                       encoding, max_size);
          return NULL;
        }
      if (ret == Z_STREAM_END)
        break;
      if (ret != Z_OK || (zs.avail_in == 0 && zs.avail_out != 0))
        {
          inflateEnd (&zs);
          g_byte_array_unref (out);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s content is broken or truncated", encoding);
          return NULL;
        }
    }
  inflateEnd (&zs);
  return g_byte_array_free_to_bytes (out);
}
