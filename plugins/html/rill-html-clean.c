/* rill-html-clean.c: boilerplate detection by tag, class/id and role.
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Patterns follow the "unlikely candidates" and class-weight lists of
 * Readability.js (Mozilla, Apache-2.0) and the boilerplate expressions
 * of trafilatura (Barbaresi, ACL 2021 demo). Nodes are only marked
 * (info->drop); the tree is never modified, so deep trees cost nothing
 * to free and metadata can still read the whole page.
 */

#include "rill-html-private.h"

#include <string.h>

/* class/id of @node, lower-cased, "class id" */
static gsize
class_and_id (const xmlNode *node,
              char          *buf,
              gsize          size)
{
  const char *c = rill_html_attr (node, "class");
  const char *i = rill_html_attr (node, "id");
  gsize n = 0;

  if (c)
    for (; *c && n < size - 2; c++)
      buf[n++] = g_ascii_tolower (*c);
  if (i)
    {
      buf[n++] = ' ';
      for (; *i && n < size - 1; i++)
        buf[n++] = g_ascii_tolower (*i);
    }
  buf[n] = '\0';
  return n;
}

/* Substring search for many words at once: words are bucketed by their
 * first byte, and the class string is scanned once. */
typedef struct {
  const char *const *words;
  guint8  first[256][16];   /* word indices + 1, 0-terminated */
} WordSet;

static void
wordset_init (WordSet           *set,
              const char *const *words)
{
  memset (set, 0, sizeof *set);
  set->words = words;
  for (guint i = 0; words[i]; i++)
    {
      guint8 *slot = set->first[(guchar) words[i][0]];
      int k = 0;
      while (slot[k])
        k++;
      g_assert (k < 15);
      slot[k] = i + 1;
    }
}

static gboolean
wordset_match (const WordSet *set,
               const char    *s)
{
  for (const char *p = s; *p; p++)
    {
      const guint8 *slot = set->first[(guchar) *p];
      for (int k = 0; slot[k]; k++)
        {
          const char *w = set->words[slot[k] - 1];
          gsize i = 1;
          while (w[i] && p[i] == w[i])
            i++;
          if (!w[i])
            return TRUE;
        }
    }
  return FALSE;
}

static const WordSet *wordset_for (const char *const *words);

static gboolean
contains_any (const char        *s,
              const char *const *words)
{
  return wordset_match (wordset_for (words), s);
}

static const char *const negative_words[] = {
  "-ad-", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
  "masthead", "media", "meta", "outbrain", "promo", "related", "scroll",
  "share", "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags",
  "social", "byline", "author", "caption", "hidden", NULL
};

static const char *const positive_words[] = {
  "article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
  "post", "text", "blog", "story", NULL
};

/* Readability's unlikelyCandidates */
static const char *const unlikely_words[] = {
  "-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment", "community",
  "cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends",
  "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar",
  "skyscraper", "social", "sponsor", "supplemental", "ad-break", "agegate",
  "pagination", "pager", "popup", "yom-remote", NULL
};

static const char *const maybe_words[] = {
  "article", "body", "column", "content", "main", "shadow", NULL
};

/* never the article, even when it holds prose */
static const char *const never_words[] = {
  "comment", "disqus", "cookie", "consent", "newsletter", "subscri",
  "related", "recommend", "most-read", "mostread", "most_read", "popular",
  "trending", "taboola", "outbrain", "share", "sharing", "social",
  "breadcrumb", "advert", "adslot", "ad-slot", "ad-container", "ad-wrapper",
  "signup", "sign-up", "login", "read-more", "readmore",
  "also-read", "see-also", "more-news", "more-stories", "next-article",
  "prev-next", "author-bio", "author-info", "article-tags", "tag-list",
  "tags-list", "post-tags", "entry-tags", "copyright", "caption", "credit", "tooltip",
  "popover", "hovercard", "rollover", NULL
};

/* page layout: dropped unless it holds prose */
static const char *const layout_words[] = {
  "sidebar", "navbar", "nav-", "menu", "footer", "modal", "overlay",
  "banner", "promo", "breaking", "ticker", "toolbar", "byline", "post-meta",
  "entry-meta", "article-meta", "print-", "masthead", "header", NULL
};

static const WordSet *
wordset_for (const char *const *words)
{
  static WordSet sets[6];
  static gsize once;

  if (g_once_init_enter (&once))
    {
      wordset_init (&sets[0], negative_words);
      wordset_init (&sets[1], positive_words);
      wordset_init (&sets[2], unlikely_words);
      wordset_init (&sets[3], maybe_words);
      wordset_init (&sets[4], never_words);
      wordset_init (&sets[5], layout_words);
      g_once_init_leave (&once, 1);
    }
  for (int i = 0; i < 6; i++)
    if (sets[i].words == words)
      return &sets[i];
  g_assert_not_reached ();
}

/* maybe, never, layout and unlikely words in one scan: each word
 * carries the bits of the lists it is in */
enum { IN_MAYBE = 1, IN_NEVER = 2, IN_LAYOUT = 4, IN_UNLIKELY = 8 };

#define MAX_LEVEL_WORDS 255
#define MAX_PER_BYTE 40

typedef struct {
  const char *words[MAX_LEVEL_WORDS];
  guint8      bits[MAX_LEVEL_WORDS];
  guint8      first[256][MAX_PER_BYTE];  /* word indices + 1, 0-terminated */
} LevelSet;

static void
level_set_add (LevelSet          *set,
               guint             *n,
               const char *const *words,
               guint8             bit)
{
  for (guint i = 0; words[i]; i++)
    {
      guint j;
      for (j = 0; j < *n; j++)
        if (strcmp (set->words[j], words[i]) == 0)
          break;
      if (j == *n)
        {
          guint8 *slot = set->first[(guchar) words[i][0]];
          int k = 0;
          g_assert (*n < MAX_LEVEL_WORDS);
          while (slot[k])
            k++;
          g_assert (k < MAX_PER_BYTE - 1);
          slot[k] = j + 1;
          set->words[j] = words[i];
          (*n)++;
        }
      set->bits[j] |= bit;
    }
}

static const LevelSet *
level_set (void)
{
  static LevelSet *set;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      LevelSet *s = g_new0 (LevelSet, 1);
      guint n = 0;
      level_set_add (s, &n, maybe_words, IN_MAYBE);
      level_set_add (s, &n, never_words, IN_NEVER);
      level_set_add (s, &n, layout_words, IN_LAYOUT);
      level_set_add (s, &n, unlikely_words, IN_UNLIKELY);
      set = s;
      g_once_init_leave (&once, 1);
    }
  return set;
}

/* the lists (IN_* bits) with a word occurring in @s */
static guint
level_match (const char *s)
{
  const LevelSet *set = level_set ();
  guint found = 0;

  for (const char *p = s; *p; p++)
    {
      const guint8 *slot = set->first[(guchar) *p];
      for (int k = 0; slot[k]; k++)
        {
          const char *w = set->words[slot[k] - 1];
          gsize i = 1;
          if ((found & set->bits[slot[k] - 1]) == set->bits[slot[k] - 1])
            continue;  /* adds nothing */
          while (w[i] && p[i] == w[i])
            i++;
          if (!w[i])
            found |= set->bits[slot[k] - 1];
        }
      if (found == (IN_MAYBE | IN_NEVER | IN_LAYOUT | IN_UNLIKELY))
        break;
    }
  return found;
}

int
rill_html_class_weight (const xmlNode *node)
{
  RillNodeInfo *info = node->_private;
  char buf[512];
  int w = 0;

  if (info && info->weight != G_MININT8)
    return info->weight * 5;
  if (class_and_id (node, buf, sizeof buf) > 0)
    {
      if (contains_any (buf, negative_words))
        w -= 25;
      if (contains_any (buf, positive_words))
        w += 25;
    }
  if (info)
    info->weight = w / 5;
  return w;
}

int
rill_html_boilerplate_level (const xmlNode *node,
                             gboolean      *content_word)
{
  char buf[512];
  const char *role;
  guint found;

  *content_word = FALSE;
  role = rill_html_attr (node, "role");
  if (role && (g_str_equal (role, "navigation") || g_str_equal (role, "menu")
               || g_str_equal (role, "menubar") || g_str_equal (role, "complementary")
               || g_str_equal (role, "contentinfo") || g_str_equal (role, "banner")
               || g_str_equal (role, "dialog") || g_str_equal (role, "alertdialog")
               || g_str_equal (role, "search")))
    return 2;
  if (class_and_id (node, buf, sizeof buf) == 0)
    return 0;
  found = level_match (buf);
  *content_word = (found & IN_MAYBE) != 0;
  if (found & IN_NEVER)
    return 3;
  if (found & IN_LAYOUT)
    return 2;
  if ((found & IN_UNLIKELY) && !*content_word)
    return 1;
  return 0;
}

gboolean
rill_html_is_hidden (const xmlNode *node)
{
  const char *style, *v;

  if (rill_html_attr (node, "hidden"))
    return TRUE;
  v = rill_html_attr (node, "aria-hidden");
  if (v && g_ascii_strcasecmp (v, "true") == 0)
    return TRUE;
  style = rill_html_attr (node, "style");
  if (style)
    {
      char buf[256];
      gsize n = 0;
      for (const char *p = style; *p && n < sizeof buf - 1; p++)
        if (!g_ascii_isspace (*p))
          buf[n++] = g_ascii_tolower (*p);
      buf[n] = '\0';
      if (strstr (buf, "display:none") || strstr (buf, "visibility:hidden"))
        return TRUE;
    }
  return rill_html_attr_has_word (node, "class", "hidden")
         || rill_html_attr_has_word (node, "class", "hide")
         || rill_html_attr_has_word (node, "class", "d-none")
         || rill_html_attr_has_word (node, "class", "sr-only")
         || rill_html_attr_has_word (node, "class", "visually-hidden")
         || rill_html_attr_has_word (node, "class", "screen-reader-text")
         || rill_html_attr_has_word (node, "class", "invisible")
         /* Bootstrap: collapsed until a script shows it */
         || (rill_html_attr_has_word (node, "class", "collapse")
             && !rill_html_attr_has_word (node, "class", "show")
             && !rill_html_attr_has_word (node, "class", "in"));
}

static gboolean
always_drop_tag (RillTag t)
{
  switch (t)
    {
    case TAG_SCRIPT: case TAG_STYLE: case TAG_NOSCRIPT: case TAG_TEMPLATE:
    case TAG_SVG: case TAG_IFRAME: case TAG_OBJECT: case TAG_EMBED:
    case TAG_CANVAS: case TAG_VIDEO: case TAG_AUDIO: case TAG_SOURCE:
    case TAG_MAP: case TAG_MATH: case TAG_INPUT: case TAG_BUTTON:
    case TAG_SELECT: case TAG_OPTION: case TAG_TEXTAREA: case TAG_DIALOG:
    case TAG_HEAD: case TAG_TITLE: case TAG_LABEL: case TAG_FIGCAPTION:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
boilerplate_tag (RillTag t)
{
  return t == TAG_NAV || t == TAG_MENU || t == TAG_ASIDE || t == TAG_FOOTER
         || t == TAG_HEADER || t == TAG_FORM || t == TAG_FIELDSET;
}

void
rill_html_clean (RillExtractCtx *ctx)
{
  xmlNode *root = xmlDocGetRootElement (ctx->doc);
  guint32 total;
  gboolean recall = ctx->opts->mode == RILL_EXTRACT_MODE_RECALL;

  if (!root || !root->_private)
    return;
  total = ctx->body && ctx->body->_private ? RILL_INFO (ctx->body)->text_len
                                           : RILL_INFO (root)->text_len;

  for (xmlNode *n = root; n; )
    {
      RillNodeInfo *info;
      gboolean drop = FALSE;
      RillTag t;

      if (n->type != XML_ELEMENT_NODE || !n->_private)
        {
          n = rill_html_next (n, root, FALSE);
          continue;
        }
      info = RILL_INFO (n);
      t = info->tag;
      if (t == TAG_HTML || t == TAG_BODY)
        {
          n = rill_html_next (n, root, FALSE);
          continue;
        }

      if (always_drop_tag (t))
        drop = TRUE;
      else if (!info->keep)
        {
          /* a "boilerplate" container holding most of the page is a
           * site-wide wrapper, not boilerplate */
          gboolean big = info->text_len > 500 && info->text_len * 2 > total;

          if (boilerplate_tag (t) && !big)
            drop = TRUE;
          else if (t == TAG_ARTICLE || t == TAG_MAIN)
            drop = FALSE;
          else if (rill_html_is_hidden (n) && !big)
            drop = TRUE;
          else if (!big)
            {
              gboolean content_word;
              int level = rill_html_boilerplate_level (n, &content_word);
              /* prose: several paragraphs of unlinked text */
              gboolean prose = info->prose_len >= 400;

              if (level == 3)
                drop = !(prose && content_word);
              else if (level == 2)
                drop = !prose && !recall;
              else if (level == 1)
                drop = !prose && !recall;
            }
        }

      if (drop && info->text_len > 200 && G_UNLIKELY (g_getenv ("RILL_EXTRACT_DEBUG")))
        g_printerr ("drop %s class=%s id=%s prose=%u text=%u/%u\n", n->name,
                    rill_html_attr (n, "class"), rill_html_attr (n, "id"),
                    info->prose_len, info->text_len, total);
      if (drop)
        {
          info->drop = TRUE;
          /* pre-order: only ancestors change, and they were decided
           * already */
          rill_html_stats_drop (ctx, n);
        }
      n = rill_html_next (n, root, drop);
    }
}
