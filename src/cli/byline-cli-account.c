/* byline-cli-account.c: "byline-cli account …": the CMS accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-cli"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "byline-cli-account.h"
#include "byline-accounts.h"
#include "byline-wp-cms.h"

#define SETTINGS_SCHEMA_ID "io.github.byline.Byline"

/* Application passwords are 24 letters in groups; this only bounds what a
 * wrong pipe can make us hold. */
#define MAX_PASSWORD 1024

enum {
  EXIT_OK = 0,
  EXIT_ERROR = 1,
  EXIT_USAGE = 2,
};

static void
print_account_usage (FILE *stream)
{
  fprintf (stream, "%s\n",
           _("Usage:\n"
             "  byline-cli account add NAME --url URL --user USER [--no-verify]\n"
             "                          Add a WordPress account; the application password is read\n"
             "                          from standard input (one line). Without --no-verify it is\n"
             "                          checked with the site first.\n"
             "  byline-cli account list   List accounts: name, kind, URL, user (tab-separated)\n"
             "  byline-cli account remove NAME\n"
             "                          Remove the account and its password from the keyring"));
}

static int
account_usage_error (const char *message)
{
  fprintf (stderr, "byline-cli: %s\n", message);
  print_account_usage (stderr);
  return EXIT_USAGE;
}

static int
account_fail (const GError *error)
{
  fprintf (stderr, "byline-cli: %s\n", error->message);
  return EXIT_ERROR;
}

/* Installed, or (from the build tree) compiled in GSETTINGS_SCHEMA_DIR. */
static GSettings *
open_settings (GError **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) local = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  const char *dir = g_getenv ("GSETTINGS_SCHEMA_DIR");

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);

  if (schema == NULL && dir != NULL && *dir != '\0')
    {
      local = g_settings_schema_source_new_from_directory (dir, source, FALSE, NULL);
      if (local != NULL)
        schema = g_settings_schema_source_lookup (local, SETTINGS_SCHEMA_ID, TRUE);
    }

  if (schema == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Byline's settings schema (%s) is not installed; install Byline, or set "
                     "GSETTINGS_SCHEMA_DIR to the folder holding its compiled schema"),
                   SETTINGS_SCHEMA_ID);
      return NULL;
    }

  if (!g_settings_schema_has_key (schema, "accounts"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The installed settings schema %s is older than this byline-cli and has no "
                     "list of accounts; install the matching version of Byline"),
                   SETTINGS_SCHEMA_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static BylineAccounts *
open_accounts (GSettings **settings_out,
               GError    **error)
{
  g_autoptr(GSettings) settings = open_settings (error);
  BylineAccounts *accounts;

  if (settings == NULL)
    return NULL;

  accounts = byline_accounts_new (settings);
  *settings_out = g_steal_pointer (&settings);
  return accounts;
}

/* ------------------------------------------------------------------ */
/* Reading the password                                                 */

static struct termios saved_termios;
static volatile sig_atomic_t echo_off;

static void
restore_echo_and_die (int signum)
{
  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  signal (signum, SIG_DFL);
  raise (signum);
}

/* One line from standard input, without its line break, never echoed.
 * Returns a buffer the caller wipes (wipe_password()). */
static char *
read_password (const char  *prompt,
               GError     **error)
{
  g_autofree char *buffer = g_malloc0 (MAX_PASSWORD + 1);
  gboolean tty = isatty (STDIN_FILENO);
  struct sigaction action = { 0 }, old_int, old_term;
  gsize len = 0;
  gboolean too_long = FALSE;
  int saved_errno = 0;

  if (tty)
    {
      struct termios quiet;

      if (tcgetattr (STDIN_FILENO, &saved_termios) != 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       _("Could not switch off the echo of the terminal: %s"), g_strerror (errno));
          return NULL;
        }

      /* Ctrl+C at the prompt must not leave the terminal without echo. */
      action.sa_handler = restore_echo_and_die;
      sigemptyset (&action.sa_mask);
      sigaction (SIGINT, &action, &old_int);
      sigaction (SIGTERM, &action, &old_term);

      quiet = saved_termios;
      quiet.c_lflag &= ~(tcflag_t)ECHO;
      quiet.c_lflag |= ECHONL;
      echo_off = 1;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);

      fputs (prompt, stderr);
      fflush (stderr);
    }

  /* read(2) a byte at a time: stdio would keep its own copy of the
   * password in a buffer we cannot wipe. */
  for (;;)
    {
      char c;
      ssize_t n = read (STDIN_FILENO, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          break;
        }
      if (n == 0 || c == '\n')
        break;
      if (len < MAX_PASSWORD)
        buffer[len++] = c;
      else
        too_long = TRUE;
    }

  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
      echo_off = 0;
      sigaction (SIGINT, &old_int, NULL);
      sigaction (SIGTERM, &old_term, NULL);
    }

  if (len > 0 && buffer[len - 1] == '\r')
    buffer[--len] = '\0';

  if (saved_errno != 0 || too_long || len == 0)
    {
      explicit_bzero (buffer, MAX_PASSWORD + 1);

      if (saved_errno != 0)
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                     _("Could not read the password from standard input: %s"),
                     g_strerror (saved_errno));
      else if (too_long)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The password on standard input is longer than %d character",
                                  "The password on standard input is longer than %d characters",
                                  MAX_PASSWORD),
                     MAX_PASSWORD);
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("No password on standard input: give the application password "
                               "(WordPress → Users → Profile → Application Passwords) on one line"));
      return NULL;
    }

  return g_steal_pointer (&buffer);
}

static void
wipe_password (char *password)
{
  if (password == NULL)
    return;

  explicit_bzero (password, MAX_PASSWORD + 1);
  g_free (password);
}

/* ------------------------------------------------------------------ */
/* Waiting for async calls                                              */

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

/* ------------------------------------------------------------------ */
/* Commands                                                             */

static int
cmd_account_add (const char *name,
                 const char *url,
                 const char *user,
                 gboolean    verify)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(BylineAccounts) accounts = NULL;
  g_autoptr(BylineAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *normalized = NULL;
  char *password = NULL;
  int status = EXIT_ERROR;

  if (!(accounts = open_accounts (&settings, &error)))
    return account_fail (error);

  /* Everything that can be checked without the password is, so nobody
   * types it for nothing. */
  if (byline_accounts_lookup (accounts, name) != NULL)
    {
      fprintf (stderr, _("byline-cli: There is already an account named “%s”\n"), name);
      return EXIT_ERROR;
    }
  if (!(normalized = byline_accounts_normalize_url (url, &error)))
    return account_fail (error);
  url = normalized;

  prompt = g_strdup_printf (_("Application password for %s at %s: "), user, url);
  if (!(password = read_password (prompt, &error)))
    return account_fail (error);

  if (verify)
    {
      g_autoptr(SoupSession) session = soup_session_new ();
      g_autoptr(BylineWpCms) cms = NULL;
      g_autoptr(BylineCmsIdentity) identity = NULL;
      const char *site, *who;

      soup_session_set_timeout (session, 60);
      if (!(cms = byline_wp_cms_new (session, url, user, password, &error)))
        goto out;

      byline_cms_verify_account_async (BYLINE_CMS (cms), NULL, store_result_cb, &result);
      identity = byline_cms_verify_account_finish (BYLINE_CMS (cms), wait_for (&result), &error);
      g_clear_object (&result);
      if (identity == NULL)
        goto out;

      site = identity->site_name != NULL && *identity->site_name ? identity->site_name : url;
      who = identity->display_name != NULL && *identity->display_name ? identity->display_name
                                                                        : identity->user_name;
      printf (_("Connected to %s as %s\n"), site, who != NULL ? who : user);
    }

  account = byline_account_new (name, "wordpress", url, user);
  byline_accounts_add_async (accounts, account, password, NULL, store_result_cb, &result);
  if (!byline_accounts_add_finish (accounts, wait_for (&result), &error))
    goto out;

  /* dconf writes in the background: the key must be on disk before exit. */
  g_settings_sync ();
  printf (_("Added the account “%s”%s\n"), name, verify ? "" : _(" (not checked with the site)"));
  status = EXIT_OK;

out:
  wipe_password (password);
  if (error != NULL)
    return account_fail (error);
  return status;
}

/* Fields on one line each: a tab or a line break would break the columns. */
static char *
one_field (const char *text)
{
  char *copy = g_strdup (text != NULL ? text : "");

  for (char *p = copy; *p; p++)
    if (*p == '\t' || *p == '\n' || *p == '\r')
      *p = ' ';

  return copy;
}

static int
cmd_account_list (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(BylineAccounts) accounts = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  if (!(accounts = open_accounts (&settings, &error)))
    return account_fail (error);

  n = g_list_model_get_n_items (G_LIST_MODEL (accounts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BylineAccount) account = g_list_model_get_item (G_LIST_MODEL (accounts), i);
      g_autofree char *name = one_field (byline_account_get_name (account));
      g_autofree char *kind = one_field (byline_account_get_kind (account));
      g_autofree char *url = one_field (byline_account_get_url (account));
      g_autofree char *user = one_field (byline_account_get_user (account));

      printf ("%s\t%s\t%s\t%s\n", name, kind, url, user);
    }

  return fflush (stdout) == 0 ? EXIT_OK : EXIT_ERROR;
}

static int
cmd_account_remove (const char *name)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(BylineAccounts) accounts = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!(accounts = open_accounts (&settings, &error)))
    return account_fail (error);

  byline_accounts_remove_async (accounts, name, NULL, store_result_cb, &result);
  ok = byline_accounts_remove_finish (accounts, wait_for (&result), &error);
  g_settings_sync ();

  return ok ? EXIT_OK : account_fail (error);
}

/* "add NAME --url URL --user USER [--no-verify]"; options in any order,
 * as "--url URL" or "--url=URL". */
static int
parse_add (int    argc,
           char **argv)
{
  const char *name = NULL, *url = NULL, *user = NULL;
  gboolean verify = TRUE;

  for (int i = 2; i < argc; i++)
    {
      const char *arg = argv[i];
      const char **target = NULL;
      const char *value = NULL;

      if (g_str_equal (arg, "--no-verify"))
        {
          verify = FALSE;
          continue;
        }

      if (g_str_has_prefix (arg, "--url"))
        target = &url;
      else if (g_str_has_prefix (arg, "--user"))
        target = &user;
      else if (g_str_has_prefix (arg, "--password"))
        /* On the command line it would be in the shell history and in
         * every process listing. */
        return account_usage_error (_("the password is read from standard input, never from the command line"));

      if (target != NULL)
        {
          const char *option = target == &url ? "--url" : "--user";
          gsize len = strlen (option);

          if (arg[len] == '=')
            value = arg + len + 1;
          else if (arg[len] == '\0' && i + 1 < argc)
            value = argv[++i];
          else if (arg[len] == '\0')
            {
              g_autofree char *message = g_strdup_printf (_("%s needs a value"), option);

              return account_usage_error (message);
            }
          else
            target = NULL;
        }

      if (target != NULL)
        {
          *target = value;
          continue;
        }

      if (arg[0] == '-' && arg[1] != '\0')
        {
          g_autofree char *message = g_strdup_printf (_("unknown option “%s”"), arg);

          return account_usage_error (message);
        }

      if (name != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("unexpected argument “%s”"), arg);

          return account_usage_error (message);
        }
      name = arg;
    }

  if (name == NULL || *name == '\0')
    return account_usage_error (_("“account add” needs a NAME for the account"));
  if (url == NULL || *url == '\0')
    return account_usage_error (_("“account add” needs --url with the site's address"));
  if (user == NULL || *user == '\0')
    return account_usage_error (_("“account add” needs --user with your user name on the site"));

  return cmd_account_add (name, url, user, verify);
}

int
byline_cli_account (int    argc,
                    char **argv)
{
  const char *command;

  g_return_val_if_fail (argc >= 1 && argv != NULL, EXIT_USAGE);

  if (argc < 2)
    return account_usage_error (_("“account” needs add, list or remove"));

  command = argv[1];

  if (g_str_equal (command, "--help") || g_str_equal (command, "-h") || g_str_equal (command, "help"))
    {
      print_account_usage (stdout);
      return EXIT_OK;
    }

  if (g_str_equal (command, "add"))
    return parse_add (argc, argv);

  if (g_str_equal (command, "list"))
    {
      if (argc != 2)
        return account_usage_error (_("“account list” takes no arguments"));
      return cmd_account_list ();
    }

  if (g_str_equal (command, "remove"))
    {
      if (argc != 3)
        return account_usage_error (_("“account remove” takes exactly one NAME"));
      return cmd_account_remove (argv[2]);
    }

  {
    g_autofree char *message = g_strdup_printf (_("unknown account command “%s”"), command);

    return account_usage_error (message);
  }
}
