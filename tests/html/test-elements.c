/* test-elements.c: html-extract, html-links and html-text in pipelines
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-test-utils.h"

static RillDoc *
page_doc (const char *html,
          gssize      len,
          const char *url)
{
  RillDoc *doc = rill_doc_new ();

  rill_doc_take_bytes (doc, RILL_FIELD_BODY, g_bytes_new (html, len < 0 ? strlen (html) : (gsize) len));
  rill_doc_set_string (doc, RILL_FIELD_URL, url);
  return doc;
}

static GPtrArray *
run_one (const char   *line,
         RillDoc      *doc,
         RillPipeline **out_pipeline)
{
  RillPipeline *pipeline = rill_test_parse (line);
  g_autoptr(GError) error = NULL;

  rill_app_src_push_doc (RILL_APP_SRC (rill_pipeline_get_by_name (pipeline, "in")), doc);
  rill_app_src_end_of_stream (RILL_APP_SRC (rill_pipeline_get_by_name (pipeline, "in")));
  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_no_error (error);
  *out_pipeline = pipeline;
  return rill_test_pull_all (pipeline, "out");
}

static char *
read_fixture (const char *name,
              gsize      *len)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "html", name, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, len, NULL));
  return contents;
}

/* The aggregator page of tests/html: the story alone, its metadata, the
 * outlet it credits; the body is dropped unless asked to keep it. */
static void
test_extract_aggregator (void)
{
  gsize len;
  g_autofree char *html = read_fixture ("aggregator.html", &len);
  g_autoptr(RillDoc) doc = page_doc (html, len, "https://agg.example/news/1");
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(GPtrArray) docs = run_one ("app-src name=in ! html-extract ! app-sink name=out", doc, &pipeline);
  RillDoc *out;
  const char *text;

  g_assert_cmpuint (docs->len, ==, 1);
  out = docs->pdata[0];
  text = rill_doc_get_string (out, RILL_FIELD_TEXT);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "электробус"));
  g_assert_null (strstr (text, "Самое читаемое"));
  g_assert_cmpstr (rill_doc_get_string (out, RILL_FIELD_TITLE), ==, "В Гяндже запустили первую линию электробусов");
  g_assert_cmpstr (rill_doc_get_string (out, RILL_FIELD_SOURCE_URL), ==, "https://vesti.example/society/gyandzha-elektrobusy");
  g_assert_nonnull (rill_doc_get_string (out, RILL_FIELD_DATE));
  g_assert_false (rill_doc_has_field (out, RILL_FIELD_BODY));
}

static void
test_extract_keep_body_and_markdown (void)
{
  g_autoptr(RillDoc) doc =
    page_doc ("<html><body><article><h2>Heading</h2><p>First paragraph of a reasonably long story "
              "that goes on for a while so that it counts as prose.</p><ul><li>one item of the list</li>"
              "<li>another item of the list</li></ul></article></body></html>", -1, "https://x.example/a");
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(GPtrArray) docs =
    run_one ("app-src name=in ! html-extract format=markdown keep-body=true ! app-sink name=out", doc, &pipeline);
  const char *text;

  g_assert_cmpuint (docs->len, ==, 1);
  text = rill_doc_get_string (docs->pdata[0], RILL_FIELD_TEXT);
  g_assert_nonnull (strstr (text, "## Heading"));
  g_assert_nonnull (strstr (text, "- one item"));
  g_assert_true (rill_doc_has_field (docs->pdata[0], RILL_FIELD_BODY));
}

/* A page with no text is filtered, one with no body fails naming its URL;
 * neither stops the pipeline. */
static void
test_extract_empty_and_missing (void)
{
  g_autoptr(RillPipeline) pipeline = rill_test_parse ("app-src name=in ! html-extract name=x ! app-sink name=out");
  RillAppSrc *in = RILL_APP_SRC (rill_pipeline_get_by_name (pipeline, "in"));
  g_autoptr(RillDoc) empty = page_doc ("<html><body></body></html>", -1, "https://x.example/empty");
  g_autoptr(RillDoc) nobody = rill_doc_new ();
  g_autoptr(RillDoc) good = page_doc ("<p>A single real paragraph with enough words to be the main text of this tiny page.</p>",
                                      -1, "https://x.example/good");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;

  rill_doc_set_string (nobody, RILL_FIELD_URL, "https://x.example/nobody");
  rill_app_src_push_doc (in, empty);
  rill_app_src_push_doc (in, nobody);
  rill_app_src_push_doc (in, good);
  rill_app_src_end_of_stream (in);
  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  docs = rill_test_pull_all (pipeline, "out");
  g_assert_cmpuint (docs->len, ==, 1);
  g_assert_cmpstr (rill_doc_get_string (docs->pdata[0], RILL_FIELD_URL), ==, "https://x.example/good");
  g_assert_cmpint (rill_test_stat (pipeline, "x", "filtered"), ==, 1);
  g_assert_cmpint (rill_test_stat (pipeline, "x", "failed"), ==, 1);
}

/* The charset the fetch recorded decodes the page. */
static void
test_extract_charset_hint (void)
{
  const char *utf8 = "<p>Городской совет утвердил продление трамвайной линии до микрорайона Северные Дюны.</p>";
  g_autofree char *cp1251 = g_convert (utf8, -1, "windows-1251", "UTF-8", NULL, NULL, NULL);
  g_autoptr(RillDoc) doc = page_doc (cp1251, -1, "https://x.example/ru");
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(GPtrArray) docs = NULL;

  rill_doc_set_string (doc, RILL_FIELD_CHARSET, "windows-1251");
  docs = run_one ("app-src name=in ! html-extract ! app-sink name=out", doc, &pipeline);
  g_assert_cmpuint (docs->len, ==, 1);
  g_assert_nonnull (strstr (rill_doc_get_string (docs->pdata[0], RILL_FIELD_TEXT), "трамвайной линии"));
}

/* One doc per link, absolute, with its anchor text; feeds first and alone
 * with feeds-only; the page itself is filtered unless kept. */
static void
test_links (void)
{
  const char *html = "<html><head><link rel=alternate type=application/rss+xml href=/rss.xml></head>"
                     "<body><a href=/a>First</a> <a href='b?x=1'>Second</a> <a href='#top'>top</a></body></html>";
  g_autoptr(RillPipeline) p1 = NULL;
  g_autoptr(RillPipeline) p2 = NULL;
  g_autoptr(RillDoc) d1 = page_doc (html, -1, "https://x.example/dir/page");
  g_autoptr(RillDoc) d2 = page_doc (html, -1, "https://x.example/dir/page");
  g_autoptr(GPtrArray) links = run_one ("app-src name=in ! html-links name=l ! app-sink name=out", d1, &p1);
  g_autoptr(GPtrArray) feeds = run_one ("app-src name=in ! html-links feeds-only=true keep-page=true ! app-sink name=out", d2, &p2);

  g_assert_cmpuint (links->len, ==, 3);
  g_assert_cmpstr (rill_doc_get_string (links->pdata[0], RILL_FIELD_URL), ==, "https://x.example/rss.xml");
  g_assert_true (rill_doc_get_bool (links->pdata[0], "is-feed", FALSE));
  g_assert_cmpstr (rill_doc_get_string (links->pdata[1], RILL_FIELD_URL), ==, "https://x.example/a");
  g_assert_cmpstr (rill_doc_get_string (links->pdata[1], "anchor-text"), ==, "First");
  g_assert_cmpstr (rill_doc_get_string (links->pdata[2], RILL_FIELD_URL), ==, "https://x.example/dir/b?x=1");
  g_assert_cmpstr (rill_doc_get_string (links->pdata[2], "found-on"), ==, "https://x.example/dir/page");
  g_assert_cmpint (rill_test_stat (p1, "l", "filtered"), ==, 1);

  g_assert_cmpuint (feeds->len, ==, 2);
  g_assert_true (rill_doc_get_bool (feeds->pdata[0], "is-feed", FALSE));
  g_assert_true (rill_doc_has_field (feeds->pdata[1], RILL_FIELD_BODY));
}

/* Each link's depth is its page's + 1: a page without depth is a seed
 * (links at 1), an int or a string of digits counts, anything else counts
 * as absent; filter then bounds the crawl on it. */
static void
test_links_depth (void)
{
  const char *html = "<html><body><a href=/a>A</a> <a href=/b>B</a></body></html>";
  static const struct {
    const char *page;
    RillFieldType type;
    const char *value;
    gint64 expected;
  } cases[] = {
    { "https://x.example/seed", RILL_FIELD_NONE, NULL, 1 },
    { "https://x.example/two", RILL_FIELD_INT, "2", 3 },
    { "https://x.example/five", RILL_FIELD_STRING, "5", 6 },
    { "https://x.example/bad", RILL_FIELD_STRING, "deep", 1 },
    { "https://x.example/negative", RILL_FIELD_INT, "-4", 1 },
  };
  const char *lines[] = {
    "app-src name=in ! html-links ! app-sink name=out",
    "app-src name=in ! html-links ! filter name=f field=depth op=le value=3 ! app-sink name=out",
  };

  for (guint l = 0; l < G_N_ELEMENTS (lines); l++)
    {
      g_autoptr(RillPipeline) pipeline = rill_test_parse (lines[l]);
      RillAppSrc *in = RILL_APP_SRC (rill_pipeline_get_by_name (pipeline, "in"));
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) links = NULL;
      guint n_kept = 0;

      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autoptr(RillDoc) page = page_doc (html, -1, cases[i].page);

          if (cases[i].type == RILL_FIELD_INT)
            rill_doc_set_int (page, "depth", g_ascii_strtoll (cases[i].value, NULL, 10));
          else if (cases[i].type == RILL_FIELD_STRING)
            rill_doc_set_string (page, "depth", cases[i].value);
          g_assert_true (rill_app_src_push_doc (in, page));
          if (l == 0 || cases[i].expected <= 3)
            n_kept += 2;
        }
      rill_app_src_end_of_stream (in);
      g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
      g_assert_no_error (error);
      links = rill_test_pull_all (pipeline, "out");

      g_assert_cmpuint (links->len, ==, n_kept);
      for (guint k = 0; k < links->len; k++)
        {
          const char *found_on = rill_doc_get_string (links->pdata[k], "found-on");
          guint i;

          for (i = 0; i < G_N_ELEMENTS (cases); i++)
            if (g_strcmp0 (found_on, cases[i].page) == 0)
              break;
          g_assert_cmpuint (i, <, G_N_ELEMENTS (cases));
          g_assert_cmpint (rill_doc_get_field_type (links->pdata[k], "depth"), ==, RILL_FIELD_INT);
          g_assert_cmpint (rill_doc_get_int (links->pdata[k], "depth", -1), ==, cases[i].expected);
          if (l == 1)
            g_assert_cmpint (cases[i].expected, <=, 3);
        }
      if (l == 1)
        g_assert_cmpint (rill_test_stat (pipeline, "f", "filtered"), ==, 2);
    }
}

/* html-text keeps what html-extract removes. */
static void
test_visible_text (void)
{
  gsize len;
  g_autofree char *html = read_fixture ("aggregator.html", &len);
  g_autoptr(RillDoc) doc = page_doc (html, len, "https://agg.example/news/1");
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(GPtrArray) docs = run_one ("app-src name=in ! html-text ! app-sink name=out", doc, &pipeline);
  const char *text;

  g_assert_cmpuint (docs->len, ==, 1);
  text = rill_doc_get_string (docs->pdata[0], RILL_FIELD_TEXT);
  g_assert_nonnull (strstr (text, "электробус"));
  g_assert_nonnull (strstr (text, "Источник"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/html-elements/extract/aggregator", test_extract_aggregator);
  g_test_add_func ("/html-elements/extract/keep-body-markdown", test_extract_keep_body_and_markdown);
  g_test_add_func ("/html-elements/extract/empty-and-missing", test_extract_empty_and_missing);
  g_test_add_func ("/html-elements/extract/charset-hint", test_extract_charset_hint);
  g_test_add_func ("/html-elements/links", test_links);
  g_test_add_func ("/html-elements/links/depth", test_links_depth);
  g_test_add_func ("/html-elements/visible-text", test_visible_text);
  return g_test_run ();
}
