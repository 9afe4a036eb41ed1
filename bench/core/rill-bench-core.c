/* rill-bench-core.c: per-doc overhead of the scheduler and parallel speed-up
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Prints figures; asserts nothing. Run through bench/core/run.sh.
 */
#include <stdio.h>
#include <stdlib.h>

#include "rill-test-utils.h"

typedef struct {
  RillAppSrc *src;
  guint n;
} Producer;

static gpointer
produce (gpointer data)
{
  Producer *p = data;

  for (guint i = 0; i < p->n; i++)
    {
      g_autoptr(RillDoc) doc = rill_doc_new ();

      rill_doc_set_int (doc, "i", i);
      rill_app_src_push_doc (p->src, doc);
    }
  rill_app_src_end_of_stream (p->src);
  return NULL;
}

static gpointer
consume (gpointer data)
{
  RillAppSink *sink = data;
  guint64 n = 0;
  RillDoc *doc;

  while ((doc = rill_app_sink_pull_doc (sink, NULL)) != NULL)
    {
      n++;
      rill_doc_unref (doc);
    }
  return GSIZE_TO_POINTER (n);
}

/* Seconds to move @n docs from app-src through @n_identity identities to
 * app-sink, with producer and consumer on threads of their own. */
static double
time_chain (guint n,
            guint n_identity,
            guint threads)
{
  g_autoptr(GString) line = g_string_new ("app-src name=in max-queued=65536");
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  Producer producer;
  GThread *pt, *ct;
  gint64 start;
  guint64 got;

  for (guint i = 0; i < n_identity; i++)
    g_string_append (line, " ! identity");
  g_string_append (line, " ! app-sink name=out max-queued=65536");
  pipeline = rill_test_parse (line->str);
  rill_pipeline_set_threads (pipeline, threads);

  producer.src = RILL_APP_SRC (rill_pipeline_get_by_name (pipeline, "in"));
  producer.n = n;
  start = g_get_monotonic_time ();
  pt = g_thread_new ("producer", produce, &producer);
  ct = g_thread_new ("consumer", consume, rill_pipeline_get_by_name (pipeline, "out"));
  if (!rill_pipeline_run (pipeline, NULL, &error))
    g_error ("run failed: %s", error->message);
  g_thread_join (pt);
  got = GPOINTER_TO_SIZE (g_thread_join (ct));
  if (got != n)
    g_error ("lost docs: %" G_GUINT64_FORMAT " of %u", got, n);
  return (g_get_monotonic_time () - start) / 1e6;
}

/* Seconds for @n docs from a counting source through @n_identity
 * identities into fake-sink: no application threads, so the difference
 * between chain lengths is the per-element cost alone. */
static double
time_sweep (guint n,
            guint n_identity,
            guint threads)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  g_string_printf (line, "test-count-src count=%u", n);
  for (guint i = 0; i < n_identity; i++)
    g_string_append (line, " ! identity");
  g_string_append (line, " ! fake-sink");
  pipeline = rill_test_parse (line->str);
  rill_pipeline_set_threads (pipeline, threads);
  start = g_get_monotonic_time ();
  if (!rill_pipeline_run (pipeline, NULL, &error))
    g_error ("run failed: %s", error->message);
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
time_burn (guint n,
           guint work,
           guint threads)
{
  g_autofree char *line =
    g_strdup_printf ("app-src name=in ! test-burn work=%u ! fake-sink", work);
  g_autoptr(RillPipeline) pipeline = rill_test_parse (line);
  RillAppSrc *src = RILL_APP_SRC (rill_pipeline_get_by_name (pipeline, "in"));
  g_autoptr(GError) error = NULL;
  gint64 start;

  /* Queued before the run, so the source costs nothing during it. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RillDoc) doc = rill_doc_new ();

      rill_app_src_push_doc (src, doc);
    }
  rill_app_src_end_of_stream (src);
  rill_pipeline_set_threads (pipeline, threads);
  start = g_get_monotonic_time ();
  if (!rill_pipeline_run (pipeline, NULL, &error))
    g_error ("run failed: %s", error->message);
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
best_of (int runs, double (*fn) (guint, guint, guint), guint a, guint b, guint c)
{
  double best = G_MAXDOUBLE;

  for (int i = 0; i < runs; i++)
    best = MIN (best, fn (a, b, c));
  return best;
}

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 1000000;
  guint cpus = g_get_num_processors ();
  double t0, t3, t1b, t2b;
  guint burn_n = 200000, burn_work = 4000;

  rill_test_register_elements ();
  rill_test_register_scheduler_elements ();

  t0 = best_of (3, time_chain, n, 0, 0);
  t3 = best_of (3, time_chain, n, 3, 0);
  printf ("chain  app-src ! app-sink                          %9u docs  %.3f s  %10.0f docs/s\n",
          n, t0, n / t0);
  printf ("chain  app-src ! identity x3 ! app-sink            %9u docs  %.3f s  %10.0f docs/s\n",
          n, t3, n / t3);
  printf ("per doc per element (identity, marginal)          %.0f ns  (target <= 1000 ns)\n",
          (t3 - t0) / (3.0 * n) * 1e9);
  printf ("per doc per element (all 5 elements, total)       %.0f ns\n",
          t3 / (5.0 * n) * 1e9);

  {
    double s0 = best_of (3, time_sweep, n, 0, 0);
    double s10 = best_of (3, time_sweep, n, 10, 0);

    printf ("sweep  test-count-src ! identity x0 ! fake-sink    %9u docs  %.3f s  %10.0f docs/s\n",
            n, s0, n / s0);
    printf ("sweep  test-count-src ! identity x10 ! fake-sink   %9u docs  %.3f s  %10.0f docs/s\n",
            n, s10, n / s10);
    printf ("per doc per element (identity, marginal over 10)  %.0f ns  (target <= 1000 ns)\n",
            (s10 - s0) / (10.0 * n) * 1e9);
  }

  t1b = best_of (3, time_burn, burn_n, burn_work, 1);
  t2b = best_of (3, time_burn, burn_n, burn_work, MAX (cpus, 2));
  printf ("parallel test-burn work=%u, %u docs: 1 thread %.3f s, %u threads %.3f s, "
          "speed-up %.2fx (target >= 1.8x on 2 cores)\n",
          burn_work, burn_n, t1b, MAX (cpus, 2), t2b, t1b / t2b);
  return 0;
}
