/* test-scheduler.c: ordering, backpressure, cancellation and accounting
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib/gstdio.h>

#include "rill-test-utils.h"

static void
reset_probe (void)
{
  g_clear_object (&rill_test_probe.cancellable);
  memset (&rill_test_probe, 0, sizeof rill_test_probe);
}

static GPtrArray *
run_and_pull (const char *line,
              guint       threads,
              gboolean    ordered)
{
  g_autoptr(RillPipeline) pipeline = rill_test_parse (line);
  g_autoptr(GError) error = NULL;

  rill_pipeline_set_threads (pipeline, threads);
  rill_pipeline_set_ordered (pipeline, ordered);
  g_object_set (rill_pipeline_get_by_name (pipeline, "out"), "max-queued", 1000000, NULL);
  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_no_error (error);
  return rill_test_pull_all (pipeline, "out");
}

static void
assert_in_order (GPtrArray *docs,
                 guint      n)
{
  g_assert_cmpuint (docs->len, ==, n);
  for (guint i = 0; i < docs->len; i++)
    g_assert_cmpint (rill_doc_get_int (docs->pdata[i], "i", -1), ==, i);
}

/* A parallel element whose docs finish out of order still hands them on in
 * input order, on 1 and on 4 threads. */
static void
test_ordered_parallel (void)
{
  for (guint threads = 1; threads <= 4; threads += 3)
    {
      g_autoptr(GPtrArray) docs =
        run_and_pull ("test-count-src count=3000 ! test-jitter max-us=50 ! test-jitter max-us=50 "
                      "! app-sink name=out", threads, TRUE);

      assert_in_order (docs, 3000);
    }
}

/* Unordered runs lose nothing and duplicate nothing. */
static void
test_unordered_complete (void)
{
  g_autoptr(GPtrArray) docs =
    run_and_pull ("test-count-src count=5000 ! test-jitter max-us=20 ! app-sink name=out", 4, FALSE);
  g_autofree gboolean *seen = g_new0 (gboolean, 5000);

  g_assert_cmpuint (docs->len, ==, 5000);
  for (guint i = 0; i < docs->len; i++)
    {
      gint64 k = rill_doc_get_int (docs->pdata[i], "i", -1);

      g_assert_cmpint (k, >=, 0);
      g_assert_cmpint (k, <, 5000);
      g_assert_false (seen[k]);
      seen[k] = TRUE;
    }
}

/* Every doc is accounted for: out, filtered (with the reason), duplicate or
 * failed; failed docs reach the dead-letter file and the bus. */
static void
test_accounting (void)
{
  g_autoptr(RillPipeline) pipeline =
    rill_test_parse ("test-count-src count=1000 ! test-sort name=sort filter=5 duplicate=7 fail=11 "
                     "! fake-sink name=sink");
  g_autofree char *dir = g_dir_make_tmp ("rill-test-XXXXXX", NULL);
  g_autofree char *errors = g_build_filename (dir, "errors.jsonl", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RillDoc) stats = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint filtered = 0, duplicate = 0, failed = 0, passed = 0;
  RillDoc *sort;

  for (guint i = 0; i < 1000; i++)
    {
      if (i % 5 == 0)
        filtered++;
      else if (i % 7 == 0)
        duplicate++;
      else if (i % 11 == 0)
        failed++;
      else
        passed++;
    }

  rill_pipeline_set_errors_location (pipeline, errors);
  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (rill_test_stat (pipeline, "sort", "in"), ==, 1000);
  g_assert_cmpint (rill_test_stat (pipeline, "sort", "out"), ==, passed);
  g_assert_cmpint (rill_test_stat (pipeline, "sort", "filtered"), ==, filtered);
  g_assert_cmpint (rill_test_stat (pipeline, "sort", "duplicate"), ==, duplicate);
  g_assert_cmpint (rill_test_stat (pipeline, "sort", "failed"), ==, failed);
  g_assert_cmpint (rill_test_stat (pipeline, "sink", "in"), ==, passed);
  g_assert_cmpint (rill_test_stat (pipeline, "sink", "out"), ==, passed);

  stats = rill_pipeline_get_stats (pipeline);
  sort = rill_doc_get_doc (stats, "sort");
  g_assert_cmpint (rill_doc_get_int (rill_doc_get_doc (sort, "filter-reasons"), "multiple of 5", 0), ==, filtered);

  g_assert_true (g_file_get_contents (errors, &contents, NULL, NULL));
  lines = g_strsplit (g_strstrip (contents), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, failed);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      o = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (o, "element"), ==, "sort");
      g_assert_true (g_str_has_suffix (json_object_get_string_member (
                       json_object_get_object_member (o, "error"), "message"), "is broken"));
      g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "doc"), "i") % 11, ==, 0);
    }
  g_unlink (errors);
  g_rmdir (dir);
}

/* Several docs out per doc in, and docs a transform holds until the end of
 * the stream, all arrive. */
static void
test_emit_and_drain (void)
{
  g_autoptr(GPtrArray) docs =
    run_and_pull ("test-count-src count=100 ! test-expand copies=3 ! app-sink name=out", 2, TRUE);
  guint copies[3] = { 0, 0, 0 };
  gboolean after_drain = FALSE;

  g_assert_cmpuint (docs->len, ==, 300);
  for (guint i = 0; i < docs->len; i++)
    copies[rill_doc_get_int (docs->pdata[i], "copy", 0)]++;
  g_assert_cmpuint (copies[0], ==, 100);
  g_assert_cmpuint (copies[1], ==, 100);
  g_assert_cmpuint (copies[2], ==, 100);
  /* The 10 held docs come last, after doc 98's copies. */
  for (guint i = 290; i < 300; i++)
    {
      g_assert_cmpint (rill_doc_get_int (docs->pdata[i], "i", 0) % 10, ==, 9);
      g_assert_false (rill_doc_has_field (docs->pdata[i], "copy"));
      after_drain = TRUE;
    }
  g_assert_true (after_drain);
}

/* An endless source into a slow sink: the backlog between them stays
 * within the queue bounds, and cancelling stops the run cleanly: the sink is
 * flushed and every doc the source produced was rendered. */
static void
test_backpressure_and_cancel (void)
{
  g_autoptr(RillPipeline) pipeline =
    rill_test_parse ("test-count-src name=src count=0 ! test-tap ! identity ! identity ! test-slow-sink name=sink sleep-us=20");
  g_autoptr(GError) error = NULL;
  guint64 bound;

  reset_probe ();
  rill_test_probe.cancellable = g_cancellable_new ();
  rill_test_probe.cancel_after = 20000;
  g_object_set (pipeline, "queue-size", 256, "batch-size", 32, NULL);
  rill_pipeline_set_threads (pipeline, 2);

  g_assert_false (rill_pipeline_run (pipeline, rill_test_probe.cancellable, &error));
  g_assert_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_CANCELLED);

  /* Three queues of 256 docs after test-tap, a batch being processed in
   * each stage, and the in-order hold-back of the two parallel identities. */
  bound = 3 * (256 + 32) + 4 * 32 + 2 * (2 * 2 + 2) * 32;
  g_assert_cmpuint (rill_test_probe.max_backlog, <=, bound);
  g_assert_cmpuint (rill_test_probe.rendered, >=, 20000);
  g_assert_cmpuint (rill_test_probe.flushes, ==, 1);
  g_assert_cmpint (rill_test_stat (pipeline, "src", "out"), ==, rill_test_probe.rendered);
  g_assert_cmpint (rill_test_stat (pipeline, "sink", "in"), ==, rill_test_probe.rendered);
  reset_probe ();
}

/* Large docs: the queues are bound by bytes too, so the backlog between an
 * endless source of 100 kB docs and a slow sink stays a few docs, not
 * queue-size docs. */
static void
test_backpressure_bytes (void)
{
  g_autoptr(RillPipeline) pipeline =
    rill_test_parse ("test-count-src count=0 pad=100000 ! test-tap ! test-slow-sink sleep-us=200");
  g_autoptr(GError) error = NULL;

  reset_probe ();
  rill_test_probe.cancellable = g_cancellable_new ();
  rill_test_probe.cancel_after = 2000;
  g_object_set (pipeline, "queue-size", 1024, "queue-bytes", (guint64) 1000000, NULL);
  g_assert_false (rill_pipeline_run (pipeline, rill_test_probe.cancellable, &error));
  g_assert_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_CANCELLED);
  /* 1 MB in the queue, a batch of at most 250 kB being filled and one
   * being rendered: about 20 docs. Without the byte bound it is ~1000. */
  g_assert_cmpuint (rill_test_probe.max_backlog, <=, 40);
  g_assert_cmpuint (rill_test_probe.rendered, >=, 2000);
  reset_probe ();
}

/* An async element is kept at its in-flight limit, never above it, and its
 * docs come out in input order. */
static void
test_async_limit (void)
{
  g_autoptr(GPtrArray) docs = NULL;

  reset_probe ();
  docs = run_and_pull ("test-count-src count=400 ! test-async concurrency=8 max-us=3000 ! app-sink name=out",
                       2, TRUE);
  assert_in_order (docs, 400);
  g_assert_cmpuint (rill_test_probe.max_in_flight, <=, 8);
  g_assert_cmpuint (rill_test_probe.max_in_flight, >=, 2);
  g_assert_cmpuint (rill_test_probe.in_flight, ==, 0);
}

/* One slow call of an ordered async element does not hold the calls
 * after it: they go on (their results wait, in order, behind it) instead
 * of filling the element's concurrency and stopping until it is done. */
static void
test_async_slow_call (void)
{
  g_autoptr(GPtrArray) docs = NULL;

  reset_probe ();
  /* call 100 of 150 is the slow one */
  docs = run_and_pull ("test-count-src count=150 ! test-async concurrency=4 max-us=1000 "
                       "slow-every=200 slow-ms=1000 ! app-sink name=out", 2, TRUE);
  assert_in_order (docs, 150);
  g_assert_cmpuint (rill_test_probe.max_in_flight, <=, 4);
  /* With the results holding their slots, only the few calls started
   * before it could finish while the slow call ran (6 here); 49 calls
   * come after it. */
  g_test_message ("%u calls were done while the slow one ran", rill_test_probe.overtaken);
  g_assert_cmpuint (rill_test_probe.overtaken, >=, 20);
  g_assert_cmpuint (rill_test_probe.slow_running, ==, 0);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (200 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

/* Cancelling a run whose async work never completes on its own: the work
 * is cancelled, those docs are accounted as failed, the run ends. */
static void
test_async_cancel (void)
{
  g_autoptr(RillPipeline) pipeline =
    rill_test_parse ("test-count-src count=50 ! test-async name=a hang=true concurrency=4 ! fake-sink");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GThread *canceller;

  reset_probe ();
  /* rill_pipeline_run() iterates a context of its own, so the cancel comes
   * from another thread, as it would from a signal handler. */
  canceller = g_thread_new ("cancel", cancel_later, cancellable);
  g_assert_false (rill_pipeline_run (pipeline, cancellable, &error));
  g_thread_join (canceller);
  g_assert_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_CANCELLED);
  g_assert_cmpint (rill_test_stat (pipeline, "a", "failed"), ==, rill_test_stat (pipeline, "a", "in"));
  g_assert_cmpint (rill_test_stat (pipeline, "a", "in"), >=, 4);
}

/* An element that cannot start fails the run with its name in the error,
 * before any doc flows. */
static void
test_start_failure (void)
{
  g_autoptr(RillPipeline) pipeline =
    rill_test_parse ("test-count-src ! test-fail-start name=db ! fake-sink");
  g_autoptr(GError) error = NULL;

  g_assert_false (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "db"));
  g_assert_nonnull (strstr (error->message, "the database is not there"));
  g_assert_false (rill_pipeline_is_running (pipeline));
}

/* A source that fails mid-stream fails the run, but what it produced
 * before still reaches the sink. */
static void
test_source_failure (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rill-test-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "nope", "*.txt", NULL);
  g_autofree char *line = g_strdup_printf ("file-src location='%s' ! fake-sink", missing);
  g_autoptr(GError) error = NULL;
  g_autoptr(RillPipeline) pipeline = rill_test_parse (line);

  g_assert_false (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "nope"));
  g_rmdir (dir);
}

static void
on_message (RillBus     *bus,
            RillMessage *message,
            gpointer     data)
{
  GPtrArray *types = data;

  g_ptr_array_add (types, GINT_TO_POINTER (rill_message_get_message_type (message)));
}

static void
on_run_done (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (rill_pipeline_run_finish (RILL_PIPELINE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* run_async on a main loop: warnings for failed docs, then STATS, then EOS,
 * all on the caller's context; the same pipeline can run again. */
static void
test_run_async_bus (void)
{
  g_autoptr(RillPipeline) pipeline =
    rill_test_parse ("test-count-src count=100 ! test-sort fail=10 ! fake-sink name=sink");
  g_autoptr(GPtrArray) types = g_ptr_array_new ();
  gboolean done = FALSE;
  guint warnings = 0;

  g_signal_connect (rill_pipeline_get_bus (pipeline), "message", G_CALLBACK (on_message), types);
  for (guint run = 0; run < 2; run++)
    {
      g_ptr_array_set_size (types, 0);
      done = FALSE;
      rill_pipeline_run_async (pipeline, NULL, on_run_done, &done);
      g_assert_true (rill_pipeline_is_running (pipeline));
      while (!done || types->len == 0 ||
             GPOINTER_TO_INT (types->pdata[types->len - 1]) != RILL_MESSAGE_EOS)
        g_main_context_iteration (NULL, TRUE);

      warnings = 0;
      for (guint i = 0; i < types->len; i++)
        warnings += GPOINTER_TO_INT (types->pdata[i]) == RILL_MESSAGE_WARNING;
      g_assert_cmpuint (warnings, ==, 10);
      g_assert_cmpint (GPOINTER_TO_INT (types->pdata[types->len - 2]), ==, RILL_MESSAGE_STATS);
      g_assert_cmpint (rill_test_stat (pipeline, "sink", "in"), ==, 90);
    }
}

/* Same output whatever the number of threads. */
static void
test_thread_count_independent (void)
{
  g_autoptr(GPtrArray) one =
    run_and_pull ("test-count-src count=2000 ! test-jitter max-us=10 ! test-sort filter=3 ! test-burn work=10 ! app-sink name=out", 1, TRUE);
  g_autoptr(GPtrArray) four =
    run_and_pull ("test-count-src count=2000 ! test-jitter max-us=10 ! test-sort filter=3 ! test-burn work=10 ! app-sink name=out", 4, TRUE);

  g_assert_cmpuint (one->len, ==, four->len);
  for (guint i = 0; i < one->len; i++)
    g_assert_true (rill_doc_equal (one->pdata[i], four->pdata[i]));
}

/* A tee copies: changing a doc in one branch does not touch the other. */
static void
test_tee_copies (void)
{
  g_autoptr(RillPipeline) pipeline =
    rill_test_parse ("test-count-src count=50 ! tee name=t  t. ! test-burn work=1 ! app-sink name=a  "
                     "t. ! app-sink name=b");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;

  g_object_set (rill_pipeline_get_by_name (pipeline, "a"), "max-queued", 1000, NULL);
  g_object_set (rill_pipeline_get_by_name (pipeline, "b"), "max-queued", 1000, NULL);
  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  a = rill_test_pull_all (pipeline, "a");
  b = rill_test_pull_all (pipeline, "b");
  g_assert_cmpuint (a->len, ==, 50);
  g_assert_cmpuint (b->len, ==, 50);
  for (guint i = 0; i < 50; i++)
    {
      g_assert_true (rill_doc_has_field (a->pdata[i], "burn"));
      g_assert_false (rill_doc_has_field (b->pdata[i], "burn"));
    }
}

/* A transform that looks its docs up in a batch: prepare_batch notes the
 * batch, transform checks it is handed those docs, in that order. */
struct _TestBatcher { RillTransform parent; RillDoc *prepared[256]; guint n, next, batches, mismatches; };
G_DECLARE_FINAL_TYPE (TestBatcher, test_batcher, TEST, BATCHER, RillTransform)
G_DEFINE_FINAL_TYPE (TestBatcher, test_batcher, RILL_TYPE_TRANSFORM)

static void
batcher_prepare (RillTransform *transform, RillDoc **docs, guint n_docs)
{
  TestBatcher *self = (TestBatcher *) transform;

  g_assert_cmpuint (self->next, ==, self->n);
  g_assert_cmpuint (n_docs, <=, G_N_ELEMENTS (self->prepared));
  memcpy (self->prepared, docs, n_docs * sizeof (RillDoc *));
  self->n = n_docs;
  self->next = 0;
  self->batches++;
}

static RillDoc *
batcher_transform (RillTransform *transform, RillDoc *doc, GError **error)
{
  TestBatcher *self = (TestBatcher *) transform;

  if (self->next >= self->n || self->prepared[self->next] != doc)
    self->mismatches++;
  self->next++;
  rill_doc_set_int (doc, "batch", self->batches);
  return rill_doc_ref (doc);
}

static void
test_batcher_class_init (TestBatcherClass *klass)
{
  RILL_TRANSFORM_CLASS (klass)->transform = batcher_transform;
  RILL_TRANSFORM_CLASS (klass)->prepare_batch = batcher_prepare;
}

static void
test_batcher_init (TestBatcher *self)
{
}

/* prepare_batch sees every doc once, just before transform does, in the
 * same order, a batch at a time. */
static void
test_prepare_batch (void)
{
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;
  TestBatcher *batcher;

  if (rill_element_factory_find ("test-batcher") == NULL)
    g_assert_true (rill_element_register (NULL, "test-batcher", test_batcher_get_type (), NULL));
  pipeline = rill_test_parse ("test-count-src count=1000 ! test-batcher name=b ! app-sink name=out");
  g_object_set (rill_pipeline_get_by_name (pipeline, "out"), "max-queued", 1000000, NULL);
  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_no_error (error);
  batcher = (TestBatcher *) rill_pipeline_get_by_name (pipeline, "b");
  g_assert_cmpuint (batcher->mismatches, ==, 0);
  g_assert_cmpuint (batcher->batches, >=, 1000 / 64);
  docs = rill_test_pull_all (pipeline, "out");
  assert_in_order (docs, 1000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rill_test_register_elements ();
  rill_test_register_scheduler_elements ();

  g_test_add_func ("/scheduler/ordered-parallel", test_ordered_parallel);
  g_test_add_func ("/scheduler/unordered-complete", test_unordered_complete);
  g_test_add_func ("/scheduler/accounting", test_accounting);
  g_test_add_func ("/scheduler/emit-and-drain", test_emit_and_drain);
  g_test_add_func ("/scheduler/backpressure-and-cancel", test_backpressure_and_cancel);
  g_test_add_func ("/scheduler/backpressure-bytes", test_backpressure_bytes);
  g_test_add_func ("/scheduler/async-limit", test_async_limit);
  g_test_add_func ("/scheduler/async-cancel", test_async_cancel);
  g_test_add_func ("/scheduler/async-slow-call", test_async_slow_call);
  g_test_add_func ("/scheduler/start-failure", test_start_failure);
  g_test_add_func ("/scheduler/source-failure", test_source_failure);
  g_test_add_func ("/scheduler/run-async-bus", test_run_async_bus);
  g_test_add_func ("/scheduler/thread-count-independent", test_thread_count_independent);
  g_test_add_func ("/scheduler/tee-copies", test_tee_copies);
  g_test_add_func ("/scheduler/prepare-batch", test_prepare_batch);
  return g_test_run ();
}
