/* rill-transform.h: base class of parsers and filters (1 doc in, 0..n out)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include "rill-element.h"

G_BEGIN_DECLS

#define RILL_TYPE_TRANSFORM (rill_transform_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (RillTransform, rill_transform, RILL, TRANSFORM, RillElement)

/**
 * RillTransformClass:
 * @transform: processes one doc (serial and parallel elements). Returns
 *   the doc to pass on (often @doc itself with a new reference, after
 *   changing it in place), or %NULL. With %NULL, @error says why: an
 *   error in the [error@Rill.DocError] domain with code `FILTERED` or
 *   `DUPLICATE` drops the doc on purpose, any other error fails it; the
 *   pipeline goes on either way. %NULL without an error counts as
 *   filtered. Extra docs can be pushed with [method@Rill.Transform.emit].
 * @transform_async: starts processing one doc (async elements); runs on
 *   the pipeline's I/O thread, whose main context is the thread-default
 * @transform_finish: completes @transform_async; same contract as
 *   @transform
 * @drain: called once at the end of the stream, after the last doc;
 *   may push remaining docs with [method@Rill.Transform.emit]
 * @prepare_batch: optional (serial and parallel elements): called with a
 *   batch of docs just before @transform is called on each of them, in
 *   order, on the same thread. An element that pays a round trip per call
 *   (a remote index, a model) does the work for the whole batch here and
 *   hands each doc its result in @transform; errors belong there too. A
 *   parallel element may see batches prepared on several threads at once.
 *
 * The class structure of [class@Rill.Transform].
 */
/**
 * RillTransformClass::prepare_batch:
 * @self: a transform
 * @docs: (array length=n_docs): the docs about to be transformed, in order
 * @n_docs: how many
 *
 * See [struct@Rill.TransformClass].
 */
struct _RillTransformClass
{
  RillElementClass parent_class;

  RillDoc * (*transform)        (RillTransform       *self,
                                 RillDoc             *doc,
                                 GError             **error);
  void      (*transform_async)  (RillTransform       *self,
                                 RillDoc             *doc,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
  RillDoc * (*transform_finish) (RillTransform       *self,
                                 GAsyncResult        *result,
                                 GError             **error);
  gboolean  (*drain)            (RillTransform       *self,
                                 GError             **error);
  void      (*prepare_batch)    (RillTransform       *self,
                                 RillDoc            **docs,
                                 guint                n_docs);

  /*< private >*/
  gpointer padding[7];
};

RILL_AVAILABLE_IN_ALL
void rill_transform_emit (RillTransform *self,
                          RillDoc       *doc);

G_END_DECLS
