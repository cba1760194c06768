/* test-cli.c: byline-cli, run as a separate program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "model/byline-article.h"
#include "model/byline-article-format.h"

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

static char *
store_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "byline-test-cli", NULL);
}

/* Runs byline-cli with @stdin_text (or none) and the given arguments. */
static void
run_cli (Run        *run,
         const char *stdin_text,
         const char *first,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = store_dir ();
  const char *cli = g_getenv ("BYLINE_CLI");
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer)cli);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        (stdin_text ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0));
  g_subprocess_launcher_setenv (launcher, "BYLINE_DATA_DIR", directory, TRUE);
  /* Messages in English, whatever the developer's locale. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_communicate_utf8 (proc, stdin_text, NULL, &run->out, &run->err, &error));
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (proc);
}

static BylineArticle *
make_article (void)
{
  BylineArticle *article = byline_article_new ();
  g_autoptr(BylineBlock) p1 = byline_block_new_paragraph ("The town's oldest bakery closes its doors on Saturday.");
  g_autoptr(BylineBlock) quote = byline_block_new (BYLINE_BLOCK_QUOTE);
  g_autoptr(BylineImage) image = byline_image_new ();
  const char *tags[] = { "business", "high street", NULL };

  byline_article_set_section (article, "Local");
  /* A tab and a line break: the list must still have four columns. */
  byline_article_set_headline (article, "Last loaf:\tbakery closes\nafter 90 years");
  byline_article_set_standfirst (article, "Customers queued around the block for a final visit.");
  byline_article_set_byline (article, "Sam Okafor");
  byline_article_set_tags (article, tags);
  byline_image_set_src (image, "media/bakery.png");
  byline_image_set_caption (image, "The bakery's window on its last morning.");
  byline_image_set_credit (image, "© Local Desk 2024 / S. Okafor");
  byline_image_set_alt (image, "Loaves stacked in a shop window.");
  byline_article_set_lead_image (article, image);
  byline_block_add_mark (p1, BYLINE_MARK_BOLD, 4, 8, NULL);
  byline_article_append_block (article, p1);
  byline_block_set_text (quote, "We never missed a morning.");
  byline_block_set_attribution (quote, "the owner");
  byline_article_append_block (article, quote);

  return article;
}

static char *
write_file (const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  path = g_build_filename (g_get_user_cache_dir (), name, NULL);
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
  return path;
}

static char **
list_lines (gboolean trash)
{
  g_auto(Run) run = { 0, };

  if (trash)
    run_cli (&run, NULL, "list", "--trash", NULL);
  else
    run_cli (&run, NULL, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  if (run.out[0] == '\0')
    return g_new0 (char *, 1);

  g_assert_true (g_str_has_suffix (run.out, "\n"));
  run.out[strlen (run.out) - 1] = '\0';
  return g_strsplit (run.out, "\n", -1);
}

static char *
import_ok (const char *file)
{
  g_auto(Run) run = { 0, };

  run_cli (&run, NULL, "import", file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_strstrip (run.out);
  g_assert_true (g_uuid_string_is_valid (run.out));
  return g_steal_pointer (&run.out);
}

static void
test_import_export (void)
{
  g_autoptr(BylineArticle) article = make_article ();
  g_autoptr(BylineArticle) exported = NULL;
  g_autofree char *json = byline_article_to_json (article, NULL);
  g_autofree char *file = write_file ("bakery.json", json, -1);
  g_autofree char *id = import_ok (file);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) columns = NULL;
  g_auto(Run) run = { 0, };
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (id, ==, byline_article_get_id (article));

  run_cli (&run, NULL, "export", id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  exported = byline_article_new_from_json (run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (byline_article_equal (article, exported));
  /* Exactly the document Byline writes for this article. */
  g_assert_cmpstr (run.out, ==, json);

  lines = list_lines (FALSE);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  columns = g_strsplit (lines[0], "\t", -1);
  g_assert_cmpuint (g_strv_length (columns), ==, 4);
  g_assert_cmpstr (columns[0], ==, id);
  g_assert_cmpstr (columns[1], ==, byline_article_status_to_string (BYLINE_ARTICLE_STATUS_DRAFT));
  g_assert_cmpstr (columns[2], ==, byline_sync_state_to_string (BYLINE_SYNC_STATE_LOCAL));
  g_assert_cmpstr (columns[3], ==, "Last loaf: bakery closes after 90 years");
}

static void
test_import_twice_and_stdin (void)
{
  g_autoptr(BylineArticle) article = make_article ();
  g_autofree char *json = byline_article_to_json (article, NULL);
  g_autofree char *file = write_file ("bakery.json", json, -1);
  g_autofree char *first = import_ok (file);
  g_autoptr(BylineArticle) second = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(Run) run = { 0, };
  g_auto(Run) export = { 0, };

  /* The same id again: stored under a new id, nothing overwritten. */
  run_cli (&run, json, "import", "-", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_strstrip (run.out);
  g_assert_true (g_uuid_string_is_valid (run.out));
  g_assert_cmpstr (run.out, !=, first);
  g_assert_nonnull (strstr (run.err, first));
  g_assert_nonnull (strstr (run.err, run.out));

  lines = list_lines (FALSE);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);

  run_cli (&export, NULL, "export", run.out, NULL);
  g_assert_cmpint (export.status, ==, 0);
  second = byline_article_new_from_json (export.out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_headline (second), ==, byline_article_get_headline (article));
}

/* A valid document changed in one place, through json-glib. */
static char *
mutate (const char *json,
        const char *member,
        JsonNode   *value)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  root = json_parser_get_root (parser);
  json_object_set_member (json_node_get_object (root), member, value);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
assert_import_refused (const char *name,
                       const char *contents,
                       gssize      length,
                       const char *must_mention)
{
  g_autofree char *file = write_file (name, contents, length);
  g_autofree char *prefix = g_strdup_printf ("byline-cli: %s: ", file);
  g_auto(GStrv) before = list_lines (FALSE);
  g_auto(GStrv) after = NULL;
  g_auto(Run) run = { 0, };

  run_cli (&run, NULL, "import", file, NULL);
  g_test_message ("%s -> %s", name, run.err);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, prefix));
  g_assert_cmpuint (strlen (run.err), >, strlen (prefix) + 5);
  if (must_mention != NULL)
    g_assert_nonnull (strstr (run.err, must_mention));

  after = list_lines (FALSE);
  g_assert_true (g_strv_equal ((const char * const *)before, (const char * const *)after));
}

static void
test_import_bad_input (void)
{
  g_autoptr(BylineArticle) article = make_article ();
  g_autofree char *json = byline_article_to_json (article, NULL);
  g_autofree char *good = write_file ("good.json", json, -1);
  g_autofree char *id = import_ok (good);
  g_autofree char *wrong_type = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *not_article = NULL;
  g_autofree char *bad_utf8 = NULL;
  g_auto(Run) run = { 0, };
  char *p;

  /* Truncated: half the document. */
  assert_import_refused ("truncated.json", json, strlen (json) / 2, NULL);

  /* A headline that is a number. */
  wrong_type = mutate (json, "headline", json_node_init_int (json_node_alloc (), 42));
  assert_import_refused ("wrong-type.json", wrong_type, -1, "headline");

  /* Written by a newer Byline. */
  newer = mutate (json, "version", json_node_init_int (json_node_alloc (), BYLINE_FORMAT_VERSION + 1));
  assert_import_refused ("newer.json", newer, -1, "version");

  /* Some other JSON. */
  not_article = mutate (json, "format", json_node_init_string (json_node_alloc (), "recipe"));
  assert_import_refused ("not-an-article.json", not_article, -1, "format");

  /* Invalid UTF-8 inside a string. */
  bad_utf8 = g_strdup (json);
  p = strstr (bad_utf8, "Sam Okafor");
  g_assert_nonnull (p);
  p[1] = (char)0xff;
  assert_import_refused ("bad-utf8.json", bad_utf8, -1, NULL);

  /* The good import is still the only article. */
  {
    g_auto(GStrv) lines = list_lines (FALSE);

    g_assert_cmpuint (g_strv_length (lines), ==, 1);
    g_assert_true (g_str_has_prefix (lines[0], id));
  }

  /* A file that is not there. */
  run_cli (&run, NULL, "import", "no-such-file.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no-such-file.json"));
}

static void
test_trash_and_history (void)
{
  g_autoptr(BylineArticle) article = make_article ();
  g_autofree char *json = byline_article_to_json (article, NULL);
  g_autofree char *file = write_file ("bakery.json", json, -1);
  g_autofree char *id = import_ok (file);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) trash = NULL;
  g_auto(Run) run = { 0, };
  g_auto(Run) history = { 0, };

  run_cli (&run, NULL, "trash", id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = list_lines (FALSE);
  trash = list_lines (TRUE);
  g_assert_cmpuint (g_strv_length (lines), ==, 0);
  g_assert_cmpuint (g_strv_length (trash), ==, 1);
  g_assert_true (g_str_has_prefix (trash[0], id));
  g_clear_pointer (&lines, g_strfreev);
  run_clear (&run);

  run_cli (&run, NULL, "untrash", id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = list_lines (FALSE);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  run_clear (&run);

  run_cli (&run, NULL, "trash", "no-such-id", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no-such-id"));
  run_clear (&run);

  /* No earlier versions yet: an empty history, not an error. */
  run_cli (&history, NULL, "history", id, NULL);
  g_assert_cmpint (history.status, ==, 0);
  g_assert_cmpstr (history.out, ==, "");

  run_cli (&run, NULL, "restore", "12345", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "12345"));
}

static void
test_usage (void)
{
  g_auto(Run) none = { 0, };
  g_auto(Run) unknown = { 0, };
  g_auto(Run) missing = { 0, };
  g_auto(Run) help = { 0, };
  g_auto(Run) bad_entry = { 0, };

  run_cli (&none, NULL, NULL, NULL);
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "Usage"));

  run_cli (&unknown, NULL, "publish-everything", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "publish-everything"));

  run_cli (&missing, NULL, "export", NULL);
  g_assert_cmpint (missing.status, ==, 2);

  run_cli (&bad_entry, NULL, "restore", "yesterday", NULL);
  g_assert_cmpint (bad_entry.status, ==, 2);

  run_cli (&help, NULL, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "import"));
  g_assert_cmpstr (help.err, ==, "");
}

/* Pages and ninjs (issue 10): the kinds of file import tells apart */

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "import", name, NULL);
}

static JsonObject *
exported_object (JsonParser *parser,
                 const char *id,
                 const char *format)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GError) error = NULL;

  if (format != NULL)
    run_cli (&run, NULL, "export", "--format", format, id, NULL);
  else
    run_cli (&run, NULL, "export", id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_import_page_text (void)
{
  g_autofree char *path = fixture ("harbour-wall.en.txt");
  g_auto(Run) run = { 0 };
  g_auto(Run) yes = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser_yes = json_parser_new ();
  g_autofree char *id = NULL;
  JsonObject *article;
  JsonArray *body;

  /* No terminal (standard input is a pipe): only the confident parts */
  run_cli (&run, "", "import", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "read as text"));
  g_assert_nonnull (strstr (run.err, "Dropped 19 lines as site furniture"));
  g_assert_nonnull (strstr (run.err, "  - Facebook"));
  g_assert_nonnull (strstr (run.err, "  - 阅读中文版  (in another script than the article)"));
  g_assert_nonnull (strstr (run.err, "caption     70% uncertain"));
  g_assert_nonnull (strstr (run.err, "4 uncertain parts stay body text"));
  id = g_strstrip (g_strdup (run.out));
  article = exported_object (parser, id, NULL);
  g_assert_cmpstr (json_object_get_string_member (article, "headline"), ==,
                   "Kestrel Bay votes to raise its sea wall before winter");
  g_assert_cmpstr (json_object_get_string_member (article, "section"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (article, "byline"), ==, "Mara Lindqvist");
  body = json_object_get_array_member (article, "body");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (body, 0), "text"), ==, "Coast");

  /* --yes: every recognised part */
  g_free (id);
  run_cli (&yes, "", "import", "--yes", path, NULL);
  g_assert_cmpint (yes.status, ==, 0);
  g_assert_null (strstr (yes.err, "no terminal"));
  id = g_strstrip (g_strdup (yes.out));
  article = exported_object (parser_yes, id, NULL);
  g_assert_cmpstr (json_object_get_string_member (article, "section"), ==, "Coast");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (article, "lead_image"), "caption"), ==,
                   "Volunteers stack sandbags along the harbour front of Kestrel Bay on Monday.");
  body = json_object_get_array_member (article, "body");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (body, 2), "type"), ==, "card");
}

static void
test_import_html_export_ninjs (void)
{
  g_autofree char *path = fixture ("news-jsonld.html");
  g_autofree char *ninjs_path = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) bad = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser_back = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *id_back = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *ninjs_text = NULL;
  JsonObject *item, *back;

  run_cli (&run, "", "import", "--yes", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "read as html"));
  id = g_strstrip (g_strdup (run.out));

  item = exported_object (parser, id, "ninjs");
  uri = g_strconcat ("urn:uuid:", id, NULL);
  g_assert_cmpstr (json_object_get_string_member (item, "uri"), ==, uri);
  g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (item, "headlines"), 0), "value"),
                   ==, "Ferry operator orders two electric boats");

  /* ninjs back in: a new article (the id is taken), the same story */
  ninjs_text = json_to_string (json_parser_get_root (parser), FALSE);
  ninjs_path = g_build_filename (g_get_tmp_dir (), "byline-test-story.ninjs.json", NULL);
  g_assert_true (g_file_set_contents (ninjs_path, ninjs_text, -1, &error));
  run_cli (&again, NULL, "import", ninjs_path, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.err, "already in the store"));
  id_back = g_strstrip (g_strdup (again.out));
  g_assert_cmpstr (id_back, !=, id);
  back = exported_object (parser_back, id_back, NULL);
  g_assert_cmpstr (json_object_get_string_member (back, "headline"), ==, "Ferry operator orders two electric boats");
  g_assert_cmpstr (json_object_get_string_member (back, "byline"), ==, "Ilse Marr and Owen Tally");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (back, "lead_image"), "credit"), ==,
                   "© Courier Pictures 2024 / Sam Ode");

  run_cli (&bad, NULL, "export", "--format", "rss", id, NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "ninjs"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/import-export", test_import_export);
  g_test_add_func ("/cli/import-twice-and-stdin", test_import_twice_and_stdin);
  g_test_add_func ("/cli/import-bad-input", test_import_bad_input);
  g_test_add_func ("/cli/trash-and-history", test_trash_and_history);
  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/import-page-text", test_import_page_text);
  g_test_add_func ("/cli/import-html-export-ninjs", test_import_html_export_ninjs);

  return g_test_run ();
}
