/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "byline-application.h"

/* Buffers the size of a whole story (its JSON, SQLite's record of it) are
 * made and freed once a save.  glibc serves the first from mmap, then
 * raises its threshold to that size, and keeps every later one in the
 * saving thread's heap, where the freed space stays resident: 8 MB more
 * peak memory with a 250,000-word story (docs/benchmarks.md).  A fixed
 * threshold gives them back to the kernel each time; nothing else Byline
 * or GTK allocates is that large more than a few times a run. */
static void
return_story_sized_buffers (void)
{
#ifdef __GLIBC__
  mallopt (M_MMAP_THRESHOLD, 1024 * 1024);
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BylineApplication) app = NULL;

  return_story_sized_buffers ();

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = byline_application_new (APPLICATION_ID, G_APPLICATION_HANDLES_OPEN);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
