/* rill-pipeline.h: a graph of linked elements and the scheduler that runs it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include "rill-types.h"
#include "rill-element.h"
#include "rill-bus.h"

G_BEGIN_DECLS

#define RILL_TYPE_PIPELINE (rill_pipeline_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillPipeline, rill_pipeline, RILL, PIPELINE, GObject)

RILL_AVAILABLE_IN_ALL
RillPipeline *rill_pipeline_new             (void);
RILL_AVAILABLE_IN_ALL
gboolean      rill_pipeline_add             (RillPipeline         *self,
                                             RillElement          *element,
                                             GError              **error);
RILL_AVAILABLE_IN_ALL
RillElement  *rill_pipeline_get_by_name     (RillPipeline         *self,
                                             const char           *name);
RILL_AVAILABLE_IN_ALL
GPtrArray    *rill_pipeline_get_elements    (RillPipeline         *self);
RILL_AVAILABLE_IN_ALL
RillBus      *rill_pipeline_get_bus         (RillPipeline         *self);

RILL_AVAILABLE_IN_ALL
guint         rill_pipeline_get_threads     (RillPipeline         *self);
RILL_AVAILABLE_IN_ALL
void          rill_pipeline_set_threads     (RillPipeline         *self,
                                             guint                 threads);
RILL_AVAILABLE_IN_ALL
gboolean      rill_pipeline_get_ordered     (RillPipeline         *self);
RILL_AVAILABLE_IN_ALL
void          rill_pipeline_set_ordered     (RillPipeline         *self,
                                             gboolean              ordered);
RILL_AVAILABLE_IN_ALL
const char   *rill_pipeline_get_errors_location (RillPipeline     *self);
RILL_AVAILABLE_IN_ALL
void          rill_pipeline_set_errors_location (RillPipeline     *self,
                                             const char           *path);

RILL_AVAILABLE_IN_ALL
gboolean      rill_pipeline_run             (RillPipeline         *self,
                                             GCancellable         *cancellable,
                                             GError              **error);
RILL_AVAILABLE_IN_ALL
void          rill_pipeline_run_async       (RillPipeline         *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
RILL_AVAILABLE_IN_ALL
gboolean      rill_pipeline_run_finish      (RillPipeline         *self,
                                             GAsyncResult         *result,
                                             GError              **error);
RILL_AVAILABLE_IN_ALL
gboolean      rill_pipeline_is_running      (RillPipeline         *self);
RILL_AVAILABLE_IN_ALL
RillDoc      *rill_pipeline_get_stats       (RillPipeline         *self);

G_END_DECLS
