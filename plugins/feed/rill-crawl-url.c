/* rill-crawl-url.c: canonical URLs for crawl-src's seen set
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-feed-private.h"

/**
 * rill_crawl_canonicalize:
 * @url: an absolute URL
 *
 * The spelling crawl-src keys its seen set on: [func@Rill.url_canonicalize]
 * (the one dedupe and redis-sink use), for http and https URLs only.
 *
 * Returns: (transfer full) (nullable): the canonical URL, or %NULL when
 *   @url is not an absolute http(s) URL
 */
char *
rill_crawl_canonicalize (const char *url)
{
  g_autofree char *canonical = NULL;
  const char *host;

  if (url == NULL || (canonical = rill_url_canonicalize (url, NULL)) == NULL)
    return NULL;
  if (g_str_has_prefix (canonical, "http://"))
    host = canonical + 7;
  else if (g_str_has_prefix (canonical, "https://"))
    host = canonical + 8;
  else
    return NULL;
  if (*host == '\0' || *host == '/')
    return NULL;
  return g_steal_pointer (&canonical);
}
