/* test-dedupe-common.h: small deterministic corpora for the dedupe tests.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

/* A text of @n_words words drawn from a 5000-word pseudo-vocabulary. */
static inline char *
test_make_text (GRand *rand, guint n_words)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n_words; i++)
    {
      guint w = g_rand_int_range (rand, 0, 5000);

      if (i > 0)
        g_string_append (s, i % 15 == 0 ? ".\n\n" : " ");
      g_string_append_printf (s, "w%c%c%u", 'a' + w % 26, 'a' + (w / 26) % 26, w);
    }
  g_string_append_c (s, '.');
  return g_string_free (s, FALSE);
}

/* @text with @n_edits words replaced by new ones. */
static inline char *
test_edit_text (GRand *rand, const char *text, guint n_edits)
{
  g_auto (GStrv) words = g_strsplit (text, " ", -1);
  guint n = g_strv_length (words);

  for (guint i = 0; i < n_edits; i++)
    {
      guint j = g_rand_int_range (rand, 0, n);

      g_free (words[j]);
      words[j] = g_strdup_printf ("edit%u", g_rand_int (rand));
    }
  return g_strjoinv (" ", words);
}
