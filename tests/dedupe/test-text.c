/* test-text.c: the text engines: normalisation, quality rules, langid.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib.h>
#include <string.h>

#include "rill-text-langid.h"
#include "rill-text-normalize.h"
#include "rill-text-quality.h"

static void
test_normalize (void)
{
  g_autofree char *a = rill_text_normalize ("  Cafe\xcc\x81\t\xc2\xa0 au\x01 lait \r\n\r\n\r\n\xe2\x80\x8bNext  line \n", -1,
                                            RILL_TEXT_NORMALIZE_DEFAULT);
  g_autofree char *b = rill_text_normalize ("\xef\xac\x81" "ne \xef\xbc\xa1", -1,
                                            RILL_TEXT_NORMALIZE_NFKC);
  g_autofree char *c = rill_text_normalize ("\xef\xac\x81" "ne", -1,
                                            RILL_TEXT_NORMALIZE_NFC);
  g_autofree char *d = rill_text_normalize ("a\xff" "b", -1, RILL_TEXT_NORMALIZE_DEFAULT);
  g_autofree char *e = rill_text_normalize ("one\ntwo\xe2\x80\xa8three", -1,
                                            RILL_TEXT_NORMALIZE_SPACES);

  g_assert_cmpstr (a, ==, "Caf\xc3\xa9 au lait\n\nNext line");
  g_assert_cmpstr (b, ==, "fine A");
  g_assert_cmpstr (c, ==, "\xef\xac\x81" "ne");
  g_assert_cmpstr (d, ==, "a\xef\xbf\xbd" "b");
  g_assert_cmpstr (e, ==, "one\ntwo\nthree");
}

/* A clean text of @n words that passes every rule. */
static char *
good_text (guint n)
{
  static const char *words[] = {
    "river", "mountain", "village", "morning", "evening", "station",
    "teacher", "garden", "window", "market", "council", "harbour",
    "weather", "journey", "history", "science", "library", "kitchen",
    "picture", "concert", "holiday", "factory", "country", "project",
  };
  GString *s = g_string_new (NULL);
  guint32 x = 12345;

  for (guint i = 0; i < n; i++)
    {
      x = x * 1103515245 + 12345;
      g_string_append (s, words[(x >> 16) % G_N_ELEMENTS (words)]);
      g_string_append (s, (i + 1) % 12 == 0 ? ".\n" : " ");
    }
  g_string_append (s, "end.");
  return g_string_free (s, FALSE);
}

static RillQualityRule
check (const char *text, RillQualityStats *st)
{
  RillQualityParams p;

  rill_quality_params_init (&p);
  return rill_quality_check (text, -1, &p, st);
}

static void
test_quality_ok (void)
{
  g_autofree char *t = good_text (300);
  RillQualityStats st;

  g_assert_cmpint (check (t, &st), ==, RILL_QUALITY_OK);
  g_assert_cmpuint (st.words, ==, 301);
  g_assert_cmpstr (rill_quality_rule_name (RILL_QUALITY_OK), ==, "ok");
}

static void
test_quality_rules (void)
{
  RillQualityStats st;
  RillQualityParams p;
  GString *s;
  g_autofree char *good = good_text (300);

  /* too few words */
  g_assert_cmpint (check ("Only a few words here.", &st), ==, RILL_QUALITY_TOO_FEW_WORDS);
  g_assert_cmpuint (st.words, ==, 5);
  g_assert_cmpstr (rill_quality_rule_name (RILL_QUALITY_TOO_FEW_WORDS), ==, "too-few-words");

  /* too many words */
  rill_quality_params_init (&p);
  p.max_words = 100;
  g_assert_cmpint (rill_quality_check (good, -1, &p, &st), ==, RILL_QUALITY_TOO_MANY_WORDS);

  /* mean word length */
  s = g_string_new (NULL);
  for (guint i = 0; i < 100; i++)
    g_string_append (s, "a b c. ");
  g_assert_cmpint (check (s->str, &st), ==, RILL_QUALITY_MEAN_WORD_LENGTH);
  g_string_truncate (s, 0);
  for (guint i = 0; i < 100; i++)
    g_string_append (s, "incomprehensibilities. ");
  g_assert_cmpint (check (s->str, &st), ==, RILL_QUALITY_MEAN_WORD_LENGTH);

  /* symbols */
  g_string_assign (s, good);
  for (guint i = 0; i < 40; i++)
    g_string_append (s, " #tag");
  g_assert_cmpint (check (s->str, &st), ==, RILL_QUALITY_SYMBOL_RATIO);

  /* bullet lines */
  g_string_truncate (s, 0);
  for (guint i = 0; i < 30; i++)
    g_string_append_printf (s, "\xe2\x80\xa2 item number %u in the list.\n", i);
  g_assert_cmpint (check (s->str, &st), ==, RILL_QUALITY_BULLET_LINES);

  /* ellipsis lines */
  g_string_truncate (s, 0);
  for (guint i = 0; i < 30; i++)
    g_string_append_printf (s, "read the whole story number %u here%s\n", i,
                            i % 2 ? "..." : ".");
  g_assert_cmpint (check (s->str, &st), ==, RILL_QUALITY_ELLIPSIS_LINES);

  /* alphabetic words */
  g_string_assign (s, good);
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (s, " %u", i * 37);
  g_assert_cmpint (check (s->str, &st), ==, RILL_QUALITY_ALPHA_WORDS);

  /* lines ending in punctuation */
  g_string_truncate (s, 0);
  for (guint i = 0; i < 30; i++)
    g_string_append_printf (s, "menu entry number %u goes here\n", i);
  g_assert_cmpint (check (s->str, &st), ==, RILL_QUALITY_PUNCT_LINES);

  /* repeated lines */
  g_string_assign (s, good);
  for (guint i = 0; i < 40; i++)
    g_string_append (s, "\nSubscribe.");
  g_assert_cmpint (check (s->str, &st), ==, RILL_QUALITY_DUP_LINES);

  /* characters in repeated lines */
  {
    g_autofree char *longer = good_text (600);

    g_string_assign (s, longer);
  }
  for (guint i = 0; i < 12; i++)
    g_string_append (s, "\nThis long disclaimer line is repeated a few times on the page for no "
                        "reason at all, really, and it goes on and on about cookies, privacy, "
                        "terms of use and the newsletter that nobody reads.");
  rill_quality_params_init (&p);
  g_assert_cmpint (rill_quality_check (s->str, -1, &p, &st), ==, RILL_QUALITY_DUP_LINE_CHARS);

  /* repeated paragraphs (lines unique) */
  g_string_truncate (s, 0);
  for (guint i = 0; i < 12; i++)
    g_string_append_printf (s, "Line %u of the first paragraph is here.\nSecond line of paragraph %u.\n\n"
                            "A common first line.\nA common second line.\n\n", i, i);
  rill_quality_params_init (&p);
  p.max_dup_lines = p.max_dup_line_chars = 1.0;
  g_assert_cmpint (rill_quality_check (s->str, -1, &p, &st), ==, RILL_QUALITY_DUP_PARAGRAPHS);
  p.max_dup_paragraphs = 1.0;
  g_assert_cmpint (rill_quality_check (s->str, -1, &p, &st), ==, RILL_QUALITY_DUP_PARAGRAPH_CHARS);

  /* top n-gram */
  g_string_assign (s, good);
  for (guint i = 0; i < 120; i++)
    g_string_append_printf (s, " click here %s.", i % 2 ? "now" : "today");
  rill_quality_params_init (&p);
  p.max_dup_lines = p.max_dup_line_chars = 1.0;
  g_assert_cmpint (rill_quality_check (s->str, -1, &p, &st), ==, RILL_QUALITY_TOP_NGRAM);
  g_assert_cmpuint (st.ngram_n, ==, 2);

  /* duplicated 5+-grams */
  g_string_assign (s, good);
  g_string_append (s, " ");
  g_string_append_len (s, good, strlen (good) / 4);
  g_string_append (s, ".");
  g_assert_cmpint (rill_quality_check (s->str, -1, &p, &st), ==, RILL_QUALITY_DUP_NGRAM);
  g_assert_cmpuint (st.ngram_n, >=, 5);

  g_string_free (s, TRUE);
}

static void
assert_lang (const char *text, const char *code)
{
  RillLangidResult r;

  rill_text_langid (text, -1, FALSE, NULL, &r);
  g_assert_cmpstr (r.code, ==, code);
}

static void
test_langid (void)
{
  /* short texts */
  assert_lang ("Сегодня в Москве прошла большая конференция по экономике.", "ru");
  assert_lang ("Bu gün hava çox gözəldir və biz parka getdik.", "az");
  assert_lang ("The government announced new measures on Tuesday.", "en");
  assert_lang ("Die Regierung hat am Dienstag neue Maßnahmen angekündigt.", "de");
  assert_lang ("Ελληνικά είναι η επίσημη γλώσσα της Ελλάδας και της Κύπρου.", "el");
  assert_lang ("日本語は日本の公用語です。", "ja");
  assert_lang ("", "und");

  /* long texts */
  {
    GString *s = g_string_new (NULL);

    for (guint i = 0; i < 20; i++)
      g_string_append (s, "Azərbaycan Respublikası Cənubi Qafqazda yerləşən dövlətdir. "
                          "Paytaxtı Bakı şəhəridir. ");
    assert_lang (s->str, "az");
    g_string_truncate (s, 0);
    for (guint i = 0; i < 20; i++)
      g_string_append (s, "Le gouvernement a présenté mardi un nouveau plan pour "
                          "l'économie et l'emploi des jeunes. ");
    assert_lang (s->str, "fr");
    g_string_truncate (s, 0);
    for (guint i = 0; i < 20; i++)
      g_string_append (s, "Правительство представило во вторник новый план "
                          "развития экономики и занятости молодежи. ");
    assert_lang (s->str, "ru");
    g_string_free (s, TRUE);
  }

  /* HTML mode skips markup; invalid UTF-8 does not crash */
  {
    RillLangidResult r;

    rill_text_langid ("<p class=\"x\">Die Regierung hat am Dienstag neue Maßnahmen "
                      "angekündigt.</p>", -1, TRUE, NULL, &r);
    g_assert_cmpstr (r.code, ==, "de");
    rill_text_langid ("\xff\xfe\xfd", -1, FALSE, NULL, &r);
    g_assert_cmpstr (r.code, ==, "und");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text/normalize", test_normalize);
  g_test_add_func ("/text/quality/ok", test_quality_ok);
  g_test_add_func ("/text/quality/rules", test_quality_rules);
  g_test_add_func ("/text/langid", test_langid);
  return g_test_run ();
}
