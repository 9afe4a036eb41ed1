/* elements-test.h: helpers of the element tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <rill.h>

G_BEGIN_DECLS

RillElement  *et_make            (RillPipeline *pipeline,
                                  const char   *factory,
                                  const char   *name,
                                  const char   *first_property,
                                  ...);
void          et_link            (RillElement  *a,
                                  RillElement  *b);
gboolean      et_run             (RillPipeline *pipeline,
                                  GError      **error);
GPtrArray    *et_pull_all        (RillElement  *app_sink);
gint64        et_stat            (RillPipeline *pipeline,
                                  const char   *element,
                                  const char   *counter);
char         *et_make_tmpdir     (void);
void          et_write_file      (const char   *dir,
                                  const char   *name,
                                  const char   *contents);
void          et_rm_rf           (const char   *path);
char         *et_read_file       (const char   *path);
GPtrArray    *et_collect_strings (GPtrArray    *docs,
                                  const char   *field);
GPtrArray    *et_watch_warnings  (RillPipeline *pipeline);
gboolean      et_strv_has        (GPtrArray    *strings,
                                  const char   *value);

G_END_DECLS
