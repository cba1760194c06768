/* byline-cli.c: Byline's article store from the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "model/byline-article.h"
#include "model/byline-article-format.h"
#include "model/byline-import-reader.h"
#include "model/byline-ninjs.h"
#include "store/byline-store.h"
#include "byline-cli-account.h"
#include "byline-cli-sync.h"

enum {
  EXIT_OK = 0,
  EXIT_ERROR = 1,
  EXIT_USAGE = 2,
};

/* Documents larger than this are refused before parsing; the format's own
 * limits are lower, this only keeps a wrong file from filling memory. */
#define MAX_IMPORT_SIZE (256 * 1024 * 1024)

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n",
           _("Usage:\n"
             "  byline-cli list [--trash]     List articles: id, status, sync state, headline (tab-separated)\n"
             "  byline-cli export [--format ninjs] ID\n"
             "                                Print the article's JSON document (or an IPTC ninjs 2.0 item)\n"
             "  byline-cli import [--yes] FILE\n"
             "                                Store FILE (or - for standard input) as a new article; print its id.\n"
             "                                FILE is a Byline document, a ninjs item, an HTML page or text copied\n"
             "                                from a page; what was recognised and dropped is listed on standard\n"
             "                                error.  Uncertain parts are asked about on a terminal; --yes takes\n"
             "                                them all, and without a terminal they stay body text\n"
             "  byline-cli history ID         List earlier versions: entry id, saved at, words, headline\n"
             "  byline-cli restore ENTRY-ID   Make an earlier version current again\n"
             "  byline-cli trash ID           Move an article to the trash\n"
             "  byline-cli untrash ID         Take an article out of the trash\n"
             "  byline-cli empty-trash        Delete the trash for good; articles on a site go to its trash\n"
             "                                with the next sync (print how many articles went)\n"
             "  byline-cli account add NAME --url URL --user USER [--no-verify]\n"
             "                                Add a WordPress account (password on standard input)\n"
             "  byline-cli account list       List accounts: name, kind, URL, user (tab-separated)\n"
             "  byline-cli account remove NAME  Remove an account and its password\n"
             "  byline-cli sync [ACCOUNT]     Send every changed article to the site and take in its changes;\n"
             "                                one line per article: id, sync state, headline, message\n"
             "  byline-cli pull ACCOUNT       List the site's articles: remote id, status, modified, title\n"
             "  byline-cli --help             Show this help\n"
             "\n"
             "The store is the folder named by BYLINE_DATA_DIR, or else Byline's data folder."));
}

static int
usage_error (const char *message)
{
  fprintf (stderr, "byline-cli: %s\n", message);
  print_usage (stderr);
  return EXIT_USAGE;
}

static int
fail (const GError *error)
{
  fprintf (stderr, "byline-cli: %s\n", error->message);
  return EXIT_ERROR;
}

static char *
store_directory (void)
{
  const char *env = g_getenv ("BYLINE_DATA_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), APPLICATION_ID, NULL);
}

static BylineStore *
open_store (GError **error)
{
  g_autofree char *directory = store_directory ();
  g_autoptr(BylineStore) store = byline_store_new (directory);

  if (!byline_store_open_sync (store, NULL, error))
    return NULL;

  return g_steal_pointer (&store);
}

/* One line per field: tabs and line breaks would break the columns. */
static char *
one_line (const char *text)
{
  char *copy = g_strdup (text ? text : "");

  for (char *p = copy; *p; p++)
    if (*p == '\t' || *p == '\n' || *p == '\r')
      *p = ' ';

  return copy;
}

static int
cmd_list (gboolean trashed)
{
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  if (!(store = open_store (&error)))
    return fail (error);

  if (!(list = byline_store_list_sync (store, trashed, NULL, &error)))
    return fail (error);

  for (guint i = 0; i < list->len; i++)
    {
      BylineArticleSummary *summary = g_ptr_array_index (list, i);
      g_autofree char *headline = one_line (byline_article_summary_get_headline (summary));

      printf ("%s\t%s\t%s\t%s\n",
              byline_article_summary_get_id (summary),
              byline_article_status_to_string (byline_article_summary_get_status (summary)),
              byline_sync_state_to_string (byline_article_summary_get_sync_state (summary)),
              headline);
    }

  return EXIT_OK;
}

/* Where relative image paths point for a receiver: the store folder */
static char *
media_base_uri (void)
{
  g_autofree char *directory = store_directory ();
  g_autofree char *absolute = g_canonicalize_filename (directory, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);

  return uri ? g_strconcat (uri, "/", NULL) : NULL;
}

static int
cmd_export_ninjs (const char *id)
{
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = media_base_uri ();
  g_autofree char *document = NULL;

  if (!(store = open_store (&error)))
    return fail (error);
  if (!(article = byline_store_load_sync (store, id, NULL, &error)))
    return fail (error);

  document = byline_article_to_ninjs (article, base, NULL);
  fputs (document, stdout);
  fputc ('\n', stdout);
  return fflush (stdout) == 0 ? EXIT_OK : EXIT_ERROR;
}

static int
cmd_export (const char *id)
{
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;

  if (!(store = open_store (&error)))
    return fail (error);

  /* The stored bytes, unparsed: export also rescues a document this
   * version of Byline can no longer read. */
  if (!(document = byline_store_get_document_sync (store, id, NULL, &error)))
    return fail (error);

  fputs (document, stdout);
  if (isatty (STDOUT_FILENO))
    fputc ('\n', stdout);

  return fflush (stdout) == 0 ? EXIT_OK : EXIT_ERROR;
}

static gboolean
read_input (const char  *file,
            GBytes     **bytes,
            GError     **error)
{
  g_autoptr(GByteArray) buffer = NULL;
  char chunk[65536];
  size_t n;

  if (g_strcmp0 (file, "-") != 0)
    {
      char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (file, &contents, &length, error))
        return FALSE;

      *bytes = g_bytes_new_take (contents, length);
      return TRUE;
    }

  buffer = g_byte_array_new ();
  while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
    {
      if (buffer->len + n > MAX_IMPORT_SIZE)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("the input is larger than %d MB"), MAX_IMPORT_SIZE / (1024 * 1024));
          return FALSE;
        }
      g_byte_array_append (buffer, (const guint8 *)chunk, n);
    }

  if (ferror (stdin))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("could not read standard input"));
      return FALSE;
    }

  *bytes = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  return TRUE;
}

/* The same article under a new id: the import must never overwrite an
 * article that is already in the store. */
static BylineArticle *
with_fresh_id (BylineArticle  *article,
               GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *json = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  JsonNode *root;

  json = byline_article_to_json (article, NULL);
  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;

  root = json_parser_get_root (parser);
  json_object_set_string_member (json_node_get_object (root), "id", uuid);

  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  renamed = json_generator_to_data (generator, NULL);

  return byline_article_new_from_json (renamed, -1, error);
}

static void
print_decisions (BylineImportResult *result,
                 const char         *name)
{
  GPtrArray *decisions = byline_import_result_get_decisions (result);
  guint n_dropped = 0;

  if (decisions->len == 0)
    return;

  fprintf (stderr, _("%s: read as %s\n"), name, byline_import_kind_to_string (byline_import_result_get_kind (result)));
  for (guint i = 0; i < decisions->len; i++)
    {
      BylineImportDecision *decision = g_ptr_array_index (decisions, i);
      BylineImportRole role = byline_import_decision_get_role (decision);
      g_autofree char *text = one_line (byline_import_decision_get_text (decision));

      if (role == BYLINE_IMPORT_ROLE_BODY)
        continue;
      if (role == BYLINE_IMPORT_ROLE_FURNITURE)
        {
          n_dropped++;
          continue;
        }
      /* TRANSLATORS: "  caption 70% (the line beside the photo credit): Boats in the bay." */
      fprintf (stderr, _("  %-10s %3.0f%% %s(%s): %s\n"),
               byline_import_role_to_string (role),
               byline_import_decision_get_confidence (decision) * 100.0,
               byline_import_decision_is_uncertain (decision) ? _("uncertain ") : "",
               byline_import_decision_get_reason (decision), text);
    }

  if (n_dropped > 0)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Dropped %u line as site furniture:\n",
                                  "Dropped %u lines as site furniture:\n", n_dropped), n_dropped);
  for (guint i = 0; i < decisions->len; i++)
    {
      BylineImportDecision *decision = g_ptr_array_index (decisions, i);
      g_autofree char *text = one_line (byline_import_decision_get_text (decision));

      if (byline_import_decision_get_role (decision) == BYLINE_IMPORT_ROLE_FURNITURE)
        fprintf (stderr, "  %s %s  (%s)\n", byline_import_decision_get_accepted (decision) ? "-" : "?",
                 text, byline_import_decision_get_reason (decision));
    }
}

/* One question per uncertain decision, on the terminal */
static void
ask_decisions (BylineImportResult *result)
{
  GPtrArray *decisions = byline_import_result_get_decisions (result);

  for (guint i = 0; i < decisions->len; i++)
    {
      BylineImportDecision *decision = g_ptr_array_index (decisions, i);
      g_autofree char *text = one_line (byline_import_decision_get_text (decision));
      char answer[64];

      if (!byline_import_decision_is_uncertain (decision))
        continue;

      /* TRANSLATORS: "We think this is the lead image caption: “…” Use it? [Y/n]" */
      fprintf (stderr, _("We think this is %s: “%s”\n"),
               byline_import_role_describe (byline_import_decision_get_role (decision)), text);
      fprintf (stderr, "%s", byline_import_decision_get_accepted (decision) ? _("Is it? [Y/n] ") : _("Is it? [y/N] "));
      if (fgets (answer, sizeof answer, stdin) == NULL)
        break;
      if (answer[0] == 'y' || answer[0] == 'Y')
        byline_import_decision_set_accepted (decision, TRUE);
      else if (answer[0] == 'n' || answer[0] == 'N')
        byline_import_decision_set_accepted (decision, FALSE);
    }
}

static int
cmd_import (const char *file,
            gboolean    yes)
{
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineImportResult) result = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(BylineArticle) existing = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = media_base_uri ();
  const char *name = g_strcmp0 (file, "-") == 0 ? _("standard input") : file;
  gconstpointer data;
  gsize length;
  guint n_uncertain;

  /* The whole document is read and checked before the store is touched,
   * so a bad file stores nothing. */
  if (!read_input (file, &bytes, &error))
    {
      fprintf (stderr, "byline-cli: %s: %s\n", name, error->message);
      return EXIT_ERROR;
    }

  data = g_bytes_get_data (bytes, &length);
  if (!(result = byline_import_read (data, length, file, base, &error)))
    {
      fprintf (stderr, "byline-cli: %s: %s\n", name, error->message);
      return EXIT_ERROR;
    }

  print_decisions (result, name);
  n_uncertain = byline_import_result_count_uncertain (result);
  if (n_uncertain > 0 && !yes)
    {
      if (g_strcmp0 (file, "-") != 0 && isatty (STDIN_FILENO) && isatty (STDERR_FILENO))
        ask_decisions (result);
      else
        {
          byline_import_result_reject_uncertain (result);
          fprintf (stderr, g_dngettext (GETTEXT_PACKAGE,
                                        "byline-cli: no terminal to ask: used only the parts recognised with confidence; "
                                        "%u uncertain part stays body text (--yes takes it)\n",
                                        "byline-cli: no terminal to ask: used only the parts recognised with confidence; "
                                        "%u uncertain parts stay body text (--yes takes them)\n", n_uncertain),
                   n_uncertain);
        }
    }

  article = byline_import_result_build_article (result);

  if (!(store = open_store (&error)))
    return fail (error);

  existing = byline_store_load_sync (store, byline_article_get_id (article), NULL, &error);
  if (existing != NULL || !g_error_matches (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND))
    {
      g_autoptr(BylineArticle) renamed = NULL;
      g_autoptr(GError) rename_error = NULL;

      if (!(renamed = with_fresh_id (article, &rename_error)))
        {
          fprintf (stderr, "byline-cli: %s: %s\n", name, rename_error->message);
          return EXIT_ERROR;
        }

      fprintf (stderr, _("byline-cli: %s: an article with id %s is already in the store; imported as %s\n"),
               name, byline_article_get_id (article), byline_article_get_id (renamed));
      g_set_object (&article, renamed);
    }
  g_clear_error (&error);

  if (!byline_store_save_article_sync (store, article, NULL, &error))
    return fail (error);

  printf ("%s\n", byline_article_get_id (article));
  return EXIT_OK;
}

static int
cmd_history (const char *id)
{
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  if (!(store = open_store (&error)))
    return fail (error);

  if (!(list = byline_store_list_history_sync (store, id, NULL, &error)))
    return fail (error);

  for (guint i = 0; i < list->len; i++)
    {
      BylineHistoryEntry *entry = g_ptr_array_index (list, i);
      g_autofree char *headline = one_line (byline_history_entry_get_headline (entry));
      g_autofree char *saved_at = g_date_time_format_iso8601 (byline_history_entry_get_saved_at (entry));

      printf ("%" G_GINT64_FORMAT "\t%s\t%u\t%s\n",
              byline_history_entry_get_entry_id (entry),
              saved_at,
              byline_history_entry_get_word_count (entry),
              headline);
    }

  return EXIT_OK;
}

static int
cmd_restore (const char *entry)
{
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  gint64 entry_id;

  if (!g_ascii_string_to_signed (entry, 10, 1, G_MAXINT64, &entry_id, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a history entry id (a number from “byline-cli history”)"), entry);

      return usage_error (message);
    }

  if (!(store = open_store (&error)))
    return fail (error);

  if (!(article = byline_store_restore_history_sync (store, entry_id, NULL, &error)))
    return fail (error);

  printf ("%s\n", byline_article_get_id (article));
  return EXIT_OK;
}

static int
cmd_trash (const char *id,
           gboolean    trash)
{
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!(store = open_store (&error)))
    return fail (error);

  if (trash)
    ok = byline_store_trash_sync (store, id, NULL, &error);
  else
    ok = byline_store_untrash_sync (store, id, NULL, &error);

  return ok ? EXIT_OK : fail (error);
}

static int
cmd_empty_trash (void)
{
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint removed;

  if (!(store = open_store (&error)))
    return fail (error);

  removed = byline_store_purge_trash_sync (store, NULL, NULL, &error);
  if (error != NULL)
    return fail (error);
  printf ("%u\n", removed);
  return EXIT_OK;
}

int
main (int   argc,
      char *argv[])
{
  const char *command;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    return usage_error (_("no command given"));

  command = argv[1];

  if (g_str_equal (command, "--help") || g_str_equal (command, "-h") || g_str_equal (command, "help"))
    {
      print_usage (stdout);
      return EXIT_OK;
    }

  if (g_str_equal (command, "account"))
    return byline_cli_account (argc - 1, argv + 1);

  if (g_str_equal (command, "sync"))
    return byline_cli_sync (argc - 1, argv + 1);
  if (g_str_equal (command, "pull"))
    return byline_cli_pull (argc - 1, argv + 1);

  if (g_str_equal (command, "empty-trash"))
    {
      if (argc != 2)
        return usage_error (_("“empty-trash” takes no arguments"));
      return cmd_empty_trash ();
    }

  if (g_str_equal (command, "list"))
    {
      if (argc == 2)
        return cmd_list (FALSE);
      if (argc == 3 && g_str_equal (argv[2], "--trash"))
        return cmd_list (TRUE);
      return usage_error (_("“list” takes only --trash"));
    }

  if (g_str_equal (command, "import") && argc >= 3)
    {
      gboolean yes = FALSE;
      const char *file = NULL;

      for (int i = 2; i < argc; i++)
        {
          if (g_str_equal (argv[i], "--yes") || g_str_equal (argv[i], "-y"))
            yes = TRUE;
          else if (file == NULL)
            file = argv[i];
          else
            return usage_error (_("“import” takes one file"));
        }
      if (file == NULL)
        return usage_error (_("“import” needs a file (or - for standard input)"));
      return cmd_import (file, yes);
    }

  if (g_str_equal (command, "export") && argc == 5)
    {
      int format_at = g_str_equal (argv[2], "--format") ? 2 : g_str_equal (argv[3], "--format") ? 3 : 0;
      const char *id = format_at == 2 ? argv[4] : argv[2];

      if (format_at == 0)
        return usage_error (_("“export” takes an id and, optionally, --format ninjs"));
      if (g_str_equal (argv[format_at + 1], "ninjs"))
        return cmd_export_ninjs (id);
      if (g_str_equal (argv[format_at + 1], "byline"))
        return cmd_export (id);
      return usage_error (_("the export formats are “byline” and “ninjs”"));
    }

  if (g_str_equal (command, "export") ||
      g_str_equal (command, "import") ||
      g_str_equal (command, "history") ||
      g_str_equal (command, "restore") ||
      g_str_equal (command, "trash") ||
      g_str_equal (command, "untrash"))
    {
      const char *arg;

      if (argc != 3)
        {
          g_autofree char *message = g_strdup_printf (_("“%s” takes exactly one argument"), command);

          return usage_error (message);
        }

      arg = argv[2];
      if (g_str_equal (command, "export"))
        return cmd_export (arg);
      if (g_str_equal (command, "import"))
        return cmd_import (arg, FALSE);
      if (g_str_equal (command, "history"))
        return cmd_history (arg);
      if (g_str_equal (command, "restore"))
        return cmd_restore (arg);
      return cmd_trash (arg, g_str_equal (command, "trash"));
    }

  {
    g_autofree char *message = g_strdup_printf (_("unknown command “%s”"), command);

    return usage_error (message);
  }
}
