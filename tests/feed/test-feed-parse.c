/* test-feed-parse.c: feed-parse on RSS, RDF, Atom, JSON Feed, sitemaps,
 * gzip, malformed and non-feed bodies; the date and URL helpers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-test-utils.h"
#include "rill-feed-private.h"

#include <string.h>

#define FEED_URL "http://feeds.example/dir/feed.xml"

typedef struct {
  RillPipeline *pipeline;
  GPtrArray *docs;
  GPtrArray *warnings;
} Run;

static void
run_clear (Run *run)
{
  g_clear_object (&run->pipeline);
  g_clear_pointer (&run->docs, g_ptr_array_unref);
  g_clear_pointer (&run->warnings, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
on_message (RillBus     *bus,
            RillMessage *message,
            gpointer     data)
{
  GPtrArray *warnings = data;
  const GError *error = rill_message_get_error (message);

  if (rill_message_get_message_type (message) == RILL_MESSAGE_WARNING && error != NULL)
    g_ptr_array_add (warnings, g_strdup (error->message));
}

static GBytes *
fixture (const char *name)
{
  g_autofree char *path = g_build_filename (FEED_FIXTURES, name, NULL);
  g_autoptr(GError) error = NULL;
  char *data;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* Runs feed-parse (with @props) over @bodies, each with url @url. */
static void
run_bodies (Run         *run,
            const char  *props,
            GBytes     **bodies,
            guint        n,
            const char  *url)
{
  g_autofree char *line = g_strdup_printf ("app-src name=in ! feed-parse name=parse %s "
                                           "! app-sink name=out", props ? props : "");
  g_autoptr(GError) error = NULL;
  RillAppSrc *src;

  run->pipeline = rill_test_parse (line);
  run->warnings = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (rill_pipeline_get_bus (run->pipeline), "message",
                    G_CALLBACK (on_message), run->warnings);
  src = RILL_APP_SRC (rill_pipeline_get_by_name (run->pipeline, "in"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RillDoc) doc = rill_doc_new ();

      if (url != NULL)
        rill_doc_set_string (doc, RILL_FIELD_URL, url);
      if (bodies[i] != NULL)
        rill_doc_set_bytes (doc, RILL_FIELD_BODY, bodies[i]);
      g_assert_true (rill_app_src_push_doc (src, doc));
    }
  rill_app_src_end_of_stream (src);
  g_assert_true (rill_pipeline_run (run->pipeline, NULL, &error));
  g_assert_no_error (error);
  run->docs = rill_test_pull_all (run->pipeline, "out");
}

static void
run_fixture (Run        *run,
             const char *name,
             const char *url)
{
  g_autoptr(GBytes) body = fixture (name);

  run_bodies (run, NULL, &body, 1, url);
}

static const char *
str (GPtrArray  *docs,
     guint       i,
     const char *field)
{
  g_assert_cmpuint (i, <, docs->len);
  return rill_doc_get_string (docs->pdata[i], field);
}

static void
assert_tags (RillDoc    *doc,
             const char *joined)
{
  const char * const *tags = rill_doc_get_strv (doc, RILL_FIELD_TAGS);
  g_autofree char *got = tags != NULL ? g_strjoinv (",", (char **) tags) : NULL;

  g_assert_cmpstr (got, ==, joined);
}

static void
assert_consumed (Run *run,
                 gint64 feeds,
                 gint64 entries)
{
  g_assert_cmpint (rill_test_stat (run->pipeline, "parse", "in"), ==, feeds);
  g_assert_cmpint (rill_test_stat (run->pipeline, "parse", "filtered"), ==, feeds);
  g_assert_cmpint (rill_test_stat (run->pipeline, "parse", "failed"), ==, 0);
  g_assert_cmpint (rill_test_stat (run->pipeline, "parse", "out"), ==, entries);
  g_assert_cmpuint (run->docs->len, ==, entries);
}

/* ---- helpers ------------------------------------------------------------ */

static void
test_dates (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "Sun, 10 Mar 2024 09:30:00 +0100", "2024-03-10T09:30:00+01:00" },
    { "Tue, 05 Mar 2024 23:59:59 GMT", "2024-03-05T23:59:59Z" },
    { "Mon, 4 Mar 24 17:05 EST", "2024-03-04T17:05:00-05:00" },
    { "4 Mar 2024 17:05:00 PDT", "2024-03-04T17:05:00-07:00" },
    { "Thu, 29 Feb 2024 12:00:00 -0330", "2024-02-29T12:00:00-03:30" },
    { "Wed, 02 October 2002 13:00:00 +05:30", "2002-10-02T13:00:00+05:30" },
    { "Wed, 02 Oct 2002 13:00:00", "2002-10-02T13:00:00" },
    { "Wed, 02 Oct 2002 13:00:00 Z", "2002-10-02T13:00:00Z" },
    { "2024-01-15T10:20:30Z", "2024-01-15T10:20:30Z" },
    { "2024-01-17T08:15:00.123-05:00", "2024-01-17T08:15:00-05:00" },
    { "2024-06-02T10:00+01:00", "2024-06-02T10:00:00+01:00" },
    { "2024-06-02 10:00:00+00:00", "2024-06-02T10:00:00Z" },
    { "2024-06-01", "2024-06-01" },
    { "2024-06", "2024-06" },
    { " 2023-11-06 ", "2023-11-06" },
    { "Fri, 30 Feb 2024 10:00:00 GMT", NULL },
    { "2024-13-01", NULL },
    { "yesterday", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = rill_feed_parse_date (cases[i].in);

      g_test_message ("%s", cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_canonical (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "HTTP://Example.COM:80/a/b?z=1&a=2#frag", "http://example.com/a/b?a=2&z=1" },
    { "https://example.com:443", "https://example.com/" },
    { "http://example.com:8080/x?b=2&a=1", "http://example.com:8080/x?a=1&b=2" },
    { "http://example.com/a/./b/../c", "http://example.com/a/c" },
    { "http://example.com/p?&&a=1&", "http://example.com/p?a=1" },
    { "http://example.com/P%20q", "http://example.com/P%20q" },
    { "ftp://example.com/", NULL },
    { "mailto:jo@example.com", NULL },
    { "/relative/path", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = rill_crawl_canonicalize (cases[i].in);

      g_test_message ("%s", cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

/* ---- formats ------------------------------------------------------------ */

static void
test_rss2 (void)
{
  g_auto(Run) run = { 0 };

  run_fixture (&run, "rss2.xml", FEED_URL);
  assert_consumed (&run, 1, 4);
  g_assert_cmpuint (run.warnings->len, ==, 0);

  g_assert_cmpstr (str (run.docs, 0, "url"), ==, "https://news.example/2024/03/storm");
  g_assert_cmpstr (str (run.docs, 0, "title"), ==, "Storm hits the coast");
  g_assert_cmpstr (str (run.docs, 0, "date"), ==, "2024-03-10T09:30:00+01:00");
  g_assert_cmpstr (str (run.docs, 0, "author"), ==, "Ana Lima");
  g_assert_cmpstr (str (run.docs, 0, "description"), ==, "Winds of 120 km/h & heavy rain.");
  g_assert_cmpstr (str (run.docs, 0, "image"), ==, "http://feeds.example/img/storm.jpg");
  g_assert_cmpstr (str (run.docs, 0, "feed-url"), ==, FEED_URL);
  assert_tags (run.docs->pdata[0], "Weather,Coast");

  /* a relative link, a two-digit year and a zone name */
  g_assert_cmpstr (str (run.docs, 1, "url"), ==, "http://feeds.example/2024/03/zones?id=2");
  g_assert_cmpstr (str (run.docs, 1, "date"), ==, "2024-03-04T17:05:00-05:00");
  g_assert_cmpstr (str (run.docs, 1, "author"), ==, "Bo Chen");

  /* a permalink guid stands in for the link; isPermaLink=false does not */
  g_assert_cmpstr (str (run.docs, 2, "url"), ==, "https://news.example/2024/03/guid");
  g_assert_cmpstr (str (run.docs, 2, "date"), ==, "2024-03-05T23:59:59Z");
  g_assert_cmpstr (str (run.docs, 3, "url"), ==, "https://news.example/2024/02/leap");
  g_assert_cmpstr (str (run.docs, 3, "date"), ==, "2024-02-29T12:00:00-03:30");
  g_assert_null (str (run.docs, 3, "author"));
}

static void
test_rdf (void)
{
  g_auto(Run) run = { 0 };

  run_fixture (&run, "rss1.rdf", FEED_URL);
  assert_consumed (&run, 1, 2);
  g_assert_cmpstr (str (run.docs, 0, "url"), ==, "https://blog.example/one");
  g_assert_cmpstr (str (run.docs, 0, "title"), ==, "First post");
  g_assert_cmpstr (str (run.docs, 0, "date"), ==, "2023-11-05T08:00:00+09:00");
  g_assert_cmpstr (str (run.docs, 0, "author"), ==, "Kim");
  g_assert_cmpstr (str (run.docs, 0, "description"), ==, "The first one.");
  assert_tags (run.docs->pdata[0], "intro");
  /* no <link>: rdf:about */
  g_assert_cmpstr (str (run.docs, 1, "url"), ==, "https://blog.example/two");
  g_assert_cmpstr (str (run.docs, 1, "date"), ==, "2023-11-06");
}

static void
test_atom (void)
{
  g_auto(Run) run = { 0 };

  run_fixture (&run, "atom.xml", FEED_URL);
  assert_consumed (&run, 1, 3);
  /* xml:base of the feed, then of the entry, override the feed URL */
  g_assert_cmpstr (str (run.docs, 0, "url"), ==, "https://atom.example/blog/posts/relative");
  g_assert_cmpstr (str (run.docs, 0, "title"), ==, "Relative links");
  g_assert_cmpstr (str (run.docs, 0, "date"), ==, "2024-01-15T10:20:30Z");
  g_assert_cmpstr (str (run.docs, 0, "author"), ==, "Lee, Sam");
  g_assert_cmpstr (str (run.docs, 0, "description"), ==, "A summary.");
  assert_tags (run.docs->pdata[0], "go,c");
  g_assert_cmpstr (str (run.docs, 1, "url"), ==, "https://atom.example/other/nested");
  g_assert_cmpstr (str (run.docs, 1, "date"), ==, "2024-01-17T08:15:00-05:00");
  g_assert_cmpstr (str (run.docs, 1, "author"), ==, "Feed Author");
  g_assert_cmpstr (str (run.docs, 2, "url"), ==, "https://atom.example/entries/3");
}

static void
test_json_feed (void)
{
  g_auto(Run) run = { 0 };

  run_fixture (&run, "feed.json", "http://feeds.example/dir/feed.json");
  assert_consumed (&run, 1, 2);
  g_assert_cmpstr (str (run.docs, 0, "url"), ==, "https://json.example/posts/1");
  g_assert_cmpstr (str (run.docs, 0, "title"), ==, "First");
  g_assert_cmpstr (str (run.docs, 0, "date"), ==, "2024-05-01T10:00:00-07:00");
  g_assert_cmpstr (str (run.docs, 0, "author"), ==, "Jo");
  g_assert_cmpstr (str (run.docs, 0, "description"), ==, "One");
  g_assert_cmpstr (str (run.docs, 0, "image"), ==, "http://feeds.example/img/1.png");
  assert_tags (run.docs->pdata[0], "a,b");
  g_assert_cmpstr (str (run.docs, 1, "url"), ==, "http://feeds.example/dir/posts/2");
  g_assert_cmpstr (str (run.docs, 1, "date"), ==, "2024-05-02T00:00:00Z");
  g_assert_cmpstr (str (run.docs, 1, "author"), ==, "Feed Person");
}

static void
test_sitemap (void)
{
  g_auto(Run) run = { 0 };

  run_fixture (&run, "sitemap.xml", "https://site.example/sitemap.xml");
  assert_consumed (&run, 1, 3);
  g_assert_cmpstr (str (run.docs, 0, "url"), ==, "https://site.example/");
  g_assert_cmpstr (str (run.docs, 0, "date"), ==, "2024-06-01");
  g_assert_cmpstr (str (run.docs, 1, "date"), ==, "2024-06-02T10:00:00+01:00");
  g_assert_cmpstr (str (run.docs, 1, "image"), ==, "https://site.example/a.png");
  g_assert_cmpstr (str (run.docs, 2, "url"), ==, "https://site.example/contact?b=2&a=1");
  g_assert_false (rill_doc_has_field (run.docs->pdata[0], "sitemap"));
}

static void
test_sitemap_index (void)
{
  g_auto(Run) run = { 0 };

  run_fixture (&run, "sitemap-index.xml", "https://site.example/sitemap.xml");
  assert_consumed (&run, 1, 2);
  g_assert_cmpstr (str (run.docs, 0, "url"), ==, "https://site.example/sitemap-posts.xml.gz");
  g_assert_cmpstr (str (run.docs, 0, "date"), ==, "2024-06-03T04:05:06Z");
  g_assert_true (rill_doc_get_bool (run.docs->pdata[0], "sitemap", FALSE));
  g_assert_cmpstr (str (run.docs, 1, "url"), ==, "https://site.example/sitemap-pages.xml");
  g_assert_true (rill_doc_get_bool (run.docs->pdata[1], "sitemap", FALSE));
}

static void
test_news_sitemap (void)
{
  g_auto(Run) run = { 0 };

  run_fixture (&run, "news-sitemap.xml", "https://paper.example/news.xml");
  assert_consumed (&run, 1, 1);
  g_assert_cmpstr (str (run.docs, 0, "url"), ==, "https://paper.example/world/summit");
  g_assert_cmpstr (str (run.docs, 0, "title"), ==, "Leaders meet at summit");
  /* news:publication_date wins over lastmod */
  g_assert_cmpstr (str (run.docs, 0, "date"), ==, "2024-07-02T06:30:00+02:00");
  g_assert_cmpstr (str (run.docs, 0, "sitename"), ==, "The Paper");
  g_assert_cmpstr (str (run.docs, 0, "lang"), ==, "en");
  assert_tags (run.docs->pdata[0], "politics,summit,world");
}

static void
test_gzip (void)
{
  g_auto(Run) run = { 0 };

  run_fixture (&run, "sitemap-300.xml.gz", "https://site.example/s.xml.gz");
  assert_consumed (&run, 1, 300);
  g_assert_cmpstr (str (run.docs, 0, "url"), ==, "https://site.example/p/0");
  g_assert_cmpstr (str (run.docs, 299, "url"), ==, "https://site.example/p/299");
  g_assert_cmpstr (str (run.docs, 299, "date"), ==, "2024-01-20");
  g_assert_cmpuint (run.warnings->len, ==, 0);
}

static void
test_gzip_too_large (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GBytes) body = fixture ("sitemap-300.xml.gz");

  /* inflates to about 25 kB */
  run_bodies (&run, "max-size=4096", &body, 1, "https://site.example/s.xml.gz");
  g_assert_cmpuint (run.docs->len, ==, 0);
  g_assert_cmpint (rill_test_stat (run.pipeline, "parse", "failed"), ==, 1);
  g_assert_cmpuint (run.warnings->len, ==, 1);
  g_assert_nonnull (strstr (run.warnings->pdata[0], "https://site.example/s.xml.gz"));
  g_assert_nonnull (strstr (run.warnings->pdata[0], "4096"));
}

static void
test_gzip_truncated (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GBytes) whole = fixture ("sitemap-300.xml.gz");
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) / 2);

  run_bodies (&run, NULL, &half, 1, "https://site.example/cut.xml.gz");
  /* the entries before the cut, a warning naming the URL */
  g_assert_cmpuint (run.docs->len, >, 10);
  g_assert_cmpuint (run.docs->len, <, 300);
  g_assert_cmpstr (str (run.docs, 0, "url"), ==, "https://site.example/p/0");
  g_assert_cmpint (rill_test_stat (run.pipeline, "parse", "failed"), ==, 0);
  g_assert_cmpuint (run.warnings->len, >=, 1);
  for (guint i = 0; i < run.warnings->len; i++)
    g_assert_nonnull (strstr (run.warnings->pdata[i], "https://site.example/cut.xml.gz"));
}

static void
test_broken (void)
{
  g_auto(Run) run = { 0 };

  run_fixture (&run, "broken.rss", "https://broken.example/rss");
  assert_consumed (&run, 1, 2);
  g_assert_cmpstr (str (run.docs, 0, "url"), ==, "https://broken.example/1");
  g_assert_cmpstr (str (run.docs, 1, "url"), ==, "https://broken.example/2");
  g_assert_cmpuint (run.warnings->len, ==, 1);
  g_assert_nonnull (strstr (run.warnings->pdata[0], "https://broken.example/rss"));
  g_assert_nonnull (strstr (run.warnings->pdata[0], "malformed"));
}

static void
test_not_a_feed (void)
{
  g_auto(Run) run = { 0 };
  GBytes *bodies[3] = {
    fixture ("page.html"),
    g_bytes_new_static ("{\"version\": 2, \"items\": []}", 27),
    NULL,                       /* no body at all */
  };

  run_bodies (&run, NULL, bodies, 3, "https://www.example/page");
  g_assert_cmpuint (run.docs->len, ==, 0);
  g_assert_cmpint (rill_test_stat (run.pipeline, "parse", "failed"), ==, 3);
  g_assert_cmpint (rill_test_stat (run.pipeline, "parse", "filtered"), ==, 0);
  g_assert_cmpuint (run.warnings->len, ==, 3);
  for (guint i = 0; i < run.warnings->len; i++)
    g_assert_nonnull (strstr (run.warnings->pdata[i], "not a feed: https://www.example/page"));
  g_bytes_unref (bodies[0]);
  g_bytes_unref (bodies[1]);
}

/* Many feeds through the parallel element: every entry comes out once. */
static void
test_many (void)
{
  g_auto(Run) run = { 0 };
  const char *names[] = { "rss2.xml", "rss1.rdf", "atom.xml", "feed.json", "sitemap.xml" };
  guint per_round = 4 + 2 + 3 + 2 + 3;
  GBytes *bodies[50];

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    bodies[i] = fixture (names[i % G_N_ELEMENTS (names)]);
  run_bodies (&run, NULL, bodies, G_N_ELEMENTS (bodies), FEED_URL);
  assert_consumed (&run, 50, 10 * per_round);
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    g_bytes_unref (bodies[i]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/feed/date", test_dates);
  g_test_add_func ("/feed/canonical-url", test_canonical);
  g_test_add_func ("/feed/rss2", test_rss2);
  g_test_add_func ("/feed/rdf", test_rdf);
  g_test_add_func ("/feed/atom", test_atom);
  g_test_add_func ("/feed/json-feed", test_json_feed);
  g_test_add_func ("/feed/sitemap", test_sitemap);
  g_test_add_func ("/feed/sitemap-index", test_sitemap_index);
  g_test_add_func ("/feed/news-sitemap", test_news_sitemap);
  g_test_add_func ("/feed/gzip", test_gzip);
  g_test_add_func ("/feed/gzip-too-large", test_gzip_too_large);
  g_test_add_func ("/feed/gzip-truncated", test_gzip_truncated);
  g_test_add_func ("/feed/broken", test_broken);
  g_test_add_func ("/feed/not-a-feed", test_not_a_feed);
  g_test_add_func ("/feed/many", test_many);

  return g_test_run ();
}
