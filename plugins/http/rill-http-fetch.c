/* rill-http-fetch.c: fetches the url of each doc over HTTP (libsoup 3)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-http-elements.h"

#include <string.h>
#include <libsoup/soup.h>

#include "rill-body-pool.h"
#include "rill-charset.h"
#include "rill-http-cache.h"
#include "rill-http1-client.h"
#include "rill-robots.h"

/**
 * RillHttpFetch:
 *
 * `http-fetch` takes docs with a `url` and fetches them with GET, many at
 * once (`concurrency`), politely (at most `per-host` requests to one host
 * at a time, `delay` seconds apart, robots.txt obeyed), and passes each
 * doc on with:
 *
 * - `final-url`: the URL that answered (after redirects)
 * - `status` (int): the HTTP status
 * - `content-type`: the media type, lower-case, without parameters
 * - `charset`: how to decode `body` (for textual types): the byte order
 *   mark, else the header's `charset`, else `<meta charset>` or
 *   `http-equiv` in the first 4 KB, else UTF-8 if the bytes are valid
 *   UTF-8, else uchardet's guess; normalized and lower-case
 *   (`windows-1251`, `koi8-r`, `utf-8`)
 * - `headers`: a nested doc, lower-case header name → value (repeated
 *   headers joined with `, `)
 * - `body` (bytes): the decoded body (`Accept-Encoding: gzip, deflate,
 *   br` is sent, over plain HTTP too)
 * - `fetched-at`: ISO 8601 UTC time of the response
 * - `redirects` (string list): when redirected, the URLs that answered
 *   with a redirect, in order (the first is `url`; `final-url` is not in
 *   it)
 *
 * Redirects (301, 302, 303, 307, 308) are followed by the element itself,
 * each hop queued behind its own host's limits and checked against its
 * robots.txt; more than `max-redirects` hops, or a hop back to a URL of
 * the chain, fails the doc naming the chain.
 *
 * Network errors (refused, reset, timed out), 408, 429 and 5xx (but 501)
 * are retried up to `retries` times, after `backoff` × 2^attempt seconds
 * with ±50 % jitter, or after the server's `Retry-After` (seconds or an
 * HTTP date) when it sends one; a `Retry-After` also holds back every
 * other request to that host until it has passed. A `Retry-After` longer
 * than 10 minutes is not waited for: the doc fails. 404, 410 and other
 * 4xx are never retried. An HTTP error left after the retries fails the
 * doc with an error naming the URL and the status (so it lands in the
 * dead-letter file), unless `keep-errors=true`, which passes it on with
 * its `status` and `body`.
 *
 * `max-size` applies to the decoded body, counted while it is read: a
 * larger body (or a gzip bomb) is aborted and the doc fails naming the
 * URL and the limit. `timeout` bounds each attempt as a whole (connect,
 * headers and body).
 *
 * With `robots=true` (the default), `/robots.txt` is fetched once per
 * host (scheme, host, port) before its first request, and kept for the
 * run: URLs it disallows to our product token (the `user-agent` up to its
 * first `/`, else `*`) are filtered with the reason "disallowed by
 * robots.txt", and its `Crawl-delay` becomes the host's delay when it is
 * longer than `delay`. A robots.txt that cannot be fetched (4xx, 5xx,
 * network error) allows everything, as in Scrapy.
 *
 * With `cache=PATH`, the ETag and Last-Modified of every 200 response are
 * kept per URL in an SQLite file and sent back as If-None-Match and
 * If-Modified-Since by later runs; a 304 answer filters the doc with the
 * reason "not modified".
 *
 * ## Clients
 *
 * With `client=auto` (the default), `http://` URLs are fetched with
 * Rill's own HTTP/1.1 client (rill-http1-client.c): kept-alive
 * connections per host, chunked bodies, gzip, deflate and br decoded
 * straight into the body buffer, at about a third of libsoup's CPU a
 * page. `https://` URLs, and every URL when a proxy is set in the
 * environment (`http_proxy`, `all_proxy`), go through libsoup 3, as
 * does robots.txt; `client=libsoup` sends everything through libsoup.
 * Both give the same docs: the policy above is the element's, whichever
 * client carries the exchange.
 *
 * ## Threads
 *
 * Every decision is taken on the pipeline's I/O thread, where async
 * elements run: per-host queues and limits, delays, robots.txt (fetched
 * there), retries and backoff, redirects, timeouts, the cache (SQLite,
 * opened without a mutex, touched there only) and the accounting. With
 * `io-threads=1` the exchanges run there too. With more, only the
 * exchange itself runs on "lanes", threads of the element's own, each
 * with its GMainContext, GMainLoop, SoupSessions (made in that
 * context, as libsoup 3 wants) and HTTP/1.1 client: sending the request, reading and
 * decoding the body into a buffer of the body pool (locked), detecting
 * the charset, copying the headers into a doc and deciding from the
 * status and headers whether the body is wanted (a redirect, 304, a
 * retryable or failing status, a Content-Length over `max-size` are
 * not read). A request goes to the lane with the fewest in flight; it
 * belongs to one thread at a time: the lane from the hand-off until it
 * hands the outcome back, the I/O thread otherwise. Hand-offs made
 * during one main loop iteration go over together, with one lock and
 * one wakeup each way. Timeouts and cancellation stay on the I/O
 * thread (timers, the run's cancellable); they cancel the attempt's
 * GCancellable through an idle source on the lane (cancelling it from
 * the I/O thread is allowed, but GLib 2.74 then leaks now and then a
 * GCancellableSource disposed on the lane at the same moment); the lane
 * sees the error and hands back. Hosts with a `delay` (or Crawl-delay)
 * are fetched on the I/O thread whatever `io-threads` says, so that the
 * spacing is kept to the server without a hand-off's latency.
 */

#define RILL_TYPE_HTTP_FETCH (rill_http_fetch_get_type ())
G_DECLARE_FINAL_TYPE (RillHttpFetch, rill_http_fetch, RILL, HTTP_FETCH, RillTransform)

/* robots.txt read size; the first buffer of a body without a
 * Content-Length (bodies with one are read into one buffer). */
#define READ_CHUNK (64 * 1024)
/* Free body buffers kept for reuse: at most this many bytes per request
 * in flight, and this many bytes in all. */
#define POOL_BYTES_PER_REQUEST (256 * 1024)
#define POOL_MAX_BYTES (64 * 1024 * 1024)
/* robots.txt is truncated beyond this, as Google does. */
#define ROBOTS_MAX_SIZE (512 * 1024)
/* A Retry-After longer than this is not waited for. */
#define MAX_RETRY_AFTER_S 600
/* The longest backoff between retries. */
#define MAX_BACKOFF_S 60.0

/* Messages in flight per SoupSession, and sessions at most. */
#define MESSAGES_PER_SESSION 8
#define MAX_SESSIONS 32

/* Lanes chosen by io-threads=0: one per two CPUs and at least 2 (with
 * 2 CPUs or more), at most this many, and at most one per
 * MESSAGES_PER_SESSION requests in flight. */
#define MAX_AUTO_LANES 4

#define DEFAULT_USER_AGENT "Rill/" RILL_VERSION_S " (+https://rill.example)"

typedef struct _Host Host;
typedef struct _Request Request;
typedef struct _Lane Lane;

struct _RillHttpFetch
{
  RillTransform parent_instance;

  /* properties */
  guint concurrency;
  guint per_host;
  double delay;
  guint timeout;
  guint retries;
  double backoff;
  guint64 max_size;
  guint max_redirects;
  char *user_agent;
  GStrv headers;
  gboolean robots;
  char *cache_path;
  gboolean keep_errors;
  guint io_threads;
  RillHttpClientKind client;

  /* state of a run; everything below is used on the I/O thread only,
   * except cache (opened in start), pool (locked) and the done mailbox
   * (locked) */
  char *agent_token;
  RillHttpCache *cache;
  RillBodyPool *pool;            /* shared with the bodies handed on */
  SoupSession *session;          /* sessions[0]: robots.txt */
  gboolean use_http1;            /* http:// goes over RillHttp1Client */
  RillHttp1Client *http1;        /* the inline lanes', on the I/O thread */
  GPtrArray *sessions;           /* SoupSession, on the I/O thread */
  GMainContext *context;
  Lane **lanes;
  guint n_lanes;
  guint next_lane;
  Lane *io_lane;                 /* inline, on self->sessions */
  /* exchanges handed back by threaded lanes */
  GMutex done_lock;
  GPtrArray *done;               /* Request */
  gboolean done_scheduled;
  gboolean outgoing_scheduled;   /* I/O thread only */
  GHashTable *hosts;             /* key → Host */
  GHashTable *live;              /* Request set */
  GCancellable *run_cancellable;
  gulong cancel_id;
  gboolean cancelled;
};

typedef enum {
  ROBOTS_UNKNOWN,
  ROBOTS_FETCHING,
  ROBOTS_READY,
} RobotsState;

struct _Host
{
  guint ref;                     /* the table's, and a robots fetch's */
  gboolean dead;                 /* the run is over */
  RillHttpFetch *self;
  char *key;                     /* scheme://host:port */
  guint active;
  GQueue waiting;                /* Request */
  gint64 next_start_us;          /* monotonic */
  double delay;
  GSource *timer;
  gboolean pumping;
  gboolean repump;
  RobotsState robots_state;
  RillRobots *robots;
  SoupMessage *robots_msg;
  GCancellable *robots_cancellable;
  GSource *robots_deadline;
  GByteArray *robots_buf;
  GInputStream *robots_stream;
};

typedef enum {
  REQ_QUEUED,
  REQ_RUNNING,
  REQ_BACKOFF,
} RequestState;

/* What the answer to an attempt calls for, decided on the lane when
 * its headers are in (only ACT_BODY reads the body). */
typedef enum {
  ACT_BODY,
  ACT_REDIRECT,
  ACT_NOT_MODIFIED,
  ACT_RETRY,
  ACT_HTTP_ERROR,
  ACT_TOO_LARGE,
} ResponseAction;

/* A lane runs HTTP exchanges: its sessions live in its context. The
 * inline lane (io-threads=1) is the I/O thread itself: its context is
 * the pipeline's and it hands requests on and back by plain calls.
 * Threaded lanes run a GMainLoop on a thread of their own and take
 * requests through their inbox. */
struct _Lane
{
  RillHttpFetch *self;
  GMainContext *context;
  GMainLoop *loop;               /* NULL for the inline lane */
  GThread *thread;
  GPtrArray *sessions;           /* SoupSession, used on the lane only */
  RillHttp1Client *http1;        /* used on the lane only */
  guint n_sessions;
  guint next_session;
  guint load;                    /* requests on it; I/O thread only */
  GMutex lock;
  GPtrArray *inbox;              /* Request, under lock */
  gboolean inbox_scheduled;
  /* Hand-offs are gathered while a thread dispatches and passed on at
   * the end of its main loop iteration, one lock and one wakeup for
   * all: */
  GPtrArray *outgoing;           /* Request for the lane; I/O thread only */
  GPtrArray *finished;           /* Request for the I/O thread; lane only */
  gboolean finished_scheduled;   /* lane only */
  gboolean ready;                /* sessions made; under lock */
  GCond ready_cond;
};

struct _Request
{
  RillHttpFetch *self;
  GTask *task;
  RillDoc *doc;
  GUri *uri;
  char *uri_string;
  Host *host;
  RequestState state;
  guint attempt;
  GPtrArray *chain;              /* URLs that redirected */
  gboolean http1;                /* this attempt is RillHttp1Client's */
  SoupMessage *msg;              /* else libsoup's */
  SoupMessageHeaders *request_headers;
  SoupMessageHeaders *response_headers;
  GInputStream *stream;
  RillBodyBlock *body;           /* from self->pool */
  gsize body_len;                /* bytes of body read */
  gsize expected;                /* Content-Length of an unencoded body, or 0 */
  GCancellable *cancellable;     /* of this attempt */
  GSource *deadline;
  GSource *retry_timer;
  gboolean timed_out;

  /* The exchange. From request_start() until exchange_done(), the
   * fields below (and msg, stream, body) belong to the lane; the I/O
   * thread touches none of them, nor anything the lane writes. */
  Lane *lane;
  GError *error;                 /* network error */
  GSource *read_source;          /* waits for a pollable body */
  guint status;
  ResponseAction action;
  double retry_after;
  goffset content_length;
  gboolean too_big;
  char *location;
  char *etag;
  char *last_modified;
  char *mime;
  char *charset;
  GBytes *body_bytes;
  RillDoc *headers_doc;
  char *fetched_at;
};

enum {
  PROP_0,
  PROP_CONCURRENCY,
  PROP_PER_HOST,
  PROP_DELAY,
  PROP_TIMEOUT,
  PROP_RETRIES,
  PROP_BACKOFF,
  PROP_MAX_SIZE,
  PROP_MAX_REDIRECTS,
  PROP_USER_AGENT,
  PROP_HEADERS,
  PROP_ROBOTS,
  PROP_CACHE,
  PROP_KEEP_ERRORS,
  PROP_IO_THREADS,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillHttpFetch, rill_http_fetch, RILL_TYPE_TRANSFORM)

static void host_pump (Host *host);
static gboolean host_timer_fire (gpointer data);
static void request_enqueue (Request *req);
static void robots_fetch (Host *host);

/* ---- hosts ------------------------------------------------------------ */

static void
host_unref (Host *host)
{
  if (--host->ref > 0)
    return;
  if (host->timer != NULL)
    {
      g_source_destroy (host->timer);
      g_source_unref (host->timer);
    }
  if (host->robots_deadline != NULL)
    {
      g_source_destroy (host->robots_deadline);
      g_source_unref (host->robots_deadline);
    }
  g_clear_object (&host->robots_cancellable);
  g_clear_object (&host->robots_msg);
  g_clear_object (&host->robots_stream);
  g_clear_pointer (&host->robots_buf, g_byte_array_unref);
  rill_robots_free (host->robots);
  g_free (host->key);
  g_free (host);
}

static char *
host_key (GUri *uri)
{
  int port = g_uri_get_port (uri);
  const char *scheme = g_uri_get_scheme (uri);

  if (port < 0)
    port = g_ascii_strcasecmp (scheme, "https") == 0 ? 443 : 80;
  return g_strdup_printf ("%s://%s:%d", scheme, g_uri_get_host (uri), port);
}

static Host *
host_get (RillHttpFetch *self,
          GUri          *uri)
{
  g_autofree char *key = host_key (uri);
  Host *host = g_hash_table_lookup (self->hosts, key);

  if (host == NULL)
    {
      host = g_new0 (Host, 1);
      host->ref = 1;
      host->self = self;
      host->key = g_steal_pointer (&key);
      host->delay = self->delay;
      host->robots_state = self->robots ? ROBOTS_UNKNOWN : ROBOTS_READY;
      g_queue_init (&host->waiting);
      g_hash_table_insert (self->hosts, host->key, host);
    }
  return host;
}

/* ---- finishing a request ---------------------------------------------- */

/* The results of the last exchange. */
static void
request_clear_exchange (Request *req)
{
  g_clear_error (&req->error);
  g_clear_pointer (&req->location, g_free);
  g_clear_pointer (&req->etag, g_free);
  g_clear_pointer (&req->last_modified, g_free);
  g_clear_pointer (&req->mime, g_free);
  g_clear_pointer (&req->charset, g_free);
  g_clear_pointer (&req->body_bytes, g_bytes_unref);
  g_clear_pointer (&req->headers_doc, rill_doc_unref);
  g_clear_pointer (&req->fetched_at, g_free);
  req->too_big = FALSE;
  req->status = 0;
}

static void
request_free (Request *req)
{
  if (req->deadline != NULL)
    {
      g_source_destroy (req->deadline);
      g_source_unref (req->deadline);
    }
  if (req->retry_timer != NULL)
    {
      g_source_destroy (req->retry_timer);
      g_source_unref (req->retry_timer);
    }
  g_clear_object (&req->msg);
  g_clear_pointer (&req->request_headers, soup_message_headers_unref);
  g_clear_pointer (&req->response_headers, soup_message_headers_unref);
  g_clear_object (&req->stream);
  g_clear_object (&req->cancellable);
  g_clear_pointer (&req->body, rill_body_block_release);
  g_clear_pointer (&req->chain, g_ptr_array_unref);
  g_clear_pointer (&req->uri, g_uri_unref);
  g_free (req->uri_string);
  request_clear_exchange (req);
  rill_doc_unref (req->doc);
  g_free (req);
}

/* Ends @req with @doc (transfer full) or @error (transfer full). */
static void
request_finish (Request *req,
                RillDoc *doc,
                GError  *error)
{
  GTask *task = req->task;

  g_hash_table_remove (req->self->live, req);
  request_free (req);
  if (doc != NULL)
    g_task_return_pointer (task, doc, (GDestroyNotify) rill_doc_unref);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

static void
request_fail (Request    *req,
              gint        code,
              const char *format,
              ...) G_GNUC_PRINTF (3, 4);

static void
request_fail (Request    *req,
              gint        code,
              const char *format,
              ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  request_finish (req, NULL, g_error_new_literal (RILL_DOC_ERROR, code, message));
}

/* Gives back @req's slot on its host. */
static void
request_release (Request *req)
{
  Host *host = req->host;

  if (req->state != REQ_RUNNING)
    return;
  req->state = REQ_QUEUED;
  if (req->deadline != NULL)
    {
      g_source_destroy (req->deadline);
      g_clear_pointer (&req->deadline, g_source_unref);
    }
  g_clear_object (&req->stream);
  g_clear_object (&req->msg);
  g_clear_pointer (&req->request_headers, soup_message_headers_unref);
  g_clear_object (&req->cancellable);
  req->host = NULL;
  host->active--;
  /* Not at once: we may be deep inside a callback of this host. */
  if (host->timer == NULL)
    {
      host->timer = g_timeout_source_new (0);
      g_source_set_callback (host->timer, host_timer_fire, host, NULL);
      g_source_attach (host->timer, host->self->context);
    }
}

/* ---- retries ---------------------------------------------------------- */

static gboolean
retry_fire (gpointer data)
{
  Request *req = data;

  g_clear_pointer (&req->retry_timer, g_source_unref);
  request_enqueue (req);
  return G_SOURCE_REMOVE;
}

/* Parses Retry-After; returns seconds, or -1. */
static double
parse_retry_after (const char *value)
{
  char *end = NULL;
  gint64 secs;

  if (value == NULL)
    return -1;
  secs = g_ascii_strtoll (value, &end, 10);
  if (end != value && *end == '\0' && secs >= 0)
    return (double) secs;
  {
    g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    if (when == NULL)
      return -1;
    return MAX (0, g_date_time_difference (when, now) / (double) G_USEC_PER_SEC);
  }
}

/* Whether @req may be tried once more after waiting @retry_after
 * seconds (negative: no Retry-After). */
static gboolean
request_can_retry (Request *req,
                   double   retry_after)
{
  return req->attempt < req->self->retries && !req->self->cancelled &&
         retry_after <= MAX_RETRY_AFTER_S;
}

/* Schedules the next attempt of @req, which has given back its slot on
 * @host. */
static void
request_schedule_retry (Request *req,
                        Host    *host,
                        double   retry_after)
{
  RillHttpFetch *self = req->self;
  double wait;

  if (retry_after >= 0)
    {
      wait = retry_after;
      /* The whole host is asked to slow down. */
      host->next_start_us = MAX (host->next_start_us,
                                 g_get_monotonic_time () + (gint64) (wait * G_USEC_PER_SEC));
    }
  else
    wait = MIN (MAX_BACKOFF_S, self->backoff * (1u << MIN (req->attempt, 16)) *
                g_random_double_range (0.5, 1.5));
  req->attempt++;
  req->state = REQ_BACKOFF;
  req->retry_timer = g_timeout_source_new ((guint) (wait * 1000 + 0.5));
  g_source_set_callback (req->retry_timer, retry_fire, req, NULL);
  g_source_attach (req->retry_timer, self->context);
}

/* A network-level failure of the running attempt. */
static void
request_network_error (Request *req,
                       GError  *error)
{
  RillHttpFetch *self = req->self;
  Host *host = req->host;
  gboolean timed_out = req->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_autofree char *message = NULL;

  if (self->cancelled)
    {
      request_release (req);
      request_fail (req, RILL_DOC_ERROR_CANCELLED, "%s: cancelled", req->uri_string);
      return;
    }
  if (timed_out)
    message = g_strdup_printf ("%s: timed out after %u s", req->uri_string, self->timeout);
  else
    message = g_strdup_printf ("%s: %s", req->uri_string, error->message);
  req->timed_out = FALSE;
  request_release (req);
  if (request_can_retry (req, -1))
    {
      request_schedule_retry (req, host, -1);
      return;
    }
  if (req->attempt > 0)
    request_fail (req, RILL_DOC_ERROR_FAILED, "%s (after %u attempts)", message, req->attempt + 1);
  else
    request_fail (req, RILL_DOC_ERROR_FAILED, "%s", message);
}

/* ---- completing a response -------------------------------------------- */

/* On the I/O thread: passes the doc on with what the lane found. */
static void
request_complete (Request *req)
{
  RillHttpFetch *self = req->self;
  RillDoc *doc = rill_doc_ref (req->doc);

  if (self->cache != NULL && req->status == SOUP_STATUS_OK &&
      (req->etag != NULL || req->last_modified != NULL))
    {
      g_autoptr(GError) error = NULL;

      if (!rill_http_cache_store (self->cache, req->uri_string, req->etag, req->last_modified,
                                  &error))
        rill_element_report_warning (RILL_ELEMENT (self), "%s", error->message);
    }

  rill_doc_set_string (doc, RILL_FIELD_FINAL_URL, req->uri_string);
  rill_doc_set_int (doc, RILL_FIELD_STATUS, req->status);
  if (req->mime != NULL)
    rill_doc_take_string (doc, RILL_FIELD_CONTENT_TYPE, g_steal_pointer (&req->mime));
  else
    rill_doc_remove_field (doc, RILL_FIELD_CONTENT_TYPE);
  if (req->charset != NULL)
    rill_doc_take_string (doc, RILL_FIELD_CHARSET, g_steal_pointer (&req->charset));
  else
    rill_doc_remove_field (doc, RILL_FIELD_CHARSET);
  rill_doc_set_doc (doc, "headers", req->headers_doc);
  rill_doc_take_bytes (doc, RILL_FIELD_BODY, g_steal_pointer (&req->body_bytes));
  rill_doc_take_string (doc, RILL_FIELD_FETCHED_AT, g_steal_pointer (&req->fetched_at));
  if (req->chain != NULL && req->chain->len > 0)
    {
      g_ptr_array_add (req->chain, NULL);
      rill_doc_set_strv (doc, "redirects", (const char * const *) req->chain->pdata);
      g_ptr_array_remove_index (req->chain, req->chain->len - 1);
    }

  request_release (req);
  request_finish (req, doc, NULL);
}

static gboolean
is_redirect (guint status)
{
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

static gboolean
is_retryable (guint status)
{
  return status == 408 || status == 429 || (status >= 500 && status <= 599 && status != 501);
}

static void
handle_redirect (Request    *req,
                 const char *location)
{
  RillHttpFetch *self = req->self;
  g_autoptr(GUri) next = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next_string = NULL;
  const char *scheme;

  next = g_uri_parse_relative (req->uri, location, SOUP_HTTP_URI_FLAGS, &error);
  if (next == NULL)
    {
      request_fail (req, RILL_DOC_ERROR_FAILED, "%s: bad redirect location '%s': %s",
                    req->uri_string, location, error->message);
      return;
    }
  scheme = g_uri_get_scheme (next);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      request_fail (req, RILL_DOC_ERROR_FAILED, "%s: redirect to a non-HTTP URL '%s'",
                    req->uri_string, location);
      return;
    }
  {
    /* Drop the fragment; it is not sent. */
    g_autoptr(GUri) tmp = soup_uri_copy (next, SOUP_URI_FRAGMENT, NULL, SOUP_URI_NONE);

    g_uri_unref (next);
    next = g_steal_pointer (&tmp);
  }
  next_string = g_uri_to_string (next);

  if (req->chain == NULL)
    req->chain = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (req->chain, g_strdup (req->uri_string));

  for (guint i = 0; i < req->chain->len; i++)
    if (strcmp (req->chain->pdata[i], next_string) == 0)
      {
        g_autoptr(GString) s = g_string_new (NULL);

        for (guint j = 0; j < req->chain->len; j++)
          g_string_append_printf (s, "%s -> ", (char *) req->chain->pdata[j]);
        g_string_append (s, next_string);
        request_fail (req, RILL_DOC_ERROR_FAILED, "%s: redirect loop: %s",
                      (char *) req->chain->pdata[0], s->str);
        return;
      }
  if (req->chain->len > self->max_redirects)
    {
      request_fail (req, RILL_DOC_ERROR_FAILED, "%s: more than %u redirects (last to %s)",
                    (char *) req->chain->pdata[0], self->max_redirects, next_string);
      return;
    }

  g_uri_unref (req->uri);
  req->uri = g_steal_pointer (&next);
  g_free (req->uri_string);
  req->uri_string = g_steal_pointer (&next_string);
  req->attempt = 0;
  request_enqueue (req);
}

/* On the I/O thread: the lane is done with @req's exchange; every
 * decision on its outcome is taken here. */
static void
exchange_done (Request *req)
{
  RillHttpFetch *self = req->self;
  Host *host = req->host;

  req->lane->load--;
  req->lane = NULL;
  if (req->error != NULL)
    {
      g_autoptr(GError) error = g_steal_pointer (&req->error);

      request_network_error (req, error);
      return;
    }
  switch (req->action)
    {
    case ACT_REDIRECT:
      {
        g_autofree char *location = g_steal_pointer (&req->location);

        request_release (req);
        request_clear_exchange (req);
        handle_redirect (req, location);
        return;
      }
    case ACT_NOT_MODIFIED:
      request_release (req);
      request_fail (req, RILL_DOC_ERROR_FILTERED, "not modified");
      return;
    case ACT_RETRY:
      request_release (req);
      if (self->cancelled)
        {
          request_fail (req, RILL_DOC_ERROR_CANCELLED, "%s: cancelled", req->uri_string);
          return;
        }
      request_clear_exchange (req);
      request_schedule_retry (req, host, req->retry_after);
      return;
    case ACT_HTTP_ERROR:
      request_release (req);
      request_fail (req, RILL_DOC_ERROR_FAILED, "%s: HTTP %u %s%s",
                    req->uri_string, req->status, soup_status_get_phrase (req->status),
                    req->attempt > 0 ? " (after retries)" : "");
      return;
    case ACT_TOO_LARGE:
      request_release (req);
      request_fail (req, RILL_DOC_ERROR_FAILED,
                    "%s: body larger than max-size (%" G_GUINT64_FORMAT " bytes; "
                    "Content-Length is %" G_GINT64_FORMAT ")",
                    req->uri_string, self->max_size, (gint64) req->content_length);
      return;
    case ACT_BODY:
      if (req->too_big)
        {
          request_release (req);
          request_fail (req, RILL_DOC_ERROR_FAILED,
                        "%s: body larger than max-size (%" G_GUINT64_FORMAT " bytes)",
                        req->uri_string, self->max_size);
          return;
        }
      request_complete (req);
      return;
    }
  g_assert_not_reached ();
}

/* ---- the exchange, on a lane ------------------------------------------ */

/* Runs @func (@data) on @context at the next iteration of its loop
 * (from another thread, attaching the source wakes that loop). */
static void
idle_here (GMainContext *context,
           GSourceFunc   func,
           gpointer      data,
           const char   *name)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, NULL);
  g_source_set_static_name (source, name);
  g_source_attach (source, context);
  g_source_unref (source);
}

static gboolean
done_dispatch (gpointer data)
{
  RillHttpFetch *self = data;
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();

  g_mutex_lock (&self->done_lock);
  self->done_scheduled = FALSE;
  /* Swapped, not copied: the lanes go on filling an empty array. */
  {
    GPtrArray *tmp = self->done;

    self->done = batch;
    batch = tmp;
  }
  g_mutex_unlock (&self->done_lock);
  for (guint i = 0; i < batch->len; i++)
    exchange_done (batch->pdata[i]);
  return G_SOURCE_REMOVE;
}

/* On the lane, at the end of a main loop iteration: hands the
 * exchanges finished in it back to the I/O thread. */
static gboolean
finished_flush (gpointer data)
{
  Lane *lane = data;
  RillHttpFetch *self = lane->self;
  gboolean schedule;

  lane->finished_scheduled = FALSE;
  g_mutex_lock (&self->done_lock);
  g_ptr_array_extend_and_steal (self->done, g_steal_pointer (&lane->finished));
  schedule = !self->done_scheduled;
  self->done_scheduled = TRUE;
  g_mutex_unlock (&self->done_lock);
  lane->finished = g_ptr_array_new ();
  /* On the I/O thread's context, from this thread: that one wakes it. */
  if (schedule)
    idle_here (self->context, done_dispatch, self, "[rill] http-fetch done");
  return G_SOURCE_REMOVE;
}

/* On the lane: hands @req back to the I/O thread, which owns it from
 * now on. */
static void
exchange_end (Request *req)
{
  Lane *lane = req->lane;

  /* The stream and the message belong to the lane's session. */
  g_clear_object (&req->stream);
  g_clear_object (&req->msg);
  g_clear_pointer (&req->response_headers, soup_message_headers_unref);
  if (lane->loop == NULL)
    {
      exchange_done (req);
      return;
    }
  g_ptr_array_add (lane->finished, req);
  if (!lane->finished_scheduled)
    {
      lane->finished_scheduled = TRUE;
      idle_here (lane->context, finished_flush, lane, "[rill] http-fetch lane finished");
    }
}

static void
add_header (const char *name,
            const char *value,
            gpointer    data)
{
  RillDoc *headers = data;
  char lower_buf[64];
  g_autofree char *lower_heap = NULL;
  g_autofree char *latin1 = NULL;
  char *lower;
  gsize len = strlen (name);
  const char *old;

  if (len < sizeof lower_buf)
    {
      for (gsize i = 0; i <= len; i++)
        lower_buf[i] = g_ascii_tolower (name[i]);
      lower = lower_buf;
    }
  else
    lower = lower_heap = g_ascii_strdown (name, len);
  if (!g_utf8_validate (value, -1, NULL))
    {
      /* Bytes beyond ASCII in a header are ISO-8859-1 (RFC 9110's
       * obs-text): made UTF-8, as every string of a doc is. */
      latin1 = g_convert (value, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
      value = latin1 != NULL ? latin1 : "";
    }
  old = rill_doc_get_string (headers, lower);
  if (old != NULL)
    rill_doc_take_string (headers, lower, g_strconcat (old, ", ", value, NULL));
  else
    rill_doc_set_string (headers, lower, value);
}

static gboolean
is_textual (const char *mime)
{
  return mime == NULL || g_str_has_prefix (mime, "text/") || strstr (mime, "html") != NULL ||
         strstr (mime, "xml") != NULL || strstr (mime, "json") != NULL ||
         strstr (mime, "javascript") != NULL;
}

/* On the lane: the body is in; works out what the doc will carry. */
static void
exchange_read_all (Request *req)
{
  SoupMessageHeaders *rh = req->response_headers;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GHashTable) params = NULL;
  const char *mime;

  mime = soup_message_headers_get_content_type (rh, &params);
  req->body_bytes = rill_body_block_free_to_bytes (g_steal_pointer (&req->body), req->body_len);
  if (mime != NULL)
    req->mime = g_ascii_strdown (mime, -1);
  if (is_textual (mime))
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (req->body_bytes, &len);

      req->charset = rill_charset_detect (params ? g_hash_table_lookup (params, "charset") : NULL,
                                          data, len, NULL);
    }
  else if (params != NULL)
    req->charset = rill_charset_normalize (g_hash_table_lookup (params, "charset"));
  req->headers_doc = rill_doc_new ();
  soup_message_headers_foreach (rh, add_header, req->headers_doc);
  req->fetched_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  exchange_end (req);
}

/* Makes room for the next read: with a Content-Length, the block
 * already has room for the body and one byte more (to see the end, or a
 * server sending too much); else it doubles when full, up to max-size
 * and one byte (a larger body is seen as soon as one byte more has
 * arrived). Returns the room left. */
static gsize
body_room (Request *req)
{
  gsize capacity = rill_body_block_get_capacity (req->body);

  if (req->body_len == capacity)
    {
      gsize want = MIN (capacity * 2, req->self->max_size + 1);

      req->body = rill_body_block_grow (req->body, req->body_len, MAX (want, capacity + 1));
      capacity = rill_body_block_get_capacity (req->body);
    }
  return capacity - req->body_len;
}

/* Counts @n bytes read (or an error, or the end); returns TRUE when the
 * exchange is over (and handed back). */
static gboolean
body_got (Request *req,
          gssize   n)
{
  if (n < 0)
    {
      exchange_end (req);
      return TRUE;
    }
  req->body_len += n;
  if (req->body_len > req->self->max_size)
    {
      req->too_big = TRUE;
      exchange_end (req);
      return TRUE;
    }
  if (n == 0)
    {
      exchange_read_all (req);
      return TRUE;
    }
  return FALSE;
}

static void read_more (Request *req);

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Request *req = data;

  if (!body_got (req, g_input_stream_read_finish (G_INPUT_STREAM (source), result, &req->error)))
    read_more (req);
}

/* A pollable body (HTTP/1, decoded or not) is read without a GTask per
 * read: everything the streams hold, in as many reads as it takes
 * (each asks for all the room left, so that one recv() takes what the
 * socket holds), then one source waits for more. The source is made at
 * the first wait and kept for the body: the streams choose what it
 * polls when it is made (the socket, unless libsoup's buffer holds
 * data), and reading up to WOULD_BLOCK leaves them in the same state at
 * each wait (a source made per wait, as GIO does, cost 6 eventfd
 * writes per page more). */
static gboolean body_readable (GObject  *stream,
                               gpointer  data);

/* Returns whether body_readable() should stay its callback. */
static gboolean
wait_body (Request *req)
{
  if (req->read_source != NULL)
    return G_SOURCE_CONTINUE;
  req->read_source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (req->stream),
                                                            req->cancellable);
  g_source_set_callback (req->read_source, (GSourceFunc) (void (*) (void)) body_readable, req, NULL);
  g_source_attach (req->read_source, req->lane->context);
  return G_SOURCE_REMOVE;
}

static gboolean
body_readable (GObject  *stream,
               gpointer  data)
{
  Request *req = data;

  for (;;)
    {
      gsize room = body_room (req);
      gssize n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (req->stream),
                                                           rill_body_block_get_data (req->body) +
                                                           req->body_len,
                                                           room, req->cancellable, &req->error);

      if (n < 0 && g_error_matches (req->error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_clear_error (&req->error);
          return wait_body (req);
        }
      if (n != 0 && n >= 0 && req->body_len + n <= req->self->max_size)
        {
          req->body_len += n;
          continue;
        }
      /* Over: the source goes with this dispatch. */
      if (req->read_source != NULL)
        {
          g_source_destroy (req->read_source);
          g_clear_pointer (&req->read_source, g_source_unref);
        }
      body_got (req, n);
      return G_SOURCE_REMOVE;
    }
}

static void
read_more (Request *req)
{
  gsize room = body_room (req);

  g_input_stream_read_async (req->stream, rill_body_block_get_data (req->body) + req->body_len,
                             room, G_PRIORITY_DEFAULT, req->cancellable, read_done, req);
}

static void
read_body (Request *req)
{
  if (G_IS_POLLABLE_INPUT_STREAM (req->stream) &&
      g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (req->stream)))
    body_readable (G_OBJECT (req->stream), req);
  else
    read_more (req);
}

/* On the lane: what the answer calls for. It reads settings and
 * @req->attempt only, which do not change during the exchange;
 * cancellation is the I/O thread's to see. */
static ResponseAction
response_action (Request            *req,
                 SoupMessageHeaders *rh)
{
  RillHttpFetch *self = req->self;
  guint status = req->status;

  req->retry_after = -1;
  if (is_redirect (status) && soup_message_headers_get_one (rh, "Location") != NULL)
    {
      req->location = g_strdup (soup_message_headers_get_one (rh, "Location"));
      return ACT_REDIRECT;
    }
  if (status == SOUP_STATUS_NOT_MODIFIED)
    return ACT_NOT_MODIFIED;
  if (is_retryable (status))
    {
      req->retry_after = parse_retry_after (soup_message_headers_get_one (rh, "Retry-After"));
      if (req->attempt < self->retries && req->retry_after <= MAX_RETRY_AFTER_S)
        return ACT_RETRY;
    }
  if (status >= 400 && !self->keep_errors)
    return ACT_HTTP_ERROR;
  req->content_length = soup_message_headers_get_content_length (rh);
  if (soup_message_headers_get_encoding (rh) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_one (rh, "Content-Encoding") == NULL &&
      (guint64) req->content_length > self->max_size)
    return ACT_TOO_LARGE;
  return ACT_BODY;
}

/* On the lane: the status and headers of the answer are in (@rh is
 * kept). Returns TRUE when the body is to be read, into req->body. */
static gboolean
exchange_head (Request            *req,
               guint               status,
               SoupMessageHeaders *rh)
{
  RillHttpFetch *self = req->self;
  goffset length;
  gsize first;

  req->status = status;
  req->response_headers = soup_message_headers_ref (rh);
  req->action = response_action (req, rh);
  if (req->action != ACT_BODY)
    return FALSE;
  if (self->cache != NULL && req->status == SOUP_STATUS_OK)
    {
      req->etag = g_strdup (soup_message_headers_get_one (rh, "ETag"));
      req->last_modified = g_strdup (soup_message_headers_get_one (rh, "Last-Modified"));
    }

  length = req->content_length;
  if (soup_message_headers_get_encoding (rh) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_one (rh, "Content-Encoding") == NULL && length > 0)
    req->expected = length;
  else
    req->expected = 0;
  if (req->expected > 0)
    first = req->expected + 1;
  else if (soup_message_headers_get_encoding (rh) == SOUP_ENCODING_CONTENT_LENGTH && length > 0)
    /* Encoded: HTML inflates about 4 times, so most bodies fit at once. */
    first = MIN ((guint64) length * 4, self->max_size + 1);
  else
    first = READ_CHUNK;
  g_clear_pointer (&req->body, rill_body_block_release);
  req->body = rill_body_pool_take (self->pool, MAX (first, 1));
  req->body_len = 0;
  return TRUE;
}

static void
send_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Request *req = data;

  req->stream = soup_session_send_finish (SOUP_SESSION (source), result, &req->error);
  if (req->stream == NULL)
    {
      exchange_end (req);
      return;
    }
  if (exchange_head (req, soup_message_get_status (req->msg),
                     soup_message_get_response_headers (req->msg)))
    read_body (req);
  else
    exchange_end (req);
}

/* The exchange over RillHttp1Client: the same steps, told by it. */
static gboolean
http1_head (gpointer            data,
            guint               status,
            SoupMessageHeaders *headers)
{
  /* When the body is not wanted, done() follows once the client has
   * kept the connection (so the next request to the host can take it). */
  return exchange_head (data, status, headers);
}

static guint8 *
http1_room (gpointer  data,
            gsize    *room)
{
  Request *req = data;

  *room = body_room (req);
  return rill_body_block_get_data (req->body) + req->body_len;
}

static gboolean
http1_got (gpointer data,
           gsize    n)
{
  Request *req = data;

  req->body_len += n;
  if (req->body_len <= req->self->max_size)
    return TRUE;
  req->too_big = TRUE;
  exchange_end (req);
  return FALSE;
}

static void
http1_done (gpointer  data,
            GError   *error)
{
  Request *req = data;

  /* The head was in and the body not wanted: its end does not matter. */
  if (req->status != 0 && req->action != ACT_BODY)
    {
      g_clear_error (&error);
      exchange_end (req);
    }
  else if (error != NULL)
    {
      req->error = error;
      exchange_end (req);
    }
  else
    exchange_read_all (req);
}

static const RillHttp1Handler http1_handler = {
  http1_head, http1_room, http1_got, http1_done,
};

/* On the lane: starts the exchange of @req. */
static void
exchange_begin (Request *req)
{
  Lane *lane = req->lane;

  if (req->http1)
    rill_http1_client_get (lane->http1, req->uri, req->request_headers, req->cancellable,
                           &http1_handler, req);
  else
    soup_session_send_async (lane->sessions->pdata[lane->next_session++ % lane->sessions->len],
                             req->msg, G_PRIORITY_DEFAULT, req->cancellable,
                             send_done, req);
}

static gboolean
inbox_dispatch (gpointer data)
{
  Lane *lane = data;
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();

  g_mutex_lock (&lane->lock);
  lane->inbox_scheduled = FALSE;
  {
    GPtrArray *tmp = lane->inbox;

    lane->inbox = batch;
    batch = tmp;
  }
  g_mutex_unlock (&lane->lock);
  for (guint i = 0; i < batch->len; i++)
    exchange_begin (batch->pdata[i]);
  return G_SOURCE_REMOVE;
}

/* On the I/O thread, at the end of a main loop iteration: passes the
 * requests started in it to their lanes. */
static gboolean
outgoing_flush (gpointer data)
{
  RillHttpFetch *self = data;

  self->outgoing_scheduled = FALSE;
  for (guint i = 0; i < self->n_lanes; i++)
    {
      Lane *lane = self->lanes[i];
      gboolean schedule;

      if (lane->outgoing->len == 0)
        continue;
      g_mutex_lock (&lane->lock);
      g_ptr_array_extend_and_steal (lane->inbox, g_steal_pointer (&lane->outgoing));
      schedule = !lane->inbox_scheduled;
      lane->inbox_scheduled = TRUE;
      g_mutex_unlock (&lane->lock);
      lane->outgoing = g_ptr_array_new ();
      if (schedule)
        idle_here (lane->context, inbox_dispatch, lane, "[rill] http-fetch lane inbox");
    }
  return G_SOURCE_REMOVE;
}

/* On the I/O thread: hands @req to the least loaded lane, which owns
 * its exchange until exchange_done(). */
static void
lane_submit (RillHttpFetch *self,
             Request       *req,
             Host          *host)
{
  Lane *lane = self->lanes[0];

  /* A host with a delay gets a request every so often at most: the I/O
   * thread runs those itself, so that they leave when they are started
   * (a hand-off's latency would shrink the spacing seen at the server)
   * and on the connection robots.txt came over. */
  if (host->delay > 0)
    lane = self->io_lane;
  else
    for (guint i = 0; i < self->n_lanes; i++)
      {
        Lane *l = self->lanes[(self->next_lane + i) % self->n_lanes];

        if (l->load < lane->load || i == 0)
          lane = l;
      }
  self->next_lane++;
  lane->load++;
  req->lane = lane;
  if (lane->loop == NULL)
    {
      exchange_begin (req);
      return;
    }
  g_ptr_array_add (lane->outgoing, req);
  if (!self->outgoing_scheduled)
    {
      self->outgoing_scheduled = TRUE;
      idle_here (self->context, outgoing_flush, self, "[rill] http-fetch to lanes");
    }
}

static gboolean
cancel_on_lane (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* On the I/O thread: cancels the running attempt of @req; its lane sees
 * the error and hands it back. A threaded lane's cancellable is
 * cancelled on the lane, where the sources watching it live: GLib 2.74
 * leaks a GCancellableSource that is cancelled on one thread while it
 * is disposed on another (seen under ASan). */
static void
request_cancel_attempt (Request *req)
{
  Lane *lane = req->lane;

  if (lane != NULL && lane->loop != NULL)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_callback (source, cancel_on_lane, g_object_ref (req->cancellable),
                             g_object_unref);
      g_source_attach (source, lane->context);
      g_source_unref (source);
    }
  else
    g_cancellable_cancel (req->cancellable);
}

static gboolean
attempt_deadline (gpointer data)
{
  Request *req = data;

  req->timed_out = TRUE;
  request_cancel_attempt (req);
  g_clear_pointer (&req->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
request_start (Request *req,
               Host    *host)
{
  RillHttpFetch *self = req->self;
  SoupMessageHeaders *hdrs;

  req->state = REQ_RUNNING;
  req->host = host;
  host->active++;
  request_clear_exchange (req);
  req->http1 = self->use_http1 && g_ascii_strcasecmp (g_uri_get_scheme (req->uri), "http") == 0;
  if (req->http1)
    hdrs = req->request_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  else
    {
      req->msg = soup_message_new_from_uri (SOUP_METHOD_GET, req->uri);
      soup_message_add_flags (req->msg, SOUP_MESSAGE_NO_REDIRECT);
      hdrs = soup_message_get_request_headers (req->msg);
    }
  /* libsoup offers brotli over HTTPS only; it decodes it everywhere. */
  soup_message_headers_replace (hdrs, "Accept-Encoding", "gzip, deflate, br");
  for (guint i = 0; self->headers != NULL && self->headers[i] != NULL; i++)
    {
      const char *colon = strchr (self->headers[i], ':');

      if (colon != NULL)
        {
          g_autofree char *name = g_strstrip (g_strndup (self->headers[i], colon - self->headers[i]));
          g_autofree char *value = g_strstrip (g_strdup (colon + 1));

          soup_message_headers_replace (hdrs, name, value);
        }
    }
  if (self->cache != NULL)
    {
      g_autofree char *etag = NULL;
      g_autofree char *lm = NULL;

      if (rill_http_cache_lookup (self->cache, req->uri_string, &etag, &lm))
        {
          if (etag != NULL)
            soup_message_headers_replace (hdrs, "If-None-Match", etag);
          if (lm != NULL)
            soup_message_headers_replace (hdrs, "If-Modified-Since", lm);
        }
    }

  req->cancellable = g_cancellable_new ();
  req->timed_out = FALSE;
  if (self->timeout > 0)
    {
      req->deadline = g_timeout_source_new_seconds (self->timeout);
      g_source_set_callback (req->deadline, attempt_deadline, req, NULL);
      g_source_attach (req->deadline, self->context);
    }
  lane_submit (self, req, host);
}

/* ---- per-host queues -------------------------------------------------- */

static char *
uri_path_and_query (GUri *uri)
{
  const char *path = g_uri_get_path (uri);
  const char *query = g_uri_get_query (uri);

  if (path == NULL || path[0] == '\0')
    path = "/";
  return query != NULL ? g_strconcat (path, "?", query, NULL) : g_strdup (path);
}

static gboolean
host_timer_fire (gpointer data)
{
  Host *host = data;

  g_clear_pointer (&host->timer, g_source_unref);
  host_pump (host);
  return G_SOURCE_REMOVE;
}

static void
host_pump (Host *host)
{
  RillHttpFetch *self = host->self;

  if (host->timer != NULL)
    {
      g_source_destroy (host->timer);
      g_clear_pointer (&host->timer, g_source_unref);
    }
  if (host->pumping)
    {
      host->repump = TRUE;
      return;
    }
  if (host->robots_state == ROBOTS_UNKNOWN && host->waiting.length > 0)
    robots_fetch (host);
  if (host->robots_state != ROBOTS_READY)
    return;

  host->pumping = TRUE;
  do
    {
      host->repump = FALSE;
      while (host->waiting.length > 0 && host->active < self->per_host)
        {
          Request *req = g_queue_peek_head (&host->waiting);
          gint64 now = g_get_monotonic_time ();

          if (host->robots != NULL)
            {
              g_autofree char *path = uri_path_and_query (req->uri);

              if (!rill_robots_is_allowed (host->robots, path))
                {
                  g_queue_pop_head (&host->waiting);
                  request_fail (req, RILL_DOC_ERROR_FILTERED, "disallowed by robots.txt");
                  continue;
                }
            }
          if (now < host->next_start_us)
            {
              host->timer = g_timeout_source_new ((host->next_start_us - now + 999) / 1000);
              g_source_set_callback (host->timer, host_timer_fire, host, NULL);
              g_source_attach (host->timer, self->context);
              break;
            }
          g_queue_pop_head (&host->waiting);
          host->next_start_us = now + (gint64) (host->delay * G_USEC_PER_SEC);
          request_start (req, host);
        }
    }
  while (host->repump && host->timer == NULL);
  host->pumping = FALSE;
}

static void
request_enqueue (Request *req)
{
  Host *host = host_get (req->self, req->uri);

  if (req->self->cancelled)
    {
      request_fail (req, RILL_DOC_ERROR_CANCELLED, "%s: cancelled", req->uri_string);
      return;
    }
  req->state = REQ_QUEUED;
  g_queue_push_tail (&host->waiting, req);
  host_pump (host);
}

/* ---- robots.txt ------------------------------------------------------- */

static void
robots_done (Host       *host,
             RillRobots *robots)
{
  double crawl_delay;

  if (host->robots_deadline != NULL)
    {
      g_source_destroy (host->robots_deadline);
      g_clear_pointer (&host->robots_deadline, g_source_unref);
    }
  g_clear_object (&host->robots_msg);
  g_clear_object (&host->robots_stream);
  g_clear_object (&host->robots_cancellable);
  g_clear_pointer (&host->robots_buf, g_byte_array_unref);
  host->robots = robots;
  host->robots_state = ROBOTS_READY;
  crawl_delay = rill_robots_get_crawl_delay (robots);
  if (crawl_delay > host->delay)
    host->delay = crawl_delay;
  host_pump (host);
  host_unref (host);           /* the fetch's */
}

static void robots_read_more (Host *host);

static void
robots_read_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  Host *host = data;
  g_autoptr(GError) error = NULL;
  guint old_len = host->robots_buf->len;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (host->dead)
    {
      host_unref (host);
      return;
    }
  if (n < 0)
    {
      robots_done (host, rill_robots_new_allow_all ());
      return;
    }
  g_byte_array_set_size (host->robots_buf, old_len - READ_CHUNK + n);
  if (n == 0 || host->robots_buf->len >= ROBOTS_MAX_SIZE)
    {
      robots_done (host, rill_robots_parse ((const char *) host->robots_buf->data,
                                            host->robots_buf->len, host->self->agent_token));
      return;
    }
  robots_read_more (host);
}

static void
robots_read_more (Host *host)
{
  guint len = host->robots_buf->len;

  g_byte_array_set_size (host->robots_buf, len + READ_CHUNK);
  g_input_stream_read_async (host->robots_stream, host->robots_buf->data + len, READ_CHUNK,
                             G_PRIORITY_DEFAULT, host->robots_cancellable,
                             robots_read_done, host);
}

static void
robots_send_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  Host *host = data;
  g_autoptr(GError) error = NULL;

  host->robots_stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (host->dead)
    {
      host_unref (host);
      return;
    }
  if (host->robots_stream == NULL ||
      !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (host->robots_msg)))
    {
      robots_done (host, rill_robots_new_allow_all ());
      return;
    }
  host->robots_buf = g_byte_array_new ();
  robots_read_more (host);
}

static gboolean
robots_deadline (gpointer data)
{
  Host *host = data;

  g_cancellable_cancel (host->robots_cancellable);
  g_clear_pointer (&host->robots_deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
robots_fetch (Host *host)
{
  RillHttpFetch *self = host->self;
  g_autofree char *url = g_strconcat (host->key, "/robots.txt", NULL);

  host->robots_state = ROBOTS_FETCHING;
  host->robots_msg = soup_message_new (SOUP_METHOD_GET, url);
  host->ref++;                 /* until robots_done() */
  if (host->robots_msg == NULL)
    {
      robots_done (host, rill_robots_new_allow_all ());
      return;
    }
  host->robots_cancellable = g_cancellable_new ();
  if (self->timeout > 0)
    {
      host->robots_deadline = g_timeout_source_new_seconds (self->timeout);
      g_source_set_callback (host->robots_deadline, robots_deadline, host, NULL);
      g_source_attach (host->robots_deadline, self->context);
    }
  soup_session_send_async (self->session, host->robots_msg, G_PRIORITY_DEFAULT,
                           host->robots_cancellable, robots_send_done, host);
}

/* ---- cancellation ----------------------------------------------------- */

static gboolean
cancel_all (gpointer data)
{
  RillHttpFetch *self = data;
  g_autoptr(GPtrArray) reqs = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  Host *host;

  self->cancelled = TRUE;
  g_hash_table_iter_init (&iter, self->hosts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &host))
    {
      g_queue_clear (&host->waiting);
      if (host->robots_cancellable != NULL)
        g_cancellable_cancel (host->robots_cancellable);
    }
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (reqs, key);
  for (guint i = 0; i < reqs->len; i++)
    {
      Request *req = reqs->pdata[i];

      if (req->state == REQ_RUNNING)
        request_cancel_attempt (req);   /* finishes in its callback */
      else
        request_fail (req, RILL_DOC_ERROR_CANCELLED, "%s: cancelled", req->uri_string);
    }
  return G_SOURCE_REMOVE;
}

static void
run_cancelled (GCancellable *cancellable,
               gpointer      data)
{
  RillHttpFetch *self = data;

  g_main_context_invoke (self->context, cancel_all, self);
}

/* ---- the element ------------------------------------------------------ */

static SoupSession *
session_new (RillHttpFetch *self)
{
  SoupSession *session =
    soup_session_new_with_options ("max-conns", MAX (self->concurrency, 1) + 16,
                                   "max-conns-per-host", MAX (self->per_host, 1) + 1,
                                   "timeout", 0,
                                   "idle-timeout", 60,
                                   "user-agent", self->user_agent,
                                   NULL);

  if (!soup_session_has_feature (session, SOUP_TYPE_CONTENT_DECODER))
    soup_session_add_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  return session;
}

/* libsoup walks every message of a session at each step of any of them,
 * so one session with hundreds of messages spends its time there; a few
 * smaller sessions, used in turn, cost less. Per-host limits are ours,
 * so it changes nothing for the servers. */
static guint
sessions_for (RillHttpFetch *self,
              guint          n_lanes)
{
  return CLAMP (self->concurrency / n_lanes / MESSAGES_PER_SESSION, 1, MAX_SESSIONS);
}

static guint
lanes_wanted (RillHttpFetch *self)
{
  guint cpus = g_get_num_processors ();

  if (self->io_threads > 0)
    return self->io_threads;
  /* Auto. Lanes pay where the I/O thread would be the one busy core:
   * on 2 CPUs (bench/fetch, 20,000 pages), 2 lanes fetched plain pages
   * 1.5x and gzip pages 1.6x faster than 1. One lane per two CPUs, at
   * least two, leaves cores to the pipeline's parallel elements; none
   * without a full session's worth of requests in flight (a single
   * lane is the I/O thread itself). */
  if (cpus < 2)
    return 1;
  return CLAMP (MIN (MAX (cpus / 2, 2), self->concurrency / MESSAGES_PER_SESSION),
                1, MAX_AUTO_LANES);
}

static gpointer
lane_thread (gpointer data)
{
  Lane *lane = data;

  g_main_context_push_thread_default (lane->context);
  /* Sessions belong to the thread-default context they are made in. */
  lane->sessions = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < lane->n_sessions; i++)
    g_ptr_array_add (lane->sessions, session_new (lane->self));
  if (lane->self->use_http1)
    lane->http1 = rill_http1_client_new (lane->context, lane->self->user_agent);
  g_mutex_lock (&lane->lock);
  lane->ready = TRUE;
  g_cond_signal (&lane->ready_cond);
  g_mutex_unlock (&lane->lock);
  g_main_loop_run (lane->loop);
  for (guint i = 0; i < lane->sessions->len; i++)
    soup_session_abort (lane->sessions->pdata[i]);
  g_clear_pointer (&lane->sessions, g_ptr_array_unref);
  g_clear_pointer (&lane->http1, rill_http1_client_free);
  while (g_main_context_iteration (lane->context, FALSE))
    ;
  g_main_context_pop_thread_default (lane->context);
  return NULL;
}

static Lane *
lane_new (RillHttpFetch *self,
          guint          index,
          gboolean       threaded)
{
  Lane *lane = g_new0 (Lane, 1);

  lane->self = self;
  g_mutex_init (&lane->lock);
  g_cond_init (&lane->ready_cond);
  lane->inbox = g_ptr_array_new ();
  lane->outgoing = g_ptr_array_new ();
  lane->finished = g_ptr_array_new ();
  if (!threaded)
    {
      lane->context = g_main_context_ref (self->context);
      lane->sessions = self->sessions;          /* borrowed */
      lane->http1 = self->http1;                /* borrowed */
    }
  else
    {
      g_autofree char *name = g_strdup_printf ("rill-http-%u", index);

      lane->context = g_main_context_new ();
      lane->loop = g_main_loop_new (lane->context, FALSE);
      lane->n_sessions = sessions_for (self, self->n_lanes);
      lane->thread = g_thread_new (name, lane_thread, lane);
      /* The first session of a process loads GIO modules (proxy, TLS)
       * under global locks: done before the first request, so that it
       * delays none (a delay measured at the server included). */
      g_mutex_lock (&lane->lock);
      while (!lane->ready)
        g_cond_wait (&lane->ready_cond, &lane->lock);
      g_mutex_unlock (&lane->lock);
    }
  return lane;
}

static gboolean
lane_quit (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* From stop(), with nothing in flight. */
static void
lane_free (Lane *lane)
{
  if (lane->thread != NULL)
    {
      /* From inside the loop: a g_main_loop_quit() from here before the
       * thread has entered g_main_loop_run() would be lost. */
      idle_here (lane->context, lane_quit, lane->loop, "[rill] http-fetch lane quit");
      g_thread_join (lane->thread);
    }
  g_clear_pointer (&lane->loop, g_main_loop_unref);
  /* A threaded lane dropped its sessions (and client) on its thread. */
  lane->sessions = NULL;
  lane->http1 = NULL;
  g_clear_pointer (&lane->inbox, g_ptr_array_unref);
  g_clear_pointer (&lane->outgoing, g_ptr_array_unref);
  g_clear_pointer (&lane->finished, g_ptr_array_unref);
  g_main_context_unref (lane->context);
  g_mutex_clear (&lane->lock);
  g_cond_clear (&lane->ready_cond);
  g_free (lane);
}

/* A proxy in the environment: libsoup (GProxyResolver) handles it, so
 * http:// goes through libsoup too. */
static gboolean
proxy_configured (void)
{
  static const char *const names[] = { "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = g_getenv (names[i]);

      if (value != NULL && value[0] != '\0')
        return TRUE;
    }
  return FALSE;
}

static void
ensure_session (RillHttpFetch *self,
                GCancellable  *cancellable)
{
  guint n_lanes;

  if (self->session != NULL)
    return;
  self->context = g_main_context_ref_thread_default ();
  self->pool = rill_body_pool_new (MIN ((gsize) self->concurrency * POOL_BYTES_PER_REQUEST,
                                        POOL_MAX_BYTES));
  n_lanes = lanes_wanted (self);
  self->sessions = g_ptr_array_new_with_free_func (g_object_unref);
  /* The I/O thread's sessions fetch robots.txt (on the first) and run
   * the inline lane: all of the exchanges with io-threads=1, those of
   * hosts with a delay with more. */
  for (guint i = 0, n = sessions_for (self, 1); i < n; i++)
    g_ptr_array_add (self->sessions, session_new (self));
  self->session = self->sessions->pdata[0];
  self->use_http1 = self->client == RILL_HTTP_CLIENT_KIND_AUTO && !proxy_configured ();
  if (self->use_http1)
    self->http1 = rill_http1_client_new (self->context, self->user_agent);
  self->done = g_ptr_array_new ();
  self->n_lanes = n_lanes;
  self->lanes = g_new0 (Lane *, n_lanes);
  for (guint i = 0; i < n_lanes; i++)
    self->lanes[i] = lane_new (self, i, n_lanes > 1);
  self->io_lane = n_lanes > 1 ? lane_new (self, 0, FALSE) : self->lanes[0];
  if (cancellable != NULL)
    {
      self->run_cancellable = g_object_ref (cancellable);
      self->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (run_cancelled), self, NULL);
    }
}

static void
rill_http_fetch_transform_async (RillTransform       *transform,
                                 RillDoc             *doc,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  RillHttpFetch *self = RILL_HTTP_FETCH (transform);
  g_autoptr(GError) error = NULL;
  const char *url = rill_doc_get_string (doc, RILL_FIELD_URL);
  Request *req;
  GUri *uri;

  ensure_session (self, cancellable);

  req = g_new0 (Request, 1);
  req->self = self;
  req->task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (req->task, rill_http_fetch_transform_async);
  req->doc = rill_doc_ref (doc);
  g_hash_table_add (self->live, req);

  if (url == NULL)
    {
      request_fail (req, RILL_DOC_ERROR_FAILED, "doc has no url");
      return;
    }
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL)
    {
      request_fail (req, RILL_DOC_ERROR_FAILED, "%s: invalid URL: %s", url, error->message);
      return;
    }
  if ((g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0 &&
       g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_uri_unref (uri);
      request_fail (req, RILL_DOC_ERROR_FAILED, "%s: not an http or https URL", url);
      return;
    }
  req->uri = soup_uri_copy (uri, SOUP_URI_FRAGMENT, NULL, SOUP_URI_NONE);
  g_uri_unref (uri);
  req->uri_string = g_uri_to_string (req->uri);
  if (self->cancelled || g_cancellable_is_cancelled (cancellable))
    {
      request_fail (req, RILL_DOC_ERROR_CANCELLED, "%s: cancelled", url);
      return;
    }
  request_enqueue (req);
}

static RillDoc *
rill_http_fetch_transform_finish (RillTransform  *transform,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
rill_http_fetch_start (RillElement  *element,
                       GError      **error)
{
  RillHttpFetch *self = RILL_HTTP_FETCH (element);
  const char *ua = self->user_agent != NULL ? self->user_agent : DEFAULT_USER_AGENT;
  gsize n = strcspn (ua, "/ ");

  g_free (self->agent_token);
  self->agent_token = n > 0 ? g_ascii_strdown (ua, n) : g_strdup ("*");
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) host_unref);
  self->live = g_hash_table_new (NULL, NULL);
  self->cancelled = FALSE;
  if (self->cache_path != NULL && self->cache_path[0] != '\0')
    {
      self->cache = rill_http_cache_open (self->cache_path, error);
      if (self->cache == NULL)
        return FALSE;
    }
  return TRUE;
}

typedef struct {
  RillHttpFetch *self;
  GMutex lock;
  GCond cond;
  gboolean done;
} Teardown;

/* On the I/O thread: the session and the hosts belong to it. */
static gboolean
teardown_in_context (gpointer data)
{
  Teardown *td = data;
  RillHttpFetch *self = td->self;
  GHashTableIter iter;
  Host *host;

  g_hash_table_iter_init (&iter, self->hosts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &host))
    {
      host->dead = TRUE;
      if (host->robots_cancellable != NULL)
        g_cancellable_cancel (host->robots_cancellable);
    }
  for (guint i = 0; i < self->sessions->len; i++)
    soup_session_abort (self->sessions->pdata[i]);
  g_clear_pointer (&self->hosts, g_hash_table_unref);
  self->session = NULL;
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->http1, rill_http1_client_free);

  g_mutex_lock (&td->lock);
  td->done = TRUE;
  g_cond_signal (&td->cond);
  g_mutex_unlock (&td->lock);
  return G_SOURCE_REMOVE;
}

static gboolean
rill_http_fetch_stop (RillElement  *element,
                      GError      **error)
{
  RillHttpFetch *self = RILL_HTTP_FETCH (element);

  if (self->run_cancellable != NULL)
    {
      g_cancellable_disconnect (self->run_cancellable, self->cancel_id);
      self->cancel_id = 0;
      g_clear_object (&self->run_cancellable);
    }
  if (self->session != NULL)
    {
      Teardown td = { self, };

      g_mutex_init (&td.lock);
      g_cond_init (&td.cond);
      g_main_context_invoke (self->context, teardown_in_context, &td);
      g_mutex_lock (&td.lock);
      while (!td.done)
        g_cond_wait (&td.cond, &td.lock);
      g_mutex_unlock (&td.lock);
      g_mutex_clear (&td.lock);
      g_cond_clear (&td.cond);
    }
  if (self->io_lane != NULL && self->n_lanes > 1)
    lane_free (self->io_lane);
  self->io_lane = NULL;
  for (guint i = 0; i < self->n_lanes; i++)
    lane_free (self->lanes[i]);
  g_clear_pointer (&self->lanes, g_free);
  self->n_lanes = 0;
  g_clear_pointer (&self->done, g_ptr_array_unref);
  g_clear_pointer (&self->hosts, g_hash_table_unref);
  g_clear_pointer (&self->live, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->cache, rill_http_cache_close);
  g_clear_pointer (&self->pool, rill_body_pool_close);
  return TRUE;
}

static void
rill_http_fetch_finalize (GObject *object)
{
  RillHttpFetch *self = RILL_HTTP_FETCH (object);

  rill_http_fetch_stop (RILL_ELEMENT (self), NULL);
  g_free (self->user_agent);
  g_strfreev (self->headers);
  g_free (self->cache_path);
  g_free (self->agent_token);
  g_mutex_clear (&self->done_lock);
  G_OBJECT_CLASS (rill_http_fetch_parent_class)->finalize (object);
}

static void
rill_http_fetch_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RillHttpFetch *self = RILL_HTTP_FETCH (object);

  switch (prop_id)
    {
    case PROP_CONCURRENCY:
      g_value_set_uint (value, self->concurrency);
      break;
    case PROP_PER_HOST:
      g_value_set_uint (value, self->per_host);
      break;
    case PROP_DELAY:
      g_value_set_double (value, self->delay);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_RETRIES:
      g_value_set_uint (value, self->retries);
      break;
    case PROP_BACKOFF:
      g_value_set_double (value, self->backoff);
      break;
    case PROP_MAX_SIZE:
      g_value_set_uint64 (value, self->max_size);
      break;
    case PROP_MAX_REDIRECTS:
      g_value_set_uint (value, self->max_redirects);
      break;
    case PROP_USER_AGENT:
      g_value_set_string (value, self->user_agent);
      break;
    case PROP_HEADERS:
      g_value_set_boxed (value, self->headers);
      break;
    case PROP_ROBOTS:
      g_value_set_boolean (value, self->robots);
      break;
    case PROP_CACHE:
      g_value_set_string (value, self->cache_path);
      break;
    case PROP_KEEP_ERRORS:
      g_value_set_boolean (value, self->keep_errors);
      break;
    case PROP_IO_THREADS:
      g_value_set_uint (value, self->io_threads);
      break;
    case PROP_CLIENT:
      g_value_set_enum (value, self->client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_http_fetch_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RillHttpFetch *self = RILL_HTTP_FETCH (object);

  switch (prop_id)
    {
    case PROP_CONCURRENCY:
      self->concurrency = g_value_get_uint (value);
      break;
    case PROP_PER_HOST:
      self->per_host = g_value_get_uint (value);
      break;
    case PROP_DELAY:
      self->delay = g_value_get_double (value);
      break;
    case PROP_TIMEOUT:
      self->timeout = g_value_get_uint (value);
      break;
    case PROP_RETRIES:
      self->retries = g_value_get_uint (value);
      break;
    case PROP_BACKOFF:
      self->backoff = g_value_get_double (value);
      break;
    case PROP_MAX_SIZE:
      self->max_size = g_value_get_uint64 (value);
      break;
    case PROP_MAX_REDIRECTS:
      self->max_redirects = g_value_get_uint (value);
      break;
    case PROP_USER_AGENT:
      g_free (self->user_agent);
      self->user_agent = g_value_dup_string (value);
      break;
    case PROP_HEADERS:
      g_strfreev (self->headers);
      self->headers = g_value_dup_boxed (value);
      break;
    case PROP_ROBOTS:
      self->robots = g_value_get_boolean (value);
      break;
    case PROP_CACHE:
      g_free (self->cache_path);
      self->cache_path = g_value_dup_string (value);
      break;
    case PROP_KEEP_ERRORS:
      self->keep_errors = g_value_get_boolean (value);
      break;
    case PROP_IO_THREADS:
      self->io_threads = g_value_get_uint (value);
      break;
    case PROP_CLIENT:
      self->client = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_http_fetch_class_init (RillHttpFetchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RillElementClass *element_class = RILL_ELEMENT_CLASS (klass);
  RillTransformClass *transform_class = RILL_TRANSFORM_CLASS (klass);

  object_class->finalize = rill_http_fetch_finalize;
  object_class->get_property = rill_http_fetch_get_property;
  object_class->set_property = rill_http_fetch_set_property;
  element_class->start = rill_http_fetch_start;
  element_class->stop = rill_http_fetch_stop;
  transform_class->transform_async = rill_http_fetch_transform_async;
  transform_class->transform_finish = rill_http_fetch_transform_finish;

  /**
   * RillHttpFetch:concurrency:
   *
   * Requests in flight at most, over all hosts (the pipeline's in-flight
   * limit for this element).
   */
  properties[PROP_CONCURRENCY] =
    g_param_spec_uint ("concurrency", "Concurrency",
                       "Docs in flight at most, over all hosts",
                       1, 10000, 16,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillHttpFetch:per-host:
   *
   * Requests to one host (scheme, host, port) in flight at most.
   */
  properties[PROP_PER_HOST] =
    g_param_spec_uint ("per-host", "Per host",
                       "Requests to one host (scheme, host and port) at once at most",
                       1, 10000, 2,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillHttpFetch:delay:
   *
   * Seconds between the starts of two requests to one host.
   */
  properties[PROP_DELAY] =
    g_param_spec_double ("delay", "Delay",
                         "Minimum seconds between the starts of two requests to "
                         "one host (a longer robots.txt Crawl-delay wins)",
                         0, 3600, 0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillHttpFetch:timeout:
   *
   * Seconds one attempt may take, body included; 0 for none.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", "Timeout",
                       "Seconds one attempt may take from connect to the last "
                       "byte of the body (0: no limit)",
                       0, 3600, 30,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillHttpFetch:retries:
   *
   * Retries after a network error, 408, 429 or 5xx.
   */
  properties[PROP_RETRIES] =
    g_param_spec_uint ("retries", "Retries",
                       "How many times to retry after a network error, 408, 429 "
                       "or 5xx (never after 404, 410 or other 4xx)",
                       0, 100, 2,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillHttpFetch:backoff:
   *
   * The first wait before a retry, doubled at each attempt.
   */
  properties[PROP_BACKOFF] =
    g_param_spec_double ("backoff", "Backoff",
                         "Seconds before the first retry, doubled at each later "
                         "one, with ±50% jitter (a Retry-After header wins)",
                         0, 3600, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillHttpFetch:max-size:
   *
   * The largest decoded body accepted, in bytes.
   */
  properties[PROP_MAX_SIZE] =
    g_param_spec_uint64 ("max-size", "Maximum size",
                         "Largest body in bytes, after decoding gzip, deflate or "
                         "brotli; a larger one fails the doc",
                         0, G_MAXUINT32, 32 * 1024 * 1024,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillHttpFetch:max-redirects:
   *
   * Redirects followed at most for one doc.
   */
  properties[PROP_MAX_REDIRECTS] =
    g_param_spec_uint ("max-redirects", "Maximum redirects",
                       "Redirects followed at most for one doc; one more fails it",
                       0, 100, 10,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillHttpFetch:user-agent:
   *
   * The User-Agent header; its product token (up to the first `/`) is
   * the name looked up in robots.txt.
   */
  properties[PROP_USER_AGENT] =
    g_param_spec_string ("user-agent", "User agent",
                         "User-Agent header; its first word before '/' is the "
                         "name looked up in robots.txt",
                         DEFAULT_USER_AGENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillHttpFetch:headers:
   *
   * Extra request headers, each `Name: value`.
   */
  properties[PROP_HEADERS] =
    g_param_spec_boxed ("headers", "Headers",
                        "Extra request headers, each 'Name: value' "
                        "(comma-separated on a launch line)",
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillHttpFetch:robots:
   *
   * Whether to obey robots.txt.
   */
  properties[PROP_ROBOTS] =
    g_param_spec_boolean ("robots", "Robots",
                          "Obey robots.txt (fetched once per host): filter "
                          "disallowed URLs and honour Crawl-delay",
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillHttpFetch:cache:
   *
   * An SQLite file of validators for conditional requests.
   */
  properties[PROP_CACHE] =
    g_param_spec_string ("cache", "Cache",
                         "SQLite file keeping ETag and Last-Modified per URL; "
                         "later runs send them and filter 304 answers as "
                         "'not modified'",
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RillHttpFetch:keep-errors:
   *
   * Whether docs answered with 4xx or 5xx are passed on.
   */
  properties[PROP_KEEP_ERRORS] =
    g_param_spec_boolean ("keep-errors", "Keep errors",
                          "Pass docs answered with 4xx or 5xx (after retries) on "
                          "with their status instead of failing them",
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * RillHttpFetch:io-threads:
   *
   * Threads running the HTTP exchanges (sending, reading and decoding
   * bodies, charset detection); 1 runs them on the pipeline's I/O
   * thread with everything else; 0 picks one per two CPUs, at least 2
   * (1 on one CPU), at most 4, and at most one per 8 requests in flight
   * (so 2 with the default concurrency of 16 on 2 to 5 CPUs).
   */
  properties[PROP_IO_THREADS] =
    g_param_spec_uint ("io-threads", "I/O threads",
                       "Threads running the HTTP exchanges (1: the pipeline's I/O "
                       "thread only; 0: one per two CPUs, at least 2, at most 4 "
                       "and one per 8 requests in flight)",
                       0, 64, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_enum ("client", "Client",
                       "HTTP client: auto (Rill's own HTTP/1.1 client for http:// "
                       "without a proxy, libsoup for the rest) or libsoup (for all)",
                       RILL_TYPE_HTTP_CLIENT_KIND, RILL_HTTP_CLIENT_KIND_AUTO,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rill_element_class_set_metadata (element_class,
                                   "HTTP fetcher",
                                   "Filter/Network",
                                   "Fetches the url of each doc over HTTP, "
                                   "politely and concurrently",
                                   "Rill developers");
  rill_element_class_set_caps (element_class, "text/uri-list",
                               "text/*;application/*;image/*");
  rill_element_class_set_concurrency (element_class, RILL_CONCURRENCY_ASYNC);
}

static void
rill_http_fetch_init (RillHttpFetch *self)
{
  self->concurrency = 16;
  self->per_host = 2;
  self->timeout = 30;
  self->retries = 2;
  self->backoff = 1.0;
  self->max_size = 32 * 1024 * 1024;
  self->max_redirects = 10;
  self->user_agent = g_strdup (DEFAULT_USER_AGENT);
  self->robots = TRUE;
  g_mutex_init (&self->done_lock);
}
