/* rill-html-render.c: chosen nodes -> plain text or Markdown.
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Inside the chosen nodes, containers are dropped on the conditions of
 * Readability.js' _cleanConditionally (link density, images versus
 * paragraphs, inputs, list items versus paragraphs), with thresholds that
 * follow the extraction mode. Blocks are separated by newlines; tables
 * keep one row per line.
 */

#include "rill-html-private.h"

#include <string.h>

typedef struct {
  RillExtractCtx *ctx;
  GString  *out;
  gboolean  md;
  gboolean  need_break;   /* a block boundary is pending */
  gboolean  space;        /* a space is pending */
  guint     quote;        /* blockquote depth */
  guint     pre;          /* inside <pre> */
  const char *prefix;     /* Markdown prefix of the next block */
  /* Markdown tables */
  guint     cells;
  guint     rows;
  guint     header_cols;
  char     *title_norm;
} Render;

static char *
normalize_for_compare (const char *s)
{
  GString *o = g_string_new (NULL);
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isalnum (c))
        g_string_append_unichar (o, g_unichar_tolower (c));
    }
  return g_string_free (o, FALSE);
}

static gboolean
duplicates_title (Render  *r,
                  xmlNode *n)
{
  g_autofree char *t = NULL;
  g_autofree char *nt = NULL;

  if (!r->title_norm || !*r->title_norm)
    return FALSE;
  t = rill_html_node_text (n, 2048);
  nt = normalize_for_compare (t);
  if (!*nt)
    return FALSE;
  return strstr (r->title_norm, nt) != NULL || strstr (nt, r->title_norm) != NULL;
}

static gboolean
has_ancestor_tag (xmlNode *n,
                  RillTag  tag,
                  int      max_depth)
{
  for (n = n->parent; n && n->type == XML_ELEMENT_NODE && max_depth-- > 0; n = n->parent)
    if (rill_html_tag_of (n) == tag)
      return TRUE;
  return FALSE;
}

static gboolean
is_data_table (xmlNode *n, RillNodeInfo *info)
{
  guint rows = 0;
  const char *role = rill_html_attr (n, "role");

  if (role && g_str_equal (role, "presentation"))
    return FALSE;
  if (rill_html_find_first (n, TAG_TH) || rill_html_find_first (n, TAG_CAPTION)
      || rill_html_find_first (n, TAG_THEAD))
    return TRUE;
  for (xmlNode *c = n; c; c = rill_html_next (c, n, FALSE))
    if (c->type == XML_ELEMENT_NODE && rill_html_tag_of (c) == TAG_TR && ++rows >= 10)
      return TRUE;
  return FALSE;
}

/* Readability.js _cleanConditionally, plus mode-dependent thresholds */
static gboolean
drop_conditionally (Render  *r,
                    xmlNode *n)
{
  RillNodeInfo *info = RILL_INFO (n);
  RillExtractMode mode = r->ctx->opts->mode;
  int weight;
  double ld;
  gboolean is_list;
  guint p, img, li, input;

  switch (info->tag)
    {
    case TAG_DIV: case TAG_SECTION: case TAG_UL: case TAG_OL: case TAG_TABLE:
    case TAG_FORM: case TAG_FIELDSET: case TAG_ASIDE: case TAG_HEADER:
    case TAG_FOOTER: case TAG_NAV: case TAG_DL: case TAG_FIGURE:
      break;
    default:
      return FALSE;
    }
  if (info->keep)
    return FALSE;
  if (info->text_len == 0)
    return TRUE;
  if (info->tag == TAG_TABLE && is_data_table (n, info))
    return FALSE;

  weight = rill_html_class_weight (n);
  /* prose outweighs a doubtful class name */
  if (info->prose_len >= 300 && info->prose_len * 2 >= info->text_len
      && rill_link_density (info) < 0.25)
    return FALSE;
  if (weight < 0 && mode != RILL_EXTRACT_MODE_RECALL)
    return TRUE;
  if (info->commas >= 10)
    return FALSE;

  is_list = info->tag == TAG_UL || info->tag == TAG_OL;
  ld = rill_link_density (info);
  p = info->n_p;
  img = info->n_img;
  li = info->n_li;
  input = info->n_input;

  if (mode == RILL_EXTRACT_MODE_RECALL)
    return ld > 0.65 && info->text_len < 1000;

  if (img > 1 && (double) p / img < 0.5 && !has_ancestor_tag (n, TAG_FIGURE, 3))
    return TRUE;
  if (!is_list && li > p + 100)
    return TRUE;
  if (input > p / 3)
    return TRUE;
  if (!is_list && info->text_len < 25 && (img == 0 || img > 2)
      && !has_ancestor_tag (n, TAG_FIGURE, 3)
      && info->n_heading * 8 < info->text_len * 0.9)
    return TRUE;
  if (mode == RILL_EXTRACT_MODE_PRECISION)
    {
      if (weight < 25 && ld > 0.2)
        return TRUE;
      if (weight < 0)
        return TRUE;
      if (ld > 0.5)
        return TRUE;
    }
  else
    {
      if (weight < 25 && ld > 0.33)
        return TRUE;
      if (ld > 0.5)
        return TRUE;
    }
  if ((info->n_embed == 1 && info->text_len < 75) || info->n_embed > 1)
    return TRUE;
  return FALSE;
}

static gboolean
skip_element (Render  *r,
              xmlNode *n,
              gboolean is_root)
{
  RillNodeInfo *info = n->_private;

  if (!info)
    return TRUE;  /* never visited by stats: inside a skipped tag */
  if (info->drop)
    return TRUE;
  if (is_root || r->ctx->raw)
    return info->tag == TAG_IMG && !is_root;
  switch (info->tag)
    {
    case TAG_H1: case TAG_H2: case TAG_H3: case TAG_H4: case TAG_H5: case TAG_H6:
      if (rill_html_class_weight (n) < 0 && r->ctx->opts->mode != RILL_EXTRACT_MODE_RECALL)
        return TRUE;
      if (rill_link_density (info) > 0.5)
        return TRUE;
      if (info->tag <= TAG_H2 && duplicates_title (r, n))
        return TRUE;
      return FALSE;
    case TAG_IMG: case TAG_PICTURE:
      return TRUE;
    case TAG_P: case TAG_LI: case TAG_DD:
      /* a paragraph or item that is all link: "read also" teasers */
      if (r->ctx->opts->mode != RILL_EXTRACT_MODE_RECALL && !info->keep
          && rill_link_density (info) > (r->ctx->opts->mode == RILL_EXTRACT_MODE_PRECISION ? 0.5 : 0.75))
        return TRUE;
      return FALSE;
    default:
      return drop_conditionally (r, n);
    }
}

static void
trim_trailing_spaces (GString *s)
{
  while (s->len && (s->str[s->len - 1] == ' ' || s->str[s->len - 1] == '\t'))
    g_string_truncate (s, s->len - 1);
}

static void
flush_break (Render *r)
{
  if (r->need_break && r->out->len)
    {
      trim_trailing_spaces (r->out);
      if (r->out->len && r->out->str[r->out->len - 1] != '\n')
        g_string_append_c (r->out, '\n');
      if (r->md && !(r->out->len >= 2 && r->out->str[r->out->len - 2] == '\n')
          && !r->cells)
        g_string_append_c (r->out, '\n');
    }
  if (r->need_break || r->out->len == 0 || r->out->str[r->out->len - 1] == '\n')
    {
      if (r->md)
        {
          for (guint i = 0; i < r->quote; i++)
            g_string_append (r->out, "> ");
          if (r->prefix)
            g_string_append (r->out, r->prefix);
        }
      r->prefix = NULL;
    }
  r->need_break = FALSE;
  r->space = FALSE;
}

static void
emit_text (Render     *r,
           const char *s)
{
  if (r->pre)
    {
      if (!*s)
        return;
      flush_break (r);
      g_string_append (r->out, s);
      return;
    }
  for (const guchar *p = (const guchar *) s; *p; p++)
    {
      guchar c = *p;
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
        r->space = TRUE;
      else if (c == 0xC2 && p[1] == 0xA0)
        {
          p++;
          r->space = TRUE;
        }
      else
        {
          if (r->need_break || r->out->len == 0)
            flush_break (r);
          else if (r->space)
            {
              char last = r->out->str[r->out->len - 1];
              if (last != ' ' && last != '\n' && last != '\t')
                g_string_append_c (r->out, ' ');
            }
          r->space = FALSE;
          g_string_append_c (r->out, c);
        }
    }
}

static void
block_break (Render *r)
{
  if (r->out->len)
    r->need_break = TRUE;
  r->space = FALSE;
}

static void
enter (Render  *r,
       xmlNode *n)
{
  RillTag t = RILL_INFO (n)->tag;

  switch (t)
    {
    case TAG_BR:
      if (r->out->len && r->out->str[r->out->len - 1] != '\n')
        {
          trim_trailing_spaces (r->out);
          g_string_append_c (r->out, '\n');
          if (r->md && r->quote)
            for (guint i = 0; i < r->quote; i++)
              g_string_append (r->out, "> ");
        }
      r->space = FALSE;
      return;
    case TAG_TD: case TAG_TH:
      if (r->cells > 0)
        {
          if (r->md)
            g_string_append (r->out, " | ");
          else
            g_string_append_c (r->out, '\t');
        }
      else if (r->md)
        {
          flush_break (r);
          g_string_append (r->out, "| ");
        }
      r->cells++;
      r->space = FALSE;
      return;
    case TAG_TR:
      block_break (r);
      r->cells = 0;
      return;
    default:
      break;
    }
  if (!rill_html_tag_is_block (t))
    return;
  block_break (r);
  if (!r->md)
    {
      if (t == TAG_PRE)
        r->pre++;
      return;
    }
  switch (t)
    {
    case TAG_H1: r->prefix = "# "; break;
    case TAG_H2: r->prefix = "## "; break;
    case TAG_H3: r->prefix = "### "; break;
    case TAG_H4: r->prefix = "#### "; break;
    case TAG_H5: r->prefix = "##### "; break;
    case TAG_H6: r->prefix = "###### "; break;
    case TAG_LI:
      r->prefix = n->parent && rill_html_tag_of (n->parent) == TAG_OL ? "1. " : "- ";
      break;
    case TAG_BLOCKQUOTE:
      r->quote++;
      break;
    case TAG_PRE:
      flush_break (r);
      g_string_append (r->out, "```\n");
      r->pre++;
      break;
    case TAG_TABLE:
      r->rows = 0;
      r->header_cols = 0;
      break;
    default:
      break;
    }
}

static void
leave (Render  *r,
       xmlNode *n)
{
  RillTag t = RILL_INFO (n)->tag;

  if (t == TAG_TR)
    {
      if (r->md && r->cells)
        {
          g_string_append (r->out, " |");
          if (r->rows == 0)
            {
              g_string_append_c (r->out, '\n');
              for (guint i = 0; i < r->quote; i++)
                g_string_append (r->out, "> ");
              g_string_append_c (r->out, '|');
              for (guint i = 0; i < r->cells; i++)
                g_string_append (r->out, " --- |");
            }
        }
      r->rows++;
      r->cells = 0;
      block_break (r);
      return;
    }
  if (!rill_html_tag_is_block (t) || t == TAG_BR || t == TAG_TD || t == TAG_TH)
    return;
  if (t == TAG_PRE && r->pre)
    {
      r->pre--;
      if (r->md)
        {
          if (r->out->len && r->out->str[r->out->len - 1] != '\n')
            g_string_append_c (r->out, '\n');
          g_string_append (r->out, "```");
        }
    }
  if (t == TAG_BLOCKQUOTE && r->md && r->quote)
    r->quote--;
  if (t == TAG_TABLE)
    r->cells = 0;
  r->prefix = NULL;
  block_break (r);
}

static void
render_node (Render  *r,
             xmlNode *root)
{
  xmlNode *n = root;

  if (root->type == XML_ELEMENT_NODE && skip_element (r, root, TRUE))
    return;
  for (;;)
    {
      gboolean descend = FALSE;

      if (n->type == XML_ELEMENT_NODE)
        {
          if (n == root || !skip_element (r, n, FALSE))
            {
              enter (r, n);
              descend = n->children != NULL;
              if (!descend)
                leave (r, n);
            }
        }
      else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
        emit_text (r, (const char *) n->content);

      if (descend)
        {
          n = n->children;
          continue;
        }
      for (;;)
        {
          if (n == root)
            return;
          if (n->next)
            {
              n = n->next;
              break;
            }
          n = n->parent;
          leave (r, n);
          if (n == root)
            return;
        }
    }
}

/* Lines that are only a timestamp ("Updated 11:21 pm CST, Tuesday,
 * November 19, 2019", "By X - 2019-04-10") or only a number (comment
 * and share counters) are page furniture, not text. */
static gboolean
furniture_line (const char *line,
                gsize       len,
                gint64      now)
{
  guint words = 0, letters = 0;
  gboolean in_word = FALSE;
  g_autofree char *copy = NULL;
  char *d;

  if (len == 0 || len > 90 || memchr (line, '\t', len) || memchr (line, '|', len))
    return FALSE;
  for (const char *p = line; p < line + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isalnum (c))
        {
          if (g_unichar_isalpha (c))
            letters++;
          if (!in_word)
            words++;
          in_word = TRUE;
        }
      else
        in_word = FALSE;
    }
  if (letters == 0)
    return len <= 5 && strspn (line, "0123456789 .,") == len;
  if (words > 12)
    return FALSE;
  /* the signature of an embedded post: "— Name (@handle) November 18, 2019" */
  if (g_strstr_len (line, len, "(@") || g_str_has_prefix (line, "\xE2\x80\x94"))
    return FALSE;
  copy = g_strndup (line, len);
  d = rill_html_date_scan (copy, now, FALSE);
  g_free (d);
  return d != NULL;
}

static void
drop_furniture (GString *out,
                gsize    start,
                gint64   now)
{
  GString *res = g_string_sized_new (out->len - start);
  const char *p = out->str + start;
  const char *end = out->str + out->len;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *le = nl ? nl : end;
      const char *body = p;

      /* Markdown prefixes do not count */
      while (body < le && (*body == '>' || *body == '#' || *body == '-' || *body == ' '))
        body++;
      if (!furniture_line (body, le - body, now))
        {
          g_string_append_len (res, p, le - p);
          if (nl)
            g_string_append_c (res, '\n');
        }
      p = nl ? nl + 1 : end;
    }
  g_string_truncate (out, start);
  g_string_append_len (out, res->str, res->len);
  g_string_free (res, TRUE);
}

void
rill_html_render (RillExtractCtx *ctx,
                  xmlNode       **nodes,
                  guint           n_nodes,
                  GString        *out)
{
  Render r = { 0, };
  gsize start = out->len;

  r.ctx = ctx;
  r.out = out;
  r.md = ctx->opts->format == RILL_EXTRACT_FORMAT_MARKDOWN;
  r.title_norm = ctx->title ? normalize_for_compare (ctx->title) : NULL;
  for (guint i = 0; i < n_nodes; i++)
    {
      render_node (&r, nodes[i]);
      block_break (&r);
    }
  if (!ctx->raw && ctx->opts->mode != RILL_EXTRACT_MODE_RECALL)
    drop_furniture (out, start, ctx->opts->now > 0 ? ctx->opts->now : g_get_real_time ());
  trim_trailing_spaces (out);
  while (out->len > start && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);
  /* Markdown blank lines may now be doubled */
  g_free (r.title_norm);
}
