/* rill-html-links.c: links and feeds of a page (html-links).
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rill-html-private.h"

#include <string.h>

void
rill_link_free (RillLink *link)
{
  if (!link)
    return;
  g_free (link->url);
  g_free (link->text);
  g_free (link->rel);
  g_free (link);
}

static gboolean
feed_type (const char *type)
{
  return type && (strstr (type, "rss+xml") || strstr (type, "atom+xml")
                  || strstr (type, "feed+json"));
}

GPtrArray *
rill_html_links (const guint8  *data,
                 gsize          len,
                 const char    *charset_hint,
                 const char    *url,
                 GError       **error)
{
  htmlDocPtr doc = rill_html_parse (data, len, charset_hint, url, 0, FALSE, NULL, error);
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *base = NULL;
  xmlNode *root;
  GPtrArray *res;

  if (!doc)
    return NULL;
  root = xmlDocGetRootElement (doc);
  feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_link_free);
  links = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_link_free);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  base = g_strdup (url);

  /* <base href> changes the base of everything after it */
  {
    xmlNode *b = rill_html_find_first (root, TAG_BASE);
    const char *h = b ? rill_html_attr (b, "href") : NULL;
    if (h)
      {
        char *nb = rill_html_resolve_url (url, h);
        if (nb)
          {
            g_free (base);
            base = nb;
          }
      }
  }

  for (xmlNode *n = root; n; )
    {
      gboolean skip = FALSE;

      if (n->type == XML_ELEMENT_NODE)
        {
          RillTag t = rill_html_tag_of (n);
          const char *href = (t == TAG_A || t == TAG_LINK) ? rill_html_attr (n, "href") : NULL;
          if (t == TAG_SCRIPT || t == TAG_STYLE || t == TAG_TEMPLATE)
            skip = TRUE;
          else if (href)
            {
              gboolean is_feed = t == TAG_LINK
                                 && rill_html_attr_has_word (n, "rel", "alternate")
                                 && feed_type (rill_html_attr (n, "type"));
              char *abs = (t == TAG_A || is_feed) ? rill_html_resolve_url (base, href) : NULL;

              if (abs && (g_str_has_prefix (abs, "http://") || g_str_has_prefix (abs, "https://")))
                {
                  RillLink *l = g_new0 (RillLink, 1);
                  const char *rel = rill_html_attr (n, "rel");
                  char *hash = strchr (abs, '#');

                  if (hash && !is_feed)
                    *hash = '\0';
                  l->url = abs;
                  l->text = is_feed ? g_strdup (rill_html_attr (n, "title"))
                                    : rill_html_node_text (n, 1024);
                  if (!l->text)
                    l->text = g_strdup ("");
                  l->rel = rel ? g_strdup (rel) : NULL;
                  l->is_feed = is_feed;
                  if (g_hash_table_contains (seen, l->url))
                    {
                      /* keep the first, but give it a text if it had none */
                      rill_link_free (l);
                    }
                  else
                    {
                      g_hash_table_add (seen, l->url);
                      g_ptr_array_add (is_feed ? feeds : links, l);
                    }
                }
              else
                g_free (abs);
              skip = t == TAG_A;
            }
        }
      n = rill_html_next (n, root, skip);
    }

  res = g_ptr_array_new_full (feeds->len + links->len, (GDestroyNotify) rill_link_free);
  for (guint i = 0; i < feeds->len; i++)
    g_ptr_array_add (res, g_ptr_array_steal_index (feeds, i--));
  for (guint i = 0; i < links->len; i++)
    g_ptr_array_add (res, g_ptr_array_steal_index (links, i--));
  g_hash_table_remove_all (seen);
  xmlFreeDoc (doc);
  return res;
}
