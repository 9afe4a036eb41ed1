/* rill-html-extract-element.c: the html-extract element
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-html-elements.h"

/**
 * RillHtmlExtract:
 *
 * `html-extract` turns a fetched page (`body`, decoded with `charset` when
 * the fetch recorded one, else detected) into its main text (`text`: the
 * article with paragraph breaks; headings, lists, quotes and tables kept
 * readable; no menus, related links, 'most read' lists, share bars, cookie
 * banners, comments, counters or footers) and its metadata: `title`,
 * `author`, `date` (publication, ISO 8601), `date-modified`, `sitename`,
 * `description`, `canonical-url`, `lang` (as declared by the page),
 * `image`, `tags` and `source-url` (the outlet a republished story credits
 * as its origin). Dates after `fetched-at` (or now) or before 1995 are
 * rejected.
 *
 * The engine is in plugins/html/rill-html-extractor.c; its method and
 * measured accuracy are described in plugins/html/README.md. The element
 * is parallel: it runs on every core.
 *
 * A page with no main text is filtered ("no main text"); a page that
 * cannot be parsed fails with its URL in the message.
 */

struct _RillHtmlExtract
{
  RillTransform parent_instance;

  RillExtractFormat format;
  RillExtractMode mode;
  char *field;
  gboolean keep_body;
};

G_DEFINE_FINAL_TYPE (RillHtmlExtract, rill_html_extract, RILL_TYPE_TRANSFORM)

enum {
  PROP_0,
  PROP_FORMAT,
  PROP_MODE,
  PROP_FIELD,
  PROP_KEEP_BODY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint64
fetch_time (RillDoc *doc)
{
  const char *fetched = rill_doc_get_string (doc, RILL_FIELD_FETCHED_AT);
  g_autoptr(GDateTime) when = NULL;

  if (fetched == NULL)
    return 0;
  when = g_date_time_new_from_iso8601 (fetched, g_time_zone_new_utc ());
  return when != NULL ? g_date_time_to_unix (when) * G_USEC_PER_SEC : 0;
}

static void
set_if (RillDoc    *doc,
        const char *name,
        char       *value)
{
  if (value != NULL && *value != '\0')
    rill_doc_set_string (doc, name, value);
}

static RillDoc *
rill_html_extract_transform (RillTransform  *transform,
                             RillDoc        *doc,
                             GError        **error)
{
  RillHtmlExtract *self = RILL_HTML_EXTRACT (transform);
  g_autoptr(GBytes) body = rill_html_doc_body (doc, self->field, error);
  g_autoptr(GError) local_error = NULL;
  RillExtractOptions opts;
  RillExtraction *ex;
  gsize len;
  const guint8 *data;

  if (body == NULL)
    return NULL;

  rill_extract_options_init (&opts);
  opts.format = self->format;
  opts.mode = self->mode;
  opts.now = fetch_time (doc);
  data = g_bytes_get_data (body, &len);
  ex = rill_extract_html (data, len, rill_doc_get_string (doc, RILL_FIELD_CHARSET),
                          rill_html_doc_url (doc), &opts, &local_error);
  if (ex == NULL)
    {
      rill_html_fail (error, doc, local_error);
      return NULL;
    }
  if (ex->text == NULL || *ex->text == '\0')
    {
      rill_extraction_free (ex);
      g_set_error_literal (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FILTERED, "no main text");
      return NULL;
    }

  set_if (doc, RILL_FIELD_TEXT, ex->text);
  set_if (doc, RILL_FIELD_TITLE, ex->title);
  set_if (doc, RILL_FIELD_AUTHOR, ex->author);
  set_if (doc, RILL_FIELD_DATE, ex->date);
  set_if (doc, "date-modified", ex->date_modified);
  set_if (doc, RILL_FIELD_SITENAME, ex->sitename);
  set_if (doc, RILL_FIELD_DESCRIPTION, ex->description);
  set_if (doc, RILL_FIELD_CANONICAL_URL, ex->canonical_url);
  set_if (doc, RILL_FIELD_LANG, ex->lang);
  set_if (doc, RILL_FIELD_IMAGE, ex->image);
  set_if (doc, RILL_FIELD_SOURCE_URL, ex->source_url);
  if (ex->tags != NULL && ex->tags[0] != NULL)
    rill_doc_set_strv (doc, RILL_FIELD_TAGS, (const char * const *) ex->tags);
  if (!rill_doc_has_field (doc, RILL_FIELD_CHARSET))
    set_if (doc, RILL_FIELD_CHARSET, ex->charset);
  if (!self->keep_body)
    rill_doc_remove_field (doc, self->field);
  rill_extraction_free (ex);
  return rill_doc_ref (doc);
}

static void
rill_html_extract_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RillHtmlExtract *self = RILL_HTML_EXTRACT (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case PROP_KEEP_BODY:
      g_value_set_boolean (value, self->keep_body);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_html_extract_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RillHtmlExtract *self = RILL_HTML_EXTRACT (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      self->format = g_value_get_enum (value);
      break;
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;
    case PROP_FIELD:
      g_free (self->field);
      self->field = g_value_dup_string (value);
      break;
    case PROP_KEEP_BODY:
      self->keep_body = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_html_extract_finalize (GObject *object)
{
  g_free (RILL_HTML_EXTRACT (object)->field);
  G_OBJECT_CLASS (rill_html_extract_parent_class)->finalize (object);
}

static void
rill_html_extract_class_init (RillHtmlExtractClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);

  object_class->get_property = rill_html_extract_get_property;
  object_class->set_property = rill_html_extract_set_property;
  object_class->finalize = rill_html_extract_finalize;
  RILL_TRANSFORM_CLASS (klass)->transform = rill_html_extract_transform;

  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", "Format", "Form of the text: plain text or Markdown",
                       rill_extract_format_get_type (), RILL_EXTRACT_FORMAT_TEXT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", "Mode",
                       "Trade-off: precision drops anything doubtful, recall keeps anything plausible",
                       rill_extract_mode_get_type (), RILL_EXTRACT_MODE_BALANCED,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIELD] =
    g_param_spec_string ("field", "Field", "Field holding the HTML (bytes or string)",
                         RILL_FIELD_BODY, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEEP_BODY] =
    g_param_spec_boolean ("keep-body", "Keep body",
                          "Keep the HTML field after extraction (dropped by default to save memory)",
                          FALSE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class, "HTML article extractor", "Parser/HTML",
                                   "Finds a page's main text and its metadata (title, author, date, source, ...)",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, "text/html; application/xhtml+xml", "text/plain");
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_PARALLEL);
}

static void
rill_html_extract_init (RillHtmlExtract *self)
{
  self->field = g_strdup (RILL_FIELD_BODY);
}
