/* rill-url.h: one spelling per URL
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include "rill-types.h"

G_BEGIN_DECLS

RILL_AVAILABLE_IN_ALL
char     *rill_url_canonicalize      (const char  *url,
                                      GError     **error);

RILL_AVAILABLE_IN_ALL
gboolean  rill_url_is_tracking_param (const char  *name);

G_END_DECLS
