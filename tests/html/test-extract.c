/* test-extract.c: tests of the html extraction engine.
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The accuracy case reads the article-extraction dev set from
 * $RILL_ARTICLE_BENCH, else ../shared/bench/article-extraction relative to
 * the source root ($G_TEST_SRCDIR/../../../shared/...), and skips when
 * it is absent.
 */

#include <string.h>
#include <zlib.h>
#include <json-glib/json-glib.h>

#include "rill-html-engine.h"

/* 2025-11-28 12:00 UTC: a fixed fetch time for date tests */
#define NOW_US (G_GINT64_CONSTANT (1764331200) * G_USEC_PER_SEC)

static RillExtraction *
extract (const char *html,
         gssize      len,
         const char *hint,
         const char *url)
{
  RillExtractOptions opts;
  g_autoptr(GError) error = NULL;
  RillExtraction *ex;

  rill_extract_options_init (&opts);
  opts.now = NOW_US;
  ex = rill_extract_html ((const guint8 *) html, len < 0 ? strlen (html) : (gsize) len,
                          hint, url, &opts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ex);
  return ex;
}

static const char *ru_text =
  "Съешь же ещё этих мягких французских булок, да выпей чаю. "
  "Широкая электрификация южных губерний даст мощный толчок подъёму сельского хозяйства. "
  "В чащах юга жил бы цитрус? Да, но фальшивый экземпляр!";

static char *
ru_page (const char *head)
{
  return g_strdup_printf ("<html><head>%s<title>Тест</title></head><body><article>"
                          "<p>%s</p><p>%s</p><p>%s</p></article></body></html>",
                          head, ru_text, ru_text, ru_text);
}

static void
check_ru (const char *charset,
          const char *head,
          const char *hint)
{
  g_autofree char *utf8 = ru_page (head);
  gsize len = 0;
  g_autofree char *bytes = g_convert (utf8, -1, charset, "UTF-8", NULL, &len, NULL);
  g_autoptr(RillExtraction) ex = NULL;

  g_assert_nonnull (bytes);
  ex = extract (bytes, len, hint, NULL);
  g_assert_nonnull (strstr (ex->text, "Широкая электрификация южных губерний"));
  g_assert_nonnull (strstr (ex->text, "фальшивый экземпляр"));
}

static void
test_decode_cp1251_meta (void)
{
  check_ru ("WINDOWS-1251", "<meta charset=\"windows-1251\">", NULL);
  check_ru ("WINDOWS-1251",
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">",
            NULL);
}

static void
test_decode_koi8r (void)
{
  check_ru ("KOI8-R", "<meta http-equiv=Content-Type content='text/html; charset=koi8-r'>", NULL);
  /* the HTTP hint wins over a missing meta */
  check_ru ("KOI8-R", "", "koi8-r");
}

static void
test_decode_detect (void)
{
  /* no hint, no meta: libuchardet */
  check_ru ("WINDOWS-1251", "", NULL);
  check_ru ("KOI8-R", "", NULL);
  /* a meta that claims UTF-8 over windows-1251 bytes */
  check_ru ("WINDOWS-1251", "<meta charset=\"utf-8\">", NULL);
}

static void
test_decode_bom (void)
{
  g_autofree char *page = ru_page ("<meta charset=\"iso-8859-1\">");
  g_autofree char *bom = g_strconcat ("\xEF\xBB\xBF", page, NULL);
  g_autoptr(RillExtraction) ex = extract (bom, -1, NULL, NULL);
  g_autofree char *dec = NULL;
  g_autofree char *cs = NULL;

  g_assert_nonnull (strstr (ex->text, "Широкая электрификация"));
  g_assert_cmpstr (ex->charset, ==, "UTF-8");
  dec = rill_html_decode ((const guint8 *) bom, strlen (bom), NULL, NULL, &cs);
  g_assert_true (g_str_has_prefix (dec, "<html>"));
}

static void
test_decode_invalid_utf8 (void)
{
  const char *page = "<html><head><meta charset=utf-8></head><body><p>caf\xC3\xA9 \xFF\xFE ok "
                     "\xE2\x82 broken</p></body></html>";
  g_autoptr(RillExtraction) ex = extract (page, -1, NULL, NULL);

  g_assert_true (g_utf8_validate (ex->text, -1, NULL));
  g_assert_nonnull (strstr (ex->text, "café"));
}

static void
test_metadata_jsonld (void)
{
  const char *page =
    "<html lang=\"en\"><head><title>Page title - Example News</title>"
    "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
    "{\"@type\":\"WebSite\",\"name\":\"Example News\"},"
    "{\"@type\":\"NewsArticle\",\"headline\":\"Rivers rise after storm\","
    "\"author\":[{\"@type\":\"Person\",\"name\":\"Ann Lee\"},{\"@type\":\"Person\",\"name\":\"Bo Chen\"}],"
    "\"datePublished\":\"2024-03-05T14:30:00+01:00\",\"dateModified\":\"2024-03-06T08:00:00Z\","
    "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Example News\"},"
    "\"keywords\":[\"weather\",\"floods\"],\"image\":{\"@type\":\"ImageObject\",\"url\":\"https://ex.example/a.jpg\"},"
    "\"isBasedOn\":\"https://origin.example/story\"}]}</script>"
    "</head><body><article><p>The river rose two metres overnight after the storm, the agency said.</p>"
    "</article></body></html>";
  g_autoptr(RillExtraction) ex = extract (page, -1, NULL, "https://ex.example/news/rivers");

  g_assert_cmpstr (ex->title, ==, "Rivers rise after storm");
  g_assert_cmpstr (ex->author, ==, "Ann Lee; Bo Chen");
  g_assert_cmpstr (ex->date, ==, "2024-03-05T14:30:00+01:00");
  g_assert_cmpstr (ex->date_modified, ==, "2024-03-06T08:00:00Z");
  g_assert_cmpstr (ex->sitename, ==, "Example News");
  g_assert_cmpstr (ex->lang, ==, "en");
  g_assert_cmpstr (ex->image, ==, "https://ex.example/a.jpg");
  g_assert_cmpstr (ex->source_url, ==, "https://origin.example/story");
  g_assert_nonnull (ex->tags);
  g_assert_cmpstr (ex->tags[0], ==, "weather");
  g_assert_cmpstr (ex->tags[1], ==, "floods");
}

static void
test_metadata_og (void)
{
  const char *page =
    "<html><head><title>T</title>"
    "<meta property=\"og:title\" content=\"Open Graph title\">"
    "<meta property=\"og:site_name\" content=\"OG Site\">"
    "<meta property=\"og:description\" content=\"A description.\">"
    "<meta property=\"og:image\" content=\"/img/x.png\">"
    "<meta property=\"article:published_time\" content=\"2023-07-01T09:15:00-04:00\">"
    "<meta property=\"article:tag\" content=\"one\"><meta property=\"article:tag\" content=\"two\">"
    "<meta name=\"author\" content=\"Jane Roe\">"
    "<link rel=\"canonical\" href=\"/a/canonical\">"
    "<link rel=\"original-source\" href=\"https://first.example/x\">"
    "</head><body><p>Some text that is long enough to be a paragraph of an article body.</p></body></html>";
  g_autoptr(RillExtraction) ex = extract (page, -1, NULL, "https://site.example/a/b?x=1");

  g_assert_cmpstr (ex->title, ==, "Open Graph title");
  g_assert_cmpstr (ex->sitename, ==, "OG Site");
  g_assert_cmpstr (ex->description, ==, "A description.");
  g_assert_cmpstr (ex->image, ==, "https://site.example/img/x.png");
  g_assert_cmpstr (ex->canonical_url, ==, "https://site.example/a/canonical");
  g_assert_cmpstr (ex->date, ==, "2023-07-01T09:15:00-04:00");
  g_assert_cmpstr (ex->author, ==, "Jane Roe");
  g_assert_cmpstr (ex->source_url, ==, "https://first.example/x");
  g_assert_cmpstr (ex->tags[0], ==, "one");
  g_assert_cmpstr (ex->tags[1], ==, "two");
}

static void
test_metadata_dateline_ru (void)
{
  const char *page =
    "<html><head><title>Новость</title></head><body><div class=\"post\">"
    "<h1>Заголовок новости</h1><div class=\"info\">Опубликовано: 5 марта 2024, 14:30</div>"
    "<div class=\"text\"><p>В 1996 году, 2 октября 1995 года и позже произошло многое, пишет автор "
    "этой длинной заметки о событиях прошлых лет.</p></div></div></body></html>";
  g_autoptr(RillExtraction) ex = extract (page, -1, NULL, NULL);

  g_assert_cmpstr (ex->date, ==, "2024-03-05T14:30:00");
}

#define ORDER_PAGE \
    "<html lang=\"%s\"><body><div class=\"post\"><small class=\"text-muted\">05/10/2018</small>" \
    "<div class=\"text\"><p>Texto longo o bastante para ser um parágrafo do artigo, com detalhes.</p>" \
    "</div></div></body></html>"

static void
test_metadata_dateline_order (void)
{
  /* day first outside English pages, month first on en/en-US ones */
  g_autofree char *pt = g_strdup_printf (ORDER_PAGE, "pt-BR");
  g_autofree char *en = g_strdup_printf (ORDER_PAGE, "en-US");
  g_autoptr(RillExtraction) a = extract (pt, -1, NULL, NULL);
  g_autoptr(RillExtraction) b = extract (en, -1, NULL, NULL);

  g_assert_cmpstr (a->date, ==, "2018-10-05");
  g_assert_cmpstr (b->date, ==, "2018-05-10");
}

static void
test_metadata_bad_dates (void)
{
  const char *page =
    "<html><head>"
    "<meta property=\"article:published_time\" content=\"2099-01-01T00:00:00Z\">"
    "<meta name=\"date\" content=\"1990-05-05\">"
    "</head><body><p>Text text text text text text text text text text text text.</p></body></html>";
  g_autoptr(RillExtraction) ex = extract (page, -1, NULL, "https://n.example/2021/02/03/story");

  /* both meta dates are impossible; the URL date is used */
  g_assert_cmpstr (ex->date, ==, "2021-02-03");
}

static void
test_date_parse (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "2025-10-08T16:56:00+04:00", "2025-10-08T16:56:00+04:00" },
    { "2025-10-08T16:56:00.000Z", "2025-10-08T16:56:00Z" },
    { "2025-10-08", "2025-10-08" },
    { "Wed, 08 Oct 2025 16:56:00 GMT", "2025-10-08T16:56:00Z" },
    { "08 Октября 2025 16:56", "2025-10-08T16:56:00" },
    { "8 жовтня 2025 р.", "2025-10-08" },
    { "8 oktyabr 2025", "2025-10-08" },
    { "8 Ekim 2025 Çarşamba", "2025-10-08" },
    { "8. Oktober 2025", "2025-10-08" },
    { "8 octobre 2025", "2025-10-08" },
    { "8 de octubre de 2025", "2025-10-08" },
    { "8 października 2025", "2025-10-08" },
    { "segunda-feira, 22 de janeiro de 2018 às 0:13", "2018-01-22T00:13:00" },
    { "8 ottobre 2025", "2025-10-08" },
    { "October 8, 2025 4:56 pm", "2025-10-08T16:56:00" },
    { "08.10.2025 16:56", "2025-10-08T16:56:00" },
    { "1759942560", "2025-10-08T16:56:00Z" },
    { "2099-01-01", NULL },
    { "1994-12-31", NULL },
    { "2025-02-30", NULL },
    { "no date here", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *d = rill_html_parse_date (cases[i].in, NOW_US);
      g_test_message ("%s -> %s", cases[i].in, d);
      g_assert_cmpstr (d, ==, cases[i].out);
    }
}

static void
test_boilerplate (void)
{
  const char *page =
    "<html><head><title>Story</title></head><body>"
    "<div id=\"cookie-banner\">We use cookies. Accept all cookies to continue browsing.</div>"
    "<header><nav><ul><li><a href=/a>World</a></li><li><a href=/b>Sport</a></li></ul></nav></header>"
    "<div class=\"layout\"><div class=\"main-col\"><article>"
    "<h1>Story</h1>"
    "<div class=\"share-bar\"><a href=#>Share on Facebook</a> <a href=#>Tweet</a></div>"
    "<p>First paragraph of the story explains, in some detail, what happened in the town on Monday.</p>"
    "<p>Second paragraph quotes the mayor, who said that the bridge will reopen next week, weather permitting.</p>"
    "<h2>Background</h2>"
    "<ul><li>The bridge was built in 1961, and repaired twice.</li><li>It carries 20,000 cars a day, officials say.</li></ul>"
    "<blockquote><p>We will rebuild it better, the mayor said in a statement on Tuesday.</p></blockquote>"
    "<p>Third paragraph closes the story with the repair costs, which remain unknown for now.</p>"
    "<div class=\"views\">Views: 1234</div>"
    "<div class=\"related-articles\"><h3>Related</h3><ul><li><a href=/r1>Other story one about bridges</a></li>"
    "<li><a href=/r2>Other story two about roads</a></li></ul></div>"
    "<div id=\"comments\"><p>Comment by Bob: this is a long comment about the bridge and the mayor, which nobody asked for.</p></div>"
    "</article></div>"
    "<aside class=\"sidebar\"><h3>Most read</h3><ol><li><a href=/m1>Most read one</a></li><li><a href=/m2>Most read two</a></li></ol></aside>"
    "</div><footer>Copyright 2025 Example Media. All rights reserved. Contact us.</footer>"
    "<div class=\"newsletter-signup\">Subscribe to our newsletter for daily updates in your inbox.</div>"
    "</body></html>";
  g_autoptr(RillExtraction) ex = extract (page, -1, NULL, NULL);
  const char *keep[] = { "First paragraph", "Second paragraph", "Background",
                         "built in 1961", "We will rebuild", "Third paragraph", NULL };
  const char *drop[] = { "cookies", "Sport", "Share on", "Tweet", "Views:", "Other story",
                         "Comment by", "Most read", "Copyright", "Subscribe", NULL };

  g_test_message ("%s", ex->text);
  for (int i = 0; keep[i]; i++)
    g_assert_nonnull (strstr (ex->text, keep[i]));
  for (int i = 0; drop[i]; i++)
    g_assert_null (strstr (ex->text, drop[i]));
  /* blocks are separated by newlines */
  g_assert_nonnull (strstr (ex->text, "weather permitting.\nBackground\n"));
}

static void
test_markdown (void)
{
  const char *page =
    "<html><body><article><h2>Section</h2><p>Paragraph one, with enough text to count as prose here.</p>"
    "<ul><li>item a</li><li>item b</li></ul><blockquote><p>quoted words</p></blockquote>"
    "<table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>1</td></tr></table>"
    "<p>Paragraph two, with enough text to count as prose here, really.</p></article></body></html>";
  RillExtractOptions opts;
  g_autoptr(RillExtraction) ex = NULL;

  rill_extract_options_init (&opts);
  opts.format = RILL_EXTRACT_FORMAT_MARKDOWN;
  ex = rill_extract_html ((const guint8 *) page, strlen (page), NULL, NULL, &opts, NULL);
  g_assert_nonnull (ex);
  g_test_message ("%s", ex->text);
  g_assert_nonnull (strstr (ex->text, "## Section"));
  g_assert_nonnull (strstr (ex->text, "- item a"));
  g_assert_nonnull (strstr (ex->text, "> quoted words"));
  g_assert_nonnull (strstr (ex->text, "| k | v |"));
  g_assert_nonnull (strstr (ex->text, "| --- | --- |"));
}

static void
test_aggregator (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "aggregator.html", NULL);
  g_autofree char *page = NULL;
  gsize len;
  g_autoptr(RillExtraction) ex = NULL;
  const char *junk[] = { "Сильный ливень", "Курс маната", "Самые читаемые", "Просмотров",
                         "Источник", "заархивирована", "Комментариев", "Войдите",
                         "Последние новости", "see344", "Главная", "Все права", "Menu", NULL };

  g_assert_true (g_file_get_contents (path, &page, &len, NULL));
  ex = extract (page, len, NULL, "https://lentafeed.example/news/4242");
  g_test_message ("%s", ex->text);
  g_assert_true (g_str_has_prefix (ex->text, "Lentafeed передает, что по данным сайта Vesti."));
  g_assert_true (g_str_has_suffix (ex->text, "теперь занимает около получаса."));
  for (int i = 0; junk[i]; i++)
    g_assert_null (strstr (ex->text, junk[i]));
  g_assert_cmpstr (ex->source_url, ==, "https://vesti.example/society/gyandzha-elektrobusy");
  g_assert_cmpstr (ex->date, ==, "2025-10-08T16:56:00");
  g_assert_cmpstr (ex->title, ==, "В Гяндже запустили первую линию электробусов");
  g_assert_cmpstr (ex->lang, ==, "ru");
}

static void
test_links (void)
{
  const char *page =
    "<html><head><base href=\"https://b.example/dir/\">"
    "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Feed\" href=\"/rss.xml\">"
    "</head><body><a href=\"x.html\">X  link</a><a href=\"https://o.example/#frag\">O</a>"
    "<a href=\"javascript:void(0)\">js</a><a href=\"x.html\">dup</a></body></html>";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = rill_html_links ((const guint8 *) page, strlen (page), NULL,
                                                "https://a.example/", &error);
  RillLink *l;

  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 3);
  l = links->pdata[0];
  g_assert_true (l->is_feed);
  g_assert_cmpstr (l->url, ==, "https://b.example/rss.xml");
  l = links->pdata[1];
  g_assert_cmpstr (l->url, ==, "https://b.example/dir/x.html");
  g_assert_cmpstr (l->text, ==, "X link");
  l = links->pdata[2];
  g_assert_cmpstr (l->url, ==, "https://o.example/");
}

static void
test_visible_text (void)
{
  const char *page = "<html><head><title>t</title><style>p{}</style></head><body>"
                     "<nav>Menu A</nav><p>Para</p><div style=\"display: none\">hidden</div>"
                     "<script>var x;</script><footer>Foot</footer></body></html>";
  g_autofree char *t = rill_html_visible_text ((const guint8 *) page, strlen (page), NULL, NULL);

  g_assert_cmpstr (t, ==, "Menu A\nPara\nFoot");
}

static void
test_bad_input (void)
{
  RillExtractOptions opts;
  g_autoptr(GError) error = NULL;
  RillExtraction *ex;
  GString *s;
  guint8 junk[4096];
  GRand *rand = g_rand_new_with_seed (42);
  const char *odd[] = {
    "<html><head><title>No body</title></head></html>",
    "<frameset><frame src=a.html><frame src=b.html></frameset>",
    "<p>&bogus; &#xFFFFFFFF; &#0; &amp &lt;&gt &#x110000; text</p>",
    "<<<<>>>><!-- unterminated comment",
    "<script>never closed",
    "<svg><svg><svg>",
    "\xEF\xBB\xBF",
    "plain text only, no tags at all",
    NULL
  };

  rill_extract_options_init (&opts);

  ex = rill_extract_html ((const guint8 *) "", 0, NULL, NULL, &opts, &error);
  g_assert_null (ex);
  g_assert_error (error, RILL_EXTRACT_ERROR, RILL_EXTRACT_ERROR_EMPTY);
  g_clear_error (&error);

  for (gsize i = 0; i < sizeof junk; i++)
    junk[i] = g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);
  ex = rill_extract_html (junk, sizeof junk, NULL, NULL, &opts, &error);
  g_assert_true (ex == NULL || ex->text != NULL);
  rill_extraction_free (ex);
  g_clear_error (&error);

  for (int i = 0; odd[i]; i++)
    {
      ex = rill_extract_html ((const guint8 *) odd[i], strlen (odd[i]), NULL, NULL, &opts, &error);
      g_assert_true (ex == NULL || g_utf8_validate (ex->text, -1, NULL));
      rill_extraction_free (ex);
      g_clear_error (&error);
    }

  /* 100,000 nested divs */
  s = g_string_new ("<html><body>");
  for (int i = 0; i < 100000; i++)
    g_string_append (s, "<div>");
  g_string_append (s, "<p>deep text</p>");
  for (int i = 0; i < 100000; i++)
    g_string_append (s, "</div>");
  ex = rill_extract_html ((const guint8 *) s->str, s->len, NULL, NULL, &opts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ex);
  g_assert_nonnull (strstr (ex->text, "deep text"));
  rill_extraction_free (ex);
  g_string_free (s, TRUE);
}

static void
test_huge_page (void)
{
  /* 100 MB: parsed up to max_input (16 MiB by default) */
  gsize target = 100 * 1024 * 1024;
  GString *s = g_string_sized_new (target + 1024);
  RillExtractOptions opts;
  g_autoptr(GError) error = NULL;
  RillExtraction *ex;
  gint64 t0;

  g_string_append (s, "<html><body><article>");
  while (s->len < target)
    g_string_append (s, "<p>A line of article text, repeated many times to make a huge page.</p>\n");
  g_string_append (s, "</article></body></html>");
  rill_extract_options_init (&opts);
  t0 = g_get_monotonic_time ();
  ex = rill_extract_html ((const guint8 *) s->str, s->len, NULL, NULL, &opts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ex);
  g_assert_true (strlen (ex->text) < 17 * 1024 * 1024);
  g_test_message ("huge page: %.1f s", (g_get_monotonic_time () - t0) / 1e6);
  rill_extraction_free (ex);
  g_string_free (s, TRUE);
}

/* ---- accuracy on the article-extraction dev set ---- */

typedef struct {
  GHashTable *counts;   /* shingle -> count */
} Shingles;

static GPtrArray *
tokens (const char *text)
{
  GPtrArray *toks = g_ptr_array_new_with_free_func (g_free);
  GString *w = g_string_new (NULL);

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;
      if (c && (g_unichar_isalnum (c) || c == '_' || g_unichar_ismark (c)))
        g_string_append_unichar (w, c);
      else if (w->len)
        {
          g_ptr_array_add (toks, g_strdup (w->str));
          g_string_truncate (w, 0);
        }
      if (!c)
        break;
    }
  g_string_free (w, TRUE);
  return toks;
}

static GHashTable *
shingles (const char *text)
{
  g_autoptr(GPtrArray) t = tokens (text);
  GHashTable *h = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = t->len;

  if (n == 0)
    return h;
  if (n < 4)
    {
      GString *k = g_string_new (NULL);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (k, "%s\x1f", (char *) t->pdata[i]);
      g_hash_table_insert (h, g_string_free (k, FALSE), GUINT_TO_POINTER (1));
      return h;
    }
  for (guint i = 0; i + 4 <= n; i++)
    {
      char *k = g_strdup_printf ("%s\x1f%s\x1f%s\x1f%s", (char *) t->pdata[i],
                                 (char *) t->pdata[i + 1], (char *) t->pdata[i + 2],
                                 (char *) t->pdata[i + 3]);
      guint c = GPOINTER_TO_UINT (g_hash_table_lookup (h, k));
      g_hash_table_replace (h, k, GUINT_TO_POINTER (c + 1));
    }
  return h;
}

static GByteArray *
read_gz (const char *path)
{
  gzFile f = gzopen (path, "rb");
  GByteArray *b;
  guint8 buf[65536];
  int r;

  if (!f)
    return NULL;
  b = g_byte_array_new ();
  while ((r = gzread (f, buf, sizeof buf)) > 0)
    g_byte_array_append (b, buf, r);
  gzclose (f);
  return b;
}

static char *
bench_dir (void)
{
  const char *env = g_getenv ("RILL_ARTICLE_BENCH");
  const char *src = g_getenv ("G_TEST_SRCDIR");

  if (env && *env)
    return g_strdup (env);
  /* tests/html -> source root -> ../shared */
  return g_build_filename (src ? src : ".", "..", "..", "..", "shared", "bench",
                           "article-extraction", NULL);
}

static void
test_accuracy (void)
{
  g_autofree char *dir = bench_dir ();
  g_autofree char *gt_path = g_build_filename (dir, "ground-truth.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *gt;
  g_autoptr(GList) ids = NULL;
  double psum = 0, rsum = 0, p, r, f1;
  guint pn = 0, rn = 0;
  RillExtractOptions opts;

  if (!g_file_test (gt_path, G_FILE_TEST_EXISTS))
    {
      g_test_skip_printf ("article-extraction bench not found at %s "
                          "(set RILL_ARTICLE_BENCH)", dir);
      return;
    }
  g_assert_true (json_parser_load_from_file (parser, gt_path, &error));
  g_assert_no_error (error);
  gt = json_node_get_object (json_parser_get_root (parser));
  ids = json_object_get_members (gt);
  rill_extract_options_init (&opts);

  for (GList *l = ids; l; l = l->next)
    {
      const char *id = l->data;
      JsonObject *o = json_object_get_object_member (gt, id);
      const char *truth = json_object_get_string_member (o, "articleBody");
      g_autofree char *name = g_strconcat (id, ".html.gz", NULL);
      g_autofree char *path = g_build_filename (dir, "html", name, NULL);
      GByteArray *b = read_gz (path);
      RillExtraction *ex = b ? rill_extract_html (b->data, b->len, NULL, NULL, &opts, NULL) : NULL;
      GHashTable *ts = shingles (truth);
      GHashTable *ps = shingles (ex && ex->text ? ex->text : "");
      double tp = 0, fp = 0, fn = 0, tot;
      GHashTableIter it;
      gpointer k, v;

      g_hash_table_iter_init (&it, ps);
      while (g_hash_table_iter_next (&it, &k, &v))
        {
          guint np = GPOINTER_TO_UINT (v);
          guint nt = GPOINTER_TO_UINT (g_hash_table_lookup (ts, k));
          tp += MIN (np, nt);
          fp += np > nt ? np - nt : 0;
        }
      g_hash_table_iter_init (&it, ts);
      while (g_hash_table_iter_next (&it, &k, &v))
        {
          guint nt = GPOINTER_TO_UINT (v);
          guint np = GPOINTER_TO_UINT (g_hash_table_lookup (ps, k));
          fn += nt > np ? nt - np : 0;
        }
      tot = tp + fp + fn;
      if (tot > 0)
        tp /= tot, fp /= tot, fn /= tot;
      if (tp + fp > 0)
        {
          psum += (fp == 0 && fn == 0) ? 1 : tp / (tp + fp);
          pn++;
        }
      if (tp + fn > 0)
        {
          rsum += (fp == 0 && fn == 0) ? 1 : tp / (tp + fn);
          rn++;
        }
      g_hash_table_unref (ts);
      g_hash_table_unref (ps);
      rill_extraction_free (ex);
      if (b)
        g_byte_array_unref (b);
    }
  p = pn ? psum / pn : 0;
  r = rn ? rsum / rn : 0;
  f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
  g_test_message ("documents %u: F1 %.3f precision %.3f recall %.3f", g_list_length (ids), f1, p, r);
  g_print ("# article-extraction: F1 %.3f precision %.3f recall %.3f\n", f1, p, r);
  g_assert_cmpfloat (f1, >=, 0.95);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/html/decode/windows-1251-meta", test_decode_cp1251_meta);
  g_test_add_func ("/html/decode/koi8-r", test_decode_koi8r);
  g_test_add_func ("/html/decode/detect", test_decode_detect);
  g_test_add_func ("/html/decode/utf8-bom", test_decode_bom);
  g_test_add_func ("/html/decode/invalid-utf8", test_decode_invalid_utf8);
  g_test_add_func ("/html/metadata/jsonld", test_metadata_jsonld);
  g_test_add_func ("/html/metadata/opengraph", test_metadata_og);
  g_test_add_func ("/html/metadata/dateline-ru", test_metadata_dateline_ru);
  g_test_add_func ("/html/metadata/dateline-order", test_metadata_dateline_order);
  g_test_add_func ("/html/metadata/impossible-dates", test_metadata_bad_dates);
  g_test_add_func ("/html/date/parse", test_date_parse);
  g_test_add_func ("/html/extract/boilerplate", test_boilerplate);
  g_test_add_func ("/html/extract/markdown", test_markdown);
  g_test_add_func ("/html/extract/aggregator", test_aggregator);
  g_test_add_func ("/html/links", test_links);
  g_test_add_func ("/html/visible-text", test_visible_text);
  g_test_add_func ("/html/bad-input/small", test_bad_input);
  g_test_add_func ("/html/bad-input/huge", test_huge_page);
  g_test_add_func ("/html/accuracy", test_accuracy);

  return g_test_run ();
}
