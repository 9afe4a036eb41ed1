/* rill-test-burn.c: a CPU-bound parallel transform for tests and benchmarks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-test-utils.h"

/* `test-burn work=N` spends N rounds of integer hashing per doc and writes
 * the result into the field `burn`, so a test can check every doc went
 * through it and a benchmark can measure parallel speed-up. */
struct _RillTestBurn
{
  RillTransform parent_instance;

  guint work;
};

G_DEFINE_FINAL_TYPE (RillTestBurn, rill_test_burn, RILL_TYPE_TRANSFORM)

enum {
  PROP_0,
  PROP_WORK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static RillDoc *
rill_test_burn_transform (RillTransform  *transform,
                          RillDoc        *doc,
                          GError        **error)
{
  RillTestBurn *self = RILL_TEST_BURN (transform);
  guint64 h = rill_doc_get_seq (doc) | 1;

  for (guint i = 0; i < self->work; i++)
    {
      h ^= h >> 33;
      h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
      h ^= h >> 29;
    }
  rill_doc_set_int (doc, "burn", (gint64) (h & G_MAXINT64));
  return rill_doc_ref (doc);
}

static void
rill_test_burn_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RillTestBurn *self = RILL_TEST_BURN (object);

  switch (prop_id)
    {
    case PROP_WORK:
      g_value_set_uint (value, self->work);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_test_burn_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RillTestBurn *self = RILL_TEST_BURN (object);

  switch (prop_id)
    {
    case PROP_WORK:
      self->work = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_test_burn_class_init (RillTestBurnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);

  object_class->get_property = rill_test_burn_get_property;
  object_class->set_property = rill_test_burn_set_property;
  RILL_TRANSFORM_CLASS (klass)->transform = rill_test_burn_transform;

  properties[PROP_WORK] =
    g_param_spec_uint ("work", "Work", "Hashing rounds per doc",
                       0, G_MAXUINT, 1000,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class, "CPU burner",
                                   "Filter/Test", "Spends CPU time on each doc (tests only)",
                                   "Rill developers");
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_PARALLEL);
}

static void
rill_test_burn_init (RillTestBurn *self)
{
  self->work = 1000;
}
