/* rill-boilerplate.c: paragraphs that repeat on many pages of one host
 * (menus, bylines, 'read more', copyright lines) are boilerplate.
 *
 * A paragraph is a run of non-blank lines; when the text has no blank
 * line, each line is a paragraph. Its identity is the XXH3 hash of the
 * host (lower-cased) and the paragraph's normalised words (see
 * RillTokens), so spacing, case and punctuation changes do not matter.
 * For each identity the table counts the pages it appeared on (once per
 * page). A page's paragraph is removed once its identity has been seen on
 * min_pages pages, this one included: the first min_pages - 1 pages of a
 * host keep theirs, since nothing is known yet. Cost: 12 bytes a distinct
 * (host, paragraph) pair, kept for the life of the object.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-boilerplate.h"

#include "rill-dedupe-tokens.h"

#define XXH_INLINE_ALL
#include <xxhash.h>
#include <string.h>

typedef struct __attribute__ ((packed))
{
  guint64 key;                  /* 0: empty */
  guint32 pages;
} Slot;

struct _RillBoilerplate
{
  guint      min_pages;
  Slot      *slots;
  gsize      mask;
  gsize      used;
  RillTokens tokens;
};

/**
 * rill_boilerplate_new:
 * @min_pages: pages of one host a paragraph must appear on to be removed
 *   (at least 2)
 *
 * Returns: (transfer full): a new remover
 */
RillBoilerplate *
rill_boilerplate_new (guint min_pages)
{
  RillBoilerplate *self = g_new0 (RillBoilerplate, 1);

  self->min_pages = MAX (2, min_pages);
  self->mask = 4095;
  self->slots = g_new0 (Slot, 4096);
  rill_tokens_init (&self->tokens);
  return self;
}

void
rill_boilerplate_free (RillBoilerplate *self)
{
  if (self == NULL)
    return;
  rill_tokens_clear (&self->tokens);
  g_free (self->slots);
  g_free (self);
}

static Slot *
lookup (RillBoilerplate *self, guint64 key)
{
  gsize pos = key & self->mask;

  while (self->slots[pos].key != 0 && self->slots[pos].key != key)
    pos = (pos + 1) & self->mask;
  return &self->slots[pos];
}

static void
grow (RillBoilerplate *self)
{
  Slot *old = self->slots;
  gsize n = self->mask + 1;

  self->mask = n * 2 - 1;
  self->slots = g_new0 (Slot, n * 2);
  for (gsize i = 0; i < n; i++)
    if (old[i].key)
      *lookup (self, old[i].key) = old[i];
  g_free (old);
}

typedef struct
{
  const char *start;
  gsize       len;
  guint64     key;
  gboolean    drop;
} Para;

/**
 * rill_boilerplate_strip:
 * @self: the remover
 * @host: the page's host (case does not matter)
 * @text: the page's text
 * @n_removed: (out) (optional): paragraphs removed
 *
 * Counts @text's paragraphs for @host and returns @text without those
 * seen on at least min_pages pages of @host. Paragraphs without words are
 * kept as they are; removed ones take their separating blank line along.
 *
 * Returns: (transfer full): the remaining text
 */
char *
rill_boilerplate_strip (RillBoilerplate *self,
                        const char      *host,
                        const char      *text,
                        guint           *n_removed)
{
  g_autoptr (GArray) paras = g_array_new (FALSE, FALSE, sizeof (Para));
  g_autofree char *lhost = g_ascii_strdown (host ? host : "", -1);
  guint64 host_seed = XXH3_64bits (lhost, strlen (lhost));
  gboolean blank_sep = strstr (text, "\n\n") != NULL
                       || strstr (text, "\n\r\n") != NULL;
  const char *p = text;
  GString *out;
  guint removed = 0;

  /* split */
  while (*p)
    {
      const char *start = p, *end;

      if (blank_sep)
        {
          /* up to a line that is blank */
          const char *q = p;

          end = NULL;
          while (*q)
            {
              const char *nl = strchr (q, '\n');
              const char *l = nl ? nl + 1 : q + strlen (q);
              const char *r = l;

              while (*r == ' ' || *r == '\t' || *r == '\r')
                r++;
              if (!nl)
                {
                  end = l;
                  q = l;
                  break;
                }
              if (*r == '\n' || *r == '\0')
                {
                  end = nl;
                  q = *r ? r + 1 : r;
                  break;
                }
              q = l;
            }
          if (end == NULL)
            end = q;
          p = q;
        }
      else
        {
          const char *nl = strchr (p, '\n');

          end = nl ? nl : p + strlen (p);
          p = nl ? nl + 1 : end;
        }
      {
        Para para = { start, end - start, 0, FALSE };

        g_array_append_val (paras, para);
      }
    }

  /* count: once per page */
  for (guint i = 0; i < paras->len; i++)
    {
      Para *para = &g_array_index (paras, Para, i);
      gboolean repeat = FALSE;
      Slot *s;

      rill_tokens_scan (&self->tokens, para->start, para->len, TRUE);
      if (self->tokens.n_words == 0)
        continue;
      para->key = XXH3_64bits_withSeed (self->tokens.norm->str,
                                        self->tokens.norm->len, host_seed) | 1;
      for (guint j = 0; j < i && !repeat; j++)
        repeat = g_array_index (paras, Para, j).key == para->key;
      if ((self->used + 1) * 10 > (self->mask + 1) * 7)
        grow (self);
      s = lookup (self, para->key);
      if (s->key == 0)
        {
          s->key = para->key;
          self->used++;
        }
      if (!repeat && s->pages < G_MAXUINT32)
        s->pages++;
    }
  for (guint i = 0; i < paras->len; i++)
    {
      Para *para = &g_array_index (paras, Para, i);

      if (para->key && lookup (self, para->key)->pages >= self->min_pages)
        {
          para->drop = TRUE;
          removed++;
        }
    }

  out = g_string_sized_new (strlen (text));
  for (guint i = 0; i < paras->len; i++)
    {
      Para *para = &g_array_index (paras, Para, i);

      if (para->drop)
        continue;
      if (out->len)
        g_string_append (out, blank_sep ? "\n\n" : "\n");
      g_string_append_len (out, para->start, para->len);
    }
  if (n_removed)
    *n_removed = removed;
  return g_string_free (out, FALSE);
}
