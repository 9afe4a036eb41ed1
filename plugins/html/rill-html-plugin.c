/* rill-html-plugin.c: the html plugin: article extraction, links, text
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-html-elements.h"

G_DEFINE_ENUM_TYPE (RillExtractFormat, rill_extract_format,
  G_DEFINE_ENUM_VALUE (RILL_EXTRACT_FORMAT_TEXT, "text"),
  G_DEFINE_ENUM_VALUE (RILL_EXTRACT_FORMAT_MARKDOWN, "markdown"))

G_DEFINE_ENUM_TYPE (RillExtractMode, rill_extract_mode,
  G_DEFINE_ENUM_VALUE (RILL_EXTRACT_MODE_BALANCED, "balanced"),
  G_DEFINE_ENUM_VALUE (RILL_EXTRACT_MODE_PRECISION, "precision"),
  G_DEFINE_ENUM_VALUE (RILL_EXTRACT_MODE_RECALL, "recall"))

/* The page's address: where it was fetched from after redirects, else
 * what was asked for. */
const char *
rill_html_doc_url (RillDoc *doc)
{
  const char *url = rill_doc_get_string (doc, RILL_FIELD_FINAL_URL);

  return url != NULL ? url : rill_doc_get_string (doc, RILL_FIELD_URL);
}

/* The HTML bytes of @doc: a bytes field, or a string field. */
GBytes *
rill_html_doc_body (RillDoc     *doc,
                    const char  *field,
                    GError     **error)
{
  GBytes *body = rill_doc_get_bytes (doc, field);
  const char *url = rill_html_doc_url (doc);

  if (body != NULL)
    return g_bytes_ref (body);
  if (rill_doc_get_field_type (doc, field) == RILL_FIELD_STRING)
    {
      const char *s = rill_doc_get_string (doc, field);

      return g_bytes_new (s, strlen (s));
    }
  g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
               "%s: no '%s' field to read HTML from", url != NULL ? url : "doc", field);
  return NULL;
}

/* A failure that names the page. */
void
rill_html_fail (GError      **error,
                RillDoc      *doc,
                const GError *cause)
{
  const char *url = rill_html_doc_url (doc);

  g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED, "%s: %s",
               url != NULL ? url : "doc without url", cause->message);
}

static gboolean
plugin_init (RillPlugin  *plugin,
             GError     **error)
{
  return rill_element_register (plugin, "html-extract", RILL_TYPE_HTML_EXTRACT, error) &&
         rill_element_register (plugin, "html-links", RILL_TYPE_HTML_LINKS, error) &&
         rill_element_register (plugin, "html-text", RILL_TYPE_HTML_TEXT, error);
}

RILL_PLUGIN_DEFINE ("html", "Main text, metadata, links and visible text of HTML pages",
                    plugin_init, RILL_VERSION_S, "LGPL-2.1-or-later", "https://rill.example")
