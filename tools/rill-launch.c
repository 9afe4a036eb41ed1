/* rill-launch.c: builds a pipeline from a launch line and runs it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   rill-launch [OPTIONS] LINE...
 *
 * stdout carries only what the pipeline writes there (fd-sink); every
 * message of rill-launch itself goes to stderr. Exit codes are the
 * #RillToolExit values of rill-tools.h.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include "rill-tools.h"
#include "rill-launch-report.h"

/* Warnings shown in full before rill-launch only counts them. */
#define MAX_SHOWN_WARNINGS 10
/* How often the progress line and the bus (when polled) are refreshed. */
#define PROGRESS_INTERVAL_MS 500
#define BUS_POLL_INTERVAL_MS 50

typedef struct {
  /* options */
  gboolean verbose;
  gboolean quiet;
  gboolean progress;
  gboolean no_progress;
  gboolean unordered;
  gboolean version;
  int threads;
  int checkpoint_ms;
  char *stats_path;
  char *errors_path;
  char **line_words;

  /* run */
  GMainLoop *loop;
  RillPipeline *pipeline;
  GCancellable *cancellable;
  gint64 start_time;
  gboolean show_progress;
  gboolean progress_on_terminal;
  gboolean progress_shown;
  guint progress_id;
  guint bus_poll_id;
  gulong bus_handler;
  guint sigint_id;
  guint sigterm_id;
  guint n_signals;
  gboolean interrupted;
  gboolean finished;
  gboolean run_ok;
  GError *run_error;
  GError *bus_error;
  char *bus_error_source;
  guint n_warnings;
} RillLaunch;

static RillLaunch launch;

static double
elapsed_seconds (void)
{
  if (launch.start_time == 0)
    return 0.0;
  return (double) (g_get_monotonic_time () - launch.start_time) / G_USEC_PER_SEC;
}

/* Erases the progress line so that other messages start at column 0. */
static void
clear_progress (void)
{
  if (launch.progress_shown && launch.progress_on_terminal)
    {
      fputs ("\r\033[K", stderr);
      fflush (stderr);
    }
  launch.progress_shown = FALSE;
}

static gboolean
progress_cb (gpointer user_data)
{
  g_autoptr(RillDoc) stats = NULL;
  g_autofree char *line = NULL;

  if (launch.finished)
    return G_SOURCE_CONTINUE;

  stats = rill_pipeline_get_stats (launch.pipeline);
  if (launch.progress_on_terminal)
    {
      line = rill_launch_format_progress (launch.pipeline, stats,
                                          elapsed_seconds (),
                                          rill_tools_terminal_width () - 1);
      fprintf (stderr, "\r\033[K%s", line);
    }
  else
    {
      line = rill_launch_format_progress (launch.pipeline, stats,
                                          elapsed_seconds (), 0);
      fprintf (stderr, "%s\n", line);
    }
  fflush (stderr);
  launch.progress_shown = TRUE;
  return G_SOURCE_CONTINUE;
}

static void
print_warning (const RillMessage *message)
{
  const GError *error = rill_message_get_error (message);
  const char *source = rill_message_get_source_name (message);
  RillDoc *doc = rill_message_get_doc (message);
  g_autofree char *what = doc != NULL ? rill_launch_describe_doc (doc) : NULL;

  launch.n_warnings++;
  if (launch.quiet || launch.n_warnings > MAX_SHOWN_WARNINGS)
    return;

  clear_progress ();
  {
    const char *text = error != NULL ? error->message : "a doc failed";
    /* Elements often name themselves and the doc already. */
    gboolean say_source = source != NULL && !g_str_has_prefix (text, source);
    gboolean say_what = what != NULL && strstr (text, what) == NULL;

    rill_tools_warning ("%s%s%s%s%s",
                        say_source ? source : "", say_source ? ": " : "",
                        say_what ? what : "", say_what ? ": " : "",
                        text);
  }
  if (launch.n_warnings == MAX_SHOWN_WARNINGS)
    rill_tools_warning ("further warnings are only counted%s",
                        launch.errors_path != NULL
                          ? " (every failed doc is kept in the --errors file)"
                          : "; use --errors FILE.jsonl to keep every failed doc");
}

static void
handle_message (RillMessage *message)
{
  const GError *error;

  switch (rill_message_get_message_type (message))
    {
    case RILL_MESSAGE_ERROR:
      error = rill_message_get_error (message);
      if (launch.bus_error == NULL)
        {
          launch.bus_error = error != NULL
            ? g_error_copy (error)
            : g_error_new_literal (RILL_PIPELINE_ERROR,
                                   RILL_PIPELINE_ERROR_FAILED,
                                   "the pipeline failed");
          launch.bus_error_source = g_strdup (rill_message_get_source_name (message));
        }
      break;
    case RILL_MESSAGE_WARNING:
      print_warning (message);
      break;
    case RILL_MESSAGE_PROGRESS:
    case RILL_MESSAGE_STATS:
    case RILL_MESSAGE_EOS:
    default:
      break;
    }
}

static void
bus_message_cb (RillBus     *bus,
                RillMessage *message,
                gpointer     user_data)
{
  handle_message (message);
}

static void
drain_bus (void)
{
  RillBus *bus = rill_pipeline_get_bus (launch.pipeline);
  RillMessage *message;

  while ((message = rill_bus_pop (bus)) != NULL)
    {
      handle_message (message);
      rill_message_unref (message);
    }
}

static gboolean
bus_poll_cb (gpointer user_data)
{
  drain_bus ();
  return G_SOURCE_CONTINUE;
}

/* Messages arrive through the bus's "message" signal on this thread's
 * main context when the bus has one; otherwise they are popped. */
static void
watch_bus (void)
{
  RillBus *bus = rill_pipeline_get_bus (launch.pipeline);

  if (g_signal_lookup ("message", RILL_TYPE_BUS) != 0)
    {
      launch.bus_handler = g_signal_connect (bus, "message",
                                             G_CALLBACK (bus_message_cb), NULL);
    }
  else
    {
      launch.bus_poll_id = g_timeout_add (BUS_POLL_INTERVAL_MS, bus_poll_cb, NULL);
    }
}

static void
unwatch_bus (void)
{
  RillBus *bus = rill_pipeline_get_bus (launch.pipeline);

  g_clear_signal_handler (&launch.bus_handler, bus);
  g_clear_handle_id (&launch.bus_poll_id, g_source_remove);
}

static void
sink_rendered_cb (RillSink *sink,
                  RillDoc  *doc,
                  gpointer  user_data)
{
  g_autofree char *what = rill_launch_describe_doc (doc);
  /* Over the progress line, if one is shown, rather than after it. */
  gboolean over_progress = launch.progress_on_terminal && launch.show_progress;
  g_autofree char *line = g_strdup_printf ("%s%s: %s\n",
                                           over_progress ? "\r\033[K" : "",
                                           rill_element_get_name (RILL_ELEMENT (sink)),
                                           what);

  /* One write per line: sinks may render on several threads. */
  fputs (line, stderr);
}

static void
connect_sinks (void)
{
  g_autoptr(GPtrArray) elements = rill_tools_get_elements (launch.pipeline);

  for (guint i = 0; elements != NULL && i < elements->len; i++)
    {
      RillElement *element = g_ptr_array_index (elements, i);

      if (RILL_IS_SINK (element))
        g_signal_connect (element, "rendered", G_CALLBACK (sink_rendered_cb), NULL);
    }
}

static gboolean
signal_cb (gpointer user_data)
{
  launch.n_signals++;
  if (launch.n_signals > 1)
    {
      clear_progress ();
      if (!launch.quiet)
        rill_tools_error ("interrupted again, exiting now");
      _exit (RILL_TOOL_EXIT_INTERRUPTED);
    }

  launch.interrupted = TRUE;
  clear_progress ();
  if (!launch.quiet)
    g_printerr ("%s: interrupted, stopping (press Ctrl-C again to exit now)\n",
                g_get_prgname ());
  g_cancellable_cancel (launch.cancellable);
  return G_SOURCE_CONTINUE;
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  launch.run_ok = rill_pipeline_run_finish (RILL_PIPELINE (object), result,
                                            &launch.run_error);
  launch.finished = TRUE;
  g_main_loop_quit (launch.loop);
}

static RillPipeline *
parse_line (int *exit_code)
{
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;
  guint column = 0;
  RillPipeline *pipeline;

  line = rill_tools_join_launch_argv ((const char * const *) launch.line_words);
  pipeline = rill_parse_launch_full (line, &column, &error);
  if (pipeline != NULL)
    return pipeline;

  rill_tools_error ("%s", error != NULL ? error->message : "cannot parse the launch line");
  if (column > 0)
    {
      g_autofree char *caret = rill_tools_caret_lines (line, column);
      fputs (caret, stderr);
    }
  /* An unknown element may be in a plugin that failed to load: that was
   * printed as a warning when the registry loaded it. */

  *exit_code = RILL_TOOL_EXIT_USAGE;
  return NULL;
}

static gboolean
parse_options (int    *argc,
               char ***argv,
               int    *exit_code)
{
  const GOptionEntry entries[] = {
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &launch.verbose,
      "Print each doc that reaches a sink (its url) on stderr", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &launch.quiet,
      "Print nothing but errors", NULL },
    { "threads", 0, 0, G_OPTION_ARG_INT, &launch.threads,
      "Worker threads (default: one per CPU)", "N" },
    { "checkpoint-interval", 0, 0, G_OPTION_ARG_INT, &launch.checkpoint_ms,
      "Flush sinks holding docs a source must acknowledge this often (default 1000)", "MS" },
    { "unordered", 0, 0, G_OPTION_ARG_NONE, &launch.unordered,
      "Let docs overtake each other in parallel elements", NULL },
    { "stats", 0, 0, G_OPTION_ARG_FILENAME, &launch.stats_path,
      "Write the final statistics to FILE as JSON", "FILE.json" },
    { "errors", 0, 0, G_OPTION_ARG_FILENAME, &launch.errors_path,
      "Keep every failed doc in FILE, one JSON object a line", "FILE.jsonl" },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &launch.progress,
      "Show a progress line on stderr (default: when it is a terminal)", NULL },
    { "no-progress", 0, 0, G_OPTION_ARG_NONE, &launch.no_progress,
      "Never show the progress line", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &launch.version,
      "Print the version and exit", NULL },
    /* FILENAME: the words are taken as they are (UTF-8 in practice),
     * not converted from a locale that may be plain ASCII. */
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &launch.line_words,
      NULL, "LINE..." },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  context = g_option_context_new ("- run a Rill pipeline");
  g_option_context_set_summary (context,
    "Builds a pipeline from a launch line and runs it to the end, e.g.\n"
    "  rill-launch file-src location=urls.txt mode=lines ! identity ! fd-sink");
  g_option_context_set_description (context,
    "Exit status: 0 success, 1 the pipeline failed, 2 bad launch line or\n"
    "usage, 130 interrupted.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, rill_tools_get_option_entries (), NULL);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      rill_tools_error ("%s (try --help)", error->message);
      *exit_code = RILL_TOOL_EXIT_USAGE;
      return FALSE;
    }

  if (launch.version)
    {
      g_print ("rill-launch %s\n", RILL_VERSION_S);
      *exit_code = RILL_TOOL_EXIT_SUCCESS;
      return FALSE;
    }

  if (launch.line_words == NULL || launch.line_words[0] == NULL)
    {
      rill_tools_error ("no launch line given (try --help)");
      *exit_code = RILL_TOOL_EXIT_USAGE;
      return FALSE;
    }

  if (launch.threads < 0)
    {
      rill_tools_error ("--threads must be 0 (one per CPU) or more, not %d",
                        launch.threads);
      *exit_code = RILL_TOOL_EXIT_USAGE;
      return FALSE;
    }

  if (launch.checkpoint_ms < 0)
    {
      rill_tools_error ("--checkpoint-interval must be 1 ms or more, not %d",
                        launch.checkpoint_ms);
      *exit_code = RILL_TOOL_EXIT_USAGE;
      return FALSE;
    }

  if (launch.progress && launch.no_progress)
    {
      rill_tools_error ("--progress and --no-progress exclude each other");
      *exit_code = RILL_TOOL_EXIT_USAGE;
      return FALSE;
    }

  return TRUE;
}

static void
configure_pipeline (void)
{
  if (launch.threads > 0)
    rill_pipeline_set_threads (launch.pipeline, (guint) launch.threads);
  if (launch.checkpoint_ms > 0)
    g_object_set (launch.pipeline, "checkpoint-interval", (guint) launch.checkpoint_ms, NULL);
  if (launch.unordered)
    rill_pipeline_set_ordered (launch.pipeline, FALSE);
  if (launch.errors_path != NULL)
    rill_pipeline_set_errors_location (launch.pipeline, launch.errors_path);
  if (launch.verbose)
    connect_sinks ();

  launch.progress_on_terminal = rill_tools_stderr_is_terminal ();
  if (launch.no_progress || launch.quiet)
    launch.show_progress = FALSE;
  else if (launch.progress)
    launch.show_progress = TRUE;
  else
    launch.show_progress = launch.progress_on_terminal;
}

static int
report_run (void)
{
  g_autoptr(RillDoc) stats = rill_pipeline_get_stats (launch.pipeline);
  double elapsed = elapsed_seconds ();
  int exit_code = RILL_TOOL_EXIT_SUCCESS;

  clear_progress ();

  if (launch.stats_path != NULL && stats != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!rill_launch_write_stats (stats, launch.stats_path, &error))
        {
          rill_tools_error ("cannot write statistics: %s", error->message);
          exit_code = RILL_TOOL_EXIT_FAILURE;
        }
    }

  if (!launch.quiet)
    {
      if (launch.n_warnings > MAX_SHOWN_WARNINGS)
        g_printerr ("%s: %u warnings in all, %u not shown\n", g_get_prgname (),
                    launch.n_warnings, launch.n_warnings - MAX_SHOWN_WARNINGS);
      rill_launch_print_table (launch.pipeline, stats, elapsed, stderr);
    }

  if (launch.interrupted)
    {
      if (!launch.quiet)
        g_printerr ("%s: interrupted\n", g_get_prgname ());
      return RILL_TOOL_EXIT_INTERRUPTED;
    }

  if (!launch.run_ok || launch.bus_error != NULL)
    {
      const GError *error = launch.run_error != NULL ? launch.run_error : launch.bus_error;

      if (error != NULL && launch.run_error == NULL &&
          launch.bus_error_source != NULL &&
          !g_str_has_prefix (error->message, launch.bus_error_source))
        rill_tools_error ("%s: %s", launch.bus_error_source, error->message);
      else
        rill_tools_error ("%s", error != NULL ? error->message : "the pipeline failed");
      return RILL_TOOL_EXIT_FAILURE;
    }

  return exit_code;
}

int
main (int    argc,
      char **argv)
{
  int exit_code = RILL_TOOL_EXIT_SUCCESS;

  rill_tools_init ("rill-launch");

  if (!parse_options (&argc, &argv, &exit_code))
    goto out;

  rill_tools_apply_options ();

  launch.pipeline = parse_line (&exit_code);
  if (launch.pipeline == NULL)
    goto out;

  configure_pipeline ();

  launch.loop = g_main_loop_new (NULL, FALSE);
  launch.cancellable = g_cancellable_new ();
  launch.sigint_id = g_unix_signal_add (SIGINT, signal_cb, NULL);
  launch.sigterm_id = g_unix_signal_add (SIGTERM, signal_cb, NULL);

  watch_bus ();
  if (launch.show_progress)
    launch.progress_id = g_timeout_add (PROGRESS_INTERVAL_MS, progress_cb, NULL);

  launch.start_time = g_get_monotonic_time ();
  rill_pipeline_run_async (launch.pipeline, launch.cancellable, run_done_cb, NULL);
  g_main_loop_run (launch.loop);

  /* Deliver what the bus still holds (the last warnings, an ERROR). */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  drain_bus ();

  g_clear_handle_id (&launch.progress_id, g_source_remove);
  unwatch_bus ();

  exit_code = report_run ();

  g_clear_handle_id (&launch.sigint_id, g_source_remove);
  g_clear_handle_id (&launch.sigterm_id, g_source_remove);

out:
  g_clear_object (&launch.pipeline);
  g_clear_object (&launch.cancellable);
  g_clear_pointer (&launch.loop, g_main_loop_unref);
  g_clear_error (&launch.run_error);
  g_clear_error (&launch.bus_error);
  g_clear_pointer (&launch.bus_error_source, g_free);
  g_clear_pointer (&launch.stats_path, g_free);
  g_clear_pointer (&launch.errors_path, g_free);
  g_clear_pointer (&launch.line_words, g_strfreev);
  return exit_code;
}
