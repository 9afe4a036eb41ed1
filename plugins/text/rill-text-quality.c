/* rill-text-quality.c
 *
 * Words are white-space separated tokens (as in Gopher); word length is
 * counted in characters; n-grams compare words case-folded.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-text-quality.h"

#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

void
rill_quality_params_init (RillQualityParams *p)
{
  static const double top[3] = { 0.20, 0.18, 0.16 };
  static const double dup[6] = { 0.15, 0.14, 0.13, 0.12, 0.11, 0.10 };

  p->min_words = 50;
  p->max_words = 100000;
  p->min_mean_word_length = 3;
  p->max_mean_word_length = 10;
  p->max_symbol_ratio = 0.1;
  p->max_bullet_lines = 0.9;
  p->max_ellipsis_lines = 0.3;
  p->min_alpha_words = 0.8;
  p->min_punct_lines = 0.1;
  p->max_dup_lines = 0.3;
  p->max_dup_line_chars = 0.2;
  p->max_dup_paragraphs = 0.3;
  p->max_dup_paragraph_chars = 0.2;
  memcpy (p->max_top_ngram, top, sizeof top);
  memcpy (p->max_dup_ngram, dup, sizeof dup);
}

const char *
rill_quality_rule_name (RillQualityRule rule)
{
  static const char *names[] = {
    "ok", "too-few-words", "too-many-words", "mean-word-length",
    "symbol-ratio", "bullet-lines", "ellipsis-lines", "alpha-words",
    "punct-lines", "dup-lines", "dup-line-chars", "dup-paragraphs",
    "dup-paragraph-chars", "top-ngram", "dup-ngram",
  };

  return (guint) rule < G_N_ELEMENTS (names) ? names[rule] : "unknown";
}

typedef struct
{
  guint64 hash;                /* of the case-folded word */
  guint   chars;
} Word;

static gboolean
is_bullet (gunichar c)
{
  return c == 0x2022 || c == 0x2023 || c == 0x25CF || c == 0x25E6
         || c == 0x2043 || c == 0x2219 || c == 0x25AA || c == 0x25A0
         || c == '*' || c == '-' || c == 0x2013 || c == 0x2014 || c == 0x00B7;
}

static gboolean
ends_with_ellipsis (const char *s, gsize n)
{
  return (n >= 3 && memcmp (s + n - 3, "...", 3) == 0)
         || (n >= 3 && memcmp (s + n - 3, "\xe2\x80\xa6", 3) == 0);
}

static gboolean
ends_with_punct (const char *s, gsize n)
{
  const char *last;
  gunichar c;

  if (n == 0)
    return FALSE;
  last = g_utf8_find_prev_char (s, s + n);
  c = last ? g_utf8_get_char (last) : 0;
  return c == '.' || c == '!' || c == '?' || c == '"' || c == '\''
         || c == 0x201D || c == 0x00BB || c == 0x2019 || c == 0x3002
         || c == 0xFF01 || c == 0xFF1F || c == 0x2026;
}

/* Share of items (and of their characters) equal to an earlier item. */
static void
dup_share (char **items, guint n, double *share, double *chars_share)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gsize total = 0, dup_chars = 0;
  guint dups = 0, counted = 0;

  for (guint i = 0; i < n; i++)
    {
      gsize l = strlen (items[i]);

      if (l == 0)
        continue;
      counted++;
      total += l;
      if (!g_hash_table_add (seen, items[i]))
        {
          dups++;
          dup_chars += l;
        }
    }
  *share = counted ? (double) dups / counted : 0.0;
  *chars_share = total ? (double) dup_chars / total : 0.0;
}

static guint64
ngram_hash (const Word *w, guint n)
{
  guint64 h = n;

  for (guint i = 0; i < n; i++)
    h = XXH3_64bits_withSeed (&w[i].hash, sizeof (guint64), h);
  return h;
}

RillQualityRule
rill_quality_check (const char              *text,
                    gssize                   len,
                    const RillQualityParams *p,
                    RillQualityStats        *stats)
{
  RillQualityStats local;
  RillQualityStats *st = stats ? stats : &local;
  g_autofree char *copy = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GArray) words = g_array_new (FALSE, FALSE, sizeof (Word));
  g_autoptr (GPtrArray) paras = g_ptr_array_new_with_free_func (g_free);
  gsize word_chars = 0;
  guint alpha = 0, symbols = 0, n_lines = 0, bullets = 0, ellipses = 0, puncts = 0;
  g_autoptr (GPtrArray) nonempty = g_ptr_array_new ();
  const char *p0;

  g_return_val_if_fail (text != NULL && p != NULL, RILL_QUALITY_OK);
  memset (st, 0, sizeof *st);
  if (len < 0)
    len = strlen (text);
  copy = g_utf8_make_valid (text, len);

  /* words */
  p0 = copy;
  while (*p0)
    {
      const char *start;
      gboolean has_alpha = FALSE;
      guint chars = 0;
      Word w;
      g_autofree char *fold = NULL;

      while (*p0 && g_unichar_isspace (g_utf8_get_char (p0)))
        p0 = g_utf8_next_char (p0);
      if (!*p0)
        break;
      start = p0;
      while (*p0 && !g_unichar_isspace (g_utf8_get_char (p0)))
        {
          gunichar c = g_utf8_get_char (p0);

          if (g_unichar_isalpha (c))
            has_alpha = TRUE;
          if (c == '#' || c == 0x2026)
            symbols++;
          chars++;
          p0 = g_utf8_next_char (p0);
        }
      for (const char *q = start; q + 2 < p0; q++)
        if (q[0] == '.' && q[1] == '.' && q[2] == '.')
          {
            symbols++;
            break;
          }
      fold = g_utf8_casefold (start, p0 - start);
      w.hash = XXH3_64bits (fold, strlen (fold));
      w.chars = chars;
      g_array_append_val (words, w);
      word_chars += chars;
      alpha += has_alpha;
    }

  st->words = words->len;
  if (words->len < p->min_words)
    return RILL_QUALITY_TOO_FEW_WORDS;
  if (words->len > p->max_words)
    return RILL_QUALITY_TOO_MANY_WORDS;
  st->mean_word_length = words->len ? (double) word_chars / words->len : 0.0;
  if (st->mean_word_length < p->min_mean_word_length
      || st->mean_word_length > p->max_mean_word_length)
    return RILL_QUALITY_MEAN_WORD_LENGTH;
  st->symbol_ratio = words->len ? (double) symbols / words->len : 0.0;
  if (st->symbol_ratio > p->max_symbol_ratio)
    return RILL_QUALITY_SYMBOL_RATIO;

  /* lines */
  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *l = g_strstrip (lines[i]);
      gsize n = strlen (l);

      if (n == 0)
        continue;
      n_lines++;
      g_ptr_array_add (nonempty, l);
      if (is_bullet (g_utf8_get_char (l)))
        bullets++;
      if (ends_with_ellipsis (l, n))
        ellipses++;
      if (ends_with_punct (l, n))
        puncts++;
    }
  st->lines = n_lines;
  st->bullet_lines = n_lines ? (double) bullets / n_lines : 0.0;
  if (st->bullet_lines > p->max_bullet_lines)
    return RILL_QUALITY_BULLET_LINES;
  st->ellipsis_lines = n_lines ? (double) ellipses / n_lines : 0.0;
  if (st->ellipsis_lines > p->max_ellipsis_lines)
    return RILL_QUALITY_ELLIPSIS_LINES;
  st->alpha_words = words->len ? (double) alpha / words->len : 0.0;
  if (st->alpha_words < p->min_alpha_words)
    return RILL_QUALITY_ALPHA_WORDS;
  st->punct_lines = n_lines ? (double) puncts / n_lines : 0.0;
  if (st->punct_lines < p->min_punct_lines)
    return RILL_QUALITY_PUNCT_LINES;

  /* repetition: lines, paragraphs */
  dup_share ((char **) nonempty->pdata, nonempty->len, &st->dup_lines,
             &st->dup_line_chars);
  if (st->dup_lines > p->max_dup_lines)
    return RILL_QUALITY_DUP_LINES;
  if (st->dup_line_chars > p->max_dup_line_chars)
    return RILL_QUALITY_DUP_LINE_CHARS;
  {
    GString *para = g_string_new (NULL);
    g_auto (GStrv) raw = g_strsplit (copy, "\n", -1);

    for (guint i = 0;; i++)
      {
        char *l = raw[i] ? g_strstrip (raw[i]) : NULL;

        if (l == NULL || l[0] == '\0')
          {
            if (para->len)
              g_ptr_array_add (paras, g_strdup (para->str));
            g_string_truncate (para, 0);
            if (l == NULL)
              break;
            continue;
          }
        if (para->len)
          g_string_append_c (para, '\n');
        g_string_append (para, l);
      }
    g_string_free (para, TRUE);
  }
  st->paragraphs = paras->len;
  dup_share ((char **) paras->pdata, paras->len, &st->dup_paragraphs,
             &st->dup_paragraph_chars);
  if (st->dup_paragraphs > p->max_dup_paragraphs)
    return RILL_QUALITY_DUP_PARAGRAPHS;
  if (st->dup_paragraph_chars > p->max_dup_paragraph_chars)
    return RILL_QUALITY_DUP_PARAGRAPH_CHARS;

  /* repetition: n-grams */
  if (word_chars == 0)
    return RILL_QUALITY_OK;
  for (guint n = 2; n <= 4; n++)
    {
      g_autoptr (GHashTable) counts = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autoptr (GArray) keys = g_array_sized_new (FALSE, FALSE, sizeof (guint64),
                                                   words->len);
      const Word *w = (const Word *) words->data;
      guint best = 0, best_i = 0;

      if (words->len < n)
        break;
      g_array_set_size (keys, words->len - n + 1);
      for (guint i = 0; i + n <= words->len; i++)
        {
          guint64 *k = &g_array_index (keys, guint64, i);
          guint c;

          *k = ngram_hash (w + i, n);
          c = GPOINTER_TO_UINT (g_hash_table_lookup (counts, k)) + 1;
          g_hash_table_insert (counts, k, GUINT_TO_POINTER (c));
          if (c > best)
            {
              best = c;
              best_i = i;
            }
        }
      if (best > 1)
        {
          guint chars = 0;

          for (guint j = 0; j < n; j++)
            chars += w[best_i + j].chars;
          st->top_ngram[n - 2] = (double) best * chars / word_chars;
        }
      if (st->top_ngram[n - 2] > p->max_top_ngram[n - 2])
        {
          st->ngram_n = n;
          return RILL_QUALITY_TOP_NGRAM;
        }
    }
  for (guint n = 5; n <= 10; n++)
    {
      g_autoptr (GHashTable) first = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autoptr (GArray) keys = NULL;
      g_autofree guint8 *covered = NULL;
      const Word *w = (const Word *) words->data;
      gsize dup_chars = 0;

      if (words->len < n)
        break;
      keys = g_array_sized_new (FALSE, FALSE, sizeof (guint64), words->len - n + 1);
      g_array_set_size (keys, words->len - n + 1);
      covered = g_new0 (guint8, words->len);
      for (guint i = 0; i + n <= words->len; i++)
        {
          guint64 *k = &g_array_index (keys, guint64, i);
          gpointer prev;

          *k = ngram_hash (w + i, n);
          prev = g_hash_table_lookup (first, k);
          if (prev == NULL)
            g_hash_table_insert (first, k, GUINT_TO_POINTER (i + 1));
          else
            {
              guint j0 = GPOINTER_TO_UINT (prev) - 1;

              for (guint j = 0; j < n; j++)
                covered[i + j] = covered[j0 + j] = 1;
            }
        }
      for (guint i = 0; i < words->len; i++)
        if (covered[i])
          dup_chars += w[i].chars;
      st->dup_ngram[n - 5] = (double) dup_chars / word_chars;
      if (st->dup_ngram[n - 5] > p->max_dup_ngram[n - 5])
        {
          st->ngram_n = n;
          return RILL_QUALITY_DUP_NGRAM;
        }
    }
  return RILL_QUALITY_OK;
}
