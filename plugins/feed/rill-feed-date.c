/* rill-feed-date.c: dates of feeds and sitemaps as ISO 8601
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-feed-private.h"

#include <string.h>

static const char *const months[] = {
  "jan", "feb", "mar", "apr", "may", "jun",
  "jul", "aug", "sep", "oct", "nov", "dec",
};

/* North American zone names of RFC 822, in hours east of UTC. */
static const struct {
  const char *name;
  int hours;
} zones[] = {
  { "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 },
  { "est", -5 }, { "edt", -4 }, { "cst", -6 }, { "cdt", -5 },
  { "mst", -7 }, { "mdt", -6 }, { "pst", -8 }, { "pdt", -7 },
};

/* offset_s: seconds east of UTC; has_zone FALSE gives a local time with
 * no zone ("2024-01-02T10:00:00"). */
static char *
format_date (int year, int month, int day, int hour, int minute, int second,
             gboolean has_zone, int offset_s)
{
  int off;

  if (year < 1 || year > 9999 || month < 1 || month > 12
      || !g_date_valid_dmy (day, month, year)
      || hour > 23 || minute > 59 || second > 60)
    return NULL;
  if (second == 60)
    second = 59;                /* leap second */
  if (!has_zone)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d",
                            year, month, day, hour, minute, second);
  if (offset_s == 0)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                            year, month, day, hour, minute, second);
  off = ABS (offset_s) / 60;
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
                          year, month, day, hour, minute, second,
                          offset_s < 0 ? '-' : '+', off / 60, off % 60);
}

static gboolean
read_int (const char **p, int min_digits, int max_digits, int *out)
{
  int n = 0, v = 0;

  while (n < max_digits && g_ascii_isdigit ((*p)[n]))
    {
      v = v * 10 + ((*p)[n] - '0');
      n++;
    }
  if (n < min_digits)
    return FALSE;
  *p += n;
  *out = v;
  return TRUE;
}

static void
skip_space (const char **p)
{
  while (**p == ' ' || **p == '\t' || **p == '\r' || **p == '\n')
    (*p)++;
}

/* [+-]hh[:]mm, or a zone name; FALSE when nothing matches. */
static gboolean
read_zone (const char **p, int *offset_s)
{
  const char *s = *p;

  if (*s == '+' || *s == '-')
    {
      int sign = *s == '-' ? -1 : 1, h, m = 0;

      s++;
      if (!read_int (&s, 2, 2, &h))
        return FALSE;
      if (*s == ':')
        s++;
      if (g_ascii_isdigit (*s) && !read_int (&s, 2, 2, &m))
        return FALSE;
      if (h > 23 || m > 59)
        return FALSE;
      *offset_s = sign * (h * 3600 + m * 60);
      *p = s;
      return TRUE;
    }
  if (g_ascii_isalpha (*s))
    {
      gsize n = 0;

      while (g_ascii_isalpha (s[n]))
        n++;
      for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
        if (strlen (zones[i].name) == n && g_ascii_strncasecmp (s, zones[i].name, n) == 0)
          {
            *offset_s = zones[i].hours * 3600;
            *p = s + n;
            return TRUE;
          }
      /* RFC 1123 says the military letters are unreliable: UTC */
      if (n == 1)
        {
          *offset_s = 0;
          *p = s + n;
          return TRUE;
        }
    }
  return FALSE;
}

/* "Mon, 02 Jan 2006 15:04:05 -0700" and its common variations: no
 * weekday, full month names, two-digit years, no seconds, zone names. */
static char *
parse_rfc822 (const char *text)
{
  const char *p = text;
  int day, month = -1, year, hour, minute, second = 0, offset = 0;
  gboolean has_zone;

  skip_space (&p);
  if (g_ascii_isalpha (*p))
    {
      /* weekday */
      while (g_ascii_isalpha (*p))
        p++;
      if (*p == ',')
        p++;
      skip_space (&p);
    }
  if (!read_int (&p, 1, 2, &day))
    return NULL;
  skip_space (&p);
  if (*p == '-')
    p++;
  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    if (g_ascii_strncasecmp (p, months[i], 3) == 0)
      {
        month = i + 1;
        break;
      }
  if (month < 0)
    return NULL;
  while (g_ascii_isalpha (*p))
    p++;
  if (*p == '.')
    p++;
  skip_space (&p);
  if (*p == '-')
    p++;
  {
    const char *start = p;

    if (!read_int (&p, 2, 4, &year))
      return NULL;
    if (p - start == 2)
      year += year < 50 ? 2000 : 1900;
    else if (p - start == 3)
      return NULL;
  }
  skip_space (&p);
  if (!read_int (&p, 1, 2, &hour) || *p++ != ':' || !read_int (&p, 2, 2, &minute))
    return NULL;
  if (*p == ':')
    {
      p++;
      if (!read_int (&p, 2, 2, &second))
        return NULL;
    }
  skip_space (&p);
  has_zone = read_zone (&p, &offset);
  return format_date (year, month, day, hour, minute, second, has_zone, offset);
}

/* RFC 3339 and the W3C profile of ISO 8601 used by sitemaps: YYYY,
 * YYYY-MM, YYYY-MM-DD, or a date with "T" (or a space), hh:mm[:ss[.f]]
 * and a zone. Dates without a time stay dates. */
static char *
parse_rfc3339 (const char *text)
{
  const char *p = text;
  int year, month = 1, day = 1, hour, minute, second = 0, offset = 0;
  gboolean has_zone;

  skip_space (&p);
  if (!read_int (&p, 4, 4, &year))
    return NULL;
  if (*p != '-')
    {
      skip_space (&p);
      return *p == '\0' && year > 0 ? g_strdup_printf ("%04d", year) : NULL;
    }
  p++;
  if (!read_int (&p, 2, 2, &month) || month < 1 || month > 12)
    return NULL;
  if (*p != '-')
    {
      skip_space (&p);
      return *p == '\0' ? g_strdup_printf ("%04d-%02d", year, month) : NULL;
    }
  p++;
  if (!read_int (&p, 2, 2, &day))
    return NULL;
  if (*p != 'T' && *p != 't' && !(*p == ' ' && g_ascii_isdigit (p[1])))
    {
      skip_space (&p);
      if (*p != '\0' || year < 1 || !g_date_valid_dmy (day, month, year))
        return NULL;
      return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
    }
  p++;
  if (!read_int (&p, 2, 2, &hour) || *p++ != ':' || !read_int (&p, 2, 2, &minute))
    return NULL;
  if (*p == ':')
    {
      p++;
      if (!read_int (&p, 2, 2, &second))
        return NULL;
      if (*p == '.' || *p == ',')
        for (p++; g_ascii_isdigit (*p); p++)
          ;
    }
  skip_space (&p);
  has_zone = read_zone (&p, &offset);
  skip_space (&p);
  if (*p != '\0')
    return NULL;
  return format_date (year, month, day, hour, minute, second, has_zone, offset);
}

/**
 * rill_feed_parse_date:
 * @text: a date as a feed or a sitemap writes it
 *
 * Reads RFC 822 dates (RSS `pubDate`, with the variations found in the
 * wild) and RFC 3339 / W3C-DTF dates (Atom, JSON Feed, `dc:date`,
 * sitemap `lastmod`, `news:publication_date`).
 *
 * Returns: (transfer full) (nullable): the date in ISO 8601 with the
 *   zone it was given in (`2024-03-10T09:30:00+01:00`, `Z` for UTC, no
 *   zone when the input had none), a plain date when the input was one,
 *   or %NULL
 */
char *
rill_feed_parse_date (const char *text)
{
  char *iso;

  if (text == NULL)
    return NULL;
  iso = parse_rfc3339 (text);
  if (iso == NULL)
    iso = parse_rfc822 (text);
  return iso;
}
