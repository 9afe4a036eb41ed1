/* rill-langid.c: sets the language of each doc (CLD2)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-text-elements.h"

#include "rill-text-langid.h"

#include <string.h>

/**
 * RillLangid:
 *
 * `langid` identifies the language of `field` (default `text`) with CLD2
 * and sets:
 *
 * - `lang` (string): the ISO 639-1 code ("en", "ru", "az") where one
 *   exists, else CLD2's code ("zh-Hant", "haw"); "und" when nothing was
 *   recognised (no text, digits only, ...);
 * - `lang-confidence` (double, 0..1): the share of the text's letters in
 *   that language, halved when CLD2 does not call the result reliable
 *   (typically texts of a dozen words or less).
 *
 * With `keep=ru,az,en` docs in other languages are filtered, with the
 * reason "language xx not kept". With `tld-hint=true` (the default) the
 * top-level domain of `url` (".de") is given to CLD2 as a weak hint.
 *
 * The element is parallel.
 */

#define RILL_TYPE_LANGID (rill_langid_get_type ())
G_DECLARE_FINAL_TYPE (RillLangid, rill_langid, RILL, LANGID, RillTransform)

struct _RillLangid
{
  RillTransform parent_instance;

  char       *field;
  char       *keep;
  gboolean    tld_hint;
  GHashTable *keep_set;         /* built at start, read-only while running */
};

enum {
  PROP_0,
  PROP_FIELD,
  PROP_KEEP,
  PROP_TLD_HINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillLangid, rill_langid, RILL_TYPE_TRANSFORM)

static gboolean
rill_langid_start (RillElement  *element,
                   GError      **error)
{
  RillLangid *self = RILL_LANGID (element);
  g_auto (GStrv) codes = NULL;

  g_clear_pointer (&self->keep_set, g_hash_table_unref);
  if (self->keep == NULL || *self->keep == '\0')
    return TRUE;

  self->keep_set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  codes = g_strsplit (self->keep, ",", -1);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      char *code = g_strstrip (codes[i]);

      if (*code != '\0')
        g_hash_table_add (self->keep_set, g_ascii_strdown (code, -1));
    }
  return TRUE;
}

static gboolean
rill_langid_stop (RillElement  *element,
                  GError      **error)
{
  g_clear_pointer (&RILL_LANGID (element)->keep_set, g_hash_table_unref);
  return TRUE;
}

/* The last label of @url's host, if it is a two-letter country code. */
static char *
tld_of (const char *url)
{
  g_autoptr (GUri) uri = NULL;
  const char *host, *dot;

  if (url == NULL)
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL)
    return NULL;
  dot = strrchr (host, '.');
  if (dot == NULL || strlen (dot + 1) != 2
      || !g_ascii_isalpha (dot[1]) || !g_ascii_isalpha (dot[2]))
    return NULL;
  return g_ascii_strdown (dot + 1, -1);
}

static RillDoc *
rill_langid_transform (RillTransform  *transform,
                       RillDoc        *doc,
                       GError        **error)
{
  RillLangid *self = RILL_LANGID (transform);
  g_autofree char *text = NULL;
  g_autofree char *tld = NULL;
  RillLangidResult result;
  double confidence = 0.0;

  text = rill_doc_dup_as_string (doc, self->field);
  if (self->tld_hint)
    tld = tld_of (rill_doc_get_string (doc, RILL_FIELD_URL));

  if (text != NULL && *text != '\0')
    {
      rill_text_langid (text, -1, FALSE, tld, &result);
      confidence = result.percent / 100.0;
      if (!result.reliable)
        confidence /= 2;
    }
  else
    strcpy (result.code, "und");

  if (strcmp (result.code, "und") == 0)
    confidence = 0.0;

  rill_doc_set_string (doc, RILL_FIELD_LANG, result.code);
  rill_doc_set_double (doc, "lang-confidence", confidence);

  if (self->keep_set && !g_hash_table_contains (self->keep_set, result.code))
    {
      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FILTERED,
                   "language %s not kept", result.code);
      return NULL;
    }
  return rill_doc_ref (doc);
}

static void
rill_langid_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RillLangid *self = RILL_LANGID (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case PROP_KEEP:
      g_value_set_string (value, self->keep);
      break;
    case PROP_TLD_HINT:
      g_value_set_boolean (value, self->tld_hint);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_langid_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  RillLangid *self = RILL_LANGID (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      g_free (self->field);
      self->field = g_value_dup_string (value);
      break;
    case PROP_KEEP:
      g_free (self->keep);
      self->keep = g_value_dup_string (value);
      break;
    case PROP_TLD_HINT:
      self->tld_hint = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_langid_finalize (GObject *object)
{
  RillLangid *self = RILL_LANGID (object);

  g_free (self->field);
  g_free (self->keep);
  g_clear_pointer (&self->keep_set, g_hash_table_unref);

  G_OBJECT_CLASS (rill_langid_parent_class)->finalize (object);
}

static void
rill_langid_class_init (RillLangidClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillTransformClass *transform_class = RILL_TRANSFORM_CLASS (klass);

  object_class->get_property = rill_langid_get_property;
  object_class->set_property = rill_langid_set_property;
  object_class->finalize = rill_langid_finalize;

  element_class->start = rill_langid_start;
  element_class->stop = rill_langid_stop;
  transform_class->transform = rill_langid_transform;

  properties[PROP_FIELD] =
    g_param_spec_string ("field", "Field",
                         "Field whose language is identified",
                         RILL_FIELD_TEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEEP] =
    g_param_spec_string ("keep", "Keep",
                         "Comma-separated language codes to keep (e.g. "
                         "ru,az,en); docs in other languages are filtered. "
                         "Unset: keep all",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TLD_HINT] =
    g_param_spec_boolean ("tld-hint", "TLD hint",
                          "Give the country-code top-level domain of url "
                          "to CLD2 as a hint",
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "Language identification",
                                   "Filter/Text",
                                   "Sets lang (ISO 639-1) and "
                                   "lang-confidence with CLD2; optionally "
                                   "keeps only some languages",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_PARALLEL);
}

static void
rill_langid_init (RillLangid *self)
{
  self->field = g_strdup (RILL_FIELD_TEXT);
  self->tld_hint = TRUE;
}
