/* rill-html-metadata.c: title, author, dates, site name, description,
 * canonical URL, language, image and tags.
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Sources, most trusted first: JSON-LD (schema.org), Open Graph and
 * article:* properties, other <meta> conventions (Dublin Core, Parse.ly,
 * Sailthru), microdata (itemprop), <time datetime>, <title>/<h1>.
 * Visible datelines and the URL are used by rill-html-extract.c after
 * the main content is known.
 */

#include "rill-html-private.h"

#include <string.h>

typedef struct {
  GHashTable *meta;       /* lower-case key -> first content */
  GPtrArray  *tags;
  char       *canonical;
  char       *original_source;
  char       *title;
  char       *lang;
  char       *image_src;
  char       *h1;
  char       *time_published;
  char       *time_any;
  char       *itemprop_author;
  char       *rel_author;
} Collected;

static void
add_meta (Collected  *c,
          const char *key,
          const char *content)
{
  g_autofree char *k = NULL;

  if (!key || !content || !*content)
    return;
  k = g_ascii_strdown (key, -1);
  g_strstrip (k);
  if (g_str_equal (k, "article:tag") || g_str_equal (k, "og:article:tag")
      || g_str_equal (k, "news_keywords") || g_str_equal (k, "keywords"))
    {
      g_auto(GStrv) parts = NULL;
      if (g_str_equal (k, "keywords") && c->tags->len > 0)
        return;
      parts = g_str_equal (k, "article:tag") || g_str_equal (k, "og:article:tag")
                ? g_strsplit (content, "\x01", -1) : g_strsplit (content, ",", -1);
      for (int i = 0; parts[i]; i++)
        {
          char *t = rill_html_squash (g_strdup (parts[i]));
          gboolean dup = FALSE;
          for (guint j = 0; j < c->tags->len && !dup; j++)
            dup = g_ascii_strcasecmp (c->tags->pdata[j], t) == 0;
          if (*t && !dup && c->tags->len < 64)
            g_ptr_array_add (c->tags, t);
          else
            g_free (t);
        }
      return;
    }
  if (!g_hash_table_contains (c->meta, k))
    g_hash_table_insert (c->meta, g_steal_pointer (&k), g_strdup (content));
}

static const char *
meta (Collected  *c,
      const char *key)
{
  const char *v = g_hash_table_lookup (c->meta, key);
  return v && *v ? v : NULL;
}

static const char *
meta_any (Collected         *c,
          const char *const *keys)
{
  for (; *keys; keys++)
    {
      const char *v = meta (c, *keys);
      if (v)
        return v;
    }
  return NULL;
}

static void
collect (htmlDocPtr  doc,
         Collected  *c,
         RillJsonLd *ld)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  for (xmlNode *n = root; n; )
    {
      RillTag t;
      gboolean skip = FALSE;

      if (n->type != XML_ELEMENT_NODE)
        {
          n = rill_html_next (n, root, FALSE);
          continue;
        }
      t = rill_html_tag_of (n);
      switch (t)
        {
        case TAG_HTML:
          if (!c->lang)
            c->lang = g_strdup (rill_html_attr (n, "lang"));
          if (!c->lang)
            c->lang = g_strdup (rill_html_attr (n, "xml:lang"));
          break;
        case TAG_META:
          {
            const char *content = rill_html_attr (n, "content");
            const char *v;
            if (!content)
              content = rill_html_attr (n, "value");
            if ((v = rill_html_attr (n, "property")))
              add_meta (c, v, content);
            if ((v = rill_html_attr (n, "name")))
              add_meta (c, v, content);
            if ((v = rill_html_attr (n, "itemprop")))
              add_meta (c, v, content ? content : rill_html_attr (n, "datetime"));
            if ((v = rill_html_attr (n, "http-equiv")))
              add_meta (c, v, content);
          }
          break;
        case TAG_LINK:
          {
            const char *rel = rill_html_attr (n, "rel");
            const char *href = rill_html_attr (n, "href");
            if (!rel || !href)
              break;
            if (!c->canonical && rill_html_attr_has_word (n, "rel", "canonical"))
              c->canonical = g_strdup (href);
            else if (!c->original_source && (rill_html_attr_has_word (n, "rel", "original-source")
                                             || rill_html_attr_has_word (n, "rel", "syndication-source")))
              c->original_source = g_strdup (href);
            else if (!c->image_src && rill_html_attr_has_word (n, "rel", "image_src"))
              c->image_src = g_strdup (href);
          }
          break;
        case TAG_TITLE:
          if (!c->title)
            c->title = rill_html_node_text (n, 1024);
          skip = TRUE;
          break;
        case TAG_SCRIPT:
          {
            const char *type = rill_html_attr (n, "type");
            if (type && strstr (type, "ld+json") && n->children && n->children->content)
              rill_jsonld_parse ((const char *) n->children->content,
                                 strlen ((const char *) n->children->content), ld);
            skip = TRUE;
          }
          break;
        case TAG_STYLE: case TAG_TEMPLATE: case TAG_SVG:
          skip = TRUE;
          break;
        case TAG_H1:
          if (!c->h1)
            c->h1 = rill_html_node_text (n, 1024);
          break;
        case TAG_TIME:
          {
            const char *dt = rill_html_attr (n, "datetime");
            const char *ip = rill_html_attr (n, "itemprop");
            if (!dt)
              break;
            if (!c->time_published && ((ip && strstr (ip, "datePublished"))
                                       || rill_html_attr (n, "pubdate")
                                       || rill_html_attr_has_word (n, "class", "published")))
              c->time_published = g_strdup (dt);
            if (!c->time_any)
              c->time_any = g_strdup (dt);
          }
          break;
        case TAG_A:
          if (!c->rel_author && rill_html_attr_has_word (n, "rel", "author"))
            c->rel_author = rill_html_node_text (n, 256);
          if (!c->original_source && rill_html_attr_has_word (n, "rel", "original-source"))
            c->original_source = g_strdup (rill_html_attr (n, "href"));
          break;
        default:
          break;
        }
      if (!c->itemprop_author && t != TAG_META && t != TAG_LINK)
        {
          const char *ip = rill_html_attr (n, "itemprop");
          if (ip && (g_str_equal (ip, "author") || g_str_equal (ip, "creator")))
            {
              xmlNode *name = NULL;
              for (xmlNode *d = n; d; d = rill_html_next (d, n, FALSE))
                {
                  const char *dp = d->type == XML_ELEMENT_NODE ? rill_html_attr (d, "itemprop") : NULL;
                  if (dp && g_str_equal (dp, "name"))
                    {
                      name = d;
                      break;
                    }
                }
              if (name && rill_html_tag_of (name) == TAG_META)
                c->itemprop_author = g_strdup (rill_html_attr (name, "content"));
              else
                c->itemprop_author = rill_html_node_text (name ? name : n, 256);
            }
        }
      n = rill_html_next (n, root, skip);
    }
}

static char *
clean_title (const char *title,
             const char *sitename)
{
  static const char *const seps[] = { " | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · ", NULL };
  g_autofree char *t = rill_html_squash (g_strdup (title));

  for (int i = 0; seps[i]; i++)
    {
      const char *last = g_strrstr (t, seps[i]);
      const char *first = strstr (t, seps[i]);
      if (!last)
        continue;
      /* the site name is the shorter side */
      if (sitename && g_strrstr (last, sitename))
        return g_strndup (t, last - t);
      if (sitename && strstr (t, sitename) == t)
        return g_strdup (first + strlen (seps[i]));
      if (strlen (last + strlen (seps[i])) < (gsize) (last - t) / 2)
        return g_strndup (t, last - t);
    }
  return g_steal_pointer (&t);
}

static char *
valid_date (const char *v,
            gint64      now)
{
  return v ? rill_html_parse_date (v, now) : NULL;
}

static char *
absolute (const char *base,
          const char *href)
{
  return href ? rill_html_resolve_url (base, href) : NULL;
}

static gboolean
looks_like_name (const char *s)
{
  return s && *s && strlen (s) < 200 && !g_str_has_prefix (s, "http")
         && !strchr (s, '@');
}

static const char *const k_pub[] = {
  "article:published_time", "og:article:published_time", "og:published_time",
  "datepublished", "article.published", "article:published", "published_time",
  "publishdate", "publish-date", "publish_date", "pubdate", "pub_date",
  "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
  "dc.date.created", "dcterms.created", "dc.date", "dcterms.date", "date",
  "article_date_original", "originalpublicationdate", "cxenseparse:recs:publishtime",
  "og:pubdate", "release_date", "created", "datecreated", NULL
};
static const char *const k_mod[] = {
  "article:modified_time", "og:updated_time", "og:article:modified_time",
  "datemodified", "dcterms.modified", "dc.date.modified", "last-modified",
  "lastmod", "article.updated", "modified", "revised", NULL
};
static const char *const k_author[] = {
  "author", "article:author", "og:article:author", "dc.creator", "dcterms.creator",
  "sailthru.author", "parsely-author", "byl", "twitter:creator", NULL
};
static const char *const k_desc[] = {
  "og:description", "description", "twitter:description", "dc.description", NULL
};
static const char *const k_image[] = {
  "og:image", "og:image:url", "og:image:secure_url", "twitter:image",
  "twitter:image:src", "thumbnailurl", "image", NULL
};
static const char *const k_site[] = {
  "og:site_name", "application-name", "twitter:site", "publisher", NULL
};
/* the other <meta> keys read below and by add_meta() */
static const char *const k_other[] = {
  "og:title", "twitter:title", "og:url", "content-language", "og:locale",
  "language", "dc.language", "original-source", "syndication-source",
  "article:tag", "og:article:tag", "news_keywords", "keywords", NULL
};

/* Whether a <meta> keyed @key (name, property or http-equiv; @len
 * bytes, any case, maybe padded with spaces) is read at all: the
 * pre-strip drops the others. Keep the lists above complete: a key
 * looked up with meta() but missing here is never found. */
gboolean
rill_html_meta_key_wanted (const char *key,
                           gsize       len)
{
  static const char *const *const lists[] = {
    k_pub, k_mod, k_author, k_desc, k_image, k_site, k_other, NULL
  };
  char buf[64];
  gsize n = 0;

  while (len > 0 && g_ascii_isspace (*key))
    key++, len--;
  while (len > 0 && g_ascii_isspace (key[len - 1]))
    len--;
  if (len == 0 || len >= sizeof buf)
    return FALSE;
  for (; n < len; n++)
    buf[n] = g_ascii_tolower (key[n]);
  buf[n] = '\0';
  for (int l = 0; lists[l]; l++)
    for (int i = 0; lists[l][i]; i++)
      if (strcmp (lists[l][i], buf) == 0)
        return TRUE;
  return FALSE;
}

void
rill_html_metadata (htmlDocPtr      doc,
                    const char     *url,
                    RillJsonLd     *ld,
                    RillExtraction *ex,
                    gint64          now)
{
  Collected c = { 0, };
  const char *v;
  const char *base;

  c.meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  c.tags = g_ptr_array_new_with_free_func (g_free);
  collect (doc, &c, ld);

  base = url;
  if (!base && c.canonical)
    base = c.canonical;

  /* site name first: the title cleaner uses it */
  v = meta_any (&c, k_site);
  if (v && v[0] == '@' && ld->sitename)
    v = ld->sitename;
  ex->sitename = g_strdup (v ? v : ld->sitename);
  if (ex->sitename && ex->sitename[0] == '@')
    memmove (ex->sitename, ex->sitename + 1, strlen (ex->sitename));
  if (!ex->sitename && url)
    {
      g_autoptr(GUri) u = g_uri_parse (url, G_URI_FLAGS_PARSE_RELAXED, NULL);
      if (u && g_uri_get_host (u))
        {
          const char *h = g_uri_get_host (u);
          ex->sitename = g_strdup (g_str_has_prefix (h, "www.") ? h + 4 : h);
        }
    }
  if (ex->sitename)
    rill_html_squash (ex->sitename);

  if ((v = meta (&c, "og:title")) || (v = ld->headline) || (v = meta (&c, "twitter:title")))
    ex->title = clean_title (v, ex->sitename);
  else if (c.title && *c.title)
    ex->title = clean_title (c.title, ex->sitename);
  else if (c.h1 && *c.h1)
    ex->title = g_strdup (c.h1);

  if (ld->author && looks_like_name (ld->author))
    ex->author = g_strdup (ld->author);
  else if ((v = meta_any (&c, k_author)) && looks_like_name (v))
    ex->author = g_strdup (v);
  else if (looks_like_name (c.itemprop_author))
    ex->author = g_strdup (c.itemprop_author);
  else if (looks_like_name (c.rel_author))
    ex->author = g_strdup (c.rel_author);
  if (ex->author)
    {
      rill_html_squash (ex->author);
      /* "By Jane Roe", "von Jane Roe", "Автор: ..." */
      for (const char *const *pre = (const char *const[]) { "by ", "By ", "BY ", "von ", "par ", "por ",
                                                            "Автор: ", "Автор ", NULL };
           *pre; pre++)
        if (g_str_has_prefix (ex->author, *pre) && strlen (ex->author) > strlen (*pre))
          {
            memmove (ex->author, ex->author + strlen (*pre), strlen (ex->author) - strlen (*pre) + 1);
            break;
          }
    }

  ex->date = valid_date (ld->date, now);
  for (int i = 0; !ex->date && k_pub[i]; i++)
    ex->date = valid_date (meta (&c, k_pub[i]), now);
  if (!ex->date)
    ex->date = valid_date (c.time_published, now);
  ex->date_modified = valid_date (ld->date_modified, now);
  for (int i = 0; !ex->date_modified && k_mod[i]; i++)
    ex->date_modified = valid_date (meta (&c, k_mod[i]), now);

  v = meta_any (&c, k_desc);
  ex->description = rill_html_squash (g_strdup (v ? v : ld->description));

  ex->canonical_url = absolute (base, c.canonical);
  if (!ex->canonical_url)
    ex->canonical_url = absolute (base, meta (&c, "og:url"));
  if (!ex->canonical_url && ld->canonical_url && g_str_has_prefix (ld->canonical_url, "http"))
    ex->canonical_url = g_strdup (ld->canonical_url);

  if (c.lang && *c.lang)
    ex->lang = rill_html_squash (g_strdup (c.lang));
  else if ((v = meta (&c, "content-language")) || (v = meta (&c, "og:locale"))
           || (v = meta (&c, "language")) || (v = meta (&c, "dc.language")))
    ex->lang = rill_html_squash (g_strdup (v));
  if (ex->lang)
    {
      /* og:locale uses en_US */
      for (char *p = ex->lang; *p; p++)
        if (*p == '_')
          *p = '-';
    }

  v = meta_any (&c, k_image);
  ex->image = absolute (base, v ? v : ld->image ? ld->image : c.image_src);

  if (c.tags->len == 0 && ld->tags)
    for (guint i = 0; i < ld->tags->len && i < 64; i++)
      g_ptr_array_add (c.tags, g_strdup (ld->tags->pdata[i]));
  if (c.tags->len)
    {
      g_ptr_array_add (c.tags, NULL);
      ex->tags = (char **) g_ptr_array_free (g_steal_pointer (&c.tags), FALSE);
    }

  if (c.original_source)
    ex->source_url = absolute (base, c.original_source);
  else if ((v = meta (&c, "original-source")) || (v = meta (&c, "syndication-source")))
    ex->source_url = absolute (base, v);
  else if (ld->source_url && g_str_has_prefix (ld->source_url, "http"))
    ex->source_url = g_strdup (ld->source_url);

  g_hash_table_unref (c.meta);
  if (c.tags)
    g_ptr_array_unref (c.tags);
  g_free (c.canonical);
  g_free (c.original_source);
  g_free (c.title);
  g_free (c.lang);
  g_free (c.image_src);
  g_free (c.h1);
  g_free (c.time_published);
  g_free (c.time_any);
  g_free (c.itemprop_author);
  g_free (c.rel_author);
}
