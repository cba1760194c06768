/* test-accounts.c: CMS accounts in GSettings, passwords in the keyring
 *
 * Runs under tests/with-keyring.sh: a private D-Bus session with an
 * unlocked gnome-keyring-daemon, so the passwords written here go to a
 * throw-away keyring.  Checks what a journalist (or their IT department)
 * would: the account is listed, the password is in the keyring and
 * nowhere else, and a removed account leaves nothing behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE            /* memmem() */
#define G_LOG_DOMAIN "test-accounts"
#define G_SETTINGS_ENABLE_BACKEND

#include <string.h>

#include <gio/gsettingsbackend.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "byline-accounts.h"
#include "byline-wp-cms.h"

#define SCHEMA_ID "io.github.byline.Byline"

/* Written from the contract in byline-accounts.h, not copied from the
 * implementation: the test checks that the two agree. */
static const SecretSchema account_schema = {
  "io.github.byline.Byline.Account",
  SECRET_SCHEMA_NONE,
  {
    { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* A password no file could contain by chance. */
static char *
make_password (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("Tide %s Harbour", uuid);
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

static GSettingsSchema *
lookup_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  GSettingsSchema *schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  g_assert_nonnull (schema);      /* GSETTINGS_SCHEMA_DIR=<build>/data */
  return schema;
}

static GSettings *
memory_settings (void)
{
  g_autoptr(GSettingsSchema) schema = lookup_schema ();
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  return g_settings_new_full (schema, backend, NULL);
}

static char *
keyfile_path (void)
{
  /* Where GSETTINGS_BACKEND=keyfile keeps its file by default, so the
   * byline-cli subprocesses and this test share it. */
  return g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", "keyfile", NULL);
}

static GSettings *
keyfile_settings (void)
{
  g_autoptr(GSettingsSchema) schema = lookup_schema ();
  g_autofree char *path = keyfile_path ();
  g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (path, "/", NULL);

  return g_settings_new_full (schema, backend, NULL);
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

/* ------------------------------------------------------------------ */

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gboolean
add_account (BylineAccounts  *accounts,
             const char      *name,
             const char      *url,
             const char      *user,
             const char      *password,
             GError         **error)
{
  g_autoptr(BylineAccount) account = byline_account_new (name, "wordpress", url, user);
  g_autoptr(GAsyncResult) result = NULL;

  byline_accounts_add_async (accounts, account, password, NULL, store_result_cb, &result);
  return byline_accounts_add_finish (accounts, wait_for (&result), error);
}

static gboolean
remove_account (BylineAccounts  *accounts,
                const char      *name,
                GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  byline_accounts_remove_async (accounts, name, NULL, store_result_cb, &result);
  return byline_accounts_remove_finish (accounts, wait_for (&result), error);
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *n_changes)
{
  (*n_changes)++;
}

/* ------------------------------------------------------------------ */

static void
test_add_list_remove (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(BylineAccounts) accounts = NULL;
  g_autoptr(BylineAccounts) second = NULL;
  g_autoptr(BylineAccount) item = NULL;
  g_autoptr(GVariant) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) found = NULL;
  g_autofree char *password = make_password ();
  g_autofree char *printed = NULL;
  g_autofree char *label = NULL;
  char *secret;
  BylineAccount *account;
  guint n_changes = 0;

  if (!have_keyring ())
    return;

  settings = memory_settings ();
  accounts = byline_accounts_new (settings);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (accounts)) == BYLINE_TYPE_ACCOUNT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 0);
  g_signal_connect (accounts, "items-changed", G_CALLBACK (count_changes), &n_changes);

  /* A trailing slash, as copied from the browser's address bar. */
  g_assert_true (add_account (accounts, "desk", "https://news.example.org/", "editor", password, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (n_changes, >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 1);
  item = g_list_model_get_item (G_LIST_MODEL (accounts), 0);
  g_assert_cmpstr (byline_account_get_name (item), ==, "desk");
  g_assert_cmpstr (byline_account_get_kind (item), ==, "wordpress");
  g_assert_cmpstr (byline_account_get_url (item), ==, "https://news.example.org");
  g_assert_cmpstr (byline_account_get_user (item), ==, "editor");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (accounts), 1));

  account = byline_accounts_lookup (accounts, "desk");
  g_assert_true (account == item);
  g_assert_null (byline_accounts_lookup (accounts, "sports"));

  /* The settings hold the account and not the password. */
  stored = g_settings_get_value (settings, "accounts");
  printed = g_variant_print (stored, FALSE);
  g_assert_cmpstr (printed, ==, "[('desk', 'wordpress', 'https://news.example.org', 'editor')]");
  g_assert_null (strstr (printed, password));

  /* Another window on the same settings sees it too. */
  second = byline_accounts_new (settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (second)), ==, 1);
  g_assert_nonnull (byline_accounts_lookup (second, "desk"));

  /* The keyring has it, under a label a person can recognise. */
  secret = keyring_lookup ("https://news.example.org", "editor");
  g_assert_cmpstr (secret, ==, password);
  secret_password_free (secret);

  found = secret_password_search_sync (&account_schema, SECRET_SEARCH_ALL, NULL, &error,
                                       "url", "https://news.example.org",
                                       "user", "editor",
                                       NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (found), ==, 1);
  label = secret_retrievable_get_label (found->data);
  g_assert_cmpstr (label, ==, "Byline: editor at news.example.org");
  g_list_free_full (g_steal_pointer (&found), g_object_unref);

  /* Removing takes the password with it. */
  g_assert_true (remove_account (accounts, "desk", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 0);
  g_assert_null (byline_accounts_lookup (accounts, "desk"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (second)), ==, 0);
  g_assert_null (keyring_lookup ("https://news.example.org", "editor"));
  g_clear_pointer (&stored, g_variant_unref);
  stored = g_settings_get_value (settings, "accounts");
  g_assert_cmpuint (g_variant_n_children (stored), ==, 0);

  g_assert_false (remove_account (accounts, "desk", &error));
  g_assert_error (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "desk"));
}

static void
test_urls (void)
{
  const struct {
    const char *url;
    const char *stored;       /* NULL: refused */
  } cases[] = {
    { "http://example.org", NULL },
    { "http://example.org:80/", NULL },
    { "http://127.0.0.2.example.org", NULL },
    { "ftp://example.org", NULL },
    { "example.org", NULL },
    { "https://", NULL },
    { "", NULL },
    { "https://example.org/?p=1", NULL },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
    { "http://127.12.0.9/", "http://127.12.0.9" },
    { "http://localhost:8080/wordpress/", "http://localhost:8080/wordpress" },
    { "http://[::1]:8080", "http://[::1]:8080" },
    { "https://example.org//", "https://example.org" },
  };
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(BylineAccounts) accounts = NULL;
  g_autofree char *password = make_password ();

  if (!have_keyring ())
    return;

  settings = memory_settings ();
  accounts = byline_accounts_new (settings);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("site%u", i);
      gboolean ok;

      g_test_message ("URL “%s”", cases[i].url);
      ok = add_account (accounts, name, cases[i].url, "editor", password, &error);

      if (cases[i].stored == NULL)
        {
          g_assert_false (ok);
          g_assert_error (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_INVALID_URL);
          /* Names what was wrong, so it can be fixed. */
          if (*cases[i].url != '\0')
            g_assert_nonnull (strstr (error->message, cases[i].url));
          g_assert_null (byline_accounts_lookup (accounts, name));
          g_assert_null (keyring_lookup (cases[i].url, "editor"));
        }
      else
        {
          char *secret;

          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (byline_account_get_url (byline_accounts_lookup (accounts, name)), ==,
                           cases[i].stored);
          secret = keyring_lookup (cases[i].stored, "editor");
          g_assert_cmpstr (secret, ==, password);
          secret_password_free (secret);
          g_assert_true (remove_account (accounts, name, &error));
          g_assert_no_error (error);
        }
    }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 0);
}

static void
test_url_with_password (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(BylineAccounts) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = make_password ();
  g_autofree char *url = NULL;

  if (!have_keyring ())
    return;

  settings = memory_settings ();
  accounts = byline_accounts_new (settings);

  /* Someone pastes the password into the address: refused, and the
   * message repeats the address without it. */
  url = g_strdup_printf ("https://editor:%s@news.example.org", "Quay7Lantern");
  g_assert_false (add_account (accounts, "desk", url, "editor", password, &error));
  g_assert_error (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_INVALID_URL);
  g_assert_null (strstr (error->message, "Quay7Lantern"));
  g_assert_null (strstr (error->message, password));
  g_assert_nonnull (strstr (error->message, "news.example.org"));
}

static void
test_duplicate (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(BylineAccounts) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = make_password ();
  g_autofree char *other_password = make_password ();
  char *secret;

  if (!have_keyring ())
    return;

  settings = memory_settings ();
  accounts = byline_accounts_new (settings);

  g_assert_true (add_account (accounts, "desk", "https://news.example.org", "editor", password, &error));
  g_assert_no_error (error);

  /* The same name for another site: refused, the first one untouched. */
  g_assert_false (add_account (accounts, "desk", "https://sport.example.org", "writer",
                               other_password, &error));
  g_assert_error (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "desk"));
  g_clear_error (&error);
  g_assert_null (keyring_lookup ("https://sport.example.org", "writer"));

  /* The same login under another name would share its password. */
  g_assert_false (add_account (accounts, "desk2", "https://news.example.org/", "editor",
                               other_password, &error));
  g_assert_error (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 1);
  g_assert_cmpstr (byline_account_get_url (byline_accounts_lookup (accounts, "desk")), ==,
                   "https://news.example.org");
  secret = keyring_lookup ("https://news.example.org", "editor");
  g_assert_cmpstr (secret, ==, password);
  secret_password_free (secret);

  g_assert_true (remove_account (accounts, "desk", &error));
  g_assert_no_error (error);
}

static void
open_cms_done (BylineAccounts  *accounts,
               BylineAccount   *account,
               SoupSession     *session,
               BylineCms      **cms,
               GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  byline_accounts_open_cms_async (accounts, account, session, NULL, store_result_cb, &result);
  *cms = byline_accounts_open_cms_finish (accounts, wait_for (&result), error);
}

static void
test_open_cms (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(BylineAccounts) accounts = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(BylineCms) cms = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = make_password ();
  BylineAccount *account;

  if (!have_keyring ())
    return;

  settings = memory_settings ();
  accounts = byline_accounts_new (settings);
  g_assert_true (add_account (accounts, "local", "http://127.0.0.1:8080/", "editor", password, &error));
  g_assert_no_error (error);
  account = byline_accounts_lookup (accounts, "local");

  open_cms_done (accounts, account, session, &cms, &error);
  g_assert_no_error (error);
  g_assert_true (BYLINE_IS_WP_CMS (cms));
  g_assert_cmpstr (byline_wp_cms_get_site_url (BYLINE_WP_CMS (cms)), ==, "http://127.0.0.1:8080");
  g_assert_cmpstr (byline_wp_cms_get_user (BYLINE_WP_CMS (cms)), ==, "editor");
  g_clear_object (&cms);

  /* The keyring lost it (another tool cleared it): a clear error, with
   * what to do, rather than a request without a password. */
  g_assert_true (secret_password_clear_sync (&account_schema, NULL, &error,
                                             "url", "http://127.0.0.1:8080",
                                             "user", "editor",
                                             NULL));
  g_assert_no_error (error);
  open_cms_done (accounts, account, session, &cms, &error);
  g_assert_null (cms);
  g_assert_error (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_NO_PASSWORD);
  g_assert_nonnull (strstr (error->message, "local"));
  g_clear_error (&error);

  /* Removing an account whose password is already gone still works. */
  g_assert_true (remove_account (accounts, "local", &error));
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------ */
/* Nothing on disk                                                      */

/* Asserts that no file under @path contains @needle; returns how many
 * files were read. */
static guint
assert_not_in_files (const char *path,
                     const char *needle)
{
  g_autoptr(GDir) dir = NULL;
  const char *entry;
  guint n = 0;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return 0;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *contents = NULL;
      gsize length = 0;
      g_autoptr(GError) error = NULL;

      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      if (memmem (contents, length, needle, strlen (needle)) != NULL)
        g_error ("The password is written in %s", path);
      return 1;
    }

  if (!(dir = g_dir_open (path, 0, NULL)))
    return 0;

  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, entry, NULL);

      n += assert_not_in_files (child, needle);
    }

  return n;
}

static void
assert_password_nowhere (const char *password)
{
  g_autofree char *keyfile = keyfile_path ();
  g_autofree char *contents = NULL;
  guint n = 0;

  /* The keyfile exists and has the account: proof we look in the right
   * place (and that the account itself was written). */
  g_assert_true (g_file_get_contents (keyfile, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "news.example.org"));
  g_assert_null (strstr (contents, password));

  n += assert_not_in_files (g_get_user_config_dir (), password);
  n += assert_not_in_files (g_get_user_data_dir (), password);
  n += assert_not_in_files (g_get_user_cache_dir (), password);
  n += assert_not_in_files (g_get_user_state_dir (), password);
  n += assert_not_in_files (g_get_home_dir (), password);
  g_assert_cmpuint (n, >=, 1);
}

static void
test_no_password_in_files (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(BylineAccounts) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = make_password ();
  char *secret;

  if (!have_keyring ())
    return;

  settings = keyfile_settings ();
  accounts = byline_accounts_new (settings);
  g_assert_true (add_account (accounts, "desk", "https://news.example.org", "editor", password, &error));
  g_assert_no_error (error);
  g_settings_sync ();

  secret = keyring_lookup ("https://news.example.org", "editor");
  g_assert_cmpstr (secret, ==, password);
  secret_password_free (secret);

  assert_password_nowhere (password);
}

/* ------------------------------------------------------------------ */
/* byline-cli account                                                   */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs byline-cli while this thread's main loop keeps serving (the fake
 * WordPress of the verify test lives on it). */
static void
run_cli (Run        *run,
         const char *stdin_text,
         const char *first,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("BYLINE_CLI");
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Settings that outlive each process, in this test's isolated folders
   * (G_TEST_OPTION_ISOLATE_DIRS moves them for GLib, not in environ). */
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "BYLINE_DATA_DIR", g_get_user_data_dir (), TRUE);
  /* The isolated XDG_DATA_DIRS has no GNOME proxy schema, and the fake
   * site is on loopback anyway. */
  g_subprocess_launcher_setenv (launcher, "GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (proc, stdin_text != NULL ? stdin_text : "", NULL,
                                       store_result_cb, &result);
  g_assert_true (g_subprocess_communicate_utf8_finish (proc, wait_for (&result),
                                                       &run->out, &run->err, &error));
  g_assert_no_error (error);
  /* A crash shows as 128 + the signal, like a shell does, and fails the
   * test's exit status check with the output in the log. */
  if (g_subprocess_get_if_signaled (proc))
    run->status = 128 + g_subprocess_get_term_sig (proc);
  else
    run->status = g_subprocess_get_exit_status (proc);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", run->status, run->out, run->err);
}

static void
assert_not_printed (Run        *run,
                    const char *password)
{
  g_assert_null (strstr (run->out, password));
  g_assert_null (strstr (run->err, password));
}

static void
test_cli (void)
{
  g_autofree char *password = make_password ();
  g_autofree char *line = g_strconcat (password, "\n", NULL);
  char *secret;

  if (!have_keyring ())
    return;

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, line, "account", "add", "desk", "--url", "https://news.example.org/",
             "--user", "editor", "--no-verify", NULL);
    g_assert_cmpint (run.status, ==, 0);
    assert_not_printed (&run, password);
  }

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "account", "list", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "desk\twordpress\thttps://news.example.org\teditor\n");
  }

  secret = keyring_lookup ("https://news.example.org", "editor");
  g_assert_cmpstr (secret, ==, password);
  secret_password_free (secret);
  assert_password_nowhere (password);

  /* The same name again: refused before any password is read. */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, line, "account", "add", "desk", "--url", "https://sport.example.org",
             "--user", "writer", "--no-verify", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "desk"));
    assert_not_printed (&run, password);
  }

  /* Plain http to a real host. */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, line, "account", "add", "open", "--url", "http://example.org",
             "--user", "editor", "--no-verify", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "http://example.org"));
    assert_not_printed (&run, password);
  }

  /* No password on standard input. */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "", "account", "add", "empty", "--url", "https://news.example.org",
             "--user", "writer", "--no-verify", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "password"));
  }

  /* Never as an argument; and other usage errors. */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "account", "add", "desk2", "--url", "https://news.example.org",
             "--user", "other", "--password", "hunter2", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_null (strstr (run.err, "hunter2"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "account", "add", "desk2", "--user", "other", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--url"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "account", "rename", "desk", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }

  /* The failed attempts changed nothing. */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "account", "list", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "desk\twordpress\thttps://news.example.org\teditor\n");
  }

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "account", "remove", "desk", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "account", "list", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "");
  }
  g_assert_null (keyring_lookup ("https://news.example.org", "editor"));
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "account", "remove", "desk", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "desk"));
  }
}

/* A WordPress of a few lines on loopback: the index, and users/me, which
 * knows one application password. */
typedef struct
{
  const char *expected_auth;
} FakeSite;

static void
fake_wordpress (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FakeSite *site = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  const char *body;
  guint status = 200;

  if (g_str_equal (path, "/wp-json/") || g_str_equal (path, "/wp-json"))
    body = "{\"name\":\"The Harbour Gazette\",\"namespaces\":[\"oembed/1.0\",\"wp/v2\"]}";
  else if (g_str_equal (path, "/wp-json/wp/v2/users/me") && g_strcmp0 (auth, site->expected_auth) == 0)
    body = "{\"id\":7,\"name\":\"Mara Quill\",\"slug\":\"mara\",\"username\":\"mara\"}";
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
test_cli_verify (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *password = make_password ();
  g_autofree char *wrong = make_password ();
  g_autofree char *line = g_strconcat (password, "\n", NULL);
  g_autofree char *wrong_line = g_strconcat (wrong, "\n", NULL);
  g_autofree char *credentials = g_strconcat ("mara:", password, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *expected_auth = g_strconcat ("Basic ", encoded, NULL);
  g_autofree char *url = NULL;
  FakeSite site = { expected_auth };
  char *secret;

  if (!have_keyring ())
    return;

  soup_server_add_handler (server, NULL, fake_wordpress, &site, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  url = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  /* A wrong password: the site's refusal is shown, nothing is kept. */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, wrong_line, "account", "add", "gazette", "--url", url, "--user", "mara", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "mara"));
    assert_not_printed (&run, wrong);
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "account", "list", NULL);
    g_assert_cmpstr (run.out, ==, "");
  }
  g_assert_null (keyring_lookup (url, "mara"));

  /* The right one: who it connected as, then kept. */
  {
    g_auto(Run) run = { 0 };
    g_auto(Run) list = { 0 };
    /* Listed without the trailing slash libsoup puts on the server's URI. */
    g_autofree char *expected = g_strdup_printf ("gazette\twordpress\t%.*s\tmara\n",
                                                 (int) strlen (url) - (g_str_has_suffix (url, "/") ? 1 : 0),
                                                 url);

    run_cli (&run, line, "account", "add", "gazette", "--url", url, "--user", "mara", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Connected to The Harbour Gazette as Mara Quill"));
    assert_not_printed (&run, password);

    run_cli (&list, NULL, "account", "list", NULL);
    g_assert_cmpstr (list.out, ==, expected);
  }

  {
    g_autoptr(GSettings) settings = keyfile_settings ();
    g_autoptr(BylineAccounts) accounts = byline_accounts_new (settings);
    BylineAccount *account = byline_accounts_lookup (accounts, "gazette");

    g_assert_nonnull (account);
    secret = keyring_lookup (byline_account_get_url (account), "mara");
    g_assert_cmpstr (secret, ==, password);
    secret_password_free (secret);
  }

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "account", "remove", "gazette", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/accounts/add-list-remove", test_add_list_remove);
  g_test_add_func ("/accounts/urls", test_urls);
  g_test_add_func ("/accounts/url-with-password", test_url_with_password);
  g_test_add_func ("/accounts/duplicate", test_duplicate);
  g_test_add_func ("/accounts/open-cms", test_open_cms);
  g_test_add_func ("/accounts/no-password-in-files", test_no_password_in_files);
  g_test_add_func ("/accounts/cli", test_cli);
  g_test_add_func ("/accounts/cli-verify", test_cli_verify);

  return g_test_run ();
}
