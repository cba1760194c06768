/* byline-remote-list.c: the site's articles, beside the local ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-remote-list"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-a11y.h"
#include "byline-remote-list.h"
#include "byline-article-row.h"
#include "byline-cms-item.h"

struct _BylineRemoteList
{
  AdwBin                parent_instance;

  BylineSyncController *controller;
  BylineSyncEngine     *engine;       /* given directly; else the controller's */
  GListStore           *items;        /* BylineCmsItem, newest first */
  GCancellable         *cancellable;  /* the pull on its way */
  GCancellable         *open_cancellable;
  char                 *error;

  /* Template widgets */
  GtkLabel             *account_label;
  GtkButton            *refresh_button;
  GtkStack             *stack;
  GtkSpinner           *spinner;
  GtkListBox           *list_box;
  AdwStatusPage        *error_page;
  GtkButton            *retry_button;

  guint                 loaded : 1;
  guint                 loading : 1;
  guint                 opening : 1;
};

G_DEFINE_FINAL_TYPE (BylineRemoteList, byline_remote_list, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_AVAILABLE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ARTICLE_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const status_classes[] = {
  "draft", "pending-review", "scheduled", "published",
};

/* The engine, and the account name for the header */
static BylineSyncEngine *
lookup_engine (BylineRemoteList  *self,
               char             **account)
{
  g_autofree char *name = NULL;
  BylineSyncEngine *engine = NULL;

  if (self->engine != NULL)
    {
      engine = self->engine;
      name = g_strdup (byline_sync_engine_get_account (engine));
    }
  else if (self->controller != NULL)
    {
      name = byline_sync_controller_dup_default_account (self->controller);
      if (name != NULL)
        engine = byline_sync_controller_get_engine (self->controller, name);
    }

  if (account != NULL)
    *account = g_steal_pointer (&name);
  return engine;
}

gboolean
byline_remote_list_get_available (BylineRemoteList *self)
{
  BylineAccounts *accounts;

  g_return_val_if_fail (BYLINE_IS_REMOTE_LIST (self), FALSE);

  if (self->engine != NULL)
    return TRUE;
  if (self->controller == NULL)
    return FALSE;
  accounts = byline_sync_controller_get_accounts (self->controller);
  return accounts != NULL && g_list_model_get_n_items (G_LIST_MODEL (accounts)) > 0;
}

static void
set_loading (BylineRemoteList *self,
             gboolean          loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), !loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_error (BylineRemoteList *self,
            const char       *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  g_free (self->error);
  self->error = g_strdup (message);
  /* The description is markup; the server's message may hold anything */
  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
show_items (BylineRemoteList *self)
{
  g_clear_pointer (&self->error, g_free);
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->items)) > 0
                                    ? "list" : "empty");
}

/* Rows */

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  BylineCmsItem *cms_item = item;
  const char *headline = byline_cms_item_get_headline (cms_item);
  BylineArticleStatus status = byline_cms_item_get_status (cms_item);
  GDateTime *modified = byline_cms_item_get_modified (cms_item);
  g_autofree char *when = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *row, *box, *line, *label;
  gboolean untitled = headline == NULL || *headline == '\0';

  if (modified != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      when = byline_format_relative_time (modified, now);
    }

  row = gtk_list_box_row_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  label = gtk_label_new (untitled ? _("Untitled") : headline);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_widget_add_css_class (label, "heading");
  if (untitled)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  label = gtk_label_new (byline_article_status_label (status));
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "status-badge");
  gtk_widget_add_css_class (label, "caption");
  if ((guint) status < G_N_ELEMENTS (status_classes))
    gtk_widget_add_css_class (label, status_classes[status]);
  gtk_box_append (GTK_BOX (line), label);

  label = gtk_label_new (when);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (box), line);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* TRANSLATORS: an article on the site: headline, status, when it changed */
  accessible = g_strdup_printf (_("%s, %s, changed %s"),
                                untitled ? _("Untitled") : headline,
                                byline_article_status_label (status),
                                when ? when : _("at an unknown time"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return row;
}

/* Pull */

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  GDateTime *ma = byline_cms_item_get_modified ((BylineCmsItem *) a);
  GDateTime *mb = byline_cms_item_get_modified ((BylineCmsItem *) b);

  if (ma == NULL || mb == NULL)
    return (ma == NULL) - (mb == NULL);
  return g_date_time_compare (mb, ma);
}

static void
pulled (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(BylineRemoteList) self = user_data;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  items = byline_sync_engine_pull_finish (BYLINE_SYNC_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);
  self->loaded = TRUE;
  if (items == NULL)
    {
      show_error (self, error->message);
      return;
    }

  g_list_store_remove_all (self->items);
  for (guint i = 0; i < items->len; i++)
    g_list_store_insert_sorted (self->items, g_ptr_array_index (items, i),
                                compare_newest_first, NULL);
  show_items (self);
}

void
byline_remote_list_refresh (BylineRemoteList *self)
{
  g_autofree char *account = NULL;
  BylineSyncEngine *engine;

  g_return_if_fail (BYLINE_IS_REMOTE_LIST (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  engine = lookup_engine (self, &account);
  gtk_label_set_label (self->account_label, account ? account : "");
  if (engine == NULL)
    {
      set_loading (self, FALSE);
      self->loaded = TRUE;
      if (account != NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("Byline is still connecting to “%s”. Try again in a moment."), account);
          show_error (self, message);
        }
      else
        show_error (self, _("Add an account in Preferences to see the site’s articles."));
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  byline_sync_engine_pull_async (engine, self->cancellable, pulled, g_object_ref (self));
}

/* Open */

static void
opened (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(BylineRemoteList) self = user_data;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GError) error = NULL;

  article = byline_sync_engine_open_remote_finish (BYLINE_SYNC_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->opening = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->list_box), TRUE);
  if (article == NULL)
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[ARTICLE_OPENED], 0, byline_article_get_id (article));
}

static void
on_row_activated (BylineRemoteList *self,
                  GtkListBoxRow    *row,
                  GtkListBox       *list_box)
{
  g_autoptr(BylineCmsItem) item = NULL;
  BylineSyncEngine *engine;
  int index = gtk_list_box_row_get_index (row);

  if (self->opening || index < 0)
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->items), index);
  engine = lookup_engine (self, NULL);
  if (item == NULL || engine == NULL)
    return;

  /* One at a time: a second click would race the first copy */
  self->opening = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->list_box), FALSE);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();
  byline_sync_engine_open_remote_async (engine, byline_cms_item_get_remote_id (item),
                                        self->open_cancellable, opened, g_object_ref (self));
}

/* Setup */

static void
notify_available (BylineRemoteList *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

void
byline_remote_list_set_sync_controller (BylineRemoteList     *self,
                                        BylineSyncController *controller)
{
  BylineAccounts *accounts;

  g_return_if_fail (BYLINE_IS_REMOTE_LIST (self));
  g_return_if_fail (!controller || BYLINE_IS_SYNC_CONTROLLER (controller));

  if (self->controller == controller)
    return;

  if (self->controller != NULL && (accounts = byline_sync_controller_get_accounts (self->controller)))
    g_signal_handlers_disconnect_by_func (accounts, notify_available, self);
  g_set_object (&self->controller, controller);
  if (controller != NULL && (accounts = byline_sync_controller_get_accounts (controller)))
    g_signal_connect_object (accounts, "items-changed",
                             G_CALLBACK (notify_available), self, G_CONNECT_SWAPPED);
  self->loaded = FALSE;
  notify_available (self);
}

void
byline_remote_list_set_engine (BylineRemoteList *self,
                               BylineSyncEngine *engine)
{
  g_return_if_fail (BYLINE_IS_REMOTE_LIST (self));
  g_return_if_fail (!engine || BYLINE_IS_SYNC_ENGINE (engine));

  if (g_set_object (&self->engine, engine))
    {
      self->loaded = FALSE;
      notify_available (self);
    }
}

GListModel *
byline_remote_list_get_items (BylineRemoteList *self)
{
  g_return_val_if_fail (BYLINE_IS_REMOTE_LIST (self), NULL);
  return G_LIST_MODEL (self->items);
}

GtkListBox *
byline_remote_list_get_list_box (BylineRemoteList *self)
{
  g_return_val_if_fail (BYLINE_IS_REMOTE_LIST (self), NULL);
  return self->list_box;
}

gboolean
byline_remote_list_get_loading (BylineRemoteList *self)
{
  g_return_val_if_fail (BYLINE_IS_REMOTE_LIST (self), FALSE);
  return self->loading;
}

const char *
byline_remote_list_get_error (BylineRemoteList *self)
{
  g_return_val_if_fail (BYLINE_IS_REMOTE_LIST (self), NULL);
  return self->error;
}

/* Fetched the first time it is shown, never before */
static void
byline_remote_list_map (GtkWidget *widget)
{
  BylineRemoteList *self = BYLINE_REMOTE_LIST (widget);

  GTK_WIDGET_CLASS (byline_remote_list_parent_class)->map (widget);

  if (!self->loaded && !self->loading)
    byline_remote_list_refresh (self);
}

static void
byline_remote_list_dispose (GObject *object)
{
  BylineRemoteList *self = (BylineRemoteList *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->open_cancellable);
  byline_remote_list_set_sync_controller (self, NULL);
  g_clear_object (&self->engine);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->items);
  g_clear_pointer (&self->error, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_REMOTE_LIST);

  G_OBJECT_CLASS (byline_remote_list_parent_class)->dispose (object);
}

static void
byline_remote_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BylineRemoteList *self = BYLINE_REMOTE_LIST (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, byline_remote_list_get_available (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_remote_list_class_init (BylineRemoteListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_remote_list_dispose;
  object_class->get_property = byline_remote_list_get_property;
  widget_class->map = byline_remote_list_map;

  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ARTICLE_OPENED] =
    g_signal_new ("article-opened",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/byline/Byline/byline-remote-list.ui");
  gtk_widget_class_bind_template_child (widget_class, BylineRemoteList, account_label);
  gtk_widget_class_bind_template_child (widget_class, BylineRemoteList, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, BylineRemoteList, stack);
  gtk_widget_class_bind_template_child (widget_class, BylineRemoteList, spinner);
  gtk_widget_class_bind_template_child (widget_class, BylineRemoteList, list_box);
  gtk_widget_class_bind_template_child (widget_class, BylineRemoteList, error_page);
  gtk_widget_class_bind_template_child (widget_class, BylineRemoteList, retry_button);
}

static void
byline_remote_list_init (BylineRemoteList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  byline_a11y_fix_mnemonic_buttons (GTK_WIDGET (self));

  self->items = g_list_store_new (BYLINE_TYPE_CMS_ITEM);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->items), create_row, NULL, NULL);
  g_signal_connect_object (self->list_box, "row-activated",
                           G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->refresh_button, "clicked",
                           G_CALLBACK (byline_remote_list_refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->retry_button, "clicked",
                           G_CALLBACK (byline_remote_list_refresh), self, G_CONNECT_SWAPPED);
}

GtkWidget *
byline_remote_list_new (void)
{
  return g_object_new (BYLINE_TYPE_REMOTE_LIST, NULL);
}
