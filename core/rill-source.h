/* rill-source.h: base class of elements that produce docs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include "rill-element.h"

G_BEGIN_DECLS

#define RILL_TYPE_SOURCE (rill_source_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (RillSource, rill_source, RILL, SOURCE, RillElement)

/**
 * RillSourceClass:
 * @create: returns the next doc, or %NULL at the end of the stream. A
 *   %NULL return with @error set fails the whole run; for one bad record,
 *   call [method@Rill.Element.report_failure] and return the next doc
 *   instead. Runs on a thread of its own and may block; it should return
 *   soon after @cancellable is cancelled.
 * @create_batch: optional; fills @docs with up to @max docs and returns
 *   how many, 0 at the end of the stream. Live sources implement it so
 *   that they block only until the first doc is there.
 * @settled: called once for each doc passed to [method@Rill.Source.track]
 *   when it is done with: it and every doc made from it were written by
 *   every sink and made durable by the sink's flush, or were filtered,
 *   dropped as duplicates or failed. May be called from any thread,
 *   also while @create runs and after the run ended.
 *
 * The class structure of [class@Rill.Source].
 */
struct _RillSourceClass
{
  RillElementClass parent_class;

  RillDoc * (*create)       (RillSource    *self,
                             GCancellable  *cancellable,
                             GError       **error);
  guint     (*create_batch) (RillSource    *self,
                             RillDoc      **docs,
                             guint          max,
                             GCancellable  *cancellable,
                             GError       **error);
  void      (*settled)      (RillSource    *self,
                             const char    *token);

  /*< private >*/
  gpointer padding[7];
};

RILL_AVAILABLE_IN_ALL
void rill_source_track (RillSource *self,
                        RillDoc    *doc,
                        const char *token);

G_END_DECLS
