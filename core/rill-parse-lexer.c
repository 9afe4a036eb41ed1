/* rill-parse-lexer.c: cuts a launch line into tokens
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "rill-error.h"
#include "rill-parse-private.h"

/*
 * The lexer works on a line that is valid UTF-8 and counts columns in
 * characters, starting at 1.
 *
 * Quoting:
 * - "double quotes": everything up to the next unescaped `"`; `\"` and
 *   `\\` are the only escapes, any other backslash is kept as it is
 *   (so regular expressions such as "\d+" need no doubling);
 * - 'single quotes': everything up to the next `'`, no escapes;
 * - outside quotes a backslash escapes white space, `!`, `=`, quotes and
 *   itself; before any other character it is kept.
 * Quoted and unquoted pieces that touch form one token, as in a shell.
 */

typedef struct {
  const char *p;
  guint column;
} Cursor;

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static inline gboolean
is_escapable (char c)
{
  return is_space (c) || c == '!' || c == '=' || c == '"' || c == '\'' || c == '\\';
}

/* Appends the character at the cursor to @out and steps over it. */
static inline void
take_char (Cursor  *cur,
           GString *out)
{
  const char *next = g_utf8_next_char (cur->p);

  g_string_append_len (out, cur->p, next - cur->p);
  cur->p = next;
  cur->column++;
}

static inline void
skip_char (Cursor *cur)
{
  cur->p = g_utf8_next_char (cur->p);
  cur->column++;
}

static void
clear_token (gpointer data)
{
  RillToken *token = data;

  g_clear_pointer (&token->text, g_free);
}

/* Reads one WORD or VALUE token at the cursor. */
static gboolean
read_text (Cursor      *cur,
           gboolean     allow_equals,
           GString     *out,
           gboolean    *quoted,
           guint       *error_column,
           GError     **error)
{
  while (*cur->p != '\0')
    {
      char c = *cur->p;

      if (is_space (c) || c == '!' || (c == '=' && !allow_equals))
        break;

      if (c == '"' || c == '\'')
        {
          guint open_column = cur->column;
          char quote = c;

          skip_char (cur);
          while (*cur->p != '\0' && *cur->p != quote)
            {
              if (quote == '"' && *cur->p == '\\' &&
                  (cur->p[1] == '"' || cur->p[1] == '\\'))
                skip_char (cur);
              take_char (cur, out);
            }
          if (*cur->p == '\0')
            {
              *error_column = open_column;
              g_set_error (error, RILL_PARSE_ERROR, RILL_PARSE_ERROR_SYNTAX,
                           "unterminated quote %c at column %u",
                           quote, open_column);
              return FALSE;
            }
          skip_char (cur);
          *quoted = TRUE;
          continue;
        }

      if (c == '\\' && is_escapable (cur->p[1]))
        skip_char (cur);

      take_char (cur, out);
    }

  return TRUE;
}

/*
 * _rill_parse_tokenize:
 * @line: a launch line
 * @error_column: (out): where the column of an error goes
 * @error: return location for an error
 *
 * Cuts @line into tokens.
 *
 * Returns: (transfer full): an array of #RillToken (which frees their
 *   text), or %NULL with a `SYNTAX` error
 */
GArray *
_rill_parse_tokenize (const char  *line,
                      guint       *error_column,
                      GError     **error)
{
  g_autoptr(GArray) tokens = NULL;
  const char *bad = NULL;
  Cursor cur = { line, 1 };
  gboolean after_equals = FALSE;

  g_return_val_if_fail (line != NULL, NULL);

  if (!g_utf8_validate (line, -1, &bad))
    {
      *error_column = (guint) g_utf8_strlen (line, bad - line) + 1;
      g_set_error (error, RILL_PARSE_ERROR, RILL_PARSE_ERROR_SYNTAX,
                   "invalid UTF-8 at column %u", *error_column);
      return NULL;
    }

  tokens = g_array_new (FALSE, TRUE, sizeof (RillToken));
  g_array_set_clear_func (tokens, clear_token);

  for (;;)
    {
      RillToken token = { 0, };
      g_autoptr(GString) text = NULL;

      while (is_space (*cur.p))
        skip_char (&cur);
      if (*cur.p == '\0')
        break;

      token.column = cur.column;

      if (*cur.p == '!')
        {
          token.kind = RILL_TOKEN_LINK;
          skip_char (&cur);
          after_equals = FALSE;
          g_array_append_val (tokens, token);
          continue;
        }

      if (*cur.p == '=' && !after_equals)
        {
          token.kind = RILL_TOKEN_EQUALS;
          skip_char (&cur);
          after_equals = TRUE;
          g_array_append_val (tokens, token);
          continue;
        }

      text = g_string_new (NULL);
      if (!read_text (&cur, after_equals, text, &token.quoted,
                      error_column, error))
        return NULL;

      token.kind = after_equals ? RILL_TOKEN_VALUE : RILL_TOKEN_WORD;
      token.text = g_string_free (g_steal_pointer (&text), FALSE);
      after_equals = FALSE;
      g_array_append_val (tokens, token);
    }

  return g_steal_pointer (&tokens);
}

/*
 * _rill_parse_escape_argv:
 * @argv: (array zero-terminated=1): the words of a launch line
 *
 * Joins @argv into one launch line the way gst-launch does: every word
 * stays one token, so white space inside a word (outside double quotes,
 * which the word may carry on purpose) is escaped with a backslash.
 *
 * Returns: (transfer full): the line
 */
char *
_rill_parse_escape_argv (const char * const *argv)
{
  GString *line = g_string_new (NULL);

  for (guint i = 0; argv[i] != NULL; i++)
    {
      gboolean in_quotes = FALSE;
      const char *p;

      if (i > 0)
        g_string_append_c (line, ' ');

      for (p = argv[i]; *p != '\0'; p++)
        {
          if (*p == '\\' && in_quotes && (p[1] == '"' || p[1] == '\\'))
            {
              g_string_append_c (line, *p++);
              g_string_append_c (line, *p);
              continue;
            }
          if (*p == '"')
            in_quotes = !in_quotes;
          else if (!in_quotes && (is_space (*p) || *p == '\''))
            g_string_append_c (line, '\\');
          else if (!in_quotes && *p == '\\' && is_escapable (p[1]))
            g_string_append_c (line, '\\');
          g_string_append_c (line, *p);
        }
      /* an unbalanced quote stays as it is: the lexer reports it */
    }

  return g_string_free (line, FALSE);
}
