/* rill-html-extractor.c: choose the node(s) holding the article.
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Three independent signals, strongest first:
 *
 *  1. JSON-LD articleBody: the deepest element that contains most of the
 *     words of the publisher's own articleBody;
 *  2. semantic markup: itemprop=articleBody, then class/id names such as
 *     "article-body", "entry-content", "post-content" (as trafilatura's
 *     BODY_XPATH does);
 *  3. content scoring as in Readability.js (Arc90/Mozilla): paragraphs
 *     score their ancestors by length and commas, scaled by 1 - link
 *     density; the best candidate is widened to its parent when that
 *     scores close, and related siblings are added.
 *
 * The chosen nodes are then rendered with conditional cleaning
 * (rill-html-render.c).
 */

#include "rill-html-private.h"

#include <string.h>

#define MAX_ANCESTORS 5

static gboolean
has_block_child (xmlNode *n)
{
  for (xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      {
        RillTag t = rill_html_tag_of (c);
        if (t != TAG_BR && t != TAG_HR && rill_html_tag_is_block (t))
          return TRUE;
      }
  return FALSE;
}

static float
initial_score (xmlNode *n)
{
  float s = 0;

  switch (rill_html_tag_of (n))
    {
    case TAG_DIV: case TAG_ARTICLE: case TAG_SECTION: case TAG_MAIN:
      s = 5;
      break;
    case TAG_PRE: case TAG_TD: case TAG_BLOCKQUOTE:
      s = 3;
      break;
    case TAG_ADDRESS: case TAG_OL: case TAG_UL: case TAG_DL: case TAG_DD:
    case TAG_DT: case TAG_LI: case TAG_FORM:
      s = -3;
      break;
    case TAG_H1: case TAG_H2: case TAG_H3: case TAG_H4: case TAG_H5:
    case TAG_H6: case TAG_TH:
      s = -5;
      break;
    default:
      break;
    }
  if (rill_html_tag_of (n) == TAG_ARTICLE)
    s += 10;
  /* a class name says little about a node with almost no text */
  if (n->_private && RILL_INFO (n)->text_len < 200)
    return s + MIN (rill_html_class_weight (n), 0);
  return s + rill_html_class_weight (n);
}

static gboolean
in_dropped (xmlNode *n)
{
  for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    if (n->_private && RILL_INFO (n)->drop)
      return TRUE;
  return FALSE;
}

/* Text of @n outside its block children (Readability wraps such phrasing
 * content in a <p>). */
static guint32
own_text (xmlNode  *n,
          guint32  *commas)
{
  guint32 len = 0;

  *commas = 0;
  for (xmlNode *c = n->children; c; c = c->next)
    {
      if (c->type == XML_TEXT_NODE && c->content)
        {
          gboolean space = TRUE;
          for (const guchar *p = c->content; *p; p++)
            {
              if (g_ascii_isspace (*p))
                {
                  if (!space)
                    len++;
                  space = TRUE;
                }
              else
                {
                  if ((*p & 0xC0) != 0x80)
                    len++;
                  if (*p == ',')
                    (*commas)++;
                  space = FALSE;
                }
            }
        }
      else if (c->type == XML_ELEMENT_NODE && c->_private
               && !rill_html_tag_is_block (RILL_INFO (c)->tag) && !RILL_INFO (c)->drop
               && RILL_INFO (c)->tag != TAG_A)
        {
          len += RILL_INFO (c)->text_len;
          *commas += RILL_INFO (c)->commas;
        }
    }
  return len;
}

static void
add_score (xmlNode   *first,
           float      s,
           GPtrArray *candidates)
{
  xmlNode *a = first;

  for (int level = 0; a && a->type == XML_ELEMENT_NODE && level < MAX_ANCESTORS;
       level++, a = a->parent)
    {
      RillNodeInfo *ai = a->_private;
      float div;
      if (!ai || ai->tag == TAG_HTML)
        break;
      if (!ai->scored)
        {
          ai->scored = TRUE;
          ai->score = initial_score (a);
          g_ptr_array_add (candidates, a);
        }
      div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
      ai->score += s / div;
    }
}

/* Readability.js _grabArticle scoring pass */
static xmlNode *
score_candidates (RillExtractCtx *ctx,
                  GPtrArray      *candidates)
{
  xmlNode *body = ctx->body;
  xmlNode *top = NULL;

  for (xmlNode *n = body; n; )
    {
      RillNodeInfo *info;
      gboolean score_it = FALSE;
      guint32 len;

      if (n->type != XML_ELEMENT_NODE || !n->_private)
        {
          n = rill_html_next (n, body, FALSE);
          continue;
        }
      info = RILL_INFO (n);
      if (info->drop)
        {
          n = rill_html_next (n, body, TRUE);
          continue;
        }
      len = info->text_len;
      switch (info->tag)
        {
        case TAG_P: case TAG_PRE: case TAG_TD: case TAG_H2: case TAG_H3:
        case TAG_H4: case TAG_BLOCKQUOTE:
          score_it = TRUE;
          break;
        case TAG_DIV: case TAG_SECTION: case TAG_LI: case TAG_DD:
          score_it = !has_block_child (n);
          if (!score_it && info->tag != TAG_LI)
            {
              guint32 commas;
              guint32 own = own_text (n, &commas);
              if (own >= 25)
                add_score (n, 1 + commas + MIN (own / 100, 3), candidates);
            }
          break;
        default:
          break;
        }
      if (score_it && len >= 25)
        {
          float s = 1 + info->commas + MIN (len / 100, 3);
          /* a paragraph that is mostly links scores less */
          s *= 1.0 - rill_link_density (info);
          add_score (n->parent, s, candidates);
          /* inner content of a scored paragraph need not be visited */
          n = rill_html_next (n, body, TRUE);
          continue;
        }
      n = rill_html_next (n, body, FALSE);
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      xmlNode *c = candidates->pdata[i];
      RillNodeInfo *ci = RILL_INFO (c);
      ci->score *= 1.0 - rill_link_density (ci);
      if (!top || ci->score > RILL_INFO (top)->score)
        top = c;
    }
  if (G_UNLIKELY (g_getenv ("RILL_EXTRACT_DEBUG")))
    for (guint i = 0; i < candidates->len; i++)
      {
        xmlNode *c = candidates->pdata[i];
        if (RILL_INFO (c)->score > 10)
          g_printerr ("cand %s class=%s score=%.1f text=%u ld=%.2f\n", c->name,
                      rill_html_attr (c, "class"), RILL_INFO (c)->score,
                      RILL_INFO (c)->text_len, rill_link_density (RILL_INFO (c)));
      }
  return top;
}

static gboolean
is_ancestor (xmlNode *anc,
             xmlNode *n)
{
  for (; n; n = n->parent)
    if (n == anc)
      return TRUE;
  return FALSE;
}

static xmlNode *
refine_top (RillExtractCtx *ctx,
            GPtrArray      *candidates,
            xmlNode        *top)
{
  float top_score = RILL_INFO (top)->score;
  xmlNode *alts[8];
  guint n_alts = 0;
  xmlNode *parent;
  float last;

  /* several good candidates under one ancestor: take the ancestor */
  for (guint i = 0; i < candidates->len && n_alts < G_N_ELEMENTS (alts); i++)
    {
      xmlNode *c = candidates->pdata[i];
      if (c != top && RILL_INFO (c)->score >= top_score * 0.75)
        alts[n_alts++] = c;
    }
  if (n_alts >= 3)
    {
      for (parent = top->parent; parent && parent != ctx->body
           && parent->type == XML_ELEMENT_NODE; parent = parent->parent)
        {
          guint inside = 0;
          for (guint i = 0; i < n_alts; i++)
            if (is_ancestor (parent, alts[i]))
              inside++;
          if (inside >= 3)
            {
              top = parent;
              break;
            }
        }
    }

  /* climb while the parent scores better */
  last = RILL_INFO (top)->score;
  for (parent = top->parent; parent && parent != ctx->body
       && parent->type == XML_ELEMENT_NODE; parent = parent->parent)
    {
      RillNodeInfo *pi = parent->_private;
      if (!pi || !pi->scored)
        continue;
      if (pi->score < last / 3)
        break;
      if (pi->score > last)
        {
          top = parent;
          break;
        }
      last = pi->score;
    }

  /* an only child says nothing: take the parent */
  while (top->parent && top->parent != ctx->body && top->parent->type == XML_ELEMENT_NODE)
    {
      guint n_el = 0;
      for (xmlNode *c = top->parent->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !(c->_private && RILL_INFO (c)->drop))
          n_el++;
      if (n_el != 1)
        break;
      top = top->parent;
    }
  return top;
}

static gboolean
ends_sentence (xmlNode *n)
{
  g_autofree char *t = rill_html_node_text (n, 4096);
  gsize l = strlen (t);
  return l > 0 && (t[l - 1] == '.' || g_str_has_suffix (t, ".\"") || g_str_has_suffix (t, "。"));
}

/* Readability.js: append siblings that score well or look like prose */
static void
add_siblings (RillExtractCtx *ctx,
              xmlNode        *top,
              GPtrArray      *out)
{
  float top_score = RILL_INFO (top)->score;
  float threshold = MAX (10, top_score * 0.2);
  const char *top_class = rill_html_attr (top, "class");

  if (!top->parent || top == ctx->body || top->parent->type != XML_ELEMENT_NODE)
    {
      g_ptr_array_add (out, top);
      return;
    }
  for (xmlNode *s = top->parent->children; s; s = s->next)
    {
      RillNodeInfo *si;
      gboolean append = FALSE;

      if (s->type != XML_ELEMENT_NODE || !s->_private)
        continue;
      si = RILL_INFO (s);
      if (s == top)
        append = TRUE;
      else if (si->drop)
        continue;
      else
        {
          float bonus = 0;
          const char *cls = rill_html_attr (s, "class");
          if (top_class && *top_class && cls && g_str_equal (cls, top_class))
            bonus = top_score * 0.2;
          if (si->scored && si->score + bonus >= threshold)
            append = TRUE;
          else if (si->tag == TAG_P)
            {
              double ld = rill_link_density (si);
              if (si->text_len > 80 && ld < 0.25)
                append = TRUE;
              else if (si->text_len > 0 && si->text_len <= 80 && ld == 0 && ends_sentence (s))
                append = TRUE;
            }
        }
      if (append)
        g_ptr_array_add (out, s);
    }
}

/* the deepest element holding most of the JSON-LD articleBody words */
static xmlNode *
find_ld_node (RillExtractCtx *ctx)
{
  xmlNode *body = ctx->body;
  RillNodeInfo *bi = body->_private;
  guint32 need;
  xmlNode *best = NULL;

  if (!bi || bi->ld_match < 30)
    return NULL;
  /* most of the articleBody's words, counted with repetitions */
  need = MAX (ctx->ld_count * 0.8, bi->ld_match * 0.6);
  for (xmlNode *n = body; n; )
    {
      RillNodeInfo *info;
      if (n->type != XML_ELEMENT_NODE || !n->_private)
        {
          n = rill_html_next (n, body, FALSE);
          continue;
        }
      info = RILL_INFO (n);
      if (info->ld_match >= need)
        {
          best = n;
          n = rill_html_next (n, body, FALSE);  /* go deeper */
          continue;
        }
      n = rill_html_next (n, body, TRUE);
    }
  return best;
}

static gboolean
semantic_body (xmlNode *n)
{
  const char *v = rill_html_attr (n, "itemprop");
  if (v && strstr (v, "articleBody"))
    return TRUE;
  return FALSE;
}

/* class or id naming the article body, as in trafilatura's BODY_XPATH;
 * compared with separators removed ("article__body" = "articlebody") */
static const char *const body_names[] = {
  "articlebody", "articlecontent", "articletext", "articleinner", "articlecopy",
  "storybody", "storycontent", "storytext", "entrycontent", "entrybody",
  "postcontent", "postbody", "posttext", "postentry", "contentbody",
  "bodytext", "newstext", "newsbody", "newscontent", "maintext",
  "singlecontent", "textcontent", "richtext", "articledetail", NULL
};

static gboolean
body_named (xmlNode *n)
{
  const char *attrs[] = { "class", "id" };

  for (int a = 0; a < 2; a++)
    {
      const char *v = rill_html_attr (n, attrs[a]);
      char buf[256];
      gsize k = 0;

      if (!v)
        continue;
      for (; *v && k < sizeof buf - 1; v++)
        if (g_ascii_isalnum (*v) || *v == ' ')
          buf[k++] = g_ascii_tolower (*v);
      buf[k] = '\0';
      for (int i = 0; body_names[i]; i++)
        if (strstr (buf, body_names[i]))
          return TRUE;
    }
  return FALSE;
}

static gboolean
container_tag (RillTag t)
{
  return t == TAG_DIV || t == TAG_SECTION || t == TAG_ARTICLE || t == TAG_MAIN
         || t == TAG_TD;
}

/* itemprop=articleBody, else every outermost container named like an
 * article body (an article split into chunks gives several) */
static xmlNode *
find_semantic (RillExtractCtx *ctx,
               GPtrArray      *named)
{
  xmlNode *body = ctx->body;
  guint32 total = RILL_INFO (body)->prose_len, sum = 0;

  for (xmlNode *n = body; n; n = rill_html_next (n, body, FALSE))
    if (n != body && n->type == XML_ELEMENT_NODE && n->_private && semantic_body (n)
        && RILL_INFO (n)->text_len > 200)
      return n;
  if (ctx->opts->mode == RILL_EXTRACT_MODE_RECALL)
    return NULL;
  for (xmlNode *n = body; n; )
    {
      if (n != body && n->type == XML_ELEMENT_NODE && n->_private
          && container_tag (RILL_INFO (n)->tag) && body_named (n))
        {
          RillNodeInfo *i = RILL_INFO (n);
          if (i->prose_len >= 100)
            {
              g_ptr_array_add (named, n);
              sum += i->prose_len;
            }
          n = rill_html_next (n, body, TRUE);
          continue;
        }
      n = rill_html_next (n, body, FALSE);
    }
  if (named->len == 0 || sum < 200 || sum * 2 < total)
    {
      g_ptr_array_set_size (named, 0);
      return NULL;
    }
  /* chunks of one article share a class name; teasers named alike
   * ("post-list-article__text") do not share the main body's */
  if (named->len > 1)
    {
      xmlNode *largest = NULL;
      const char *cls;
      for (guint i = 0; i < named->len; i++)
        if (!largest || RILL_INFO ((xmlNode *) named->pdata[i])->prose_len
                        > RILL_INFO (largest)->prose_len)
          largest = named->pdata[i];
      cls = rill_html_attr (largest, "class");
      for (guint i = 0; i < named->len; i++)
        {
          xmlNode *n = named->pdata[i];
          const char *c = rill_html_attr (n, "class");
          if (n != largest && !(cls && c && g_str_equal (c, cls)))
            g_ptr_array_remove_index (named, i--);
        }
    }
  return named->pdata[0];
}

static void
mark_keep (xmlNode *n)
{
  for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    if (n->_private)
      RILL_INFO (n)->keep = TRUE;
}

static void
build_ld_words (RillExtractCtx *ctx)
{
  const char *b = ctx->ld ? ctx->ld->article_body : NULL;
  GString *w;
  guint n = 0;

  if (!b || strlen (b) < 200)
    return;
  ctx->ld_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w = g_string_new (NULL);
  for (const guchar *p = (const guchar *) b; ; p++)
    {
      guchar c = *p;
      gboolean wc = c && ((c >= 0x80) || g_ascii_isalnum (c));
      if (wc && w->len < 63)
        g_string_append_c (w, g_ascii_tolower (c));
      else if (w->len)
        {
          if (w->len > 3)
            {
              g_hash_table_add (ctx->ld_words, g_strdup (w->str));
              n++;
            }
          g_string_truncate (w, 0);
        }
      if (!c)
        break;
    }
  g_string_free (w, TRUE);
  ctx->ld_count = n;
  if (n < 30)
    g_clear_pointer (&ctx->ld_words, g_hash_table_unref);
}

char *
rill_html_extract_main (RillExtractCtx *ctx,
                        xmlNode       **main_node)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  g_autoptr(GPtrArray) named = g_ptr_array_new ();
  xmlNode *ld_node = NULL, *sem = NULL, *top = NULL;
  GString *out;

  *main_node = NULL;
  build_ld_words (ctx);
  rill_html_compute_stats (ctx);
  if (!ctx->body || !ctx->body->_private)
    return g_strdup ("");

  if (ctx->ld_words)
    ld_node = find_ld_node (ctx);
  sem = find_semantic (ctx, named);
  if (ld_node)
    mark_keep (ld_node);
  if (sem && named->len == 0)
    mark_keep (sem);
  for (guint i = 0; i < named->len; i++)
    mark_keep (named->pdata[i]);

  ctx->stats_stale = FALSE;
  rill_html_clean (ctx);
  if (ctx->stats_stale)
    rill_html_compute_stats (ctx);

  if (ld_node && !in_dropped (ld_node))
    g_ptr_array_add (nodes, ld_node);
  else if (sem && !in_dropped (sem))
    {
      if (named->len == 0)
        g_ptr_array_add (nodes, sem);
      for (guint i = 0; i < named->len; i++)
        if (!in_dropped (named->pdata[i]))
          g_ptr_array_add (nodes, named->pdata[i]);
    }
  else
    {
      top = score_candidates (ctx, candidates);
      if (top)
        {
          top = refine_top (ctx, candidates, top);
          add_siblings (ctx, top, nodes);
        }
      else
        g_ptr_array_add (nodes, ctx->body);
    }

  if (G_UNLIKELY (g_getenv ("RILL_EXTRACT_DEBUG")))
    for (guint i = 0; i < nodes->len; i++)
      {
        xmlNode *d = nodes->pdata[i];
        g_printerr ("choice=%s node=%s class=%s id=%s text=%u score=%.1f\n",
                    ld_node ? "jsonld" : sem ? "semantic" : "score",
                    d->name, rill_html_attr (d, "class"), rill_html_attr (d, "id"),
                    RILL_INFO (d)->text_len, RILL_INFO (d)->score);
      }

  out = g_string_sized_new (4096);
  rill_html_render (ctx, (xmlNode **) nodes->pdata, nodes->len, out);
  if (out->len == 0 && RILL_INFO (ctx->body)->text_len > 0)
    {
      /* nothing survived the filters: better the page's text than none */
      ctx->raw = TRUE;
      rill_html_render (ctx, &ctx->body, 1, out);
      ctx->raw = FALSE;
    }
  *main_node = nodes->len ? nodes->pdata[0] : ctx->body;
  return g_string_free (out, FALSE);
}
