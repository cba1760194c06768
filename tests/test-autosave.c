/* test-autosave.c: a change reaches the disk without the journalist asking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "model/byline-article.h"
#include "store/byline-store.h"
#include "store/byline-autosave.h"

typedef struct
{
  char          *directory;
  BylineStore   *store;    /* the window's store, used by autosave */
  BylineStore   *reader;   /* a second connection, to look at the disk */
  BylineArticle *article;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineBlock) paragraph = byline_block_new_paragraph ("The first sentence.");

  f->directory = g_build_filename (g_get_user_data_dir (), "byline-test-autosave", NULL);
  f->store = byline_store_new (f->directory);
  g_assert_true (byline_store_open_sync (f->store, NULL, &error));
  g_assert_no_error (error);
  f->reader = byline_store_new (f->directory);
  g_assert_true (byline_store_open_sync (f->reader, NULL, &error));
  g_assert_no_error (error);

  f->article = byline_article_new ();
  byline_article_set_headline (f->article, "Rain delays the harvest");
  byline_article_append_block (f->article, paragraph);
  g_assert_true (byline_store_save_article_sync (f->store, f->article, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->article);
  g_clear_object (&f->reader);
  g_clear_object (&f->store);
  g_clear_pointer (&f->directory, g_free);
}

/* The headline as it is on disk now, read through the other connection. */
static char *
headline_on_disk (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = byline_store_list_sync (f->reader, FALSE, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (byline_article_summary_get_id (list->pdata[i]), byline_article_get_id (f->article)))
      return g_strdup (byline_article_summary_get_headline (list->pdata[i]));

  return NULL;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the headline on disk is @expected or @ms pass;
 * returns how long it took (or -1). */
static gint64
wait_for_disk (Fixture    *f,
               const char *expected,
               guint       ms)
{
  gint64 start = g_get_monotonic_time ();
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add (ms, set_flag, &timed_out);

  while (!timed_out)
    {
      g_autofree char *now = headline_on_disk (f);
      gboolean tick = FALSE;

      if (g_strcmp0 (now, expected) == 0)
        {
          g_source_remove (timeout);
          return (g_get_monotonic_time () - start) / 1000;
        }

      /* Look again in 10 ms, running the loop (and the autosave) meanwhile. */
      g_timeout_add (10, set_flag, &tick);
      while (!tick)
        g_main_context_iteration (NULL, TRUE);
    }

  return -1;
}

static void
test_change_reaches_disk (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(BylineAutosave) autosave = byline_autosave_new (f->store, f->article);
  gint64 took;

  g_assert_cmpint (byline_autosave_get_state (autosave), ==, BYLINE_AUTOSAVE_SAVED);
  g_assert_cmpuint (byline_autosave_get_delay (autosave), ==, BYLINE_AUTOSAVE_DELAY_MS);

  byline_article_set_headline (f->article, "Rain delays the harvest by a week");
  g_assert_cmpint (byline_autosave_get_state (autosave), ==, BYLINE_AUTOSAVE_UNSAVED);

  took = wait_for_disk (f, "Rain delays the harvest by a week", 1000);
  g_test_message ("on disk after %" G_GINT64_FORMAT " ms", took);
  g_assert_cmpint (took, >=, 0);
  g_assert_cmpint (took, <=, 1000);

  /* Let the completion reach the main loop. */
  while (byline_autosave_get_state (autosave) != BYLINE_AUTOSAVE_SAVED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (byline_autosave_get_error (autosave));
}

typedef struct
{
  Fixture *f;
  guint    n;
  char    *last_seen;
  gint64   last_change;
  gint64   max_gap;
  guint    distinct;
  gboolean done;
} Typing;

static gboolean
type_cb (gpointer data)
{
  Typing *t = data;
  g_autofree char *headline = g_strdup_printf ("Harvest update %u", ++t->n);
  g_autofree char *on_disk = NULL;
  gint64 now = g_get_monotonic_time ();

  byline_article_set_headline (t->f->article, headline);

  on_disk = headline_on_disk (t->f);
  if (g_strcmp0 (on_disk, t->last_seen) != 0)
    {
      t->max_gap = MAX (t->max_gap, now - t->last_change);
      t->last_change = now;
      t->distinct++;
      g_free (t->last_seen);
      t->last_seen = g_steal_pointer (&on_disk);
    }
  else
    {
      /* The gap still growing counts too. */
      t->max_gap = MAX (t->max_gap, now - t->last_change);
    }

  if (t->n >= 60)
    {
      t->done = TRUE;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
test_saves_while_typing (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(BylineAutosave) autosave = byline_autosave_new (f->store, f->article);
  Typing t = { 0, };

  /* A change every 50 ms for 3 s: the timer is not pushed back by each
   * change, so the disk keeps up at least once a second. */
  t.f = f;
  t.last_seen = headline_on_disk (f);
  t.last_change = g_get_monotonic_time ();
  g_timeout_add (50, type_cb, &t);
  while (!t.done)
    g_main_context_iteration (NULL, TRUE);

  g_test_message ("%u versions reached the disk; longest gap %" G_GINT64_FORMAT " ms",
                  t.distinct, t.max_gap / 1000);
  g_assert_cmpint (t.max_gap, <=, 1000 * 1000);
  g_assert_cmpuint (t.distinct, >=, 3);

  /* And the last change arrives shortly after typing stops. */
  g_assert_cmpint (wait_for_disk (f, "Harvest update 60", 1000), >=, 0);
  while (byline_autosave_get_state (autosave) != BYLINE_AUTOSAVE_SAVED)
    g_main_context_iteration (NULL, TRUE);
  g_free (t.last_seen);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} FlushState;

static void
flush_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  FlushState *state = user_data;

  state->ok = byline_autosave_flush_finish (BYLINE_AUTOSAVE (object), result, &state->error);
  state->done = TRUE;
}

static void
test_flush (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(BylineAutosave) autosave = byline_autosave_new (f->store, f->article);
  g_autofree char *on_disk = NULL;
  FlushState state = { 0, };
  gint64 start;

  /* With a long delay, only the flush can have written it. */
  byline_autosave_set_delay (autosave, 60000);
  byline_article_set_headline (f->article, "Harvest saved by volunteers");

  start = g_get_monotonic_time ();
  byline_autosave_flush_async (autosave, NULL, flush_done, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);

  on_disk = headline_on_disk (f);
  g_assert_cmpstr (on_disk, ==, "Harvest saved by volunteers");
  g_assert_cmpint (byline_autosave_get_state (autosave), ==, BYLINE_AUTOSAVE_SAVED);

  /* Nothing unsaved: completes at once. */
  state.done = FALSE;
  byline_autosave_flush_async (autosave, NULL, flush_done, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (state.ok);
}

static void
test_failure_and_recovery (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(BylineAutosave) autosave = byline_autosave_new (f->store, f->article);
  g_autoptr(GError) error = NULL;
  FlushState state = { 0, };
  gboolean timed_out = FALSE;
  guint timeout;

  byline_autosave_set_delay (autosave, 50);

  /* The store goes away under the editor (think: disk unplugged). */
  byline_store_close (f->store);
  byline_article_set_headline (f->article, "Words that must not be lost");

  timeout = g_timeout_add (3000, set_flag, &timed_out);
  while (byline_autosave_get_state (autosave) != BYLINE_AUTOSAVE_FAILED && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  g_assert_cmpint (byline_autosave_get_state (autosave), ==, BYLINE_AUTOSAVE_FAILED);
  g_assert_nonnull (byline_autosave_get_error (autosave));
  g_assert_cmpstr (byline_autosave_get_error (autosave), !=, "");
  g_test_message ("error shown: %s", byline_autosave_get_error (autosave));

  /* The text in memory is intact. */
  g_assert_cmpstr (byline_article_get_headline (f->article), ==, "Words that must not be lost");

  /* A flush reports the failure instead of pretending. */
  byline_autosave_flush_async (autosave, NULL, flush_done, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (state.ok);
  g_assert_nonnull (state.error);
  g_clear_error (&state.error);

  /* The store comes back: the periodic retry saves without any new
   * keystroke. */
  g_assert_true (byline_store_open_sync (f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wait_for_disk (f, "Words that must not be lost", 7000), >=, 0);
  while (byline_autosave_get_state (autosave) != BYLINE_AUTOSAVE_SAVED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (byline_autosave_get_error (autosave));

  /* Fail again, then recover through the next change. */
  byline_store_close (f->store);
  byline_article_set_headline (f->article, "Second attempt");
  while (byline_autosave_get_state (autosave) != BYLINE_AUTOSAVE_FAILED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (byline_store_open_sync (f->store, NULL, &error));
  byline_article_set_headline (f->article, "Second attempt, kept");
  g_assert_cmpint (wait_for_disk (f, "Second attempt, kept", 1000), >=, 0);
}

static void
test_dispose_saves (Fixture       *f,
                    gconstpointer  data)
{
  BylineAutosave *autosave = byline_autosave_new (f->store, f->article);
  g_autofree char *on_disk = NULL;

  /* The window closes before the timer fired. */
  byline_autosave_set_delay (autosave, 60000);
  byline_article_set_headline (f->article, "Last words before closing");
  g_object_unref (autosave);

  on_disk = headline_on_disk (f);
  g_assert_cmpstr (on_disk, ==, "Last words before closing");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/autosave/change-reaches-disk", Fixture, NULL,
              fixture_setup, test_change_reaches_disk, fixture_teardown);
  g_test_add ("/autosave/saves-while-typing", Fixture, NULL,
              fixture_setup, test_saves_while_typing, fixture_teardown);
  g_test_add ("/autosave/flush", Fixture, NULL,
              fixture_setup, test_flush, fixture_teardown);
  g_test_add ("/autosave/failure-and-recovery", Fixture, NULL,
              fixture_setup, test_failure_and_recovery, fixture_teardown);
  g_test_add ("/autosave/dispose-saves", Fixture, NULL,
              fixture_setup, test_dispose_saves, fixture_teardown);

  return g_test_run ();
}
