/* rill-text-quality.h: document quality rules in the manner of Gopher
 * (Rae et al. 2021, MassiveText) and C4 (Raffel et al. 2020).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RillQualityRule:
 * @RILL_QUALITY_OK: no rule fired
 * @RILL_QUALITY_TOO_FEW_WORDS: words < @min_words
 * @RILL_QUALITY_TOO_MANY_WORDS: words > @max_words
 * @RILL_QUALITY_MEAN_WORD_LENGTH: mean word length (characters) outside
 *   [@min_mean_word_length, @max_mean_word_length]
 * @RILL_QUALITY_SYMBOL_RATIO: ('#' + ellipses ("..." or "…")) / words >
 *   @max_symbol_ratio
 * @RILL_QUALITY_BULLET_LINES: share of lines starting with a bullet >
 *   @max_bullet_lines
 * @RILL_QUALITY_ELLIPSIS_LINES: share of lines ending in an ellipsis >
 *   @max_ellipsis_lines
 * @RILL_QUALITY_ALPHA_WORDS: share of words holding a letter <
 *   @min_alpha_words
 * @RILL_QUALITY_PUNCT_LINES: share of lines ending in terminal punctuation
 *   (. ! ? " ” » ') < @min_punct_lines (C4's rule, applied to the document)
 * @RILL_QUALITY_DUP_LINES: share of lines that repeat an earlier line >
 *   @max_dup_lines
 * @RILL_QUALITY_DUP_LINE_CHARS: share of characters in repeated lines >
 *   @max_dup_line_chars
 * @RILL_QUALITY_DUP_PARAGRAPHS: share of paragraphs (blank-line separated)
 *   that repeat an earlier one > @max_dup_paragraphs
 * @RILL_QUALITY_DUP_PARAGRAPH_CHARS: share of characters in repeated
 *   paragraphs > @max_dup_paragraph_chars
 * @RILL_QUALITY_TOP_NGRAM: for n = 2, 3, 4, the characters of the most
 *   frequent word n-gram (count x its characters) over all word characters
 *   > @max_top_ngram[n - 2]
 * @RILL_QUALITY_DUP_NGRAM: for n = 5 .. 10, the characters of words
 *   covered by n-grams that occur more than once, over all word characters
 *   > @max_dup_ngram[n - 5]
 *
 * The rules, in the order they are checked; the first that fires is
 * returned.
 */
typedef enum
{
  RILL_QUALITY_OK,
  RILL_QUALITY_TOO_FEW_WORDS,
  RILL_QUALITY_TOO_MANY_WORDS,
  RILL_QUALITY_MEAN_WORD_LENGTH,
  RILL_QUALITY_SYMBOL_RATIO,
  RILL_QUALITY_BULLET_LINES,
  RILL_QUALITY_ELLIPSIS_LINES,
  RILL_QUALITY_ALPHA_WORDS,
  RILL_QUALITY_PUNCT_LINES,
  RILL_QUALITY_DUP_LINES,
  RILL_QUALITY_DUP_LINE_CHARS,
  RILL_QUALITY_DUP_PARAGRAPHS,
  RILL_QUALITY_DUP_PARAGRAPH_CHARS,
  RILL_QUALITY_TOP_NGRAM,
  RILL_QUALITY_DUP_NGRAM,
} RillQualityRule;

/**
 * RillQualityParams:
 *
 * Thresholds; rill_quality_params_init() sets Gopher's values (C4's for
 * @min_punct_lines, which Gopher lacks). A rule is disabled by a bound
 * that cannot be crossed (0 for a minimum, 1 or G_MAXUINT for a maximum).
 */
typedef struct
{
  guint  min_words;                /* 50 */
  guint  max_words;                /* 100000 */
  double min_mean_word_length;     /* 3 */
  double max_mean_word_length;     /* 10 */
  double max_symbol_ratio;         /* 0.1 */
  double max_bullet_lines;         /* 0.9 */
  double max_ellipsis_lines;       /* 0.3 */
  double min_alpha_words;          /* 0.8 */
  double min_punct_lines;          /* 0.1 */
  double max_dup_lines;            /* 0.3 */
  double max_dup_line_chars;       /* 0.2 */
  double max_dup_paragraphs;       /* 0.3 */
  double max_dup_paragraph_chars;  /* 0.2 */
  double max_top_ngram[3];         /* n = 2, 3, 4: 0.20 0.18 0.16 */
  double max_dup_ngram[6];         /* n = 5..10: 0.15 0.14 0.13 0.12 0.11 0.10 */
} RillQualityParams;

/**
 * RillQualityStats:
 *
 * The measured values behind the rules (filled for every rule checked,
 * up to the first that fired; @ngram_n is the n that fired).
 */
typedef struct
{
  guint  words;
  guint  lines;
  guint  paragraphs;
  double mean_word_length;
  double symbol_ratio;
  double bullet_lines;
  double ellipsis_lines;
  double alpha_words;
  double punct_lines;
  double dup_lines;
  double dup_line_chars;
  double dup_paragraphs;
  double dup_paragraph_chars;
  double top_ngram[3];
  double dup_ngram[6];
  guint  ngram_n;
} RillQualityStats;

void             rill_quality_params_init (RillQualityParams       *params);
RillQualityRule  rill_quality_check       (const char              *text,
                                           gssize                   len,
                                           const RillQualityParams *params,
                                           RillQualityStats        *stats);
const char      *rill_quality_rule_name   (RillQualityRule          rule);

G_END_DECLS
