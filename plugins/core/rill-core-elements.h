/* rill-core-elements.h: the element types and enums of the core plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <rill.h>

G_BEGIN_DECLS

/**
 * RillCoreReadMode:
 * @RILL_CORE_READ_MODE_WHOLE: one doc per file (or stream) with its bytes
 *   in `body`
 * @RILL_CORE_READ_MODE_LINES: one doc per non-empty line
 *
 * How file-src and fd-src turn their input into docs.
 */
typedef enum {
  RILL_CORE_READ_MODE_WHOLE,
  RILL_CORE_READ_MODE_LINES,
} RillCoreReadMode;

/**
 * RillCoreWriteFormat:
 * @RILL_CORE_WRITE_FORMAT_JSON: each doc as one line of JSON
 * @RILL_CORE_WRITE_FORMAT_FIELD: one field per line, with newlines,
 *   carriage returns and backslashes escaped as `\n`, `\r` and `\\`
 * @RILL_CORE_WRITE_FORMAT_TEXT: one field as it is, followed by a blank
 *   line
 *
 * How file-sink and fd-sink write docs.
 */
typedef enum {
  RILL_CORE_WRITE_FORMAT_JSON,
  RILL_CORE_WRITE_FORMAT_FIELD,
  RILL_CORE_WRITE_FORMAT_TEXT,
} RillCoreWriteFormat;

#define RILL_TYPE_CORE_READ_MODE (rill_core_read_mode_get_type ())
GType rill_core_read_mode_get_type (void) G_GNUC_CONST;

#define RILL_TYPE_CORE_WRITE_FORMAT (rill_core_write_format_get_type ())
GType rill_core_write_format_get_type (void) G_GNUC_CONST;

GType rill_file_src_get_type (void);
GType rill_fd_src_get_type (void);
GType rill_file_sink_get_type (void);
GType rill_fd_sink_get_type (void);
GType rill_fake_sink_get_type (void);
GType rill_identity_get_type (void);
GType rill_tee_get_type (void);
GType rill_funnel_get_type (void);
GType rill_limit_get_type (void);

G_END_DECLS
