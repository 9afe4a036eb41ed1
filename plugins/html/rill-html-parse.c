/* rill-html-parse.c: decode, pre-strip and parse a page with libxml2.
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Scripts, styles, inline SVG and comments are more than half of the bytes
 * of a typical news page and carry no article text. A linear pre-pass
 * drops them before libxml2 sees the page (JSON-LD scripts are kept for
 * the metadata). Attributes the engine never reads (data-*, srcset,
 * on*, ...) are dropped from start tags too: libxml2 spends most of its
 * time in markup, so every byte kept out of it counts. NUL bytes become
 * spaces.
 */

#include "rill-html-private.h"

#include <libxml/parserInternals.h>
#include <string.h>

#define DEFAULT_MAX_INPUT (16 * 1024 * 1024)

G_DEFINE_QUARK (rill-extract-error-quark, rill_extract_error)

static inline gboolean
tag_name_at (const char *p,
             const char *end,
             const char *name,
             gsize       n)
{
  if ((gsize) (end - p) < n + 1)
    return FALSE;
  /* @name is lowercase letters: OR-ing 0x20 folds ASCII case */
  for (gsize i = 0; i < n; i++)
    if ((p[i] | 0x20) != name[i])
      return FALSE;
  return p[n] == '>' || p[n] == '/' || g_ascii_isspace (p[n]);
}

/* finds "</name" (case-insensitive) from @p; returns the position after
 * the closing '>' or @end */
static const char *
skip_past_close (const char *p,
                 const char *end,
                 const char *name,
                 gsize       n)
{
  while (p < end)
    {
      const char *lt = memchr (p, '<', end - p);
      if (!lt)
        return end;
      if (lt + 1 < end && lt[1] == '/' && tag_name_at (lt + 2, end, name, n))
        {
          const char *gt = memchr (lt, '>', end - lt);
          return gt ? gt + 1 : end;
        }
      p = lt + 1;
    }
  return end;
}

static gboolean
wanted_attr (const char *name,
             gsize       n)
{
  static const char *const keep[] = {
    "class", "id", "style", "hidden", "aria-hidden", "role", "itemprop",
    "href", "rel", "content", "property", "name", "http-equiv", "charset",
    "lang", "xml:lang", "datetime", "type", "title", "pubdate", "value",
    "itemtype", "itemscope", NULL
  };

  if (n < 2 || n > 10)
    return FALSE;
  for (int i = 0; keep[i]; i++)
    if (strlen (keep[i]) == n && g_ascii_strncasecmp (name, keep[i], n) == 0)
      return TRUE;
  return FALSE;
}

/* Copies the start tag at @p ('<' + letter) keeping wanted attributes.
 * Returns the position after the tag, or NULL if it is not well formed
 * enough to rewrite (then the caller copies it verbatim). */
static const char *
copy_start_tag (const char  *p,
                const char  *end,
                char       **o)
{
  const char *q = p + 1;
  char *w = *o;

  while (q < end && (g_ascii_isalnum (*q) || *q == ':' || *q == '-' || *q == '_'))
    q++;
  memcpy (w, p, q - p);
  w += q - p;
  for (;;)
    {
      const char *an, *ae, *vs, *ve;

      while (q < end && (g_ascii_isspace (*q) || *q == '/'))
        q++;
      if (q >= end)
        return NULL;
      if (*q == '>')
        {
          if (q[-1] == '/')
            *w++ = '/';
          *w++ = '>';
          *o = w;
          return q + 1;
        }
      an = q;
      while (q < end && !g_ascii_isspace (*q) && *q != '=' && *q != '>' && *q != '/')
        q++;
      ae = q;
      while (q < end && g_ascii_isspace (*q))
        q++;
      vs = ve = NULL;
      if (q < end && *q == '=')
        {
          q++;
          while (q < end && g_ascii_isspace (*q))
            q++;
          if (q >= end)
            return NULL;
          if (*q == '"' || *q == '\'')
            {
              const char *c = memchr (q + 1, *q, end - q - 1);
              if (!c)
                return NULL;
              vs = q;
              ve = c + 1;
              q = ve;
            }
          else
            {
              vs = q;
              while (q < end && !g_ascii_isspace (*q) && *q != '>')
                q++;
              ve = q;
            }
        }
      if (ae > an && wanted_attr (an, ae - an))
        {
          *w++ = ' ';
          memcpy (w, an, ae - an);
          w += ae - an;
          if (vs)
            {
              *w++ = '=';
              memcpy (w, vs, ve - vs);
              w += ve - vs;
            }
        }
      else if (ae == an)
        q++;  /* stray character: skip it */
    }
}

/* For a <meta> start tag at @p ('<'): the position after it when the
 * metadata reader would ignore it (no itemprop, and no name, property
 * or http-equiv that rill_html_meta_key_wanted() accepts), else NULL. */
static const char *
meta_skippable (const char *p,
                const char *end)
{
  const char *q = p + 5;  /* "<meta" */

  for (;;)
    {
      const char *an, *ae, *vs = NULL, *ve = NULL;

      while (q < end && (g_ascii_isspace (*q) || *q == '/'))
        q++;
      if (q >= end)
        return NULL;
      if (*q == '>')
        return q + 1;
      an = q;
      while (q < end && !g_ascii_isspace (*q) && *q != '=' && *q != '>' && *q != '/')
        q++;
      ae = q;
      if (ae == an)
        return NULL;
      while (q < end && g_ascii_isspace (*q))
        q++;
      if (q < end && *q == '=')
        {
          q++;
          while (q < end && g_ascii_isspace (*q))
            q++;
          if (q >= end)
            return NULL;
          if (*q == '"' || *q == '\'')
            {
              const char *c = memchr (q + 1, *q, end - q - 1);
              if (!c)
                return NULL;
              vs = q + 1;
              ve = c;
              q = c + 1;
            }
          else
            {
              vs = q;
              while (q < end && !g_ascii_isspace (*q) && *q != '>')
                q++;
              ve = q;
            }
        }
#define ANAME(lit) ((gsize) (ae - an) == sizeof (lit) - 1 \
                    && g_ascii_strncasecmp (an, lit, sizeof (lit) - 1) == 0)
      if (ANAME ("itemprop"))
        return NULL;
      if ((ANAME ("name") || ANAME ("property") || ANAME ("http-equiv")) && vs)
        {
          if (memchr (vs, '&', ve - vs) || rill_html_meta_key_wanted (vs, ve - vs))
            return NULL;
        }
#undef ANAME
    }
}

static char *
collapse_copy (char       *o,
               const char *p,
               gsize       n)
{
  const char *end = p + n;

  while (p < end)
    {
      char c = *p++;
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r')
        {
          gboolean nl = c == '\n';
          while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
            nl |= *p++ == '\n';
          *o++ = nl ? '\n' : ' ';
        }
      else
        *o++ = c;
    }
  return o;
}

/* writes into @out (at least @len + 1 bytes) */
static void
prestrip (const char *src,
          gsize       len,
          gboolean    for_extraction,
          char       *out,
          gsize      *out_len)
{
  char *o = out;
  const char *p = src;
  const char *end = src + len;

  while (p < end)
    {
      const char *lt = memchr (p, '<', end - p);
      const char *q;
      gsize chunk;
      char nm[10];
      gsize nl;

      if (!lt)
        lt = end;
      chunk = lt - p;
      o = collapse_copy (o, p, chunk);
      p = lt;
      if (p >= end)
        break;

      q = p + 1;
      if (end - q >= 3 && q[0] == '!' && q[1] == '-' && q[2] == '-')
        {
          const char *c = q + 3;
          const char *stop = NULL;
          while (c + 2 < end)
            {
              const char *dash = memchr (c, '-', end - c);
              if (!dash || dash + 2 >= end)
                break;
              if (dash[1] == '-' && dash[2] == '>')
                {
                  stop = dash + 3;
                  break;
                }
              c = dash + 1;
            }
          p = stop ? stop : end;
          *o++ = ' ';
          continue;
        }
      /* lowercase name of the tag (up to 8 letters) for the special
       * cases below; most tags are none of them */
      nl = 0;
      while (nl < 9 && q + nl < end && g_ascii_isalpha (q[nl]))
        {
          nm[nl] = q[nl] | 0x20;
          nl++;
        }
      if (nl == 0 || nl > 8 || q + nl >= end
          || !(q[nl] == '>' || q[nl] == '/' || g_ascii_isspace (q[nl])))
        nl = 0;
      nm[nl] = '\0';
#define IS(lit) (nl == sizeof (lit) - 1 && memcmp (nm, lit, sizeof (lit) - 1) == 0)
      if (nl > 0 && strchr ("sptnaflm", nm[0]) != NULL)
        {
          if (IS ("script"))
            {
              const char *gt = memchr (q, '>', end - q);
              const char *after;
              gboolean keep;

              if (!gt)
                {
                  p = end;
                  break;
                }
              keep = g_strstr_len (q, gt - q, "ld+json") != NULL;
              after = skip_past_close (gt + 1, end, "script", 6);
              if (keep)
                {
                  memcpy (o, p, after - p);
                  o += after - p;
                }
              p = after;
              continue;
            }
          if (IS ("style"))
            {
              p = skip_past_close (q, end, "style", 5);
              continue;
            }
          if (IS ("svg"))
            {
              p = skip_past_close (q, end, "svg", 3);
              continue;
            }
          if (IS ("pre") || IS ("textarea"))
            {
              /* whitespace matters inside: copy verbatim */
              const char *after = nm[0] == 'p' ? skip_past_close (q, end, "pre", 3)
                                                             : skip_past_close (q, end, "textarea", 8);
              memcpy (o, p, after - p);
              o += after - p;
              p = after;
              continue;
            }
          /* navigation menus (a fifth of the markup of news pages) and
           * sidebars are never article text */
          if (for_extraction && (IS ("nav") || IS ("aside") || IS ("figure")
                                 || IS ("noscript") || IS ("template") || IS ("select")))
            {
              p = skip_past_close (q, end, nm, nl);
              continue;
            }
          /* <meta> that the metadata reader ignores (viewport,
           * verification codes, app ids, ...) */
          if (for_extraction && IS ("meta"))
            {
              const char *after = meta_skippable (p, end);
              if (after)
                {
                  p = after;
                  continue;
                }
            }
          /* <link> for styles, icons, preloads: nothing to read */
          if (for_extraction && IS ("link"))
            {
              const char *gt = memchr (q, '>', end - q);
              if (gt)
                {
                  gsize n = gt - q;
                  if (!g_strstr_len (q, n, "canonical") && !g_strstr_len (q, n, "alternate")
                      && !g_strstr_len (q, n, "original") && !g_strstr_len (q, n, "syndication")
                      && !g_strstr_len (q, n, "image_src") && !g_strstr_len (q, n, "author"))
                    {
                      p = gt + 1;
                      continue;
                    }
                }
            }
        }
#undef IS
      if (g_ascii_isalpha (*q))
        {
          char *save = o;
          const char *after = copy_start_tag (p, end, &o);
          if (after)
            {
              p = after;
              continue;
            }
          o = save;
        }
      *o++ = '<';
      p++;
    }

  for (char *c = memchr (out, '\0', o - out); c; c = memchr (c, '\0', o - c))
    *c = ' ';
  *o = '\0';
  *out_len = o - out;
}

/* One parser context per thread, reset between documents: creating one
 * allocates the SAX handler, the node/name stacks and a dictionary. The
 * dictionary (element and attribute names, short strings) is shared
 * with the documents; the context is renewed every PARSER_REUSE
 * documents so that it cannot grow without bound. */
#define PARSER_REUSE 256

/* The pre-stripped copy goes to a per-thread buffer too: a fresh
 * buffer of a few hundred kB per page is a fresh mmap() and a page fault
 * per 4 kB. Buffers above MAX_KEPT_BUFFER are not kept. */
#define MAX_KEPT_BUFFER (4 * 1024 * 1024)

typedef struct {
  htmlParserCtxtPtr ctxt;
  guint             uses;
  char             *buf;
  gsize             cap;
} ParserSlot;

static void
parser_slot_free (gpointer data)
{
  ParserSlot *slot = data;

  if (slot->ctxt)
    htmlFreeParserCtxt (slot->ctxt);
  g_free (slot->buf);
  g_free (slot);
}

static GPrivate parser_slot = G_PRIVATE_INIT (parser_slot_free);

#define PARSE_OPTIONS (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR \
                       | HTML_PARSE_NOWARNING | HTML_PARSE_NONET \
                       | HTML_PARSE_COMPACT | HTML_PARSE_NODEFDTD \
                       | XML_PARSE_HUGE)

/* Parses @len bytes of valid UTF-8 at @text (kept alive by the caller
 * during the parse). htmlCtxtReadMemory() copies the input into a
 * buffer and then once more through the UTF-8 "converter"; a static
 * input buffer saves the first copy (and its large allocation, which
 * makes malloc consolidate the nodes freed with the previous page). */
static ParserSlot *
get_slot (void)
{
  ParserSlot *slot = g_private_get (&parser_slot);

  if (!slot)
    {
      slot = g_new0 (ParserSlot, 1);
      g_private_set (&parser_slot, slot);
    }
  return slot;
}

/* a buffer of at least @size bytes, owned by the thread's slot */
static char *
slot_buffer (ParserSlot *slot,
             gsize       size)
{
  if (size > slot->cap)
    {
      g_free (slot->buf);
      slot->cap = MAX (size, 256 * 1024);
      slot->buf = g_malloc (slot->cap);
    }
  return slot->buf;
}

static void
slot_release_buffer (ParserSlot *slot)
{
  if (slot->cap > MAX_KEPT_BUFFER)
    {
      g_clear_pointer (&slot->buf, g_free);
      slot->cap = 0;
    }
}

static htmlDocPtr
parse_utf8 (ParserSlot *slot,
            const char *text,
            int         len,
            const char *url)
{
  xmlParserInputBufferPtr buf;
  xmlParserInputPtr input;
  xmlCharEncodingHandlerPtr handler;
  htmlParserCtxtPtr ctxt;
  htmlDocPtr doc;

  if (len <= 0)
    return NULL;
  if (slot->ctxt && slot->uses >= PARSER_REUSE)
    g_clear_pointer (&slot->ctxt, htmlFreeParserCtxt);
  if (!slot->ctxt)
    {
      slot->ctxt = htmlNewParserCtxt ();
      slot->uses = 0;
      if (!slot->ctxt)
        return NULL;
    }
  ctxt = slot->ctxt;
  slot->uses++;

  /* what htmlCtxtReadMemory() does, without its copy of the input */
  htmlCtxtReset (ctxt);
  buf = xmlParserInputBufferCreateStatic (text, len, XML_CHAR_ENCODING_NONE);
  if (!buf)
    return NULL;
  input = xmlNewIOInputStream (ctxt, buf, XML_CHAR_ENCODING_NONE);
  if (!input)
    {
      xmlFreeParserInputBuffer (buf);
      return NULL;
    }
  if (url)
    input->filename = (char *) xmlStrdup ((const xmlChar *) url);
  inputPush (ctxt, input);
  htmlCtxtUseOptions (ctxt, PARSE_OPTIONS);
  ctxt->html = 1;
  /* as htmlDoRead() with encoding "UTF-8": the UTF-8 handler, and a
   * declared encoding so that <meta charset> is not followed */
  handler = xmlFindCharEncodingHandler ("UTF-8");
  if (handler)
    {
      xmlSwitchToEncoding (ctxt, handler);
      if (!ctxt->input->encoding)
        ctxt->input->encoding = xmlStrdup ((const xmlChar *) "UTF-8");
    }
  htmlParseDocument (ctxt);
  doc = ctxt->myDoc;
  ctxt->myDoc = NULL;
  /* drop the input now: it points into @text */
  htmlCtxtReset (ctxt);
  return doc;
}

htmlDocPtr
rill_html_parse (const guint8 *data,
                 gsize         len,
                 const char   *charset_hint,
                 const char   *url,
                 gsize         max_input,
                 gboolean      for_extraction,
                 char        **charset_out,
                 GError      **error)
{
  ParserSlot *slot;
  g_autofree char *valid = NULL;
  char *clean;
  gsize utf8_len = 0, clean_len = 0;
  htmlDocPtr doc;

  if (max_input == 0)
    max_input = DEFAULT_MAX_INPUT;
  if (len > max_input)
    len = max_input;
  if (data == NULL || len == 0)
    {
      g_set_error_literal (error, RILL_EXTRACT_ERROR, RILL_EXTRACT_ERROR_EMPTY,
                           "empty document");
      return NULL;
    }
  if (rill_html_looks_binary (data, len))
    {
      g_set_error_literal (error, RILL_EXTRACT_ERROR, RILL_EXTRACT_ERROR_BINARY,
                           "input is binary, not HTML");
      return NULL;
    }

  {
    gboolean borrowed = FALSE;
    char *dec = rill_html_decode_internal (data, len, charset_hint, &utf8_len,
                                           charset_out, &borrowed);
    slot = get_slot ();
    clean = slot_buffer (slot, utf8_len + 1);
    prestrip (dec, utf8_len, for_extraction, clean, &clean_len);
    if (!borrowed)
      g_free (dec);
  }
  /* validated after the pre-strip: scripts and styles, most of the
   * bytes, need no check */
  if (!rill_html_utf8_valid (clean, clean_len))
    {
      valid = g_utf8_make_valid (clean, clean_len);
      clean = valid;
      clean_len = strlen (valid);
    }
  if (clean_len > G_MAXINT)
    clean_len = G_MAXINT;

  doc = parse_utf8 (slot, clean, (int) clean_len, url);
  slot_release_buffer (slot);
  if (!doc || !xmlDocGetRootElement (doc))
    {
      if (doc)
        xmlFreeDoc (doc);
      g_set_error_literal (error, RILL_EXTRACT_ERROR, RILL_EXTRACT_ERROR_EMPTY,
                           "no HTML content");
      return NULL;
    }
  return doc;
}
