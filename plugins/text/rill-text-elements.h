/* rill-text-elements.h: the element types and enums of the text plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <rill.h>

G_BEGIN_DECLS

/**
 * RillNormalizeForm:
 * @RILL_NORMALIZE_FORM_NONE: no Unicode normalisation
 * @RILL_NORMALIZE_FORM_NFC: canonical composition (é as one code point)
 * @RILL_NORMALIZE_FORM_NFKC: compatibility composition (ligatures, full-
 *   width forms and NBSP become their plain forms)
 *
 * The Unicode normalisation form of `normalize`.
 */
typedef enum {
  RILL_NORMALIZE_FORM_NONE,
  RILL_NORMALIZE_FORM_NFC,
  RILL_NORMALIZE_FORM_NFKC,
} RillNormalizeForm;

/**
 * RillFilterOp:
 * @RILL_FILTER_OP_AUTO: `regex` when `regex` is set, else `eq` when
 *   `value` is set, else `exists`
 * @RILL_FILTER_OP_EQ: the field equals `value`
 * @RILL_FILTER_OP_NE: the field is missing or differs from `value`
 * @RILL_FILTER_OP_LT: the field is less than `value`
 * @RILL_FILTER_OP_LE: the field is less than or equal to `value`
 * @RILL_FILTER_OP_GT: the field is greater than `value`
 * @RILL_FILTER_OP_GE: the field is greater than or equal to `value`
 * @RILL_FILTER_OP_EXISTS: the doc has the field
 * @RILL_FILTER_OP_MISSING: the doc lacks the field
 * @RILL_FILTER_OP_REGEX: the field matches the regular expression
 *
 * The comparison of `filter`.
 */
typedef enum {
  RILL_FILTER_OP_AUTO,
  RILL_FILTER_OP_EQ,
  RILL_FILTER_OP_NE,
  RILL_FILTER_OP_LT,
  RILL_FILTER_OP_LE,
  RILL_FILTER_OP_GT,
  RILL_FILTER_OP_GE,
  RILL_FILTER_OP_EXISTS,
  RILL_FILTER_OP_MISSING,
  RILL_FILTER_OP_REGEX,
} RillFilterOp;

#define RILL_TYPE_NORMALIZE_FORM (rill_normalize_form_get_type ())
GType rill_normalize_form_get_type (void) G_GNUC_CONST;

#define RILL_TYPE_FILTER_OP (rill_filter_op_get_type ())
GType rill_filter_op_get_type (void) G_GNUC_CONST;

GType rill_langid_get_type (void);
GType rill_normalize_get_type (void);
GType rill_quality_get_type (void);
GType rill_filter_get_type (void);

G_END_DECLS
