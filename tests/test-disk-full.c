/* test-disk-full.c: the disk fills up while the journalist types
 *
 * A real, small filesystem (a 2 MiB tmpfs the test mounts; skipped when it
 * may not mount, i.e. not root) holds the store; a filler file takes the
 * rest of the space.  The autosave must say the disk is full, keep the
 * text in memory while typing goes on, leave the stored copy intact, and
 * save everything once space comes back, without anyone asking.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "model/byline-article.h"
#include "store/byline-autosave.h"
#include "store/byline-store.h"

static gboolean
run_command (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

/* Fills the filesystem of @directory; returns the filler's path. */
static char *
fill_disk (const char *directory)
{
  char *path = g_build_filename (directory, "filler", NULL);
  char block[4096];
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  memset (block, 'x', sizeof block);
  while (write (fd, block, sizeof block) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);
  return path;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @autosave is in @state, at most @seconds. */
static gboolean
wait_for_state (BylineAutosave      *autosave,
                BylineAutosaveState  state,
                guint                seconds)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (seconds, set_flag, &timed_out);

  while (byline_autosave_get_state (autosave) != state && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  return byline_autosave_get_state (autosave) == state;
}

static char *
long_text (const char *words,
           guint       times)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append_printf (text, "%s %u. ", words, i);
  return g_string_free (text, FALSE);
}

static void
test_disk_full (void)
{
  g_autofree char *mount_point = g_build_filename (g_get_user_data_dir (), "small-disk", NULL);
  const char *mount_argv[] = { "mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", mount_point, NULL };
  const char *umount_argv[] = { "umount", "-l", mount_point, NULL };
  g_autofree char *store_dir = g_build_filename (mount_point, "byline", NULL);
  g_autofree char *filler = NULL;
  g_autofree char *typed = NULL;
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineStore) reader = NULL;
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineArticle) on_disk = NULL;
  g_autoptr(BylineAutosave) autosave = NULL;
  g_autoptr(BylineBlock) paragraph = byline_block_new_paragraph ("The council met at nine.");
  g_autoptr(GError) error = NULL;
  const char *message;

  g_assert_cmpint (g_mkdir_with_parents (mount_point, 0700), ==, 0);
  if (getuid () != 0 || !run_command (mount_argv))
    {
      g_test_skip ("cannot mount a small tmpfs here (needs root)");
      return;
    }

  store = byline_store_new (store_dir);
  g_assert_true (byline_store_open_sync (store, NULL, &error));
  g_assert_no_error (error);
  reader = byline_store_new (store_dir);
  g_assert_true (byline_store_open_sync (reader, NULL, &error));
  g_assert_no_error (error);

  byline_article_set_headline (article, "Council meets");
  byline_article_append_block (article, paragraph);
  autosave = byline_autosave_new (store, article);
  byline_article_set_headline (article, "Council meets on the harbour plan");
  g_assert_true (wait_for_state (autosave, BYLINE_AUTOSAVE_SAVED, 10));

  /* The disk fills up; then a long passage is typed (pasted). */
  filler = fill_disk (mount_point);
  typed = long_text ("The harbour plan was debated line by line", 4000);
  byline_block_set_text (byline_article_get_block (article, 0), typed);
  g_assert_true (wait_for_state (autosave, BYLINE_AUTOSAVE_FAILED, 20));
  message = byline_autosave_get_error (autosave);
  g_test_message ("told: %s", message);
  g_assert_nonnull (strstr (message, "disk is full"));

  /* Typing goes on, in memory. */
  byline_article_set_headline (article, "Council passes the harbour plan");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 0)), ==, typed);

  /* What is stored is the last good save, whole. */
  on_disk = byline_store_load_sync (reader, byline_article_get_id (article), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_headline (on_disk), ==, "Council meets on the harbour plan");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (on_disk, 0)), ==,
                   "The council met at nine.");
  g_clear_object (&on_disk);

  /* Space comes back: the retry saves everything, unasked. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  g_assert_true (wait_for_state (autosave, BYLINE_AUTOSAVE_SAVED, 20));
  g_assert_null (byline_autosave_get_error (autosave));
  on_disk = byline_store_load_sync (reader, byline_article_get_id (article), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_headline (on_disk), ==, "Council passes the harbour plan");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (on_disk, 0)), ==, typed);

  g_clear_object (&autosave);
  g_clear_object (&reader);
  byline_store_close (store);
  g_clear_object (&store);
  run_command (umount_argv);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/disk-full/autosave-tells-keeps-and-recovers", test_disk_full);

  return g_test_run ();
}
