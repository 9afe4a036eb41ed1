/* test-parse.c: launch lines, property values and name suggestions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The elements used here are registered by this program (no plugin is
 * needed): parse-test-elem has a property of every type the parser knows.
 * The fuzz harness (tests/fuzz/fuzz-launch.c) includes this file with
 * RILL_PARSE_TEST_ELEMENTS_ONLY defined to register the same elements.
 */
#include <string.h>

#include <rill.h>

/* ---------------------------------------------------------------------- */
/* Test element types                                                     */

typedef enum {
  PTEST_MODE_FAST = 0,
  PTEST_MODE_SLOW = 1,
  PTEST_MODE_CAREFUL = 5,
} PtestMode;

typedef enum {
  PTEST_OPTION_ALPHA = 1 << 0,
  PTEST_OPTION_BETA = 1 << 1,
  PTEST_OPTION_GAMMA = 1 << 2,
} PtestOptions;

static GType
ptest_mode_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { PTEST_MODE_FAST, "PTEST_MODE_FAST", "fast" },
    { PTEST_MODE_SLOW, "PTEST_MODE_SLOW", "slow" },
    { PTEST_MODE_CAREFUL, "PTEST_MODE_CAREFUL", "careful" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("PtestMode", values));
  return type;
}

static GType
ptest_options_get_type (void)
{
  static gsize type = 0;
  static const GFlagsValue values[] = {
    { PTEST_OPTION_ALPHA, "PTEST_OPTION_ALPHA", "alpha" },
    { PTEST_OPTION_BETA, "PTEST_OPTION_BETA", "beta" },
    { PTEST_OPTION_GAMMA, "PTEST_OPTION_GAMMA", "gamma" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_flags_register_static ("PtestOptions", values));
  return type;
}

/* parse-test-elem: a transform with one property of every type; the
 * values live in a GValue array indexed by property id. */
enum {
  PROP_0,
  PROP_COUNT,
  PROP_MAX,
  PROP_OFFSET,
  PROP_BIG,
  PROP_RATIO,
  PROP_WEIGHT,
  PROP_SHARE,
  PROP_SILENT,
  PROP_MODE,
  PROP_OPTIONS,
  PROP_LABEL,
  PROP_TAGS,
  PROP_LETTER,
  PROP_BYTE,
  PROP_DELTA,
  PROP_SIZE,
  PROP_SYMBOL,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *elem_properties[N_PROPS];
static gint ptest_live_elements;

#define PTEST_TYPE_ELEM (ptest_elem_get_type ())
G_DECLARE_FINAL_TYPE (PtestElem, ptest_elem, PTEST, ELEM, RillTransform)

struct _PtestElem
{
  RillTransform parent_instance;
  GValue values[N_PROPS];
};

G_DEFINE_FINAL_TYPE (PtestElem, ptest_elem, RILL_TYPE_TRANSFORM)

static RillDoc *
ptest_elem_transform (RillTransform  *transform,
                      RillDoc        *doc,
                      GError        **error)
{
  return rill_doc_ref (doc);
}

static void
ptest_elem_finalize (GObject *object)
{
  PtestElem *self = PTEST_ELEM (object);

  for (guint i = 1; i < N_PROPS; i++)
    g_value_unset (&self->values[i]);
  g_atomic_int_add (&ptest_live_elements, -1);
  G_OBJECT_CLASS (ptest_elem_parent_class)->finalize (object);
}

static void
ptest_elem_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  g_value_copy (&PTEST_ELEM (object)->values[prop_id], value);
}

static void
ptest_elem_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  g_value_copy (value, &PTEST_ELEM (object)->values[prop_id]);
}

static void
ptest_elem_class_init (PtestElemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillTransformClass *transform_class = RILL_TRANSFORM_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ptest_elem_finalize;
  object_class->get_property = ptest_elem_get_property;
  object_class->set_property = ptest_elem_set_property;
  transform_class->transform = ptest_elem_transform;

  elem_properties[PROP_COUNT] =
    g_param_spec_int ("count", "Count", "An int from 0 to 100", 0, 100, 10, rw);
  elem_properties[PROP_MAX] =
    g_param_spec_uint ("max", "Max", "A uint up to 1000", 0, 1000, 1000, rw);
  elem_properties[PROP_OFFSET] =
    g_param_spec_int64 ("offset", "Offset", "Any int64",
                        G_MININT64, G_MAXINT64, 0, rw);
  elem_properties[PROP_BIG] =
    g_param_spec_uint64 ("big", "Big", "Any uint64", 0, G_MAXUINT64, 0, rw);
  elem_properties[PROP_RATIO] =
    g_param_spec_double ("ratio", "Ratio", "A double from 0 to 1", 0.0, 1.0, 0.5, rw);
  elem_properties[PROP_WEIGHT] =
    g_param_spec_float ("weight", "Weight", "A float from -10 to 10",
                        -10.0f, 10.0f, 1.0f, rw);
  elem_properties[PROP_SHARE] =
    g_param_spec_float ("share", "Share", "A float from 0.1 to 0.9",
                        0.1f, 0.9f, 0.5f, rw);
  elem_properties[PROP_SILENT] =
    g_param_spec_boolean ("silent", "Silent", "A boolean", FALSE, rw);
  elem_properties[PROP_MODE] =
    g_param_spec_enum ("mode", "Mode", "An enum", ptest_mode_get_type (),
                       PTEST_MODE_FAST, rw);
  elem_properties[PROP_OPTIONS] =
    g_param_spec_flags ("options", "Options", "Flags", ptest_options_get_type (),
                        0, rw);
  elem_properties[PROP_LABEL] =
    g_param_spec_string ("label", "Label", "A string", NULL, rw);
  elem_properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", "Tags", "A string list", G_TYPE_STRV, rw);
  elem_properties[PROP_LETTER] =
    g_param_spec_char ("letter", "Letter", "A signed char", G_MININT8, G_MAXINT8, 0, rw);
  elem_properties[PROP_BYTE] =
    g_param_spec_uchar ("byte", "Byte", "An unsigned char", 0, G_MAXUINT8, 0, rw);
  elem_properties[PROP_DELTA] =
    g_param_spec_long ("delta", "Delta", "A long from -5 to 5", -5, 5, 0, rw);
  elem_properties[PROP_SIZE] =
    g_param_spec_ulong ("size", "Size", "Any ulong", 0, G_MAXULONG, 0, rw);
  elem_properties[PROP_SYMBOL] =
    g_param_spec_unichar ("symbol", "Symbol", "One character", 'x', rw);
  elem_properties[PROP_STATUS] =
    g_param_spec_string ("status", "Status", "Read-only", "idle",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, elem_properties);

  rill_element_class_set_metadata (element_class, "Parse test element",
                                   "Filter/Test", "Has a property of every type",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_SERIAL);
}

static void
ptest_elem_init (PtestElem *self)
{
  for (guint i = 1; i < N_PROPS; i++)
    {
      g_value_init (&self->values[i], elem_properties[i]->value_type);
      g_param_value_set_default (elem_properties[i], &self->values[i]);
    }
  g_atomic_int_inc (&ptest_live_elements);
}

/* ptest-src (produces text/plain), ptest-sink (accepts text/plain),
 * ptest-html-sink (accepts text/html), ptest-tee (many outputs),
 * ptest-funnel (many inputs). */
#define PTEST_TYPE_SRC (ptest_src_get_type ())
G_DECLARE_FINAL_TYPE (PtestSrc, ptest_src, PTEST, SRC, RillSource)
struct _PtestSrc
{
  RillSource parent_instance;
  char *location;
};
G_DEFINE_FINAL_TYPE (PtestSrc, ptest_src, RILL_TYPE_SOURCE)

static RillDoc *
ptest_src_create (RillSource    *source,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return NULL;
}

static void
ptest_src_finalize (GObject *object)
{
  g_free (PTEST_SRC (object)->location);
  g_atomic_int_add (&ptest_live_elements, -1);
  G_OBJECT_CLASS (ptest_src_parent_class)->finalize (object);
}

static void
ptest_src_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  g_value_set_string (value, PTEST_SRC (object)->location);
}

static void
ptest_src_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  g_free (PTEST_SRC (object)->location);
  PTEST_SRC (object)->location = g_value_dup_string (value);
}

static void
ptest_src_class_init (PtestSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);

  object_class->finalize = ptest_src_finalize;
  object_class->get_property = ptest_src_get_property;
  object_class->set_property = ptest_src_set_property;
  RILL_SOURCE_CLASS (klass)->create = ptest_src_create;
  g_object_class_install_property (object_class, 1,
    g_param_spec_string ("location", "Location", "Where the docs come from", NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  rill_element_class_set_metadata (element_class, "Parse test source",
                                   "Source/Test", "Produces nothing", "Rill developers");
  rill_element_class_set_caps (element_class, NULL, "text/plain");
}

static void
ptest_src_init (PtestSrc *self)
{
  g_atomic_int_inc (&ptest_live_elements);
}

#define DEFINE_PTEST_SINK(Name, name, NAME, accepts)                         \
  G_DECLARE_FINAL_TYPE (Name, name, PTEST, NAME, RillSink)                   \
  struct _##Name { RillSink parent_instance; };                              \
  G_DEFINE_FINAL_TYPE (Name, name, RILL_TYPE_SINK)                           \
  static gboolean name##_render (RillSink *sink, RillDoc *doc, GError **error) \
  { return TRUE; }                                                           \
  static void name##_finalize (GObject *object)                              \
  {                                                                          \
    g_atomic_int_add (&ptest_live_elements, -1);                             \
    G_OBJECT_CLASS (name##_parent_class)->finalize (object);                 \
  }                                                                          \
  static void name##_class_init (Name##Class *klass)                         \
  {                                                                          \
    G_OBJECT_CLASS (klass)->finalize = name##_finalize;                      \
    RILL_SINK_CLASS (klass)->render = name##_render;                         \
    rill_element_class_set_metadata (RILL_ELEMENT_CLASS (klass),             \
                                     "Parse test sink", "Sink/Test",         \
                                     "Drops docs", "Rill developers");       \
    rill_element_class_set_caps (RILL_ELEMENT_CLASS (klass), accepts, NULL); \
  }                                                                          \
  static void name##_init (Name *self)                                       \
  {                                                                          \
    g_atomic_int_inc (&ptest_live_elements);                                 \
  }

DEFINE_PTEST_SINK (PtestSink, ptest_sink, SINK, "text/plain")
DEFINE_PTEST_SINK (PtestHtmlSink, ptest_html_sink, HTML_SINK, "text/html")

#define DEFINE_PTEST_LINKER(Name, name, NAME, max_in, max_out)               \
  G_DECLARE_FINAL_TYPE (Name, name, PTEST, NAME, RillTransform)              \
  struct _##Name { RillTransform parent_instance; };                         \
  G_DEFINE_FINAL_TYPE (Name, name, RILL_TYPE_TRANSFORM)                      \
  static RillDoc *name##_transform (RillTransform *t, RillDoc *doc,          \
                                    GError **error)                          \
  { return rill_doc_ref (doc); }                                             \
  static void name##_finalize (GObject *object)                              \
  {                                                                          \
    g_atomic_int_add (&ptest_live_elements, -1);                             \
    G_OBJECT_CLASS (name##_parent_class)->finalize (object);                 \
  }                                                                          \
  static void name##_class_init (Name##Class *klass)                         \
  {                                                                          \
    G_OBJECT_CLASS (klass)->finalize = name##_finalize;                      \
    RILL_TRANSFORM_CLASS (klass)->transform = name##_transform;              \
    rill_element_class_set_metadata (RILL_ELEMENT_CLASS (klass),             \
                                     "Parse test linker", "Filter/Test",     \
                                     "Passes docs on", "Rill developers");   \
    rill_element_class_set_caps (RILL_ELEMENT_CLASS (klass),                 \
                                 RILL_CAPS_ANY, RILL_CAPS_ANY);              \
    rill_element_class_set_max_links (RILL_ELEMENT_CLASS (klass),            \
                                      max_in, max_out);                      \
  }                                                                          \
  static void name##_init (Name *self)                                       \
  {                                                                          \
    g_atomic_int_inc (&ptest_live_elements);                                 \
  }

DEFINE_PTEST_LINKER (PtestTee, ptest_tee, TEE, 1, G_MAXUINT)
DEFINE_PTEST_LINKER (PtestFunnel, ptest_funnel, FUNNEL, G_MAXUINT, 1)

static void
parse_test_register_elements (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rill_element_register (NULL, "parse-test-elem", PTEST_TYPE_ELEM, &error));
  g_assert_true (rill_element_register (NULL, "ptest-src", PTEST_TYPE_SRC, &error));
  g_assert_true (rill_element_register (NULL, "ptest-sink", ptest_sink_get_type (), &error));
  g_assert_true (rill_element_register (NULL, "ptest-html-sink", ptest_html_sink_get_type (), &error));
  g_assert_true (rill_element_register (NULL, "ptest-tee", ptest_tee_get_type (), &error));
  g_assert_true (rill_element_register (NULL, "ptest-funnel", ptest_funnel_get_type (), &error));
  g_assert_no_error (error);
}

#ifndef RILL_PARSE_TEST_ELEMENTS_ONLY

/* ---------------------------------------------------------------------- */
/* Helpers                                                                */

static RillPipeline *
parse_ok (const char *line)
{
  g_autoptr(GError) error = NULL;
  guint column = 99;
  RillPipeline *pipeline = rill_parse_launch_full (line, &column, &error);

  if (error != NULL)
    g_test_message ("line: %s", line);
  g_assert_no_error (error);
  g_assert_nonnull (pipeline);
  g_assert_cmpuint (column, ==, 0);
  return pipeline;
}

/* Parses a line that must fail; returns the message. */
static char *
parse_fail (const char *line,
            gint        code,
            guint       column)
{
  g_autoptr(GError) error = NULL;
  guint got_column = 0;
  RillPipeline *pipeline = rill_parse_launch_full (line, &got_column, &error);
  g_autofree char *printable = g_utf8_make_valid (line, -1);

  g_test_message ("line: %s -> %s", printable, error ? error->message : "(no error)");
  g_assert_null (pipeline);
  g_assert_error (error, RILL_PARSE_ERROR, code);
  g_assert_cmpuint (got_column, ==, column);
  /* nothing half-built stays alive */
  g_assert_cmpint (g_atomic_int_get (&ptest_live_elements), ==, 0);
  return g_strdup (error->message);
}

static RillElement *
by_name (RillPipeline *pipeline,
         const char   *name)
{
  RillElement *element = rill_pipeline_get_by_name (pipeline, name);

  g_assert_nonnull (element);
  return element;
}

static void
assert_linked (RillElement *from,
               RillElement *to)
{
  g_autoptr(GPtrArray) outputs = rill_element_get_outputs (from);
  g_autoptr(GPtrArray) inputs = rill_element_get_inputs (to);

  g_assert_true (g_ptr_array_find (outputs, to, NULL));
  g_assert_true (g_ptr_array_find (inputs, from, NULL));
}

static guint
n_outputs (RillElement *element)
{
  g_autoptr(GPtrArray) outputs = rill_element_get_outputs (element);

  return outputs->len;
}

static guint
n_inputs (RillElement *element)
{
  g_autoptr(GPtrArray) inputs = rill_element_get_inputs (element);

  return inputs->len;
}

static GPtrArray *
get_elements (RillPipeline *pipeline)
{
  return rill_pipeline_get_elements (pipeline);
}

static guint
n_elements (RillPipeline *pipeline)
{
  g_autoptr(GPtrArray) elements = get_elements (pipeline);

  return elements->len;
}

static char *
get_label (RillPipeline *pipeline,
           const char   *name)
{
  char *label = NULL;

  g_object_get (by_name (pipeline, name), "label", &label, NULL);
  return label;
}

/* Parses "parse-test-elem name=e PROP=VALUE-AS-WRITTEN" and returns the
 * element's property as text. */
static char *
roundtrip (const char *prop,
           const char *written)
{
  g_autofree char *line = g_strdup_printf ("parse-test-elem name=e %s=%s", prop, written);
  g_autoptr(RillPipeline) pipeline = parse_ok (line);
  g_auto(GValue) value = G_VALUE_INIT;
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (by_name (pipeline, "e")), prop);

  g_value_init (&value, pspec->value_type);
  g_object_get_property (G_OBJECT (by_name (pipeline, "e")), prop, &value);
  return rill_value_to_string (&value);
}

static char *
bad_value (const char *prop,
           const char *written)
{
  g_autofree char *line = g_strdup_printf ("parse-test-elem %s=%s", prop, written);
  guint column = strlen ("parse-test-elem ") + strlen (prop) + 2;

  return parse_fail (line, RILL_PARSE_ERROR_BAD_VALUE, column);
}

/* ---------------------------------------------------------------------- */
/* Topologies                                                             */

static void
test_chain (void)
{
  g_autoptr(RillPipeline) pipeline =
    parse_ok ("ptest-src name=s location=a.txt ! parse-test-elem name=e ! ptest-sink name=k");
  g_autofree char *location = NULL;

  g_assert_cmpuint (n_elements (pipeline), ==, 3);
  assert_linked (by_name (pipeline, "s"), by_name (pipeline, "e"));
  assert_linked (by_name (pipeline, "e"), by_name (pipeline, "k"));
  g_assert_cmpuint (n_outputs (by_name (pipeline, "k")), ==, 0);
  g_assert_cmpuint (n_inputs (by_name (pipeline, "s")), ==, 0);
  g_object_get (by_name (pipeline, "s"), "location", &location, NULL);
  g_assert_cmpstr (location, ==, "a.txt");
}

static void
test_branch (void)
{
  g_autoptr(RillPipeline) pipeline =
    parse_ok ("ptest-src name=s ! ptest-tee name=t  t. ! parse-test-elem name=e ! ptest-sink name=k1"
              "  t. ! ptest-sink name=k2");
  RillElement *t = by_name (pipeline, "t");

  g_assert_cmpuint (n_elements (pipeline), ==, 5);
  assert_linked (by_name (pipeline, "s"), t);
  assert_linked (t, by_name (pipeline, "e"));
  assert_linked (by_name (pipeline, "e"), by_name (pipeline, "k1"));
  assert_linked (t, by_name (pipeline, "k2"));
  g_assert_cmpuint (n_outputs (t), ==, 2);
}

static void
test_merge (void)
{
  /* the funnel is defined after the references to it */
  g_autoptr(RillPipeline) pipeline =
    parse_ok ("ptest-src name=a location=a ! f.  ptest-src name=b location=b ! f.  "
              "ptest-funnel name=f ! ptest-sink name=k");
  RillElement *f = by_name (pipeline, "f");

  g_assert_cmpuint (n_elements (pipeline), ==, 4);
  assert_linked (by_name (pipeline, "a"), f);
  assert_linked (by_name (pipeline, "b"), f);
  assert_linked (f, by_name (pipeline, "k"));
  g_assert_cmpuint (n_inputs (f), ==, 2);
}

static void
test_reference_in_middle (void)
{
  /* `a ! t. ! b` links a into t and t into b */
  g_autoptr(RillPipeline) pipeline =
    parse_ok ("ptest-src name=s ! m. ! ptest-sink name=k  parse-test-elem name=m");

  assert_linked (by_name (pipeline, "s"), by_name (pipeline, "m"));
  assert_linked (by_name (pipeline, "m"), by_name (pipeline, "k"));
}

static void
test_separate_chains (void)
{
  g_autoptr(RillPipeline) pipeline =
    parse_ok ("ptest-src name=s1 ! ptest-sink name=k1 ptest-src name=s2 ! ptest-sink name=k2");

  g_assert_cmpuint (n_elements (pipeline), ==, 4);
  assert_linked (by_name (pipeline, "s1"), by_name (pipeline, "k1"));
  assert_linked (by_name (pipeline, "s2"), by_name (pipeline, "k2"));
  g_assert_cmpuint (n_inputs (by_name (pipeline, "s2")), ==, 0);
}

static void
test_no_spaces (void)
{
  g_autoptr(RillPipeline) pipeline =
    parse_ok ("ptest-src name=s!parse-test-elem name=e!ptest-sink name=k");

  assert_linked (by_name (pipeline, "s"), by_name (pipeline, "e"));
  assert_linked (by_name (pipeline, "e"), by_name (pipeline, "k"));
}

static void
test_auto_names (void)
{
  g_autoptr(RillPipeline) pipeline = parse_ok ("ptest-src ! parse-test-elem ! ptest-sink");
  g_autoptr(GPtrArray) elements = get_elements (pipeline);

  g_autoptr(RillPipeline) later = NULL;

  g_assert_cmpuint (elements->len, ==, 3);
  for (guint i = 0; i < elements->len; i++)
    g_assert_nonnull (rill_element_get_name (g_ptr_array_index (elements, i)));
  g_assert_nonnull (rill_pipeline_get_by_name (pipeline, "parse-test-elem0"));

  /* an automatic name never takes one given later in the line */
  later = parse_ok ("parse-test-elem ! parse-test-elem name=parse-test-elem0 ! parse-test-elem");
  assert_linked (by_name (later, "parse-test-elem1"), by_name (later, "parse-test-elem0"));
  assert_linked (by_name (later, "parse-test-elem0"), by_name (later, "parse-test-elem2"));
}

/* ---------------------------------------------------------------------- */
/* Quoting                                                                */

static void
test_quoting (void)
{
  static const struct {
    const char *written;
    const char *expected;
  } cases[] = {
    { "plain", "plain" },
    { "\"two words\"", "two words" },
    { "'single quoted'", "single quoted" },
    { "\"a \\\"quoted\\\" word\"", "a \"quoted\" word" },
    { "\"back\\\\slash\"", "back\\slash" },
    { "\"regex \\d+\"", "regex \\d+" },
    { "'no \\\" escapes'", "no \\\" escapes" },
    { "'has \"double\" quotes'", "has \"double\" quotes" },
    { "\"has 'single' quotes\"", "has 'single' quotes" },
    { "two\\ words", "two words" },
    { "bang\\!", "bang!" },
    { "\"a ! b\"", "a ! b" },
    { "ab\"c d\"'e f'g", "abc de fg" },
    { "\"\"", "" },
    { "''", "" },
    { "http://example.com/?a=b&c=d", "http://example.com/?a=b&c=d" },
    { "x=y=z", "x=y=z" },
    { "t.", "t." },
    { "élan-ünï-日本", "élan-ünï-日本" },
    { "\\d", "\\d" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *line = g_strdup_printf ("parse-test-elem name=e label=%s ! ptest-sink",
                                               cases[i].written);
      g_autoptr(RillPipeline) pipeline = parse_ok (line);
      g_autofree char *label = get_label (pipeline, "e");

      g_assert_cmpstr (label, ==, cases[i].expected);
    }
}

static void
test_spaces_around_equals (void)
{
  g_autoptr(RillPipeline) pipeline = parse_ok ("parse-test-elem name = e label= x count =5");
  g_autofree char *label = get_label (pipeline, "e");
  int count = 0;

  g_assert_cmpstr (label, ==, "x");
  g_object_get (by_name (pipeline, "e"), "count", &count, NULL);
  g_assert_cmpint (count, ==, 5);
}

static void
test_last_assignment_wins (void)
{
  g_autoptr(RillPipeline) pipeline =
    parse_ok ("parse-test-elem name=a label=one label=two name=e");
  g_autofree char *label = get_label (pipeline, "e");

  g_assert_cmpstr (label, ==, "two");
  g_assert_null (rill_pipeline_get_by_name (pipeline, "a"));
}

static void
test_launchv (void)
{
  const char *argv1[] = { "ptest-src", "name=s", "location=my file.txt", "!",
                          "parse-test-elem", "name=e", "label=it's \"here\"", "!",
                          "ptest-sink", NULL };
  const char *argv2[] = { "parse-test-elem", "name=e", "label=\"quoted words\" and\tmore", NULL };
  const char *argv3[] = { "parse-test-elem", "name=e", "label=a\\ b\\", NULL };
  const char *argv4[] = { "nope-elem", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(RillPipeline) p1 = rill_parse_launchv (argv1, &error);
  g_autoptr(RillPipeline) p2 = NULL;
  g_autoptr(RillPipeline) p3 = NULL;
  g_autoptr(RillPipeline) p4 = NULL;
  g_autofree char *location = NULL;
  g_autofree char *label1 = NULL;
  g_autofree char *label2 = NULL;
  g_autofree char *label3 = NULL;

  g_assert_no_error (error);
  g_object_get (by_name (p1, "s"), "location", &location, NULL);
  g_assert_cmpstr (location, ==, "my file.txt");
  label1 = get_label (p1, "e");
  /* double quotes carried by the word keep their meaning, as in gst-launch */
  g_assert_cmpstr (label1, ==, "it's here");
  assert_linked (by_name (p1, "s"), by_name (p1, "e"));

  p2 = rill_parse_launchv (argv2, &error);
  g_assert_no_error (error);
  label2 = get_label (p2, "e");
  g_assert_cmpstr (label2, ==, "quoted words and\tmore");

  p3 = rill_parse_launchv (argv3, &error);
  g_assert_no_error (error);
  label3 = get_label (p3, "e");
  g_assert_cmpstr (label3, ==, "a\\ b\\");

  p4 = rill_parse_launchv (argv4, &error);
  g_assert_null (p4);
  g_assert_error (error, RILL_PARSE_ERROR, RILL_PARSE_ERROR_NO_SUCH_ELEMENT);
}

/* ---------------------------------------------------------------------- */
/* Values                                                                 */

static void
test_value_int (void)
{
  static const struct { const char *prop, *written, *read; } ok[] = {
    { "count", "0", "0" },
    { "count", "100", "100" },
    { "count", "+42", "42" },
    { "count", "0x10", "16" },
    { "count", "0X1f", "31" },
    { "count", "1_0", "10" },
    { "count", "\" 7 \"", "7" },
    { "max", "1_000", "1000" },
    { "offset", "-9223372036854775808", "-9223372036854775808" },
    { "offset", "9223372036854775807", "9223372036854775807" },
    { "offset", "-0x10", "-16" },
    { "big", "18446744073709551615", "18446744073709551615" },
    { "big", "0xffffffffffffffff", "18446744073709551615" },
    { "big", "-0", "0" },
    { "letter", "-128", "-128" },
    { "letter", "127", "127" },
    { "byte", "255", "255" },
    { "delta", "-5", "-5" },
    { "size", "123456", "123456" },
  };
  static const struct { const char *prop, *written, *expected; } bad[] = {
    { "count", "101", "expected an integer between 0 and 100" },
    { "count", "-1", "expected an integer between 0 and 100" },
    { "count", "abc", "expected an integer between 0 and 100" },
    { "count", "1.5", "expected an integer between 0 and 100" },
    { "count", "\"\"", "expected an integer between 0 and 100" },
    { "count", "1__0", "expected an integer between 0 and 100" },
    { "count", "_1", "expected an integer between 0 and 100" },
    { "count", "1_", "expected an integer between 0 and 100" },
    { "count", "0x", "expected an integer between 0 and 100" },
    { "count", "1e2", "expected an integer between 0 and 100" },
    { "max", "1001", "expected an integer between 0 and 1000" },
    { "offset", "9223372036854775808", "between -9223372036854775808 and 9223372036854775807" },
    { "offset", "-9223372036854775809", "between -9223372036854775808 and 9223372036854775807" },
    { "big", "18446744073709551616", "expected an integer between 0 and 18446744073709551615" },
    { "big", "-1", "expected an integer between 0 and 18446744073709551615" },
    { "big", "99999999999999999999999", "expected an integer between 0 and 18446744073709551615" },
    { "letter", "128", "expected an integer between -128 and 127" },
    { "byte", "256", "expected an integer between 0 and 255" },
    { "delta", "6", "expected an integer between -5 and 5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autofree char *read = roundtrip (ok[i].prop, ok[i].written);

      g_assert_cmpstr (read, ==, ok[i].read);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *message = bad_value (bad[i].prop, bad[i].written);

      g_assert_nonnull (strstr (message, bad[i].expected));
    }
}

static void
test_value_double (void)
{
  static const struct { const char *prop, *written, *read; } ok[] = {
    { "ratio", "0", "0" },
    { "ratio", "1", "1" },
    { "ratio", "0.25", "0.25" },
    { "ratio", "2.5e-1", "0.25" },
    { "ratio", "0.1", "0.1" },
    { "weight", "-10", "-10" },
    { "weight", "0.1", "0.1" },
    { "weight", "3.25", "3.25" },
    { "share", "0.1", "0.1" },            /* 0.1 < (double) 0.1f */
    { "share", "0.9", "0.9" },
  };
  static const struct { const char *prop, *written, *expected; } bad[] = {
    { "ratio", "1.5", "expected a number between 0 and 1" },
    { "ratio", "-0.1", "expected a number between 0 and 1" },
    { "ratio", "abc", "expected a number between 0 and 1" },
    { "ratio", "nan", "expected a number between 0 and 1" },
    { "ratio", "0.5x", "expected a number between 0 and 1" },
    { "ratio", "0,5", "expected a number between 0 and 1" },
    { "weight", "11", "expected a number between -10 and 10" },
    { "weight", "1e39", "expected a number between -10 and 10" },
    { "share", "0.09", "expected a number between 0.1 and 0.9" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autofree char *read = roundtrip (ok[i].prop, ok[i].written);

      g_assert_cmpstr (read, ==, ok[i].read);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *message = bad_value (bad[i].prop, bad[i].written);

      g_assert_nonnull (strstr (message, bad[i].expected));
    }
}

static void
test_value_boolean (void)
{
  static const char *yes[] = { "true", "TRUE", "yes", "on", "1", "On" };
  static const char *no[] = { "false", "no", "off", "0", "False" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      g_autofree char *read = roundtrip ("silent", yes[i]);

      g_assert_cmpstr (read, ==, "true");
    }
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    {
      g_autofree char *read = roundtrip ("silent", no[i]);

      g_assert_cmpstr (read, ==, "false");
    }
  {
    g_autofree char *message = bad_value ("silent", "maybe");

    g_assert_cmpstr (message, ==,
                     "bad value 'maybe' for property 'silent' of 'parse-test-elem' at column 24: "
                     "expected a boolean (true/false, yes/no, on/off, 1/0)");
  }
  {
    g_autofree char *message = bad_value ("silent", "2");

    g_assert_nonnull (strstr (message, "expected a boolean"));
  }
}

static void
test_value_enum (void)
{
  static const struct { const char *written, *read; } ok[] = {
    { "fast", "fast" },
    { "slow", "slow" },
    { "careful", "careful" },
    { "CAREFUL", "careful" },
    { "PTEST_MODE_SLOW", "slow" },
    { "5", "careful" },
    { "1", "slow" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autofree char *read = roundtrip ("mode", ok[i].written);

      g_assert_cmpstr (read, ==, ok[i].read);
    }
  {
    g_autofree char *message = bad_value ("mode", "quick");

    g_assert_cmpstr (message, ==,
                     "bad value 'quick' for property 'mode' of 'parse-test-elem' at column 22: "
                     "expected one of 'fast', 'slow', 'careful'");
  }
  {
    g_autofree char *message = bad_value ("mode", "3");

    g_assert_nonnull (strstr (message, "expected one of 'fast', 'slow', 'careful'"));
  }
}

static void
test_value_flags (void)
{
  static const struct { const char *written, *read; } ok[] = {
    { "alpha", "alpha" },
    { "alpha+gamma", "alpha+gamma" },
    { "gamma|alpha", "alpha+gamma" },
    { "\"beta + gamma\"", "beta+gamma" },
    { "PTEST_OPTION_BETA", "beta" },
    { "3", "alpha+beta" },
    { "\"\"", "0" },
    { "0", "0" },
    { "alpha+alpha", "alpha" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autofree char *read = roundtrip ("options", ok[i].written);

      g_assert_cmpstr (read, ==, ok[i].read);
    }
  {
    g_autofree char *message = bad_value ("options", "alpha+delta");

    g_assert_nonnull (strstr (message,
                              "expected flags among 'alpha', 'beta', 'gamma' joined with '+'"));
  }
  {
    g_autofree char *message = bad_value ("options", "alpha++beta");

    g_assert_nonnull (strstr (message, "expected flags among"));
  }
  {
    g_autofree char *message = bad_value ("options", "8");

    g_assert_nonnull (strstr (message, "expected flags among"));
  }
}

static void
test_value_strv (void)
{
  g_autoptr(RillPipeline) pipeline =
    parse_ok ("parse-test-elem name=e tags=\"news, sport ,a\\\\,b\" ! "
              "parse-test-elem name=f tags=\"\" ! parse-test-elem name=g tags=one");
  g_auto(GStrv) e = NULL;
  g_auto(GStrv) f = NULL;
  g_auto(GStrv) g = NULL;
  const char *e_expected[] = { "news", "sport", "a,b", NULL };
  const char *g_expected[] = { "one", NULL };

  g_object_get (by_name (pipeline, "e"), "tags", &e, NULL);
  g_object_get (by_name (pipeline, "f"), "tags", &f, NULL);
  g_object_get (by_name (pipeline, "g"), "tags", &g, NULL);
  g_assert_cmpstrv (e, e_expected);
  g_assert_nonnull (f);
  g_assert_cmpuint (g_strv_length (f), ==, 0);
  g_assert_cmpstrv (g, g_expected);

  {
    g_autofree char *read = roundtrip ("tags", "\"x,y\\\\,z\"");

    g_assert_cmpstr (read, ==, "x,y\\,z");
  }
}

static void
test_value_string_and_unichar (void)
{
  g_autofree char *label = roundtrip ("label", "\"\"");
  g_autofree char *symbol = roundtrip ("symbol", "ß");
  g_autofree char *message = bad_value ("symbol", "ab");

  g_assert_cmpstr (label, ==, "");
  g_assert_cmpstr (symbol, !=, NULL);
  g_assert_nonnull (strstr (message, "expected one character"));
}

static void
test_value_parse_api (void)
{
  GObjectClass *klass = g_type_class_ref (PTEST_TYPE_ELEM);
  GParamSpec *count = g_object_class_find_property (klass, "count");
  GParamSpec *mode = g_object_class_find_property (klass, "mode");
  GParamSpec *label = g_object_class_find_property (klass, "label");
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) held = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* an uninitialized GValue is initialized */
  g_assert_true (rill_value_parse (count, "42", &value, &error));
  g_assert_no_error (error);
  g_assert_true (G_VALUE_HOLDS_INT (&value));
  g_assert_cmpint (g_value_get_int (&value), ==, 42);

  /* a failure leaves the value alone */
  g_assert_false (rill_value_parse (count, "420", &value, &error));
  g_assert_error (error, RILL_PARSE_ERROR, RILL_PARSE_ERROR_BAD_VALUE);
  g_assert_cmpstr (error->message, ==,
                   "bad value '420' for property 'count': expected an integer between 0 and 100");
  g_assert_cmpint (g_value_get_int (&value), ==, 42);
  g_clear_error (&error);

  /* an initialized one of the right type is overwritten */
  g_value_init (&held, G_TYPE_STRING);
  g_value_set_string (&held, "old");
  g_assert_true (rill_value_parse (label, "new", &held, &error));
  g_assert_cmpstr (g_value_get_string (&held), ==, "new");

  g_value_unset (&value);
  g_assert_true (rill_value_parse (mode, "careful", &value, &error));
  text = rill_value_to_string (&value);
  g_assert_cmpstr (text, ==, "careful");

  g_type_class_unref (klass);
}

static void
test_value_to_string (void)
{
  g_auto(GValue) v = G_VALUE_INIT;
  g_autofree char *s1 = NULL;
  g_autofree char *s2 = NULL;
  g_autofree char *s3 = NULL;
  g_autofree char *s4 = NULL;
  g_autofree char *s5 = NULL;
  const char *strv[] = { "a", "b,c", NULL };

  g_value_init (&v, G_TYPE_STRING);
  g_assert_null (rill_value_to_string (&v));
  g_value_set_string (&v, "text");
  s1 = rill_value_to_string (&v);
  g_assert_cmpstr (s1, ==, "text");
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_DOUBLE);
  g_value_set_double (&v, 1.0 / 3.0);
  s2 = rill_value_to_string (&v);
  g_assert_cmpfloat (g_ascii_strtod (s2, NULL), ==, 1.0 / 3.0);
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_STRV);
  g_value_set_boxed (&v, strv);
  s3 = rill_value_to_string (&v);
  g_assert_cmpstr (s3, ==, "a,b\\,c");
  g_value_unset (&v);

  g_value_init (&v, ptest_options_get_type ());
  g_value_set_flags (&v, PTEST_OPTION_ALPHA | PTEST_OPTION_GAMMA | 64);
  s4 = rill_value_to_string (&v);
  g_assert_cmpstr (s4, ==, "alpha+gamma+0x40");
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_UINT64);
  g_value_set_uint64 (&v, G_MAXUINT64);
  s5 = rill_value_to_string (&v);
  g_assert_cmpstr (s5, ==, "18446744073709551615");
}

/* ---------------------------------------------------------------------- */
/* Errors                                                                 */

static void
test_error_messages (void)
{
  g_autofree char *m1 = parse_fail ("ptest-src ! parse-test-elme ! ptest-sink",
                                    RILL_PARSE_ERROR_NO_SUCH_ELEMENT, 13);
  g_autofree char *m2 = parse_fail ("ptest-src ! zzzzzzzz",
                                    RILL_PARSE_ERROR_NO_SUCH_ELEMENT, 13);
  g_autofree char *m3 = parse_fail ("parse-test-elem silnet=true",
                                    RILL_PARSE_ERROR_NO_SUCH_PROPERTY, 17);
  g_autofree char *m4 = parse_fail ("parse-test-elem qqqqqqq=true",
                                    RILL_PARSE_ERROR_NO_SUCH_PROPERTY, 17);
  g_autofree char *m5 = parse_fail ("parse-test-elem count=abc",
                                    RILL_PARSE_ERROR_BAD_VALUE, 23);
  g_autofree char *m6 = parse_fail ("ptest-src ! ptest-html-sink",
                                    RILL_PARSE_ERROR_LINK, 11);
  g_autofree char *m7 = parse_fail ("ptest-src ! x.  parse-test-elem name=y",
                                    RILL_PARSE_ERROR_NO_SUCH_NAME, 13);
  g_autofree char *m8 = parse_fail ("parse-test-elem name=a  parse-test-elem name=a",
                                    RILL_PARSE_ERROR_DUPLICATE_NAME, 46);
  g_autofree char *m9 = parse_fail ("parse-test-elem status=busy",
                                    RILL_PARSE_ERROR_NO_SUCH_PROPERTY, 17);
  g_autofree char *m10 = parse_fail ("ptest-src ! ptest-seink",
                                     RILL_PARSE_ERROR_NO_SUCH_ELEMENT, 13);

  g_assert_cmpstr (m1, ==, "no element 'parse-test-elme' at column 13; did you mean 'parse-test-elem'?");
  g_assert_cmpstr (m2, ==, "no element 'zzzzzzzz' at column 13");
  g_assert_cmpstr (m3, ==, "element 'parse-test-elem' (column 17) has no property 'silnet'; did you mean 'silent'?");
  g_assert_cmpstr (m4, ==, "element 'parse-test-elem' (column 17) has no property 'qqqqqqq'");
  g_assert_cmpstr (m5, ==, "bad value 'abc' for property 'count' of 'parse-test-elem' at column 23: "
                           "expected an integer between 0 and 100");
  g_assert_true (g_str_has_prefix (m6, "cannot link at column 11: "));
  g_assert_nonnull (strstr (m6, "text/html"));
  g_assert_cmpstr (m7, ==, "no element named 'x' for the reference at column 13");
  g_assert_cmpstr (m8, ==, "element name 'a' at column 46 is already used at column 22");
  g_assert_nonnull (strstr (m9, "read-only"));
  g_assert_cmpstr (m10, ==, "no element 'ptest-seink' at column 13; did you mean 'ptest-sink'?");
}

static void
test_error_reference_suggestion (void)
{
  g_autofree char *m = parse_fail ("ptest-src ! tea.  ptest-tee name=tee ! ptest-sink",
                                   RILL_PARSE_ERROR_NO_SUCH_NAME, 13);

  g_assert_cmpstr (m, ==, "no element named 'tea' for the reference at column 13; did you mean 'tee'?");
}

static void
test_error_columns_count_characters (void)
{
  /* "ünï" is 3 characters but 5 bytes */
  g_autofree char *m1 = parse_fail ("parse-test-elem label=ünï ! nope-elem",
                                    RILL_PARSE_ERROR_NO_SUCH_ELEMENT, 29);
  g_autofree char *m2 = parse_fail ("parse-test-elem label=\"日本語 ! count=x",
                                    RILL_PARSE_ERROR_SYNTAX, 23);
  g_autofree char *m3 = parse_fail ("parse-test-elem label=日本\xff",
                                    RILL_PARSE_ERROR_SYNTAX, 25);

  g_assert_nonnull (strstr (m1, "column 29"));
  g_assert_cmpstr (m2, ==, "unterminated quote \" at column 23");
  g_assert_cmpstr (m3, ==, "invalid UTF-8 at column 25");
}

static void
test_error_syntax (void)
{
  static const struct { const char *line; guint column; const char *message; } cases[] = {
    { "! ptest-sink", 1, "'!' at column 1 has no element before it" },
    { "ptest-src !", 11, "'!' at column 11 has no element after it" },
    { "ptest-src ! ! ptest-sink", 13, "'!' at column 13 has no element before it" },
    { "count=1 parse-test-elem", 1, "property 'count' at column 1 does not follow an element" },
    { "ptest-src ! count=1", 13, "property 'count' at column 13 does not follow an element" },
    { "=1", 1, "'=' at column 1 has no property name before it" },
    { "parse-test-elem count=", 17, "property 'count' at column 17 has no value" },
    { "parse-test-elem count= ! ptest-sink", 17, "property 'count' at column 17 has no value" },
    { "parse-test-elem label='open", 23, "unterminated quote ' at column 23" },
    { "parse-test-elem name=t  t. label=x", 28,
      "property 'label' at column 28 follows the reference 't.'; set properties where the element is created" },
    { "ptest-src ! . ", 13, "reference at column 13 has no name before the '.'" },
    { "\"\" ! ptest-sink", 1, "empty element name at column 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *m = parse_fail (cases[i].line, RILL_PARSE_ERROR_SYNTAX, cases[i].column);

      g_assert_cmpstr (m, ==, cases[i].message);
    }
}

static void
test_error_empty (void)
{
  g_autofree char *m1 = parse_fail ("", RILL_PARSE_ERROR_EMPTY, 1);
  g_autofree char *m2 = parse_fail (" \t\n ", RILL_PARSE_ERROR_EMPTY, 1);

  g_assert_cmpstr (m1, ==, "the launch line has no element");
}

static void
test_error_links (void)
{
  /* a plain element has one output: branching needs a tee */
  g_autofree char *m1 = parse_fail ("parse-test-elem name=a ! ptest-sink  a. ! ptest-sink",
                                    RILL_PARSE_ERROR_LINK, 41);
  /* a loop */
  g_autofree char *m2 = parse_fail ("ptest-funnel name=f ! parse-test-elem ! f.",
                                     RILL_PARSE_ERROR_LINK, 39);
  /* nothing links into a source */
  g_autofree char *m3 = parse_fail ("ptest-src ! ptest-src", RILL_PARSE_ERROR_LINK, 11);

  g_assert_true (g_str_has_prefix (m1, "cannot link at column 41: "));
  g_assert_nonnull (strstr (m2, "loop"));
  g_assert_true (g_str_has_prefix (m3, "cannot link at column 11: "));
}

static void
test_error_only_references (void)
{
  g_autofree char *m = parse_fail ("t. ! u.", RILL_PARSE_ERROR_NO_SUCH_NAME, 1);

  g_assert_cmpstr (m, ==, "no element named 't' for the reference at column 1");
}

/* ---------------------------------------------------------------------- */
/* Suggestions                                                            */

static void
test_suggest (void)
{
  const char *names[] = { "html-extract", "http-fetch", "file-src", "file-sink",
                          "fake-sink", "identity", "tee", "funnel", "limit",
                          "jsonl-sink", "dedupe", NULL };
  static const struct { const char *word, *expected; } cases[] = {
    { "htm-extract", "html-extract" },
    { "html-extarct", "html-extract" },   /* swapped neighbours */
    { "HTML-Extract", "html-extract" },
    { "html_extract", "html-extract" },
    { "http-fecth", "http-fetch" },
    { "identiy", "identity" },
    { "idnetity", "identity" },
    { "te", "tee" },
    { "tea", "tee" },
    { "funel", "funnel" },
    { "file-snk", "file-sink" },
    { "extract", "html-extract" },       /* a dash-separated part */
    { "jsonl", "jsonl-sink" },           /* a prefix */
    { "dedup", "dedupe" },
    { "limit", "limit" },
    { "zzz", NULL },
    { "x", NULL },
    { "", NULL },
    { "completely-different", NULL },
    { "sink", NULL },                    /* part of three: still picks one? */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = rill_suggest_nearest (cases[i].word, names);

      if (g_strcmp0 (cases[i].word, "sink") == 0)
        {
          /* ambiguous: any of the sinks, but always the same one */
          g_autofree char *again = rill_suggest_nearest ("sink", names);

          g_assert_nonnull (got);
          g_assert_true (g_str_has_suffix (got, "-sink"));
          g_assert_cmpstr (got, ==, again);
          continue;
        }
      g_test_message ("%s -> %s", cases[i].word, got);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }

  g_assert_null (rill_suggest_nearest ("tee", NULL));
  {
    g_autofree char *long_word = g_strnfill (1000, 'a');
    g_assert_null (rill_suggest_nearest (long_word, names));
  }
}

static void
test_suggest_registry (void)
{
  g_autofree char *got = rill_registry_suggest (rill_registry_get_default (), "ptest-snk");

  g_assert_cmpstr (got, ==, "ptest-sink");
}

/* ---------------------------------------------------------------------- */
/* Corpus                                                                 */

/*
 * tests/core/launch-corpus/: one case per file. y_*.txt must parse,
 * n_*.txt must fail. Header lines start with '#':
 *   # error: <nick of RillParseError, e.g. no-such-element>   (n_ only)
 *   # column: <1-based column>                                (n_ only)
 *   # message: <text the message must contain>                (optional)
 *   # elements: <number of elements of the pipeline>          (y_ only, optional)
 * The first line that does not start with '#' is the launch line (none
 * means the empty line).
 */
static void
test_corpus_file (gconstpointer data)
{
  const char *path = data;
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RillPipeline) pipeline = NULL;
  const char *line = "";
  g_autofree char *printable = NULL;
  const char *error_nick = NULL;
  const char *message = NULL;
  gint64 column = -1;
  gint64 elements = -1;
  guint got_column = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *l = lines[i];

      if (l[0] != '#')
        {
          line = l;
          break;
        }
      l = g_strstrip (l + 1);
      if (g_str_has_prefix (l, "error:"))
        error_nick = g_strstrip (l + strlen ("error:"));
      else if (g_str_has_prefix (l, "column:"))
        column = g_ascii_strtoll (l + strlen ("column:"), NULL, 10);
      else if (g_str_has_prefix (l, "message:"))
        message = g_strstrip (l + strlen ("message:"));
      else if (g_str_has_prefix (l, "elements:"))
        elements = g_ascii_strtoll (l + strlen ("elements:"), NULL, 10);
    }

  printable = g_utf8_make_valid (line, -1);
  g_test_message ("%s: %s", basename, printable);
  pipeline = rill_parse_launch_full (line, &got_column, &error);

  if (g_str_has_prefix (basename, "y_"))
    {
      g_assert_no_error (error);
      g_assert_nonnull (pipeline);
      if (elements >= 0)
        g_assert_cmpuint (n_elements (pipeline), ==, elements);
    }
  else
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (RILL_TYPE_PARSE_ERROR);
      GEnumValue *code;

      g_assert_nonnull (error_nick);
      g_assert_cmpint (column, >, 0);
      code = g_enum_get_value_by_nick (klass, error_nick);
      g_assert_nonnull (code);
      g_assert_null (pipeline);
      g_assert_error (error, RILL_PARSE_ERROR, code->value);
      g_assert_cmpuint (got_column, ==, column);
      g_test_message ("message: %s", error->message);
    }
  if (message != NULL)
    {
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, message));
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_corpus_tests (void)
{
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *source_root = g_getenv ("RILL_SOURCE_ROOT");
  const char *name;

  if (source_root != NULL)
    dir_path = g_build_filename (source_root, "tests", "core", "launch-corpus", NULL);
  else
    dir_path = g_test_build_filename (G_TEST_DIST, "launch-corpus", NULL);

  dir = g_dir_open (dir_path, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if ((g_str_has_prefix (name, "y_") || g_str_has_prefix (name, "n_")) &&
        g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/parse/corpus/%s", file);

      g_test_add_data_func_full (test_path, g_build_filename (dir_path, file, NULL),
                                 test_corpus_file, g_free);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  parse_test_register_elements ();

  g_test_add_func ("/parse/topology/chain", test_chain);
  g_test_add_func ("/parse/topology/branch", test_branch);
  g_test_add_func ("/parse/topology/merge", test_merge);
  g_test_add_func ("/parse/topology/reference-in-middle", test_reference_in_middle);
  g_test_add_func ("/parse/topology/separate-chains", test_separate_chains);
  g_test_add_func ("/parse/topology/no-spaces", test_no_spaces);
  g_test_add_func ("/parse/topology/auto-names", test_auto_names);
  g_test_add_func ("/parse/quoting/values", test_quoting);
  g_test_add_func ("/parse/quoting/spaces-around-equals", test_spaces_around_equals);
  g_test_add_func ("/parse/quoting/last-assignment-wins", test_last_assignment_wins);
  g_test_add_func ("/parse/launchv", test_launchv);
  g_test_add_func ("/parse/value/int", test_value_int);
  g_test_add_func ("/parse/value/double", test_value_double);
  g_test_add_func ("/parse/value/boolean", test_value_boolean);
  g_test_add_func ("/parse/value/enum", test_value_enum);
  g_test_add_func ("/parse/value/flags", test_value_flags);
  g_test_add_func ("/parse/value/strv", test_value_strv);
  g_test_add_func ("/parse/value/string-unichar", test_value_string_and_unichar);
  g_test_add_func ("/parse/value/parse-api", test_value_parse_api);
  g_test_add_func ("/parse/value/to-string", test_value_to_string);
  g_test_add_func ("/parse/error/messages", test_error_messages);
  g_test_add_func ("/parse/error/reference-suggestion", test_error_reference_suggestion);
  g_test_add_func ("/parse/error/columns-count-characters", test_error_columns_count_characters);
  g_test_add_func ("/parse/error/syntax", test_error_syntax);
  g_test_add_func ("/parse/error/empty", test_error_empty);
  g_test_add_func ("/parse/error/links", test_error_links);
  g_test_add_func ("/parse/error/only-references", test_error_only_references);
  g_test_add_func ("/suggest/nearest", test_suggest);
  g_test_add_func ("/suggest/registry", test_suggest_registry);
  add_corpus_tests ();

  return g_test_run ();
}

#endif /* RILL_PARSE_TEST_ELEMENTS_ONLY */
