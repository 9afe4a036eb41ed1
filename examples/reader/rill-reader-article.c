/* rill-reader-article.c: one article shown by the reader
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-reader-article.h"

/**
 * RillReaderArticle:
 *
 * What the reader keeps of one extracted doc: the fields its list shows
 * (title, source, date, language), the text shown when the article is
 * selected, and the cluster it belongs to.
 *
 `dedupe mode=mark` gives every doc a `cluster` id, the same for all
 * copies of one story, and sets `dup-of` on the copies (not on the
 * original, which may come after a copy when it is dated earlier). The
 * window adds copies to their original with
 * [method@RillReader.Article.add_copy], which updates the original's
 * `also-published-by` property ("Harbour Ledger, 127.0.0.1/agg"), so a
 * row bound to it changes as copies arrive.
 */

struct _RillReaderArticle
{
  GObject parent_instance;

  char *title;
  char *source;       /* sitename, or the host */
  gboolean has_sitename;
  char *host;
  char *date;
  char *lang;
  char *url;
  char *text;
  char *dup_of;
  gint64 cluster;     /* dedupe's cluster id, or -1 */
  char *also_published_by;
  GPtrArray *copies;  /* RillReaderArticle *, in the order they arrived */
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SOURCE,
  PROP_DATE,
  PROP_LANG,
  PROP_URL,
  PROP_DUP_OF,
  PROP_ALSO_PUBLISHED_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RillReaderArticle, rill_reader_article, G_TYPE_OBJECT)

static void
rill_reader_article_finalize (GObject *object)
{
  RillReaderArticle *self = RILL_READER_ARTICLE (object);

  g_free (self->title);
  g_free (self->source);
  g_free (self->host);
  g_free (self->date);
  g_free (self->lang);
  g_free (self->url);
  g_free (self->text);
  g_free (self->dup_of);
  g_free (self->also_published_by);
  g_ptr_array_unref (self->copies);

  G_OBJECT_CLASS (rill_reader_article_parent_class)->finalize (object);
}

static void
rill_reader_article_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RillReaderArticle *self = RILL_READER_ARTICLE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;
    case PROP_LANG:
      g_value_set_string (value, self->lang);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_DUP_OF:
      g_value_set_string (value, self->dup_of);
      break;
    case PROP_ALSO_PUBLISHED_BY:
      g_value_set_string (value, self->also_published_by);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rill_reader_article_class_init (RillReaderArticleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rill_reader_article_finalize;
  object_class->get_property = rill_reader_article_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANG] =
    g_param_spec_string ("lang", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DUP_OF] =
    g_param_spec_string ("dup-of", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * RillReaderArticle:also-published-by:
   *
   * The publishers of this article's copies, comma-separated, or, for a
   * copy, "copy of" and its original's publisher.
   */
  properties[PROP_ALSO_PUBLISHED_BY] =
    g_param_spec_string ("also-published-by", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rill_reader_article_init (RillReaderArticle *self)
{
  self->copies = g_ptr_array_new_with_free_func (g_object_unref);
}

static char *
dup_field (RillDoc    *doc,
           const char *name)
{
  const char *value = rill_doc_get_string (doc, name);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

/* The date as the list shows it: "2026-11-21 10:30" of an ISO 8601 date. */
static char *
short_date (const char *iso)
{
  g_autofree char *copy = NULL;
  char *t;

  if (iso == NULL)
    return NULL;
  copy = g_strndup (iso, 16);
  t = strchr (copy, 'T');
  if (t != NULL)
    *t = ' ';
  return g_steal_pointer (&copy);
}

/**
 * rill_reader_article_new_from_doc:
 * @doc: an extracted doc
 *
 * Copies what the reader shows of @doc.
 *
 * Returns: (transfer full): a new article
 */
RillReaderArticle *
rill_reader_article_new_from_doc (RillDoc *doc)
{
  RillReaderArticle *self = g_object_new (RILL_READER_TYPE_ARTICLE, NULL);
  g_autoptr(GUri) uri = NULL;

  self->url = dup_field (doc, RILL_FIELD_FINAL_URL);
  if (self->url == NULL)
    self->url = dup_field (doc, RILL_FIELD_URL);
  if (self->url == NULL)
    self->url = g_strdup ("");
  uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL);
  self->host = g_strdup (uri != NULL && g_uri_get_host (uri) != NULL ?
                         g_uri_get_host (uri) : "");

  self->title = dup_field (doc, RILL_FIELD_TITLE);
  if (self->title == NULL)
    self->title = g_strdup (self->url);
  self->source = dup_field (doc, RILL_FIELD_SITENAME);
  self->has_sitename = self->source != NULL && g_strcmp0 (self->source, self->host) != 0;
  if (self->source == NULL)
    self->source = g_strdup (self->host);
  self->date = short_date (rill_doc_get_string (doc, RILL_FIELD_DATE));
  self->lang = dup_field (doc, RILL_FIELD_LANG);
  self->text = dup_field (doc, RILL_FIELD_TEXT);
  self->dup_of = dup_field (doc, RILL_FIELD_DUP_OF);
  self->cluster = rill_doc_has_field (doc, RILL_READER_FIELD_CLUSTER) ?
    rill_doc_get_int (doc, RILL_READER_FIELD_CLUSTER, -1) : -1;

  return self;
}

const char *
rill_reader_article_get_title (RillReaderArticle *self)
{
  return self->title;
}

const char *
rill_reader_article_get_source (RillReaderArticle *self)
{
  return self->source;
}

const char *
rill_reader_article_get_host (RillReaderArticle *self)
{
  return self->host;
}

const char *
rill_reader_article_get_date (RillReaderArticle *self)
{
  return self->date;
}

const char *
rill_reader_article_get_lang (RillReaderArticle *self)
{
  return self->lang;
}

const char *
rill_reader_article_get_url (RillReaderArticle *self)
{
  return self->url;
}

const char *
rill_reader_article_get_text (RillReaderArticle *self)
{
  return self->text;
}

const char *
rill_reader_article_get_dup_of (RillReaderArticle *self)
{
  return self->dup_of;
}

/**
 * rill_reader_article_get_cluster:
 * @self: an article
 *
 * Returns: the id of the cluster `dedupe mode=mark` put the doc in (the
 *   same for every copy of one story), or -1
 */
gint64
rill_reader_article_get_cluster (RillReaderArticle *self)
{
  return self->cluster;
}

const char *
rill_reader_article_get_also_published_by (RillReaderArticle *self)
{
  return self->also_published_by;
}

guint
rill_reader_article_get_n_copies (RillReaderArticle *self)
{
  return self->copies->len;
}

/**
 * rill_reader_article_get_copies:
 * @self: an original article
 *
 * Returns: (transfer none) (element-type RillReaderArticle): its copies
 */
GPtrArray *
rill_reader_article_get_copies (RillReaderArticle *self)
{
  return self->copies;
}

/* Who published @article, as told apart from @other: its site name;
 * without one, its host; on @other's host, the host and the first path
 * segment (a section, or an aggregator sharing the host). */
static char *
publisher_label (RillReaderArticle *article,
                 RillReaderArticle *other)
{
  g_autoptr(GUri) uri = NULL;
  const char *path;
  g_autofree char *segment = NULL;
  const char *slash;

  if (article->has_sitename && g_strcmp0 (article->source, other->source) != 0)
    return g_strdup (article->source);
  if (g_strcmp0 (article->host, other->host) != 0)
    return g_strdup (article->host);

  uri = g_uri_parse (article->url, G_URI_FLAGS_NONE, NULL);
  path = uri != NULL ? g_uri_get_path (uri) : NULL;
  if (path == NULL || path[0] != '/' || path[1] == '\0')
    return g_strdup (article->source);
  slash = strchr (path + 1, '/');
  if (slash == NULL)
    return g_strdup (article->source);
  segment = g_strndup (path, slash - path);
  return g_strconcat (article->host, segment, NULL);
}

static void
set_also_published_by (RillReaderArticle *self,
                       char              *value)
{
  if (g_strcmp0 (self->also_published_by, value) == 0)
    {
      g_free (value);
      return;
    }
  g_free (self->also_published_by);
  self->also_published_by = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALSO_PUBLISHED_BY]);
}

/**
 * rill_reader_article_take_copies:
 * @self: an original that turned out to be a copy
 *
 * Empties @self's cluster, to give it to the real original.
 *
 * Returns: (transfer container) (element-type RillReaderArticle): the
 *   copies @self had
 */
GPtrArray *
rill_reader_article_take_copies (RillReaderArticle *self)
{
  GPtrArray *copies = g_steal_pointer (&self->copies);

  self->copies = g_ptr_array_new_with_free_func (g_object_unref);
  set_also_published_by (self, NULL);
  return copies;
}

/**
 * rill_reader_article_add_copy:
 * @self: the original
 * @copy: an article whose dup-of is @self's URL
 *
 * Records @copy in @self's cluster and updates the `also-published-by`
 * of both.
 */
void
rill_reader_article_add_copy (RillReaderArticle *self,
                              RillReaderArticle *copy)
{
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  g_autofree char *original_label = NULL;

  g_return_if_fail (RILL_READER_IS_ARTICLE (self));
  g_return_if_fail (RILL_READER_IS_ARTICLE (copy));

  g_ptr_array_add (self->copies, g_object_ref (copy));
  for (guint i = 0; i < self->copies->len; i++)
    {
      char *label = publisher_label (self->copies->pdata[i], self);
      gboolean seen = FALSE;

      for (guint j = 0; j < i && !seen; j++)
        {
          g_autofree char *other = publisher_label (self->copies->pdata[j], self);
          seen = g_str_equal (label, other);
        }
      if (!seen)
        g_strv_builder_add (labels, label);
      g_free (label);
    }
  strv = g_strv_builder_end (labels);
  set_also_published_by (self, g_strjoinv (", ", strv));
  original_label = publisher_label (self, copy);
  set_also_published_by (copy, g_strconcat ("copy of ", original_label, NULL));
}
