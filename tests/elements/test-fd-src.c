/* test-fd-src.c: fd-src reads lines or everything from a pipe
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "elements-test.h"

#include <string.h>
#include <unistd.h>

static void
write_all (int         fd,
           const char *text)
{
  gsize len = strlen (text);

  g_assert_cmpint (write (fd, text, len), ==, (gssize) len);
}

static RillPipeline *
fd_pipeline (int           fd,
             const char   *mode,
             RillElement **sink)
{
  RillPipeline *pipeline = rill_pipeline_new ();
  g_autofree char *fd_text = g_strdup_printf ("%d", fd);
  RillElement *src;

  src = et_make (pipeline, "fd-src", "src", "fd", fd_text, "mode", mode, NULL);
  *sink = et_make (pipeline, "app-sink", "sink", NULL);
  et_link (src, *sink);
  return pipeline;
}

static void
test_lines (void)
{
  int fds[2];
  RillElement *sink;
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) urls = NULL;

  g_assert_cmpint (pipe (fds), ==, 0);
  write_all (fds[1], "https://a.example/\n# comment\n\n  https://b.example/  \nhttps://c.example/");
  close (fds[1]);

  pipeline = fd_pipeline (fds[0], "lines", &sink);
  g_assert_true (et_run (pipeline, &error));
  g_assert_no_error (error);

  docs = et_pull_all (sink);
  urls = et_collect_strings (docs, RILL_FIELD_URL);
  g_assert_cmpuint (urls->len, ==, 3);
  g_assert_cmpstr (urls->pdata[0], ==, "https://a.example/");
  g_assert_cmpstr (urls->pdata[1], ==, "https://b.example/");
  g_assert_cmpstr (urls->pdata[2], ==, "https://c.example/");

  /* fd-src does not close the descriptor. */
  g_assert_cmpint (close (fds[0]), ==, 0);
}

static void
test_whole (void)
{
  int fds[2];
  RillElement *sink;
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  const char *text = "line one\nline two\n\nlast";
  GBytes *body;

  g_assert_cmpint (pipe (fds), ==, 0);
  write_all (fds[1], text);
  close (fds[1]);

  pipeline = fd_pipeline (fds[0], "whole", &sink);
  g_assert_true (et_run (pipeline, &error));
  g_assert_no_error (error);

  docs = et_pull_all (sink);
  g_assert_cmpuint (docs->len, ==, 1);
  body = rill_doc_get_bytes (docs->pdata[0], RILL_FIELD_BODY);
  g_assert_nonnull (body);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), text, strlen (text));
  close (fds[0]);
}

typedef struct {
  RillPipeline *pipeline;
  gboolean ok;
  GError *error;
  GCancellable *cancellable;
} RunThread;

static gpointer
run_thread (gpointer data)
{
  RunThread *run = data;
  g_autoptr(GMainContext) context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  run->ok = rill_pipeline_run (run->pipeline, run->cancellable, &run->error);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_interactive (void)
{
  int fds[2];
  RillElement *sink;
  g_autoptr(RillPipeline) pipeline = NULL;
  RunThread run = { NULL, FALSE, NULL, NULL };
  GThread *runner;
  RillDoc *doc;

  g_assert_cmpint (pipe (fds), ==, 0);
  pipeline = fd_pipeline (fds[0], "lines", &sink);
  run.pipeline = pipeline;
  runner = g_thread_new ("run", run_thread, &run);

  /* The writer keeps the pipe open: each line must come out without
   * waiting for more input (a source that filled whole batches would
   * hang here). */
  write_all (fds[1], "first\n");
  doc = rill_app_sink_pull_doc (RILL_APP_SINK (sink), NULL);
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_URL), ==, "first");
  rill_doc_unref (doc);

  write_all (fds[1], "second\nthird\npartial");
  doc = rill_app_sink_pull_doc (RILL_APP_SINK (sink), NULL);
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_URL), ==, "second");
  rill_doc_unref (doc);
  doc = rill_app_sink_pull_doc (RILL_APP_SINK (sink), NULL);
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_URL), ==, "third");
  rill_doc_unref (doc);

  /* End of input: the partial last line is a doc too, then EOS. */
  close (fds[1]);
  doc = rill_app_sink_pull_doc (RILL_APP_SINK (sink), NULL);
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_URL), ==, "partial");
  rill_doc_unref (doc);
  g_assert_null (rill_app_sink_pull_doc (RILL_APP_SINK (sink), NULL));

  g_thread_join (runner);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  close (fds[0]);
}

static void
test_cancel_blocked_read (void)
{
  int fds[2];
  RillElement *sink;
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  RunThread run = { NULL, TRUE, NULL, NULL };
  GThread *runner;
  RillDoc *doc;

  g_assert_cmpint (pipe (fds), ==, 0);
  pipeline = fd_pipeline (fds[0], "lines", &sink);
  run.pipeline = pipeline;
  run.cancellable = cancellable;
  runner = g_thread_new ("run", run_thread, &run);

  write_all (fds[1], "only\n");
  doc = rill_app_sink_pull_doc (RILL_APP_SINK (sink), NULL);
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_URL), ==, "only");
  rill_doc_unref (doc);

  /* The source now waits in read() on a pipe that stays open: only the
   * cancel can end the run. */
  g_cancellable_cancel (cancellable);
  g_thread_join (runner);
  g_assert_false (run.ok);
  g_assert_nonnull (run.error);
  g_clear_error (&run.error);
  g_assert_null (rill_app_sink_pull_doc (RILL_APP_SINK (sink), NULL));

  close (fds[1]);
  close (fds[0]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/elements/fd-src/lines", test_lines);
  g_test_add_func ("/elements/fd-src/whole", test_whole);
  g_test_add_func ("/elements/fd-src/interactive", test_interactive);
  g_test_add_func ("/elements/fd-src/cancel-blocked-read", test_cancel_blocked_read);

  return g_test_run ();
}
