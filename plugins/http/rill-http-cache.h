/* rill-http-cache.h: validators (ETag, Last-Modified) kept per URL
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RillHttpCache RillHttpCache;

RillHttpCache *rill_http_cache_open   (const char     *path,
                                       GError        **error);
gboolean       rill_http_cache_lookup (RillHttpCache  *cache,
                                       const char     *url,
                                       char          **etag,
                                       char          **last_modified);
gboolean       rill_http_cache_store  (RillHttpCache  *cache,
                                       const char     *url,
                                       const char     *etag,
                                       const char     *last_modified,
                                       GError        **error);
void           rill_http_cache_close  (RillHttpCache  *cache);

G_END_DECLS
