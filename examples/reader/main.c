/* main.c: rill-reader, a GTK 4 feed reader built on a Rill pipeline
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-reader-app.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RillReaderApp) app = rill_reader_app_new ();
  int status = g_application_run (G_APPLICATION (app), argc, argv);

  return status != 0 ? status : rill_reader_app_get_exit_status (app);
}
