/* rill-doc.c: one record flowing through a pipeline
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rill-doc.h"
#include "rill-doc-private.h"
#include "rill-error.h"

/**
 * RillDoc:
 *
 * One record flowing through a pipeline: an ordered set of named, typed
 * fields plus a sequence number.
 *
 * A field holds one of the types of [enum@Rill.FieldType]: a UTF-8
 * string, a signed 64-bit integer, a double, a boolean, raw bytes (a
 * [struct@GLib.Bytes]), a list of strings or a nested doc. Field names are
 * kept in the order they were first set; setting a field that already
 * exists replaces its value (and type) in place and keeps its position.
 * Getters return `NULL` (or the given default) when the field is absent or
 * holds another type. Setting a string, bytes, list or nested doc to `NULL`
 * removes the field.
 *
 * `RillDoc` is a reference-counted boxed type: [method@Rill.Doc.ref] and
 * [method@Rill.Doc.unref] are atomic, and bindings share a doc rather than
 * copy it. The fields themselves are not locked: a doc is changed by one
 * thread at a time (the pipeline hands each doc to one element at a time),
 * and [method@Rill.Doc.copy] makes an independent deep copy when two
 * branches need their own.
 *
 * ```c
 * g_autoptr(RillDoc) doc = rill_doc_new ();
 *
 * rill_doc_set_string (doc, RILL_FIELD_URL, "https://news.example/a");
 * rill_doc_set_int (doc, RILL_FIELD_STATUS, 200);
 * g_print ("%s\n", rill_doc_get_string (doc, RILL_FIELD_URL));
 * ```
 *
 * ## The schema
 *
 * Field names are a schema shared by every plugin; each has a macro:
 *
 * | name | macro | type | meaning |
 * | --- | --- | --- | --- |
 * | `url` | `RILL_FIELD_URL` | string | the URL the doc was asked for |
 * | `final-url` | `RILL_FIELD_FINAL_URL` | string | the URL after redirects |
 * | `status` | `RILL_FIELD_STATUS` | int | the HTTP status |
 * | `content-type` | `RILL_FIELD_CONTENT_TYPE` | string | the media type of `body` |
 * | `charset` | `RILL_FIELD_CHARSET` | string | the charset of `body` |
 * | `body` | `RILL_FIELD_BODY` | bytes | the raw body as fetched |
 * | `fetched-at` | `RILL_FIELD_FETCHED_AT` | string | when it was fetched (ISO 8601) |
 * | `title` | `RILL_FIELD_TITLE` | string | the title |
 * | `text` | `RILL_FIELD_TEXT` | string | the clean text |
 * | `author` | `RILL_FIELD_AUTHOR` | string | the author(s) |
 * | `date` | `RILL_FIELD_DATE` | string | the publication date (ISO 8601) |
 * | `sitename` | `RILL_FIELD_SITENAME` | string | the name of the site |
 * | `source-url` | `RILL_FIELD_SOURCE_URL` | string | the outlet that first published a republished story |
 * | `lang` | `RILL_FIELD_LANG` | string | the language (BCP 47 code) |
 * | `description` | `RILL_FIELD_DESCRIPTION` | string | the summary |
 * | `canonical-url` | `RILL_FIELD_CANONICAL_URL` | string | the canonical URL the page declares |
 * | `tags` | `RILL_FIELD_TAGS` | string list | keywords or categories |
 * | `image` | `RILL_FIELD_IMAGE` | string | the URL of the main image |
 * | `hash` | `RILL_FIELD_HASH` | string or int | a content hash |
 * | `dup-of` | `RILL_FIELD_DUP_OF` | string | the doc this one duplicates |
 * | `error` | `RILL_FIELD_ERROR` | string | why the doc failed |
 *
 * Elements may add fields of their own; names from the table keep their
 * meaning everywhere.
 *
 * ## JSON
 *
 * A doc converts to and from JSON without loss
 * ([method@Rill.Doc.to_json], [ctor@Rill.Doc.new_from_json]). The doc is
 * a JSON object whose members are its fields, in order; the sequence
 * number is not part of it.
 *
 * - strings, booleans and string lists are JSON strings, booleans and
 *   arrays of strings (an empty array is an empty list);
 * - integers are JSON numbers without a decimal point or exponent;
 * - doubles are JSON numbers that always have a decimal point or an
 *   exponent (`1.0`, `1e+300`), so they read back as doubles; NaN and the
 *   infinities, which JSON cannot write, are `{"$double": "nan"}`,
 *   `{"$double": "inf"}` and `{"$double": "-inf"}`;
 * - bytes are `{"$bytes": "<base64>"}`;
 * - nested docs are JSON objects. A nested doc whose only field is named
 *   `$bytes`, `$double` or `$doc` is written as `{"$doc": {...}}` so that
 *   it is not mistaken for one of the forms above.
 *
 * Reading JSON, a `null` member is skipped (a doc has no null fields), an
 * array that is not all strings is an error, and so is a top-level value
 * that is not an object.
 */

G_DEFINE_BOXED_TYPE (RillDoc, rill_doc, rill_doc_ref, rill_doc_unref)

static void
rill_field_clear_value (RillField *field)
{
  switch ((RillFieldType) field->type)
    {
    case RILL_FIELD_STRING:
      g_free (field->v.s);
      break;
    case RILL_FIELD_BYTES:
      g_bytes_unref (field->v.bytes);
      break;
    case RILL_FIELD_STRV:
      g_strfreev (field->v.strv);
      break;
    case RILL_FIELD_DOC:
      rill_doc_unref (field->v.doc);
      break;
    case RILL_FIELD_NONE:
    case RILL_FIELD_INT:
    case RILL_FIELD_DOUBLE:
    case RILL_FIELD_BOOL:
    default:
      break;
    }
  field->type = RILL_FIELD_NONE;
}

static void
rill_field_clear (RillField *field)
{
  rill_field_clear_value (field);
  g_free (field->heap_name);
  field->heap_name = NULL;
}

static RillDoc *
rill_doc_new_sized (guint n_fields)
{
  RillDoc *doc = g_new (RillDoc, 1);

  g_atomic_ref_count_init (&doc->ref_count);
  doc->n_fields = 0;
  doc->seq = 0;
  doc->receipt = NULL;
  if (n_fields <= RILL_DOC_INLINE_FIELDS)
    {
      doc->n_alloc = RILL_DOC_INLINE_FIELDS;
      doc->fields = doc->inline_fields;
    }
  else
    {
      doc->n_alloc = n_fields;
      doc->fields = g_new (RillField, n_fields);
    }

  return doc;
}

static inline RillField *
rill_doc_find (const RillDoc *doc,
               const char    *name)
{
  for (guint i = 0; i < doc->n_fields; i++)
    {
      RillField *field = &doc->fields[i];
      const char *field_name = rill_field_name (field);

      if (field_name == name ||
          (field_name[0] == name[0] && strcmp (field_name, name) == 0))
        return field;
    }

  return NULL;
}

static void
rill_doc_grow (RillDoc *doc)
{
  guint n_alloc = doc->n_alloc * 2;

  if (doc->fields == doc->inline_fields)
    {
      RillField *fields = g_new (RillField, n_alloc);

      memcpy (fields, doc->fields, doc->n_fields * sizeof (RillField));
      doc->fields = fields;
    }
  else
    {
      doc->fields = g_renew (RillField, doc->fields, n_alloc);
    }
  doc->n_alloc = n_alloc;
}

/* The field called @name with its old value freed, or a new one at the
 * end; the caller sets type and value. Values must be prepared before this
 * is called, as they may point into the old value. */
static RillField *
rill_doc_slot (RillDoc    *doc,
               const char *name)
{
  RillField *field = rill_doc_find (doc, name);
  size_t len;

  if (field != NULL)
    {
      rill_field_clear_value (field);
      return field;
    }

  if (doc->n_fields == doc->n_alloc)
    rill_doc_grow (doc);

  field = &doc->fields[doc->n_fields++];
  len = strlen (name);
  if (len <= RILL_DOC_INLINE_NAME_LEN)
    {
      memcpy (field->inline_name, name, len + 1);
      field->heap_name = NULL;
    }
  else
    {
      field->inline_name[0] = '\0';
      field->heap_name = g_strndup (name, len);
    }
  field->type = RILL_FIELD_NONE;

  return field;
}

/**
 * rill_doc_new:
 *
 * Creates an empty doc with sequence number 0.
 *
 * Returns: (transfer full): a new doc
 */
RillDoc *
rill_doc_new (void)
{
  return rill_doc_new_sized (0);
}

/**
 * rill_doc_ref:
 * @doc: a doc
 *
 * Takes a reference on @doc (atomically).
 *
 * Returns: (transfer full): @doc
 */
RillDoc *
rill_doc_ref (RillDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  g_atomic_ref_count_inc (&doc->ref_count);

  return doc;
}

/**
 * rill_doc_unref:
 * @doc: (transfer full): a doc
 *
 * Drops a reference on @doc (atomically) and frees it with its fields
 * when it was the last one.
 */
void
rill_doc_unref (RillDoc *doc)
{
  g_return_if_fail (doc != NULL);

  if (!g_atomic_ref_count_dec (&doc->ref_count))
    return;

  for (guint i = 0; i < doc->n_fields; i++)
    rill_field_clear (&doc->fields[i]);
  if (doc->fields != doc->inline_fields)
    g_free (doc->fields);
  if (doc->receipt != NULL)
    _rill_receipt_release (doc->receipt);
  g_free (doc);
}

static void
rill_field_copy_value (RillField       *dest,
                       const RillField *src)
{
  dest->type = src->type;
  switch ((RillFieldType) src->type)
    {
    case RILL_FIELD_STRING:
      dest->v.s = g_strdup (src->v.s);
      break;
    case RILL_FIELD_BYTES:
      dest->v.bytes = g_bytes_ref (src->v.bytes);
      break;
    case RILL_FIELD_STRV:
      dest->v.strv = g_strdupv (src->v.strv);
      break;
    case RILL_FIELD_DOC:
      dest->v.doc = rill_doc_copy (src->v.doc);
      break;
    case RILL_FIELD_NONE:
    case RILL_FIELD_INT:
    case RILL_FIELD_DOUBLE:
    case RILL_FIELD_BOOL:
    default:
      dest->v = src->v;
      break;
    }
}

/**
 * rill_doc_copy:
 * @doc: a doc
 *
 * Makes a deep copy of @doc: the same fields in the same order and the
 * same sequence number. Strings, lists and nested docs are copied; bytes
 * are shared, as [struct@GLib.Bytes] cannot change. Changing the copy
 * never changes @doc.
 *
 * Returns: (transfer full): a new doc with a reference count of 1
 */
RillDoc *
rill_doc_copy (const RillDoc *doc)
{
  RillDoc *copy;

  g_return_val_if_fail (doc != NULL, NULL);

  copy = rill_doc_new_sized (doc->n_fields);
  copy->seq = doc->seq;
  if (doc->receipt != NULL)
    copy->receipt = _rill_receipt_hold (doc->receipt);
  for (guint i = 0; i < doc->n_fields; i++)
    {
      const RillField *src = &doc->fields[i];
      RillField *dest = &copy->fields[i];

      memcpy (dest->inline_name, src->inline_name, sizeof dest->inline_name);
      dest->heap_name = g_strdup (src->heap_name);
      rill_field_copy_value (dest, src);
    }
  copy->n_fields = doc->n_fields;

  return copy;
}

static gboolean
rill_field_value_equal (const RillField *a,
                        const RillField *b)
{
  if (a->type != b->type)
    return FALSE;

  switch ((RillFieldType) a->type)
    {
    case RILL_FIELD_STRING:
      return strcmp (a->v.s, b->v.s) == 0;
    case RILL_FIELD_INT:
      return a->v.i == b->v.i;
    case RILL_FIELD_DOUBLE:
      return a->v.d == b->v.d || (isnan (a->v.d) && isnan (b->v.d));
    case RILL_FIELD_BOOL:
      return !a->v.b == !b->v.b;
    case RILL_FIELD_BYTES:
      return g_bytes_equal (a->v.bytes, b->v.bytes);
    case RILL_FIELD_STRV:
      return g_strv_equal ((const char * const *) a->v.strv,
                           (const char * const *) b->v.strv);
    case RILL_FIELD_DOC:
      return rill_doc_equal (a->v.doc, b->v.doc);
    case RILL_FIELD_NONE:
    default:
      return TRUE;
    }
}

/**
 * rill_doc_select_fields:
 * @doc: a doc
 * @fields: (array zero-terminated=1) (nullable): field names; a name
 *   starting with `-` leaves that field out
 *
 * What a sink's `fields` property keeps of @doc: when @fields names any
 * field (without `-`), a doc with only those fields, in the order of
 * @fields; otherwise a copy of @doc. Fields named with `-` are then left
 * out. Names @doc does not have, and empty names, are skipped. The
 * sequence number is kept.
 *
 * Returns: (transfer full): a new doc
 */
RillDoc *
rill_doc_select_fields (const RillDoc      *doc,
                        const char * const *fields)
{
  RillDoc *out = NULL;

  g_return_val_if_fail (doc != NULL, NULL);

  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      const RillField *field;

      if (fields[i][0] == '\0' || fields[i][0] == '-')
        continue;
      if (out == NULL)
        {
          out = rill_doc_new ();
          out->seq = doc->seq;
        }
      field = rill_doc_find (doc, fields[i]);
      if (field != NULL && rill_doc_find (out, fields[i]) == NULL)
        rill_field_copy_value (rill_doc_slot (out, fields[i]), field);
    }
  if (out == NULL)
    out = rill_doc_copy (doc);
  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    if (fields[i][0] == '-' && fields[i][1] != '\0')
      rill_doc_remove_field (out, fields[i] + 1);
  return out;
}

/**
 * rill_doc_equal:
 * @a: (nullable): a doc
 * @b: (nullable): another doc
 *
 * Whether @a and @b have the same fields with the same types and values,
 * in any order. Sequence numbers are not compared. Doubles compare with
 * `==` (so `0.0` equals `-0.0`), except that NaN equals NaN; nested docs
 * compare with this function. Two `NULL` docs are equal.
 *
 * Returns: %TRUE if the docs hold the same data
 */
gboolean
rill_doc_equal (const RillDoc *a,
                const RillDoc *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  if (a->n_fields != b->n_fields)
    return FALSE;

  for (guint i = 0; i < a->n_fields; i++)
    {
      const RillField *fa = &a->fields[i];
      const RillField *fb;

      /* Same order is the common case: try the same index first. */
      if (i < b->n_fields &&
          strcmp (rill_field_name (fa), rill_field_name (&b->fields[i])) == 0)
        fb = &b->fields[i];
      else
        fb = rill_doc_find (b, rill_field_name (fa));

      if (fb == NULL || !rill_field_value_equal (fa, fb))
        return FALSE;
    }

  return TRUE;
}

/**
 * rill_doc_get_seq:
 * @doc: a doc
 *
 * The sequence number of @doc: its position in the stream that its source
 * produced, used by the pipeline to keep output in order.
 *
 * Returns: the sequence number
 */
guint64
rill_doc_get_seq (const RillDoc *doc)
{
  g_return_val_if_fail (doc != NULL, 0);

  return doc->seq;
}

/**
 * rill_doc_set_seq:
 * @doc: a doc
 * @seq: the sequence number
 *
 * Sets the sequence number of @doc. Sources and the pipeline set it;
 * other elements leave it alone.
 */
void
rill_doc_set_seq (RillDoc *doc,
                  guint64  seq)
{
  g_return_if_fail (doc != NULL);

  doc->seq = seq;
}

/**
 * rill_doc_get_n_fields:
 * @doc: a doc
 *
 * The number of fields of @doc.
 *
 * Returns: the number of fields
 */
guint
rill_doc_get_n_fields (const RillDoc *doc)
{
  g_return_val_if_fail (doc != NULL, 0);

  return doc->n_fields;
}

/**
 * rill_doc_get_field_name:
 * @doc: a doc
 * @index: the position of the field, from 0 to
 *   [method@Rill.Doc.get_n_fields] - 1
 *
 * The name of the field at @index, in the order the fields were first
 * set.
 *
 * Returns: (transfer none): the name, valid until @doc is next changed
 */
const char *
rill_doc_get_field_name (const RillDoc *doc,
                         guint          index)
{
  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (index < doc->n_fields, NULL);

  return rill_field_name (&doc->fields[index]);
}

/**
 * rill_doc_get_field_names:
 * @doc: a doc
 *
 * The names of all the fields of @doc, in order.
 *
 * Returns: (transfer full) (array zero-terminated=1): a new
 *   `NULL`-terminated array of names; free it with g_strfreev()
 */
char **
rill_doc_get_field_names (const RillDoc *doc)
{
  char **names;

  g_return_val_if_fail (doc != NULL, NULL);

  names = g_new (char *, doc->n_fields + 1);
  for (guint i = 0; i < doc->n_fields; i++)
    names[i] = g_strdup (rill_field_name (&doc->fields[i]));
  names[doc->n_fields] = NULL;

  return names;
}

/**
 * rill_doc_get_field_type:
 * @doc: a doc
 * @name: a field name
 *
 * The type of the field @name.
 *
 * Returns: its type, or %RILL_FIELD_NONE if @doc has no such field
 */
RillFieldType
rill_doc_get_field_type (const RillDoc *doc,
                         const char    *name)
{
  const RillField *field;

  g_return_val_if_fail (doc != NULL, RILL_FIELD_NONE);
  g_return_val_if_fail (name != NULL, RILL_FIELD_NONE);

  field = rill_doc_find (doc, name);

  return field != NULL ? (RillFieldType) field->type : RILL_FIELD_NONE;
}

/**
 * rill_doc_has_field:
 * @doc: a doc
 * @name: a field name
 *
 * Whether @doc has a field called @name, of any type.
 *
 * Returns: %TRUE if the field exists
 */
gboolean
rill_doc_has_field (const RillDoc *doc,
                    const char    *name)
{
  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return rill_doc_find (doc, name) != NULL;
}

/**
 * rill_doc_remove_field:
 * @doc: a doc
 * @name: a field name
 *
 * Removes the field @name; the fields after it move up one position.
 *
 * Returns: %TRUE if the field existed
 */
gboolean
rill_doc_remove_field (RillDoc    *doc,
                       const char *name)
{
  RillField *field;
  guint index;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  field = rill_doc_find (doc, name);
  if (field == NULL)
    return FALSE;

  rill_field_clear (field);
  index = field - doc->fields;
  memmove (field, field + 1, (doc->n_fields - index - 1) * sizeof (RillField));
  doc->n_fields--;

  return TRUE;
}

/**
 * rill_doc_set_string:
 * @doc: a doc
 * @name: a field name
 * @value: (nullable): a UTF-8 string, or `NULL` to remove the field
 *
 * Sets the field @name to a copy of @value.
 */
void
rill_doc_set_string (RillDoc    *doc,
                     const char *name,
                     const char *value)
{
  g_return_if_fail (doc != NULL);
  g_return_if_fail (name != NULL);

  rill_doc_take_string (doc, name, g_strdup (value));
}

/**
 * rill_doc_take_string:
 * @doc: a doc
 * @name: a field name
 * @value: (transfer full) (nullable): a UTF-8 string, or `NULL` to remove
 *   the field
 *
 * Sets the field @name to @value, taking ownership of it (no copy).
 */
void
rill_doc_take_string (RillDoc    *doc,
                      const char *name,
                      char       *value)
{
  RillField *field;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (name != NULL);

  if (value == NULL)
    {
      rill_doc_remove_field (doc, name);
      return;
    }

  field = rill_doc_slot (doc, name);
  field->type = RILL_FIELD_STRING;
  field->v.s = value;
}

/**
 * rill_doc_get_string:
 * @doc: a doc
 * @name: a field name
 *
 * The value of the string field @name.
 *
 * Returns: (transfer none) (nullable): the string, or `NULL` if the
 *   field is absent or not a string
 */
const char *
rill_doc_get_string (const RillDoc *doc,
                     const char    *name)
{
  const RillField *field;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  field = rill_doc_find (doc, name);
  if (field == NULL || field->type != RILL_FIELD_STRING)
    return NULL;

  return field->v.s;
}

/**
 * rill_doc_set_int:
 * @doc: a doc
 * @name: a field name
 * @value: the value
 *
 * Sets the field @name to the integer @value.
 */
void
rill_doc_set_int (RillDoc    *doc,
                  const char *name,
                  gint64      value)
{
  RillField *field;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (name != NULL);

  field = rill_doc_slot (doc, name);
  field->type = RILL_FIELD_INT;
  field->v.i = value;
}

/**
 * rill_doc_get_int:
 * @doc: a doc
 * @name: a field name
 * @default_value: what to return when there is no such integer field
 *
 * The value of the integer field @name.
 *
 * Returns: the value, or @default_value if the field is absent or not an
 *   integer
 */
gint64
rill_doc_get_int (const RillDoc *doc,
                  const char    *name,
                  gint64         default_value)
{
  const RillField *field;

  g_return_val_if_fail (doc != NULL, default_value);
  g_return_val_if_fail (name != NULL, default_value);

  field = rill_doc_find (doc, name);
  if (field == NULL || field->type != RILL_FIELD_INT)
    return default_value;

  return field->v.i;
}

/**
 * rill_doc_set_double:
 * @doc: a doc
 * @name: a field name
 * @value: the value (any double, NaN and infinities included)
 *
 * Sets the field @name to the double @value.
 */
void
rill_doc_set_double (RillDoc    *doc,
                     const char *name,
                     double      value)
{
  RillField *field;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (name != NULL);

  field = rill_doc_slot (doc, name);
  field->type = RILL_FIELD_DOUBLE;
  field->v.d = value;
}

/**
 * rill_doc_get_double:
 * @doc: a doc
 * @name: a field name
 * @default_value: what to return when there is no such double field
 *
 * The value of the double field @name. An integer field is not converted.
 *
 * Returns: the value, or @default_value if the field is absent or not a
 *   double
 */
double
rill_doc_get_double (const RillDoc *doc,
                     const char    *name,
                     double         default_value)
{
  const RillField *field;

  g_return_val_if_fail (doc != NULL, default_value);
  g_return_val_if_fail (name != NULL, default_value);

  field = rill_doc_find (doc, name);
  if (field == NULL || field->type != RILL_FIELD_DOUBLE)
    return default_value;

  return field->v.d;
}

/**
 * rill_doc_set_bool:
 * @doc: a doc
 * @name: a field name
 * @value: the value
 *
 * Sets the field @name to the boolean @value.
 */
void
rill_doc_set_bool (RillDoc    *doc,
                   const char *name,
                   gboolean    value)
{
  RillField *field;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (name != NULL);

  field = rill_doc_slot (doc, name);
  field->type = RILL_FIELD_BOOL;
  field->v.b = value ? TRUE : FALSE;
}

/**
 * rill_doc_get_bool:
 * @doc: a doc
 * @name: a field name
 * @default_value: what to return when there is no such boolean field
 *
 * The value of the boolean field @name.
 *
 * Returns: the value, or @default_value if the field is absent or not a
 *   boolean
 */
gboolean
rill_doc_get_bool (const RillDoc *doc,
                   const char    *name,
                   gboolean       default_value)
{
  const RillField *field;

  g_return_val_if_fail (doc != NULL, default_value);
  g_return_val_if_fail (name != NULL, default_value);

  field = rill_doc_find (doc, name);
  if (field == NULL || field->type != RILL_FIELD_BOOL)
    return default_value;

  return field->v.b;
}

/**
 * rill_doc_set_bytes:
 * @doc: a doc
 * @name: a field name
 * @value: (nullable): the bytes, or `NULL` to remove the field
 *
 * Sets the field @name to @value, taking a reference on it (bytes are
 * immutable, so they are never copied).
 */
void
rill_doc_set_bytes (RillDoc    *doc,
                    const char *name,
                    GBytes     *value)
{
  g_return_if_fail (doc != NULL);
  g_return_if_fail (name != NULL);

  rill_doc_take_bytes (doc, name, value != NULL ? g_bytes_ref (value) : NULL);
}

/**
 * rill_doc_take_bytes:
 * @doc: a doc
 * @name: a field name
 * @value: (transfer full) (nullable): the bytes, or `NULL` to remove the
 *   field
 *
 * Sets the field @name to @value, taking over the caller's reference.
 */
void
rill_doc_take_bytes (RillDoc    *doc,
                     const char *name,
                     GBytes     *value)
{
  RillField *field;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (name != NULL);

  if (value == NULL)
    {
      rill_doc_remove_field (doc, name);
      return;
    }

  field = rill_doc_slot (doc, name);
  field->type = RILL_FIELD_BYTES;
  field->v.bytes = value;
}

/**
 * rill_doc_get_bytes:
 * @doc: a doc
 * @name: a field name
 *
 * The value of the bytes field @name.
 *
 * Returns: (transfer none) (nullable): the bytes, or `NULL` if the field
 *   is absent or not bytes
 */
GBytes *
rill_doc_get_bytes (const RillDoc *doc,
                    const char    *name)
{
  const RillField *field;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  field = rill_doc_find (doc, name);
  if (field == NULL || field->type != RILL_FIELD_BYTES)
    return NULL;

  return field->v.bytes;
}

/**
 * rill_doc_set_strv:
 * @doc: a doc
 * @name: a field name
 * @value: (array zero-terminated=1) (nullable): a `NULL`-terminated list
 *   of UTF-8 strings (possibly empty), or `NULL` to remove the field
 *
 * Sets the field @name to a copy of the list @value.
 */
void
rill_doc_set_strv (RillDoc            *doc,
                   const char         *name,
                   const char * const *value)
{
  RillField *field;
  char **copy;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (name != NULL);

  if (value == NULL)
    {
      rill_doc_remove_field (doc, name);
      return;
    }

  copy = g_strdupv ((char **) value);
  field = rill_doc_slot (doc, name);
  field->type = RILL_FIELD_STRV;
  field->v.strv = copy;
}

/**
 * rill_doc_get_strv:
 * @doc: a doc
 * @name: a field name
 *
 * The value of the string list field @name.
 *
 * Returns: (transfer none) (array zero-terminated=1) (nullable): the
 *   `NULL`-terminated list, or `NULL` if the field is absent or not a list
 */
const char * const *
rill_doc_get_strv (const RillDoc *doc,
                   const char    *name)
{
  const RillField *field;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  field = rill_doc_find (doc, name);
  if (field == NULL || field->type != RILL_FIELD_STRV)
    return NULL;

  return (const char * const *) field->v.strv;
}

/**
 * rill_doc_set_doc:
 * @doc: a doc
 * @name: a field name
 * @value: (nullable): the nested doc, or `NULL` to remove the field
 *
 * Sets the field @name to a deep copy of @value (see
 * [method@Rill.Doc.copy]): a doc holds its nested docs by value, so
 * changing @value later does not change @doc, and a doc can never contain
 * itself. To change a nested doc in place, use the one that
 * [method@Rill.Doc.get_doc] returns.
 */
void
rill_doc_set_doc (RillDoc    *doc,
                  const char *name,
                  RillDoc    *value)
{
  RillField *field;
  RillDoc *copy;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (name != NULL);

  if (value == NULL)
    {
      rill_doc_remove_field (doc, name);
      return;
    }

  copy = rill_doc_copy (value);
  field = rill_doc_slot (doc, name);
  field->type = RILL_FIELD_DOC;
  field->v.doc = copy;
}

void
rill_doc_take_doc (RillDoc    *doc,
                   const char *name,
                   RillDoc    *value)
{
  RillField *field = rill_doc_slot (doc, name);

  field->type = RILL_FIELD_DOC;
  field->v.doc = value;
}

/**
 * rill_doc_get_doc:
 * @doc: a doc
 * @name: a field name
 *
 * The nested doc in the field @name. It belongs to @doc: changing it
 * changes @doc.
 *
 * Returns: (transfer none) (nullable): the nested doc, or `NULL` if the
 *   field is absent or not a doc
 */
RillDoc *
rill_doc_get_doc (const RillDoc *doc,
                  const char    *name)
{
  const RillField *field;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  field = rill_doc_find (doc, name);
  if (field == NULL || field->type != RILL_FIELD_DOC)
    return NULL;

  return field->v.doc;
}

static GType
rill_field_gtype (RillFieldType type)
{
  switch (type)
    {
    case RILL_FIELD_STRING:
      return G_TYPE_STRING;
    case RILL_FIELD_INT:
      return G_TYPE_INT64;
    case RILL_FIELD_DOUBLE:
      return G_TYPE_DOUBLE;
    case RILL_FIELD_BOOL:
      return G_TYPE_BOOLEAN;
    case RILL_FIELD_BYTES:
      return G_TYPE_BYTES;
    case RILL_FIELD_STRV:
      return G_TYPE_STRV;
    case RILL_FIELD_DOC:
      return RILL_TYPE_DOC;
    case RILL_FIELD_NONE:
    default:
      return G_TYPE_INVALID;
    }
}

static void
rill_field_to_value (const RillField *field,
                     GValue          *value)
{
  switch ((RillFieldType) field->type)
    {
    case RILL_FIELD_STRING:
      g_value_set_string (value, field->v.s);
      break;
    case RILL_FIELD_INT:
      g_value_set_int64 (value, field->v.i);
      break;
    case RILL_FIELD_DOUBLE:
      g_value_set_double (value, field->v.d);
      break;
    case RILL_FIELD_BOOL:
      g_value_set_boolean (value, field->v.b);
      break;
    case RILL_FIELD_BYTES:
      g_value_set_boxed (value, field->v.bytes);
      break;
    case RILL_FIELD_STRV:
      g_value_set_boxed (value, field->v.strv);
      break;
    case RILL_FIELD_DOC:
      g_value_set_boxed (value, field->v.doc);
      break;
    case RILL_FIELD_NONE:
    default:
      g_assert_not_reached ();
    }
}

/**
 * rill_doc_get_value:
 * @doc: a doc
 * @name: a field name
 * @value: (out caller-allocates): a #GValue
 *
 * Reads the field @name into a #GValue, for bindings and generic code.
 *
 * If @value is uninitialized (zero-filled), it is initialized to the
 * field's natural type: `G_TYPE_STRING`, `G_TYPE_INT64`, `G_TYPE_DOUBLE`,
 * `G_TYPE_BOOLEAN`, `G_TYPE_BYTES`, `G_TYPE_STRV` or `RILL_TYPE_DOC` (the
 * nested doc itself, with a new reference). If it is already initialized,
 * the field is converted to its type with g_value_transform(), and the
 * call fails if that is not possible.
 *
 * Returns: %TRUE if @value was set; %FALSE if the field is absent or
 *   cannot be converted (then @value is left as it was)
 */
gboolean
rill_doc_get_value (const RillDoc *doc,
                    const char    *name,
                    GValue        *value)
{
  const RillField *field;
  GType gtype;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  field = rill_doc_find (doc, name);
  if (field == NULL)
    return FALSE;

  gtype = rill_field_gtype (field->type);

  if (G_VALUE_TYPE (value) == G_TYPE_INVALID)
    {
      g_value_init (value, gtype);
      rill_field_to_value (field, value);
      return TRUE;
    }
  else if (G_VALUE_TYPE (value) == gtype)
    {
      rill_field_to_value (field, value);
      return TRUE;
    }
  else
    {
      g_auto(GValue) natural = G_VALUE_INIT;

      if (!g_value_type_transformable (gtype, G_VALUE_TYPE (value)))
        return FALSE;

      g_value_init (&natural, gtype);
      rill_field_to_value (field, &natural);

      return g_value_transform (&natural, value);
    }
}

/**
 * rill_doc_set_value:
 * @doc: a doc
 * @name: a field name
 * @value: the value to store
 * @error: return location for a #GError
 *
 * Sets the field @name from a #GValue, for bindings and generic code.
 *
 * `G_TYPE_STRING` becomes a string; every integer type (`char`, `int`,
 * `long`, `int64` and their unsigned forms) becomes an integer;
 * `G_TYPE_DOUBLE` and `G_TYPE_FLOAT` a double; `G_TYPE_BOOLEAN` a
 * boolean; `G_TYPE_BYTES` bytes; `G_TYPE_STRV` a string list;
 * `RILL_TYPE_DOC` a nested doc (copied, see [method@Rill.Doc.set_doc]).
 * A `NULL` string, bytes, list or doc removes the field.
 *
 * Returns: %TRUE on success; %FALSE with %RILL_DOC_ERROR_INVALID if the
 *   value has another type, or is an unsigned integer above %G_MAXINT64
 */
gboolean
rill_doc_set_value (RillDoc       *doc,
                    const char    *name,
                    const GValue  *value,
                    GError       **error)
{
  GType gtype;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (G_IS_VALUE (value), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  gtype = G_VALUE_TYPE (value);

  switch (G_TYPE_FUNDAMENTAL (gtype))
    {
    case G_TYPE_STRING:
      rill_doc_set_string (doc, name, g_value_get_string (value));
      return TRUE;
    case G_TYPE_CHAR:
      rill_doc_set_int (doc, name, g_value_get_schar (value));
      return TRUE;
    case G_TYPE_UCHAR:
      rill_doc_set_int (doc, name, g_value_get_uchar (value));
      return TRUE;
    case G_TYPE_INT:
      rill_doc_set_int (doc, name, g_value_get_int (value));
      return TRUE;
    case G_TYPE_UINT:
      rill_doc_set_int (doc, name, g_value_get_uint (value));
      return TRUE;
    case G_TYPE_LONG:
      rill_doc_set_int (doc, name, g_value_get_long (value));
      return TRUE;
    case G_TYPE_ULONG:
      if ((guint64) g_value_get_ulong (value) > G_MAXINT64)
        goto too_big;
      rill_doc_set_int (doc, name, (gint64) g_value_get_ulong (value));
      return TRUE;
    case G_TYPE_INT64:
      rill_doc_set_int (doc, name, g_value_get_int64 (value));
      return TRUE;
    case G_TYPE_UINT64:
      if (g_value_get_uint64 (value) > G_MAXINT64)
        goto too_big;
      rill_doc_set_int (doc, name, (gint64) g_value_get_uint64 (value));
      return TRUE;
    case G_TYPE_DOUBLE:
      rill_doc_set_double (doc, name, g_value_get_double (value));
      return TRUE;
    case G_TYPE_FLOAT:
      rill_doc_set_double (doc, name, g_value_get_float (value));
      return TRUE;
    case G_TYPE_BOOLEAN:
      rill_doc_set_bool (doc, name, g_value_get_boolean (value));
      return TRUE;
    case G_TYPE_BOXED:
      if (g_type_is_a (gtype, G_TYPE_BYTES))
        {
          rill_doc_set_bytes (doc, name, g_value_get_boxed (value));
          return TRUE;
        }
      if (g_type_is_a (gtype, G_TYPE_STRV))
        {
          rill_doc_set_strv (doc, name, g_value_get_boxed (value));
          return TRUE;
        }
      if (g_type_is_a (gtype, RILL_TYPE_DOC))
        {
          rill_doc_set_doc (doc, name, g_value_get_boxed (value));
          return TRUE;
        }
      break;
    default:
      break;
    }

  g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID,
               "Field “%s”: a value of type %s cannot be stored in a doc",
               name, g_type_name (gtype));
  return FALSE;

too_big:
  g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_INVALID,
               "Field “%s”: the unsigned value does not fit in a signed "
               "64-bit integer", name);
  return FALSE;
}

static char *
rill_bytes_dup_as_string (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  /* g_utf8_validate_len() rejects NUL bytes too, which a C string could
   * not carry anyway. */
  if (size == 0)
    return g_strdup ("");
  if (g_utf8_validate_len (data, size, NULL))
    return g_strndup (data, size);

  return g_strdup_printf ("<%" G_GSIZE_FORMAT " bytes>", size);
}

/**
 * rill_doc_dup_as_string:
 * @doc: a doc
 * @name: a field name
 *
 * Renders the field @name as text, whatever its type, for display and
 * for elements that match on text: strings as they are, integers in
 * decimal, doubles in their shortest exact form (`0.1`, `1.0`, `nan`),
 * booleans as `true` or `false`, lists joined with `", "`, bytes as their
 * text when they are valid UTF-8 without NUL bytes and as `<N bytes>`
 * otherwise, nested docs as compact JSON.
 *
 * Returns: (transfer full) (nullable): the text, or `NULL` if the field is
 *   absent
 */
char *
rill_doc_dup_as_string (const RillDoc *doc,
                        const char    *name)
{
  const RillField *field;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  field = rill_doc_find (doc, name);
  if (field == NULL)
    return NULL;

  switch ((RillFieldType) field->type)
    {
    case RILL_FIELD_STRING:
      return g_strdup (field->v.s);
    case RILL_FIELD_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, field->v.i);
    case RILL_FIELD_DOUBLE:
      return g_strdup (rill_doc_format_double (field->v.d, buf));
    case RILL_FIELD_BOOL:
      return g_strdup (field->v.b ? "true" : "false");
    case RILL_FIELD_BYTES:
      return rill_bytes_dup_as_string (field->v.bytes);
    case RILL_FIELD_STRV:
      return g_strjoinv (", ", field->v.strv);
    case RILL_FIELD_DOC:
      return rill_doc_to_json (field->v.doc, FALSE);
    case RILL_FIELD_NONE:
    default:
      g_assert_not_reached ();
    }
}

gsize
rill_doc_get_size (const RillDoc *doc)
{
  gsize size = sizeof *doc;

  if (doc->fields != doc->inline_fields)
    size += doc->n_alloc * sizeof (RillField);
  for (guint i = 0; i < doc->n_fields; i++)
    {
      const RillField *field = &doc->fields[i];

      switch (field->type)
        {
        case RILL_FIELD_STRING:
          size += strlen (field->v.s) + 1;
          break;
        case RILL_FIELD_BYTES:
          size += g_bytes_get_size (field->v.bytes);
          break;
        case RILL_FIELD_STRV:
          for (char **p = field->v.strv; *p != NULL; p++)
            size += strlen (*p) + 1 + sizeof (char *);
          break;
        case RILL_FIELD_DOC:
          size += rill_doc_get_size (field->v.doc);
          break;
        default:
          break;
        }
    }
  return size;
}

/* Gives @doc the hold @receipt (transfer full), dropping any it had. */
void
_rill_doc_take_receipt (RillDoc     *doc,
                        RillReceipt *receipt)
{
  RillReceipt *old = doc->receipt;

  doc->receipt = receipt;
  if (old != NULL)
    _rill_receipt_release (old);
}

RillReceipt *
_rill_doc_steal_receipt (RillDoc *doc)
{
  return g_steal_pointer (&doc->receipt);
}

/* A doc made from @from answers for it too, unless it already answers
 * for a doc of its own. */
void
_rill_doc_inherit_receipt (RillDoc       *doc,
                           const RillDoc *from)
{
  if (doc->receipt == NULL && from->receipt != NULL)
    doc->receipt = _rill_receipt_hold (from->receipt);
}
