/* rill-html-decode.c: bytes of a web page -> UTF-8.
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Order of evidence: the caller's hint (HTTP Content-Type), a byte-order
 * mark, <meta charset> / <meta http-equiv=Content-Type> in the first
 * 16 KiB, then libuchardet, then UTF-8 with invalid bytes replaced by
 * U+FFFD. Labels are mapped as the WHATWG Encoding Standard does
 * (latin1/ascii mean windows-1252, utf-16 in a meta means UTF-8).
 */

#include "rill-html-private.h"

#include <errno.h>
#include <string.h>
#include <uchardet.h>

#define META_SCAN_LIMIT (16 * 1024)
#define DETECT_LIMIT    (64 * 1024)

/* Maps a charset label to a name iconv knows, or NULL when unknown. */
static char *
normalize_label (const char *label,
                 gsize       len)
{
  g_autofree char *l = NULL;
  GIConv cd;

  while (len > 0 && g_ascii_isspace (*label))
    label++, len--;
  while (len > 0 && (g_ascii_isspace (label[len - 1]) || label[len - 1] == '"'
                     || label[len - 1] == '\'' || label[len - 1] == ';'))
    len--;
  if (len == 0 || len > 40)
    return NULL;
  l = g_ascii_strdown (label, len);

  if (g_str_equal (l, "utf8") || g_str_equal (l, "utf-8")
      || g_str_equal (l, "unicode-1-1-utf-8") || g_str_equal (l, "x-unicode20utf8"))
    return g_strdup ("UTF-8");
  if (g_str_equal (l, "latin1") || g_str_equal (l, "iso-8859-1")
      || g_str_equal (l, "iso8859-1") || g_str_equal (l, "us-ascii")
      || g_str_equal (l, "ascii") || g_str_equal (l, "l1")
      || g_str_equal (l, "iso_8859-1") || g_str_equal (l, "cp819")
      || g_str_equal (l, "ansi_x3.4-1968"))
    return g_strdup ("WINDOWS-1252");
  if (g_str_equal (l, "x-cp1251") || g_str_equal (l, "win-1251")
      || g_str_equal (l, "cp1251") || g_str_equal (l, "windows1251"))
    return g_strdup ("WINDOWS-1251");
  if (g_str_equal (l, "iso-8859-9") || g_str_equal (l, "latin5"))
    return g_strdup ("WINDOWS-1254");
  if (g_str_equal (l, "tis-620") || g_str_equal (l, "iso-8859-11"))
    return g_strdup ("WINDOWS-874");
  if (g_str_equal (l, "gb2312") || g_str_equal (l, "gbk") || g_str_equal (l, "x-gbk"))
    return g_strdup ("GB18030");
  if (g_str_equal (l, "ks_c_5601-1987") || g_str_equal (l, "euc-kr"))
    return g_strdup ("CP949");
  if (g_str_equal (l, "shift_jis") || g_str_equal (l, "sjis") || g_str_equal (l, "x-sjis"))
    return g_strdup ("CP932");
  if (g_str_has_prefix (l, "utf-16") || g_str_has_prefix (l, "utf16"))
    return g_strdup ("UTF-16");
  if (g_str_equal (l, "x-user-defined") || g_str_equal (l, "none")
      || g_str_equal (l, "unknown"))
    return NULL;

  /* anything iconv accepts */
  cd = g_iconv_open ("UTF-8", l);
  if (cd == (GIConv) -1)
    return NULL;
  g_iconv_close (cd);
  return g_ascii_strup (l, -1);
}

static const char *
memcasemem (const char *hay,
            gsize       hay_len,
            const char *needle)
{
  gsize n = strlen (needle);
  const char *end;

  if (hay_len < n)
    return NULL;
  end = hay + hay_len - n;
  for (const char *p = hay; p <= end; p++)
    if (g_ascii_tolower (*p) == needle[0] && g_ascii_strncasecmp (p, needle, n) == 0)
      return p;
  return NULL;
}

/* <meta charset=...> or <meta http-equiv=Content-Type content="...;charset=...">. */
static char *
sniff_meta (const guint8 *data,
            gsize         len)
{
  const char *p = (const char *) data;
  const char *end = p + MIN (len, META_SCAN_LIMIT);

  while (p < end)
    {
      const char *tag = memcasemem (p, end - p, "<meta");
      const char *gt, *cs;

      if (!tag)
        break;
      gt = memchr (tag, '>', end - tag);
      if (!gt)
        gt = end;
      cs = memcasemem (tag, gt - tag, "charset");
      if (cs)
        {
          const char *v = cs + 7;
          const char *ve;
          char *res;

          while (v < gt && (g_ascii_isspace (*v)))
            v++;
          if (v < gt && *v == '=')
            {
              v++;
              while (v < gt && (g_ascii_isspace (*v) || *v == '"' || *v == '\''))
                v++;
              ve = v;
              while (ve < gt && !g_ascii_isspace (*ve) && *ve != '"' && *ve != '\''
                     && *ve != ';' && *ve != '/' && *ve != '>')
                ve++;
              res = normalize_label (v, ve - v);
              if (res)
                {
                  /* a page that says UTF-16 in ASCII is not UTF-16 */
                  if (g_str_equal (res, "UTF-16"))
                    {
                      g_free (res);
                      res = g_strdup ("UTF-8");
                    }
                  return res;
                }
            }
        }
      p = gt;
    }
  return NULL;
}

static char *
detect (const guint8 *data,
        gsize         len)
{
  uchardet_t ud = uchardet_new ();
  char *res = NULL;
  const char *cs;

  uchardet_handle_data (ud, (const char *) data, MIN (len, DETECT_LIMIT));
  uchardet_data_end (ud);
  cs = uchardet_get_charset (ud);
  if (cs && *cs)
    res = normalize_label (cs, strlen (cs));
  uchardet_delete (ud);
  if (res && g_str_equal (res, "ASCII"))
    {
      g_free (res);
      res = g_strdup ("UTF-8");
    }
  return res;
}

gboolean
rill_html_looks_binary (const guint8 *data,
                        gsize         len)
{
  gsize n = MIN (len, 4096);
  gsize ctrl = 0;

  if (n == 0)
    return FALSE;
  /* UTF-16 text has many NULs but a BOM or a regular pattern; let the
   * decoder decide for BOM-marked input */
  if (n >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (data[i] < 0x09 || (data[i] > 0x0D && data[i] < 0x20 && data[i] != 0x1B))
      ctrl++;
  return ctrl * 10 > n;
}

/* Converts with iconv, replacing undecodable bytes by U+FFFD. */
static char *
convert_lossy (const guint8 *data,
               gsize         len,
               const char   *from,
               gsize        *out_len)
{
  GIConv cd = g_iconv_open ("UTF-8", from);
  GString *out;
  gchar *inbuf = (gchar *) data;
  gsize inleft = len;
  char buf[8192];

  if (cd == (GIConv) -1)
    return NULL;
  out = g_string_sized_new (len + len / 2 + 16);
  while (inleft > 0)
    {
      gchar *ob = buf;
      gsize oleft = sizeof buf;
      gsize r = g_iconv (cd, &inbuf, &inleft, &ob, &oleft);

      g_string_append_len (out, buf, ob - buf);
      if (r == (gsize) -1)
        {
          if (errno == E2BIG)
            continue;
          /* EILSEQ or EINVAL (truncated input): skip one byte */
          g_string_append (out, "\xEF\xBF\xBD");
          inbuf++;
          inleft--;
          g_iconv (cd, NULL, NULL, NULL, NULL);
        }
    }
  g_iconv_close (cd);
  *out_len = out->len;
  return g_string_free (out, FALSE);
}

/* UTF-8 validation with an ASCII fast path (8 bytes at a time): most
 * markup is ASCII and g_utf8_validate() goes byte by byte. */
static gboolean
utf8_valid (const guint8 *s,
            gsize         n)
{
  const guint8 *e = s + n;

  while (s < e)
    {
      guint8 c;
      while (e - s >= 32)
        {
          guint64 w[4];
          memcpy (w, s, 32);
          if ((w[0] | w[1] | w[2] | w[3]) & G_GUINT64_CONSTANT (0x8080808080808080))
            break;
          s += 32;
        }
      if (e - s >= 8)
        {
          guint64 w;
          memcpy (&w, s, 8);
          if (!(w & G_GUINT64_CONSTANT (0x8080808080808080)))
            {
              s += 8;
              continue;
            }
        }
      c = *s;
      if (c < 0x80)
        s++;
      else if (c >= 0xC2 && c <= 0xDF)
        {
          if (e - s < 2 || (s[1] & 0xC0) != 0x80)
            return FALSE;
          s += 2;
        }
      else if (c >= 0xE0 && c <= 0xEF)
        {
          if (e - s < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return FALSE;
          if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F))
            return FALSE;
          s += 3;
        }
      else if (c >= 0xF0 && c <= 0xF4)
        {
          if (e - s < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80
              || (s[3] & 0xC0) != 0x80)
            return FALSE;
          if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
            return FALSE;
          s += 4;
        }
      else
        return FALSE;
    }
  return TRUE;
}

gboolean
rill_html_utf8_valid (const char *s,
                      gsize       len)
{
  return utf8_valid ((const guint8 *) s, len);
}

/* length of the valid UTF-8 sequence at @s (0: invalid) */
static inline gsize
utf8_seq_len (const guint8 *s,
              gsize         avail)
{
  guint8 c = s[0];

  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    return avail >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF)
    {
      if (avail < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
        return 0;
      if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F))
        return 0;
      return 3;
    }
  if (c >= 0xF0 && c <= 0xF4)
    {
      if (avail < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80
          || (s[3] & 0xC0) != 0x80)
        return 0;
      if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
        return 0;
      return 4;
    }
  return 0;
}

/* number of invalid bytes in @s, counting stops at @max */
static gsize
count_invalid (const guint8 *s,
               gsize         n,
               gsize         max)
{
  gsize bad = 0, i = 0;

  while (i < n && bad < max)
    {
      gsize l = utf8_seq_len (s + i, n - i);
      if (l == 0)
        {
          bad++;
          i++;
        }
      else
        i += l;
    }
  return bad;
}

/* @checked: length of a prefix of @data known to be valid UTF-8 (ending
 * on a character boundary) */
static char *
utf8_make_valid (const guint8 *data,
                 gsize         len,
                 gsize         checked,
                 gsize        *out_len,
                 gboolean     *borrowed)
{
  char *res;

  if (borrowed)
    {
      /* no copy and no check: the caller validates what it keeps */
      *borrowed = TRUE;
      *out_len = len;
      return (char *) data;
    }
  if (checked > len)
    checked = 0;
  if (utf8_valid (data + checked, len - checked))
    {
      res = g_malloc (len + 1);
      memcpy (res, data, len);
      res[len] = '\0';
      *out_len = len;
      return res;
    }
  res = g_utf8_make_valid ((const char *) data, len);
  *out_len = strlen (res);
  return res;
}

char *
rill_html_decode_internal (const guint8 *data,
                           gsize         len,
                           const char   *charset_hint,
                           gsize        *out_len,
                           char        **charset_out,
                           gboolean     *borrowed)
{
  g_autofree char *cs = NULL;
  char *res = NULL;
  gsize skip = 0;
  gsize checked = 0;  /* bytes of @data known to be valid UTF-8 */

  *out_len = 0;
  if (borrowed)
    *borrowed = FALSE;
  if (charset_hint && *charset_hint)
    cs = normalize_label (charset_hint, strlen (charset_hint));

  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      g_clear_pointer (&cs, g_free);
      cs = g_strdup ("UTF-8");
      skip = 3;
    }
  else if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    {
      g_clear_pointer (&cs, g_free);
      cs = g_strdup ("UTF-16LE");
      skip = 2;
    }
  else if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    {
      g_clear_pointer (&cs, g_free);
      cs = g_strdup ("UTF-16BE");
      skip = 2;
    }
  /* a hint of UTF-16 without BOM is not trusted for HTML */
  if (cs && g_str_equal (cs, "UTF-16"))
    g_clear_pointer (&cs, g_free);

  if (!cs)
    {
      cs = sniff_meta (data, len);
      /* "utf-8" in a template, windows-1251 in the bytes: a frequent lie */
      if (cs && g_str_equal (cs, "UTF-8"))
        {
          gsize n = MIN (len, DETECT_LIMIT);
          while (n < len && n > 0 && (data[n] & 0xC0) == 0x80)
            n--;
          if (utf8_valid (data, n))
            checked = n;
          else
            {
              gsize bad = count_invalid (data, n, 16);
              if (bad >= 16)
                {
                  char *det = detect (data, len);
                  if (det)
                    {
                      g_free (cs);
                      cs = det;
                    }
                }
            }
        }
    }
  if (!cs)
    {
      /* fast path: valid UTF-8 needs no detector */
      gsize n = MIN (len, DETECT_LIMIT);
      /* do not cut a character in two */
      while (n < len && n > 0 && (data[n] & 0xC0) == 0x80)
        n--;
      if (utf8_valid (data, n))
        {
          cs = g_strdup ("UTF-8");
          checked = n;
        }
      else
        cs = detect (data, len);
    }
  if (!cs)
    cs = g_strdup ("UTF-8");

  data += skip;
  len -= skip;
  if (!g_str_equal (cs, "UTF-8"))
    res = convert_lossy (data, len, cs, out_len);
  if (!res)
    {
      g_free (cs);
      cs = g_strdup ("UTF-8");
      res = utf8_make_valid (data, len, checked > skip ? checked - skip : 0,
                             out_len, borrowed);
    }
  if (charset_out)
    *charset_out = g_steal_pointer (&cs);
  return res;
}

char *
rill_html_decode (const guint8  *data,
                  gsize          len,
                  const char    *charset_hint,
                  gsize         *out_len,
                  char         **charset_out)
{
  gsize l = 0;
  char *res;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  res = rill_html_decode_internal (data ? data : (const guint8 *) "", len,
                                   charset_hint, &l, charset_out, NULL);
  if (out_len)
    *out_len = l;
  return res;
}
