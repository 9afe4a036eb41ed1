/* rill-core-enums.c: enum types of the core plugin's properties
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-core-elements.h"

G_DEFINE_ENUM_TYPE (RillCoreReadMode, rill_core_read_mode,
  G_DEFINE_ENUM_VALUE (RILL_CORE_READ_MODE_WHOLE, "whole"),
  G_DEFINE_ENUM_VALUE (RILL_CORE_READ_MODE_LINES, "lines"))

G_DEFINE_ENUM_TYPE (RillCoreWriteFormat, rill_core_write_format,
  G_DEFINE_ENUM_VALUE (RILL_CORE_WRITE_FORMAT_JSON, "json"),
  G_DEFINE_ENUM_VALUE (RILL_CORE_WRITE_FORMAT_FIELD, "field"),
  G_DEFINE_ENUM_VALUE (RILL_CORE_WRITE_FORMAT_TEXT, "text"))
