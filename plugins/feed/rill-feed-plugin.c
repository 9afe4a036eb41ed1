/* rill-feed-plugin.c: the feed plugin (feeds, sitemaps, crawling)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-feed-elements.h"

#include <libxml/parser.h>

static gboolean
plugin_init (RillPlugin  *plugin,
             GError     **error)
{
  xmlInitParser ();

  if (!rill_element_register (plugin, "feed-parse", rill_feed_parse_get_type (), error))
    return FALSE;
#ifdef RILL_FEED_HAVE_CRAWL
  if (!rill_element_register (plugin, "crawl-src", rill_crawl_src_get_type (), error))
    return FALSE;
#endif
  return TRUE;
}

RILL_PLUGIN_DEFINE ("feed",
                    "Feeds and crawling: RSS, Atom, JSON Feed and sitemap "
                    "parsing, a crawler source",
                    plugin_init,
                    RILL_VERSION_S,
                    "LGPL-2.1-or-later",
                    "https://rill.example")
