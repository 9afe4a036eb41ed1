/* rill-html-elements.h: the elements of the html plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <rill.h>

#include "rill-html-engine.h"

G_BEGIN_DECLS

#define RILL_TYPE_HTML_EXTRACT (rill_html_extract_get_type ())
G_DECLARE_FINAL_TYPE (RillHtmlExtract, rill_html_extract, RILL, HTML_EXTRACT, RillTransform)

#define RILL_TYPE_HTML_LINKS (rill_html_links_get_type ())
G_DECLARE_FINAL_TYPE (RillHtmlLinks, rill_html_links, RILL, HTML_LINKS, RillTransform)

#define RILL_TYPE_HTML_TEXT (rill_html_text_get_type ())
G_DECLARE_FINAL_TYPE (RillHtmlText, rill_html_text, RILL, HTML_TEXT, RillTransform)

GType rill_extract_format_get_type (void) G_GNUC_CONST;
GType rill_extract_mode_get_type (void) G_GNUC_CONST;

/* Shared by the three elements. */
const char *rill_html_doc_url   (RillDoc     *doc);
GBytes     *rill_html_doc_body  (RillDoc     *doc,
                                 const char  *field,
                                 GError     **error);
void        rill_html_fail      (GError     **error,
                                 RillDoc     *doc,
                                 const GError *cause);

G_END_DECLS
