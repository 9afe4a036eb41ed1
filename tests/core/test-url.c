/* test-url.c: rill_url_canonicalize()
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-test-utils.h"

static void
test_canonical_forms (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "HTTP://Example.COM:80/a/./b/../c?b=2&utm_source=x&a=1&FBCLID=3#frag",
      "http://example.com/a/c?a=1&b=2" },
    { "https://example.com:443", "https://example.com/" },
    { "https://example.com:8443/x?", "https://example.com:8443/x" },
    { "http://example.com:443/", "http://example.com:443/" },
    { "http://example.com:8080/x?b=2&a=1", "http://example.com:8080/x?a=1&b=2" },
    { "http://example.com/p?&&a=1&", "http://example.com/p?a=1" },
    { "https://news.example/story?utm_medium=rss&utm_campaign=a&gclid=1&msclkid=2&id=7",
      "https://news.example/story?id=7" },
    { "http://example.com./?b=2&a=1&b=1", "http://example.com/?a=1&b=2&b=1" },
    { "https://example.com/%7euser/%2fa?q=a%2bb", "https://example.com/~user/%2Fa?q=a%2Bb" },
    { "https://example.com/a b", "https://example.com/a%20b" },
    { "http://example.com/P%20q", "http://example.com/P%20q" },
    { "  https://example.com/Path/CASE  ", "https://example.com/Path/CASE" },
    { "https://user@Example.com/", "https://user@example.com/" },
    { "https://b\xc3\x9c" "cher.de/", "https://xn--bcher-kva.de/" },
    { "ftp://Example.com:21/f", "ftp://example.com/f" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = rill_url_canonicalize (cases[i].in, &error);

      g_test_message ("%s", cases[i].in);
      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_not_absolute (void)
{
  const char *bad[] = { "not a url", "/relative/path", "" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = rill_url_canonicalize (bad[i], &error);

      g_assert_null (out);
      g_assert_error (error, G_URI_ERROR, G_URI_ERROR_FAILED);
    }
}

static void
test_tracking_params (void)
{
  g_assert_true (rill_url_is_tracking_param ("utm_source"));
  g_assert_true (rill_url_is_tracking_param ("UTM_Content"));
  g_assert_true (rill_url_is_tracking_param ("fbclid"));
  g_assert_false (rill_url_is_tracking_param ("id"));
  g_assert_false (rill_url_is_tracking_param ("utm"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/url/canonical-forms", test_canonical_forms);
  g_test_add_func ("/url/not-absolute", test_not_absolute);
  g_test_add_func ("/url/tracking-params", test_tracking_params);
  return g_test_run ();
}
