/* test-schedule-ui.c: the publication time of a scheduled story, picked in
 * the editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "byline-schedule-row.h"
#include "byline-ui-test-utils.h"
#include "byline-window.h"

typedef struct
{
  char         *dir;
  BylineStore  *store;
  BylineWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->store = byline_ui_test_store_new ("byline-schedule-XXXXXX", &fixture->dir);
}

static gboolean
autosave_settled (gpointer data)
{
  BylineAutosave *autosave = byline_article_editor_get_autosave (data);

  return autosave == NULL || byline_autosave_get_state (autosave) == BYLINE_AUTOSAVE_SAVED;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      byline_ui_test_wait_until (autosave_settled, byline_window_get_editor (fixture->window), "the last save");
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      byline_ui_test_drain ();
    }
  byline_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_free (fixture->dir);
}

static gboolean
editor_has_article (gpointer data)
{
  return byline_article_editor_get_article (data) != NULL;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_pick_time (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(BylineBlock) block = byline_block_new_paragraph ("The new bridge opens to cyclists first.");
  g_autoptr(GTimeZone) local_zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) day = g_date_time_new (local_zone, 2031, 6, 12, 12, 0, 0);
  g_autoptr(GDateTime) expected = g_date_time_new (local_zone, 2031, 6, 12, 6, 45, 0);
  g_autoptr(GError) error = NULL;
  BylineArticleEditor *editor;
  BylineArticle *open;
  GtkWidget *row, *button, *popover, *calendar, *spin_hour, *spin_minute;

  byline_article_set_headline (article, "Bridge opens on Thursday");
  byline_article_set_status (article, BYLINE_ARTICLE_STATUS_SCHEDULED);
  byline_article_append_block (article, block);
  byline_store_save_article_sync (fixture->store, article, NULL, &error);
  g_assert_no_error (error);

  fixture->window = byline_window_new (NULL, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  byline_window_start (fixture->window, byline_article_get_id (article));
  editor = byline_window_get_editor (fixture->window);
  byline_ui_test_wait_until (editor_has_article, editor, "the article");
  open = byline_article_editor_get_article (editor);

  /* Scheduled: the row shows, with nothing picked yet. */
  row = find_descendant (GTK_WIDGET (editor), BYLINE_TYPE_SCHEDULE_ROW);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (row));
  button = find_descendant (row, GTK_TYPE_MENU_BUTTON);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "When the story should be published");

  /* Day from the calendar, hour and minute from the spin buttons. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  calendar = find_descendant (popover, GTK_TYPE_CALENDAR);
  spin_hour = find_descendant (popover, GTK_TYPE_SPIN_BUTTON);
  spin_minute = find_descendant (gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (spin_hour)),
                                 GTK_TYPE_SPIN_BUTTON);
  g_assert_nonnull (calendar);
  g_assert_nonnull (spin_minute);
  gtk_calendar_select_day (GTK_CALENDAR (calendar), day);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin_hour), 6);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin_minute), 45);

  g_assert_nonnull (byline_article_get_scheduled_for (open));
  g_assert_true (g_date_time_equal (byline_article_get_scheduled_for (open), expected));
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "schedule-row.png");

  /* Reached the store through the autosave. */
  gtk_popover_popdown (GTK_POPOVER (popover));
  byline_ui_test_wait_until (autosave_settled, editor, "the save");
  stored = byline_store_load_sync (fixture->store, byline_article_get_id (article), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (byline_article_get_scheduled_for (stored), expected));

  /* Not scheduled any more: the row goes, the time stays in the article. */
  byline_article_set_status (open, BYLINE_ARTICLE_STATUS_DRAFT);
  g_assert_false (gtk_widget_get_visible (row));
  g_assert_nonnull (byline_article_get_scheduled_for (open));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", FALSE);

  byline_ui_test_isolate_dirs ("schedule-ui", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!byline_ui_test_init_gtk (TRUE))
    return g_test_run ();

  g_test_add ("/schedule-ui/pick-time", Fixture, NULL, fixture_set_up, test_pick_time, fixture_tear_down);

  return g_test_run ();
}
