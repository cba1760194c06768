/* byline-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-window"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-a11y.h"
#include "byline-window.h"
#include "byline-article-row.h"
#include "byline-history-window.h"
#include "byline-conflict-window.h"
#include "byline-remote-list.h"
#include "byline-window-files.h"

#define SETTINGS_SCHEMA_ID "io.github.byline.Byline"
/* Autosave writes a change within a second of it being typed: a change
 * still unsaved half a second after that is late, and the title says so */
#define SAVE_LATE_MS 1500

struct _BylineWindow
{
  AdwApplicationWindow  parent_instance;

  GtkWindow            *shortcuts_window;   /* made when first asked for */

  BylineStore          *store;
  GSettings            *settings;
  BylineSyncController *sync;
  GCancellable         *cancellable;

  GListStore           *articles;
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filtered;
  GtkSingleSelection   *selection;
  char                 *search_casefold;
  char                 *open_on_start;

  BylineArticleEditor  *editor;
  BylineHeadlinePanel  *headline_panel;
  BylineChecksPanel    *checks_panel;
  BylineImagePanel     *image_panel;
  BylineRelatedPanel   *related_panel;
  BylineArticle        *article;
  BylineAutosave       *autosave;
  AdwToast             *last_toast;
  BylineSyncState       sync_state;      /* of the open article */
  guint                 save_late_source;
  gboolean              save_late;       /* a change waited too long for its save */
  char                 *sync_message;    /* why it waits, what failed */

  /* Template widgets */
  GtkStack             *main_stack;
  AdwToastOverlay      *toast_overlay;
  AdwToastOverlay      *editor_toast_overlay;
  AdwMessageDialog     *unsaved_dialog;
  AdwLeaflet           *leaflet;
  GtkWidget            *list_pane;
  GtkWidget            *editor_pane;
  GtkSearchEntry       *search_entry;
  GtkStack             *list_stack;
  GtkListView          *article_list;
  GtkStack             *source_stack;
  BylineRemoteList     *remote_list;
  AdwWindowTitle       *window_title;
  GtkButton            *back_button;
  GtkToggleButton      *sidebar_button;
  GtkStack             *editor_stack;
  AdwFlap              *flap;
  GtkStack             *sidebar_stack;
  GtkWidget            *sidebar_switcher;
  AdwStatusPage        *error_page;
  GtkRevealer          *conflict_revealer;
  GtkLabel             *conflict_label;

  guint                 selecting : 1;
  guint                 started : 1;
  guint                 first_list : 1;
  guint                 listing : 1;
  guint                 list_again : 1;
  guint                 close_ready : 1;
  guint                 closing : 1;
};

G_DEFINE_FINAL_TYPE (BylineWindow, byline_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_SYNC_CONTROLLER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh_list (BylineWindow *self);
static void update_save_state (BylineWindow *self);
static void take_listed_sync_state (BylineWindow *self);
static void ensure_editor (BylineWindow *self);

void
byline_window_show_toast (BylineWindow *self,
                          const char   *message)
{
  AdwToast *toast;

  g_return_if_fail (BYLINE_IS_WINDOW (self));

  toast = adw_toast_new ("");
  /* Titles are markup; messages may hold anything */
  {
    g_autofree char *escaped = g_markup_escape_text (message, -1);
    adw_toast_set_title (toast, escaped);
  }
  g_set_object (&self->last_toast, toast);
  adw_toast_overlay_add_toast (byline_window_get_toast_overlay (self), toast);
}

/* The list */

static void
update_list_page (BylineWindow *self)
{
  if (!self->started || (self->listing && self->first_list))
    gtk_stack_set_visible_child_name (self->list_stack, "loading");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->articles)) == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

static void
select_current (BylineWindow *self)
{
  const char *id = self->article ? byline_article_get_id (self->article) : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(BylineArticleSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (g_strcmp0 (byline_article_summary_get_id (summary), id) == 0)
        {
          position = i;
          break;
        }
    }

  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->selecting = FALSE;
}

/* Equal as far as the row shows: a save while typing changes the
 * modified time and the word count, but the row still says "Just now".
 * Replacing the item would rebind the row and re-lay-out the list pane on
 * every autosave, which measurably delays the keystroke that coincides
 * with it (docs/benchmarks.md). */
static gboolean
summary_equal (BylineArticleSummary *a,
               BylineArticleSummary *b)
{
  GDateTime *ma = byline_article_summary_get_modified (a);
  GDateTime *mb = byline_article_summary_get_modified (b);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *when_a = NULL;
  g_autofree char *when_b = NULL;

  if (g_strcmp0 (byline_article_summary_get_id (a), byline_article_summary_get_id (b)) != 0
      || g_strcmp0 (byline_article_summary_get_headline (a), byline_article_summary_get_headline (b)) != 0
      || byline_article_summary_get_status (a) != byline_article_summary_get_status (b)
      || byline_article_summary_get_sync_state (a) != byline_article_summary_get_sync_state (b))
    return FALSE;

  if (ma == NULL || mb == NULL)
    return ma == mb;
  /* The same time reads the same; formatting it for each of a thousand
   * rows would ask the system for its time zone a thousand times. */
  if (g_date_time_equal (ma, mb))
    return TRUE;

  now = g_date_time_new_now_utc ();
  when_a = byline_format_relative_time (ma, now);
  when_b = byline_format_relative_time (mb, now);
  return g_strcmp0 (when_a, when_b) == 0;
}

/* A re-read of the list: the rows as shown when it started, and what
 * changed.  Saving while typing changes one row a second, so the reading
 * and comparing of all the rows is done on a worker; the main loop only
 * replaces the rows that changed, and the list does not rebuild under the
 * journalist's eyes. */
typedef struct
{
  BylineStore *store;
  GPtrArray   *shown;      /* BylineArticleSummary *, as the list shows them */
  GPtrArray   *listed;     /* all of the store's, when the order changed */
  GPtrArray   *replaced;   /* same order: the rows that changed… */
  GArray      *positions;  /* …and where they are (guint) */
  gboolean     list_all;   /* the top row alone could not tell: read all */
} Refresh;

static void
refresh_free (Refresh *refresh)
{
  g_clear_object (&refresh->store);
  g_clear_pointer (&refresh->shown, g_ptr_array_unref);
  g_clear_pointer (&refresh->listed, g_ptr_array_unref);
  g_clear_pointer (&refresh->replaced, g_ptr_array_unref);
  g_clear_pointer (&refresh->positions, g_array_unref);
  g_free (refresh);
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Refresh *refresh = task_data;
  g_autoptr(GPtrArray) listed = NULL;
  GError *error = NULL;
  gboolean same_order;

  listed = byline_store_list_sync (refresh->store, FALSE, cancellable, &error);
  if (listed == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  same_order = listed->len == refresh->shown->len;
  for (guint i = 0; same_order && i < listed->len; i++)
    if (g_strcmp0 (byline_article_summary_get_id (g_ptr_array_index (refresh->shown, i)),
                   byline_article_summary_get_id (g_ptr_array_index (listed, i))) != 0)
      same_order = FALSE;

  if (!same_order)
    refresh->listed = g_steal_pointer (&listed);
  else
    {
      refresh->replaced = g_ptr_array_new_with_free_func (g_object_unref);
      refresh->positions = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; i < listed->len; i++)
        if (!summary_equal (g_ptr_array_index (refresh->shown, i), g_ptr_array_index (listed, i)))
          {
            g_ptr_array_add (refresh->replaced, g_object_ref (g_ptr_array_index (listed, i)));
            g_array_append_val (refresh->positions, i);
          }
    }
  /* The rows read and not needed are freed here, not on the main loop. */
  g_clear_pointer (&listed, g_ptr_array_unref);
  g_clear_pointer (&refresh->shown, g_ptr_array_unref);
  g_task_return_boolean (task, TRUE);
}

/* The same for the top row alone, the article a save changed. */
static void
top_row_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Refresh *refresh = task_data;
  BylineArticleSummary *shown = g_ptr_array_index (refresh->shown, 0);
  g_autoptr(BylineArticleSummary) summary = NULL;
  GError *error = NULL;

  summary = byline_store_get_summary_sync (refresh->store, byline_article_summary_get_id (shown),
                                           cancellable, &error);
  if (summary == NULL && !g_error_matches (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);

  /* Gone, or saved with an older time (the list is newest first, so the
   * row may belong further down): only the whole list can tell. */
  if (summary == NULL ||
      g_date_time_compare (byline_article_summary_get_modified (summary),
                           byline_article_summary_get_modified (shown)) < 0)
    refresh->list_all = TRUE;
  else
    {
      refresh->replaced = g_ptr_array_new_with_free_func (g_object_unref);
      refresh->positions = g_array_new (FALSE, FALSE, sizeof (guint));
      if (!summary_equal (shown, summary))
        {
          guint top = 0;

          g_ptr_array_add (refresh->replaced, g_steal_pointer (&summary));
          g_array_append_val (refresh->positions, top);
        }
    }
  g_clear_pointer (&refresh->shown, g_ptr_array_unref);
  g_task_return_boolean (task, TRUE);
}

/* Puts what the re-read found into the list; FALSE when nothing changed. */
static gboolean
update_articles (BylineWindow *self,
                 Refresh      *refresh)
{
  gboolean changed;

  self->selecting = TRUE;
  if (refresh->listed != NULL)
    {
      g_list_store_splice (self->articles, 0, g_list_model_get_n_items (G_LIST_MODEL (self->articles)),
                           refresh->listed->pdata, refresh->listed->len);
      changed = TRUE;
    }
  else
    {
      for (guint i = 0; i < refresh->positions->len; i++)
        g_list_store_splice (self->articles, g_array_index (refresh->positions, guint, i), 1,
                             &g_ptr_array_index (refresh->replaced, i), 1);
      changed = refresh->positions->len > 0;
    }
  self->selecting = FALSE;

  if (changed)
    {
      select_current (self);
      take_listed_sync_state (self);
    }
  return changed;
}

static gboolean
summary_listed (BylineWindow *self,
                const char   *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->articles));

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(BylineArticleSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->articles), i);

      if (g_strcmp0 (byline_article_summary_get_id (summary), id) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
list_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BylineWindow) self = BYLINE_WINDOW (object);
  Refresh *refresh = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean first;

  self->listing = FALSE;
  first = self->first_list;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        byline_window_show_toast (self, error->message);
      self->first_list = FALSE;
      update_list_page (self);
      return;
    }

  if (refresh->list_all)
    {
      refresh_list (self);
      return;
    }

  if (!update_articles (self, refresh) && first)
    take_listed_sync_state (self);
  self->first_list = FALSE;
  update_list_page (self);

  if (first && self->article == NULL)
    {
      g_autofree char *last = NULL;
      const char *id = self->open_on_start;
      g_autoptr(BylineArticleSummary) top = NULL;

      if (id == NULL && self->settings != NULL)
        {
          last = g_settings_get_string (self->settings, "last-article-id");
          if (summary_listed (self, last))
            id = last;
        }
      if (id == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->articles)) > 0)
        {
          top = g_list_model_get_item (G_LIST_MODEL (self->articles), 0);
          id = byline_article_summary_get_id (top);
        }

      if (id != NULL)
        byline_window_open_article_id (self, id);
      else
        gtk_stack_set_visible_child_name (self->editor_stack, "none");
    }

  if (self->list_again)
    {
      self->list_again = FALSE;
      refresh_list (self);
    }
}

/* Reads the store again on a worker (@thread) against the rows @shown,
 * taken; list_done() puts what changed in place. */
static void
start_refresh (BylineWindow    *self,
               GPtrArray       *shown,
               GTaskThreadFunc  thread,
               const char      *name)
{
  g_autoptr(GTask) task = NULL;
  Refresh *refresh;

  self->listing = TRUE;
  refresh = g_new0 (Refresh, 1);
  refresh->store = g_object_ref (self->store);
  refresh->shown = shown;

  /* The task holds the window until the re-read is back */
  task = g_task_new (g_object_ref (self), self->cancellable, list_done, NULL);
  g_task_set_source_tag (task, start_refresh);
  g_task_set_name (task, name);
  g_task_set_task_data (task, refresh, (GDestroyNotify) refresh_free);
  g_task_run_in_thread (task, thread);
}

static void
refresh_list (BylineWindow *self)
{
  GPtrArray *shown;
  guint n;

  if (!self->started)
    return;

  if (self->listing)
    {
      self->list_again = TRUE;
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->articles));
  shown = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (shown, g_list_model_get_item (G_LIST_MODEL (self->articles), i));

  start_refresh (self, shown, refresh_thread, "[byline] list articles");
}

/* A save of the article at the top of the list (the one being typed into:
 * a save a second) changes that row alone, so only it is read again, not
 * the whole store.  FALSE when the article is not the top row. */
static gboolean
refresh_top_row (BylineWindow *self,
                 const char   *id)
{
  g_autoptr(BylineArticleSummary) top = NULL;
  GPtrArray *shown;

  if (!self->started || self->listing ||
      g_list_model_get_n_items (G_LIST_MODEL (self->articles)) == 0)
    return FALSE;

  top = g_list_model_get_item (G_LIST_MODEL (self->articles), 0);
  if (g_strcmp0 (byline_article_summary_get_id (top), id) != 0)
    return FALSE;

  shown = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (shown, g_steal_pointer (&top));
  start_refresh (self, shown, top_row_thread, "[byline] list the top article");
  return TRUE;
}

static void
on_articles_changed (BylineWindow       *self,
                     const char * const *ids)
{
  if (ids != NULL && ids[0] != NULL && ids[1] == NULL && refresh_top_row (self, ids[0]))
    return;
  refresh_list (self);
}

static gboolean
filter_article (gpointer item,
                gpointer user_data)
{
  BylineWindow *self = user_data;
  const char *headline;
  g_autofree char *folded = NULL;

  if (self->search_casefold == NULL || self->search_casefold[0] == '\0')
    return TRUE;

  headline = byline_article_summary_get_headline (item);
  if (headline == NULL)
    return FALSE;

  folded = g_utf8_casefold (headline, -1);
  return strstr (folded, self->search_casefold) != NULL;
}

static void
on_search_changed (BylineWindow   *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_free (self->search_casefold);
  self->search_casefold = g_utf8_casefold (stripped, -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  select_current (self);
  update_list_page (self);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (item, byline_article_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  byline_article_row_set_summary (BYLINE_ARTICLE_ROW (gtk_list_item_get_child (item)),
                                  gtk_list_item_get_item (item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  byline_article_row_set_summary (BYLINE_ARTICLE_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
on_selected_changed (BylineWindow       *self,
                     GParamSpec         *pspec,
                     GtkSingleSelection *selection)
{
  BylineArticleSummary *summary;

  if (self->selecting)
    return;

  summary = gtk_single_selection_get_selected_item (selection);
  if (summary == NULL)
    return;

  byline_window_open_article_id (self, byline_article_summary_get_id (summary));
  adw_leaflet_set_visible_child (self->leaflet, self->editor_pane);
}

static void
on_list_activate (BylineWindow *self,
                  guint         position,
                  GtkListView  *list)
{
  adw_leaflet_set_visible_child (self->leaflet, self->editor_pane);
}

/* The open article */

static void
update_title (BylineWindow *self)
{
  const char *headline = self->article ? byline_article_get_headline (self->article) : NULL;

  if (self->article == NULL)
    adw_window_title_set_title (self->window_title, _("Byline"));
  else if (headline == NULL || headline[0] == '\0')
    adw_window_title_set_title (self->window_title, _("Untitled article"));
  else
    adw_window_title_set_title (self->window_title, headline);
}

/* Sync state of the open article */

static void
set_sync_state (BylineWindow    *self,
                BylineSyncState  state,
                const char      *message)
{
  g_free (self->sync_message);
  self->sync_message = g_strdup (message);
  self->sync_state = state;

  if (state == BYLINE_SYNC_STATE_CONFLICT)
    gtk_label_set_label (self->conflict_label,
                         message ? message : _("Nothing is sent to the site until you choose what the article should say."));
  gtk_revealer_set_reveal_child (self->conflict_revealer,
                                 self->article != NULL && state == BYLINE_SYNC_STATE_CONFLICT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resolve-conflict",
                                 self->article != NULL && state == BYLINE_SYNC_STATE_CONFLICT);
  update_save_state (self);
}

/* The store's word on the open article (the list), with the engine's
 * message when the engine last said the same */
static void
take_listed_sync_state (BylineWindow *self)
{
  const char *id = self->article ? byline_article_get_id (self->article) : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->articles));
  BylineSyncState state = BYLINE_SYNC_STATE_LOCAL;
  BylineSyncState engine_state;
  const char *message = NULL;
  gboolean found = FALSE;

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(BylineArticleSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->articles), i);

      if (g_strcmp0 (byline_article_summary_get_id (summary), id) == 0)
        {
          state = byline_article_summary_get_sync_state (summary);
          found = TRUE;
          break;
        }
    }
  if (!found && id != NULL)
    return;   /* Not listed yet (new): keep what we know */

  if (id != NULL && self->sync != NULL
      && byline_sync_controller_lookup_state (self->sync, id, &engine_state, &message)
      && engine_state != state)
    message = NULL;
  if (state == self->sync_state && message == NULL)
    message = self->sync_message;

  if (state != self->sync_state || g_strcmp0 (message, self->sync_message) != 0 || id == NULL)
    {
      g_autofree char *copy = g_strdup (message);
      set_sync_state (self, state, copy);
    }
}

/* The related panel searches and checks links on the default account's
 * site, once its engine runs. */
static void
update_related_cms (BylineWindow *self)
{
  g_autofree char *account = NULL;
  g_autoptr(BylineCms) cms = NULL;
  BylineSyncEngine *engine = NULL;

  /* Made with the editor, which asks again then */
  if (self->editor == NULL)
    return;

  if (self->sync != NULL && (account = byline_sync_controller_dup_default_account (self->sync)) != NULL)
    engine = byline_sync_controller_get_engine (self->sync, account);
  if (engine != NULL)
    g_object_get (engine, "cms", &cms, NULL);
  byline_related_panel_set_cms (self->related_panel, cms, cms != NULL ? account : NULL);
  byline_article_editor_set_cms (self->editor, cms);
  /* The article syncs with the default account: its newsroom limits apply */
  byline_headline_panel_set_account (self->headline_panel, account);
  byline_checks_panel_set_account (self->checks_panel, account);
}

static void
on_article_sync_state (BylineWindow         *self,
                       const char           *id,
                       guint                 state,
                       const char           *message,
                       BylineSyncController *controller)
{
  if (self->article != NULL && g_strcmp0 (byline_article_get_id (self->article), id) == 0)
    {
      set_sync_state (self, state, message);
      /* Live references: after a sync, look at what the cards point to */
      if (state == BYLINE_SYNC_STATE_SYNCED && self->editor != NULL)
        {
          update_related_cms (self);
          byline_related_panel_check_links (self->related_panel);
        }
    }
}

static gboolean
on_save_late (gpointer data)
{
  BylineWindow *self = data;

  self->save_late_source = 0;
  self->save_late = TRUE;
  update_save_state (self);
  return G_SOURCE_REMOVE;
}

static void
update_save_state (BylineWindow *self)
{
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  if (self->autosave == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, "");
      if (gtk_widget_get_tooltip_text (GTK_WIDGET (self->window_title)) != NULL)
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), NULL);
      return;
    }

  switch (byline_autosave_get_state (self->autosave))
    {
    case BYLINE_AUTOSAVE_SAVED:
      g_clear_handle_id (&self->save_late_source, g_source_remove);
      self->save_late = FALSE;
      text = g_strdup (_("Saved"));
      break;
    case BYLINE_AUTOSAVE_UNSAVED:
    case BYLINE_AUTOSAVE_SAVING:
      /* Autosave writes every change within a second.  While it keeps up
       * the title stays "Saved", rather than flickering every second as
       * the journalist types (each new subtitle also lays the whole
       * window out again, a keystroke's worth of time); a change still
       * unsaved after SAVE_LATE_MS says "Saving…" */
      if (self->save_late)
        text = g_strdup (_("Saving…"));
      else
        {
          if (self->save_late_source == 0)
            self->save_late_source = g_timeout_add (SAVE_LATE_MS, on_save_late, self);
          text = g_strdup (_("Saved"));
        }
      break;
    case BYLINE_AUTOSAVE_FAILED:
    default:
      text = g_strdup_printf (_("Not saved: %s"),
                              byline_autosave_get_error (self->autosave) ?: _("unknown error"));
      break;
    }

  /* An article never synced says nothing about sync: most are like that
   * until an account is added */
  if (self->sync_state != BYLINE_SYNC_STATE_LOCAL)
    {
      /* TRANSLATORS: the save state, then the sync state: "Saved · Synced" */
      g_autofree char *both = g_strdup_printf (_("%s · %s"), text, byline_sync_state_label (self->sync_state));

      g_free (text);
      text = g_steal_pointer (&both);
      if (self->sync_message != NULL && *self->sync_message != '\0')
        {
          if (self->sync_state == BYLINE_SYNC_STATE_ERROR)
            tooltip = g_strdup_printf (_("Sync failed: %s"), self->sync_message);
          else
            tooltip = g_strdup (self->sync_message);
        }
      else
        tooltip = g_strdup (byline_sync_state_label (self->sync_state));
    }

  adw_window_title_set_subtitle (self->window_title, text);
  /* Setting a tooltip asks the X server where the pointer is, even when
   * it is the same tooltip: each autosave would wait for that */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self->window_title)), tooltip) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), tooltip);
  {
    g_autofree char *description = tooltip ? g_strdup_printf ("%s. %s", text, tooltip) : g_strdup (text);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->window_title),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
  }
}

/* Sync's changes overlapped with what was typed meanwhile: the conflict
 * bar (with its Resolve button) says so; a toast would only repeat it */
static void
on_autosave_merged (BylineWindow   *self,
                    gboolean        conflict,
                    const char     *message,
                    BylineAutosave *autosave)
{
  if (conflict)
    set_sync_state (self, BYLINE_SYNC_STATE_CONFLICT, message);
}

static void
on_editor_autosave (BylineWindow        *self,
                    GParamSpec          *pspec,
                    BylineArticleEditor *editor)
{
  if (self->autosave != NULL)
    g_signal_handlers_disconnect_by_data (self->autosave, self);
  g_clear_handle_id (&self->save_late_source, g_source_remove);
  self->save_late = FALSE;
  g_set_object (&self->autosave, byline_article_editor_get_autosave (editor));
  if (self->autosave != NULL)
    {
      /* The binding goes with the autosave */
      if (self->settings != NULL)
        g_settings_bind (self->settings, "autosave-delay", self->autosave, "delay", G_SETTINGS_BIND_GET);

      g_signal_connect_object (self->autosave, "notify::state",
                               G_CALLBACK (update_save_state), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->autosave, "merged",
                               G_CALLBACK (on_autosave_merged), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->autosave, "notify::error",
                               G_CALLBACK (update_save_state), self, G_CONNECT_SWAPPED);
    }
  update_save_state (self);
}

static void
open_article (BylineWindow  *self,
              BylineArticle *article)
{
  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);
  g_set_object (&self->article, article);

  if (article != NULL)
    ensure_editor (self);
  if (self->editor != NULL)
    {
      byline_article_editor_set_article (self->editor, article);
      byline_headline_panel_set_article (self->headline_panel, article);
      byline_checks_panel_set_article (self->checks_panel, article);
      byline_image_panel_set_article (self->image_panel, article);
      update_related_cms (self);
      byline_related_panel_set_article (self->related_panel, article);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.submit-for-review", article != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-ninjs", article != NULL);

  if (article != NULL)
    {
      g_signal_connect_object (article, "notify::headline",
                               G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
      gtk_stack_set_visible_child_name (self->editor_stack, "editor");
      adw_leaflet_set_visible_child (self->leaflet, self->editor_pane);
      if (self->settings != NULL)
        g_settings_set_string (self->settings, "last-article-id", byline_article_get_id (article));
    }
  else
    {
      gtk_stack_set_visible_child_name (self->editor_stack, "none");
      adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
    }

  update_title (self);
  select_current (self);
  set_sync_state (self, BYLINE_SYNC_STATE_LOCAL, NULL);
  take_listed_sync_state (self);
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GError) error = NULL;

  article = byline_store_load_finish (BYLINE_STORE (object), result, &error);
  if (article == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        byline_window_show_toast (self, error->message);
      return;
    }

  /* Another click may have opened it already */
  if (self->article != NULL
      && g_strcmp0 (byline_article_get_id (self->article), byline_article_get_id (article)) == 0)
    return;

  open_article (self, article);
}

void
byline_window_open_article_id (BylineWindow *self,
                               const char   *id)
{
  g_return_if_fail (BYLINE_IS_WINDOW (self));
  g_return_if_fail (id != NULL);

  if (self->article != NULL && g_strcmp0 (byline_article_get_id (self->article), id) == 0)
    return;

  byline_store_load_async (self->store, id, self->cancellable, load_done, g_object_ref (self));
}

/* Actions */

static void
new_saved (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!byline_store_save_finish (BYLINE_STORE (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    byline_window_show_toast (self, error->message);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;

  if (!self->started)
    return;

  article = byline_article_new ();
  /* Written in the newsroom's usual language unless set otherwise */
  if (self->settings != NULL)
    {
      g_autofree char *language = g_settings_get_string (self->settings, "default-language");

      if (language[0] != '\0')
        byline_article_set_language (article, language);
    }
  open_article (self, article);
  adw_leaflet_set_visible_child (self->leaflet, self->editor_pane);
  byline_article_editor_focus_headline (self->editor);

  /* In the list at once, even before the first keystroke */
  snapshot = byline_article_snapshot (article);
  byline_store_save_async (self->store, snapshot, self->cancellable, new_saved, g_object_ref (self));
}

typedef struct
{
  BylineWindow *self;
  char         *id;
  char         *headline;
} TrashData;

static void
trash_data_free (TrashData *data)
{
  g_clear_object (&data->self);
  g_free (data->id);
  g_free (data->headline);
  g_free (data);
}

static void
untrash_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  TrashData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!byline_store_trash_finish (BYLINE_STORE (object), result, &error))
    byline_window_show_toast (data->self, error->message);
  else
    byline_window_open_article_id (data->self, data->id);
  trash_data_free (data);
}

static void
on_undo_trash (AdwToast  *toast,
               TrashData *data)
{
  TrashData *copy = g_new0 (TrashData, 1);

  copy->self = g_object_ref (data->self);
  copy->id = g_strdup (data->id);
  byline_store_trash_async (data->self->store, data->id, FALSE, data->self->cancellable,
                            untrash_done, copy);
}

static void
trash_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  TrashData *data = user_data;
  BylineWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (!byline_store_trash_finish (BYLINE_STORE (object), result, &error))
    {
      byline_window_show_toast (self, error->message);
      trash_data_free (data);
      return;
    }

  escaped = g_markup_escape_text (data->headline && *data->headline
                                  ? data->headline : _("Untitled article"), -1);
  title = g_strdup_printf (_("“%s” moved to trash"), escaped);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_trash),
                         data, (GClosureNotify) (void (*) (void)) trash_data_free, 0);
  g_set_object (&self->last_toast, toast);
  adw_toast_overlay_add_toast (byline_window_get_toast_overlay (self), toast);
}

static void
trash_after_flush (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TrashData *data = user_data;
  g_autoptr(GError) error = NULL;

  /* The article goes to the trash as last typed, or not at all */
  if (!byline_article_editor_flush_finish (BYLINE_ARTICLE_EDITOR (object), result, &error))
    {
      byline_window_show_toast (data->self, error->message);
      trash_data_free (data);
      return;
    }

  if (data->self->article != NULL
      && g_strcmp0 (byline_article_get_id (data->self->article), data->id) == 0)
    open_article (data->self, NULL);

  byline_store_trash_async (data->self->store, data->id, TRUE, data->self->cancellable,
                            trash_done, data);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);
  TrashData *data;

  if (self->article == NULL)
    return;

  data = g_new0 (TrashData, 1);
  data->self = g_object_ref (self);
  data->id = g_strdup (byline_article_get_id (self->article));
  data->headline = g_strdup (byline_article_get_headline (self->article));
  byline_article_editor_flush_async (self->editor, self->cancellable, trash_after_flush, data);
}

/* Shows the open checks first (in the checks panel's dialog) */
static void
submit_for_review_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);

  if (self->article != NULL)
    byline_checks_panel_submit_for_review (self->checks_panel);
}

/* The switcher's button of the panel on top */
static GtkWidget *
sidebar_focus_target (BylineWindow *self)
{
  for (GtkWidget *button = gtk_widget_get_first_child (self->sidebar_switcher);
       button != NULL;
       button = gtk_widget_get_next_sibling (button))
    if (GTK_IS_TOGGLE_BUTTON (button) && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)))
      return button;
  return NULL;
}

static void
focus_sidebar (BylineWindow *self)
{
  GtkWidget *target = sidebar_focus_target (self);

  if (target == NULL || !gtk_widget_grab_focus (target))
    gtk_widget_child_focus (gtk_widget_get_parent (GTK_WIDGET (self->sidebar_stack)), GTK_DIR_TAB_FORWARD);
}

static void
on_sidebar_mapped (BylineWindow *self,
                   GtkWidget    *sidebar)
{
  g_signal_handlers_disconnect_by_func (sidebar, on_sidebar_mapped, self);
  focus_sidebar (self);
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *sidebar = gtk_widget_get_parent (GTK_WIDGET (self->sidebar_stack));

  /* F9 takes the keyboard with it: opening, to the switcher's button of
   * the panel on top (a screen reader says which panel it is, Tab goes
   * into it); closing, back to the body, where the focus was before or
   * else would be lost in a hidden sidebar */
  if (!adw_flap_get_reveal_flap (self->flap))
    {
      adw_flap_set_reveal_flap (self->flap, TRUE);
      /* Only once the sidebar is on screen: focusing a widget that was
       * never mapped crashes GTK 4.8's AT-SPI bridge (the widget has no
       * accessible object path yet), which the a11y-e2e test caught */
      g_signal_handlers_disconnect_by_func (sidebar, on_sidebar_mapped, self);
      if (gtk_widget_get_mapped (sidebar))
        focus_sidebar (self);
      else
        g_signal_connect_object (sidebar, "map", G_CALLBACK (on_sidebar_mapped), self, G_CONNECT_SWAPPED);
    }
  else
    {
      g_signal_handlers_disconnect_by_func (sidebar, on_sidebar_mapped, self);
      if (self->editor != NULL
          && (focus == NULL || focus == GTK_WIDGET (self) || gtk_widget_is_ancestor (focus, sidebar)))
        gtk_widget_grab_focus (GTK_WIDGET (byline_article_editor_get_body_view (self->editor)));
      adw_flap_set_reveal_flap (self->flap, FALSE);
    }
}

static void
find_article_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  /* Ctrl+F is the application's accelerator, which GTK runs before the
   * editor sees the key: in the editor it finds in the article */
  if (focus != NULL && self->editor != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->editor)))
    {
      gtk_widget_activate_action (GTK_WIDGET (self->editor), "editor.find", NULL);
      return;
    }

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

static void
on_history_restored (BylineWindow  *self,
                     BylineArticle *article)
{
  /* The restored version replaces what the editor held; the editor's own
   * copy was flushed before the history opened */
  open_article (self, article);
  byline_window_show_toast (self, _("Earlier version restored"));
}

static void
history_after_flush (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *history;

  if (!byline_article_editor_flush_finish (BYLINE_ARTICLE_EDITOR (object), result, &error))
    {
      byline_window_show_toast (self, error->message);
      return;
    }
  if (self->article == NULL)
    return;

  history = byline_history_window_new (GTK_WINDOW (self), self->store,
                                       byline_article_get_id (self->article));
  g_signal_connect_object (history, "restored",
                           G_CALLBACK (on_history_restored), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (history));
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);

  if (self->article == NULL)
    return;

  byline_article_editor_flush_async (self->editor, self->cancellable,
                                     history_after_flush, g_object_ref (self));
}

/* Sync */

static void
sync_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!byline_sync_controller_sync_finish (BYLINE_SYNC_CONTROLLER (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        byline_window_show_toast (self, error->message);
    }
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);
  g_autofree char *account = NULL;
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;

  if (self->article == NULL)
    return;

  /* Pushing again would only find the same conflict */
  if (self->sync_state == BYLINE_SYNC_STATE_CONFLICT)
    {
      gtk_widget_activate_action (widget, "win.resolve-conflict", NULL);
      return;
    }

  if (self->sync != NULL)
    account = byline_sync_controller_dup_default_account (self->sync);
  if (account == NULL)
    {
      AdwToast *toast = adw_toast_new (_("Add a WordPress account in Preferences to sync"));

      adw_toast_set_button_label (toast, _("_Preferences"));
      adw_toast_set_action_name (toast, "app.preferences");
      g_set_object (&self->last_toast, toast);
      adw_toast_overlay_add_toast (byline_window_get_toast_overlay (self), toast);
      return;
    }

  /* Saved as it is now and queued in one transaction: the engine sends
   * the stored article, so nothing typed before the click is left out */
  snapshot = byline_article_snapshot (self->article);
  set_sync_state (self, BYLINE_SYNC_STATE_PENDING, NULL);
  byline_sync_controller_sync_async (self->sync, snapshot, account, self->cancellable,
                                     sync_done, g_object_ref (self));
}

static void
on_article_merged (BylineWindow         *self,
                   const char           *id,
                   BylineSyncController *controller)
{
  /* The editor's autosave merges the stored result into the open article
   * in place, keeping whatever was typed meanwhile */
  if (self->article != NULL && g_strcmp0 (byline_article_get_id (self->article), id) == 0)
    byline_window_show_toast (self, _("Merged with changes made on the site"));
}

static void
on_account_failed (BylineWindow         *self,
                   const char           *account,
                   const char           *message,
                   BylineSyncController *controller)
{
  g_autofree char *text = g_strdup_printf (_("Cannot sync with “%s”: %s"), account, message);

  byline_window_show_toast (self, text);
}

typedef struct
{
  BylineWindow *self;
  char         *account;
} ResolveData;

static void
resolve_data_free (gpointer data)
{
  ResolveData *resolve = data;

  g_clear_object (&resolve->self);
  g_free (resolve->account);
  g_free (resolve);
}

static void
resolve_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!byline_sync_controller_resolve_finish (BYLINE_SYNC_CONTROLLER (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        byline_window_show_toast (self, error->message);
      return;
    }

  /* The open article takes the resolution in through its autosave */
  set_sync_state (self, BYLINE_SYNC_STATE_PENDING, NULL);
  byline_window_show_toast (self, _("Conflict resolved: sending your version to the site"));
}

static void
on_conflict_resolved (ResolveData   *data,
                      BylineArticle *merged)
{
  BylineWindow *self = data->self;

  if (self->sync == NULL)
    return;
  byline_sync_controller_resolve_async (self->sync, data->account, merged, self->cancellable,
                                        resolve_done, g_object_ref (self));
}

static void
conflict_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  g_autoptr(BylineArticle) base = NULL;
  g_autoptr(BylineArticle) mine = NULL;
  g_autoptr(BylineArticle) theirs = NULL;
  g_autoptr(GError) error = NULL;
  ResolveData *data;
  GtkWidget *window;
  char *account = NULL;

  if (!byline_sync_controller_load_conflict_finish (BYLINE_SYNC_CONTROLLER (object), result,
                                                    &base, &mine, &theirs, &account, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        byline_window_show_toast (self, error->message);
      return;
    }

  data = g_new0 (ResolveData, 1);
  data->self = g_object_ref (self);
  data->account = account;
  window = byline_conflict_window_new (GTK_WINDOW (self), base, mine, theirs);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  g_signal_connect_data (window, "resolved", G_CALLBACK (on_conflict_resolved),
                         data, (GClosureNotify) (void (*) (void)) resolve_data_free, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

static void
resolve_after_flush (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The conflict view shows the article as stored: store it as typed */
  if (!byline_article_editor_flush_finish (BYLINE_ARTICLE_EDITOR (object), result, &error))
    {
      byline_window_show_toast (self, error->message);
      return;
    }
  if (self->article == NULL || self->sync == NULL)
    return;

  byline_sync_controller_load_conflict_async (self->sync, byline_article_get_id (self->article),
                                              self->cancellable, conflict_loaded, g_object_ref (self));
}

static void
resolve_conflict_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);

  if (self->article == NULL || self->sync == NULL)
    return;

  byline_article_editor_flush_async (self->editor, self->cancellable,
                                     resolve_after_flush, g_object_ref (self));
}

BylineSyncController *
byline_window_get_sync_controller (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);
  return self->sync;
}

void
byline_window_set_sync_controller (BylineWindow         *self,
                                   BylineSyncController *controller)
{
  g_return_if_fail (BYLINE_IS_WINDOW (self));
  g_return_if_fail (!controller || BYLINE_IS_SYNC_CONTROLLER (controller));

  if (self->sync == controller)
    return;

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, controller);
  if (controller != NULL)
    {
      g_signal_connect_object (controller, "article-state-changed",
                               G_CALLBACK (on_article_sync_state), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "merged",
                               G_CALLBACK (on_article_merged), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "account-failed",
                               G_CALLBACK (on_account_failed), self, G_CONNECT_SWAPPED);
    }
  byline_remote_list_set_sync_controller (self->remote_list, controller);
  take_listed_sync_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_CONTROLLER]);
}

/* The site's articles: a local copy was made (or found); edit it here */
static void
on_remote_article_opened (BylineWindow     *self,
                          const char       *id,
                          BylineRemoteList *remote_list)
{
  gtk_stack_set_visible_child_name (self->source_stack, "local");
  byline_window_open_article_id (self, id);
}

/* Window life */

static gboolean
close_now (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
on_unsaved_response (BylineWindow     *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  g_clear_weak_pointer (&self->unsaved_dialog);
  if (g_strcmp0 (response, "discard") != 0)
    return;

  /* Once the dialog has gone: it is the window's child */
  self->close_ready = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_now, g_object_ref (self), g_object_unref);
}

/* The autosave could not write the latest text: closing now would lose it,
 * so ask first */
static void
ask_close_unsaved (BylineWindow *self,
                   const char   *message)
{
  AdwMessageDialog *dialog;

  if (self->unsaved_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->unsaved_dialog));
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Your latest changes are not saved"),
                                                       NULL));
  adw_message_dialog_format_body (dialog, "%s", message ? message : _("Byline could not save the article."));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep Editing"),
                                    "discard", _("Close _Without Saving"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_unsaved_response), self, G_CONNECT_SWAPPED);
  self->unsaved_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->unsaved_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_after_flush (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->closing = FALSE;
  if (!byline_article_editor_flush_finish (BYLINE_ARTICLE_EDITOR (object), result, &error))
    {
      ask_close_unsaved (self, error->message);
      return;
    }

  self->close_ready = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
byline_window_close_request (GtkWindow *window)
{
  BylineWindow *self = BYLINE_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (!adw_flap_get_folded (self->flap))
        g_settings_set_boolean (self->settings, "sidebar-visible", adw_flap_get_reveal_flap (self->flap));
      g_settings_apply (self->settings);
    }

  if (!self->close_ready)
    {
      /* Saved already: the flush completes at once and the window goes */
      if (self->editor == NULL)
        {
          /* No article was ever open here: nothing to save */
          self->close_ready = TRUE;
          return GTK_WINDOW_CLASS (byline_window_parent_class)->close_request (window);
        }
      if (!self->closing && self->unsaved_dialog == NULL)
        {
          self->closing = TRUE;
          byline_article_editor_flush_async (self->editor, NULL, close_after_flush, g_object_ref (self));
        }
      else if (self->unsaved_dialog != NULL)
        gtk_window_present (GTK_WINDOW (self->unsaved_dialog));
      return TRUE;
    }

  return GTK_WINDOW_CLASS (byline_window_parent_class)->close_request (window);
}

void
byline_window_start (BylineWindow *self,
                     const char   *article_id)
{
  g_return_if_fail (BYLINE_IS_WINDOW (self));

  g_free (self->open_on_start);
  self->open_on_start = g_strdup (article_id);

  if (self->started)
    {
      if (article_id != NULL)
        byline_window_open_article_id (self, article_id);
      return;
    }

  self->started = TRUE;
  self->first_list = TRUE;
  g_signal_connect_object (self->store, "articles-changed",
                           G_CALLBACK (on_articles_changed), self, G_CONNECT_SWAPPED);
  refresh_list (self);
  update_list_page (self);
}

void
byline_window_show_store_error (BylineWindow *self,
                                const GError *error)
{
  g_autofree char *escaped = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (BYLINE_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  escaped = g_markup_escape_text (error->message, -1);
  if (g_error_matches (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NEWER_SCHEMA))
    description = g_strdup_printf (_("%s\n\nA newer version of Byline wrote these articles. Nothing was changed; update Byline to open them."),
                                   escaped);
  else if (g_error_matches (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_CORRUPT))
    description = g_strdup_printf (_("%s\n\nByline kept a copy of the damaged file and changed nothing in it."),
                                   escaped);
  else
    description = g_strdup_printf (_("%s\n\nNothing was changed."), escaped);

  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

/* From an image's card in the panel to the image in the story, and back */
static void
on_panel_show_image (BylineWindow *self,
                     BylineImage  *image,
                     BylineBlock  *block)
{
  byline_article_editor_show_image (self->editor, block);
}

static void
on_body_show_in_panel (BylineWindow *self,
                       BylineImage  *image)
{
  adw_flap_set_reveal_flap (self->flap, TRUE);
  gtk_stack_set_visible_child_name (self->sidebar_stack, "images");
  byline_image_panel_focus_image (self->image_panel, image);
}

/* The sidebar's switcher shows each panel as an icon (its title is the
 * tooltip and the accessible name): four labels would not fit a phone's
 * 360 px, and the sidebar covers the editor there anyway. */
static void
add_sidebar_panel (BylineWindow *self,
                   GtkWidget    *panel,
                   const char   *name,
                   const char   *title,
                   const char   *icon_name)
{
  GtkStackPage *page = gtk_stack_add_titled (self->sidebar_stack, panel, name, title);

  gtk_stack_page_set_icon_name (page, icon_name);
}

static void
on_insert_card (BylineWindow   *self,
                BylineStoryRef *ref)
{
  if (byline_article_editor_insert_card (self->editor, ref))
    gtk_widget_grab_focus (GTK_WIDGET (byline_article_editor_get_body_view (self->editor)));
}

static void
byline_window_constructed (GObject *object)
{
  BylineWindow *self = (BylineWindow *)object;

  G_OBJECT_CLASS (byline_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;

      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
      if (schema != NULL)
        self->settings = g_settings_new (SETTINGS_SCHEMA_ID);
    }

  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      adw_flap_set_reveal_flap (self->flap, g_settings_get_boolean (self->settings, "sidebar-visible"));
    }
}

/* The editor and the sidebar's panels are made when the first article
 * opens, not with the window: until then the window shows the list and
 * "No Article Open", and making them (and GtkStack measuring them while
 * hidden) was a fifth of the time to the window's first frame. */
static void
ensure_editor (BylineWindow *self)
{
  GtkWidget *panel;

  if (self->editor != NULL)
    return;

  self->editor = BYLINE_ARTICLE_EDITOR (byline_article_editor_new (self->store));
  byline_article_editor_set_settings (self->editor, self->settings);
  adw_flap_set_content (self->flap, GTK_WIDGET (self->editor));
  g_signal_connect_object (self->editor, "notify::autosave",
                           G_CALLBACK (on_editor_autosave), self, G_CONNECT_SWAPPED);

  panel = byline_headline_panel_new ();
  self->headline_panel = BYLINE_HEADLINE_PANEL (panel);
  add_sidebar_panel (self, panel, "headline", _("Headline"), "format-text-bold-symbolic");

  panel = byline_checks_panel_new ();
  self->checks_panel = BYLINE_CHECKS_PANEL (panel);
  add_sidebar_panel (self, panel, "checks", _("Checks"), "emblem-ok-symbolic");
  byline_checks_panel_set_targets (self->checks_panel, self->editor, self->headline_panel);
  if (self->settings != NULL)
    {
      byline_headline_panel_bind_settings (self->headline_panel, self->settings);
      byline_checks_panel_bind_settings (self->checks_panel, self->settings);
    }
  panel = byline_image_panel_new (self->store, byline_article_editor_get_spell_checker (self->editor));
  self->image_panel = BYLINE_IMAGE_PANEL (panel);
  add_sidebar_panel (self, panel, "images", _("Images"), "image-x-generic-symbolic");
  g_signal_connect_object (panel, "show-image", G_CALLBACK (on_panel_show_image), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (byline_article_editor_get_body_images (self->editor), "show-in-panel",
                           G_CALLBACK (on_body_show_in_panel), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (byline_article_editor_get_body_images (self->editor), "message",
                           G_CALLBACK (byline_window_show_toast), self, G_CONNECT_SWAPPED);

  panel = byline_related_panel_new (self->store);
  self->related_panel = BYLINE_RELATED_PANEL (panel);
  add_sidebar_panel (self, panel, "related", _("Related"), "insert-link-symbolic");
  byline_checks_panel_set_related_panel (self->checks_panel, self->related_panel);
  g_signal_connect_object (panel, "insert-card", G_CALLBACK (on_insert_card), self, G_CONNECT_SWAPPED);

  update_related_cms (self);
}

/* Keyboard Shortcuts.  Not at GTK's own place (gtk/help-overlay.ui), where
 * GtkApplication parses it for every window it adds: that was a fifth of
 * building the window at start-up, for a window rarely opened. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);

  if (self->shortcuts_window == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/byline/Byline/byline-shortcuts-window.ui");

      self->shortcuts_window = g_object_ref (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
      gtk_window_set_transient_for (self->shortcuts_window, GTK_WINDOW (self));
      gtk_window_set_hide_on_close (self->shortcuts_window, TRUE);
    }
  gtk_window_present (self->shortcuts_window);
}

static void
byline_window_dispose (GObject *object)
{
  BylineWindow *self = (BylineWindow *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);
  if (self->autosave != NULL)
    g_signal_handlers_disconnect_by_data (self->autosave, self);

  g_clear_handle_id (&self->save_late_source, g_source_remove);
  if (self->shortcuts_window != NULL)
    gtk_window_destroy (self->shortcuts_window);
  g_clear_object (&self->shortcuts_window);

  if (self->unsaved_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->unsaved_dialog));
  g_clear_weak_pointer (&self->unsaved_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_WINDOW);

  g_clear_object (&self->article);
  g_clear_object (&self->autosave);
  g_clear_object (&self->last_toast);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  g_clear_pointer (&self->sync_message, g_free);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->search_casefold, g_free);
  g_clear_pointer (&self->open_on_start, g_free);

  G_OBJECT_CLASS (byline_window_parent_class)->dispose (object);
}

static void
byline_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BylineWindow *self = BYLINE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_SYNC_CONTROLLER:
      g_value_set_object (value, self->sync);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BylineWindow *self = BYLINE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_SYNC_CONTROLLER:
      byline_window_set_sync_controller (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_window_class_init (BylineWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = byline_window_constructed;
  object_class->dispose = byline_window_dispose;
  object_class->get_property = byline_window_get_property;
  object_class->set_property = byline_window_set_property;
  window_class->close_request = byline_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         BYLINE_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /* Sync is off without one (tests, no settings schema) */
  properties[PROP_SYNC_CONTROLLER] =
    g_param_spec_object ("sync-controller", NULL, NULL,
                         BYLINE_TYPE_SYNC_CONTROLLER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/byline/Byline/byline-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, editor_toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, list_pane);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, editor_pane);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, article_list);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, source_stack);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, remote_list);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, sidebar_switcher);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, conflict_revealer);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, conflict_label);

  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.find-article", NULL, find_article_action);
  gtk_widget_class_install_action (widget_class, "win.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "win.resolve-conflict", NULL, resolve_conflict_action);
  gtk_widget_class_install_action (widget_class, "win.submit-for-review", NULL, submit_for_review_action);
  byline_window_files_class_init (widget_class);

  /* Also without an application (tests); the app sets the same accels */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK, "win.show-help-overlay", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find-article", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.sync", NULL);
}

static void
byline_window_init (BylineWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkEventController *shortcuts;

  g_type_ensure (ADW_TYPE_LEAFLET);
  g_type_ensure (ADW_TYPE_FLAP);
  g_type_ensure (BYLINE_TYPE_REMOTE_LIST);
  gtk_widget_init_template (GTK_WIDGET (self));
  byline_a11y_fix_mnemonic_buttons (GTK_WIDGET (self));
  g_signal_connect_object (self->remote_list, "article-opened",
                           G_CALLBACK (on_remote_article_opened), self, G_CONNECT_SWAPPED);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->cancellable = g_cancellable_new ();

  self->articles = g_list_store_new (BYLINE_TYPE_ARTICLE_SUMMARY);
  self->filter = gtk_custom_filter_new (filter_article, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (self->articles), GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selected_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (update_list_page), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->article_list, factory);
  gtk_list_view_set_model (self->article_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->article_list, "activate",
                           G_CALLBACK (on_list_activate), self, G_CONNECT_SWAPPED);

  /* Delete in the list trashes the open (selected) article */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("win.delete")));
  gtk_widget_add_controller (GTK_WIDGET (self->article_list), shortcuts);

  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (on_search_changed), self, G_CONNECT_SWAPPED);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->article_list));

  g_object_bind_property (self->flap, "reveal-flap", self->sidebar_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->back_button), "win.back");

  gtk_stack_set_visible_child_name (self->editor_stack, "none");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resolve-conflict", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.submit-for-review", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-ninjs", FALSE);
  update_list_page (self);
}

BylineWindow *
byline_window_new (GtkApplication *application,
                   BylineStore    *store,
                   GSettings      *settings)
{
  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  return g_object_new (BYLINE_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       "settings", settings,
                       NULL);
}

BylineStore *
byline_window_get_store (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);
  return self->store;
}

GCancellable *
byline_window_get_cancellable (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);
  return self->cancellable;
}

BylineArticleEditor *
byline_window_get_editor (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);
  ensure_editor (self);
  return self->editor;
}

BylineChecksPanel *
byline_window_get_checks_panel (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);
  ensure_editor (self);
  return self->checks_panel;
}

BylineRelatedPanel *
byline_window_get_related_panel (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);
  ensure_editor (self);
  return self->related_panel;
}

BylineHeadlinePanel *
byline_window_get_headline_panel (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);
  ensure_editor (self);
  return self->headline_panel;
}

GtkSearchEntry *
byline_window_get_search_entry (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);
  return self->search_entry;
}

GListModel *
byline_window_get_list_model (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->selection);
}

/* Over the editor side, where the journalist is looking; over the whole
 * window while the leaflet is folded, as only one pane shows then */
AdwToastOverlay *
byline_window_get_toast_overlay (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);

  if (adw_leaflet_get_folded (self->leaflet))
    return self->toast_overlay;
  return self->editor_toast_overlay;
}

AdwToast *
byline_window_get_last_toast (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);
  return self->last_toast;
}

AdwLeaflet *
byline_window_get_leaflet (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);
  return self->leaflet;
}

AdwFlap *
byline_window_get_flap (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);
  return self->flap;
}

BylineRemoteList *
byline_window_get_remote_list (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);
  return self->remote_list;
}

BylineImagePanel *
byline_window_get_image_panel (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);
  ensure_editor (self);
  return self->image_panel;
}
