/* rill-transform.c: base class of parsers and filters (1 doc in, 0..n out)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-transform.h"
#include "rill-element-private.h"

/**
 * RillTransform:
 *
 * The base class of parsers and filters: each doc in gives zero, one or
 * more docs out.
 *
 * Serial and parallel elements implement [vfunc@Rill.Transform.transform];
 * async ones (network clients) implement
 * [vfunc@Rill.Transform.transform_async] and
 * [vfunc@Rill.Transform.transform_finish]. A transform never deals with
 * threads or queues: the pipeline decides where and when it runs, from
 * the concurrency its class declares.
 */

G_DEFINE_ABSTRACT_TYPE (RillTransform, rill_transform, RILL_TYPE_ELEMENT)

static GPrivate emit_target;

static void
rill_transform_class_init (RillTransformClass *klass)
{
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);

  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_transform_init (RillTransform *self)
{
}

void
_rill_transform_set_emit_target (GPtrArray *target)
{
  g_private_set (&emit_target, target);
}

/**
 * rill_transform_emit:
 * @self: a transform
 * @doc: (transfer none): a doc to pass downstream
 *
 * Passes on one more doc from inside [vfunc@Rill.Transform.transform] or
 * [vfunc@Rill.Transform.drain], for elements that turn one doc into many
 * (a feed into its entries, a page into its links). The docs are passed
 * on in the order they are emitted, before the one the function returns.
 */
void
rill_transform_emit (RillTransform *self,
                     RillDoc       *doc)
{
  GPtrArray *target;

  g_return_if_fail (RILL_IS_TRANSFORM (self));
  g_return_if_fail (doc != NULL);

  target = g_private_get (&emit_target);
  if (target == NULL)
    {
      g_critical ("%s: rill_transform_emit() called outside transform() or drain()",
                  G_OBJECT_TYPE_NAME (self));
      return;
    }
  g_ptr_array_add (target, rill_doc_ref (doc));
}
