/* rill-html-dom.c: small helpers over the libxml2 tree.
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every walk is iterative (parent/next pointers), so pages nested
 * thousands of levels deep cannot exhaust the stack.
 */

#include "rill-html-private.h"

#include <string.h>

static const struct { const char *name; RillTag tag; } tag_names[] = {
  { "html", TAG_HTML }, { "head", TAG_HEAD }, { "body", TAG_BODY },
  { "title", TAG_TITLE }, { "meta", TAG_META }, { "link", TAG_LINK },
  { "base", TAG_BASE }, { "script", TAG_SCRIPT }, { "style", TAG_STYLE },
  { "noscript", TAG_NOSCRIPT }, { "template", TAG_TEMPLATE }, { "svg", TAG_SVG },
  { "iframe", TAG_IFRAME }, { "object", TAG_OBJECT }, { "embed", TAG_EMBED },
  { "canvas", TAG_CANVAS }, { "video", TAG_VIDEO }, { "audio", TAG_AUDIO },
  { "picture", TAG_PICTURE }, { "source", TAG_SOURCE }, { "map", TAG_MAP },
  { "math", TAG_MATH }, { "form", TAG_FORM }, { "input", TAG_INPUT },
  { "button", TAG_BUTTON }, { "select", TAG_SELECT }, { "option", TAG_OPTION },
  { "textarea", TAG_TEXTAREA }, { "label", TAG_LABEL }, { "fieldset", TAG_FIELDSET },
  { "dialog", TAG_DIALOG }, { "nav", TAG_NAV }, { "aside", TAG_ASIDE },
  { "footer", TAG_FOOTER }, { "header", TAG_HEADER }, { "menu", TAG_MENU },
  { "article", TAG_ARTICLE }, { "main", TAG_MAIN }, { "section", TAG_SECTION },
  { "div", TAG_DIV }, { "p", TAG_P }, { "span", TAG_SPAN },
  { "h1", TAG_H1 }, { "h2", TAG_H2 }, { "h3", TAG_H3 }, { "h4", TAG_H4 },
  { "h5", TAG_H5 }, { "h6", TAG_H6 }, { "ul", TAG_UL }, { "ol", TAG_OL },
  { "li", TAG_LI }, { "dl", TAG_DL }, { "dt", TAG_DT }, { "dd", TAG_DD },
  { "blockquote", TAG_BLOCKQUOTE }, { "pre", TAG_PRE }, { "code", TAG_CODE },
  { "table", TAG_TABLE }, { "thead", TAG_THEAD }, { "tbody", TAG_TBODY },
  { "tfoot", TAG_TFOOT }, { "tr", TAG_TR }, { "td", TAG_TD }, { "th", TAG_TH },
  { "caption", TAG_CAPTION }, { "figure", TAG_FIGURE },
  { "figcaption", TAG_FIGCAPTION }, { "img", TAG_IMG }, { "a", TAG_A },
  { "br", TAG_BR }, { "hr", TAG_HR }, { "b", TAG_B }, { "strong", TAG_STRONG },
  { "i", TAG_I }, { "em", TAG_EM }, { "time", TAG_TIME },
  { "address", TAG_ADDRESS }, { "center", TAG_CENTER },
  { "details", TAG_DETAILS }, { "summary", TAG_SUMMARY },
  { "frameset", TAG_FRAMESET }, { "frame", TAG_FRAME }, { "font", TAG_FONT },
  { "sup", TAG_SUP }, { "sub", TAG_SUB }, { "small", TAG_SMALL },
  { "hgroup", TAG_HGROUP },
};

/* short strings: inline, no call into libc */
static inline gboolean
str_eq (const char *a,
        const char *b)
{
  while (*a && *a == *b)
    a++, b++;
  return *a == *b;
}

/* the names of tag_names by first letter (at most 12 per letter): a
 * few byte compares instead of hashing the name */
#define MAX_PER_LETTER 12

static guint8 by_letter[26][MAX_PER_LETTER];
static guint8 n_by_letter[26];

static void
init_by_letter (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      for (gsize i = 0; i < G_N_ELEMENTS (tag_names); i++)
        {
          guint l = tag_names[i].name[0] - 'a';
          g_assert (l < 26 && n_by_letter[l] < MAX_PER_LETTER);
          by_letter[l][n_by_letter[l]++] = i;
        }
      g_once_init_leave (&once, 1);
    }
}

static RillTag
lookup_tag (const char *name)
{
  guint l = (guchar) name[0] - 'a';

  if (l >= 26)
    return TAG_OTHER;
  init_by_letter ();
  for (guint i = 0; i < n_by_letter[l]; i++)
    {
      const char *t = tag_names[by_letter[l][i]].name;
      if (t[1] == name[1] && (t[1] == '\0' || str_eq (t + 2, name + 2)))
        return tag_names[by_letter[l][i]].tag;
    }
  return TAG_OTHER;
}

RillTag
rill_html_tag_of (const xmlNode *node)
{
  if (node->type != XML_ELEMENT_NODE || !node->name)
    return TAG_OTHER;
  if (node->_private)
    return RILL_INFO (node)->tag;
  return lookup_tag ((const char *) node->name);
}

gboolean
rill_html_tag_is_heading (RillTag tag)
{
  return tag >= TAG_H1 && tag <= TAG_H6;
}

gboolean
rill_html_tag_is_block (RillTag tag)
{
  switch (tag)
    {
    case TAG_HTML: case TAG_BODY: case TAG_ARTICLE: case TAG_MAIN:
    case TAG_SECTION: case TAG_DIV: case TAG_P: case TAG_H1: case TAG_H2:
    case TAG_H3: case TAG_H4: case TAG_H5: case TAG_H6: case TAG_UL:
    case TAG_OL: case TAG_LI: case TAG_DL: case TAG_DT: case TAG_DD:
    case TAG_BLOCKQUOTE: case TAG_PRE: case TAG_TABLE: case TAG_THEAD:
    case TAG_TBODY: case TAG_TFOOT: case TAG_TR: case TAG_TD: case TAG_TH:
    case TAG_CAPTION: case TAG_FIGURE: case TAG_FIGCAPTION: case TAG_BR:
    case TAG_HR: case TAG_ADDRESS: case TAG_CENTER: case TAG_DETAILS:
    case TAG_SUMMARY: case TAG_NAV: case TAG_ASIDE: case TAG_FOOTER:
    case TAG_HEADER: case TAG_MENU: case TAG_FORM: case TAG_FIELDSET:
    case TAG_HGROUP: case TAG_DIALOG: case TAG_OPTION: case TAG_TITLE:
    case TAG_FRAMESET: case TAG_FRAME: case TAG_IFRAME: case TAG_NOSCRIPT:
      return TRUE;
    default:
      return FALSE;
    }
}

const char *
rill_html_attr (const xmlNode *node,
                const char    *name)
{
  if (node->type != XML_ELEMENT_NODE)
    return NULL;
  for (xmlAttr *a = node->properties; a; a = a->next)
    {
      /* the HTML parser lowercases attribute names */
      if (a->name && a->name[0] == (xmlChar) name[0]
          && str_eq ((const char *) a->name, name))
        {
          if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
            return (const char *) a->children->content;
          return "";
        }
    }
  return NULL;
}

gboolean
rill_html_attr_has_word (const xmlNode *node,
                         const char    *name,
                         const char    *word)
{
  const char *v = rill_html_attr (node, name);
  gsize n = strlen (word);

  if (!v)
    return FALSE;
  while (*v)
    {
      while (*v && g_ascii_isspace (*v))
        v++;
      if (g_ascii_strncasecmp (v, word, n) == 0 && (v[n] == '\0' || g_ascii_isspace (v[n])))
        return TRUE;
      while (*v && !g_ascii_isspace (*v))
        v++;
    }
  return FALSE;
}

xmlNode *
rill_html_next (xmlNode  *node,
                xmlNode  *root,
                gboolean  skip_children)
{
  if (!skip_children && node->type == XML_ELEMENT_NODE && node->children)
    return node->children;
  while (node && node != root)
    {
      if (node->next)
        return node->next;
      node = node->parent;
    }
  return NULL;
}

xmlNode *
rill_html_find_child (xmlNode *parent,
                      RillTag  tag)
{
  if (!parent)
    return NULL;
  for (xmlNode *c = parent->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && rill_html_tag_of (c) == tag)
      return c;
  return NULL;
}

xmlNode *
rill_html_find_first (xmlNode *root,
                      RillTag  tag)
{
  for (xmlNode *n = root; n; n = rill_html_next (n, root, FALSE))
    if (n->type == XML_ELEMENT_NODE && rill_html_tag_of (n) == tag)
      return n;
  return NULL;
}

static gboolean
is_invisible_tag (RillTag t)
{
  return t == TAG_SCRIPT || t == TAG_STYLE || t == TAG_TEMPLATE || t == TAG_HEAD
         || t == TAG_SVG || t == TAG_NOSCRIPT || t == TAG_SELECT || t == TAG_MATH;
}

static void
append_squashed (GString    *out,
                 const char *s)
{
  gboolean space = out->len > 0 && out->str[out->len - 1] == ' ';

  for (; *s; s++)
    {
      guchar c = *s;
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
        {
          if (!space && out->len > 0)
            {
              g_string_append_c (out, ' ');
              space = TRUE;
            }
        }
      else if (c == 0xC2 && (guchar) s[1] == 0xA0)
        {
          /* NBSP */
          s++;
          if (!space && out->len > 0)
            {
              g_string_append_c (out, ' ');
              space = TRUE;
            }
        }
      else
        {
          g_string_append_c (out, c);
          space = FALSE;
        }
    }
}

void
rill_html_collect_text (xmlNode *node,
                        GString *out,
                        gsize    max_len)
{
  for (xmlNode *n = node; n; )
    {
      gboolean skip = FALSE;

      if (max_len && out->len >= max_len)
        break;
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        {
          if (n->content)
            append_squashed (out, (const char *) n->content);
        }
      else if (n->type == XML_ELEMENT_NODE)
        {
          RillTag t = rill_html_tag_of (n);
          if (is_invisible_tag (t) && n != node)
            skip = TRUE;
          else if (rill_html_tag_is_block (t) && out->len && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      n = rill_html_next (n, node, skip);
    }
}

char *
rill_html_node_text (xmlNode *node,
                     gsize    max_len)
{
  GString *s = g_string_new (NULL);

  rill_html_collect_text (node, s, max_len);
  while (s->len && s->str[s->len - 1] == ' ')
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

char *
rill_html_squash (char *s)
{
  char *o = s;
  gboolean space = TRUE;

  if (!s)
    return NULL;
  for (char *p = s; *p; p++)
    {
      guchar c = *p;
      if (g_ascii_isspace (c) || (c == 0xC2 && (guchar) p[1] == 0xA0))
        {
          if (c == 0xC2)
            p++;
          if (!space)
            *o++ = ' ';
          space = TRUE;
        }
      else
        {
          *o++ = c;
          space = FALSE;
        }
    }
  if (o > s && o[-1] == ' ')
    o--;
  *o = '\0';
  return s;
}

char *
rill_html_resolve_url (const char *base,
                       const char *href)
{
  g_autofree char *h = NULL;
  char *res;

  if (!href)
    return NULL;
  h = rill_html_squash (g_strdup (href));
  if (!*h || h[0] == '#' || g_ascii_strncasecmp (h, "javascript:", 11) == 0
      || g_ascii_strncasecmp (h, "data:", 5) == 0)
    return NULL;
  if (g_str_has_prefix (h, "//") && (!base || !*base))
    return g_strconcat ("https:", h, NULL);
  if (!base || !*base)
    {
      if (g_uri_is_valid (h, G_URI_FLAGS_PARSE_RELAXED, NULL))
        return g_steal_pointer (&h);
      return NULL;
    }
  {
    g_autoptr(GUri) base_uri = g_uri_parse (base, G_URI_FLAGS_PARSE_RELAXED, NULL);
    g_autoptr(GUri) uri = NULL;
    const char *path;

    if (base_uri == NULL)
      return NULL;
    uri = g_uri_parse_relative (base_uri, h, G_URI_FLAGS_PARSE_RELAXED, NULL);
    if (uri == NULL)
      return NULL;
    /* GLib 2.74 asserts when it prints a URI with a host and a path that
     * does not start with '/' (e.g. "x://host" joined oddly): no such
     * link is usable, so drop it. */
    path = g_uri_get_path (uri);
    if (g_uri_get_host (uri) != NULL && path[0] != '\0' && path[0] != '/')
      return NULL;
    res = g_uri_to_string (uri);
  }
  return res;
}
