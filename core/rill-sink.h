/* rill-sink.h: base class of elements that consume docs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include "rill-element.h"

G_BEGIN_DECLS

#define RILL_TYPE_SINK (rill_sink_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (RillSink, rill_sink, RILL, SINK, RillElement)

/**
 * RillSinkClass:
 * @render: consumes one doc. An error fails this doc only.
 * @flush: makes everything rendered so far durable (called at the end of
 *   the stream, after a cancel, and whenever the pipeline asks for a
 *   checkpoint)
 * @rendered: default handler of [signal@Rill.Sink::rendered]
 *
 * The class structure of [class@Rill.Sink]. Sinks are serial: @render is
 * never called from two threads at once.
 */
struct _RillSinkClass
{
  RillElementClass parent_class;

  gboolean (*render)   (RillSink  *self,
                        RillDoc   *doc,
                        GError   **error);
  gboolean (*flush)    (RillSink  *self,
                        GError   **error);
  void     (*rendered) (RillSink  *self,
                        RillDoc   *doc);

  /*< private >*/
  gpointer padding[8];
};

G_END_DECLS
