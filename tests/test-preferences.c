/* test-preferences.c: the preferences window, driven like a journalist would
 *
 * Runs under Xvfb and tests/with-keyring.sh: a private D-Bus session with
 * an unlocked gnome-keyring-daemon, so passwords go to a throw-away
 * keyring.  The "site" is a few lines of WordPress on a loopback
 * SoupServer (plain http, which Byline allows for loopback only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-preferences"
#define G_SETTINGS_ENABLE_BACKEND

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "byline-checks-panel.h"
#include "byline-headline-panel.h"
#include "byline-limits-row.h"
#include "byline-newsroom-limits.h"
#include "byline-preferences-window.h"
#include "byline-ui-test-utils.h"

#define SCHEMA_ID "io.github.byline.Byline"
#define USER "mara"

/* From the contract in byline-accounts.h. */
static const SecretSchema account_schema = {
  "io.github.byline.Byline.Account",
  SECRET_SCHEMA_NONE,
  {
    { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

typedef struct
{
  SoupServer              *server;
  char                    *url;            /* the site, no trailing slash */
  char                    *password;
  char                    *expected_auth;
  guint                    n_requests;     /* as the server saw them */
  guint                    n_queued;       /* as the session sent them */

  GSettings               *settings;
  BylineAccounts          *accounts;
  SoupSession             *session;
  BylinePreferencesWindow *window;
} Fixture;

/* ------------------------------------------------------------------ */
/* Finding widgets the way a person does: by what they say              */

typedef gboolean (*Match) (GtkWidget     *widget,
                           gconstpointer  data);

static GtkWidget *
find_widget (GtkWidget     *root,
             Match          match,
             gconstpointer  data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_entry_row_titled (GtkWidget     *widget,
                     gconstpointer  title)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_action_row_titled (GtkWidget     *widget,
                      gconstpointer  title)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static GtkWidget *
entry_row (Fixture    *fixture,
           const char *title)
{
  GtkWidget *row = find_widget (GTK_WIDGET (fixture->window), is_entry_row_titled, title);

  g_assert_nonnull (row);
  return row;
}

static GtkWidget *
account_row (Fixture    *fixture,
             const char *name)
{
  return find_widget (GTK_WIDGET (fixture->window), is_action_row_titled, name);
}

static GtkWidget *
connect_button (Fixture *fixture)
{
  GtkWidget *button = find_widget (GTK_WIDGET (fixture->window), is_button_labelled, "_Connect");

  g_assert_nonnull (button);
  return button;
}

static GtkWidget *
spinner (Fixture *fixture)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (fixture->window), is_of_type,
                                   GSIZE_TO_POINTER (GTK_TYPE_SPINNER));

  g_assert_nonnull (widget);
  return widget;
}

static const char *
status_text (Fixture *fixture)
{
  GtkLabel *label = byline_preferences_window_get_status_label (fixture->window);

  if (!gtk_widget_get_visible (GTK_WIDGET (label)))
    return NULL;
  return gtk_label_get_label (label);
}

/* A pointer click (keyboard activation of a GtkButton emits "clicked"
 * only after a short press animation). */
static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
fill (Fixture    *fixture,
      const char *name,
      const char *url,
      const char *user,
      const char *password)
{
  gtk_editable_set_text (GTK_EDITABLE (entry_row (fixture, "Name")), name);
  gtk_editable_set_text (GTK_EDITABLE (entry_row (fixture, "Site Address")), url);
  gtk_editable_set_text (GTK_EDITABLE (entry_row (fixture, "User Name")), user);
  gtk_editable_set_text (GTK_EDITABLE (entry_row (fixture, "Application Password")), password);
}

static gboolean
not_busy (gpointer data)
{
  Fixture *fixture = data;

  return !byline_preferences_window_get_busy (fixture->window);
}

static gboolean
window_gone (gpointer data)
{
  Fixture *fixture = data;

  return fixture->window == NULL;
}

static gboolean
no_accounts (gpointer data)
{
  Fixture *fixture = data;

  return g_list_model_get_n_items (G_LIST_MODEL (fixture->accounts)) == 0;
}

static char *
keyring_lookup (const char *url,
                const char *user)
{
  g_autoptr(GError) error = NULL;
  char *password;

  password = secret_password_lookup_sync (&account_schema, NULL, &error,
                                          "url", url,
                                          "user", user,
                                          NULL);
  g_assert_no_error (error);
  return password;
}

static void
assert_password_not_in_settings (Fixture    *fixture,
                                 const char *password)
{
  g_autoptr(GVariant) value = g_settings_get_value (fixture->settings, "accounts");
  g_autofree char *printed = g_variant_print (value, FALSE);

  g_assert_null (strstr (printed, password));
}

/* Clicks Connect and waits for the answer; checks the spinner meanwhile. */
static void
connect_and_wait (Fixture *fixture)
{
  click (connect_button (fixture));
  g_assert_true (byline_preferences_window_get_busy (fixture->window));
  g_assert_true (gtk_widget_get_visible (spinner (fixture)));
  g_assert_false (gtk_widget_get_sensitive (connect_button (fixture)));
  byline_ui_test_wait_until (not_busy, fixture, "the site's answer");
  g_assert_false (gtk_widget_get_visible (spinner (fixture)));
}

/* ------------------------------------------------------------------ */
/* The fake site                                                        */

static void
fake_wordpress (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  const char *body;
  guint status = 200;

  fixture->n_requests++;

  if (g_str_equal (path, "/wp-json/") || g_str_equal (path, "/wp-json"))
    body = "{\"name\":\"The Harbour Gazette\",\"namespaces\":[\"oembed/1.0\",\"wp/v2\"]}";
  else if (g_str_equal (path, "/wp-json/wp/v2/users/me") && g_strcmp0 (auth, fixture->expected_auth) == 0)
    body = "{\"id\":1,\"name\":\"Mara Quill\",\"slug\":\"mara\",\"username\":\"mara\"}";
  else if (g_str_equal (path, "/wp-json/wp/v2/users/me"))
    {
      status = 401;
      body = "{\"code\":\"rest_not_logged_in\",\"message\":\"You are not currently logged in.\","
             "\"data\":{\"status\":401}}";
    }
  else
    {
      status = 404;
      body = "{\"code\":\"rest_no_route\",\"message\":\"No route was found.\",\"data\":{\"status\":404}}";
    }

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
on_request_queued (SoupSession *session,
                   SoupMessage *message,
                   Fixture     *fixture)
{
  fixture->n_queued++;
}

/* A password no file could contain by chance. */
static char *
make_password (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("Tide %s Harbour", uuid);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *url = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  GSList *uris;

  fixture->password = make_password ();
  credentials = g_strconcat (USER ":", fixture->password, NULL);
  encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  fixture->expected_auth = g_strconcat ("Basic ", encoded, NULL);

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, fake_wordpress, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  g_assert_nonnull (uris);
  url = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';
  fixture->url = g_steal_pointer (&url);

  g_assert_nonnull (source);      /* GSETTINGS_SCHEMA_DIR=<build>/data */
  schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  g_assert_nonnull (schema);
  fixture->settings = g_settings_new_full (schema, backend, NULL);
  fixture->accounts = byline_accounts_new (fixture->settings);
  fixture->session = soup_session_new_with_options ("timeout", 10, NULL);
  g_signal_connect (fixture->session, "request-queued", G_CALLBACK (on_request_queued), fixture);

  fixture->window = BYLINE_PREFERENCES_WINDOW (byline_preferences_window_new (NULL,
                                                                              fixture->settings,
                                                                              fixture->accounts,
                                                                              fixture->session));
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (fixture->window), "accounts");
  gtk_window_present (GTK_WINDOW (fixture->window));
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  byline_ui_test_drain ();
  g_assert_null (fixture->window);

  /* Nothing left in the keyring for the next test. */
  secret_password_clear_sync (&account_schema, NULL, NULL,
                              "url", fixture->url,
                              "user", USER,
                              NULL);

  g_clear_object (&fixture->session);
  g_clear_object (&fixture->accounts);
  g_clear_object (&fixture->settings);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->url, g_free);
  g_clear_pointer (&fixture->password, g_free);
  g_clear_pointer (&fixture->expected_auth, g_free);
}

static gboolean
have_keyring (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no D-Bus session: run through tests/with-keyring.sh (meson test does)");
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */

static void
test_autosave_delay (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *spin_button;

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (fixture->window), "general");
  spin_button = find_widget (GTK_WIDGET (fixture->window), is_of_type,
                             GSIZE_TO_POINTER (GTK_TYPE_SPIN_BUTTON));
  g_assert_nonnull (spin_button);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (spin_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Autosave delay in milliseconds");

  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin_button)), ==, 400);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin_button), 700);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "autosave-delay"), ==, 700);

  g_settings_set_uint (fixture->settings, "autosave-delay", 250);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin_button)), ==, 250);

  /* The spin button keeps to the range the setting allows. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin_button), 5000);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "autosave-delay"), ==, 1000);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin_button), 10);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "autosave-delay"), ==, 100);

  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "preferences-general.png");
}

static void
test_accessible_names (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *titles[] = { "Name", "Site Address", "User Name", "Application Password" };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (entry_row (fixture, titles[i])));

      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           titles[i]);
    }
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (spinner (fixture)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Connecting");
}

static void
test_connect (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *password_row;
  GtkWidget *row;
  GtkWidget *remove;
  BylineAccount *account;
  char *secret;

  if (!have_keyring ())
    return;

  g_assert_null (account_row (fixture, "gazette"));
  fill (fixture, "gazette", fixture->url, USER, fixture->password);

  /* Return in the password field connects, as the button does. */
  password_row = entry_row (fixture, "Application Password");
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (password_row)), "activate");
  g_assert_true (byline_preferences_window_get_busy (fixture->window));
  g_assert_true (gtk_widget_get_visible (spinner (fixture)));
  byline_ui_test_wait_until (not_busy, fixture, "the site's answer");

  g_assert_cmpstr (status_text (fixture), ==, "Connected to The Harbour Gazette as Mara Quill");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (byline_preferences_window_get_status_label (fixture->window)),
                                           "success"));
  g_assert_cmpuint (fixture->n_requests, >, 0);

  /* Stored: listed, in the settings, the password in the keyring only. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->accounts)), ==, 1);
  account = byline_accounts_lookup (fixture->accounts, "gazette");
  g_assert_nonnull (account);
  g_assert_cmpstr (byline_account_get_url (account), ==, fixture->url);
  g_assert_cmpstr (byline_account_get_user (account), ==, USER);
  secret = keyring_lookup (fixture->url, USER);
  g_assert_cmpstr (secret, ==, fixture->password);
  secret_password_free (secret);
  assert_password_not_in_settings (fixture, fixture->password);

  /* The form is empty again, the password first of all. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_row (fixture, "Name"))), ==, "");

  /* Listed with its user and site, and a named Remove button. */
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  row = account_row (fixture, "gazette");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), fixture->url));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), USER));
  remove = find_widget (row, is_of_type, GSIZE_TO_POINTER (GTK_TYPE_BUTTON));
  g_assert_nonnull (remove);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Remove the account “gazette”");

  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "preferences-accounts.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "preferences-accounts-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* The same name again is refused before asking the site. */
  fixture->n_requests = 0;
  fill (fixture, "gazette", fixture->url, USER, fixture->password);
  click (connect_button (fixture));
  g_assert_false (byline_preferences_window_get_busy (fixture->window));
  g_assert_cmpstr (status_text (fixture), ==, "There is already an account named “gazette”");
  g_assert_true (gtk_widget_has_css_class (entry_row (fixture, "Name"), "error"));
  byline_ui_test_spin (50);
  g_assert_cmpuint (fixture->n_requests, ==, 0);

}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *wrong = make_password ();
  GtkWidget *label = GTK_WIDGET (byline_preferences_window_get_status_label (fixture->window));
  const char *text;

  if (!have_keyring ())
    return;

  fill (fixture, "gazette", fixture->url, USER, wrong);
  connect_and_wait (fixture);

  text = status_text (fixture);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "The site refused the password for " USER));
  g_assert_null (strstr (text, wrong));
  g_assert_true (gtk_widget_has_css_class (label, "error"));
  g_assert_true (gtk_widget_has_css_class (entry_row (fixture, "Application Password"), "error"));
  g_assert_cmpuint (fixture->n_requests, >, 0);

  /* Nothing stored. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->accounts)), ==, 0);
  g_assert_null (keyring_lookup (fixture->url, USER));
  assert_password_not_in_settings (fixture, wrong);
  g_assert_null (account_row (fixture, "gazette"));

  /* The fields stay, to be corrected; the right password then works. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_row (fixture, "Name"))), ==, "gazette");
  gtk_editable_set_text (GTK_EDITABLE (entry_row (fixture, "Application Password")), fixture->password);
  g_assert_false (gtk_widget_has_css_class (entry_row (fixture, "Application Password"), "error"));
  connect_and_wait (fixture);
  g_assert_cmpstr (status_text (fixture), ==, "Connected to The Harbour Gazette as Mara Quill");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->accounts)), ==, 1);

}

static void
test_plain_http_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *text;

  fill (fixture, "gazette", "http://example.org", USER, fixture->password);
  click (connect_button (fixture));

  /* Refused at once, before any request. */
  g_assert_false (byline_preferences_window_get_busy (fixture->window));
  text = status_text (fixture);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "example.org"));
  g_assert_true (gtk_widget_has_css_class (entry_row (fixture, "Site Address"), "error"));
  byline_ui_test_spin (100);
  g_assert_cmpuint (fixture->n_queued, ==, 0);
  g_assert_cmpuint (fixture->n_requests, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->accounts)), ==, 0);

  /* An empty field is named too, and nothing is sent either. */
  fill (fixture, "gazette", fixture->url, "", fixture->password);
  click (connect_button (fixture));
  g_assert_true (gtk_widget_has_css_class (entry_row (fixture, "User Name"), "error"));
  g_assert_false (gtk_widget_has_css_class (entry_row (fixture, "Site Address"), "error"));
  g_assert_cmpuint (fixture->n_queued, ==, 0);

  fill (fixture, "gazette", "http://example.org", USER, fixture->password);
  click (connect_button (fixture));
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "preferences-accounts-error.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "preferences-accounts-error-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();     /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* What clicking one of its buttons does: the response, then it closes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  byline_ui_test_drain ();
}

static void
click_remove (Fixture    *fixture,
              const char *name)
{
  GtkWidget *row = account_row (fixture, name);
  GtkWidget *remove;

  g_assert_nonnull (row);
  remove = find_widget (row, is_of_type, GSIZE_TO_POINTER (GTK_TYPE_BUTTON));
  g_assert_nonnull (remove);
  click (remove);
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  AdwMessageDialog *dialog;
  char *secret;

  if (!have_keyring ())
    return;

  fill (fixture, "gazette", fixture->url, USER, fixture->password);
  connect_and_wait (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->accounts)), ==, 1);
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));

  /* Cancel keeps it. */
  click_remove (fixture, "gazette");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Remove the Account “gazette”?");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  respond (dialog, "cancel");
  g_assert_null (find_message_dialog ());
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->accounts)), ==, 1);
  secret = keyring_lookup (fixture->url, USER);
  g_assert_cmpstr (secret, ==, fixture->password);
  secret_password_free (secret);

  /* Remove takes the account and its password. */
  click_remove (fixture, "gazette");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  respond (dialog, "remove");
  byline_ui_test_wait_until (no_accounts, fixture, "the account to go");
  byline_ui_test_spin (200);     /* the keyring answers after the settings change */
  g_assert_null (keyring_lookup (fixture->url, USER));
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  g_assert_null (account_row (fixture, "gazette"));
  g_assert_null (byline_accounts_lookup (fixture->accounts, "gazette"));
  /* No word left about connecting to it. */
  g_assert_null (status_text (fixture));

  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "preferences-accounts-empty.png");
}

/* Closing the window while the site is being asked: the request is
 * cancelled and nothing is stored. */
static void
test_close_while_connecting (Fixture       *fixture,
                             gconstpointer  data)
{
  if (!have_keyring ())
    return;

  fill (fixture, "gazette", fixture->url, USER, fixture->password);
  click (connect_button (fixture));
  g_assert_true (byline_preferences_window_get_busy (fixture->window));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  /* The cancelled request lets go of the window. */
  byline_ui_test_wait_until (window_gone, fixture, "the window to be finalized");

  byline_ui_test_spin (300);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->accounts)), ==, 0);
  g_assert_null (keyring_lookup (fixture->url, USER));
}
/* Spelling: on/off and the default language, chosen by name among the
 * installed dictionaries (Debian's en_US, en_GB and ru_RU here) */
static gboolean
languages_listed (gpointer data)
{
  return g_list_model_get_n_items (adw_combo_row_get_model (data)) > 0;
}

static void
test_spelling (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *combo, *spell_switch;
  GListModel *names;
  guint russian = GTK_INVALID_LIST_POSITION;
  g_autofree char *language = NULL;

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (fixture->window), "general");
  combo = find_widget (GTK_WIDGET (fixture->window), is_of_type, GSIZE_TO_POINTER (ADW_TYPE_COMBO_ROW));
  spell_switch = find_widget (GTK_WIDGET (fixture->window), is_of_type, GSIZE_TO_POINTER (GTK_TYPE_SWITCH));
  g_assert_nonnull (combo);
  g_assert_nonnull (spell_switch);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (spell_switch), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Check spelling");

  g_assert_true (gtk_switch_get_active (GTK_SWITCH (spell_switch)));
  gtk_switch_set_active (GTK_SWITCH (spell_switch), FALSE);
  g_assert_false (g_settings_get_boolean (fixture->settings, "spell-check"));
  g_assert_false (gtk_widget_get_sensitive (combo));
  gtk_switch_set_active (GTK_SWITCH (spell_switch), TRUE);
  g_assert_true (gtk_widget_get_sensitive (combo));

  byline_ui_test_wait_until (languages_listed, combo, "the installed dictionaries");
  names = adw_combo_row_get_model (ADW_COMBO_ROW (combo));
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    {
      const char *name = gtk_string_list_get_string (GTK_STRING_LIST (names), i);

      g_test_message ("Dictionary: %s", name);
      if (g_str_equal (name, "Russian"))
        russian = i;
    }
  g_assert_cmpuint (russian, !=, GTK_INVALID_LIST_POSITION);
  /* The default "en" is shown as American English */
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names),
                                               adw_combo_row_get_selected (ADW_COMBO_ROW (combo))),
                   ==, "English (US)");

  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), russian);
  language = g_settings_get_string (fixture->settings, "default-language");
  g_assert_cmpstr (language, ==, "ru-RU");

  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "preferences-spelling.png");
}

static gboolean
is_limits_row_named (GtkWidget     *widget,
                     gconstpointer  name)
{
  return BYLINE_IS_LIMITS_ROW (widget) &&
         g_strcmp0 (byline_limits_row_get_name (BYLINE_LIMITS_ROW (widget)), name) == 0;
}

static gboolean
is_button_with_tooltip (GtkWidget     *widget,
                        gconstpointer  tooltip)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static gboolean
get_limits (GSettings  *settings,
            const char *key,
            const char *name,
            guint      *headline,
            guint      *seo_chars,
            guint      *seo_width)
{
  g_autoptr(GVariant) table = g_settings_get_value (settings, key);

  return g_variant_lookup (table, name, "(uuu)", headline, seo_chars, seo_width);
}

/* Preferences → Newsroom Limits: "Add Limits for a Section" makes a row
 * for the section, its spins write the settings, its Remove button takes
 * it away. */
static void
test_section_limits (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *add, *row, *remove;
  guint headline = 0, seo_chars = 0, seo_width = 0;

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (fixture->window), "general");
  add = entry_row (fixture, "Add Limits for a Section");
  g_assert_null (find_widget (GTK_WIDGET (fixture->window), is_limits_row_named, "Sport"));

  /* Blank names add nothing */
  gtk_editable_set_text (GTK_EDITABLE (add), "   ");
  g_signal_emit_by_name (add, "apply");
  g_assert_false (get_limits (fixture->settings, "section-limits", "", NULL, NULL, NULL));

  gtk_editable_set_text (GTK_EDITABLE (add), "Sport");
  g_signal_emit_by_name (add, "apply");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (add)), ==, "");
  /* It starts from the newsroom's limits */
  g_assert_true (get_limits (fixture->settings, "section-limits", "Sport", &headline, &seo_chars, &seo_width));
  g_assert_cmpuint (headline, ==, 70);
  g_assert_cmpuint (seo_chars, ==, 70);
  g_assert_cmpuint (seo_width, ==, 600);

  row = find_widget (GTK_WIDGET (fixture->window), is_limits_row_named, "Sport");
  g_assert_nonnull (row);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (byline_limits_row_get_spin (BYLINE_LIMITS_ROW (row), 0)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Longest headline in characters for Sport");
  gtk_spin_button_set_value (byline_limits_row_get_spin (BYLINE_LIMITS_ROW (row), 0), 60);
  g_assert_true (get_limits (fixture->settings, "section-limits", "Sport", &headline, NULL, NULL));
  g_assert_cmpuint (headline, ==, 60);

  /* A change made elsewhere shows in the row */
  g_settings_set_value (fixture->settings, "section-limits",
                        g_variant_new_parsed ("{'Sport': (@u 55, @u 70, @u 600)}"));
  g_assert_true (row == find_widget (GTK_WIDGET (fixture->window), is_limits_row_named, "Sport"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (byline_limits_row_get_spin (BYLINE_LIMITS_ROW (row), 0)), ==, 55);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "preferences-section-limits.png");

  remove = find_widget (row, is_button_with_tooltip, "Remove Limits");
  g_assert_nonnull (remove);
  click (remove);
  g_assert_false (get_limits (fixture->settings, "section-limits", "Sport", NULL, NULL, NULL));
  g_assert_null (find_widget (GTK_WIDGET (fixture->window), is_limits_row_named, "Sport"));
}

static gboolean
has_dialog_with_limits (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) &&
          find_widget (window, is_limits_row_named, data) != NULL)
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *
limits_dialog (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && find_widget (window, is_limits_row_named, name) != NULL)
        return window;
    }
  return NULL;
}

/* An account's row opens its limits: the switch gives it limits of its
 * own (from the defaults), the spins change them, off removes them. */
static void
test_account_limits (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *row, *button, *dialog, *limits;
  guint headline = 0;

  g_settings_set_value (fixture->settings, "accounts",
                        g_variant_new_parsed ("[('Desk', 'wordpress', 'https://news.example.org', 'mara')]"));
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  row = account_row (fixture, "Desk");
  g_assert_nonnull (row);
  button = find_widget (row, is_button_with_tooltip, "Newsroom Limits");
  g_assert_nonnull (button);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Newsroom limits for the account “Desk”");
  click (button);
  byline_ui_test_wait_until (has_dialog_with_limits, (gpointer) "Desk", "the account's limits");
  dialog = limits_dialog ("Desk");
  limits = find_widget (dialog, is_limits_row_named, "Desk");

  /* None of its own yet */
  g_assert_false (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (limits)));
  g_assert_false (get_limits (fixture->settings, "account-limits", "Desk", NULL, NULL, NULL));

  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (limits), TRUE);
  g_assert_true (get_limits (fixture->settings, "account-limits", "Desk", &headline, NULL, NULL));
  g_assert_cmpuint (headline, ==, 70);
  gtk_spin_button_set_value (byline_limits_row_get_spin (BYLINE_LIMITS_ROW (limits), 0), 80);
  g_assert_true (get_limits (fixture->settings, "account-limits", "Desk", &headline, NULL, NULL));
  g_assert_cmpuint (headline, ==, 80);
  byline_ui_test_wait_for_frame (dialog);
  byline_ui_test_save_screenshot (dialog, "preferences-account-limits.png");

  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (limits), FALSE);
  g_assert_false (get_limits (fixture->settings, "account-limits", "Desk", NULL, NULL, NULL));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
checks_current (gpointer data)
{
  return byline_checks_panel_is_current (data);
}

/* The article's limits: its section's, else its account's, else the
 * defaults; the headline panel and the checks say where they come from. */
static void
test_limits_in_panels (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineNewsroomLimits) limits = byline_newsroom_limits_new (fixture->settings);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *headline_panel = byline_headline_panel_new ();
  GtkWidget *checks_panel = byline_checks_panel_new ();
  const BylineCheckOptions *options;
  GListModel *items;
  g_autoptr(BylineCheckItem) item = NULL;
  /* 67 characters: under the newsroom's 70, over the Sport desk's 60 */
  const char *headline = "Harbour town wins the regional rowing final after a close last race";

  g_assert_cmpuint (g_utf8_strlen (headline, -1), ==, 67);
  byline_article_set_headline (article, headline);
  byline_article_set_standfirst (article, "A close race.");
  byline_article_set_section (article, "sport");
  g_settings_set_value (fixture->settings, "section-limits",
                        g_variant_new_parsed ("{'Sport': (@u 60, @u 70, @u 600)}"));
  g_settings_set_value (fixture->settings, "account-limits",
                        g_variant_new_parsed ("{'Desk': (@u 50, @u 70, @u 600)}"));

  /* The section first (whatever its case) */
  byline_newsroom_limits_set_article (limits, article);
  byline_newsroom_limits_set_account (limits, "Desk");
  options = byline_newsroom_limits_get_options (limits);
  g_assert_cmpint (options->limits_from, ==, BYLINE_LIMITS_FROM_SECTION);
  g_assert_cmpstr (options->limits_name, ==, "Sport");
  g_assert_cmpuint (options->headline_max_chars, ==, 60);

  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  gtk_box_append (GTK_BOX (box), headline_panel);
  gtk_box_append (GTK_BOX (box), checks_panel);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  byline_headline_panel_bind_settings (BYLINE_HEADLINE_PANEL (headline_panel), fixture->settings);
  byline_headline_panel_set_account (BYLINE_HEADLINE_PANEL (headline_panel), "Desk");
  byline_headline_panel_set_article (BYLINE_HEADLINE_PANEL (headline_panel), article);
  byline_checks_panel_bind_settings (BYLINE_CHECKS_PANEL (checks_panel), fixture->settings);
  byline_checks_panel_set_account (BYLINE_CHECKS_PANEL (checks_panel), "Desk");
  byline_checks_panel_set_article (BYLINE_CHECKS_PANEL (checks_panel), article);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_cmpstr (byline_headline_panel_get_headline_hint (BYLINE_HEADLINE_PANEL (headline_panel)), ==,
                   "Too long: 67 characters, 7 over the Sport desk’s limit of 60");
  byline_ui_test_wait_until (checks_current, checks_panel, "the checks");
  items = byline_checks_panel_get_items (BYLINE_CHECKS_PANEL (checks_panel));
  g_assert_cmpuint (g_list_model_get_n_items (items), >=, 1);
  item = g_list_model_get_item (items, 0);
  g_assert_cmpint (byline_check_item_get_kind (item), ==, BYLINE_CHECK_HEADLINE_LENGTH);
  g_assert_cmpstr (byline_check_item_get_message (item), ==,
                   "Headline: 67 characters, 7 over the Sport desk’s limit of 60");
  byline_ui_test_wait_for_frame (window);
  byline_ui_test_save_screenshot (window, "headline-panel-section-limit.png");
  g_clear_object (&item);

  /* A section without limits: the account's */
  byline_article_set_section (article, "Business");
  g_assert_cmpint (options->limits_from, ==, BYLINE_LIMITS_FROM_ACCOUNT);
  g_assert_cmpstr (byline_headline_panel_get_headline_hint (BYLINE_HEADLINE_PANEL (headline_panel)), ==,
                   "Too long: 67 characters, 17 over the limit of 50 for the account “Desk”");
  byline_ui_test_wait_until (checks_current, checks_panel, "the checks");
  item = g_list_model_get_item (items, 0);
  g_assert_cmpstr (byline_check_item_get_message (item), ==,
                   "Headline: 67 characters, 17 over the limit of 50 for the account “Desk”");
  g_clear_object (&item);

  /* Neither: the newsroom's 70, which the headline fits */
  byline_headline_panel_set_account (BYLINE_HEADLINE_PANEL (headline_panel), "Gazette");
  byline_checks_panel_set_account (BYLINE_CHECKS_PANEL (checks_panel), "Gazette");
  g_assert_null (byline_headline_panel_get_headline_hint (BYLINE_HEADLINE_PANEL (headline_panel)));
  byline_ui_test_wait_until (checks_current, checks_panel, "the checks");
  g_assert_cmpint (byline_checks_panel_get_options (BYLINE_CHECKS_PANEL (checks_panel))->limits_from, ==,
                   BYLINE_LIMITS_FROM_DEFAULT);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(BylineCheckItem) other = g_list_model_get_item (items, i);

      g_assert_cmpint (byline_check_item_get_kind (other), !=, BYLINE_CHECK_HEADLINE_LENGTH);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  byline_ui_test_drain ();
}

int
main (int   argc,
      char *argv[])
{
  byline_ui_test_isolate_dirs ("preferences", FALSE);
  g_test_init (&argc, &argv, NULL);
  if (!byline_ui_test_init_gtk (FALSE))
    return g_test_run ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  g_test_add ("/preferences/autosave-delay", Fixture, NULL, fixture_set_up,
              test_autosave_delay, fixture_tear_down);
  g_test_add ("/preferences/section-limits", Fixture, NULL, fixture_set_up,
              test_section_limits, fixture_tear_down);
  g_test_add ("/preferences/account-limits", Fixture, NULL, fixture_set_up,
              test_account_limits, fixture_tear_down);
  g_test_add ("/preferences/limits-in-panels", Fixture, NULL, fixture_set_up,
              test_limits_in_panels, fixture_tear_down);
  g_test_add ("/preferences/spelling", Fixture, NULL, fixture_set_up,
              test_spelling, fixture_tear_down);
  g_test_add ("/preferences/accessible-names", Fixture, NULL, fixture_set_up,
              test_accessible_names, fixture_tear_down);
  g_test_add ("/preferences/connect", Fixture, NULL, fixture_set_up,
              test_connect, fixture_tear_down);
  g_test_add ("/preferences/wrong-password", Fixture, NULL, fixture_set_up,
              test_wrong_password, fixture_tear_down);
  g_test_add ("/preferences/plain-http-refused", Fixture, NULL, fixture_set_up,
              test_plain_http_refused, fixture_tear_down);
  g_test_add ("/preferences/remove", Fixture, NULL, fixture_set_up,
              test_remove, fixture_tear_down);
  g_test_add ("/preferences/close-while-connecting", Fixture, NULL, fixture_set_up,
              test_close_while_connecting, fixture_tear_down);

  return g_test_run ();
}
