/* test-receipt.c: the acknowledgement path, from sinks back to sources
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-test-utils.h"

#define MAX_DOCS 4096

/* What the test elements saw, guarded by one lock. */
static struct {
  GMutex lock;
  guint settled[MAX_DOCS];       /* times each token was settled */
  guint n_settled;
  guint durable[2][MAX_DOCS];    /* per sink: copies of doc i flushed */
  guint flushes[2];
  gboolean early;                /* settled before every sink flushed it */
  guint expect_sinks;            /* sinks each doc must be durable in */
} seen;

static void
reset_seen (guint expect_sinks)
{
  g_mutex_lock (&seen.lock);
  memset (seen.settled, 0, sizeof seen.settled);
  memset (seen.durable, 0, sizeof seen.durable);
  memset (seen.flushes, 0, sizeof seen.flushes);
  seen.n_settled = 0;
  seen.early = FALSE;
  seen.expect_sinks = expect_sinks;
  g_mutex_unlock (&seen.lock);
}

/* ---- test-track-src: `count` docs, each tracked with token "i"; with
 * `linger`, it waits after the last doc until all are settled (or 5 s)
 * before ending, as a live source waits for new entries. -------------- */

struct _TestTrackSrc { RillSource parent; guint count; guint next; gboolean linger; gboolean waited_ok; };
G_DECLARE_FINAL_TYPE (TestTrackSrc, test_track_src, TEST, TRACK_SRC, RillSource)
G_DEFINE_FINAL_TYPE (TestTrackSrc, test_track_src, RILL_TYPE_SOURCE)

static RillDoc *
track_src_create (RillSource *source, GCancellable *cancellable, GError **error)
{
  TestTrackSrc *self = (TestTrackSrc *) source;
  g_autofree char *token = NULL;
  RillDoc *doc;

  if (self->next >= self->count)
    {
      gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      while (self->linger && !self->waited_ok && g_get_monotonic_time () < end)
        {
          g_mutex_lock (&seen.lock);
          self->waited_ok = seen.n_settled == self->count;
          g_mutex_unlock (&seen.lock);
          g_usleep (2000);
        }
      return NULL;
    }
  doc = rill_doc_new ();
  rill_doc_set_int (doc, "i", self->next);
  token = g_strdup_printf ("%u", self->next++);
  rill_source_track (source, doc, token);
  return doc;
}

/* As a live source: hands on what it has, then lingers. */
static guint
track_src_create_batch (RillSource *source, RillDoc **docs, guint max,
                        GCancellable *cancellable, GError **error)
{
  guint n = 0;

  while (n < max)
    {
      if ((docs[n] = track_src_create (source, cancellable, error)) == NULL)
        break;
      n++;
      if (((TestTrackSrc *) source)->next >= ((TestTrackSrc *) source)->count)
        break;
    }
  return n;
}

static void
track_src_settled (RillSource *source, const char *token)
{
  guint i = (guint) g_ascii_strtoull (token, NULL, 10);

  g_mutex_lock (&seen.lock);
  g_assert_cmpuint (i, <, MAX_DOCS);
  seen.settled[i]++;
  seen.n_settled++;
  for (guint s = 0; s < seen.expect_sinks; s++)
    if (seen.durable[s][i] == 0)
      seen.early = TRUE;
  g_mutex_unlock (&seen.lock);
}

static void
track_src_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  if (id == 1)
    ((TestTrackSrc *) object)->count = g_value_get_uint (value);
  else
    ((TestTrackSrc *) object)->linger = g_value_get_boolean (value);
}

static void
track_src_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  if (id == 1)
    g_value_set_uint (value, ((TestTrackSrc *) object)->count);
  else
    g_value_set_boolean (value, ((TestTrackSrc *) object)->linger);
}

static void
test_track_src_class_init (TestTrackSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = track_src_set_property;
  object_class->get_property = track_src_get_property;
  g_object_class_install_property (object_class, 1,
    g_param_spec_uint ("count", NULL, NULL, 0, MAX_DOCS, 100, G_PARAM_READWRITE));
  g_object_class_install_property (object_class, 2,
    g_param_spec_boolean ("linger", NULL, NULL, FALSE, G_PARAM_READWRITE));
  RILL_SOURCE_CLASS (klass)->create = track_src_create;
  RILL_SOURCE_CLASS (klass)->create_batch = track_src_create_batch;
  RILL_SOURCE_CLASS (klass)->settled = track_src_settled;
}

static void
test_track_src_init (TestTrackSrc *self)
{
  self->count = 100;
}

/* ---- test-durable-sink: render keeps docs aside; flush makes them
 * durable (or fails with `fail-flush`). `slot` picks its row in seen. -- */

struct _TestDurableSink { RillSink parent; guint slot; gboolean fail_flush; GArray *pending; };
G_DECLARE_FINAL_TYPE (TestDurableSink, test_durable_sink, TEST, DURABLE_SINK, RillSink)
G_DEFINE_FINAL_TYPE (TestDurableSink, test_durable_sink, RILL_TYPE_SINK)

static gboolean
durable_sink_render (RillSink *sink, RillDoc *doc, GError **error)
{
  guint i = (guint) rill_doc_get_int (doc, "i", 0);

  g_array_append_val (((TestDurableSink *) sink)->pending, i);
  return TRUE;
}

static gboolean
durable_sink_flush (RillSink *sink, GError **error)
{
  TestDurableSink *self = (TestDurableSink *) sink;

  if (self->fail_flush)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "disk full");
      return FALSE;
    }
  g_mutex_lock (&seen.lock);
  for (guint k = 0; k < self->pending->len; k++)
    seen.durable[self->slot][g_array_index (self->pending, guint, k)]++;
  seen.flushes[self->slot]++;
  g_mutex_unlock (&seen.lock);
  g_array_set_size (self->pending, 0);
  return TRUE;
}

static void
durable_sink_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  if (id == 1)
    ((TestDurableSink *) object)->slot = g_value_get_uint (value);
  else
    ((TestDurableSink *) object)->fail_flush = g_value_get_boolean (value);
}

static void
durable_sink_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  if (id == 1)
    g_value_set_uint (value, ((TestDurableSink *) object)->slot);
  else
    g_value_set_boolean (value, ((TestDurableSink *) object)->fail_flush);
}

static void
durable_sink_finalize (GObject *object)
{
  g_array_unref (((TestDurableSink *) object)->pending);
  G_OBJECT_CLASS (test_durable_sink_parent_class)->finalize (object);
}

static void
test_durable_sink_class_init (TestDurableSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = durable_sink_set_property;
  object_class->get_property = durable_sink_get_property;
  object_class->finalize = durable_sink_finalize;
  g_object_class_install_property (object_class, 1,
    g_param_spec_uint ("slot", NULL, NULL, 0, 1, 0, G_PARAM_READWRITE));
  g_object_class_install_property (object_class, 2,
    g_param_spec_boolean ("fail-flush", NULL, NULL, FALSE, G_PARAM_READWRITE));
  RILL_SINK_CLASS (klass)->render = durable_sink_render;
  RILL_SINK_CLASS (klass)->flush = durable_sink_flush;
}

static void
test_durable_sink_init (TestDurableSink *self)
{
  self->pending = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* ---- tests ------------------------------------------------------------ */

static gboolean
run_line (const char *line,
          guint       threads,
          guint       checkpoint_ms,
          GError    **error)
{
  g_autoptr(RillPipeline) pipeline = rill_test_parse (line);

  rill_pipeline_set_threads (pipeline, threads);
  g_object_set (pipeline, "checkpoint-interval", checkpoint_ms, NULL);
  return rill_pipeline_run (pipeline, NULL, error);
}

static void
assert_all_settled_once (guint n)
{
  g_assert_cmpuint (seen.n_settled, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (seen.settled[i], ==, 1);
  g_assert_false (seen.early);
}

/* Every tracked doc is settled once, and only after the sink flushed it;
 * a short checkpoint interval makes the sink flush during the run too. */
static void
test_settled_after_flush (void)
{
  for (guint threads = 1; threads <= 3; threads += 2)
    {
      g_autoptr(GError) error = NULL;

      reset_seen (1);
      g_assert_true (run_line ("test-track-src count=3000 ! test-jitter max-us=20 ! test-durable-sink",
                               threads, 1, &error));
      g_assert_no_error (error);
      assert_all_settled_once (3000);
      g_assert_cmpuint (seen.flushes[0], >, 1);
    }
}

/* Copies made by tee, docs emitted by a transform (and docs it holds back
 * until drain) keep their source doc open until both sinks flushed them. */
static void
test_settled_after_every_branch (void)
{
  g_autoptr(GError) error = NULL;

  reset_seen (2);
  g_assert_true (run_line ("test-track-src count=500 ! test-expand copies=3 ! tee name=t "
                           "t. ! test-durable-sink slot=0 t. ! test-async ! test-durable-sink slot=1",
                           2, 5, &error));
  g_assert_no_error (error);
  assert_all_settled_once (500);
  for (guint i = 0; i < 500; i++)
    {
      g_assert_cmpuint (seen.durable[0][i], ==, 3);
      g_assert_cmpuint (seen.durable[1][i], ==, 3);
    }
}

/* Filtered docs are settled without reaching a sink. */
static void
test_filtered_settled (void)
{
  g_autoptr(GError) error = NULL;

  reset_seen (0);
  g_assert_true (run_line ("test-track-src count=300 ! limit max=100 ! test-durable-sink",
                           1, 1000, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen.n_settled, ==, 300);
}

/* A sink that cannot flush fails the run, and none of its docs is
 * settled: the source must deliver them again. */
static void
test_failed_flush_not_settled (void)
{
  g_autoptr(GError) error = NULL;

  reset_seen (1);
  g_assert_false (run_line ("test-track-src count=200 ! test-durable-sink fail-flush=true",
                            2, 1000, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmpuint (seen.n_settled, ==, 0);
}

/* Docs an async element had in flight when the run was cancelled failed
 * as CANCELLED: they were not handled, so they are never settled, while
 * what the sink had flushed is. */
static gpointer
cancel_later (gpointer data)
{
  g_usleep (100 * 1000);
  g_cancellable_cancel (data);
  g_object_unref (data);
  return NULL;
}

static void
test_cancelled_not_settled (void)
{
  g_autoptr(RillPipeline) pipeline =
    rill_test_parse ("test-track-src count=100 ! test-async name=slow hang=true concurrency=8 ! test-durable-sink");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  reset_seen (1);
  g_thread_unref (g_thread_new ("canceller", cancel_later, g_object_ref (cancellable)));
  g_assert_false (rill_pipeline_run (pipeline, cancellable, &error));
  g_assert_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_CANCELLED);
  g_assert_cmpint (rill_test_stat (pipeline, "slow", "failed"), >, 0);
  g_assert_cmpuint (seen.n_settled, ==, 0);
  g_assert_false (seen.early);
}

/* While no new doc comes, a sink holding tracked docs still flushes after
 * the checkpoint interval, so a live source gets its acknowledgements
 * without waiting for the end. */
static void
test_idle_checkpoint (void)
{
  g_autoptr(RillPipeline) pipeline =
    rill_test_parse ("test-track-src name=src count=10 linger=true ! test-durable-sink");
  g_autoptr(GError) error = NULL;
  gboolean waited_ok;

  reset_seen (1);
  g_object_set (pipeline, "checkpoint-interval", 50, NULL);
  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_no_error (error);
  waited_ok = ((TestTrackSrc *) rill_pipeline_get_by_name (pipeline, "src"))->waited_ok;
  g_assert_true (waited_ok);
  assert_all_settled_once (10);
}

/* app-sink's docs belong to the application: they settle when it lets go
 * of them, not when the run ends. */
static void
test_app_sink_settles (void)
{
  g_autoptr(RillPipeline) pipeline = rill_test_parse ("test-track-src count=5 ! app-sink name=out");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;

  reset_seen (0);
  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen.n_settled, ==, 0);
  docs = rill_test_pull_all (pipeline, "out");
  g_assert_cmpuint (docs->len, ==, 5);
  g_clear_pointer (&docs, g_ptr_array_unref);
  g_assert_cmpuint (seen.n_settled, ==, 5);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rill_test_register_elements ();
  rill_test_register_scheduler_elements ();
  g_assert_true (rill_element_register (NULL, "test-track-src", test_track_src_get_type (), NULL));
  g_assert_true (rill_element_register (NULL, "test-durable-sink", test_durable_sink_get_type (), NULL));

  g_test_add_func ("/receipt/settled-after-flush", test_settled_after_flush);
  g_test_add_func ("/receipt/every-branch", test_settled_after_every_branch);
  g_test_add_func ("/receipt/filtered", test_filtered_settled);
  g_test_add_func ("/receipt/failed-flush", test_failed_flush_not_settled);
  g_test_add_func ("/receipt/cancelled", test_cancelled_not_settled);
  g_test_add_func ("/receipt/idle-checkpoint", test_idle_checkpoint);
  g_test_add_func ("/receipt/app-sink", test_app_sink_settles);
  return g_test_run ();
}
