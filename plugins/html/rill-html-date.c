/* rill-html-date.c: dates in ISO 8601, RFC 2822, numeric and written
 * forms (English, Russian, Ukrainian, Azerbaijani, Turkish, German,
 * French, Spanish, Polish, Portuguese, Italian), and in URLs.
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Dates before 1995 or after the fetch time (plus one day of time-zone
 * slack) are rejected, as htmldate (Barbaresi, JOSS 2020) does.
 */

#include "rill-html-private.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  int  year, month, day;
  int  hour, min, sec;       /* hour < 0: no time */
  int  tz_min;               /* offset in minutes */
  gboolean has_tz;
} Date;

/* month stems: a word matches when it starts with the stem and is at most
 * @extra bytes longer */
static const struct { const char *stem; int month; int extra; } months[] = {
  /* English */
  { "january", 1, 0 }, { "february", 2, 0 }, { "march", 3, 0 }, { "april", 4, 0 },
  { "may", 5, 0 }, { "june", 6, 0 }, { "july", 7, 0 }, { "august", 8, 0 },
  { "september", 9, 0 }, { "october", 10, 0 }, { "november", 11, 0 },
  { "december", 12, 0 }, { "jan", 1, 0 }, { "feb", 2, 0 }, { "mar", 3, 0 },
  { "apr", 4, 0 }, { "jun", 6, 0 }, { "jul", 7, 0 }, { "aug", 8, 0 },
  { "sep", 9, 0 }, { "sept", 9, 0 }, { "oct", 10, 0 }, { "nov", 11, 0 },
  { "dec", 12, 0 },
  /* Russian (nominative and genitive) */
  { "январ", 1, 4 }, { "феврал", 2, 4 }, { "март", 3, 4 }, { "апрел", 4, 4 },
  { "мая", 5, 0 }, { "май", 5, 0 }, { "июн", 6, 4 }, { "июл", 7, 4 },
  { "август", 8, 4 }, { "сентябр", 9, 4 }, { "октябр", 10, 4 },
  { "ноябр", 11, 4 }, { "декабр", 12, 4 },
  { "янв", 1, 0 }, { "фев", 2, 0 }, { "мар", 3, 0 }, { "апр", 4, 0 },
  { "авг", 8, 0 }, { "сен", 9, 0 }, { "сент", 9, 0 }, { "окт", 10, 0 },
  { "ноя", 11, 0 }, { "дек", 12, 0 },
  /* Ukrainian */
  { "січ", 1, 8 }, { "лют", 2, 8 }, { "берез", 3, 6 }, { "квіт", 4, 6 },
  { "травн", 5, 4 }, { "травень", 5, 0 }, { "черв", 6, 8 }, { "лип", 7, 8 },
  { "серп", 8, 8 }, { "верес", 9, 6 }, { "жовт", 10, 8 }, { "листопад", 11, 4 },
  { "груд", 12, 8 },
  /* Azerbaijani */
  { "yanvar", 1, 4 }, { "fevral", 2, 4 }, { "mart", 3, 4 }, { "aprel", 4, 4 },
  { "iyun", 6, 4 }, { "iyul", 7, 4 }, { "avqust", 8, 4 }, { "sentyabr", 9, 4 },
  { "oktyabr", 10, 4 }, { "noyabr", 11, 4 }, { "dekabr", 12, 4 },
  /* Turkish */
  { "ocak", 1, 4 }, { "şubat", 2, 4 }, { "nisan", 4, 4 }, { "mayıs", 5, 4 },
  { "haziran", 6, 4 }, { "temmuz", 7, 4 }, { "ağustos", 8, 4 }, { "eylül", 9, 4 },
  { "ekim", 10, 4 }, { "kasım", 11, 4 }, { "aralık", 12, 4 },
  /* German */
  { "januar", 1, 0 }, { "jänner", 1, 0 }, { "februar", 2, 0 }, { "märz", 3, 0 },
  { "mai", 5, 0 }, { "juni", 6, 0 }, { "juli", 7, 0 }, { "oktober", 10, 0 },
  { "dezember", 12, 0 },
  /* French */
  { "janvier", 1, 0 }, { "février", 2, 0 }, { "fevrier", 2, 0 }, { "mars", 3, 0 },
  { "avril", 4, 0 }, { "juin", 6, 0 }, { "juillet", 7, 0 }, { "août", 8, 0 },
  { "aout", 8, 0 }, { "septembre", 9, 0 }, { "octobre", 10, 0 },
  { "novembre", 11, 0 }, { "décembre", 12, 0 }, { "janv", 1, 0 },
  { "févr", 2, 0 }, { "juil", 7, 0 },
  /* Spanish */
  { "enero", 1, 0 }, { "febrero", 2, 0 }, { "marzo", 3, 0 }, { "abril", 4, 0 },
  { "mayo", 5, 0 }, { "junio", 6, 0 }, { "julio", 7, 0 }, { "agosto", 8, 0 },
  { "septiembre", 9, 0 }, { "setiembre", 9, 0 }, { "octubre", 10, 0 },
  { "noviembre", 11, 0 }, { "diciembre", 12, 0 },
  /* Portuguese */
  { "janeiro", 1, 0 }, { "fevereiro", 2, 0 }, { "março", 3, 0 }, { "marco", 3, 0 },
  { "maio", 5, 0 }, { "junho", 6, 0 }, { "julho", 7, 0 }, { "setembro", 9, 0 },
  { "outubro", 10, 0 }, { "dezembro", 12, 0 },
  /* Italian */
  { "gennaio", 1, 0 }, { "febbraio", 2, 0 }, { "aprile", 4, 0 }, { "maggio", 5, 0 },
  { "giugno", 6, 0 }, { "luglio", 7, 0 }, { "settembre", 9, 0 }, { "ottobre", 10, 0 },
  /* Polish (nominative and genitive) */
  { "styczeń", 1, 0 }, { "stycznia", 1, 0 }, { "luty", 2, 0 }, { "lutego", 2, 0 },
  { "marzec", 3, 0 }, { "marca", 3, 0 }, { "kwiecień", 4, 0 }, { "kwietnia", 4, 0 },
  { "maj", 5, 0 }, { "maja", 5, 0 }, { "czerwiec", 6, 0 }, { "czerwca", 6, 0 },
  { "lipiec", 7, 0 }, { "lipca", 7, 0 }, { "sierpień", 8, 0 }, { "sierpnia", 8, 0 },
  { "wrzesień", 9, 0 }, { "września", 9, 0 }, { "październik", 10, 0 },
  { "października", 10, 0 }, { "listopada", 11, 0 }, { "grudzień", 12, 0 },
  { "grudnia", 12, 0 },
};

static int
month_of (const char *word,
          gsize       len)
{
  g_autofree char *w = NULL;
  gsize wl;

  if (len < 3 || len > 26)
    return 0;
  w = g_utf8_strdown (word, len);
  wl = strlen (w);

  if (wl > 0 && w[wl - 1] == '.')
    w[--wl] = '\0';
  for (gsize i = 0; i < G_N_ELEMENTS (months); i++)
    {
      gsize sl = strlen (months[i].stem);
      if (wl >= sl && wl <= sl + months[i].extra && strncmp (w, months[i].stem, sl) == 0)
        return months[i].month;
    }
  return 0;
}

static gboolean
valid (Date   *d,
       gint64  now_us)
{
  GDateTime *now_dt;
  int ny, nm, nd;

  if (d->year < 1995 || d->month < 1 || d->month > 12 || d->day < 1)
    return FALSE;
  if (d->day > g_date_get_days_in_month (d->month, d->year))
    return FALSE;
  if (d->hour > 23 || d->min > 59 || d->sec > 60)
    return FALSE;
  if (now_us <= 0)
    now_us = g_get_real_time ();
  now_dt = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC + 86400);
  g_date_time_get_ymd (now_dt, &ny, &nm, &nd);
  g_date_time_unref (now_dt);
  if (d->year != ny)
    return d->year < ny;
  if (d->month != nm)
    return d->month < nm;
  return d->day <= nd;
}

static char *
format (const Date *d)
{
  if (d->hour < 0)
    return g_strdup_printf ("%04d-%02d-%02d", d->year, d->month, d->day);
  if (!d->has_tz)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d", d->year, d->month,
                            d->day, d->hour, d->min, d->sec);
  if (d->tz_min == 0)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", d->year, d->month,
                            d->day, d->hour, d->min, d->sec);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d->year,
                          d->month, d->day, d->hour, d->min, d->sec,
                          d->tz_min < 0 ? '-' : '+', ABS (d->tz_min) / 60,
                          ABS (d->tz_min) % 60);
}

/* ---- a tiny tokenizer ---- */

typedef enum { T_NUM, T_WORD, T_PUNCT, T_END } TokType;

typedef struct {
  TokType     type;
  const char *s;
  gsize       len;
  int         num;
  gboolean    space_before;
} Tok;

#define MAX_TOKS 96

static guint
tokenize (const char *s,
          gsize       max_bytes,
          Tok        *toks,
          guint       max_toks,
          const char **stop)
{
  const char *p = s;
  const char *end = s + max_bytes;
  guint n = 0;
  gboolean space = FALSE;

  while (*p && p < end && n < max_toks - 1)
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || c == 0xA0)
        {
          space = TRUE;
          p = g_utf8_next_char (p);
          continue;
        }
      toks[n].s = p;
      toks[n].space_before = space;
      space = FALSE;
      if (g_ascii_isdigit (*p))
        {
          int v = 0;
          while (*p && g_ascii_isdigit (*p) && p - toks[n].s < 9)
            v = v * 10 + (*p++ - '0');
          while (*p && g_ascii_isdigit (*p))
            p++;
          toks[n].type = T_NUM;
          toks[n].num = v;
        }
      else if (g_unichar_isalpha (c))
        {
          while (*p && g_unichar_isalpha (g_utf8_get_char (p)))
            p = g_utf8_next_char (p);
          if (*p == '.')
            p++;  /* abbreviations: "Oct." */
          toks[n].type = T_WORD;
        }
      else
        {
          p = g_utf8_next_char (p);
          toks[n].type = T_PUNCT;
        }
      toks[n].len = p - toks[n].s;
      n++;
    }
  toks[n].type = T_END;
  toks[n].s = p;
  toks[n].len = 0;
  if (stop)
    *stop = p;
  return n;
}

static gboolean
is_punct (const Tok *t,
          char       c)
{
  return t->type == T_PUNCT && t->s[0] == c;
}

static gboolean
is_word (const Tok  *t,
         const char *w)
{
  return t->type == T_WORD && t->len >= strlen (w)
         && g_ascii_strncasecmp (t->s, w, strlen (w)) == 0
         && (t->len == strlen (w) || (t->len == strlen (w) + 1 && t->s[t->len - 1] == '.'));
}

static int
ndigits (const Tok *t)
{
  return t->type == T_NUM ? (int) t->len : 0;
}

/* time after a date: [T|,|at|в|-] HH:MM[:SS] [am|pm] [zone] */
static guint
parse_time (Tok  *t,
            guint i,
            guint n,
            Date *d)
{
  guint j = i;

  if (j < n && (is_punct (&t[j], ',') || is_punct (&t[j], '-') || is_punct (&t[j], '|')
                || is_punct (&t[j], '/') || is_word (&t[j], "at") || is_word (&t[j], "um")
                || is_word (&t[j], "à") || is_word (&t[j], "a") || is_word (&t[j], "o")
                || is_word (&t[j], "в") || is_word (&t[j], "saat")
                || is_word (&t[j], "г") || is_word (&t[j], "года") || is_word (&t[j], "р")
                || is_word (&t[j], "року") || is_word (&t[j], "il") || is_word (&t[j], "às")
                || is_word (&t[j], "as") || is_word (&t[j], "las") || is_word (&t[j], "alle")))
    j++;
  if (j < n && (is_punct (&t[j], ',') || is_punct (&t[j], '|')))
    j++;
  /* "2025T16:56" is tokenized as NUM WORD("T") NUM */
  if (j < n && t[j].type == T_WORD && t[j].len == 1 && (t[j].s[0] == 'T' || t[j].s[0] == 't'))
    j++;
  if (j + 2 < n && t[j].type == T_NUM && ndigits (&t[j]) <= 2
      && (is_punct (&t[j + 1], ':') || is_punct (&t[j + 1], '.') || is_punct (&t[j + 1], 'h'))
      && t[j + 2].type == T_NUM && ndigits (&t[j + 2]) == 2)
    {
      d->hour = t[j].num;
      d->min = t[j + 2].num;
      d->sec = 0;
      j += 3;
      if (j + 1 < n && is_punct (&t[j], ':') && t[j + 1].type == T_NUM && ndigits (&t[j + 1]) == 2)
        {
          d->sec = t[j + 1].num;
          j += 2;
          /* fractions */
          if (j + 1 < n && is_punct (&t[j], '.') && t[j + 1].type == T_NUM)
            j += 2;
        }
      if (j < n && t[j].type == T_WORD)
        {
          if ((is_word (&t[j], "pm") || is_word (&t[j], "p")) && d->hour < 12)
            d->hour += 12, j++;
          else if ((is_word (&t[j], "am") || is_word (&t[j], "a")) && d->hour == 12)
            d->hour = 0, j++;
          else if (is_word (&t[j], "am") || is_word (&t[j], "a"))
            j++;
          if (j + 1 < n && t[j].type == T_PUNCT && t[j].s[0] == '.' && is_word (&t[j + 1], "m"))
            j += 2;
        }
      /* zone */
      if (j < n && t[j].type == T_WORD
          && (is_word (&t[j], "Z") || is_word (&t[j], "UTC") || is_word (&t[j], "GMT")))
        {
          d->has_tz = TRUE;
          d->tz_min = 0;
          j++;
        }
      if (j + 1 < n && (is_punct (&t[j], '+') || is_punct (&t[j], '-'))
          && t[j + 1].type == T_NUM && !t[j].space_before)
        {
          int sign = t[j].s[0] == '-' ? -1 : 1;
          int h = 0, m = 0;
          if (ndigits (&t[j + 1]) == 4)
            h = t[j + 1].num / 100, m = t[j + 1].num % 100, j += 2;
          else if (ndigits (&t[j + 1]) <= 2)
            {
              h = t[j + 1].num;
              j += 2;
              if (j + 1 < n && is_punct (&t[j], ':') && ndigits (&t[j + 1]) == 2)
                m = t[j + 1].num, j += 2;
            }
          if (h <= 14 && m < 60)
            {
              d->has_tz = TRUE;
              d->tz_min = sign * (h * 60 + m);
            }
        }
    }
  return j;
}

/* Tries to read a date at token @i. Returns the number of tokens used. */
static guint
parse_at (Tok     *t,
          guint    i,
          guint    n,
          gboolean require_word,
          gboolean us_order,
          Date    *d)
{
  guint j = i;
  int m;

  memset (d, 0, sizeof *d);
  d->hour = -1;

  /* YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD */
  if (!require_word && ndigits (&t[j]) == 4 && j + 4 < n + 1
      && t[j + 1].type == T_PUNCT && strchr ("-/.", t[j + 1].s[0])
      && ndigits (&t[j + 2]) >= 1 && ndigits (&t[j + 2]) <= 2
      && is_punct (&t[j + 3], t[j + 1].s[0]) && ndigits (&t[j + 4]) >= 1
      && ndigits (&t[j + 4]) <= 2)
    {
      d->year = t[j].num;
      d->month = t[j + 2].num;
      d->day = t[j + 4].num;
      return parse_time (t, j + 5, n, d) - i;
    }
  /* YYYYMMDD[THHMMSS] compact ISO */
  if (!require_word && ndigits (&t[j]) == 8)
    {
      d->year = t[j].num / 10000;
      d->month = t[j].num / 100 % 100;
      d->day = t[j].num % 100;
      return 1;
    }
  /* DD.MM.YYYY, DD/MM/YYYY, MM/DD/YYYY, DD-MM-YYYY */
  if (!require_word && ndigits (&t[j]) >= 1 && ndigits (&t[j]) <= 2 && j + 4 <= n
      && t[j + 1].type == T_PUNCT && strchr ("-/.", t[j + 1].s[0])
      && ndigits (&t[j + 2]) >= 1 && ndigits (&t[j + 2]) <= 2
      && is_punct (&t[j + 3], t[j + 1].s[0])
      && (ndigits (&t[j + 4]) == 4 || (ndigits (&t[j + 4]) == 2 && t[j + 1].s[0] == '.')))
    {
      int a = t[j].num, b = t[j + 2].num;
      d->year = t[j + 4].num < 100 ? 2000 + t[j + 4].num : t[j + 4].num;
      if (t[j + 1].s[0] == '/' && a <= 12 && b > 12)
        d->month = a, d->day = b;
      else if (t[j + 1].s[0] == '/' && a <= 12 && b <= 12 && us_order)
        d->month = a, d->day = b;       /* US order when ambiguous */
      else
        d->day = a, d->month = b;
      return parse_time (t, j + 5, n, d) - i;
    }
  /* D[.] MONTH [,] [de] YYYY */
  if (ndigits (&t[j]) >= 1 && ndigits (&t[j]) <= 2)
    {
      guint k = j + 1;
      if (k < n && is_punct (&t[k], '.'))
        k++;
      if (k < n && (is_word (&t[k], "de") || is_word (&t[k], "of")))
        k++;
      if (k < n && t[k].type == T_WORD && (m = month_of (t[k].s, t[k].len)) > 0)
        {
          guint y = k + 1;
          if (y < n && (is_punct (&t[y], ',') || is_word (&t[y], "de") || is_punct (&t[y], '.')))
            y++;
          if (y < n && ndigits (&t[y]) == 4)
            {
              d->day = t[j].num;
              d->month = m;
              d->year = t[y].num;
              y++;
              if (y < n && (is_word (&t[y], "г") || is_word (&t[y], "года") || is_word (&t[y], "р")
                            || is_word (&t[y], "року") || is_word (&t[y], "il")))
                y++;
              if (y < n && is_punct (&t[y], '.'))
                y++;
              return parse_time (t, y, n, d) - i;
            }
        }
    }
  /* MONTH D[st|nd|rd|th][,] YYYY */
  if (t[j].type == T_WORD && (m = month_of (t[j].s, t[j].len)) > 0)
    {
      guint k = j + 1;
      if (k < n && is_punct (&t[k], '.'))
        k++;
      if (k < n && ndigits (&t[k]) >= 1 && ndigits (&t[k]) <= 2)
        {
          guint y = k + 1;
          if (y < n && (is_word (&t[y], "st") || is_word (&t[y], "nd")
                        || is_word (&t[y], "rd") || is_word (&t[y], "th")))
            y++;
          if (y < n && is_punct (&t[y], ','))
            y++;
          if (y < n && ndigits (&t[y]) == 4)
            {
              d->day = t[k].num;
              d->month = m;
              d->year = t[y].num;
              return parse_time (t, y + 1, n, d) - i;
            }
        }
      /* MONTH YYYY: first of the month is not a publication date */
    }
  return 0;
}

char *
rill_html_date_scan (const char *text,
                     gint64      now_us,
                     gboolean    require_word)
{
  return rill_html_date_scan_full (text, now_us, require_word, TRUE);
}

char *
rill_html_date_scan_full (const char *text,
                          gint64      now_us,
                          gboolean    require_word,
                          gboolean    us_order)
{
  Tok toks[MAX_TOKS + 1];
  const char *p = text;
  guint rounds = 0;

  if (!text)
    return NULL;
  while (*p && rounds++ < 64)
    {
      const char *stop = NULL;
      guint n = tokenize (p, 4096, toks, MAX_TOKS, &stop);
      guint limit = *stop ? (n > 16 ? n - 16 : 1) : n;

      for (guint i = 0; i < limit; i++)
        {
          Date d;
          guint used;
          if (toks[i].type == T_PUNCT)
            continue;
          /* a number glued to letters before it is not a day */
          used = parse_at (toks, i, n, require_word, us_order, &d);
          if (used && valid (&d, now_us))
            return format (&d);
        }
      if (!*stop || limit == 0 || limit >= n)
        break;
      p = toks[limit].s;
    }
  return NULL;
}

char *
rill_html_parse_date (const char *text,
                      gint64      now_us)
{
  g_autofree char *s = NULL;
  gsize l;

  if (!text)
    return NULL;
  s = rill_html_squash (g_strdup (text));
  l = strlen (s);
  if (l == 0 || l > 200)
    return NULL;

  /* Unix timestamps, seconds or milliseconds */
  if ((l == 10 || l == 13) && strspn (s, "0123456789") == l)
    {
      gint64 secs = g_ascii_strtoll (s, NULL, 10);
      g_autoptr(GDateTime) dt = NULL;
      Date d = { 0, };
      if (l == 13)
        secs /= 1000;
      dt = g_date_time_new_from_unix_utc (secs);
      if (!dt)
        return NULL;
      g_date_time_get_ymd (dt, &d.year, &d.month, &d.day);
      d.hour = g_date_time_get_hour (dt);
      d.min = g_date_time_get_minute (dt);
      d.sec = g_date_time_get_second (dt);
      d.has_tz = TRUE;
      return valid (&d, now_us) ? format (&d) : NULL;
    }
  return rill_html_date_scan (s, now_us, FALSE);
}

char *
rill_html_date_from_url (const char *url,
                         gint64      now_us)
{
  const char *p;

  if (!url)
    return NULL;
  p = strstr (url, "://");
  p = p ? strchr (p + 3, '/') : url;
  if (!p)
    return NULL;
  /* /2025/10/08/ or /2025-10-08 or /20251008 */
  for (; *p; p++)
    {
      Date d = { 0, };
      if (!(p[0] == '/' || p[0] == '-' || p[0] == '_') || !g_ascii_isdigit (p[1]))
        continue;
      if (sscanf (p + 1, "%4d/%2d/%2d", &d.year, &d.month, &d.day) == 3
          || sscanf (p + 1, "%4d-%2d-%2d", &d.year, &d.month, &d.day) == 3)
        {
          if (!g_ascii_isdigit (p[5]) && !g_ascii_isdigit (p[8]))
            {
              d.hour = -1;
              if (valid (&d, now_us))
                return format (&d);
            }
        }
      if (strspn (p + 1, "0123456789") == 8 && !g_ascii_isdigit (p[9]))
        {
          int v = atoi (p + 1);
          d.year = v / 10000;
          d.month = v / 100 % 100;
          d.day = v % 100;
          d.hour = -1;
          if (valid (&d, now_us))
            return format (&d);
        }
    }
  return NULL;
}
