/* rill-suggest.c: "did you mean" for element and property names
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "rill-registry.h"

/* Words longer than this are not compared character by character: nobody
 * mistypes a 200-character element name, and the cost is quadratic. */
#define MAX_WORD_CHARS 128

static gunichar *
fold (const char *word,
      glong      *n_chars)
{
  gunichar *chars = g_utf8_to_ucs4_fast (word, -1, n_chars);

  for (glong i = 0; i < *n_chars; i++)
    {
      chars[i] = g_unichar_tolower (chars[i]);
      if (chars[i] == '_')
        chars[i] = '-';
    }
  return chars;
}

/* Damerau-Levenshtein distance, optimal string alignment variant: insert,
 * delete, substitute, or swap two neighbours, each costs 1. */
static guint
osa_distance (const gunichar *a,
              glong           la,
              const gunichar *b,
              glong           lb)
{
  g_autofree guint *d = g_new (guint, (la + 1) * (lb + 1));
  guint result;

#define D(i, j) d[(i) * (lb + 1) + (j)]
  for (glong i = 0; i <= la; i++)
    D (i, 0) = i;
  for (glong j = 0; j <= lb; j++)
    D (0, j) = j;

  for (glong i = 1; i <= la; i++)
    for (glong j = 1; j <= lb; j++)
      {
        guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
        guint best = MIN (D (i - 1, j) + 1, D (i, j - 1) + 1);

        best = MIN (best, D (i - 1, j - 1) + cost);
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          best = MIN (best, D (i - 2, j - 2) + 1);
        D (i, j) = best;
      }

  result = D (la, lb);
#undef D
  return result;
}

static gboolean
has_prefix (const gunichar *word,
            glong           lw,
            const gunichar *cand,
            glong           lc)
{
  return lw <= lc && memcmp (word, cand, lw * sizeof (gunichar)) == 0;
}

/* Whether @word is one of the dash-separated parts of @cand, or a run of
 * whole parts ("extract" in "html-extract", "fetch" in "http-fetch"). */
static gboolean
is_part (const gunichar *word,
         glong           lw,
         const gunichar *cand,
         glong           lc)
{
  for (glong start = 0; start + lw <= lc; start++)
    {
      if (start > 0 && cand[start - 1] != '-')
        continue;
      if (start + lw < lc && cand[start + lw] != '-')
        continue;
      if (memcmp (word, cand + start, lw * sizeof (gunichar)) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * rill_suggest_nearest:
 * @word: a name that was not found
 * @candidates: (array zero-terminated=1): the names that exist
 *
 * Finds the candidate that @word most likely misspells, to offer it in a
 * "did you mean" hint.
 *
 * Names are compared without regard to case and with `_` equal to `-`.
 * A candidate is accepted when its Damerau-Levenshtein distance (optimal
 * string alignment: insertion, deletion, substitution and swap of two
 * neighbouring characters each count 1) to @word is at most
 * max(1, length of @word / 3) and smaller than that length (a
 * one-letter word is nobody's typo), or, for words of 3 characters or more,
 * when @word is a prefix of the candidate or one of its dash-separated
 * parts (`extract` suggests `html-extract`). The closest candidate wins;
 * between equally close ones, prefix and part matches come after edit
 * matches, then the one nearest in length, then the first in
 * alphabetical order.
 *
 * Returns: (transfer full) (nullable): the best candidate, or %NULL when
 *   none is close enough
 */
char *
rill_suggest_nearest (const char         *word,
                      const char * const *candidates)
{
  g_autofree gunichar *w = NULL;
  glong lw = 0;
  const char *best = NULL;
  guint best_score = G_MAXUINT;
  glong best_len_diff = G_MAXLONG;
  guint threshold;

  g_return_val_if_fail (word != NULL, NULL);

  if (candidates == NULL || *word == '\0' || !g_utf8_validate (word, -1, NULL))
    return NULL;

  w = fold (word, &lw);
  if (lw > MAX_WORD_CHARS)
    return NULL;
  threshold = MAX (1, lw / 3);

  for (guint i = 0; candidates[i] != NULL; i++)
    {
      g_autofree gunichar *c = NULL;
      glong lc = 0;
      guint score;
      glong len_diff;

      if (!g_utf8_validate (candidates[i], -1, NULL))
        continue;
      c = fold (candidates[i], &lc);
      len_diff = ABS (lc - lw);

      /* Scores: 2 * distance for edits, 2 * threshold + 1 for prefix or
       * part matches, so that an edit match at the limit still wins. */
      if (len_diff <= (glong) threshold && lc <= MAX_WORD_CHARS)
        {
          guint distance = osa_distance (w, lw, c, lc);

          /* `x` is not a typo of `y`: some character must survive */
          score = distance <= threshold && (glong) distance < lw
            ? 2 * distance : G_MAXUINT;
        }
      else
        score = G_MAXUINT;

      if (score == G_MAXUINT && lw >= 3 &&
          (has_prefix (w, lw, c, lc) || is_part (w, lw, c, lc)))
        score = 2 * threshold + 1;

      if (score == G_MAXUINT)
        continue;

      if (score < best_score ||
          (score == best_score && len_diff < best_len_diff) ||
          (score == best_score && len_diff == best_len_diff &&
           strcmp (candidates[i], best) < 0))
        {
          best = candidates[i];
          best_score = score;
          best_len_diff = len_diff;
        }
    }

  return g_strdup (best);
}
