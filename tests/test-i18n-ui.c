/* test-i18n-ui.c: the main window in Russian, and right to left
 *
 * Runs with LANGUAGE=ru and the build's own catalogue (po/ in the build
 * folder), in the ru_RU.UTF-8 locale when glibc's locale sources are there
 * to compile it into the test's own folder (LOCPATH; nothing system-wide),
 * else in C.UTF-8, where translations work but dates and numbers keep the
 * C locale's forms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "byline-ui-test-utils.h"
#include "byline-window.h"

static gboolean have_russian_locale;

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
  fixture->store = byline_ui_test_store_new ("byline-i18n-XXXXXX", &fixture->dir);
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
      byline_ui_test_wait_until (autosave_settled, byline_window_get_editor (fixture->window),
                                 "the last save");
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      byline_ui_test_drain ();
    }
  byline_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_free (fixture->dir);
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
}

/* A story in Russian: a long headline, a standfirst, over a thousand words
 * (so the count needs a thousands separator) */
static char *
store_article (BylineStore *store,
               const char  *headline,
               GDateTime   *modified)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(BylineBlock) block = NULL;

  for (guint i = 0; i < 1234 / 2; i++)
    g_string_append (body, i == 0 ? "Паромная переправа" : " паромная переправа");
  block = byline_block_new_paragraph (body->str);
  byline_article_set_headline (article, headline);
  byline_article_set_language (article, "ru");
  byline_article_set_section (article, "Город");
  byline_article_set_standfirst (article, "Городской совет утвердил новое расписание парома: "
                                          "первый рейс теперь уходит в шесть утра.");
  byline_article_set_byline (article, "Мара Квилл");
  byline_article_append_block (article, block);
  if (modified != NULL)
    byline_article_set_modified (article, modified);
  byline_store_save_article_sync (store, article, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (byline_article_get_id (article));
}

static gboolean
editor_has_article (gpointer data)
{
  return byline_article_editor_get_article (data) != NULL;
}

static gboolean
list_has_items (gpointer data)
{
  return g_list_model_get_n_items (data) >= 2;
}

static void
start_window (Fixture    *fixture,
              const char *id,
              const char *sidebar_page)
{
  GtkWidget *stack;

  fixture->window = byline_window_new (NULL, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  byline_window_start (fixture->window, id);
  byline_ui_test_wait_until (editor_has_article, byline_window_get_editor (fixture->window), "the article");
  byline_ui_test_wait_until (list_has_items, byline_window_get_list_model (fixture->window), "the list");
  adw_flap_set_reveal_flap (byline_window_get_flap (fixture->window), TRUE);
  stack = gtk_widget_get_ancestor (GTK_WIDGET (byline_window_get_checks_panel (fixture->window)),
                                   GTK_TYPE_STACK);
  gtk_stack_set_visible_child_name (GTK_STACK (stack), sidebar_page);
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

/* A text the catalogue translates, shown as it is: a string that missed
 * _() or was set before the catalogue was bound */
static gboolean
is_untranslated (const char *text)
{
  return text != NULL && *text != '\0' && g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, text), text) != 0;
}

/* What a label or an inscription (the word count) shows, else NULL */
static const char *
shown_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (GTK_IS_INSCRIPTION (widget))
    return gtk_inscription_get_text (GTK_INSCRIPTION (widget)) ?: "";
  return NULL;
}

typedef struct
{
  GPtrArray *untranslated;   /* what a Russian reader would see in English */
  GPtrArray *cut;            /* labels with less room than their text needs */
  GPtrArray *ellipsized;     /* labels shortened with "…" */
  GString   *all_text;       /* every visible label, for the log */
} Survey;

static void
survey_widget (GtkWidget *widget,
               Survey    *survey)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (is_untranslated (gtk_widget_get_tooltip_text (widget)))
    g_ptr_array_add (survey->untranslated, g_strdup_printf ("tooltip “%s”", gtk_widget_get_tooltip_text (widget)));

  if (GTK_IS_LABEL (widget))
    {
      GtkLabel *label = GTK_LABEL (widget);
      const char *text = gtk_label_get_text (label);
      int needed = 0;

      if (is_untranslated (text))
        g_ptr_array_add (survey->untranslated, g_strdup_printf ("label “%s”", text));
      if (*text != '\0')
        g_string_append_printf (survey->all_text, "%s | ", text);

      /* A label that neither wraps nor ellipsizes lays its text out in
       * one line whatever its width: wider than the label is cut off */
      if (gtk_label_get_ellipsize (label) == PANGO_ELLIPSIZE_NONE && !gtk_label_get_wrap (label))
        {
          pango_layout_get_pixel_size (gtk_label_get_layout (label), &needed, NULL);
          if (gtk_widget_get_width (widget) < needed)
            g_ptr_array_add (survey->cut, g_strdup_printf ("“%s” (%d of %d px)", text,
                                                           gtk_widget_get_width (widget), needed));
        }
      if (gtk_label_get_ellipsize (label) != PANGO_ELLIPSIZE_NONE &&
          pango_layout_is_ellipsized (gtk_label_get_layout (label)))
        g_ptr_array_add (survey->ellipsized, widget);
    }
  else if (GTK_IS_INSCRIPTION (widget))
    {
      /* Its text is shortened with "…" when wider than the inscription */
      const char *text = shown_text (widget);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
      int needed = 0;

      if (is_untranslated (text))
        g_ptr_array_add (survey->untranslated, g_strdup_printf ("inscription “%s”", text));
      if (*text != '\0')
        g_string_append_printf (survey->all_text, "%s | ", text);
      pango_layout_get_pixel_size (layout, &needed, NULL);
      if (gtk_widget_get_width (widget) < needed)
        g_ptr_array_add (survey->ellipsized, widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    survey_widget (child, survey);
}

static void
assert_none (GPtrArray  *found,
             const char *what)
{
  for (guint i = 0; i < found->len; i++)
    g_test_message ("%s: %s", what, (const char *) g_ptr_array_index (found, i));
  g_assert_cmpuint (found->len, ==, 0);
}

static GtkWidget *
find_label_containing (GtkWidget  *widget,
                       const char *needle)
{
  if (shown_text (widget) != NULL && gtk_widget_get_mapped (widget) &&
      strstr (shown_text (widget), needle) != NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_containing (child, needle);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_catalogue (void)
{
  /* The build's catalogue is the one in use */
  g_assert_cmpstr (_("Articles"), ==, "Статьи");
  g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "article field", "Byline"), ==, "Автор");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u character", "%u characters", 1), ==, "%u символ");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u character", "%u characters", 3), ==, "%u символа");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u character", "%u characters", 11), ==, "%u символов");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u character", "%u characters", 21), ==, "%u символ");
}

/* Only the story's own texts (@may_shorten: parts of them) may end in
 * "…" for lack of room; the app's own words are shown whole */
static void
check_window (Fixture           *fixture,
              const char        *screenshot,
              const char *const *may_shorten)
{
  Survey survey = {
    g_ptr_array_new_with_free_func (g_free),
    g_ptr_array_new_with_free_func (g_free),
    g_ptr_array_new (),
    g_string_new (NULL),
  };

  survey_widget (GTK_WIDGET (fixture->window), &survey);
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), screenshot);
  g_test_message ("%s shows: %s", screenshot, survey.all_text->str);

  assert_none (survey.untranslated, "untranslated");
  assert_none (survey.cut, "cut off");
  for (guint i = 0; i < survey.ellipsized->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (survey.ellipsized, i);
      const char *text = shown_text (label);
      gboolean story_text = FALSE;

      for (guint j = 0; may_shorten[j] != NULL; j++)
        story_text |= strstr (text, may_shorten[j]) != NULL;
      g_test_message ("ellipsized: “%s”", text);
      g_assert_true (story_text);
      g_assert_null (gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON));
    }

  g_ptr_array_unref (survey.untranslated);
  g_ptr_array_unref (survey.cut);
  g_ptr_array_unref (survey.ellipsized);
  g_string_free (survey.all_text, TRUE);
}

static void
test_russian_window (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GDateTime) march = g_date_time_new_utc (2024, 3, 5, 9, 30, 0);
  g_autofree char *older = store_article (fixture->store, "Паром пойдёт по зимнему расписанию", march);
  g_autofree char *id = store_article (fixture->store,
                                       "Городской совет утвердил новое расписание парома через залив "
                                       "и пообещал дополнительные рейсы в выходные",
                                       NULL);
  const char *const story_texts[] = { "Городской совет", "gorodskoy-sovet", NULL };
  BylineArticleEditor *editor;
  g_autofree char *grouped = NULL;
  GtkWidget *count;

  start_window (fixture, id, "headline");
  editor = byline_window_get_editor (fixture->window);
  check_window (fixture, "main-window-ru.png", story_texts);
  grouped = g_strdup_printf ("%'u", byline_article_get_word_count (byline_article_editor_get_article (editor)));

  /* The word count, in Russian plural form, grouped by the locale */
  count = find_label_containing (GTK_WIDGET (editor), "минут чтения");
  g_assert_nonnull (count);
  g_test_message ("word count: “%s”, grouped “%s”", shown_text (count), grouped);
  g_assert_nonnull (strstr (shown_text (count), grouped));
  g_assert_nonnull (strstr (shown_text (count), "слов"));

  if (have_russian_locale)
    {
      g_autofree char *plain = g_strdup_printf ("%u", byline_article_get_word_count (byline_article_editor_get_article (editor)));

      /* "1 247" with the locale's separator, and March in the genitive as
       * a Russian date has it: "5 марта 2024" */
      g_assert_cmpstr (grouped, !=, plain);
      g_assert_nonnull (find_label_containing (GTK_WIDGET (fixture->window), "5 марта 2024"));
    }
  else
    g_test_message ("No ru_RU.UTF-8 locale: dates and number grouping not checked");

  /* The checks panel too */
  adw_flap_set_reveal_flap (byline_window_get_flap (fixture->window), TRUE);
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (byline_window_get_checks_panel (fixture->window)),
                                                                         GTK_TYPE_STACK)),
                                    "checks");
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  check_window (fixture, "checks-panel-ru.png", story_texts);
}

static void
bounds_in_window (GtkWidget       *widget,
                  GtkWidget       *window,
                  graphene_rect_t *bounds)
{
  g_assert_true (gtk_widget_compute_bounds (widget, window, bounds));
}

static void
test_rtl_window (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *id = NULL;
  graphene_rect_t list, editor, sidebar;
  GtkWidget *window;

  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  id = store_article (fixture->store, "Паром пойдёт по зимнему расписанию", NULL);
  g_free (store_article (fixture->store, "Мост закроют на ремонт", NULL));
  start_window (fixture, id, "headline");
  window = GTK_WIDGET (fixture->window);
  check_window (fixture, "main-window-rtl.png", (const char *const[]) { "Паром", NULL });

  /* Mirrored: the list on the right of the editor, the sidebar on its left */
  bounds_in_window (GTK_WIDGET (byline_window_get_search_entry (fixture->window)), window, &list);
  bounds_in_window (GTK_WIDGET (byline_window_get_editor (fixture->window)), window, &editor);
  bounds_in_window (GTK_WIDGET (byline_window_get_headline_panel (fixture->window)), window, &sidebar);
  g_assert_cmpfloat (list.origin.x, >=, editor.origin.x + editor.size.width);
  g_assert_cmpfloat (sidebar.origin.x + sidebar.size.width, <=, editor.origin.x);
}

static void
use_russian (void)
{
  g_autofree char *locales = g_build_filename (g_get_home_dir (), "locale", NULL);
  g_autofree char *ru = g_build_filename (locales, "ru_RU.UTF-8", NULL);
  g_autofree char *localedef = g_find_program_in_path ("localedef");
  const char *argv[] = { localedef, "-c", "-i", "ru_RU", "-f", "UTF-8", ru, NULL };

  g_setenv ("LANGUAGE", "ru", TRUE);
  g_unsetenv ("LC_MESSAGES");
  g_unsetenv ("LANG");

  g_mkdir_with_parents (locales, 0700);
  /* localedef exits 1 for warnings in glibc's own sources; the folder
   * holds the locale all the same */
  if (localedef != NULL)
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, NULL, NULL);
  g_setenv ("LOCPATH", locales, TRUE);
  g_setenv ("LC_ALL", "ru_RU.UTF-8", TRUE);
  have_russian_locale = setlocale (LC_ALL, "") != NULL;
  if (!have_russian_locale)
    {
      g_unsetenv ("LOCPATH");
      g_setenv ("LC_ALL", "C.UTF-8", TRUE);
      setlocale (LC_ALL, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = NULL;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", FALSE);

  byline_ui_test_isolate_dirs ("i18n-ui", TRUE);
  use_russian ();
  g_test_init (&argc, &argv, NULL);

  /* The catalogue the build just made, not an installed one */
  localedir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/i18n-ui/catalogue", test_catalogue);
  if (!byline_ui_test_init_gtk (TRUE))
    return g_test_run ();

  g_test_add ("/i18n-ui/russian-window", Fixture, NULL, fixture_set_up,
              test_russian_window, fixture_tear_down);
  g_test_add ("/i18n-ui/rtl-window", Fixture, NULL, fixture_set_up,
              test_rtl_window, fixture_tear_down);

  return g_test_run ();
}
