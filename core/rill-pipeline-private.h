/* rill-pipeline-private.h: what elements and the scheduler call back into
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rill-pipeline.h"

G_BEGIN_DECLS

G_GNUC_INTERNAL
void     _rill_pipeline_report_failure (RillPipeline *self,
                                        RillElement  *element,
                                        RillDoc      *doc,
                                        const GError *error);
G_GNUC_INTERNAL
void     _rill_pipeline_post_warning   (RillPipeline *self,
                                        RillElement  *element,
                                        const GError *error);
G_GNUC_INTERNAL
gboolean _rill_pipeline_is_cancelled   (RillPipeline *self);

G_END_DECLS
