/* rill-launch-report.h: what rill-launch prints about a run
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <stdio.h>
#include <rill.h>

G_BEGIN_DECLS

/*
 * RillLaunchCounters:
 * @in: docs the element received
 * @out: docs the element passed on (for a sink: docs it rendered)
 * @filtered: docs it dropped on purpose
 * @duplicate: docs it dropped as duplicates
 * @failed: docs that failed in it
 * @time_ms: time spent in the element, in milliseconds (-1 if unknown)
 *
 * One element's line of the pipeline's statistics.
 */
typedef struct {
  gint64 in;
  gint64 out;
  gint64 filtered;
  gint64 duplicate;
  gint64 failed;
  double time_ms;
} RillLaunchCounters;

gboolean  rill_launch_get_counters    (RillDoc            *stats,
                                       const char         *element_name,
                                       RillLaunchCounters *counters);
void      rill_launch_print_table     (RillPipeline       *pipeline,
                                       RillDoc            *stats,
                                       double              elapsed_s,
                                       FILE               *out);
char     *rill_launch_format_progress (RillPipeline       *pipeline,
                                       RillDoc            *stats,
                                       double              elapsed_s,
                                       guint               width);
gboolean  rill_launch_write_stats     (RillDoc            *stats,
                                       const char         *path,
                                       GError            **error);
char     *rill_launch_describe_doc    (RillDoc            *doc);

G_END_DECLS
