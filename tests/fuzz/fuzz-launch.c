/* fuzz-launch.c: libFuzzer harness for the launch-line parser
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every input is a launch line given to rill_parse_launch_full(); an input
 * that starts with byte 0x01 is instead a list of argv words separated by
 * 0x01 and goes to rill_parse_launchv(). The parse-test elements of
 * tests/core/test-parse.c (a property of every type, sources, sinks, tee,
 * funnel) are registered so that values and links are exercised too; no
 * plugin is loaded (their copy of librill would not be the instrumented
 * one compiled into this program).
 *
 * Besides the sanitizers, each run checks the parser's contract: NULL
 * with an error in RILL_PARSE_ERROR and a column inside the line, or a
 * pipeline and no error. GLib criticals and warnings abort.
 */
#define RILL_PARSE_TEST_ELEMENTS_ONLY
#include "../core/test-parse.c"

#include <stdint.h>

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static const char * const names[] = {
  "parse-test-elem", "ptest-src", "ptest-sink", "ptest-html-sink",
  "ptest-tee", "ptest-funnel", NULL
};

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_setenv ("RILL_PLUGIN_PATH", "", TRUE);
  g_setenv ("RILL_PLUGIN_SYSTEM_PATH", "", TRUE);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  parse_test_register_elements ();

  /* initialize every class once so that their one-time allocations are
   * not taken for leaks of the first input */
  {
    static const char * const warm_up[] = {
      "ptest-src ! ptest-tee name=t  t. ! parse-test-elem mode=slow options=alpha "
        "tags=a,b ! ptest-funnel name=f ! ptest-sink  t. ! f.",
      "ptest-src ! ptest-html-sink",
    };

    for (guint i = 0; i < G_N_ELEMENTS (warm_up); i++)
      {
        RillPipeline *pipeline = rill_parse_launch (warm_up[i], NULL);

        g_clear_object (&pipeline);
      }
  }
  return 0;
}

static void
check_result (const char   *line,
              RillPipeline *pipeline,
              guint         column,
              GError       *error)
{
  if (pipeline != NULL)
    {
      g_assert_null (error);
      g_assert_cmpuint (column, ==, 0);
      return;
    }

  g_assert_nonnull (error);
  g_assert_true (error->domain == RILL_PARSE_ERROR);
  g_assert_cmpuint (column, >=, 1);
  if (line != NULL && g_utf8_validate (line, -1, NULL))
    g_assert_cmpuint (column, <=, g_utf8_strlen (line, -1) + 1);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RillPipeline) pipeline = NULL;
  guint column = 0;

  if (size > 0 && data[0] == 0x01)
    {
      g_autofree char *words = g_strndup ((const char *) data + 1, size - 1);
      g_auto(GStrv) argv = g_strsplit (words, "\x01", -1);

      pipeline = rill_parse_launchv ((const char * const *) argv, &error);
      g_assert_true ((pipeline == NULL) == (error != NULL));
      if (error != NULL)
        g_assert_true (error->domain == RILL_PARSE_ERROR);
    }
  else
    {
      /* the line ends at the first NUL byte, as a C string does */
      g_autofree char *line = g_strndup ((const char *) data, size);
      g_autofree char *nearest = NULL;

      pipeline = rill_parse_launch_full (line, &column, &error);
      check_result (line, pipeline, column, error);

      nearest = rill_suggest_nearest (line, names);
      if (nearest != NULL)
        g_assert_true (g_strv_contains (names, nearest));
    }

  return 0;
}
