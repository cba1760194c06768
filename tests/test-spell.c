/* test-spell.c: spelling in the editor's text views, with the system's
 * real hunspell dictionaries (en_US, ru_RU)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "byline-article-editor.h"
#include "byline-spell-checker-private.h"
#include "byline-spell-dictionary.h"
#include "byline-ui-test-utils.h"

typedef struct
{
  GtkWidget          *window;
  GtkTextView        *view;
  BylineSpellChecker *checker;
} Fixture;

static gboolean
checker_settled (gpointer data)
{
  BylineSpellChecker *checker = data;

  return !byline_spell_checker_get_busy (checker);
}

static void
wait_settled (BylineSpellChecker *checker)
{
  byline_ui_test_wait_until (checker_settled, checker, "the spell checker to finish");
  byline_ui_test_drain ();
}

static void
fixture_open (Fixture    *fixture,
              const char *language,
              const char *text)
{
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 640, 300);
  fixture->view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (fixture->view, GTK_WRAP_WORD_CHAR);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (fixture->view), text, -1);
  gtk_window_present (GTK_WINDOW (fixture->window));

  fixture->checker = byline_spell_checker_new ();
  byline_spell_checker_set_language (fixture->checker, language);
  byline_spell_checker_attach (fixture->checker, fixture->view);
  wait_settled (fixture->checker);
}

static void
fixture_close (Fixture *fixture)
{
  g_clear_object (&fixture->checker);
  g_clear_pointer ((GtkWindow **) &fixture->window, gtk_window_destroy);
  byline_ui_test_drain ();
}

static gboolean
has_suggestions (gpointer data)
{
  g_autoptr(GMenuModel) section = byline_ui_test_suggestions_section (data);

  return g_menu_model_get_n_items (section) > 0;
}

/* The labels of the menu's suggestions */
static char *
suggestions_text (GtkTextView *view)
{
  g_autoptr(GMenuModel) section = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  byline_ui_test_wait_until (has_suggestions, view, "suggestions");
  section = byline_ui_test_suggestions_section (view);
  for (int i = 0; i < g_menu_model_get_n_items (section); i++)
    {
      g_autofree char *label = NULL;

      g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, label);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_english (void)
{
  Fixture fixture = { 0 };
  g_autofree char *words = NULL;
  g_autofree char *suggestions = NULL;
  g_autofree char *text = NULL;
  const char *original =
    "We recieve letters from https://exampel.org/pagez and from someone@exampel.org.\n"
    "The NASSA probe, the A4B trial and the harbour ferry: teh end.";

  fixture_open (&fixture, "en", original);

  /* Misspelt words only; no address, acronym or word with digits.
   * "en" is American English: "harbour" is British */
  words = byline_ui_test_underlined_words (fixture.checker, fixture.view);
  g_assert_cmpstr (words, ==, "recieve harbour teh");

  /* The menu on "recieve": the right word among at most five */
  byline_ui_test_place_cursor_in (fixture.view, "recieve");
  suggestions = suggestions_text (fixture.view);
  g_test_message ("Suggestions for \"recieve\": %s", suggestions);
  g_assert_nonnull (strstr (suggestions, "receive"));
  {
    g_auto(GStrv) each = g_strsplit (suggestions, " ", -1);
    g_assert_cmpuint (g_strv_length (each), <=, 5);
  }

  /* Choosing it replaces the word, as one step of undo */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "spell.replace", "s", "receive"));
  text = view_text (fixture.view);
  g_assert_nonnull (strstr (text, "We receive letters"));
  wait_settled (fixture.checker);
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (fixture.checker, fixture.view);
  g_assert_cmpstr (words, ==, "harbour teh");

  gtk_text_buffer_undo (gtk_text_view_get_buffer (fixture.view));
  g_clear_pointer (&text, g_free);
  text = view_text (fixture.view);
  g_assert_cmpstr (text, ==, original);

  fixture_close (&fixture);
}

static void
test_british (void)
{
  Fixture fixture = { 0 };
  g_autofree char *words = NULL;

  fixture_open (&fixture, "en-GB", "The harbour master's colour chart, and the color of teh sea.");
  words = byline_ui_test_underlined_words (fixture.checker, fixture.view);
  g_assert_cmpstr (words, ==, "color teh");
  fixture_close (&fixture);
}

static void
test_russian (void)
{
  Fixture fixture = { 0 };
  g_autofree char *words = NULL;
  g_autofree char *suggestions = NULL;

  fixture_open (&fixture, "ru",
                "Мы говорим превет соседям, а мэр сказал «привет» жителям. Сайт https://пример.рф и МЧС.");
  words = byline_ui_test_underlined_words (fixture.checker, fixture.view);
  g_assert_cmpstr (words, ==, "превет");

  byline_ui_test_place_cursor_in (fixture.view, "превет");
  suggestions = suggestions_text (fixture.view);
  g_test_message ("Suggestions for \"превет\": %s", suggestions);
  g_assert_nonnull (strstr (suggestions, "привет"));

  fixture_close (&fixture);
}

static gboolean
got_missing (gpointer data)
{
  return *(guint *) data > 0;
}

static void
on_missing (BylineSpellChecker *checker,
            const char         *language,
            guint              *count)
{
  g_assert_cmpstr (language, ==, "xx-YY");
  (*count)++;
}

static void
test_missing_dictionary (void)
{
  Fixture fixture = { 0 };
  g_autofree char *words = NULL;
  guint missing = 0;

  fixture_open (&fixture, "en", "Teh first line.");
  g_signal_connect (fixture.checker, "dictionary-missing", G_CALLBACK (on_missing), &missing);

  byline_spell_checker_set_language (fixture.checker, "xx-YY");
  byline_ui_test_wait_until (got_missing, &missing, "the missing dictionary");
  wait_settled (fixture.checker);
  /* Nothing underlined in a language we cannot check, and typing goes on */
  words = byline_ui_test_underlined_words (fixture.checker, fixture.view);
  g_assert_cmpstr (words, ==, "");
  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (fixture.view), "Mroe ", -1);
  wait_settled (fixture.checker);

  /* Said once */
  byline_spell_checker_set_language (fixture.checker, "en");
  wait_settled (fixture.checker);
  byline_spell_checker_set_language (fixture.checker, "xx-YY");
  wait_settled (fixture.checker);
  byline_ui_test_spin (100);
  g_assert_cmpuint (missing, ==, 1);

  /* Back in English, it checks again */
  byline_spell_checker_set_language (fixture.checker, "en");
  wait_settled (fixture.checker);
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (fixture.checker, fixture.view);
  g_assert_cmpstr (words, ==, "Teh Mroe");

  fixture_close (&fixture);
}

static gboolean
file_has_word (gpointer data)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "enchant", "en_US.dic", NULL);
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, data) != NULL;
}

static void
test_personal_dictionary (void)
{
  Fixture fixture = { 0 };
  g_autofree char *words = NULL;

  fixture_open (&fixture, "en", "Commissioner Quillsby and Marrowfax met today.");
  words = byline_ui_test_underlined_words (fixture.checker, fixture.view);
  g_assert_cmpstr (words, ==, "Quillsby Marrowfax");

  /* Add one name, ignore the other */
  byline_ui_test_place_cursor_in (fixture.view, "Quillsby");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "spell.add", NULL));
  byline_ui_test_place_cursor_in (fixture.view, "Marrowfax");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "spell.ignore", NULL));
  byline_ui_test_wait_until (file_has_word, (gpointer) "Quillsby", "the personal word list");
  wait_settled (fixture.checker);
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (fixture.checker, fixture.view);
  g_assert_cmpstr (words, ==, "");
  fixture_close (&fixture);

  /* A new checker, as after a restart: the added word is still known (the
   * test's own XDG_CONFIG_HOME), the ignored one is not */
  fixture_open (&fixture, "en", "Marrowfax thanked Quillsby.");
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (fixture.checker, fixture.view);
  g_assert_cmpstr (words, ==, "Marrowfax");
  fixture_close (&fixture);
}

static void
test_typing (void)
{
  Fixture fixture = { 0 };
  g_autofree char *words = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  guint before;

  /* Three paragraphs of 5, 7 and 6 words */
  fixture_open (&fixture, "en",
                "The ferry left at dawn.\n"
                "Residents waited on the pier for news.\n"
                "The mayor said nothing at all.");
  buffer = gtk_text_view_get_buffer (fixture.view);
  gtk_widget_grab_focus (GTK_WIDGET (fixture.view));
  byline_ui_test_drain ();

  /* An edit at the end of the second paragraph rechecks that paragraph:
   * its seven words and the one typed, and nothing else */
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 1);
  gtk_text_iter_forward_to_line_end (&iter);
  gtk_text_buffer_place_cursor (buffer, &iter);
  /* (The cursor left the end of the text, where the last word waited) */
  wait_settled (fixture.checker);
  before = byline_spell_checker_get_words_checked (fixture.checker);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, " Tset ", -1, TRUE);
  wait_settled (fixture.checker);
  g_assert_cmpuint (byline_spell_checker_get_words_checked (fixture.checker) - before, ==, 8);
  words = byline_ui_test_underlined_words (fixture.checker, fixture.view);
  g_assert_cmpstr (words, ==, "Tset");

  /* A word being typed is left alone until the cursor leaves it */
  if (gtk_widget_has_focus (GTK_WIDGET (fixture.view)))
    {
      gtk_text_buffer_get_end_iter (buffer, &iter);
      gtk_text_buffer_place_cursor (buffer, &iter);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, " Wrogn", -1, TRUE);
      wait_settled (fixture.checker);
      g_clear_pointer (&words, g_free);
      words = byline_ui_test_underlined_words (fixture.checker, fixture.view);
      g_assert_cmpstr (words, ==, "Tset");

      gtk_text_buffer_get_start_iter (buffer, &iter);
      gtk_text_buffer_place_cursor (buffer, &iter);
      wait_settled (fixture.checker);
      g_clear_pointer (&words, g_free);
      words = byline_ui_test_underlined_words (fixture.checker, fixture.view);
      g_assert_cmpstr (words, ==, "Tset Wrogn");
    }
  else
    g_test_message ("The view never got the focus: the word being typed is not tested");

  fixture_close (&fixture);
}

static void
test_word_rules (void)
{
  g_assert_true (byline_spell_word_is_checked ("harbour", -1));
  g_assert_true (byline_spell_word_is_checked ("I", -1));
  g_assert_true (byline_spell_word_is_checked ("Ferry", -1));
  g_assert_false (byline_spell_word_is_checked ("NATO", -1));
  g_assert_false (byline_spell_word_is_checked ("МЧС", -1));
  g_assert_false (byline_spell_word_is_checked ("B2B", -1));
  g_assert_false (byline_spell_word_is_checked ("2024", -1));
}

/* The real editor: headline, standfirst and body are checked; the body's
 * quote attribution too; nothing of it is read back into the article */
static BylineArticle *
editor_article (void)
{
  BylineArticle *article = byline_article_new ();
  g_autoptr(BylineBlock) p1 = byline_block_new (BYLINE_BLOCK_PARAGRAPH);
  g_autoptr(BylineBlock) quote = byline_block_new (BYLINE_BLOCK_QUOTE);
  g_autoptr(BylineBlock) p2 = byline_block_new (BYLINE_BLOCK_PARAGRAPH);

  byline_article_set_headline (article, "Ferry timetable changes recieve a cold welcome");
  byline_article_set_standfirst (article, "Residents of the island say the new winter sailings leave them stranded.");
  byline_block_set_text (p1, "The council published the new timetable on Monday. Commuters who rely on the "
                             "early boat say the change was anounced without any consultation, and the "
                             "petition at https://petitions.example.org/ferry has gathered signatures.");
  byline_block_set_text (quote, "We were never asked, not once");
  byline_block_set_attribution (quote, "Mary Mcrorie, harbour comittee");
  byline_block_set_text (p2, "The operator, NFL Ferries, said the timetable would be reviewed in the spring.");
  byline_article_append_block (article, p1);
  byline_article_append_block (article, quote);
  byline_article_append_block (article, p2);
  return article;
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
test_editor (void)
{
  g_autoptr(BylineArticle) article = editor_article ();
  g_autofree char *body_text = NULL;
  g_autofree char *words = NULL;
  BylineArticleEditor *editor;
  BylineSpellChecker *checker;
  GtkWidget *window, *overlay, *popover;
  GtkTextView *body;

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  overlay = adw_toast_overlay_new ();
  editor = BYLINE_ARTICLE_EDITOR (byline_article_editor_new (NULL));
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (editor));
  adw_window_set_content (ADW_WINDOW (window), overlay);
  byline_article_editor_set_article (editor, article);
  gtk_window_present (GTK_WINDOW (window));
  byline_ui_test_wait_for_frame (window);

  checker = byline_article_editor_get_spell_checker (editor);
  g_assert_cmpstr (byline_spell_checker_get_language (checker), ==, "en");
  wait_settled (checker);
  body = byline_article_editor_get_body_view (editor);

  words = byline_ui_test_underlined_words (checker, byline_article_editor_get_headline_view (editor));
  g_assert_cmpstr (words, ==, "recieve");
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (checker, byline_article_editor_get_standfirst_view (editor));
  g_assert_cmpstr (words, ==, "");
  g_clear_pointer (&words, g_free);
  /* The attribution is checked like the rest ("Mcrorie" is a name the
   * journalist would add); the address and "NFL" are not */
  words = byline_ui_test_underlined_words (checker, body);
  g_assert_cmpstr (words, ==, "anounced Mcrorie harbour comittee");

  /* The underline is the view's own: the article keeps its text and marks */
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 1)), ==, "We were never asked, not once");
  {
    guint n_marks = 0;

    byline_block_get_marks (byline_article_get_block (article, 0), &n_marks);
    g_assert_cmpuint (n_marks, ==, 0);
  }

  /* The context menu on "anounced", opened as the Menu key does */
  gtk_widget_grab_focus (GTK_WIDGET (body));
  byline_ui_test_place_cursor_in (body, "anounced");
  {
    g_autofree char *suggestions = suggestions_text (body);
    g_assert_nonnull (strstr (suggestions, "announced"));
  }
  byline_ui_test_save_screenshot (window, "spell-editor.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (body), "menu.popup", NULL));
  byline_ui_test_wait_until (popover_shown, body, "the context menu");
  popover = find_popover (GTK_WIDGET (body));
  byline_ui_test_save_screenshot (popover, "spell-menu.png");
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* Russian for this article: the English words are now all wrong, and
   * the checker follows the article */
  byline_article_set_language (article, "ru");
  g_assert_cmpstr (byline_spell_checker_get_language (checker), ==, "ru");
  wait_settled (checker);
  g_clear_pointer (&words, g_free);
  words = byline_ui_test_underlined_words (checker, byline_article_editor_get_headline_view (editor));
  g_assert_cmpstr (words, ==, "Ferry timetable changes recieve a cold welcome");

  body_text = g_strdup (byline_block_get_text (byline_article_get_block (article, 0)));
  g_assert_nonnull (strstr (body_text, "anounced"));

  gtk_window_destroy (GTK_WINDOW (window));
  byline_ui_test_drain ();
}

int
main (int   argc,
      char *argv[])
{
  byline_ui_test_isolate_dirs ("spell", FALSE);
  g_test_init (&argc, &argv, NULL);
  if (!byline_ui_test_init_gtk (TRUE))
    return g_test_run ();

  g_test_add_func ("/spell/word-rules", test_word_rules);
  g_test_add_func ("/spell/english", test_english);
  g_test_add_func ("/spell/british", test_british);
  g_test_add_func ("/spell/russian", test_russian);
  g_test_add_func ("/spell/missing-dictionary", test_missing_dictionary);
  g_test_add_func ("/spell/personal-dictionary", test_personal_dictionary);
  g_test_add_func ("/spell/typing", test_typing);
  g_test_add_func ("/spell/editor", test_editor);

  return g_test_run ();
}
