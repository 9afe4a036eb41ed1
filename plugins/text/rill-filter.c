/* rill-filter.c: keeps or drops docs by a test on one field
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-text-elements.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/**
 * RillFilter:
 *
 * `filter` keeps the docs whose `field` passes a test and filters the
 * others (with `invert=true`, the other way round):
 *
 *     filter field=lang value=ru
 *     filter field=text regex="(?i)election"
 *     filter field=status op=lt value=400
 *     filter field=author op=missing invert=true
 *
 * `op` is one of `eq`, `ne`, `lt`, `le`, `gt`, `ge` (against `value`),
 * `exists`, `missing`, `regex` (against `regex`, a PCRE pattern compiled
 * once when the run starts; an invalid pattern fails the start) or `auto`
 * (the default: `regex` when `regex` is set, else `eq` when `value` is
 * set, else `exists`).
 *
 * Comparisons are numeric when the field is a number (int, double, or a
 * string that reads whole as a number) and `value` reads whole as a
 * number; otherwise they compare the strings byte by byte (UTF-8 order).
 * A boolean field compares as `true`/`false`; a list of strings passes
 * when any item passes (`ne`: when no item equals `value`); other fields
 * (bytes, nested docs) compare as their string form. A doc without the
 * field passes only `ne` and `missing`.
 *
 * Filtered docs are accounted with the reason "FIELD OP VALUE is false"
 * (or "... is true" with `invert`). The element is parallel.
 */

#define RILL_TYPE_FILTER (rill_filter_get_type ())
G_DECLARE_FINAL_TYPE (RillFilter, rill_filter, RILL, FILTER, RillTransform)

struct _RillFilter
{
  RillTransform parent_instance;

  char         *field;
  RillFilterOp  op;
  char         *value;
  char         *regex;
  gboolean      invert;

  /* set at start, read-only while running */
  RillFilterOp  run_op;
  GRegex       *compiled;
  gboolean      value_is_number;
  double        value_number;
  char         *reason;
};

enum {
  PROP_0,
  PROP_FIELD,
  PROP_OP,
  PROP_VALUE,
  PROP_REGEX,
  PROP_INVERT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillFilter, rill_filter, RILL_TYPE_TRANSFORM)

static gboolean
parse_number (const char *s,
              double     *out)
{
  char *end;

  if (s == NULL)
    return FALSE;
  while (g_ascii_isspace (*s))
    s++;
  if (*s == '\0')
    return FALSE;
  errno = 0;
  *out = g_ascii_strtod (s, &end);
  if (errno != 0 || end == s || isnan (*out))
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;
  return *end == '\0';
}

static const char *
op_nick (RillFilterOp op)
{
  GEnumClass *klass = g_type_class_peek (RILL_TYPE_FILTER_OP);
  GEnumValue *v = g_enum_get_value (klass, op);

  return v ? v->value_nick : "?";
}

static gboolean
rill_filter_start (RillElement  *element,
                   GError      **error)
{
  RillFilter *self = RILL_FILTER (element);
  const char *name = rill_element_get_name (element);
  g_autoptr (GError) local_error = NULL;

  g_clear_pointer (&self->compiled, g_regex_unref);
  g_clear_pointer (&self->reason, g_free);

  if (self->field == NULL || *self->field == '\0')
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED,
                   "%s: no field to test (set field=)", name);
      return FALSE;
    }

  self->run_op = self->op;
  if (self->run_op == RILL_FILTER_OP_AUTO)
    self->run_op = self->regex ? RILL_FILTER_OP_REGEX
                   : self->value ? RILL_FILTER_OP_EQ
                   : RILL_FILTER_OP_EXISTS;

  switch (self->run_op)
    {
    case RILL_FILTER_OP_REGEX:
      if (self->regex == NULL)
        {
          g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED,
                       "%s: op=regex needs regex=", name);
          return FALSE;
        }
      self->compiled = g_regex_new (self->regex, G_REGEX_OPTIMIZE, 0, &local_error);
      if (self->compiled == NULL)
        {
          g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED,
                       "%s: invalid regex: %s", name, local_error->message);
          return FALSE;
        }
      self->reason = g_strdup_printf ("%s regex %s is %s", self->field,
                                      self->regex, self->invert ? "true" : "false");
      break;
    case RILL_FILTER_OP_EXISTS:
    case RILL_FILTER_OP_MISSING:
      self->reason = g_strdup_printf ("%s %s is %s", self->field,
                                      op_nick (self->run_op),
                                      self->invert ? "true" : "false");
      break;
    default:
      if (self->value == NULL)
        {
          g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED,
                       "%s: op=%s needs value=", name, op_nick (self->run_op));
          return FALSE;
        }
      self->value_is_number = parse_number (self->value, &self->value_number);
      self->reason = g_strdup_printf ("%s %s %s is %s", self->field,
                                      op_nick (self->run_op), self->value,
                                      self->invert ? "true" : "false");
      break;
    }
  return TRUE;
}

static gboolean
rill_filter_stop (RillElement  *element,
                  GError      **error)
{
  RillFilter *self = RILL_FILTER (element);

  g_clear_pointer (&self->compiled, g_regex_unref);
  return TRUE;
}

static gboolean
order_passes (RillFilterOp op,
              int          cmp)
{
  switch (op)
    {
    case RILL_FILTER_OP_EQ:
      return cmp == 0;
    case RILL_FILTER_OP_NE:
      return cmp != 0;
    case RILL_FILTER_OP_LT:
      return cmp < 0;
    case RILL_FILTER_OP_LE:
      return cmp <= 0;
    case RILL_FILTER_OP_GT:
      return cmp > 0;
    case RILL_FILTER_OP_GE:
      return cmp >= 0;
    default:
      return FALSE;
    }
}

/* Tests one scalar value (as a string, and as a number when it is one). */
static gboolean
value_passes (RillFilter *self,
              const char *s,
              gboolean    is_number,
              double      number)
{
  int cmp;

  if (self->run_op == RILL_FILTER_OP_REGEX)
    return g_regex_match (self->compiled, s, 0, NULL);

  if (!is_number)
    is_number = parse_number (s, &number);
  if (is_number && self->value_is_number)
    cmp = number < self->value_number ? -1 : number > self->value_number ? 1 : 0;
  else
    cmp = strcmp (s, self->value);
  return order_passes (self->run_op, cmp);
}

static gboolean
doc_passes (RillFilter *self,
            RillDoc    *doc)
{
  RillFieldType type = rill_doc_get_field_type (doc, self->field);

  if (self->run_op == RILL_FILTER_OP_EXISTS)
    return type != RILL_FIELD_NONE;
  if (self->run_op == RILL_FILTER_OP_MISSING)
    return type == RILL_FIELD_NONE;
  if (type == RILL_FIELD_NONE)
    return self->run_op == RILL_FILTER_OP_NE;

  switch (type)
    {
    case RILL_FIELD_INT:
      {
        gint64 v = rill_doc_get_int (doc, self->field, 0);
        char buf[32];

        g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, v);
        return value_passes (self, buf, TRUE, (double) v);
      }
    case RILL_FIELD_DOUBLE:
      {
        double v = rill_doc_get_double (doc, self->field, 0.0);
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        g_ascii_dtostr (buf, sizeof buf, v);
        return value_passes (self, buf, TRUE, v);
      }
    case RILL_FIELD_BOOL:
      return value_passes (self,
                           rill_doc_get_bool (doc, self->field, FALSE) ? "true" : "false",
                           FALSE, 0);
    case RILL_FIELD_STRING:
      return value_passes (self, rill_doc_get_string (doc, self->field), FALSE, 0);
    case RILL_FIELD_STRV:
      {
        const char * const *items = rill_doc_get_strv (doc, self->field);

        /* ne: no item equals value; other ops: some item passes */
        if (self->run_op == RILL_FILTER_OP_NE)
          {
            for (guint i = 0; items && items[i]; i++)
              if (!value_passes (self, items[i], FALSE, 0))
                return FALSE;
            return TRUE;
          }
        for (guint i = 0; items && items[i]; i++)
          if (value_passes (self, items[i], FALSE, 0))
            return TRUE;
        return FALSE;
      }
    default:
      {
        g_autofree char *s = rill_doc_dup_as_string (doc, self->field);

        return value_passes (self, s ? s : "", FALSE, 0);
      }
    }
}

static RillDoc *
rill_filter_transform (RillTransform  *transform,
                       RillDoc        *doc,
                       GError        **error)
{
  RillFilter *self = RILL_FILTER (transform);

  if (doc_passes (self, doc) == !self->invert)
    return rill_doc_ref (doc);

  g_set_error_literal (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FILTERED, self->reason);
  return NULL;
}

static void
rill_filter_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RillFilter *self = RILL_FILTER (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case PROP_OP:
      g_value_set_enum (value, self->op);
      break;
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    case PROP_REGEX:
      g_value_set_string (value, self->regex);
      break;
    case PROP_INVERT:
      g_value_set_boolean (value, self->invert);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_filter_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  RillFilter *self = RILL_FILTER (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      g_free (self->field);
      self->field = g_value_dup_string (value);
      break;
    case PROP_OP:
      self->op = g_value_get_enum (value);
      break;
    case PROP_VALUE:
      g_free (self->value);
      self->value = g_value_dup_string (value);
      break;
    case PROP_REGEX:
      g_free (self->regex);
      self->regex = g_value_dup_string (value);
      break;
    case PROP_INVERT:
      self->invert = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_filter_finalize (GObject *object)
{
  RillFilter *self = RILL_FILTER (object);

  g_free (self->field);
  g_free (self->value);
  g_free (self->regex);
  g_free (self->reason);
  g_clear_pointer (&self->compiled, g_regex_unref);

  G_OBJECT_CLASS (rill_filter_parent_class)->finalize (object);
}

static void
rill_filter_class_init (RillFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillTransformClass *transform_class = RILL_TRANSFORM_CLASS (klass);

  object_class->get_property = rill_filter_get_property;
  object_class->set_property = rill_filter_set_property;
  object_class->finalize = rill_filter_finalize;

  element_class->start = rill_filter_start;
  element_class->stop = rill_filter_stop;
  transform_class->transform = rill_filter_transform;

  properties[PROP_FIELD] =
    g_param_spec_string ("field", "Field",
                         "Field tested",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OP] =
    g_param_spec_enum ("op", "Operator",
                       "Test: eq, ne, lt, le, gt, ge (against value; "
                       "numeric when both are numbers), exists, missing, "
                       "regex, or auto (regex if regex is set, else eq if "
                       "value is set, else exists)",
                       RILL_TYPE_FILTER_OP, RILL_FILTER_OP_AUTO,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUE] =
    g_param_spec_string ("value", "Value",
                         "Value the field is compared with",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGEX] =
    g_param_spec_string ("regex", "Regular expression",
                         "PCRE pattern the field must match (compiled once "
                         "at start; (?i) for case-insensitive)",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INVERT] =
    g_param_spec_boolean ("invert", "Invert",
                          "Drop the docs that pass the test and keep the "
                          "others",
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "Field filter",
                                   "Filter/Generic",
                                   "Keeps or drops docs by comparing a field "
                                   "with a value or a regular expression",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_PARALLEL);
}

static void
rill_filter_init (RillFilter *self)
{
  self->op = RILL_FILTER_OP_AUTO;
}
