/* rill-http-elements.h: the element types of the http plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <rill.h>

G_BEGIN_DECLS

GType rill_http_fetch_get_type (void);
GType rill_http_src_get_type (void);

G_END_DECLS
