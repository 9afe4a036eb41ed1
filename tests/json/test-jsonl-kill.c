/* test-jsonl-kill.c: a rill-launch writing jsonl-sink output is killed
 * with SIGKILL mid-run; every file a reader would read still parses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-test-utils.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>

/* Bounds of the feeding loop: it stops as soon as the sink has written
 * part of its output, and never goes beyond these. */
#define MAX_LINES 200000
#define MAX_SECONDS 30

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("rill-json-kill-XXXXXX", &error);

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

static const char *
rill_launch_path (void)
{
  static char *path;

  if (path == NULL)
    {
      const char *root = g_getenv ("RILL_BUILD_ROOT");

      g_assert_nonnull (root);
      path = g_build_filename (root, "tools", "rill-launch", NULL);
    }
  return path;
}

/* rill-launch -q jsonl-src location=- ! jsonl-sink location=@out @extra */
static GSubprocess *
spawn_writer (const char *out,
              const char *extra)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *location = g_strdup_printf ("location=%s", out);
  const char *argv[] = {
    rill_launch_path (), "-q", "jsonl-src", "location=-", "!", "jsonl-sink",
    location, extra, NULL
  };
  GSubprocess *proc = g_subprocess_newv (argv,
                                         G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                         G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                                         &error);

  g_assert_no_error (error);
  return proc;
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : -1;
}

/* Feeds docs into the writer's stdin until @partial is larger than
 * @min_size (the sink is mid-write), within the loop bounds. Returns the
 * count. */
static guint
feed_until_written (GSubprocess *proc,
                    const char  *partial,
                    goffset      min_size)
{
  GOutputStream *in = g_subprocess_get_stdin_pipe (proc);
  gint64 deadline = g_get_monotonic_time () + MAX_SECONDS * G_USEC_PER_SEC;
  GRand *rand = g_rand_new_with_seed (42);
  guint n;

  for (n = 0; n < MAX_LINES && g_get_monotonic_time () < deadline; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = NULL;

      if (n % 100 == 0 && file_size (partial) > min_size)
        break;

      line = g_strdup_printf ("{\"url\":\"https://example.org/%u\",\"text\":\"%08x %08x %08x "
                              "Ташкент текст\",\"n\":%u}\n",
                              n, g_rand_int (rand), g_rand_int (rand), g_rand_int (rand), n);
      g_output_stream_write_all (in, line, strlen (line), NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_rand_free (rand);
  return n;
}

/* Every line of @text parses as a doc; returns how many. */
static guint
check_lines (const char *text,
             gsize       length)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *copy = g_strndup (text, length);
  guint n = 0;

  /* A reader takes a last line without newline for a record too. */
  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RillDoc) doc = NULL;

      if (lines[i][0] == '\0')
        {
          g_assert_null (lines[i + 1]);   /* only after the final newline */
          continue;
        }
      doc = rill_doc_new_from_json (lines[i], -1, &error);
      g_assert_no_error (error);
      n++;
    }
  return n;
}

static GBytes *
gunzip_file (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) in = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  g_autoptr(GZlibDecompressor) z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) conv = NULL;
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();

  g_assert_no_error (error);
  conv = g_converter_input_stream_new (in, G_CONVERTER (z));
  /* A torn gzip stream fails here. */
  g_output_stream_splice (mem, conv, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

/* Lines a reader of @path sees, checking that each parses. */
static guint
check_file (const char *path)
{
  if (g_str_has_suffix (path, ".gz"))
    {
      g_autoptr(GBytes) raw = gunzip_file (path);

      return check_lines (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw));
    }
  else
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      return check_lines (contents, length);
    }
}

/* Also through jsonl-src over the whole directory: no failed line. */
static guint
read_dir_with_jsonl_src (const char *dir)
{
  g_autofree char *line = g_strdup_printf ("jsonl-src name=src location=\"%s/*\" ! app-sink name=out",
                                           dir);
  g_autoptr(RillPipeline) pipeline = rill_test_parse (line);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;

  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rill_test_stat (pipeline, "src", "failed"), ==, 0);
  docs = rill_test_pull_all (pipeline, "out");
  return docs->len;
}

/* A finished run, then a run killed mid-write over the same file. */
static void
check_kill (const char *name,
            const char *extra)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *out = g_build_filename (dir, name, NULL);
  g_autofree char *partial = g_strconcat (out, ".partial", NULL);
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GError) error = NULL;
  guint fed, before;
  goffset old_size;

  if (!g_file_test (rill_launch_path (), G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("rill-launch is not built");
      return;
    }

  /* 1. A run that ends normally (stdin closed) leaves a whole file. */
  first = spawn_writer (out, extra);
  fed = feed_until_written (first, partial, 0);
  g_output_stream_close (g_subprocess_get_stdin_pipe (first), NULL, NULL);
  g_subprocess_wait_check (first, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  before = check_file (out);
  g_assert_cmpuint (before, ==, fed);

  /* 2. A run killed while it writes: the file readers read is the one
   *    of the finished run, whole; the unfinished one is apart. */
  old_size = file_size (out);
  second = spawn_writer (out, extra);
  fed = feed_until_written (second, partial, old_size);
  g_assert_cmpint (file_size (partial), >, old_size);   /* killed mid-write */
  g_subprocess_force_exit (second);              /* SIGKILL */
  g_subprocess_wait (second, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (second));
  g_assert_cmpint (g_subprocess_get_term_sig (second), ==, SIGKILL);
  g_test_message ("killed after feeding %u docs, %" G_GOFFSET_FORMAT " bytes in %s",
                  fed, file_size (partial), partial);

  g_assert_cmpuint (check_file (out), ==, before);
  g_assert_cmpuint (read_dir_with_jsonl_src (dir), ==, before);
  rm_rf (dir);
}

static void
test_kill_plain (void)
{
  check_kill ("out.jsonl", NULL);
}

static void
test_kill_gzip (void)
{
  check_kill ("out.jsonl.gz", NULL);
}

static void
test_kill_append (void)
{
  check_kill ("out.jsonl", "append=true");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/kill/plain", test_kill_plain);
  g_test_add_func ("/json/kill/gzip", test_kill_gzip);
  g_test_add_func ("/json/kill/append", test_kill_append);

  return g_test_run ();
}
