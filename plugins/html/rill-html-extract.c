/* rill-html-extract.c: rill_extract_html(), the html-extract engine.
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rill-html-private.h"

#include <string.h>

void
rill_extract_options_init (RillExtractOptions *opts)
{
  g_return_if_fail (opts != NULL);
  memset (opts, 0, sizeof *opts);
  opts->format = RILL_EXTRACT_FORMAT_TEXT;
  opts->mode = RILL_EXTRACT_MODE_BALANCED;
  opts->with_metadata = TRUE;
}

void
rill_extraction_free (RillExtraction *ex)
{
  if (!ex)
    return;
  g_free (ex->text);
  g_free (ex->title);
  g_free (ex->author);
  g_free (ex->date);
  g_free (ex->date_modified);
  g_free (ex->sitename);
  g_free (ex->description);
  g_free (ex->canonical_url);
  g_free (ex->lang);
  g_free (ex->image);
  g_strfreev (ex->tags);
  g_free (ex->source_url);
  g_free (ex->charset);
  g_free (ex);
}

static xmlNode *
find_body (htmlDocPtr doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *body = rill_html_find_child (root, TAG_BODY);

  if (!body)
    body = rill_html_find_first (root, TAG_BODY);
  if (!body)
    body = rill_html_find_first (root, TAG_FRAMESET);
  return body ? body : root;
}

RillExtraction *
rill_extract_html (const guint8             *data,
                   gsize                     len,
                   const char               *charset_hint,
                   const char               *url,
                   const RillExtractOptions *opts,
                   GError                  **error)
{
  RillExtractOptions defaults;
  RillExtractCtx ctx = { 0, };
  RillJsonLd ld = { 0, };
  RillExtraction *ex;
  htmlDocPtr doc;
  xmlNode *main_node = NULL;
  gint64 now;

  if (!opts)
    {
      rill_extract_options_init (&defaults);
      opts = &defaults;
    }
  now = opts->now > 0 ? opts->now : g_get_real_time ();

  ex = g_new0 (RillExtraction, 1);
  doc = rill_html_parse (data, len, charset_hint, url, opts->max_input, TRUE,
                         &ex->charset, error);
  if (!doc)
    {
      rill_extraction_free (ex);
      return NULL;
    }

  /* metadata reads the untouched tree (and fills the JSON-LD signal) */
  rill_html_metadata (doc, url, &ld, ex, now);

  ctx.doc = doc;
  ctx.body = find_body (doc);
  ctx.opts = opts;
  ctx.ld = &ld;
  ctx.title = ex->title;
  ex->text = rill_html_extract_main (&ctx, &main_node);

  if (opts->with_metadata && main_node)
    {
      if (!ex->date)
        ex->date = rill_html_find_dateline (main_node, ex->lang, now);
      if (!ex->date)
        ex->date = rill_html_date_from_url (url, now);
      if (!ex->date)
        ex->date = rill_html_date_from_url (ex->canonical_url, now);
      if (!ex->source_url)
        ex->source_url = rill_html_find_source (main_node, url ? url : ex->canonical_url);
    }

  if (ctx.ld_words)
    g_hash_table_unref (ctx.ld_words);
  g_free (ctx.infos);
  rill_jsonld_clear (&ld);
  xmlFreeDoc (doc);
  return ex;
}
