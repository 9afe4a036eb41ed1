/* rill-dedupe-tokens.c: a fast normalising word tokenizer.
 *
 * The hot loop reads eight bytes at a time: SWAR arithmetic finds the run
 * of ASCII letters and digits at the start of the block and lower-cases it
 * into the word buffer in one store. Every other code point of the Basic
 * Multilingual Plane is classified and folded through one 64k-entry table
 * built once from GLib's Unicode data, so the scan costs a table load per
 * non-ASCII character whatever the script. A word's hash is XXH3-64 of
 * its folded UTF-8 bytes, taken inline for words of up to 16 bytes; no
 * allocation happens per word.
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

/* The longest word kept, in bytes (longer words are cut) */
#define WORD_MAX 256

/* ASCII letters lower-cased and digits kept; 0 for every other byte
 * (separators, and bytes >= 0x80 which the caller decodes) */
static const guint8 ascii_lower[256] = {
  ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
  ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
  ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e',
  ['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j',
  ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o',
  ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't',
  ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y',
  ['Z'] = 'z', ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd',
  ['e'] = 'e', ['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i',
  ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
  ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's',
  ['t'] = 't', ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x',
  ['y'] = 'y', ['z'] = 'z',
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

/* XXH3_64bits() of a word. Most words are at most 16 bytes: their hash is
 * inlined here (xxHash 0.8's own short-input code, so the result is the
 * same) rather than going through XXH3's length dispatch. */
static inline guint64
word_hash (const char *w, gsize n)
{
#if XXH_VERSION_MAJOR == 0 && XXH_VERSION_MINOR == 8
  if (G_LIKELY (n <= 16))
    return XXH3_len_0to16_64b ((const xxh_u8 *) w, n, XXH3_kSecret, 0);
#endif
  return XXH3_64bits (w, n);
}

static inline void
push_word (RillTokens *tokens, const char *w, gsize n)
{
  if (G_UNLIKELY (tokens->n_words == tokens->words_alloc))
    {
      tokens->words_alloc = MAX (1024, tokens->words_alloc * 2);
      tokens->words = g_renew (guint64, tokens->words, tokens->words_alloc);
    }
  tokens->words[tokens->n_words++] = word_hash (w, n);
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

static inline void
end_word (RillTokens *tokens, const char *word, gsize wn, gboolean keep_norm)
{
  push_word (tokens, word, wn);
  if (keep_norm)
    {
      GString *norm = tokens->norm;
      gsize at = norm->len;

      /* a space and the word, copied straight into the buffer */
      if (G_UNLIKELY (at + wn + 2 > norm->allocated_len))
        {
          g_string_set_size (norm, MAX (at + wn + 2, norm->allocated_len * 2));
          norm->len = at;
        }
      if (at > 0)
        norm->str[at++] = ' ';
      memcpy (norm->str + at, word, wn);
      norm->len = at + wn;
      norm->str[norm->len] = '\0';
    }
}

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

static inline guint64
load64 (const guchar *p)
{
  guint64 x;

  memcpy (&x, p, sizeof x);
  return GUINT64_FROM_LE (x);
}

static inline void
store64 (char *p, guint64 x)
{
  x = GUINT64_TO_LE (x);
  memcpy (p, &x, sizeof x);
}

/* Folds one non-ASCII character at *p (advancing it) into the word, or
 * ends the word if it is a separator. */
static inline void
scan_non_ascii (RillTokens    *tokens,
                const guchar **pp,
                const guchar  *end,
                char          *word,
                gsize         *wn,
                gboolean       keep_norm)
{
  const guchar *p = *pp;
  guint b = p[0];
  guint32 v;

  if (b >= 0xC2 && b < 0xE0 && p + 1 < end && (p[1] & 0xC0) == 0x80)
    {
      v = fold_table[((b & 0x1F) << 6) | (p[1] & 0x3F)];
      p += 2;
    }
  else
    {
      guint adv;
      gunichar c = decode (p, end, &adv);

      p += adv;
      v = c < 0x10000 ? fold_table[c] : classify (c);
    }
  *pp = p;

  if (v >= 2)
    {
      gunichar f = v - 2;

      if (f < 0x80)
        {
          if (G_LIKELY (*wn < WORD_MAX))
            word[(*wn)++] = f;
        }
      else if (*wn + 4 <= WORD_MAX)
        *wn += encode (f, word + *wn);
    }
  else if (v == 0 && *wn > 0)
    {
      end_word (tokens, word, *wn, keep_norm);
      *wn = 0;
    }
}

/**
 * rill_tokens_scan:
 * @tokens: a #RillTokens
 * @text: UTF-8 text (invalid sequences act as separators)
 * @len: length of @text, or -1 if nul-terminated
 * @keep_norm: whether to fill @tokens->norm
 *
 * Splits @text into normalised words and hashes each one.
 *
 * One pass over the bytes, eight at a time where it can: in a block of
 * eight bytes, SWAR arithmetic finds the ASCII letters and digits, the
 * length of the run of them at the start of the block, and their
 * lower-cased form, which is stored into the word buffer in one go; the
 * byte that stops the run is a separator (the word ends, its XXH3 hash is
 * taken) or the start of a non-ASCII character, folded through the table.
 * A word longer than 256 bytes keeps its first 256 bytes.
 */
void
rill_tokens_scan (RillTokens *tokens,
                  const char *text,
                  gssize      len,
                  gboolean    keep_norm)
{
  const guchar *p = (const guchar *) text, *end;
  char word[WORD_MAX + 8];
  gsize wn = 0;

  if (len < 0)
    len = strlen (text);
  end = p + len;
  tokens->n_words = 0;
  g_string_truncate (tokens->norm, 0);

  while (end - p >= 8)
    {
      guint64 x = load64 (p);
      guint64 x7 = x & ~HIGHS;
      guint64 y = x7 | (0x20 * ONES);
      /* bit 7 of a byte: y in 'a'..'z'; x7 in '0'..'9' (no carries: every
       * byte of x7 and y is < 0x80) */
      guint64 alpha = (y + 0x1F * ONES) & ~(y + 0x05 * ONES) & HIGHS;
      guint64 digit = (x7 + 0x50 * ONES) & ~(x7 + 0x46 * ONES) & HIGHS;
      guint64 stop = ~((alpha | digit) & ~x) & HIGHS;

      if ((stop & 0x80) == 0)
        {
          guint r = stop ? (guint) __builtin_ctzll (stop) >> 3 : 8;

          store64 (word + wn, x | (alpha >> 2));
          wn = MIN (wn + r, WORD_MAX);
          p += r;
          /* the byte that stopped the run, when it is an ASCII separator:
           * end the word here rather than on the next round */
          if (r == 8 || ((x >> (8 * r)) & 0x80) != 0)
            continue;
          p++;
          end_word (tokens, word, wn, keep_norm);
          wn = 0;
          continue;
        }
      if (*p < 0x80)
        {
          p++;
          if (wn > 0)
            {
              end_word (tokens, word, wn, keep_norm);
              wn = 0;
            }
          continue;
        }
      scan_non_ascii (tokens, &p, end, word, &wn, keep_norm);
    }

  while (p < end)
    {
      guint b = *p;

      if (b < 0x80)
        {
          guint8 a = ascii_lower[b];

          p++;
          if (a != 0)
            {
              if (G_LIKELY (wn < WORD_MAX))
                word[wn++] = a;
            }
          else if (wn > 0)
            {
              end_word (tokens, word, wn, keep_norm);
              wn = 0;
            }
          continue;
        }
      scan_non_ascii (tokens, &p, end, word, &wn, keep_norm);
    }
  if (wn > 0)
    end_word (tokens, word, wn, keep_norm);
}
