/* rill-html-jsonld.c: schema.org metadata from JSON-LD blocks.
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rill-html-private.h"

#include <json-glib/json-glib.h>
#include <string.h>

static const char *const article_types[] = {
  "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle",
  "AnalysisNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle",
  "BackgroundNewsArticle", "TechArticle", "ScholarlyArticle", "Report",
  "LiveBlogPosting", "SocialMediaPosting", "DiscussionForumPosting",
  "Review", "Recipe", "MedicalWebPage", "Blog", "VideoObject", NULL
};

static gboolean
type_is (JsonObject *o,
         const char *const *types)
{
  JsonNode *t = json_object_get_member (o, "@type");

  if (!t)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_STRING)
    return g_strv_contains (types, json_node_get_string (t));
  if (JSON_NODE_HOLDS_ARRAY (t))
    {
      JsonArray *a = json_node_get_array (t);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING
              && g_strv_contains (types, json_node_get_string (e)))
            return TRUE;
        }
    }
  return FALSE;
}

static const char *
str_member (JsonObject *o,
            const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (!n)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return json_node_get_string (n);
  if (JSON_NODE_HOLDS_ARRAY (n) && json_array_get_length (json_node_get_array (n)) > 0)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (n), 0);
      if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
        return json_node_get_string (e);
      n = e;
    }
  if (JSON_NODE_HOLDS_OBJECT (n))
    {
      JsonObject *so = json_node_get_object (n);
      const char *keys[] = { "name", "url", "@id", "contentUrl", NULL };
      for (int i = 0; keys[i]; i++)
        {
          JsonNode *v = json_object_get_member (so, keys[i]);
          if (v && JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING)
            return json_node_get_string (v);
        }
    }
  return NULL;
}

static char *
authors (JsonObject *o)
{
  JsonNode *n = json_object_get_member (o, "author");
  GString *s;

  if (!n)
    n = json_object_get_member (o, "creator");
  if (!n)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (n))
    {
      const char *v = str_member (o, json_object_has_member (o, "author") ? "author" : "creator");
      return v && *v && !g_str_has_prefix (v, "http") ? g_strdup (v) : NULL;
    }
  s = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (n)); i++)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (n), i);
      const char *v = NULL;
      if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
        v = json_node_get_string (e);
      else if (JSON_NODE_HOLDS_OBJECT (e))
        {
          JsonNode *nm = json_object_get_member (json_node_get_object (e), "name");
          if (nm && JSON_NODE_HOLDS_VALUE (nm) && json_node_get_value_type (nm) == G_TYPE_STRING)
            v = json_node_get_string (nm);
        }
      if (v && *v && !g_str_has_prefix (v, "http"))
        {
          if (s->len)
            g_string_append (s, "; ");
          g_string_append (s, v);
        }
    }
  if (!s->len)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

static void
set_once (char      **dst,
          const char *v)
{
  if (!*dst && v && *v)
    *dst = rill_html_squash (g_strdup (v));
}

static void
take_article (JsonObject *o,
              RillJsonLd *ld)
{
  JsonNode *kw, *pub;

  set_once (&ld->headline, str_member (o, "headline"));
  set_once (&ld->headline, str_member (o, "name"));
  if (!ld->author)
    ld->author = authors (o);
  set_once (&ld->date, str_member (o, "datePublished"));
  set_once (&ld->date, str_member (o, "dateCreated"));
  set_once (&ld->date, str_member (o, "uploadDate"));
  set_once (&ld->date_modified, str_member (o, "dateModified"));
  set_once (&ld->description, str_member (o, "description"));
  set_once (&ld->image, str_member (o, "image"));
  set_once (&ld->image, str_member (o, "thumbnailUrl"));
  set_once (&ld->source_url, str_member (o, "isBasedOn"));
  set_once (&ld->source_url, str_member (o, "isBasedOnUrl"));
  set_once (&ld->canonical_url, str_member (o, "url"));
  set_once (&ld->canonical_url, str_member (o, "mainEntityOfPage"));
  if (!ld->article_body)
    {
      const char *b = str_member (o, "articleBody");
      if (!b)
        b = str_member (o, "text");
      if (b && strlen (b) > 100)
        ld->article_body = g_strdup (b);
    }
  pub = json_object_get_member (o, "publisher");
  if (pub && JSON_NODE_HOLDS_OBJECT (pub))
    set_once (&ld->sitename, str_member (json_node_get_object (pub), "name"));
  kw = json_object_get_member (o, "keywords");
  if (kw && !ld->tags)
    {
      ld->tags = g_ptr_array_new_with_free_func (g_free);
      if (JSON_NODE_HOLDS_ARRAY (kw))
        {
          JsonArray *a = json_node_get_array (kw);
          for (guint i = 0; i < json_array_get_length (a); i++)
            {
              JsonNode *e = json_array_get_element (a, i);
              if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
                g_ptr_array_add (ld->tags, rill_html_squash (g_strdup (json_node_get_string (e))));
            }
        }
      else if (JSON_NODE_HOLDS_VALUE (kw) && json_node_get_value_type (kw) == G_TYPE_STRING)
        {
          g_auto(GStrv) parts = g_strsplit (json_node_get_string (kw), ",", -1);
          for (int i = 0; parts[i]; i++)
            {
              char *t = rill_html_squash (g_strdup (parts[i]));
              if (*t)
                g_ptr_array_add (ld->tags, t);
              else
                g_free (t);
            }
        }
    }
}

/* Iterative walk over the JSON tree: @graph, arrays and nested objects. */
static void
walk (JsonNode   *root,
      RillJsonLd *ld)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  JsonObject *fallback = NULL;
  guint visited = 0;

  g_ptr_array_add (stack, root);
  while (stack->len && visited++ < 10000)
    {
      JsonNode *n = g_ptr_array_steal_index (stack, stack->len - 1);

      if (JSON_NODE_HOLDS_ARRAY (n))
        {
          JsonArray *a = json_node_get_array (n);
          for (gint i = (gint) json_array_get_length (a) - 1; i >= 0; i--)
            g_ptr_array_add (stack, json_array_get_element (a, i));
        }
      else if (JSON_NODE_HOLDS_OBJECT (n))
        {
          JsonObject *o = json_node_get_object (n);
          JsonNode *g = json_object_get_member (o, "@graph");
          JsonNode *me = json_object_get_member (o, "mainEntity");

          if (type_is (o, article_types))
            take_article (o, ld);
          else if (!fallback && json_object_has_member (o, "@type"))
            {
              const char *t[] = { "WebPage", "ItemPage", NULL };
              if (type_is (o, t))
                fallback = o;
            }
          if (!ld->sitename)
            {
              const char *t[] = { "WebSite", "Organization", "NewsMediaOrganization", NULL };
              if (type_is (o, t) && !json_object_has_member (o, "headline"))
                set_once (&ld->sitename, str_member (o, "name"));
            }
          if (g)
            g_ptr_array_add (stack, g);
          if (me && JSON_NODE_HOLDS_OBJECT (me))
            g_ptr_array_add (stack, me);
        }
    }
  if (fallback)
    {
      /* WebPage carries dates and isBasedOn on some sites */
      set_once (&ld->date, str_member (fallback, "datePublished"));
      set_once (&ld->date_modified, str_member (fallback, "dateModified"));
      set_once (&ld->source_url, str_member (fallback, "isBasedOn"));
    }
}

void
rill_jsonld_parse (const char *json,
                   gsize       len,
                   RillJsonLd *ld)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *fixed = NULL;

  if (len == 0 || len > 4 * 1024 * 1024)
    return;
  if (!json_parser_load_from_data (parser, json, len, NULL))
    {
      /* raw newlines and tabs inside strings are a common mistake */
      fixed = g_strndup (json, len);
      for (char *p = fixed; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
          *p = ' ';
      if (!json_parser_load_from_data (parser, fixed, -1, NULL))
        return;
    }
  if (json_parser_get_root (parser))
    walk (json_parser_get_root (parser), ld);
}

void
rill_jsonld_clear (RillJsonLd *ld)
{
  g_free (ld->title);
  g_free (ld->author);
  g_free (ld->date);
  g_free (ld->date_modified);
  g_free (ld->sitename);
  g_free (ld->description);
  g_free (ld->canonical_url);
  g_free (ld->image);
  g_free (ld->source_url);
  g_free (ld->type);
  g_free (ld->headline);
  g_free (ld->article_body);
  if (ld->tags)
    g_ptr_array_unref (ld->tags);
  memset (ld, 0, sizeof *ld);
}
