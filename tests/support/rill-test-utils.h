/* rill-test-utils.h: helpers shared by the C test suites
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <rill.h>

G_BEGIN_DECLS

#define RILL_TYPE_TEST_BURN (rill_test_burn_get_type ())
G_DECLARE_FINAL_TYPE (RillTestBurn, rill_test_burn, RILL, TEST_BURN, RillTransform)

/* Counters the test elements update, for assertions after a run. */
typedef struct {
  guint in_flight;         /* test-async ops running */
  guint max_in_flight;
  guint64 produced;        /* docs through test-tap */
  guint64 rendered;        /* docs into test-slow-sink */
  guint64 max_backlog;     /* produced - rendered, at its largest */
  guint flushes;           /* test-slow-sink flush() calls */
  guint64 cancel_after;    /* test-slow-sink cancels after this many */
  guint slow_running;      /* test-async slow calls running */
  guint overtaken;         /* test-async calls done while a slow one ran */
  GCancellable *cancellable;
} RillTestProbe;

extern RillTestProbe rill_test_probe;

void          rill_test_register_elements (void);
void          rill_test_register_scheduler_elements (void);
const char   *rill_test_shared_dir        (void);
RillPipeline *rill_test_parse             (const char *line);
GPtrArray    *rill_test_pull_all          (RillPipeline *pipeline,
                                           const char   *sink_name);
gint64        rill_test_stat              (RillPipeline *pipeline,
                                           const char   *element,
                                           const char   *counter);

/* One run of a pipeline fed by an app-src named "in" and read from an
 * app-sink named "out": its docs, its dead-letter file's contents and
 * the error of rill_pipeline_run(). */
typedef struct {
  RillPipeline *pipeline;
  GPtrArray *docs;
  char *errors;
  GError *error;
} RillTestRun;

void          rill_test_run_clear         (RillTestRun *run);
void          rill_test_run_urls          (RillTestRun        *run,
                                           const char         *line,
                                           const char * const *urls);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RillTestRun, rill_test_run_clear)

G_END_DECLS
