/* rill-url-canon.h: URL canonicalisation for `dedupe field=url`.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *rill_url_canonicalize        (const char *url,
                                        GError    **error);
gboolean  rill_url_is_tracking_param   (const char *name);

G_END_DECLS
