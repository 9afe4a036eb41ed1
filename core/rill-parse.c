/* rill-parse.c: builds pipelines from launch lines
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "rill-error.h"
#include "rill-element-factory.h"
#include "rill-parse.h"
#include "rill-parse-private.h"
#include "rill-pipeline.h"
#include "rill-registry.h"

/*
 * How a line becomes a pipeline:
 *
 * 1. the lexer (rill-parse-lexer.c) cuts the line into words, `=`,
 *    values and `!`, with the column of each;
 * 2. parse_items() reads those into *items* (an element with its property
 *    assignments, or a reference `name.`) and *links* (the `!` between two
 *    items); every syntax error is found here, before anything is created;
 * 3. build() creates the elements in line order and sets their
 *    properties, adds them to a new pipeline, resolves references by name
 *    (so a reference may come before the element it names) and links.
 *
 * The first error stops everything and the pipeline is dropped: the
 * caller never sees a half-built one.
 */

typedef struct {
  char *name;
  guint name_column;
  char *value;
  guint value_column;
} Assignment;

typedef struct {
  gboolean is_ref;
  char *word;             /* factory name, or the name a reference names */
  guint column;
  GArray *assignments;    /* of Assignment, elements only */
  RillElement *element;   /* created or resolved; a strong reference */
} Item;

typedef struct {
  guint from;
  guint to;
  guint column;
} Link;

typedef struct {
  GArray *items;          /* of Item */
  GArray *links;          /* of Link */
  guint error_column;
} ParseState;

static void
clear_assignment (gpointer data)
{
  Assignment *a = data;

  g_free (a->name);
  g_free (a->value);
}

static void
clear_item (gpointer data)
{
  Item *item = data;

  g_free (item->word);
  g_clear_pointer (&item->assignments, g_array_unref);
  g_clear_object (&item->element);
}

static void
parse_state_clear (ParseState *state)
{
  g_clear_pointer (&state->items, g_array_unref);
  g_clear_pointer (&state->links, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ParseState, parse_state_clear)

static gboolean
fail (ParseState  *state,
      GError     **error,
      gint         code,
      guint        column,
      const char  *format,
      ...) G_GNUC_PRINTF (5, 6);

static gboolean
fail (ParseState  *state,
      GError     **error,
      gint         code,
      guint        column,
      const char  *format,
      ...)
{
  va_list args;

  state->error_column = column;
  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (RILL_PARSE_ERROR, code, format, args);
  va_end (args);
  return FALSE;
}

static inline RillToken *
token_at (GArray *tokens,
          guint   i)
{
  return i < tokens->len ? &g_array_index (tokens, RillToken, i) : NULL;
}

static inline Item *
item_at (ParseState *state,
         guint       i)
{
  return &g_array_index (state->items, Item, i);
}

/* Step 2: tokens to items and links. */
static gboolean
parse_items (ParseState  *state,
             GArray      *tokens,
             GError     **error)
{
  gint prev = -1;               /* the item a `!` would link from */
  gboolean pending_link = FALSE;
  guint link_column = 0;
  guint i = 0;

  while (i < tokens->len)
    {
      RillToken *tok = token_at (tokens, i);
      RillToken *next = token_at (tokens, i + 1);

      switch (tok->kind)
        {
        case RILL_TOKEN_LINK:
          if (prev < 0 || pending_link)
            return fail (state, error, RILL_PARSE_ERROR_SYNTAX, tok->column,
                         "'!' at column %u has no element before it",
                         tok->column);
          pending_link = TRUE;
          link_column = tok->column;
          i++;
          break;

        case RILL_TOKEN_EQUALS:
        case RILL_TOKEN_VALUE:
          /* a value always follows `=`, which always follows a word */
          return fail (state, error, RILL_PARSE_ERROR_SYNTAX, tok->column,
                       "'=' at column %u has no property name before it",
                       tok->column);

        case RILL_TOKEN_WORD:
          if (next != NULL && next->kind == RILL_TOKEN_EQUALS)
            {
              RillToken *value = token_at (tokens, i + 2);
              Assignment a;

              if (prev < 0 || pending_link)
                return fail (state, error, RILL_PARSE_ERROR_SYNTAX, tok->column,
                             "property '%s' at column %u does not follow an element",
                             tok->text, tok->column);
              if (item_at (state, prev)->is_ref)
                return fail (state, error, RILL_PARSE_ERROR_SYNTAX, tok->column,
                             "property '%s' at column %u follows the reference '%s.'; "
                             "set properties where the element is created",
                             tok->text, tok->column, item_at (state, prev)->word);
              if (value == NULL || value->kind != RILL_TOKEN_VALUE)
                return fail (state, error, RILL_PARSE_ERROR_SYNTAX, tok->column,
                             "property '%s' at column %u has no value",
                             tok->text, tok->column);
              if (*tok->text == '\0')
                return fail (state, error, RILL_PARSE_ERROR_SYNTAX, tok->column,
                             "empty property name at column %u", tok->column);

              a.name = g_strdup (tok->text);
              a.name_column = tok->column;
              a.value = g_strdup (value->text);
              a.value_column = value->column;
              g_array_append_val (item_at (state, prev)->assignments, a);
              i += 3;
            }
          else
            {
              Item item = { 0, };
              gsize len = strlen (tok->text);

              item.column = tok->column;
              if (!tok->quoted && len > 0 && tok->text[len - 1] == '.')
                {
                  if (len == 1)
                    return fail (state, error, RILL_PARSE_ERROR_SYNTAX, tok->column,
                                 "reference at column %u has no name before the '.'",
                                 tok->column);
                  item.is_ref = TRUE;
                  item.word = g_strndup (tok->text, len - 1);
                }
              else
                {
                  if (len == 0)
                    return fail (state, error, RILL_PARSE_ERROR_SYNTAX, tok->column,
                                 "empty element name at column %u", tok->column);
                  item.word = g_strdup (tok->text);
                  item.assignments = g_array_new (FALSE, TRUE, sizeof (Assignment));
                  g_array_set_clear_func (item.assignments, clear_assignment);
                }
              g_array_append_val (state->items, item);

              if (pending_link)
                {
                  Link link = { prev, state->items->len - 1, link_column };

                  g_array_append_val (state->links, link);
                  pending_link = FALSE;
                }
              prev = state->items->len - 1;
              i++;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (pending_link)
    return fail (state, error, RILL_PARSE_ERROR_SYNTAX, link_column,
                 "'!' at column %u has no element after it", link_column);

  return TRUE;
}

static char *
suggest_property (GObjectClass *klass,
                  const char   *name)
{
  g_autofree GParamSpec **pspecs = NULL;
  g_autofree const char **names = NULL;
  guint n = 0;

  pspecs = g_object_class_list_properties (klass, &n);
  names = g_new0 (const char *, n + 1);
  for (guint i = 0; i < n; i++)
    names[i] = pspecs[i]->name;
  return rill_suggest_nearest (name, names);
}

static gboolean
set_property (ParseState   *state,
              Item         *item,
              Assignment   *a,
              GError      **error)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (item->element);
  GParamSpec *pspec = g_object_class_find_property (klass, a->name);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *expected = NULL;

  if (pspec == NULL)
    {
      g_autofree char *nearest = suggest_property (klass, a->name);

      return fail (state, error, RILL_PARSE_ERROR_NO_SUCH_PROPERTY, a->name_column,
                   "element '%s' (column %u) has no property '%s'%s%s%s",
                   item->word, a->name_column, a->name,
                   nearest != NULL ? "; did you mean '" : "",
                   nearest != NULL ? nearest : "",
                   nearest != NULL ? "'?" : "");
    }

  if (!(pspec->flags & G_PARAM_WRITABLE))
    return fail (state, error, RILL_PARSE_ERROR_NO_SUCH_PROPERTY, a->name_column,
                 "property '%s' of '%s' at column %u is read-only",
                 a->name, item->word, a->name_column);
  if (pspec->flags & G_PARAM_CONSTRUCT_ONLY)
    return fail (state, error, RILL_PARSE_ERROR_NO_SUCH_PROPERTY, a->name_column,
                 "property '%s' of '%s' at column %u can only be set by code "
                 "that creates the element",
                 a->name, item->word, a->name_column);

  g_value_init (&value, pspec->value_type);
  if (!_rill_value_parse_expected (pspec, a->value, &value, &expected))
    return fail (state, error, RILL_PARSE_ERROR_BAD_VALUE, a->value_column,
                 "bad value '%s' for property '%s' of '%s' at column %u: %s",
                 a->value, a->name, item->word, a->value_column, expected);

  g_object_set_property (G_OBJECT (item->element), pspec->name, &value);
  return TRUE;
}

/* Whether @to already reaches @from through the links made so far, so that
 * linking @from to @to would close a loop. Iterative: a launch line may
 * hold a very long chain. */
static gboolean
reaches (RillElement *to,
         RillElement *from)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, to);
  while (stack->len > 0)
    {
      RillElement *element = g_ptr_array_steal_index_fast (stack, stack->len - 1);
      g_autoptr(GPtrArray) outputs = NULL;

      if (element == from)
        return TRUE;
      if (!g_hash_table_add (seen, element))
        continue;
      outputs = rill_element_get_outputs (element);
      for (guint i = 0; outputs != NULL && i < outputs->len; i++)
        g_ptr_array_add (stack, g_ptr_array_index (outputs, i));
    }
  return FALSE;
}

static char *
suggest_name (ParseState *state,
              const char *name)
{
  g_autofree const char **names = g_new0 (const char *, state->items->len + 1);
  guint n = 0;

  for (guint i = 0; i < state->items->len; i++)
    {
      Item *item = item_at (state, i);

      if (!item->is_ref && rill_element_get_name (item->element) != NULL)
        names[n++] = rill_element_get_name (item->element);
    }
  return rill_suggest_nearest (name, names);
}

/* Step 3: elements, pipeline, references, links. */
static RillPipeline *
build (ParseState  *state,
       GError     **error)
{
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_elements = 0;

  for (guint i = 0; i < state->items->len; i++)
    {
      Item *item = item_at (state, i);
      RillElementFactory *factory;
      const char *name = NULL;
      guint name_column = 0;

      if (item->is_ref)
        continue;
      n_elements++;

      factory = rill_element_factory_find (item->word);
      if (factory == NULL)
        {
          g_autofree char *nearest =
            rill_registry_suggest (rill_registry_get_default (), item->word);

          fail (state, error, RILL_PARSE_ERROR_NO_SUCH_ELEMENT, item->column,
                "no element '%s' at column %u%s%s%s",
                item->word, item->column,
                nearest != NULL ? "; did you mean '" : "",
                nearest != NULL ? nearest : "",
                nearest != NULL ? "'?" : "");
          return NULL;
        }

      /* `name=` names the element when it is created; the last one wins */
      for (guint j = 0; j < item->assignments->len; j++)
        {
          Assignment *a = &g_array_index (item->assignments, Assignment, j);

          if (strcmp (a->name, "name") == 0)
            {
              name = a->value;
              name_column = a->value_column;
            }
        }
      if (name != NULL)
        {
          gpointer other_column;

          if (*name == '\0')
            {
              fail (state, error, RILL_PARSE_ERROR_BAD_VALUE, name_column,
                    "bad value '' for property 'name' of '%s' at column %u: "
                    "expected a name that is not empty", item->word, name_column);
              return NULL;
            }
          if (g_hash_table_lookup_extended (names, name, NULL, &other_column))
            {
              fail (state, error, RILL_PARSE_ERROR_DUPLICATE_NAME, name_column,
                    "element name '%s' at column %u is already used at column %u",
                    name, name_column, GPOINTER_TO_UINT (other_column));
              return NULL;
            }
          g_hash_table_insert (names, (gpointer) name, GUINT_TO_POINTER (name_column));
        }

      item->element = rill_element_factory_create (factory, name);
      if (item->element == NULL)
        {
          fail (state, error, RILL_PARSE_ERROR_NO_SUCH_ELEMENT, item->column,
                "element '%s' at column %u could not be created",
                item->word, item->column);
          return NULL;
        }

      for (guint j = 0; j < item->assignments->len; j++)
        {
          Assignment *a = &g_array_index (item->assignments, Assignment, j);

          if (strcmp (a->name, "name") == 0)
            continue;
          if (!set_property (state, item, a, error))
            return NULL;
        }
    }

  if (n_elements == 0)
    {
      /* only references: they cannot name anything */
      Item *item = item_at (state, 0);

      fail (state, error, RILL_PARSE_ERROR_NO_SUCH_NAME, item->column,
            "no element named '%s' for the reference at column %u",
            item->word, item->column);
      return NULL;
    }

  /* Name the unnamed ones `<factory>N` as rill_pipeline_add() would, but
   * knowing every explicit name of the line (so that a later `name=` never
   * collides with an automatic one) and in linear time. */
  {
    g_autoptr(GHashTable) counters = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < state->items->len; i++)
      {
        Item *item = item_at (state, i);
        const char *factory_name;
        guint n;

        if (item->is_ref || rill_element_get_name (item->element) != NULL)
          continue;
        factory_name = rill_element_get_factory_name (item->element);
        if (factory_name == NULL)
          factory_name = item->word;
        n = GPOINTER_TO_UINT (g_hash_table_lookup (counters, factory_name));
        for (;; n++)
          {
            g_autofree char *candidate = g_strdup_printf ("%s%u", factory_name, n);

            if (!g_hash_table_contains (names, candidate))
              {
                rill_element_set_name (item->element, candidate);
                break;
              }
          }
        g_hash_table_insert (counters, (gpointer) factory_name, GUINT_TO_POINTER (n + 1));
        g_hash_table_add (names, (gpointer) rill_element_get_name (item->element));
      }
  }

  pipeline = rill_pipeline_new ();
  for (guint i = 0; i < state->items->len; i++)
    {
      Item *item = item_at (state, i);
      g_autoptr(GError) local_error = NULL;

      if (item->is_ref)
        continue;
      if (!rill_pipeline_add (pipeline, item->element, &local_error))
        {
          fail (state, error, RILL_PARSE_ERROR_DUPLICATE_NAME, item->column,
                "element '%s' at column %u cannot be added: %s",
                item->word, item->column, local_error->message);
          return NULL;
        }
    }

  for (guint i = 0; i < state->items->len; i++)
    {
      Item *item = item_at (state, i);
      RillElement *element;

      if (!item->is_ref)
        continue;
      element = rill_pipeline_get_by_name (pipeline, item->word);
      if (element == NULL)
        {
          g_autofree char *nearest = suggest_name (state, item->word);

          fail (state, error, RILL_PARSE_ERROR_NO_SUCH_NAME, item->column,
                "no element named '%s' for the reference at column %u%s%s%s",
                item->word, item->column,
                nearest != NULL ? "; did you mean '" : "",
                nearest != NULL ? nearest : "",
                nearest != NULL ? "'?" : "");
          return NULL;
        }
      item->element = g_object_ref (element);
    }

  for (guint i = 0; i < state->links->len; i++)
    {
      Link *link = &g_array_index (state->links, Link, i);
      RillElement *from = item_at (state, link->from)->element;
      RillElement *to = item_at (state, link->to)->element;
      g_autoptr(GError) local_error = NULL;

      if (from != to && reaches (to, from))
        {
          fail (state, error, RILL_PARSE_ERROR_LINK, link->column,
                "cannot link at column %u: linking '%s' to '%s' would make a loop",
                link->column, rill_element_get_name (from),
                rill_element_get_name (to));
          return NULL;
        }
      if (!rill_element_link (from, to, &local_error))
        {
          fail (state, error, RILL_PARSE_ERROR_LINK, link->column,
                "cannot link at column %u: %s",
                link->column, local_error->message);
          return NULL;
        }
    }

  return g_steal_pointer (&pipeline);
}

/**
 * rill_parse_launch_full:
 * @line: a launch line
 * @error_column: (out) (optional): where the 1-based column of an error
 *   goes (0 when there is no error)
 * @error: return location for an error
 *
 * Builds a pipeline from a launch line in GStreamer's grammar:
 *
 * ```
 * file-src location=urls.txt ! http-fetch concurrency=32 ! tee name=t
 *   t. ! html-extract ! jsonl-sink location=articles.jsonl
 *   t. ! fake-sink
 * ```
 *
 * - `!` links the element on its left to the one on its right;
 * - `factory-name prop=value prop2="quoted value"` creates an element and
 *   sets its properties, each value read through the property's
 *   #GParamSpec by [func@Rill.value_parse]; `name=foo` names it;
 * - `foo.` refers to the element named `foo`: at the start of a chain it
 *   branches from it, after a `!` it links into it (to merge several
 *   chains into a funnel). The element may be defined later in the line;
 * - a chain ends where an element or reference follows without `!`;
 * - values may be quoted with `"..."` (where `\"` and `\\` are escapes)
 *   or `'...'` (no escapes); outside quotes a backslash escapes white
 *   space, `!`, `=`, quotes and itself. A value runs to the next
 *   unquoted white space or `!`, so it may contain `=` (URLs).
 *
 * Errors carry the column (counted in characters from 1) in their
 * message and in @error_column, and unknown element, property and
 * reference names come with the nearest known one.
 *
 * Returns: (transfer full): a new pipeline, or %NULL with an error in the
 *   [error@Rill.ParseError] domain; never a partly built pipeline
 */
RillPipeline *
rill_parse_launch_full (const char  *line,
                        guint       *error_column,
                        GError     **error)
{
  g_auto(ParseState) state = { NULL, };
  g_autoptr(GArray) tokens = NULL;
  RillPipeline *pipeline;
  guint column = 0;

  if (error_column != NULL)
    *error_column = 0;
  g_return_val_if_fail (line != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  tokens = _rill_parse_tokenize (line, &column, error);
  if (tokens == NULL)
    {
      if (error_column != NULL)
        *error_column = column;
      return NULL;
    }

  if (tokens->len == 0)
    {
      if (error_column != NULL)
        *error_column = 1;
      g_set_error_literal (error, RILL_PARSE_ERROR, RILL_PARSE_ERROR_EMPTY,
                           "the launch line has no element");
      return NULL;
    }

  state.items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (state.items, clear_item);
  state.links = g_array_new (FALSE, TRUE, sizeof (Link));

  if (!parse_items (&state, tokens, error) ||
      (pipeline = build (&state, error)) == NULL)
    {
      if (error_column != NULL)
        *error_column = state.error_column;
      return NULL;
    }

  return pipeline;
}

/**
 * rill_parse_launch:
 * @line: a launch line
 * @error: return location for an error
 *
 * Builds a pipeline from a launch line; see [func@Rill.parse_launch_full]
 * for the grammar.
 *
 * Returns: (transfer full): a new pipeline, or %NULL with an error in the
 *   [error@Rill.ParseError] domain
 */
RillPipeline *
rill_parse_launch (const char  *line,
                   GError     **error)
{
  return rill_parse_launch_full (line, NULL, error);
}

/**
 * rill_parse_launchv:
 * @argv: (array zero-terminated=1): the words of a launch line, as a
 *   shell splits them
 * @error: return location for an error
 *
 * Builds a pipeline from a launch line given as separate words, the way
 * `rill-launch` receives it. Each word stays one token: white space inside
 * a word is kept as if it were quoted (`location=my file.txt` from a
 * quoted shell argument), and double quotes the word itself carries keep
 * their meaning. Error columns count in the words joined with single
 * spaces, with a backslash before each escaped character.
 *
 * Returns: (transfer full): a new pipeline, or %NULL with an error in the
 *   [error@Rill.ParseError] domain
 */
RillPipeline *
rill_parse_launchv (const char * const  *argv,
                    GError             **error)
{
  g_autofree char *line = NULL;

  g_return_val_if_fail (argv != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  line = _rill_parse_escape_argv (argv);
  return rill_parse_launch_full (line, NULL, error);
}
