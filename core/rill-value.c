/* rill-value.c: property values from and to text
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "rill-error.h"
#include "rill-parse.h"
#include "rill-parse-private.h"

static char *
trimmed (const char *text)
{
  return g_strstrip (g_strdup (text));
}

/* Reads an integer: an optional sign, then decimal digits or `0x` and hex
 * digits, with single underscores allowed between digits (`1_000_000`).
 * Returns FALSE on anything else or when the magnitude overflows. */
static gboolean
read_integer (const char *text,
              gboolean   *negative,
              guint64    *magnitude)
{
  g_autofree char *s = trimmed (text);
  const char *p = s;
  guint base = 10;
  guint64 m = 0;
  gboolean digit_before = FALSE;

  *negative = FALSE;
  if (*p == '+' || *p == '-')
    *negative = *p++ == '-';
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    {
      base = 16;
      p += 2;
    }
  if (*p == '\0')
    return FALSE;

  for (; *p != '\0'; p++)
    {
      int d;

      if (*p == '_')
        {
          if (!digit_before || !g_ascii_isxdigit (p[1]) ||
              (base == 10 && !g_ascii_isdigit (p[1])))
            return FALSE;
          digit_before = FALSE;
          continue;
        }
      d = base == 16 ? g_ascii_xdigit_value (*p) : g_ascii_digit_value (*p);
      if (d < 0)
        return FALSE;
      if (m > (G_MAXUINT64 - (guint64) d) / base)
        return FALSE;
      m = m * base + (guint64) d;
      digit_before = TRUE;
    }

  *magnitude = m;
  return TRUE;
}

static gboolean
read_signed (const char *text,
             gint64      min,
             gint64      max,
             gint64     *out)
{
  gboolean negative;
  guint64 m;
  gint64 v;

  if (!read_integer (text, &negative, &m))
    return FALSE;
  if (negative)
    {
      if (m > (guint64) G_MAXINT64 + 1)
        return FALSE;
      v = m == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) m;
    }
  else
    {
      if (m > (guint64) G_MAXINT64)
        return FALSE;
      v = (gint64) m;
    }
  if (v < min || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
read_unsigned (const char *text,
               guint64     min,
               guint64     max,
               guint64    *out)
{
  gboolean negative;
  guint64 m;

  if (!read_integer (text, &negative, &m))
    return FALSE;
  if (negative && m != 0)
    return FALSE;
  if (m < min || m > max)
    return FALSE;
  *out = m;
  return TRUE;
}

static char *
expect_signed (gint64 min,
               gint64 max)
{
  return g_strdup_printf ("expected an integer between %" G_GINT64_FORMAT
                          " and %" G_GINT64_FORMAT, min, max);
}

static char *
expect_unsigned (guint64 min,
                 guint64 max)
{
  return g_strdup_printf ("expected an integer between %" G_GUINT64_FORMAT
                          " and %" G_GUINT64_FORMAT, min, max);
}

static gboolean
read_double (const char *text,
             double      min,
             double      max,
             double     *out)
{
  g_autofree char *s = trimmed (text);
  char *end = NULL;
  double v;

  if (*s == '\0')
    return FALSE;
  errno = 0;
  v = g_ascii_strtod (s, &end);
  if (*end != '\0' || isnan (v) || errno == ERANGE)
    return FALSE;
  if (v < min || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

static char *
expect_double (double min,
               double max)
{
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

  if (min <= -G_MAXFLOAT && max >= G_MAXFLOAT)
    return g_strdup ("expected a number");
  return g_strdup_printf ("expected a number between %s and %s",
                          g_ascii_formatd (a, sizeof a, "%g", min),
                          g_ascii_formatd (b, sizeof b, "%g", max));
}

static const char * const true_words[] = { "true", "yes", "on", "1", NULL };
static const char * const false_words[] = { "false", "no", "off", "0", NULL };

static gboolean
read_boolean (const char *text,
              gboolean   *out)
{
  g_autofree char *s = trimmed (text);

  for (guint i = 0; true_words[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (s, true_words[i]) == 0)
        {
          *out = TRUE;
          return TRUE;
        }
      if (g_ascii_strcasecmp (s, false_words[i]) == 0)
        {
          *out = FALSE;
          return TRUE;
        }
    }
  return FALSE;
}

static char *
list_nicks (const GEnumValue *values,
            guint             n_values)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n_values; i++)
    g_string_append_printf (s, "%s'%s'", i > 0 ? ", " : "",
                            values[i].value_nick);
  return g_string_free (s, FALSE);
}

static gboolean
read_enum (GEnumClass *klass,
           const char *text,
           gint       *out)
{
  g_autofree char *s = trimmed (text);
  GEnumValue *ev;
  gboolean negative;
  guint64 m;

  ev = g_enum_get_value_by_nick (klass, s);
  if (ev == NULL)
    ev = g_enum_get_value_by_name (klass, s);
  for (guint i = 0; ev == NULL && i < klass->n_values; i++)
    if (g_ascii_strcasecmp (klass->values[i].value_nick, s) == 0)
      ev = &klass->values[i];
  if (ev == NULL && read_integer (s, &negative, &m) && m <= G_MAXINT)
    ev = g_enum_get_value (klass, negative ? -(gint) m : (gint) m);
  if (ev == NULL)
    return FALSE;
  *out = ev->value;
  return TRUE;
}

static gboolean
read_flags (GFlagsClass *klass,
            const char  *text,
            guint       *out)
{
  g_autofree char *s = trimmed (text);
  g_auto(GStrv) parts = NULL;
  guint result = 0;

  if (*s == '\0')
    {
      *out = 0;
      return TRUE;
    }

  g_strdelimit (s, "|", '+');
  parts = g_strsplit (s, "+", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      GFlagsValue *fv;
      gboolean negative;
      guint64 m;

      fv = g_flags_get_value_by_nick (klass, part);
      if (fv == NULL)
        fv = g_flags_get_value_by_name (klass, part);
      for (guint j = 0; fv == NULL && j < klass->n_values; j++)
        if (g_ascii_strcasecmp (klass->values[j].value_nick, part) == 0)
          fv = &klass->values[j];
      if (fv != NULL)
        result |= fv->value;
      else if (read_integer (part, &negative, &m) && !negative &&
               m <= G_MAXUINT && ((guint) m & ~klass->mask) == 0)
        result |= (guint) m;
      else
        return FALSE;
    }

  *out = result;
  return TRUE;
}

static char *
expect_flags (GFlagsClass *klass)
{
  GString *s = g_string_new ("expected flags among ");

  for (guint i = 0; i < klass->n_values; i++)
    g_string_append_printf (s, "%s'%s'", i > 0 ? ", " : "",
                            klass->values[i].value_nick);
  g_string_append (s, " joined with '+'");
  return g_string_free (s, FALSE);
}

/* Splits on commas; `\,` is a literal comma and `\\` a backslash. Items
 * are trimmed; an empty text is an empty list. */
static GStrv
split_list (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GString) item = g_string_new (NULL);
  const char *p;

  for (p = text; ; p++)
    {
      if (*p == '\\' && (p[1] == ',' || p[1] == '\\'))
        {
          g_string_append_c (item, *++p);
          continue;
        }
      if (*p == ',' || *p == '\0')
        {
          g_autofree char *s = trimmed (item->str);

          if (*p != '\0' || *s != '\0' || p != text)
            g_strv_builder_add (builder, s);
          g_string_truncate (item, 0);
          if (*p == '\0')
            break;
          continue;
        }
      g_string_append_c (item, *p);
    }

  return g_strv_builder_end (builder);
}

/*
 * _rill_value_parse_expected:
 * @pspec: the property
 * @text: its value as text
 * @value: an initialized #GValue of the property's type
 * @expected: (out): on failure, what was expected ("expected an integer
 *   between 0 and 100")
 *
 * The worker of [func@Rill.value_parse].
 *
 * Returns: %TRUE if @value now holds the parsed value
 */
gboolean
_rill_value_parse_expected (GParamSpec  *pspec,
                            const char  *text,
                            GValue      *value,
                            char       **expected)
{
  gint64 s64;
  guint64 u64;
  double d;

#define SIGNED(Spec, set)                                                \
  if (!read_signed (text, Spec (pspec)->minimum, Spec (pspec)->maximum,  \
                    &s64))                                               \
    {                                                                    \
      *expected = expect_signed (Spec (pspec)->minimum,                  \
                                 Spec (pspec)->maximum);                 \
      return FALSE;                                                      \
    }                                                                    \
  set (value, s64);                                                      \
  return TRUE;
#define UNSIGNED(Spec, set)                                              \
  if (!read_unsigned (text, Spec (pspec)->minimum, Spec (pspec)->maximum,\
                      &u64))                                             \
    {                                                                    \
      *expected = expect_unsigned (Spec (pspec)->minimum,                \
                                   Spec (pspec)->maximum);               \
      return FALSE;                                                      \
    }                                                                    \
  set (value, u64);                                                      \
  return TRUE;

  if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    {
      gboolean b;

      if (!read_boolean (text, &b))
        {
          *expected = g_strdup ("expected a boolean (true/false, yes/no, on/off, 1/0)");
          return FALSE;
        }
      g_value_set_boolean (value, b);
      return TRUE;
    }
  else if (G_IS_PARAM_SPEC_CHAR (pspec))
    {
      SIGNED (G_PARAM_SPEC_CHAR, g_value_set_schar)
    }
  else if (G_IS_PARAM_SPEC_UCHAR (pspec))
    {
      UNSIGNED (G_PARAM_SPEC_UCHAR, g_value_set_uchar)
    }
  else if (G_IS_PARAM_SPEC_INT (pspec))
    {
      SIGNED (G_PARAM_SPEC_INT, g_value_set_int)
    }
  else if (G_IS_PARAM_SPEC_UINT (pspec))
    {
      UNSIGNED (G_PARAM_SPEC_UINT, g_value_set_uint)
    }
  else if (G_IS_PARAM_SPEC_LONG (pspec))
    {
      SIGNED (G_PARAM_SPEC_LONG, g_value_set_long)
    }
  else if (G_IS_PARAM_SPEC_ULONG (pspec))
    {
      UNSIGNED (G_PARAM_SPEC_ULONG, g_value_set_ulong)
    }
  else if (G_IS_PARAM_SPEC_INT64 (pspec))
    {
      SIGNED (G_PARAM_SPEC_INT64, g_value_set_int64)
    }
  else if (G_IS_PARAM_SPEC_UINT64 (pspec))
    {
      UNSIGNED (G_PARAM_SPEC_UINT64, g_value_set_uint64)
    }
  else if (G_IS_PARAM_SPEC_UNICHAR (pspec))
    {
      if (*text == '\0' || *g_utf8_next_char (text) != '\0')
        {
          *expected = g_strdup ("expected one character");
          return FALSE;
        }
      g_value_set_uint (value, g_utf8_get_char (text));
      return TRUE;
    }
  else if (G_IS_PARAM_SPEC_FLOAT (pspec))
    {
      GParamSpecFloat *fs = G_PARAM_SPEC_FLOAT (pspec);

      /* compared as floats, as GObject validates them: "0.1" must fit a
       * minimum of 0.1f although 0.1 < (double) 0.1f */
      if (!read_double (text, -G_MAXDOUBLE, G_MAXDOUBLE, &d) ||
          d < -G_MAXFLOAT || d > G_MAXFLOAT ||
          (float) d < fs->minimum || (float) d > fs->maximum)
        {
          *expected = expect_double (fs->minimum, fs->maximum);
          return FALSE;
        }
      g_value_set_float (value, (float) d);
      return TRUE;
    }
  else if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    {
      GParamSpecDouble *ds = G_PARAM_SPEC_DOUBLE (pspec);

      if (!read_double (text, ds->minimum, ds->maximum, &d))
        {
          *expected = expect_double (ds->minimum, ds->maximum);
          return FALSE;
        }
      g_value_set_double (value, d);
      return TRUE;
    }
  else if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      GEnumClass *klass = G_PARAM_SPEC_ENUM (pspec)->enum_class;
      gint e;

      if (!read_enum (klass, text, &e))
        {
          g_autofree char *nicks = list_nicks (klass->values, klass->n_values);

          *expected = g_strdup_printf ("expected one of %s", nicks);
          return FALSE;
        }
      g_value_set_enum (value, e);
      return TRUE;
    }
  else if (G_IS_PARAM_SPEC_FLAGS (pspec))
    {
      GFlagsClass *klass = G_PARAM_SPEC_FLAGS (pspec)->flags_class;
      guint f;

      if (!read_flags (klass, text, &f))
        {
          *expected = expect_flags (klass);
          return FALSE;
        }
      g_value_set_flags (value, f);
      return TRUE;
    }
  else if (G_IS_PARAM_SPEC_STRING (pspec))
    {
      g_value_set_string (value, text);
      if (g_param_value_validate (pspec, value))
        {
          *expected = g_strdup ("expected a string of allowed characters");
          return FALSE;
        }
      return TRUE;
    }
  else if (G_IS_PARAM_SPEC_BOXED (pspec) && pspec->value_type == G_TYPE_STRV)
    {
      g_value_take_boxed (value, split_list (text));
      return TRUE;
    }
  else if (G_IS_PARAM_SPEC_GTYPE (pspec))
    {
      GType is_a = G_PARAM_SPEC_GTYPE (pspec)->is_a_type;
      GType type = g_type_from_name (text);

      if (type == G_TYPE_INVALID || (is_a != G_TYPE_NONE && !g_type_is_a (type, is_a)))
        {
          *expected = is_a != G_TYPE_NONE
            ? g_strdup_printf ("expected the name of a type derived from %s",
                               g_type_name (is_a))
            : g_strdup ("expected the name of a type");
          return FALSE;
        }
      g_value_set_gtype (value, type);
      return TRUE;
    }
  else if (G_IS_PARAM_SPEC_VARIANT (pspec))
    {
      const GVariantType *type = G_PARAM_SPEC_VARIANT (pspec)->type;
      g_autoptr(GVariant) v = g_variant_parse (type, text, NULL, NULL, NULL);

      if (v == NULL)
        {
          g_autofree char *type_string = g_variant_type_dup_string (type);

          *expected = g_strdup_printf ("expected a GVariant of type '%s'",
                                       type_string);
          return FALSE;
        }
      g_value_set_variant (value, v);
      return TRUE;
    }

#undef SIGNED
#undef UNSIGNED

  *expected = g_strdup_printf ("properties of type %s cannot be set from text",
                               g_type_name (pspec->value_type));
  return FALSE;
}

/**
 * rill_value_parse:
 * @pspec: the property the value is for
 * @text: the value as text
 * @value: (out caller-allocates): a #GValue, either zero-filled
 *   (`G_VALUE_INIT`) or already holding the property's type
 * @error: return location for an error
 *
 * Parses a property value the way launch lines write it.
 *
 * - integers of every size: decimal or `0x` hexadecimal, with an
 *   optional sign and single underscores between digits (`1_000_000`);
 *   the value must lie in the property's range;
 * - floating-point numbers, in the C locale, within the range;
 * - booleans: `true`/`false`, `yes`/`no`, `on`/`off`, `1`/`0` (any case);
 * - enums: the value's nick, its full name or its number;
 * - flags: nicks (or names or numbers) joined with `+` or `|`, an empty
 *   text being no flag;
 * - strings as they are;
 * - string lists (`GStrv`): items separated by commas (`\,` for a comma
 *   inside an item), trimmed, an empty text being an empty list;
 * - GTypes by name and GVariants in their text format.
 *
 * On failure @value is left as it was.
 *
 * Returns: %TRUE if @value holds the parsed value; %FALSE with a
 *   [error@Rill.ParseError.BAD_VALUE] error that says what was expected
 */
gboolean
rill_value_parse (GParamSpec  *pspec,
                  const char  *text,
                  GValue      *value,
                  GError     **error)
{
  g_auto(GValue) tmp = G_VALUE_INIT;
  g_autofree char *expected = NULL;

  g_return_val_if_fail (G_IS_PARAM_SPEC (pspec), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (G_VALUE_TYPE (value) == G_TYPE_INVALID ||
                        G_VALUE_HOLDS (value, pspec->value_type), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_value_init (&tmp, pspec->value_type);
  if (!_rill_value_parse_expected (pspec, text, &tmp, &expected))
    {
      g_set_error (error, RILL_PARSE_ERROR, RILL_PARSE_ERROR_BAD_VALUE,
                   "bad value '%s' for property '%s': %s",
                   text, pspec->name, expected);
      return FALSE;
    }

  if (G_VALUE_TYPE (value) == G_TYPE_INVALID)
    g_value_init (value, pspec->value_type);
  g_value_copy (&tmp, value);
  return TRUE;
}

static char *
flags_to_string (GFlagsClass *klass,
                 guint        flags)
{
  GString *s;

  if (flags == 0)
    {
      GFlagsValue *none = g_flags_get_first_value (klass, 0);

      return g_strdup (none != NULL ? none->value_nick : "0");
    }

  s = g_string_new (NULL);
  for (guint i = 0; i < klass->n_values && flags != 0; i++)
    {
      const GFlagsValue *fv = &klass->values[i];

      if (fv->value != 0 && (flags & fv->value) == fv->value)
        {
          g_string_append_printf (s, "%s%s", s->len > 0 ? "+" : "",
                                  fv->value_nick);
          flags &= ~fv->value;
        }
    }
  if (flags != 0)
    g_string_append_printf (s, "%s0x%x", s->len > 0 ? "+" : "", flags);
  return g_string_free (s, FALSE);
}

static char *
strv_to_string (const char * const *strv)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      for (const char *p = strv[i]; *p != '\0'; p++)
        {
          if (*p == ',' || *p == '\\')
            g_string_append_c (s, '\\');
          g_string_append_c (s, *p);
        }
    }
  return g_string_free (s, FALSE);
}

/**
 * rill_value_to_string:
 * @value: a value of a property type [func@Rill.value_parse] knows
 *
 * Writes @value the way [func@Rill.value_parse] reads it: `true`/`false`,
 * decimal integers, numbers that read back to the same value, enum nicks,
 * flag nicks joined with `+`, strings as they are, lists joined with
 * commas. The text is not quoted for a launch line.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for a %NULL
 *   string or object
 */
char *
rill_value_to_string (const GValue *value)
{
  GType type;

  g_return_val_if_fail (G_IS_VALUE (value), NULL);

  type = G_VALUE_TYPE (value);

  if (type == G_TYPE_GTYPE)
    return g_strdup (g_type_name (g_value_get_gtype (value)));

  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_BOOLEAN:
      return g_strdup (g_value_get_boolean (value) ? "true" : "false");
    case G_TYPE_CHAR:
      return g_strdup_printf ("%d", (int) g_value_get_schar (value));
    case G_TYPE_UCHAR:
      return g_strdup_printf ("%u", (unsigned) g_value_get_uchar (value));
    case G_TYPE_INT:
      return g_strdup_printf ("%d", g_value_get_int (value));
    case G_TYPE_UINT:
      return g_strdup_printf ("%u", g_value_get_uint (value));
    case G_TYPE_LONG:
      return g_strdup_printf ("%ld", g_value_get_long (value));
    case G_TYPE_ULONG:
      return g_strdup_printf ("%lu", g_value_get_ulong (value));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, g_value_get_int64 (value));
    case G_TYPE_UINT64:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, g_value_get_uint64 (value));
    case G_TYPE_FLOAT:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        float f = g_value_get_float (value);

        /* the shortest form that reads back as the same float */
        for (int precision = 6; precision <= 9; precision++)
          {
            char format[8];

            g_snprintf (format, sizeof format, "%%.%dg", precision);
            g_ascii_formatd (buf, sizeof buf, format, f);
            if ((float) g_ascii_strtod (buf, NULL) == f)
              break;
          }
        return g_strdup (buf);
      }
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        double d = g_value_get_double (value);

        /* the shortest form that reads back as the same double */
        for (int precision = 15; precision <= 17; precision++)
          {
            char format[8];

            g_snprintf (format, sizeof format, "%%.%dg", precision);
            g_ascii_formatd (buf, sizeof buf, format, d);
            if (g_ascii_strtod (buf, NULL) == d)
              break;
          }
        return g_strdup (buf);
      }
    case G_TYPE_ENUM:
      {
        g_autoptr(GEnumClass) klass = g_type_class_ref (type);
        GEnumValue *ev = g_enum_get_value (klass, g_value_get_enum (value));

        return ev != NULL ? g_strdup (ev->value_nick)
                          : g_strdup_printf ("%d", g_value_get_enum (value));
      }
    case G_TYPE_FLAGS:
      {
        g_autoptr(GFlagsClass) klass = g_type_class_ref (type);

        return flags_to_string (klass, g_value_get_flags (value));
      }
    case G_TYPE_STRING:
      return g_value_dup_string (value);
    case G_TYPE_BOXED:
      if (type == G_TYPE_STRV)
        return strv_to_string (g_value_get_boxed (value));
      break;
    case G_TYPE_VARIANT:
      return g_value_get_variant (value) != NULL
        ? g_variant_print (g_value_get_variant (value), FALSE) : NULL;
    case G_TYPE_OBJECT:
      if (g_value_get_object (value) == NULL)
        return NULL;
      break;
    default:
      break;
    }

  return g_strdup_value_contents (value);
}
