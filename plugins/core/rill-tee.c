/* rill-tee.c: branches the stream
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-core-elements.h"

/**
 * RillTee:
 *
 * `tee` has any number of outputs: the pipeline gives each doc to the
 * first element linked after it and a copy to each of the others, so a
 * stream can go both to a file and to an application, for example.
 */

#define RILL_TYPE_TEE (rill_tee_get_type ())
G_DECLARE_FINAL_TYPE (RillTee, rill_tee, RILL, TEE, RillTransform)

struct _RillTee
{
  RillTransform parent_instance;
};

G_DEFINE_FINAL_TYPE (RillTee, rill_tee, RILL_TYPE_TRANSFORM)

static RillDoc *
rill_tee_transform (RillTransform  *transform,
                    RillDoc        *doc,
                    GError        **error)
{
  /* The pipeline copies the doc to each link; nothing to do here. */
  return rill_doc_ref (doc);
}

static void
rill_tee_class_init (RillTeeClass *klass)
{
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillTransformClass *transform_class = RILL_TRANSFORM_CLASS (klass);

  transform_class->transform = rill_tee_transform;

  rill_element_class_set_metadata (element_class,
                                   "Tee",
                                   "Filter/Flow",
                                   "Sends every doc to all the elements linked after it",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_PARALLEL);
  rill_element_class_set_max_links (element_class, 1, G_MAXUINT);
}

static void
rill_tee_init (RillTee *self)
{
}
