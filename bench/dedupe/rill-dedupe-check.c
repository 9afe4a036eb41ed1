/* rill-dedupe-check.c: the fast paths of the dedupe engines against
 * naive references, on random inputs.
 *
 *   rill-dedupe-check [SEED]
 *
 * - rill_tokens_scan() (eight bytes at a time, inlined short XXH3)
 *   against a per-character tokenizer built on rill_tokens_fold_char()
 *   and g_utf8_get_char_validated(), on random mixes of ASCII, Latin,
 *   Cyrillic, CJK, emoji, combining marks, invalid bytes and words
 *   longer than 256 bytes: same word hashes, same normalised text;
 * - rill_simhash_compute() (SWAR bit counters, inlined pair hash) against
 *   per-bit counting over XXH3_64bits() of each shingle, 1 to 4 words;
 * - RillSimhashTable (growing buckets, prefetched probes) against a
 *   linear scan for every k in 0..15 over 30,000 hashes, a third of
 *   them near copies of earlier ones: same match, distance and
 *   earliest index.
 *
 * Exits 1 on the first difference.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "rill-dedupe-tokens.h"
#include "rill-simhash.h"

static void
ref_push (guint64 *out, guint *n, GString *norm, const char *word, gsize wn)
{
  out[(*n)++] = XXH3_64bits (word, wn);
  if (norm->len)
    g_string_append_c (norm, ' ');
  g_string_append_len (norm, word, wn);
}

static guint
ref_tokens (const char *text, gsize len, guint64 *out, GString *norm)
{
  const char *p = text, *end = text + len;
  char word[256 + 8];
  gsize wn = 0;
  guint n = 0;

  g_string_truncate (norm, 0);
  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      gunichar f;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          c = 0xFFFD;
          p++;
        }
      else
        p = g_utf8_next_char (p);
      f = rill_tokens_fold_char (c);
      if (f == 0)
        {
          if (wn > 0)
            ref_push (out, &n, norm, word, wn);
          wn = 0;
        }
      else if (f == 1)
        continue;
      else if (f < 0x80)
        {
          if (wn < 256)
            word[wn++] = f;
        }
      else if (wn + 4 <= 256)
        wn += g_unichar_to_utf8 (f, word + wn);
    }
  if (wn > 0)
    ref_push (out, &n, norm, word, wn);
  return n;
}

static guint64
rand64 (GRand *r)
{
  return ((guint64) g_rand_int (r) << 32) | g_rand_int (r);
}

static gboolean
check_tokens (GRand *r)
{
  static const char *pieces[] = {
    "a", "B", "z", "Z", "0", "9", "@", "[", "`", "{", " ", ",", "\n",
    "\xc3\xa9", "\xd0\x81", "\xd0\xb6", "\xe2\x80\x99", "\xe2\x80\x94",
    "\xc2\xa0", "e\xcc\x81", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\xff",
    "\xc3", "_", "/", ":", "xyzXYZ", "hello", "WORLD", "123",
  };
  g_autofree guint64 *ref = g_new (guint64, 100000);
  g_autoptr (GString) norm = g_string_new (NULL);
  RillTokens t;

  rill_tokens_init (&t);
  for (guint it = 0; it < 20000; it++)
    {
      g_autoptr (GString) s = g_string_new (NULL);
      guint n = g_rand_int_range (r, 0, 200), rn;

      for (guint i = 0; i < n; i++)
        {
          if (g_rand_int_range (r, 0, 200) == 0)
            for (guint j = 0; j < 300; j++)
              g_string_append (s, g_rand_boolean (r) ? "q" : "\xd0\xb6");
          g_string_append (s, pieces[g_rand_int_range (r, 0, G_N_ELEMENTS (pieces))]);
        }
      rn = ref_tokens (s->str, s->len, ref, norm);
      rill_tokens_scan (&t, s->str, s->len, TRUE);
      if (rn != t.n_words || memcmp (ref, t.words, rn * sizeof (guint64)) != 0
          || strcmp (norm->str, t.norm->str) != 0)
        {
          g_printerr ("tokens differ on \"%s\"\n  reference \"%s\"\n  scan      \"%s\"\n",
                      s->str, norm->str, t.norm->str);
          rill_tokens_clear (&t);
          return FALSE;
        }
    }
  rill_tokens_clear (&t);
  g_print ("tokens: 20000 random texts identical\n");
  return TRUE;
}

static gboolean
check_simhash_compute (GRand *r)
{
  for (guint it = 0; it < 2000; it++)
    {
      guint n = g_rand_int_range (r, 0, 3000), sh = g_rand_int_range (r, 1, 5);
      g_autofree guint64 *w = g_new (guint64, n + 1);
      guint64 got, want = 0;

      for (guint i = 0; i < n; i++)
        w[i] = rand64 (r);
      got = rill_simhash_compute (w, n, sh);
      if (n > 0)
        {
          guint nf = n >= sh ? n - sh + 1 : 1;
          guint cnt[64] = { 0 };

          for (guint i = 0; i < nf; i++)
            {
              guint64 h = XXH3_64bits (w + i, MIN (sh, n) * sizeof (guint64));

              for (guint j = 0; j < 64; j++)
                cnt[j] += (h >> j) & 1;
            }
          for (guint j = 0; j < 64; j++)
            if (cnt[j] * 2 > nf)
              want |= G_GUINT64_CONSTANT (1) << j;
        }
      if (got != want)
        {
          g_printerr ("simhash differs: %u words, shingle %u\n", n, sh);
          return FALSE;
        }
    }
  g_print ("simhash compute: 2000 random word lists identical\n");
  return TRUE;
}

static gboolean
check_simhash_table (GRand *r)
{
  const guint n = 30000;

  for (guint k = 0; k < 16; k++)
    {
      g_autoptr (RillSimhashTable) tab = rill_simhash_table_new (k);
      g_autofree guint64 *hs = g_new (guint64, n);

      for (guint i = 0; i < n; i++)
        {
          guint64 q = rand64 (r);
          guint best_d = G_MAXUINT, gd = 0;
          guint32 best_i = G_MAXUINT32, gi = 0;
          gboolean found;

          if (i > 0 && g_rand_int_range (r, 0, 3) == 0)
            {
              guint flips = g_rand_int_range (r, 0, 18);

              q = hs[g_rand_int_range (r, 0, i)];
              for (guint j = 0; j < flips; j++)
                q ^= G_GUINT64_CONSTANT (1) << g_rand_int_range (r, 0, 64);
            }
          found = rill_simhash_table_find (tab, q, &gi, &gd);
          if (i < 3000 || i % 7 == 0)
            {
              for (guint j = 0; j < i; j++)
                {
                  guint d = rill_simhash_distance (hs[j], q);

                  if (d <= k && (d < best_d || (d == best_d && j < best_i)))
                    {
                      best_d = d;
                      best_i = j;
                    }
                }
              if (found != (best_i != G_MAXUINT32)
                  || (found && (gi != best_i || gd != best_d)))
                {
                  g_printerr ("simhash table differs: k=%u at hash %u\n", k, i);
                  return FALSE;
                }
            }
          hs[i] = q;
          rill_simhash_table_add (tab, q, i);
        }
      g_print ("simhash table k=%u: identical to a linear scan, %zu bytes/hash\n",
               k, rill_simhash_table_memory (tab) / n);
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GRand) r = g_rand_new_with_seed (argc > 1 ? atoi (argv[1]) : 42);

  if (!check_tokens (r) || !check_simhash_compute (r) || !check_simhash_table (r))
    return 1;
  return 0;
}
