/* rill-text-langid.h: language identification with CLD2 (C++ behind a C
 * function, see rill-text-langid.cc).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RillLangidResult:
 * @code: ISO 639-1 code where one exists ("en", "ru", "az"), else CLD2's
 *   code ("zh-Hant", "haw"); "und" when nothing was recognised
 * @percent: share of the text's bytes in that language (0..100)
 * @reliable: CLD2's own reliability verdict; short texts (a dozen words
 *   or less) are often unreliable
 * @text_bytes: letters CLD2 scored
 */
typedef struct
{
  char     code[16];
  int      percent;
  gboolean reliable;
  int      text_bytes;
} RillLangidResult;

void rill_text_langid (const char       *text,
                       gssize            len,
                       gboolean          is_html,
                       const char       *tld_hint,
                       RillLangidResult *result);

G_END_DECLS
