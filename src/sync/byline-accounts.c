/* byline-accounts.c: the journalist's CMS accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-accounts"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "byline-accounts.h"
#include "byline-wp-cms.h"

#define ACCOUNTS_KEY "accounts"

struct _BylineAccounts
{
  GObject    parent_instance;

  GSettings *settings;
  /* BylineAccount, in the order of the settings key. */
  GPtrArray *items;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BylineAccounts, byline_accounts, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (byline-accounts-error-quark, byline_accounts_error)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The contract in byline-accounts.h: the keyring item of an account is
 * found by the site URL and the user name, nothing else. */
static const SecretSchema account_schema = {
  "io.github.byline.Byline.Account",
  SECRET_SCHEMA_NONE,
  {
    { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* ------------------------------------------------------------------ */
/* The list                                                             */

static GType
byline_accounts_get_item_type (GListModel *model)
{
  return BYLINE_TYPE_ACCOUNT;
}

static guint
byline_accounts_get_n_items (GListModel *model)
{
  return BYLINE_ACCOUNTS (model)->items->len;
}

static gpointer
byline_accounts_get_item (GListModel *model,
                          guint       position)
{
  BylineAccounts *self = BYLINE_ACCOUNTS (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = byline_accounts_get_item_type;
  iface->get_n_items = byline_accounts_get_n_items;
  iface->get_item = byline_accounts_get_item;
}

static gboolean
same_account (BylineAccount *a,
              BylineAccount *b)
{
  return g_str_equal (byline_account_get_name (a), byline_account_get_name (b)) &&
         g_str_equal (byline_account_get_kind (a), byline_account_get_kind (b)) &&
         g_str_equal (byline_account_get_url (a), byline_account_get_url (b)) &&
         g_str_equal (byline_account_get_user (a), byline_account_get_user (b));
}

static GVariant *
get_accounts_value (BylineAccounts *self)
{
  /* NULL when constructed with settings of a schema without the key. */
  if (self->settings == NULL)
    return NULL;

  return g_settings_get_value (self->settings, ACCOUNTS_KEY);
}

static GPtrArray *
read_settings (BylineAccounts *self)
{
  g_autoptr(GVariant) value = get_accounts_value (self);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GVariantIter iter;
  const char *name, *kind, *url, *user;

  if (value == NULL)
    return items;

  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "(&s&s&s&s)", &name, &kind, &url, &user))
    {
      /* Edited by hand (dconf-editor, gsettings set): an entry without a
       * name or site cannot be used, and a second one with the same name
       * could never be told apart from the first. */
      gboolean duplicate = FALSE;

      if (*name == '\0' || *url == '\0')
        continue;

      for (guint i = 0; i < items->len && !duplicate; i++)
        duplicate = g_str_equal (byline_account_get_name (g_ptr_array_index (items, i)), name);
      if (duplicate)
        continue;

      g_ptr_array_add (items, byline_account_new (name, *kind ? kind : "wordpress", url, user));
    }

  return items;
}

static void
reload (BylineAccounts *self)
{
  g_autoptr(GPtrArray) items = read_settings (self);
  g_autoptr(GPtrArray) old = NULL;
  guint old_len = self->items->len;
  gboolean same = items->len == old_len;

  for (guint i = 0; same && i < items->len; i++)
    same = same_account (g_ptr_array_index (items, i), g_ptr_array_index (self->items, i));
  if (same)
    return;

  old = g_steal_pointer (&self->items);
  self->items = g_steal_pointer (&items);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
}

static void
on_settings_changed (GSettings      *settings,
                     const char     *key,
                     BylineAccounts *self)
{
  reload (self);
}

static BylineAccount *
find_by_name (BylineAccounts *self,
              const char     *name)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      BylineAccount *account = g_ptr_array_index (self->items, i);

      if (g_str_equal (byline_account_get_name (account), name))
        return account;
    }

  return NULL;
}

static BylineAccount *
find_by_login (BylineAccounts *self,
               const char     *url,
               const char     *user,
               const char     *except_name)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      BylineAccount *account = g_ptr_array_index (self->items, i);

      if (g_str_equal (byline_account_get_url (account), url) &&
          g_str_equal (byline_account_get_user (account), user) &&
          g_strcmp0 (byline_account_get_name (account), except_name) != 0)
        return account;
    }

  return NULL;
}

/* Writes the key from the current settings value (not our copy, which a
 * change from another process may not have reached yet), with @add
 * appended and the account named @remove left out. */
static gboolean
write_settings (BylineAccounts  *self,
                BylineAccount   *add,
                const char      *remove,
                GError         **error)
{
  g_autoptr(GVariant) value = get_accounts_value (self);
  GVariantBuilder builder;
  GVariantIter iter;
  const char *name, *kind, *url, *user;

  if (value == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("These settings have no list of accounts"));
      return FALSE;
    }

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssss)"));
  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "(&s&s&s&s)", &name, &kind, &url, &user))
    {
      if (remove != NULL && g_str_equal (name, remove))
        continue;
      g_variant_builder_add (&builder, "(ssss)", name, kind, url, user);
    }

  if (add != NULL)
    g_variant_builder_add (&builder, "(ssss)",
                           byline_account_get_name (add),
                           byline_account_get_kind (add),
                           byline_account_get_url (add),
                           byline_account_get_user (add));

  if (!g_settings_set_value (self->settings, ACCOUNTS_KEY, g_variant_builder_end (&builder)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("The list of accounts in the settings cannot be changed (they are read-only)"));
      return FALSE;
    }

  /* Backends emit "changed" at once, but not all of them synchronously:
   * the caller of _finish expects to find the account already. */
  reload (self);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* URLs                                                                 */

/* Accepts https, and plain http only to this computer (127.0.0.0/8, ::1,
 * localhost), where nothing travels over a network.  @url comes back
 * without trailing slashes.  Messages name the URL, but never a user name
 * or password written into it. */
char *
byline_accounts_normalize_url (const char  *url,
                               GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (url));
  gsize len;
  const char *scheme, *host;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_INVALID_URL,
                           _("The site address is empty; it should look like https://news.example.org"));
      return NULL;
    }

  uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_INVALID_URL,
                   _("“%s” is not a web address; it should look like https://news.example.org"),
                   trimmed);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_autofree char *shown = g_uri_join (G_URI_FLAGS_NONE, scheme, NULL, host,
                                           g_uri_get_port (uri), g_uri_get_path (uri),
                                           NULL, NULL);

      g_set_error (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_INVALID_URL,
                   _("The site address %s must not contain a user name or password; "
                     "enter them in their own fields"),
                   shown);
      return NULL;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_INVALID_URL,
                   _("“%s” is not the address of a site: remove everything from “?” or “#” on"),
                   trimmed);
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      address = g_inet_address_new_from_string (host);
      if (g_ascii_strcasecmp (host, "localhost") != 0 &&
          (address == NULL || !g_inet_address_get_is_loopback (address)))
        {
          g_set_error (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_INVALID_URL,
                       _("“%s” is not encrypted: Byline sends a password only over https "
                         "(plain http only to this computer)"),
                       trimmed);
          return NULL;
        }
    }
  else if (g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_set_error (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_INVALID_URL,
                   _("“%s” is not a web address Byline can use: it must start with https://"),
                   trimmed);
      return NULL;
    }

  len = strlen (trimmed);
  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';

  return g_steal_pointer (&trimmed);
}

static char *
keyring_label (BylineAccount *account)
{
  g_autoptr(GUri) uri = g_uri_parse (byline_account_get_url (account), G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : byline_account_get_url (account);

  /* Translators: the name of the password in the keyring (Passwords and
   * Keys); the first %s is a user name, the second a web site. */
  return g_strdup_printf (_("Byline: %s at %s"), byline_account_get_user (account), host);
}


static void
forget_password (const char *url,
                 const char *user)
{
  /* Best effort, for undoing a half-done add: nobody waits for it. */
  secret_password_clear (&account_schema, NULL, NULL, NULL,
                         "url", url,
                         "user", user,
                         NULL);
}

/* ------------------------------------------------------------------ */
/* Adding                                                               */

static void
add_stored_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  BylineAccounts *self = g_task_get_source_object (task);
  BylineAccount *account = g_task_get_task_data (task);
  const char *name = byline_account_get_name (account);
  const char *url = byline_account_get_url (account);
  const char *user = byline_account_get_user (account);

  if (!secret_password_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_KEYRING,
                                 _("Could not keep the password for %s at %s in the keyring: %s"),
                                 user, url, error->message);
      return;
    }

  /* Another window or byline-cli may have added the same name meanwhile. */
  if (find_by_name (self, name) != NULL)
    {
      if (find_by_login (self, url, user, NULL) == NULL)
        forget_password (url, user);
      g_task_return_new_error (task, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_EXISTS,
                               _("There is already an account named “%s”"), name);
      return;
    }

  if (!write_settings (self, account, NULL, &error))
    {
      forget_password (url, user);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("Added the account “%s” (%s at %s)", name, user, url);
  g_task_return_boolean (task, TRUE);
}

void
byline_accounts_add_async (BylineAccounts      *self,
                           BylineAccount       *account,
                           const char          *password,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *label = NULL;
  BylineAccount *normalised;
  BylineAccount *other;
  const char *name;
  const char *user;

  g_return_if_fail (BYLINE_IS_ACCOUNTS (self));
  g_return_if_fail (BYLINE_IS_ACCOUNT (account));
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_accounts_add_async);

  name = byline_account_get_name (account);
  user = byline_account_get_user (account);

  if (*name == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("An account needs a name"));
      return;
    }
  if (*user == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The account “%s” needs a user name"), name);
      return;
    }
  if (*password == '\0')
    {
      g_task_return_new_error (task, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_NO_PASSWORD,
                               _("The account “%s” needs a password"), name);
      return;
    }

  if (!(url = byline_accounts_normalize_url (byline_account_get_url (account), &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (find_by_name (self, name) != NULL)
    {
      g_task_return_new_error (task, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_EXISTS,
                               _("There is already an account named “%s”"), name);
      return;
    }

  /* Two accounts for one login would share one keyring item, and
   * removing either would take the other's password with it. */
  if ((other = find_by_login (self, url, user, NULL)) != NULL)
    {
      g_task_return_new_error (task, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_EXISTS,
                               _("The account “%s” already signs in to %s as %s"),
                               byline_account_get_name (other), url, user);
      return;
    }

  normalised = byline_account_new (name, byline_account_get_kind (account), url, user);
  g_task_set_task_data (task, normalised, g_object_unref);
  label = keyring_label (normalised);

  secret_password_store (&account_schema, SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, add_stored_cb, g_steal_pointer (&task),
                         "url", url,
                         "user", user,
                         NULL);
}

gboolean
byline_accounts_add_finish (BylineAccounts  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNTS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_accounts_add_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Removing                                                             */

static void
remove_cleared_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  BylineAccount *account = g_task_get_task_data (task);

  /* FALSE without an error: there was no password to remove. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      g_task_return_new_error (task, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_KEYRING,
                               _("The account “%s” was removed, but its password could not "
                                 "be removed from the keyring: %s"),
                               byline_account_get_name (account), error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
byline_accounts_remove_async (BylineAccounts      *self,
                              const char          *name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  BylineAccount *found;
  BylineAccount *account;

  g_return_if_fail (BYLINE_IS_ACCOUNTS (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_accounts_remove_async);

  if ((found = find_by_name (self, name)) == NULL)
    {
      g_task_return_new_error (task, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_NOT_FOUND,
                               _("There is no account named “%s”"), name);
      return;
    }

  /* Held by the task: write_settings() drops it from the list. */
  account = g_object_ref (found);
  g_task_set_task_data (task, account, g_object_unref);

  /* The settings first: an account whose password is gone but which is
   * still listed would fail every sync, while a password left behind by a
   * failing keyring is reported and harmless. */
  if (!write_settings (self, NULL, name, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* An account added by hand with the same login still needs it. */
  if (find_by_login (self, byline_account_get_url (account),
                     byline_account_get_user (account), name) != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  secret_password_clear (&account_schema, cancellable, remove_cleared_cb, g_steal_pointer (&task),
                         "url", byline_account_get_url (account),
                         "user", byline_account_get_user (account),
                         NULL);
}

gboolean
byline_accounts_remove_finish (BylineAccounts  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNTS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_accounts_remove_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Opening the CMS                                                      */

typedef struct
{
  BylineAccount *account;
  SoupSession   *session;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->account);
  g_clear_object (&data->session);
  g_free (data);
}

static void
open_lookup_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  OpenData *data = g_task_get_task_data (task);
  BylineWpCms *cms;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_KEYRING,
                                 _("Could not read the password for %s at %s from the keyring: %s"),
                                 byline_account_get_user (data->account),
                                 byline_account_get_url (data->account),
                                 error->message);
      return;
    }

  if (password == NULL)
    {
      g_task_return_new_error (task, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_NO_PASSWORD,
                               _("The keyring has no password for %s at %s; "
                                 "remove the account “%s” and add it again"),
                               byline_account_get_user (data->account),
                               byline_account_get_url (data->account),
                               byline_account_get_name (data->account));
      return;
    }

  cms = byline_wp_cms_new (data->session,
                           byline_account_get_url (data->account),
                           byline_account_get_user (data->account),
                           password, &error);
  /* Wiped and in non-pageable memory until here. */
  secret_password_free (password);

  if (cms == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, cms, g_object_unref);
}

void
byline_accounts_open_cms_async (BylineAccounts      *self,
                                BylineAccount       *account,
                                SoupSession         *session,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (BYLINE_IS_ACCOUNTS (self));
  g_return_if_fail (BYLINE_IS_ACCOUNT (account));
  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_accounts_open_cms_async);

  if (!g_str_equal (byline_account_get_kind (account), "wordpress"))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The account “%s” is for a “%s” site, which this version of "
                                 "Byline cannot talk to"),
                               byline_account_get_name (account),
                               byline_account_get_kind (account));
      return;
    }

  data = g_new0 (OpenData, 1);
  data->account = g_object_ref (account);
  data->session = g_object_ref (session);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);

  secret_password_lookup (&account_schema, cancellable, open_lookup_cb, g_steal_pointer (&task),
                          "url", byline_account_get_url (account),
                          "user", byline_account_get_user (account),
                          NULL);
}

BylineCms *
byline_accounts_open_cms_finish (BylineAccounts  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNTS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_accounts_open_cms_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The object                                                           */

BylineAccount *
byline_accounts_lookup (BylineAccounts *self,
                        const char     *name)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNTS (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return find_by_name (self, name);
}

static void
byline_accounts_constructed (GObject *object)
{
  BylineAccounts *self = (BylineAccounts *)object;
  g_autoptr(GSettingsSchema) schema = NULL;

  G_OBJECT_CLASS (byline_accounts_parent_class)->constructed (object);

  g_return_if_fail (G_IS_SETTINGS (self->settings));

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (!g_settings_schema_has_key (schema, ACCOUNTS_KEY))
    {
      g_critical ("The settings schema %s has no key “%s”; no accounts will be listed",
                  g_settings_schema_get_id (schema), ACCOUNTS_KEY);
      g_clear_object (&self->settings);
      return;
    }

  g_signal_connect_object (self->settings, "changed::" ACCOUNTS_KEY,
                           G_CALLBACK (on_settings_changed), self, 0);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = read_settings (self);
}

static void
byline_accounts_finalize (GObject *object)
{
  BylineAccounts *self = (BylineAccounts *)object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (byline_accounts_parent_class)->finalize (object);
}

static void
byline_accounts_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BylineAccounts *self = BYLINE_ACCOUNTS (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_accounts_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BylineAccounts *self = BYLINE_ACCOUNTS (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_accounts_class_init (BylineAccountsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = byline_accounts_constructed;
  object_class->finalize = byline_accounts_finalize;
  object_class->get_property = byline_accounts_get_property;
  object_class->set_property = byline_accounts_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
byline_accounts_init (BylineAccounts *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

BylineAccounts *
byline_accounts_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (BYLINE_TYPE_ACCOUNTS,
                       "settings", settings,
                       NULL);
}
