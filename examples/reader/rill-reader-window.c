/* rill-reader-window.c: the reader's main window
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-reader-window.h"
#include "rill-reader-article.h"

#include <rill.h>

/**
 * RillReaderWindow:
 *
 * A URL entry, the list of articles as they are extracted, the text of
 * the selected one, and a status line fed by the pipeline's bus.
 *
 * [method@RillReader.Window.read] builds a pipeline from a launch line,
 * connects to its `app-sink`'s `new-doc` signal and starts it with
 * rill_pipeline_run_async(). `new-doc` comes on one of the pipeline's
 * worker threads: the handler turns the doc into a
 * [class@RillReader.Article] there and hands it to the main context
 * with g_main_context_invoke_full(), where it is added to the
 * GListStore behind the GtkColumnView. The bus delivers its messages
 * on the main context the run started from (GTK's), so progress and
 * warnings go to the status line directly.
 *
 * Closing the window while a run goes on cancels it; the window stays
 * until the run has finished (the sinks flushed), then goes.
 */

#define FEED_LINE                                                       \
  "http-src name=src ! http-fetch ! feed-parse ! http-fetch "           \
  "! html-extract ! langid ! dedupe mode=mark "                         \
  "! app-sink name=out emit-signals=true"
#define SITE_LINE                                                       \
  "crawl-src name=src max-pages=50 "                                    \
  "! html-extract ! langid ! dedupe mode=mark "                         \
  "! app-sink name=out emit-signals=true"

struct _RillReaderWindow
{
  GtkApplicationWindow parent_instance;

  GtkEntry *entry;
  GtkDropDown *kind;
  GtkButton *button;
  GtkSpinner *spinner;
  GtkColumnView *view;
  GtkSingleSelection *selection;
  GtkTextView *text_view;
  GtkLabel *status;

  GListStore *articles;      /* RillReaderArticle */
  GHashTable *by_url;        /* url → RillReaderArticle (borrowed from articles) */
  GHashTable *orphans;       /* dup-of url → GPtrArray of copies seen first */
  GHashTable *clusters;      /* cluster id → its original (borrowed) */

  RillPipeline *pipeline;    /* while running */
  GCancellable *cancellable;
  guint n_warnings;
  char *last_warning;
  gboolean close_when_done;
};

enum {
  SIGNAL_ARTICLE_ADDED,
  SIGNAL_RUN_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RillReaderWindow, rill_reader_window, GTK_TYPE_APPLICATION_WINDOW)

/* What a run's new-doc handler knows of the window: a weak reference,
 * shared by every doc of the run, so no worker thread ever holds (and
 * maybe drops the last reference to) the window itself. */
typedef struct {
  gatomicrefcount ref_count;
  GWeakRef window;
} RunLink;

static RunLink *
run_link_new (RillReaderWindow *window)
{
  RunLink *link = g_new0 (RunLink, 1);

  g_atomic_ref_count_init (&link->ref_count);
  g_weak_ref_init (&link->window, window);
  return link;
}

static RunLink *
run_link_ref (RunLink *link)
{
  g_atomic_ref_count_inc (&link->ref_count);
  return link;
}

static void
run_link_unref (gpointer data)
{
  RunLink *link = data;

  if (g_atomic_ref_count_dec (&link->ref_count))
    {
      g_weak_ref_clear (&link->window);
      g_free (link);
    }
}

static void
run_link_closure_notify (gpointer  data,
                         GClosure *closure)
{
  run_link_unref (data);
}

/* One doc on its way from a worker thread to the window. */
typedef struct {
  RunLink *link;
  RillReaderArticle *article;
  char *url;
  char *final_url;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  run_link_unref (delivery->link);
  g_clear_object (&delivery->article);
  g_free (delivery->url);
  g_free (delivery->final_url);
  g_free (delivery);
}

RillReaderSourceKind
rill_reader_guess_source_kind (const char *url)
{
  static const char * const hints[] = { "rss", "atom", "feed", ".xml", ".json", NULL };
  g_autofree char *lower = g_ascii_strdown (url, -1);

  for (guint i = 0; hints[i] != NULL; i++)
    if (strstr (lower, hints[i]) != NULL)
      return RILL_READER_SOURCE_FEED;
  return RILL_READER_SOURCE_SITE;
}

static void
set_status (RillReaderWindow *self,
            const char       *format,
            ...) G_GNUC_PRINTF (2, 3);

static void
set_status (RillReaderWindow *self,
            const char       *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  gtk_label_set_text (self->status, text);
}

static void
show_article (RillReaderWindow  *self,
              RillReaderArticle *article)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter iter;
  g_autofree char *meta = NULL;
  const char *also = NULL;

  gtk_text_buffer_set_text (buffer, "", 0);
  if (article == NULL)
    return;

  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_insert_with_tags_by_name (buffer, &iter,
                                            rill_reader_article_get_title (article),
                                            -1, "title", NULL);
  meta = g_strjoin (" · ",
                    rill_reader_article_get_source (article),
                    rill_reader_article_get_date (article) ?: "no date",
                    rill_reader_article_get_lang (article) ?: "language unknown",
                    NULL);
  gtk_text_buffer_insert (buffer, &iter, "\n", -1);
  gtk_text_buffer_insert_with_tags_by_name (buffer, &iter, meta, -1, "meta", NULL);
  gtk_text_buffer_insert (buffer, &iter, "\n", -1);
  gtk_text_buffer_insert_with_tags_by_name (buffer, &iter,
                                            rill_reader_article_get_url (article),
                                            -1, "meta", NULL);
  gtk_text_buffer_insert (buffer, &iter, "\n", -1);

  also = rill_reader_article_get_also_published_by (article);
  if (rill_reader_article_get_n_copies (article) > 0)
    {
      GPtrArray *copies = rill_reader_article_get_copies (article);
      g_autofree char *line = g_strdup_printf ("Also published by %s:", also);

      gtk_text_buffer_insert_with_tags_by_name (buffer, &iter, line, -1, "cluster", NULL);
      for (guint i = 0; i < copies->len; i++)
        {
          gtk_text_buffer_insert (buffer, &iter, "\n  ", -1);
          gtk_text_buffer_insert_with_tags_by_name (buffer, &iter,
                                                    rill_reader_article_get_url (copies->pdata[i]),
                                                    -1, "meta", NULL);
        }
      gtk_text_buffer_insert (buffer, &iter, "\n", -1);
    }
  else if (also != NULL)
    {
      const char *dup_of = rill_reader_article_get_dup_of (article);
      g_autofree char *line = g_strdup_printf ("Republished: %s%s%s", also,
                                               dup_of != NULL ? ", first at " : "",
                                               dup_of != NULL ? dup_of : "");

      gtk_text_buffer_insert_with_tags_by_name (buffer, &iter, line, -1, "cluster", NULL);
      gtk_text_buffer_insert (buffer, &iter, "\n", -1);
    }

  gtk_text_buffer_insert (buffer, &iter, "\n", -1);
  gtk_text_buffer_insert (buffer, &iter,
                          rill_reader_article_get_text (article) ?: "(no text extracted)",
                          -1);
}

static void
on_selection_changed (GtkSingleSelection *selection,
                      GParamSpec         *pspec,
                      RillReaderWindow   *self)
{
  show_article (self, gtk_single_selection_get_selected_item (selection));
}

/* Where a copy of @original goes: after it and the copies already shown
 * after it, so each cluster stays together. */
static guint
position_after_cluster (RillReaderWindow  *self,
                        RillReaderArticle *original)
{
  GPtrArray *copies = rill_reader_article_get_copies (original);
  guint position = 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->articles));

  if (!g_list_store_find (self->articles, original, &position))
    return n;
  for (position++; position < n; position++)
    {
      g_autoptr(RillReaderArticle) next =
        g_list_model_get_item (G_LIST_MODEL (self->articles), position);

      if (!g_ptr_array_find (copies, next, NULL))
        break;
    }
  return position;
}

/* Adds @article as a copy of @original, after @original's cluster. */
static void
add_copy (RillReaderWindow  *self,
          RillReaderArticle *original,
          RillReaderArticle *article)
{
  guint position = position_after_cluster (self, original);

  rill_reader_article_add_copy (original, article);
  g_list_store_insert (self->articles, position, article);
}

/* With a cluster id (dedupe mode=mark): the first article of a cluster
 * leads it until one without dup-of comes, which dedupe found to be
 * dated earlier than every copy seen: the real original. */
static void
add_clustered (RillReaderWindow  *self,
               RillReaderArticle *article)
{
  gint64 cluster = rill_reader_article_get_cluster (article);
  RillReaderArticle *head = g_hash_table_lookup (self->clusters, &cluster);
  g_autoptr(GPtrArray) copies = NULL;
  guint position = 0;

  if (head == NULL)
    {
      g_list_store_append (self->articles, article);
      g_hash_table_insert (self->clusters, g_memdup2 (&cluster, sizeof cluster), article);
      return;
    }
  if (rill_reader_article_get_dup_of (article) != NULL)
    {
      add_copy (self, head, article);
      return;
    }

  /* @article is the original: it takes @head's place and cluster. */
  g_list_store_find (self->articles, head, &position);
  g_list_store_insert (self->articles, position, article);
  copies = rill_reader_article_take_copies (head);
  rill_reader_article_add_copy (article, head);
  for (guint i = 0; i < copies->len; i++)
    rill_reader_article_add_copy (article, copies->pdata[i]);
  g_hash_table_insert (self->clusters, g_memdup2 (&cluster, sizeof cluster), article);
}

/* Without a cluster id: copies are found by their dup-of URL. */
static void
add_by_dup_of (RillReaderWindow *self,
               Delivery         *delivery)
{
  RillReaderArticle *article = delivery->article;
  const char *dup_of = rill_reader_article_get_dup_of (article);
  RillReaderArticle *original = NULL;
  GPtrArray *orphans = NULL;
  const char *urls[] = { delivery->url, delivery->final_url };

  if (dup_of != NULL)
    original = g_hash_table_lookup (self->by_url, dup_of);

  if (original != NULL)
    add_copy (self, original, article);
  else
    {
      g_list_store_append (self->articles, article);
      if (dup_of != NULL)
        {
          orphans = g_hash_table_lookup (self->orphans, dup_of);
          if (orphans == NULL)
            {
              orphans = g_ptr_array_new_with_free_func (g_object_unref);
              g_hash_table_insert (self->orphans, g_strdup (dup_of), orphans);
            }
          g_ptr_array_add (orphans, g_object_ref (article));
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      if (urls[i] == NULL)
        continue;
      if (!g_hash_table_contains (self->by_url, urls[i]))
        g_hash_table_insert (self->by_url, g_strdup (urls[i]), article);
      /* Copies that came before their original join it now. */
      orphans = g_hash_table_lookup (self->orphans, urls[i]);
      if (orphans != NULL)
        {
          for (guint j = 0; j < orphans->len; j++)
            rill_reader_article_add_copy (article, orphans->pdata[j]);
          g_hash_table_remove (self->orphans, urls[i]);
        }
    }
}

static void
add_article (RillReaderWindow *self,
             Delivery         *delivery)
{
  if (rill_reader_article_get_cluster (delivery->article) >= 0)
    add_clustered (self, delivery->article);
  else
    add_by_dup_of (self, delivery);

  g_signal_emit (self, signals[SIGNAL_ARTICLE_ADDED], 0, delivery->article);
}

/* Main thread. */
static gboolean
deliver_article (gpointer data)
{
  Delivery *delivery = data;
  g_autoptr(RillReaderWindow) self = g_weak_ref_get (&delivery->link->window);

  if (self != NULL)
    add_article (self, delivery);
  return G_SOURCE_REMOVE;
}

/* A worker thread of the pipeline. */
static void
on_new_doc (RillAppSink *sink,
            RillDoc     *doc,
            gpointer     data)
{
  Delivery *delivery = g_new0 (Delivery, 1);

  delivery->link = run_link_ref (data);
  delivery->article = rill_reader_article_new_from_doc (doc);
  delivery->url = g_strdup (rill_doc_get_string (doc, RILL_FIELD_URL));
  delivery->final_url = g_strdup (rill_doc_get_string (doc, RILL_FIELD_FINAL_URL));
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT,
                              deliver_article, delivery, delivery_free);
}

/* Sums one counter ("in", "failed", ...) over the elements of a stats doc,
 * or reads it for one element. */
static gint64
stats_counter (RillDoc    *stats,
               const char *element,
               const char *counter)
{
  gint64 total = 0;

  if (stats == NULL)
    return 0;
  if (element != NULL)
    {
      RillDoc *one = rill_doc_get_doc (stats, element);

      return one != NULL ? rill_doc_get_int (one, counter, 0) : 0;
    }
  for (guint i = 0; i < rill_doc_get_n_fields (stats); i++)
    {
      RillDoc *one = rill_doc_get_doc (stats, rill_doc_get_field_name (stats, i));

      if (one != NULL)
        total += rill_doc_get_int (one, counter, 0);
    }
  return total;
}

static void
on_bus_message (RillBus          *bus,
                RillMessage      *message,
                RillReaderWindow *self)
{
  const GError *error = rill_message_get_error (message);
  RillDoc *doc = rill_message_get_doc (message);

  switch (rill_message_get_message_type (message))
    {
    case RILL_MESSAGE_PROGRESS:
      set_status (self, "Reading… %" G_GINT64_FORMAT " pages extracted, %u shown, "
                  "%" G_GINT64_FORMAT " failed%s%s",
                  stats_counter (doc, "html-extract0", "out"),
                  g_list_model_get_n_items (G_LIST_MODEL (self->articles)),
                  stats_counter (doc, NULL, "failed"),
                  self->last_warning != NULL ? " — last warning: " : "",
                  self->last_warning != NULL ? self->last_warning : "");
      break;
    case RILL_MESSAGE_WARNING:
      self->n_warnings++;
      g_free (self->last_warning);
      self->last_warning = g_strdup (error != NULL ? error->message : "a doc failed");
      set_status (self, "Warning from %s: %s",
                  rill_message_get_source_name (message) ?: "the pipeline",
                  self->last_warning);
      break;
    case RILL_MESSAGE_ERROR:
      set_status (self, "Error: %s", error != NULL ? error->message : "the pipeline failed");
      break;
    case RILL_MESSAGE_EOS:
    case RILL_MESSAGE_STATS:
    default:
      break;
    }
}

static void
set_running (RillReaderWindow *self,
             gboolean          running)
{
  gtk_button_set_label (self->button, running ? "Stop" : "Read");
  /* Read-only rather than insensitive: an insensitive GtkText that had
   * the focus keeps its cursor blinking and GTK 4.8 warns about it. */
  gtk_editable_set_editable (GTK_EDITABLE (self->entry), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind), !running);
  gtk_spinner_set_spinning (self->spinner, running);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(RillReaderWindow) self = data;
  g_autoptr(RillPipeline) pipeline = g_steal_pointer (&self->pipeline);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  gboolean ok;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->articles));

  ok = rill_pipeline_run_finish (pipeline, result, &error);
  g_signal_handlers_disconnect_by_func (rill_pipeline_get_bus (pipeline),
                                        on_bus_message, self);
  g_clear_object (&self->cancellable);
  set_running (self, FALSE);

  if (ok)
    {
      g_autoptr(RillDoc) stats = rill_pipeline_get_stats (pipeline);

      summary = g_strdup_printf ("Done: %u articles, %" G_GINT64_FORMAT " failed, "
                                 "%u warnings", n,
                                 stats_counter (stats, NULL, "failed"),
                                 self->n_warnings);
    }
  else if (g_error_matches (error, RILL_PIPELINE_ERROR, RILL_PIPELINE_ERROR_CANCELLED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    summary = g_strdup_printf ("Stopped: %u articles", n);
  else
    summary = g_strdup_printf ("Failed: %s", error->message);
  set_status (self, "%s", summary);

  g_signal_emit (self, signals[SIGNAL_RUN_FINISHED], 0, ok, summary);

  if (self->close_when_done && !gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

/**
 * rill_reader_window_read:
 * @self: the window
 * @url: a feed or site URL
 * @kind: what @url is
 *
 * Clears the list and starts reading @url; does nothing while a run
 * goes on.
 */
void
rill_reader_window_read (RillReaderWindow     *self,
                         const char           *url,
                         RillReaderSourceKind  kind)
{
  g_autoptr(RillPipeline) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  RillElement *src, *out;
  const char *urls[] = { url, NULL };

  g_return_if_fail (RILL_READER_IS_WINDOW (self));
  g_return_if_fail (url != NULL);

  if (self->pipeline != NULL)
    return;

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), url) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), url);
  gtk_drop_down_set_selected (self->kind, kind);

  if (!g_uri_is_valid (url, G_URI_FLAGS_NONE, &error))
    {
      set_status (self, "Not a URL: %s", error->message);
      return;
    }

  pipeline = rill_parse_launch (kind == RILL_READER_SOURCE_FEED ? FEED_LINE : SITE_LINE,
                                &error);
  if (pipeline == NULL)
    {
      set_status (self, "Cannot build the pipeline: %s", error->message);
      return;
    }

  /* The URL is set as a property rather than written into the launch
   * line, so it needs no quoting. */
  src = rill_pipeline_get_by_name (pipeline, "src");
  out = rill_pipeline_get_by_name (pipeline, "out");
  g_object_set (src, kind == RILL_READER_SOURCE_FEED ? "location" : "seeds", urls, NULL);
  g_signal_connect_data (out, "new-doc", G_CALLBACK (on_new_doc),
                         run_link_new (self), run_link_closure_notify, 0);
  g_signal_connect (rill_pipeline_get_bus (pipeline), "message",
                    G_CALLBACK (on_bus_message), self);

  g_list_store_remove_all (self->articles);
  g_hash_table_remove_all (self->by_url);
  g_hash_table_remove_all (self->orphans);
  g_hash_table_remove_all (self->clusters);
  self->n_warnings = 0;
  g_clear_pointer (&self->last_warning, g_free);

  self->pipeline = g_steal_pointer (&pipeline);
  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  set_status (self, "Reading %s…", url);
  rill_pipeline_run_async (self->pipeline, self->cancellable,
                           on_run_done, g_object_ref (self));
}

gboolean
rill_reader_window_is_running (RillReaderWindow *self)
{
  return self->pipeline != NULL;
}

/**
 * rill_reader_window_get_articles:
 * @self: the window
 *
 * Returns: (transfer none): the articles shown, a list of
 *   [class@RillReader.Article]
 */
GListModel *
rill_reader_window_get_articles (RillReaderWindow *self)
{
  return G_LIST_MODEL (self->articles);
}

static void
on_read_clicked (RillReaderWindow *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  if (self->pipeline != NULL)
    {
      set_status (self, "Stopping…");
      g_cancellable_cancel (self->cancellable);
      return;
    }
  if (*url != '\0')
    rill_reader_window_read (self, url, gtk_drop_down_get_selected (self->kind));
}

static void
on_entry_changed (RillReaderWindow *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  if (self->pipeline == NULL && *url != '\0')
    gtk_drop_down_set_selected (self->kind, rill_reader_guess_source_kind (url));
}

static gboolean
rill_reader_window_close_request (GtkWindow *window)
{
  RillReaderWindow *self = RILL_READER_WINDOW (window);

  if (self->pipeline == NULL)
    {
      /* Unfocus the entry first: GTK 4.8 warns when a focused GtkText
       * goes without a focus-out event. */
      gtk_window_set_focus (window, NULL);
      return GTK_WINDOW_CLASS (rill_reader_window_parent_class)->close_request (window);
    }

  /* Cancel, and go once the run has finished and its sinks flushed. */
  self->close_when_done = TRUE;
  set_status (self, "Stopping…");
  g_cancellable_cancel (self->cancellable);
  gtk_window_set_focus (window, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  return TRUE;
}

static void
rill_reader_window_dispose (GObject *object)
{
  RillReaderWindow *self = RILL_READER_WINDOW (object);

  /* A run holds a reference to the window until it has finished, so
   * there is none left here. */
  g_assert (self->pipeline == NULL);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rill_reader_window_parent_class)->dispose (object);
}

static void
rill_reader_window_finalize (GObject *object)
{
  RillReaderWindow *self = RILL_READER_WINDOW (object);

  g_clear_pointer (&self->by_url, g_hash_table_unref);
  g_clear_pointer (&self->orphans, g_hash_table_unref);
  g_clear_pointer (&self->clusters, g_hash_table_unref);
  g_clear_object (&self->articles);
  g_free (self->last_warning);

  G_OBJECT_CLASS (rill_reader_window_parent_class)->finalize (object);
}

static void
rill_reader_window_class_init (RillReaderWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rill_reader_window_dispose;
  object_class->finalize = rill_reader_window_finalize;
  window_class->close_request = rill_reader_window_close_request;

  /**
   * RillReaderWindow::article-added:
   * @self: the window
   * @article: the article just added to the list
   *
   * Emitted on the main thread for every article shown.
   */
  signals[SIGNAL_ARTICLE_ADDED] =
    g_signal_new ("article-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RILL_READER_TYPE_ARTICLE);

  /**
   * RillReaderWindow::run-finished:
   * @self: the window
   * @success: whether the pipeline ran to its end
   * @summary: what the status line says
   *
   * Emitted once a run has finished, after its last article was added.
   */
  signals[SIGNAL_RUN_FINISHED] =
    g_signal_new ("run-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);

  g_type_ensure (RILL_READER_TYPE_ARTICLE);
}

/* A column showing one string property of RillReaderArticle. */
static GtkColumnViewColumn *
text_column (const char *title,
             const char *property,
             gboolean    expand)
{
  g_autofree char *ui = g_strdup_printf (
    "<interface>"
    "  <template class='GtkListItem'>"
    "    <property name='child'>"
    "      <object class='GtkLabel'>"
    "        <property name='xalign'>0</property>"
    "        <property name='ellipsize'>end</property>"
    "        <binding name='label'>"
    "          <lookup name='%s' type='RillReaderArticle'>"
    "            <lookup name='item'>GtkListItem</lookup>"
    "          </lookup>"
    "        </binding>"
    "        <binding name='tooltip-text'>"
    "          <lookup name='%s' type='RillReaderArticle'>"
    "            <lookup name='item'>GtkListItem</lookup>"
    "          </lookup>"
    "        </binding>"
    "      </object>"
    "    </property>"
    "  </template>"
    "</interface>", property, property);
  g_autoptr(GBytes) bytes = g_bytes_new (ui, strlen (ui));
  GtkListItemFactory *factory = gtk_builder_list_item_factory_new_from_bytes (NULL, bytes);
  GtkColumnViewColumn *column = gtk_column_view_column_new (title, factory);

  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  return column;
}

static void
rill_reader_window_init (RillReaderWindow *self)
{
  GtkWidget *header, *box, *bar, *paned, *scrolled;
  GtkTextBuffer *buffer;
  static const char * const kinds[] = { "Feed", "Site", NULL };
  static const struct { const char *title, *property; gboolean expand; } columns[] = {
    { "Title", "title", TRUE },
    { "Source", "source", FALSE },
    { "Date", "date", FALSE },
    { "Lang", "lang", FALSE },
    { "Also published by", "also-published-by", FALSE },
  };

  self->articles = g_list_store_new (RILL_READER_TYPE_ARTICLE);
  self->by_url = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->orphans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->clusters = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  gtk_window_set_title (GTK_WINDOW (self), "Rill Reader");
  gtk_window_set_default_size (GTK_WINDOW (self), 1200, 680);

  header = gtk_header_bar_new ();
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), GTK_WIDGET (self->spinner));
  gtk_window_set_titlebar (GTK_WINDOW (self), header);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_window_set_child (GTK_WINDOW (self), box);

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (bar, 6);
  gtk_widget_set_margin_end (bar, 6);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);
  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->entry, "Feed or site URL");
  gtk_entry_set_input_purpose (self->entry, GTK_INPUT_PURPOSE_URL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
  self->kind = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (kinds));
  self->button = GTK_BUTTON (gtk_button_new_with_label ("Read"));
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "suggested-action");
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->entry));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->kind));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->button));
  gtk_box_append (GTK_BOX (box), bar);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (on_read_clicked), self);
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (on_entry_changed), self);
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (on_read_clicked), self);

  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_paned_set_position (GTK_PANED (paned), 720);
  gtk_box_append (GTK_BOX (box), paned);

  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->articles)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected-item",
                    G_CALLBACK (on_selection_changed), self);
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (self->selection)));
  gtk_column_view_set_show_row_separators (self->view, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column =
        text_column (columns[i].title, columns[i].property, columns[i].expand);

      gtk_column_view_append_column (self->view, column);
    }
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_paned_set_start_child (GTK_PANED (paned), scrolled);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);

  self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_editable (self->text_view, FALSE);
  gtk_text_view_set_cursor_visible (self->text_view, FALSE);
  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (self->text_view, 12);
  gtk_text_view_set_right_margin (self->text_view, 12);
  gtk_text_view_set_top_margin (self->text_view, 12);
  gtk_text_view_set_pixels_below_lines (self->text_view, 6);
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_create_tag (buffer, "title", "weight", PANGO_WEIGHT_BOLD,
                              "scale", 1.4, NULL);
  gtk_text_buffer_create_tag (buffer, "meta", "foreground", "#6a6a6a", NULL);
  gtk_text_buffer_create_tag (buffer, "cluster", "weight", PANGO_WEIGHT_BOLD,
                              "foreground", "#1c71d8", NULL);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->text_view));
  gtk_paned_set_end_child (GTK_PANED (paned), scrolled);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);

  self->status = GTK_LABEL (gtk_label_new ("Give a feed or site URL and press Read."));
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_ellipsize (self->status, PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (GTK_WIDGET (self->status), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->status), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self->status), 3);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->status), 3);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));
}

/**
 * rill_reader_window_new:
 * @application: the application
 *
 * Returns: (transfer none): a new window, owned by its toplevel list
 */
RillReaderWindow *
rill_reader_window_new (GtkApplication *application)
{
  return g_object_new (RILL_READER_TYPE_WINDOW, "application", application, NULL);
}

/**
 * rill_reader_window_select:
 * @self: the window
 * @article: an article of the list
 *
 * Selects @article and shows its text.
 */
void
rill_reader_window_select (RillReaderWindow  *self,
                           RillReaderArticle *article)
{
  guint position;

  if (g_list_store_find (self->articles, article, &position))
    gtk_single_selection_set_selected (self->selection, position);
}
