/* byline-application.c: the Byline application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-application"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-application.h"
#include "byline-import.h"
#include "byline-preferences-window.h"
#include "byline-resources.h"
#include "byline-sync-controller.h"
#include "byline-window.h"

#define SETTINGS_SCHEMA_ID "io.github.byline.Byline"
#define SAMPLE_URI "resource://" RESOURCE_BASE_PATH "/sample/welcome.json"
/* Seconds before a request to a site is given up */
#define HTTP_TIMEOUT 30

struct _BylineApplication
{
  AdwApplication  parent_instance;

  BylineStore    *store;
  GSettings      *settings;
  BylineAccounts *accounts;        /* NULL without the settings schema */
  SoupSession    *session;
  BylineSyncController *sync;      /* one engine per account, once the store is open */
  BylineWindow   *window;
  GPtrArray      *pending_files;   /* opened before the store was ready */

  guint           store_ready : 1;
  guint           store_failed : 1;
};

G_DEFINE_FINAL_TYPE (BylineApplication, byline_application, ADW_TYPE_APPLICATION)

BylineApplication *
byline_application_new (const char        *application_id,
                        GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (BYLINE_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}

static void
import_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BylineApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = byline_import_file_finish (BYLINE_STORE (object), result, &error);
  if (self->window == NULL)
    return;

  if (id == NULL)
    {
      byline_window_show_toast (self->window, error->message);
      byline_window_start (self->window, NULL);
      return;
    }

  byline_window_start (self->window, id);
}

static void
import_files (BylineApplication *self)
{
  for (guint i = 0; self->pending_files && i < self->pending_files->len; i++)
    byline_import_file_async (self->store, g_ptr_array_index (self->pending_files, i), FALSE,
                              NULL, import_done, g_object_ref (self));
  g_clear_pointer (&self->pending_files, g_ptr_array_unref);
}

static void
store_opened (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BylineApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!byline_store_open_finish (BYLINE_STORE (object), result, &error))
    {
      g_warning ("Could not open the store: %s", error->message);
      self->store_failed = TRUE;
      if (self->window != NULL)
        byline_window_show_store_error (self->window, error);
      return;
    }

  self->store_ready = TRUE;
  if (self->sync != NULL)
    byline_sync_controller_start (self->sync);

  if (byline_store_get_created_new (self->store))
    {
      /* First start: the sample article shows every part of a story */
      g_autoptr(GFile) sample = g_file_new_for_uri (SAMPLE_URI);

      byline_import_file_async (self->store, sample, TRUE, NULL, import_done, g_object_ref (self));
    }
  else if (self->pending_files == NULL && self->window != NULL)
    byline_window_start (self->window, NULL);

  import_files (self);
}

static BylineWindow *
ensure_window (BylineApplication *self)
{
  if (self->window == NULL)
    {
      self->window = byline_window_new (GTK_APPLICATION (self), self->store, self->settings);
      byline_window_set_sync_controller (self->window, self->sync);
      g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
    }
  return self->window;
}

static void
byline_application_activate (GApplication *app)
{
  BylineApplication *self = BYLINE_APPLICATION (app);

  gtk_window_present (GTK_WINDOW (ensure_window (self)));
}

static void
byline_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  BylineApplication *self = BYLINE_APPLICATION (app);

  ensure_window (self);
  if (self->pending_files == NULL)
    self->pending_files = g_ptr_array_new_with_free_func (g_object_unref);
  for (int i = 0; i < n_files; i++)
    g_ptr_array_add (self->pending_files, g_object_ref (files[i]));

  if (self->store_ready)
    import_files (self);

  gtk_window_present (GTK_WINDOW (self->window));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  BylineApplication *self = user_data;
  static const char *developers[] = { "The Byline authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Byline"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Byline authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Write news stories offline and never lose a word"),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  BylineApplication *self = user_data;
  GtkWindow *parent;
  GtkWidget *preferences;

  /* Disabled at startup when the settings schema is missing. */
  g_return_if_fail (self->settings != NULL);

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  preferences = byline_preferences_window_new (parent, self->settings,
                                               self->accounts, self->session);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  BylineApplication *self = user_data;

  /* Closing the window saves what is unsaved before it goes */
  if (self->window != NULL)
    gtk_window_close (GTK_WINDOW (self->window));
  else
    g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "about", .activate = about_action },
  { .name = "preferences", .activate = preferences_action },
};

static void
byline_application_startup (GApplication *app)
{
  BylineApplication *self = BYLINE_APPLICATION (app);
  static const char *new_accels[] = { "<Control>n", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *sidebar_accels[] = { "F9", NULL };
  static const char *find_accels[] = { "<Control>f", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *sync_accels[] = { "<Control><Shift>s", NULL };
  static const char *import_accels[] = { "<Control>o", NULL };
  g_autofree char *directory = NULL;
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;
  GAction *preferences;
  const char *env;

  /* Compiled with --manual-register: this also registers it */
  byline_register_resource ();

  G_APPLICATION_CLASS (byline_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new", new_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.toggle-sidebar", sidebar_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.find-article", find_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.sync", sync_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.import", import_accels);

  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new (SETTINGS_SCHEMA_ID);
  else
    g_message ("Settings schema %s is not installed; settings will not be kept", SETTINGS_SCHEMA_ID);
  /* Accounts are kept in the settings: no preferences without them. */
  preferences = g_action_map_lookup_action (G_ACTION_MAP (self), "preferences");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (preferences), self->settings != NULL);

  env = g_getenv ("BYLINE_DATA_DIR");
  if (env != NULL && env[0] != '\0')
    directory = g_strdup (env);
  else
    directory = g_build_filename (g_get_user_data_dir (), APPLICATION_ID, NULL);

  self->store = byline_store_new (directory);

  /* Accounts live in the settings: no sync without them */
  self->session = soup_session_new_with_options ("timeout", HTTP_TIMEOUT, NULL);
  if (self->settings != NULL)
    {
      self->accounts = byline_accounts_new (self->settings);
      self->sync = byline_sync_controller_new (self->store, self->accounts, self->session,
                                               g_network_monitor_get_default ());
    }

  byline_store_open_async (self->store, NULL, store_opened, g_object_ref (self));
}

static void
byline_application_shutdown (GApplication *app)
{
  BylineApplication *self = BYLINE_APPLICATION (app);

  if (self->sync != NULL)
    byline_sync_controller_stop (self->sync);
  if (self->store != NULL)
    byline_store_close (self->store);

  G_APPLICATION_CLASS (byline_application_parent_class)->shutdown (app);
}

static void
byline_application_dispose (GObject *object)
{
  BylineApplication *self = (BylineApplication *)object;

  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->accounts);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->pending_files, g_ptr_array_unref);

  G_OBJECT_CLASS (byline_application_parent_class)->dispose (object);
}

static void
byline_application_class_init (BylineApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = byline_application_dispose;
  app_class->startup = byline_application_startup;
  app_class->shutdown = byline_application_shutdown;
  app_class->activate = byline_application_activate;
  app_class->open = byline_application_open;
}

static void
byline_application_init (BylineApplication *self)
{
}
