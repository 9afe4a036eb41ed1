/* rill-text-enums.c: enum types of the text plugin's properties
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-text-elements.h"

G_DEFINE_ENUM_TYPE (RillNormalizeForm, rill_normalize_form,
  G_DEFINE_ENUM_VALUE (RILL_NORMALIZE_FORM_NONE, "none"),
  G_DEFINE_ENUM_VALUE (RILL_NORMALIZE_FORM_NFC, "nfc"),
  G_DEFINE_ENUM_VALUE (RILL_NORMALIZE_FORM_NFKC, "nfkc"))

G_DEFINE_ENUM_TYPE (RillFilterOp, rill_filter_op,
  G_DEFINE_ENUM_VALUE (RILL_FILTER_OP_AUTO, "auto"),
  G_DEFINE_ENUM_VALUE (RILL_FILTER_OP_EQ, "eq"),
  G_DEFINE_ENUM_VALUE (RILL_FILTER_OP_NE, "ne"),
  G_DEFINE_ENUM_VALUE (RILL_FILTER_OP_LT, "lt"),
  G_DEFINE_ENUM_VALUE (RILL_FILTER_OP_LE, "le"),
  G_DEFINE_ENUM_VALUE (RILL_FILTER_OP_GT, "gt"),
  G_DEFINE_ENUM_VALUE (RILL_FILTER_OP_GE, "ge"),
  G_DEFINE_ENUM_VALUE (RILL_FILTER_OP_EXISTS, "exists"),
  G_DEFINE_ENUM_VALUE (RILL_FILTER_OP_MISSING, "missing"),
  G_DEFINE_ENUM_VALUE (RILL_FILTER_OP_REGEX, "regex"))
