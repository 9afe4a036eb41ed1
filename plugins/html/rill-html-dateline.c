/* rill-html-dateline.c: visible publication dates and source credits.
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Both look near the article first (the main node and two levels of
 * ancestors), skipping links and list items, so that the dates of
 * "most read" lists and the credits of other stories are not taken.
 */

#include "rill-html-private.h"

#include <string.h>

static gboolean
inside_link_or_item (xmlNode *n,
                     xmlNode *stop)
{
  for (n = n->parent; n && n != stop && n->type == XML_ELEMENT_NODE; n = n->parent)
    {
      RillTag t = rill_html_tag_of (n);
      if (t == TAG_A || t == TAG_LI)
        return TRUE;
    }
  return FALSE;
}

static gboolean
date_class (xmlNode *n)
{
  char buf[256];
  const char *c = rill_html_attr (n, "class");
  const char *i = rill_html_attr (n, "id");
  const char *ip = rill_html_attr (n, "itemprop");

  if (ip && strstr (ip, "date"))
    return TRUE;
  g_snprintf (buf, sizeof buf, "%s %s", c ? c : "", i ? i : "");
  for (char *p = buf; *p; p++)
    *p = g_ascii_tolower (*p);
  return strstr (buf, "date") || strstr (buf, "time") || strstr (buf, "publish")
         || strstr (buf, "posted") || strstr (buf, "byline") || strstr (buf, "meta");
}

static xmlNode *
region_of (xmlNode *main_node)
{
  xmlNode *r = main_node;

  for (int i = 0; i < 2 && r->parent && r->parent->type == XML_ELEMENT_NODE; i++)
    {
      RillTag t = rill_html_tag_of (r->parent);
      if (t == TAG_BODY || t == TAG_HTML)
        break;
      r = r->parent;
    }
  return r;
}

#define MAX_SCAN_NODES 5000

static char *
scan_region (xmlNode  *root,
             gint64    now,
             gboolean  text_nodes,
             gboolean  us)
{
  guint visited = 0;

  for (xmlNode *n = root; n && visited++ < MAX_SCAN_NODES; )
    {
      gboolean skip = FALSE;

      if (n->type == XML_ELEMENT_NODE)
        {
          RillTag t = rill_html_tag_of (n);
          if (t == TAG_SCRIPT || t == TAG_STYLE || t == TAG_A || t == TAG_LI
              || t == TAG_NAV || t == TAG_UL || t == TAG_OL || t == TAG_SELECT)
            skip = TRUE;
          else if (t == TAG_TIME)
            {
              const char *dt = rill_html_attr (n, "datetime");
              char *d = dt ? rill_html_parse_date (dt, now) : NULL;
              if (!d)
                {
                  g_autofree char *txt = rill_html_node_text (n, 200);
                  d = rill_html_date_scan_full (txt, now, FALSE, us);
                }
              if (d)
                return d;
              skip = TRUE;
            }
          else if (date_class (n))
            {
              g_autofree char *txt = rill_html_node_text (n, 300);
              if (strlen (txt) < 200)
                {
                  char *d = rill_html_date_scan_full (txt, now, FALSE, us);
                  if (d)
                    return d;
                }
            }
        }
      else if (text_nodes && n->type == XML_TEXT_NODE && n->content)
        {
          gsize l = strlen ((const char *) n->content);
          if (l >= 8 && l < 160 && !inside_link_or_item (n, root))
            {
              char *d = rill_html_date_scan_full ((const char *) n->content, now, l > 48, us);
              if (d)
                return d;
            }
        }
      n = rill_html_next (n, root, skip);
    }
  return NULL;
}

char *
rill_html_find_dateline (xmlNode    *main_node,
                         const char *lang,
                         gint64      now)
{
  xmlNode *region, *body;
  char *d;
  gboolean us = !lang || !*lang || g_ascii_strncasecmp (lang, "en-us", 5) == 0
                || g_ascii_strcasecmp (lang, "en") == 0;

  if (!main_node)
    return NULL;
  region = region_of (main_node);
  d = scan_region (region, now, TRUE, us);
  if (d)
    return d;
  for (body = main_node; body->parent && body->parent->type == XML_ELEMENT_NODE; body = body->parent)
    if (rill_html_tag_of (body) == TAG_BODY)
      break;
  return scan_region (body, now, FALSE, us);
}

/* ---- source credits ---- */

static const char *const source_labels[] = {
  "источник", "первоисточник", "source", "sources", "mənbə", "menbe", "kaynak",
  "quelle", "джерело", "źródło", "zrodlo", "fuente", "fonte", "sursa",
  "manba", "originally published", "original source", "kaynakça", NULL
};

/* position after "<label>:" in @text, or NULL */
static const char *
after_label (const char *text)
{
  g_autofree char *low = g_utf8_strdown (text, -1);

  /* lower-casing keeps byte offsets for the scripts concerned only when
   * lengths match; fall back to searching the lowered copy and mapping by
   * character count */
  for (int i = 0; source_labels[i]; i++)
    {
      const char *hit = strstr (low, source_labels[i]);
      const char *p;
      glong chars;

      if (!hit)
        continue;
      /* the label must start a word */
      if (hit > low)
        {
          const char *prev = g_utf8_find_prev_char (low, hit);
          if (prev && g_unichar_isalpha (g_utf8_get_char (prev))
              && !g_unichar_isupper (g_utf8_get_char (g_utf8_offset_to_pointer (text, g_utf8_pointer_to_offset (low, hit)))))
            continue;
        }
      p = hit + strlen (source_labels[i]);
      while (*p == ' ')
        p++;
      if (*p != ':')
        continue;
      chars = g_utf8_pointer_to_offset (low, p + 1);
      return g_utf8_offset_to_pointer (text, chars);
    }
  return NULL;
}

static char *
url_in_text (const char *p,
             const char *base)
{
  g_autofree char *tok = NULL;
  const char *e;

  while (*p && (g_ascii_isspace (*p) || *p == '"' || *p == '\''))
    p++;
  e = p;
  while (*e && !g_ascii_isspace (*e) && *e != '"' && *e != '<' && *e != ')')
    e++;
  if (e == p)
    return NULL;
  tok = g_strndup (p, e - p);
  while (strlen (tok) && strchr (".,;", tok[strlen (tok) - 1]))
    tok[strlen (tok) - 1] = '\0';
  if (g_str_has_prefix (tok, "http://") || g_str_has_prefix (tok, "https://"))
    return g_steal_pointer (&tok);
  if (g_str_has_prefix (tok, "www.") || (strchr (tok, '.') && !strchr (tok, '@')
                                         && g_ascii_isalpha (tok[strlen (tok) - 1])
                                         && strspn (tok, "abcdefghijklmnopqrstuvwxyz0123456789.-/") == strlen (tok)))
    return g_strconcat ("https://", tok, NULL);
  return NULL;
}

static char *
host_of (const char *url)
{
  g_autoptr(GUri) u = url ? g_uri_parse (url, G_URI_FLAGS_PARSE_RELAXED, NULL) : NULL;
  const char *h = u ? g_uri_get_host (u) : NULL;

  if (!h)
    return NULL;
  return g_ascii_strdown (g_str_has_prefix (h, "www.") ? h + 4 : h, -1);
}

static gboolean
external (const char *url,
          const char *page_url)
{
  g_autofree char *a = host_of (url);
  g_autofree char *b = host_of (page_url);

  if (!a)
    return FALSE;
  return !b || !g_str_equal (a, b);
}

static char *
link_after (xmlNode    *text,
            const char *base)
{
  /* the next <a href> in document order, within the label's block */
  xmlNode *block = text->parent;
  gboolean seen = FALSE;
  int steps = 0;

  while (block && block->type == XML_ELEMENT_NODE
         && !rill_html_tag_is_block (rill_html_tag_of (block)) && block->parent
         && block->parent->type == XML_ELEMENT_NODE)
    block = block->parent;
  if (!block || block->type != XML_ELEMENT_NODE)
    return NULL;
  for (xmlNode *n = block; n && steps < 400; n = rill_html_next (n, block, FALSE), steps++)
    {
      if (n == text)
        seen = TRUE;
      else if (seen && n->type == XML_ELEMENT_NODE && rill_html_tag_of (n) == TAG_A)
        {
          const char *href = rill_html_attr (n, "href");
          if (href)
            return rill_html_resolve_url (base, href);
        }
    }
  return NULL;
}

char *
rill_html_find_source (xmlNode    *main_node,
                       const char *page_url)
{
  xmlNode *roots[2];

  if (!main_node)
    return NULL;
  roots[0] = region_of (main_node);
  roots[1] = roots[0]->parent && roots[0]->parent->type == XML_ELEMENT_NODE
               ? roots[0]->parent : NULL;
  for (int r = 0; r < 2 && roots[r]; r++)
    {
      xmlNode *root = roots[r];
      guint visited = 0;
      for (xmlNode *n = root; n && visited++ < 20000; )
        {
          gboolean skip = FALSE;
          if (n->type == XML_ELEMENT_NODE)
            {
              RillTag t = rill_html_tag_of (n);
              skip = t == TAG_SCRIPT || t == TAG_STYLE || t == TAG_LI;
            }
          else if (n->type == XML_TEXT_NODE && n->content
                   && strlen ((const char *) n->content) < 200
                   && strchr ((const char *) n->content, ':'))
            {
              const char *after = after_label ((const char *) n->content);
              if (after)
                {
                  char *u = url_in_text (after, page_url);
                  if (!u)
                    u = link_after (n, page_url);
                  if (u && external (u, page_url))
                    return u;
                  g_free (u);
                }
            }
          n = rill_html_next (n, root, skip);
        }
    }
  return NULL;
}
