/* rill-identity.c: passes docs on unchanged (for tests and debugging)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-core-elements.h"

/**
 * RillIdentity:
 *
 * `identity` passes every doc on unchanged. It is parallel, so it runs on
 * every worker thread at once. For tests it can sleep for each doc
 * (`sleep-us`) and fail the Nth doc it receives (`error-after`, counted
 * from 1 in the order docs arrive, reset when a run starts).
 */

#define RILL_TYPE_IDENTITY (rill_identity_get_type ())
G_DECLARE_FINAL_TYPE (RillIdentity, rill_identity, RILL, IDENTITY, RillTransform)

struct _RillIdentity
{
  RillTransform parent_instance;

  guint sleep_us;
  guint error_after;
  guint seen;       /* atomic */
};

enum {
  PROP_0,
  PROP_SLEEP_US,
  PROP_ERROR_AFTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillIdentity, rill_identity, RILL_TYPE_TRANSFORM)

static gboolean
rill_identity_start (RillElement  *element,
                     GError      **error)
{
  RillIdentity *self = RILL_IDENTITY (element);

  g_atomic_int_set (&self->seen, 0);
  return TRUE;
}

static RillDoc *
rill_identity_transform (RillTransform  *transform,
                         RillDoc        *doc,
                         GError        **error)
{
  RillIdentity *self = RILL_IDENTITY (transform);
  guint n = (guint) g_atomic_int_add (&self->seen, 1) + 1;

  if (self->sleep_us > 0)
    g_usleep (self->sleep_us);

  if (self->error_after > 0 && n == self->error_after)
    {
      const char *url = rill_doc_get_string (doc, RILL_FIELD_URL);

      g_set_error (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
                   "%s: failing doc number %u (%s) as error-after asks",
                   rill_element_get_name (RILL_ELEMENT (self)), n,
                   url != NULL ? url : "without url");
      return NULL;
    }

  return rill_doc_ref (doc);
}

static void
rill_identity_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RillIdentity *self = RILL_IDENTITY (object);

  switch (prop_id)
    {
    case PROP_SLEEP_US:
      g_value_set_uint (value, self->sleep_us);
      break;
    case PROP_ERROR_AFTER:
      g_value_set_uint (value, self->error_after);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_identity_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RillIdentity *self = RILL_IDENTITY (object);

  switch (prop_id)
    {
    case PROP_SLEEP_US:
      self->sleep_us = g_value_get_uint (value);
      break;
    case PROP_ERROR_AFTER:
      self->error_after = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_identity_class_init (RillIdentityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillTransformClass *transform_class = RILL_TRANSFORM_CLASS (klass);

  object_class->get_property = rill_identity_get_property;
  object_class->set_property = rill_identity_set_property;

  element_class->start = rill_identity_start;
  transform_class->transform = rill_identity_transform;

  properties[PROP_SLEEP_US] =
    g_param_spec_uint ("sleep-us", "Sleep",
                       "Microseconds to sleep for each doc (to simulate "
                       "slow work in tests)",
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_AFTER] =
    g_param_spec_uint ("error-after", "Error after",
                       "Fail the Nth doc received (counted from 1); 0 "
                       "never fails (for tests of the failure path)",
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "Identity",
                                   "Filter/Debug",
                                   "Passes docs on unchanged; can slow down "
                                   "or fail one doc for tests",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_PARALLEL);
}

static void
rill_identity_init (RillIdentity *self)
{
}
