/* rill-element.h: base class of everything in a pipeline
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__RILL_INSIDE__) && !defined(RILL_COMPILATION)
#error "Only <rill.h> can be included directly."
#endif

#include "rill-types.h"
#include "rill-doc.h"

G_BEGIN_DECLS

#define RILL_TYPE_ELEMENT (rill_element_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (RillElement, rill_element, RILL, ELEMENT, GObject)

/**
 * RillElementClass:
 * @start: called once before the first doc; open files, connections
 * @stop: called once after the last doc (also after a cancelled run);
 *   close and flush. An error here fails the run.
 *
 * The class structure of [class@Rill.Element]. Subclasses describe
 * themselves in `class_init` with [method@Rill.ElementClass.set_metadata],
 * [method@Rill.ElementClass.set_caps] and
 * [method@Rill.ElementClass.set_concurrency].
 */
struct _RillElementClass
{
  GObjectClass parent_class;

  gboolean (*start) (RillElement  *self,
                     GError      **error);
  gboolean (*stop)  (RillElement  *self,
                     GError      **error);

  /*< private >*/
  gpointer padding[12];
};

/**
 * RILL_CAPS_ANY:
 *
 * Caps that meet any other caps.
 */
#define RILL_CAPS_ANY "ANY"

RILL_AVAILABLE_IN_ALL
void            rill_element_class_set_metadata    (RillElementClass *klass,
                                                    const char       *long_name,
                                                    const char       *classification,
                                                    const char       *description,
                                                    const char       *author);
RILL_AVAILABLE_IN_ALL
void            rill_element_class_set_caps        (RillElementClass *klass,
                                                    const char       *accepts,
                                                    const char       *produces);
RILL_AVAILABLE_IN_ALL
void            rill_element_class_set_concurrency (RillElementClass *klass,
                                                    RillConcurrency   concurrency);
RILL_AVAILABLE_IN_ALL
void            rill_element_class_set_max_links   (RillElementClass *klass,
                                                    guint             max_inputs,
                                                    guint             max_outputs);
RILL_AVAILABLE_IN_ALL
const char     *rill_element_class_get_long_name   (RillElementClass *klass);
RILL_AVAILABLE_IN_ALL
const char     *rill_element_class_get_classification (RillElementClass *klass);
RILL_AVAILABLE_IN_ALL
const char     *rill_element_class_get_description (RillElementClass *klass);
RILL_AVAILABLE_IN_ALL
const char     *rill_element_class_get_author      (RillElementClass *klass);
RILL_AVAILABLE_IN_ALL
const char     *rill_element_class_get_accepts     (RillElementClass *klass);
RILL_AVAILABLE_IN_ALL
const char     *rill_element_class_get_produces    (RillElementClass *klass);
RILL_AVAILABLE_IN_ALL
RillConcurrency rill_element_class_get_concurrency (RillElementClass *klass);
RILL_AVAILABLE_IN_ALL
guint           rill_element_class_get_max_inputs  (RillElementClass *klass);
RILL_AVAILABLE_IN_ALL
guint           rill_element_class_get_max_outputs (RillElementClass *klass);

RILL_AVAILABLE_IN_ALL
gboolean        rill_caps_can_meet                 (const char *produces,
                                                    const char *accepts);

RILL_AVAILABLE_IN_ALL
const char     *rill_element_get_name        (RillElement  *self);
RILL_AVAILABLE_IN_ALL
void            rill_element_set_name        (RillElement  *self,
                                              const char   *name);
RILL_AVAILABLE_IN_ALL
const char     *rill_element_get_factory_name (RillElement *self);
RILL_AVAILABLE_IN_ALL
RillPipeline   *rill_element_get_pipeline    (RillElement  *self);
RILL_AVAILABLE_IN_ALL
gboolean        rill_element_link            (RillElement  *self,
                                              RillElement  *dest,
                                              GError      **error);
RILL_AVAILABLE_IN_ALL
gboolean        rill_element_link_many       (GError      **error,
                                              RillElement  *first,
                                              RillElement  *second,
                                              ...) G_GNUC_NULL_TERMINATED;
RILL_AVAILABLE_IN_ALL
GPtrArray      *rill_element_get_outputs     (RillElement  *self);
RILL_AVAILABLE_IN_ALL
GPtrArray      *rill_element_get_inputs      (RillElement  *self);

RILL_AVAILABLE_IN_ALL
void            rill_element_report_failure  (RillElement  *self,
                                              RillDoc      *doc,
                                              const GError *error);
RILL_AVAILABLE_IN_ALL
void            rill_element_report_warning  (RillElement  *self,
                                              const char   *format,
                                              ...) G_GNUC_PRINTF (2, 3);
RILL_AVAILABLE_IN_ALL
gboolean        rill_element_is_cancelled    (RillElement  *self);

G_END_DECLS
