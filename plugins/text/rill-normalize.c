/* rill-normalize.c: Unicode, control character and white-space
 * normalisation of one field
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-text-elements.h"

#include "rill-text-normalize.h"

/**
 * RillNormalize:
 *
 * `normalize` rewrites `field` (default `text`):
 *
 * - `form=nfc` (the default) composes characters canonically (e + U+0301
 *   becomes é), `form=nfkc` also folds compatibility forms (the ligature
 *   ﬁ becomes fi, full-width Ａ becomes A, NBSP a space), `form=none`
 *   leaves code points as they are;
 * - `controls=true` (the default) drops control and format characters
 *   (C0 and C1 controls, zero-width characters, BOM, soft hyphen) except
 *   tab and line breaks;
 * - `spaces=true` (the default) turns every run of horizontal white space
 *   (tabs, NBSP, thin spaces) into one space, trims lines, turns CR LF,
 *   CR, U+2028, U+2029, VT and FF into LF, keeps at most one blank line
 *   between paragraphs and trims the text.
 *
 * A doc without the field is passed on unchanged; a field that is not a
 * string (bytes, numbers) is converted to one first. The element is
 * parallel.
 */

#define RILL_TYPE_NORMALIZE (rill_normalize_get_type ())
G_DECLARE_FINAL_TYPE (RillNormalize, rill_normalize, RILL, NORMALIZE, RillTransform)

struct _RillNormalize
{
  RillTransform parent_instance;

  char              *field;
  RillNormalizeForm  form;
  gboolean           controls;
  gboolean           spaces;
};

enum {
  PROP_0,
  PROP_FIELD,
  PROP_FORM,
  PROP_CONTROLS,
  PROP_SPACES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillNormalize, rill_normalize, RILL_TYPE_TRANSFORM)

static RillDoc *
rill_normalize_transform (RillTransform  *transform,
                          RillDoc        *doc,
                          GError        **error)
{
  RillNormalize *self = RILL_NORMALIZE (transform);
  RillTextNormalizeFlags flags = 0;
  g_autofree char *value = NULL;
  char *out;

  if (!rill_doc_has_field (doc, self->field))
    return rill_doc_ref (doc);
  value = rill_doc_dup_as_string (doc, self->field);
  if (value == NULL)
    return rill_doc_ref (doc);

  if (self->form == RILL_NORMALIZE_FORM_NFC)
    flags |= RILL_TEXT_NORMALIZE_NFC;
  else if (self->form == RILL_NORMALIZE_FORM_NFKC)
    flags |= RILL_TEXT_NORMALIZE_NFKC;
  if (self->controls)
    flags |= RILL_TEXT_NORMALIZE_CONTROLS;
  if (self->spaces)
    flags |= RILL_TEXT_NORMALIZE_SPACES;

  out = rill_text_normalize (value, -1, flags);
  if (out == NULL)
    {
      const char *url = rill_doc_get_string (doc, RILL_FIELD_URL);

      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
                   "cannot normalise field '%s' of %s (not UTF-8)",
                   self->field, url ? url : "doc without url");
      return NULL;
    }
  rill_doc_take_string (doc, self->field, out);
  return rill_doc_ref (doc);
}

static void
rill_normalize_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RillNormalize *self = RILL_NORMALIZE (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case PROP_FORM:
      g_value_set_enum (value, self->form);
      break;
    case PROP_CONTROLS:
      g_value_set_boolean (value, self->controls);
      break;
    case PROP_SPACES:
      g_value_set_boolean (value, self->spaces);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_normalize_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RillNormalize *self = RILL_NORMALIZE (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      g_free (self->field);
      self->field = g_value_dup_string (value);
      break;
    case PROP_FORM:
      self->form = g_value_get_enum (value);
      break;
    case PROP_CONTROLS:
      self->controls = g_value_get_boolean (value);
      break;
    case PROP_SPACES:
      self->spaces = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_normalize_finalize (GObject *object)
{
  g_free (RILL_NORMALIZE (object)->field);

  G_OBJECT_CLASS (rill_normalize_parent_class)->finalize (object);
}

static void
rill_normalize_class_init (RillNormalizeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillTransformClass *transform_class = RILL_TRANSFORM_CLASS (klass);

  object_class->get_property = rill_normalize_get_property;
  object_class->set_property = rill_normalize_set_property;
  object_class->finalize = rill_normalize_finalize;

  transform_class->transform = rill_normalize_transform;

  properties[PROP_FIELD] =
    g_param_spec_string ("field", "Field",
                         "Field to normalise",
                         RILL_FIELD_TEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FORM] =
    g_param_spec_enum ("form", "Form",
                       "Unicode normalisation: nfc (canonical composition), "
                       "nfkc (also ligatures, full-width forms, NBSP) or none",
                       RILL_TYPE_NORMALIZE_FORM, RILL_NORMALIZE_FORM_NFC,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTROLS] =
    g_param_spec_boolean ("controls", "Controls",
                          "Drop control and format characters (zero-width, "
                          "BOM, soft hyphen) except tab and line breaks",
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPACES] =
    g_param_spec_boolean ("spaces", "Spaces",
                          "Collapse runs of spaces, trim lines, unify line "
                          "breaks to LF, keep at most one blank line",
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "Text normalisation",
                                   "Filter/Text",
                                   "Normalises Unicode (NFC/NFKC), control "
                                   "characters and white space of a field",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_PARALLEL);
}

static void
rill_normalize_init (RillNormalize *self)
{
  self->field = g_strdup (RILL_FIELD_TEXT);
  self->form = RILL_NORMALIZE_FORM_NFC;
  self->controls = TRUE;
  self->spaces = TRUE;
}
