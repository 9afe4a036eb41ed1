/* rill-dedupe-tokens.c: a fast normalising word tokenizer.
 *
 * The hot loop works on bytes; every code point of the Basic Multilingual
 * Plane is classified and folded through one 64k-entry table built once
 * from GLib's Unicode data, so the scan costs a table load per character
 * whatever the script.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-dedupe-tokens.h"

#define XXH_INLINE_ALL
#include <xxhash.h>
#include <string.h>

/* Table entry: 0 = separator, 1 = skip (combining mark with no base),
 * otherwise the folded code point + 2. */
static guint32 *fold_table;

/* ASCII: letters lower-cased, digits kept, everything else separates */
static const guint8 ascii_fold[128] = {
#define L(c) ((c) + 2)
  ['0'] = L('0'), ['1'] = L('1'), ['2'] = L('2'), ['3'] = L('3'),
  ['4'] = L('4'), ['5'] = L('5'), ['6'] = L('6'), ['7'] = L('7'),
  ['8'] = L('8'), ['9'] = L('9'),
  ['a'] = L('a'), ['b'] = L('b'), ['c'] = L('c'), ['d'] = L('d'),
  ['e'] = L('e'), ['f'] = L('f'), ['g'] = L('g'), ['h'] = L('h'),
  ['i'] = L('i'), ['j'] = L('j'), ['k'] = L('k'), ['l'] = L('l'),
  ['m'] = L('m'), ['n'] = L('n'), ['o'] = L('o'), ['p'] = L('p'),
  ['q'] = L('q'), ['r'] = L('r'), ['s'] = L('s'), ['t'] = L('t'),
  ['u'] = L('u'), ['v'] = L('v'), ['w'] = L('w'), ['x'] = L('x'),
  ['y'] = L('y'), ['z'] = L('z'),
  ['A'] = L('a'), ['B'] = L('b'), ['C'] = L('c'), ['D'] = L('d'),
  ['E'] = L('e'), ['F'] = L('f'), ['G'] = L('g'), ['H'] = L('h'),
  ['I'] = L('i'), ['J'] = L('j'), ['K'] = L('k'), ['L'] = L('l'),
  ['M'] = L('m'), ['N'] = L('n'), ['O'] = L('o'), ['P'] = L('p'),
  ['Q'] = L('q'), ['R'] = L('r'), ['S'] = L('s'), ['T'] = L('t'),
  ['U'] = L('u'), ['V'] = L('v'), ['W'] = L('w'), ['X'] = L('x'),
  ['Y'] = L('y'), ['Z'] = L('z'),
#undef L
};

static gunichar
fold_slow (gunichar c)
{
  gunichar lower, decomp[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n;

  lower = g_unichar_tolower (c);
  n = g_unichar_fully_decompose (lower, FALSE, decomp, G_N_ELEMENTS (decomp));
  if (n > 0 && g_unichar_isalnum (decomp[0]))
    return decomp[0];
  return lower;
}

static guint32
classify (gunichar c)
{
  GUnicodeType t;

  if (g_unichar_isalnum (c))
    return fold_slow (c) + 2;
  t = g_unichar_type (c);
  if (t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_ENCLOSING_MARK
      || t == G_UNICODE_SPACING_MARK || t == G_UNICODE_FORMAT)
    return 1;                 /* accents, ZWJ, soft hyphen: inside words */
  return 0;
}

static gpointer
build_table (gpointer data)
{
  guint32 *t = g_new (guint32, 0x10000);

  for (gunichar c = 0; c < 0x10000; c++)
    t[c] = (c >= 0xD800 && c < 0xE000) ? 0 : classify (c);
  return t;
}

static inline void
ensure_table (void)
{
  static GOnce once = G_ONCE_INIT;

  if (G_UNLIKELY (fold_table == NULL))
    fold_table = g_once (&once, build_table, NULL);
}

/**
 * rill_tokens_fold_char:
 * @c: a code point
 *
 * Returns: the folded form of @c, 0 if @c separates words, 1 if it is
 *   ignored inside words.
 */
gunichar
rill_tokens_fold_char (gunichar c)
{
  guint32 v;

  ensure_table ();
  v = c < 0x10000 ? fold_table[c] : classify (c);
  return v < 2 ? v : v - 2;
}

void
rill_tokens_init (RillTokens *tokens)
{
  memset (tokens, 0, sizeof *tokens);
  tokens->norm = g_string_sized_new (4096);
  ensure_table ();
}

void
rill_tokens_clear (RillTokens *tokens)
{
  g_clear_pointer (&tokens->words, g_free);
  if (tokens->norm)
    g_string_free (g_steal_pointer (&tokens->norm), TRUE);
  tokens->n_words = tokens->words_alloc = 0;
}

static inline void
push_word (RillTokens *tokens, const char *w, gsize n)
{
  if (G_UNLIKELY (tokens->n_words == tokens->words_alloc))
    {
      tokens->words_alloc = MAX (1024, tokens->words_alloc * 2);
      tokens->words = g_renew (guint64, tokens->words, tokens->words_alloc);
    }
  tokens->words[tokens->n_words++] = XXH3_64bits (w, n);
}

/* Decodes one UTF-8 sequence; invalid bytes decode as U+FFFD (a separator). */
static inline gunichar
decode (const guchar *p, const guchar *end, guint *adv)
{
  guchar b = p[0];

  if (b < 0xE0 && b >= 0xC2 && p + 1 < end && (p[1] & 0xC0) == 0x80)
    {
      *adv = 2;
      return ((b & 0x1F) << 6) | (p[1] & 0x3F);
    }
  if (b >= 0xE0 && b < 0xF0 && p + 2 < end && (p[1] & 0xC0) == 0x80
      && (p[2] & 0xC0) == 0x80)
    {
      *adv = 3;
      return ((b & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
  if (b >= 0xF0 && b < 0xF5 && p + 3 < end && (p[1] & 0xC0) == 0x80
      && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80)
    {
      *adv = 4;
      return ((b & 0x07) << 18) | ((p[1] & 0x3F) << 12)
             | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    }
  *adv = 1;
  return 0xFFFD;
}

static inline guint
encode (gunichar c, char *out)
{
  if (c < 0x80)
    {
      out[0] = c;
      return 1;
    }
  if (c < 0x800)
    {
      out[0] = 0xC0 | (c >> 6);
      out[1] = 0x80 | (c & 0x3F);
      return 2;
    }
  if (c < 0x10000)
    {
      out[0] = 0xE0 | (c >> 12);
      out[1] = 0x80 | ((c >> 6) & 0x3F);
      out[2] = 0x80 | (c & 0x3F);
      return 3;
    }
  out[0] = 0xF0 | (c >> 18);
  out[1] = 0x80 | ((c >> 12) & 0x3F);
  out[2] = 0x80 | ((c >> 6) & 0x3F);
  out[3] = 0x80 | (c & 0x3F);
  return 4;
}

/**
 * rill_tokens_scan:
 * @tokens: a #RillTokens
 * @text: UTF-8 text (invalid sequences act as separators)
 * @len: length of @text, or -1 if nul-terminated
 * @keep_norm: whether to fill @tokens->norm
 *
 * Splits @text into normalised words and hashes each one.
 */
void
rill_tokens_scan (RillTokens *tokens,
                  const char *text,
                  gssize      len,
                  gboolean    keep_norm)
{
  const guchar *p = (const guchar *) text, *end;
  char word[256];
  gsize wn = 0;

  if (len < 0)
    len = strlen (text);
  end = p + len;
  tokens->n_words = 0;
  g_string_truncate (tokens->norm, 0);

  while (p < end)
    {
      guint32 v;
      guint adv;

      if (*p < 0x80)
        v = ascii_fold[*p++];
      else
        {
          gunichar c = decode (p, end, &adv);

          p += adv;
          v = c < 0x10000 ? fold_table[c] : classify (c);
        }

      if (v >= 2)
        {
          gunichar f = v - 2;

          if (f < 0x80)
            {
              if (G_LIKELY (wn < sizeof word))
                word[wn++] = f;
            }
          else if (wn + 4 <= sizeof word)
            wn += encode (f, word + wn);
        }
      else if (v == 0 && wn > 0)
        {
          push_word (tokens, word, wn);
          if (keep_norm)
            {
              if (tokens->norm->len)
                g_string_append_c (tokens->norm, ' ');
              g_string_append_len (tokens->norm, word, wn);
            }
          wn = 0;
        }
    }
  if (wn > 0)
    {
      push_word (tokens, word, wn);
      if (keep_norm)
        {
          if (tokens->norm->len)
            g_string_append_c (tokens->norm, ' ');
          g_string_append_len (tokens->norm, word, wn);
        }
    }
}
