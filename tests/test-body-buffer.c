/* test-body-buffer.c: the body's text buffer and its blocks stay in step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "model/byline-article.h"
#include "model/byline-article-format.h"
#include "model/byline-merge.h"
#include "byline-body-buffer.h"

/* How the body shows the fixture's quote: its text, then its attribution
 * (which starts with an invisible WORD JOINER) */
#define QUOTE_TEXT        "We waited years for this boat."
#define ATTRIBUTION       "Mara Quill, ferry captain"
#define ATTRIBUTION_SHOWN "\xe2\x81\xa0  \xe2\x80\x94 " ATTRIBUTION

typedef struct
{
  BylineArticle    *article;
  BylineBodyBuffer *buffer;
  BylineArticle    *expected;   /* what the article must become */
  guint             changes[16];
} Fixture;

/* Character offset of @needle in @haystack */
static guint
offset_of (const char *haystack,
           const char *needle)
{
  const char *at = strstr (haystack, needle);

  g_assert_nonnull (at);
  return g_utf8_pointer_to_offset (haystack, at);
}

static BylineBlock *
paragraph (BylineBlockKind  kind,
           const char      *text)
{
  BylineBlock *block = byline_block_new (kind);

  byline_block_set_text (block, text);
  return block;
}

static BylineArticle *
build_article (void)
{
  BylineArticle *article = byline_article_new ();
  g_autoptr(BylineBlock) p0 = paragraph (BYLINE_BLOCK_PARAGRAPH, "The harbour opened at dawn.");
  g_autoptr(BylineBlock) p1 = paragraph (BYLINE_BLOCK_PARAGRAPH, "Fishing boats left early.");
  g_autoptr(BylineBlock) sub = paragraph (BYLINE_BLOCK_SUBHEADING, "Night crossings");
  g_autoptr(BylineBlock) quote = paragraph (BYLINE_BLOCK_QUOTE, QUOTE_TEXT);
  g_autoptr(BylineBlock) image = byline_block_new (BYLINE_BLOCK_IMAGE);
  g_autoptr(BylineImage) photo = byline_image_new ();
  g_autoptr(BylineBlock) p5 = paragraph (BYLINE_BLOCK_PARAGRAPH, "Tickets cost four pounds.");
  g_autoptr(BylineBlock) card = byline_block_new (BYLINE_BLOCK_CARD);
  g_autoptr(BylineStoryRef) ref = byline_story_ref_new ();
  g_autoptr(BylineBlock) p7 = paragraph (BYLINE_BLOCK_PARAGRAPH, "More crossings start in spring.");

  byline_block_add_mark (p0, BYLINE_MARK_BOLD, 4, 11, NULL);                /* harbour */
  byline_block_add_mark (p1, BYLINE_MARK_ITALIC, 19, 24, NULL);             /* early */
  byline_block_add_mark (p5, BYLINE_MARK_LINK, 0, 7, "https://example.org/fares");
  byline_block_set_attribution (quote, ATTRIBUTION);
  byline_image_set_src (photo, "media/pier.png");
  byline_image_set_caption (photo, "The pier at low tide.");
  byline_image_set_alt (photo, "A wooden pier over wet sand.");
  byline_block_set_image (image, photo);
  byline_story_ref_set_section (ref, "Coast");
  byline_story_ref_set_headline (ref, "Island school reopens after the storm");
  byline_story_ref_set_cms_id (ref, "4711");
  byline_block_set_story_ref (card, ref);

  byline_article_append_block (article, p0);
  byline_article_append_block (article, p1);
  byline_article_append_block (article, sub);
  byline_article_append_block (article, quote);
  byline_article_append_block (article, image);
  byline_article_append_block (article, p5);
  byline_article_append_block (article, card);
  byline_article_append_block (article, p7);
  return article;
}

static void
on_block_changed (BylineBlock *block,
                  Fixture     *fixture)
{
  guint n = byline_article_get_n_blocks (fixture->article);

  for (guint i = 0; i < n && i < G_N_ELEMENTS (fixture->changes); i++)
    if (byline_article_get_block (fixture->article, i) == block)
      fixture->changes[i]++;
}

static void
watch_blocks (Fixture *fixture)
{
  memset (fixture->changes, 0, sizeof fixture->changes);
  for (guint i = 0; i < byline_article_get_n_blocks (fixture->article); i++)
    {
      BylineBlock *block = byline_article_get_block (fixture->article, i);

      g_signal_handlers_disconnect_by_func (block, on_block_changed, fixture);
      g_signal_connect (block, "changed", G_CALLBACK (on_block_changed), fixture);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->article = build_article ();
  fixture->expected = byline_article_copy (fixture->article);
  fixture->buffer = byline_body_buffer_new ();
  byline_body_buffer_set_article (fixture->buffer, fixture->article);
  watch_blocks (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->buffer);
  g_clear_object (&fixture->article);
  g_clear_object (&fixture->expected);
}

static char *
line_text (GtkTextBuffer *buffer,
           guint          line)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_line (buffer, &start, line);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Types @text where a person would: interactively, as one user action */
static void
type_at (GtkTextBuffer *buffer,
         guint          line,
         guint          offset,
         const char    *text)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, line, offset);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
}

static gboolean
backspace_at (GtkTextBuffer *buffer,
              guint          line,
              guint          offset)
{
  GtkTextIter iter;
  gboolean ret;

  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, line, offset);
  gtk_text_buffer_begin_user_action (buffer);
  ret = gtk_text_buffer_backspace (buffer, &iter, TRUE, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  return ret;
}

static gboolean
delete_between (GtkTextBuffer *buffer,
                guint          line1,
                guint          offset1,
                guint          line2,
                guint          offset2)
{
  GtkTextIter start, end;
  gboolean ret;

  gtk_text_buffer_get_iter_at_line_offset (buffer, &start, line1, offset1);
  gtk_text_buffer_get_iter_at_line_offset (buffer, &end, line2, offset2);
  gtk_text_buffer_begin_user_action (buffer);
  ret = gtk_text_buffer_delete_interactive (buffer, &start, &end, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  return ret;
}

static guint
line_length (GtkTextBuffer *buffer,
             guint          line)
{
  g_autofree char *text = line_text (buffer, line);

  return g_utf8_strlen (text, -1);
}

/* Line @line shows @text as its block's text, then the attribution
 * @attribution (none when NULL) in the "attribution" tag, and nothing of the
 * text is in that tag */
static void
assert_quote_line (GtkTextBuffer *buffer,
                   guint          line,
                   const char    *text,
                   const char    *attribution)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "attribution");
  g_autofree char *shown = line_text (buffer, line);
  g_autofree char *expected = NULL;
  guint text_length = g_utf8_strlen (text, -1);
  GtkTextIter iter;

  expected = attribution ? g_strconcat (text, "\xe2\x81\xa0  \xe2\x80\x94 ", attribution, NULL)
                         : g_strdup (text);
  g_assert_cmpstr (shown, ==, expected);

  gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
  for (guint i = 0; !gtk_text_iter_ends_line (&iter); i++, gtk_text_iter_forward_char (&iter))
    {
      if (gtk_text_iter_has_tag (&iter, tag) != (i >= text_length))
        g_error ("line %u, offset %u: %s the attribution tag", line, i,
                 i >= text_length ? "not in" : "in");
    }
  /* The line break is never part of it */
  g_assert_false (gtk_text_iter_has_tag (&iter, tag));
}

static void
assert_quote_block (BylineBlock *block,
                    const char  *text,
                    const char  *attribution)
{
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_QUOTE);
  g_assert_cmpstr (byline_block_get_text (block), ==, text);
  /* (a quote without one has an empty attribution) */
  g_assert_cmpstr (byline_block_get_attribution (block), ==, attribution ? attribution : "");
}

static guint
cursor_offset (GtkTextBuffer *buffer)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_line_offset (&iter);
}

static void
assert_marks (BylineBlock    *block,
              guint           n_expected,
              BylineMarkKind  kind,
              guint           start,
              guint           end)
{
  const BylineMark *marks;
  guint n = 0;

  marks = byline_block_get_marks (block, &n);
  g_assert_cmpuint (n, ==, n_expected);
  if (n_expected > 0)
    {
      g_assert_cmpint (marks[0].kind, ==, kind);
      g_assert_cmpuint (marks[0].start, ==, start);
      g_assert_cmpuint (marks[0].end, ==, end);
    }
}

static void
assert_same_article (BylineArticle *article,
                     BylineArticle *expected)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
  g_autofree char *json = NULL;
  g_autofree char *expected_json = NULL;

  /* Every change stamps "modified"; compare everything else */
  byline_article_set_modified (article, when);
  byline_article_set_modified (expected, when);
  json = byline_article_to_json (article, NULL);
  expected_json = byline_article_to_json (expected, NULL);
  g_assert_cmpstr (json, ==, expected_json);
  g_assert_true (byline_article_equal (article, expected));
}

static void
test_load (Fixture       *fixture,
           gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  g_autofree char *l0 = line_text (buffer, 0);
  g_autofree char *l3 = line_text (buffer, 3);
  GtkTextIter iter;

  /* One line per block, text blocks as their text */
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, 8);
  g_assert_cmpstr (l0, ==, "The harbour opened at dawn.");
  /* The attribution is shown after the quote's text, in its own tag, and
   * is not part of the text */
  g_assert_cmpstr (l3, ==, QUOTE_TEXT ATTRIBUTION_SHOWN);
  assert_quote_line (buffer, 3, QUOTE_TEXT, ATTRIBUTION);
  assert_quote_block (byline_article_get_block (fixture->article, 3), QUOTE_TEXT, ATTRIBUTION);
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 3);
  g_assert_null (gtk_text_iter_get_child_anchor (&iter));

  /* Marks became tags */
  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, 0, 5);
  g_assert_true (gtk_text_iter_has_tag (&iter, gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "bold")));
  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, 0, 2);
  g_assert_false (gtk_text_iter_has_tag (&iter, gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "bold")));

  /* Images and cards are one object each */
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 4);
  g_assert_nonnull (gtk_text_iter_get_child_anchor (&iter));
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 6);
  g_assert_nonnull (gtk_text_iter_get_child_anchor (&iter));

  /* Loading is not something to undo, and changes nothing */
  g_assert_false (gtk_text_buffer_get_can_undo (buffer));
  for (guint i = 0; i < 8; i++)
    g_assert_cmpuint (fixture->changes[i], ==, 0);
  assert_same_article (fixture->article, fixture->expected);
}

static void
test_typing_changes_one_block (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  guint words = byline_article_get_word_count (fixture->article);
  BylineBlock *block;

  type_at (buffer, 1, 0, "Many ");

  block = byline_article_get_block (fixture->article, 1);
  g_assert_cmpstr (byline_block_get_text (block), ==, "Many Fishing boats left early.");
  /* The italic "early" moved with its word */
  assert_marks (block, 1, BYLINE_MARK_ITALIC, 24, 29);
  g_assert_cmpuint (byline_article_get_word_count (fixture->article), ==, words + 1);

  for (guint i = 0; i < 8; i++)
    g_assert_cmpuint (fixture->changes[i], ==, i == 1 ? 1 : 0);

  /* Undo takes it back, in the model too */
  g_assert_true (gtk_text_buffer_get_can_undo (buffer));
  gtk_text_buffer_undo (buffer);
  g_assert_cmpstr (byline_block_get_text (block), ==, "Fishing boats left early.");
  assert_marks (block, 1, BYLINE_MARK_ITALIC, 19, 24);
  g_assert_cmpuint (byline_article_get_word_count (fixture->article), ==, words);

  assert_same_article (fixture->article, fixture->expected);
}

static void
count_tag_change (GtkTextBuffer     *buffer,
                  GtkTextTag        *tag,
                  const GtkTextIter *start,
                  const GtkTextIter *end,
                  guint             *n_changes)
{
  (*n_changes)++;
}

/* GTK lays a line out again for every size-changing tag put on it or taken
 * from it, even where nothing changes: a letter typed into a paragraph, a
 * subheading or a quote touches no tag (else each key costs one more
 * layout of the paragraph) */
static void
test_typing_leaves_tags_alone (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextIter iter;
  guint n_changes = 0;

  g_signal_connect (buffer, "apply-tag", G_CALLBACK (count_tag_change), &n_changes);
  g_signal_connect (buffer, "remove-tag", G_CALLBACK (count_tag_change), &n_changes);

  type_at (buffer, 1, 8, "w");
  type_at (buffer, 2, 6, "t");
  type_at (buffer, 3, 3, "x");
  g_assert_cmpuint (n_changes, ==, 0);

  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (fixture->article, 1)),
                   ==, "Fishing wboats left early.");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (fixture->article, 2)),
                   ==, "Night tcrossings");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (fixture->article, 3)),
                   ==, "We xwaited years for this boat.");

  /* Typed at their start, they still look like a subheading and a quote */
  type_at (buffer, 2, 0, "A");
  type_at (buffer, 3, 0, "B");
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 2);
  g_assert_true (gtk_text_iter_has_tag (&iter, gtk_text_tag_table_lookup (table, "subheading")));
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 3);
  g_assert_true (gtk_text_iter_has_tag (&iter, gtk_text_tag_table_lookup (table, "quote")));
}

static void
test_enter_splits (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  BylineBlock *first, *second;

  /* Enter in the middle of the bold "harbour" */
  type_at (buffer, 0, 8, "\n");

  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, 9);
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 9);
  first = byline_article_get_block (fixture->article, 0);
  second = byline_article_get_block (fixture->article, 1);
  g_assert_cmpint (byline_block_get_kind (second), ==, BYLINE_BLOCK_PARAGRAPH);
  g_assert_cmpstr (byline_block_get_text (first), ==, "The harb");
  g_assert_cmpstr (byline_block_get_text (second), ==, "our opened at dawn.");
  assert_marks (first, 1, BYLINE_MARK_BOLD, 4, 8);
  assert_marks (second, 1, BYLINE_MARK_BOLD, 0, 3);
  /* Everything after moved down one, untouched */
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (fixture->article, 2)),
                   ==, "Fishing boats left early.");

  /* Backspace at the start of the second line joins them again */
  watch_blocks (fixture);
  g_assert_true (backspace_at (buffer, 1, 0));
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, 8);
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 8);
  first = byline_article_get_block (fixture->article, 0);
  g_assert_cmpstr (byline_block_get_text (first), ==, "The harbour opened at dawn.");
  assert_marks (first, 1, BYLINE_MARK_BOLD, 4, 11);

  /* Enter at the very start of a subheading pushes it down whole */
  type_at (buffer, 2, 0, "\n");
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (fixture->article, 2)), ==, BYLINE_BLOCK_PARAGRAPH);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (fixture->article, 2)), ==, "");
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (fixture->article, 3)), ==, BYLINE_BLOCK_SUBHEADING);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (fixture->article, 3)), ==, "Night crossings");
  /* and Backspace removes the empty paragraph again */
  g_assert_true (backspace_at (buffer, 3, 0));
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (fixture->article, 2)), ==, BYLINE_BLOCK_SUBHEADING);

  assert_same_article (fixture->article, fixture->expected);
}

static void
test_join_paragraphs (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  const char *p0 = "The harbour opened at dawn.";
  g_autofree char *joined = g_strconcat (p0, "Fishing boats left early.", NULL);
  BylineBlock *block;
  BylineMark marks[2] = {
    { BYLINE_MARK_BOLD, 4, 11, NULL },
    { BYLINE_MARK_ITALIC, 0, 0, NULL },
  };

  g_assert_true (backspace_at (buffer, 1, 0));

  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 7);
  block = byline_article_get_block (fixture->article, 0);
  g_assert_cmpstr (byline_block_get_text (block), ==, joined);

  marks[1].start = offset_of (joined, "early");
  marks[1].end = marks[1].start + 5;
  byline_block_set_text_and_marks (byline_article_get_block (fixture->expected, 0), joined, marks, 2);
  byline_article_remove_blocks (fixture->expected, 1, 1);
  assert_same_article (fixture->article, fixture->expected);
}

static void
test_bold (Fixture       *fixture,
           gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  GtkTextIter start, end;
  BylineBlock *block = byline_article_get_block (fixture->article, 1);
  BylineMark marks[2] = {
    { BYLINE_MARK_BOLD, 0, 7, NULL },
    { BYLINE_MARK_ITALIC, 19, 24, NULL },
  };
  const BylineMark *got;
  guint n = 0;

  /* Select "Fishing" and make it bold */
  gtk_text_buffer_get_iter_at_line_offset (buffer, &start, 1, 0);
  gtk_text_buffer_get_iter_at_line_offset (buffer, &end, 1, 7);
  gtk_text_buffer_select_range (buffer, &start, &end);
  byline_body_buffer_toggle_mark (fixture->buffer, BYLINE_MARK_BOLD);

  got = byline_block_get_marks (block, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (got[0].kind, ==, BYLINE_MARK_BOLD);
  g_assert_cmpuint (got[0].start, ==, 0);
  g_assert_cmpuint (got[0].end, ==, 7);
  for (guint i = 0; i < 8; i++)
    g_assert_cmpuint (fixture->changes[i], ==, i == 1 ? 1 : 0);

  /* Bold again on an all-bold selection takes it away */
  byline_body_buffer_toggle_mark (fixture->buffer, BYLINE_MARK_BOLD);
  assert_marks (block, 1, BYLINE_MARK_ITALIC, 19, 24);
  byline_body_buffer_toggle_mark (fixture->buffer, BYLINE_MARK_BOLD);

  /* Bold with nothing selected is for what is typed next */
  gtk_text_buffer_get_iter_at_line (buffer, &end, 7);
  gtk_text_iter_forward_to_line_end (&end);
  gtk_text_buffer_place_cursor (buffer, &end);
  byline_body_buffer_toggle_mark (fixture->buffer, BYLINE_MARK_BOLD);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, " Soon", -1, TRUE);
  assert_marks (byline_article_get_block (fixture->article, 7), 1, BYLINE_MARK_BOLD, 31, 36);

  byline_block_set_text_and_marks (byline_article_get_block (fixture->expected, 1),
                                   "Fishing boats left early.", marks, 2);
  marks[0].start = 31;
  marks[0].end = 36;
  byline_block_set_text_and_marks (byline_article_get_block (fixture->expected, 7),
                                   "More crossings start in spring. Soon", marks, 1);
  assert_same_article (fixture->article, fixture->expected);
}

static void
test_objects_survive (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  BylineBlock *quote = byline_article_get_block (fixture->article, 3);
  BylineBlock *image = byline_article_get_block (fixture->article, 4);
  BylineBlock *card = byline_article_get_block (fixture->article, 6);
  GtkTextIter start, end;

  /* Backspace right after an image, Delete right before it, typing on it */
  backspace_at (buffer, 5, 0);
  gtk_text_buffer_get_iter_at_line (buffer, &start, 3);
  gtk_text_iter_forward_to_line_end (&start);
  end = start;
  gtk_text_iter_forward_char (&end);
  gtk_text_buffer_delete_interactive (buffer, &start, &end, TRUE);
  type_at (buffer, 4, 0, "typed onto a photo");
  type_at (buffer, 6, 0, "typed onto a card");

  /* A selection from the quote across the image into the next paragraph */
  gtk_text_buffer_get_iter_at_line_offset (buffer, &start, 3, 10);
  gtk_text_buffer_get_iter_at_line_offset (buffer, &end, 5, 3);
  gtk_text_buffer_delete_interactive (buffer, &start, &end, TRUE);

  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, 8);
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 8);
  g_assert_true (byline_article_get_block (fixture->article, 4) == image);
  g_assert_true (byline_article_get_block (fixture->article, 6) == card);
  g_assert_cmpuint (fixture->changes[4], ==, 0);
  g_assert_cmpuint (fixture->changes[6], ==, 0);
  g_assert_cmpstr (byline_block_get_attribution (quote), ==, "Mara Quill, ferry captain");

  /* Only the text around the image went; the block count stayed */
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (fixture->article, 3)), ==, BYLINE_BLOCK_QUOTE);

  /* Enter just before an image gives a new paragraph above it */
  type_at (buffer, 4, 0, "\n");
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 9);
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (fixture->article, 4)), ==, BYLINE_BLOCK_PARAGRAPH);
  g_assert_true (byline_article_get_block (fixture->article, 5) == image);
  type_at (buffer, 4, 0, "Above the photo.");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (fixture->article, 4)), ==, "Above the photo.");

  /* Compare what the text editing did against the model by hand */
  {
    BylineBlock *eq = byline_article_get_block (fixture->expected, 3);
    BylineBlock *e5 = byline_article_get_block (fixture->expected, 5);
    g_autoptr(BylineBlock) above = byline_block_new_paragraph ("Above the photo.");
    g_autofree char *quote_text = line_text (buffer, 3);
    g_autofree char *p5_text = line_text (buffer, 6);

    g_assert_cmpstr (quote_text, ==, "We waited " ATTRIBUTION_SHOWN);
    assert_quote_line (buffer, 3, "We waited ", ATTRIBUTION);
    g_assert_cmpstr (p5_text, ==, "kets cost four pounds.");
    byline_block_set_text (eq, "We waited ");
    byline_block_set_text_and_marks (e5, "kets cost four pounds.", (BylineMark[]) { { BYLINE_MARK_LINK, 0, 4, (char *) "https://example.org/fares" } }, 1);
    byline_article_insert_block (fixture->expected, 4, above);
  }
  assert_same_article (fixture->article, fixture->expected);
}


/* Typing in or after the attribution goes at the end of the quote's text;
 * the attribution itself cannot be typed into or deleted */
static void
test_attribution_not_editable (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  BylineBlock *quote = byline_article_get_block (fixture->article, 3);
  guint text_end = g_utf8_strlen (QUOTE_TEXT, -1);
  GtkTextIter start, end;

  /* At the end of the quote's text, where the attribution starts */
  type_at (buffer, 3, text_end, " Truly");
  assert_quote_block (quote, QUOTE_TEXT " Truly", ATTRIBUTION);
  assert_quote_line (buffer, 3, QUOTE_TEXT " Truly", ATTRIBUTION);
  text_end += 6;
  g_assert_cmpuint (cursor_offset (buffer), ==, text_end);

  /* Inside the attribution, and after it at the end of the line: the same
   * place, and the cursor follows the text */
  type_at (buffer, 3, text_end + 5, ",");
  g_assert_cmpuint (cursor_offset (buffer), ==, text_end + 1);
  type_at (buffer, 3, line_length (buffer, 3), " yes");
  g_assert_cmpuint (cursor_offset (buffer), ==, text_end + 5);
  assert_quote_block (quote, QUOTE_TEXT " Truly, yes", ATTRIBUTION);
  assert_quote_line (buffer, 3, QUOTE_TEXT " Truly, yes", ATTRIBUTION);
  text_end += 5;

  /* Backspace and Delete inside it, Delete right before it: nothing goes */
  backspace_at (buffer, 3, text_end + 6);
  backspace_at (buffer, 3, line_length (buffer, 3));
  gtk_text_buffer_get_iter_at_line_offset (buffer, &start, 3, text_end);
  end = start;
  gtk_text_iter_forward_char (&end);
  gtk_text_buffer_delete_interactive (buffer, &start, &end, TRUE);
  /* Delete at the end of the line would join the next paragraph after it */
  gtk_text_buffer_get_iter_at_line (buffer, &start, 3);
  gtk_text_iter_forward_to_line_end (&start);
  end = start;
  gtk_text_iter_forward_char (&end);
  gtk_text_buffer_delete_interactive (buffer, &start, &end, TRUE);
  /* A selection from the attribution to the image after it */
  delete_between (buffer, 3, text_end + 3, 4, 0);
  assert_quote_block (quote, QUOTE_TEXT " Truly, yes", ATTRIBUTION);
  assert_quote_line (buffer, 3, QUOTE_TEXT " Truly, yes", ATTRIBUTION);
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 8);

  /* A selection from the text into the attribution takes only the text */
  delete_between (buffer, 3, 9, 3, text_end + 4);
  assert_quote_block (quote, "We waited", ATTRIBUTION);
  assert_quote_line (buffer, 3, "We waited", ATTRIBUTION);

  /* Only the quote changed; undo takes every step back */
  for (guint i = 0; i < 8; i++)
    if (i != 3)
      g_assert_cmpuint (fixture->changes[i], ==, 0);
  while (gtk_text_buffer_get_can_undo (buffer))
    gtk_text_buffer_undo (buffer);
  assert_quote_line (buffer, 3, QUOTE_TEXT, ATTRIBUTION);
  assert_same_article (fixture->article, fixture->expected);

  /* Pasting a copied attribution brings in plain text, not a second one */
  {
    GtkTextIter from, to;
    g_autofree char *copied = NULL;

    gtk_text_buffer_get_iter_at_line (buffer, &from, 3);
    to = from;
    gtk_text_iter_forward_to_line_end (&to);
    copied = gtk_text_buffer_get_text (buffer, &from, &to, FALSE);
    type_at (buffer, 0, 0, copied);
    g_assert_cmpint (byline_block_get_kind (byline_article_get_block (fixture->article, 0)),
                     ==, BYLINE_BLOCK_PARAGRAPH);
    g_assert_true (g_str_has_prefix (byline_block_get_text (byline_article_get_block (fixture->article, 0)),
                                     QUOTE_TEXT "  \xe2\x80\x94 " ATTRIBUTION "The harbour"));
    assert_quote_line (buffer, 3, QUOTE_TEXT, ATTRIBUTION);
  }
}

/* Enter inside a quote, at its end and in its attribution; joining back;
 * undo and redo */
static void
test_quote_split_join (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  guint text_end = g_utf8_strlen (QUOTE_TEXT, -1);

  /* In the middle: two quotes, the attribution with the second, which ends
   * where the quote ended */
  type_at (buffer, 3, 10, "\n");
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 9);
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, 9);
  assert_quote_block (byline_article_get_block (fixture->article, 3), "We waited ", NULL);
  assert_quote_block (byline_article_get_block (fixture->article, 4), "years for this boat.", ATTRIBUTION);
  assert_quote_line (buffer, 3, "We waited ", NULL);
  assert_quote_line (buffer, 4, "years for this boat.", ATTRIBUTION);

  /* Undo joins them again, redo splits again, Backspace joins */
  gtk_text_buffer_undo (buffer);
  assert_quote_line (buffer, 3, QUOTE_TEXT, ATTRIBUTION);
  assert_same_article (fixture->article, fixture->expected);
  gtk_text_buffer_redo (buffer);
  assert_quote_block (byline_article_get_block (fixture->article, 4), "years for this boat.", ATTRIBUTION);
  assert_quote_line (buffer, 4, "years for this boat.", ATTRIBUTION);
  g_assert_true (backspace_at (buffer, 4, 0));
  assert_quote_line (buffer, 3, QUOTE_TEXT, ATTRIBUTION);
  assert_same_article (fixture->article, fixture->expected);

  /* At the end of its text, and in its attribution: a new paragraph below
   * the quote, which keeps its attribution */
  for (guint at = text_end; at <= text_end + 6; at += 6)
    {
      type_at (buffer, 3, at, "\nAfter the quote.");
      g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 9);
      assert_quote_block (byline_article_get_block (fixture->article, 3), QUOTE_TEXT, ATTRIBUTION);
      assert_quote_line (buffer, 3, QUOTE_TEXT, ATTRIBUTION);
      g_assert_cmpint (byline_block_get_kind (byline_article_get_block (fixture->article, 4)),
                       ==, BYLINE_BLOCK_PARAGRAPH);
      g_assert_cmpstr (byline_block_get_text (byline_article_get_block (fixture->article, 4)),
                       ==, "After the quote.");
      assert_quote_line (buffer, 4, "After the quote.", NULL);
      gtk_text_buffer_undo (buffer);
      assert_quote_line (buffer, 3, QUOTE_TEXT, ATTRIBUTION);
      assert_same_article (fixture->article, fixture->expected);
    }

  /* Backspace removes an empty paragraph after a quote; a paragraph with
   * text is not joined in behind the attribution */
  type_at (buffer, 3, text_end, "\n");
  g_assert_true (backspace_at (buffer, 4, 0));
  assert_same_article (fixture->article, fixture->expected);
  type_at (buffer, 3, text_end, "\nMore");
  backspace_at (buffer, 4, 0);
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 9);
  assert_quote_line (buffer, 3, QUOTE_TEXT, ATTRIBUTION);

  /* Joining a paragraph's start into the quote: the attribution still ends
   * the line, and the line is a quote */
  gtk_text_buffer_undo (buffer);
  delete_between (buffer, 2, 5, 3, 10);
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 7);
  assert_quote_block (byline_article_get_block (fixture->article, 2), "Nightyears for this boat.", ATTRIBUTION);
  assert_quote_line (buffer, 2, "Nightyears for this boat.", ATTRIBUTION);
  gtk_text_buffer_undo (buffer);
  assert_quote_line (buffer, 3, QUOTE_TEXT, ATTRIBUTION);
  assert_quote_block (byline_article_get_block (fixture->article, 3), QUOTE_TEXT, ATTRIBUTION);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (fixture->article, 2)), ==, "Night crossings");
}

/* A deleted quote takes its attribution with it, and undo brings back the
 * quote, attribution and all */
static void
test_quote_deleted_and_back (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);

  /* From the end of the subheading to the end of the quote's line */
  delete_between (buffer, 2, line_length (buffer, 2), 3, line_length (buffer, 3));
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 7);
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, 7);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (fixture->article, 2)), ==, "Night crossings");
  assert_quote_line (buffer, 2, "Night crossings", NULL);

  gtk_text_buffer_undo (buffer);
  assert_quote_line (buffer, 3, QUOTE_TEXT, ATTRIBUTION);
  assert_same_article (fixture->article, fixture->expected);

  /* The whole line, from its start to the next line's */
  delete_between (buffer, 3, 0, 4, 0);
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 7);
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (fixture->article, 3)), ==, BYLINE_BLOCK_IMAGE);
  gtk_text_buffer_undo (buffer);
  assert_quote_line (buffer, 3, QUOTE_TEXT, ATTRIBUTION);
  assert_same_article (fixture->article, fixture->expected);

  /* A selection ending inside the attribution takes the quote's line whole */
  delete_between (buffer, 2, 5, 3, g_utf8_strlen (QUOTE_TEXT, -1) + 8);
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 7);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (fixture->article, 2)), ==, "Night");
  assert_quote_line (buffer, 2, "Night", NULL);
  gtk_text_buffer_undo (buffer);
  assert_quote_line (buffer, 3, QUOTE_TEXT, ATTRIBUTION);
  assert_quote_block (byline_article_get_block (fixture->article, 3), QUOTE_TEXT, ATTRIBUTION);
  gtk_text_buffer_redo (buffer);
  assert_quote_line (buffer, 2, "Night", NULL);
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 7);
}


static void
on_anchor_added (BylineBodyBuffer   *buffer,
                 GtkTextChildAnchor *anchor,
                 BylineBlock        *block,
                 guint              *count)
{
  (*count)++;
}

static char *
article_json (BylineArticle *article)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);

  byline_article_set_modified (article, when);
  return byline_article_to_json (article, NULL);
}

static GPtrArray *
pasted_blocks (void)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func (g_object_unref);
  BylineBlock *first = byline_block_new_paragraph ("Pasted one");
  BylineBlock *head = paragraph (BYLINE_BLOCK_SUBHEADING, "A head");
  BylineBlock *image = byline_block_new (BYLINE_BLOCK_IMAGE);
  BylineBlock *quote = paragraph (BYLINE_BLOCK_QUOTE, "Calm seas.");
  BylineBlock *last = byline_block_new_paragraph ("last two ");
  BylineImage *photo = byline_block_get_image (image);

  byline_block_add_mark (first, BYLINE_MARK_BOLD, 7, 10, NULL);
  byline_image_set_src (photo, "https://example.org/gull.jpg");
  byline_image_set_caption (photo, "A gull on the harbour wall.");
  byline_image_set_credit (photo, "\xc2\xa9 Test Agency 2026 / Ana Lind");
  byline_image_set_alt (photo, "A white gull standing on grey stones.");
  byline_block_set_attribution (quote, "Ola Berg, skipper");
  byline_block_add_mark (last, BYLINE_MARK_ITALIC, 5, 8, NULL);
  byline_block_add_mark (last, BYLINE_MARK_LINK, 0, 4, "https://example.org/last");
  g_ptr_array_add (blocks, first);
  g_ptr_array_add (blocks, head);
  g_ptr_array_add (blocks, image);
  g_ptr_array_add (blocks, quote);
  g_ptr_array_add (blocks, last);
  return blocks;
}

/* Blocks pasted into the middle of a paragraph split it; one undo takes
 * them all back, redo brings them back with kinds, marks and the image's
 * texts */
static void
test_insert_blocks (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  g_autoptr(GPtrArray) blocks = pasted_blocks ();
  g_autofree char *after_paste = NULL;
  g_autofree char *after_redo = NULL;
  guint anchors = 0;
  GtkTextIter iter;
  BylineBlock *block;
  BylineImage *photo;

  g_signal_connect (fixture->buffer, "anchor-added", G_CALLBACK (on_anchor_added), &anchors);

  /* "The harb|our opened at dawn." */
  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, 0, 8);
  byline_body_buffer_insert_blocks (fixture->buffer, &iter, blocks);

  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 12);
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, 12);
  block = byline_article_get_block (fixture->article, 0);
  g_assert_cmpstr (byline_block_get_text (block), ==, "The harbPasted one");
  {
    const BylineMark *marks;
    guint n = 0;

    /* "harb" kept its bold; "one" is bold as pasted */
    marks = byline_block_get_marks (block, &n);
    g_assert_cmpuint (n, ==, 2);
    g_assert_cmpuint (marks[0].start, ==, 4);
    g_assert_cmpuint (marks[0].end, ==, 8);
    g_assert_cmpuint (marks[1].start, ==, 15);
    g_assert_cmpuint (marks[1].end, ==, 18);
  }
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (fixture->article, 1)), ==, BYLINE_BLOCK_SUBHEADING);
  block = byline_article_get_block (fixture->article, 2);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_IMAGE);
  photo = byline_block_get_image (block);
  g_assert_cmpstr (byline_image_get_caption (photo), ==, "A gull on the harbour wall.");
  g_assert_cmpuint (anchors, ==, 1);
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 2);
  g_assert_nonnull (gtk_text_iter_get_child_anchor (&iter));
  assert_quote_block (byline_article_get_block (fixture->article, 3), "Calm seas.", "Ola Berg, skipper");
  assert_quote_line (buffer, 3, "Calm seas.", "Ola Berg, skipper");
  block = byline_article_get_block (fixture->article, 4);
  g_assert_cmpstr (byline_block_get_text (block), ==, "last two our opened at dawn.");
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_PARAGRAPH);
  {
    const BylineMark *marks;
    guint n = 0;

    marks = byline_block_get_marks (block, &n);
    g_assert_cmpuint (n, ==, 3);
    g_assert_cmpint (marks[0].kind, ==, BYLINE_MARK_LINK);
    g_assert_cmpint (marks[1].kind, ==, BYLINE_MARK_ITALIC);
    g_assert_cmpint (marks[2].kind, ==, BYLINE_MARK_BOLD);
    g_assert_cmpuint (marks[2].start, ==, 9);
    g_assert_cmpuint (marks[2].end, ==, 12);
  }
  /* The cursor is after what was pasted */
  g_assert_cmpuint (cursor_offset (buffer), ==, 9);
  after_paste = article_json (fixture->article);

  /* One undo: as before */
  g_assert_true (gtk_text_buffer_get_can_undo (buffer));
  gtk_text_buffer_undo (buffer);
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, 8);
  assert_same_article (fixture->article, fixture->expected);
  g_assert_false (gtk_text_buffer_get_can_undo (buffer));

  /* Redo: all of it again, the image with its three texts */
  gtk_text_buffer_redo (buffer);
  after_redo = article_json (fixture->article);
  g_assert_cmpstr (after_redo, ==, after_paste);
  g_assert_cmpuint (anchors, ==, 2);
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 2);
  g_assert_nonnull (gtk_text_iter_get_child_anchor (&iter));

  /* And undo again */
  gtk_text_buffer_undo (buffer);
  assert_same_article (fixture->article, fixture->expected);
  gtk_text_buffer_redo (buffer);
  g_clear_pointer (&after_redo, g_free);
  after_redo = article_json (fixture->article);
  g_assert_cmpstr (after_redo, ==, after_paste);
}

/* One pasted paragraph joins the line it is pasted into */
static void
test_insert_one_paragraph (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
  BylineBlock *block = byline_block_new_paragraph ("big ");
  GtkTextIter iter;

  byline_block_add_mark (block, BYLINE_MARK_BOLD, 0, 3, NULL);
  g_ptr_array_add (blocks, block);

  /* At the start of the subheading: it stays a subheading */
  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, 2, 0);
  byline_body_buffer_insert_blocks (fixture->buffer, &iter, blocks);
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 8);
  block = byline_article_get_block (fixture->article, 2);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_SUBHEADING);
  g_assert_cmpstr (byline_block_get_text (block), ==, "big Night crossings");
  assert_marks (block, 1, BYLINE_MARK_BOLD, 0, 3);

  gtk_text_buffer_undo (buffer);
  assert_same_article (fixture->article, fixture->expected);
  gtk_text_buffer_redo (buffer);
  /* Redo brings the bold back too: GTK's history keeps no tags */
  assert_marks (byline_article_get_block (fixture->article, 2), 1, BYLINE_MARK_BOLD, 0, 3);
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (fixture->article, 2)), ==, BYLINE_BLOCK_SUBHEADING);
}

/* Deleting an image's line (or a card's) and undoing brings back the same
 * block with caption, credit and alt text, on a new anchor the view is told
 * about */
static void
test_object_deleted_and_back (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  BylineBlock *image = byline_article_get_block (fixture->article, 4);
  BylineBlock *card = byline_article_get_block (fixture->article, 6);
  guint anchors = 0;
  GtkTextIter iter;

  g_signal_connect (fixture->buffer, "anchor-added", G_CALLBACK (on_anchor_added), &anchors);

  /* The image, as its "Remove" button does: GTK's interactive delete
   * does not take non-editable objects */
  byline_body_buffer_delete_block (fixture->buffer, 4);
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 7);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (fixture->article, 4)), ==, "Tickets cost four pounds.");

  /* The card, from the end of the line before it to the end of its own */
  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, 4, line_length (buffer, 4));
  {
    GtkTextIter end;

    gtk_text_buffer_get_iter_at_line_offset (buffer, &end, 5, 1);
    gtk_text_buffer_begin_user_action (buffer);
    gtk_text_buffer_delete (buffer, &iter, &end);
    gtk_text_buffer_end_user_action (buffer);
  }
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 6);

  gtk_text_buffer_undo (buffer);
  g_assert_true (byline_article_get_block (fixture->article, 5) == card);
  gtk_text_buffer_undo (buffer);
  g_assert_true (byline_article_get_block (fixture->article, 4) == image);
  g_assert_cmpstr (byline_image_get_caption (byline_block_get_image (image)), ==, "The pier at low tide.");
  g_assert_cmpuint (anchors, ==, 2);
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 4);
  g_assert_nonnull (gtk_text_iter_get_child_anchor (&iter));
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 6);
  g_assert_nonnull (gtk_text_iter_get_child_anchor (&iter));
  assert_same_article (fixture->article, fixture->expected);

  /* Redo takes them away again, undo back again */
  gtk_text_buffer_redo (buffer);
  gtk_text_buffer_redo (buffer);
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 6);
  gtk_text_buffer_undo (buffer);
  gtk_text_buffer_undo (buffer);
  assert_same_article (fixture->article, fixture->expected);

  /* Across the image from text to text, as a cut would, then undo */
  {
    GtkTextIter start, end;

    gtk_text_buffer_get_iter_at_line_offset (buffer, &start, 3, 5);
    gtk_text_buffer_get_iter_at_line_offset (buffer, &end, 5, 3);
    gtk_text_buffer_begin_user_action (buffer);
    gtk_text_buffer_delete (buffer, &start, &end);
    gtk_text_buffer_end_user_action (buffer);
  }
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 6);
  gtk_text_buffer_undo (buffer);
  g_assert_true (byline_article_get_block (fixture->article, 4) == image);
  assert_quote_line (buffer, 3, QUOTE_TEXT, ATTRIBUTION);
  assert_same_article (fixture->article, fixture->expected);
}

/* Pasted images can be deleted and brought back, and the paste still
 * undoes whole afterwards */
static void
test_pasted_object_deleted (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  g_autoptr(GPtrArray) blocks = pasted_blocks ();
  g_autofree char *after_paste = NULL;
  g_autofree char *now = NULL;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, 1, 0);
  byline_body_buffer_insert_blocks (fixture->buffer, &iter, blocks);
  after_paste = article_json (fixture->article);
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (fixture->article, 3)), ==, BYLINE_BLOCK_IMAGE);

  /* Type something after it, delete the pasted image, undo both */
  type_at (buffer, 0, 0, "Now: ");
  byline_body_buffer_delete_block (fixture->buffer, 3);
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (fixture->article, 3)), ==, BYLINE_BLOCK_QUOTE);
  gtk_text_buffer_undo (buffer);
  gtk_text_buffer_undo (buffer);
  now = article_json (fixture->article);
  g_assert_cmpstr (now, ==, after_paste);

  /* and the paste itself */
  gtk_text_buffer_undo (buffer);
  assert_same_article (fixture->article, fixture->expected);
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, 8);
}

/* GTK's history keeps no tags: undoing a delete still brings back the
 * bold, italic and links of what was deleted */
static void
test_marks_back_after_undo (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);

  /* From inside the bold "harbour" to inside the italic "early" */
  g_assert_true (delete_between (buffer, 0, 6, 1, 21));
  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 7);
  gtk_text_buffer_undo (buffer);
  assert_same_article (fixture->article, fixture->expected);

  /* A link, deleted with Backspace one character at a time */
  for (guint i = 0; i < 3; i++)
    backspace_at (buffer, 5, 3 - i);
  assert_marks (byline_article_get_block (fixture->article, 5), 1, BYLINE_MARK_LINK, 0, 4);
  while (gtk_text_buffer_get_can_undo (buffer))
    gtk_text_buffer_undo (buffer);
  assert_same_article (fixture->article, fixture->expected);
}

static void
test_empty_body (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineBodyBuffer) buffer = byline_body_buffer_new ();

  byline_body_buffer_set_article (buffer, article);
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 0);

  /* The first keystroke makes the first paragraph */
  type_at (GTK_TEXT_BUFFER (buffer), 0, 0, "First words");
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 1);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 0)), ==, "First words");
  type_at (GTK_TEXT_BUFFER (buffer), 0, 11, "\nSecond");
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 2);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 1)), ==, "Second");
  g_assert_cmpuint (byline_article_get_word_count (article), ==, 3);
}

/* What line @line must show for @block */
static char *
expected_line (BylineBlock *block)
{
  BylineBlockKind kind = byline_block_get_kind (block);

  if (kind == BYLINE_BLOCK_IMAGE || kind == BYLINE_BLOCK_CARD || kind == BYLINE_BLOCK_RAW)
    return g_strdup ("");
  if (kind == BYLINE_BLOCK_QUOTE && byline_block_get_attribution (block) != NULL)
    return g_strconcat (byline_block_get_text (block), "\xe2\x81\xa0  \xe2\x80\x94 ",
                        byline_block_get_attribution (block), NULL);
  return g_strdup (byline_block_get_text (block));
}

static void
assert_buffer_shows_article (Fixture *fixture)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  guint n = byline_article_get_n_blocks (fixture->article);

  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *want = expected_line (byline_article_get_block (fixture->article, i));
      g_autofree char *have = line_text (buffer, i);

      g_assert_cmpstr (have, ==, want);
    }
}

/* Sync merged the site's changes into the open article (in place, as the
 * autosave does): the buffer shows them, and the paragraph being typed in
 * keeps its caret and its text */
static void
test_follows_merge (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  g_autoptr(BylineArticle) site = NULL;
  g_autoptr(BylineBlock) p1 = paragraph (BYLINE_BLOCK_PARAGRAPH, "Fishing boats left at noon.");
  g_autoptr(BylineBlock) added = paragraph (BYLINE_BLOCK_PARAGRAPH, "The night ferry sails at ten.");
  g_autoptr(BylineBlock) last = paragraph (BYLINE_BLOCK_PARAGRAPH, "Reporting by the coast desk.");
  BylineBlock *typed_in;
  GtkTextIter caret;

  /* The journalist is typing in the last paragraph */
  type_at (buffer, 7, 5, "new ");
  typed_in = byline_article_get_block (fixture->article, 7);
  g_assert_cmpstr (byline_block_get_text (typed_in), ==, "More new crossings start in spring.");

  /* The site changed paragraph 2, added one after the subheading and one
   * at the end */
  site = byline_article_copy (fixture->article);
  byline_article_splice_body (site, 1, 1, &p1, 1);
  byline_article_insert_block (site, 3, added);
  byline_article_append_block (site, last);
  byline_merge_update_article (fixture->article, site);

  g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 10);
  assert_buffer_shows_article (fixture);
  /* The block typed in is the same object, on its new line, caret and all */
  g_assert_true (byline_article_get_block (fixture->article, 8) == typed_in);
  gtk_text_buffer_get_iter_at_mark (buffer, &caret, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_line (&caret), ==, 8);
  g_assert_cmpint (gtk_text_iter_get_line_offset (&caret), ==, 9);

  /* Typing goes on in the right paragraph */
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "ferry ", -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  g_assert_cmpstr (byline_block_get_text (typed_in), ==, "More new ferry crossings start in spring.");
  assert_buffer_shows_article (fixture);

  /* And the site's last paragraph goes away again (removal at the end) */
  byline_article_remove_blocks (fixture->article, 9, 1);
  assert_buffer_shows_article (fixture);
}

/* Structural undo with objects side by side.  Every anchor is labelled
 * with the block the buffer told the view it shows, so a check can tell
 * the very block on each object line. */

static void
label_anchor (BylineBodyBuffer   *buffer,
              GtkTextChildAnchor *anchor,
              BylineBlock        *block,
              gpointer            data)
{
  g_object_set_data_full (G_OBJECT (anchor), "test-block", g_object_ref (block), g_object_unref);
}

static BylineBlock *
image_block (const char *caption)
{
  BylineBlock *block = byline_block_new (BYLINE_BLOCK_IMAGE);
  BylineImage *photo = byline_block_get_image (block);

  byline_image_set_src (photo, "media/photo.jpg");
  byline_image_set_caption (photo, caption);
  return block;
}

static BylineBlock *
card_block (const char *headline)
{
  BylineBlock *block = byline_block_new (BYLINE_BLOCK_CARD);
  g_autoptr(BylineStoryRef) ref = byline_story_ref_new ();

  byline_story_ref_set_section (ref, "Coast");
  byline_story_ref_set_headline (ref, headline);
  byline_block_set_story_ref (block, ref);
  return block;
}

/* Line @line with its anchors, as U+FFFC */
static char *
line_slice (GtkTextBuffer *buffer,
            guint          line)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_line (buffer, &start, line);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  return gtk_text_buffer_get_slice (buffer, &start, &end, TRUE);
}

static gboolean
is_object (BylineBlock *block)
{
  BylineBlockKind kind = byline_block_get_kind (block);

  return kind == BYLINE_BLOCK_IMAGE || kind == BYLINE_BLOCK_CARD || kind == BYLINE_BLOCK_RAW;
}

/* Line n of the buffer shows block n of the body, and only it: a text
 * block's text (and a quote's attribution), or for an image or card one
 * anchor standing for that very block.  Returns a message, or NULL. */
static char *
check_in_step (BylineBodyBuffer *body)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (body);
  BylineArticle *article = byline_body_buffer_get_article (body);
  guint n = byline_article_get_n_blocks (article);
  guint lines = gtk_text_buffer_get_line_count (buffer);

  if (n == 0)
    return lines == 1 && gtk_text_buffer_get_char_count (buffer) == 0
           ? NULL : g_strdup ("an empty body with text in the buffer");
  if (lines != n)
    return g_strdup_printf ("%u lines for %u blocks", lines, n);

  for (guint i = 0; i < n; i++)
    {
      BylineBlock *block = byline_article_get_block (article, i);
      g_autofree char *shown = line_slice (buffer, i);
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_line (buffer, &iter, i);
      if (is_object (block))
        {
          GtkTextChildAnchor *anchor = gtk_text_iter_get_child_anchor (&iter);

          if (anchor == NULL || g_utf8_strlen (shown, -1) != 1)
            return g_strdup_printf ("line %u: \"%s\" for an object block", i, shown);
          if (g_object_get_data (G_OBJECT (anchor), "test-block") != block)
            return g_strdup_printf ("line %u: the anchor stands for another block", i);
        }
      else
        {
          const char *attribution = byline_block_get_attribution (block);
          g_autofree char *expected = NULL;

          if (byline_block_get_kind (block) == BYLINE_BLOCK_QUOTE && attribution != NULL && *attribution != '\0')
            expected = g_strconcat (byline_block_get_text (block), "\xe2\x81\xa0  \xe2\x80\x94 ", attribution, NULL);
          else
            expected = g_strdup (byline_block_get_text (block));
          if (g_strcmp0 (shown, expected) != 0)
            return g_strdup_printf ("line %u: \"%s\" for a block \"%s\"", i, shown, expected);
          for (; !gtk_text_iter_ends_line (&iter); gtk_text_iter_forward_char (&iter))
            if (gtk_text_iter_get_child_anchor (&iter) != NULL || gtk_text_iter_get_char (&iter) == 0xFFFC)
              return g_strdup_printf ("line %u: an object in a text block", i);
        }
    }
  return NULL;
}


static void
assert_in_step (BylineBodyBuffer *body)
{
  g_autofree char *wrong = check_in_step (body);

  if (wrong != NULL)
    g_error ("buffer and body disagree: %s", wrong);
}

/* A buffer on @article whose anchors are labelled */
static BylineBodyBuffer *
labelled_buffer (BylineArticle *article)
{
  BylineBodyBuffer *body = byline_body_buffer_new ();

  g_signal_connect (body, "anchor-added", G_CALLBACK (label_anchor), NULL);
  byline_body_buffer_set_article (body, article);
  assert_in_step (body);
  return body;
}

/* The window's case: an image inserted next to a loaded one, undone,
 * redone, removed with its button; undo brings back exactly that image */
/* An image put in with the cursor at the end of a quote's text or in its
 * attribution goes below the whole quote, which keeps its attribution (it
 * was split, the attribution left to an empty quote below the image) */
static void
test_object_after_quote (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  guint text_end = g_utf8_strlen (QUOTE_TEXT, -1);

  for (guint at = text_end; at <= text_end + 6; at += 6)
    {
      g_autoptr(BylineBlock) image = image_block ("The new boat at the quay");
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, 3, at);
      gtk_text_buffer_place_cursor (buffer, &iter);
      g_assert_cmpuint (byline_body_buffer_insert_object_block (fixture->buffer, image), ==, 4);
      g_assert_cmpuint (byline_article_get_n_blocks (fixture->article), ==, 9);
      assert_quote_block (byline_article_get_block (fixture->article, 3), QUOTE_TEXT, ATTRIBUTION);
      assert_quote_line (buffer, 3, QUOTE_TEXT, ATTRIBUTION);
      g_assert_true (byline_article_get_block (fixture->article, 4) == image);
      gtk_text_buffer_get_iter_at_line (buffer, &iter, 4);
      g_assert_nonnull (gtk_text_iter_get_child_anchor (&iter));
      g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, 9);

      gtk_text_buffer_undo (buffer);
      assert_same_article (fixture->article, fixture->expected);
      gtk_text_buffer_redo (buffer);
      assert_quote_block (byline_article_get_block (fixture->article, 3), QUOTE_TEXT, ATTRIBUTION);
      g_assert_true (byline_article_get_block (fixture->article, 4) == image);
      gtk_text_buffer_undo (buffer);
      assert_same_article (fixture->article, fixture->expected);
    }
}

static void
test_inserted_next_to_loaded (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineBlock) p0 = byline_block_new_paragraph ("The harbour master said the timetable starts on Monday.");
  g_autoptr(BylineBlock) typed = image_block ("Repairs on the north pier");
  g_autoptr(BylineBlock) last = byline_block_new_paragraph ("Tickets cost four pounds.");
  g_autoptr(BylineBlock) inserted = image_block ("The morning ferry");
  g_autoptr(BylineBodyBuffer) body = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  byline_article_append_block (article, p0);
  byline_article_append_block (article, typed);
  byline_article_append_block (article, last);
  body = labelled_buffer (article);
  buffer = GTK_TEXT_BUFFER (body);

  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, 0, 10);
  gtk_text_buffer_place_cursor (buffer, &iter);
  g_assert_cmpuint (byline_body_buffer_insert_object_block (body, inserted), ==, 1);
  assert_in_step (body);
  gtk_text_buffer_undo (buffer);
  assert_in_step (body);
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 3);
  gtk_text_buffer_redo (buffer);
  assert_in_step (body);
  g_assert_true (byline_article_get_block (article, 1) == inserted);

  byline_body_buffer_delete_block (body, 1);
  assert_in_step (body);
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 3);
  g_assert_true (byline_article_get_block (article, 1) == typed);

  gtk_text_buffer_undo (buffer);
  assert_in_step (body);
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 4);
  g_assert_true (byline_article_get_block (article, 1) == inserted);
  g_assert_true (byline_article_get_block (article, 2) == typed);
  gtk_text_buffer_redo (buffer);
  assert_in_step (body);
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 3);
  g_assert_true (byline_article_get_block (article, 1) == typed);

  /* All the way back, and forward again */
  while (gtk_text_buffer_get_can_undo (buffer))
    {
      gtk_text_buffer_undo (buffer);
      assert_in_step (body);
    }
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 3);
  g_assert_true (byline_article_get_block (article, 1) == typed);
  while (gtk_text_buffer_get_can_redo (buffer))
    {
      gtk_text_buffer_redo (buffer);
      assert_in_step (body);
    }
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 3);
  g_assert_true (byline_article_get_block (article, 1) == typed);
}

/* What the body was at one step of history: its text, and the very
 * blocks of its images and cards */
typedef struct
{
  char      *json;
  GPtrArray *objects;   /* per block: the object block, or NULL */
  const char *made_by;  /* the edit that made it */
} Snapshot;

static void
unref_object (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
snapshot_free (gpointer data)
{
  Snapshot *snapshot = data;

  g_free (snapshot->json);
  g_ptr_array_unref (snapshot->objects);
  g_free (snapshot);
}

static Snapshot *
snapshot_take (BylineArticle *article,
               const char    *made_by)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);

  snapshot->json = article_json (article);
  snapshot->objects = g_ptr_array_new_with_free_func (unref_object);
  snapshot->made_by = made_by;
  for (guint i = 0; i < byline_article_get_n_blocks (article); i++)
    {
      BylineBlock *block = byline_article_get_block (article, i);

      g_ptr_array_add (snapshot->objects, is_object (block) ? g_object_ref (block) : NULL);
    }
  return snapshot;
}

static gboolean
snapshot_matches (Snapshot      *snapshot,
                  BylineArticle *article)
{
  g_autofree char *json = article_json (article);

  if (g_strcmp0 (json, snapshot->json) != 0 || byline_article_get_n_blocks (article) != snapshot->objects->len)
    return FALSE;
  for (guint i = 0; i < snapshot->objects->len; i++)
    {
      BylineBlock *block = byline_article_get_block (article, i);

      if (g_ptr_array_index (snapshot->objects, i) != (is_object (block) ? block : NULL))
        return FALSE;
    }
  return TRUE;
}

static void
assert_snapshot (Snapshot      *snapshot,
                 BylineArticle *article)
{
  g_autofree char *json = article_json (article);

  g_assert_cmpstr (json, ==, snapshot->json);
  g_assert_true (snapshot_matches (snapshot, article));
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_free)

static gboolean
body_has_block (BylineArticle *article,
                BylineBlock   *block)
{
  for (guint i = 0; i < byline_article_get_n_blocks (article); i++)
    if (byline_article_get_block (article, i) == block)
      return TRUE;
  return FALSE;
}

static BylineArticle *
objects_article (void)
{
  BylineArticle *article = byline_article_new ();
  g_autoptr(BylineBlock) p0 = byline_block_new_paragraph ("The ferry left at six.");
  g_autoptr(BylineBlock) a = image_block ("The ferry in fog");
  g_autoptr(BylineBlock) b = image_block ("The pier at dawn");
  g_autoptr(BylineBlock) c = card_block ("Island school reopens");
  g_autoptr(BylineBlock) d = card_block ("New timetable for winter");
  g_autoptr(BylineBlock) p5 = byline_block_new_paragraph ("Tickets cost four pounds.");

  byline_block_add_mark (p0, BYLINE_MARK_BOLD, 4, 9, NULL);
  byline_article_append_block (article, p0);
  byline_article_append_block (article, a);
  byline_article_append_block (article, b);
  byline_article_append_block (article, c);
  byline_article_append_block (article, d);
  byline_article_append_block (article, p5);
  return article;
}

/* Undo and redo of one edit, several times over: each time exactly the
 * states before and after, with the very blocks */
static void
assert_undo_redo_cycles (BylineBodyBuffer *body,
                         Snapshot         *before,
                         Snapshot         *after)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (body);
  BylineArticle *article = byline_body_buffer_get_article (body);

  for (guint i = 0; i < 3; i++)
    {
      gtk_text_buffer_undo (buffer);
      assert_in_step (body);
      assert_snapshot (before, article);
      gtk_text_buffer_redo (buffer);
      assert_in_step (body);
      assert_snapshot (after, article);
    }
}

/* An image or card line deleted next to another object line, before and
 * after it, each undone and redone several times, then all of it undone */
static void
test_delete_next_to_objects (void)
{
  g_autoptr(BylineArticle) article = objects_article ();
  g_autoptr(BylineBodyBuffer) body = labelled_buffer (article);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (body);
  g_autoptr(Snapshot) original = snapshot_take (article, "load");
  /* image before image, card between cards, image after paragraph and
   * before card (what is left), card before the last paragraph */
  const guint order[] = { 1, 2, 1, 1 };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autoptr(Snapshot) before = snapshot_take (article, "before");
      g_autoptr(Snapshot) after = NULL;
      BylineBlock *gone = byline_article_get_block (article, order[i]);
      BylineBlock *next = byline_article_get_block (article, order[i] + 1);

      byline_body_buffer_delete_block (body, order[i]);
      assert_in_step (body);
      g_assert_true (byline_article_get_block (article, order[i]) == next);
      g_assert_false (body_has_block (article, gone));
      after = snapshot_take (article, "delete");
      assert_undo_redo_cycles (body, before, after);
    }
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 2);

  /* The last block, with the line break before it */
  {
    g_autoptr(Snapshot) before = snapshot_take (article, "before");
    g_autoptr(Snapshot) after = NULL;

    byline_body_buffer_delete_block (body, 1);
    assert_in_step (body);
    after = snapshot_take (article, "delete");
    assert_undo_redo_cycles (body, before, after);
  }

  while (gtk_text_buffer_get_can_undo (buffer))
    {
      gtk_text_buffer_undo (buffer);
      assert_in_step (body);
    }
  assert_snapshot (original, article);
}

/* A range from inside the first paragraph to inside the last one takes
 * text, two images and two cards; undo brings back each, redo takes them
 * again, several times */
static void
test_delete_range_across_objects (void)
{
  g_autoptr(BylineArticle) article = objects_article ();
  g_autoptr(BylineBodyBuffer) body = labelled_buffer (article);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (body);
  g_autoptr(Snapshot) before = snapshot_take (article, "load");
  g_autoptr(Snapshot) after = NULL;
  GtkTextIter start, end;

  /* "The ferry l|eft …" to "Tickets |cost …", as a cut does */
  gtk_text_buffer_get_iter_at_line_offset (buffer, &start, 0, 11);
  gtk_text_buffer_get_iter_at_line_offset (buffer, &end, 5, 8);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_end_user_action (buffer);
  assert_in_step (body);
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 1);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 0)), ==, "The ferry lcost four pounds.");
  after = snapshot_take (article, "delete");
  assert_undo_redo_cycles (body, before, after);

  /* From the start of the first image to the start of the last
   * paragraph: whole lines, objects only */
  gtk_text_buffer_undo (buffer);
  g_clear_pointer (&after, snapshot_free);
  gtk_text_buffer_get_iter_at_line (buffer, &start, 1);
  gtk_text_buffer_get_iter_at_line (buffer, &end, 5);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_end_user_action (buffer);
  assert_in_step (body);
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 2);
  after = snapshot_take (article, "delete");
  assert_undo_redo_cycles (body, before, after);
}

/* Several objects pasted in a row, undone and redone, then one of them
 * removed, undone and redone */
static void
test_insert_objects_in_a_row (void)
{
  g_autoptr(BylineArticle) article = objects_article ();
  g_autoptr(BylineBodyBuffer) body = labelled_buffer (article);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (body);
  g_autoptr(Snapshot) original = snapshot_take (article, "load");
  g_autoptr(Snapshot) pasted = NULL;
  g_autoptr(Snapshot) removed = NULL;
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
  GtkTextIter iter;

  g_ptr_array_add (blocks, image_block ("Pasted gull"));
  g_ptr_array_add (blocks, card_block ("Pasted story"));
  g_ptr_array_add (blocks, image_block ("Pasted boat"));

  /* Between the two loaded images' neighbours: after the first image */
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 2);
  byline_body_buffer_insert_blocks (body, &iter, blocks);
  assert_in_step (body);
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 9);
  pasted = snapshot_take (article, "paste");
  assert_undo_redo_cycles (body, original, pasted);

  /* The pasted card, between two images */
  {
    guint card_line = 0;

    for (guint i = 0; i < byline_article_get_n_blocks (article); i++)
      if (byline_block_get_kind (byline_article_get_block (article, i)) == BYLINE_BLOCK_CARD)
        {
          card_line = i;
          break;
        }
    g_assert_cmpuint (card_line, >, 0);
    byline_body_buffer_delete_block (body, card_line);
  }
  assert_in_step (body);
  removed = snapshot_take (article, "remove");
  assert_undo_redo_cycles (body, pasted, removed);

  /* One undo each */
  gtk_text_buffer_undo (buffer);
  assert_snapshot (pasted, article);
  gtk_text_buffer_undo (buffer);
  assert_snapshot (original, article);
  g_assert_false (gtk_text_buffer_get_can_undo (buffer));
  gtk_text_buffer_redo (buffer);
  assert_snapshot (pasted, article);
  gtk_text_buffer_redo (buffer);
  assert_snapshot (removed, article);
}

/* A Remove, then an object inserted where the removed one was, both
 * undone: undo of the insert takes the very same text away at the very
 * same offset, and undo of the Remove must still bring back the removed
 * image, not the inserted card */
static void
test_undo_remove_after_undone_insert (void)
{
  g_autoptr(BylineArticle) article = objects_article ();
  g_autoptr(BylineBlock) quote = paragraph (BYLINE_BLOCK_QUOTE, "We waited years.");
  g_autoptr(BylineBodyBuffer) body = NULL;
  GtkTextBuffer *buffer;
  g_autoptr(Snapshot) original = NULL;
  g_autoptr(Snapshot) removed = NULL;
  g_autoptr(BylineBlock) inserted = card_block ("Inserted");
  GtkTextIter iter;

  /* A text line above the image: Enter can go in front of what follows it */
  byline_article_insert_block (article, 2, quote);
  body = labelled_buffer (article);
  buffer = GTK_TEXT_BUFFER (body);
  original = snapshot_take (article, "load");

  byline_body_buffer_delete_block (body, 3);
  assert_in_step (body);
  removed = snapshot_take (article, "remove");

  /* A new paragraph in front of the card, and the card in front of it */
  type_at (buffer, 3, 0, "\n");
  assert_in_step (body);
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 7);
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 3);
  gtk_text_buffer_place_cursor (buffer, &iter);
  g_assert_cmpuint (byline_body_buffer_insert_object_block (body, inserted), ==, 3);
  assert_in_step (body);

  gtk_text_buffer_undo (buffer);
  assert_in_step (body);
  gtk_text_buffer_undo (buffer);
  assert_in_step (body);
  assert_snapshot (removed, article);
  gtk_text_buffer_undo (buffer);
  assert_in_step (body);
  assert_snapshot (original, article);
  g_assert_false (body_has_block (article, inserted));

  /* and forward again, each step the very blocks */
  gtk_text_buffer_redo (buffer);
  assert_in_step (body);
  assert_snapshot (removed, article);
  gtk_text_buffer_redo (buffer);
  gtk_text_buffer_redo (buffer);
  assert_in_step (body);
  g_assert_true (byline_article_get_block (article, 3) == inserted);
}

/* Blocks pasted into an empty line take its place; undo gives back that
 * line as it was: a quote or a subheading, not a paragraph, and a
 * paragraph, not the subheading pasted into it */
static void
test_undo_paste_into_empty_line (void)
{
  for (guint n = 1; n <= 4; n++)
    {
      g_autoptr(BylineArticle) article = byline_article_new ();
      g_autoptr(BylineBlock) p0 = byline_block_new_paragraph ("The ferry left at six.");
      g_autoptr(BylineBlock) empty = paragraph (n == 2 ? BYLINE_BLOCK_SUBHEADING
                                                : n == 4 ? BYLINE_BLOCK_PARAGRAPH : BYLINE_BLOCK_QUOTE, "");
      g_autoptr(BylineBodyBuffer) body = NULL;
      g_autoptr(Snapshot) before = NULL;
      g_autoptr(Snapshot) after = NULL;
      g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
      GtkTextBuffer *buffer;
      GtkTextIter iter;

      byline_article_append_block (article, p0);
      byline_article_append_block (article, empty);
      body = labelled_buffer (article);
      buffer = GTK_TEXT_BUFFER (body);
      before = snapshot_take (article, "load");

      /* one card (a line follows it), an image and a paragraph, a card,
       * a subheading and a card, one subheading */
      if (n == 4)
        g_ptr_array_add (blocks, paragraph (BYLINE_BLOCK_SUBHEADING, "Gulls"));
      else
        g_ptr_array_add (blocks, n == 2 ? image_block ("Gulls") : card_block ("Gulls"));
      if (n == 2)
        g_ptr_array_add (blocks, byline_block_new_paragraph ("Low tide"));
      if (n == 3)
        {
          g_ptr_array_add (blocks, paragraph (BYLINE_BLOCK_SUBHEADING, "Low tide"));
          g_ptr_array_add (blocks, card_block ("A storm"));
        }
      gtk_text_buffer_get_iter_at_line (buffer, &iter, 1);
      byline_body_buffer_insert_blocks (body, &iter, blocks);
      assert_in_step (body);
      after = snapshot_take (article, "paste");
      assert_undo_redo_cycles (body, before, after);
    }
}

/* Plain text put back by undo or redo between bold letters stays plain:
 * GTK gives inserted text the tags around it */
static void
test_plain_text_back_between_bold (void)
{
  g_autoptr(BylineArticle) article = objects_article ();
  g_autoptr(BylineBodyBuffer) body = labelled_buffer (article);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (body);
  g_autoptr(Snapshot) before = snapshot_take (article, "load");
  g_autoptr(Snapshot) after = NULL;
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
  GtkTextIter iter;

  /* A plain paragraph pasted into the bold "ferry" */
  g_ptr_array_add (blocks, byline_block_new_paragraph ("Gulls"));
  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, 0, 6);
  byline_body_buffer_insert_blocks (body, &iter, blocks);
  assert_in_step (body);
  assert_marks (byline_article_get_block (article, 0), 2, BYLINE_MARK_BOLD, 4, 6);
  after = snapshot_take (article, "paste");
  assert_undo_redo_cycles (body, before, after);

  /* The plain "Gulls" taken out again, between the bold "fe" and "rry" */
  g_clear_pointer (&before, snapshot_free);
  g_clear_pointer (&after, snapshot_free);
  before = snapshot_take (article, "paste");
  g_assert_true (delete_between (buffer, 0, 6, 0, 11));
  assert_in_step (body);
  after = snapshot_take (article, "delete");
  assert_undo_redo_cycles (body, before, after);
}

/* Two deletes that GTK joins into one Backspace step (each ends where the
 * cursor is): the quote's line, then the image's line in front of it.
 * Undo puts both back in one insert; each comes back in its place. */
static void
test_undo_joined_line_deletes (void)
{
  g_autoptr(BylineArticle) article = objects_article ();
  g_autoptr(BylineBlock) quote = paragraph (BYLINE_BLOCK_QUOTE, "We waited years.");
  g_autoptr(BylineBodyBuffer) body = NULL;
  g_autoptr(Snapshot) before = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  byline_block_set_attribution (quote, "Mara Quill");
  byline_article_insert_block (article, 2, quote);
  body = labelled_buffer (article);
  buffer = GTK_TEXT_BUFFER (body);
  before = snapshot_take (article, "load");

  /* The cursor at the start of the image after the quote */
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 3);
  gtk_text_buffer_place_cursor (buffer, &iter);
  g_assert_true (delete_between (buffer, 2, 0, 3, 0));
  assert_in_step (body);
  g_assert_true (byline_article_get_block (article, 2) == g_ptr_array_index (before->objects, 3));
  gtk_text_buffer_begin_user_action (buffer);
  {
    GtkTextIter start, end;

    gtk_text_buffer_get_iter_at_line (buffer, &start, 1);
    gtk_text_buffer_get_iter_at_line (buffer, &end, 2);
    gtk_text_buffer_delete (buffer, &start, &end);
  }
  gtk_text_buffer_end_user_action (buffer);
  assert_in_step (body);
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 5);

  while (gtk_text_buffer_get_can_undo (buffer))
    {
      gtk_text_buffer_undo (buffer);
      assert_in_step (body);
    }
  assert_snapshot (before, article);
}

/* Backspace after Backspace over a whole paragraph: GTK 4.8 joins them
 * into one step and garbles a joined text longer than 22 bytes; undo
 * still gives back the paragraph, letter for letter */
static void
test_undo_long_backspace_run (void)
{
  g_autoptr(BylineArticle) article = objects_article ();
  g_autoptr(BylineBodyBuffer) body = labelled_buffer (article);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (body);
  g_autoptr(Snapshot) before = snapshot_take (article, "load");
  guint length = line_length (buffer, 5);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, 5, length);
  gtk_text_buffer_place_cursor (buffer, &iter);
  for (guint i = 0; i < length; i++)
    {
      gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
      g_assert_true (backspace_at (buffer, 5, gtk_text_iter_get_line_offset (&iter)));
      assert_in_step (body);
    }
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 5)), ==, "");

  while (gtk_text_buffer_get_can_undo (buffer))
    {
      gtk_text_buffer_undo (buffer);
      assert_in_step (body);
    }
  assert_snapshot (before, article);
}

/* The same text deleted twice at the same place, bold the first time and
 * plain the second: undo of the second puts it back plain (it must not
 * take what the first delete kept), and redo and undo of the first bring
 * back the bold */
static void
test_undo_same_text_deleted_twice (void)
{
  g_autoptr(BylineArticle) article = objects_article ();
  g_autoptr(BylineBodyBuffer) body = labelled_buffer (article);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (body);
  g_autoptr(Snapshot) loaded = snapshot_take (article, "load");
  g_autoptr(Snapshot) typed = NULL;
  g_autoptr(Snapshot) deleted = NULL;

  /* "ferry" is bold */
  g_assert_true (delete_between (buffer, 0, 4, 0, 9));
  type_at (buffer, 0, 4, "ferry");
  assert_in_step (body);
  assert_marks (byline_article_get_block (article, 0), 0, BYLINE_MARK_BOLD, 0, 0);
  typed = snapshot_take (article, "type");

  g_assert_true (delete_between (buffer, 0, 4, 0, 9));
  assert_in_step (body);
  deleted = snapshot_take (article, "delete");
  assert_undo_redo_cycles (body, typed, deleted);

  /* Back to the bold word, and forward again */
  while (gtk_text_buffer_get_can_undo (buffer))
    {
      gtk_text_buffer_undo (buffer);
      assert_in_step (body);
    }
  assert_snapshot (loaded, article);
  while (gtk_text_buffer_get_can_redo (buffer))
    {
      gtk_text_buffer_redo (buffer);
      assert_in_step (body);
    }
  assert_snapshot (deleted, article);
}

/* Random edits, undo and redo on a story with images and cards: after
 * every step the buffer and the body agree, undo and redo land on the
 * states the edits made, and undoing everything gives back the story as
 * loaded.  The seed is printed; BYLINE_TEST_SEED repeats a run,
 * BYLINE_TEST_RUNS sets how many walks, BYLINE_TEST_STEPS how long each
 * is (a shorter walk that still fails is a smaller case), and
 * BYLINE_TEST_TRACE prints each step and the body expected. */

typedef enum
{
  EDIT_TYPE,
  EDIT_ENTER,
  EDIT_BACKSPACE,
  EDIT_DELETE_RANGE,
  EDIT_CUT,
  EDIT_INSERT_OBJECT,
  EDIT_DELETE_BLOCK,
  EDIT_INSERT_BLOCKS,
  EDIT_UNDO,
  EDIT_REDO,
  N_EDITS
} Edit;

static const char * const edit_names[N_EDITS] = {
  "type", "enter", "backspace", "delete-range", "cut", "insert-object",
  "delete-block", "insert-blocks", "undo", "redo",
};

/* GTK itself joins some plain-text steps in a row (a word typed after a
 * word, Backspace after Backspace) into one undo step.  A paste of one
 * paragraph is one insert to GTK like typing, and is joined to the text
 * before it the same way when it has no space or line break ("Gulls"
 * pasted where " gull" was just typed); a paste with an image, card or
 * more lines never is. */
static gboolean
edit_may_join (const char *made_by)
{
  return g_strcmp0 (made_by, "type") == 0 || g_strcmp0 (made_by, "enter") == 0 ||
         g_strcmp0 (made_by, "backspace") == 0 || g_strcmp0 (made_by, "delete-range") == 0 ||
         g_strcmp0 (made_by, "insert-paragraph") == 0;
}

static void
random_iter (GtkTextBuffer *buffer,
             GRand         *rand,
             GtkTextIter   *iter)
{
  guint line = g_rand_int_range (rand, 0, gtk_text_buffer_get_line_count (buffer));

  gtk_text_buffer_get_iter_at_line_offset (buffer, iter, line,
                                           g_rand_int_range (rand, 0, line_length (buffer, line) + 1));
}

static BylineBlock *
random_block (GRand *rand)
{
  static const char * const words[] = { "Gulls", "A storm", "The quay", "Low tide" };
  const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      return image_block (word);
    case 1:
      return card_block (word);
    case 2:
      return paragraph (BYLINE_BLOCK_SUBHEADING, word);
    default:
      return byline_block_new_paragraph (word);
    }
}

static char *
buffer_slice (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_slice (buffer, &start, &end, TRUE);
}

/* Where an edit happened, for BYLINE_TEST_TRACE */
static char *
iter_detail (const GtkTextIter *iter,
             const GtkTextIter *end)
{
  if (end == NULL)
    return g_strdup_printf ("%d:%d", gtk_text_iter_get_line (iter), gtk_text_iter_get_line_offset (iter));
  return g_strdup_printf ("%d:%d-%d:%d", gtk_text_iter_get_line (iter), gtk_text_iter_get_line_offset (iter),
                          gtk_text_iter_get_line (end), gtk_text_iter_get_line_offset (end));
}

/* With BYLINE_TEST_TRACE, what the body should have been and what it is */
static void
trace_mismatch (Snapshot      *snapshot,
                BylineArticle *article)
{
  g_autofree char *json = NULL;

  if (g_getenv ("BYLINE_TEST_TRACE") == NULL)
    return;
  json = article_json (article);
  g_printerr ("expected %s\ngot      %s\n", strstr (snapshot->json, "\"body\""), strstr (json, "\"body\""));
}

/* Returns what went wrong, or NULL */
static char *
run_random_edits (guint32 seed,
                  guint   n_steps)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(BylineArticle) article = objects_article ();
  g_autoptr(BylineBodyBuffer) body = NULL;
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func (snapshot_free);
  GtkTextBuffer *buffer;
  guint position = 0;

  {
    g_autoptr(BylineBlock) quote = paragraph (BYLINE_BLOCK_QUOTE, "We waited years.");

    byline_block_set_attribution (quote, "Mara Quill");
    byline_article_insert_block (article, 2, quote);
  }
  body = labelled_buffer (article);
  buffer = GTK_TEXT_BUFFER (body);
  g_ptr_array_add (history, snapshot_take (article, "load"));

  for (guint step = 0; step < n_steps; step++)
    {
      Edit edit = g_rand_int_range (rand, 0, N_EDITS);
      const char *made_by = edit_names[edit];
      g_autofree char *before = buffer_slice (buffer);
      g_autofree char *after = NULL;
      g_autofree char *wrong = NULL;
      g_autofree char *detail = NULL;
      GtkTextIter iter, end;

      switch (edit)
        {
        case EDIT_TYPE:
          random_iter (buffer, rand, &iter);
          detail = iter_detail (&iter, NULL);
          type_at (buffer, gtk_text_iter_get_line (&iter), gtk_text_iter_get_line_offset (&iter), " gull");
          break;
        case EDIT_ENTER:
          random_iter (buffer, rand, &iter);
          detail = iter_detail (&iter, NULL);
          type_at (buffer, gtk_text_iter_get_line (&iter), gtk_text_iter_get_line_offset (&iter), "\n");
          break;
        case EDIT_BACKSPACE:
          random_iter (buffer, rand, &iter);
          detail = iter_detail (&iter, NULL);
          backspace_at (buffer, gtk_text_iter_get_line (&iter), gtk_text_iter_get_line_offset (&iter));
          break;
        case EDIT_DELETE_RANGE:
        case EDIT_CUT:
          random_iter (buffer, rand, &iter);
          random_iter (buffer, rand, &end);
          gtk_text_iter_order (&iter, &end);
          detail = iter_detail (&iter, &end);
          if (edit == EDIT_CUT)
            {
              /* A cut takes a selection.  A delete without one is joined
               * by GTK's history to the deletes before it whenever the
               * cursor happens to be at its start or end (a Delete or
               * Backspace run), and "cut" is not one of the edits that
               * may join (edit_may_join()) */
              guint from = gtk_text_iter_get_offset (&iter);
              guint to = gtk_text_iter_get_offset (&end);

              gtk_text_buffer_select_range (buffer, &end, &iter);
              gtk_text_buffer_get_iter_at_offset (buffer, &iter, from);
              gtk_text_buffer_get_iter_at_offset (buffer, &end, to);
            }
          gtk_text_buffer_begin_user_action (buffer);
          if (edit == EDIT_CUT)
            gtk_text_buffer_delete (buffer, &iter, &end);
          else
            gtk_text_buffer_delete_interactive (buffer, &iter, &end, TRUE);
          gtk_text_buffer_end_user_action (buffer);
          break;
        case EDIT_INSERT_OBJECT:
          {
            g_autoptr(BylineBlock) block = g_rand_boolean (rand) ? image_block ("Inserted") : card_block ("Inserted");

            random_iter (buffer, rand, &iter);
            detail = iter_detail (&iter, NULL);
            gtk_text_buffer_place_cursor (buffer, &iter);
            byline_body_buffer_insert_object_block (body, block);
          }
          break;
        case EDIT_DELETE_BLOCK:
          if (byline_article_get_n_blocks (article) > 0)
            {
              guint index = g_rand_int_range (rand, 0, byline_article_get_n_blocks (article));

              detail = g_strdup_printf ("%u", index);
              byline_body_buffer_delete_block (body, index);
            }
          break;
        case EDIT_INSERT_BLOCKS:
          {
            g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
            guint n = g_rand_int_range (rand, 1, 4);

            for (guint i = 0; i < n; i++)
              g_ptr_array_add (blocks, random_block (rand));
            random_iter (buffer, rand, &iter);
            detail = iter_detail (&iter, NULL);
            if (n == 1 && byline_block_get_kind (g_ptr_array_index (blocks, 0)) == BYLINE_BLOCK_PARAGRAPH)
              made_by = "insert-paragraph";
            for (guint i = 0; i < n; i++)
              {
                g_autofree char *was = detail;

                detail = g_strdup_printf ("%s %s", was,
                                          byline_block_kind_to_string (byline_block_get_kind (g_ptr_array_index (blocks, i))));
              }
            byline_body_buffer_insert_blocks (body, &iter, blocks);
          }
          break;
        case EDIT_UNDO:
          gtk_text_buffer_undo (buffer);
          break;
        case EDIT_REDO:
          gtk_text_buffer_redo (buffer);
          break;
        case N_EDITS:
        default:
          g_assert_not_reached ();
        }

      if (g_getenv ("BYLINE_TEST_TRACE") != NULL)
        {
          g_autofree char *now = buffer_slice (buffer);

          g_printerr ("step %u %s %s: [%s]\n", step, edit_names[edit], detail ? detail : "", now);
        }
      wrong = check_in_step (body);
      if (wrong != NULL)
        return g_strdup_printf ("seed %u, step %u (%s): buffer and body disagree: %s", seed, step, edit_names[edit], wrong);

      after = buffer_slice (buffer);
      if (edit == EDIT_UNDO && position > 0)
        {
          guint to = position - 1;

          /* GTK may have joined plain-text steps: then the undo goes back
           * over all of them, and the ones in between are gone */
          while (!snapshot_matches (g_ptr_array_index (history, to), article) && to > 0
                 && edit_may_join (((Snapshot *) g_ptr_array_index (history, to))->made_by)
                 && edit_may_join (((Snapshot *) g_ptr_array_index (history, to + 1))->made_by))
            to--;
          if (!snapshot_matches (g_ptr_array_index (history, to), article))
            trace_mismatch (g_ptr_array_index (history, to), article);
          if (!snapshot_matches (g_ptr_array_index (history, to), article))
            return g_strdup_printf ("seed %u, step %u: undo did not go back to the state before \"%s\"",
                     seed, step, ((Snapshot *) g_ptr_array_index (history, position))->made_by);
          if (to + 1 < position)
            g_ptr_array_remove_range (history, to + 1, position - to - 1);
          position = to;
        }
      else if (edit == EDIT_REDO && position + 1 < history->len)
        {
          if (!snapshot_matches (g_ptr_array_index (history, position + 1), article))
            trace_mismatch (g_ptr_array_index (history, position + 1), article);
          if (!snapshot_matches (g_ptr_array_index (history, position + 1), article))
            return g_strdup_printf ("seed %u, step %u: redo did not bring back \"%s\"",
                     seed, step, ((Snapshot *) g_ptr_array_index (history, position + 1))->made_by);
          position++;
        }
      else if (edit != EDIT_UNDO && edit != EDIT_REDO && g_strcmp0 (before, after) != 0)
        {
          g_ptr_array_set_size (history, position + 1);
          g_ptr_array_add (history, snapshot_take (article, made_by));
          position++;
        }
      else if (!snapshot_matches (g_ptr_array_index (history, position), article))
        return g_strdup_printf ("seed %u, step %u (%s): the body changed, the text did not", seed, step, edit_names[edit]);
      else if (!gtk_text_buffer_get_can_redo (buffer))
        g_ptr_array_set_size (history, position + 1);   /* GTK drops redo at every user action's end */
    }

  /* All the way back, and forward again */
  while (gtk_text_buffer_get_can_undo (buffer))
    {
      g_autofree char *wrong = NULL;

      gtk_text_buffer_undo (buffer);
      if (g_getenv ("BYLINE_TEST_TRACE") != NULL)
        {
          g_autofree char *now = buffer_slice (buffer);

          g_printerr ("undo all: [%s]\n", now);
        }
      wrong = check_in_step (body);
      if (wrong != NULL)
        return g_strdup_printf ("seed %u, undoing all: buffer and body disagree: %s", seed, wrong);
    }
  if (!snapshot_matches (g_ptr_array_index (history, 0), article))
    {
      trace_mismatch (g_ptr_array_index (history, 0), article);
      return g_strdup_printf ("seed %u: undoing everything did not give back the story as loaded", seed);
    }
  while (gtk_text_buffer_get_can_redo (buffer))
    {
      g_autofree char *wrong = NULL;

      gtk_text_buffer_redo (buffer);
      wrong = check_in_step (body);
      if (wrong != NULL)
        return g_strdup_printf ("seed %u, redoing all: buffer and body disagree: %s", seed, wrong);
    }
  if (!snapshot_matches (g_ptr_array_index (history, history->len - 1), article))
    trace_mismatch (g_ptr_array_index (history, history->len - 1), article);
  if (!snapshot_matches (g_ptr_array_index (history, history->len - 1), article))
    return g_strdup_printf ("seed %u: redoing everything did not give back the last state", seed);

  return NULL;
}

static void
test_random_edits (void)
{
  const char *fixed = g_getenv ("BYLINE_TEST_SEED");
  guint32 seed = fixed != NULL ? (guint32) g_ascii_strtoull (fixed, NULL, 10) : (guint32) g_test_rand_int ();
  const char *runs = g_getenv ("BYLINE_TEST_RUNS");
  guint n_runs = runs != NULL ? (guint) g_ascii_strtoull (runs, NULL, 10) : fixed != NULL ? 1 : 40;
  const char *steps = g_getenv ("BYLINE_TEST_STEPS");
  guint n_steps = steps != NULL ? (guint) g_ascii_strtoull (steps, NULL, 10) : 80;
  g_autoptr(GString) failures = g_string_new (NULL);
  guint n_failed = 0;

  for (guint run = 0; run < n_runs; run++)
    {
      g_autofree char *wrong = NULL;

      g_test_message ("seed %u (BYLINE_TEST_SEED=%u repeats it)", seed + run, seed + run);
      wrong = run_random_edits (seed + run, n_steps);
      if (wrong != NULL)
        {
          g_test_message ("%s", wrong);
          if (n_failed++ < 5)
            g_string_append_printf (failures, "%s; ", wrong);
        }
    }

  /* Any walk that ends with buffer and body apart is a failure */
  if (n_failed > 0)
    g_test_fail_printf ("%u of %u random walks diverged: %s", n_failed, n_runs, failures->str);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("No display");
      return g_test_run ();
    }

  g_test_add ("/body-buffer/load", Fixture, NULL, fixture_set_up, test_load, fixture_tear_down);
  g_test_add ("/body-buffer/typing-changes-one-block", Fixture, NULL, fixture_set_up,
              test_typing_changes_one_block, fixture_tear_down);
  g_test_add ("/body-buffer/typing-leaves-tags-alone", Fixture, NULL, fixture_set_up,
              test_typing_leaves_tags_alone, fixture_tear_down);
  g_test_add ("/body-buffer/enter-splits", Fixture, NULL, fixture_set_up, test_enter_splits, fixture_tear_down);
  g_test_add ("/body-buffer/join-paragraphs", Fixture, NULL, fixture_set_up, test_join_paragraphs, fixture_tear_down);
  g_test_add ("/body-buffer/bold", Fixture, NULL, fixture_set_up, test_bold, fixture_tear_down);
  g_test_add ("/body-buffer/objects-survive", Fixture, NULL, fixture_set_up, test_objects_survive, fixture_tear_down);
  g_test_add ("/body-buffer/attribution-not-editable", Fixture, NULL, fixture_set_up,
              test_attribution_not_editable, fixture_tear_down);
  g_test_add ("/body-buffer/objects/after-quote", Fixture, NULL, fixture_set_up,
              test_object_after_quote, fixture_tear_down);
  g_test_add ("/body-buffer/quote-split-join", Fixture, NULL, fixture_set_up,
              test_quote_split_join, fixture_tear_down);
  g_test_add ("/body-buffer/quote-deleted-and-back", Fixture, NULL, fixture_set_up,
              test_quote_deleted_and_back, fixture_tear_down);
  g_test_add ("/body-buffer/insert-blocks", Fixture, NULL, fixture_set_up,
              test_insert_blocks, fixture_tear_down);
  g_test_add ("/body-buffer/insert-one-paragraph", Fixture, NULL, fixture_set_up,
              test_insert_one_paragraph, fixture_tear_down);
  g_test_add ("/body-buffer/object-deleted-and-back", Fixture, NULL, fixture_set_up,
              test_object_deleted_and_back, fixture_tear_down);
  g_test_add ("/body-buffer/pasted-object-deleted", Fixture, NULL, fixture_set_up,
              test_pasted_object_deleted, fixture_tear_down);
  g_test_add ("/body-buffer/marks-back-after-undo", Fixture, NULL, fixture_set_up,
              test_marks_back_after_undo, fixture_tear_down);
  g_test_add_func ("/body-buffer/empty-body", test_empty_body);
  g_test_add ("/body-buffer/follows-merge", Fixture, NULL, fixture_set_up, test_follows_merge, fixture_tear_down);
  g_test_add_func ("/body-buffer/objects/inserted-next-to-loaded", test_inserted_next_to_loaded);
  g_test_add_func ("/body-buffer/objects/delete-next-to-objects", test_delete_next_to_objects);
  g_test_add_func ("/body-buffer/objects/delete-range-across-objects", test_delete_range_across_objects);
  g_test_add_func ("/body-buffer/objects/insert-in-a-row", test_insert_objects_in_a_row);
  g_test_add_func ("/body-buffer/objects/undo-remove-after-undone-insert", test_undo_remove_after_undone_insert);
  g_test_add_func ("/body-buffer/objects/undo-paste-into-empty-line", test_undo_paste_into_empty_line);
  g_test_add_func ("/body-buffer/objects/plain-text-back-between-bold", test_plain_text_back_between_bold);
  g_test_add_func ("/body-buffer/objects/undo-joined-line-deletes", test_undo_joined_line_deletes);
  g_test_add_func ("/body-buffer/undo-long-backspace-run", test_undo_long_backspace_run);
  g_test_add_func ("/body-buffer/undo-same-text-deleted-twice", test_undo_same_text_deleted_twice);
  g_test_add_func ("/body-buffer/objects/random-edits", test_random_edits);

  return g_test_run ();
}
