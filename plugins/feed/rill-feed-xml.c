/* rill-feed-xml.c: RSS 0.9x/1.0/2.0, Atom 1.0, sitemaps and sitemap
 * indexes (with Google News tags), read with libxml2 in recover mode
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-feed-private.h"

#include <string.h>
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#define NS_RSS1    "http://purl.org/rss/1.0/"
#define NS_RSS090  "http://my.netscape.com/rdf/simple/0.9/"
#define NS_ATOM    "http://www.w3.org/2005/Atom"
#define NS_ATOM03  "http://purl.org/atom/ns#"
#define NS_DC      "http://purl.org/dc/elements/1.1/"
#define NS_MEDIA   "http://search.yahoo.com/mrss/"
#define NS_NEWS    "http://www.google.com/schemas/sitemap-news/0.9"
#define NS_IMAGE   "http://www.google.com/schemas/sitemap-image/1.1"

/* The longest body handed to libxml2 (its length argument is an int). */
#define MAX_XML_INPUT (G_MAXINT / 2)

char *
rill_feed_resolve (const char *base,
                   const char *ref)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *abs = NULL;
  const char *scheme;

  if (ref == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (ref));
  if (*trimmed == '\0')
    return NULL;
  if (base != NULL)
    abs = g_uri_resolve_relative (base, trimmed, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (abs == NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (trimmed, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);

      if (uri == NULL)
        return NULL;
      abs = g_uri_to_string (uri);
    }
  scheme = g_uri_peek_scheme (abs);
  if (scheme == NULL || (strcmp (scheme, "http") != 0 && strcmp (scheme, "https") != 0))
    return NULL;
  return g_steal_pointer (&abs);
}

static const char *
ns_of (xmlNode *node)
{
  return node->ns != NULL ? (const char *) node->ns->href : NULL;
}

static gboolean
is_elem (xmlNode    *node,
         const char *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0;
}

static gboolean
ns_eq (xmlNode    *node,
       const char *ns)
{
  const char *n = ns_of (node);

  return g_strcmp0 (n, ns) == 0;
}

static gboolean
ns_is_atom (xmlNode *node)
{
  return ns_eq (node, NS_ATOM) || ns_eq (node, NS_ATOM03);
}

/* Collapsed whitespace; NULL when empty. */
static char *
collapse (const char *s)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (; *s != '\0'; s++)
    {
      if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        space = TRUE;
      else
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *s);
        }
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static char *
node_text (xmlNode *node)
{
  xmlChar *c = xmlNodeGetContent (node);
  char *s;

  if (c == NULL)
    return NULL;
  s = collapse ((const char *) c);
  xmlFree (c);
  return s;
}

/* Titles and descriptions often carry escaped HTML; keep their text. */
static char *
plain_text (const char *s)
{
  g_autofree char *wrapped = NULL;
  htmlDocPtr doc;
  xmlChar *c;
  char *text;

  if (s == NULL)
    return NULL;
  if (strchr (s, '<') == NULL && strchr (s, '&') == NULL)
    return g_strdup (s);
  wrapped = g_strconcat ("<html><body>", s, "</body></html>", NULL);
  doc = htmlReadMemory (wrapped, (int) strlen (wrapped), NULL, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
                        | HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED);
  if (doc == NULL)
    return g_strdup (s);
  c = xmlNodeGetContent ((xmlNode *) doc);
  text = c != NULL ? collapse ((const char *) c) : NULL;
  xmlFree (c);
  xmlFreeDoc (doc);
  return text;
}

static char *
node_plain_text (xmlNode *node)
{
  g_autofree char *raw = node_text (node);

  return plain_text (raw);
}

static char *
attr (xmlNode    *node,
      const char *name)
{
  xmlChar *v = xmlGetProp (node, (const xmlChar *) name);
  char *s;

  if (v == NULL)
    return NULL;
  s = g_strstrip (g_strdup ((const char *) v));
  xmlFree (v);
  if (*s == '\0')
    g_clear_pointer (&s, g_free);
  return s;
}

/* @ref against the base in effect at @node (xml:base, then the feed). */
static char *
resolve_at (xmlNode    *node,
            const char *ref)
{
  xmlChar *base = xmlNodeGetBase (node->doc, node);
  char *abs = rill_feed_resolve ((const char *) base, ref);

  xmlFree (base);
  return abs;
}

/* "jo@example.com (Jo Bloggs)" gives "Jo Bloggs". */
static char *
author_name (const char *s)
{
  const char *open = strchr (s, '(');
  const char *close = open != NULL ? strrchr (open, ')') : NULL;

  if (open != NULL && close != NULL && close > open + 1 && strchr (s, '@') != NULL)
    return g_strstrip (g_strndup (open + 1, close - open - 1));
  return g_strdup (s);
}

/* What one entry collects before it becomes a doc. */
typedef struct {
  char *url;
  char *title;
  char *date;
  char *date_fallback;
  char *author;
  char *description;
  char *image;
  char *sitename;
  char *lang;
  GPtrArray *tags;
  gboolean sitemap;
} Entry;

static void
entry_clear (Entry *e)
{
  g_free (e->url);
  g_free (e->title);
  g_free (e->date);
  g_free (e->date_fallback);
  g_free (e->author);
  g_free (e->description);
  g_free (e->image);
  g_free (e->sitename);
  g_free (e->lang);
  if (e->tags != NULL)
    g_ptr_array_unref (e->tags);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Entry, entry_clear)

static void
set_once (char **slot, char *value)
{
  if (*slot == NULL)
    *slot = value;
  else
    g_free (value);
}

static void
add_tag (Entry *e, char *tag)
{
  if (tag == NULL)
    return;
  if (e->tags == NULL)
    e->tags = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < e->tags->len; i++)
    if (strcmp (e->tags->pdata[i], tag) == 0)
      {
        g_free (tag);
        return;
      }
  g_ptr_array_add (e->tags, tag);
}

static void
add_tag_list (Entry *e, const char *list)
{
  g_auto(GStrv) parts = NULL;

  if (list == NULL)
    return;
  parts = g_strsplit (list, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    add_tag (e, collapse (parts[i]));
}

static void
set_date (Entry *e, const char *text)
{
  set_once (&e->date, rill_feed_parse_date (text));
}

static void
entry_emit (RillFeedReader *reader,
            Entry          *e)
{
  RillDoc *doc;

  if (e->url == NULL)
    {
      reader->skipped++;
      return;
    }
  doc = rill_doc_new ();
  rill_doc_set_string (doc, RILL_FIELD_URL, e->url);
  if (e->title != NULL)
    rill_doc_set_string (doc, RILL_FIELD_TITLE, e->title);
  if (e->date != NULL || e->date_fallback != NULL)
    rill_doc_set_string (doc, RILL_FIELD_DATE, e->date != NULL ? e->date : e->date_fallback);
  if (e->author != NULL)
    rill_doc_set_string (doc, RILL_FIELD_AUTHOR, e->author);
  if (e->description != NULL)
    rill_doc_set_string (doc, RILL_FIELD_DESCRIPTION, e->description);
  if (e->tags != NULL && e->tags->len > 0)
    {
      g_ptr_array_add (e->tags, NULL);
      rill_doc_set_strv (doc, RILL_FIELD_TAGS, (const char * const *) e->tags->pdata);
    }
  if (e->image != NULL)
    rill_doc_set_string (doc, RILL_FIELD_IMAGE, e->image);
  if (e->sitename != NULL)
    rill_doc_set_string (doc, RILL_FIELD_SITENAME, e->sitename);
  if (e->lang != NULL)
    rill_doc_set_string (doc, RILL_FIELD_LANG, e->lang);
  if (e->sitemap)
    rill_doc_set_bool (doc, RILL_FEED_FIELD_SITEMAP, TRUE);
  if (reader->feed_url != NULL)
    rill_doc_set_string (doc, RILL_FEED_FIELD_FEED_URL, reader->feed_url);
  g_ptr_array_add (reader->entries, doc);
}

/* ---- RSS ---------------------------------------------------------------- */

/* @core_ns: the namespace of the RSS elements themselves (NULL for RSS
 * 0.9x/2.0). */
static void
read_rss_item (RillFeedReader *reader,
               xmlNode        *item,
               const char     *core_ns)
{
  g_auto(Entry) e = { 0 };
  g_autofree char *guid = NULL;
  gboolean guid_is_link = TRUE;

  for (xmlNode *c = item->children; c != NULL; c = c->next)
    {
      const char *name = (const char *) c->name;

      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (ns_eq (c, core_ns) || ns_of (c) == NULL)
        {
          if (strcmp (name, "link") == 0)
            {
              g_autofree char *t = node_text (c);
              set_once (&e.url, resolve_at (c, t));
            }
          else if (strcmp (name, "guid") == 0 && guid == NULL)
            {
              g_autofree char *perma = attr (c, "isPermaLink");

              guid = node_text (c);
              guid_is_link = guid != NULL && g_strcmp0 (perma, "false") != 0;
              if (guid_is_link)
                {
                  char *abs = resolve_at (c, guid);

                  g_free (guid);
                  guid = abs;
                }
            }
          else if (strcmp (name, "title") == 0)
            set_once (&e.title, node_plain_text (c));
          else if (strcmp (name, "pubDate") == 0)
            {
              g_autofree char *t = node_text (c);
              set_date (&e, t);
            }
          else if (strcmp (name, "author") == 0)
            {
              g_autofree char *t = node_text (c);
              if (t != NULL)
                set_once (&e.author, author_name (t));
            }
          else if (strcmp (name, "description") == 0)
            set_once (&e.description, node_plain_text (c));
          else if (strcmp (name, "category") == 0)
            add_tag (&e, node_text (c));
          else if (strcmp (name, "enclosure") == 0)
            {
              g_autofree char *type = attr (c, "type");
              g_autofree char *u = attr (c, "url");

              if (type != NULL && g_str_has_prefix (type, "image/"))
                set_once (&e.image, resolve_at (c, u));
            }
        }
      else if (ns_eq (c, NS_DC))
        {
          if (strcmp (name, "creator") == 0)
            set_once (&e.author, node_text (c));
          else if (strcmp (name, "date") == 0)
            {
              g_autofree char *t = node_text (c);
              set_date (&e, t);
            }
          else if (strcmp (name, "subject") == 0)
            add_tag (&e, node_text (c));
          else if (strcmp (name, "description") == 0)
            set_once (&e.description, node_plain_text (c));
        }
      else if (ns_eq (c, NS_MEDIA))
        {
          g_autofree char *medium = attr (c, "medium");
          g_autofree char *u = attr (c, "url");

          if (strcmp (name, "thumbnail") == 0
              || (strcmp (name, "content") == 0 && g_strcmp0 (medium, "image") == 0))
            set_once (&e.image, resolve_at (c, u));
        }
    }
  if (e.url == NULL && guid_is_link && guid != NULL)
    e.url = g_steal_pointer (&guid);
  if (e.url == NULL)
    {
      /* RSS 1.0: the item's rdf:about is its URL */
      xmlChar *about = xmlGetNsProp (item, (const xmlChar *) "about",
                                     (const xmlChar *) "http://www.w3.org/1999/02/22-rdf-syntax-ns#");
      if (about != NULL)
        e.url = resolve_at (item, (const char *) about);
      xmlFree (about);
    }
  entry_emit (reader, &e);
}

static void
read_rss (RillFeedReader *reader,
          xmlNode        *root)
{
  reader->format = "rss";
  for (xmlNode *c = root->children; c != NULL; c = c->next)
    {
      if (is_elem (c, "channel"))
        {
          for (xmlNode *i = c->children; i != NULL; i = i->next)
            if (is_elem (i, "item"))
              read_rss_item (reader, i, NULL);
        }
      else if (is_elem (c, "item"))     /* some RSS 0.91 feeds */
        read_rss_item (reader, c, NULL);
    }
}

static void
read_rdf (RillFeedReader *reader,
          xmlNode        *root)
{
  reader->format = "rdf";
  for (xmlNode *c = root->children; c != NULL; c = c->next)
    if (is_elem (c, "item") && (ns_eq (c, NS_RSS1) || ns_eq (c, NS_RSS090)))
      read_rss_item (reader, c, ns_of (c));
}

/* ---- Atom --------------------------------------------------------------- */

static char *
atom_authors (xmlNode *parent)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (xmlNode *c = parent->children; c != NULL; c = c->next)
    if (is_elem (c, "author") && ns_is_atom (c))
      for (xmlNode *n = c->children; n != NULL; n = n->next)
        if (is_elem (n, "name"))
          {
            g_autofree char *t = node_text (n);

            if (t != NULL)
              {
                if (names->len > 0)
                  g_string_append (names, ", ");
                g_string_append (names, t);
              }
          }
  return names->len > 0 ? g_strdup (names->str) : NULL;
}

static char *
atom_text (xmlNode *node)
{
  g_autofree char *type = attr (node, "type");

  if (g_strcmp0 (type, "html") == 0)
    return node_plain_text (node);
  return node_text (node);      /* text, and xhtml as its text content */
}

static void
read_atom_entry (RillFeedReader *reader,
                 xmlNode        *entry,
                 const char     *feed_author)
{
  g_auto(Entry) e = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *alt_html = NULL;
  g_autofree char *alt_any = NULL;
  g_autofree char *published = NULL;
  g_autofree char *updated = NULL;

  for (xmlNode *c = entry->children; c != NULL; c = c->next)
    {
      const char *name = (const char *) c->name;

      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (ns_is_atom (c))
        {
          if (strcmp (name, "link") == 0)
            {
              g_autofree char *rel = attr (c, "rel");
              g_autofree char *type = attr (c, "type");
              g_autofree char *href = attr (c, "href");

              if (rel == NULL || strcmp (rel, "alternate") == 0)
                {
                  if (type == NULL || strstr (type, "html") != NULL)
                    set_once (&alt_html, resolve_at (c, href));
                  else
                    set_once (&alt_any, resolve_at (c, href));
                }
              else if (strcmp (rel, "enclosure") == 0 && type != NULL
                       && g_str_has_prefix (type, "image/"))
                set_once (&e.image, resolve_at (c, href));
            }
          else if (strcmp (name, "id") == 0)
            set_once (&id, node_text (c));
          else if (strcmp (name, "title") == 0)
            set_once (&e.title, atom_text (c));
          else if (strcmp (name, "summary") == 0)
            set_once (&e.description, atom_text (c));
          else if (strcmp (name, "published") == 0 || strcmp (name, "issued") == 0)
            {
              g_autofree char *t = node_text (c);
              set_once (&published, rill_feed_parse_date (t));
            }
          else if (strcmp (name, "updated") == 0 || strcmp (name, "modified") == 0)
            {
              g_autofree char *t = node_text (c);
              set_once (&updated, rill_feed_parse_date (t));
            }
          else if (strcmp (name, "category") == 0)
            add_tag (&e, attr (c, "term"));
        }
      else if (ns_eq (c, NS_MEDIA) && strcmp (name, "thumbnail") == 0)
        {
          g_autofree char *u = attr (c, "url");
          set_once (&e.image, resolve_at (c, u));
        }
      else if (ns_eq (c, NS_DC) && strcmp (name, "creator") == 0)
        set_once (&e.author, node_text (c));
    }

  e.url = g_steal_pointer (&alt_html);
  if (e.url == NULL)
    e.url = g_steal_pointer (&alt_any);
  if (e.url == NULL && id != NULL)
    e.url = rill_feed_resolve (NULL, id);
  e.date = published != NULL ? g_steal_pointer (&published) : g_steal_pointer (&updated);
  if (e.author == NULL)
    e.author = atom_authors (entry);
  if (e.author == NULL && feed_author != NULL)
    e.author = g_strdup (feed_author);
  entry_emit (reader, &e);
}

static void
read_atom (RillFeedReader *reader,
           xmlNode        *root)
{
  g_autofree char *feed_author = atom_authors (root);

  reader->format = "atom";
  for (xmlNode *c = root->children; c != NULL; c = c->next)
    if (is_elem (c, "entry") && ns_is_atom (c))
      read_atom_entry (reader, c, feed_author);
}

/* ---- sitemaps ----------------------------------------------------------- */

static void
read_news (Entry   *e,
           xmlNode *news)
{
  for (xmlNode *c = news->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE || !ns_eq (c, NS_NEWS))
        continue;
      if (is_elem (c, "title"))
        set_once (&e->title, node_plain_text (c));
      else if (is_elem (c, "publication_date"))
        {
          g_autofree char *t = node_text (c);
          set_once (&e->date, rill_feed_parse_date (t));
        }
      else if (is_elem (c, "keywords"))
        {
          g_autofree char *t = node_text (c);
          add_tag_list (e, t);
        }
      else if (is_elem (c, "publication"))
        for (xmlNode *p = c->children; p != NULL; p = p->next)
          {
            if (is_elem (p, "name"))
              set_once (&e->sitename, node_text (p));
            else if (is_elem (p, "language"))
              set_once (&e->lang, node_text (p));
          }
    }
}

/* <url> of a urlset, or <sitemap> of an index (@index TRUE). */
static void
read_sitemap_entry (RillFeedReader *reader,
                    xmlNode        *node,
                    gboolean        index)
{
  g_auto(Entry) e = { 0 };

  e.sitemap = index;
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (ns_eq (c, NS_NEWS))
        {
          if (is_elem (c, "news"))
            read_news (&e, c);
        }
      else if (ns_eq (c, NS_IMAGE))
        {
          if (is_elem (c, "image"))
            for (xmlNode *i = c->children; i != NULL; i = i->next)
              if (is_elem (i, "loc"))
                {
                  g_autofree char *t = node_text (i);
                  set_once (&e.image, resolve_at (i, t));
                }
        }
      else if (is_elem (c, "loc"))
        {
          g_autofree char *t = node_text (c);
          set_once (&e.url, resolve_at (c, t));
        }
      else if (is_elem (c, "lastmod"))
        {
          g_autofree char *t = node_text (c);
          set_once (&e.date_fallback, rill_feed_parse_date (t));
        }
    }
  entry_emit (reader, &e);
}

static void
read_sitemap (RillFeedReader *reader,
              xmlNode        *root,
              gboolean        index)
{
  reader->format = index ? "sitemap-index" : "sitemap";
  for (xmlNode *c = root->children; c != NULL; c = c->next)
    if (is_elem (c, index ? "sitemap" : "url"))
      read_sitemap_entry (reader, c, index);
}

/**
 * rill_feed_read_xml:
 * @reader: where the entries go
 * @data: the body
 * @len: its length
 *
 * Reads an XML feed or sitemap. Malformed XML is read as far as
 * libxml2's recover mode gets, and @reader->broken is set.
 *
 * Returns: %FALSE when the body is not XML of a known feed kind
 */
gboolean
rill_feed_read_xml (RillFeedReader *reader,
                    const guint8   *data,
                    gsize           len)
{
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  xmlNode *root;
  const char *name;
  gboolean ok = TRUE;

  if (len == 0 || len > MAX_XML_INPUT)
    return FALSE;
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    return FALSE;
  doc = xmlCtxtReadMemory (ctxt, (const char *) data, (int) len, reader->base_url, NULL,
                           XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR
                           | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
  reader->broken = !ctxt->wellFormed;
  xmlFreeParserCtxt (ctxt);
  if (doc == NULL)
    return FALSE;

  root = xmlDocGetRootElement (doc);
  name = root != NULL ? (const char *) root->name : "";
  if (strcmp (name, "rss") == 0 && ns_of (root) == NULL)
    read_rss (reader, root);
  else if (strcmp (name, "RDF") == 0)
    read_rdf (reader, root);
  else if (strcmp (name, "feed") == 0 && ns_is_atom (root))
    read_atom (reader, root);
  else if (strcmp (name, "urlset") == 0)
    read_sitemap (reader, root, FALSE);
  else if (strcmp (name, "sitemapindex") == 0)
    read_sitemap (reader, root, TRUE);
  else
    ok = FALSE;

  xmlFreeDoc (doc);
  return ok;
}
