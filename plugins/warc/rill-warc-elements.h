/* rill-warc-elements.h: the element types of the warc plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <rill.h>

G_BEGIN_DECLS

/* Fields of the warc plugin, beside the shared schema. */
#define RILL_WARC_FIELD_HEADERS          "headers"
#define RILL_WARC_FIELD_RECORD_ID        "warc-record-id"
#define RILL_WARC_FIELD_TYPE             "warc-type"
#define RILL_WARC_FIELD_FILENAME         "warc-filename"
#define RILL_WARC_FIELD_OFFSET           "warc-offset"
#define RILL_WARC_FIELD_CONTENT_ENCODING "content-encoding"

GType rill_warc_src_get_type (void);
GType rill_warc_sink_get_type (void);

G_END_DECLS
