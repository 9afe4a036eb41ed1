/* test-app.c: app-src and app-sink, pushing and pulling around real runs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "elements-test.h"

static RillDoc *
doc_with_url (guint i)
{
  RillDoc *doc = rill_doc_new ();
  g_autofree char *url = g_strdup_printf ("https://example.org/%u", i);

  rill_doc_set_string (doc, RILL_FIELD_URL, url);
  rill_doc_set_int (doc, "i", i);
  return doc;
}

static RillPipeline *
app_pipeline (RillAppSrc  **src,
              RillAppSink **sink)
{
  RillPipeline *pipeline = rill_pipeline_new ();

  *src = RILL_APP_SRC (et_make (pipeline, "app-src", "in", NULL));
  *sink = RILL_APP_SINK (et_make (pipeline, "app-sink", "out", NULL));
  et_link (RILL_ELEMENT (*src), RILL_ELEMENT (*sink));
  return pipeline;
}

static void
push_n (RillAppSrc *src,
        guint       first,
        guint       n)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(RillDoc) doc = doc_with_url (i);

      g_assert_true (rill_app_src_push_doc (src, doc));
    }
}

static void
assert_docs (GPtrArray *docs,
             guint      first,
             guint      n)
{
  g_assert_cmpuint (docs->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (rill_doc_get_int (docs->pdata[i], "i", -1), ==, first + i);
}

static void
test_new (void)
{
  g_autoptr(RillAppSrc) src = rill_app_src_new ("named-src");
  g_autoptr(RillAppSink) sink = rill_app_sink_new (NULL);
  guint max = 0;
  gboolean emit = TRUE;

  g_assert_cmpstr (rill_element_get_name (RILL_ELEMENT (src)), ==, "named-src");
  g_object_get (src, "max-queued", &max, NULL);
  g_assert_cmpuint (max, ==, 4096);
  g_object_get (sink, "max-queued", &max, "emit-signals", &emit, NULL);
  g_assert_cmpuint (max, ==, 0);  /* unbounded, as GStreamer's appsink */
  g_assert_false (emit);
  g_assert_false (rill_app_sink_is_eos (sink));
  /* Built-in elements of the registry. */
  g_assert_nonnull (rill_registry_find_factory (rill_registry_get_default (), "app-src"));
  g_assert_nonnull (rill_registry_find_factory (rill_registry_get_default (), "app-sink"));
  g_assert_cmpstr (rill_element_get_factory_name (RILL_ELEMENT (src)), ==, "app-src");
}

static void
test_push_then_run (void)
{
  RillAppSrc *src;
  RillAppSink *sink;
  g_autoptr(RillPipeline) pipeline = app_pipeline (&src, &sink);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(RillDoc) late = doc_with_url (99);

  /* Far more than a batch and than max-queued (but fewer than the sink
   * queues), all pushed before the run: pushing never blocks then. */
  g_object_set (src, "max-queued", 16, NULL);
  push_n (src, 0, 3000);
  rill_app_src_end_of_stream (src);
  g_assert_false (rill_app_src_push_doc (src, late));

  g_assert_true (et_run (pipeline, &error));
  g_assert_no_error (error);

  docs = et_pull_all (RILL_ELEMENT (sink));
  assert_docs (docs, 0, 3000);
  g_assert_cmpint (et_stat (pipeline, "out", "in"), ==, 3000);
}

static void
test_run_twice (void)
{
  RillAppSrc *src;
  RillAppSink *sink;
  g_autoptr(RillPipeline) pipeline = app_pipeline (&src, &sink);
  g_autoptr(GError) error = NULL;

  push_n (src, 0, 3);
  rill_app_src_end_of_stream (src);
  g_assert_true (et_run (pipeline, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) docs = et_pull_all (RILL_ELEMENT (sink));
    assert_docs (docs, 0, 3);
  }

  /* The stream was delivered: a new one can be pushed. Docs of the
   * first run that were not pulled are dropped when the sink restarts. */
  push_n (src, 10, 2);
  rill_app_src_end_of_stream (src);
  g_assert_true (et_run (pipeline, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) docs = et_pull_all (RILL_ELEMENT (sink));
    assert_docs (docs, 10, 2);
  }
}

static gboolean
emit_push (RillAppSrc *src,
           RillDoc    *doc)
{
  gboolean ret = FALSE;

  g_signal_emit_by_name (src, "push-doc", doc, &ret);
  return ret;
}

static void
test_action_signals (void)
{
  RillAppSrc *src;
  RillAppSink *sink;
  g_autoptr(RillPipeline) pipeline = app_pipeline (&src, &sink);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(RillDoc) a = doc_with_url (0);
  g_autoptr(RillDoc) b = doc_with_url (1);
  g_autoptr(RillDoc) c = doc_with_url (2);

  g_assert_true (emit_push (src, a));
  g_assert_true (emit_push (src, b));
  g_signal_emit_by_name (src, "end-of-stream");
  g_assert_false (emit_push (src, c));

  g_assert_true (et_run (pipeline, &error));
  g_assert_no_error (error);
  docs = et_pull_all (RILL_ELEMENT (sink));
  assert_docs (docs, 0, 2);
}

static void
on_new_doc (RillAppSink *sink,
            RillDoc     *doc,
            gpointer     data)
{
  GPtrArray *got = data;

  g_ptr_array_add (got, rill_doc_ref (doc));
}

static void
test_emit_signals (void)
{
  RillAppSrc *src;
  RillAppSink *sink;
  g_autoptr(RillPipeline) pipeline = app_pipeline (&src, &sink);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);

  g_object_set (sink, "emit-signals", TRUE, NULL);
  g_signal_connect (sink, "new-doc", G_CALLBACK (on_new_doc), got);

  push_n (src, 0, 100);
  rill_app_src_end_of_stream (src);
  g_assert_true (et_run (pipeline, &error));
  g_assert_no_error (error);

  assert_docs (got, 0, 100);
  /* Nothing was queued. */
  g_assert_null (rill_app_sink_pull_doc (sink, NULL));
  g_assert_true (rill_app_sink_is_eos (sink));
}

typedef struct {
  RillPipeline *pipeline;
  GCancellable *cancellable;
  gboolean ok;
  GError *error;
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

typedef struct {
  RillAppSrc *src;
  guint n;
  guint pushed;
} Producer;

static gpointer
producer_thread (gpointer data)
{
  Producer *p = data;

  for (guint i = 0; i < p->n; i++)
    {
      g_autoptr(RillDoc) doc = doc_with_url (i);

      if (!rill_app_src_push_doc (p->src, doc))
        break;
      p->pushed++;
    }
  rill_app_src_end_of_stream (p->src);
  return NULL;
}

static void
test_backpressure (void)
{
  RillAppSrc *src;
  RillAppSink *sink;
  g_autoptr(RillPipeline) pipeline = app_pipeline (&src, &sink);
  RunThread run = { pipeline, NULL, FALSE, NULL };
  Producer producer = { NULL, 2000, 0 };
  GThread *runner, *pusher;
  RillDoc *doc;
  guint next = 0;

  /* Tiny queues on both ends: the producer and the pipeline must wait
   * for each other many times, and nothing may be lost or reordered. */
  g_object_set (src, "max-queued", 2, NULL);
  g_object_set (sink, "max-queued", 3, NULL);
  producer.src = src;

  runner = g_thread_new ("run", run_thread, &run);
  pusher = g_thread_new ("push", producer_thread, &producer);

  while ((doc = rill_app_sink_pull_doc (sink, NULL)) != NULL)
    {
      g_assert_cmpint (rill_doc_get_int (doc, "i", -1), ==, next);
      next++;
      rill_doc_unref (doc);
    }

  g_thread_join (pusher);
  g_thread_join (runner);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_cmpuint (producer.pushed, ==, 2000);
  g_assert_cmpuint (next, ==, 2000);
  g_assert_true (rill_app_sink_is_eos (sink));
}

static void
test_cancel (void)
{
  RillAppSrc *src;
  RillAppSink *sink;
  g_autoptr(RillPipeline) pipeline = app_pipeline (&src, &sink);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  RunThread run = { pipeline, cancellable, TRUE, NULL };
  g_autoptr(RillDoc) after = doc_with_url (42);
  GThread *runner;
  RillDoc *doc;

  push_n (src, 0, 1);
  runner = g_thread_new ("run", run_thread, &run);

  /* The doc gets through, then the source waits for more: cancel. */
  doc = rill_app_sink_pull_doc (sink, NULL);
  g_assert_nonnull (doc);
  g_assert_cmpint (rill_doc_get_int (doc, "i", -1), ==, 0);
  rill_doc_unref (doc);

  g_cancellable_cancel (cancellable);
  g_thread_join (runner);
  g_assert_false (run.ok);
  /* Documented as RILL_PIPELINE_ERROR_CANCELLED; GTask may report its
   * own G_IO_ERROR_CANCELLED instead (reported to the pipeline's owner). */
  g_assert_nonnull (run.error);
  g_assert_true (g_error_matches (run.error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_CANCELLED) ||
                 g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_error (&run.error);

  /* The run is over and the app sink knows. */
  g_assert_null (rill_app_sink_pull_doc (sink, NULL));
  g_assert_true (rill_app_sink_is_eos (sink));
  /* Pushing into a cancelled run fails. */
  g_assert_false (rill_app_src_push_doc (src, after));
}

static void
test_cancel_blocked_push (void)
{
  RillAppSrc *src;
  RillAppSink *sink;
  g_autoptr(RillPipeline) pipeline = app_pipeline (&src, &sink);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  RunThread run = { pipeline, cancellable, TRUE, NULL };
  Producer producer = { NULL, 100000, 0 };
  GThread *runner, *pusher;
  RillDoc *doc;

  /* Nobody pulls after the first doc: the sink's queue fills, the
   * pipeline stalls, the source's queue fills and the producer blocks.
   * Cancelling must release the producer with FALSE. */
  g_object_set (src, "max-queued", 4, NULL);
  g_object_set (sink, "max-queued", 4, NULL);
  producer.src = src;

  runner = g_thread_new ("run", run_thread, &run);
  pusher = g_thread_new ("push", producer_thread, &producer);

  doc = rill_app_sink_pull_doc (sink, NULL);
  g_assert_nonnull (doc);
  rill_doc_unref (doc);

  g_cancellable_cancel (cancellable);
  g_thread_join (pusher);
  g_thread_join (runner);

  g_assert_cmpuint (producer.pushed, <, 100000);
  g_assert_false (run.ok);
  g_clear_error (&run.error);
  /* What reached the sink before the cancel can still be pulled, then
   * the end. */
  while ((doc = rill_app_sink_pull_doc (sink, NULL)) != NULL)
    rill_doc_unref (doc);
  g_assert_true (rill_app_sink_is_eos (sink));
}

static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static gpointer
cancel_thread (gpointer data)
{
  g_usleep (20 * G_TIME_SPAN_MILLISECOND);
  cancel_later (data);
  return NULL;
}

static void
test_pull_cancelled (void)
{
  g_autoptr(RillAppSink) sink = rill_app_sink_new ("lonely");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GThread *canceller;

  /* Never run: only the cancellable can end the wait. */
  canceller = g_thread_new ("cancel", cancel_thread, cancellable);
  g_assert_null (rill_app_sink_pull_doc (sink, cancellable));
  g_thread_join (canceller);
  g_assert_false (rill_app_sink_is_eos (sink));

  /* Already cancelled: returns at once. */
  g_assert_null (rill_app_sink_pull_doc (sink, cancellable));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/elements/app/new", test_new);
  g_test_add_func ("/elements/app/push-then-run", test_push_then_run);
  g_test_add_func ("/elements/app/run-twice", test_run_twice);
  g_test_add_func ("/elements/app/action-signals", test_action_signals);
  g_test_add_func ("/elements/app/emit-signals", test_emit_signals);
  g_test_add_func ("/elements/app/backpressure", test_backpressure);
  g_test_add_func ("/elements/app/cancel", test_cancel);
  g_test_add_func ("/elements/app/cancel-blocked-push", test_cancel_blocked_push);
  g_test_add_func ("/elements/app/pull-cancelled", test_pull_cancelled);

  return g_test_run ();
}
