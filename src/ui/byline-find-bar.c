/* byline-find-bar.c: find and replace in the whole article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-find-bar"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "byline-a11y.h"
#include "byline-find-bar.h"
#include "byline-text-row.h"
#include "byline-body-buffer.h"

/* After the article changes under an open bar, look again once typing
 * pauses (the entry's own delay is the same 150 ms) */
#define RESEARCH_DELAY_MS 150

/* Where a match sits in reading order: compared to land on the first
 * match at or after a place (the caret when the bar opens, the text just
 * replaced) */
typedef struct
{
  int   block;    /* -1 for the header fields and the lead image */
  int   rank;     /* of the field, see field_rank() */
  guint start;
} Place;

struct _BylineFindBar
{
  GtkWidget            parent_instance;

  BylineArticleEditor *editor;          /* our parent, not a reference */
  BylineArticle       *article;
  BylineSearchSource  *source;
  GCancellable        *cancellable;
  GArray              *matches;         /* of BylineSearchMatch, or NULL */
  int                  current;
  char                *status;
  GtkWidget           *return_focus;    /* weak */
  Place                place;
  guint                last_replaced;
  guint                research_source;
  guint                highlight_source;
  gulong               changed_handler;
  gulong               scroll_handler;

  guint                busy : 1;
  guint                replacing : 1;
  guint                navigated : 1;

  /* Template widgets */
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkLabel            *status_label;
  GtkLabel            *where_label;
  GtkButton           *previous_button;
  GtkButton           *next_button;
  GtkToggleButton     *case_button;
  GtkToggleButton     *replace_button;
  GtkButton           *close_button;
  GtkWidget           *replace_row;
  GtkEntry            *replace_entry;
  GtkButton           *replace_one_button;
  GtkButton           *replace_all_button;
};

G_DEFINE_FINAL_TYPE (BylineFindBar, byline_find_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_search (BylineFindBar *self,
                          gboolean       reveal);

static int
field_rank (BylineSearchField field)
{
  switch (field)
    {
    case BYLINE_SEARCH_FIELD_HEADLINE:    return 0;
    case BYLINE_SEARCH_FIELD_STANDFIRST:  return 1;
    case BYLINE_SEARCH_FIELD_BYLINE:      return 2;
    case BYLINE_SEARCH_FIELD_BODY:        return 3;
    case BYLINE_SEARCH_FIELD_ATTRIBUTION: return 4;
    case BYLINE_SEARCH_FIELD_CAPTION:     return 5;
    case BYLINE_SEARCH_FIELD_CREDIT:      return 6;
    case BYLINE_SEARCH_FIELD_ALT:         return 7;
    default:                              return 8;
    }
}

static int
place_compare (const Place *a,
               const Place *b)
{
  if (a->block != b->block)
    return a->block < b->block ? -1 : 1;
  if (a->rank != b->rank)
    return a->rank < b->rank ? -1 : 1;
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  return 0;
}

static Place
match_place (const BylineSearchMatch *match)
{
  Place place = { match->block, field_rank (match->field), match->start };

  return place;
}

static const BylineSearchMatch *
current_match (BylineFindBar *self)
{
  if (self->matches == NULL || self->current < 0 || (guint) self->current >= self->matches->len)
    return NULL;
  return &g_array_index (self->matches, BylineSearchMatch, self->current);
}

/* The results still describe the article as it is: nothing changed since
 * the texts were copied, and no newer search is on its way */
static gboolean
results_fresh (BylineFindBar *self)
{
  return self->matches != NULL && self->source != NULL && self->article != NULL
         && !self->busy && self->research_source == 0
         && byline_search_source_get_revision (self->source) == byline_article_get_revision (self->article);
}

static GtkTextBuffer *
body_buffer (BylineFindBar *self)
{
  return gtk_text_view_get_buffer (byline_article_editor_get_body_view (self->editor));
}

/* "in the caption of image 2": where a match is, when not in the body's text */
static char *
describe_place (const BylineSearchMatch *match)
{
  switch (match->field)
    {
    case BYLINE_SEARCH_FIELD_HEADLINE:
      return g_strdup (_("in the headline"));
    case BYLINE_SEARCH_FIELD_STANDFIRST:
      return g_strdup (_("in the standfirst"));
    case BYLINE_SEARCH_FIELD_BYLINE:
      return g_strdup (_("in the byline"));
    case BYLINE_SEARCH_FIELD_ATTRIBUTION:
      return g_strdup (_("in a quote’s attribution"));
    case BYLINE_SEARCH_FIELD_CAPTION:
      if (match->image <= 0)
        return g_strdup (_("in the caption of the lead image"));
      /* Translators: %d is the number of the image in the body, 1 for the first */
      return g_strdup_printf (_("in the caption of image %d"), match->image);
    case BYLINE_SEARCH_FIELD_CREDIT:
      if (match->image <= 0)
        return g_strdup (_("in the credit of the lead image"));
      /* Translators: %d is the number of the image in the body, 1 for the first */
      return g_strdup_printf (_("in the credit of image %d"), match->image);
    case BYLINE_SEARCH_FIELD_ALT:
      if (match->image <= 0)
        return g_strdup (_("in the alt text of the lead image"));
      /* Translators: %d is the number of the image in the body, 1 for the first */
      return g_strdup_printf (_("in the alt text of image %d"), match->image);
    case BYLINE_SEARCH_FIELD_BODY:
    default:
      return NULL;
    }
}

static void
update_status (BylineFindBar *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const BylineSearchMatch *match = current_match (self);
  gboolean fresh = results_fresh (self);
  guint n = self->matches != NULL ? self->matches->len : 0;
  g_autofree char *count = NULL;
  g_autofree char *where = NULL;
  char *status;

  if (query[0] == '\0')
    status = g_strdup ("");
  else if (self->busy && self->matches == NULL)
    status = g_strdup (_("Searching…"));
  else if (n == 0 && self->last_replaced > 0)
    /* Translators: after Replace All; %u is how many were replaced */
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Replaced %u match", "Replaced %u matches",
                                           self->last_replaced),
                              self->last_replaced);
  else if (n == 0)
    status = g_strdup (_("No matches"));
  else
    {
      where = match != NULL ? describe_place (match) : NULL;
      if (match != NULL)
        /* Translators: "3 of 12": the current match and how many there are */
        count = g_strdup_printf (_("%d of %u"), self->current + 1, n);
      else
        count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", n), n);

      if (where != NULL)
        /* Translators: "3 of 12, in the caption of image 2" */
        status = g_strdup_printf (_("%s, %s"), count, where);
      else
        status = g_strdup (count);
    }

  g_free (self->status);
  self->status = status;
  /* The count beside the entry; where the match is on a line of its own,
   * so a narrow window does not cut it off */
  gtk_label_set_label (self->status_label, count != NULL ? count : status);
  if (where != NULL)
    {
      g_autofree char *sentence = g_strdup (where);

      sentence[0] = g_ascii_toupper (sentence[0]);
      gtk_label_set_label (self->where_label, sentence);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->where_label), where != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), status[0] ? status : NULL);
  /* GTK 4.8 has no live regions: the entry describes where it is */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, status,
                                  -1);

  gtk_widget_set_sensitive (GTK_WIDGET (self->replace_one_button), fresh && match != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->replace_all_button), fresh && n > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->previous_button), n > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), n > 0);
}

static void
set_busy (BylineFindBar *self,
          gboolean       busy)
{
  if (self->busy == !!busy)
    return;
  self->busy = !!busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}


/* Highlights */

static void
ensure_tags (GtkTextBuffer *buffer)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);

  if (gtk_text_tag_table_lookup (table, "search-match") != NULL)
    return;

  /* Colours that read on a light and a dark background alike */
  gtk_text_buffer_create_tag (buffer, "search-match",
                              "background-rgba", &(GdkRGBA) { 0.96f, 0.83f, 0.18f, 0.45f },
                              NULL);
  gtk_text_buffer_create_tag (buffer, "search-current",
                              "background-rgba", &(GdkRGBA) { 1.0f, 0.47f, 0.0f, 0.55f },
                              NULL);
}

static void
clear_tags (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  ensure_tags (buffer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "search-match", &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "search-current", &start, &end);
}

/* The line offsets a body match covers in the body's buffer, FALSE when
 * that line no longer shows it */
static gboolean
body_match_range (BylineFindBar           *self,
                  const BylineSearchMatch *match,
                  GtkTextIter             *start,
                  GtkTextIter             *end)
{
  GtkTextBuffer *buffer = body_buffer (self);
  const char *text = byline_article_search_get_text (self->article, match);
  GtkTextIter line_end;
  guint shift = 0;

  if (text == NULL || match->block < 0 || match->block >= gtk_text_buffer_get_line_count (buffer))
    return FALSE;

  /* An attribution follows its quote's text: "⁠  — " (five characters) */
  if (match->field == BYLINE_SEARCH_FIELD_ATTRIBUTION)
    {
      BylineBlock *block = byline_article_get_block (self->article, match->block);

      shift = g_utf8_strlen (byline_block_get_text (block), -1) + 5;
    }

  gtk_text_buffer_get_iter_at_line (buffer, start, match->block);
  line_end = *start;
  if (!gtk_text_iter_ends_line (&line_end))
    gtk_text_iter_forward_to_line_end (&line_end);
  if (shift + match->end > (guint) gtk_text_iter_get_line_offset (&line_end))
    return FALSE;

  *end = *start;
  gtk_text_iter_set_line_offset (start, shift + match->start);
  gtk_text_iter_set_line_offset (end, shift + match->end);
  return TRUE;
}

static GtkTextView *
header_view (BylineFindBar    *self,
             BylineSearchField field)
{
  if (field == BYLINE_SEARCH_FIELD_HEADLINE)
    return byline_article_editor_get_headline_view (self->editor);
  if (field == BYLINE_SEARCH_FIELD_STANDFIRST)
    return byline_article_editor_get_standfirst_view (self->editor);
  return NULL;
}

static void
tag_header_match (BylineFindBar           *self,
                  const BylineSearchMatch *match,
                  const char              *tag)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (header_view (self, match->field));
  GtkTextIter start, end;

  if ((int) match->end > gtk_text_buffer_get_char_count (buffer))
    return;
  gtk_text_buffer_get_iter_at_offset (buffer, &start, match->start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, match->end);
  gtk_text_buffer_apply_tag_by_name (buffer, tag, &start, &end);
}

/* Every match in the headline and standfirst, and those in the lines of
 * the body on screen (a long story can have thousands; tagging them all
 * would cost a walk of the whole buffer) */
static gboolean
update_highlights (gpointer data)
{
  BylineFindBar *self = data;
  GtkTextView *body_view = byline_article_editor_get_body_view (self->editor);
  GtkTextBuffer *buffer = body_buffer (self);
  const BylineSearchMatch *current = current_match (self);
  GdkRectangle visible;
  GtkTextIter top, bottom;
  int first_line, last_line;

  self->highlight_source = 0;

  clear_tags (buffer);
  clear_tags (gtk_text_view_get_buffer (byline_article_editor_get_headline_view (self->editor)));
  clear_tags (gtk_text_view_get_buffer (byline_article_editor_get_standfirst_view (self->editor)));

  if (self->matches == NULL || self->article == NULL || !gtk_search_bar_get_search_mode (self->search_bar))
    return G_SOURCE_REMOVE;

  gtk_text_view_get_visible_rect (body_view, &visible);
  gtk_text_view_get_line_at_y (body_view, &top, visible.y, NULL);
  gtk_text_view_get_line_at_y (body_view, &bottom, visible.y + visible.height, NULL);
  first_line = gtk_text_iter_get_line (&top);
  last_line = gtk_text_iter_get_line (&bottom);

  for (guint i = 0; i < self->matches->len; i++)
    {
      const BylineSearchMatch *match = &g_array_index (self->matches, BylineSearchMatch, i);
      const char *tag = match == current ? "search-current" : "search-match";
      GtkTextIter start, end;

      switch (match->field)
        {
        case BYLINE_SEARCH_FIELD_HEADLINE:
        case BYLINE_SEARCH_FIELD_STANDFIRST:
          tag_header_match (self, match, tag);
          break;

        case BYLINE_SEARCH_FIELD_BODY:
        case BYLINE_SEARCH_FIELD_ATTRIBUTION:
          if ((match->block >= first_line && match->block <= last_line) || match == current)
            if (body_match_range (self, match, &start, &end))
              gtk_text_buffer_apply_tag_by_name (buffer, tag, &start, &end);
          break;

        case BYLINE_SEARCH_FIELD_BYLINE:
        case BYLINE_SEARCH_FIELD_CAPTION:
        case BYLINE_SEARCH_FIELD_CREDIT:
        case BYLINE_SEARCH_FIELD_ALT:
        default:
          break;
        }
    }

  return G_SOURCE_REMOVE;
}

static void
queue_highlights (BylineFindBar *self)
{
  if (self->highlight_source == 0)
    self->highlight_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, update_highlights, self, NULL);
}


/* Showing the current match */

/* Scrolls @widget's scrolled window so that @widget is on screen */
static void
scroll_into_view (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *vadjustment;
  graphene_rect_t bounds;
  double top;

  if (scroller == NULL || !gtk_widget_compute_bounds (widget, scroller, &bounds))
    return;
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  top = bounds.origin.y + gtk_adjustment_get_value (vadjustment);
  gtk_adjustment_clamp_page (vadjustment, top, top + bounds.size.height);
}

/* An image widget's own entry for a field, if it has one: the image
 * widgets name them "caption", "credit" and "alt" */
static GtkWidget *
find_named_editable (GtkWidget  *widget,
                     const char *name)
{
  if (GTK_IS_EDITABLE (widget) && g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named_editable (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
image_field_name (BylineSearchField field)
{
  switch (field)
    {
    case BYLINE_SEARCH_FIELD_CAPTION: return "caption";
    case BYLINE_SEARCH_FIELD_CREDIT:  return "credit";
    case BYLINE_SEARCH_FIELD_ALT:     return "alt";
    default:                          return NULL;
    }
}

/* The widget that shows @match, after bringing it into view and selecting
 * the match in it where it can; NULL when nothing can take focus there */
static GtkWidget *
reveal_match (BylineFindBar           *self,
              const BylineSearchMatch *match)
{
  GtkTextView *body_view = byline_article_editor_get_body_view (self->editor);
  GtkTextBuffer *buffer = body_buffer (self);
  GtkWidget *widget = NULL;
  GtkTextIter start, end;

  switch (match->field)
    {
    case BYLINE_SEARCH_FIELD_HEADLINE:
    case BYLINE_SEARCH_FIELD_STANDFIRST:
      {
        GtkTextView *view = header_view (self, match->field);
        GtkTextBuffer *header = gtk_text_view_get_buffer (view);

        if ((int) match->end <= gtk_text_buffer_get_char_count (header))
          {
            gtk_text_buffer_get_iter_at_offset (header, &start, match->start);
            gtk_text_buffer_get_iter_at_offset (header, &end, match->end);
            gtk_text_buffer_select_range (header, &start, &end);
          }
        scroll_into_view (GTK_WIDGET (view));
        return GTK_WIDGET (view);
      }

    case BYLINE_SEARCH_FIELD_BODY:
    case BYLINE_SEARCH_FIELD_ATTRIBUTION:
      if (!body_match_range (self, match, &start, &end))
        return NULL;
      gtk_text_buffer_select_range (buffer, &start, &end);
      /* A mark, not an iterator: the lines on the way may not be laid out */
      gtk_text_view_scroll_to_mark (body_view, gtk_text_buffer_get_insert (buffer), 0.1, TRUE, 0.0, 0.3);
      return GTK_WIDGET (body_view);

    case BYLINE_SEARCH_FIELD_BYLINE:
      widget = byline_article_editor_get_byline_entry (self->editor);
      break;

    case BYLINE_SEARCH_FIELD_CAPTION:
    case BYLINE_SEARCH_FIELD_CREDIT:
    case BYLINE_SEARCH_FIELD_ALT:
      if (match->block < 0)
        {
          GtkWidget *row;

          widget = byline_article_editor_get_lead_image_entry (self->editor, image_field_name (match->field));
          row = widget != NULL ? gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW) : NULL;
          if (row != NULL)
            adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
        }
      else if (match->block < gtk_text_buffer_get_line_count (buffer))
        {
          GtkTextChildAnchor *anchor;
          GtkTextMark *mark;

          gtk_text_buffer_get_iter_at_line (buffer, &start, match->block);
          gtk_text_buffer_place_cursor (buffer, &start);
          mark = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
          gtk_text_view_scroll_to_mark (body_view, mark, 0.1, TRUE, 0.0, 0.3);
          gtk_text_buffer_delete_mark (buffer, mark);

          anchor = gtk_text_iter_get_child_anchor (&start);
          if (anchor != NULL)
            {
              guint n_widgets = 0;
              g_autofree GtkWidget **widgets = gtk_text_child_anchor_get_widgets (anchor, &n_widgets);

              if (n_widgets > 0)
                widget = find_named_editable (widgets[0], image_field_name (match->field));
            }
          if (widget == NULL)
            return GTK_WIDGET (body_view);
        }
      break;

    default:
      break;
    }

  if (widget == NULL)
    return NULL;
  if (BYLINE_IS_TEXT_ROW (widget))
    {
      /* A spell-checked field (caption, alt text): its text view */
      GtkTextView *view = byline_text_row_get_text_view (BYLINE_TEXT_ROW (widget));
      GtkTextBuffer *field = gtk_text_view_get_buffer (view);

      gtk_text_buffer_get_iter_at_offset (field, &start, match->start);
      gtk_text_buffer_get_iter_at_offset (field, &end, match->end);
      gtk_text_buffer_select_range (field, &start, &end);
      widget = GTK_WIDGET (view);
    }
  else if (GTK_IS_EDITABLE (widget))
    gtk_editable_select_region (GTK_EDITABLE (widget), match->start, match->end);
  scroll_into_view (widget);
  return widget;
}

static void
show_current (BylineFindBar *self)
{
  const BylineSearchMatch *match = current_match (self);

  update_status (self);
  queue_highlights (self);
  if (match != NULL)
    reveal_match (self, match);
}


/* Searching */

static void
clear_results (BylineFindBar *self)
{
  g_clear_pointer (&self->matches, g_array_unref);
  self->current = -1;
}

static void
on_found (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(BylineFindBar) self = user_data;
  g_autoptr(GError) error = NULL;
  GArray *matches;
  gboolean reveal;

  matches = byline_search_source_find_finish (result, &error);
  if (matches == NULL)
    {
      /* A newer search replaced this one: it reports */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Search failed: %s", error->message);
      return;
    }

  reveal = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "byline-reveal"));
  clear_results (self);
  self->matches = matches;
  g_clear_object (&self->cancellable);

  /* The first match at or after the place the journalist is at */
  if (matches->len > 0)
    {
      self->current = 0;
      for (guint i = 0; i < matches->len; i++)
        {
          Place place = match_place (&g_array_index (matches, BylineSearchMatch, i));

          if (place_compare (&place, &self->place) >= 0)
            {
              self->current = i;
              break;
            }
        }
    }

  set_busy (self, FALSE);
  if (reveal)
    show_current (self);
  else
    {
      update_status (self);
      queue_highlights (self);
    }
}

static void
on_found_with_reveal (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_object_set_data (G_OBJECT (result), "byline-reveal", GINT_TO_POINTER (TRUE));
  on_found (source, result, user_data);
}

static BylineSearchFlags
search_flags (BylineFindBar *self)
{
  return gtk_toggle_button_get_active (self->case_button) ? BYLINE_SEARCH_MATCH_CASE : BYLINE_SEARCH_NONE;
}

/* Looks for the entry's text on a worker thread, over a copy of the
 * article's texts made now (or the last copy, if nothing changed since).
 * @reveal: select and scroll to the match found (the journalist asked for
 * it), or only refresh the count (the article changed as they typed). */
static void
start_search (BylineFindBar *self,
              gboolean       reveal)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->research_source, g_source_remove);

  if (self->article == NULL || query[0] == '\0' || !gtk_search_bar_get_search_mode (self->search_bar))
    {
      clear_results (self);
      set_busy (self, FALSE);
      update_status (self);
      queue_highlights (self);
      return;
    }

  if (self->source == NULL
      || byline_search_source_get_revision (self->source) != byline_article_get_revision (self->article))
    {
      g_clear_pointer (&self->source, byline_search_source_unref);
      self->source = byline_search_source_new (self->article);
    }

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  update_status (self);
  byline_search_source_find_async (self->source, query, search_flags (self), self->cancellable,
                                   reveal ? on_found_with_reveal : on_found, g_object_ref (self));
}

static void
on_query_changed (BylineFindBar *self)
{
  const BylineSearchMatch *match = current_match (self);

  /* A longer query keeps to the match it was at, if it still matches */
  if (match != NULL)
    self->place = match_place (match);
  self->last_replaced = 0;
  clear_results (self);
  start_search (self, TRUE);
}

static gboolean
research_cb (gpointer data)
{
  BylineFindBar *self = data;

  self->research_source = 0;
  start_search (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_article_changed (BylineFindBar *self)
{
  const BylineSearchMatch *match = current_match (self);

  if (self->replacing || !gtk_search_bar_get_search_mode (self->search_bar))
    return;
  if (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] == '\0')
    return;

  if (match != NULL)
    self->place = match_place (match);
  g_clear_handle_id (&self->research_source, g_source_remove);
  self->research_source = g_timeout_add (RESEARCH_DELAY_MS, research_cb, self);
  update_status (self);
}

static void
set_article (BylineFindBar *self,
             BylineArticle *article)
{
  if (self->article == article)
    return;

  g_clear_signal_handler (&self->changed_handler, self->article);
  g_set_object (&self->article, article);
  g_clear_pointer (&self->source, byline_search_source_unref);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->research_source, g_source_remove);
  clear_results (self);
  set_busy (self, FALSE);
  self->place = (Place) { -1, 0, 0 };

  if (article != NULL)
    self->changed_handler = g_signal_connect_object (article, "changed",
                                                     G_CALLBACK (on_article_changed), self,
                                                     G_CONNECT_SWAPPED);
  if (gtk_search_bar_get_search_mode (self->search_bar))
    start_search (self, FALSE);
}

static void
on_editor_article (BylineFindBar *self)
{
  set_article (self, byline_article_editor_get_article (self->editor));
}


/* Replacing */

/* The text typed in the replace entry, on one line */
static char *
replacement_text (BylineFindBar *self)
{
  char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->replace_entry)));

  return g_strdelimit (text, "\r\n", ' ');
}

/* Replaces characters [@start, @end) after @base in @buffer the way typing
 * would, so the body buffer keeps its blocks and undo.  The new text goes
 * in after the match's first character, where it takes that character's
 * bold, italic or link; then the old text around it goes. */
static void
replace_in_buffer (GtkTextBuffer *buffer,
                   guint          base,
                   guint          start,
                   guint          end,
                   const char    *replacement)
{
  guint length = g_utf8_strlen (replacement, -1);
  GtkTextIter a, b;

  if (end <= start)
    return;

  if (length == 0)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &a, base + start);
      gtk_text_buffer_get_iter_at_offset (buffer, &b, base + end);
      gtk_text_buffer_delete (buffer, &a, &b);
      return;
    }

  gtk_text_buffer_get_iter_at_offset (buffer, &a, base + start + 1);
  gtk_text_buffer_insert (buffer, &a, replacement, -1);

  if (end - start > 1)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &a, base + start + 1 + length);
      gtk_text_buffer_get_iter_at_offset (buffer, &b, base + end + length);
      gtk_text_buffer_delete (buffer, &a, &b);
    }
  gtk_text_buffer_get_iter_at_offset (buffer, &a, base + start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, base + start + 1);
  gtk_text_buffer_delete (buffer, &a, &b);
}

/* A quote's attribution cannot be typed into: the block changes and the
 * body buffer shows the new one (one undoable step with the rest) */
static void
set_attribution (BylineFindBar *self,
                 int            index,
                 const char    *attribution)
{
  BylineBlock *block = byline_article_get_block (self->article, index);
  g_autoptr(BylineBlock) changed = byline_block_copy (block);

  byline_block_set_attribution (changed, attribution);
  byline_article_splice_body (self->article, index, 1, &changed, 1);
}

/* Replaces @matches[@first .. @last] (all in one field, in order) with
 * @replacement: through the text buffers for the body, headline and
 * standfirst, through the model's setters for the rest */
static void
replace_in_field (BylineFindBar *self,
                  GArray        *matches,
                  guint          first,
                  guint          last,
                  const char    *replacement)
{
  const BylineSearchMatch *match = &g_array_index (matches, BylineSearchMatch, first);
  GtkTextBuffer *buffer = NULL;
  guint base = 0;

  switch (match->field)
    {
    case BYLINE_SEARCH_FIELD_HEADLINE:
    case BYLINE_SEARCH_FIELD_STANDFIRST:
      buffer = gtk_text_view_get_buffer (header_view (self, match->field));
      break;

    case BYLINE_SEARCH_FIELD_BODY:
      {
        GtkTextIter line;

        buffer = body_buffer (self);
        gtk_text_buffer_get_iter_at_line (buffer, &line, match->block);
        base = gtk_text_iter_get_offset (&line);
      }
      break;

    case BYLINE_SEARCH_FIELD_BYLINE:
    case BYLINE_SEARCH_FIELD_ATTRIBUTION:
    case BYLINE_SEARCH_FIELD_CAPTION:
    case BYLINE_SEARCH_FIELD_CREDIT:
    case BYLINE_SEARCH_FIELD_ALT:
    default:
      break;
    }

  if (buffer != NULL)
    {
      gtk_text_buffer_begin_user_action (buffer);
      /* From the end, so the offsets before stay true */
      for (guint i = last + 1; i > first; i--)
        {
          match = &g_array_index (matches, BylineSearchMatch, i - 1);
          replace_in_buffer (buffer, base, match->start, match->end, replacement);
        }
      gtk_text_buffer_end_user_action (buffer);
      return;
    }

  {
    g_autofree char *text = g_strdup (byline_article_search_get_text (self->article, match));

    if (text == NULL)
      return;
    for (guint i = last + 1; i > first; i--)
      {
        char *replaced;

        match = &g_array_index (matches, BylineSearchMatch, i - 1);
        replaced = byline_search_replace_range (text, match->start, match->end, replacement);
        g_free (text);
        text = replaced;
      }

    if (match->field == BYLINE_SEARCH_FIELD_ATTRIBUTION)
      set_attribution (self, match->block, text);
    else
      byline_article_search_set_text (self->article, match, text);
  }
}

static gboolean
same_field (const BylineSearchMatch *a,
            const BylineSearchMatch *b)
{
  return a->field == b->field && a->block == b->block;
}

void
byline_find_bar_replace (BylineFindBar *self)
{
  const BylineSearchMatch *match;
  g_autofree char *replacement = NULL;
  g_autoptr(GArray) one = NULL;

  g_return_if_fail (BYLINE_IS_FIND_BAR (self));

  match = current_match (self);
  if (match == NULL || !results_fresh (self))
    return;

  replacement = replacement_text (self);
  one = g_array_new (FALSE, FALSE, sizeof (BylineSearchMatch));
  g_array_append_vals (one, match, 1);

  self->replacing = TRUE;
  replace_in_field (self, one, 0, 0, replacement);
  self->replacing = FALSE;

  /* On to the next match after the new text */
  self->place = match_place (match);
  self->place.start += g_utf8_strlen (replacement, -1);
  self->navigated = TRUE;
  clear_results (self);
  start_search (self, TRUE);
}

void
byline_find_bar_replace_all (BylineFindBar *self)
{
  g_autofree char *replacement = NULL;
  g_autoptr(GArray) matches = NULL;
  GtkTextBuffer *body;
  guint end;

  g_return_if_fail (BYLINE_IS_FIND_BAR (self));

  if (!results_fresh (self) || self->matches->len == 0)
    return;

  replacement = replacement_text (self);
  matches = g_array_ref (self->matches);
  body = body_buffer (self);

  /* The whole body's part is one step for Ctrl+Z */
  self->replacing = TRUE;
  gtk_text_buffer_begin_user_action (body);
  end = matches->len;
  while (end > 0)
    {
      guint first = end - 1;

      while (first > 0 && same_field (&g_array_index (matches, BylineSearchMatch, first - 1),
                                      &g_array_index (matches, BylineSearchMatch, end - 1)))
        first--;
      replace_in_field (self, matches, first, end - 1, replacement);
      end = first;
    }
  gtk_text_buffer_end_user_action (body);
  self->replacing = FALSE;

  self->last_replaced = matches->len;
  clear_results (self);
  start_search (self, FALSE);
}


/* Opening, closing, moving */

static void
move (BylineFindBar *self,
      int            step)
{
  guint n;

  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      byline_find_bar_open (self, FALSE);
      return;
    }
  if (self->matches == NULL || self->matches->len == 0)
    return;

  n = self->matches->len;
  if (self->current < 0)
    self->current = step > 0 ? 0 : (int) n - 1;
  else
    self->current = (int) ((self->current + n + step) % n);
  self->place = match_place (current_match (self));
  self->navigated = TRUE;
  show_current (self);
}

void
byline_find_bar_next (BylineFindBar *self)
{
  g_return_if_fail (BYLINE_IS_FIND_BAR (self));
  move (self, 1);
}

void
byline_find_bar_previous (BylineFindBar *self)
{
  g_return_if_fail (BYLINE_IS_FIND_BAR (self));
  move (self, -1);
}

/* Where the caret is, as a place in reading order */
static Place
focus_place (BylineFindBar *self,
             GtkWidget     *focus)
{
  Place place = { -1, 0, 0 };
  GtkTextView *views[] = {
    byline_article_editor_get_headline_view (self->editor),
    byline_article_editor_get_standfirst_view (self->editor),
    byline_article_editor_get_body_view (self->editor),
  };

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    if (focus == GTK_WIDGET (views[i]))
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (views[i]);
        GtkTextIter cursor;

        gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
        if (i == 2)
          {
            place.block = gtk_text_iter_get_line (&cursor);
            place.rank = field_rank (BYLINE_SEARCH_FIELD_BODY);
            place.start = gtk_text_iter_get_line_offset (&cursor);
          }
        else
          {
            place.rank = field_rank (i == 0 ? BYLINE_SEARCH_FIELD_HEADLINE : BYLINE_SEARCH_FIELD_STANDFIRST);
            place.start = gtk_text_iter_get_offset (&cursor);
          }
      }
  return place;
}

/* A short selection on one line is what the journalist wants to find */
static char *
selected_text (GtkWidget *focus)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (!GTK_IS_TEXT_VIEW (focus))
    return NULL;
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus));
  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end)
      || gtk_text_iter_get_line (&start) != gtk_text_iter_get_line (&end)
      || gtk_text_iter_get_offset (&end) - gtk_text_iter_get_offset (&start) > 100)
    return NULL;
  text = gtk_text_iter_get_visible_text (&start, &end);
  if (strchr (text, '\n') != NULL || g_utf8_strchr (text, -1, 0xFFFC) != NULL)
    return NULL;
  return g_steal_pointer (&text);
}

void
byline_find_bar_open (BylineFindBar *self,
                      gboolean       replace)
{
  GtkRoot *root;
  GtkWidget *focus = NULL;
  gboolean was_open;

  g_return_if_fail (BYLINE_IS_FIND_BAR (self));

  was_open = gtk_search_bar_get_search_mode (self->search_bar);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (root != NULL)
    focus = gtk_root_get_focus (root);

  /* Remember where the journalist was, unless that is the bar itself */
  if (focus != NULL && !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    {
      g_autofree char *selection = selected_text (focus);

      g_set_weak_pointer (&self->return_focus, focus);
      self->place = focus_place (self, focus);
      if (selection != NULL && selection[0] != '\0')
        gtk_editable_set_text (GTK_EDITABLE (self->search_entry), selection);
    }

  if (replace)
    gtk_toggle_button_set_active (self->replace_button, TRUE);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  self->navigated = FALSE;

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);

  if (!was_open)
    start_search (self, TRUE);
}

void
byline_find_bar_close (BylineFindBar *self)
{
  const BylineSearchMatch *match;
  GtkWidget *target = NULL;

  g_return_if_fail (BYLINE_IS_FIND_BAR (self));

  if (!gtk_search_bar_get_search_mode (self->search_bar))
    return;

  /* Back where the journalist was; or, having gone to a match, there */
  match = current_match (self);
  if (self->navigated && match != NULL && results_fresh (self))
    target = reveal_match (self, match);
  if (target == NULL)
    target = self->return_focus;
  if (target == NULL || !gtk_widget_get_mapped (target))
    target = GTK_WIDGET (byline_article_editor_get_body_view (self->editor));

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->research_source, g_source_remove);
  set_busy (self, FALSE);
  clear_results (self);
  update_status (self);
  update_highlights (self);
  g_clear_handle_id (&self->highlight_source, g_source_remove);

  gtk_widget_grab_focus (target);
}

gboolean
byline_find_bar_is_open (BylineFindBar *self)
{
  g_return_val_if_fail (BYLINE_IS_FIND_BAR (self), FALSE);
  return gtk_search_bar_get_search_mode (self->search_bar);
}

static void
on_replace_toggled (BylineFindBar *self)
{
  gboolean active = gtk_toggle_button_get_active (self->replace_button);

  gtk_widget_set_visible (self->replace_row, active);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->replace_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  active ? _("Hide replace") : _("Show replace"),
                                  -1);
  if (active && gtk_search_bar_get_search_mode (self->search_bar))
    gtk_widget_grab_focus (GTK_WIDGET (self->replace_entry));
}

static void
on_case_toggled (BylineFindBar *self)
{
  on_query_changed (self);
}

static gboolean
on_search_key (BylineFindBar         *self,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
      && (state & GDK_SHIFT_MASK) != 0)
    {
      byline_find_bar_previous (self);
      return TRUE;
    }
  return FALSE;
}

static void
on_scrolled (BylineFindBar *self)
{
  if (self->matches != NULL)
    queue_highlights (self);
}

static void
byline_find_bar_dispose (GObject *object)
{
  BylineFindBar *self = (BylineFindBar *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->research_source, g_source_remove);
  g_clear_handle_id (&self->highlight_source, g_source_remove);
  g_clear_signal_handler (&self->changed_handler, self->article);
  g_clear_weak_pointer (&self->return_focus);
  g_clear_object (&self->article);
  g_clear_pointer (&self->source, byline_search_source_unref);
  clear_results (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_FIND_BAR);

  G_OBJECT_CLASS (byline_find_bar_parent_class)->dispose (object);
}

static void
byline_find_bar_finalize (GObject *object)
{
  BylineFindBar *self = (BylineFindBar *)object;

  g_free (self->status);

  G_OBJECT_CLASS (byline_find_bar_parent_class)->finalize (object);
}

static void
byline_find_bar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BylineFindBar *self = BYLINE_FIND_BAR (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  byline_find_bar_close (BYLINE_FIND_BAR (widget));
}

static void
byline_find_bar_class_init (BylineFindBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_find_bar_dispose;
  object_class->finalize = byline_find_bar_finalize;
  object_class->get_property = byline_find_bar_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/byline/Byline/byline-find-bar.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "findbar");

  gtk_widget_class_bind_template_child (widget_class, BylineFindBar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, BylineFindBar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BylineFindBar, status_label);
  gtk_widget_class_bind_template_child (widget_class, BylineFindBar, where_label);
  gtk_widget_class_bind_template_child (widget_class, BylineFindBar, previous_button);
  gtk_widget_class_bind_template_child (widget_class, BylineFindBar, next_button);
  gtk_widget_class_bind_template_child (widget_class, BylineFindBar, case_button);
  gtk_widget_class_bind_template_child (widget_class, BylineFindBar, replace_button);
  gtk_widget_class_bind_template_child (widget_class, BylineFindBar, close_button);
  gtk_widget_class_bind_template_child (widget_class, BylineFindBar, replace_row);
  gtk_widget_class_bind_template_child (widget_class, BylineFindBar, replace_entry);
  gtk_widget_class_bind_template_child (widget_class, BylineFindBar, replace_one_button);
  gtk_widget_class_bind_template_child (widget_class, BylineFindBar, replace_all_button);

  /* Escape anywhere in the bar (the search entry has its own) */
  gtk_widget_class_install_action (widget_class, "find-bar.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "find-bar.close", NULL);
}

static void
byline_find_bar_init (BylineFindBar *self)
{
  GtkEventController *keys;

  g_type_ensure (ADW_TYPE_CLAMP);
  gtk_widget_init_template (GTK_WIDGET (self));
  byline_a11y_fix_mnemonic_buttons (GTK_WIDGET (self));
  self->current = -1;
  self->place = (Place) { -1, 0, 0 };

  /* Not gtk_search_bar_connect_entry(): the bar would close itself on
   * Escape before we could give the focus back */
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (on_query_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate",
                           G_CALLBACK (byline_find_bar_next), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "next-match",
                           G_CALLBACK (byline_find_bar_next), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "previous-match",
                           G_CALLBACK (byline_find_bar_previous), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search",
                           G_CALLBACK (byline_find_bar_close), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->case_button, "toggled",
                           G_CALLBACK (on_case_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->replace_button, "toggled",
                           G_CALLBACK (on_replace_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->close_button, "clicked",
                           G_CALLBACK (byline_find_bar_close), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->replace_entry, "activate",
                           G_CALLBACK (byline_find_bar_replace), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->replace_one_button, "clicked",
                           G_CALLBACK (byline_find_bar_replace), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->replace_all_button, "clicked",
                           G_CALLBACK (byline_find_bar_replace_all), self, G_CONNECT_SWAPPED);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_search_key), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  update_status (self);
}

GtkWidget *
byline_find_bar_new (BylineArticleEditor *editor)
{
  BylineFindBar *self;
  GtkAdjustment *vadjustment;

  g_return_val_if_fail (BYLINE_IS_ARTICLE_EDITOR (editor), NULL);

  self = g_object_new (BYLINE_TYPE_FIND_BAR, NULL);
  self->editor = editor;

  g_signal_connect_object (editor, "notify::article",
                           G_CALLBACK (on_editor_article), self, G_CONNECT_SWAPPED);
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (byline_article_editor_get_body_view (editor)));
  if (vadjustment != NULL)
    g_signal_connect_object (vadjustment, "value-changed",
                             G_CALLBACK (on_scrolled), self, G_CONNECT_SWAPPED);
  set_article (self, byline_article_editor_get_article (editor));

  return GTK_WIDGET (self);
}

gboolean
byline_find_bar_get_busy (BylineFindBar *self)
{
  g_return_val_if_fail (BYLINE_IS_FIND_BAR (self), FALSE);
  return self->busy;
}

guint
byline_find_bar_get_n_matches (BylineFindBar *self)
{
  g_return_val_if_fail (BYLINE_IS_FIND_BAR (self), 0);
  return self->matches != NULL ? self->matches->len : 0;
}

int
byline_find_bar_get_current (BylineFindBar *self)
{
  g_return_val_if_fail (BYLINE_IS_FIND_BAR (self), -1);
  return current_match (self) != NULL ? self->current : -1;
}

const BylineSearchMatch *
byline_find_bar_get_match (BylineFindBar *self,
                           guint          index)
{
  g_return_val_if_fail (BYLINE_IS_FIND_BAR (self), NULL);
  if (self->matches == NULL || index >= self->matches->len)
    return NULL;
  return &g_array_index (self->matches, BylineSearchMatch, index);
}

const char *
byline_find_bar_get_status (BylineFindBar *self)
{
  g_return_val_if_fail (BYLINE_IS_FIND_BAR (self), NULL);
  return self->status ? self->status : "";
}

GtkEditable *
byline_find_bar_get_search_entry (BylineFindBar *self)
{
  g_return_val_if_fail (BYLINE_IS_FIND_BAR (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

GtkEditable *
byline_find_bar_get_replace_entry (BylineFindBar *self)
{
  g_return_val_if_fail (BYLINE_IS_FIND_BAR (self), NULL);
  return GTK_EDITABLE (self->replace_entry);
}

GtkToggleButton *
byline_find_bar_get_case_button (BylineFindBar *self)
{
  g_return_val_if_fail (BYLINE_IS_FIND_BAR (self), NULL);
  return self->case_button;
}
