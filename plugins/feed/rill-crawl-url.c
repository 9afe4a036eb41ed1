/* rill-crawl-url.c: canonical URLs for crawl-src's seen set
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-feed-private.h"

#include <string.h>

static int
compare_params (gconstpointer a,
                gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * rill_crawl_canonicalize:
 * @url: an absolute URL
 *
 * The spelling crawl-src keys its seen set on: scheme and host in lower
 * case, the default port dropped, dot segments removed, an empty path
 * written "/", the fragment removed, query parameters sorted (empty ones
 * dropped). Percent escapes are kept as they are.
 *
 * Returns: (transfer full) (nullable): the canonical URL, or %NULL when
 *   @url is not an absolute http(s) URL
 */
char *
rill_crawl_canonicalize (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;
  g_autofree char *query = NULL;
  const char *scheme;
  const char *path;
  int port;

  if (url == NULL)
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED
                          | G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
  if (uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "http") != 0
                         && g_ascii_strcasecmp (scheme, "https") != 0))
    return NULL;
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  port = g_uri_get_port (uri);
  if ((port == 80 && g_ascii_strcasecmp (scheme, "http") == 0)
      || (port == 443 && g_ascii_strcasecmp (scheme, "https") == 0))
    port = -1;
  path = g_uri_get_path (uri);
  if (path == NULL || *path == '\0')
    path = "/";

  if (g_uri_get_query (uri) != NULL)
    {
      g_auto(GStrv) params = g_strsplit (g_uri_get_query (uri), "&", -1);
      g_autoptr(GString) q = g_string_new (NULL);
      guint n = g_strv_length (params);

      qsort (params, n, sizeof (char *), compare_params);
      for (guint i = 0; i < n; i++)
        {
          if (*params[i] == '\0')
            continue;
          if (q->len > 0)
            g_string_append_c (q, '&');
          g_string_append (q, params[i]);
        }
      if (q->len > 0)
        query = g_string_free (g_steal_pointer (&q), FALSE);
    }

  {
    g_autofree char *lscheme = g_ascii_strdown (scheme, -1);
    g_autoptr(GUri) canon = g_uri_build (G_URI_FLAGS_ENCODED, lscheme, NULL, host,
                                         port, path, query, NULL);

    return g_uri_to_string (canon);
  }
}
