/* rill-text-normalize.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-text-normalize.h"

#include <string.h>

static gboolean
is_newline (gunichar c)
{
  return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85
         || c == 0x2028 || c == 0x2029;
}

static gboolean
is_dropped_control (gunichar c)
{
  GUnicodeType t;

  if (c == '\t' || is_newline (c))
    return FALSE;
  t = g_unichar_type (c);
  return t == G_UNICODE_CONTROL || t == G_UNICODE_FORMAT
         || t == G_UNICODE_UNASSIGNED || t == G_UNICODE_SURROGATE;
}

/**
 * rill_text_normalize:
 * @text: text, UTF-8 (invalid sequences become U+FFFD)
 * @len: length of @text, or -1 if nul-terminated
 * @flags: what to do
 *
 * Returns: (transfer full): the normalised text
 */
char *
rill_text_normalize (const char             *text,
                     gssize                  len,
                     RillTextNormalizeFlags  flags)
{
  g_autofree char *valid = NULL;
  g_autofree char *norm = NULL;
  const char *s;
  GString *out;
  gboolean pending_space = FALSE;
  guint pending_nl = 0;

  g_return_val_if_fail (text != NULL, NULL);
  if (len < 0)
    len = strlen (text);
  valid = g_utf8_make_valid (text, len);
  s = valid;

  if (flags & RILL_TEXT_NORMALIZE_NFKC)
    s = norm = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKC);
  else if (flags & RILL_TEXT_NORMALIZE_NFC)
    s = norm = g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);
  if (s == NULL)
    s = valid;

  if (!(flags & (RILL_TEXT_NORMALIZE_CONTROLS | RILL_TEXT_NORMALIZE_SPACES)))
    return g_strdup (s);

  out = g_string_sized_new (strlen (s));
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((flags & RILL_TEXT_NORMALIZE_CONTROLS) && is_dropped_control (c))
        continue;
      if (flags & RILL_TEXT_NORMALIZE_SPACES)
        {
          if (is_newline (c))
            {
              if (c == '\r' && p[1] == '\n')
                p++;
              pending_space = FALSE;
              pending_nl++;
              continue;
            }
          if (g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR)
            {
              pending_space = TRUE;
              continue;
            }
          if (out->len > 0)
            {
              if (pending_nl)
                g_string_append (out, pending_nl > 1 ? "\n\n" : "\n");
              else if (pending_space)
                g_string_append_c (out, ' ');
            }
          pending_space = FALSE;
          pending_nl = 0;
        }
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}
