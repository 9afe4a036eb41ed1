/* rill-sink.c: base class of elements that consume docs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-sink.h"
#include "rill-element-private.h"

/**
 * RillSink:
 *
 * The base class of elements that take docs out of a pipeline (files,
 * databases, streams, application code).
 *
 * Sinks are serial: [vfunc@Rill.Sink.render] is never called from two
 * threads at once. [vfunc@Rill.Sink.flush] makes what was rendered
 * durable; it runs at the end of the stream and when a run is cancelled,
 * so a stopped pipeline leaves nothing half-written.
 */

G_DEFINE_ABSTRACT_TYPE (RillSink, rill_sink, RILL_TYPE_ELEMENT)

enum {
  SIGNAL_RENDERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
rill_sink_class_init (RillSinkClass *klass)
{
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);

  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, NULL);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
  rill_element_class_set_max_links (element_class, 1, 0);

  /**
   * RillSink::rendered:
   * @self: the sink
   * @doc: the doc just rendered
   *
   * Emitted on a worker thread after each doc the sink consumed, only
   * when a handler is connected (`rill-launch -v` uses it).
   */
  signals[SIGNAL_RENDERED] =
    g_signal_new ("rendered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (RillSinkClass, rendered),
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RILL_TYPE_DOC);
}

static void
rill_sink_init (RillSink *self)
{
}

void
_rill_sink_emit_rendered (RillSink *self,
                          RillDoc  *doc)
{
  if (g_signal_has_handler_pending (self, signals[SIGNAL_RENDERED], 0, TRUE) ||
      RILL_SINK_GET_CLASS (self)->rendered != NULL)
    g_signal_emit (self, signals[SIGNAL_RENDERED], 0, doc);
}
