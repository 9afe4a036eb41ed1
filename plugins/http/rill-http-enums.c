/* rill-http-enums.c: enum types of the http plugin's properties
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-http-elements.h"

G_DEFINE_ENUM_TYPE (RillHttpClientKind, rill_http_client_kind,
  G_DEFINE_ENUM_VALUE (RILL_HTTP_CLIENT_KIND_AUTO, "auto"),
  G_DEFINE_ENUM_VALUE (RILL_HTTP_CLIENT_KIND_LIBSOUP, "libsoup"))
