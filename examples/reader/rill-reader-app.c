/* rill-reader-app.c: the reader application
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-reader-app.h"
#include "rill-reader-window.h"

#include <stdio.h>

/**
 * RillReaderApp:
 *
 * `rill-reader [--site] [URL]` opens a window and, given a URL, starts
 * reading it. Options for tests:
 *
 * - `--self-test`: print one line per article as it is added to the list
 *   (`row<TAB>title<TAB>source<TAB>date<TAB>lang`), one per cluster once
 *   the run is over (`cluster<TAB>title<TAB>also published by
 *   LABELS<TAB>copy URLs`), then `done<TAB>summary`, and quit; the exit
 *   status is 0 only if the run succeeded.
 * - `--screenshot FILE.png`: with `--self-test`, save the window as a PNG
 *   before quitting, after selecting the first article that has copies.
 * - `--close-after N`: with `--self-test`, close the window once N
 *   articles are shown, which cancels the run.
 */

struct _RillReaderApp
{
  GtkApplication parent_instance;

  gboolean self_test;
  char *screenshot;
  int close_after;
  gboolean closing;
  int exit_status;
  guint ticks;
};

G_DEFINE_FINAL_TYPE (RillReaderApp, rill_reader_app, GTK_TYPE_APPLICATION)

static void
on_article_added (RillReaderWindow  *window,
                  RillReaderArticle *article,
                  RillReaderApp     *self)
{
  guint n = g_list_model_get_n_items (rill_reader_window_get_articles (window));

  g_print ("row\t%s\t%s\t%s\t%s\n",
           rill_reader_article_get_title (article),
           rill_reader_article_get_source (article),
           rill_reader_article_get_date (article) ?: "",
           rill_reader_article_get_lang (article) ?: "");
  fflush (stdout);

  if (self->close_after > 0 && n == (guint) self->close_after)
    {
      self->closing = TRUE;
      gtk_window_close (GTK_WINDOW (window));
    }
}

static void
save_screenshot (RillReaderWindow *window,
                 const char       *path)
{
  GtkWidget *widget = GTK_WIDGET (window);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL || renderer == NULL)
    {
      g_printerr ("rill-reader: nothing to save as a screenshot\n");
      return;
    }
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_printerr ("rill-reader: cannot write %s\n", path);
  else
    g_print ("screenshot\t%s\t%dx%d\n", path, width, height);
}

/* Waits for a few frames, so the list has been laid out and drawn with
 * every row, then saves the screenshot and closes the window. */
static gboolean
screenshot_tick (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       data)
{
  RillReaderApp *self = data;

  if (++self->ticks < 4)
    return G_SOURCE_CONTINUE;
  save_screenshot (RILL_READER_WINDOW (widget), self->screenshot);
  gtk_window_close (GTK_WINDOW (widget));
  return G_SOURCE_REMOVE;
}

static void
on_run_finished (RillReaderWindow *window,
                 gboolean          success,
                 const char       *summary,
                 RillReaderApp    *self)
{
  GListModel *articles = rill_reader_window_get_articles (window);
  RillReaderArticle *first_cluster = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (articles); i++)
    {
      g_autoptr(RillReaderArticle) article = g_list_model_get_item (articles, i);
      GPtrArray *copies = rill_reader_article_get_copies (article);
      g_autoptr(GString) urls = g_string_new (NULL);

      if (copies->len == 0)
        continue;
      if (first_cluster == NULL)
        first_cluster = article;
      for (guint j = 0; j < copies->len; j++)
        g_string_append_printf (urls, "%s%s", j > 0 ? " " : "",
                                rill_reader_article_get_url (copies->pdata[j]));
      g_print ("cluster\t%s\talso published by %s\t%s\n",
               rill_reader_article_get_title (article),
               rill_reader_article_get_also_published_by (article),
               urls->str);
    }
  g_print ("done\t%s\n", summary);
  fflush (stdout);
  self->exit_status = success ? 0 : 1;

  /* A window being closed goes by itself once the run is over. */
  if (self->closing || gtk_widget_in_destruction (GTK_WIDGET (window)))
    return;
  if (self->screenshot != NULL)
    {
      if (first_cluster != NULL)
        rill_reader_window_select (window, first_cluster);
      gtk_widget_add_tick_callback (GTK_WIDGET (window), screenshot_tick, self, NULL);
    }
  else
    gtk_window_close (GTK_WINDOW (window));
}

static int
rill_reader_app_command_line (GApplication            *application,
                              GApplicationCommandLine *command_line)
{
  RillReaderApp *self = RILL_READER_APP (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **urls = NULL;
  const char *screenshot = NULL;
  gboolean site = FALSE;
  RillReaderWindow *window;

  g_variant_dict_lookup (options, "self-test", "b", &self->self_test);
  g_variant_dict_lookup (options, "site", "b", &site);
  g_variant_dict_lookup (options, "close-after", "i", &self->close_after);
  if (g_variant_dict_lookup (options, "screenshot", "^&ay", &screenshot))
    self->screenshot = g_canonicalize_filename (screenshot,
                                                g_application_command_line_get_cwd (command_line));
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &urls);

  if (self->self_test && (urls == NULL || urls[0] == NULL))
    {
      g_application_command_line_printerr (command_line,
                                           "rill-reader: --self-test needs a URL\n");
      return 2;
    }

  window = rill_reader_window_new (GTK_APPLICATION (application));
  if (self->self_test)
    {
      g_signal_connect (window, "article-added", G_CALLBACK (on_article_added), self);
      g_signal_connect (window, "run-finished", G_CALLBACK (on_run_finished), self);
    }
  gtk_window_present (GTK_WINDOW (window));

  if (urls != NULL && urls[0] != NULL)
    rill_reader_window_read (window, urls[0],
                             site ? RILL_READER_SOURCE_SITE
                                  : rill_reader_guess_source_kind (urls[0]));
  return 0;
}

static void
rill_reader_app_finalize (GObject *object)
{
  RillReaderApp *self = RILL_READER_APP (object);

  g_free (self->screenshot);

  G_OBJECT_CLASS (rill_reader_app_parent_class)->finalize (object);
}

static void
rill_reader_app_class_init (RillReaderAppClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rill_reader_app_finalize;
  G_APPLICATION_CLASS (klass)->command_line = rill_reader_app_command_line;
}

static void
rill_reader_app_init (RillReaderApp *self)
{
  static const GOptionEntry entries[] = {
    { "site", 0, 0, G_OPTION_ARG_NONE, NULL,
      "Crawl the URL as a site (default: guessed from the URL)", NULL },
    { "self-test", 0, 0, G_OPTION_ARG_NONE, NULL,
      "Print each article as it is shown and quit when the run is over", NULL },
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      "With --self-test, save the window as a PNG before quitting", "FILE" },
    { "close-after", 0, 0, G_OPTION_ARG_INT, NULL,
      "With --self-test, close the window once N articles are shown", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, "[URL]" },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            "Reads a news feed or site with a Rill pipeline "
                                            "and shows its articles as they arrive.");
}

RillReaderApp *
rill_reader_app_new (void)
{
  return g_object_new (RILL_READER_TYPE_APP,
                       "application-id", "example.Rill.Reader",
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE,
                       NULL);
}

int
rill_reader_app_get_exit_status (RillReaderApp *self)
{
  return self->exit_status;
}
