/* rill-html-stats.c: per-element text statistics in one post-order pass.
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each element gets a RillNodeInfo (stored in xmlNode._private) with its
 * text length, the part of it inside links, commas, counts of paragraphs,
 * list items, images, inputs and embeds: the inputs of the density
 * heuristics of Readability (Mozilla Readability.js) and of the link
 * density test of Kohlschütter et al., "Boilerplate Detection using
 * Shallow Text Features" (WSDM 2010).
 */

#include "rill-html-private.h"

#include <string.h>

/* byte classes for count_text() */
enum {
  CC_WS    = 1 << 0,  /* ASCII whitespace */
  CC_CHAR  = 1 << 1,  /* starts a character (not a UTF-8 continuation byte) */
  CC_COMMA = 1 << 2,  /* ',' or first byte of a fullwidth/arabic comma */
  CC_WORD  = 1 << 3,  /* part of a word for the JSON-LD match */
};

static guint8 char_class[256];

static void
init_char_class (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      for (guint c = 0; c < 256; c++)
        {
          guint8 k = 0;
          if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f')
            k |= CC_WS;
          else if ((c & 0xC0) != 0x80)
            k |= CC_CHAR;
          if (c == ',' || c == 0xEF || c == 0xD8)
            k |= CC_COMMA;
          if (c >= 0x80 || g_ascii_isalnum (c))
            k |= CC_WORD;
          char_class[c] = k;
        }
      g_once_init_leave (&once, 1);
    }
}

static void
count_text (RillExtractCtx *ctx,
            const char     *s,
            RillNodeInfo   *info)
{
  guint32 len = 0, commas = 0, match = 0;
  gboolean space = TRUE;
  char word[64];
  guint wl = 0;
  const guchar *p = (const guchar *) s;

  if (!ctx->ld_words)
    {
      /* the same counts without the word matching, one table look-up
       * per byte */
      for (guchar c; (c = *p); p++)
        {
          guint8 k = char_class[c];
          if (k & CC_WS)
            {
              len += !space;
              space = TRUE;
              continue;
            }
          len += (k & CC_CHAR) != 0;
          space = FALSE;
          if (G_UNLIKELY (k & CC_COMMA))
            {
              if (c == ',')
                commas++;
              else if (c == 0xEF && p[1] == 0xBC && p[2] == 0x8C) /* fullwidth comma */
                commas++;
              else if (c == 0xD8 && p[1] == 0x8C) /* arabic comma */
                commas++;
            }
        }
      goto done;
    }

  for (; *p; p++)
    {
      guchar c = *p;
      guint8 k = char_class[c];

      if (k & CC_WS)
        {
          if (!space)
            len++;
          space = TRUE;
        }
      else
        {
          if (k & CC_CHAR)
            len++;
          space = FALSE;
          if (c == ',')
            commas++;
          else if (c == 0xEF && p[1] == 0xBC && p[2] == 0x8C) /* fullwidth comma */
            commas++;
          else if (c == 0xD8 && p[1] == 0x8C) /* arabic comma */
            commas++;
        }
      {
        gboolean wc = (k & CC_WORD) != 0;
        if (wc && wl < sizeof word - 1)
          word[wl++] = g_ascii_tolower (c);
        else if (!wc && wl)
          {
            word[wl] = '\0';
            if (g_hash_table_contains (ctx->ld_words, word))
              match++;
            wl = 0;
          }
      }
    }
  if (wl)
    {
      word[wl] = '\0';
      if (g_hash_table_contains (ctx->ld_words, word))
        match++;
    }
done:
  info->text_len += len;
  if (len >= 60)
    info->prose_len += len;
  info->commas += commas;
  info->ld_match += match;
}

static inline void
add_u16 (guint16 *dst,
         guint    v)
{
  guint s = *dst + v;
  *dst = s > G_MAXUINT16 ? G_MAXUINT16 : s;
}

static void
leave (xmlNode *n)
{
  RillNodeInfo *info = RILL_INFO (n);
  RillNodeInfo *pi;

  switch (info->tag)
    {
    case TAG_A:
      info->link_len = info->text_len;
      info->prose_len = 0;
      break;
    case TAG_P:
      add_u16 (&info->n_p, 1);
      break;
    case TAG_LI:
      add_u16 (&info->n_li, 1);
      break;
    case TAG_IMG:
      add_u16 (&info->n_img, 1);
      break;
    case TAG_INPUT: case TAG_SELECT: case TAG_TEXTAREA: case TAG_BUTTON:
      add_u16 (&info->n_input, 1);
      break;
    case TAG_EMBED: case TAG_OBJECT: case TAG_IFRAME: case TAG_VIDEO:
      add_u16 (&info->n_embed, 1);
      break;
    case TAG_H1: case TAG_H2: case TAG_H3: case TAG_H4: case TAG_H5: case TAG_H6:
      add_u16 (&info->n_heading, info->text_len / 8 + 1);
      break;
    default:
      break;
    }

  if (!n->parent || n->parent->type != XML_ELEMENT_NODE || !n->parent->_private)
    return;
  pi = RILL_INFO (n->parent);
  pi->text_len += info->text_len;
  pi->link_len += info->link_len;
  pi->commas += info->commas;
  pi->ld_match += info->ld_match;
  pi->prose_len += info->prose_len;
  add_u16 (&pi->n_p, info->n_p);
  add_u16 (&pi->n_li, info->n_li);
  add_u16 (&pi->n_img, info->n_img);
  add_u16 (&pi->n_input, info->n_input);
  add_u16 (&pi->n_embed, info->n_embed);
  add_u16 (&pi->n_heading, info->n_heading);
}

static gboolean
skip_tag (RillTag t)
{
  return t == TAG_SCRIPT || t == TAG_STYLE || t == TAG_TEMPLATE || t == TAG_HEAD
         || t == TAG_NOSCRIPT || t == TAG_SVG || t == TAG_MATH || t == TAG_SELECT
         || t == TAG_OPTION || t == TAG_TITLE;
}

static guint
count_elements (xmlNode *root)
{
  guint n = 0;
  for (xmlNode *c = root; c; c = rill_html_next (c, root, FALSE))
    if (c->type == XML_ELEMENT_NODE)
      n++;
  return n;
}

void
rill_html_compute_stats (RillExtractCtx *ctx)
{
  xmlNode *root = xmlDocGetRootElement (ctx->doc);
  guint next_info = 0;
  xmlNode *n;

  if (!root)
    return;
  init_char_class ();
  if (!ctx->infos)
    {
      ctx->n_infos = count_elements (root);
      ctx->infos = g_new0 (RillNodeInfo, ctx->n_infos + 1);
    }

  n = root;
  for (;;)
    {
      gboolean descend = FALSE;

      if (n->type == XML_ELEMENT_NODE)
        {
          RillNodeInfo *info = n->_private;
          if (!info)
            {
              RillTag t = rill_html_tag_of (n);
              g_assert (next_info < ctx->n_infos);
              info = &ctx->infos[next_info++];
              info->tag = t;
              info->weight = G_MININT8;
              n->_private = info;
            }
          else
            {
              guint8 tag = info->tag;
              gint8 weight = info->weight;
              gboolean drop = info->drop, keep = info->keep;
              memset (info, 0, sizeof *info);
              info->tag = tag;
              info->weight = weight;
              info->drop = drop;
              info->keep = keep;
            }
          descend = !info->drop && !skip_tag (info->tag) && n->children;
        }
      else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
               && n->content && n->parent && n->parent->_private)
        count_text (ctx, (const char *) n->content, RILL_INFO (n->parent));

      if (descend)
        {
          n = n->children;
          continue;
        }
      for (;;)
        {
          if (n->type == XML_ELEMENT_NODE && !RILL_INFO (n)->drop
              && !skip_tag (RILL_INFO (n)->tag))
            leave (n);
          if (n == root)
            return;
          if (n->next)
            {
              n = n->next;
              break;
            }
          n = n->parent;
        }
    }
}

static inline gboolean
sub_u16 (guint16 *dst,
         guint    v)
{
  if (*dst == G_MAXUINT16 || v > *dst)
    return FALSE;  /* saturated: the true sum is unknown */
  *dst -= v;
  return TRUE;
}

void
rill_html_stats_drop (RillExtractCtx *ctx,
                      xmlNode        *node)
{
  RillNodeInfo *info = node->_private;
  RillNodeInfo d;
  guint8 tag;
  gint8 weight;
  gboolean keep;

  if (ctx->stats_stale || !info)
    return;
  /* what leave() added to the parent: nothing for skipped tags */
  d = *info;
  if (skip_tag (info->tag))
    memset (&d, 0, sizeof d);
  if (d.n_p == G_MAXUINT16 || d.n_li == G_MAXUINT16 || d.n_img == G_MAXUINT16
      || d.n_input == G_MAXUINT16 || d.n_embed == G_MAXUINT16
      || d.n_heading == G_MAXUINT16)
    {
      ctx->stats_stale = TRUE;
      return;
    }

  for (xmlNode *a = node->parent;
       a && a->type == XML_ELEMENT_NODE && a->_private;
       a = a->parent)
    {
      RillNodeInfo *ai = a->_private;
      guint32 old_text = ai->text_len;

      ai->text_len -= d.text_len;
      ai->commas -= d.commas;
      ai->ld_match -= d.ld_match;
      if (!sub_u16 (&ai->n_p, d.n_p) || !sub_u16 (&ai->n_li, d.n_li)
          || !sub_u16 (&ai->n_img, d.n_img) || !sub_u16 (&ai->n_input, d.n_input)
          || !sub_u16 (&ai->n_embed, d.n_embed))
        {
          ctx->stats_stale = TRUE;
          return;
        }
      switch (ai->tag)
        {
        case TAG_A:
          /* link_len is the whole text, prose none */
          ai->link_len = ai->text_len;
          d.link_len = d.text_len;
          d.prose_len = 0;
          if (!sub_u16 (&ai->n_heading, d.n_heading))
            {
              ctx->stats_stale = TRUE;
              return;
            }
          break;
        case TAG_H1: case TAG_H2: case TAG_H3: case TAG_H4: case TAG_H5: case TAG_H6:
          {
            guint old_own = old_text / 8 + 1, new_own = ai->text_len / 8 + 1;
            ai->link_len -= d.link_len;
            ai->prose_len -= d.prose_len;
            if (!sub_u16 (&ai->n_heading, d.n_heading + old_own))
              {
                ctx->stats_stale = TRUE;
                return;
              }
            if (ai->n_heading + new_own >= G_MAXUINT16)
              {
                ctx->stats_stale = TRUE;
                return;
              }
            ai->n_heading += new_own;
            d.n_heading += old_own - new_own;
          }
          break;
        default:
          ai->link_len -= d.link_len;
          ai->prose_len -= d.prose_len;
          if (!sub_u16 (&ai->n_heading, d.n_heading))
            {
              ctx->stats_stale = TRUE;
              return;
            }
          break;
        }
    }

  /* a dropped node is reset and not counted */
  tag = info->tag;
  weight = info->weight;
  keep = info->keep;
  memset (info, 0, sizeof *info);
  info->tag = tag;
  info->weight = weight;
  info->drop = TRUE;
  info->keep = keep;
}
