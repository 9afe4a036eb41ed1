// rill-text-langid.cc: the C++ shim over CLD2 (libcld2-dev, -lcld2).
//
// SPDX-License-Identifier: LGPL-2.1-or-later

#include "rill-text-langid.h"

#include <cstdio>   /* compact_lang_det.h uses FILE without including it */
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include <string.h>

/**
 * rill_text_langid:
 * @text: UTF-8 text (invalid sequences are replaced first)
 * @len: its length, or -1 if nul-terminated
 * @is_html: @text is HTML (tags and entities are skipped)
 * @tld_hint: (nullable): the page's top-level domain ("de") as a hint
 * @result: (out caller-allocates): the result
 *
 * Detects the main language of @text. Thread-safe: CLD2 keeps no state.
 */
extern "C" void
rill_text_langid (const char       *text,
                  gssize            len,
                  gboolean          is_html,
                  const char       *tld_hint,
                  RillLangidResult *result)
{
  CLD2::Language lang3[3];
  int percent3[3];
  int text_bytes = 0;
  bool reliable = false;
  char *valid = NULL;
  const char *code;
  CLD2::Language lang;

  memset (result, 0, sizeof *result);
  if (len < 0)
    len = strlen (text);
  if (!g_utf8_validate_len (text, len, NULL))
    {
      valid = g_utf8_make_valid (text, len);
      text = valid;
      len = strlen (valid);
    }
  if (len > G_MAXINT)
    len = G_MAXINT;

  lang = CLD2::ExtDetectLanguageSummary (text, (int) len, !is_html,
                                         tld_hint, CLD2::UNKNOWN_ENCODING,
                                         CLD2::UNKNOWN_LANGUAGE, lang3,
                                         percent3, &text_bytes, &reliable);
  g_free (valid);

  code = lang == CLD2::UNKNOWN_LANGUAGE ? "und" : CLD2::LanguageCode (lang);
  if (code == NULL || code[0] == '\0' || strcmp (code, "un") == 0)
    code = "und";
  g_strlcpy (result->code, code, sizeof result->code);
  result->percent = lang3[0] == lang ? percent3[0] : 0;
  result->reliable = reliable;
  result->text_bytes = text_bytes;
}
