/* rill-app-sink.h: hands a pipeline's docs to application code
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include "rill-sink.h"

G_BEGIN_DECLS

#define RILL_TYPE_APP_SINK (rill_app_sink_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillAppSink, rill_app_sink, RILL, APP_SINK, RillSink)

RILL_AVAILABLE_IN_ALL
RillAppSink *rill_app_sink_new       (const char    *name);
RILL_AVAILABLE_IN_ALL
RillDoc     *rill_app_sink_pull_doc  (RillAppSink   *self,
                                      GCancellable  *cancellable);
RILL_AVAILABLE_IN_ALL
gboolean     rill_app_sink_is_eos    (RillAppSink   *self);

G_END_DECLS
