/* test-a11y.c: every control a journalist can reach has an accessible name,
 * and F9 takes the keyboard focus into the sidebar and back
 *
 * The test walks the whole widget tree of the main window (with the sample
 * article open, so the Images and Related panels hold cards), of its menus
 * (popovers are walked even while closed) and of the preferences window,
 * and fails naming every control without an accessible name.  A control is
 * a widget that can take the keyboard focus or whose accessible role is one
 * of a control's (button, toggle, check box, switch, entry, slider, …).  A
 * name is what a screen reader reads for it: the "label" property or a
 * "labelled-by" relation (GTK 4.8 names a button with a text label after
 * it this way).  A tooltip is not a name: GTK 4.8 makes it the
 * description, which Orca reads only after a pause.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-a11y"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <libsoup/soup.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "byline-accounts.h"
#include "byline-conflict-window.h"
#include "byline-history-window.h"
#include "byline-import.h"
#include "byline-preferences-window.h"
#include "byline-ui-test-utils.h"
#include "byline-window.h"

#define SAMPLE_URI "resource:///io/github/byline/Byline/sample/welcome.json"
#define SCHEMA_ID "io.github.byline.Byline"

static const GtkAccessibleRole control_roles[] = {
  GTK_ACCESSIBLE_ROLE_BUTTON,
  GTK_ACCESSIBLE_ROLE_CHECKBOX,
  GTK_ACCESSIBLE_ROLE_COMBO_BOX,
  GTK_ACCESSIBLE_ROLE_LINK,
  GTK_ACCESSIBLE_ROLE_MENU_ITEM,
  GTK_ACCESSIBLE_ROLE_MENU_ITEM_CHECKBOX,
  GTK_ACCESSIBLE_ROLE_MENU_ITEM_RADIO,
  GTK_ACCESSIBLE_ROLE_RADIO,
  GTK_ACCESSIBLE_ROLE_SEARCH_BOX,
  GTK_ACCESSIBLE_ROLE_SLIDER,
  GTK_ACCESSIBLE_ROLE_SPIN_BUTTON,
  GTK_ACCESSIBLE_ROLE_SWITCH,
  GTK_ACCESSIBLE_ROLE_TAB,
  GTK_ACCESSIBLE_ROLE_TEXT_BOX,
  GTK_ACCESSIBLE_ROLE_LIST,
  GTK_ACCESSIBLE_ROLE_LIST_ITEM,
  GTK_ACCESSIBLE_ROLE_ROW,
};

static gboolean
is_control_role (GtkAccessibleRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (control_roles); i++)
    if (control_roles[i] == role)
      return TRUE;
  return FALSE;
}

static gboolean has_name (GtkWidget *widget, GtkWidget *root, guint depth);

/* Whether @widget is labelled by @candidate alone */
static gboolean
labelled_by (GtkWidget *widget,
             GtkWidget *candidate)
{
  /* A reference list is given as its items, ended by NULL */
  g_autofree char *differs = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (widget),
                                                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                                                 candidate, NULL);

  return differs == NULL;
}

static GtkWidget *
find_label_in (GtkWidget *widget,
               GtkWidget *tree)
{
  if (tree != widget && labelled_by (widget, tree))
    return tree;
  for (GtkWidget *child = gtk_widget_get_first_child (tree);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_in (widget, child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A non-empty "label" property, or a "labelled-by" relation to a widget
 * that shows text or has a name itself.  GTK 4.8 gives a button with only
 * an icon a "labelled-by" relation to the icon: that is no name. */
static gboolean
has_name (GtkWidget *widget,
          GtkWidget *root,
          guint      depth)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      /* NULL when the label is exactly "" */
      g_autofree char *differs = gtk_test_accessible_check_property (accessible,
                                                                     GTK_ACCESSIBLE_PROPERTY_LABEL, "");

      if (differs != NULL)
        return TRUE;
    }
  if (depth < 3 && gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    {
      /* The label is most often inside (a button's child), else anywhere
       * in the window; a relation to several widgets matches none of
       * them alone and counts as a name */
      GtkWidget *label = find_label_in (widget, widget);

      if (label == NULL)
        label = find_label_in (widget, root);
      if (label == NULL)
        return TRUE;
      if (GTK_IS_LABEL (label))
        return gtk_label_get_text (GTK_LABEL (label))[0] != '\0';
      return has_name (label, root, depth + 1);
    }
  return FALSE;
}

/* Parts of a composite control that a screen reader announces through the
 * composite: the text of an entry, the toggle of a menu or drop-down
 * button, the arrows of a spin button.  Returns the composite or NULL. */
static GtkWidget *
composite_of (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  if (GTK_IS_TEXT (widget))
    {
      for (GtkWidget *up = parent; up != NULL; up = gtk_widget_get_parent (up))
        if (GTK_IS_EDITABLE (up))
          return up;
      return NULL;
    }
  /* AdwExpanderRow's own lists: its header and the box of its rows */
  if (GTK_IS_LIST_BOX (widget))
    {
      GtkWidget *up = parent;

      for (guint i = 0; up != NULL && i < 4; i++, up = gtk_widget_get_parent (up))
        if (ADW_IS_EXPANDER_ROW (up))
          return up;
    }
  if (parent != NULL && GTK_IS_BUTTON (widget) &&
      (GTK_IS_MENU_BUTTON (parent) || GTK_IS_DROP_DOWN (parent) || GTK_IS_SPIN_BUTTON (parent)))
    return parent;
  /* Inside an AdwComboRow: the current choice and the list it pops up,
   * whose items GTK 4.8 has no API to name (the row's name is read) */
  for (GtkWidget *up = parent; up != NULL; up = gtk_widget_get_parent (up))
    if (ADW_IS_COMBO_ROW (up))
      return up;
  /* AdwSplitButton's two halves (the arrow sits in a menu button) */
  for (guint i = 0; parent != NULL && i < 2; i++, parent = gtk_widget_get_parent (parent))
    if (ADW_IS_SPLIT_BUTTON (parent))
      return parent;
  return NULL;
}

static gboolean
needs_name (GtkWidget *widget)
{
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget));

  if (GTK_IS_NATIVE (widget))
    return FALSE;
  if (GTK_IS_TEXT (widget) || is_control_role (role))
    return TRUE;
  /* Containers are focusable to pass the focus on: scrolled windows,
   * viewports, boxes, popovers' contents */
  return gtk_widget_get_focusable (widget) &&
         role != GTK_ACCESSIBLE_ROLE_GROUP &&
         role != GTK_ACCESSIBLE_ROLE_GENERIC &&
         role != GTK_ACCESSIBLE_ROLE_NONE &&
         role != GTK_ACCESSIBLE_ROLE_PRESENTATION &&
         role != GTK_ACCESSIBLE_ROLE_DIALOG;
}

static void
describe (GString    *out,
          GtkWidget  *widget,
          const char *problem)
{
  g_autoptr(GString) path = g_string_new (NULL);
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget));
  g_autoptr(GEnumClass) roles = g_type_class_ref (GTK_TYPE_ACCESSIBLE_ROLE);
  GEnumValue *value = g_enum_get_value (roles, role);
  const char *tooltip = gtk_widget_get_tooltip_text (widget);
  const char *icon = GTK_IS_BUTTON (widget) ? gtk_button_get_icon_name (GTK_BUTTON (widget)) : NULL;

  for (GtkWidget *up = widget; up != NULL; up = gtk_widget_get_parent (up))
    {
      const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (up));

      g_string_prepend (path, id != NULL ? id : G_OBJECT_TYPE_NAME (up));
      if (gtk_widget_get_parent (up) != NULL)
        g_string_prepend (path, " > ");
      /* The last few steps are enough to find it */
      if (up != widget && path->len > 160)
        break;
    }
  g_string_append_printf (out, "\n  %s%s (role %s%s%s%s%s) at …%s",
                          problem,
                          G_OBJECT_TYPE_NAME (widget),
                          value != NULL ? value->value_nick : "?",
                          tooltip != NULL ? ", tooltip " : "", tooltip != NULL ? tooltip : "",
                          icon != NULL ? ", icon " : "", icon != NULL ? icon : "",
                          path->str);
}

/* Walks everything that can be shown: widgets hidden with
 * gtk_widget_set_visible (FALSE) are left out (with all they hold), the
 * pages of a stack that are not on top and closed popovers are not. */
static void
walk (GtkWidget  *widget,
      GtkWidget  *root,
      GString    *missing,
      GHashTable *reported,
      guint      *n_checked)
{
  if (!gtk_widget_get_visible (widget) && !GTK_IS_POPOVER (widget))
    return;

  if (needs_name (widget))
    {
      GtkWidget *composite = composite_of (widget);
      GtkWidget *named = composite != NULL ? composite : widget;

      (*n_checked)++;
      if (!has_name (named, root, 0) && !(composite != NULL && has_name (widget, root, 0)) &&
          g_hash_table_add (reported, named))
        describe (missing, named, "no accessible name: ");
    }

  /* GTK 4.8 names a button with a mnemonic by its raw label and then its
   * shown text, which AT-SPI joins: "_Attach Attach" (byline-a11y.h) */
  if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget)) &&
      gtk_button_get_label (GTK_BUTTON (widget)) != NULL &&
      strchr (gtk_button_get_label (GTK_BUTTON (widget)), '_') != NULL)
    {
      g_autofree char *differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                     GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                     gtk_button_get_label (GTK_BUTTON (widget)));

      (*n_checked)++;
      if (differs == NULL && g_hash_table_add (reported, widget))
        describe (missing, widget, "named by its raw mnemonic label (\"_Attach Attach\"): ");
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk (child, root, missing, reported, n_checked);
}

static void
assert_all_named (GtkWidget  *root,
                  const char *what,
                  guint       at_least)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GHashTable) reported = g_hash_table_new (NULL, NULL);
  guint n_checked = 0;

  walk (root, root, missing, reported, &n_checked);
  g_test_message ("%s: %u controls checked", what, n_checked);
  /* The walk must have found the controls, or it checked nothing */
  g_assert_cmpuint (n_checked, >=, at_least);
  if (missing->len > 0)
    {
      g_auto(GStrv) lines = g_strsplit (missing->str + 1, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        g_test_message ("%s: %s", what, g_strstrip (lines[i]));
      g_test_fail_printf ("%s: %u controls without a proper accessible name (listed above)",
                          what, g_strv_length (lines));
    }
}

typedef struct
{
  char         *dir;
  BylineStore  *store;
  BylineWindow *window;
  char         *article_id;
} Fixture;

static void
imported (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GError) error = NULL;

  fixture->article_id = byline_import_file_finish (BYLINE_STORE (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
has_article_id (gpointer data)
{
  return ((Fixture *) data)->article_id != NULL;
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
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) sample = g_file_new_for_uri (SAMPLE_URI);
  BylineArticleEditor *editor;

  fixture->store = byline_ui_test_store_new ("byline-a11y-XXXXXX", &fixture->dir);
  byline_import_file_async (fixture->store, sample, TRUE, NULL, imported, fixture);
  byline_ui_test_wait_until (has_article_id, fixture, "the sample article");

  fixture->window = byline_window_new (NULL, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 760);
  gtk_window_present (GTK_WINDOW (fixture->window));
  byline_window_start (fixture->window, NULL);
  byline_window_open_article_id (fixture->window, fixture->article_id);
  editor = byline_window_get_editor (fixture->window);
  byline_ui_test_wait_until (editor_has_article, editor, "the article to open");
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
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
  g_free (fixture->article_id);
  g_free (fixture->dir);
}

static GtkStack *
sidebar_stack (Fixture *fixture)
{
  return GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (byline_window_get_image_panel (fixture->window))));
}

/* Every panel of the sidebar in turn (a panel may build its rows only
 * when shown), then the whole window, menus included */
static void
test_main_window_named (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkStack *stack = sidebar_stack (fixture);
  g_autoptr(GtkSelectionModel) pages = gtk_stack_get_pages (stack);

  adw_flap_set_reveal_flap (byline_window_get_flap (fixture->window), TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      GtkStackPage *page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      gtk_stack_set_visible_child (stack, gtk_stack_page_get_child (page));
      g_object_unref (page);
      byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
    }
  g_assert_cmpuint (byline_image_panel_get_n_cards (byline_window_get_image_panel (fixture->window)), >, 0);
  gtk_stack_set_visible_child_name (stack, "images");
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "a11y-main-window.png");

  assert_all_named (GTK_WIDGET (fixture->window), "main window", 100);
}

/* A narrow window folds the list away: the back button shows */
static void
test_narrow_window_named (Fixture       *fixture,
                          gconstpointer  data)
{
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 640);
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  byline_ui_test_spin (100);
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));

  assert_all_named (GTK_WIDGET (fixture->window), "narrow main window", 100);
}

static gboolean
focus_in (gpointer data)
{
  GtkWidget **pair = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (pair[0]));

  return focus != NULL && (focus == pair[1] || gtk_widget_is_ancestor (focus, pair[1]));
}

/* F9 opens the sidebar with the focus in it, and closes it with the focus
 * back where the journalist was writing */
static void
test_sidebar_focus (Fixture       *fixture,
                    gconstpointer  data)
{
  BylineArticleEditor *editor = byline_window_get_editor (fixture->window);
  GtkWidget *body = GTK_WIDGET (byline_article_editor_get_body_view (editor));
  GtkWidget *sidebar = gtk_widget_get_parent (GTK_WIDGET (sidebar_stack (fixture)));
  AdwFlap *flap = byline_window_get_flap (fixture->window);
  GtkWidget *pair[2] = { GTK_WIDGET (fixture->window), NULL };

  adw_flap_set_reveal_flap (flap, FALSE);
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  gtk_widget_grab_focus (body);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-sidebar", NULL));
  g_assert_true (adw_flap_get_reveal_flap (flap));
  pair[1] = sidebar;
  byline_ui_test_wait_until (focus_in, pair, "the focus in the sidebar");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-sidebar", NULL));
  g_assert_false (adw_flap_get_reveal_flap (flap));
  pair[1] = body;
  byline_ui_test_wait_until (focus_in, pair, "the focus back in the body");
}

static BylineArticle *
make_article (const char *standfirst,
              const char *first)
{
  BylineArticle *article = byline_article_new_with_id ("c0ffee00-0000-4000-8000-000000000009");
  g_autoptr(BylineBlock) block = byline_block_new_paragraph (first);

  byline_article_set_headline (article, "Ferry timetable changes in May");
  byline_article_set_standfirst (article, standfirst);
  byline_article_append_block (article, block);
  return article;
}

/* The windows the main window opens: History and the sync conflict */
static void
test_dialogs_named (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BylineArticle) base = make_article ("Fewer crossings from May.", "The ferry leaves at nine.");
  g_autoptr(BylineArticle) mine = make_article ("Fewer crossings from May.", "The ferry leaves at a quarter past nine.");
  g_autoptr(BylineArticle) theirs = make_article ("Fewer crossings from 1 May.", "The ferry leaves at half past nine.");
  GtkWidget *window;

  window = byline_history_window_new (GTK_WINDOW (fixture->window), fixture->store, fixture->article_id);
  gtk_window_present (GTK_WINDOW (window));
  byline_ui_test_wait_for_frame (window);
  byline_ui_test_spin (200);
  assert_all_named (window, "history window", 4);
  gtk_window_destroy (GTK_WINDOW (window));

  window = byline_conflict_window_new (GTK_WINDOW (fixture->window), base, mine, theirs);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 560);
  gtk_window_present (GTK_WINDOW (window));
  byline_ui_test_wait_for_frame (window);
  assert_all_named (window, "conflict window", 4);
  gtk_window_destroy (GTK_WINDOW (window));
  byline_ui_test_drain ();
}

static void
test_preferences_named (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(BylineAccounts) accounts = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  GtkWidget *window;

  g_assert_nonnull (source);      /* GSETTINGS_SCHEMA_DIR=<build>/data */
  schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  g_assert_nonnull (schema);
  settings = g_settings_new_full (schema, backend, NULL);
  accounts = byline_accounts_new (settings);

  window = byline_preferences_window_new (NULL, settings, accounts, session);
  byline_preferences_window_add_section_limits (BYLINE_PREFERENCES_WINDOW (window), "Coast");
  gtk_window_present (GTK_WINDOW (window));
  byline_ui_test_wait_for_frame (window);

  assert_all_named (window, "preferences", 50);

  gtk_window_destroy (GTK_WINDOW (window));
  byline_ui_test_drain ();
}

int
main (int   argc,
      char *argv[])
{
  byline_ui_test_isolate_dirs ("a11y", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!byline_ui_test_init_gtk (TRUE))
    return g_test_run ();

  g_test_add ("/a11y/main-window-named", Fixture, NULL, fixture_set_up,
              test_main_window_named, fixture_tear_down);
  g_test_add ("/a11y/narrow-window-named", Fixture, NULL, fixture_set_up,
              test_narrow_window_named, fixture_tear_down);
  g_test_add ("/a11y/sidebar-focus", Fixture, NULL, fixture_set_up,
              test_sidebar_focus, fixture_tear_down);
  g_test_add ("/a11y/dialogs-named", Fixture, NULL, fixture_set_up,
              test_dialogs_named, fixture_tear_down);
  g_test_add_func ("/a11y/preferences-named", test_preferences_named);
  return g_test_run ();
}
