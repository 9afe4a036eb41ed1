/* test-dedupe-url.c: URL canonicalisation and boilerplate removal.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib.h>

#include "rill-boilerplate.h"
#include "rill-url-canon.h"

static void
test_canon (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "HTTP://Example.COM:80/a/./b/../c?b=2&utm_source=x&a=1&FBCLID=3#frag",
      "http://example.com/a/c?a=1&b=2" },
    { "https://example.com:443", "https://example.com/" },
    { "https://example.com:8443/x?", "https://example.com:8443/x" },
    { "http://example.com:443/", "http://example.com:443/" },
    { "https://news.example/story?utm_medium=rss&utm_campaign=a&gclid=1&msclkid=2&id=7",
      "https://news.example/story?id=7" },
    { "https://example.com/p?z=1&a=2&m=3", "https://example.com/p?a=2&m=3&z=1" },
    { "http://example.com./?b=2&a=1&b=1", "http://example.com/?a=1&b=2&b=1" },
    { "https://example.com/%7euser/%2fa?q=a%2bb", "https://example.com/~user/%2Fa?q=a%2Bb" },
    { "https://example.com/a b", "https://example.com/a%20b" },
    { "  https://example.com/Path/CASE  ", "https://example.com/Path/CASE" },
    { "https://user@Example.com/", "https://user@example.com/" },
    { "https://b\xc3\x9c" "cher.de/", "https://xn--bcher-kva.de/" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *out = rill_url_canonicalize (cases[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_canon_invalid (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = rill_url_canonicalize ("not a url", &error);

  g_assert_null (out);
  g_assert_nonnull (error);
}

static void
test_tracking (void)
{
  g_assert_true (rill_url_is_tracking_param ("utm_source"));
  g_assert_true (rill_url_is_tracking_param ("UTM_Content"));
  g_assert_true (rill_url_is_tracking_param ("fbclid"));
  g_assert_false (rill_url_is_tracking_param ("id"));
  g_assert_false (rill_url_is_tracking_param ("utm"));
}

static void
test_boilerplate (void)
{
  g_autoptr (RillBoilerplate) bp = rill_boilerplate_new (3);
  const char *menu = "Home | World | Sports";
  const char *foot = "\xc2\xa9 2024 Daily Example. All rights reserved.";
  guint removed = 0;

  for (guint page = 0; page < 4; page++)
    {
      g_autofree char *text = g_strdup_printf ("%s\n\nStory number %u about things %u.\n\n%s",
                                               menu, page, page * 7, foot);
      g_autofree char *out = rill_boilerplate_strip (bp, "News.Example", text, &removed);
      g_autofree char *story = g_strdup_printf ("Story number %u about things %u.",
                                                page, page * 7);

      if (page < 2)
        {
          g_assert_cmpuint (removed, ==, 0);
          g_assert_cmpstr (out, ==, text);
        }
      else
        {
          g_assert_cmpuint (removed, ==, 2);
          g_assert_cmpstr (out, ==, story);
        }
    }

  /* another host has its own counts */
  {
    g_autofree char *out = rill_boilerplate_strip (bp, "other.example",
                                                   "Home | World | Sports\n\nText.",
                                                   &removed);
    g_assert_cmpuint (removed, ==, 0);
    g_assert_cmpstr (out, ==, "Home | World | Sports\n\nText.");
  }
  /* spacing and case do not hide a repeat; lines are paragraphs without blank lines */
  {
    g_autofree char *out = rill_boilerplate_strip (bp, "news.example",
                                                   "HOME  |  world | sports\nBody line.",
                                                   &removed);
    g_assert_cmpuint (removed, ==, 1);
    g_assert_cmpstr (out, ==, "Body line.");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dedupe/url/canonicalize", test_canon);
  g_test_add_func ("/dedupe/url/invalid", test_canon_invalid);
  g_test_add_func ("/dedupe/url/tracking", test_tracking);
  g_test_add_func ("/dedupe/boilerplate", test_boilerplate);
  return g_test_run ();
}
