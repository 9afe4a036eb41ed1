/* rill-http-plugin.c: the http plugin (http-fetch, http-src)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-http-elements.h"

static gboolean
plugin_init (RillPlugin  *plugin,
             GError     **error)
{
  return rill_element_register (plugin, "http-fetch", rill_http_fetch_get_type (), error) &&
         rill_element_register (plugin, "http-src", rill_http_src_get_type (), error);
}

RILL_PLUGIN_DEFINE ("http",
                    "HTTP client elements (their own HTTP/1.1 client, libsoup 3 for https): "
                    "polite concurrent fetching with robots.txt, retries and a conditional cache",
                    plugin_init,
                    RILL_VERSION_S,
                    "LGPL-2.1-or-later",
                    "https://rill.example")
