/* rill-source.c: base class of elements that produce docs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-doc-private.h"
#include "rill-source.h"

/**
 * RillSource:
 *
 * The base class of elements that put docs into a pipeline (files, feeds,
 * WARC archives, application code).
 *
 * The pipeline calls [vfunc@Rill.Source.create] on a thread of its own
 * and stops calling it while the elements downstream are busy, so a source
 * never needs to buffer. Implement [vfunc@Rill.Source.create_batch] for a
 * live source that should not hold docs back while it waits for more.
 *
 * A source that reads from a store with acknowledgements (a queue, a
 * stream with consumer groups) calls [method@Rill.Source.track] on each
 * doc and acknowledges in [vfunc@Rill.Source.settled]: then nothing is
 * acknowledged before it is durably written, and whatever a killed
 * process had not finished is delivered again. See the acknowledgement
 * path in docs/architecture.md.
 */

G_DEFINE_ABSTRACT_TYPE (RillSource, rill_source, RILL_TYPE_ELEMENT)

static void
rill_source_class_init (RillSourceClass *klass)
{
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);

  rill_element_class_set_caps (element_class, NULL, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
  rill_element_class_set_max_links (element_class, 0, 1);
}

static void
rill_source_init (RillSource *self)
{
}

/**
 * rill_source_track:
 * @self: a source
 * @doc: a doc that @self is about to hand on
 * @token: what identifies @doc to @self (a message or entry id)
 *
 * Asks to be told when @doc is done with: [vfunc@Rill.Source.settled] is
 * called with @token once @doc and every doc made from it (tee's copies,
 * docs a transform emitted while it had @doc) were rendered by every sink
 * they reached and that sink's [vfunc@Rill.Sink.flush] succeeded, or were
 * filtered, dropped as duplicates or failed. Sinks are flushed at the end
 * of the stream, on cancel, and every [property@Rill.Pipeline:checkpoint-interval]
 * while they hold tracked docs.
 *
 * If a sink cannot flush, or the process dies, the doc is never settled.
 * Call it at most once per doc.
 */
void
rill_source_track (RillSource *self,
                   RillDoc    *doc,
                   const char *token)
{
  g_return_if_fail (RILL_IS_SOURCE (self));
  g_return_if_fail (doc != NULL);
  g_return_if_fail (token != NULL);

  _rill_doc_take_receipt (doc, _rill_receipt_new (self, token));
}
