/* rill-html-text-element.c: the html-text element
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-html-elements.h"

/**
 * RillHtmlText:
 *
 * `html-text` sets `text` to all the visible text of a page (`body`),
 * blocks separated by newlines, with no boilerplate removal: the baseline
 * some users want. Scripts, styles and hidden elements are skipped.
 */

struct _RillHtmlText
{
  RillTransform parent_instance;
};

G_DEFINE_FINAL_TYPE (RillHtmlText, rill_html_text, RILL_TYPE_TRANSFORM)

static RillDoc *
rill_html_text_transform (RillTransform  *transform,
                          RillDoc        *doc,
                          GError        **error)
{
  g_autoptr(GBytes) body = rill_html_doc_body (doc, RILL_FIELD_BODY, error);
  g_autoptr(GError) local_error = NULL;
  char *text;
  gsize len;
  const guint8 *data;

  if (body == NULL)
    return NULL;
  data = g_bytes_get_data (body, &len);
  text = rill_html_visible_text (data, len, rill_doc_get_string (doc, RILL_FIELD_CHARSET), &local_error);
  if (text == NULL)
    {
      rill_html_fail (error, doc, local_error);
      return NULL;
    }
  rill_doc_take_string (doc, RILL_FIELD_TEXT, text);
  rill_doc_remove_field (doc, RILL_FIELD_BODY);
  return rill_doc_ref (doc);
}

static void
rill_html_text_class_init (RillHtmlTextClass *klass)
{
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);

  RILL_TRANSFORM_CLASS (klass)->transform = rill_html_text_transform;
  rill_element_class_set_metadata (element_class, "HTML visible text", "Parser/HTML",
                                   "All visible text of a page, without boilerplate removal",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, "text/html; application/xhtml+xml", "text/plain");
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_PARALLEL);
}

static void
rill_html_text_init (RillHtmlText *self)
{
}
