/* rill-quality.c: Gopher/C4-style quality rules on one field
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-text-elements.h"

#include "rill-text-quality.h"

/**
 * RillQuality:
 *
 * `quality` checks `field` (default `text`) against the document quality
 * rules of Gopher (Rae et al. 2021) and C4 (Raffel et al. 2020), in this
 * order, and filters the doc at the first rule that fires, with the
 * rule's name as the reason (so statistics count docs per rule):
 *
 * | rule | fires when | property (default) |
 * | --- | --- | --- |
 * | `too-few-words` | words < min | `min-words` (50) |
 * | `too-many-words` | words > max | `max-words` (100000) |
 * | `mean-word-length` | mean word length outside [min, max] | `min-mean-word-length` (3), `max-mean-word-length` (10) |
 * | `symbol-ratio` | (`#` + ellipses) / words > max | `max-symbol-ratio` (0.1) |
 * | `bullet-lines` | share of lines starting with a bullet > max | `max-bullet-lines` (0.9) |
 * | `ellipsis-lines` | share of lines ending in an ellipsis > max | `max-ellipsis-lines` (0.3) |
 * | `alpha-words` | share of words holding a letter < min | `min-alpha-words` (0.8) |
 * | `punct-lines` | share of lines ending in terminal punctuation < min (C4) | `min-punct-lines` (0.1) |
 * | `dup-lines` | share of lines repeating an earlier one > max | `max-dup-lines` (0.3) |
 * | `dup-line-chars` | share of characters in repeated lines > max | `max-dup-line-chars` (0.2) |
 * | `dup-paragraphs` | share of repeated paragraphs > max | `max-dup-paragraphs` (0.3) |
 * | `dup-paragraph-chars` | share of characters in repeated paragraphs > max | `max-dup-paragraph-chars` (0.2) |
 * | `top-ngram` | characters of the most frequent word n-gram over all word characters > max, n = 2, 3, 4 | `max-top-2gram` (0.20), `max-top-3gram` (0.18), `max-top-4gram` (0.16) |
 * | `dup-ngram` | characters covered by repeated word n-grams over all word characters > max, n = 5 .. 10 | `max-dup-5gram` (0.15) ... `max-dup-10gram` (0.10) |
 *
 * A rule is turned off by a bound that cannot be crossed: 0 for a
 * minimum, 1 (or the largest value) for a maximum. A doc without the
 * field counts as an empty text (`too-few-words`).
 *
 * With `mark=true` no doc is dropped: the name of the rule that fired is
 * stored in the `quality-rule` field (absent when every rule passed).
 *
 * The element is parallel.
 */

#define RILL_TYPE_QUALITY (rill_quality_get_type ())
G_DECLARE_FINAL_TYPE (RillQuality, rill_quality, RILL, QUALITY, RillTransform)

struct _RillQuality
{
  RillTransform parent_instance;

  char              *field;
  gboolean           mark;
  RillQualityParams  params;
};

enum {
  PROP_0,
  PROP_FIELD,
  PROP_MARK,
  PROP_FIRST_THRESHOLD,
};

typedef struct
{
  const char *name;
  const char *nick;
  const char *blurb;
  gsize       offset;
  gboolean    is_uint;
} Threshold;

#define P(member) G_STRUCT_OFFSET (RillQualityParams, member)

static const Threshold thresholds[] = {
  { "min-words", "Minimum words",
    "Filter texts with fewer words (Gopher: 50)", P (min_words), TRUE },
  { "max-words", "Maximum words",
    "Filter texts with more words (Gopher: 100000)", P (max_words), TRUE },
  { "min-mean-word-length", "Minimum mean word length",
    "Filter texts whose mean word length in characters is lower "
    "(Gopher: 3)", P (min_mean_word_length), FALSE },
  { "max-mean-word-length", "Maximum mean word length",
    "Filter texts whose mean word length in characters is higher "
    "(Gopher: 10)", P (max_mean_word_length), FALSE },
  { "max-symbol-ratio", "Maximum symbol ratio",
    "Filter texts with more '#' and ellipses per word (Gopher: 0.1)",
    P (max_symbol_ratio), FALSE },
  { "max-bullet-lines", "Maximum bullet lines",
    "Filter texts with a larger share of lines starting with a bullet "
    "(Gopher: 0.9)", P (max_bullet_lines), FALSE },
  { "max-ellipsis-lines", "Maximum ellipsis lines",
    "Filter texts with a larger share of lines ending in an ellipsis "
    "(Gopher: 0.3)", P (max_ellipsis_lines), FALSE },
  { "min-alpha-words", "Minimum alphabetic words",
    "Filter texts with a smaller share of words holding a letter "
    "(Gopher: 0.8)", P (min_alpha_words), FALSE },
  { "min-punct-lines", "Minimum punctuated lines",
    "Filter texts with a smaller share of lines ending in terminal "
    "punctuation (C4's rule on the whole text: 0.1)",
    P (min_punct_lines), FALSE },
  { "max-dup-lines", "Maximum duplicate lines",
    "Filter texts with a larger share of lines repeating an earlier line "
    "(Gopher: 0.3)", P (max_dup_lines), FALSE },
  { "max-dup-line-chars", "Maximum duplicate line characters",
    "Filter texts with a larger share of characters in repeated lines "
    "(Gopher: 0.2)", P (max_dup_line_chars), FALSE },
  { "max-dup-paragraphs", "Maximum duplicate paragraphs",
    "Filter texts with a larger share of repeated paragraphs "
    "(Gopher: 0.3)", P (max_dup_paragraphs), FALSE },
  { "max-dup-paragraph-chars", "Maximum duplicate paragraph characters",
    "Filter texts with a larger share of characters in repeated "
    "paragraphs (Gopher: 0.2)", P (max_dup_paragraph_chars), FALSE },
  { "max-top-2gram", "Maximum top 2-gram",
    "Filter texts whose most frequent word bigram covers a larger share "
    "of word characters (Gopher: 0.20)", P (max_top_ngram[0]), FALSE },
  { "max-top-3gram", "Maximum top 3-gram",
    "Filter texts whose most frequent word trigram covers a larger share "
    "of word characters (Gopher: 0.18)", P (max_top_ngram[1]), FALSE },
  { "max-top-4gram", "Maximum top 4-gram",
    "Filter texts whose most frequent word 4-gram covers a larger share "
    "of word characters (Gopher: 0.16)", P (max_top_ngram[2]), FALSE },
  { "max-dup-5gram", "Maximum duplicate 5-grams",
    "Filter texts whose repeated word 5-grams cover a larger share of "
    "word characters (Gopher: 0.15)", P (max_dup_ngram[0]), FALSE },
  { "max-dup-6gram", "Maximum duplicate 6-grams",
    "Filter texts whose repeated word 6-grams cover a larger share of "
    "word characters (Gopher: 0.14)", P (max_dup_ngram[1]), FALSE },
  { "max-dup-7gram", "Maximum duplicate 7-grams",
    "Filter texts whose repeated word 7-grams cover a larger share of "
    "word characters (Gopher: 0.13)", P (max_dup_ngram[2]), FALSE },
  { "max-dup-8gram", "Maximum duplicate 8-grams",
    "Filter texts whose repeated word 8-grams cover a larger share of "
    "word characters (Gopher: 0.12)", P (max_dup_ngram[3]), FALSE },
  { "max-dup-9gram", "Maximum duplicate 9-grams",
    "Filter texts whose repeated word 9-grams cover a larger share of "
    "word characters (Gopher: 0.11)", P (max_dup_ngram[4]), FALSE },
  { "max-dup-10gram", "Maximum duplicate 10-grams",
    "Filter texts whose repeated word 10-grams cover a larger share of "
    "word characters (Gopher: 0.10)", P (max_dup_ngram[5]), FALSE },
};

#undef P

#define N_PROPS (PROP_FIRST_THRESHOLD + G_N_ELEMENTS (thresholds))

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillQuality, rill_quality, RILL_TYPE_TRANSFORM)

static RillDoc *
rill_quality_transform (RillTransform  *transform,
                        RillDoc        *doc,
                        GError        **error)
{
  RillQuality *self = RILL_QUALITY (transform);
  g_autofree char *text = rill_doc_dup_as_string (doc, self->field);
  RillQualityStats stats;
  RillQualityRule rule;

  rule = rill_quality_check (text ? text : "", -1, &self->params, &stats);
  if (self->mark)
    {
      if (rule == RILL_QUALITY_OK)
        rill_doc_remove_field (doc, "quality-rule");
      else
        rill_doc_set_string (doc, "quality-rule", rill_quality_rule_name (rule));
      return rill_doc_ref (doc);
    }
  if (rule != RILL_QUALITY_OK)
    {
      g_set_error_literal (error, RILL_DOC_ERROR, RILL_DOC_ERROR_FILTERED,
                           rill_quality_rule_name (rule));
      return NULL;
    }
  return rill_doc_ref (doc);
}

static void
rill_quality_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RillQuality *self = RILL_QUALITY (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case PROP_MARK:
      g_value_set_boolean (value, self->mark);
      break;
    default:
      if (prop_id >= PROP_FIRST_THRESHOLD && prop_id < N_PROPS)
        {
          const Threshold *t = &thresholds[prop_id - PROP_FIRST_THRESHOLD];
          gpointer p = G_STRUCT_MEMBER_P (&self->params, t->offset);

          if (t->is_uint)
            g_value_set_uint (value, *(guint *) p);
          else
            g_value_set_double (value, *(double *) p);
        }
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_quality_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  RillQuality *self = RILL_QUALITY (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      g_free (self->field);
      self->field = g_value_dup_string (value);
      break;
    case PROP_MARK:
      self->mark = g_value_get_boolean (value);
      break;
    default:
      if (prop_id >= PROP_FIRST_THRESHOLD && prop_id < N_PROPS)
        {
          const Threshold *t = &thresholds[prop_id - PROP_FIRST_THRESHOLD];
          gpointer p = G_STRUCT_MEMBER_P (&self->params, t->offset);

          if (t->is_uint)
            *(guint *) p = g_value_get_uint (value);
          else
            *(double *) p = g_value_get_double (value);
        }
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_quality_finalize (GObject *object)
{
  g_free (RILL_QUALITY (object)->field);

  G_OBJECT_CLASS (rill_quality_parent_class)->finalize (object);
}

static void
rill_quality_class_init (RillQualityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillTransformClass *transform_class = RILL_TRANSFORM_CLASS (klass);
  RillQualityParams defaults;

  object_class->get_property = rill_quality_get_property;
  object_class->set_property = rill_quality_set_property;
  object_class->finalize = rill_quality_finalize;

  transform_class->transform = rill_quality_transform;

  properties[PROP_FIELD] =
    g_param_spec_string ("field", "Field",
                         "Field whose text is checked",
                         RILL_FIELD_TEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MARK] =
    g_param_spec_boolean ("mark", "Mark",
                          "Keep every doc and store the name of the rule "
                          "that fired in quality-rule instead of filtering",
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  rill_quality_params_init (&defaults);
  for (guint i = 0; i < G_N_ELEMENTS (thresholds); i++)
    {
      const Threshold *t = &thresholds[i];
      gpointer p = G_STRUCT_MEMBER_P (&defaults, t->offset);

      if (t->is_uint)
        properties[PROP_FIRST_THRESHOLD + i] =
          g_param_spec_uint (t->name, t->nick, t->blurb,
                             0, G_MAXUINT, *(guint *) p,
                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
      else
        properties[PROP_FIRST_THRESHOLD + i] =
          g_param_spec_double (t->name, t->nick, t->blurb,
                               0.0, G_MAXDOUBLE, *(double *) p,
                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
    }

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "Quality rules",
                                   "Filter/Text",
                                   "Filters (or marks) texts that fail "
                                   "Gopher/C4 quality rules, naming the "
                                   "rule",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, RILL_CAPS_ANY, RILL_CAPS_ANY);
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_PARALLEL);
}

static void
rill_quality_init (RillQuality *self)
{
  self->field = g_strdup (RILL_FIELD_TEXT);
  rill_quality_params_init (&self->params);
}
