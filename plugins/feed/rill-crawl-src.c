/* rill-crawl-src.c: a crawler as a source: seeds in, fetched pages out
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-feed-elements.h"
#include "rill-feed-private.h"
#include "rill-html-engine.h"
#ifdef RILL_FEED_HAVE_ROBOTS
#include "rill-robots.h"
#endif

#include <string.h>
#include <libsoup/soup.h>

/**
 * RillCrawlSrc:
 *
 * `crawl-src` crawls from seed URLs and puts every page it fetched into
 * the pipeline, for extraction downstream:
 *
 * ```
 * rill-launch crawl-src seeds=https://news.example/ max-depth=2 max-pages=500 \
 *     ! html-extract ! jsonl-sink location=pages.jsonl
 * ```
 *
 * The element owns the whole crawl loop, so the pipeline stays a graph
 * without cycles (see docs/crawling.md): it keeps the frontier (first in,
 * first out, so pages come breadth first) and the set of URLs already
 * seen, fetches with libsoup on its own thread, extracts the links of
 * every HTML page and follows those in scope. Each URL is fetched at most
 * once, keyed on its canonical form (lower-case scheme and host, no
 * default port, no fragment, sorted query parameters). Redirects are
 * followed by the element itself (at most 10 hops), each hop in scope
 * and not seen before; a redirect to a page already fetched gives no
 * doc. The source ends by itself when the frontier is empty and nothing
 * is in flight, or when `max-pages` requests were made.
 *
 * Links are followed when they are http(s), not `rel=nofollow`, in
 * `scope` (of any seed), match `allow` (when set) and do not match
 * `deny` (when set), both tested against the canonical URL, and when the
 * page they are on is less than `max-depth` links away from a seed. The
 * seeds themselves are always fetched.
 *
 * Each doc has `url` (as linked, without its fragment), `final-url`
 * (after redirects), `status`, `content-type` (the media type),
 * `charset` (when the server names one), `body`, `fetched-at` (ISO 8601,
 * UTC) and two fields of its own: `depth` (int: 0 for a seed, 1 for a
 * page a seed links to, ...) and `referrer` (the page the link was found
 * on; absent for seeds). Error statuses (404, 500...) are passed on like
 * any page, with their status. A page that cannot be fetched (connection
 * refused, time-out, body over `max-size`, a redirect out of scope) is
 * accounted as failed with an error naming its URL.
 *
 * With `robots=true` (the default), `/robots.txt` is fetched once per
 * origin (scheme, host, port) before its first page; the URLs it
 * disallows are left out (a warning at the end says how many) and its
 * `Crawl-delay` is obeyed. `delay` and `Crawl-delay` space the starts of
 * requests to one origin; the frontier then goes on with other origins.
 *
 * Links are extracted with the html plugin's engine (`rill_html_links()`)
 * and robots.txt is read by the http plugin's (`rill_robots_parse()`);
 * requests are the element's own (a small libsoup client), not the
 * `http-fetch` element's: no cache, no retries.
 */

#define RILL_TYPE_CRAWL_SRC (rill_crawl_src_get_type ())
G_DECLARE_FINAL_TYPE (RillCrawlSrc, rill_crawl_src, RILL, CRAWL_SRC, RillSource)

#define MAX_REDIRECTS 10
#define READ_CHUNK 65536
#define DELAY_SCAN 4096         /* frontier entries looked at for a free host */
#define ROBOTS_MAX_SIZE (500 * 1024)    /* robots.txt is cut there, as Google does */

typedef struct {
  char *url;                    /* as linked, no fragment */
  char *host;                   /* lower case, for the scope */
  char *origin;                 /* scheme://host[:port], for delay and robots.txt */
  char *path;                   /* path and query, for robots.txt */
  char *referrer;
  guint depth;
} Entry;

typedef enum {
  ROBOTS_UNKNOWN,
  ROBOTS_PENDING,
  ROBOTS_READY,
} RobotsState;

/* Per origin: politeness and robots.txt. */
typedef struct {
  gint64 next;                  /* monotonic time of the next allowed start */
  gint64 delay_us;
  RobotsState robots_state;
#ifdef RILL_FEED_HAVE_ROBOTS
  RillRobots *robots;
#endif
} Host;

typedef struct {
  RillCrawlSrc *self;
  Entry *entry;                 /* NULL for a robots.txt request */
  Host *robots_for;
  char *current;                /* the URL of this hop */
  SoupMessage *msg;
  GInputStream *stream;
  GByteArray *body;
  guint hops;
} Fetch;

struct _RillCrawlSrc
{
  RillSource parent_instance;

  /* properties */
  GStrv seeds;
  char *seeds_location;
  RillCrawlScope scope;
  char *allow;
  char *deny;
  int max_depth;
  guint64 max_pages;
  guint delay;
  guint concurrency;
  guint timeout;
  guint64 max_size;
  char *user_agent;
  gboolean robots;

  /* run state, reset by start() */
  GRegex *allow_re;
  GRegex *deny_re;
  GPtrArray *scopes;            /* hosts, domains or URL prefixes */
  GHashTable *seen;             /* canonical URLs */
  GHashTable *hosts;            /* origin -> Host */
  GQueue frontier;              /* Entry */
  GQueue ready;                 /* RillDoc */
  guint in_flight;
  guint64 started;
  guint64 disallowed;

  /* on the source thread */
  GMainContext *context;
  SoupSession *session;
  GCancellable *fetch_cancel;
  GSource *timer;
};

enum {
  PROP_0,
  PROP_SEEDS,
  PROP_SEEDS_LOCATION,
  PROP_SCOPE,
  PROP_ALLOW,
  PROP_DENY,
  PROP_MAX_DEPTH,
  PROP_MAX_PAGES,
  PROP_DELAY,
  PROP_CONCURRENCY,
  PROP_TIMEOUT,
  PROP_MAX_SIZE,
  PROP_USER_AGENT,
  PROP_ROBOTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillCrawlSrc, rill_crawl_src, RILL_TYPE_SOURCE)

G_DEFINE_ENUM_TYPE (RillCrawlScope, rill_crawl_scope,
  G_DEFINE_ENUM_VALUE (RILL_CRAWL_SCOPE_HOST, "host"),
  G_DEFINE_ENUM_VALUE (RILL_CRAWL_SCOPE_DOMAIN, "domain"),
  G_DEFINE_ENUM_VALUE (RILL_CRAWL_SCOPE_PREFIX, "prefix"),
  G_DEFINE_ENUM_VALUE (RILL_CRAWL_SCOPE_REGEX, "regex"))

#define DEFAULT_USER_AGENT "Rill/" RILL_VERSION_S " (+https://rill.example)"

static void
entry_free (Entry *e)
{
  g_free (e->url);
  g_free (e->host);
  g_free (e->origin);
  g_free (e->path);
  g_free (e->referrer);
  g_free (e);
}

static void
fetch_free (Fetch *f)
{
  if (f->entry != NULL)
    entry_free (f->entry);
  g_free (f->current);
  g_clear_object (&f->msg);
  g_clear_object (&f->stream);
  if (f->body != NULL)
    g_byte_array_unref (f->body);
  g_free (f);
}

static char *
strip_fragment (const char *url)
{
  const char *hash = strchr (url, '#');

  return hash != NULL ? g_strndup (url, hash - url) : g_strdup (url);
}

static void
host_free (Host *h)
{
#ifdef RILL_FEED_HAVE_ROBOTS
  g_clear_pointer (&h->robots, rill_robots_free);
#endif
  g_free (h);
}

static char *
host_of (const char *canonical)
{
  g_autoptr(GUri) uri = g_uri_parse (canonical, G_URI_FLAGS_ENCODED, NULL);

  return uri != NULL ? g_strdup (g_uri_get_host (uri)) : NULL;
}

/* ---- scope -------------------------------------------------------------- */

static gboolean
in_scope (RillCrawlSrc *self,
          const char   *canonical,
          const char   *host)
{
  gboolean ok = FALSE;

  switch (self->scope)
    {
    case RILL_CRAWL_SCOPE_HOST:
      for (guint i = 0; i < self->scopes->len && !ok; i++)
        ok = strcmp (host, self->scopes->pdata[i]) == 0;
      break;
    case RILL_CRAWL_SCOPE_DOMAIN:
      for (guint i = 0; i < self->scopes->len && !ok; i++)
        {
          const char *d = self->scopes->pdata[i];
          gsize hl = strlen (host), dl = strlen (d);

          ok = strcmp (host, d) == 0
               || (hl > dl && host[hl - dl - 1] == '.' && strcmp (host + hl - dl, d) == 0);
        }
      break;
    case RILL_CRAWL_SCOPE_PREFIX:
      for (guint i = 0; i < self->scopes->len && !ok; i++)
        ok = g_str_has_prefix (canonical, self->scopes->pdata[i]);
      break;
    case RILL_CRAWL_SCOPE_REGEX:
    default:
      ok = TRUE;
      break;
    }
  if (ok && self->allow_re != NULL)
    ok = g_regex_match (self->allow_re, canonical, 0, NULL);
  if (ok && self->deny_re != NULL)
    ok = !g_regex_match (self->deny_re, canonical, 0, NULL);
  return ok;
}

/* What a seed adds to the scope. */
static char *
scope_of_seed (RillCrawlSrc *self,
               const char   *canonical,
               const char   *host)
{
  switch (self->scope)
    {
    case RILL_CRAWL_SCOPE_DOMAIN:
      return g_strdup (g_str_has_prefix (host, "www.") ? host + 4 : host);
    case RILL_CRAWL_SCOPE_PREFIX:
      {
        g_autoptr(GUri) uri = g_uri_parse (canonical, G_URI_FLAGS_ENCODED, NULL);
        g_autofree char *path = g_strdup (g_uri_get_path (uri));
        char *slash = strrchr (path, '/');
        g_autoptr(GUri) prefix = NULL;

        if (slash != NULL)
          slash[1] = '\0';
        prefix = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL,
                              g_uri_get_host (uri), g_uri_get_port (uri), path, NULL, NULL);
        return g_uri_to_string (prefix);
      }
    case RILL_CRAWL_SCOPE_HOST:
    case RILL_CRAWL_SCOPE_REGEX:
    default:
      return g_strdup (host);
    }
}

/* Adds @url to the frontier unless it was seen; @check_scope is FALSE
 * for seeds. */
static void
enqueue (RillCrawlSrc *self,
         const char   *url,
         guint         depth,
         const char   *referrer,
         gboolean      check_scope)
{
  g_autofree char *canonical = rill_crawl_canonicalize (url);
  g_autofree char *host = NULL;
  g_autofree char *canonical_copy = NULL;
  Entry *e;

  if (canonical == NULL || g_hash_table_contains (self->seen, canonical))
    return;
  host = host_of (canonical);
  if (host == NULL || (check_scope && !in_scope (self, canonical, host)))
    return;
  canonical_copy = g_strdup (canonical);
  g_hash_table_add (self->seen, g_steal_pointer (&canonical));

  e = g_new0 (Entry, 1);
  e->url = strip_fragment (url);
  e->host = g_steal_pointer (&host);
  {
    g_autoptr(GUri) uri = g_uri_parse (canonical_copy, G_URI_FLAGS_ENCODED, NULL);

    e->origin = g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL,
                            g_uri_get_host (uri), g_uri_get_port (uri), "", NULL, NULL);
    e->path = g_uri_get_query (uri) != NULL
              ? g_strconcat (g_uri_get_path (uri), "?", g_uri_get_query (uri), NULL)
              : g_strdup (g_uri_get_path (uri));
  }
  e->referrer = g_strdup (referrer);
  e->depth = depth;
  g_queue_push_tail (&self->frontier, e);
}

/* ---- fetching ----------------------------------------------------------- */

static void dispatch (RillCrawlSrc *self);
static void send_hop (Fetch *f);

static RillDoc *
doc_for (Fetch *f)
{
  RillDoc *doc = rill_doc_new ();

  rill_doc_set_string (doc, RILL_FIELD_URL, f->entry->url);
  rill_doc_set_int (doc, RILL_FEED_FIELD_DEPTH, f->entry->depth);
  if (f->entry->referrer != NULL)
    rill_doc_set_string (doc, RILL_FEED_FIELD_REFERRER, f->entry->referrer);
  return doc;
}

static void
fetch_done (Fetch *f)
{
  RillCrawlSrc *self = f->self;

  self->in_flight--;
  fetch_free (f);
}

/* robots.txt is in (or could not be had: everything is allowed). */
static void
robots_done (Fetch  *f,
             GBytes *body)
{
  Host *h = f->robots_for;

  h->robots_state = ROBOTS_READY;
#ifdef RILL_FEED_HAVE_ROBOTS
  if (body != NULL)
    {
      g_autofree char *token = g_strndup (f->self->user_agent, strcspn (f->self->user_agent, "/ "));
      gsize len;
      const char *text = g_bytes_get_data (body, &len);
      double crawl_delay;

      h->robots = rill_robots_parse (text != NULL ? text : "", len, *token != '\0' ? token : "*");
      crawl_delay = rill_robots_get_crawl_delay (h->robots);
      if (crawl_delay > 0)
        h->delay_us = MAX (h->delay_us, (gint64) (MIN (crawl_delay, 3600) * G_USEC_PER_SEC));
    }
#endif
  fetch_done (f);
}

static void
fetch_fail (Fetch        *f,
            const GError *error)
{
  RillCrawlSrc *self = f->self;

  if (f->robots_for != NULL)
    {
      robots_done (f, NULL);
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autoptr(RillDoc) doc = doc_for (f);
      g_autoptr(GError) err = g_error_new (RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED, "%s: %s",
                                           f->entry->url, error->message);

      rill_doc_set_string (doc, RILL_FIELD_ERROR, err->message);
      rill_element_report_failure (RILL_ELEMENT (self), doc, err);
    }
  fetch_done (f);
}

static gboolean
is_html (const char   *content_type,
         const guint8 *data,
         gsize         len)
{
  if (content_type != NULL)
    return strstr (content_type, "html") != NULL;
  while (len > 0 && g_ascii_isspace (*data))
    data++, len--;
  return len > 0 && *data == '<';
}

static void
follow_links (RillCrawlSrc *self,
              Fetch        *f,
              GBytes       *body,
              const char   *charset)
{
  g_autoptr(GPtrArray) links = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (body, &len);

  if (len == 0)
    return;
  links = rill_html_links (data, len, charset, f->current, NULL);
  if (links == NULL)
    return;
  for (guint i = 0; i < links->len; i++)
    {
      RillLink *link = links->pdata[i];
      g_auto(GStrv) rels = link->rel != NULL ? g_strsplit_set (link->rel, " \t\n", -1) : NULL;

      if (rels != NULL && g_strv_contains ((const char * const *) rels, "nofollow"))
        continue;
      enqueue (self, link->url, f->entry->depth + 1, f->entry->url, TRUE);
    }
}

static void
fetch_complete (Fetch *f)
{
  RillCrawlSrc *self = f->self;
  SoupMessageHeaders *headers = soup_message_get_response_headers (f->msg);
  g_autoptr(GHashTable) params = NULL;
  const char *content_type = soup_message_headers_get_content_type (headers, &params);
  const char *charset = params != NULL ? g_hash_table_lookup (params, "charset") : NULL;
  guint status = soup_message_get_status (f->msg);
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&f->body));
  g_autoptr(GDateTime) now = NULL;
  RillDoc *doc;

  if (f->robots_for != NULL)
    {
      robots_done (f, SOUP_STATUS_IS_SUCCESSFUL (status) ? body : NULL);
      return;
    }
  now = g_date_time_new_now_utc ();
  doc = doc_for (f);

  rill_doc_set_string (doc, RILL_FIELD_FINAL_URL, f->current);
  rill_doc_set_int (doc, RILL_FIELD_STATUS, status);
  if (content_type != NULL)
    rill_doc_set_string (doc, RILL_FIELD_CONTENT_TYPE, content_type);
  if (charset != NULL)
    rill_doc_set_string (doc, RILL_FIELD_CHARSET, charset);
  rill_doc_set_bytes (doc, RILL_FIELD_BODY, body);
  rill_doc_take_string (doc, RILL_FIELD_FETCHED_AT,
                        g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ"));

  if (SOUP_STATUS_IS_SUCCESSFUL (status)
      && (self->max_depth < 0 || f->entry->depth < (guint) self->max_depth)
      && is_html (content_type, g_bytes_get_data (body, NULL), g_bytes_get_size (body)))
    follow_links (self, f, body, charset);

  g_queue_push_tail (&self->ready, doc);
  fetch_done (f);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Fetch *f = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  gsize n;

  if (chunk == NULL)
    {
      fetch_fail (f, error);
      return;
    }
  n = g_bytes_get_size (chunk);
  if (n == 0)
    {
      g_input_stream_close_async (f->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      fetch_complete (f);
      return;
    }
  if (f->robots_for != NULL && f->body->len + n > ROBOTS_MAX_SIZE)
    {
      g_byte_array_append (f->body, g_bytes_get_data (chunk, NULL), ROBOTS_MAX_SIZE - f->body->len);
      fetch_complete (f);
      return;
    }
  if (f->body->len + n > f->self->max_size)
    {
      g_autoptr(GError) big = g_error_new (RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
                                           "body larger than %" G_GUINT64_FORMAT " bytes",
                                           f->self->max_size);
      fetch_fail (f, big);
      return;
    }
  g_byte_array_append (f->body, g_bytes_get_data (chunk, NULL), n);
  g_input_stream_read_bytes_async (f->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   f->self->fetch_cancel, on_read, f);
}

/* A 3xx with a Location: the next hop, or the end of this fetch. */
static gboolean
handle_redirect (Fetch *f)
{
  RillCrawlSrc *self = f->self;
  SoupMessageHeaders *headers = soup_message_get_response_headers (f->msg);
  const char *location = soup_message_headers_get_one (headers, "Location");
  g_autofree char *target = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GError) error = NULL;

  if (location == NULL)
    return FALSE;
  target = g_uri_resolve_relative (f->current, location, G_URI_FLAGS_ENCODED, NULL);
  canonical = rill_crawl_canonicalize (target);
  host = canonical != NULL ? host_of (canonical) : NULL;

  g_input_stream_close_async (f->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&f->stream);

  if (host == NULL)
    error = g_error_new (RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
                         "redirect to an invalid URL '%s'", location);
  else if (++f->hops > MAX_REDIRECTS)
    error = g_error_new (RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
                         "more than %d redirects", MAX_REDIRECTS);
  else if (!in_scope (self, canonical, host))
    error = g_error_new (RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
                         "redirect out of scope to %s", target);
  if (error != NULL)
    {
      fetch_fail (f, error);
      return TRUE;
    }
  if (g_hash_table_contains (self->seen, canonical))
    {
      g_debug ("crawl-src: %s redirects to %s, already seen", f->entry->url, target);
      fetch_done (f);
      return TRUE;
    }
  g_hash_table_add (self->seen, g_steal_pointer (&canonical));
  g_free (f->current);
  f->current = strip_fragment (target);
  send_hop (f);
  return TRUE;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Fetch *f = data;
  g_autoptr(GError) error = NULL;
  guint status;

  f->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (f->stream == NULL)
    {
      fetch_fail (f, error);
      return;
    }
  status = soup_message_get_status (f->msg);
  if (f->robots_for == NULL && SOUP_STATUS_IS_REDIRECTION (status) && handle_redirect (f))
    return;

  f->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (f->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   f->self->fetch_cancel, on_read, f);
}

static void
send_hop (Fetch *f)
{
  g_clear_object (&f->msg);
  f->msg = soup_message_new ("GET", f->current);
  if (f->msg == NULL)
    {
      g_autoptr(GError) error = g_error_new (RILL_DOC_ERROR, RILL_DOC_ERROR_FAILED,
                                             "not a valid URL");
      fetch_fail (f, error);
      return;
    }
  if (f->robots_for == NULL)
    soup_message_add_flags (f->msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (f->msg), "Accept",
                                "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
  soup_session_send_async (f->self->session, f->msg, G_PRIORITY_DEFAULT,
                           f->self->fetch_cancel, on_sent, f);
}

static void
start_fetch (RillCrawlSrc *self,
             Entry        *entry)
{
  Fetch *f = g_new0 (Fetch, 1);

  f->self = self;
  f->entry = entry;
  f->current = g_strdup (entry->url);
  self->in_flight++;
  self->started++;
  send_hop (f);
}

/* robots.txt of @origin, before its first page; libsoup follows its
 * redirects. */
static void
start_robots (RillCrawlSrc *self,
              Host         *h,
              const char   *origin)
{
  Fetch *f = g_new0 (Fetch, 1);

  f->self = self;
  f->robots_for = h;
  f->current = g_strconcat (origin, "/robots.txt", NULL);
  h->robots_state = ROBOTS_PENDING;
  self->in_flight++;
  send_hop (f);
}

static Host *
host_get (RillCrawlSrc *self,
          const char   *origin)
{
  Host *h = g_hash_table_lookup (self->hosts, origin);

  if (h == NULL)
    {
      h = g_new0 (Host, 1);
      h->delay_us = (gint64) self->delay * 1000;
#ifdef RILL_FEED_HAVE_ROBOTS
      h->robots_state = self->robots ? ROBOTS_UNKNOWN : ROBOTS_READY;
#else
      h->robots_state = ROBOTS_READY;
#endif
      g_hash_table_insert (self->hosts, g_strdup (origin), h);
    }
  return h;
}

static gboolean
on_timer (gpointer data)
{
  RillCrawlSrc *self = data;

  g_clear_pointer (&self->timer, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* Starts fetches up to `concurrency`: the first entry of the frontier
 * whose origin has its robots.txt and is past its delay. */
static void
dispatch (RillCrawlSrc *self)
{
  while (self->in_flight < self->concurrency && !g_queue_is_empty (&self->frontier))
    {
      GList *pick = NULL, *next;
      gint64 now = g_get_monotonic_time (), wait = G_MAXINT64;
      guint scanned = 0;
      Entry *e;
      Host *h;

      if (self->max_pages > 0 && self->started >= self->max_pages)
        {
          g_queue_clear_full (&self->frontier, (GDestroyNotify) entry_free);
          break;
        }
      for (GList *l = self->frontier.head; l != NULL && scanned < DELAY_SCAN; l = next, scanned++)
        {
          next = l->next;
          e = l->data;
          h = host_get (self, e->origin);
          if (h->robots_state == ROBOTS_UNKNOWN)
            {
              if (self->in_flight < self->concurrency)
                start_robots (self, h, e->origin);
              continue;
            }
          if (h->robots_state == ROBOTS_PENDING)
            continue;
#ifdef RILL_FEED_HAVE_ROBOTS
          if (h->robots != NULL && !rill_robots_is_allowed (h->robots, e->path))
            {
              g_debug ("crawl-src: %s disallowed by robots.txt", e->url);
              self->disallowed++;
              g_queue_delete_link (&self->frontier, l);
              entry_free (e);
              scanned--;        /* progress, not a look */
              continue;
            }
#endif
          if (h->delay_us > 0 && h->next > now)
            {
              wait = MIN (wait, h->next - now);
              continue;
            }
          pick = l;
          break;
        }
      if (pick == NULL)
        {
          /* robots.txt requests in flight wake the loop when they end */
          if (wait != G_MAXINT64 && self->timer == NULL)
            {
              self->timer = g_timeout_source_new ((guint) (wait / 1000) + 1);
              g_source_set_callback (self->timer, on_timer, self, NULL);
              g_source_attach (self->timer, self->context);
            }
          break;
        }

      e = pick->data;
      g_queue_delete_link (&self->frontier, pick);
      h = host_get (self, e->origin);
      if (h->delay_us > 0)
        h->next = now + h->delay_us;
      start_fetch (self, e);
    }
}

/* ---- the source --------------------------------------------------------- */

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      data)
{
  RillCrawlSrc *self = data;

  g_cancellable_cancel (self->fetch_cancel);
  return G_SOURCE_REMOVE;
}

/* Cancels what is in flight and frees the session, on the thread that
 * owns the context. */
static void
teardown (RillCrawlSrc *self)
{
  if (self->context == NULL)
    return;
  g_main_context_push_thread_default (self->context);
  if (self->in_flight > 0)
    {
      g_cancellable_cancel (self->fetch_cancel);
      while (self->in_flight > 0)
        g_main_context_iteration (self->context, TRUE);
    }
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  g_clear_object (&self->session);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->fetch_cancel);
}

static guint
rill_crawl_src_create_batch (RillSource    *source,
                             RillDoc      **docs,
                             guint          max,
                             GCancellable  *cancellable,
                             GError       **error)
{
  RillCrawlSrc *self = RILL_CRAWL_SRC (source);
  GSource *wake = NULL;
  guint n = 0;

  if (self->context == NULL)
    {
      self->context = g_main_context_new ();
      self->fetch_cancel = g_cancellable_new ();
      g_main_context_push_thread_default (self->context);
      self->session = soup_session_new_with_options ("user-agent", self->user_agent,
                                                     "timeout", self->timeout,
                                                     "max-conns", MAX (self->concurrency, 2),
                                                     "max-conns-per-host", self->concurrency,
                                                     NULL);
      g_main_context_pop_thread_default (self->context);
    }

  g_main_context_push_thread_default (self->context);
  if (cancellable != NULL)
    {
      wake = g_cancellable_source_new (cancellable);
      g_source_set_callback (wake, G_SOURCE_FUNC (on_cancelled), self, NULL);
      g_source_attach (wake, self->context);
    }
  for (;;)
    {
      if (!g_queue_is_empty (&self->ready) || g_cancellable_is_cancelled (cancellable))
        break;
      dispatch (self);
      if (!g_queue_is_empty (&self->ready))
        break;
      if (self->in_flight == 0 && self->timer == NULL)
        break;                  /* nothing left: the crawl is over */
      g_main_context_iteration (self->context, TRUE);
    }
  if (wake != NULL)
    {
      g_source_destroy (wake);
      g_source_unref (wake);
    }
  g_main_context_pop_thread_default (self->context);

  if (!g_cancellable_is_cancelled (cancellable))
    while (n < max && !g_queue_is_empty (&self->ready))
      docs[n++] = g_queue_pop_head (&self->ready);
  if (n == 0)
    {
      if (self->disallowed > 0 && !g_cancellable_is_cancelled (cancellable))
        rill_element_report_warning (RILL_ELEMENT (self),
                                     "%" G_GUINT64_FORMAT " URLs in scope were not fetched: "
                                     "disallowed by robots.txt", self->disallowed);
      teardown (self);
    }
  return n;
}

static void
reset (RillCrawlSrc *self)
{
  g_clear_pointer (&self->allow_re, g_regex_unref);
  g_clear_pointer (&self->deny_re, g_regex_unref);
  g_clear_pointer (&self->scopes, g_ptr_array_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->hosts, g_hash_table_unref);
  g_queue_clear_full (&self->frontier, (GDestroyNotify) entry_free);
  g_queue_clear_full (&self->ready, (GDestroyNotify) rill_doc_unref);
  self->in_flight = 0;
  self->started = 0;
  self->disallowed = 0;
}

static gboolean
add_seed (RillCrawlSrc  *self,
          const char    *seed,
          GError       **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (seed));
  g_autofree char *canonical = NULL;
  g_autofree char *host = NULL;

  if (*trimmed == '\0' || *trimmed == '#')
    return TRUE;
  canonical = rill_crawl_canonicalize (trimmed);
  if (canonical == NULL)
    {
      g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED,
                   "seed '%s' is not an absolute http(s) URL", trimmed);
      return FALSE;
    }
  host = host_of (canonical);
  g_ptr_array_add (self->scopes, scope_of_seed (self, canonical, host));
  enqueue (self, trimmed, 0, NULL, FALSE);
  return TRUE;
}

static GRegex *
compile (const char  *name,
         const char  *pattern,
         GError     **error)
{
  g_autoptr(GError) local = NULL;
  GRegex *re;

  if (pattern == NULL || *pattern == '\0')
    return NULL;
  re = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &local);
  if (re == NULL)
    g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED,
                 "%s: invalid regular expression: %s", name, local->message);
  return re;
}

static gboolean
rill_crawl_src_start (RillElement  *element,
                      GError      **error)
{
  RillCrawlSrc *self = RILL_CRAWL_SRC (element);
  GError *local = NULL;

  reset (self);
  self->scopes = g_ptr_array_new_with_free_func (g_free);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) host_free);

  self->allow_re = compile ("allow", self->allow, &local);
  if (local == NULL)
    self->deny_re = compile ("deny", self->deny, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (self->scope == RILL_CRAWL_SCOPE_REGEX && self->allow_re == NULL)
    {
      g_set_error_literal (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED,
                           "scope=regex needs an allow pattern");
      return FALSE;
    }

  for (guint i = 0; self->seeds != NULL && self->seeds[i] != NULL; i++)
    if (!add_seed (self, self->seeds[i], error))
      return FALSE;
  if (self->seeds_location != NULL)
    {
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_file_get_contents (self->seeds_location, &contents, NULL, &local))
        {
          g_set_error (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED,
                       "seeds-location: %s", local->message);
          g_error_free (local);
          return FALSE;
        }
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (!add_seed (self, lines[i], error))
          return FALSE;
    }
  if (g_queue_is_empty (&self->frontier))
    {
      g_set_error_literal (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_FAILED,
                           "no seeds: set seeds or seeds-location");
      return FALSE;
    }
  return TRUE;
}

static gboolean
rill_crawl_src_stop (RillElement  *element,
                     GError      **error)
{
  RillCrawlSrc *self = RILL_CRAWL_SRC (element);

  teardown (self);
  reset (self);
  return TRUE;
}

static void
rill_crawl_src_finalize (GObject *object)
{
  RillCrawlSrc *self = RILL_CRAWL_SRC (object);

  teardown (self);
  reset (self);
  g_strfreev (self->seeds);
  g_free (self->seeds_location);
  g_free (self->allow);
  g_free (self->deny);
  g_free (self->user_agent);

  G_OBJECT_CLASS (rill_crawl_src_parent_class)->finalize (object);
}

static void
rill_crawl_src_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RillCrawlSrc *self = RILL_CRAWL_SRC (object);

  switch (prop_id)
    {
    case PROP_SEEDS:
      g_value_set_boxed (value, self->seeds);
      break;
    case PROP_SEEDS_LOCATION:
      g_value_set_string (value, self->seeds_location);
      break;
    case PROP_SCOPE:
      g_value_set_enum (value, self->scope);
      break;
    case PROP_ALLOW:
      g_value_set_string (value, self->allow);
      break;
    case PROP_DENY:
      g_value_set_string (value, self->deny);
      break;
    case PROP_MAX_DEPTH:
      g_value_set_int (value, self->max_depth);
      break;
    case PROP_MAX_PAGES:
      g_value_set_uint64 (value, self->max_pages);
      break;
    case PROP_DELAY:
      g_value_set_uint (value, self->delay);
      break;
    case PROP_CONCURRENCY:
      g_value_set_uint (value, self->concurrency);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_MAX_SIZE:
      g_value_set_uint64 (value, self->max_size);
      break;
    case PROP_USER_AGENT:
      g_value_set_string (value, self->user_agent);
      break;
    case PROP_ROBOTS:
      g_value_set_boolean (value, self->robots);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_crawl_src_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RillCrawlSrc *self = RILL_CRAWL_SRC (object);

  switch (prop_id)
    {
    case PROP_SEEDS:
      g_strfreev (self->seeds);
      self->seeds = g_value_dup_boxed (value);
      break;
    case PROP_SEEDS_LOCATION:
      g_free (self->seeds_location);
      self->seeds_location = g_value_dup_string (value);
      break;
    case PROP_SCOPE:
      self->scope = g_value_get_enum (value);
      break;
    case PROP_ALLOW:
      g_free (self->allow);
      self->allow = g_value_dup_string (value);
      break;
    case PROP_DENY:
      g_free (self->deny);
      self->deny = g_value_dup_string (value);
      break;
    case PROP_MAX_DEPTH:
      self->max_depth = g_value_get_int (value);
      break;
    case PROP_MAX_PAGES:
      self->max_pages = g_value_get_uint64 (value);
      break;
    case PROP_DELAY:
      self->delay = g_value_get_uint (value);
      break;
    case PROP_CONCURRENCY:
      self->concurrency = g_value_get_uint (value);
      break;
    case PROP_TIMEOUT:
      self->timeout = g_value_get_uint (value);
      break;
    case PROP_MAX_SIZE:
      self->max_size = g_value_get_uint64 (value);
      break;
    case PROP_USER_AGENT:
      g_free (self->user_agent);
      self->user_agent = g_value_dup_string (value);
      break;
    case PROP_ROBOTS:
      self->robots = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_crawl_src_class_init (RillCrawlSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillSourceClass *source_class = RILL_SOURCE_CLASS (klass);

  object_class->finalize = rill_crawl_src_finalize;
  object_class->get_property = rill_crawl_src_get_property;
  object_class->set_property = rill_crawl_src_set_property;

  element_class->start = rill_crawl_src_start;
  element_class->stop = rill_crawl_src_stop;
  source_class->create_batch = rill_crawl_src_create_batch;

  /**
   * RillCrawlSrc:seeds:
   *
   * The URLs the crawl starts from (depth 0); they also define the
   * scope.
   */
  properties[PROP_SEEDS] =
    g_param_spec_boxed ("seeds", "Seeds",
                        "URLs the crawl starts from (comma-separated on a "
                        "launch line); they also define the scope",
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * RillCrawlSrc:seeds-location:
   *
   * A file of seed URLs, one per line; blank lines and lines starting
   * with `#` are skipped. Used together with [property@CrawlSrc:seeds].
   */
  properties[PROP_SEEDS_LOCATION] =
    g_param_spec_string ("seeds-location", "Seeds file",
                         "File of seed URLs, one per line (# starts a "
                         "comment line)",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * RillCrawlSrc:scope:
   *
   * Which links are followed, relative to the seeds.
   */
  properties[PROP_SCOPE] =
    g_param_spec_enum ("scope", "Scope",
                       "Links to follow: host (a seed's host), domain (and "
                       "its subdomains), prefix (below a seed's directory), "
                       "regex (only what allow matches)",
                       RILL_TYPE_CRAWL_SCOPE, RILL_CRAWL_SCOPE_HOST,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  properties[PROP_ALLOW] =
    g_param_spec_string ("allow", "Allow",
                         "Regular expression a canonical URL must match to "
                         "be followed (in addition to the scope)",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  properties[PROP_DENY] =
    g_param_spec_string ("deny", "Deny",
                         "Regular expression of canonical URLs never to "
                         "follow",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  properties[PROP_MAX_DEPTH] =
    g_param_spec_int ("max-depth", "Maximum depth",
                      "Follow links up to this many clicks from a seed "
                      "(0: the seeds only; -1: no limit)",
                      -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  properties[PROP_MAX_PAGES] =
    g_param_spec_uint64 ("max-pages", "Maximum pages",
                         "Requests to make at most, redirects not counted "
                         "(0: no limit)",
                         0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  properties[PROP_DELAY] =
    g_param_spec_uint ("delay", "Delay",
                       "Milliseconds between the starts of two requests to "
                       "the same host (0: no delay)",
                       0, 3600 * 1000, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  properties[PROP_CONCURRENCY] =
    g_param_spec_uint ("concurrency", "Concurrency",
                       "Requests in flight at most",
                       1, 1024, 8,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", "Timeout",
                       "Seconds a connection may stay silent before the "
                       "request fails (0: no limit)",
                       0, 3600, 30,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  properties[PROP_MAX_SIZE] =
    g_param_spec_uint64 ("max-size", "Maximum size",
                         "Largest body in bytes; a larger page fails",
                         1, G_MAXUINT64, 16 * 1024 * 1024,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  properties[PROP_USER_AGENT] =
    g_param_spec_string ("user-agent", "User agent",
                         "User-Agent header of every request",
                         DEFAULT_USER_AGENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * RillCrawlSrc:robots:
   *
   * Whether to fetch `/robots.txt` once per origin before its first page
   * and leave out the URLs it disallows to the product token of
   * [property@CrawlSrc:user-agent] (up to its first `/`). Its
   * `Crawl-delay` becomes the origin's delay when longer than
   * [property@CrawlSrc:delay]. A robots.txt that cannot be fetched
   * allows everything.
   */
  properties[PROP_ROBOTS] =
    g_param_spec_boolean ("robots", "Obey robots.txt",
                          "Fetch /robots.txt once per origin and leave out "
                          "the URLs it disallows; its Crawl-delay is obeyed",
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "Crawler",
                                   "Source/Network",
                                   "Crawls from seed URLs within a scope, "
                                   "depth and page budget, and puts out "
                                   "every page fetched",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, NULL,
                               "text/html; text/plain; application/xml; "
                               "application/rss+xml; application/atom+xml; "
                               "application/feed+json");
}

static void
rill_crawl_src_init (RillCrawlSrc *self)
{
  self->scope = RILL_CRAWL_SCOPE_HOST;
  self->max_depth = -1;
  self->concurrency = 8;
  self->timeout = 30;
  self->max_size = 16 * 1024 * 1024;
  self->user_agent = g_strdup (DEFAULT_USER_AGENT);
  self->robots = TRUE;
}
