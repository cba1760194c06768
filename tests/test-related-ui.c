/* test-related-ui.c: the Related panel and inline cards in the window
 *
 * Search (local and cached stories, no site; refining a query keeps the
 * rows of the stories found again), attach, reorder with the
 * keyboard, remove with undo, insert a card at the cursor and undo it,
 * and a card flagged by a link check.  Screenshots of the panel and of a
 * card in the body go to $BYLINE_SCREENSHOT_DIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-related-ui"

#include "config.h"

#include <adwaita.h>

#include "byline-body-buffer.h"
#include "byline-related-card.h"
#include "byline-related-panel.h"
#include "byline-story-cache.h"
#include "byline-media.h"
#include "byline-ui-test-utils.h"
#include "byline-window.h"

#define PHOTO "resource:///io/github/byline/Byline/sample/harbour.png"

typedef struct
{
  BylineStore        *store;
  char               *store_dir;
  BylineWindow       *window;
  BylineRelatedPanel *panel;
  BylineArticle      *article;
} Fixture;

static BylineCachedStory *
cached (const char *id,
        const char *section,
        const char *headline,
        const char *excerpt)
{
  BylineCachedStory *story = byline_cached_story_new (BYLINE_STORY_SOURCE_SITE);
  g_autofree char *url = g_strdup_printf ("https://gazette.example/?p=%s", id);

  byline_cached_story_set_account (story, "gazette");
  byline_cached_story_set_cms_id (story, id);
  byline_cached_story_set_url (story, url);
  byline_cached_story_set_section (story, section);
  byline_cached_story_set_headline (story, headline);
  byline_cached_story_set_excerpt (story, excerpt);
  byline_cached_story_set_status (story, "published");
  byline_cached_story_set_date (story, (gint64) 1717228800 * G_USEC_PER_SEC);
  byline_cached_story_set_image (story, PHOTO, "The harbour at first light.");
  return story;
}

static gboolean
article_open (gpointer data)
{
  Fixture *f = data;
  BylineArticleEditor *editor = byline_window_get_editor (f->window);

  return byline_article_editor_get_article (editor) != NULL;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineBlock) first = byline_block_new_paragraph ("The harbour board met on Tuesday to plan the new quay.");
  g_autoptr(BylineBlock) second = byline_block_new_paragraph ("Work starts in spring and ends before the summer ferries.");
  g_autoptr(GError) error = NULL;
  GtkWidget *stack;

  f->store = byline_ui_test_store_new ("byline-related-ui-XXXXXX", &f->store_dir);

  g_ptr_array_add (stories, cached ("501", "Coast", "Harbour wall repaired in record time",
                                    "Stones from the old quarry were used."));
  g_ptr_array_add (stories, cached ("502", "Business", "Harbour fees to rise next year",
                                    "Fishing boats pay the same."));
  g_ptr_array_add (stories, cached ("503", "Coast", "Old harbour crane sold to a museum",
                                    "A collector bought it."));
  g_assert_true (byline_store_cache_stories_sync (f->store, stories, NULL, &error));
  g_assert_no_error (error);

  byline_article_set_headline (article, "New quay for the harbour");
  byline_article_set_section (article, "Coast");
  byline_article_append_block (article, first);
  byline_article_append_block (article, second);
  g_assert_true (byline_store_save_article_sync (f->store, article, NULL, &error));
  g_assert_no_error (error);

  f->window = byline_window_new (NULL, f->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 760);
  gtk_window_present (GTK_WINDOW (f->window));
  byline_window_start (f->window, NULL);
  byline_window_open_article_id (f->window, byline_article_get_id (article));
  byline_ui_test_wait_until (article_open, f, "the article to open");
  f->article = g_object_ref (byline_article_editor_get_article (byline_window_get_editor (f->window)));

  f->panel = byline_window_get_related_panel (f->window);
  adw_flap_set_reveal_flap (byline_window_get_flap (f->window), TRUE);
  stack = gtk_widget_get_parent (GTK_WIDGET (f->panel));
  gtk_stack_set_visible_child (GTK_STACK (stack), GTK_WIDGET (f->panel));
  byline_ui_test_wait_for_frame (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->article);
  gtk_window_destroy (GTK_WINDOW (f->window));
  for (guint i = 0; i < 20; i++)
    {
      byline_ui_test_drain ();
      g_usleep (5000);
    }
  byline_store_close (f->store);
  g_clear_object (&f->store);
  g_free (f->store_dir);
}

static gboolean
has_results (gpointer data)
{
  Fixture *f = data;
  BylineRelatedSearch *search = byline_related_panel_get_search (f->panel);

  return !byline_related_search_get_running (search) &&
         g_list_model_get_n_items (byline_related_search_get_results (search)) >= 3;
}

static void
search_harbour (Fixture *f)
{
  gtk_editable_set_text (GTK_EDITABLE (byline_related_panel_get_entry (f->panel)), "harbour");
  /* The entry searches at every change; the store answers on a worker */
  byline_ui_test_wait_until (has_results, f, "search results");
}

static const char *
related_headline (Fixture *f,
                  guint    position)
{
  g_autoptr(BylineStoryRef) ref = g_list_model_get_item (byline_article_get_related (f->article), position);

  return ref != NULL ? byline_story_ref_get_headline (ref) : NULL;
}

#define REMOTE_PHOTO "https://gazette.example/wp-content/uploads/lighthouse.png"

/* A thumbnail of the results list showing a picture, not the placeholder. */
static gboolean
result_has_picture (gpointer data)
{
  Fixture *f = data;
  GtkWidget *list = GTK_WIDGET (byline_related_panel_get_results_list (f->panel));
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, list);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_IMAGE (widget) && gtk_widget_has_css_class (widget, "thumbnail") &&
          gtk_image_get_storage_type (GTK_IMAGE (widget)) == GTK_IMAGE_PAINTABLE)
        return TRUE;
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  return FALSE;
}

/* A result whose image is on the site shows the copy the media store
 * keeps of it (byline_thumbnail_fetch_async), with no site connected. */
static void
test_remote_thumbnail (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/byline/Byline/sample/harbour.png",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *src = NULL;
  BylineCachedStory *story;

  g_assert_nonnull (bytes);
  src = byline_store_add_media_sync (f->store, bytes, "lighthouse.png", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (byline_store_remember_remote_media_sync (f->store, REMOTE_PHOTO, src, &error));
  story = cached ("504", "Coast", "Lighthouse keeper retires", "Forty years on the rock.");
  byline_cached_story_set_image (story, REMOTE_PHOTO, "");
  g_ptr_array_add (stories, story);
  g_assert_true (byline_store_cache_stories_sync (f->store, stories, NULL, &error));
  g_assert_no_error (error);

  gtk_editable_set_text (GTK_EDITABLE (byline_related_panel_get_entry (f->panel)), "lighthouse");
  byline_ui_test_wait_until (result_has_picture, f, "the result's thumbnail");
}

static void
running_cb (BylineRelatedSearch *search,
            GParamSpec          *pspec,
            guint               *n_done)
{
  if (!byline_related_search_get_running (search))
    (*n_done)++;
}

static gboolean
search_done (gpointer data)
{
  return *(guint *) data > 0;
}

/* Edits the panel's search as typing does: deletes @n_delete characters
 * at @position, then inserts @text there (not gtk_editable_set_text(),
 * which empties the entry first: a search for nothing).  The entry runs
 * the search from a timeout; this waits for that run's answer. */
static GListModel *
search_edit (Fixture    *f,
             int         position,
             int         n_delete,
             const char *text)
{
  GtkEditable *entry = GTK_EDITABLE (byline_related_panel_get_entry (f->panel));
  BylineRelatedSearch *search = byline_related_panel_get_search (f->panel);
  guint n_done = 0;
  gulong id = g_signal_connect (search, "notify::running", G_CALLBACK (running_cb), &n_done);

  if (n_delete > 0)
    gtk_editable_delete_text (entry, position, position + n_delete);
  if (text != NULL)
    gtk_editable_insert_text (entry, text, -1, &position);
  byline_ui_test_wait_until (search_done, &n_done, "search results");
  g_signal_handler_disconnect (search, id);
  byline_ui_test_wait_for_frame (GTK_WIDGET (f->window));
  return byline_related_search_get_results (search);
}

/* The text of a row's headline label (the "heading" one). */
static const char *
row_headline (GtkWidget *row)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, row);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "heading"))
        return gtk_label_get_text (GTK_LABEL (widget));
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  return NULL;
}

/* The button of a row with this label. */
static GtkWidget *
row_button (GtkWidget  *row,
            const char *label)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, row);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
        return widget;
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  return NULL;
}

/* The results list shows the model's stories, in its order, one row each;
 * returns the rows by CMS id (references, so a row that went cannot be
 * mistaken for a new one at the same address). */
static GHashTable *
rows_by_id (Fixture *f)
{
  GtkListBox *list = byline_related_panel_get_results_list (f->panel);
  GListModel *results = byline_related_search_get_results (byline_related_panel_get_search (f->panel));
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  guint n = g_list_model_get_n_items (results);

  g_assert_null (gtk_list_box_get_row_at_index (list, n));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BylineCachedStory) story = g_list_model_get_item (results, i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      g_assert_nonnull (row);
      g_assert_cmpstr (row_headline (GTK_WIDGET (row)), ==, byline_cached_story_get_headline (story));
      g_hash_table_insert (rows, g_strdup (byline_cached_story_get_cms_id (story)), g_object_ref (row));
    }
  return rows;
}

static void
assert_ids (GListModel  *results,
            const char **ids)
{
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, g_strv_length ((char **) ids));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(BylineCachedStory) story = g_list_model_get_item (results, i);

      g_assert_cmpstr (byline_cached_story_get_cms_id (story), ==, ids[i]);
    }
}

/* Refining the query keeps the rows of the stories found again (the same
 * widgets, showing a changed headline in place), removes those of the
 * stories gone and puts new ones where the search ranks them. */
static void
test_results_keep_rows (Fixture       *f,
                        gconstpointer  data)
{
  GtkListBox *list = byline_related_panel_get_results_list (f->panel);
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) renamed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) refined = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *results;
  const char *ids_refined[] = { "505", "506", NULL };
  const char *ids_ferry[] = { "507", "505", "506", NULL };

  /* Shorter headlines rank first (bm25): 505 before 506 for either word */
  g_ptr_array_add (stories, cached ("505", "Coast", "Harbour ferry fares frozen", "Tickets cost the same."));
  g_ptr_array_add (stories, cached ("506", "Coast", "Harbour ferry timetable returns after the winter storms",
                                    "Boats sail every hour again."));
  g_ptr_array_add (stories, cached ("507", "Coast", "Ferry crew praised", "They rescued a swimmer."));
  g_assert_true (byline_store_cache_stories_sync (f->store, stories, NULL, &error));
  g_assert_no_error (error);

  results = search_edit (f, 0, 0, "harbour");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 5);
  before = rows_by_id (f);
  g_assert_true (g_hash_table_contains (before, "505"));
  g_assert_true (g_hash_table_contains (before, "506"));

  /* 505's headline changed on the site meanwhile */
  g_ptr_array_add (renamed, cached ("505", "Coast", "Harbour ferry fares frozen again", "Tickets cost the same."));
  g_assert_true (byline_store_cache_stories_sync (f->store, renamed, NULL, &error));
  g_assert_no_error (error);

  results = search_edit (f, 7, 0, " ferry");
  assert_ids (results, ids_refined);
  refined = rows_by_id (f);
  g_assert_true (g_hash_table_lookup (refined, "505") == g_hash_table_lookup (before, "505"));
  g_assert_true (g_hash_table_lookup (refined, "506") == g_hash_table_lookup (before, "506"));
  g_assert_cmpstr (row_headline (g_hash_table_lookup (refined, "505")), ==, "Harbour ferry fares frozen again");
  /* The rows of the stories gone left the list */
  g_assert_null (gtk_widget_get_parent (g_hash_table_lookup (before, "501")));
  g_assert_null (gtk_widget_get_parent (g_hash_table_lookup (before, "502")));
  g_assert_null (gtk_widget_get_parent (g_hash_table_lookup (before, "503")));
  g_assert_true (gtk_widget_get_parent (g_hash_table_lookup (refined, "505")) == GTK_WIDGET (list));

  /* A new story comes in where the search ranks it, before the kept ones */
  results = search_edit (f, 0, 8, NULL);
  assert_ids (results, ids_ferry);
  after = rows_by_id (f);
  g_assert_true (g_hash_table_lookup (after, "505") == g_hash_table_lookup (before, "505"));
  g_assert_true (g_hash_table_lookup (after, "506") == g_hash_table_lookup (before, "506"));

  /* The new story's row is a row of a story gone, shown again (the panel
   * keeps them spare), and attaches the new story */
  g_assert_true (g_hash_table_lookup (after, "507") == g_hash_table_lookup (before, "501") ||
                 g_hash_table_lookup (after, "507") == g_hash_table_lookup (before, "502") ||
                 g_hash_table_lookup (after, "507") == g_hash_table_lookup (before, "503"));
  {
    GtkWidget *button = row_button (g_hash_table_lookup (after, "507"), "_Attach");

    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    g_assert_cmpuint (g_list_model_get_n_items (byline_article_get_related (f->article)), ==, 1);
    g_assert_cmpstr (related_headline (f, 0), ==, "Ferry crew praised");
  }

  byline_ui_test_save_screenshot (GTK_WIDGET (f->window), "related-results.png");
}

static void
test_attach_reorder_remove (Fixture       *f,
                            gconstpointer  data)
{
  GListModel *related = byline_article_get_related (f->article);
  GtkListBox *attached = byline_related_panel_get_attached_list (f->panel);
  GListModel *results;
  g_autoptr(BylineCachedStory) first = NULL;
  g_autoptr(BylineCachedStory) second = NULL;
  GtkListBoxRow *row;

  search_harbour (f);
  results = byline_related_search_get_results (byline_related_panel_get_search (f->panel));
  first = g_list_model_get_item (results, 0);
  second = g_list_model_get_item (results, 1);
  /* The panel says where each result came from */
  g_assert_cmpint (byline_cached_story_get_source (first), ==, BYLINE_STORY_SOURCE_CACHED);

  byline_related_panel_attach_result (f->panel, 0);
  byline_related_panel_attach_result (f->panel, 1);
  byline_related_panel_attach_result (f->panel, 0);   /* twice: refused */
  g_assert_cmpuint (g_list_model_get_n_items (related), ==, 2);
  g_assert_cmpstr (related_headline (f, 0), ==, byline_cached_story_get_headline (first));
  g_assert_cmpstr (related_headline (f, 1), ==, byline_cached_story_get_headline (second));
  {
    g_autoptr(BylineStoryRef) ref = g_list_model_get_item (related, 0);
    g_assert_cmpstr (byline_story_ref_get_section (ref), ==, byline_cached_story_get_section (first));
    g_assert_nonnull (byline_story_ref_get_image (ref));
  }

  byline_ui_test_wait_for_frame (GTK_WIDGET (f->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (f->window), "related-panel.png");

  /* Alt+Up on the second row: it moves up, and keeps the focus */
  row = gtk_list_box_get_row_at_index (attached, 1);
  g_assert_nonnull (row);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "related.move", "i", -1));
  g_assert_cmpstr (related_headline (f, 0), ==, byline_cached_story_get_headline (second));
  g_assert_cmpstr (related_headline (f, 1), ==, byline_cached_story_get_headline (first));
  row = gtk_list_box_get_row_at_index (attached, 0);
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (row)));
  /* Alt+Down brings it back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "related.move", "i", 1));
  g_assert_cmpstr (related_headline (f, 0), ==, byline_cached_story_get_headline (first));

  /* Remove (Delete on the row), then the toast's Undo */
  row = gtk_list_box_get_row_at_index (attached, 0);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "related.remove-focused", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (related), ==, 1);
  g_assert_cmpstr (related_headline (f, 0), ==, byline_cached_story_get_headline (second));
  byline_related_panel_undo_remove (f->panel);
  g_assert_cmpuint (g_list_model_get_n_items (related), ==, 2);
  g_assert_cmpstr (related_headline (f, 0), ==, byline_cached_story_get_headline (first));
}

static GtkWidget *
card_widget_at (Fixture *f,
                guint    line)
{
  GtkTextView *view = byline_article_editor_get_body_view (byline_window_get_editor (f->window));
  GtkTextIter iter;
  GtkTextChildAnchor *anchor;
  g_autofree GtkWidget **widgets = NULL;
  guint n = 0;

  gtk_text_buffer_get_iter_at_line (gtk_text_view_get_buffer (view), &iter, line);
  anchor = gtk_text_iter_get_child_anchor (&iter);
  if (anchor == NULL)
    return NULL;
  widgets = gtk_text_child_anchor_get_widgets (anchor, &n);
  return n > 0 ? widgets[0] : NULL;
}

static void
test_insert_card_undo (Fixture       *f,
                       gconstpointer  data)
{
  GtkTextView *view = byline_article_editor_get_body_view (byline_window_get_editor (f->window));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autoptr(BylineStoryRef) fresh = byline_story_ref_new ();
  g_autoptr(BylineCachedStory) first = NULL;
  GtkTextIter iter;
  BylineBlock *block;
  GtkWidget *card;

  search_harbour (f);

  /* The cursor at the end of the first paragraph */
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 0);
  gtk_text_iter_forward_to_line_end (&iter);
  gtk_text_buffer_place_cursor (buffer, &iter);

  first = g_list_model_get_item (byline_related_search_get_results (byline_related_panel_get_search (f->panel)), 0);
  byline_related_panel_insert_card_result (f->panel, 0);
  g_assert_cmpuint (byline_article_get_n_blocks (f->article), ==, 3);
  block = byline_article_get_block (f->article, 1);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_CARD);
  g_assert_cmpstr (byline_story_ref_get_cms_id (byline_block_get_story_ref (block)), ==,
                   byline_cached_story_get_cms_id (first));
  /* Nothing else in the body moved */
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (f->article, 0)), ==,
                   "The harbour board met on Tuesday to plan the new quay.");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (f->article, 2)), ==,
                   "Work starts in spring and ends before the summer ferries.");

  card = card_widget_at (f, 1);
  g_assert_true (BYLINE_IS_RELATED_CARD (card));
  g_assert_true (gtk_widget_get_focusable (card));
  g_assert_null (byline_related_card_get_notice (BYLINE_RELATED_CARD (card)));

  /* A check found a new headline on the site: the card says so */
  byline_story_ref_set_headline (fresh, "Old harbour crane goes on show at the museum");
  byline_story_ref_set_section (fresh, "Coast");
  byline_story_ref_set_target (byline_block_get_story_ref (block), BYLINE_TARGET_STATE_UPDATED, fresh);
  g_assert_cmpstr (byline_related_card_get_notice (BYLINE_RELATED_CARD (card)), ==,
                   "Updated on the site — refresh card?");

  byline_ui_test_wait_for_frame (GTK_WIDGET (f->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (f->window), "related-card.png");

  /* Undo takes the card away, and only the card */
  g_test_message ("can undo: %d", gtk_text_buffer_get_can_undo (buffer));
  gtk_text_buffer_undo (buffer);
  g_assert_cmpuint (byline_article_get_n_blocks (f->article), ==, 2);
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (f->article, 1)), ==, BYLINE_BLOCK_PARAGRAPH);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (f->article, 0)), ==,
                   "The harbour board met on Tuesday to plan the new quay.");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (f->article, 1)), ==,
                   "Work starts in spring and ends before the summer ferries.");

  /* Redo puts the same card back */
  gtk_text_buffer_redo (buffer);
  g_assert_cmpuint (byline_article_get_n_blocks (f->article), ==, 3);
  block = byline_article_get_block (f->article, 1);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_CARD);
  g_assert_cmpstr (byline_story_ref_get_cms_id (byline_block_get_story_ref (block)), ==,
                   byline_cached_story_get_cms_id (first));
  g_assert_true (BYLINE_IS_RELATED_CARD (card_widget_at (f, 1)));

  /* Alt+Down moves it below the next paragraph; Ctrl+Z moves it back */
  g_assert_true (gtk_widget_activate_action (card_widget_at (f, 1), "card.move", "i", 1));
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (f->article, 2)), ==, BYLINE_BLOCK_CARD);
  g_assert_cmpuint (byline_article_get_n_blocks (f->article), ==, 3);
  gtk_text_buffer_undo (buffer);
  g_assert_cmpuint (byline_article_get_n_blocks (f->article), ==, 3);
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (f->article, 1)), ==, BYLINE_BLOCK_CARD);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (f->article, 2)), ==,
                   "Work starts in spring and ends before the summer ferries.");
}

/* The card's thumbnail shows a picture, not the placeholder. */
static gboolean
card_has_picture (gpointer data)
{
  GtkWidget *card = data;

  for (GtkWidget *widget = gtk_widget_get_first_child (card); widget != NULL;)
    {
      if (GTK_IS_IMAGE (widget) && gtk_widget_has_css_class (widget, "thumbnail"))
        return gtk_image_get_storage_type (GTK_IMAGE (widget)) == GTK_IMAGE_PAINTABLE;
      /* Depth first through the card's boxes */
      if (gtk_widget_get_first_child (widget) != NULL)
        widget = gtk_widget_get_first_child (widget);
      else
        {
          while (widget != card && gtk_widget_get_next_sibling (widget) == NULL)
            widget = gtk_widget_get_parent (widget);
          widget = widget != card ? gtk_widget_get_next_sibling (widget) : NULL;
        }
    }
  return FALSE;
}

/* A card in the body whose story's image is on the site shows the copy
 * the media store keeps of it, as the panel's results do, with no site
 * connected (it showed the placeholder before). */
static void
test_card_remote_image (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/byline/Byline/sample/harbour.png",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(BylineStoryRef) ref = byline_story_ref_new ();
  g_autoptr(BylineImage) image = byline_image_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *src = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (byline_article_editor_get_body_view (byline_window_get_editor (f->window)));
  GtkTextIter iter;
  GtkWidget *card;

  src = byline_store_add_media_sync (f->store, bytes, "lighthouse.png", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (byline_store_remember_remote_media_sync (f->store, REMOTE_PHOTO, src, &error));

  byline_story_ref_set_cms_id (ref, "504");
  byline_story_ref_set_url (ref, "https://gazette.example/?p=504");
  byline_story_ref_set_section (ref, "Coast");
  byline_story_ref_set_headline (ref, "Lighthouse keeper retires");
  byline_image_set_src (image, REMOTE_PHOTO);
  byline_image_set_alt (image, "The lighthouse on its rock");
  byline_story_ref_set_image (ref, image);
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 0);
  gtk_text_buffer_place_cursor (buffer, &iter);
  g_assert_true (byline_article_editor_insert_card (byline_window_get_editor (f->window), ref));

  card = card_widget_at (f, 1);
  g_assert_true (BYLINE_IS_RELATED_CARD (card));
  byline_ui_test_wait_until (card_has_picture, card, "the card's picture from the media store");
  byline_ui_test_wait_for_frame (GTK_WIDGET (f->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (f->window), "related-card-site-image.png");
}

static void
test_card_remove (Fixture       *f,
                  gconstpointer  data)
{
  GtkTextView *view = byline_article_editor_get_body_view (byline_window_get_editor (f->window));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter iter;
  GtkWidget *card;

  search_harbour (f);
  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_place_cursor (buffer, &iter);
  byline_related_panel_insert_card_result (f->panel, 1);
  g_assert_cmpuint (byline_article_get_n_blocks (f->article), ==, 3);
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (f->article, 2)), ==, BYLINE_BLOCK_CARD);

  /* The card's menu: Remove Card */
  card = card_widget_at (f, 2);
  g_assert_nonnull (card);
  g_assert_true (gtk_widget_activate_action (card, "card.remove", NULL));
  g_assert_cmpuint (byline_article_get_n_blocks (f->article), ==, 2);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (f->article, 1)), ==,
                   "Work starts in spring and ends before the summer ferries.");

  /* Ctrl+Z brings the card back, with its story; Ctrl+Shift+Z takes it
   * away again */
  gtk_text_buffer_undo (buffer);
  g_assert_cmpuint (byline_article_get_n_blocks (f->article), ==, 3);
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (f->article, 2)), ==, BYLINE_BLOCK_CARD);
  g_assert_nonnull (byline_block_get_story_ref (byline_article_get_block (f->article, 2)));
  g_assert_true (BYLINE_IS_RELATED_CARD (card_widget_at (f, 2)));
  gtk_text_buffer_redo (buffer);
  g_assert_cmpuint (byline_article_get_n_blocks (f->article), ==, 2);
}

static gboolean
has_suggestions (gpointer data)
{
  Fixture *f = data;

  return gtk_list_box_get_row_at_index (byline_related_panel_get_suggestions_list (f->panel), 0) != NULL;
}

typedef struct
{
  Fixture    *f;
  const char *id;
} OpenWait;

static gboolean
article_is_open (gpointer data)
{
  OpenWait *wait = data;
  BylineArticle *open = byline_article_editor_get_article (byline_window_get_editor (wait->f->window));

  return open != NULL && g_strcmp0 (byline_article_get_id (open), wait->id) == 0;
}

/* Suggestions are made for the panel on screen: a story opened while
 * another panel shows gets none computed until Related is shown (for a
 * long story each costs a worker's second and tens of megabytes). */
static void
test_suggestions_when_shown (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(BylineArticle) other = byline_article_new ();
  g_autoptr(BylineBlock) paragraph = byline_block_new_paragraph ("The museum paid for the old crane and its move.");
  g_autoptr(GError) error = NULL;
  GtkWidget *stack = gtk_widget_get_parent (GTK_WIDGET (f->panel));
  GtkWidget *elsewhere = gtk_widget_get_first_child (stack);
  OpenWait wait = { f, NULL };

  /* Shown since the fixture: the open story has its suggestions. */
  byline_ui_test_wait_until (has_suggestions, f, "suggestions for the open story");

  byline_article_set_headline (other, "Harbour crane goes to a museum");
  byline_article_append_block (other, paragraph);
  g_assert_true (byline_store_save_article_sync (f->store, other, NULL, &error));
  g_assert_no_error (error);

  if (elsewhere == GTK_WIDGET (f->panel))
    elsewhere = gtk_widget_get_next_sibling (elsewhere);
  gtk_stack_set_visible_child (GTK_STACK (stack), elsewhere);
  wait.id = byline_article_get_id (other);
  byline_window_open_article_id (f->window, wait.id);
  byline_ui_test_wait_until (article_is_open, &wait, "the second story to open");

  byline_ui_test_spin (BYLINE_RELATED_PANEL_SUGGEST_DELAY_MS + 700);
  g_assert_false (has_suggestions (f));

  gtk_stack_set_visible_child (GTK_STACK (stack), GTK_WIDGET (f->panel));
  byline_ui_test_wait_until (has_suggestions, f, "suggestions once the panel is shown");
  byline_ui_test_wait_for_frame (GTK_WIDGET (f->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (f->window), "related-suggestions.png");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", FALSE);

  byline_ui_test_isolate_dirs ("related-ui", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!byline_ui_test_init_gtk (TRUE))
    return g_test_run ();

  g_test_add ("/related-ui/suggestions-when-shown", Fixture, NULL, fixture_setup,
              test_suggestions_when_shown, fixture_teardown);
  g_test_add ("/related-ui/remote-thumbnail", Fixture, NULL, fixture_setup,
              test_remote_thumbnail, fixture_teardown);
  g_test_add ("/related-ui/results-keep-rows", Fixture, NULL, fixture_setup,
              test_results_keep_rows, fixture_teardown);
  g_test_add ("/related-ui/attach-reorder-remove", Fixture, NULL, fixture_setup,
              test_attach_reorder_remove, fixture_teardown);
  g_test_add ("/related-ui/insert-card-undo", Fixture, NULL, fixture_setup,
              test_insert_card_undo, fixture_teardown);
  g_test_add ("/related-ui/card-remote-image", Fixture, NULL, fixture_setup,
              test_card_remote_image, fixture_teardown);
  g_test_add ("/related-ui/card-remove", Fixture, NULL, fixture_setup,
              test_card_remove, fixture_teardown);

  return g_test_run ();
}
