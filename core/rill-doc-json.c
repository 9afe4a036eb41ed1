/* rill-doc-json.c: RillDoc to and from JSON
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rill-doc.h"
#include "rill-doc-private.h"
#include "rill-error.h"

/* The JSON conventions are documented in the RillDoc block of rill-doc.c.
 *
 * Text is written here rather than with JsonGenerator: json-glib 1.6
 * writes some doubles as invalid JSON ("1e-300.0") and others without a
 * decimal point, and the sinks want speed. Text is read with JsonParser. */

#define BYTES_KEY  "$bytes"
#define DOUBLE_KEY "$double"
#define DOC_KEY    "$doc"

/* Deeper JSON is refused rather than risk the stack. */
#define MAX_DEPTH 512

const char *
rill_doc_format_double (double  value,
                        char   *buf)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };

  if (isnan (value))
    return "nan";
  if (isinf (value))
    return value > 0 ? "inf" : "-inf";

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      double back;

      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, formats[i], value);
      back = g_ascii_strtod (buf, NULL);
      if (back == value && !signbit (back) == !signbit (value))
        break;
    }

  /* "1" and "-0" would read back as integers. */
  if (strpbrk (buf, ".e") == NULL)
    strcat (buf, ".0");

  return buf;
}

static gboolean
is_reserved_key (const char *name)
{
  return name[0] == '$' &&
         (strcmp (name, BYTES_KEY) == 0 ||
          strcmp (name, DOUBLE_KEY) == 0 ||
          strcmp (name, DOC_KEY) == 0);
}

/* A nested doc that would read back as one of the special forms. */
static gboolean
needs_doc_wrapper (const RillDoc *doc)
{
  return doc->n_fields == 1 && is_reserved_key (rill_field_name (&doc->fields[0]));
}

/* Writing text */

static void
append_json_string (GString    *out,
                    const char *str)
{
  g_autofree char *valid = NULL;
  const char *run;
  const char *p;

  /* Strings are UTF-8 by contract; a broken one must not break the JSON. */
  if (!g_utf8_validate (str, -1, NULL))
    str = valid = g_utf8_make_valid (str, -1);

  g_string_append_c (out, '"');
  for (run = p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      const char *escape;
      char ubuf[8];

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      switch (c)
        {
        case '"':  escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        default:
          g_snprintf (ubuf, sizeof ubuf, "\\u%04x", c);
          escape = ubuf;
          break;
        }

      g_string_append_len (out, run, p - run);
      g_string_append (out, escape);
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
append_newline (GString *out,
                guint    indent)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < indent; i++)
    g_string_append (out, "  ");
}

static void append_doc (const RillDoc *doc,
                        GString       *out,
                        gboolean       pretty,
                        guint          indent);

static void
append_field_value (const RillField *field,
                    GString         *out,
                    gboolean         pretty,
                    guint            indent)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch ((RillFieldType) field->type)
    {
    case RILL_FIELD_STRING:
      append_json_string (out, field->v.s);
      break;

    case RILL_FIELD_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, field->v.i);
      break;

    case RILL_FIELD_DOUBLE:
      if (isfinite (field->v.d))
        {
          g_string_append (out, rill_doc_format_double (field->v.d, buf));
        }
      else
        {
          g_string_append (out, pretty ? "{\"" DOUBLE_KEY "\": " : "{\"" DOUBLE_KEY "\":");
          append_json_string (out, rill_doc_format_double (field->v.d, buf));
          g_string_append_c (out, '}');
        }
      break;

    case RILL_FIELD_BOOL:
      g_string_append (out, field->v.b ? "true" : "false");
      break;

    case RILL_FIELD_BYTES:
      {
        gsize size;
        const guchar *data = g_bytes_get_data (field->v.bytes, &size);
        g_autofree char *base64 = g_base64_encode (data, size);

        g_string_append (out, pretty ? "{\"" BYTES_KEY "\": \"" : "{\"" BYTES_KEY "\":\"");
        g_string_append (out, base64);
        g_string_append (out, "\"}");
      }
      break;

    case RILL_FIELD_STRV:
      g_string_append_c (out, '[');
      for (guint i = 0; field->v.strv[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          if (pretty)
            append_newline (out, indent + 1);
          append_json_string (out, field->v.strv[i]);
        }
      if (pretty && field->v.strv[0] != NULL)
        append_newline (out, indent);
      g_string_append_c (out, ']');
      break;

    case RILL_FIELD_DOC:
      if (needs_doc_wrapper (field->v.doc))
        {
          g_string_append (out, pretty ? "{\"" DOC_KEY "\": " : "{\"" DOC_KEY "\":");
          append_doc (field->v.doc, out, pretty, indent);
          g_string_append_c (out, '}');
        }
      else
        {
          append_doc (field->v.doc, out, pretty, indent);
        }
      break;

    case RILL_FIELD_NONE:
    default:
      g_assert_not_reached ();
    }
}

static void
append_doc (const RillDoc *doc,
            GString       *out,
            gboolean       pretty,
            guint          indent)
{
  g_string_append_c (out, '{');
  for (guint i = 0; i < doc->n_fields; i++)
    {
      const RillField *field = &doc->fields[i];

      if (i > 0)
        g_string_append_c (out, ',');
      if (pretty)
        append_newline (out, indent + 1);
      append_json_string (out, rill_field_name (field));
      g_string_append (out, pretty ? ": " : ":");
      append_field_value (field, out, pretty, indent + 1);
    }
  if (pretty && doc->n_fields > 0)
    append_newline (out, indent);
  g_string_append_c (out, '}');
}

void
rill_doc_append_json (const RillDoc *doc,
                      GString       *out,
                      gboolean       pretty)
{
  append_doc (doc, out, pretty, 0);
}

/**
 * rill_doc_to_json:
 * @doc: a doc
 * @pretty: whether to indent the output over several lines
 *
 * Writes @doc as a JSON object, following the conventions described in
 * [struct@Rill.Doc] so that [ctor@Rill.Doc.new_from_json] gives back an
 * equal doc. Without @pretty, the text is a single line with no newline
 * at all (not even at the end), ready for JSON Lines. The sequence number
 * is not written.
 *
 * Returns: (transfer full): the JSON text
 */
char *
rill_doc_to_json (const RillDoc *doc,
                  gboolean       pretty)
{
  GString *out;

  g_return_val_if_fail (doc != NULL, NULL);

  out = g_string_sized_new (64 + doc->n_fields * 32);
  append_doc (doc, out, pretty, 0);

  return g_string_free (out, FALSE);
}

/* Building a JsonNode tree */

static JsonNode *
single_member_object (const char *key,
                      JsonNode   *value)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_member (object, key, value);
  json_node_take_object (node, object);

  return node;
}

static JsonNode *doc_to_node (const RillDoc *doc);

/* Whether JsonGenerator writes @value as text that reads back as the
 * same double. json-glib 1.6 writes 1e-300 as "1e-300.0", which is not
 * JSON at all; such values go in the {"$double": "..."} form instead. */
static gboolean
generator_keeps_double (double value)
{
  g_autoptr(JsonNode) node = json_node_init_double (json_node_alloc (), value);
  g_autofree char *text = json_to_string (node, FALSE);
  char *end = NULL;
  double back;

  if (text == NULL || strpbrk (text, ".eE") == NULL)
    return FALSE;
  back = g_ascii_strtod (text, &end);

  return *end == '\0' && memcmp (&back, &value, sizeof back) == 0;
}

static JsonNode *
field_to_node (const RillField *field)
{
  JsonNode *node;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch ((RillFieldType) field->type)
    {
    case RILL_FIELD_STRING:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, field->v.s);
      return node;

    case RILL_FIELD_INT:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, field->v.i);
      return node;

    case RILL_FIELD_DOUBLE:
      node = json_node_new (JSON_NODE_VALUE);
      if (isfinite (field->v.d) && generator_keeps_double (field->v.d))
        {
          json_node_set_double (node, field->v.d);
          return node;
        }
      json_node_set_string (node, rill_doc_format_double (field->v.d, buf));
      return single_member_object (DOUBLE_KEY, node);

    case RILL_FIELD_BOOL:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, field->v.b);
      return node;

    case RILL_FIELD_BYTES:
      {
        gsize size;
        const guchar *data = g_bytes_get_data (field->v.bytes, &size);

        g_autofree char *base64 = g_base64_encode (data, size);

        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, base64);
        return single_member_object (BYTES_KEY, node);
      }

    case RILL_FIELD_STRV:
      {
        JsonArray *array = json_array_sized_new (g_strv_length (field->v.strv));

        for (guint i = 0; field->v.strv[i] != NULL; i++)
          json_array_add_string_element (array, field->v.strv[i]);
        node = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (node, array);
        return node;
      }

    case RILL_FIELD_DOC:
      node = doc_to_node (field->v.doc);
      if (needs_doc_wrapper (field->v.doc))
        return single_member_object (DOC_KEY, node);
      return node;

    case RILL_FIELD_NONE:
    default:
      g_assert_not_reached ();
    }
}

static JsonNode *
doc_to_node (const RillDoc *doc)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < doc->n_fields; i++)
    json_object_set_member (object, rill_field_name (&doc->fields[i]),
                            field_to_node (&doc->fields[i]));
  json_node_take_object (node, object);

  return node;
}

/**
 * rill_doc_to_json_node:
 * @doc: a doc
 *
 * Builds a json-glib tree for @doc, with the conventions described in
 * [struct@Rill.Doc] (bytes as `{"$bytes": ...}`, non-finite doubles as
 * `{"$double": ...}`, ...). Members are in field order.
 *
 * Doubles that JsonGenerator would not write back exactly (json-glib 1.6
 * writes `1e-300` as `1e-300.0`, which is not JSON) are given in the
 * `{"$double": "1e-300"}` form, so the tree also survives a round trip
 * through JsonGenerator and [ctor@Rill.Doc.new_from_json]. For text,
 * [method@Rill.Doc.to_json] is faster and always writes plain numbers.
 *
 * Returns: (transfer full): a new JSON object node
 */
JsonNode *
rill_doc_to_json_node (const RillDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return doc_to_node (doc);
}

/* Reading */

/* Where a field sits, for error messages ("meta.tags"); lives on the
 * stack and is only formatted when something fails. */
typedef struct _FieldPath FieldPath;
struct _FieldPath
{
  const FieldPath *parent;
  const char      *name;
};

static char *
field_path_format (const FieldPath *path)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (; path != NULL; path = path->parent)
    g_ptr_array_add (names, (gpointer) path->name);
  /* names[] runs from the field up to the top; write it top down, and
   * only the ends of a very deep path. */
  for (guint i = names->len; i > 0; i--)
    {
      if (names->len > 8 && i == names->len - 3)
        {
          g_string_append (out, "….");
          i = 4;
        }
      g_string_append (out, g_ptr_array_index (names, i - 1));
      if (i > 1)
        g_string_append_c (out, '.');
    }

  return g_string_free (out, FALSE);
}

G_GNUC_PRINTF (3, 4)
static void
set_field_error (GError          **error,
                 const FieldPath  *path,
                 const char       *format,
                 ...)
{
  g_autofree char *where = field_path_format (path);
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID,
               "Field “%s”: %s", where, what);
}

static const char *
json_kind (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return "a string";
        case G_TYPE_BOOLEAN:
          return "a boolean";
        case G_TYPE_INT64:
        case G_TYPE_DOUBLE:
          return "a number";
        default:
          return "a value";
        }
    }
}

static RillDoc *doc_from_object (JsonObject      *object,
                                 const FieldPath *parent,
                                 guint            depth,
                                 GError         **error);

static gboolean
is_base64 (const char *text)
{
  gsize len = strlen (text);
  gsize i;

  if (len % 4 != 0)
    return FALSE;

  for (i = 0; i < len; i++)
    {
      char c = text[i];

      if (g_ascii_isalnum (c) || c == '+' || c == '/')
        continue;
      if (c == '=' && i >= len - 2 && (i == len - 1 || text[i + 1] == '='))
        continue;
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_double_text (const char *text,
                   double     *out)
{
  char *end = NULL;

  if (g_ascii_strcasecmp (text, "nan") == 0)
    *out = NAN;
  else if (g_ascii_strcasecmp (text, "inf") == 0 ||
           g_ascii_strcasecmp (text, "+inf") == 0 ||
           g_ascii_strcasecmp (text, "infinity") == 0)
    *out = INFINITY;
  else if (g_ascii_strcasecmp (text, "-inf") == 0 ||
           g_ascii_strcasecmp (text, "-infinity") == 0)
    *out = -INFINITY;
  else
    {
      *out = g_ascii_strtod (text, &end);
      return end != text && *end == '\0';
    }

  return TRUE;
}

/* The special forms: {"$bytes": "<base64>"}, {"$double": "nan"} and
 * {"$doc": {...}}. Returns FALSE with @error unset if @object is none of
 * them. */
static gboolean
set_special_form (RillDoc         *doc,
                  const FieldPath *path,
                  JsonObject      *object,
                  guint            depth,
                  gboolean        *handled,
                  GError         **error)
{
  const char *name = path->name;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  *handled = FALSE;
  if (json_object_get_size (object) != 1)
    return TRUE;

  json_object_iter_init (&iter, object);
  if (!json_object_iter_next (&iter, &key, &value) || !is_reserved_key (key))
    return TRUE;

  *handled = TRUE;

  if (strcmp (key, BYTES_KEY) == 0)
    {
      const char *text = JSON_NODE_HOLDS_VALUE (value) &&
                         json_node_get_value_type (value) == G_TYPE_STRING ?
                         json_node_get_string (value) : NULL;
      guchar *data;
      gsize size;

      if (text == NULL || !is_base64 (text))
        {
          set_field_error (error, path, "“" BYTES_KEY "” must be a base64 string");
          return FALSE;
        }

      data = g_base64_decode (text, &size);
      rill_doc_take_bytes (doc, name, g_bytes_new_take (data, size));
      return TRUE;
    }

  if (strcmp (key, DOUBLE_KEY) == 0)
    {
      double d;

      if (JSON_NODE_HOLDS_VALUE (value) &&
          json_node_get_value_type (value) == G_TYPE_STRING &&
          parse_double_text (json_node_get_string (value), &d))
        {
          rill_doc_set_double (doc, name, d);
          return TRUE;
        }
      if (JSON_NODE_HOLDS_VALUE (value) &&
          (json_node_get_value_type (value) == G_TYPE_DOUBLE ||
           json_node_get_value_type (value) == G_TYPE_INT64))
        {
          rill_doc_set_double (doc, name, json_node_get_double (value));
          return TRUE;
        }

      set_field_error (error, path, "“" DOUBLE_KEY "” must be a number, "
                       "“nan”, “inf” or “-inf”");
      return FALSE;
    }

  /* DOC_KEY */
  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      RillDoc *nested = doc_from_object (json_node_get_object (value), path, depth + 1, error);

      if (nested == NULL)
        return FALSE;
      rill_doc_take_doc (doc, name, nested);
      return TRUE;
    }

  set_field_error (error, path, "“" DOC_KEY "” must be an object");
  return FALSE;
}

static gboolean
set_from_node (RillDoc         *doc,
               const FieldPath *path,
               JsonNode        *node,
               guint            depth,
               GError         **error)
{
  const char *name = path->name;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      /* A doc has no null fields: null means absent. */
      return TRUE;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          rill_doc_set_string (doc, name, json_node_get_string (node));
          return TRUE;
        case G_TYPE_INT64:
          rill_doc_set_int (doc, name, json_node_get_int (node));
          return TRUE;
        case G_TYPE_DOUBLE:
          rill_doc_set_double (doc, name, json_node_get_double (node));
          return TRUE;
        case G_TYPE_BOOLEAN:
          rill_doc_set_bool (doc, name, json_node_get_boolean (node));
          return TRUE;
        default:
          set_field_error (error, path, "unsupported JSON value of type %s",
                           g_type_name (json_node_get_value_type (node)));
          return FALSE;
        }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        g_autoptr(GPtrArray) strv = g_ptr_array_new_full (n + 1, NULL);

        for (guint i = 0; i < n; i++)
          {
            JsonNode *element = json_array_get_element (array, i);

            if (!JSON_NODE_HOLDS_VALUE (element) ||
                json_node_get_value_type (element) != G_TYPE_STRING)
              {
                set_field_error (error, path, "a JSON array in a doc must hold "
                                 "only strings, but element %u is %s",
                                 i, json_kind (element));
                return FALSE;
              }
            g_ptr_array_add (strv, (gpointer) json_node_get_string (element));
          }
        g_ptr_array_add (strv, NULL);
        rill_doc_set_strv (doc, name, (const char * const *) strv->pdata);
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        gboolean handled;
        RillDoc *nested;

        if (depth >= MAX_DEPTH)
          {
            set_field_error (error, path, "objects nested more than %d deep",
                             MAX_DEPTH);
            return FALSE;
          }

        if (!set_special_form (doc, path, object, depth, &handled, error))
          return FALSE;
        if (handled)
          return TRUE;

        nested = doc_from_object (object, path, depth + 1, error);
        if (nested == NULL)
          return FALSE;

        /* The new doc is ours: no need for the copy of rill_doc_set_doc(). */
        rill_doc_take_doc (doc, name, nested);
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

static RillDoc *
doc_from_object (JsonObject      *object,
                 const FieldPath *parent,
                 guint            depth,
                 GError         **error)
{
  g_autoptr(RillDoc) doc = rill_doc_new ();
  FieldPath path = { parent, NULL };
  JsonObjectIter iter;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &path.name, &node))
    {
      if (!set_from_node (doc, &path, node, depth, error))
        return NULL;
    }

  return g_steal_pointer (&doc);
}

/**
 * rill_doc_new_from_json_node:
 * @node: a JSON node holding an object
 * @error: return location for a #GError
 *
 * Creates a doc from a json-glib tree, reading the conventions described
 * in [struct@Rill.Doc]. Members become fields in their order; `null`
 * members are skipped. The sequence number is 0.
 *
 * Returns: (transfer full): a new doc, or `NULL` with
 *   %RILL_DOC_ERROR_INVALID if @node is not an object or holds something
 *   a doc cannot (an array of numbers, say); the message names the field
 */
RillDoc *
rill_doc_new_from_json_node (JsonNode  *node,
                             GError   **error)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID,
                   "A doc must be a JSON object, not %s",
                   json_kind (node));
      return NULL;
    }

  return doc_from_object (json_node_get_object (node), NULL, 0, error);
}

/* json-glib's parser recurses once per level and overflows the stack on
 * hostile input ~100000 levels deep: measure the depth first. Brackets
 * inside strings do not count. Objects nested MAX_DEPTH deep may each
 * carry a {"$doc": ...} wrapper, hence the factor 2. */
static gboolean
json_depth_ok (const char *data,
               gsize       length)
{
  const char *p = data;
  const char *end = data + length;
  guint depth = 0;

  while (p < end)
    {
      switch (*p++)
        {
        case '{':
        case '[':
          if (++depth > 2 * MAX_DEPTH + 2)
            return FALSE;
          break;
        case '}':
        case ']':
          if (depth > 0)
            depth--;
          break;
        case '"':
          while (p < end && *p != '"')
            p += (*p == '\\') ? 2 : 1;
          p++;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

/**
 * rill_doc_new_from_json:
 * @data: JSON text
 * @length: the length of @data in bytes, or -1 if it is NUL-terminated
 * @error: return location for a #GError
 *
 * Parses JSON text into a doc; see [ctor@Rill.Doc.new_from_json_node].
 *
 * Returns: (transfer full): a new doc, or `NULL` with
 *   %RILL_DOC_ERROR_INVALID if @data is not valid JSON (the message is
 *   json-glib's, with the line and column), is not an object, or holds
 *   something a doc cannot
 */
RillDoc *
rill_doc_new_from_json (const char  *data,
                        gssize       length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);
  if (!json_depth_ok (data, length))
    {
      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID,
                   "Invalid JSON: nested more than %d deep", 2 * MAX_DEPTH + 2);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID,
                   "Invalid JSON: %s", local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID,
                   "Invalid JSON: no value");
      return NULL;
    }

  return rill_doc_new_from_json_node (root, error);
}
