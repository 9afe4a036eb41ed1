/* test-warc.c: warc-src on hand-made edge cases and wget's files;
 * warc-sink round trip and an independent reader of its output
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <rill.h>
#include <rill-test-utils.h>

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#define PYTHON "/usr/bin/python3"

static char *tmpdir;

static void
run_python (const char *script,
            const char *arg1,
            const char *arg2,
            const char *arg3,
            char      **out)
{
  g_autofree char *path = g_build_filename (WARC_TEST_SRCDIR, script, NULL);
  const char *argv[] = { PYTHON, path, arg1, arg2, arg3, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, NULL, &status, &error);
  g_assert_no_error (error);
  if (out != NULL && !g_spawn_check_wait_status (status, NULL))
    g_test_message ("%s said: %s", script, *out);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* The fixtures, made once per run. */
static const char *
fixture (gboolean gzip)
{
  static char *gz, *plain;

  if (gz == NULL)
    {
      gz = g_build_filename (tmpdir, "fixture.warc.gz", NULL);
      plain = g_build_filename (tmpdir, "fixture.warc", NULL);
      run_python ("make-fixture.py", gz, plain, NULL, NULL);
    }
  return gzip ? gz : plain;
}

static GPtrArray *warnings;

static void
on_message (RillBus     *bus,
            RillMessage *message,
            gpointer     data)
{
  const GError *error = rill_message_get_error (message);

  if (rill_message_get_message_type (message) == RILL_MESSAGE_WARNING && error != NULL)
    g_ptr_array_add (warnings, g_strdup (error->message));
}

/* Runs "warc-src location=PATH EXTRA ! app-sink name=out"; returns the
 * docs; *failed gets the source's failed count. */
static GPtrArray *
read_warc (const char *path,
           const char *extra,
           gint64     *failed)
{
  g_autofree char *line = g_strdup_printf ("warc-src name=src location=\"%s\" %s ! app-sink name=out",
                                           path, extra != NULL ? extra : "");
  g_autoptr(RillPipeline) pipeline = rill_test_parse (line);
  g_autoptr(GError) error = NULL;
  GPtrArray *docs;

  g_clear_pointer (&warnings, g_ptr_array_unref);
  warnings = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (rill_pipeline_get_bus (pipeline), "message", G_CALLBACK (on_message), NULL);
  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_no_error (error);
  docs = rill_test_pull_all (pipeline, "out");
  if (failed != NULL)
    *failed = rill_test_stat (pipeline, "src", "failed");
  return docs;
}

static RillDoc *
find_url (GPtrArray  *docs,
          const char *url)
{
  for (guint i = 0; i < docs->len; i++)
    if (g_strcmp0 (rill_doc_get_string (docs->pdata[i], RILL_FIELD_URL), url) == 0)
      return docs->pdata[i];
  return NULL;
}

static void
assert_body (RillDoc    *doc,
             const char *expected)
{
  GBytes *body;
  gsize n = 0;
  const char *data;

  g_assert_nonnull (doc);
  body = rill_doc_get_bytes (doc, RILL_FIELD_BODY);
  g_assert_nonnull (body);
  data = g_bytes_get_data (body, &n);
  g_assert_cmpmem (data, n, expected, strlen (expected));
}

static gboolean
warnings_have (const char *a,
               const char *b)
{
  for (guint i = 0; i < warnings->len; i++)
    if (strstr (warnings->pdata[i], a) != NULL && (b == NULL || strstr (warnings->pdata[i], b) != NULL))
      return TRUE;
  return FALSE;
}

static void
check_fixture_docs (GPtrArray  *docs,
                    const char *name,
                    gboolean    gzip)
{
  RillDoc *doc;

  /* response (1.0), chunked, png, resource, gzip'd, after; not the
   * warcinfo, request, revisit, corrupt or truncated records */
  g_assert_cmpuint (docs->len, ==, 6);
  g_assert_cmpstr (rill_doc_get_string (docs->pdata[0], RILL_FIELD_URL), ==, "http://a.test/one");

  doc = find_url (docs, "http://a.test/one");
  assert_body (doc, "<html><body>one</body></html>");
  g_assert_cmpint (rill_doc_get_int (doc, RILL_FIELD_STATUS, -1), ==, 200);
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_CONTENT_TYPE), ==, "text/html");
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_FETCHED_AT), ==, "2024-05-01T10:00:00Z");
  g_assert_cmpstr (rill_doc_get_string (doc, "warc-record-id"), ==,
                   "<urn:uuid:00000000-0000-0000-0000-000000000001>");
  g_assert_cmpstr (rill_doc_get_strv (doc, "headers")[1], ==, "Server: x");

  /* <> stripped, chunks joined, charset parsed */
  doc = find_url (docs, "http://a.test/chunked");
  assert_body (doc, "caf\xe9 chunked body");
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_CHARSET), ==, "iso-8859-1");

  /* no HTTP headers: the record's own Content-Type, no status */
  doc = find_url (docs, "http://a.test/res.txt");
  assert_body (doc, "just a resource\n");
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_CONTENT_TYPE), ==, "text/plain");
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_CHARSET), ==, "utf-8");
  g_assert_false (rill_doc_has_field (doc, RILL_FIELD_STATUS));

  /* Content-Encoding: gzip decoded */
  doc = find_url (docs, "http://a.test/gz");
  assert_body (doc, "<p>gzipped page</p>");
  g_assert_cmpint (rill_doc_get_int (doc, RILL_FIELD_STATUS, -1), ==, 404);
  g_assert_false (rill_doc_has_field (doc, "content-encoding"));

  /* the record after the broken one is read */
  assert_body (find_url (docs, "http://a.test/after"), "<p>after</p>");
  g_assert_null (find_url (docs, "http://a.test/truncated"));
  g_assert_null (find_url (docs, "http://a.test/corrupt"));

  /* both failures name the file and the offset */
  g_assert_true (warnings_have (name, "offset"));
  g_assert_true (warnings_have ("truncated: Content-Length", NULL));
  g_assert_true (warnings_have (gzip ? "broken gzip member" : "expected a WARC/1.0 or WARC/1.1 line", NULL));
}

static void
test_fixture_gzip (void)
{
  gint64 failed = 0;
  g_autoptr(GPtrArray) docs = read_warc (fixture (TRUE), NULL, &failed);

  check_fixture_docs (docs, "fixture.warc.gz", TRUE);
  g_assert_cmpint (failed, ==, 2);
}

static void
test_fixture_plain (void)
{
  gint64 failed = 0;
  g_autoptr(GPtrArray) docs = read_warc (fixture (FALSE), NULL, &failed);

  check_fixture_docs (docs, "fixture.warc", FALSE);
  g_assert_cmpint (failed, ==, 2);
}

/* One gzip stream for the whole file (gzip -c file.warc). */
static void
test_whole_file_gzip (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "whole.warc.gz", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GByteArray) gz = g_byte_array_new ();
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GError) error = NULL;
  guint8 buf[65536];
  gsize in_read = 0, out_written = 0;
  gint64 failed = 0;

  g_assert_true (g_file_get_contents (fixture (FALSE), &contents, &length, NULL));
  g_assert_cmpint (g_converter_convert (G_CONVERTER (compressor), contents, length, buf, sizeof buf,
                                        G_CONVERTER_INPUT_AT_END, &in_read, &out_written, &error),
                   ==, G_CONVERTER_FINISHED);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, (const char *) buf, out_written, NULL));

  docs = read_warc (path, NULL, &failed);
  check_fixture_docs (docs, "whole.warc.gz", FALSE);
  g_assert_cmpint (failed, ==, 2);
}

static void
test_content_length_past_member (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "cl.warc.gz", NULL);
  g_autoptr(GPtrArray) docs = NULL;
  gint64 failed = 0;

  run_python ("make-fixture.py", fixture (TRUE), fixture (FALSE), path, NULL);
  docs = read_warc (path, NULL, &failed);
  g_assert_cmpuint (docs->len, ==, 2);
  assert_body (find_url (docs, "http://x.test/1"), "one");
  assert_body (find_url (docs, "http://x.test/3"), "three");
  g_assert_cmpint (failed, ==, 1);
  g_assert_true (warnings_have ("gzip member ends", "offset"));
}

static void
test_mime_types (void)
{
  g_autoptr(GPtrArray) docs = read_warc (fixture (TRUE), "mime-types=text/html", NULL);

  g_assert_cmpuint (docs->len, ==, 4);
  g_assert_null (find_url (docs, "http://a.test/img.png"));
  g_assert_null (find_url (docs, "http://a.test/res.txt"));
  g_clear_pointer (&docs, g_ptr_array_unref);

  docs = read_warc (fixture (TRUE), "mime-types=text/*", NULL);
  g_assert_cmpuint (docs->len, ==, 5);
  g_assert_nonnull (find_url (docs, "http://a.test/res.txt"));
}

static void
test_record_types (void)
{
  g_autoptr(GPtrArray) docs = read_warc (fixture (FALSE), "record-types=request,revisit", NULL);

  g_assert_cmpuint (docs->len, ==, 2);
  g_assert_cmpstr (rill_doc_get_string (docs->pdata[0], "warc-type"), ==, "request");
  g_assert_cmpstr (rill_doc_get_string (docs->pdata[1], "warc-type"), ==, "revisit");
}

static void
test_max_size (void)
{
  gint64 failed = 0;
  g_autoptr(GPtrArray) docs = read_warc (fixture (TRUE), "max-size=40", &failed);

  /* only the resource (16 bytes) fits; the responses are reported */
  g_assert_cmpuint (docs->len, ==, 1);
  g_assert_nonnull (find_url (docs, "http://a.test/res.txt"));
  g_assert_true (warnings_have ("larger than max-size", "http://a.test/one") ||
                 warnings_have ("larger than max-size", NULL));
  g_assert_cmpint (failed, >=, 6);
}

static void
test_shards (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint total = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *extra = g_strdup_printf ("shard-count=3 shard-index=%u", i);
      g_autoptr(GPtrArray) docs = read_warc (fixture (TRUE), extra, NULL);

      for (guint j = 0; j < docs->len; j++)
        g_assert_true (g_hash_table_add (seen, g_strdup (rill_doc_get_string (docs->pdata[j], RILL_FIELD_URL))));
      total += docs->len;
      g_assert_cmpuint (docs->len, <, 6);
    }
  g_assert_cmpuint (total, ==, 6);
}

/* ---- wget ---- */

static int
free_port (void)
{
  g_autoptr(GSocket) s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (s, addr, TRUE, NULL));
  bound = g_socket_get_local_address (s, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Whether our server answers on @port with page A (not merely whether
 * something listens there: another test's server may have the port). */
static gboolean
serves_page_a (int port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  static const char request[] = "GET /a.html HTTP/1.0\r\n\r\n";
  char reply[4096];
  gsize got = 0;

  conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  if (conn == NULL ||
      !g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)),
                                  request, sizeof request - 1, NULL, NULL, NULL) ||
      !g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (conn)),
                                reply, sizeof reply - 1, &got, NULL, NULL))
    return FALSE;
  reply[got] = '\0';
  return strstr (reply, "page A") != NULL;
}

static void
test_wget (void)
{
  g_autofree char *site = g_build_filename (tmpdir, "site", NULL);
  g_autofree char *dl = g_build_filename (tmpdir, "dl", NULL);
  g_autofree char *warc = g_build_filename (tmpdir, "crawl", NULL);
  g_autofree char *warc_gz = g_build_filename (tmpdir, "crawl.warc.gz", NULL);
  g_autofree char *big = g_strnfill (100000, 'z');
  g_autofree char *port_s = NULL;
  g_autofree char *warc_arg = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *u1 = NULL, *u2 = NULL, *u3 = NULL;
  GPid server = 0;
  int port = 0, status = 0;
  RillDoc *doc;

  if (!g_file_test ("/usr/bin/wget", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("/usr/bin/wget is absent");
      return;
    }

  g_mkdir_with_parents (site, 0755);
  {
    g_autofree char *a = g_build_filename (site, "a.html", NULL);
    g_autofree char *b = g_build_filename (site, "b.txt", NULL);

    g_assert_true (g_file_set_contents (a, "<html><body>page A</body></html>", -1, NULL));
    g_assert_true (g_file_set_contents (b, big, -1, NULL));
  }

  /* Another test may take the free port before Python binds it: then our
   * server exits at once, and the next port is tried. */
  for (int attempt = 0; attempt < 5 && server == 0; attempt++)
    {
      const char *argv[] = { PYTHON, "-m", "http.server", "--bind", "127.0.0.1", NULL,
                             "--directory", site, NULL };
      gboolean up = FALSE;

      port = free_port ();
      g_free (port_s);
      port_s = g_strdup_printf ("%d", port);
      argv[5] = port_s;
      g_spawn_async (NULL, (char **) argv, NULL,
                     G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &server, &error);
      g_assert_no_error (error);
      /* bounded wait: 200 tries, 50 ms apart (Python starts slowly on a
       * loaded machine), while our server is still alive */
      for (int i = 0; i < 200 && !up; i++)
        {
          if (waitpid (server, NULL, WNOHANG) == server)
            {
              g_spawn_close_pid (server);
              server = 0;
              break;
            }
          up = serves_page_a (port);
          if (!up)
            g_usleep (50 * 1000);
        }
    }
  g_assert_cmpint (server, !=, 0);

  u1 = g_strdup_printf ("http://127.0.0.1:%d/a.html", port);
  u2 = g_strdup_printf ("http://127.0.0.1:%d/b.txt", port);
  u3 = g_strdup_printf ("http://127.0.0.1:%d/missing.html", port);
  warc_arg = g_strdup_printf ("--warc-file=%s", warc);
  {
    const char *argv[] = { "/usr/bin/wget", "-q", "--tries=3", "--retry-connrefused", "--timeout=10", "-P", dl,
                           warc_arg, u1, u2, u3, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
  }
  kill (server, SIGTERM);
  waitpid (server, NULL, 0);
  g_spawn_close_pid (server);
  g_assert_no_error (error);
  g_assert_true (g_file_test (warc_gz, G_FILE_TEST_EXISTS));

  docs = read_warc (warc_gz, "record-types=response", NULL);
  g_assert_cmpuint (docs->len, ==, 3);
  doc = find_url (docs, u1);
  assert_body (doc, "<html><body>page A</body></html>");
  g_assert_cmpint (rill_doc_get_int (doc, RILL_FIELD_STATUS, -1), ==, 200);
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_CONTENT_TYPE), ==, "text/html");
  doc = find_url (docs, u2);
  assert_body (doc, big);
  g_assert_cmpint (rill_doc_get_int (doc, RILL_FIELD_STATUS, -1), ==, 200);
  doc = find_url (docs, u3);
  g_assert_nonnull (doc);
  g_assert_cmpint (rill_doc_get_int (doc, RILL_FIELD_STATUS, -1), ==, 404);
  g_clear_pointer (&docs, g_ptr_array_unref);

  /* default types: wget's log and arguments are resource records too */
  docs = read_warc (warc_gz, "mime-types=text/html", NULL);
  g_assert_nonnull (find_url (docs, u1));
  g_assert_null (find_url (docs, u2));
}

/* ---- warc-sink ---- */

static void
test_round_trip (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "out.warc.gz", NULL);
  g_autofree char *line = g_strdup_printf ("app-src name=in ! warc-sink location=\"%s\"", path);
  g_autoptr(RillPipeline) pipeline = rill_test_parse (line);
  RillElement *in = rill_pipeline_get_by_name (pipeline, "in");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *report = NULL;
  static const char *bodies[] = {
    "<html><body>first</body></html>",
    "second \xc3\xa9\r\n\r\nWARC/1.1\r\nnot a record\r\n",
    "",
  };
  const char *hdrs[] = { "Content-Type: text/html; charset=utf-8", "Transfer-Encoding: chunked",
                         "Content-Encoding: gzip", "Server: test", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(RillDoc) doc = rill_doc_new ();
      g_autofree char *url = g_strdup_printf ("https://example.org/p/%u?q=%u", i, i);
      g_autoptr(GBytes) body = g_bytes_new_static (bodies[i], strlen (bodies[i]));

      rill_doc_set_string (doc, RILL_FIELD_URL, url);
      rill_doc_set_int (doc, RILL_FIELD_STATUS, i == 2 ? 404 : 200);
      rill_doc_set_string (doc, RILL_FIELD_CONTENT_TYPE, "text/html");
      rill_doc_set_string (doc, RILL_FIELD_FETCHED_AT, "2024-06-01T12:30:00+02:00");
      rill_doc_set_strv (doc, "headers", hdrs);
      rill_doc_set_bytes (doc, RILL_FIELD_BODY, body);
      g_assert_true (rill_app_src_push_doc (RILL_APP_SRC (in), doc));
    }
  {
    /* no status: a resource record */
    g_autoptr(RillDoc) doc = rill_doc_new ();
    g_autoptr(GBytes) body = g_bytes_new_static ("plain text", 10);

    rill_doc_set_string (doc, RILL_FIELD_URL, "file:///tmp/x.txt");
    rill_doc_set_string (doc, RILL_FIELD_CONTENT_TYPE, "text/plain");
    rill_doc_set_bytes (doc, RILL_FIELD_BODY, body);
    g_assert_true (rill_app_src_push_doc (RILL_APP_SRC (in), doc));
  }
  {
    /* no body: fails, and writes nothing */
    g_autoptr(RillDoc) doc = rill_doc_new ();

    rill_doc_set_string (doc, RILL_FIELD_URL, "https://example.org/nobody");
    g_assert_true (rill_app_src_push_doc (RILL_APP_SRC (in), doc));
  }
  rill_app_src_end_of_stream (RILL_APP_SRC (in));
  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rill_test_stat (pipeline, "warc-sink0", "failed"), ==, 1);

  /* an independent reader: every member is a whole WARC/1.1 record */
  run_python ("check-members.py", path, NULL, NULL, &report);
  g_assert_nonnull (strstr (report, "members 8 types warcinfo,request,response,request,response,"
                                    "request,response,resource"));

  docs = read_warc (path, NULL, NULL);
  g_assert_cmpuint (docs->len, ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *url = g_strdup_printf ("https://example.org/p/%u?q=%u", i, i);
      RillDoc *doc = find_url (docs, url);
      const char * const *got;

      assert_body (doc, bodies[i]);
      g_assert_cmpint (rill_doc_get_int (doc, RILL_FIELD_STATUS, -1), ==, i == 2 ? 404 : 200);
      g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_FETCHED_AT), ==, "2024-06-01T10:30:00Z");
      g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_CHARSET), ==, "utf-8");
      got = rill_doc_get_strv (doc, "headers");
      g_assert_true (g_strv_contains (got, "X-Crawler-Transfer-Encoding: chunked"));
      g_assert_true (g_strv_contains (got, "X-Crawler-Content-Encoding: gzip"));
      g_assert_true (g_strv_contains (got, "Server: test"));
    }
  assert_body (find_url (docs, "file:///tmp/x.txt"), "plain text");
}

static void
test_sink_plain (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "plain-out.warc", NULL);
  g_autofree char *line = g_strdup_printf ("app-src name=in ! warc-sink gzip=false location=\"%s\"", path);
  g_autoptr(RillPipeline) pipeline = rill_test_parse (line);
  RillElement *in = rill_pipeline_get_by_name (pipeline, "in");
  g_autoptr(RillDoc) doc = rill_doc_new ();
  g_autoptr(GBytes) body = g_bytes_new_static ("abc", 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *contents = NULL;

  rill_doc_set_string (doc, RILL_FIELD_URL, "http://x.test/");
  rill_doc_set_int (doc, RILL_FIELD_STATUS, 200);
  rill_doc_set_bytes (doc, RILL_FIELD_BODY, body);
  g_assert_true (rill_app_src_push_doc (RILL_APP_SRC (in), doc));
  rill_app_src_end_of_stream (RILL_APP_SRC (in));
  g_assert_true (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "WARC/1.1\r\nWARC-Type: warcinfo\r\n"));
  /* sha1("abc") in base32 */
  g_assert_nonnull (strstr (contents, "WARC-Payload-Digest: sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5\r\n"));
  docs = read_warc (path, NULL, NULL);
  g_assert_cmpuint (docs->len, ==, 1);
  assert_body (docs->pdata[0], "abc");
}

static void
test_missing_file (void)
{
  g_autoptr(RillPipeline) pipeline = rill_test_parse ("warc-src location=/nonexistent/x.warc.gz ! fake-sink");
  g_autoptr(GError) error = NULL;

  g_assert_false (rill_pipeline_run (pipeline, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "/nonexistent/x.warc.gz"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("rill-warc-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/warc/src/fixture-gzip", test_fixture_gzip);
  g_test_add_func ("/warc/src/fixture-plain", test_fixture_plain);
  g_test_add_func ("/warc/src/whole-file-gzip", test_whole_file_gzip);
  g_test_add_func ("/warc/src/content-length-past-member", test_content_length_past_member);
  g_test_add_func ("/warc/src/mime-types", test_mime_types);
  g_test_add_func ("/warc/src/record-types", test_record_types);
  g_test_add_func ("/warc/src/max-size", test_max_size);
  g_test_add_func ("/warc/src/shards", test_shards);
  g_test_add_func ("/warc/src/missing-file", test_missing_file);
  g_test_add_func ("/warc/src/wget", test_wget);
  g_test_add_func ("/warc/sink/round-trip", test_round_trip);
  g_test_add_func ("/warc/sink/plain", test_sink_plain);

  ret = g_test_run ();

  {
    const char *argv_rm[] = { "/bin/rm", "-rf", tmpdir, NULL };

    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  return ret;
}
