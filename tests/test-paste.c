/* test-paste.c: HTML and text pasted from the real clipboard into the
 * real window become the article's blocks, and Ctrl+Z takes them back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "byline-ui-test-utils.h"
#include "byline-window.h"

typedef struct
{
  char          *dir;
  BylineStore   *store;
  BylineWindow  *window;
  BylineArticle *article;
} Fixture;

/* As a news site's page puts it on the clipboard: text, a figure with
 * its caption, a quote, and things that must not come along */
static const char news_html[] =
  "<meta charset=\"utf-8\">"
  "<p>The ferry <b>Skarv</b> returns to the <a href=\"https://example.org/route\">island route</a> in May.</p>"
  "<script>alert('x')</script>"
  "<figure><img src=\"https://images.example.org/skarv.jpg\" alt=\"A red ferry at the quay\" onerror=\"alert(1)\">"
  "<figcaption>The Skarv at Nordvik quay. <span class=\"credit\">\xc2\xa9 Test Agency 2026</span></figcaption></figure>"
  "<h2>Timetable</h2>"
  "<blockquote><p>Two crossings a day is what we asked for.</p><footer>\xe2\x80\x94 Ina Dahl, mayor</footer></blockquote>"
  "<img src=\"https://track.example.net/p.gif\" width=\"1\" height=\"1\">";

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineBlock) first = byline_block_new_paragraph ("Harbour news from the north.");
  g_autoptr(BylineBlock) second = byline_block_new_paragraph ("More on Monday.");

  fixture->store = byline_ui_test_store_new ("byline-paste-XXXXXX", &fixture->dir);
  fixture->article = byline_article_new ();
  byline_article_set_headline (fixture->article, "Ferry returns");
  byline_article_append_block (fixture->article, first);
  byline_article_append_block (fixture->article, second);
  byline_store_save_article_sync (fixture->store, fixture->article, NULL, &error);
  g_assert_no_error (error);

  fixture->window = byline_window_new (NULL, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 760);
  gtk_window_present (GTK_WINDOW (fixture->window));
  byline_window_start (fixture->window, byline_article_get_id (fixture->article));
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

static gboolean
editor_has_article (gpointer data)
{
  return byline_article_editor_get_article (data) != NULL;
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
  byline_ui_test_wait_until (autosave_settled, byline_window_get_editor (fixture->window), "the last save");
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  byline_ui_test_drain ();
  byline_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->article);
  g_free (fixture->dir);
}

static BylineArticle *
open_article (Fixture *fixture)
{
  BylineArticleEditor *editor = byline_window_get_editor (fixture->window);

  byline_ui_test_wait_until (editor_has_article, editor, "the article");
  return byline_article_editor_get_article (editor);
}

static void
set_clipboard (GtkWidget  *widget,
               const char *mime_type,
               const char *data,
               gssize      length)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  g_autoptr(GBytes) bytes = g_bytes_new (data, length < 0 ? strlen (data) : (gsize) length);
  g_autoptr(GdkContentProvider) provider = gdk_content_provider_new_for_bytes (mime_type, bytes);

  g_assert_true (gdk_clipboard_set_content (clipboard, provider));
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

static void
wait_for_blocks (BylineArticle *article,
                 guint          n,
                 const char    *what)
{
  BlocksWait wait = { article, n };

  byline_ui_test_wait_until (has_n_blocks, &wait, what);
}

/* Ctrl+V: the text view's paste, as its shortcut and its menu call it */
static void
press_paste (GtkTextView *view)
{
  gtk_widget_grab_focus (GTK_WIDGET (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "clipboard.paste", NULL));
}

static void
place_cursor (GtkTextView *view,
              guint        line,
              int          offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
  if (offset < 0)
    gtk_text_iter_forward_to_line_end (&iter);
  else
    gtk_text_iter_set_line_offset (&iter, offset);
  gtk_text_buffer_place_cursor (buffer, &iter);
}

static void
test_paste_html (Fixture       *fixture,
                 gconstpointer  data)
{
  BylineArticleEditor *editor = byline_window_get_editor (fixture->window);
  BylineArticle *article = open_article (fixture);
  GtkTextView *body = byline_article_editor_get_body_view (editor);
  g_autofree char *before = NULL;
  BylineBlock *block;
  BylineImage *image;
  const BylineMark *marks;
  guint n = 0;

  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 2);

  set_clipboard (GTK_WIDGET (body), "text/html", news_html, -1);
  /* After the first paragraph */
  place_cursor (body, 0, -1);
  press_paste (body);
  wait_for_blocks (article, 5, "the pasted blocks");

  /* The first pasted paragraph joined the line it was pasted into */
  block = byline_article_get_block (article, 0);
  g_assert_cmpstr (byline_block_get_text (block), ==,
                   "Harbour news from the north.The ferry Skarv returns to the island route in May.");
  marks = byline_block_get_marks (block, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (marks[0].kind, ==, BYLINE_MARK_BOLD);
  g_assert_cmpint (marks[1].kind, ==, BYLINE_MARK_LINK);
  g_assert_cmpstr (marks[1].href, ==, "https://example.org/route");

  block = byline_article_get_block (article, 1);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_IMAGE);
  image = byline_block_get_image (block);
  g_assert_cmpstr (byline_image_get_src (image), ==, "https://images.example.org/skarv.jpg");
  g_assert_cmpstr (byline_image_get_alt (image), ==, "A red ferry at the quay");
  g_assert_cmpstr (byline_image_get_caption (image), ==, "The Skarv at Nordvik quay.");
  g_assert_cmpstr (byline_image_get_credit (image), ==, "\xc2\xa9 Test Agency 2026");
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (article, 2)), ==, BYLINE_BLOCK_SUBHEADING);
  block = byline_article_get_block (article, 3);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_QUOTE);
  g_assert_cmpstr (byline_block_get_attribution (block), ==, "Ina Dahl, mayor");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 4)), ==, "More on Monday.");

  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "paste-html");

  /* Ctrl+Z: the whole paste goes in one step */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (body), "text.undo", NULL));
  wait_for_blocks (article, 2, "the paste undone");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 0)), ==,
                   "Harbour news from the north.");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 1)), ==, "More on Monday.");

  /* Ctrl+Shift+Z: back, the image with its texts */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (body), "text.redo", NULL));
  wait_for_blocks (article, 5, "the paste redone");
  image = byline_block_get_image (byline_article_get_block (article, 1));
  g_assert_cmpstr (byline_image_get_caption (image), ==, "The Skarv at Nordvik quay.");
}

static gboolean
headline_pasted (gpointer data)
{
  return g_str_has_suffix (byline_article_get_headline (data), "May");
}

static void
test_paste_text_and_lines (Fixture       *fixture,
                           gconstpointer  data)
{
  BylineArticleEditor *editor = byline_window_get_editor (fixture->window);
  BylineArticle *article = open_article (fixture);
  GtkTextView *body = byline_article_editor_get_body_view (editor);
  GtkTextView *headline = byline_article_editor_get_headline_view (editor);

  /* Plain text: paragraphs on blank lines, at the start of a paragraph */
  set_clipboard (GTK_WIDGET (body), "text/plain;charset=utf-8",
                 "First pasted paragraph.\n\nSecond one,\nwrapped.\n", -1);
  place_cursor (body, 1, 0);
  press_paste (body);
  wait_for_blocks (article, 3, "the pasted text");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 1)), ==,
                   "First pasted paragraph.");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 2)), ==,
                   "Second one, wrapped.More on Monday.");

  /* Into the headline: one line, whatever was pasted */
  set_clipboard (GTK_WIDGET (headline), "text/plain;charset=utf-8", "Ferry\nreturns in May", -1);
  place_cursor (headline, 0, -1);
  press_paste (headline);
  byline_ui_test_wait_until (headline_pasted, article, "the pasted headline");
  g_assert_cmpstr (byline_article_get_headline (article), ==, "Ferry returnsFerry returns in May");
}

static gboolean
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (find_label (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
window_shows_failure (gpointer data)
{
  return find_label (data, "Nothing was pasted");
}

/* HTML that is not text: a toast says so, and nothing changes */
static void
test_paste_fails (Fixture       *fixture,
                  gconstpointer  data)
{
  BylineArticleEditor *editor = byline_window_get_editor (fixture->window);
  BylineArticle *article = open_article (fixture);
  GtkTextView *body = byline_article_editor_get_body_view (editor);
  g_autoptr(BylineArticle) before = byline_article_copy (article);

  set_clipboard (GTK_WIDGET (body), "text/html", "<p>broken \xff\xfe bytes</p>", -1);
  place_cursor (body, 0, 3);
  press_paste (body);
  byline_ui_test_wait_until (window_shows_failure, fixture->window, "the toast");
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "paste-failed");
  g_assert_true (byline_article_equal (article, before));
  g_assert_false (gtk_text_buffer_get_can_undo (gtk_text_view_get_buffer (body)));
}

/* A picture on the clipboard (copied from an image viewer or a browser's
 * "Copy Image"): an image block at the cursor, Byline's own copy stored */
static void
test_paste_image (Fixture       *fixture,
                  gconstpointer  data)
{
  BylineArticleEditor *editor = byline_window_get_editor (fixture->window);
  BylineArticle *article = open_article (fixture);
  GtkTextView *body = byline_article_editor_get_body_view (editor);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (body));
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 48);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkContentProvider) provider = NULL;
  guint n = byline_article_get_n_blocks (article);
  BylineBlock *block;

  gdk_pixbuf_fill (pixbuf, 0x2a6f97ff);
  texture = gdk_texture_new_for_pixbuf (pixbuf);
  provider = gdk_content_provider_new_typed (GDK_TYPE_TEXTURE, texture);
  g_assert_true (gdk_clipboard_set_content (clipboard, provider));

  place_cursor (body, 0, -1);
  press_paste (body);
  wait_for_blocks (article, n + 1, "the pasted picture");

  block = byline_article_get_block (article, 1);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_IMAGE);
  g_assert_true (g_str_has_prefix (byline_image_get_src (byline_block_get_image (block)), "media/"));
  g_assert_true (g_str_has_suffix (byline_image_get_src (byline_block_get_image (block)), ".png"));

  /* One step back takes it out again */
  gtk_text_buffer_undo (gtk_text_view_get_buffer (body));
  wait_for_blocks (article, n, "the picture undone");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", FALSE);

  byline_ui_test_isolate_dirs ("paste", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!byline_ui_test_init_gtk (TRUE))
    return g_test_run ();

  g_test_add ("/paste/html", Fixture, NULL, fixture_set_up, test_paste_html, fixture_tear_down);
  g_test_add ("/paste/text-and-lines", Fixture, NULL, fixture_set_up, test_paste_text_and_lines, fixture_tear_down);
  g_test_add ("/paste/image", Fixture, NULL, fixture_set_up, test_paste_image, fixture_tear_down);
  g_test_add ("/paste/fails", Fixture, NULL, fixture_set_up, test_paste_fails, fixture_tear_down);

  return g_test_run ();
}
