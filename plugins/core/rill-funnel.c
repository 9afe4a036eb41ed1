/* rill-funnel.c: merges streams
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-core-elements.h"

/**
 * RillFunnel:
 *
 * `funnel` has any number of inputs and merges their docs into one
 * stream, in the order they arrive; it ends when all its inputs have
 * ended.
 */

#define RILL_TYPE_FUNNEL (rill_funnel_get_type ())
G_DECLARE_FINAL_TYPE (RillFunnel, rill_funnel, RILL, FUNNEL, RillTransform)

struct _RillFunnel
{
  RillTransform parent_instance;
};

G_DEFINE_FINAL_TYPE (RillFunnel, rill_funnel, RILL_TYPE_TRANSFORM)

static RillDoc *
rill_funnel_transform (RillTransform  *transform,
                       RillDoc        *doc,
                       GError        **error)
{
  /* The pipeline merges the inputs' queues; nothing to do here. */
  return rill_doc_ref (doc);
}

static void
rill_funnel_class_init (RillFunnelClass *klass)
{
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillTransformClass *transform_class = RILL_TRANSFORM_CLASS (klass);

  transform_class->transform = rill_funnel_transform;

  rill_element_class_set_metadata (element_class,
                                   "Funnel",
                                   "Filter/Flow",
                                   "Merges the docs of all the elements linked to it into one stream",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_PARALLEL);
  rill_element_class_set_max_links (element_class, G_MAXUINT, 1);
}

static void
rill_funnel_init (RillFunnel *self)
{
}
