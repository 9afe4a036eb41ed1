/* test-text-elements.c: langid, normalize, quality and filter in pipelines
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-test-utils.h"

#include <string.h>

/* Runs "app-src name=in ! @middle ! app-sink name=out" over @docs (a
 * NULL-terminated array, pushed in order) and returns what came out. */
static GPtrArray *
run_docs (const char    *middle,
          RillDoc      **docs,
          RillPipeline **out_pipeline)
{
  g_autofree char *line = g_strdup_printf ("app-src name=in ! %s ! app-sink name=out",
                                           middle);
  RillPipeline *pipeline = rill_test_parse (line);
  RillElement *src = rill_pipeline_get_by_name (pipeline, "in");
  g_autoptr (GError) error = NULL;
  GPtrArray *out;

  for (guint i = 0; docs[i] != NULL; i++)
    g_assert_true (rill_app_src_push_doc (RILL_APP_SRC (src), docs[i]));
  rill_app_src_end_of_stream (RILL_APP_SRC (src));
  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_no_error (error);
  out = rill_test_pull_all (pipeline, "out");
  *out_pipeline = pipeline;
  return out;
}

static RillDoc *
text_doc (const char *url,
          const char *text)
{
  RillDoc *doc = rill_doc_new ();

  if (url)
    rill_doc_set_string (doc, RILL_FIELD_URL, url);
  if (text)
    rill_doc_set_string (doc, RILL_FIELD_TEXT, text);
  return doc;
}

static void
free_docs (RillDoc **docs)
{
  for (guint i = 0; docs[i] != NULL; i++)
    rill_doc_unref (docs[i]);
}

static gint64
filter_reason (RillPipeline *pipeline,
               const char   *element,
               const char   *reason)
{
  g_autoptr (RillDoc) stats = rill_pipeline_get_stats (pipeline);
  RillDoc *one = rill_doc_get_doc (stats, element);
  RillDoc *reasons;

  g_assert_nonnull (one);
  reasons = rill_doc_get_doc (one, "filter-reasons");
  return reasons ? rill_doc_get_int (reasons, reason, 0) : 0;
}

/* langid */

typedef struct
{
  const char *lang;
  const char *text;
} Sample;

static const Sample long_samples[] = {
  { "en", "The city council voted on Tuesday to expand the bus network, adding "
          "three new lines that will connect the northern suburbs with the "
          "university campus and the main railway station before the winter." },
  { "ru", "Городской совет во вторник проголосовал за расширение автобусной "
          "сети: три новых маршрута свяжут северные районы с университетом и "
          "главным железнодорожным вокзалом ещё до начала зимы." },
  { "az", "Şəhər şurası çərşənbə axşamı avtobus şəbəkəsinin genişləndirilməsinə "
          "səs verdi: üç yeni xətt şimal qəsəbələrini universitet şəhərciyi və "
          "mərkəzi dəmiryol vağzalı ilə qışdan əvvəl birləşdirəcək." },
  { "de", "Der Stadtrat hat am Dienstag beschlossen, das Busnetz zu erweitern: "
          "Drei neue Linien sollen die nördlichen Vororte noch vor dem Winter "
          "mit dem Universitätsgelände und dem Hauptbahnhof verbinden." },
  { "fr", "Le conseil municipal a voté mardi l'extension du réseau de bus : "
          "trois nouvelles lignes relieront les banlieues du nord au campus "
          "universitaire et à la gare centrale avant l'hiver." },
  { "uk", "Міська рада у вівторок проголосувала за розширення автобусної "
          "мережі: три нові маршрути з'єднають північні райони з "
          "університетським містечком і головним вокзалом ще до зими." },
  { "ja", "市議会は火曜日、バス路線網の拡大を決定した。三つの新路線が冬までに"
          "北部の郊外と大学のキャンパス、そして中央駅を結ぶ予定だ。" },
};

static const Sample short_samples[] = {
  { "en", "The weather is nice today and we are going to the park." },
  { "ru", "Сегодня хорошая погода, и мы идём гулять в парк." },
  { "de", "Heute ist das Wetter schön und wir gehen in den Park." },
  { "az", "Bu gün hava çox gözəldir və biz parka gedirik." },
};

static void
check_langid (const Sample *samples,
              guint         n,
              double        min_confidence)
{
  g_autoptr (RillPipeline) pipeline = NULL;
  g_autoptr (GPtrArray) out = NULL;
  RillDoc *docs[16] = { NULL };

  g_assert_cmpuint (n, <, G_N_ELEMENTS (docs));
  for (guint i = 0; i < n; i++)
    docs[i] = text_doc (NULL, samples[i].text);
  out = run_docs ("langid", docs, &pipeline);
  free_docs (docs);

  g_assert_cmpuint (out->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      RillDoc *doc = out->pdata[i];
      double conf = rill_doc_get_double (doc, "lang-confidence", -1);

      g_test_message ("%s: %s %.2f", samples[i].lang,
                      rill_doc_get_string (doc, RILL_FIELD_LANG), conf);
      g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_LANG), ==, samples[i].lang);
      g_assert_cmpfloat (conf, >=, min_confidence);
      g_assert_cmpfloat (conf, <=, 1.0);
    }
}

static void
test_langid_long (void)
{
  check_langid (long_samples, G_N_ELEMENTS (long_samples), 0.9);
}

static void
test_langid_short (void)
{
  check_langid (short_samples, G_N_ELEMENTS (short_samples), 0.3);
}

static void
test_langid_und (void)
{
  g_autoptr (RillPipeline) pipeline = NULL;
  g_autoptr (GPtrArray) out = NULL;
  RillDoc *docs[] = { text_doc ("https://a.example/1", NULL),
                      text_doc ("https://a.example/2", "12345 678 90"),
                      NULL };

  out = run_docs ("langid", docs, &pipeline);
  free_docs (docs);
  g_assert_cmpuint (out->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpstr (rill_doc_get_string (out->pdata[i], RILL_FIELD_LANG), ==, "und");
      g_assert_cmpfloat (rill_doc_get_double (out->pdata[i], "lang-confidence", -1), ==, 0.0);
    }
}

static void
test_langid_keep (void)
{
  g_autoptr (RillPipeline) pipeline = NULL;
  g_autoptr (GPtrArray) out = NULL;
  RillDoc *docs[G_N_ELEMENTS (long_samples) + 1] = { NULL };

  for (guint i = 0; i < G_N_ELEMENTS (long_samples); i++)
    docs[i] = text_doc (NULL, long_samples[i].text);
  out = run_docs ("langid name=lid keep=\"ru, AZ,en\"", docs, &pipeline);
  free_docs (docs);

  g_assert_cmpuint (out->len, ==, 3);
  g_assert_cmpstr (rill_doc_get_string (out->pdata[0], RILL_FIELD_LANG), ==, "en");
  g_assert_cmpstr (rill_doc_get_string (out->pdata[1], RILL_FIELD_LANG), ==, "ru");
  g_assert_cmpstr (rill_doc_get_string (out->pdata[2], RILL_FIELD_LANG), ==, "az");
  g_assert_cmpint (rill_test_stat (pipeline, "lid", "filtered"), ==, 4);
  g_assert_cmpint (filter_reason (pipeline, "lid", "language de not kept"), ==, 1);
  g_assert_cmpint (filter_reason (pipeline, "lid", "language ja not kept"), ==, 1);
}

/* normalize */

static const char *
normalize_one (const char *props,
               const char *text)
{
  static char *last;
  g_autoptr (RillPipeline) pipeline = NULL;
  g_autoptr (GPtrArray) out = NULL;
  g_autofree char *middle = g_strdup_printf ("normalize %s", props);
  RillDoc *docs[] = { text_doc (NULL, text), NULL };

  out = run_docs (middle, docs, &pipeline);
  free_docs (docs);
  g_assert_cmpuint (out->len, ==, 1);
  g_free (last);
  last = g_strdup (rill_doc_get_string (out->pdata[0], RILL_FIELD_TEXT));
  return last;
}

static void
test_normalize_forms (void)
{
  /* e + combining acute; the fi ligature; full-width A; NBSP */
  const char *input = "Cafe\xcc\x81 \xef\xac\x81le \xef\xbc\xa1\xc2\xa0z";

  g_assert_cmpstr (normalize_one ("", input), ==,
                   "Caf\xc3\xa9 \xef\xac\x81le \xef\xbc\xa1 z");
  g_assert_cmpstr (normalize_one ("form=nfc spaces=false", input), ==,
                   "Caf\xc3\xa9 \xef\xac\x81le \xef\xbc\xa1\xc2\xa0z");
  g_assert_cmpstr (normalize_one ("form=nfkc", input), ==, "Caf\xc3\xa9 file A z");
  g_assert_cmpstr (normalize_one ("form=none spaces=false", input), ==, input);
}

static void
test_normalize_spaces_controls (void)
{
  const char *input = "  one\t\ttwo\xe2\x80\x8b three\x07 \r\n\r\n\r\n\nfour  \rfive\xc2\xad  ";

  g_assert_cmpstr (normalize_one ("", input), ==, "one two three\n\nfour\nfive");
  g_assert_cmpstr (normalize_one ("controls=false spaces=false form=none", input), ==, input);
  g_assert_cmpstr (normalize_one ("spaces=false", "a\xe2\x80\x8b" "b\x01"), ==, "ab");
}

static void
test_normalize_field (void)
{
  g_autoptr (RillPipeline) pipeline = NULL;
  g_autoptr (GPtrArray) out = NULL;
  RillDoc *docs[] = { text_doc (NULL, "  keep  as is "), text_doc (NULL, NULL), NULL };

  rill_doc_set_string (docs[0], RILL_FIELD_TITLE, "  A\t title ");
  out = run_docs ("normalize field=title", docs, &pipeline);
  free_docs (docs);
  g_assert_cmpuint (out->len, ==, 2);
  g_assert_cmpstr (rill_doc_get_string (out->pdata[0], RILL_FIELD_TITLE), ==, "A title");
  g_assert_cmpstr (rill_doc_get_string (out->pdata[0], RILL_FIELD_TEXT), ==, "  keep  as is ");
  g_assert_false (rill_doc_has_field (out->pdata[1], RILL_FIELD_TITLE));
}

/* quality */

/* Every rule off, so that one rule at a time can be tested. */
#define QUALITY_OFF                                                          \
  "quality name=q min-words=0 max-words=4294967295 min-mean-word-length=0 "  \
  "max-mean-word-length=1000 max-symbol-ratio=1000 max-bullet-lines=1 "      \
  "max-ellipsis-lines=1 min-alpha-words=0 min-punct-lines=0 "                \
  "max-dup-lines=1 max-dup-line-chars=1 max-dup-paragraphs=1 "               \
  "max-dup-paragraph-chars=1 max-top-2gram=1 max-top-3gram=1 "               \
  "max-top-4gram=1 max-dup-5gram=1 max-dup-6gram=1 max-dup-7gram=1 "         \
  "max-dup-8gram=1 max-dup-9gram=1 max-dup-10gram=1"

static const char *good_text =
  "The regional parliament approved a new budget on Thursday after a long "
  "debate about schools, hospitals and public transport in rural areas.\n"
  "Opposition members criticised the plan for cutting support to small "
  "farmers, while the governing coalition said the reforms were overdue.\n"
  "Analysts expect the measures to take effect early next year, although "
  "several details still need to be negotiated with the federal ministry.";

static char *
repeat_lines (const char *line,
              guint       n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s", i ? "\n" : "", line);
  return g_string_free (s, FALSE);
}

typedef struct
{
  const char *rule;
  const char *setting;     /* the rule's threshold, at its default */
  char       *bad;
} RuleCase;

static void
test_quality_rules (void)
{
  g_autofree char *many = repeat_lines ("word", 120);
  g_autofree char *bullets = repeat_lines ("- a point about the budget.", 10);
  g_autofree char *ellipses = repeat_lines ("the story goes on and on ...", 10);
  g_autofree char *numbers = repeat_lines ("123 456 789 1011 1213 1415.", 10);
  g_autofree char *nopunct = repeat_lines ("a line without any final stop", 10);
  g_autofree char *duplines = g_strconcat (good_text, "\nRead more here.\nRead more here.\n"
                                           "Read more here.\nRead more here.\n"
                                           "Read more here.", NULL);
  g_autofree char *dupparas = g_strconcat ("Subscribe to our newsletter today.\n\n", good_text,
                                           "\n\nSubscribe to our newsletter today.\n\n"
                                           "Subscribe to our newsletter today.\n\n"
                                           "Subscribe to our newsletter today.", NULL);
  g_autofree char *dupchars = g_strconcat (good_text, "\n", long_samples[0].text, "\n",
                                           long_samples[0].text, NULL);
  g_autofree char *dupparachars = g_strconcat (good_text, "\n\n", good_text, NULL);
  g_autofree char *topgram = repeat_lines ("breaking news breaking news breaking news.", 4);
  RuleCase cases[] = {
    { "too-few-words", "min-words=50", g_strdup ("Too short to be an article.") },
    { "too-many-words", "max-words=100", g_strdup (many) },
    { "mean-word-length", "min-mean-word-length=3", g_strdup ("a b c d e f g h i j k.") },
    { "mean-word-length", "max-mean-word-length=10",
      g_strdup ("Internationalisation counterrevolutionaries uncharacteristically.") },
    { "symbol-ratio", "max-symbol-ratio=0.1", g_strdup ("#news #today #world and more.") },
    { "bullet-lines", "max-bullet-lines=0.9", g_strdup (bullets) },
    { "ellipsis-lines", "max-ellipsis-lines=0.3", g_strdup (ellipses) },
    { "alpha-words", "min-alpha-words=0.8", g_strdup (numbers) },
    { "punct-lines", "min-punct-lines=0.1", g_strdup (nopunct) },
    { "dup-lines", "max-dup-lines=0.3", g_strdup (duplines) },
    { "dup-line-chars", "max-dup-line-chars=0.2", g_strdup (dupchars) },
    { "dup-paragraphs", "max-dup-paragraphs=0.3", g_strdup (dupparas) },
    { "dup-paragraph-chars", "max-dup-paragraph-chars=0.2", g_strdup (dupparachars) },
    { "top-ngram", "max-top-2gram=0.2", g_strdup (topgram) },
    { "dup-ngram", "max-dup-5gram=0.15",
      g_strconcat (good_text, " ", good_text, NULL) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (RillPipeline) pipeline = NULL;
      g_autoptr (GPtrArray) out = NULL;
      g_autofree char *middle = g_strdup_printf ("%s %s", QUALITY_OFF, cases[i].setting);
      RillDoc *docs[] = { text_doc ("https://a.example/good", good_text),
                          text_doc ("https://a.example/bad", cases[i].bad), NULL };

      g_test_message ("rule %s (%s)", cases[i].rule, cases[i].setting);
      out = run_docs (middle, docs, &pipeline);
      free_docs (docs);
      g_assert_cmpuint (out->len, ==, 1);
      g_assert_cmpstr (rill_doc_get_string (out->pdata[0], RILL_FIELD_URL), ==,
                       "https://a.example/good");
      g_assert_cmpint (rill_test_stat (pipeline, "q", "filtered"), ==, 1);
      g_assert_cmpint (filter_reason (pipeline, "q", cases[i].rule), ==, 1);
      g_free (cases[i].bad);
    }
}

static void
test_quality_defaults_and_mark (void)
{
  g_autoptr (RillPipeline) pipeline = NULL;
  g_autoptr (RillPipeline) pipeline2 = NULL;
  g_autoptr (GPtrArray) out = NULL;
  g_autoptr (GPtrArray) marked = NULL;
  g_autofree char *article = g_strconcat (good_text, "\n\n", long_samples[0].text, NULL);
  RillDoc *docs[] = { text_doc ("https://a.example/1", article),
                      text_doc ("https://a.example/2", "Menu Home News Sport"),
                      text_doc ("https://a.example/3", NULL), NULL };

  out = run_docs ("quality name=q", docs, &pipeline);
  g_assert_cmpuint (out->len, ==, 1);
  g_assert_cmpstr (rill_doc_get_string (out->pdata[0], RILL_FIELD_URL), ==, "https://a.example/1");
  g_assert_cmpint (filter_reason (pipeline, "q", "too-few-words"), ==, 2);

  marked = run_docs ("quality name=q mark=true", docs, &pipeline2);
  free_docs (docs);
  g_assert_cmpuint (marked->len, ==, 3);
  g_assert_false (rill_doc_has_field (marked->pdata[0], "quality-rule"));
  g_assert_cmpstr (rill_doc_get_string (marked->pdata[1], "quality-rule"), ==, "too-few-words");
  g_assert_cmpstr (rill_doc_get_string (marked->pdata[2], "quality-rule"), ==, "too-few-words");
  g_assert_cmpint (rill_test_stat (pipeline2, "q", "filtered"), ==, 0);
}

/* filter */

static RillDoc **
filter_docs (void)
{
  static const struct { const char *lang; gint64 status; double score; const char *text; } rows[] = {
    { "ru", 200, 0.5, "Выборы в городе" },
    { "en", 404, 1.5, "Election day in the city" },
    { "az", 10, 9.0, "Seçki günü" },
    { NULL, 9, 0.0, "no language" },
  };
  RillDoc **docs = g_new0 (RillDoc *, G_N_ELEMENTS (rows) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *url = g_strdup_printf ("https://f.example/%u", i);
      g_autofree char *num = g_strdup_printf ("%" G_GINT64_FORMAT, rows[i].status);
      const char *tags[] = { "politics", i % 2 ? "city" : "world", NULL };

      docs[i] = text_doc (url, rows[i].text);
      if (rows[i].lang)
        rill_doc_set_string (docs[i], RILL_FIELD_LANG, rows[i].lang);
      rill_doc_set_int (docs[i], RILL_FIELD_STATUS, rows[i].status);
      rill_doc_set_string (docs[i], "status-text", num);
      rill_doc_set_double (docs[i], "score", rows[i].score);
      rill_doc_set_strv (docs[i], RILL_FIELD_TAGS, tags);
    }
  return docs;
}

/* The indexes (into filter_docs) of the docs @props keeps, as "0,2". */
static char *
filter_kept (const char *props)
{
  g_autoptr (RillPipeline) pipeline = NULL;
  g_autoptr (GPtrArray) out = NULL;
  g_autofree char *middle = g_strdup_printf ("filter name=f %s", props);
  RillDoc **docs = filter_docs ();
  GString *s = g_string_new (NULL);

  out = run_docs (middle, docs, &pipeline);
  free_docs (docs);
  g_free (docs);
  for (guint i = 0; i < out->len; i++)
    {
      const char *url = rill_doc_get_string (out->pdata[i], RILL_FIELD_URL);

      g_string_append_printf (s, "%s%s", i ? "," : "", strrchr (url, '/') + 1);
    }
  g_assert_cmpint (rill_test_stat (pipeline, "f", "filtered"), ==, 4 - out->len);
  return g_string_free (s, FALSE);
}

#define assert_kept(props, expected)                     \
  G_STMT_START {                                         \
    g_autofree char *kept_ = filter_kept (props);        \
    g_test_message ("filter %s -> %s", props, kept_);    \
    g_assert_cmpstr (kept_, ==, expected);               \
  } G_STMT_END

static void
test_filter_ops (void)
{
  assert_kept ("field=lang value=ru", "0");
  assert_kept ("field=lang op=eq value=ru invert=true", "1,2,3");
  assert_kept ("field=lang op=ne value=ru", "1,2,3");
  assert_kept ("field=lang op=exists", "0,1,2");
  assert_kept ("field=lang op=missing", "3");
  assert_kept ("field=lang", "0,1,2");
  assert_kept ("field=lang op=lt value=en", "2");
  /* numbers compare numerically: 10 > 9, although "10" < "9" as text */
  assert_kept ("field=status op=gt value=9", "0,1,2");
  assert_kept ("field=status-text op=gt value=9", "0,1,2");
  assert_kept ("field=status op=ge value=200", "0,1");
  assert_kept ("field=status op=le value=10", "2,3");
  assert_kept ("field=status op=lt value=10", "3");
  assert_kept ("field=score op=ge value=1.5", "1,2");
  assert_kept ("field=score op=eq value=0.5", "0");
  assert_kept ("field=tags value=city", "1,3");
  assert_kept ("field=tags op=ne value=city", "0,2");
  assert_kept ("field=text regex=\"(?i)^election|выборы\"", "0,1");
  assert_kept ("field=text op=regex regex=day invert=true", "0,2,3");
  assert_kept ("field=lang regex=.", "0,1,2");
}

static void
test_filter_reason_and_errors (void)
{
  g_autoptr (RillPipeline) pipeline = NULL;
  g_autoptr (GPtrArray) out = NULL;
  RillDoc **docs = filter_docs ();
  const char *bad[] = {
    "app-src ! filter field=text regex=\"(unclosed\" ! app-sink",
    "app-src ! filter field=lang op=lt ! app-sink",
    "app-src ! filter value=ru ! app-sink",
  };

  out = run_docs ("filter name=f field=lang value=ru", docs, &pipeline);
  free_docs (docs);
  g_free (docs);
  g_assert_cmpint (filter_reason (pipeline, "f", "lang eq ru is false"), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (RillPipeline) p = rill_test_parse (bad[i]);
      g_autoptr (GError) error = NULL;
      RillElement *src = NULL;
      g_autoptr (GPtrArray) elements = rill_pipeline_get_elements (p);

      for (guint j = 0; j < elements->len; j++)
        if (RILL_IS_APP_SRC (elements->pdata[j]))
          src = elements->pdata[j];
      rill_app_src_end_of_stream (RILL_APP_SRC (src));
      g_assert_false (rill_pipeline_run (p, NULL, &error));
      g_assert_nonnull (error);
      g_test_message ("%s: %s", bad[i], error->message);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/langid/long", test_langid_long);
  g_test_add_func ("/text/langid/short", test_langid_short);
  g_test_add_func ("/text/langid/und", test_langid_und);
  g_test_add_func ("/text/langid/keep", test_langid_keep);
  g_test_add_func ("/text/normalize/forms", test_normalize_forms);
  g_test_add_func ("/text/normalize/spaces-controls", test_normalize_spaces_controls);
  g_test_add_func ("/text/normalize/field", test_normalize_field);
  g_test_add_func ("/text/quality/rules", test_quality_rules);
  g_test_add_func ("/text/quality/defaults-and-mark", test_quality_defaults_and_mark);
  g_test_add_func ("/text/filter/ops", test_filter_ops);
  g_test_add_func ("/text/filter/reason-and-errors", test_filter_reason_and_errors);

  return g_test_run ();
}
