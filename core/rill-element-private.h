/* rill-element-private.h: what the pipeline and scheduler see of elements
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rill-element.h"
#include "rill-pipeline.h"
#include "rill-sink.h"

G_BEGIN_DECLS

typedef struct _RillStage RillStage;

G_GNUC_INTERNAL
void        _rill_element_set_pipeline (RillElement  *self,
                                        RillPipeline *pipeline);
G_GNUC_INTERNAL
void        _rill_element_set_stage    (RillElement  *self,
                                        RillStage    *stage);
G_GNUC_INTERNAL
RillStage  *_rill_element_get_stage    (RillElement  *self);
G_GNUC_INTERNAL
void        _rill_element_set_factory_name (GType       type,
                                        const char   *name);
G_GNUC_INTERNAL
gboolean    _rill_element_start        (RillElement  *self,
                                        GError      **error);
G_GNUC_INTERNAL
gboolean    _rill_element_stop         (RillElement  *self,
                                        GError      **error);

/* Thread-local collector of docs a transform emits while it runs. */
G_GNUC_INTERNAL
void        _rill_transform_set_emit_target (GPtrArray *target);

G_GNUC_INTERNAL
void        _rill_sink_emit_rendered   (RillSink     *self,
                                        RillDoc      *doc);

G_END_DECLS
