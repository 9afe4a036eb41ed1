/* rill-text-normalize.h: Unicode and white-space normalisation.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RillTextNormalizeFlags:
 * @RILL_TEXT_NORMALIZE_NFC: canonical composition (g_utf8_normalize
 *   G_NORMALIZE_NFC)
 * @RILL_TEXT_NORMALIZE_NFKC: compatibility composition (ligatures, full-
 *   width forms, NBSP → space); wins over NFC
 * @RILL_TEXT_NORMALIZE_CONTROLS: drop control and format characters (C0,
 *   C1, zero-width, BOM, soft hyphen) except tab and newlines
 * @RILL_TEXT_NORMALIZE_SPACES: every run of horizontal white space
 *   (tabs, NBSP, thin spaces ...) becomes one space; lines are trimmed;
 *   CR LF, CR, U+2028, U+2029, VT and FF become LF; at most one blank line
 *   is kept between paragraphs; the text is trimmed
 * @RILL_TEXT_NORMALIZE_DEFAULT: NFC | CONTROLS | SPACES
 */
typedef enum
{
  RILL_TEXT_NORMALIZE_NFC      = 1 << 0,
  RILL_TEXT_NORMALIZE_NFKC     = 1 << 1,
  RILL_TEXT_NORMALIZE_CONTROLS = 1 << 2,
  RILL_TEXT_NORMALIZE_SPACES   = 1 << 3,
  RILL_TEXT_NORMALIZE_DEFAULT  = (1 << 0) | (1 << 2) | (1 << 3),
} RillTextNormalizeFlags;

char *rill_text_normalize (const char             *text,
                           gssize                  len,
                           RillTextNormalizeFlags  flags);

G_END_DECLS
