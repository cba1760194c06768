/* byline-preferences-window.c: Byline's preferences (general, accounts)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-preferences-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "byline-a11y.h"
#include "byline-preferences-window.h"
#include "byline-limits-row.h"
#include "byline-spell-dictionary.h"
#include "byline-wp-cms.h"

#define AUTOSAVE_DELAY_KEY "autosave-delay"
#define SPELL_CHECK_KEY "spell-check"
#define DEFAULT_LANGUAGE_KEY "default-language"

typedef enum
{
  STATUS_NONE,
  STATUS_PROGRESS,
  STATUS_ERROR,
  STATUS_SUCCESS,
} StatusKind;

struct _BylinePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  BylineAccounts       *accounts;
  SoupSession          *session;
  /* Everything the window waits for; cancelled when it goes. */
  GCancellable         *cancellable;

  /* Template widgets */
  GtkAdjustment        *autosave_adjustment;
  GtkAdjustment        *headline_max_adjustment;
  GtkAdjustment        *seo_max_chars_adjustment;
  GtkAdjustment        *seo_max_width_adjustment;
  GtkWidget            *limits_group;
  GPtrArray            *section_rows;    /* BylineLimitsRow in limits_group */
  GtkWidget            *add_section_row;
  GtkListBox           *accounts_list;
  AdwEntryRow          *name_row;
  AdwEntryRow          *url_row;
  AdwEntryRow          *user_row;
  AdwEntryRow          *password_row;
  GtkLabel             *status_label;
  GtkSpinner           *spinner;
  GtkButton            *connect_button;
  GtkSwitch            *spell_switch;
  AdwComboRow          *language_row;
  GtkStringList        *language_names;
  /* Article language tags ("en-US") in the combo's order */
  char                **language_tags;

  guint                 busy : 1;
};

G_DEFINE_FINAL_TYPE (BylinePreferencesWindow, byline_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_ACCOUNTS,
  PROP_SESSION,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* Status and state of the "Add Account" group                          */

static void
set_status (BylinePreferencesWindow *self,
            StatusKind               kind,
            const char              *message)
{
  GtkWidget *label = GTK_WIDGET (self->status_label);

  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "dim-label");

  if (kind == STATUS_ERROR)
    gtk_widget_add_css_class (label, "error");
  else if (kind == STATUS_SUCCESS)
    gtk_widget_add_css_class (label, "success");
  else if (kind == STATUS_PROGRESS)
    gtk_widget_add_css_class (label, "dim-label");

  gtk_label_set_label (self->status_label, message != NULL ? message : "");
  gtk_widget_set_visible (label, kind != STATUS_NONE && message != NULL);
}

static void
set_invalid (AdwEntryRow *row,
             gboolean     invalid)
{
  if (invalid)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (row))),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               invalid ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
clear_invalid (BylinePreferencesWindow *self)
{
  set_invalid (self->name_row, FALSE);
  set_invalid (self->url_row, FALSE);
  set_invalid (self->user_row, FALSE);
  set_invalid (self->password_row, FALSE);
}

/* Shows @message under the group, marks @row (may be NULL) and takes the
 * keyboard there, so the journalist can correct it at once. */
static void
show_error (BylinePreferencesWindow *self,
            AdwEntryRow             *row,
            const char              *message)
{
  set_status (self, STATUS_ERROR, message);
  if (row != NULL)
    {
      set_invalid (row, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->connect_button));
}

static void
set_busy (BylinePreferencesWindow *self,
          gboolean                 busy)
{
  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* Nothing can be changed under the request that is checking it. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), !busy);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
clear_form (BylinePreferencesWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), "");
  clear_invalid (self);
}

/* ------------------------------------------------------------------ */
/* Connecting                                                           */

/* Holds no reference on the window: closing it must dispose it, which
 * cancels the requests.  So the callbacks look at the window only when
 * the cancellable says it is still there. */
typedef struct
{
  BylinePreferencesWindow *self;
  GCancellable            *cancellable;
  BylineAccounts          *accounts;
  BylineAccount           *account;
  BylineCms               *cms;
  BylineCmsIdentity       *identity;
  char                    *password;
} ConnectData;

static void
connect_data_free (ConnectData *data)
{
  if (data->password != NULL)
    {
      explicit_bzero (data->password, strlen (data->password));
      g_free (data->password);
    }
  g_clear_pointer (&data->identity, byline_cms_identity_free);
  g_clear_object (&data->cms);
  g_clear_object (&data->account);
  g_clear_object (&data->accounts);
  g_clear_object (&data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConnectData, connect_data_free)

static void
account_added_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ConnectData) data = user_data;
  BylinePreferencesWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *site, *who;
  gboolean added;

  added = byline_accounts_add_finish (BYLINE_ACCOUNTS (source), result, &error);
  /* The window is gone: nothing to show it in. */
  if (g_cancellable_is_cancelled (data->cancellable))
    return;

  if (!added)
    {
      set_busy (self, FALSE);
      show_error (self,
                  g_error_matches (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_EXISTS)
                    ? self->name_row : NULL,
                  error->message);
      return;
    }

  site = data->identity->site_name != NULL && *data->identity->site_name
           ? data->identity->site_name : byline_account_get_url (data->account);
  who = data->identity->display_name != NULL && *data->identity->display_name
          ? data->identity->display_name : data->identity->user_name;
  if (who == NULL || *who == '\0')
    who = byline_account_get_user (data->account);

  set_busy (self, FALSE);
  clear_form (self);
  /* Translators: "Connected to The Harbour Gazette as Mara Quill" */
  message = g_strdup_printf (_("Connected to %s as %s"), site, who);
  set_status (self, STATUS_SUCCESS, message);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
account_verified_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(ConnectData) data = user_data;
  BylinePreferencesWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  AdwEntryRow *row = NULL;

  data->identity = byline_cms_verify_account_finish (BYLINE_CMS (source), result, &error);
  /* The window is gone: nothing is kept, nothing to show it in. */
  if (g_cancellable_is_cancelled (data->cancellable))
    return;

  if (data->identity == NULL)
    {
      if (g_error_matches (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_AUTH))
        row = self->password_row;
      else if (g_error_matches (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NETWORK) ||
               g_error_matches (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_TLS) ||
               g_error_matches (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NOT_FOUND))
        row = self->url_row;

      set_busy (self, FALSE);
      show_error (self, row, error->message);
      return;
    }

  /* Only an account the site accepted is kept. */
  byline_accounts_add_async (data->accounts, data->account, data->password,
                             data->cancellable, account_added_cb, data);
  g_steal_pointer (&data);
}

static void
on_connect_clicked (BylinePreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConnectData) data = NULL;
  g_autofree char *name = NULL;
  g_autofree char *user = NULL;
  g_autofree char *url = NULL;
  g_autofree char *progress = NULL;
  const char *password;
  BylineWpCms *cms;

  if (self->busy)
    return;

  clear_invalid (self);

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  /* Everything that can be checked here is, before any request. */
  if (*name == '\0')
    {
      show_error (self, self->name_row,
                  _("Give the account a short name, such as “Desk”"));
      return;
    }
  if (byline_accounts_lookup (self->accounts, name) != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("There is already an account named “%s”"), name);

      show_error (self, self->name_row, message);
      return;
    }
  url = byline_accounts_normalize_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)),
                                       &error);
  if (url == NULL)
    {
      show_error (self, self->url_row, error->message);
      return;
    }
  if (*user == '\0')
    {
      show_error (self, self->user_row, _("Enter the user name you sign in to the site with"));
      return;
    }
  if (*password == '\0')
    {
      show_error (self, self->password_row, _("Enter the application password for this site"));
      return;
    }

  cms = byline_wp_cms_new (self->session, url, user, password, &error);
  if (cms == NULL)
    {
      show_error (self, self->url_row, error->message);
      return;
    }

  data = g_new0 (ConnectData, 1);
  data->self = self;
  data->cancellable = g_object_ref (self->cancellable);
  data->accounts = g_object_ref (self->accounts);
  data->cms = BYLINE_CMS (cms);
  data->account = byline_account_new (name, "wordpress", url, user);
  data->password = g_strdup (password);

  set_busy (self, TRUE);
  progress = g_strdup_printf (_("Connecting to %s…"), url);
  set_status (self, STATUS_PROGRESS, progress);

  byline_cms_verify_account_async (data->cms, data->cancellable, account_verified_cb, data);
  g_steal_pointer (&data);
}

/* Return in a field goes on to the next one; in the last, it connects. */
static void
on_entry_activated (BylinePreferencesWindow *self,
                    AdwEntryRow             *row)
{
  if (row == self->name_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
  else if (row == self->url_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
  else if (row == self->user_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    on_connect_clicked (self);
}

/* Typing into a field the last error pointed at takes the mark away. */
static void
on_entry_changed (BylinePreferencesWindow *self,
                  GtkEditable             *editable)
{
  if (gtk_widget_has_css_class (GTK_WIDGET (editable), "error"))
    set_invalid (ADW_ENTRY_ROW (editable), FALSE);
}

/* ------------------------------------------------------------------ */
/* The list of accounts                                                 */

static void
account_removed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BylinePreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!byline_accounts_remove_finish (BYLINE_ACCOUNTS (source), result, &error))
    {
      /* Closed meanwhile: the message must still reach someone. */
      if (!gtk_widget_get_visible (GTK_WIDGET (self)))
        {
          g_warning ("%s", error->message);
          return;
        }

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (error->message));
    }

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return;

  /* "Connected to …" may speak of the account just removed. */
  if (!self->busy && error == NULL)
    set_status (self, STATUS_NONE, NULL);

  /* The row that had the keyboard is gone. */
  if (gtk_window_get_focus (GTK_WINDOW (self)) == NULL &&
      !gtk_widget_child_focus (GTK_WIDGET (self->accounts_list), GTK_DIR_TAB_FORWARD))
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
on_remove_response (AdwMessageDialog        *dialog,
                    const char              *response,
                    BylinePreferencesWindow *self)
{
  const char *name = g_object_get_data (G_OBJECT (dialog), "account-name");

  if (g_strcmp0 (response, "remove") != 0 || name == NULL)
    return;

  /* Confirmed, so it runs to the end even if the window closes: stopped
   * halfway, it would leave the password behind in the keyring. */
  byline_accounts_remove_async (self->accounts, name, NULL,
                                account_removed_cb, g_object_ref (self));
}

static void
on_remove_clicked (GtkButton               *button,
                   BylinePreferencesWindow *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "account-name");
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  g_return_if_fail (name != NULL);

  heading = g_strdup_printf (_("Remove the Account “%s”?"), name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Byline forgets the site address and the user name, and "
                                     "removes the application password from the keyring. "
                                     "Articles stay on this computer and on the site."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "account-name", g_strdup (name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
has_limits_keys (BylinePreferencesWindow *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  return g_settings_schema_has_key (schema, "account-limits");
}

/* An account's own limits, in a dialog over Preferences */
static void
on_account_limits_clicked (GtkButton               *button,
                           BylinePreferencesWindow *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "account-name");
  g_autofree char *heading = g_strdup_printf (_("Limits for “%s”"), name);
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *row;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Articles synced with this account are held to these limits, "
                                     "unless their section has limits of its own."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  row = byline_limits_row_new (self->settings, "account-limits", name, TRUE);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* Limits per section                                                   */

static gboolean
section_rows_match (BylinePreferencesWindow *self,
                    GVariant                *table)
{
  GVariantIter iter;
  const char *name;
  guint i = 0;

  if (g_variant_n_children (table) != self->section_rows->len)
    return FALSE;
  g_variant_iter_init (&iter, table);
  while (g_variant_iter_next (&iter, "{&s(uuu)}", &name, NULL, NULL, NULL))
    if (!g_str_equal (name, byline_limits_row_get_name (g_ptr_array_index (self->section_rows, i++))))
      return FALSE;
  return TRUE;
}

/* A row per section with limits, in the settings' order; rows are only
 * rebuilt when a section came or went, so a spin being typed in stays. */
static void
update_section_rows (BylinePreferencesWindow *self)
{
  g_autoptr(GVariant) table = g_settings_get_value (self->settings, "section-limits");
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (self->limits_group);
  GVariantIter iter;
  const char *name;

  if (section_rows_match (self, table))
    return;

  for (guint i = 0; i < self->section_rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (self->section_rows, i));
  g_ptr_array_set_size (self->section_rows, 0);
  adw_preferences_group_remove (group, self->add_section_row);

  g_variant_iter_init (&iter, table);
  while (g_variant_iter_next (&iter, "{&s(uuu)}", &name, NULL, NULL, NULL))
    {
      GtkWidget *row = byline_limits_row_new (self->settings, "section-limits", name, FALSE);

      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), _("Section"));
      g_ptr_array_add (self->section_rows, g_object_ref (row));
      adw_preferences_group_add (group, row);
    }
  adw_preferences_group_add (group, self->add_section_row);
}

void
byline_preferences_window_add_section_limits (BylinePreferencesWindow *self,
                                              const char              *section)
{
  g_autoptr(GVariant) table = NULL;
  g_autofree char *name = NULL;
  GVariantBuilder builder;

  g_return_if_fail (BYLINE_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (section != NULL);

  name = g_strstrip (g_strdup (section));
  if (*name == '\0')
    return;
  table = g_settings_get_value (self->settings, "section-limits");
  if (g_variant_lookup (table, name, "(uuu)", NULL, NULL, NULL))
    return;

  /* A new section starts from the newsroom's limits */
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{s(uuu)}"));
  for (gsize i = 0; i < g_variant_n_children (table); i++)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (table, i);

      g_variant_builder_add_value (&builder, entry);
    }
  g_variant_builder_add (&builder, "{s(uuu)}", name,
                         g_settings_get_uint (self->settings, "headline-max-chars"),
                         g_settings_get_uint (self->settings, "seo-title-max-chars"),
                         g_settings_get_uint (self->settings, "seo-title-max-width"));
  g_settings_set_value (self->settings, "section-limits", g_variant_builder_end (&builder));
}

static void
on_add_section_apply (AdwEntryRow             *row,
                      BylinePreferencesWindow *self)
{
  byline_preferences_window_add_section_limits (self, gtk_editable_get_text (GTK_EDITABLE (row)));
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  BylinePreferencesWindow *self = user_data;
  BylineAccount *account = item;
  const char *name = byline_account_get_name (account);
  g_autofree char *subtitle = NULL;
  g_autofree char *remove_label = NULL;
  g_autofree char *limits_label = NULL;
  GtkWidget *row;
  GtkWidget *avatar;
  GtkWidget *button;

  /* Translators: an account's user name and site, "mara at https://news.example.org" */
  subtitle = g_strdup_printf (_("%s at %s"), byline_account_get_user (account),
                              byline_account_get_url (account));

  row = adw_action_row_new ();
  /* Names, users and addresses are the journalist's text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  avatar = adw_avatar_new (32, name, TRUE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (avatar), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);

  remove_label = g_strdup_printf (_("Remove the account “%s”"), name);
  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Remove Account"));
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "account-name", g_strdup (name), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_remove_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  limits_label = g_strdup_printf (_("Newsroom limits for the account “%s”"), name);
  button = gtk_button_new_from_icon_name ("document-properties-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Newsroom Limits"));
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, limits_label,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "account-name", g_strdup (name), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_account_limits_clicked), self, 0);
  gtk_widget_set_visible (button, has_limits_keys (self));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

/* ------------------------------------------------------------------ */
/* Spelling                                                             */

static void
on_language_selected (BylinePreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->language_row);

  if (self->language_tags == NULL || selected >= g_strv_length (self->language_tags))
    return;
  g_settings_set_string (self->settings, DEFAULT_LANGUAGE_KEY, self->language_tags[selected]);
}

/* The row that stands for @language: the same tag, or ("en") the first
 * dictionary of that language */
static guint
find_language (char       **tags,
               const char  *language)
{
  g_autofree char *prefix = g_strconcat (language, "-", NULL);

  for (guint i = 0; tags[i] != NULL; i++)
    if (g_ascii_strcasecmp (tags[i], language) == 0)
      return i;
  /* "en" is American English, as for spelling */
  if (g_str_equal (language, "en"))
    for (guint i = 0; tags[i] != NULL; i++)
      if (g_str_equal (tags[i], "en-US"))
        return i;
  for (guint i = 0; tags[i] != NULL; i++)
    if (g_str_has_prefix (tags[i], prefix))
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static void
languages_listed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BylinePreferencesWindow *self;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tags = byline_spell_list_languages_finish (result, &error);
  g_autofree char *current = NULL;
  guint position;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (tags == NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->language_row), error->message);
      return;
    }
  if (tags[0] == NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->language_row),
                                   _("No spelling dictionaries are installed"));
      return;
    }

  self->language_tags = g_new0 (char *, g_strv_length (tags) + 1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_autofree char *name = byline_spell_language_name (tags[i]);

      self->language_tags[i] = byline_spell_language_to_article (tags[i]);
      gtk_string_list_append (self->language_names, name);
    }

  current = g_settings_get_string (self->settings, DEFAULT_LANGUAGE_KEY);
  position = find_language (self->language_tags, current);
  if (position != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->language_row, position);
  g_signal_connect_object (self->language_row, "notify::selected",
                           G_CALLBACK (on_language_selected), self, G_CONNECT_SWAPPED);
}

/* ------------------------------------------------------------------ */
/* The object                                                           */

GtkWidget *
byline_preferences_window_new (GtkWindow      *parent,
                               GSettings      *settings,
                               BylineAccounts *accounts,
                               SoupSession    *session)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (BYLINE_IS_ACCOUNTS (accounts), NULL);
  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);

  return g_object_new (BYLINE_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "settings", settings,
                       "accounts", accounts,
                       "session", session,
                       NULL);
}

gboolean
byline_preferences_window_get_busy (BylinePreferencesWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_PREFERENCES_WINDOW (self), FALSE);

  return self->busy;
}

GtkLabel *
byline_preferences_window_get_status_label (BylinePreferencesWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_PREFERENCES_WINDOW (self), NULL);

  return self->status_label;
}

/* AdwPreferencesWindow's own search button, search entry and list of
 * search results come without accessible names in libadwaita 1.2: name
 * them, found by type (the entry) and by their ids in libadwaita's
 * template (the button and the list).  test-a11y fails when a libadwaita
 * update moves them. */
static void
name_search_widgets (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (child));

      if (GTK_IS_TOGGLE_BUTTON (child) && g_strcmp0 (id, "search_button") == 0)
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Search preferences"), -1);
      else if (GTK_IS_SEARCH_ENTRY (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Search preferences"), -1);
      else if (GTK_IS_LIST_BOX (child) && g_strcmp0 (id, "search_results") == 0)
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Preferences found"), -1);
      else
        name_search_widgets (child);
    }
}

static void
name_password_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && gtk_widget_get_first_child (child) != NULL &&
          GTK_IS_IMAGE (gtk_widget_get_first_child (child)))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Show or hide the password"), -1);
      else
        name_password_button (child);
    }
}

static void
byline_preferences_window_constructed (GObject *object)
{
  BylinePreferencesWindow *self = (BylinePreferencesWindow *)object;
  g_autoptr(GSettingsSchema) schema = NULL;

  G_OBJECT_CLASS (byline_preferences_window_parent_class)->constructed (object);
  name_search_widgets (GTK_WIDGET (self));

  g_return_if_fail (G_IS_SETTINGS (self->settings));
  g_return_if_fail (BYLINE_IS_ACCOUNTS (self->accounts));
  g_return_if_fail (SOUP_IS_SESSION (self->session));

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (g_settings_schema_has_key (schema, AUTOSAVE_DELAY_KEY))
    g_settings_bind (self->settings, AUTOSAVE_DELAY_KEY,
                     self->autosave_adjustment, "value",
                     G_SETTINGS_BIND_DEFAULT);

  /* Newsroom limits: the headline and checks panels follow them live */
  if (g_settings_schema_has_key (schema, "headline-max-chars"))
    {
      g_settings_bind (self->settings, "headline-max-chars",
                       self->headline_max_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "seo-title-max-chars",
                       self->seo_max_chars_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "seo-title-max-width",
                       self->seo_max_width_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
    }
  else
    gtk_widget_set_visible (self->limits_group, FALSE);

  if (g_settings_schema_has_key (schema, "section-limits"))
    {
      self->add_section_row = g_object_ref_sink (adw_entry_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_section_row),
                                     _("Add Limits for a Section"));
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->add_section_row), TRUE);
      gtk_widget_set_tooltip_text (self->add_section_row,
                                   _("Type a section’s name, such as “Sport”, and press Enter"));
      g_signal_connect_object (self->add_section_row, "apply",
                               G_CALLBACK (on_add_section_apply), self, 0);
      g_signal_connect_object (self->add_section_row, "entry-activated",
                               G_CALLBACK (on_add_section_apply), self, 0);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->limits_group), self->add_section_row);
      g_signal_connect_object (self->settings, "changed::section-limits",
                               G_CALLBACK (update_section_rows), self, G_CONNECT_SWAPPED);
      update_section_rows (self);
    }

  gtk_list_box_bind_model (self->accounts_list, G_LIST_MODEL (self->accounts),
                           create_account_row, self, NULL);

  if (g_settings_schema_has_key (schema, SPELL_CHECK_KEY))
    g_settings_bind (self->settings, SPELL_CHECK_KEY, self->spell_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_object_bind_property (self->spell_switch, "active", self->language_row, "sensitive", G_BINDING_SYNC_CREATE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->language_row), FALSE);
  if (g_settings_schema_has_key (schema, DEFAULT_LANGUAGE_KEY))
    byline_spell_list_languages_async (self->cancellable, languages_listed, self);
}

static void
byline_preferences_window_dispose (GObject *object)
{
  BylinePreferencesWindow *self = (BylinePreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);

  if (self->autosave_adjustment != NULL)
    g_settings_unbind (self->autosave_adjustment, "value");
  if (self->headline_max_adjustment != NULL)
    {
      g_settings_unbind (self->headline_max_adjustment, "value");
      g_settings_unbind (self->seo_max_chars_adjustment, "value");
      g_settings_unbind (self->seo_max_width_adjustment, "value");
    }
  if (self->accounts_list != NULL)
    gtk_list_box_bind_model (self->accounts_list, NULL, NULL, NULL, NULL);

  G_OBJECT_CLASS (byline_preferences_window_parent_class)->dispose (object);
}

static void
byline_preferences_window_finalize (GObject *object)
{
  BylinePreferencesWindow *self = (BylinePreferencesWindow *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->section_rows, g_ptr_array_unref);
  g_clear_object (&self->add_section_row);
  g_clear_object (&self->settings);
  g_clear_object (&self->accounts);
  g_clear_object (&self->session);
  g_strfreev (self->language_tags);

  G_OBJECT_CLASS (byline_preferences_window_parent_class)->finalize (object);
}

static void
byline_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  BylinePreferencesWindow *self = BYLINE_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_ACCOUNTS:
      g_value_set_object (value, self->accounts);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  BylinePreferencesWindow *self = BYLINE_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_ACCOUNTS:
      self->accounts = g_value_dup_object (value);
      break;

    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_preferences_window_class_init (BylinePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = byline_preferences_window_constructed;
  object_class->dispose = byline_preferences_window_dispose;
  object_class->finalize = byline_preferences_window_finalize;
  object_class->get_property = byline_preferences_window_get_property;
  object_class->set_property = byline_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACCOUNTS] =
    g_param_spec_object ("accounts", NULL, NULL,
                         BYLINE_TYPE_ACCOUNTS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         SOUP_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/byline-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, autosave_adjustment);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, headline_max_adjustment);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, seo_max_chars_adjustment);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, seo_max_width_adjustment);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, limits_group);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, connect_button);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, spell_switch);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, language_names);
  gtk_widget_class_bind_template_callback (widget_class, on_connect_clicked);
}

static void
byline_preferences_window_init (BylinePreferencesWindow *self)
{
  AdwEntryRow *rows[4];
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  byline_a11y_fix_mnemonic_buttons (GTK_WIDGET (self));
  self->section_rows = g_ptr_array_new_with_free_func (g_object_unref);

  self->cancellable = g_cancellable_new ();

  rows[0] = self->name_row;
  rows[1] = self->url_row;
  rows[2] = self->user_row;
  rows[3] = self->password_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      /* The text field inside the row is what a screen reader lands on:
       * it is named after the row's title. */
      GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (rows[i]));

      gtk_accessible_update_property (GTK_ACCESSIBLE (text),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      adw_preferences_row_get_title (ADW_PREFERENCES_ROW (rows[i])),
                                      -1);
      g_signal_connect_object (rows[i], "entry-activated", G_CALLBACK (on_entry_activated),
                               self, G_CONNECT_SWAPPED);
      /* AdwPasswordEntryRow's eye button has only a tooltip in 1.2 */
      if (rows[i] == self->password_row)
        name_password_button (GTK_WIDGET (rows[i]));
      g_signal_connect_object (rows[i], "changed", G_CALLBACK (on_entry_changed),
                               self, G_CONNECT_SWAPPED);
    }

  /* What went wrong (or right) is read out with the button. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->connect_button),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->status_label, NULL,
                                  -1);

  placeholder = gtk_label_new (_("No accounts yet: add one below"));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->accounts_list, placeholder);
}
