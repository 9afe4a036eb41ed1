/* test-http-fetch.c: http-fetch and http-src against an in-process server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The server is a SoupServer on 127.0.0.1 and an ephemeral port, running
 * on a thread and main context of its own; it records every hit (path,
 * arrival time, request headers) and how many requests were in flight.
 *
 * `--io-threads=N` (N > 0) runs every test with `http-fetch io-threads=N`
 * (meson runs the program with 1, 2 and 4); without it, the element's
 * default. `--client=libsoup` runs them with `client=libsoup` (the
 * default client for http:// is Rill's own HTTP/1.1 client).
 */
#include <rill.h>
#include <rill-test-utils.h>

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <zlib.h>
#ifdef HAVE_BROTLIENC
#include <brotli/encode.h>
#endif

static guint io_threads;
static const char *client;

/* @line with `io-threads=N` and `client=NAME` after `http-fetch
 * name=fetch`, as the arguments asked. */
static char *
with_lanes (const char *line)
{
  const char *at = strstr (line, "http-fetch name=fetch");
  g_autofree char *lanes = NULL;
  g_autofree char *client_prop = NULL;

  g_assert_nonnull (at);
  at += strlen ("http-fetch name=fetch");
  lanes = io_threads > 0 ? g_strdup_printf (" io-threads=%u", io_threads) : g_strdup ("");
  client_prop = client != NULL ? g_strdup_printf (" client=%s", client) : g_strdup ("");
  return g_strdup_printf ("%.*s%s%s%s", (int) (at - line), line, lanes, client_prop, at);
}

/* ---- the server ------------------------------------------------------- */

typedef struct {
  char *path;
  gint64 at_us;
  char *if_none_match;
} Hit;

static struct {
  GMutex lock;
  GMainContext *context;
  guint port;
  GPtrArray *hits;             /* Hit */
  char *robots;                /* robots.txt body, NULL for 404 */
  guint in_flight;
  guint max_in_flight;
  GBytes *bomb;                /* gzip of many zeros */
  GBytes *brotli;              /* brotli of brotli_plain */
  GBytes *brotli_plain;
} server;

static void
hit_free (Hit *hit)
{
  g_free (hit->path);
  g_free (hit->if_none_match);
  g_free (hit);
}

static void
server_reset (const char *robots)
{
  g_mutex_lock (&server.lock);
  g_ptr_array_set_size (server.hits, 0);
  g_free (server.robots);
  server.robots = g_strdup (robots);
  server.in_flight = 0;
  server.max_in_flight = 0;
  g_mutex_unlock (&server.lock);
}

static guint
server_count (const char *path)
{
  guint n = 0;

  g_mutex_lock (&server.lock);
  for (guint i = 0; i < server.hits->len; i++)
    if (strcmp (((Hit *) server.hits->pdata[i])->path, path) == 0)
      n++;
  g_mutex_unlock (&server.lock);
  return n;
}

/* Arrival times (µs) of the hits on paths starting with @prefix. */
static GArray *
server_arrivals (const char *prefix)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_mutex_lock (&server.lock);
  for (guint i = 0; i < server.hits->len; i++)
    {
      Hit *hit = server.hits->pdata[i];

      if (g_str_has_prefix (hit->path, prefix))
        g_array_append_val (times, hit->at_us);
    }
  g_mutex_unlock (&server.lock);
  return times;
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *type,
         const void        *data,
         gsize              len)
{
  soup_server_message_set_status (msg, status, NULL);
  if (type != NULL)
    soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, data, len);
}

static gboolean
finish_held (gpointer data)
{
  SoupServerMessage *msg = data;
  const char *html = "<html><body>held</body></html>";

  g_mutex_lock (&server.lock);
  server.in_flight--;
  g_mutex_unlock (&server.lock);
  respond (msg, 200, "text/html", html, strlen (html));
  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

static gboolean
finish_slow (gpointer data)
{
  respond (data, 200, "text/plain", "late", 4);
  soup_server_message_unpause (data);
  return G_SOURCE_REMOVE;
}

static void
hold (SoupServerMessage *msg,
      guint              ms,
      GSourceFunc        func)
{
  GSource *source = g_timeout_source_new (ms);

  soup_server_message_pause (msg);
  g_source_set_callback (source, func, g_object_ref (msg), g_object_unref);
  g_source_attach (source, server.context);
  g_source_unref (source);
}

static void
handler (SoupServer        *soup_server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  Hit *hit = g_new0 (Hit, 1);
  guint hits_here;

  hit->path = g_strdup (path);
  hit->at_us = g_get_monotonic_time ();
  hit->if_none_match = g_strdup (soup_message_headers_get_one (req, "If-None-Match"));
  g_mutex_lock (&server.lock);
  g_ptr_array_add (server.hits, hit);
  hits_here = 0;
  for (guint i = 0; i < server.hits->len; i++)
    if (strcmp (((Hit *) server.hits->pdata[i])->path, path) == 0)
      hits_here++;
  g_mutex_unlock (&server.lock);

  if (strcmp (path, "/robots.txt") == 0)
    {
      g_autofree char *robots = NULL;

      g_mutex_lock (&server.lock);
      robots = g_strdup (server.robots);
      g_mutex_unlock (&server.lock);
      if (robots != NULL)
        respond (msg, 200, "text/plain", robots, strlen (robots));
      else
        respond (msg, 404, "text/plain", "no", 2);
    }
  else if (strcmp (path, "/redir/a") == 0 || strcmp (path, "/redir/b") == 0 ||
           strcmp (path, "/loop/a") == 0 || strcmp (path, "/loop/b") == 0)
    {
      const char *to = strcmp (path, "/redir/a") == 0 ? "/redir/b" :
                       strcmp (path, "/redir/b") == 0 ? "/page" :
                       strcmp (path, "/loop/a") == 0 ? "/loop/b" : "/loop/a";

      soup_message_headers_replace (resp, "Location", to);
      respond (msg, path[1] == 'r' ? 301 : 302, NULL, NULL, 0);
    }
  else if (strcmp (path, "/404") == 0)
    respond (msg, 404, "text/html", "gone", 4);
  else if (strcmp (path, "/410") == 0)
    respond (msg, 410, "text/html", "gone", 4);
  else if ((strcmp (path, "/429") == 0 || strcmp (path, "/503") == 0) && hits_here == 1)
    {
      soup_message_headers_replace (resp, "Retry-After", "1");
      respond (msg, path[1] == '4' ? 429 : 503, "text/plain", "later", 5);
    }
  else if (strcmp (path, "/reset") == 0)
    {
      GIOStream *stream = soup_server_message_steal_connection (msg);

      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
    }
  else if (strcmp (path, "/slow") == 0)
    hold (msg, 2500, finish_slow);
  else if (g_str_has_prefix (path, "/hold/"))
    {
      g_mutex_lock (&server.lock);
      server.in_flight++;
      server.max_in_flight = MAX (server.max_in_flight, server.in_flight);
      g_mutex_unlock (&server.lock);
      hold (msg, 100, finish_held);
    }
  else if (strcmp (path, "/big") == 0)
    {
      g_autofree char *big = g_strnfill (200 * 1024, 'x');

      respond (msg, 200, "text/plain", big, 200 * 1024);
    }
  else if (strcmp (path, "/bomb") == 0)
    {
      soup_message_headers_replace (resp, "Content-Encoding", "gzip");
      respond (msg, 200, "text/html", g_bytes_get_data (server.bomb, NULL),
               g_bytes_get_size (server.bomb));
    }
  else if (strcmp (path, "/br") == 0 && server.brotli != NULL)
    {
      const char *accept = soup_message_headers_get_one (req, "Accept-Encoding");

      if (accept != NULL && strstr (accept, "br") != NULL)
        {
          soup_message_headers_replace (resp, "Content-Encoding", "br");
          respond (msg, 200, "text/html", g_bytes_get_data (server.brotli, NULL),
                   g_bytes_get_size (server.brotli));
        }
      else
        respond (msg, 406, "text/plain", "no br", 5);
    }
  else if (strcmp (path, "/cp1251") == 0)
    {
      /* "Привет, мир" in windows-1251, declared only in a meta tag. */
      const char *page = "<html><head><meta charset=\"windows-1251\"><title>t</title></head>"
                         "<body>\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0</body></html>";

      respond (msg, 200, "text/html", page, strlen (page));
    }
  else if (strcmp (path, "/bom") == 0)
    {
      const char *page = "\xef\xbb\xbf<html><body>caf\xc3\xa9</body></html>";

      respond (msg, 200, "text/html", page, strlen (page));
    }
  else if (strcmp (path, "/etag") == 0)
    {
      const char *inm = soup_message_headers_get_one (req, "If-None-Match");

      soup_message_headers_replace (resp, "ETag", "\"v1\"");
      if (inm != NULL && strcmp (inm, "\"v1\"") == 0)
        respond (msg, 304, NULL, NULL, 0);
      else
        respond (msg, 200, "text/html", "<p>v1</p>", 9);
    }
  else if (g_str_has_prefix (path, "/echo/"))
    {
      /* The path, padded to a size that depends on it. */
      guint n = atoi (path + strlen ("/echo/"));
      GString *html = g_string_new ("<html><body><p>");

      g_string_append_printf (html, "echo %s</p>", path);
      for (guint i = 0; i < (n * 7919) % 150000; i++)
        g_string_append_c (html, 'a' + i % 26);
      g_string_append (html, "</body></html>");
      respond (msg, 200, "text/html", html->str, html->len);
      g_string_free (html, TRUE);
    }
  else
    {
      const char *html = "<html><head><title>ok</title></head><body>ok</body></html>";

      soup_message_headers_replace (resp, "X-Test", "yes");
      respond (msg, 200, "text/html; charset=utf-8", html, strlen (html));
    }
}

static gpointer
server_main (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  SoupServer *soup_server;
  GSList *uris;

  g_main_context_push_thread_default (server.context);
  loop = g_main_loop_new (server.context, FALSE);
  soup_server = soup_server_new (NULL, NULL);
  soup_server_add_handler (soup_server, NULL, handler, NULL, NULL);
  soup_server_listen_local (soup_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (soup_server);
  g_mutex_lock (&server.lock);
  server.port = g_uri_get_port (uris->data);
  g_mutex_unlock (&server.lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_main_loop_run (loop);        /* until the process exits */
  return NULL;
}

static GBytes *
make_bomb (gsize decoded)
{
  z_stream z = { 0, };
  g_autofree guint8 *zeros = g_malloc0 (1024 * 1024);
  GByteArray *out = g_byte_array_new ();
  guint8 buf[64 * 1024];
  gsize left = decoded;

  g_assert_cmpint (deflateInit2 (&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY), ==, Z_OK);
  do
    {
      gsize n = MIN (left, 1024 * 1024);

      left -= n;
      z.next_in = zeros;
      z.avail_in = n;
      do
        {
          z.next_out = buf;
          z.avail_out = sizeof buf;
          deflate (&z, left == 0 ? Z_FINISH : Z_NO_FLUSH);
          g_byte_array_append (out, buf, sizeof buf - z.avail_out);
        }
      while (z.avail_out == 0);
    }
  while (left > 0);
  deflateEnd (&z);
  return g_byte_array_free_to_bytes (out);
}

static void
server_start (void)
{
  GThread *thread;

  g_mutex_init (&server.lock);
  server.hits = g_ptr_array_new_with_free_func ((GDestroyNotify) hit_free);
  server.context = g_main_context_new ();
  server.bomb = make_bomb (64 * 1024 * 1024);
#ifdef HAVE_BROTLIENC
  {
    GString *plain = g_string_new ("<html><body>");
    size_t out_len;
    guint8 *out;

    for (guint i = 0; i < 2000; i++)
      g_string_append_printf (plain, "<p>brotli paragraph %u</p>\n", i);
    g_string_append (plain, "</body></html>");
    out_len = BrotliEncoderMaxCompressedSize (plain->len);
    out = g_malloc (out_len);
    g_assert_true (BrotliEncoderCompress (5, 22, BROTLI_MODE_TEXT, plain->len,
                                          (const guint8 *) plain->str, &out_len, out));
    server.brotli = g_bytes_new_take (out, out_len);
    server.brotli_plain = g_string_free_to_bytes (plain);
  }
#endif
  thread = g_thread_new ("test-server", server_main, NULL);
  g_thread_unref (thread);
  for (guint i = 0; i < 500; i++)
    {
      guint port;

      g_mutex_lock (&server.lock);
      port = server.port;
      g_mutex_unlock (&server.lock);
      if (port != 0)
        return;
      g_usleep (10000);
    }
  g_error ("the test server did not start");
}

/* ---- running pipelines ------------------------------------------------ */

static char *
url_for (const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", server.port, path);
}

/* Fetches @paths (NULL-terminated) with `http-fetch @props`. */
static void
run_fetch (RillTestRun *run,
           const char  *props,
           const char **paths)
{
  g_autofree char *plain = g_strdup_printf ("app-src name=in ! http-fetch name=fetch %s "
                                            "! app-sink name=out", props);
  g_autofree char *line = with_lanes (plain);
  g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (urls, url_for (paths[i]));
  g_ptr_array_add (urls, NULL);
  rill_test_run_urls (run, line, (const char * const *) urls->pdata);
}

static gint64
stat_of (RillTestRun *run,
         const char  *counter)
{
  return rill_test_stat (run->pipeline, "fetch", counter);
}

static gint64
filter_reason (RillTestRun *run,
               const char  *reason)
{
  g_autoptr(RillDoc) stats = rill_pipeline_get_stats (run->pipeline);
  RillDoc *reasons = rill_doc_get_doc (rill_doc_get_doc (stats, "fetch"), "filter-reasons");

  return reasons != NULL ? rill_doc_get_int (reasons, reason, 0) : 0;
}

/* ---- tests ------------------------------------------------------------ */

static void
test_basic (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { "/page", NULL };
  g_autofree char *url = url_for ("/page");
  RillDoc *doc, *headers;
  GBytes *body;

  server_reset (NULL);
  run_fetch (&run, "", paths);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.docs->len, ==, 1);
  doc = run.docs->pdata[0];
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_FINAL_URL), ==, url);
  g_assert_cmpint (rill_doc_get_int (doc, RILL_FIELD_STATUS, 0), ==, 200);
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_CONTENT_TYPE), ==, "text/html");
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_CHARSET), ==, "utf-8");
  body = rill_doc_get_bytes (doc, RILL_FIELD_BODY);
  g_assert_nonnull (body);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "<title>ok"));
  headers = rill_doc_get_doc (doc, "headers");
  g_assert_nonnull (headers);
  g_assert_cmpstr (rill_doc_get_string (headers, "x-test"), ==, "yes");
  g_assert_true (g_str_has_suffix (rill_doc_get_string (doc, RILL_FIELD_FETCHED_AT), "Z"));
  g_assert_false (rill_doc_has_field (doc, "redirects"));
  /* robots=true by default: robots.txt asked for once (a 404: all allowed). */
  g_assert_cmpuint (server_count ("/robots.txt"), ==, 1);
}

static void
test_redirects (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { "/redir/a", NULL };
  g_autofree char *a = url_for ("/redir/a");
  g_autofree char *b = url_for ("/redir/b");
  g_autofree char *page = url_for ("/page");
  const char * const *chain;
  RillDoc *doc;

  server_reset (NULL);
  run_fetch (&run, "robots=false", paths);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.docs->len, ==, 1);
  doc = run.docs->pdata[0];
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_URL), ==, a);
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_FINAL_URL), ==, page);
  chain = rill_doc_get_strv (doc, "redirects");
  g_assert_nonnull (chain);
  g_assert_cmpuint (g_strv_length ((char **) chain), ==, 2);
  g_assert_cmpstr (chain[0], ==, a);
  g_assert_cmpstr (chain[1], ==, b);
}

static void
test_redirect_loop (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { "/loop/a", NULL };

  server_reset (NULL);
  run_fetch (&run, "robots=false", paths);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.docs->len, ==, 0);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 1);
  g_assert_nonnull (strstr (run.errors, "redirect loop"));
  g_assert_cmpuint (server_count ("/loop/a"), ==, 1);
  g_assert_cmpuint (server_count ("/loop/b"), ==, 1);
}

static void
test_max_redirects (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { "/redir/a", NULL };

  server_reset (NULL);
  run_fetch (&run, "robots=false max-redirects=1", paths);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 1);
  g_assert_nonnull (strstr (run.errors, "more than 1 redirects"));
  g_assert_cmpuint (server_count ("/page"), ==, 0);
}

static void
test_not_found_no_retry (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { "/404", "/410", NULL };
  g_autofree char *u404 = url_for ("/404");

  server_reset (NULL);
  run_fetch (&run, "robots=false retries=3 backoff=0.01", paths);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.docs->len, ==, 0);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 2);
  g_assert_cmpuint (server_count ("/404"), ==, 1);
  g_assert_cmpuint (server_count ("/410"), ==, 1);
  /* The dead-letter file names the URL and the status. */
  g_assert_nonnull (strstr (run.errors, u404));
  g_assert_nonnull (strstr (run.errors, "HTTP 404"));
  g_assert_nonnull (strstr (run.errors, "HTTP 410"));
}

static void
test_keep_errors (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { "/404", NULL };

  server_reset (NULL);
  run_fetch (&run, "robots=false keep-errors=true", paths);
  g_assert_cmpuint (run.docs->len, ==, 1);
  g_assert_cmpint (rill_doc_get_int (run.docs->pdata[0], RILL_FIELD_STATUS, 0), ==, 404);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 0);
}

static void
check_retry_after (const char *path)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { path, NULL };
  g_autoptr(GArray) times = NULL;
  gint64 gap;

  server_reset (NULL);
  run_fetch (&run, "robots=false backoff=0.01", paths);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.docs->len, ==, 1);
  g_assert_cmpint (rill_doc_get_int (run.docs->pdata[0], RILL_FIELD_STATUS, 0), ==, 200);
  times = server_arrivals (path);
  g_assert_cmpuint (times->len, ==, 2);
  gap = g_array_index (times, gint64, 1) - g_array_index (times, gint64, 0);
  /* Retry-After: 1, not the 10 ms backoff. */
  g_assert_cmpint (gap, >=, 950 * 1000);
}

static void
test_retry_after_429 (void)
{
  check_retry_after ("/429");
}

static void
test_retry_after_503 (void)
{
  check_retry_after ("/503");
}

static void
test_connection_reset (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { "/reset", NULL };
  g_autofree char *url = url_for ("/reset");

  server_reset (NULL);
  run_fetch (&run, "robots=false retries=2 backoff=0.01", paths);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.docs->len, ==, 0);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 1);
  g_assert_cmpuint (server_count ("/reset"), ==, 3);
  g_assert_nonnull (strstr (run.errors, url));
}

static void
test_timeout (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { "/slow", NULL };

  server_reset (NULL);
  run_fetch (&run, "robots=false timeout=1 retries=0", paths);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.docs->len, ==, 0);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 1);
  g_assert_nonnull (strstr (run.errors, "timed out after 1 s"));
}

static void
test_max_size (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { "/big", "/page", NULL };

  server_reset (NULL);
  run_fetch (&run, "robots=false max-size=100000", paths);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.docs->len, ==, 1);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 1);
  g_assert_nonnull (strstr (run.errors, "max-size (100000 bytes"));
}

static void
test_gzip_bomb (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { "/bomb", NULL };

  /* 64 MB of zeros in about 64 KB of gzip: aborted near 1 MB. */
  g_assert_cmpuint (g_bytes_get_size (server.bomb), <, 200 * 1024);
  server_reset (NULL);
  run_fetch (&run, "robots=false max-size=1000000", paths);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.docs->len, ==, 0);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 1);
  g_assert_nonnull (strstr (run.errors, "max-size (1000000 bytes)"));
}

static void
test_brotli (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { "/br", NULL };
  GBytes *body;

  if (server.brotli == NULL)
    {
      g_test_skip ("built without libbrotlienc");
      return;
    }
  server_reset (NULL);
  run_fetch (&run, "robots=false", paths);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.docs->len, ==, 1);
  g_assert_cmpint (rill_doc_get_int (run.docs->pdata[0], RILL_FIELD_STATUS, 0), ==, 200);
  body = rill_doc_get_bytes (run.docs->pdata[0], RILL_FIELD_BODY);
  g_assert_true (g_bytes_equal (body, server.brotli_plain));
}

static void
test_charset_meta (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { "/cp1251", "/bom", NULL };

  server_reset (NULL);
  run_fetch (&run, "robots=false", paths);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.docs->len, ==, 2);
  g_assert_cmpstr (rill_doc_get_string (run.docs->pdata[0], RILL_FIELD_CHARSET), ==, "windows-1251");
  g_assert_cmpstr (rill_doc_get_string (run.docs->pdata[1], RILL_FIELD_CHARSET), ==, "utf-8");
}

static void
test_robots (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { "/private/1", "/crawl/1", "/crawl/2", "/crawl/3", "/private/2", NULL };
  g_autoptr(GArray) times = NULL;

  server_reset ("User-agent: otherbot\nDisallow: /\n\n"
                "User-agent: *\nDisallow: /private\nCrawl-delay: 0.5\n");
  run_fetch (&run, "per-host=4", paths);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.docs->len, ==, 3);
  g_assert_cmpint (stat_of (&run, "filtered"), ==, 2);
  g_assert_cmpint (filter_reason (&run, "disallowed by robots.txt"), ==, 2);
  g_assert_cmpuint (server_count ("/robots.txt"), ==, 1);
  g_assert_cmpuint (server_count ("/private/1") + server_count ("/private/2"), ==, 0);
  times = server_arrivals ("/crawl/");
  g_assert_cmpuint (times->len, ==, 3);
  for (guint i = 1; i < times->len; i++)
    g_assert_cmpint (g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 1),
                     >=, 450 * 1000);
}

static void
test_robots_our_agent (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { "/page", NULL };

  /* Our product token is "rill": its group wins over "*". */
  server_reset ("User-agent: *\nAllow: /\n\nUser-agent: Rill\nDisallow: /page\n");
  run_fetch (&run, "", paths);
  g_assert_cmpuint (run.docs->len, ==, 0);
  g_assert_cmpint (filter_reason (&run, "disallowed by robots.txt"), ==, 1);
  g_assert_cmpuint (server_count ("/page"), ==, 0);
}

static void
test_per_host (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { "/hold/1", "/hold/2", "/hold/3", "/hold/4", "/hold/5",
                          "/hold/6", "/hold/7", "/hold/8", NULL };
  guint max;

  server_reset (NULL);
  run_fetch (&run, "concurrency=8 per-host=2", paths);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.docs->len, ==, 8);
  g_mutex_lock (&server.lock);
  max = server.max_in_flight;
  g_mutex_unlock (&server.lock);
  g_assert_cmpuint (max, >=, 1);
  g_assert_cmpuint (max, <=, 2);
}

static void
test_delay (void)
{
  g_auto(RillTestRun) run = { 0, };
  const char *paths[] = { "/d/1", "/d/2", "/d/3", NULL };
  g_autoptr(GArray) times = NULL;

  server_reset (NULL);
  run_fetch (&run, "robots=false per-host=3 delay=0.3", paths);
  g_assert_cmpuint (run.docs->len, ==, 3);
  times = server_arrivals ("/d/");
  g_assert_cmpuint (times->len, ==, 3);
  /* Arrivals are stamped by the server's thread: a loaded machine (or
   * ASan) delays one stamp more than the next by some tens of ms. */
  for (guint i = 1; i < times->len; i++)
    g_assert_cmpint (g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 1),
                     >=, 250 * 1000);
}

static void
test_cache (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rill-http-cache-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "cache.db", NULL);
  g_autofree char *props = g_strdup_printf ("robots=false cache=%s", db);
  const char *paths[] = { "/etag", NULL };

  server_reset (NULL);
  {
    g_auto(RillTestRun) run = { 0, };

    run_fetch (&run, props, paths);
    g_assert_no_error (run.error);
    g_assert_cmpuint (run.docs->len, ==, 1);
  }
  {
    g_auto(RillTestRun) run = { 0, };
    Hit *hit;

    run_fetch (&run, props, paths);
    g_assert_no_error (run.error);
    g_assert_cmpuint (run.docs->len, ==, 0);
    g_assert_cmpint (stat_of (&run, "filtered"), ==, 1);
    g_assert_cmpint (filter_reason (&run, "not modified"), ==, 1);
    g_assert_cmpuint (server_count ("/etag"), ==, 2);
    g_mutex_lock (&server.lock);
    hit = server.hits->pdata[server.hits->len - 1];
    g_assert_cmpstr (hit->if_none_match, ==, "\"v1\"");
    g_mutex_unlock (&server.lock);
  }
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
}

static void
test_bad_urls (void)
{
  g_auto(RillTestRun) run = { 0, };
  g_autoptr(RillDoc) no_url = rill_doc_new ();
  RillElement *in;

  g_autofree char *line = with_lanes ("app-src name=in ! http-fetch name=fetch ! app-sink name=out");

  run.pipeline = rill_test_parse (line);
  in = rill_pipeline_get_by_name (run.pipeline, "in");
  g_assert_true (rill_app_src_push_doc (RILL_APP_SRC (in), no_url));
  {
    g_autoptr(RillDoc) doc = rill_doc_new ();

    rill_doc_set_string (doc, RILL_FIELD_URL, "ftp://example.org/x");
    g_assert_true (rill_app_src_push_doc (RILL_APP_SRC (in), doc));
  }
  rill_app_src_end_of_stream (RILL_APP_SRC (in));
  rill_pipeline_run (run.pipeline, NULL, &run.error);
  g_assert_no_error (run.error);
  g_assert_cmpint (stat_of (&run, "failed"), ==, 2);
}

static void
test_http_src (void)
{
  g_autofree char *a = url_for ("/page");
  g_autofree char *b = url_for ("/redir/b");
  g_autofree char *plain = g_strdup_printf ("http-src location=%s,%s ! http-fetch name=fetch "
                                            "robots=false ! app-sink name=out", a, b);
  g_autofree char *line = with_lanes (plain);
  g_autoptr(RillPipeline) pipeline = rill_test_parse (line);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;

  server_reset (NULL);
  rill_pipeline_run (pipeline, NULL, &error);
  g_assert_no_error (error);
  docs = rill_test_pull_all (pipeline, "out");
  g_assert_cmpuint (docs->len, ==, 2);
  for (guint i = 0; i < docs->len; i++)
    g_assert_cmpstr (rill_doc_get_string (docs->pdata[i], RILL_FIELD_FINAL_URL), ==, a);
}

static gboolean
cancel_now (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  const char *paths[] = { "/slow", "/slow", "/slow", NULL };
  g_autofree char *line = with_lanes (
    "app-src name=in ! http-fetch name=fetch robots=false timeout=30 ! app-sink name=out");
  g_autoptr(RillPipeline) pipeline = rill_test_parse (line);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  RillElement *in = rill_pipeline_get_by_name (pipeline, "in");
  GSource *source;
  gint64 start;

  server_reset (NULL);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(RillDoc) doc = rill_doc_new ();
      g_autofree char *url = url_for (paths[i]);

      rill_doc_set_string (doc, RILL_FIELD_URL, url);
      g_assert_true (rill_app_src_push_doc (RILL_APP_SRC (in), doc));
    }
  rill_app_src_end_of_stream (RILL_APP_SRC (in));
  /* Cancelled from another thread while the requests hang. */
  source = g_timeout_source_new (300);
  g_source_set_callback (source, cancel_now, cancellable, NULL);
  g_source_attach (source, server.context);
  start = g_get_monotonic_time ();
  g_assert_false (rill_pipeline_run (pipeline, cancellable, &error));
  g_assert_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_CANCELLED);
  /* Well before the server would have answered (2.5 s). */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2400 * 1000);
  g_source_destroy (source);
  g_source_unref (source);
}

/* Many docs at once, of every kind: each comes out with its own body,
 * whichever lane fetched it. */
static void
test_many (void)
{
  g_auto(RillTestRun) run = { 0, };
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  guint n_ok = 0, n_failed = 0;

  server_reset (NULL);
  for (guint i = 0; i < 240; i++)
    {
      if (i % 40 == 7)
        {
          g_ptr_array_add (paths, g_strdup ("/404"));
          n_failed++;
        }
      else if (i % 40 == 13)
        {
          g_ptr_array_add (paths, g_strdup ("/redir/a"));
          n_ok++;
        }
      else
        {
          g_ptr_array_add (paths, g_strdup_printf ("/echo/%u", i));
          n_ok++;
        }
    }
  g_ptr_array_add (paths, NULL);
  run_fetch (&run, "robots=false concurrency=32 per-host=32", (const char **) paths->pdata);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.docs->len, ==, n_ok);
  g_assert_cmpint (stat_of (&run, "failed"), ==, n_failed);
  for (guint i = 0; i < run.docs->len; i++)
    {
      RillDoc *doc = run.docs->pdata[i];
      gint64 k = rill_doc_get_int (doc, "i", -1);
      const char *path = paths->pdata[k];
      GBytes *body = rill_doc_get_bytes (doc, RILL_FIELD_BODY);
      gsize len;
      const char *data = g_bytes_get_data (body, &len);

      g_assert_cmpint (rill_doc_get_int (doc, RILL_FIELD_STATUS, 0), ==, 200);
      if (g_str_has_prefix (path, "/echo/"))
        {
          g_autofree char *want = g_strdup_printf ("<p>echo %s</p>", path);
          g_autofree char *url = url_for (path);

          g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_FINAL_URL), ==, url);
          g_assert_cmpuint (len, ==, strlen ("<html><body>") + strlen (want) +
                            (k * 7919) % 150000 + strlen ("</body></html>"));
          g_assert_nonnull (g_strstr_len (data, 64, want));
          g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_CHARSET), ==, "utf-8");
        }
      else
        g_assert_nonnull (g_strstr_len (data, len, "<title>ok"));
    }
}

int
main (int    argc,
      char **argv)
{
  /* Ours, taken out before GTest sees the arguments. */
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--io-threads="))
      {
        io_threads = atoi (argv[i] + strlen ("--io-threads="));
        memmove (argv + i, argv + i + 1, (argc - i) * sizeof (char *));
        argc--;
        i--;
      }
    else if (g_str_has_prefix (argv[i], "--client="))
      {
        client = argv[i] + strlen ("--client=");
        memmove (argv + i, argv + i + 1, (argc - i) * sizeof (char *));
        argc--;
        i--;
      }
  g_test_init (&argc, &argv, NULL);
  server_start ();

  g_test_add_func ("/http/fetch/basic", test_basic);
  g_test_add_func ("/http/fetch/redirects", test_redirects);
  g_test_add_func ("/http/fetch/redirect-loop", test_redirect_loop);
  g_test_add_func ("/http/fetch/max-redirects", test_max_redirects);
  g_test_add_func ("/http/fetch/not-found-no-retry", test_not_found_no_retry);
  g_test_add_func ("/http/fetch/keep-errors", test_keep_errors);
  g_test_add_func ("/http/fetch/retry-after-429", test_retry_after_429);
  g_test_add_func ("/http/fetch/retry-after-503", test_retry_after_503);
  g_test_add_func ("/http/fetch/connection-reset", test_connection_reset);
  g_test_add_func ("/http/fetch/timeout", test_timeout);
  g_test_add_func ("/http/fetch/max-size", test_max_size);
  g_test_add_func ("/http/fetch/gzip-bomb", test_gzip_bomb);
  g_test_add_func ("/http/fetch/brotli", test_brotli);
  g_test_add_func ("/http/fetch/charset", test_charset_meta);
  g_test_add_func ("/http/fetch/robots", test_robots);
  g_test_add_func ("/http/fetch/robots-our-agent", test_robots_our_agent);
  g_test_add_func ("/http/fetch/per-host", test_per_host);
  g_test_add_func ("/http/fetch/delay", test_delay);
  g_test_add_func ("/http/fetch/cache", test_cache);
  g_test_add_func ("/http/fetch/bad-urls", test_bad_urls);
  g_test_add_func ("/http/src", test_http_src);
  g_test_add_func ("/http/fetch/cancel", test_cancel);
  g_test_add_func ("/http/fetch/many", test_many);

  return g_test_run ();
}
