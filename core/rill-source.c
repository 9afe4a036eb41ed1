/* rill-source.c: base class of elements that produce docs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

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
