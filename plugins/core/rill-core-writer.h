/* rill-core-writer.h: formats docs as whole lines for file-sink and fd-sink
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rill-core-elements.h"

G_BEGIN_DECLS

/* Buffers formatted docs and writes them out in whole records only, so
 * that a run that is killed leaves complete lines behind. Not thread-safe:
 * sinks are serial. */
typedef struct {
  int fd;                  /* -1 when closed */
  gboolean close_fd;
  GString *buffer;
} RillCoreWriter;

#define RILL_CORE_WRITER_BUFFER_SIZE (64 * 1024)

void     rill_core_writer_init    (RillCoreWriter      *writer);
void     rill_core_writer_open_fd (RillCoreWriter      *writer,
                                   int                  fd,
                                   gboolean             close_fd);
gboolean rill_core_writer_format  (RillCoreWriter      *writer,
                                   RillDoc             *doc,
                                   RillCoreWriteFormat  format,
                                   const char          *field,
                                   GError             **error);
gboolean rill_core_writer_flush   (RillCoreWriter      *writer,
                                   const char          *what,
                                   GError             **error);
gboolean rill_core_writer_close   (RillCoreWriter      *writer,
                                   const char          *what,
                                   GError             **error);
void     rill_core_writer_clear   (RillCoreWriter      *writer);

G_END_DECLS
