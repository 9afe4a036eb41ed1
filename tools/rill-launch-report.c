/* rill-launch-report.c: what rill-launch prints about a run
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rill-launch-report.h"
#include "rill-tools.h"

#include <string.h>

/* Reads a counter that the pipeline may store as an int or a double. */
static gboolean
get_number (RillDoc    *doc,
            const char *name,
            double     *value)
{
  switch (rill_doc_get_field_type (doc, name))
    {
    case RILL_FIELD_INT:
      *value = (double) rill_doc_get_int (doc, name, 0);
      return TRUE;
    case RILL_FIELD_DOUBLE:
      *value = rill_doc_get_double (doc, name, 0.0);
      return TRUE;
    case RILL_FIELD_NONE:
    case RILL_FIELD_STRING:
    case RILL_FIELD_BOOL:
    case RILL_FIELD_BYTES:
    case RILL_FIELD_STRV:
    case RILL_FIELD_DOC:
    default:
      return FALSE;
    }
}

static gint64
get_count (RillDoc    *doc,
           const char *name)
{
  double value = 0;

  if (!get_number (doc, name, &value))
    return 0;
  return (gint64) value;
}

/* The element's time in ms, whatever unit the pipeline chose to
 * store it in; -1 when the stats have no time. */
static double
get_time_ms (RillDoc *doc)
{
  static const struct {
    const char *field;
    double to_ms;
  } units[] = {
    { "time-ms", 1.0 },
    { "time-us", 1e-3 },
    { "time-ns", 1e-6 },
    { "busy-ms", 1.0 },
    { "busy-us", 1e-3 },
    { "busy-ns", 1e-6 },
    { "time", 1e3 },  /* seconds */
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      double value;

      if (get_number (doc, units[i].field, &value))
        return value * units[i].to_ms;
    }
  return -1.0;
}

/*
 * rill_launch_get_counters:
 * @stats: the doc from rill_pipeline_get_stats()
 * @element_name: an element of the pipeline
 * @counters: (out): its counters
 *
 * The statistics doc has one nested doc per element, keyed by the
 * element's name (directly, or under an "elements" field).
 *
 * Returns: %FALSE (and zero counters) when @stats says nothing about
 *   the element
 */
gboolean
rill_launch_get_counters (RillDoc            *stats,
                          const char         *element_name,
                          RillLaunchCounters *counters)
{
  RillDoc *element = NULL;

  memset (counters, 0, sizeof *counters);
  counters->time_ms = -1.0;

  if (stats == NULL || element_name == NULL)
    return FALSE;

  element = rill_doc_get_doc (stats, element_name);
  if (element == NULL)
    {
      RillDoc *elements = rill_doc_get_doc (stats, "elements");

      if (elements != NULL)
        element = rill_doc_get_doc (elements, element_name);
    }
  if (element == NULL)
    return FALSE;

  counters->in = get_count (element, "in");
  counters->out = get_count (element, "out");
  counters->filtered = get_count (element, "filtered");
  counters->duplicate = get_count (element, "duplicate");
  counters->failed = get_count (element, "failed");
  counters->time_ms = get_time_ms (element);
  return TRUE;
}

static gboolean
is_source (RillElement *element)
{
  return RILL_IS_SOURCE (element);
}

static gboolean
is_sink (RillElement *element)
{
  return RILL_IS_SINK (element);
}

/* Totals over the whole pipeline: docs that entered (produced by the
 * sources), docs that reached the sinks, and every drop. */
static void
sum_counters (RillPipeline       *pipeline,
              RillDoc            *stats,
              RillLaunchCounters *total)
{
  g_autoptr(GPtrArray) elements = rill_tools_get_elements (pipeline);

  memset (total, 0, sizeof *total);
  total->time_ms = -1.0;

  for (guint i = 0; elements != NULL && i < elements->len; i++)
    {
      RillElement *element = g_ptr_array_index (elements, i);
      RillLaunchCounters c;

      rill_launch_get_counters (stats, rill_element_get_name (element), &c);
      if (is_source (element))
        total->in += c.out;
      if (is_sink (element))
        total->out += c.out > 0 ? c.out : MAX (0, c.in - c.failed);
      total->filtered += c.filtered;
      total->duplicate += c.duplicate;
      total->failed += c.failed;
    }
}

static void
print_row (FILE                     *out,
           int                       name_width,
           const char               *name,
           const RillLaunchCounters *c)
{
  char time_text[32];

  if (c->time_ms >= 0)
    g_snprintf (time_text, sizeof time_text, "%.1f", c->time_ms);
  else
    g_strlcpy (time_text, "-", sizeof time_text);

  fprintf (out, "%-*s %10" G_GINT64_FORMAT " %10" G_GINT64_FORMAT
           " %9" G_GINT64_FORMAT " %9" G_GINT64_FORMAT " %7" G_GINT64_FORMAT
           " %10s\n",
           name_width, name, c->in, c->out, c->filtered, c->duplicate,
           c->failed, time_text);
}

/* Why docs were filtered, per element: the stats keep a `filter-reasons`
 * doc counting each reason. */
static void
print_filter_reasons (GPtrArray *elements,
                      RillDoc   *stats,
                      FILE      *out)
{
  for (guint i = 0; stats != NULL && i < elements->len; i++)
    {
      const char *name = rill_element_get_name (g_ptr_array_index (elements, i));
      RillDoc *element = name != NULL ? rill_doc_get_doc (stats, name) : NULL;
      RillDoc *reasons = element != NULL ? rill_doc_get_doc (element, "filter-reasons") : NULL;

      for (guint j = 0; reasons != NULL && j < rill_doc_get_n_fields (reasons); j++)
        {
          const char *reason = rill_doc_get_field_name (reasons, j);

          fprintf (out, "%s: %" G_GINT64_FORMAT " filtered: %s\n", name,
                   get_count (reasons, reason), reason);
        }
    }
}

/*
 * rill_launch_print_table:
 * @pipeline: the pipeline that ran
 * @stats: (nullable): its final statistics
 * @elapsed_s: wall-clock time of the run
 * @out: where to print (stderr)
 *
 * Prints the final accounting: one row per element in pipeline order
 * (in, out, filtered, duplicate, failed, time in ms), then a total row
 * whose "in" is what the sources produced, "out" what the sinks wrote,
 * the drops summed over all elements and the time the wall-clock time;
 * then why docs were filtered, per element and reason.
 */
void
rill_launch_print_table (RillPipeline *pipeline,
                         RillDoc      *stats,
                         double        elapsed_s,
                         FILE         *out)
{
  g_autoptr(GPtrArray) elements = rill_tools_get_elements (pipeline);
  RillLaunchCounters total;
  int name_width = (int) strlen ("element");

  for (guint i = 0; elements != NULL && i < elements->len; i++)
    {
      const char *name = rill_element_get_name (g_ptr_array_index (elements, i));

      name_width = MAX (name_width, (int) g_utf8_strlen (name ? name : "", -1));
    }

  fprintf (out, "%-*s %10s %10s %9s %9s %7s %10s\n", name_width, "element",
           "in", "out", "filtered", "duplicate", "failed", "time (ms)");

  for (guint i = 0; elements != NULL && i < elements->len; i++)
    {
      RillElement *element = g_ptr_array_index (elements, i);
      const char *name = rill_element_get_name (element);
      RillLaunchCounters c;

      rill_launch_get_counters (stats, name, &c);
      print_row (out, name_width, name ? name : "?", &c);
    }

  sum_counters (pipeline, stats, &total);
  total.time_ms = elapsed_s * 1000.0;
  print_row (out, name_width, "total", &total);
  print_filter_reasons (elements, stats, out);
  if (elapsed_s > 0)
    fprintf (out, "%" G_GINT64_FORMAT " docs in %.2f s (%.0f docs/s)\n",
             total.in, elapsed_s, (double) total.in / elapsed_s);
  fflush (out);
}

/*
 * rill_launch_format_progress:
 * @pipeline: the running pipeline
 * @stats: (nullable): a snapshot of its statistics
 * @elapsed_s: time since the run started
 * @width: the terminal width; the line is cut to fit (0: no limit)
 *
 * Formats the progress line: elapsed time, then `name in>out` for each
 * element, then the rate at which docs leave the sources.
 *
 * Returns: (transfer full): the line, without a newline
 */
char *
rill_launch_format_progress (RillPipeline *pipeline,
                             RillDoc      *stats,
                             double        elapsed_s,
                             guint         width)
{
  g_autoptr(GPtrArray) elements = rill_tools_get_elements (pipeline);
  GString *line = g_string_new (NULL);
  RillLaunchCounters total;
  g_autofree char *rate = NULL;

  g_string_append_printf (line, "[%.1fs]", elapsed_s);
  for (guint i = 0; elements != NULL && i < elements->len; i++)
    {
      RillElement *element = g_ptr_array_index (elements, i);
      const char *name = rill_element_get_name (element);
      RillLaunchCounters c;

      rill_launch_get_counters (stats, name, &c);
      g_string_append_printf (line, " %s %" G_GINT64_FORMAT ">%" G_GINT64_FORMAT,
                              name, c.in, c.out);
      if (c.failed > 0)
        g_string_append_printf (line, " (%" G_GINT64_FORMAT " failed)", c.failed);
    }

  sum_counters (pipeline, stats, &total);
  rate = g_strdup_printf (" | %.0f docs/s",
                          elapsed_s > 0 ? (double) total.in / elapsed_s : 0.0);

  if (width > 0 && g_utf8_strlen (line->str, -1) + strlen (rate) + 1 > width)
    {
      glong keep = (glong) width - (glong) strlen (rate) - 4;

      if (keep < 0)
        keep = 0;
      g_string_truncate (line,
                         g_utf8_offset_to_pointer (line->str,
                                                   MIN (keep, g_utf8_strlen (line->str, -1)))
                         - line->str);
      g_string_append (line, "...");
    }
  g_string_append (line, rate);

  return g_string_free (line, FALSE);
}

/*
 * rill_launch_write_stats:
 * @stats: the pipeline's statistics
 * @path: the file to write
 * @error: return location for an error
 *
 * Writes @stats as pretty-printed JSON (one object, keys as in the
 * statistics doc), replacing @path atomically.
 *
 * Returns: %TRUE on success
 */
gboolean
rill_launch_write_stats (RillDoc     *stats,
                         const char  *path,
                         GError     **error)
{
  g_autofree char *json = NULL;
  g_autofree char *contents = NULL;

  g_return_val_if_fail (stats != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  json = rill_doc_to_json (stats, TRUE);
  contents = g_strconcat (json, "\n", NULL);
  return g_file_set_contents (path, contents, -1, error);
}

/*
 * rill_launch_describe_doc:
 * @doc: a doc that reached a sink
 *
 * Returns: (transfer full): its url or, without one, `#<seq>` and its
 *   title when it has one
 */
char *
rill_launch_describe_doc (RillDoc *doc)
{
  const char *url = rill_doc_get_string (doc, RILL_FIELD_URL);
  const char *title;

  if (url != NULL)
    return g_strdup (url);

  title = rill_doc_get_string (doc, RILL_FIELD_TITLE);
  if (title != NULL)
    return g_strdup_printf ("#%" G_GUINT64_FORMAT " %s",
                            rill_doc_get_seq (doc), title);
  return g_strdup_printf ("#%" G_GUINT64_FORMAT, rill_doc_get_seq (doc));
}
