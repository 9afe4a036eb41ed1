/* test-jsonl.c: jsonl-src and jsonl-sink round trips, gzip, bad lines,
 * fields, append, shards
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-test-utils.h"

#include <string.h>
#include <glib/gstdio.h>

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("rill-json-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A doc with a field of every type. */
static RillDoc *
make_full_doc (guint n)
{
  static const guchar binary[] = { 0, 1, 2, 0xff, 0xfe, '\n', '"', 0 };
  static const char * const tags[] = { "мир", "a\"b", "", NULL };
  RillDoc *doc = rill_doc_new ();
  g_autoptr(RillDoc) nested = rill_doc_new ();
  g_autofree char *url = g_strdup_printf ("https://example.org/%u", n);
  g_autoptr(GBytes) body = g_bytes_new_static (binary, sizeof binary);

  rill_doc_set_string (doc, RILL_FIELD_URL, url);
  rill_doc_set_string (doc, RILL_FIELD_TITLE, "Ташкент: \"quotes\"\nand a\ttab \\ é");
  rill_doc_set_int (doc, RILL_FIELD_STATUS, 200);
  rill_doc_set_int (doc, "big", G_MININT64 + n);
  rill_doc_set_double (doc, "score", 0.1 + n);
  rill_doc_set_double (doc, "tiny", 1e-300);
  rill_doc_set_bool (doc, "ok", n % 2 == 0);
  rill_doc_set_bytes (doc, RILL_FIELD_BODY, body);
  rill_doc_set_strv (doc, RILL_FIELD_TAGS, tags);
  rill_doc_set_string (nested, "name", "inner");
  rill_doc_set_int (nested, "n", n);
  rill_doc_set_doc (doc, "meta", nested);
  return doc;
}

/* Runs @line, pushing @docs into the app-src "in" when there is one. */
static RillPipeline *
run_line (const char *line,
          GPtrArray  *docs)
{
  RillPipeline *pipeline = rill_test_parse (line);
  RillElement *in = rill_pipeline_get_by_name (pipeline, "in");
  g_autoptr(GError) error = NULL;

  if (in != NULL)
    {
      for (guint i = 0; docs != NULL && i < docs->len; i++)
        g_assert_true (rill_app_src_push_doc (RILL_APP_SRC (in), docs->pdata[i]));
      rill_app_src_end_of_stream (RILL_APP_SRC (in));
    }
  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_no_error (error);
  return pipeline;
}

static void
write_docs (const char *path,
            GPtrArray  *docs,
            const char *extra)
{
  g_autofree char *line = g_strdup_printf ("app-src name=in ! jsonl-sink name=sink location=\"%s\" %s",
                                           path, extra != NULL ? extra : "");
  g_autoptr(RillPipeline) pipeline = run_line (line, docs);

  g_assert_cmpint (rill_test_stat (pipeline, "sink", "in"), ==, docs->len);
  g_assert_cmpint (rill_test_stat (pipeline, "sink", "failed"), ==, 0);
}

static GPtrArray *
read_docs (const char *location,
           const char *extra,
           gint64     *failed)
{
  g_autofree char *line = g_strdup_printf ("jsonl-src name=src location=\"%s\" %s ! app-sink name=out",
                                           location, extra != NULL ? extra : "");
  g_autoptr(RillPipeline) pipeline = run_line (line, NULL);

  if (failed != NULL)
    *failed = rill_test_stat (pipeline, "src", "failed");
  return rill_test_pull_all (pipeline, "out");
}

static GPtrArray *
full_docs (guint n)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_doc_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (docs, make_full_doc (i));
  return docs;
}

static void
check_round_trip (const char *name)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  g_autoptr(GPtrArray) docs = full_docs (5);
  g_autoptr(GPtrArray) back = NULL;
  gint64 failed = -1;

  write_docs (path, docs, NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));

  back = read_docs (path, NULL, &failed);
  g_assert_cmpint (failed, ==, 0);
  g_assert_cmpuint (back->len, ==, docs->len);
  for (guint i = 0; i < docs->len; i++)
    {
      RillDoc *a = docs->pdata[i], *b = back->pdata[i];
      GBytes *body = rill_doc_get_bytes (b, RILL_FIELD_BODY);

      g_assert_true (rill_doc_equal (a, b));
      g_assert_cmpint (rill_doc_get_field_type (b, "big"), ==, RILL_FIELD_INT);
      g_assert_cmpint (rill_doc_get_int (b, "big", 0), ==, G_MININT64 + i);
      g_assert_cmpint (rill_doc_get_field_type (b, "score"), ==, RILL_FIELD_DOUBLE);
      g_assert_cmpfloat (rill_doc_get_double (b, "tiny", 0), ==, 1e-300);
      g_assert_cmpint (rill_doc_get_field_type (b, "ok"), ==, RILL_FIELD_BOOL);
      g_assert_cmpint (rill_doc_get_field_type (b, RILL_FIELD_TAGS), ==, RILL_FIELD_STRV);
      g_assert_cmpint (rill_doc_get_field_type (b, "meta"), ==, RILL_FIELD_DOC);
      g_assert_nonnull (body);
      g_assert_cmpuint (g_bytes_get_size (body), ==, 8);
      g_assert_cmpstr (rill_doc_get_string (b, RILL_FIELD_TITLE), ==,
                       rill_doc_get_string (a, RILL_FIELD_TITLE));
    }
  rm_rf (dir);
}

static void
test_round_trip (void)
{
  check_round_trip ("out.jsonl");
}

static void
test_round_trip_gzip (void)
{
  check_round_trip ("out.jsonl.gz");
}

static GBytes *
gunzip (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) in = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  g_autoptr(GZlibDecompressor) z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) conv = NULL;
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();

  g_assert_no_error (error);
  conv = g_converter_input_stream_new (in, G_CONVERTER (z));
  g_output_stream_splice (mem, conv, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

static GBytes *
gzip_bytes (const char *text)
{
  g_autoptr(GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) conv = g_converter_output_stream_new (mem, G_CONVERTER (z));
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (conv, text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (conv, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

static void
test_gzip_output (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "out.jsonl.gz", NULL);
  g_autoptr(GPtrArray) docs = full_docs (3);
  g_autoptr(GBytes) raw = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_auto(GStrv) lines = NULL;

  write_docs (path, docs, NULL);

  /* A real gzip file, decoded by a plain GZlibDecompressor. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 2);
  g_assert_cmpint ((guchar) contents[0], ==, 0x1f);
  g_assert_cmpint ((guchar) contents[1], ==, 0x8b);
  raw = gunzip (path);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw));

    lines = g_strsplit (text, "\n", -1);
  }
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[3], ==, "");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RillDoc) doc = rill_doc_new_from_json (lines[i], -1, &error);

      g_assert_no_error (error);
      g_assert_true (rill_doc_equal (doc, docs->pdata[i]));
    }
  rm_rf (dir);
}

static void
test_gzip_input (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "in.jsonl.gz", NULL);
  g_autofree char *sniffed = g_build_filename (dir, "in-no-suffix", NULL);
  g_autoptr(GBytes) one = gzip_bytes ("{\"url\":\"a\",\"n\":1}\n{\"url\":\"b\"}\n");
  g_autoptr(GBytes) two = gzip_bytes ("{\"url\":\"c\",\"tags\":[\"x\"]}\n");
  g_autoptr(GByteArray) both = g_byte_array_new ();
  g_autoptr(GPtrArray) docs = NULL;
  gint64 failed = -1;

  /* Two gzip members, as `cat a.gz b.gz` makes. */
  g_byte_array_append (both, g_bytes_get_data (one, NULL), g_bytes_get_size (one));
  g_byte_array_append (both, g_bytes_get_data (two, NULL), g_bytes_get_size (two));
  g_assert_true (g_file_set_contents (path, (char *) both->data, both->len, NULL));
  g_assert_true (g_file_set_contents (sniffed, (char *) both->data, both->len, NULL));

  docs = read_docs (path, NULL, &failed);
  g_assert_cmpint (failed, ==, 0);
  g_assert_cmpuint (docs->len, ==, 3);
  g_assert_cmpstr (rill_doc_get_string (docs->pdata[0], "url"), ==, "a");
  g_assert_cmpint (rill_doc_get_int (docs->pdata[0], "n", 0), ==, 1);
  g_assert_cmpstr (rill_doc_get_string (docs->pdata[2], "url"), ==, "c");
  g_clear_pointer (&docs, g_ptr_array_unref);

  /* Without the .gz suffix the magic bytes are enough. */
  docs = read_docs (sniffed, NULL, &failed);
  g_assert_cmpint (failed, ==, 0);
  g_assert_cmpuint (docs->len, ==, 3);
  rm_rf (dir);
}

static void
test_gzip_truncated (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "cut.jsonl.gz", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) gz = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  gint64 failed = -1;

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (text, "{\"url\":\"https://example.org/%u\",\"n\":%u}\n", i, i * 7919);
  gz = gzip_bytes (text->str);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (gz, NULL),
                                      g_bytes_get_size (gz) / 2, NULL));

  /* What was readable comes out, the truncation is one failure, no crash. */
  docs = read_docs (path, NULL, &failed);
  g_assert_cmpuint (docs->len, <, 2000);
  g_assert_cmpint (failed, >=, 1);
  rm_rf (dir);
}

static void
test_malformed_lines (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "bad.jsonl", NULL);
  g_autofree char *errors = g_build_filename (dir, "errors.jsonl", NULL);
  g_autofree char *dead = NULL;
  g_autofree char *line = NULL;
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path,
                                      "{\"url\":\"one\"}\n"
                                      "\n"
                                      "{\"url\": \"broken\"\n"
                                      "   \n"
                                      "[1, 2, 3]\n"
                                      "{\"url\":\"two\"}\r\n"
                                      "not json at all\n"
                                      "{\"url\":\"three\"}", -1, NULL));

  line = g_strdup_printf ("jsonl-src name=src location=\"%s\" ! app-sink name=out", path);
  pipeline = rill_test_parse (line);
  rill_pipeline_set_errors_location (pipeline, errors);
  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_no_error (error);

  docs = rill_test_pull_all (pipeline, "out");
  g_assert_cmpuint (docs->len, ==, 3);
  g_assert_cmpstr (rill_doc_get_string (docs->pdata[0], "url"), ==, "one");
  g_assert_cmpstr (rill_doc_get_string (docs->pdata[1], "url"), ==, "two");
  g_assert_cmpstr (rill_doc_get_string (docs->pdata[2], "url"), ==, "three");
  g_assert_cmpint (rill_test_stat (pipeline, "src", "failed"), ==, 3);

  /* The dead letters name the file and the line numbers. */
  g_assert_true (g_file_get_contents (errors, &dead, NULL, NULL));
  g_assert_nonnull (strstr (dead, "bad.jsonl line 3"));
  g_assert_nonnull (strstr (dead, "bad.jsonl line 5"));
  g_assert_nonnull (strstr (dead, "bad.jsonl line 7"));
  g_assert_nonnull (strstr (dead, "not json at all"));
  rm_rf (dir);
}

static void
test_fields (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *only = g_build_filename (dir, "only.jsonl", NULL);
  g_autofree char *without = g_build_filename (dir, "without.jsonl", NULL);
  g_autoptr(GPtrArray) docs = full_docs (2);
  g_autoptr(GPtrArray) back = NULL;
  g_autofree char *contents = NULL;

  write_docs (only, docs, "fields=title,url,missing");
  g_assert_true (g_file_get_contents (only, &contents, NULL, NULL));
  /* In the order asked for; a field the doc lacks is left out. */
  g_assert_true (g_str_has_prefix (contents, "{\"title\":"));
  back = read_docs (only, NULL, NULL);
  g_assert_cmpuint (back->len, ==, 2);
  for (guint i = 0; i < back->len; i++)
    {
      g_assert_cmpuint (rill_doc_get_n_fields (back->pdata[i]), ==, 2);
      g_assert_cmpstr (rill_doc_get_string (back->pdata[i], "url"), ==,
                       rill_doc_get_string (docs->pdata[i], "url"));
    }
  g_clear_pointer (&back, g_ptr_array_unref);

  write_docs (without, docs, "fields=-body,-meta");
  back = read_docs (without, NULL, NULL);
  g_assert_cmpuint (back->len, ==, 2);
  for (guint i = 0; i < back->len; i++)
    {
      RillDoc *doc = back->pdata[i];

      g_assert_false (rill_doc_has_field (doc, RILL_FIELD_BODY));
      g_assert_false (rill_doc_has_field (doc, "meta"));
      g_assert_cmpuint (rill_doc_get_n_fields (doc), ==,
                        rill_doc_get_n_fields (docs->pdata[i]) - 2);
    }
  /* The docs themselves were not changed by the sink. */
  g_assert_true (rill_doc_has_field (docs->pdata[0], RILL_FIELD_BODY));
  rm_rf (dir);
}

static void
check_append (const char *name)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GPtrArray) docs = full_docs (3);
  g_autoptr(GPtrArray) back = NULL;
  gint64 failed = -1;

  /* Appending to a file that does not exist yet creates it. */
  write_docs (path, docs, "append=true");
  write_docs (path, docs, "append=true");
  back = read_docs (path, NULL, &failed);
  g_assert_cmpint (failed, ==, 0);
  g_assert_cmpuint (back->len, ==, 6);
  g_assert_true (rill_doc_equal (back->pdata[3], docs->pdata[0]));
  g_clear_pointer (&back, g_ptr_array_unref);

  /* Without append the file is replaced. */
  write_docs (path, docs, NULL);
  back = read_docs (path, NULL, &failed);
  g_assert_cmpuint (back->len, ==, 3);
  rm_rf (dir);
}

static void
test_append (void)
{
  check_append ("out.jsonl");
}

static void
test_append_gzip (void)
{
  check_append ("out.jsonl.gz");
}

static void
test_glob_and_shards (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *a = g_build_filename (dir, "a.jsonl", NULL);
  g_autofree char *b = g_build_filename (dir, "b.jsonl.gz", NULL);
  g_autofree char *leftover = g_build_filename (dir, "c.jsonl.partial", NULL);
  g_autofree char *pattern = g_build_filename (dir, "*.jsonl*", NULL);
  g_autoptr(GPtrArray) docs = full_docs (7);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint total = 0;

  write_docs (a, docs, NULL);
  write_docs (b, docs, NULL);
  /* Unfinished output of a killed sink is never read by a glob. */
  g_assert_true (g_file_set_contents (leftover, "{\"url\":\"torn", -1, NULL));

  all = read_docs (pattern, NULL, NULL);
  g_assert_cmpuint (all->len, ==, 14);

  for (guint shard = 0; shard < 3; shard++)
    {
      g_autofree char *extra = g_strdup_printf ("shard-index=%u shard-count=3", shard);
      g_autoptr(GPtrArray) part = read_docs (pattern, extra, NULL);

      g_assert_cmpuint (part->len, >=, 4);
      g_assert_cmpuint (part->len, <=, 5);
      for (guint i = 0; i < part->len; i++)
        {
          g_autofree char *id = g_strdup_printf ("%u:%s", shard,
                                                 rill_doc_get_string (part->pdata[i], "url"));
          g_hash_table_add (seen, g_steal_pointer (&id));
        }
      total += part->len;
    }
  /* Disjoint shards that cover the input. */
  g_assert_cmpuint (total, ==, 14);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 14);
  rm_rf (dir);
}

static void
test_no_match (void)
{
  g_autoptr(RillPipeline) pipeline =
    rill_test_parse ("jsonl-src location=/nonexistent-rill/*.jsonl ! app-sink name=out");
  g_autoptr(GError) error = NULL;

  g_assert_false (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "/nonexistent-rill/*.jsonl"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/round-trip/plain", test_round_trip);
  g_test_add_func ("/json/round-trip/gzip", test_round_trip_gzip);
  g_test_add_func ("/json/gzip/output", test_gzip_output);
  g_test_add_func ("/json/gzip/input-members", test_gzip_input);
  g_test_add_func ("/json/gzip/truncated", test_gzip_truncated);
  g_test_add_func ("/json/src/malformed-lines", test_malformed_lines);
  g_test_add_func ("/json/src/glob-and-shards", test_glob_and_shards);
  g_test_add_func ("/json/src/no-match", test_no_match);
  g_test_add_func ("/json/sink/fields", test_fields);
  g_test_add_func ("/json/sink/append", test_append);
  g_test_add_func ("/json/sink/append-gzip", test_append_gzip);

  return g_test_run ();
}
