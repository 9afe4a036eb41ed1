/* rill-parse.h: builds pipelines from launch lines
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include "rill-types.h"
#include "rill-pipeline.h"

G_BEGIN_DECLS

RILL_AVAILABLE_IN_ALL
RillPipeline *rill_parse_launch      (const char          *line,
                                      GError             **error);
RILL_AVAILABLE_IN_ALL
RillPipeline *rill_parse_launch_full (const char          *line,
                                      guint               *error_column,
                                      GError             **error);
RILL_AVAILABLE_IN_ALL
RillPipeline *rill_parse_launchv     (const char * const  *argv,
                                      GError             **error);
RILL_AVAILABLE_IN_ALL
gboolean      rill_value_parse       (GParamSpec          *pspec,
                                      const char          *text,
                                      GValue              *value,
                                      GError             **error);
RILL_AVAILABLE_IN_ALL
char         *rill_value_to_string   (const GValue        *value);

G_END_DECLS
