/* rill-tools.c: helpers shared by rill-launch and rill-inspect
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-tools.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

static char **plugin_paths = NULL;

/*
 * rill_tools_init:
 * @prgname: the tool's name, used as prefix of every message
 *
 * Sets the program name, makes stderr line-buffered so that messages of
 * several threads do not interleave mid-line, and makes g_print() and
 * g_printerr() write UTF-8 unconverted.
 */
static void
print_stdout (const char *text)
{
  fputs (text, stdout);
}

static void
print_stderr (const char *text)
{
  fputs (text, stderr);
}

/* Library warnings (a plugin that failed to load, an element's warning)
 * read like the tool's own, once each. */
static void
log_warning (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
  g_printerr ("%s: warning: %s\n", g_get_prgname (), message);
}

void
rill_tools_init (const char *prgname)
{
  setlocale (LC_ALL, "");
  g_set_prgname (prgname);
  setvbuf (stderr, NULL, _IOLBF, 0);
  /* Element metadata, docs and file names are UTF-8: write them as they
   * are rather than let g_print() turn every non-ASCII character into
   * '?' under a C locale. */
  g_set_print_handler (print_stdout);
  g_set_printerr_handler (print_stderr);
  g_log_set_handler ("Rill", G_LOG_LEVEL_WARNING, log_warning, NULL);
}

static void
print_prefixed (const char *kind,
                const char *format,
                va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  g_printerr ("%s: %s: %s\n", g_get_prgname (), kind, message);
}

/*
 * rill_tools_error:
 * @format: printf-style format of the message
 *
 * Prints `<prgname>: error: <message>` on stderr.
 */
void
rill_tools_error (const char *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  print_prefixed ("error", format, args);
  va_end (args);
}

/*
 * rill_tools_warning:
 * @format: printf-style format of the message
 *
 * Prints `<prgname>: warning: <message>` on stderr.
 */
void
rill_tools_warning (const char *format,
                    ...)
{
  va_list args;

  va_start (args, format);
  print_prefixed ("warning", format, args);
  va_end (args);
}

/*
 * rill_tools_get_option_entries:
 *
 * The options every Rill tool accepts, for its main option group:
 * `--plugin-path DIR` (repeatable) scans DIR for plugins in addition to
 * `RILL_PLUGIN_PATH` and the system directory. Call
 * rill_tools_apply_options() after parsing.
 *
 * Returns: (transfer none) (array zero-terminated=1): option entries
 */
const GOptionEntry *
rill_tools_get_option_entries (void)
{
  static const GOptionEntry entries[] = {
    { "plugin-path", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &plugin_paths,
      "Also load plugins from DIR (may be repeated)", "DIR" },
    { NULL }
  };

  return entries;
}

/*
 * rill_tools_apply_options:
 *
 * Scans the directories given with `--plugin-path`. They also go in front
 * of `RILL_PLUGIN_PATH`, which is what the python plugin reads to find
 * its python plugin files.
 */
void
rill_tools_apply_options (void)
{
  RillRegistry *registry;

  if (plugin_paths != NULL && plugin_paths[0] != NULL)
    {
      g_autofree char *dirs = g_strjoinv (G_SEARCHPATH_SEPARATOR_S, plugin_paths);
      const char *old = g_getenv ("RILL_PLUGIN_PATH");
      g_autofree char *path = old != NULL && *old != '\0'
                              ? g_strconcat (dirs, G_SEARCHPATH_SEPARATOR_S, old, NULL)
                              : g_strdup (dirs);

      g_setenv ("RILL_PLUGIN_PATH", path, TRUE);
    }
  registry = rill_registry_get_default ();
  for (guint i = 0; plugin_paths != NULL && plugin_paths[i] != NULL; i++)
    rill_registry_scan_path (registry, plugin_paths[i]);
  g_clear_pointer (&plugin_paths, g_strfreev);
}

/*
 * rill_tools_concurrency_to_string:
 * @concurrency: a #RillConcurrency
 *
 * Returns: (transfer none): "serial", "parallel" or "async"
 */
const char *
rill_tools_concurrency_to_string (RillConcurrency concurrency)
{
  switch (concurrency)
    {
    case RILL_CONCURRENCY_SERIAL:
      return "serial";
    case RILL_CONCURRENCY_PARALLEL:
      return "parallel";
    case RILL_CONCURRENCY_ASYNC:
      return "async";
    default:
      return "unknown";
    }
}

/*
 * rill_tools_caret_lines:
 * @line: a launch line
 * @column: 1-based character column of the problem
 *
 * Formats @line and, below it, a caret under @column, for error
 * messages. Lines much wider than a terminal are cut around the column,
 * with `...` marking what was left out. Tabs in the part before the
 * column are kept so the caret stays aligned.
 *
 * Returns: (transfer full): two lines, each ending in a newline
 */
char *
rill_tools_caret_lines (const char *line,
                        guint       column)
{
  const guint window = 100;
  g_autofree char *valid = NULL;
  glong n_chars;
  glong start = 0, end;
  GString *out;
  const char *p;

  g_return_val_if_fail (line != NULL, NULL);

  valid = g_utf8_make_valid (line, -1);
  n_chars = g_utf8_strlen (valid, -1);
  if (column == 0)
    column = 1;
  if ((glong) column > n_chars + 1)
    column = n_chars + 1;

  end = n_chars;
  if (n_chars > (glong) window)
    {
      start = MAX (0, (glong) column - 1 - (glong) window / 2);
      end = MIN (n_chars, start + (glong) window);
      if (end - start < (glong) window)
        start = MAX (0, end - (glong) window);
    }

  out = g_string_new ("  ");
  if (start > 0)
    g_string_append (out, "...");
  {
    const char *from = g_utf8_offset_to_pointer (valid, start);
    const char *to = g_utf8_offset_to_pointer (valid, end);
    g_string_append_len (out, from, to - from);
  }
  if (end < n_chars)
    g_string_append (out, "...");
  g_string_append (out, "\n  ");
  if (start > 0)
    g_string_append (out, "   ");

  p = g_utf8_offset_to_pointer (valid, start);
  for (glong i = start; i < (glong) column - 1 && *p != '\0'; i++)
    {
      g_string_append_c (out, *p == '\t' ? '\t' : ' ');
      p = g_utf8_next_char (p);
    }
  g_string_append (out, "^\n");

  return g_string_free (out, FALSE);
}

/*
 * rill_tools_split_caps:
 * @caps: (nullable): caps as declared by an element: media types
 *   separated by "; "
 *
 * Returns: (transfer full): the media types, trimmed, never %NULL
 */
char **
rill_tools_split_caps (const char *caps)
{
  g_auto(GStrv) parts = NULL;
  GPtrArray *out = g_ptr_array_new ();

  if (caps != NULL)
    {
      parts = g_strsplit (caps, ";", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *part = g_strstrip (parts[i]);

          if (*part != '\0')
            g_ptr_array_add (out, g_strdup (part));
        }
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static gboolean
is_escapable (char c)
{
  return is_space (c) || c == '!' || c == '=' || c == '"' || c == '\'' || c == '\\';
}

/*
 * rill_tools_join_launch_argv:
 * @argv: (array zero-terminated=1): the words of a launch line, as the
 *   shell split them
 *
 * Joins command-line words into one launch line. A single word is the
 * whole line as it is (`rill-launch "a ! b"`). Several words are joined
 * exactly as rill_parse_launchv() joins them: each word stays one token,
 * so white space and single quotes inside a word (outside the double
 * quotes it may carry on purpose) get a backslash, as does a backslash
 * before a character the lexer would otherwise take as escaped.
 *
 * rill-launch parses the joined line with rill_parse_launch_full() so
 * that the column of an error refers to the very line printed above
 * the caret.
 *
 * Returns: (transfer full): the launch line
 */
char *
rill_tools_join_launch_argv (const char * const *argv)
{
  GString *line;

  g_return_val_if_fail (argv != NULL, NULL);

  if (argv[0] != NULL && argv[1] == NULL)
    return g_strdup (argv[0]);

  line = g_string_new (NULL);
  for (guint i = 0; argv[i] != NULL; i++)
    {
      gboolean in_quotes = FALSE;

      if (i > 0)
        g_string_append_c (line, ' ');

      for (const char *p = argv[i]; *p != '\0'; p++)
        {
          if (*p == '\\' && in_quotes && (p[1] == '"' || p[1] == '\\'))
            {
              g_string_append_c (line, *p++);
              g_string_append_c (line, *p);
              continue;
            }
          if (*p == '"')
            in_quotes = !in_quotes;
          else if (!in_quotes && (is_space (*p) || *p == '\''))
            g_string_append_c (line, '\\');
          else if (!in_quotes && *p == '\\' && is_escapable (p[1]))
            g_string_append_c (line, '\\');
          g_string_append_c (line, *p);
        }
    }

  return g_string_free (line, FALSE);
}

/*
 * rill_tools_get_elements:
 * @pipeline: a pipeline
 *
 * Returns: (transfer container) (element-type RillElement): the
 *   pipeline's elements in the order they were added
 */
GPtrArray *
rill_tools_get_elements (RillPipeline *pipeline)
{
  return rill_pipeline_get_elements (pipeline);
}

/*
 * rill_tools_stderr_is_terminal:
 *
 * Returns: whether stderr is a terminal (for progress lines)
 */
gboolean
rill_tools_stderr_is_terminal (void)
{
  return isatty (STDERR_FILENO) == 1;
}

/*
 * rill_tools_terminal_width:
 *
 * Returns: the width of the terminal on stderr, or 80 when unknown
 */
guint
rill_tools_terminal_width (void)
{
  struct winsize ws;

  if (ioctl (STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  return 80;
}
