/* rill-dedupe-tokens.h: the normalising word tokenizer shared by the
 * dedupe engines.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RillTokens:
 * @words: (array length=n_words): one 64-bit hash per normalised word
 * @n_words: number of words
 * @norm: the normalised text: the words joined by single spaces
 *
 * The result of rill_tokens_scan(). A word is a maximal run of letters,
 * digits and combining marks; everything else (punctuation, quotes, dashes,
 * white space of any kind including NBSP, control characters) separates
 * words and is dropped. Each character is lower-cased and folded to its
 * canonical base letter (é, e + U+0301 → e; Ё → е), so case, quote style,
 * dash style, accents written precomposed or decomposed, line wrapping and
 * spacing do not change the result. Re-used between documents: the buffers
 * only grow.
 */
typedef struct
{
  guint64 *words;
  guint    n_words;
  guint    words_alloc;
  GString *norm;
} RillTokens;

void        rill_tokens_init  (RillTokens *tokens);
void        rill_tokens_clear (RillTokens *tokens);

void        rill_tokens_scan  (RillTokens *tokens,
                               const char *text,
                               gssize      len,
                               gboolean    keep_norm);

gunichar    rill_tokens_fold_char (gunichar c);

G_END_DECLS
