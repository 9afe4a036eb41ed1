/* rill-http-elements.h: the element types of the http plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <rill.h>

G_BEGIN_DECLS

GType rill_http_fetch_get_type (void);
GType rill_http_src_get_type (void);

/* http-fetch's client property. */
typedef enum {
  RILL_HTTP_CLIENT_KIND_AUTO,
  RILL_HTTP_CLIENT_KIND_LIBSOUP,
} RillHttpClientKind;

#define RILL_TYPE_HTTP_CLIENT_KIND (rill_http_client_kind_get_type ())
GType rill_http_client_kind_get_type (void);

G_END_DECLS
