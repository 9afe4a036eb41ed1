/* rill-limit.c: passes the first N docs, filters the rest
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-core-elements.h"

/**
 * RillLimit:
 *
 * `limit` passes the first `max` docs of the stream on and filters every
 * later one (accounted as filtered, with the reason "limit of N
 * reached"). It is serial, so "first" means first in stream order. The
 * count starts again when a run starts.
 */

#define RILL_TYPE_LIMIT (rill_limit_get_type ())
G_DECLARE_FINAL_TYPE (RillLimit, rill_limit, RILL, LIMIT, RillTransform)

struct _RillLimit
{
  RillTransform parent_instance;

  guint64 max;
  guint64 passed;
};

enum {
  PROP_0,
  PROP_MAX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillLimit, rill_limit, RILL_TYPE_TRANSFORM)

static gboolean
rill_limit_start (RillElement  *element,
                  GError      **error)
{
  RILL_LIMIT (element)->passed = 0;
  return TRUE;
}

static RillDoc *
rill_limit_transform (RillTransform  *transform,
                      RillDoc        *doc,
                      GError        **error)
{
  RillLimit *self = RILL_LIMIT (transform);

  if (self->passed >= self->max)
    {
      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FILTERED,
                   "limit of %" G_GUINT64_FORMAT " reached", self->max);
      return NULL;
    }

  self->passed++;
  return rill_doc_ref (doc);
}

static void
rill_limit_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RillLimit *self = RILL_LIMIT (object);

  switch (prop_id)
    {
    case PROP_MAX:
      g_value_set_uint64 (value, self->max);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_limit_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  RillLimit *self = RILL_LIMIT (object);

  switch (prop_id)
    {
    case PROP_MAX:
      self->max = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_limit_class_init (RillLimitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillTransformClass *transform_class = RILL_TRANSFORM_CLASS (klass);

  object_class->get_property = rill_limit_get_property;
  object_class->set_property = rill_limit_set_property;

  element_class->start = rill_limit_start;
  transform_class->transform = rill_limit_transform;

  properties[PROP_MAX] =
    g_param_spec_uint64 ("max", "Maximum",
                         "How many docs to pass on; later docs are "
                         "filtered",
                         0, G_MAXUINT64, G_MAXUINT64,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "Limit",
                                   "Filter/Flow",
                                   "Passes the first N docs and filters the "
                                   "rest",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
rill_limit_init (RillLimit *self)
{
  self->max = G_MAXUINT64;
}
