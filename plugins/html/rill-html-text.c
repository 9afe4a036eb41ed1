/* rill-html-text.c: all visible text of a page (html-text).
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * No boilerplate removal: only what a browser would not show is skipped
 * (head, scripts, styles, templates, hidden elements, form controls).
 */

#include "rill-html-private.h"

#include <string.h>

char *
rill_html_visible_text (const guint8  *data,
                        gsize          len,
                        const char    *charset_hint,
                        GError       **error)
{
  htmlDocPtr doc = rill_html_parse (data, len, charset_hint, NULL, 0, FALSE, NULL, error);
  RillExtractOptions opts;
  RillExtractCtx ctx = { 0, };
  xmlNode *root;
  GString *out;

  if (!doc)
    return NULL;
  rill_extract_options_init (&opts);
  opts.mode = RILL_EXTRACT_MODE_RECALL;
  root = xmlDocGetRootElement (doc);
  ctx.doc = doc;
  ctx.opts = &opts;
  ctx.body = root;
  ctx.raw = TRUE;
  rill_html_compute_stats (&ctx);

  /* mark only invisible things */
  for (xmlNode *n = root; n; )
    {
      gboolean drop = FALSE;
      if (n->type == XML_ELEMENT_NODE && n->_private)
        {
          RillTag t = RILL_INFO (n)->tag;
          drop = t == TAG_HEAD || t == TAG_SCRIPT || t == TAG_STYLE || t == TAG_TEMPLATE
                 || t == TAG_NOSCRIPT || t == TAG_SVG || t == TAG_SELECT || t == TAG_OPTION
                 || t == TAG_TEXTAREA || t == TAG_BUTTON || t == TAG_TITLE
                 || rill_html_is_hidden (n);
          RILL_INFO (n)->drop = drop;
          RILL_INFO (n)->keep = !drop;
        }
      n = rill_html_next (n, root, drop);
    }
  rill_html_compute_stats (&ctx);
  out = g_string_sized_new (4096);
  rill_html_render (&ctx, &root, 1, out);
  g_free (ctx.infos);
  xmlFreeDoc (doc);
  return g_string_free (out, FALSE);
}
