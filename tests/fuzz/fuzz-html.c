/* fuzz-html.c: libFuzzer harness for the html extraction engine
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Feeds each input as a page to the three entry points html-extract,
 * html-links and html-text use. The first byte picks options (format,
 * mode, a charset hint) so the fuzzer explores them too. Any result is
 * fine; a crash, a sanitizer report, a hang or a GLib critical is not.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "rill-html-engine.h"

static void
abort_on_critical (const char     *domain,
                   GLogLevelFlags  level,
                   const char     *message,
                   gpointer        data)
{
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL | G_LOG_LEVEL_ERROR))
    {
      fprintf (stderr, "%s: %s\n", domain != NULL ? domain : "", message);
      abort ();
    }
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *hints[] = { NULL, "windows-1251", "utf-8", "koi8-r", "bogus-charset" };
  static gboolean init;
  RillExtractOptions opts;
  RillExtraction *ex;
  GPtrArray *links;
  char *text;
  guint8 pick;

  if (!init)
    {
      g_log_set_default_handler (abort_on_critical, NULL);
      init = TRUE;
    }
  if (size == 0)
    return 0;
  pick = data[0];
  data++;
  size--;

  rill_extract_options_init (&opts);
  opts.format = (pick & 1) ? RILL_EXTRACT_FORMAT_MARKDOWN : RILL_EXTRACT_FORMAT_TEXT;
  opts.mode = (pick >> 1) % 3;
  ex = rill_extract_html (data, size, hints[(pick >> 3) % G_N_ELEMENTS (hints)],
                          "https://example.org/news/2024/05/01/story.html", &opts, NULL);
  if (ex != NULL)
    rill_extraction_free (ex);

  links = rill_html_links (data, size, NULL, "https://example.org/a/b", NULL);
  if (links != NULL)
    g_ptr_array_unref (links);

  text = rill_html_visible_text (data, size, NULL, NULL);
  g_free (text);
  return 0;
}
