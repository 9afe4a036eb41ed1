/* rill-parse-private.h: the launch-line lexer and value helpers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * RillTokenKind:
 * @RILL_TOKEN_WORD: an element name, a reference (`t.`) or a property
 *   name; it ends at unquoted white space, `!` or `=`
 * @RILL_TOKEN_EQUALS: `=` between a property name and its value
 * @RILL_TOKEN_VALUE: the value after `=`; it ends at unquoted white space
 *   or `!` and may contain `=` (URLs with query strings)
 * @RILL_TOKEN_LINK: `!`
 *
 * What the lexer cuts a launch line into.
 */
typedef enum {
  RILL_TOKEN_WORD,
  RILL_TOKEN_EQUALS,
  RILL_TOKEN_VALUE,
  RILL_TOKEN_LINK,
} RillTokenKind;

/*
 * RillToken:
 * @kind: what it is
 * @text: the unquoted, unescaped text (%NULL for `!` and `=`)
 * @column: 1-based character column of its first character
 * @quoted: whether some part of @text was quoted (a quoted word is never
 *   a reference)
 */
typedef struct {
  RillTokenKind kind;
  char *text;
  guint column;
  gboolean quoted;
} RillToken;

G_GNUC_INTERNAL
GArray   *_rill_parse_tokenize          (const char  *line,
                                         guint       *error_column,
                                         GError     **error);

G_GNUC_INTERNAL
char     *_rill_parse_escape_argv       (const char * const *argv);

G_GNUC_INTERNAL
gboolean  _rill_value_parse_expected    (GParamSpec  *pspec,
                                         const char  *text,
                                         GValue      *value,
                                         char       **expected);

G_END_DECLS
