/* rill-charset.c: charset detection for fetched bodies
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-charset.h"

#include <string.h>
#include <uchardet.h>

/* How far `<meta charset>` is looked for, as in the HTML spec's prescan. */
#define META_SCAN_SIZE 4096
/* How many bytes uchardet is fed at most. */
#define GUESS_SIZE (64 * 1024)

/**
 * rill_charset_normalize:
 * @label: a charset label as found in a header, a meta tag or from
 *   uchardet
 *
 * Maps a label onto the lower-case name that decoders (iconv, GLib)
 * know, folding the aliases the WHATWG Encoding standard folds: `latin1`,
 * `iso-8859-1`, `ascii` and `us-ascii` are decoded as `windows-1252`,
 * `utf8` is `utf-8`, `cp1251` is `windows-1251`.
 *
 * Returns: (transfer full) (nullable): the name, or %NULL for an empty
 *   label
 */
char *
rill_charset_normalize (const char *label)
{
  static const struct { const char *alias; const char *name; } aliases[] = {
    { "utf8", "utf-8" },
    { "unicode-1-1-utf-8", "utf-8" },
    { "ascii", "windows-1252" },
    { "us-ascii", "windows-1252" },
    { "latin1", "windows-1252" },
    { "iso-8859-1", "windows-1252" },
    { "iso8859-1", "windows-1252" },
    { "l1", "windows-1252" },
    { "cp1252", "windows-1252" },
    { "x-cp1252", "windows-1252" },
    { "cp1251", "windows-1251" },
    { "x-cp1251", "windows-1251" },
    { "cp1250", "windows-1250" },
    { "x-cp1250", "windows-1250" },
    { "koi8r", "koi8-r" },
    { "koi", "koi8-r" },
    { "koi8", "koi8-r" },
    { "sjis", "shift_jis" },
    { "x-sjis", "shift_jis" },
    { "ms_kanji", "shift_jis" },
    { "gb2312", "gbk" },
    { "x-gbk", "gbk" },
    { "euc-kr", "euc-kr" },
    { "big5-hkscs", "big5-hkscs" },
  };
  g_autofree char *lower = NULL;
  g_autofree char *stripped = NULL;

  if (label == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (label));
  if (stripped[0] == '"' || stripped[0] == '\'')
    {
      gsize n = strlen (stripped);

      memmove (stripped, stripped + 1, n);
      if (n > 1 && (stripped[n - 2] == '"' || stripped[n - 2] == '\''))
        stripped[n - 2] = '\0';
    }
  if (stripped[0] == '\0')
    return NULL;
  lower = g_ascii_strdown (stripped, -1);
  for (gsize i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (strcmp (lower, aliases[i].alias) == 0)
      return g_strdup (aliases[i].name);
  return g_steal_pointer (&lower);
}

static const guint8 *
find_ci (const guint8 *hay,
         const guint8 *end,
         const char   *needle)
{
  gsize n = strlen (needle);

  for (const guint8 *p = hay; p + n <= end; p++)
    if (g_ascii_strncasecmp ((const char *) p, needle, n) == 0)
      return p;
  return NULL;
}

/**
 * rill_charset_from_meta:
 * @data: the start of an HTML document
 * @len: its length
 *
 * Looks for `<meta charset="...">` or `<meta http-equiv="Content-Type"
 * content="...; charset=...">` in the first 4 KB of @data.
 *
 * Returns: (transfer full) (nullable): the normalized charset, or %NULL
 */
char *
rill_charset_from_meta (const guint8 *data,
                        gsize         len)
{
  const guint8 *end = data + MIN (len, META_SCAN_SIZE);
  const guint8 *p = data;

  while ((p = find_ci (p, end, "<meta")) != NULL)
    {
      const guint8 *close = memchr (p, '>', end - p);
      const guint8 *cs;

      if (close == NULL)
        break;
      cs = find_ci (p, close, "charset");
      if (cs != NULL)
        {
          const guint8 *v = cs + strlen ("charset");
          const guint8 *e;

          while (v < close && g_ascii_isspace (*v))
            v++;
          if (v < close && *v == '=')
            {
              v++;
              while (v < close && (g_ascii_isspace (*v) || *v == '"' || *v == '\''))
                v++;
              for (e = v; e < close && !g_ascii_isspace (*e) && *e != '"' &&
                   *e != '\'' && *e != ';' && *e != '/'; e++)
                ;
              if (e > v)
                {
                  g_autofree char *label = g_strndup ((const char *) v, e - v);
                  char *name = rill_charset_normalize (label);

                  /* A document that declares UTF-16 in ASCII is not UTF-16. */
                  if (name != NULL && g_str_has_prefix (name, "utf-16"))
                    {
                      g_free (name);
                      name = g_strdup ("utf-8");
                    }
                  return name;
                }
            }
        }
      p = close;
    }
  return NULL;
}

/* Whether @data is UTF-8; with @truncated, a sequence cut by the end of
 * the sample is forgiven. */
static gboolean
valid_utf8_sample (const guint8 *data,
                   gsize         len,
                   gboolean      truncated)
{
  const char *end = NULL;

  if (g_utf8_validate_len ((const char *) data, len, &end))
    return TRUE;
  return truncated && (gsize) ((const guint8 *) end - data) + 4 > len;
}

/**
 * rill_charset_detect:
 * @header_charset: (nullable): the `charset` parameter of the response's
 *   Content-Type
 * @data: the body
 * @len: its length
 * @source: (out) (optional): where the answer came from
 *
 * Decides how to decode @data: a byte order mark first (it cannot be
 * wrong, and browsers let it win over the header), then @header_charset,
 * then a `<meta>` declaration in the first 4 KB, then valid UTF-8, then a
 * guess by uchardet over the first 64 KB.
 *
 * Returns: (transfer full) (nullable): a normalized, lower-case charset
 *   name, or %NULL when @data is empty and nothing was declared
 */
char *
rill_charset_detect (const char        *header_charset,
                     const guint8      *data,
                     gsize              len,
                     RillCharsetSource *source)
{
  RillCharsetSource dummy;
  char *name;

  if (source == NULL)
    source = &dummy;
  *source = RILL_CHARSET_SOURCE_NONE;

  if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
    {
      *source = RILL_CHARSET_SOURCE_BOM;
      return g_strdup ("utf-8");
    }
  if (len >= 2 && data[0] == 0xff && data[1] == 0xfe)
    {
      *source = RILL_CHARSET_SOURCE_BOM;
      return g_strdup ("utf-16le");
    }
  if (len >= 2 && data[0] == 0xfe && data[1] == 0xff)
    {
      *source = RILL_CHARSET_SOURCE_BOM;
      return g_strdup ("utf-16be");
    }

  name = rill_charset_normalize (header_charset);
  if (name != NULL)
    {
      *source = RILL_CHARSET_SOURCE_HEADER;
      return name;
    }

  name = rill_charset_from_meta (data, len);
  if (name != NULL)
    {
      *source = RILL_CHARSET_SOURCE_META;
      return name;
    }

  if (len == 0)
    return NULL;

  if (valid_utf8_sample (data, MIN (len, GUESS_SIZE), len > GUESS_SIZE))
    {
      *source = RILL_CHARSET_SOURCE_UTF8;
      return g_strdup ("utf-8");
    }

  {
    uchardet_t ud = uchardet_new ();
    const char *guess;

    if (uchardet_handle_data (ud, (const char *) data, MIN (len, GUESS_SIZE)) == 0)
      {
        uchardet_data_end (ud);
        guess = uchardet_get_charset (ud);
        if (guess != NULL && guess[0] != '\0')
          {
            name = rill_charset_normalize (guess);
            *source = RILL_CHARSET_SOURCE_GUESS;
          }
      }
    uchardet_delete (ud);
  }
  return name;
}
