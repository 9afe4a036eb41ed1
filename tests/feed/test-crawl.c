/* test-crawl.c: crawl-src against a generated site served on 127.0.0.1 by
 * an in-process SoupServer on a thread of its own
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-test-utils.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <unistd.h>

#define N_PAGES 60
#define RUN_LIMIT_S 60          /* a crawl that does not end is cancelled */

/* ---- the site ----------------------------------------------------------- */

typedef struct {
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  guint port;
  GMutex lock;
  GCond cond;
  gboolean ready;
  GHashTable *hits;             /* path -> count */
  guint foreign_hits;           /* requests whose Host is not 127.0.0.1 */
} Site;

static guint
link_a (guint i)
{
  return (i + 1) % N_PAGES;
}

static guint
link_b (guint i)
{
  return (i * 7 + 3) % N_PAGES;
}

/* Page i links to two pages (once with a fragment, once absolute),
 * /list under two query orders, the same page under another host
 * (out of scope), /private/i (denied in the tests), a nofollow link,
 * /secret/i (disallowed by robots.txt) and links that are not http. Page 0 also links a redirect and a 404. */
static char *
page_html (Site *site,
           guint i)
{
  GString *s = g_string_new (NULL);
  guint a = link_a (i), b = link_b (i);

  g_string_append_printf (s, "<!DOCTYPE html><html><head><title>Page %u</title></head><body>"
                          "<h1>Page %u</h1><p>Text of page %u.</p><ul>", i, i, i);
  g_string_append_printf (s, "<li><a href=\"%u\">next</a>", a);
  g_string_append_printf (s, "<li><a href=\"/p/%u#comments\">next, comments</a>", a);
  g_string_append_printf (s, "<li><a href=\"http://127.0.0.1:%u/p/%u\">other</a>", site->port, b);
  g_string_append_printf (s, "<li><a href=\"HTTP://127.0.0.1:%u/p/%u#top\">other again</a>", site->port, b);
  g_string_append (s, "<li><a href=\"/list?b=2&amp;a=1\">list</a>"
                      "<li><a href=\"/list?a=1&amp;b=2#x\">list again</a>");
  g_string_append_printf (s, "<li><a href=\"http://localhost:%u/p/%u\">elsewhere</a>", site->port, i);
  g_string_append_printf (s, "<li><a href=\"/private/%u\">private</a>", i);
  g_string_append_printf (s, "<li><a rel=\"nofollow\" href=\"/nofollow/%u\">nofollow</a>", i);
  g_string_append_printf (s, "<li><a href=\"/secret/%u\">secret</a>", i);
  g_string_append (s, "<li><a href=\"mailto:desk@example.org\">mail</a>"
                      "<li><a href=\"javascript:void(0)\">js</a>");
  if (i == 0)
    g_string_append (s, "<li><a href=\"/old\">moved</a><li><a href=\"/missing\">gone</a>");
  g_string_append (s, "</ul></body></html>");
  return g_string_free (s, FALSE);
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  Site *site = data;
  const char *host = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Host");
  g_autofree char *expected_host = g_strdup_printf ("127.0.0.1:%u", site->port);
  guint i;

  g_mutex_lock (&site->lock);
  g_hash_table_insert (site->hits, g_strdup (path),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (site->hits, path)) + 1));
  if (g_strcmp0 (host, expected_host) != 0)
    site->foreign_hits++;
  g_mutex_unlock (&site->lock);

  if (strcmp (path, "/robots.txt") == 0)
    {
      static const char robots[] = "User-agent: otherbot\nDisallow: /\n\n"
                                   "User-agent: *\nDisallow: /secret/\n";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, robots, strlen (robots));
      return;
    }
  if (strcmp (path, "/hang") == 0)
    {
      /* never answered: only cancelling the run ends it */
      soup_server_message_pause (msg);
      return;
    }
  if (strcmp (path, "/old") == 0)
    {
      soup_server_message_set_redirect (msg, 301, "/p/5");
      return;
    }
  if (strcmp (path, "/list") == 0)
    {
      static const char list[] = "<html><body><a href=\"/p/59\">last</a></body></html>";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, list, strlen (list));
      return;
    }
  if (g_str_has_prefix (path, "/p/") && sscanf (path + 3, "%u", &i) == 1 && i < N_PAGES)
    {
      char *html = page_html (site, i);

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                        html, strlen (html));
      return;
    }
  soup_server_message_set_status (msg, 404, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "not found", 9);
}

static gpointer
site_main (gpointer data)
{
  Site *site = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = NULL;
  GSList *uris;

  g_main_context_push_thread_default (site->context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, handle, site, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);

  g_mutex_lock (&site->lock);
  site->port = g_uri_get_port (uris->data);
  site->ready = TRUE;
  g_cond_signal (&site->cond);
  g_mutex_unlock (&site->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (site->loop);
  soup_server_disconnect (server);
  g_clear_object (&server);
  while (g_main_context_iteration (site->context, FALSE))
    ;
  g_main_context_pop_thread_default (site->context);
  return NULL;
}

static Site *
site_start (void)
{
  Site *site = g_new0 (Site, 1);

  g_mutex_init (&site->lock);
  g_cond_init (&site->cond);
  site->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  site->context = g_main_context_new ();
  site->loop = g_main_loop_new (site->context, FALSE);
  site->thread = g_thread_new ("test-site", site_main, site);
  g_mutex_lock (&site->lock);
  while (!site->ready)
    g_cond_wait (&site->cond, &site->lock);
  g_mutex_unlock (&site->lock);
  return site;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
site_stop (Site *site)
{
  g_main_context_invoke (site->context, quit_loop, site->loop);
  g_thread_join (site->thread);
  g_main_loop_unref (site->loop);
  g_main_context_unref (site->context);
  g_hash_table_unref (site->hits);
  g_mutex_clear (&site->lock);
  g_cond_clear (&site->cond);
  g_free (site);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Site, site_stop)

static guint
hits (Site       *site,
      const char *path)
{
  guint n;

  g_mutex_lock (&site->lock);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (site->hits, path));
  g_mutex_unlock (&site->lock);
  return n;
}

static guint
total_hits (Site *site)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_mutex_lock (&site->lock);
  g_hash_table_iter_init (&iter, site->hits);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += GPOINTER_TO_UINT (value);
  g_mutex_unlock (&site->lock);
  return n;
}

static guint
hits_with_prefix (Site       *site,
                  const char *prefix)
{
  GHashTableIter iter;
  gpointer key, value;
  guint n = 0;

  g_mutex_lock (&site->lock);
  g_hash_table_iter_init (&iter, site->hits);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, prefix))
      n += GPOINTER_TO_UINT (value);
  g_mutex_unlock (&site->lock);
  return n;
}

/* ---- running a crawl ---------------------------------------------------- */

static gboolean
cancel_run (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* The warnings of the last crawl(). */
static GPtrArray *last_warnings;

static void
on_message (RillBus     *bus,
            RillMessage *message,
            gpointer     data)
{
  const GError *error = rill_message_get_error (message);

  if (rill_message_get_message_type (message) == RILL_MESSAGE_WARNING && error != NULL)
    g_ptr_array_add (last_warnings, g_strdup (error->message));
}

/* Runs "crawl-src name=crawl @props ! app-sink name=out"; fails the test
 * if the crawl does not end by itself within RUN_LIMIT_S. */
static GPtrArray *
crawl (const char    *props,
       RillPipeline **out_pipeline)
{
  g_autofree char *line = g_strdup_printf ("crawl-src name=crawl %s ! app-sink name=out", props);
  g_autoptr(RillPipeline) pipeline = rill_test_parse (line);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GSource *limit = g_timeout_source_new_seconds (RUN_LIMIT_S);
  GPtrArray *docs;

  g_source_set_callback (limit, cancel_run, cancellable, NULL);
  g_source_attach (limit, NULL);
  g_clear_pointer (&last_warnings, g_ptr_array_unref);
  last_warnings = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (rill_pipeline_get_bus (pipeline), "message", G_CALLBACK (on_message), NULL);
  rill_pipeline_run (pipeline, cancellable, &error);
  g_source_destroy (limit);
  g_source_unref (limit);
  g_assert_false (g_cancellable_is_cancelled (cancellable));
  g_assert_no_error (error);

  docs = rill_test_pull_all (pipeline, "out");
  if (out_pipeline != NULL)
    *out_pipeline = g_steal_pointer (&pipeline);
  return docs;
}

static RillDoc *
doc_by_url (GPtrArray  *docs,
            const char *url)
{
  for (guint i = 0; i < docs->len; i++)
    if (g_strcmp0 (rill_doc_get_string (docs->pdata[i], RILL_FIELD_URL), url) == 0)
      return docs->pdata[i];
  return NULL;
}

static void
assert_each_page_once (Site *site)
{
  for (guint i = 0; i < N_PAGES; i++)
    {
      g_autofree char *path = g_strdup_printf ("/p/%u", i);

      g_test_message ("%s", path);
      g_assert_cmpuint (hits (site, path), ==, 1);
    }
}

/* The whole site: every page once, whatever the spelling of its links;
 * nothing out of scope, denied or nofollow. */
static void
test_full (void)
{
  g_autoptr(Site) site = site_start ();
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autofree char *props = g_strdup_printf ("seeds=http://127.0.0.1:%u/p/0 deny=/private/ "
                                            "concurrency=4", site->port);
  g_autoptr(GPtrArray) docs = crawl (props, &pipeline);
  g_autofree char *base = g_strdup_printf ("http://127.0.0.1:%u", site->port);
  g_autofree char *seed = g_strconcat (base, "/p/0", NULL);
  g_autofree char *old = g_strconcat (base, "/old", NULL);
  g_autofree char *missing = g_strconcat (base, "/missing", NULL);
  g_autoptr(GHashTable) finals = g_hash_table_new (g_str_hash, g_str_equal);
  RillDoc *doc;

  assert_each_page_once (site);
  g_assert_cmpuint (hits (site, "/list"), ==, 1);
  g_assert_cmpuint (hits (site, "/old"), ==, 1);
  g_assert_cmpuint (hits (site, "/missing"), ==, 1);
  g_assert_cmpuint (hits_with_prefix (site, "/private/"), ==, 0);
  g_assert_cmpuint (hits_with_prefix (site, "/nofollow/"), ==, 0);
  g_assert_cmpuint (hits_with_prefix (site, "/secret/"), ==, 0);
  g_assert_cmpuint (hits (site, "/robots.txt"), ==, 1);
  g_assert_cmpuint (site->foreign_hits, ==, 0);
  g_assert_cmpuint (total_hits (site), ==, N_PAGES + 4);

  /* 60 pages (/p/5 under /old or its own URL), /list and the 404 */
  g_assert_cmpuint (docs->len, ==, N_PAGES + 2);
  for (guint i = 0; i < docs->len; i++)
    {
      const char *final = rill_doc_get_string (docs->pdata[i], RILL_FIELD_FINAL_URL);

      g_assert_nonnull (final);
      g_assert_false (g_hash_table_contains (finals, final));
      g_hash_table_add (finals, (gpointer) final);
      g_assert_nonnull (rill_doc_get_bytes (docs->pdata[i], RILL_FIELD_BODY));
      g_assert_nonnull (rill_doc_get_string (docs->pdata[i], RILL_FIELD_FETCHED_AT));
      g_assert_null (strchr (rill_doc_get_string (docs->pdata[i], RILL_FIELD_URL), '#'));
    }

  doc = doc_by_url (docs, seed);
  g_assert_nonnull (doc);
  g_assert_cmpint (rill_doc_get_int (doc, "depth", -1), ==, 0);
  g_assert_cmpint (rill_doc_get_int (doc, RILL_FIELD_STATUS, 0), ==, 200);
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_CONTENT_TYPE), ==, "text/html");
  g_assert_cmpstr (rill_doc_get_string (doc, RILL_FIELD_CHARSET), ==, "utf-8");
  g_assert_false (rill_doc_has_field (doc, "referrer"));

  /* /old is linked from the seed and /p/5 only from much deeper */
  doc = doc_by_url (docs, old);
  g_assert_nonnull (doc);
  g_assert_true (g_str_has_suffix (rill_doc_get_string (doc, RILL_FIELD_FINAL_URL), "/p/5"));
  g_assert_cmpint (rill_doc_get_int (doc, "depth", -1), ==, 1);
  g_assert_cmpstr (rill_doc_get_string (doc, "referrer"), ==, seed);

  doc = doc_by_url (docs, missing);
  g_assert_nonnull (doc);
  g_assert_cmpint (rill_doc_get_int (doc, RILL_FIELD_STATUS, 0), ==, 404);

  g_assert_cmpint (rill_test_stat (pipeline, "crawl", "out"), ==, N_PAGES + 2);
  g_assert_cmpint (rill_test_stat (pipeline, "crawl", "failed"), ==, 0);

  /* one warning says how many pages robots.txt kept out */
  g_assert_cmpuint (last_warnings->len, ==, 1);
  g_assert_nonnull (strstr (last_warnings->pdata[0], "60 URLs"));
  g_assert_nonnull (strstr (last_warnings->pdata[0], "robots.txt"));
}

static void
test_depth (void)
{
  g_autoptr(Site) site = site_start ();
  g_autofree char *props = g_strdup_printf ("seeds=http://127.0.0.1:%u/p/0 max-depth=1 "
                                            "deny=/private/ robots=false", site->port);
  g_autoptr(GPtrArray) docs = crawl (props, NULL);

  /* the seed, then /p/1, /p/3, /list, /old (to /p/5), /missing and
   * /secret/0 (robots.txt not asked) */
  g_assert_cmpuint (docs->len, ==, 7);
  for (guint i = 0; i < docs->len; i++)
    g_assert_cmpint (rill_doc_get_int (docs->pdata[i], "depth", -1), <=, 1);
  g_assert_cmpuint (hits (site, "/p/0"), ==, 1);
  g_assert_cmpuint (hits (site, "/p/1"), ==, 1);
  g_assert_cmpuint (hits (site, "/p/3"), ==, 1);
  g_assert_cmpuint (hits (site, "/p/5"), ==, 1);
  g_assert_cmpuint (hits (site, "/p/2"), ==, 0);
  g_assert_cmpuint (hits (site, "/p/59"), ==, 0);
  g_assert_cmpuint (hits (site, "/secret/0"), ==, 1);
  g_assert_cmpuint (hits (site, "/robots.txt"), ==, 0);
  g_assert_cmpuint (total_hits (site), ==, 8);
}

static void
test_budget (void)
{
  g_autoptr(Site) site = site_start ();
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autofree char *props = g_strdup_printf ("seeds=http://127.0.0.1:%u/p/0 max-pages=10 "
                                            "deny=/private/ concurrency=3", site->port);
  g_autoptr(GPtrArray) docs = crawl (props, &pipeline);

  /* ten requests, robots.txt and redirect hops aside */
  g_assert_cmpuint (docs->len, ==, 10);
  g_assert_cmpuint (hits (site, "/robots.txt"), ==, 1);
  g_assert_cmpuint (total_hits (site), >=, 11);
  g_assert_cmpuint (total_hits (site), <=, 12);
  for (guint i = 0; i < N_PAGES; i++)
    {
      g_autofree char *path = g_strdup_printf ("/p/%u", i);

      g_assert_cmpuint (hits (site, path), <=, 1);
    }
}

/* scope=prefix: below the seed's directory only (with a per-host delay,
 * which goes through the frontier's timer). */
static void
test_prefix (void)
{
  g_autoptr(Site) site = site_start ();
  g_autofree char *props = g_strdup_printf ("seeds=http://127.0.0.1:%u/p/0 scope=prefix "
                                            "delay=1 concurrency=2", site->port);
  g_autoptr(GPtrArray) docs = crawl (props, NULL);

  g_assert_cmpuint (docs->len, ==, N_PAGES);
  assert_each_page_once (site);
  g_assert_cmpuint (total_hits (site), ==, N_PAGES + 1);
}

/* Seeds from a file, with comments, duplicates and an unreachable one. */
static void
test_seeds_file (void)
{
  g_autoptr(Site) site = site_start ();
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *props = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  guint dead_port;
  int fd;

  /* a port nothing listens on */
  sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (sock, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (sock, &error);
  g_assert_no_error (error);
  dead_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (sock, NULL);

  fd = g_file_open_tmp ("rill-crawl-seeds-XXXXXX.txt", &path, &error);
  g_assert_no_error (error);
  close (fd);
  contents = g_strdup_printf ("# seeds\n\nhttp://127.0.0.1:%u/p/10\n"
                              "http://127.0.0.1:%u/p/10#again\n"
                              "http://127.0.0.1:%u/p/20\n"
                              "http://127.0.0.1:%u/dead\n",
                              site->port, site->port, site->port, dead_port);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  props = g_strdup_printf ("seeds-location=%s max-depth=0", path);
  docs = crawl (props, &pipeline);
  g_assert_cmpuint (docs->len, ==, 2);
  g_assert_cmpuint (hits (site, "/p/10"), ==, 1);
  g_assert_cmpuint (hits (site, "/p/20"), ==, 1);
  g_assert_cmpuint (total_hits (site), ==, 3);          /* and robots.txt */
  g_assert_cmpint (rill_test_stat (pipeline, "crawl", "failed"), ==, 1);
  g_assert_cmpuint (last_warnings->len, ==, 1);
  g_assert_nonnull (strstr (last_warnings->pdata[0], "/dead"));
  g_unlink (path);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (200 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

/* A request that never gets an answer does not keep a cancelled run. */
static void
test_cancel (void)
{
  g_autoptr(Site) site = site_start ();
  g_autofree char *line = g_strdup_printf ("crawl-src name=crawl seeds=http://127.0.0.1:%u/hang,"
                                           "http://127.0.0.1:%u/p/0 max-depth=0 "
                                           "! app-sink name=out", site->port, site->port);
  g_autoptr(RillPipeline) pipeline = rill_test_parse (line);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  GThread *canceller = g_thread_new ("cancel", cancel_later, cancellable);

  g_assert_false (rill_pipeline_run (pipeline, cancellable, &error));
  g_assert_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_CANCELLED);
  g_thread_join (canceller);
  g_assert_cmpuint (hits (site, "/hang"), ==, 1);
  docs = rill_test_pull_all (pipeline, "out");
  g_assert_cmpuint (docs->len, <=, 1);
}

static void
test_bad_properties (void)
{
  static const char *const lines[] = {
    "crawl-src ! fake-sink",
    "crawl-src seeds=ftp://example.org/ ! fake-sink",
    "crawl-src seeds=http://127.0.0.1:9/ deny=( ! fake-sink",
    "crawl-src seeds=http://127.0.0.1:9/ scope=regex ! fake-sink",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(RillPipeline) pipeline = rill_test_parse (lines[i]);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", lines[i]);
      g_assert_false (rill_pipeline_run (pipeline, NULL, &error));
      g_assert_nonnull (error);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crawl/full", test_full);
  g_test_add_func ("/crawl/depth", test_depth);
  g_test_add_func ("/crawl/budget", test_budget);
  g_test_add_func ("/crawl/prefix", test_prefix);
  g_test_add_func ("/crawl/seeds-file", test_seeds_file);
  g_test_add_func ("/crawl/cancel", test_cancel);
  g_test_add_func ("/crawl/bad-properties", test_bad_properties);

  return g_test_run ();
}
