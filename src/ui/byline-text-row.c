/* byline-text-row.c: a boxed-list row that edits one paragraph of text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-text-row"

#include "config.h"

#include "byline-text-row.h"
#include "byline-text-view-fit.h"

struct _BylineTextRow
{
  AdwPreferencesRow  parent_instance;

  GtkWidget         *header;
  GtkWidget         *title;
  GtkTextView       *view;
  GtkTextBuffer     *buffer;
  GtkWidget         *edit_icon;
  GtkWidget         *suffixes;
  char              *text;
  guint              relayout_source;
  guint              relayout_tries;

  guint              setting : 1;
  guint              editing : 1;   /* the text has the focus */
};

G_DEFINE_FINAL_TYPE (BylineTextRow, byline_text_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_break (gunichar c)
{
  return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
}

static gboolean
has_break (const char *text,
           int         len)
{
  for (const char *p = text; p < text + len; p = g_utf8_next_char (p))
    if (is_break (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* Each run of line breaks becomes one space; a run at either end goes
 * where the buffer already has a space (or ends) there, so a pasted line
 * with its newline adds no stray space */
static char *
one_paragraph (const char *text,
               int         len,
               gboolean    space_before,
               gboolean    space_after)
{
  GString *out = g_string_sized_new (len);
  gboolean in_break = FALSE;

  for (const char *p = text; p < text + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_break (c))
        {
          in_break = TRUE;
          continue;
        }
      if (in_break && (out->len > 0 || !space_before))
        g_string_append_c (out, ' ');
      in_break = FALSE;
      g_string_append_unichar (out, c);
    }
  if (in_break && !space_after && (out->len > 0 || !space_before))
    g_string_append_c (out, ' ');
  return g_string_free (out, FALSE);
}

/* Text put into an empty field as it appears was wrapped at no width at
 * all, and the row stayed as tall as a letter per line: whenever the
 * view appears, let it fit its text for the next half second */
static gboolean
relayout_view (gpointer data)
{
  BylineTextRow *self = data;

  byline_text_view_refit (self->view);
  if (++self->relayout_tries < 10)
    return G_SOURCE_CONTINUE;
  self->relayout_source = 0;
  return G_SOURCE_REMOVE;
}

static void
restart_relayout (BylineTextRow *self)
{
  self->relayout_tries = 0;
  if (self->relayout_source == 0)
    self->relayout_source = g_timeout_add (50, relayout_view, self);
}

/* As an entry row: an empty field not being edited shows only its title,
 * full size; otherwise the title is small above the text.  Being edited
 * shows the outline and hides the edit icon. */
static void
update_state (BylineTextRow *self)
{
  gboolean editing = self->editing;
  gboolean empty = self->text[0] == '\0' && !editing;

  gtk_widget_set_visible (GTK_WIDGET (self->view), !empty);
  gtk_widget_set_visible (self->edit_icon, !editing);
  if (empty)
    {
      gtk_widget_remove_css_class (self->title, "subtitle");
      gtk_widget_add_css_class (self->title, "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (self->title, "dim-label");
      gtk_widget_add_css_class (self->title, "subtitle");
    }
  if (editing)
    gtk_widget_add_css_class (GTK_WIDGET (self), "focused");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "focused");
}

static void
on_focus_changed (BylineTextRow           *self,
                  GParamSpec              *pspec,
                  GtkEventControllerFocus *controller)
{
  self->editing = gtk_event_controller_focus_is_focus (controller);
  update_state (self);
}

static void
on_insert_text (BylineTextRow *self,
                GtkTextIter   *location,
                const char    *text,
                int            len,
                GtkTextBuffer *buffer)
{
  g_autofree char *line = NULL;
  GtkTextIter before = *location;
  gboolean space_before, space_after;

  /* A value given with set_text() is shown as it is */
  if (self->setting || !has_break (text, len))
    return;

  space_before = !gtk_text_iter_backward_char (&before) || g_unichar_isspace (gtk_text_iter_get_char (&before));
  space_after = gtk_text_iter_is_end (location) || g_unichar_isspace (gtk_text_iter_get_char (location));
  line = one_paragraph (text, len, space_before, space_after);

  /* The same insertion, without the breaks: undo and the spell checker
   * see only this one */
  g_signal_stop_emission_by_name (buffer, "insert-text");
  g_signal_handlers_block_by_func (buffer, on_insert_text, self);
  gtk_text_buffer_insert (buffer, location, line, -1);
  g_signal_handlers_unblock_by_func (buffer, on_insert_text, self);
}

static void
on_buffer_changed (BylineTextRow *self)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  /* set_text() says it once, when done */
  if (self->setting)
    return;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  text = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
  if (g_strcmp0 (text, self->text) == 0)
    return;
  g_free (self->text);
  self->text = g_steal_pointer (&text);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

/* One paragraph: Enter goes on to the next field, Shift+Enter back */
static gboolean
on_key_pressed (BylineTextRow         *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  GtkRoot *root;

  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (root != NULL)
    gtk_widget_child_focus (GTK_WIDGET (root),
                            (state & GDK_SHIFT_MASK) ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);
  return TRUE;
}

/* A click on the title or the row's padding edits the text, as in an
 * entry row; the text view and the suffixes take their own clicks */
static void
on_pressed (BylineTextRow *self,
            int            n_press,
            double         x,
            double         y,
            GtkGesture    *gesture)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);

  if (picked != NULL && picked != GTK_WIDGET (self) && picked != self->header
      && picked != self->title && picked != gtk_widget_get_parent (self->title)
      && picked != self->edit_icon)
    {
      gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
}

const char *
byline_text_row_get_text (BylineTextRow *self)
{
  g_return_val_if_fail (BYLINE_IS_TEXT_ROW (self), NULL);

  return self->text;
}

void
byline_text_row_set_text (BylineTextRow *self,
                          const char    *text)
{
  g_return_if_fail (BYLINE_IS_TEXT_ROW (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (text, self->text) == 0)
    return;

  /* Not an undo step: the journalist's Ctrl+Z never brings back what an
   * edit elsewhere (the body, the model) replaced */
  self->setting = TRUE;
  gtk_text_buffer_begin_irreversible_action (self->buffer);
  gtk_text_buffer_set_text (self->buffer, text, -1);
  gtk_text_buffer_end_irreversible_action (self->buffer);
  self->setting = FALSE;

  g_free (self->text);
  self->text = g_strdup (text);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

GtkTextView *
byline_text_row_get_text_view (BylineTextRow *self)
{
  g_return_val_if_fail (BYLINE_IS_TEXT_ROW (self), NULL);

  return self->view;
}

void
byline_text_row_add_suffix (BylineTextRow *self,
                            GtkWidget     *widget)
{
  g_return_if_fail (BYLINE_IS_TEXT_ROW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_box_append (GTK_BOX (self->suffixes), widget);
  gtk_widget_set_visible (self->suffixes, TRUE);
}

static gboolean
byline_text_row_grab_focus (GtkWidget *widget)
{
  BylineTextRow *self = BYLINE_TEXT_ROW (widget);

  gtk_widget_set_visible (GTK_WIDGET (self->view), TRUE);
  if (gtk_widget_grab_focus (GTK_WIDGET (self->view)))
    return TRUE;
  update_state (self);
  return FALSE;
}

/* The row never takes the focus itself: Tab goes straight into the text,
 * then to the suffixes, Shift+Tab the other way.  An empty text is hidden
 * (and so unmapped, out of GTK's own focus chain) until it gets the focus:
 * it is given the focus here by hand. */
static gboolean
byline_text_row_focus (GtkWidget        *widget,
                       GtkDirectionType  direction)
{
  BylineTextRow *self = BYLINE_TEXT_ROW (widget);
  gboolean in_view = gtk_widget_has_focus (GTK_WIDGET (self->view));
  gboolean inside = gtk_widget_get_focus_child (widget) != NULL;
  gboolean forward = direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_DOWN
                     || direction == GTK_DIR_RIGHT;

  if (!inside && forward)
    return byline_text_row_grab_focus (widget);
  if (gtk_widget_child_focus (self->header, direction))
    return TRUE;
  if (!in_view && !forward)
    return byline_text_row_grab_focus (widget);
  return FALSE;
}

static void
byline_text_row_finalize (GObject *object)
{
  BylineTextRow *self = (BylineTextRow *)object;

  g_free (self->text);

  G_OBJECT_CLASS (byline_text_row_parent_class)->finalize (object);
}

static void
byline_text_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BylineTextRow *self = BYLINE_TEXT_ROW (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_text_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BylineTextRow *self = BYLINE_TEXT_ROW (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      byline_text_row_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_text_row_dispose (GObject *object)
{
  BylineTextRow *self = BYLINE_TEXT_ROW (object);

  g_clear_handle_id (&self->relayout_source, g_source_remove);

  G_OBJECT_CLASS (byline_text_row_parent_class)->dispose (object);
}

static void
byline_text_row_class_init (BylineTextRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_text_row_dispose;
  object_class->finalize = byline_text_row_finalize;
  object_class->get_property = byline_text_row_get_property;
  object_class->set_property = byline_text_row_set_property;

  widget_class->focus = byline_text_row_focus;
  widget_class->grab_focus = byline_text_row_grab_focus;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
byline_text_row_init (BylineTextRow *self)
{
  GtkEventController *controller;
  GtkWidget *title_box;

  self->text = g_strdup ("");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  /* libadwaita's own look for entry rows, outline and all */
  gtk_widget_add_css_class (GTK_WIDGET (self), "entry");
  gtk_widget_add_css_class (GTK_WIDGET (self), "text-row");

  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->header, "header");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), self->header);

  title_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (title_box, "title");
  gtk_widget_set_hexpand (title_box, TRUE);
  gtk_widget_set_valign (title_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->header), title_box);

  self->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->title, "subtitle");
  gtk_widget_set_can_target (self->title, FALSE);
  g_object_bind_property (self, "title", self->title, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "use-markup", self->title, "use-markup", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (title_box), self->title);

  self->view = GTK_TEXT_VIEW (gtk_text_view_new ());
  self->buffer = gtk_text_view_get_buffer (self->view);
  gtk_text_view_set_wrap_mode (self->view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->view, FALSE);
  /* The card's background, not a view's */
  gtk_widget_remove_css_class (GTK_WIDGET (self->view), "view");
  gtk_widget_set_hexpand (GTK_WIDGET (self->view), TRUE);
  gtk_box_append (GTK_BOX (title_box), GTK_WIDGET (self->view));

  /* Named by the title until the owner names it better; Enter adds no
   * line, so it is a single-line field to a screen reader */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, FALSE, -1);

  self->edit_icon = gtk_image_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_add_css_class (self->edit_icon, "edit-icon");
  gtk_widget_set_valign (self->edit_icon, GTK_ALIGN_CENTER);
  gtk_widget_set_can_target (self->edit_icon, FALSE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->edit_icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (GTK_BOX (self->header), self->edit_icon);

  self->suffixes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->suffixes, "suffixes");
  gtk_widget_set_visible (self->suffixes, FALSE);
  gtk_box_append (GTK_BOX (self->header), self->suffixes);

  update_state (self);

  g_signal_connect_swapped (self->view, "map", G_CALLBACK (restart_relayout), self);
  g_signal_connect_object (self->buffer, "insert-text", G_CALLBACK (on_insert_text), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "changed", G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "notify::is-focus", G_CALLBACK (on_focus_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  g_signal_connect_swapped (controller, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

GtkWidget *
byline_text_row_new (void)
{
  return g_object_new (BYLINE_TYPE_TEXT_ROW, NULL);
}
