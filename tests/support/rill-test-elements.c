/* rill-test-elements.c: small elements that exercise the scheduler in tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * test-count-src    a source of `count` docs (0: endless) with an int `i`
 * test-jitter       parallel; sleeps a random 0..`max-us` µs per doc
 * test-sort         serial; filters, marks duplicates or fails docs by `i`
 * test-expand       serial; `copies` docs out per doc in, the rest at drain
 * test-async        async; completes each doc after a random delay on the
 *                   I/O thread, at most `concurrency` at once; with
 *                   slow-every=N, every Nth call takes slow-ms instead
 * test-slow-sink    sleeps `sleep-us` per doc; counts renders and flushes
 * test-fail-start   a transform whose start() fails
 */
#include "rill-test-utils.h"

/* Observed by tests. */
RillTestProbe rill_test_probe;

/* ---- test-count-src --------------------------------------------------- */

struct _RillTestCountSrc { RillSource parent; guint64 count; guint64 next; guint pad; };
G_DECLARE_FINAL_TYPE (RillTestCountSrc, rill_test_count_src, RILL, TEST_COUNT_SRC, RillSource)
G_DEFINE_FINAL_TYPE (RillTestCountSrc, rill_test_count_src, RILL_TYPE_SOURCE)

static RillDoc *
count_src_create (RillSource *source, GCancellable *cancellable, GError **error)
{
  RillTestCountSrc *self = (RillTestCountSrc *) source;
  RillDoc *doc;

  if (self->count != 0 && self->next >= self->count)
    return NULL;
  doc = rill_doc_new ();
  rill_doc_set_int (doc, "i", (gint64) self->next++);
  if (self->pad > 0)
    rill_doc_take_bytes (doc, "pad", g_bytes_new_take (g_malloc0 (self->pad), self->pad));
  return doc;
}

static gboolean
count_src_start (RillElement *element, GError **error)
{
  ((RillTestCountSrc *) element)->next = 0;
  return TRUE;
}

static void
count_src_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  if (id == 1)
    ((RillTestCountSrc *) object)->count = g_value_get_uint64 (value);
  else
    ((RillTestCountSrc *) object)->pad = g_value_get_uint (value);
}

static void
count_src_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  if (id == 1)
    g_value_set_uint64 (value, ((RillTestCountSrc *) object)->count);
  else
    g_value_set_uint (value, ((RillTestCountSrc *) object)->pad);
}

static void
rill_test_count_src_class_init (RillTestCountSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = count_src_set_property;
  object_class->get_property = count_src_get_property;
  g_object_class_install_property (object_class, 1,
    g_param_spec_uint64 ("count", "Count", "Docs to produce; 0 for endless", 0, G_MAXUINT64, 100,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (object_class, 2,
    g_param_spec_uint ("pad", "Pad", "Bytes of padding per doc (a bytes field 'pad')", 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  RILL_SOURCE_CLASS (klass)->create = count_src_create;
  RILL_ELEMENT_CLASS (klass)->start = count_src_start;
  rill_element_class_set_metadata (RILL_ELEMENT_CLASS (klass), "Counting source", "Source/Test",
                                   "Docs numbered 0, 1, 2, ...", "Rill developers");
}

static void
rill_test_count_src_init (RillTestCountSrc *self)
{
  self->count = 100;
}

/* ---- test-jitter ------------------------------------------------------ */

struct _RillTestJitter { RillTransform parent; guint max_us; };
G_DECLARE_FINAL_TYPE (RillTestJitter, rill_test_jitter, RILL, TEST_JITTER, RillTransform)
G_DEFINE_FINAL_TYPE (RillTestJitter, rill_test_jitter, RILL_TYPE_TRANSFORM)

static RillDoc *
jitter_transform (RillTransform *transform, RillDoc *doc, GError **error)
{
  RillTestJitter *self = (RillTestJitter *) transform;

  if (self->max_us > 0)
    g_usleep (g_random_int_range (0, self->max_us + 1));
  return rill_doc_ref (doc);
}

static void
jitter_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  ((RillTestJitter *) object)->max_us = g_value_get_uint (value);
}

static void
jitter_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  g_value_set_uint (value, ((RillTestJitter *) object)->max_us);
}

static void
rill_test_jitter_class_init (RillTestJitterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = jitter_set_property;
  object_class->get_property = jitter_get_property;
  g_object_class_install_property (object_class, 1,
    g_param_spec_uint ("max-us", "Max µs", "Longest random sleep per doc", 0, G_MAXUINT, 100,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  RILL_TRANSFORM_CLASS (klass)->transform = jitter_transform;
  rill_element_class_set_metadata (RILL_ELEMENT_CLASS (klass), "Jitter", "Filter/Test",
                                   "Sleeps a random time per doc", "Rill developers");
  rill_element_class_set_concurrency (RILL_ELEMENT_CLASS (klass), RILL_CONCURRENCY_PARALLEL);
}

static void
rill_test_jitter_init (RillTestJitter *self)
{
  self->max_us = 100;
}

/* ---- test-sort -------------------------------------------------------- */

/* Doc i is filtered when i % filter == 0, a duplicate when
 * i % duplicate == 0, failed when i % fail == 0 (0 disables a rule). */
struct _RillTestSort { RillTransform parent; guint filter, duplicate, fail; };
G_DECLARE_FINAL_TYPE (RillTestSort, rill_test_sort, RILL, TEST_SORT, RillTransform)
G_DEFINE_FINAL_TYPE (RillTestSort, rill_test_sort, RILL_TYPE_TRANSFORM)

static RillDoc *
sort_transform (RillTransform *transform, RillDoc *doc, GError **error)
{
  RillTestSort *self = (RillTestSort *) transform;
  gint64 i = rill_doc_get_int (doc, "i", 0);

  if (self->filter != 0 && i % self->filter == 0)
    {
      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FILTERED, "multiple of %u", self->filter);
      return NULL;
    }
  if (self->duplicate != 0 && i % self->duplicate == 0)
    {
      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_DUPLICATE, "doc %" G_GINT64_FORMAT " seen before", i);
      return NULL;
    }
  if (self->fail != 0 && i % self->fail == 0)
    {
      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED, "doc %" G_GINT64_FORMAT " is broken", i);
      return NULL;
    }
  return rill_doc_ref (doc);
}

static void
sort_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  RillTestSort *self = (RillTestSort *) object;
  guint *slot[] = { NULL, &self->filter, &self->duplicate, &self->fail };

  *slot[id] = g_value_get_uint (value);
}

static void
sort_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  RillTestSort *self = (RillTestSort *) object;
  guint slot[] = { 0, self->filter, self->duplicate, self->fail };

  g_value_set_uint (value, slot[id]);
}

static void
rill_test_sort_class_init (RillTestSortClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const char *names[] = { NULL, "filter", "duplicate", "fail" };

  object_class->set_property = sort_set_property;
  object_class->get_property = sort_get_property;
  for (guint id = 1; id <= 3; id++)
    g_object_class_install_property (object_class, id,
      g_param_spec_uint (names[id], names[id], "Modulus of the rule; 0 disables it", 0, G_MAXUINT, 0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  RILL_TRANSFORM_CLASS (klass)->transform = sort_transform;
  rill_element_class_set_metadata (RILL_ELEMENT_CLASS (klass), "Sorter", "Filter/Test",
                                   "Filters, marks duplicates and fails docs by number",
                                   "Rill developers");
}

static void
rill_test_sort_init (RillTestSort *self)
{
}

/* ---- test-expand ------------------------------------------------------ */

struct _RillTestExpand { RillTransform parent; guint copies; GPtrArray *held; };
G_DECLARE_FINAL_TYPE (RillTestExpand, rill_test_expand, RILL, TEST_EXPAND, RillTransform)
G_DEFINE_FINAL_TYPE (RillTestExpand, rill_test_expand, RILL_TYPE_TRANSFORM)

/* Emits copies-1 extra docs (field `copy` 1..n-1) and returns the input;
 * every doc with i % 10 == 9 is held back until drain. */
static RillDoc *
expand_transform (RillTransform *transform, RillDoc *doc, GError **error)
{
  RillTestExpand *self = (RillTestExpand *) transform;

  for (guint c = 1; c < self->copies; c++)
    {
      g_autoptr(RillDoc) copy = rill_doc_copy (doc);

      rill_doc_set_int (copy, "copy", c);
      rill_transform_emit (transform, copy);
    }
  if (rill_doc_get_int (doc, "i", 0) % 10 == 9)
    {
      g_ptr_array_add (self->held, rill_doc_ref (doc));
      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FILTERED, "held until drain");
      return NULL;
    }
  return rill_doc_ref (doc);
}

static gboolean
expand_drain (RillTransform *transform, GError **error)
{
  RillTestExpand *self = (RillTestExpand *) transform;

  for (guint i = 0; i < self->held->len; i++)
    rill_transform_emit (transform, self->held->pdata[i]);
  g_ptr_array_set_size (self->held, 0);
  return TRUE;
}

static void
expand_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  ((RillTestExpand *) object)->copies = g_value_get_uint (value);
}

static void
expand_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  g_value_set_uint (value, ((RillTestExpand *) object)->copies);
}

static void
expand_finalize (GObject *object)
{
  g_ptr_array_unref (((RillTestExpand *) object)->held);
  G_OBJECT_CLASS (rill_test_expand_parent_class)->finalize (object);
}

static void
rill_test_expand_class_init (RillTestExpandClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = expand_set_property;
  object_class->get_property = expand_get_property;
  object_class->finalize = expand_finalize;
  g_object_class_install_property (object_class, 1,
    g_param_spec_uint ("copies", "Copies", "Docs out per doc in", 1, 100, 1,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  RILL_TRANSFORM_CLASS (klass)->transform = expand_transform;
  RILL_TRANSFORM_CLASS (klass)->drain = expand_drain;
  rill_element_class_set_metadata (RILL_ELEMENT_CLASS (klass), "Expander", "Filter/Test",
                                   "Emits several docs per doc and holds some until drain",
                                   "Rill developers");
}

static void
rill_test_expand_init (RillTestExpand *self)
{
  self->copies = 1;
  self->held = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);
}

/* ---- test-async ------------------------------------------------------- */

struct _RillTestAsync { RillTransform parent; guint concurrency; guint max_us; gboolean hang;
                        guint slow_every; guint slow_ms; guint calls; };
G_DECLARE_FINAL_TYPE (RillTestAsync, rill_test_async, RILL, TEST_ASYNC, RillTransform)
G_DEFINE_FINAL_TYPE (RillTestAsync, rill_test_async, RILL_TYPE_TRANSFORM)

static gboolean async_timeout (gpointer data);

static void
async_finish_task (GTask *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  __atomic_fetch_sub (&rill_test_probe.in_flight, 1, __ATOMIC_SEQ_CST);
  /* The probe's slow counters are touched on the I/O thread only. */
  if (g_task_get_source_tag (task) == (gpointer) async_timeout)
    rill_test_probe.slow_running--;
  else if (rill_test_probe.slow_running > 0)
    rill_test_probe.overtaken++;
  if (g_cancellable_is_cancelled (cancellable))
    g_task_return_new_error (task, RILL_DOC_ERROR, RILL_DOC_ERROR_CANCELLED, "cancelled");
  else
    g_task_return_pointer (task, rill_doc_ref (g_task_get_task_data (task)),
                           (GDestroyNotify) rill_doc_unref);
}

static gboolean
async_timeout (gpointer data)
{
  async_finish_task (data);
  return G_SOURCE_REMOVE;
}

static void
async_cancelled (GCancellable *cancellable, gpointer data)
{
  /* Runs in the thread that cancels: hand back to the task's context. */
  g_main_context_invoke (g_task_get_context (data), async_timeout, data);
}

static void
async_transform_async (RillTransform *transform, RillDoc *doc, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  RillTestAsync *self = (RillTestAsync *) transform;
  GTask *task = g_task_new (transform, cancellable, callback, user_data);
  guint now = __atomic_add_fetch (&rill_test_probe.in_flight, 1, __ATOMIC_SEQ_CST);
  guint max = __atomic_load_n (&rill_test_probe.max_in_flight, __ATOMIC_SEQ_CST);

  while (now > max && !__atomic_compare_exchange_n (&rill_test_probe.max_in_flight, &max, now,
                                                    FALSE, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
    ;
  g_task_set_task_data (task, rill_doc_ref (doc), (GDestroyNotify) rill_doc_unref);
  if (self->hang)
    {
      /* Completes only when the run is cancelled (at once if it already
       * is: g_cancellable_connect() then calls the handler itself). */
      g_cancellable_connect (cancellable, G_CALLBACK (async_cancelled), task, g_object_unref);
      return;
    }
  {
    /* On the I/O thread's context, where async elements live. */
    guint ms = g_random_int_range (0, self->max_us / 1000 + 1);
    GSource *timeout;

    if (self->slow_every > 0 && self->calls++ % self->slow_every == self->slow_every / 2)
      {
        /* Marked by its tag: async_finish_task() counts what overtakes it. */
        g_task_set_source_tag (task, async_timeout);
        rill_test_probe.slow_running++;
        ms = self->slow_ms;
      }
    timeout = g_timeout_source_new (ms);

    g_source_set_callback (timeout, async_timeout, task, g_object_unref);
    g_source_attach (timeout, g_main_context_get_thread_default ());
    g_source_unref (timeout);
  }
}

static RillDoc *
async_transform_finish (RillTransform *transform, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
async_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  RillTestAsync *self = (RillTestAsync *) object;

  if (id == 1)
    self->concurrency = g_value_get_uint (value);
  else if (id == 2)
    self->max_us = g_value_get_uint (value);
  else if (id == 3)
    self->hang = g_value_get_boolean (value);
  else if (id == 4)
    self->slow_every = g_value_get_uint (value);
  else
    self->slow_ms = g_value_get_uint (value);
}

static void
async_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  RillTestAsync *self = (RillTestAsync *) object;

  if (id == 1)
    g_value_set_uint (value, self->concurrency);
  else if (id == 2)
    g_value_set_uint (value, self->max_us);
  else if (id == 3)
    g_value_set_boolean (value, self->hang);
  else if (id == 4)
    g_value_set_uint (value, self->slow_every);
  else
    g_value_set_uint (value, self->slow_ms);
}

static void
rill_test_async_class_init (RillTestAsyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = async_set_property;
  object_class->get_property = async_get_property;
  g_object_class_install_property (object_class, 1,
    g_param_spec_uint ("concurrency", "Concurrency", "Docs in flight at most", 1, 1000, 8,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (object_class, 2,
    g_param_spec_uint ("max-us", "Max µs", "Longest random delay per doc", 0, G_MAXUINT, 3000,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (object_class, 3,
    g_param_spec_boolean ("hang", "Hang", "Complete only when cancelled", FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (object_class, 4,
    g_param_spec_uint ("slow-every", "Slow every", "Every this many calls, one is slow (0: none)",
                       0, G_MAXUINT, 0, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (object_class, 5,
    g_param_spec_uint ("slow-ms", "Slow ms", "How long a slow call takes", 0, G_MAXUINT, 300,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  RILL_TRANSFORM_CLASS (klass)->transform_async = async_transform_async;
  RILL_TRANSFORM_CLASS (klass)->transform_finish = async_transform_finish;
  rill_element_class_set_metadata (RILL_ELEMENT_CLASS (klass), "Async delay", "Filter/Test",
                                   "Completes each doc later on the I/O thread", "Rill developers");
  rill_element_class_set_concurrency (RILL_ELEMENT_CLASS (klass), RILL_CONCURRENCY_ASYNC);
}

static void
rill_test_async_init (RillTestAsync *self)
{
  self->concurrency = 8;
  self->max_us = 3000;
  self->slow_ms = 300;
}

/* ---- test-slow-sink --------------------------------------------------- */

struct _RillTestSlowSink { RillSink parent; guint sleep_us; };
G_DECLARE_FINAL_TYPE (RillTestSlowSink, rill_test_slow_sink, RILL, TEST_SLOW_SINK, RillSink)
G_DEFINE_FINAL_TYPE (RillTestSlowSink, rill_test_slow_sink, RILL_TYPE_SINK)

static gboolean
slow_sink_render (RillSink *sink, RillDoc *doc, GError **error)
{
  RillTestSlowSink *self = (RillTestSlowSink *) sink;
  guint64 rendered = __atomic_add_fetch (&rill_test_probe.rendered, 1, __ATOMIC_SEQ_CST);
  guint64 produced = __atomic_load_n (&rill_test_probe.produced, __ATOMIC_SEQ_CST);
  guint64 backlog = produced > rendered ? produced - rendered : 0;
  guint64 max = __atomic_load_n (&rill_test_probe.max_backlog, __ATOMIC_SEQ_CST);

  if (backlog > max)
    __atomic_store_n (&rill_test_probe.max_backlog, backlog, __ATOMIC_SEQ_CST);
  if (self->sleep_us > 0)
    g_usleep (self->sleep_us);
  if (rill_test_probe.cancel_after != 0 && rendered == rill_test_probe.cancel_after)
    g_cancellable_cancel (rill_test_probe.cancellable);
  return TRUE;
}

static gboolean
slow_sink_flush (RillSink *sink, GError **error)
{
  __atomic_fetch_add (&rill_test_probe.flushes, 1, __ATOMIC_SEQ_CST);
  return TRUE;
}

static void
slow_sink_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  ((RillTestSlowSink *) object)->sleep_us = g_value_get_uint (value);
}

static void
slow_sink_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  g_value_set_uint (value, ((RillTestSlowSink *) object)->sleep_us);
}

static void
rill_test_slow_sink_class_init (RillTestSlowSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = slow_sink_set_property;
  object_class->get_property = slow_sink_get_property;
  g_object_class_install_property (object_class, 1,
    g_param_spec_uint ("sleep-us", "Sleep µs", "Time spent per doc", 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  RILL_SINK_CLASS (klass)->render = slow_sink_render;
  RILL_SINK_CLASS (klass)->flush = slow_sink_flush;
  rill_element_class_set_metadata (RILL_ELEMENT_CLASS (klass), "Slow sink", "Sink/Test",
                                   "Counts docs, slowly", "Rill developers");
}

static void
rill_test_slow_sink_init (RillTestSlowSink *self)
{
}

/* ---- test-counter (passes docs, counting them as produced) ------------- */

struct _RillTestTap { RillTransform parent; };
G_DECLARE_FINAL_TYPE (RillTestTap, rill_test_tap, RILL, TEST_TAP, RillTransform)
G_DEFINE_FINAL_TYPE (RillTestTap, rill_test_tap, RILL_TYPE_TRANSFORM)

static RillDoc *
tap_transform (RillTransform *transform, RillDoc *doc, GError **error)
{
  __atomic_fetch_add (&rill_test_probe.produced, 1, __ATOMIC_SEQ_CST);
  return rill_doc_ref (doc);
}

static void
rill_test_tap_class_init (RillTestTapClass *klass)
{
  RILL_TRANSFORM_CLASS (klass)->transform = tap_transform;
  rill_element_class_set_metadata (RILL_ELEMENT_CLASS (klass), "Tap", "Filter/Test",
                                   "Counts the docs passing", "Rill developers");
}

static void
rill_test_tap_init (RillTestTap *self)
{
}

/* ---- test-fail-start -------------------------------------------------- */

struct _RillTestFailStart { RillTransform parent; };
G_DECLARE_FINAL_TYPE (RillTestFailStart, rill_test_fail_start, RILL, TEST_FAIL_START, RillTransform)
G_DEFINE_FINAL_TYPE (RillTestFailStart, rill_test_fail_start, RILL_TYPE_TRANSFORM)

static gboolean
fail_start_start (RillElement *element, GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "the database is not there");
  return FALSE;
}

static void
rill_test_fail_start_class_init (RillTestFailStartClass *klass)
{
  RILL_ELEMENT_CLASS (klass)->start = fail_start_start;
  rill_element_class_set_metadata (RILL_ELEMENT_CLASS (klass), "Failing start", "Filter/Test",
                                   "Cannot start", "Rill developers");
}

static void
rill_test_fail_start_init (RillTestFailStart *self)
{
}

/* ---- caps test elements ----------------------------------------------- */

struct _RillTestPlain { RillTransform parent; };
G_DECLARE_FINAL_TYPE (RillTestPlain, rill_test_plain, RILL, TEST_PLAIN, RillTransform)
G_DEFINE_FINAL_TYPE (RillTestPlain, rill_test_plain, RILL_TYPE_TRANSFORM)

static void
rill_test_plain_class_init (RillTestPlainClass *klass)
{
  rill_element_class_set_caps (RILL_ELEMENT_CLASS (klass), "ANY", "text/plain");
}

static void
rill_test_plain_init (RillTestPlain *self)
{
}

struct _RillTestHtml { RillTransform parent; };
G_DECLARE_FINAL_TYPE (RillTestHtml, rill_test_html, RILL, TEST_HTML, RillTransform)
G_DEFINE_FINAL_TYPE (RillTestHtml, rill_test_html, RILL_TYPE_TRANSFORM)

static void
rill_test_html_class_init (RillTestHtmlClass *klass)
{
  rill_element_class_set_caps (RILL_ELEMENT_CLASS (klass), "text/html; application/xhtml+xml",
                               "text/plain");
}

static void
rill_test_html_init (RillTestHtml *self)
{
}

void
rill_test_register_scheduler_elements (void)
{
  static const struct { const char *name; GType (*type) (void); } elements[] = {
    { "test-count-src", rill_test_count_src_get_type },
    { "test-jitter", rill_test_jitter_get_type },
    { "test-sort", rill_test_sort_get_type },
    { "test-expand", rill_test_expand_get_type },
    { "test-async", rill_test_async_get_type },
    { "test-slow-sink", rill_test_slow_sink_get_type },
    { "test-tap", rill_test_tap_get_type },
    { "test-fail-start", rill_test_fail_start_get_type },
    { "test-plain", rill_test_plain_get_type },
    { "test-html", rill_test_html_get_type },
  };

  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    if (rill_element_factory_find (elements[i].name) == NULL)
      {
        g_autoptr(GError) error = NULL;

        rill_element_register (NULL, elements[i].name, elements[i].type (), &error);
        g_assert_no_error (error);
      }
}
