/* byline-conflict-window.c: choosing between the journalist's and the site's changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-conflict-window"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-a11y.h"
#include "byline-conflict-window.h"

/* Narrower than this, the three versions stack instead of standing side by side */
#define STACK_BELOW_WIDTH 720

typedef struct
{
  BylineMergeConflict *conflict;
  GtkTextBuffer       *merged;
  GtkWidget           *columns;
} ConflictRow;

struct _BylineConflictWindow
{
  AdwWindow        parent_instance;

  BylineMerge     *merge;
  GPtrArray       *rows;        /* ConflictRow */
  GtkOrientation   orientation;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkBox          *conflict_box;
  GtkLabel        *intro_label;
  GtkButton       *save_button;
};

G_DEFINE_FINAL_TYPE (BylineConflictWindow, byline_conflict_window, ADW_TYPE_WINDOW)

enum {
  RESOLVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
conflict_row_free (gpointer data)
{
  ConflictRow *row = data;

  g_clear_object (&row->conflict);
  g_clear_object (&row->merged);
  g_free (row);
}

static void
use_side (ConflictRow *row,
          gboolean     mine)
{
  const char *text = mine ? byline_merge_conflict_get_mine (row->conflict)
                          : byline_merge_conflict_get_theirs (row->conflict);

  gtk_text_buffer_set_text (row->merged, text ? text : "", -1);
}

static void
on_use_mine (GtkButton   *button,
             ConflictRow *row)
{
  use_side (row, TRUE);
}

static void
on_use_theirs (GtkButton   *button,
               ConflictRow *row)
{
  use_side (row, FALSE);
}

static GtkWidget *
make_column (const char    *title,
             const char    *a11y_label,
             GtkTextBuffer *buffer,
             gboolean       editable,
             gboolean       removed)
{
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *caption = gtk_label_new (title);
  GtkWidget *view = gtk_text_view_new_with_buffer (buffer);
  GtkWidget *frame = gtk_frame_new (NULL);

  gtk_widget_set_hexpand (column, TRUE);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "caption-heading");
  if (!editable)
    gtk_widget_add_css_class (caption, "dim-label");
  gtk_box_append (GTK_BOX (column), caption);

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), editable);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), editable);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_widget_set_size_request (view, -1, 96);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y_label,
                                  GTK_ACCESSIBLE_PROPERTY_READ_ONLY, !editable,
                                  -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_box_append (GTK_BOX (column), frame);

  if (removed)
    {
      GtkWidget *note = gtk_label_new (_("Removed on this side"));

      gtk_label_set_xalign (GTK_LABEL (note), 0);
      gtk_widget_add_css_class (note, "caption");
      gtk_widget_add_css_class (note, "dim-label");
      gtk_box_append (GTK_BOX (column), note);
    }

  return column;
}

static GtkWidget *
make_conflict (BylineConflictWindow *self,
               ConflictRow          *row)
{
  BylineMergeConflict *conflict = row->conflict;
  const char *label = byline_merge_conflict_get_label (conflict);
  const char *mine = byline_merge_conflict_get_mine (conflict);
  const char *theirs = byline_merge_conflict_get_theirs (conflict);
  g_autoptr(GtkTextBuffer) mine_buffer = gtk_text_buffer_new (NULL);
  g_autoptr(GtkTextBuffer) theirs_buffer = gtk_text_buffer_new (NULL);
  g_autofree char *mine_a11y = g_strdup_printf (_("Mine: %s"), label);
  g_autofree char *theirs_a11y = g_strdup_printf (_("Theirs: %s"), label);
  g_autofree char *merged_a11y = g_strdup_printf (_("Merged: %s"), label);
  g_autofree char *mine_button_a11y = g_strdup_printf (_("Use mine for %s"), label);
  g_autofree char *theirs_button_a11y = g_strdup_printf (_("Use theirs for %s"), label);
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (label);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *use_mine = gtk_button_new_with_mnemonic (_("Use _Mine"));
  GtkWidget *use_theirs = gtk_button_new_with_mnemonic (_("Use _Theirs"));

  gtk_text_buffer_set_text (mine_buffer, mine ? mine : "", -1);
  gtk_text_buffer_set_text (theirs_buffer, theirs ? theirs : "", -1);
  row->merged = gtk_text_buffer_new (NULL);
  gtk_text_buffer_set_text (row->merged, mine ? mine : "", -1);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "title-4");
  gtk_box_append (GTK_BOX (top), title);

  gtk_widget_add_css_class (buttons, "linked");
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (use_mine),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, mine_button_a11y, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (use_theirs),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, theirs_button_a11y, -1);
  g_signal_connect (use_mine, "clicked", G_CALLBACK (on_use_mine), row);
  g_signal_connect (use_theirs, "clicked", G_CALLBACK (on_use_theirs), row);
  gtk_box_append (GTK_BOX (buttons), use_mine);
  gtk_box_append (GTK_BOX (buttons), use_theirs);
  gtk_box_append (GTK_BOX (top), buttons);
  gtk_box_append (GTK_BOX (section), top);

  row->columns = gtk_box_new (self->orientation, 12);
  gtk_box_set_homogeneous (GTK_BOX (row->columns), TRUE);
  gtk_box_append (GTK_BOX (row->columns),
                  make_column (_("Mine"), mine_a11y, mine_buffer, FALSE, mine == NULL));
  gtk_box_append (GTK_BOX (row->columns),
                  make_column (_("Theirs (on the site)"), theirs_a11y, theirs_buffer, FALSE, theirs == NULL));
  gtk_box_append (GTK_BOX (row->columns),
                  make_column (_("Merged"), merged_a11y, row->merged, TRUE, FALSE));
  gtk_box_append (GTK_BOX (section), row->columns);

  return section;
}

BylineArticle *
byline_conflict_window_build_result (BylineConflictWindow  *self,
                                     GError               **error)
{
  g_return_val_if_fail (BYLINE_IS_CONFLICT_WINDOW (self), NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      ConflictRow *row = g_ptr_array_index (self->rows, i);
      const char *mine = byline_merge_conflict_get_mine (row->conflict);
      const char *theirs = byline_merge_conflict_get_theirs (row->conflict);
      g_autofree char *text = NULL;
      GtkTextIter start, end;
      BylineMergeChoice choice;

      gtk_text_buffer_get_bounds (row->merged, &start, &end);
      text = gtk_text_buffer_get_text (row->merged, &start, &end, FALSE);

      /* The side's own value where the text is that side's: for a field
       * that is not text (a status, a removed block) it is the only way */
      if (g_strcmp0 (text, mine ? mine : "") == 0)
        choice = BYLINE_MERGE_CHOICE_MINE;
      else if (g_strcmp0 (text, theirs ? theirs : "") == 0)
        choice = BYLINE_MERGE_CHOICE_THEIRS;
      else
        choice = BYLINE_MERGE_CHOICE_CUSTOM;

      if (!byline_merge_try_resolve (self->merge, row->conflict, choice, text, error))
        return NULL;
    }

  return g_object_ref (byline_merge_get_result (self->merge));
}

static void
on_save_clicked (BylineConflictWindow *self,
                 GtkButton            *button)
{
  g_autoptr(BylineArticle) result = NULL;
  g_autoptr(GError) error = NULL;

  result = byline_conflict_window_build_result (self, &error);
  if (result == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
      return;
    }

  g_signal_emit (self, signals[RESOLVED], 0, result);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
byline_conflict_window_size_allocate (GtkWidget *widget,
                                      int        width,
                                      int        height,
                                      int        baseline)
{
  BylineConflictWindow *self = BYLINE_CONFLICT_WINDOW (widget);
  GtkOrientation orientation = width < STACK_BELOW_WIDTH ? GTK_ORIENTATION_VERTICAL
                                                          : GTK_ORIENTATION_HORIZONTAL;

  if (orientation != self->orientation)
    {
      self->orientation = orientation;
      for (guint i = 0; i < self->rows->len; i++)
        {
          ConflictRow *row = g_ptr_array_index (self->rows, i);

          gtk_orientable_set_orientation (GTK_ORIENTABLE (row->columns), orientation);
        }
    }

  GTK_WIDGET_CLASS (byline_conflict_window_parent_class)->size_allocate (widget, width, height, baseline);
}

static void
byline_conflict_window_dispose (GObject *object)
{
  BylineConflictWindow *self = (BylineConflictWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_CONFLICT_WINDOW);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->merge);

  G_OBJECT_CLASS (byline_conflict_window_parent_class)->dispose (object);
}

static void
byline_conflict_window_class_init (BylineConflictWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_conflict_window_dispose;
  widget_class->size_allocate = byline_conflict_window_size_allocate;

  signals[RESOLVED] =
    g_signal_new ("resolved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BYLINE_TYPE_ARTICLE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/byline/Byline/byline-conflict-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BylineConflictWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BylineConflictWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BylineConflictWindow, conflict_box);
  gtk_widget_class_bind_template_child (widget_class, BylineConflictWindow, intro_label);
  gtk_widget_class_bind_template_child (widget_class, BylineConflictWindow, save_button);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
byline_conflict_window_init (BylineConflictWindow *self)
{
  g_type_ensure (ADW_TYPE_CLAMP);
  gtk_widget_init_template (GTK_WIDGET (self));
  byline_a11y_fix_mnemonic_buttons (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->rows = g_ptr_array_new_with_free_func (conflict_row_free);
  self->orientation = GTK_ORIENTATION_HORIZONTAL;
  g_signal_connect_object (self->save_button, "clicked",
                           G_CALLBACK (on_save_clicked), self, G_CONNECT_SWAPPED);
}

GtkWidget *
byline_conflict_window_new (GtkWindow     *parent,
                            BylineArticle *base,
                            BylineArticle *mine,
                            BylineArticle *theirs)
{
  BylineConflictWindow *self;
  GListModel *conflicts;
  guint n;
  g_autofree char *subtitle = NULL;
  g_autofree char *counted = NULL;
  const char *headline;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BYLINE_IS_ARTICLE (base), NULL);
  g_return_val_if_fail (BYLINE_IS_ARTICLE (mine), NULL);
  g_return_val_if_fail (BYLINE_IS_ARTICLE (theirs), NULL);

  self = g_object_new (BYLINE_TYPE_CONFLICT_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->merge = byline_merge_new (base, mine, theirs);

  /* The model shrinks as conflicts are resolved: keep our own list */
  conflicts = byline_merge_get_conflicts (self->merge);
  n = g_list_model_get_n_items (conflicts);
  for (guint i = 0; i < n; i++)
    {
      ConflictRow *row = g_new0 (ConflictRow, 1);

      row->conflict = g_list_model_get_item (conflicts, i);
      g_ptr_array_add (self->rows, row);
    }
  for (guint i = 0; i < self->rows->len; i++)
    gtk_box_append (self->conflict_box, make_conflict (self, g_ptr_array_index (self->rows, i)));

  headline = byline_article_get_headline (mine);
  adw_window_title_set_subtitle (self->window_title,
                                 headline && *headline ? headline : _("Untitled article"));
  counted = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u part of this article was changed both by you and on the site.",
                                          "%u parts of this article were changed both by you and on the site.",
                                          n),
                             n);
  subtitle = g_strconcat (counted, " ",
                          _("Choose what each should say: everything else was merged already. Nothing is sent to the site until you save."),
                          NULL);
  gtk_label_set_label (self->intro_label, subtitle);

  return GTK_WIDGET (self);
}

BylineMerge *
byline_conflict_window_get_merge (BylineConflictWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_CONFLICT_WINDOW (self), NULL);
  return self->merge;
}

guint
byline_conflict_window_get_n_conflicts (BylineConflictWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_CONFLICT_WINDOW (self), 0);
  return self->rows->len;
}
