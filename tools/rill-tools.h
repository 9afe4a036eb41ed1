/* rill-tools.h: helpers shared by rill-launch and rill-inspect
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <rill.h>

G_BEGIN_DECLS

/**
 * RillToolExit:
 * @RILL_TOOL_EXIT_SUCCESS: the pipeline ran to the end / the name exists
 * @RILL_TOOL_EXIT_FAILURE: the pipeline failed as a whole (an ERROR
 *   message, a failing start or stop, a sink that cannot write), or
 *   rill-inspect was given an unknown name
 * @RILL_TOOL_EXIT_USAGE: bad command line: unknown option, missing
 *   argument, or a launch line that does not parse
 * @RILL_TOOL_EXIT_INTERRUPTED: stopped by Ctrl-C or SIGTERM (128 + SIGINT,
 *   as a shell reports it)
 *
 * Exit codes of the Rill command-line tools. Scripts can rely on them:
 * they do not change between versions.
 */
typedef enum {
  RILL_TOOL_EXIT_SUCCESS = 0,
  RILL_TOOL_EXIT_FAILURE = 1,
  RILL_TOOL_EXIT_USAGE = 2,
  RILL_TOOL_EXIT_INTERRUPTED = 130,
} RillToolExit;

void         rill_tools_init               (const char          *prgname);
void         rill_tools_error              (const char          *format,
                                            ...) G_GNUC_PRINTF (1, 2);
void         rill_tools_warning            (const char          *format,
                                            ...) G_GNUC_PRINTF (1, 2);
const GOptionEntry *rill_tools_get_option_entries (void);
void         rill_tools_apply_options      (void);
const char  *rill_tools_concurrency_to_string (RillConcurrency   concurrency);
char        *rill_tools_caret_lines        (const char          *line,
                                            guint                column);
char       **rill_tools_split_caps         (const char          *caps);
char        *rill_tools_join_launch_argv   (const char * const  *argv);
GPtrArray   *rill_tools_get_elements       (RillPipeline        *pipeline);
gboolean     rill_tools_stderr_is_terminal (void);
guint        rill_tools_terminal_width     (void);

G_END_DECLS
