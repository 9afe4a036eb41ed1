/* test-dedupe-boilerplate.c: per-host boilerplate paragraphs (URL
 * canonicalisation is tested with the core, tests/core/test-url.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib.h>

#include "rill-boilerplate.h"

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
  g_test_add_func ("/dedupe/boilerplate", test_boilerplate);
  return g_test_run ();
}
