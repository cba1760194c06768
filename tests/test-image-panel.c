/* test-image-panel.c: photos in the story and the Images panel, driven
 * through the window like a journalist would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <adwaita.h>
#include <gexiv2/gexiv2.h>

#include "model/byline-article-format.h"
#include "model/byline-image-flags.h"
#include "store/byline-media.h"
#include "byline-body-images.h"
#include "byline-image-suggestions.h"
#include "byline-spell-checker.h"
#include "byline-text-row.h"
#include "byline-ui-test-utils.h"
#include "byline-window.h"

typedef struct
{
  char         *dir;
  char         *photos;
  BylineStore  *store;
  BylineWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->store = byline_ui_test_store_new ("byline-images-XXXXXX", &fixture->dir);
  fixture->photos = g_build_filename (fixture->dir, "photos", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->photos, 0700), ==, 0);
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
  g_free (fixture->photos);
  g_free (fixture->dir);
}

/* A photo-like JPEG, @width wide, drawn here */
static char *
write_jpeg (const char *dir,
            const char *name,
            int         width,
            guint       seed)
{
  int height = width * 2 / 3;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  char *path = g_build_filename (dir, name, NULL);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guchar *p = pixels + y * stride + x * 3;
        gboolean sea = y > height / 2 + (int) (8 * seed) % 20;

        p[0] = sea ? 30 : (guchar) (200 - y * 100 / height);
        p[1] = sea ? (guchar) (90 + x * 40 / width) : (guchar) (150 + seed * 10);
        p[2] = sea ? 140 : 230;
      }
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "jpeg", &error, "quality", "85", NULL));
  g_assert_no_error (error);
  return path;
}

static void
tag_photo (const char *path)
{
  g_autoptr(GExiv2Metadata) metadata = gexiv2_metadata_new ();
  g_autoptr(GError) error = NULL;
  const char *tags[][2] = {
    { "Iptc.Application2.Byline", "Jane Example" },
    { "Iptc.Application2.Credit", "Northwind Photo Agency" },
    { "Iptc.Application2.Copyright", "© 2024 Northwind Photo Agency" },
    { "Iptc.Application2.Caption", "The morning ferry leaves the old harbour in fog" },
    { "Xmp.iptc.AltTextAccessibility", "A white ferry with a red funnel pulls away from a stone pier" },
    { "Exif.Photo.DateTimeOriginal", "2024:05:01 07:12:00" },
  };

  g_assert_true (gexiv2_metadata_open_path (metadata, path, &error));
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    g_assert_true (gexiv2_metadata_try_set_tag_string (metadata, tags[i][0], tags[i][1], &error));
  g_assert_true (gexiv2_metadata_save_file (metadata, path, &error));
  g_assert_no_error (error);
}

static BylineBlock *
image_block (BylineStore *store,
             const char  *path,
             const char  *caption)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *src = NULL;
  g_autoptr(BylineImage) image = byline_image_new ();
  BylineBlock *block = byline_block_new (BYLINE_BLOCK_IMAGE);
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  bytes = g_bytes_new (contents, len);
  src = byline_store_add_media_sync (store, bytes, "photo.jpg", NULL, &error);
  g_assert_no_error (error);
  byline_image_set_src (image, src);
  byline_image_set_caption (image, caption);
  byline_block_set_image (block, image);
  return block;
}

static BylineArticle *
store_story (Fixture *fixture,
             guint    n_images)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *photo = write_jpeg (fixture->photos, "pier.jpg", 640, 1);
  BylineArticle *article = byline_article_new ();

  byline_article_set_headline (article, "Ferry timetable changes next week");
  byline_article_set_section (article, "Harbour");
  for (guint i = 0; i < MAX (n_images, 1); i++)
    {
      g_autoptr(BylineBlock) p = byline_block_new_paragraph ("The harbour master said the winter timetable starts on Monday, "
                                                             "with the first crossing at a quarter past six.");

      byline_article_append_block (article, p);
      if (i < n_images)
        {
          g_autoptr(BylineBlock) block = image_block (fixture->store, photo,
                                                      "Repairs on the north pier, typed by the reporter");
          byline_article_append_block (article, block);
        }
    }
  {
    g_autoptr(BylineBlock) last = byline_block_new_paragraph ("Tickets cost four pounds.");
    byline_article_append_block (article, last);
  }
  g_assert_true (byline_store_save_article_sync (fixture->store, article, NULL, &error));
  g_assert_no_error (error);
  return article;
}

static gboolean
editor_has_article (gpointer data)
{
  return byline_article_editor_get_article (data) != NULL;
}

static BylineArticle *
open_window (Fixture       *fixture,
             BylineArticle *stored)
{
  BylineArticleEditor *editor;

  fixture->window = byline_window_new (NULL, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  byline_window_start (fixture->window, byline_article_get_id (stored));
  editor = byline_window_get_editor (fixture->window);
  byline_ui_test_wait_until (editor_has_article, editor, "the story");
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));

  /* The Images page of the sidebar */
  adw_flap_set_reveal_flap (byline_window_get_flap (fixture->window), TRUE);
  {
    GtkWidget *stack = gtk_widget_get_parent (GTK_WIDGET (byline_window_get_image_panel (fixture->window)));

    gtk_stack_set_visible_child_name (GTK_STACK (stack), "images");
  }
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  return byline_article_editor_get_article (editor);
}

typedef struct
{
  BylineArticle *article;
  guint          n;
} BlocksWait;

static gboolean
has_n_blocks (gpointer data)
{
  BlocksWait *wait = data;

  return byline_article_get_n_blocks (wait->article) == wait->n;
}

static gboolean
has_toast (gpointer data)
{
  return byline_window_get_last_toast (data) != NULL;
}

static gboolean
row_visible (GtkWidget *widget)
{
  return gtk_widget_get_visible (widget);
}

/* Caption and alt text are text rows (spell-checked), the credit an entry
 * row */
static const char *
entry_text (BylineImagePanel *panel,
            guint             card,
            const char       *field)
{
  GtkWidget *row = byline_image_panel_get_card_widget (panel, card, field);

  if (BYLINE_IS_TEXT_ROW (row))
    return byline_text_row_get_text (BYLINE_TEXT_ROW (row));
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_entry_text (GtkWidget  *row,
                const char *text)
{
  if (BYLINE_IS_TEXT_ROW (row))
    {
      /* As typed: select all, type over it */
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (byline_text_row_get_text_view (BYLINE_TEXT_ROW (row)));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_delete_interactive (buffer, &start, &end, TRUE);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE);
      gtk_text_buffer_end_user_action (buffer);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static GtkWidget *
find_button_by_tooltip (GtkWidget  *widget,
                        const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_by_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_insert_and_stay_consistent (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(BylineArticle) stored = store_story (fixture, 1);
  g_autofree char *photo = write_jpeg (fixture->photos, "ferry.jpg", 800, 2);
  g_autoptr(GFile) file = g_file_new_for_path (photo);
  BylineImagePanel *panel;
  BylineArticleEditor *editor;
  BylineArticle *article;
  GtkTextBuffer *buffer;
  BylineImage *inserted;
  BylineImage *typed;
  GtkTextIter iter;
  GtkWidget *caption_row;
  BlocksWait wait;

  tag_photo (photo);
  article = open_window (fixture, stored);
  editor = byline_window_get_editor (fixture->window);
  panel = byline_window_get_image_panel (fixture->window);
  buffer = gtk_text_view_get_buffer (byline_article_editor_get_body_view (editor));

  /* The story's one image, with the caption the reporter typed */
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 3);
  g_assert_cmpuint (byline_image_panel_get_n_cards (panel), ==, 1);
  typed = byline_image_panel_get_card_image (panel, 0);
  g_assert_cmpstr (entry_text (panel, 0, "caption"), ==, "Repairs on the north pier, typed by the reporter");

  /* Insert Image… with the cursor in the first paragraph: the chooser's
   * response calls this with the file chosen */
  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, 0, 10);
  gtk_text_buffer_place_cursor (buffer, &iter);
  byline_article_editor_insert_image_file (editor, file);
  wait = (BlocksWait) { article, 4 };
  byline_ui_test_wait_until (has_n_blocks, &wait, "the inserted image");

  /* A line of its own after the paragraph; the store keeps the copy */
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (article, 1)), ==, BYLINE_BLOCK_IMAGE);
  inserted = byline_block_get_image (byline_article_get_block (article, 1));
  g_assert_true (g_str_has_prefix (byline_image_get_src (inserted), "media/"));
  g_assert_true (g_str_has_suffix (byline_image_get_src (inserted), ".jpg"));

  /* The panel follows the body: two cards, in the body's order, numbered */
  g_assert_cmpuint (byline_image_panel_get_n_cards (panel), ==, 2);
  g_assert_true (byline_image_panel_get_card_image (panel, 0) == inserted);
  g_assert_true (byline_image_panel_get_card_image (panel, 1) == typed);
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (byline_image_panel_get_card_widget (panel, 1, "group"))),
                   ==, "Image 2");

  /* Prefilled from the photo, and marked so */
  g_assert_cmpstr (byline_image_get_caption (inserted), ==, "The morning ferry leaves the old harbour in fog");
  g_assert_cmpstr (byline_image_get_credit (inserted), ==, "© Northwind Photo Agency 2024 / Jane Example");
  g_assert_cmpstr (byline_image_get_alt (inserted), ==, "A white ferry with a red funnel pulls away from a stone pier");
  caption_row = byline_image_panel_get_card_widget (panel, 0, "caption");
  g_assert_cmpstr (entry_text (panel, 0, "credit"), ==, "© Northwind Photo Agency 2024 / Jane Example");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (caption_row)), ==, "Caption · from the photo");
  g_assert_true (row_visible (byline_image_panel_get_card_widget (panel, 0, "accept-credit")));
  /* The reporter's own caption was not touched */
  g_assert_cmpstr (byline_image_get_caption (typed), ==, "Repairs on the north pier, typed by the reporter");
  g_assert_false (byline_image_is_suggested (typed, "caption"));

  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "image-panel-inserted.png");

  /* Confirming the credit, editing the caption: no longer marked */
  g_signal_emit_by_name (byline_image_panel_get_card_widget (panel, 0, "accept-credit"), "clicked");
  g_assert_false (byline_image_is_suggested (inserted, "credit"));
  g_assert_false (row_visible (byline_image_panel_get_card_widget (panel, 0, "accept-credit")));
  set_entry_text (caption_row, "The 6.15 ferry leaves the harbour in fog on Monday");
  g_assert_cmpstr (byline_image_get_caption (inserted), ==, "The 6.15 ferry leaves the harbour in fog on Monday");
  g_assert_false (byline_image_is_suggested (inserted, "caption"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (caption_row)), ==, "Caption");

  /* Edits from elsewhere (the body's image, the model) show in the panel,
   * and the flags follow */
  byline_image_set_credit (typed, "");
  g_assert_true (row_visible (byline_image_panel_get_card_widget (panel, 1, "flag-1")));    /* no credit */
  g_assert_true (row_visible (byline_image_panel_get_card_widget (panel, 1, "flag-0")));    /* no alt */
  set_entry_text (byline_image_panel_get_card_widget (panel, 1, "credit"), "somebody took it");
  g_assert_cmpstr (byline_image_get_credit (typed), ==, "somebody took it");
  g_assert_false (row_visible (byline_image_panel_get_card_widget (panel, 1, "flag-1")));
  g_assert_true (row_visible (byline_image_panel_get_card_widget (panel, 1, "flag-3")));    /* not a credit */
  byline_image_set_credit (typed, "© Harbour Gazette 2026 / Tomas Sample");
  g_assert_cmpstr (entry_text (panel, 1, "credit"), ==, "© Harbour Gazette 2026 / Tomas Sample");
  g_assert_false (row_visible (byline_image_panel_get_card_widget (panel, 1, "flag-3")));
  byline_image_set_alt (typed, "Repairs on the north pier, typed by the reporter");
  g_assert_true (row_visible (byline_image_panel_get_card_widget (panel, 1, "flag-2")));    /* alt = caption */
  g_assert_false (row_visible (byline_image_panel_get_card_widget (panel, 1, "flag-0")));
  byline_image_set_alt (typed, "");
  gtk_switch_set_active (GTK_SWITCH (byline_image_panel_get_card_widget (panel, 1, "decorative")), TRUE);
  g_assert_true (byline_image_get_decorative (typed));
  g_assert_false (row_visible (byline_image_panel_get_card_widget (panel, 1, "flag-0")));
  for (guint i = 0; i < 5; i++)
    {
      char name[16];

      g_snprintf (name, sizeof name, "flag-%u", i);
      g_assert_cmpint (row_visible (byline_image_panel_get_card_widget (panel, 0, name)),
                       ==, (byline_image_get_flags (inserted) & (1u << i)) != 0);
    }

  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "image-panel-flags.png");

  /* Undo takes the inserted image out of the body and the panel; redo
   * brings the same image back, texts and all */
  g_assert_true (gtk_text_buffer_get_can_undo (buffer));
  gtk_text_buffer_undo (buffer);
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 3);
  g_assert_cmpuint (byline_image_panel_get_n_cards (panel), ==, 1);
  g_assert_true (byline_image_panel_get_card_image (panel, 0) == typed);
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (byline_image_panel_get_card_widget (panel, 0, "group"))),
                   ==, "Image 1");
  gtk_text_buffer_redo (buffer);
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 4);
  g_assert_cmpuint (byline_image_panel_get_n_cards (panel), ==, 2);
  g_assert_true (byline_block_get_image (byline_article_get_block (article, 1)) == inserted);
  g_assert_true (byline_image_panel_get_card_image (panel, 0) == inserted);
  g_assert_cmpstr (entry_text (panel, 0, "caption"), ==, "The 6.15 ferry leaves the harbour in fog on Monday");
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 1);
  g_assert_nonnull (gtk_text_iter_get_child_anchor (&iter));

  /* Show in the story: the body's cursor goes to the image */
  g_signal_emit_by_name (byline_image_panel_get_card_widget (panel, 1, "show"), "activated");
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_line (&iter), ==, 3);

  /* The image's own Remove button in the body takes it out */
  {
    GtkTextChildAnchor *anchor;
    GtkWidget **widgets;
    guint n_widgets;
    GtkWidget *remove;

    gtk_text_buffer_get_iter_at_line (buffer, &iter, 1);
    anchor = gtk_text_iter_get_child_anchor (&iter);
    widgets = gtk_text_child_anchor_get_widgets (anchor, &n_widgets);
    g_assert_cmpuint (n_widgets, ==, 1);
    remove = find_button_by_tooltip (widgets[0], "Remove image from the story");
    g_free (widgets);
    g_assert_nonnull (remove);
    g_signal_emit_by_name (remove, "clicked");
    g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 3);
    g_assert_cmpuint (byline_image_panel_get_n_cards (panel), ==, 1);
  }

  /* Undo of the removal brings back exactly what was removed, the same
   * image with its caption, and nothing else changes; redo removes it
   * again */
  gtk_text_buffer_undo (buffer);
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 4);
  g_assert_true (byline_block_get_image (byline_article_get_block (article, 1)) == inserted);
  g_assert_cmpstr (byline_image_get_caption (inserted), ==, "The 6.15 ferry leaves the harbour in fog on Monday");
  /* and the loaded image is still there, the same object */
  g_assert_true (byline_block_get_image (byline_article_get_block (article, 2)) == typed);
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (article, 0)), ==, BYLINE_BLOCK_PARAGRAPH);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 3)), ==, "Tickets cost four pounds.");
  g_assert_cmpuint (byline_image_panel_get_n_cards (panel), ==, 2);
  gtk_text_buffer_redo (buffer);   /* removed again */
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 3);
  g_assert_true (byline_block_get_image (byline_article_get_block (article, 1)) == typed);
  g_assert_cmpuint (byline_image_panel_get_n_cards (panel), ==, 1);
}

static void
test_refused_files (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BylineArticle) stored = store_story (fixture, 1);
  g_autofree char *whole = write_jpeg (fixture->photos, "whole.jpg", 400, 3);
  g_autofree char *half = g_build_filename (fixture->photos, "cut-off.jpg", NULL);
  g_autofree char *garbage = g_build_filename (fixture->photos, "scrambled.jpg", NULL);
  g_autofree char *pdf = g_build_filename (fixture->photos, "notes.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  BylineArticleEditor *editor;
  BylineArticle *article;
  const char *cases[][2] = {
    { NULL, "“notes.pdf” is not a JPEG, PNG or WebP image" },
    { NULL, "cut-off.jpg" },
    { NULL, "scrambled.jpg" },
  };
  gsize len = 0;

  g_assert_true (g_file_set_contents (pdf, "%PDF-1.4\n%%EOF\n", -1, NULL));
  g_assert_true (g_file_get_contents (whole, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (half, contents, len / 2, NULL));
  /* JPEG on the outside, nonsense inside: only decoding finds out */
  memset (contents + 200, 0x5a, len - 400);
  g_assert_true (g_file_set_contents (garbage, contents, len, NULL));
  cases[0][0] = pdf;
  cases[1][0] = half;
  cases[2][0] = garbage;

  article = open_window (fixture, stored);
  editor = byline_window_get_editor (fixture->window);
  before = byline_article_to_json (article, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (cases[i][0]);
      g_autofree char *after = NULL;
      AdwToast *toast;

      /* A toast per refusal, naming the file and the problem */
      {
        AdwToast *previous = byline_window_get_last_toast (fixture->window);

        byline_article_editor_insert_image_file (editor, file);
        while (byline_window_get_last_toast (fixture->window) == previous)
          g_main_context_iteration (NULL, TRUE);
      }
      toast = byline_window_get_last_toast (fixture->window);
      g_assert_nonnull (strstr (adw_toast_get_title (toast), cases[i][1]));

      /* Nothing changed in the story */
      after = byline_article_to_json (article, NULL);
      g_assert_cmpstr (after, ==, before);
    }
  g_assert_true (has_toast (fixture->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "image-refused-toast.png");
}

static gboolean
lead_is_set (gpointer data)
{
  BylineImage *lead = byline_article_get_lead_image (data);

  return lead != NULL && byline_image_get_src (lead) != NULL
         && g_str_has_prefix (byline_image_get_src (lead), "media/");
}

static void
test_lead_keeps_typed_text (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(BylineArticle) stored = store_story (fixture, 0);
  g_autofree char *photo = write_jpeg (fixture->photos, "lead.jpg", 1200, 4);
  g_autoptr(GFile) file = g_file_new_for_path (photo);
  g_autoptr(BylineImage) lead = byline_image_new ();
  BylineImagePanel *panel;
  BylineArticle *article;
  BylineImage *now;

  tag_photo (photo);
  /* The reporter wrote the lead image's caption before choosing a photo */
  byline_image_set_caption (lead, "Passengers wait for the first winter crossing");
  byline_article_set_lead_image (stored, lead);
  g_assert_true (byline_store_save_article_sync (fixture->store, stored, NULL, NULL));

  article = open_window (fixture, stored);
  panel = byline_window_get_image_panel (fixture->window);
  g_assert_cmpuint (byline_image_panel_get_n_cards (panel), ==, 1);
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (byline_image_panel_get_card_widget (panel, 0, "group"))),
                   ==, "Lead Image");

  byline_article_editor_set_lead_image_file (byline_window_get_editor (fixture->window), file);
  byline_ui_test_wait_until (lead_is_set, article, "the lead image");
  now = byline_article_get_lead_image (article);

  /* Typed text kept; empty fields from the photo */
  g_assert_cmpstr (byline_image_get_caption (now), ==, "Passengers wait for the first winter crossing");
  g_assert_false (byline_image_is_suggested (now, "caption"));
  g_assert_cmpstr (byline_image_get_credit (now), ==, "© Northwind Photo Agency 2024 / Jane Example");
  g_assert_true (byline_image_is_suggested (now, "credit"));
  g_assert_true (byline_image_panel_get_card_image (panel, 0) == now);
  g_assert_cmpstr (entry_text (panel, 0, "caption"), ==, "Passengers wait for the first winter crossing");

  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "image-panel-lead.png");
}

static gboolean
some_loaded (gpointer data)
{
  return byline_body_images_get_n_loaded (data) > 0;
}

typedef struct
{
  BylineBodyImages *images;
  guint             first;
} Started;

static gboolean
more_started (gpointer data)
{
  Started *started = data;

  return byline_body_images_get_n_started (started->images) > started->first;
}

typedef struct
{
  GtkTextView   *view;
  GtkAdjustment *adjustment;
} Scroller;

/* Scrolls on to the end (it grows as widgets come) until the last photo
 * of the body has its widget */
static gboolean
last_image_shown (gpointer data)
{
  Scroller *scroller = data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (scroller->view);
  GtkTextIter iter;

  gtk_adjustment_set_value (scroller->adjustment, gtk_adjustment_get_upper (scroller->adjustment));
  gtk_text_buffer_get_end_iter (buffer, &iter);
  do
    {
      GtkTextChildAnchor *anchor = gtk_text_iter_get_child_anchor (&iter);

      if (anchor != NULL)
        {
          guint n = 0;
          g_autofree GtkWidget **widgets = gtk_text_child_anchor_get_widgets (anchor, &n);

          return n > 0 && gtk_widget_get_mapped (widgets[0]);
        }
    }
  while (gtk_text_iter_backward_char (&iter));
  return FALSE;
}

/* A story with many photos makes widgets for, and decodes, only those
 * near the screen; the rest come as the journalist scrolls to them */
static void
test_lazy_thumbnails (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(BylineArticle) stored = store_story (fixture, 60);
  BylineBodyImages *images;
  BylineArticleEditor *editor;
  GtkAdjustment *adjustment;
  guint first, widgets;

  open_window (fixture, stored);
  editor = byline_window_get_editor (fixture->window);
  images = byline_article_editor_get_body_images (editor);
  byline_ui_test_wait_until (some_loaded, images, "the first thumbnails");
  byline_ui_test_spin (300);

  first = byline_body_images_get_n_started (images);
  g_test_message ("thumbnails started on open: %u of 60", first);
  g_assert_cmpuint (first, >, 0);
  g_assert_cmpuint (first, <, 20);
  widgets = byline_body_images_get_n_widgets (images);
  g_test_message ("image widgets made on open: %u of 60", widgets);
  g_assert_cmpuint (widgets, >=, first);
  g_assert_cmpuint (widgets, <, 30);

  /* Scrolling to the end makes and starts the ones there */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
                 gtk_widget_get_ancestor (GTK_WIDGET (byline_article_editor_get_body_view (editor)),
                                          GTK_TYPE_SCROLLED_WINDOW)));
  /* Waited for, not timed: under the sanitizers a frame takes longer. */
  byline_ui_test_wait_until (last_image_shown,
                             &(Scroller) { byline_article_editor_get_body_view (editor), adjustment },
                             "the last photo's widget");
  byline_ui_test_wait_until (more_started, &(Started) { images, first }, "the thumbnails at the end");
  byline_ui_test_spin (300);
  g_assert_cmpuint (byline_body_images_get_n_started (images), <, 60);
  g_assert_cmpuint (byline_body_images_get_n_widgets (images), <, 60);
}

/* Spelling in the Images panel: captions and alt text are checked by the
 * editor's own checker, in the article's language */

static gboolean
checker_settled (gpointer data)
{
  return !byline_spell_checker_get_busy (data);
}

static void
wait_spelling (BylineSpellChecker *checker)
{
  byline_ui_test_wait_until (checker_settled, checker, "the spell checker to finish");
  byline_ui_test_drain ();
}

static GtkTextView *
field_view (BylineImagePanel *panel,
            guint             card,
            const char       *field)
{
  GtkWidget *row = byline_image_panel_get_card_widget (panel, card, field);

  g_assert_true (BYLINE_IS_TEXT_ROW (row));
  return byline_text_row_get_text_view (BYLINE_TEXT_ROW (row));
}

/* Typed into the field as a journalist does: focus, select all, type */
static void
type_into (GtkTextView *view,
           const char  *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_select_range (buffer, &start, &end);
  gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE);
}

/* A text view as tall as its text at its width */
static gboolean
view_fits_text (gpointer data)
{
  GtkWidget *view = data;
  int natural;

  gtk_widget_measure (view, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (view),
                      NULL, &natural, NULL, NULL);
  return gtk_widget_get_width (view) > 0 && gtk_widget_get_height (view) == natural;
}

static gboolean
has_suggestion (gpointer data)
{
  GtkTextView *view = data;
  const char *wanted = g_object_get_data (G_OBJECT (view), "test-wanted");
  g_autoptr(GMenuModel) section = byline_ui_test_suggestions_section (view);

  for (int i = 0; i < g_menu_model_get_n_items (section); i++)
    {
      g_autofree char *label = NULL;

      if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &label)
          && g_str_equal (label, wanted))
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *
find_popover (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      return child;
  return NULL;
}

static gboolean
popover_shown (gpointer data)
{
  GtkWidget *popover = find_popover (data);

  return popover != NULL && gtk_widget_get_mapped (popover);
}

static void
test_spelling (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(BylineArticle) stored = store_story (fixture, 2);
  g_autoptr(GtkTextView) gone = NULL;
  BylineArticleEditor *editor;
  BylineSpellChecker *checker;
  BylineImagePanel *panel;
  BylineArticle *article;
  BylineImage *image;
  GtkTextView *caption, *alt, *other;
  GtkWidget *credit;
  g_autofree char *words = NULL;

  article = open_window (fixture, stored);
  editor = byline_window_get_editor (fixture->window);
  panel = byline_window_get_image_panel (fixture->window);
  checker = byline_article_editor_get_spell_checker (editor);
  g_assert_cmpuint (byline_image_panel_get_n_cards (panel), ==, 2);
  image = byline_image_panel_get_card_image (panel, 0);
  caption = field_view (panel, 0, "caption");
  alt = field_view (panel, 0, "alt");
  other = field_view (panel, 1, "caption");
  wait_spelling (checker);

  /* What the story brought is checked without typing: all correct */
  words = byline_ui_test_underlined_words (checker, caption);
  g_assert_cmpstr (words, ==, "");

  /* A misspelt word typed in the caption is underlined; the correct ones,
   * an address and a word in capitals are not */
  type_into (caption, "Crews repiar the north pier, see https://exampel.org and NASSA");
  wait_spelling (checker);
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (checker, caption);
  g_assert_cmpstr (words, ==, "repiar");
  g_assert_cmpstr (byline_image_get_caption (image), ==,
                   "Crews repiar the north pier, see https://exampel.org and NASSA");

  /* The alt text too; the word still being typed waits for the cursor to
   * leave it */
  type_into (alt, "A white ferry with a red funnel and a stone peir");
  wait_spelling (checker);
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (checker, alt);
  if (gtk_widget_has_focus (GTK_WIDGET (alt)))
    g_assert_cmpstr (words, ==, "");
  gtk_widget_grab_focus (GTK_WIDGET (caption));
  wait_spelling (checker);
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (checker, alt);
  g_assert_cmpstr (words, ==, "peir");
  /* Each field has its own underline: the other card's is untouched */
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (checker, other);
  g_assert_cmpstr (words, ==, "");

  /* The credit is names and agencies: never checked */
  credit = byline_image_panel_get_card_widget (panel, 0, "credit");
  g_assert_true (ADW_IS_ENTRY_ROW (credit));

  /* Text typed as the empty field opened: the row fits its two lines
   * (it once stayed as tall as a letter per line) */
  byline_ui_test_wait_until (view_fits_text, alt, "the alt text row to fit its text");
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "image-panel-spelling.png");

  /* The context menu's suggestion replaces the word, and the image's
   * caption follows */
  byline_ui_test_place_cursor_in (caption, "repiar");
  g_object_set_data (G_OBJECT (caption), "test-wanted", (gpointer) "repair");
  byline_ui_test_wait_until (has_suggestion, caption, "\"repair\" in the menu");
  /* The menu opens from the caption, as the Menu key does */
  gtk_widget_grab_focus (GTK_WIDGET (caption));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (caption), "menu.popup", NULL));
  byline_ui_test_wait_until (popover_shown, caption, "the context menu");
  byline_ui_test_save_screenshot (find_popover (GTK_WIDGET (caption)), "image-panel-spelling-menu.png");
  gtk_popover_popdown (GTK_POPOVER (find_popover (GTK_WIDGET (caption))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (caption), "spell.replace", "s", "repair"));
  g_assert_cmpstr (byline_image_get_caption (image), ==,
                   "Crews repair the north pier, see https://exampel.org and NASSA");
  g_assert_cmpstr (entry_text (panel, 0, "caption"), ==,
                   "Crews repair the north pier, see https://exampel.org and NASSA");
  wait_spelling (checker);
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (checker, caption);
  g_assert_cmpstr (words, ==, "");

  /* Ignore and Add to Dictionary work there as in the body */
  byline_ui_test_place_cursor_in (alt, "peir");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (alt), "spell.ignore", NULL));
  wait_spelling (checker);
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (checker, alt);
  g_assert_cmpstr (words, ==, "");
  type_into (other, "Captain Marrowfax waits on the pier");
  wait_spelling (checker);
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (checker, other);
  g_assert_cmpstr (words, ==, "Marrowfax");
  byline_ui_test_place_cursor_in (other, "Marrowfax");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (other), "spell.add", NULL));
  wait_spelling (checker);
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (checker, other);
  g_assert_cmpstr (words, ==, "");

  /* An edit of the model shows in the field and is checked */
  byline_image_set_caption (image, "The harbour in fgo");
  g_assert_cmpstr (entry_text (panel, 0, "caption"), ==, "The harbour in fgo");
  wait_spelling (checker);
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (checker, caption);
  g_assert_cmpstr (words, ==, "harbour fgo");

  /* A card that goes is no longer checked */
  gone = g_object_ref (other);
  {
    GtkTextBuffer *body = gtk_text_view_get_buffer (byline_article_editor_get_body_view (editor));
    g_autoptr(BylineBlock) block = g_object_ref (byline_article_get_block (article, 3));
    GtkTextIter start, end;

    g_assert_true (byline_block_get_image (block) == byline_image_panel_get_card_image (panel, 1));
    gtk_text_buffer_get_iter_at_line (body, &start, 3);
    end = start;
    gtk_text_iter_forward_line (&end);
    gtk_text_buffer_delete (body, &start, &end);
  }
  g_assert_cmpuint (byline_image_panel_get_n_cards (panel), ==, 1);
  g_assert_null (byline_spell_checker_get_tag (checker, gone));
  g_assert_nonnull (byline_spell_checker_get_tag (checker, caption));
}

/* The lead image's caption and alt text in the editor's own header (the
 * folded "Lead Image" row) are checked too, and edit the same image */
static void
test_spelling_lead_header (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BylineArticle) stored = store_story (fixture, 0);
  g_autoptr(BylineImage) lead = byline_image_new ();
  BylineArticleEditor *editor;
  BylineSpellChecker *checker;
  BylineArticle *article;
  GtkTextView *caption, *alt;
  g_autofree char *words = NULL;

  byline_image_set_caption (lead, "Passengers wait for the first winter crossing");
  byline_article_set_lead_image (stored, lead);
  g_assert_true (byline_store_save_article_sync (fixture->store, stored, NULL, NULL));
  article = open_window (fixture, stored);
  editor = byline_window_get_editor (fixture->window);
  checker = byline_article_editor_get_spell_checker (editor);
  byline_article_editor_show_lead_image (editor);

  caption = byline_text_row_get_text_view (BYLINE_TEXT_ROW (byline_article_editor_get_lead_image_entry (editor, "caption")));
  alt = byline_text_row_get_text_view (BYLINE_TEXT_ROW (byline_article_editor_get_lead_image_entry (editor, "alt")));
  wait_spelling (checker);
  words = byline_ui_test_underlined_words (checker, caption);
  g_assert_cmpstr (words, ==, "");

  type_into (caption, "Pasengers wait for the first winter crossing");
  gtk_widget_grab_focus (GTK_WIDGET (alt));
  wait_spelling (checker);
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (checker, caption);
  g_assert_cmpstr (words, ==, "Pasengers");
  g_assert_cmpstr (byline_image_get_caption (byline_article_get_lead_image (article)), ==,
                   "Pasengers wait for the first winter crossing");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (gtk_widget_get_ancestor (GTK_WIDGET (caption),
                                                                                          ADW_TYPE_EXPANDER_ROW))),
                   ==, "Pasengers wait for the first winter crossing");

  type_into (alt, "A queue of pasengers on the quay");
  gtk_widget_grab_focus (GTK_WIDGET (caption));
  wait_spelling (checker);
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (checker, alt);
  g_assert_cmpstr (words, ==, "pasengers");
  g_assert_cmpstr (byline_image_get_alt (byline_article_get_lead_image (article)), ==,
                   "A queue of pasengers on the quay");

  byline_ui_test_wait_until (view_fits_text, alt, "the alt text row to fit its text");
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "lead-image-spelling.png");
}

/* A Russian story: its captions are checked in Russian */
static void
test_spelling_russian (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BylineArticle) stored = store_story (fixture, 1);
  BylineSpellChecker *checker;
  BylineImagePanel *panel;
  GtkTextView *caption;
  g_autofree char *words = NULL;

  byline_article_set_language (stored, "ru");
  g_assert_true (byline_store_save_article_sync (fixture->store, stored, NULL, NULL));
  open_window (fixture, stored);
  panel = byline_window_get_image_panel (fixture->window);
  checker = byline_article_editor_get_spell_checker (byline_window_get_editor (fixture->window));
  g_assert_cmpstr (byline_spell_checker_get_language (checker), ==, "ru");
  caption = field_view (panel, 0, "caption");

  type_into (caption, "Паром отходит от причала, мэр говорит превет жителям");
  gtk_widget_grab_focus (GTK_WIDGET (byline_article_editor_get_body_view (byline_window_get_editor (fixture->window))));
  wait_spelling (checker);
  words = byline_ui_test_underlined_words (checker, caption);
  g_assert_cmpstr (words, ==, "превет");

  byline_ui_test_place_cursor_in (caption, "превет");
  g_object_set_data (G_OBJECT (caption), "test-wanted", (gpointer) "привет");
  byline_ui_test_wait_until (has_suggestion, caption, "\"привет\" in the menu");
}

/* One paragraph: line breaks typed or pasted become spaces */
static void
test_caption_one_paragraph (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(BylineArticle) stored = store_story (fixture, 1);
  BylineImagePanel *panel;
  BylineImage *image;
  GtkTextView *caption;
  GtkTextBuffer *buffer;
  GtkTextIter end;

  open_window (fixture, stored);
  panel = byline_window_get_image_panel (fixture->window);
  image = byline_image_panel_get_card_image (panel, 0);
  caption = field_view (panel, 0, "caption");
  buffer = gtk_text_view_get_buffer (caption);

  type_into (caption, "The pier\r\nin fog\n\non Monday\n");
  g_assert_cmpstr (byline_image_get_caption (image), ==, "The pier in fog on Monday");
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, 1);

  /* Enter at the end (as the view inserts it) adds nothing */
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "\n", -1, TRUE);
  g_assert_cmpstr (byline_image_get_caption (image), ==, "The pier in fog on Monday");

  /* Ctrl+Z in the caption undoes typing, never what came from the model */
  byline_image_set_caption (image, "Set elsewhere");
  g_assert_cmpstr (entry_text (panel, 0, "caption"), ==, "Set elsewhere");
  while (gtk_text_buffer_get_can_undo (buffer))
    gtk_text_buffer_undo (buffer);
  g_assert_cmpstr (byline_image_get_caption (image), ==, "Set elsewhere");
}

static GtkWidget *
focus_of (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->window));
}

/* Presses Enter in @view as far as Byline's own key handlers go: those
 * that run before the text view's */
static void
press_enter (GtkTextView *view)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller)
          && gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Return, 0, 0, &handled);
    }
}

/* Tab reaches caption, credit and alt text in turn, an empty one too
 * (shown as its title only until it has the focus); Enter moves on */
static void
test_caption_keyboard (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BylineArticle) stored = store_story (fixture, 1);
  BylineImagePanel *panel;
  BylineImage *image;
  GtkTextView *caption, *alt;
  GtkWidget *credit, *show;

  open_window (fixture, stored);
  panel = byline_window_get_image_panel (fixture->window);
  image = byline_image_panel_get_card_image (panel, 0);
  caption = field_view (panel, 0, "caption");
  alt = field_view (panel, 0, "alt");
  credit = byline_image_panel_get_card_widget (panel, 0, "credit");
  show = byline_image_panel_get_card_widget (panel, 0, "show");

  byline_image_set_caption (image, "");
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (caption)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (alt)));
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "image-panel-empty-fields.png");

  gtk_widget_grab_focus (show);
  g_assert_true (focus_of (fixture) == show);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_of (fixture) == GTK_WIDGET (caption));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (caption)));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_widget_is_ancestor (focus_of (fixture), credit));
  /* The empty caption folds back to its title */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (caption)));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_of (fixture) == GTK_WIDGET (alt));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_BACKWARD));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_BACKWARD));
  g_assert_true (focus_of (fixture) == GTK_WIDGET (caption));

  /* Enter goes on to the credit and adds no line */
  type_into (caption, "Fog over the harbour");
  press_enter (caption);
  g_assert_true (gtk_widget_is_ancestor (focus_of (fixture), credit));
  g_assert_cmpstr (byline_image_get_caption (image), ==, "Fog over the harbour");

  /* "Edit caption…" in the body comes to the caption's text */
  gtk_widget_grab_focus (show);
  g_assert_true (byline_image_panel_focus_image (panel, image));
  g_assert_true (focus_of (fixture) == GTK_WIDGET (caption));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", FALSE);

  byline_ui_test_isolate_dirs ("image-panel", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!byline_ui_test_init_gtk (TRUE))
    return g_test_run ();

  g_test_add ("/image-panel/insert-and-stay-consistent", Fixture, NULL, fixture_set_up,
              test_insert_and_stay_consistent, fixture_tear_down);
  g_test_add ("/image-panel/refused-files", Fixture, NULL, fixture_set_up, test_refused_files, fixture_tear_down);
  g_test_add ("/image-panel/lead-keeps-typed-text", Fixture, NULL, fixture_set_up,
              test_lead_keeps_typed_text, fixture_tear_down);
  g_test_add ("/image-panel/lazy-thumbnails", Fixture, NULL, fixture_set_up, test_lazy_thumbnails, fixture_tear_down);
  g_test_add ("/image-panel/spelling", Fixture, NULL, fixture_set_up, test_spelling, fixture_tear_down);
  g_test_add ("/image-panel/spelling-lead-header", Fixture, NULL, fixture_set_up,
              test_spelling_lead_header, fixture_tear_down);
  g_test_add ("/image-panel/spelling-russian", Fixture, NULL, fixture_set_up,
              test_spelling_russian, fixture_tear_down);
  g_test_add ("/image-panel/caption-one-paragraph", Fixture, NULL, fixture_set_up,
              test_caption_one_paragraph, fixture_tear_down);
  g_test_add ("/image-panel/caption-keyboard", Fixture, NULL, fixture_set_up,
              test_caption_keyboard, fixture_tear_down);

  return g_test_run ();
}
