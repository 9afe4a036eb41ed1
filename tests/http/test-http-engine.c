/* test-http-engine.c: charset detection, robots.txt rules, body pool
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rill-body-pool.h"
#include "rill-charset.h"
#include "rill-robots.h"

static char *
detect (const char        *header,
        const char        *data,
        RillCharsetSource *source)
{
  return rill_charset_detect (header, (const guint8 *) data, strlen (data), source);
}

static void
test_charset_order (void)
{
  RillCharsetSource source;
  g_autofree char *a = detect ("ISO-8859-1", "<p>x</p>", &source);
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;
  g_autofree char *f = NULL;

  /* Latin-1 is decoded as windows-1252, as browsers do. */
  g_assert_cmpstr (a, ==, "windows-1252");
  g_assert_cmpint (source, ==, RILL_CHARSET_SOURCE_HEADER);

  b = detect ("koi8-r", "\xef\xbb\xbf<p>x</p>", &source);
  g_assert_cmpstr (b, ==, "utf-8");
  g_assert_cmpint (source, ==, RILL_CHARSET_SOURCE_BOM);

  c = detect (NULL, "<html><head><META HTTP-EQUIV=\"Content-Type\" "
                    "CONTENT=\"text/html; charset=KOI8-R\"></head>", &source);
  g_assert_cmpstr (c, ==, "koi8-r");
  g_assert_cmpint (source, ==, RILL_CHARSET_SOURCE_META);

  d = detect (NULL, "<meta charset='cp1251'>", &source);
  g_assert_cmpstr (d, ==, "windows-1251");

  e = detect (NULL, "<p>caf\xc3\xa9</p>", &source);
  g_assert_cmpstr (e, ==, "utf-8");
  g_assert_cmpint (source, ==, RILL_CHARSET_SOURCE_UTF8);

  f = detect (NULL, "<meta charset=\"utf-16\">", &source);
  g_assert_cmpstr (f, ==, "utf-8");
}

static void
test_charset_meta_beyond_4k (void)
{
  g_autoptr(GString) page = g_string_new ("<html><head>");
  g_autofree char *cs = NULL;

  for (guint i = 0; i < 500; i++)
    g_string_append (page, "<!-- pad -->");
  g_string_append (page, "<meta charset=\"koi8-r\">");
  cs = rill_charset_from_meta ((const guint8 *) page->str, page->len);
  g_assert_null (cs);
}

static void
test_charset_guess (void)
{
  /* Russian prose in windows-1251 with no declaration: uchardet's guess. */
  const char *sentence = "\xc2 \xf0\xe0\xe9\xee\xed\xed\xee\xec \xf6\xe5\xed\xf2\xf0\xe5 "
                         "\xe3\xee\xf0\xee\xe4\xe0 \xee\xf2\xea\xf0\xfb\xeb\xe0\xf1\xfc "
                         "\xed\xee\xe2\xe0\xff \xe1\xe8\xe1\xeb\xe8\xee\xf2\xe5\xea\xe0, "
                         "\xea\xee\xf2\xee\xf0\xf3\xfe \xe6\xe8\xf2\xe5\xeb\xe8 \xe6\xe4"
                         "\xe0\xeb\xe8 \xec\xed\xee\xe3\xee \xeb\xe5\xf2. ";
  g_autoptr(GString) page = g_string_new ("<html><body><p>");
  RillCharsetSource source;
  g_autofree char *cs = NULL;

  for (guint i = 0; i < 20; i++)
    g_string_append (page, sentence);
  g_string_append (page, "</p></body></html>");
  cs = rill_charset_detect (NULL, (const guint8 *) page->str, page->len, &source);
  g_assert_cmpint (source, ==, RILL_CHARSET_SOURCE_GUESS);
  g_assert_cmpstr (cs, ==, "windows-1251");
}

static void
test_robots_rules (void)
{
  const char *txt =
    "# comment\n"
    "User-agent: googlebot\n"
    "Disallow: /\n"
    "\n"
    "User-agent: *\n"
    "Disallow: /private\n"
    "Allow: /private/open\n"
    "Disallow: /*.pdf$\n"
    "Disallow:\n"
    "Crawl-delay: 2.5\n";
  g_autoptr(RillRobots) robots = rill_robots_parse (txt, strlen (txt), "rill");

  g_assert_true (rill_robots_is_allowed (robots, "/"));
  g_assert_true (rill_robots_is_allowed (robots, "/news/1"));
  g_assert_false (rill_robots_is_allowed (robots, "/private"));
  g_assert_false (rill_robots_is_allowed (robots, "/private/x?y=1"));
  g_assert_true (rill_robots_is_allowed (robots, "/private/open/x"));
  g_assert_false (rill_robots_is_allowed (robots, "/a/b.pdf"));
  g_assert_true (rill_robots_is_allowed (robots, "/a/b.pdf?x"));
  g_assert_true (rill_robots_is_allowed (robots, "/robots.txt"));
  g_assert_cmpfloat (rill_robots_get_crawl_delay (robots), ==, 2.5);
}

static void
test_robots_groups (void)
{
  const char *txt =
    "User-agent: a\n"
    "User-agent: Rill\n"
    "Disallow: /only-rill\n"
    "\n"
    "User-agent: *\n"
    "Disallow: /\n";
  g_autoptr(RillRobots) robots = rill_robots_parse (txt, strlen (txt), "rill");
  g_autoptr(RillRobots) other = rill_robots_parse (txt, strlen (txt), "otherbot");
  g_autoptr(RillRobots) all = rill_robots_new_allow_all ();

  g_assert_false (rill_robots_is_allowed (robots, "/only-rill/x"));
  g_assert_true (rill_robots_is_allowed (robots, "/elsewhere"));
  g_assert_false (rill_robots_is_allowed (other, "/elsewhere"));
  g_assert_true (rill_robots_is_allowed (all, "/anything"));
  g_assert_cmpfloat (rill_robots_get_crawl_delay (robots), <, 0);
}

/* Blocks come back to the pool when their bytes are freed, are reused
 * for a size they fit, grow keeping their contents, and outlive the
 * pool's owner. */
static void
test_body_pool (void)
{
  RillBodyPool *pool = rill_body_pool_new (1024 * 1024);
  RillBodyBlock *a = rill_body_pool_take (pool, 100 * 1024);
  guint8 *a_data = rill_body_block_get_data (a);
  RillBodyBlock *b, *c;
  GBytes *bytes;
  gsize len;

  g_assert_cmpuint (rill_body_block_get_capacity (a), >=, 100 * 1024);
  memcpy (a_data, "hello", 5);
  bytes = rill_body_block_free_to_bytes (a, 5);
  g_assert_true (g_bytes_get_data (bytes, &len) == a_data);
  g_assert_cmpuint (len, ==, 5);
  g_assert_cmpuint (rill_body_pool_get_free_bytes (pool), ==, 0);
  g_bytes_unref (bytes);
  g_assert_cmpuint (rill_body_pool_get_free_bytes (pool), >=, 100 * 1024);

  /* Too small a need for that block (it would waste more than half). */
  b = rill_body_pool_take (pool, 10);
  g_assert_true (rill_body_block_get_data (b) != a_data);
  /* A need it fits. */
  c = rill_body_pool_take (pool, 90 * 1024);
  g_assert_true (rill_body_block_get_data (c) == a_data);
  g_assert_cmpuint (rill_body_pool_get_free_bytes (pool), ==, 0);

  memcpy (rill_body_block_get_data (b), "abc", 3);
  b = rill_body_block_grow (b, 3, 300 * 1024);
  g_assert_cmpuint (rill_body_block_get_capacity (b), >=, 300 * 1024);
  g_assert_cmpmem (rill_body_block_get_data (b), 3, "abc", 3);

  /* The pool keeps at most its limit of free blocks. */
  c = rill_body_block_grow (c, 0, 900 * 1024);
  rill_body_block_release (c);
  rill_body_block_release (b);
  g_assert_cmpuint (rill_body_pool_get_free_bytes (pool), <=, 1024 * 1024);

  /* Bytes handed on may outlive the element that closed the pool. */
  bytes = rill_body_block_free_to_bytes (rill_body_pool_take (pool, 1000), 3);
  rill_body_pool_close (pool);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 3);
  g_bytes_unref (bytes);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/http/charset/order", test_charset_order);
  g_test_add_func ("/http/charset/meta-beyond-4k", test_charset_meta_beyond_4k);
  g_test_add_func ("/http/charset/guess", test_charset_guess);
  g_test_add_func ("/http/robots/rules", test_robots_rules);
  g_test_add_func ("/http/robots/groups", test_robots_groups);
  g_test_add_func ("/http/body-pool", test_body_pool);
  return g_test_run ();
}
