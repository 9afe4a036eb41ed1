/* rill-dedupe-bench.c: runs one dedupe method over a JSONL corpus.
 *
 *   rill-dedupe-bench --method minhash corpus.jsonl pred.tsv
 *
 * Reads {"id": ..., "text": ...} lines (json-glib), checks each doc in file
 * order with rill_dedupe_index_check_and_add(), writes "id<TAB>cluster"
 * lines, and prints the throughput of the dedupe calls alone (parsing and
 * writing are not timed; the clock is the thread's CPU time, so other
 * load on the machine does not count), the process's peak RSS and the
 * index's memory per doc (RSS growth over the run, and the bytes the index
 * structures account for).
 *
 * With --state redis://HOST:PORT/DB[?prefix=NAME] the index is the shared
 * one in Redis (rill-dedupe-redis.c): docs go to the server --redis-batch
 * at a time (one EVALSHA each; 1 = what the element does), the clock is
 * the wall clock (the work is in the server), and the memory per doc is
 * the growth of the server's used_memory. cpu_docs_per_s divides the docs
 * by the CPU time of the server (INFO cpu) plus the client's dedupe calls:
 * a figure that the load of a shared machine does not change much. Clusters are written as corpus
 * ids, so the predictions compare line by line with the in-memory ones.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "rill-dedupe-index.h"
#include "rill-dedupe-redis.h"

#define BATCH 1000

static gsize
current_rss (void)
{
  g_autofree char *s = NULL;
  unsigned long size = 0, rss = 0;

  if (g_file_get_contents ("/proc/self/statm", &s, NULL, NULL))
    sscanf (s, "%lu %lu", &size, &rss);
  return rss * (gsize) sysconf (_SC_PAGESIZE);
}

static gboolean use_wall_clock;

static double
thread_cpu (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double
now (void)
{
  struct timespec ts;

  clock_gettime (use_wall_clock ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The docs of one parsed batch through the Redis index, @chunk a call;
 * clusters come back as Redis ids, turned into corpus ids through
 * @by_redis_id (Redis id - 1 -> corpus id; a fresh prefix numbers the
 * docs 1, 2, ... in order). */
static gboolean
redis_batch (RillDedupeRedis   *redis,
             GPtrArray         *ids,
             GPtrArray         *texts,
             guint              chunk,
             RillDedupeResult  *results,
             GArray            *by_redis_id,
             GError           **error)
{
  g_autofree RillDedupeRedisDoc *docs = g_new0 (RillDedupeRedisDoc, chunk);

  for (guint i = 0; i < ids->len; i += chunk)
    {
      guint n = MIN (chunk, ids->len - i);

      for (guint j = 0; j < n; j++)
        {
          memset (&docs[j], 0, sizeof docs[j]);
          docs[j].text = texts->pdata[i + j];
          docs[j].len = -1;
          docs[j].key = ids->pdata[i + j];
          docs[j].date = RILL_DEDUPE_NO_DATE;
        }
      if (!rill_dedupe_redis_check (redis, docs, n, NULL, error))
        return FALSE;
      for (guint j = 0; j < n; j++)
        {
          guint64 corpus_id = g_ascii_strtoull (ids->pdata[i + j], NULL, 10);

          if (docs[j].id > by_redis_id->len)
            g_array_set_size (by_redis_id, docs[j].id);
          g_array_index (by_redis_id, guint64, docs[j].id - 1) = corpus_id;
          results[i + j] = docs[j].result;
          results[i + j].cluster = docs[j].result.cluster <= by_redis_id->len
            ? g_array_index (by_redis_id, guint64, docs[j].result.cluster - 1) : 0;
          rill_dedupe_redis_doc_clear (&docs[j]);
        }
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autofree char *method_name = g_strdup ("minhash");
  g_autofree char *verify_name = NULL;
  g_autofree char *state = NULL;
  g_autofree char *field = g_strdup ("text");
  int k = -1, shingle = -1, slots = -1, bands = -1, rows = -1;
  int commit_every = 1, limit = 0, redis_chunk = 100;
  double threshold = -1;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "method", 'm', 0, G_OPTION_ARG_STRING, &method_name, "exact|simhash|minhash", "M" },
    { "distance", 'k', 0, G_OPTION_ARG_INT, &k, "simhash Hamming distance", "K" },
    { "shingle", 0, 0, G_OPTION_ARG_INT, &shingle, "words per shingle/feature", "N" },
    { "slots", 0, 0, G_OPTION_ARG_INT, &slots, "minhash signature length", "N" },
    { "bands", 0, 0, G_OPTION_ARG_INT, &bands, "minhash LSH bands", "N" },
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "minhash rows per band", "N" },
    { "threshold", 't', 0, G_OPTION_ARG_DOUBLE, &threshold, "minhash verification threshold", "T" },
    { "verify", 0, 0, G_OPTION_ARG_STRING, &verify_name, "jaccard|containment", "V" },
    { "state", 's', 0, G_OPTION_ARG_FILENAME, &state, "SQLite state file, or redis://HOST:PORT/DB[?prefix=NAME]", "PATH" },
    { "redis-batch", 0, 0, G_OPTION_ARG_INT, &redis_chunk, "with a Redis state: docs per script call (default 100)", "N" },
    { "commit-every", 0, 0, G_OPTION_ARG_INT, &commit_every, "commit the state every N docs", "N" },
    { "field", 'f', 0, G_OPTION_ARG_STRING, &field, "JSON field to deduplicate (default text)", "F" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "stop after N docs", "N" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "print only the figures line", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("CORPUS.jsonl PRED.tsv");
  g_autoptr (GError) error = NULL;
  g_autoptr (RillDedupeIndex) index = NULL;
  g_autoptr (RillDedupeRedis) redis = NULL;
  g_autoptr (GArray) by_redis_id = g_array_new (FALSE, TRUE, sizeof (guint64));
  guint64 redis_mem0 = 0, redis_mem1 = 0;
  double redis_cpu0 = 0, redis_cpu1 = 0, client_cpu = 0;
  g_autoptr (GIOChannel) in = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  RillDedupeParams params;
  RillDedupeMethod method;
  FILE *out;
  char *line = NULL;
  gsize line_len;
  guint64 n = 0, n_dup = 0;
  double busy = 0.0;
  gsize rss0, rss1;
  struct rusage ru;
  g_autoptr (GPtrArray) batch_ids = NULL;
  g_autoptr (GPtrArray) batch_texts = NULL;
  static RillDedupeResult results[BATCH];

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || argc != 3)
    {
      g_printerr ("%s\n", error ? error->message
                  : "usage: rill-dedupe-bench [OPTION...] CORPUS.jsonl PRED.tsv");
      return 2;
    }
  if (!rill_dedupe_method_from_string (method_name, &method))
    {
      g_printerr ("unknown method %s\n", method_name);
      return 2;
    }
  rill_dedupe_params_init (&params, method);
  if (k >= 0)
    params.simhash_distance = k;
  if (shingle > 0)
    params.simhash_shingle = params.minhash_shingle = shingle;
  if (slots > 0)
    params.minhash_slots = slots;
  if (bands > 0)
    params.minhash_bands = bands;
  if (rows > 0)
    params.minhash_rows = rows;
  if (threshold >= 0)
    params.minhash_threshold = threshold;
  if (verify_name)
    params.minhash_verify = g_str_equal (verify_name, "jaccard")
                              ? RILL_MINHASH_VERIFY_JACCARD
                              : RILL_MINHASH_VERIFY_CONTAINMENT;

  in = g_io_channel_new_file (argv[1], "r", &error);
  if (in == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_io_channel_set_encoding (in, NULL, NULL);
  out = fopen (argv[2], "w");
  if (out == NULL)
    {
      g_printerr ("cannot write %s\n", argv[2]);
      return 1;
    }

  rss0 = current_rss ();
  if (rill_dedupe_redis_is_url (state))
    {
      use_wall_clock = TRUE;
      redis = rill_dedupe_redis_new (&params, state, NULL, &error);
      if (redis == NULL
          || !rill_dedupe_redis_get_server_stats (redis, &redis_mem0, &redis_cpu0,
                                                  &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_clear_pointer (&state, g_free);
    }
  index = rill_dedupe_index_new (&params, state, &error);
  if (index == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* Docs are parsed in batches of BATCH and each batch is deduplicated
   * under one clock reading: reading the clock per doc costs a system
   * call on some virtual machines. */
  batch_ids = g_ptr_array_new_with_free_func (g_free);
  batch_texts = g_ptr_array_new_with_free_func (g_free);
  for (gboolean eof = FALSE; !eof;)
    {
      double t0;

      g_ptr_array_set_size (batch_ids, 0);
      g_ptr_array_set_size (batch_texts, 0);
      while (batch_ids->len < BATCH)
        {
          JsonObject *obj;

          if ((limit && n + batch_ids->len >= (guint64) limit)
              || g_io_channel_read_line (in, &line, &line_len, NULL, &error)
                 != G_IO_STATUS_NORMAL)
            {
              eof = TRUE;
              break;
            }
          if (!json_parser_load_from_data (parser, line, line_len, &error)
              || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
            {
              g_printerr ("%s\n", error ? error->message : "not an object");
              g_clear_error (&error);
              g_free (line);
              continue;
            }
          obj = json_node_get_object (json_parser_get_root (parser));
          g_ptr_array_add (batch_ids, g_strdup (
            json_object_get_string_member_with_default (obj, "id", "")));
          g_ptr_array_add (batch_texts, g_strdup (
            json_object_get_string_member_with_default (obj, field, "")));
          g_free (line);
        }

      t0 = now ();
      if (redis)
        {
          double c0 = thread_cpu ();

          if (!redis_batch (redis, batch_ids, batch_texts, MAX (redis_chunk, 1),
                            results, by_redis_id, &error))
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
          client_cpu += thread_cpu () - c0;
        }
      else
        {
          for (guint i = 0; i < batch_ids->len; i++)
            {
              const char *id_s = batch_ids->pdata[i];

              if (!rill_dedupe_index_check_and_add (index, batch_texts->pdata[i], -1,
                                                    g_ascii_strtoull (id_s, NULL, 10),
                                                    id_s, RILL_DEDUPE_NO_DATE,
                                                    &results[i], &error)
                  || (commit_every > 0 && (n + i + 1) % commit_every == 0
                      && !rill_dedupe_index_commit (index, &error)))
                {
                  g_printerr ("%s\n", error->message);
                  return 1;
                }
            }
        }
      busy += now () - t0;

      for (guint i = 0; i < batch_ids->len; i++)
        {
          if (results[i].verdict != RILL_DEDUPE_NEW)
            n_dup++;
          fprintf (out, "%s\t%" G_GUINT64_FORMAT "\n",
                   (const char *) batch_ids->pdata[i], results[i].cluster);
        }
      n += batch_ids->len;
    }
  if (!rill_dedupe_index_commit (index, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  fclose (out);
  rss1 = current_rss ();
  if (redis && !rill_dedupe_redis_get_server_stats (redis, &redis_mem1, &redis_cpu1,
                                                    &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  getrusage (RUSAGE_SELF, &ru);

  if (!quiet)
    {
      g_autofree char *cfg = rill_dedupe_params_to_string (&params);

      g_print ("# %s bands=%u rows=%u threshold=%.3f verify=%s\n", cfg,
               params.minhash_bands, params.minhash_rows,
               params.minhash_threshold,
               params.minhash_verify == RILL_MINHASH_VERIFY_JACCARD
                 ? "jaccard" : "containment");
    }
  g_print ("method=%s docs=%" G_GUINT64_FORMAT " dups=%" G_GUINT64_FORMAT
           " docs_per_s=%.0f peak_rss_mb=%.1f rss_growth_bytes_per_doc=%.0f"
           " index_bytes_per_doc=%.0f\n",
           method_name, n, n_dup, busy > 0 ? n / busy : 0.0,
           ru.ru_maxrss / 1024.0,
           n ? (double) (rss1 > rss0 ? rss1 - rss0 : 0) / n : 0.0,
           n ? (double) rill_dedupe_index_get_memory (index) / n : 0.0);
  if (redis)
    g_print ("redis_batch=%d redis_bytes_per_doc=%.0f server_cpu_s=%.2f"
             " client_cpu_s=%.2f cpu_docs_per_s=%.0f (docs_per_s: wall clock)\n",
             redis_chunk,
             n ? (double) (redis_mem1 > redis_mem0 ? redis_mem1 - redis_mem0 : 0) / n : 0.0,
             redis_cpu1 - redis_cpu0, client_cpu,
             n ? n / (redis_cpu1 - redis_cpu0 + client_cpu) : 0.0);
  return 0;
}
