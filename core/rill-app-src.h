/* rill-app-src.h: pushes docs from application code into a pipeline
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include "rill-source.h"

G_BEGIN_DECLS

#define RILL_TYPE_APP_SRC (rill_app_src_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillAppSrc, rill_app_src, RILL, APP_SRC, RillSource)

RILL_AVAILABLE_IN_ALL
RillAppSrc *rill_app_src_new            (const char *name);
RILL_AVAILABLE_IN_ALL
gboolean    rill_app_src_push_doc       (RillAppSrc *self,
                                         RillDoc    *doc);
RILL_AVAILABLE_IN_ALL
void        rill_app_src_end_of_stream  (RillAppSrc *self);

G_END_DECLS
