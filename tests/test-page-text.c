/* test-page-text.c: a story from the text a browser copies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-page-text"

#include <string.h>

#include "byline-page-text-reader.h"
#include "byline-page-text-private.h"

static BylineImportResult *
read_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "import", name, NULL);
  g_autofree char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return byline_page_text_read (data, length);
}

static BylineImportDecision *
find_decision (BylineImportResult *result,
               BylineImportRole    role,
               const char         *text_prefix)
{
  GPtrArray *decisions = byline_import_result_get_decisions (result);

  for (guint i = 0; i < decisions->len; i++)
    {
      BylineImportDecision *decision = g_ptr_array_index (decisions, i);

      if (byline_import_decision_get_role (decision) == role
          && (text_prefix == NULL || g_str_has_prefix (byline_import_decision_get_text (decision), text_prefix)))
        return decision;
    }
  return NULL;
}

/* The dropped lines, joined by "|" */
static char *
dropped (BylineImportResult *result)
{
  GPtrArray *decisions = byline_import_result_get_decisions (result);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < decisions->len; i++)
    {
      BylineImportDecision *decision = g_ptr_array_index (decisions, i);

      if (byline_import_decision_get_role (decision) == BYLINE_IMPORT_ROLE_FURNITURE
          && byline_import_decision_get_accepted (decision))
        g_string_append_printf (out, "%s%s", out->len ? "|" : "", byline_import_decision_get_text (decision));
    }
  return g_string_free (out, FALSE);
}

static void
assert_block (BylineArticle   *article,
              guint            position,
              BylineBlockKind  kind,
              const char      *text_prefix)
{
  BylineBlock *block;

  g_assert_cmpuint (position, <, byline_article_get_n_blocks (article));
  block = byline_article_get_block (article, position);
  g_assert_cmpint (byline_block_get_kind (block), ==, kind);
  if (text_prefix != NULL)
    g_assert_true (g_str_has_prefix (byline_block_get_text (block), text_prefix));
}

static void
test_english_page (void)
{
  g_autoptr(BylineImportResult) result = read_fixture ("harbour-wall.en.txt");
  g_autoptr(BylineArticle) article = byline_import_result_build_article (result);
  g_autofree char *lines = dropped (result);
  g_autofree char *created = NULL;
  g_autoptr(BylineStoryRef) related = NULL;
  BylineImage *lead = byline_article_get_lead_image (article);
  BylineStoryRef *card;

  g_assert_cmpint (byline_import_result_get_kind (result), ==, BYLINE_IMPORT_KIND_TEXT);
  g_assert_cmpstr (byline_article_get_language (article), ==, "en");
  g_assert_cmpstr (byline_article_get_section (article), ==, "Coast");
  g_assert_cmpstr (byline_article_get_headline (article), ==, "Kestrel Bay votes to raise its sea wall before winter");
  g_assert_cmpstr (byline_article_get_standfirst (article), ==,
                   "Residents backed a plan to lift the harbour wall by a metre after two floods in one year.");
  g_assert_cmpstr (byline_article_get_byline (article), ==, "Mara Lindqvist");
  created = g_date_time_format_iso8601 (byline_article_get_created (article));
  g_assert_cmpstr (created, ==, "2024-03-14T10:15:00Z");

  /* The lead photo: its texts, no picture yet (the journalist attaches it) */
  g_assert_nonnull (lead);
  g_assert_cmpstr (byline_image_get_src (lead), ==, "");
  g_assert_cmpstr (byline_image_get_credit (lead), ==, "© Northsea Photo Agency 2024 / Jonas Feld");
  g_assert_cmpstr (byline_image_get_caption (lead), ==,
                   "Volunteers stack sandbags along the harbour front of Kestrel Bay on Monday.");

  /* Paragraphs, the teaser as a card in its place, the last paragraph */
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 5);
  assert_block (article, 0, BYLINE_BLOCK_PARAGRAPH, "The town council voted");
  assert_block (article, 1, BYLINE_BLOCK_PARAGRAPH, "\"We cannot wait");
  assert_block (article, 2, BYLINE_BLOCK_CARD, NULL);
  card = byline_block_get_story_ref (byline_article_get_block (article, 2));
  g_assert_cmpstr (byline_story_ref_get_section (card), ==, "Environment");
  g_assert_cmpstr (byline_story_ref_get_headline (card), ==, "Why salt marshes may protect a coast better than concrete");
  assert_block (article, 3, BYLINE_BLOCK_PARAGRAPH, "Work will start in May");
  assert_block (article, 4, BYLINE_BLOCK_PARAGRAPH, "Engineers will first survey");

  /* The teaser after the story goes to the related list */
  g_assert_cmpuint (g_list_model_get_n_items (byline_article_get_related (article)), ==, 1);
  related = g_list_model_get_item (byline_article_get_related (article), 0);
  g_assert_cmpstr (byline_story_ref_get_headline (related), ==, "Storm season starts early on the north coast");

  /* Everything dropped is listed, lines in other scripts too */
  g_assert_cmpstr (lines, ==,
                   "Skip to content|Home|News|World|Business|Culture|Sport|Subscribe|Sign in|"
                   "Sign up for our morning newsletter|Share this article|Facebook|X|Email|Comments (12)|"
                   "We use cookies to improve your experience on our site.|Читать на русском|阅读中文版|"
                   "Related stories");

  /* Uncertain, so asked: the caption, the card, the related story */
  g_assert_true (byline_import_decision_is_uncertain (find_decision (result, BYLINE_IMPORT_ROLE_CAPTION, NULL)));
  g_assert_true (byline_import_decision_is_uncertain (find_decision (result, BYLINE_IMPORT_ROLE_CARD, NULL)));
  g_assert_false (byline_import_decision_is_uncertain (find_decision (result, BYLINE_IMPORT_ROLE_CREDIT, NULL)));
  g_assert_false (byline_import_decision_is_uncertain (find_decision (result, BYLINE_IMPORT_ROLE_HEADLINE, NULL)));
}

static void
test_russian_page (void)
{
  g_autoptr(BylineImportResult) result = read_fixture ("ferry.ru.txt");
  g_autoptr(BylineArticle) article = byline_import_result_build_article (result);
  g_autofree char *lines = dropped (result);
  BylineImage *lead = byline_article_get_lead_image (article);
  BylineStoryRef *card;

  g_assert_cmpstr (byline_article_get_language (article), ==, "ru");
  g_assert_cmpstr (byline_article_get_section (article), ==, "Общество");
  g_assert_cmpstr (byline_article_get_headline (article), ==, "Паромы вернутся на северную линию к началу лета");
  g_assert_cmpstr (byline_article_get_standfirst (article), ==, "Перевозчик обещает два ежедневных рейса после ремонта причала.");
  g_assert_cmpstr (byline_article_get_byline (article), ==, "Анна Белова");
  g_assert_cmpstr (byline_image_get_credit (lead), ==, "© Агентство «Северный ветер» 2024 / Илья Громов");
  g_assert_cmpstr (byline_image_get_caption (lead), ==, "Новый паром у причала в Северной гавани во вторник.");

  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 4);
  assert_block (article, 0, BYLINE_BLOCK_PARAGRAPH, "Ремонт причала");
  assert_block (article, 1, BYLINE_BLOCK_PARAGRAPH, "«Мы наконец");
  assert_block (article, 2, BYLINE_BLOCK_CARD, NULL);
  card = byline_block_get_story_ref (byline_article_get_block (article, 2));
  g_assert_cmpstr (byline_story_ref_get_section (card), ==, "Экономика");
  assert_block (article, 3, BYLINE_BLOCK_PARAGRAPH, "Первый рейс");

  /* English and Greek lines in a Russian page are furniture */
  g_assert_cmpstr (lines, ==,
                   "Главная|Новости|Экономика|Общество|Спорт|Подписаться|Подпишитесь на нашу рассылку|"
                   "Комментарии (4)|Поделиться|Read this story in English|Τελευταία νέα|"
                   "Мы используем файлы cookie, чтобы сайт работал лучше.");
}

/* "No" keeps the words in their place; nothing is lost */
static void
test_answers (void)
{
  g_autoptr(BylineImportResult) result = read_fixture ("harbour-wall.en.txt");
  g_autoptr(BylineArticle) article = NULL;
  BylineImportDecision *caption = find_decision (result, BYLINE_IMPORT_ROLE_CAPTION, NULL);
  BylineImportDecision *facebook = find_decision (result, BYLINE_IMPORT_ROLE_FURNITURE, "Facebook");

  byline_import_decision_set_accepted (caption, FALSE);
  byline_import_decision_set_accepted (facebook, FALSE);
  article = byline_import_result_build_article (result);

  g_assert_cmpstr (byline_image_get_caption (byline_article_get_lead_image (article)), ==, "");
  assert_block (article, 0, BYLINE_BLOCK_PARAGRAPH, "Volunteers stack sandbags");
  assert_block (article, 1, BYLINE_BLOCK_PARAGRAPH, "The town council voted");
  /* Facebook kept, after the last paragraph, where it stood */
  assert_block (article, 6, BYLINE_BLOCK_PARAGRAPH, "Facebook");
}

/* Without anyone to ask: only the confident parts are used */
static void
test_reject_uncertain (void)
{
  g_autoptr(BylineImportResult) result = read_fixture ("harbour-wall.en.txt");
  g_autoptr(BylineArticle) article = NULL;

  g_assert_cmpuint (byline_import_result_count_uncertain (result), ==, 4);
  byline_import_result_reject_uncertain (result);
  g_assert_cmpuint (byline_import_result_count_uncertain (result), ==, 4);
  article = byline_import_result_build_article (result);

  /* The section (0.75), caption, card and related story stay text */
  g_assert_cmpstr (byline_article_get_section (article), ==, "");
  g_assert_cmpstr (byline_article_get_headline (article), ==, "Kestrel Bay votes to raise its sea wall before winter");
  g_assert_cmpuint (g_list_model_get_n_items (byline_article_get_related (article)), ==, 0);
  assert_block (article, 0, BYLINE_BLOCK_PARAGRAPH, "Coast");
  for (guint i = 0; i < byline_article_get_n_blocks (article); i++)
    g_assert_cmpint (byline_block_get_kind (byline_article_get_block (article, i)), ==, BYLINE_BLOCK_PARAGRAPH);
}

static void
test_line_shapes (void)
{
  struct { const char *line; const char *iso; } dates[] = {
    { "14 March 2024, 10:15", "2024-03-14T10:15:00Z" },
    { "March 14, 2024", "2024-03-14T00:00:00Z" },
    { "Updated 2024-03-15 08:05", "2024-03-15T08:05:00Z" },
    { "12 мая 2024 в 09:40", "2024-05-12T09:40:00Z" },
    { "3. Oktober 2023", "2023-10-03T00:00:00Z" },
    { "The vote on 14 March 2024 was close, and the council met again a week later to count.", NULL },
    { "Harbour", NULL },
  };
  char *caption = NULL, *credit = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *iso = byline_text_match_date (dates[i].line);
      g_assert_cmpstr (iso, ==, dates[i].iso);
    }

  g_assert_true (byline_text_match_credit ("Boats in the bay at dawn. © Coast Agency 2023 / Lea Moss", &caption, &credit));
  g_assert_cmpstr (caption, ==, "Boats in the bay at dawn.");
  g_assert_cmpstr (credit, ==, "© Coast Agency 2023 / Lea Moss");
  g_clear_pointer (&caption, g_free);
  g_clear_pointer (&credit, g_free);
  g_assert_true (byline_text_match_credit ("Photo: Lea Moss/Coast Agency", &caption, &credit));
  g_assert_null (caption);
  g_assert_cmpstr (credit, ==, "Lea Moss/Coast Agency");
  g_clear_pointer (&credit, g_free);
  g_assert_false (byline_text_match_credit ("The council said the photo was old.", &caption, &credit));

  {
    g_autofree char *a = byline_text_match_byline ("By Jane Roe and Li Wei, 3 May 2024");
    g_autofree char *b = byline_text_match_byline ("By the end of the week the wall was finished.");
    g_assert_cmpstr (a, ==, "Jane Roe and Li Wei");
    g_assert_null (b);
  }

  g_assert_true (byline_text_is_furniture_phrase ("Subscribe to our newsletter"));
  g_assert_false (byline_text_is_furniture_phrase ("The council shared the cost of the wall with the port authority and two local firms."));
}

/* Whatever comes in, the words all come out somewhere */
static void
test_nothing_lost (void)
{
  const char *text = "Just one line without a headline shape, ending here.\n\n\nПривет\n\xff\xfe broken bytes\n";
  g_autoptr(BylineImportResult) result = byline_page_text_read (text, -1);
  g_autoptr(BylineArticle) article = byline_import_result_build_article (result);
  GPtrArray *decisions = byline_import_result_get_decisions (result);

  for (guint i = 0; i < decisions->len; i++)
    byline_import_decision_set_accepted (g_ptr_array_index (decisions, i), FALSE);
  g_clear_object (&article);
  article = byline_import_result_build_article (result);
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 3);
  assert_block (article, 0, BYLINE_BLOCK_PARAGRAPH, "Just one line");
  assert_block (article, 1, BYLINE_BLOCK_PARAGRAPH, "Привет");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/page-text/english", test_english_page);
  g_test_add_func ("/page-text/russian", test_russian_page);
  g_test_add_func ("/page-text/answers", test_answers);
  g_test_add_func ("/page-text/reject-uncertain", test_reject_uncertain);
  g_test_add_func ("/page-text/line-shapes", test_line_shapes);
  g_test_add_func ("/page-text/nothing-lost", test_nothing_lost);

  return g_test_run ();
}
