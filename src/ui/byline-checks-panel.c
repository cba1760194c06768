/* byline-checks-panel.c: the sidebar's checks before the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-checks-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "model/byline-article-snapshot.h"
#include "byline-a11y.h"
#include "byline-checks-panel.h"
#include "byline-newsroom-limits.h"
#include "byline-text-width.h"
#include "byline-window.h"

/* Quiet time after the last change before the checks run again */
#define RECHECK_DELAY_MS 300
/* The submit dialog lists at most this many items */
#define DIALOG_MAX_ITEMS 6
/* Rows are made a few per frame, so a long list never stalls typing
 * (bench-checks: ~1,600 rows at once held the main loop for seconds; a
 * new row costs ~3 ms to create, style and lay out), and at most this
 * many: nobody reads further down a list; the summary says how many. */
#define ROWS_PER_TURN 2
#define MAX_ROWS 50

struct _BylineChecksPanel
{
  GtkWidget            parent_instance;

  BylineArticle       *article;
  BylineCheckOptions   options;
  GListStore          *items;          /* of BylineCheckItem, open ones */
  GListStore          *rows;           /* what the list box shows: the first of items */
  guint                fill_source;    /* tick callback adding rows */
  GCancellable        *cancellable;    /* of the running check */
  guint64              shown_revision; /* what the list shows */
  guint                recheck_source;
  guint                running : 1;
  guint                current : 1;
  guint                submit_waiting : 1;

  GWeakRef             editor;
  GWeakRef             headline_panel;
  GWeakRef             related_panel;
  BylineNewsroomLimits *limits;
  char                *account;
  GtkWindow           *submit_dialog;  /* weak */

  /* Template widgets */
  GtkStack            *stack;
  AdwStatusPage       *empty_page;
  GtkLabel            *summary_label;
  GtkListBox          *list;
  GtkButton           *submit_button;
  AdwActionRow        *target_row;
  GtkAdjustment       *target_adjustment;
  GBinding            *target_binding;
};

G_DEFINE_FINAL_TYPE (BylineChecksPanel, byline_checks_panel, GTK_TYPE_WIDGET)

enum {
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_check (BylineChecksPanel *self);
static void refill_rows (BylineChecksPanel *self);
static void show_submit_dialog (BylineChecksPanel *self);

/* The worker thread */

typedef struct
{
  BylineArticleSnapshot *snapshot;
  BylineCheckOptions     options;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_clear_pointer (&data->snapshot, byline_article_snapshot_unref);
  byline_check_options_clear (&data->options);
  g_free (data);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *data = task_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  items = byline_checks_run_snapshot (data->snapshot, &data->options, &error);
  if (items == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

/* Showing a result */

static const char *
severity_icon (BylineCheckSeverity severity)
{
  switch (severity)
    {
    case BYLINE_CHECK_SEVERITY_ERROR:
      return "dialog-error-symbolic";
    case BYLINE_CHECK_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    case BYLINE_CHECK_SEVERITY_INFO:
    default:
      return "dialog-information-symbolic";
    }
}

static const char *
kind_label (BylineCheckKind kind)
{
  switch (kind)
    {
    case BYLINE_CHECK_HEADLINE_LENGTH:
      return _("Headline");
    case BYLINE_CHECK_SEO_TITLE_LENGTH:
      return _("Search results");
    case BYLINE_CHECK_NO_STANDFIRST:
      return _("Standfirst");
    case BYLINE_CHECK_IMAGE:
      return _("Photo");
    case BYLINE_CHECK_QUOTE_UNATTRIBUTED:
      return _("Attribution");
    case BYLINE_CHECK_UNBALANCED:
      return _("Punctuation");
    case BYLINE_CHECK_PLAIN_HTTP:
      return _("Link");
    case BYLINE_CHECK_DOUBLED_WORD:
      return _("Doubled word");
    case BYLINE_CHECK_REPEATED_PARAGRAPH:
      return _("Repetition");
    case BYLINE_CHECK_WORD_TARGET:
      return _("Length");
    case BYLINE_CHECK_RELATED_TARGET:
      return _("Related story");
    default:
      return "";
    }
}

static void
on_row_activated (AdwActionRow      *row,
                  BylineChecksPanel *self)
{
  BylineCheckItem *item = g_object_get_data (G_OBJECT (row), "byline-item");

  byline_checks_panel_activate_item (self, item);
}

static void
on_dismiss_clicked (GtkButton         *button,
                    BylineChecksPanel *self)
{
  BylineCheckItem *item = g_object_get_data (G_OBJECT (button), "byline-item");

  byline_checks_panel_dismiss_item (self, item);
}

static GtkWidget *
create_row (gpointer item_ptr,
            gpointer user_data)
{
  BylineChecksPanel *self = user_data;
  BylineCheckItem *item = item_ptr;
  BylineCheckSeverity severity = byline_check_item_get_severity (item);
  const char *message = byline_check_item_get_message (item);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon (severity));
  GtkWidget *dismiss = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *dismiss_label = g_strdup_printf (_("Dismiss: %s"), message);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kind_label (byline_check_item_get_kind (item)));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "byline-item", g_object_ref (item), g_object_unref);
  g_signal_connect_object (row, "activated", G_CALLBACK (on_row_activated), self, 0);

  /* Not colour alone: the icon differs by severity and says so */
  gtk_widget_add_css_class (icon, severity == BYLINE_CHECK_SEVERITY_ERROR ? "error" :
                                  severity == BYLINE_CHECK_SEVERITY_WARNING ? "warning" : "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  severity == BYLINE_CHECK_SEVERITY_ERROR ? _("Error") :
                                  severity == BYLINE_CHECK_SEVERITY_WARNING ? _("Warning") : _("Note"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  gtk_widget_set_valign (dismiss, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (dismiss, "flat");
  gtk_widget_set_tooltip_text (dismiss, _("Dismiss for This Article"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dismiss), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  dismiss_label, -1);
  g_object_set_data_full (G_OBJECT (dismiss), "byline-item", g_object_ref (item), g_object_unref);
  g_signal_connect_object (dismiss, "clicked", G_CALLBACK (on_dismiss_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), dismiss);

  return row;
}

/* Cheap: the article keeps both numbers up to date */
static void
update_length (BylineChecksPanel *self)
{
  g_autofree char *words = NULL;
  g_autofree char *text = NULL;
  guint n_words, n_minutes;

  if (self->article == NULL)
    {
      adw_action_row_set_subtitle (self->target_row, "");
      return;
    }

  n_words = byline_article_get_word_count (self->article);
  n_minutes = byline_article_get_reading_time (self->article);
  words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u word", "%'u words", n_words), n_words);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u minute read", "%s, %u minutes read",
                                       n_minutes), words, n_minutes);
  adw_action_row_set_subtitle (self->target_row, text);
}

/* While typing, only while the panel is on screen (and again when it comes
 * back): a row's new subtitle lays the whole window out again, which a
 * keystroke should not wait for when nobody can see the row */
static void
on_length_changed (BylineChecksPanel *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    update_length (self);
}

static void
update_page (BylineChecksPanel *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autofree char *summary = NULL;

  if (self->article == NULL)
    {
      adw_status_page_set_icon_name (self->empty_page, "document-edit-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Article"));
      adw_status_page_set_description (self->empty_page, _("Open an article to check it"));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  adw_status_page_set_icon_name (self->empty_page, "emblem-ok-symbolic");
  adw_status_page_set_title (self->empty_page, _("Nothing to Check"));
  adw_status_page_set_description (self->empty_page,
                                   _("Headline, quotes, photos and links look ready for the desk"));
  if (n == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (n > MAX_ROWS)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u thing to check before the desk; the first %u are listed",
                                            "%u things to check before the desk; the first %u are listed", n),
                               n, MAX_ROWS);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u thing to check before the desk",
                                            "%u things to check before the desk", n), n);
  gtk_label_set_label (self->summary_label, summary);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

/* Adds a few rows; again on the next frame until the list is shown */
static gboolean
fill_rows (BylineChecksPanel *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint wanted = MIN (g_list_model_get_n_items (G_LIST_MODEL (self->items)), MAX_ROWS);
  guint n = MIN (wanted - MIN (shown, wanted), ROWS_PER_TURN);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (batch, g_list_model_get_item (G_LIST_MODEL (self->items), shown + i));
  g_list_store_splice (self->rows, shown, 0, batch->pdata, batch->len);
  return shown + n < wanted;
}

static gboolean
fill_tick (GtkWidget     *widget,
           GdkFrameClock *clock,
           gpointer       user_data)
{
  BylineChecksPanel *self = user_data;

  if (fill_rows (self))
    return G_SOURCE_CONTINUE;
  self->fill_source = 0;
  return G_SOURCE_REMOVE;
}

static void
stop_filling (BylineChecksPanel *self)
{
  if (self->fill_source != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->fill_source);
  self->fill_source = 0;
}

static void
keep_filling (BylineChecksPanel *self)
{
  if (self->fill_source == 0)
    self->fill_source = gtk_widget_add_tick_callback (GTK_WIDGET (self), fill_tick, self, NULL);
}

/* The rows follow the items: the first rows at once, the rest in turns */
static void
refill_rows (BylineChecksPanel *self)
{
  stop_filling (self);
  g_list_store_remove_all (self->rows);
  if (fill_rows (self))
    keep_filling (self);
}

static gboolean
same_items (GListModel *shown,
            GPtrArray  *open)
{
  if (g_list_model_get_n_items (shown) != open->len)
    return FALSE;

  for (guint i = 0; i < open->len; i++)
    {
      g_autoptr(BylineCheckItem) item = g_list_model_get_item (shown, i);
      BylineCheckItem *other = g_ptr_array_index (open, i);

      if (!g_str_equal (byline_check_item_get_id (item), byline_check_item_get_id (other)) ||
          !g_str_equal (byline_check_item_get_message (item), byline_check_item_get_message (other)) ||
          byline_check_item_get_block (item) != byline_check_item_get_block (other))
        return FALSE;
    }
  return TRUE;
}

static void
show_items (BylineChecksPanel *self,
            GPtrArray         *items)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new ();

  for (guint i = 0; i < items->len; i++)
    if (!byline_check_item_get_dismissed (g_ptr_array_index (items, i)))
      g_ptr_array_add (open, g_ptr_array_index (items, i));

  /* Rows are rebuilt only when what they say changed */
  if (!same_items (G_LIST_MODEL (self->items), open))
    {
      g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                           open->pdata, open->len);
      refill_rows (self);
    }
  update_page (self);
}

static void
check_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  BylineChecksPanel *self = BYLINE_CHECKS_PANEL (source);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint64 revision = GPOINTER_TO_SIZE (user_data);

  items = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->running = FALSE;

  if (self->article == NULL)
    return;

  /* The article moved on meanwhile: its own timer runs the checks again */
  if (byline_article_get_revision (self->article) != revision)
    {
      if (self->recheck_source == 0)
        start_check (self);
      return;
    }

  if (items == NULL)
    {
      /* An article too large to save is too large to check; the editor
       * already says so.  Keep the last list. */
      g_debug ("Checks skipped: %s", error->message);
      return;
    }

  self->shown_revision = revision;
  self->current = TRUE;
  show_items (self, items);
  g_signal_emit (self, signals[UPDATED], 0);

  if (self->submit_waiting)
    {
      self->submit_waiting = FALSE;
      show_submit_dialog (self);
    }
}

static void
start_check (BylineChecksPanel *self)
{
  g_autoptr(GTask) task = NULL;
  CheckData *data;
  guint64 revision;

  g_clear_handle_id (&self->recheck_source, g_source_remove);
  if (self->article == NULL)
    return;

  /* Nobody sees them: for a long story one round reads the whole story
   * again on a worker (a fifth of a second of a core for 250,000 words),
   * on every pause in typing.  Made when shown, or for Submit. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->submit_waiting)
    return;

  /* One at a time: the one running reports a stale result and starts the
   * next itself */
  if (self->running)
    return;

  revision = byline_article_get_revision (self->article);
  data = g_new0 (CheckData, 1);
  /* Cheap on this thread: blocks hand over their cached JSON */
  data->snapshot = byline_article_snapshot (self->article);
  byline_check_options_copy (&data->options, &self->options);

  self->running = TRUE;
  task = g_task_new (self, self->cancellable, check_done, GSIZE_TO_POINTER (revision));
  g_task_set_source_tag (task, start_check);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);
  g_task_run_in_thread (task, check_thread);
}

static gboolean
recheck_timeout (gpointer user_data)
{
  BylineChecksPanel *self = user_data;

  self->recheck_source = 0;
  start_check (self);
  return G_SOURCE_REMOVE;
}

/* On every change: only a timer is moved, nothing is checked here. */
static void
on_article_changed (BylineChecksPanel *self,
                    BylineArticle     *article)
{
  self->current = FALSE;
  g_clear_handle_id (&self->recheck_source, g_source_remove);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->recheck_source = g_timeout_add (RECHECK_DELAY_MS, recheck_timeout, self);
}

void
byline_checks_panel_set_article (BylineChecksPanel *self,
                                 BylineArticle     *article)
{
  g_return_if_fail (BYLINE_IS_CHECKS_PANEL (self));
  g_return_if_fail (!article || BYLINE_IS_ARTICLE (article));

  if (self->article == article)
    return;

  if (self->article != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->article, on_article_changed, self);
      g_signal_handlers_disconnect_by_func (self->article, on_length_changed, self);
    }
  if (self->target_binding != NULL)
    g_binding_unbind (self->target_binding);
  self->target_binding = NULL;
  g_clear_handle_id (&self->recheck_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->running = FALSE;
  self->current = FALSE;
  self->submit_waiting = FALSE;

  g_set_object (&self->article, article);
  if (self->limits != NULL)
    byline_newsroom_limits_set_article (self->limits, article);
  g_list_store_remove_all (self->items);
  stop_filling (self);
  g_list_store_remove_all (self->rows);
  update_page (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), article != NULL);

  if (article != NULL)
    {
      g_signal_connect_object (article, "changed",
                               G_CALLBACK (on_article_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "notify::word-count",
                               G_CALLBACK (on_length_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "notify::reading-time",
                               G_CALLBACK (on_length_changed), self, G_CONNECT_SWAPPED);
      self->target_binding = g_object_bind_property (article, "word-target",
                                                     self->target_adjustment, "value",
                                                     G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
      start_check (self);
    }
  else
    gtk_adjustment_set_value (self->target_adjustment, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->target_row), article != NULL);
  update_length (self);
}

BylineArticle *
byline_checks_panel_get_article (BylineChecksPanel *self)
{
  g_return_val_if_fail (BYLINE_IS_CHECKS_PANEL (self), NULL);
  return self->article;
}

void
byline_checks_panel_set_targets (BylineChecksPanel   *self,
                                 BylineArticleEditor *editor,
                                 BylineHeadlinePanel *headline_panel)
{
  g_return_if_fail (BYLINE_IS_CHECKS_PANEL (self));

  g_weak_ref_set (&self->editor, editor);
  g_weak_ref_set (&self->headline_panel, headline_panel);
}

void
byline_checks_panel_set_related_panel (BylineChecksPanel  *self,
                                       BylineRelatedPanel *related_panel)
{
  g_return_if_fail (BYLINE_IS_CHECKS_PANEL (self));
  g_return_if_fail (!related_panel || BYLINE_IS_RELATED_PANEL (related_panel));

  g_weak_ref_set (&self->related_panel, related_panel);
}

void
byline_checks_panel_set_limits (BylineChecksPanel *self,
                                guint              headline_max_chars,
                                guint              seo_title_max_chars,
                                guint              seo_title_max_width)
{
  g_return_if_fail (BYLINE_IS_CHECKS_PANEL (self));

  if (self->options.headline_max_chars == headline_max_chars &&
      self->options.seo_title_max_chars == seo_title_max_chars &&
      self->options.seo_title_max_width == seo_title_max_width)
    return;

  self->options.headline_max_chars = headline_max_chars;
  self->options.seo_title_max_chars = seo_title_max_chars;
  self->options.seo_title_max_width = seo_title_max_width;
  g_clear_pointer (&self->options.limits_name, g_free);
  self->options.limits_from = BYLINE_LIMITS_FROM_DEFAULT;
  if (self->article != NULL)
    on_article_changed (self, self->article);
}

static void
on_limits_changed (BylineChecksPanel *self)
{
  const BylineCheckOptions *picked = byline_newsroom_limits_get_options (self->limits);
  BylineTextMeasureFunc measure = self->options.measure;
  gpointer measure_data = self->options.measure_data;

  byline_check_options_copy (&self->options, picked);
  self->options.measure = measure;
  self->options.measure_data = measure_data;
  if (self->article != NULL)
    on_article_changed (self, self->article);
}

void
byline_checks_panel_bind_settings (BylineChecksPanel *self,
                                   GSettings         *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_if_fail (BYLINE_IS_CHECKS_PANEL (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_object_get (settings, "settings-schema", &schema, NULL);
  if (!g_settings_schema_has_key (schema, "headline-max-chars"))
    return;

  if (self->limits != NULL)
    g_signal_handlers_disconnect_by_data (self->limits, self);
  g_clear_object (&self->limits);
  self->limits = byline_newsroom_limits_new (settings);
  byline_newsroom_limits_set_article (self->limits, self->article);
  byline_newsroom_limits_set_account (self->limits, self->account);
  g_signal_connect_object (self->limits, "changed",
                           G_CALLBACK (on_limits_changed), self, G_CONNECT_SWAPPED);
  on_limits_changed (self);
}

void
byline_checks_panel_set_account (BylineChecksPanel *self,
                                 const char        *account)
{
  g_return_if_fail (BYLINE_IS_CHECKS_PANEL (self));

  g_free (self->account);
  self->account = g_strdup (account);
  if (self->limits != NULL)
    byline_newsroom_limits_set_account (self->limits, account);
}

const BylineCheckOptions *
byline_checks_panel_get_options (BylineChecksPanel *self)
{
  g_return_val_if_fail (BYLINE_IS_CHECKS_PANEL (self), NULL);
  return &self->options;
}

GListModel *
byline_checks_panel_get_items (BylineChecksPanel *self)
{
  g_return_val_if_fail (BYLINE_IS_CHECKS_PANEL (self), NULL);
  return G_LIST_MODEL (self->items);
}

gboolean
byline_checks_panel_is_current (BylineChecksPanel *self)
{
  g_return_val_if_fail (BYLINE_IS_CHECKS_PANEL (self), FALSE);

  return self->article != NULL && self->current && !self->running &&
         self->shown_revision == byline_article_get_revision (self->article);
}

/* Going there */

/* Shows @panel's page of the sidebar */
static void
show_sidebar_page (GtkWidget *panel)
{
  GtkWidget *stack = gtk_widget_get_ancestor (panel, GTK_TYPE_STACK);

  if (stack != NULL)
    gtk_stack_set_visible_child (GTK_STACK (stack), panel);
}

/* The Related page, with the focus on related story @position */
static void
show_related (BylineRelatedPanel *panel,
              int                 position)
{
  GtkListBox *list = byline_related_panel_get_attached_list (panel);
  GtkListBoxRow *row = position >= 0 ? gtk_list_box_get_row_at_index (list, position) : NULL;

  show_sidebar_page (GTK_WIDGET (panel));
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (list));
}

/* Selects characters [@start, @end) of @line (or of the whole buffer when
 * @line < 0) and shows them. */
static void
select_in_view (GtkTextView *view,
                int          line,
                guint        start,
                guint        end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter from, to;

  if (line >= 0)
    {
      gtk_text_buffer_get_iter_at_line_offset (buffer, &from, line, start);
      gtk_text_buffer_get_iter_at_line_offset (buffer, &to, line, end);
    }
  else
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &from, start);
      gtk_text_buffer_get_iter_at_offset (buffer, &to, end);
    }

  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_text_buffer_select_range (buffer, &from, &to);
  gtk_text_view_scroll_to_mark (view, gtk_text_buffer_get_insert (buffer), 0.1, TRUE, 0.0, 0.3);
}

/* Selects the whole of body line @line: a card is one object character */
static void
select_line (GtkTextView *view,
             int          line)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter end;

  gtk_text_buffer_get_iter_at_line (buffer, &end, line);
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  select_in_view (view, line, 0, gtk_text_iter_get_line_offset (&end));
}

void
byline_checks_panel_activate_item (BylineChecksPanel *self,
                                   BylineCheckItem   *item)
{
  g_autoptr(BylineArticleEditor) editor = NULL;
  g_autoptr(BylineHeadlinePanel) headline_panel = NULL;
  g_autoptr(BylineRelatedPanel) related_panel = NULL;
  const char *field;
  guint start, end;

  g_return_if_fail (BYLINE_IS_CHECKS_PANEL (self));
  g_return_if_fail (BYLINE_IS_CHECK_ITEM (item));

  editor = g_weak_ref_get (&self->editor);
  headline_panel = g_weak_ref_get (&self->headline_panel);
  related_panel = g_weak_ref_get (&self->related_panel);
  field = byline_check_item_get_field (item);
  start = byline_check_item_get_start (item);
  end = byline_check_item_get_end (item);

  if (g_str_equal (field, "seo-title") && headline_panel != NULL)
    {
      show_sidebar_page (GTK_WIDGET (headline_panel));
      byline_headline_panel_select (headline_panel, "seo-title", start, end);
      return;
    }

  if (g_str_equal (field, "related"))
    {
      if (related_panel != NULL)
        show_related (related_panel, byline_check_item_get_block (item));
      return;
    }

  if (editor == NULL)
    return;

  if (g_str_equal (field, "headline"))
    select_in_view (byline_article_editor_get_headline_view (editor), -1, start, end);
  else if (g_str_equal (field, "standfirst"))
    select_in_view (byline_article_editor_get_standfirst_view (editor), -1, start, end);
  else if (g_str_equal (field, "lead-image"))
    byline_article_editor_show_lead_image (editor);
  else if (g_str_equal (field, "body"))
    {
      int block = byline_check_item_get_block (item);

      /* An item about the whole body (its length) goes to its end */
      if (block < 0)
        {
          GtkTextView *body = byline_article_editor_get_body_view (editor);
          guint n = gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (body));

          select_in_view (body, -1, n, n);
        }
      else if (byline_check_item_get_kind (item) == BYLINE_CHECK_RELATED_TARGET)
        select_line (byline_article_editor_get_body_view (editor), block);
      else
        select_in_view (byline_article_editor_get_body_view (editor), block, start, end);
    }
}

void
byline_checks_panel_dismiss_item (BylineChecksPanel *self,
                                  BylineCheckItem   *item)
{
  guint position;

  g_return_if_fail (BYLINE_IS_CHECKS_PANEL (self));
  g_return_if_fail (BYLINE_IS_CHECK_ITEM (item));

  if (self->article == NULL)
    return;

  /* The article keeps the id (and autosave writes it), so the item stays
   * gone after the next check and a reload; it leaves the list at once. */
  g_object_ref (item);
  byline_article_dismiss_check (self->article, byline_check_item_get_id (item));
  if (g_list_store_find (self->items, item, &position))
    g_list_store_remove (self->items, position);
  if (g_list_store_find (self->rows, item, &position))
    g_list_store_remove (self->rows, position);
  /* One fewer row: the next item (if any was cut) takes its place */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->rows)) <
      MIN (g_list_model_get_n_items (G_LIST_MODEL (self->items)), MAX_ROWS))
    keep_filling (self);
  update_page (self);
  g_object_unref (item);
}

/* Submit for review */

static void
submit (BylineChecksPanel *self)
{
  GtkWidget *window;

  if (self->article == NULL)
    return;

  byline_article_set_status (self->article, BYLINE_ARTICLE_STATUS_PENDING_REVIEW);

  window = gtk_widget_get_ancestor (GTK_WIDGET (self), BYLINE_TYPE_WINDOW);
  if (window != NULL)
    byline_window_show_toast (BYLINE_WINDOW (window),
                              _("Submitted for review: the desk sees it at the next sync"));
}

static void
on_submit_response (AdwMessageDialog  *dialog,
                    const char        *response,
                    BylineChecksPanel *self)
{
  if (g_str_equal (response, "submit"))
    submit (self);
  else if (g_str_equal (response, "review"))
    {
      GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_STACK);

      if (stack != NULL)
        gtk_stack_set_visible_child (GTK_STACK (stack), GTK_WIDGET (self));
      gtk_widget_grab_focus (GTK_WIDGET (self->list));
    }
}

static void
show_submit_dialog (BylineChecksPanel *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (n == 0)
    {
      submit (self);
      return;
    }

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Thing to Check Before the Desk",
                                          "%u Things to Check Before the Desk", n), n);
  for (guint i = 0; i < MIN (n, DIALOG_MAX_ITEMS); i++)
    {
      g_autoptr(BylineCheckItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      g_string_append_printf (body, "%s• %s", i > 0 ? "\n" : "", byline_check_item_get_message (item));
    }
  if (n > DIALOG_MAX_ITEMS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more",
                                                            "and %u more", n - DIALOG_MAX_ITEMS),
                                               n - DIALOG_MAX_ITEMS);
      g_string_append_printf (body, "\n%s", more);
    }

  dialog = adw_message_dialog_new (window != NULL ? GTK_WINDOW (window) : NULL, heading, body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "review", _("_Review"),
                                    "submit", _("_Submit Anyway"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "review");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "review");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_submit_response), self, 0);

  g_set_weak_pointer (&self->submit_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
byline_checks_panel_submit_for_review (BylineChecksPanel *self)
{
  g_return_if_fail (BYLINE_IS_CHECKS_PANEL (self));

  if (self->article == NULL)
    return;

  /* The list must be of the article as it is now: wait for a fresh check */
  if (!byline_checks_panel_is_current (self))
    {
      self->submit_waiting = TRUE;
      if (!self->running)
        start_check (self);
      return;
    }

  show_submit_dialog (self);
}

GtkWindow *
byline_checks_panel_get_submit_dialog (BylineChecksPanel *self)
{
  g_return_val_if_fail (BYLINE_IS_CHECKS_PANEL (self), NULL);
  return self->submit_dialog;
}

static void
on_submit_clicked (BylineChecksPanel *self)
{
  byline_checks_panel_submit_for_review (self);
}

static void
byline_checks_panel_dispose (GObject *object)
{
  BylineChecksPanel *self = (BylineChecksPanel *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->recheck_source, g_source_remove);
  stop_filling (self);
  if (self->target_binding != NULL)
    g_binding_unbind (self->target_binding);
  self->target_binding = NULL;
  if (self->article != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->article, on_article_changed, self);
      g_signal_handlers_disconnect_by_func (self->article, on_length_changed, self);
    }
  g_clear_object (&self->article);
  if (self->limits != NULL)
    g_signal_handlers_disconnect_by_data (self->limits, self);
  g_clear_object (&self->limits);
  g_clear_weak_pointer (&self->submit_dialog);

  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_CHECKS_PANEL);
  /* GTK 4.8 leaves a template's top-level children to us */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->items);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (byline_checks_panel_parent_class)->dispose (object);
}

static void
byline_checks_panel_finalize (GObject *object)
{
  BylineChecksPanel *self = (BylineChecksPanel *) object;

  g_weak_ref_clear (&self->editor);
  g_weak_ref_clear (&self->headline_panel);
  g_weak_ref_clear (&self->related_panel);
  byline_check_options_clear (&self->options);
  g_free (self->account);

  G_OBJECT_CLASS (byline_checks_panel_parent_class)->finalize (object);
}

/* Shown: the length and the checks catch up with the article */
static void
byline_checks_panel_map (GtkWidget *widget)
{
  BylineChecksPanel *self = BYLINE_CHECKS_PANEL (widget);

  GTK_WIDGET_CLASS (byline_checks_panel_parent_class)->map (widget);

  update_length (self);
  if (self->article != NULL && !self->current && self->recheck_source == 0)
    start_check (self);
}

static void
byline_checks_panel_class_init (BylineChecksPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_checks_panel_dispose;
  object_class->finalize = byline_checks_panel_finalize;
  widget_class->map = byline_checks_panel_map;

  signals[UPDATED] =
    g_signal_new ("updated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/byline/Byline/byline-checks-panel.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, BylineChecksPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, BylineChecksPanel, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BylineChecksPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BylineChecksPanel, list);
  gtk_widget_class_bind_template_child (widget_class, BylineChecksPanel, submit_button);
  gtk_widget_class_bind_template_child (widget_class, BylineChecksPanel, target_row);
  gtk_widget_class_bind_template_child (widget_class, BylineChecksPanel, target_adjustment);
}

static void
byline_checks_panel_init (BylineChecksPanel *self)
{
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));
  byline_a11y_fix_mnemonic_buttons (GTK_WIDGET (self));

  byline_check_options_init (&self->options);
  self->options.measure = byline_text_width_measure;
  self->items = g_list_store_new (BYLINE_TYPE_CHECK_ITEM);
  self->rows = g_list_store_new (BYLINE_TYPE_CHECK_ITEM);
  self->cancellable = g_cancellable_new ();
  g_weak_ref_init (&self->editor, NULL);
  g_weak_ref_init (&self->headline_panel, NULL);
  g_weak_ref_init (&self->related_panel, NULL);

  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->rows), create_row, self, NULL);
  g_signal_connect_object (self->submit_button, "clicked",
                           G_CALLBACK (on_submit_clicked), self, G_CONNECT_SWAPPED);
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->target_row), FALSE);
  update_page (self);
}

GtkWidget *
byline_checks_panel_new (void)
{
  return g_object_new (BYLINE_TYPE_CHECKS_PANEL, NULL);
}
