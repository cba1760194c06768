/* byline-schedule-row.c: when a scheduled story should be published
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-schedule-row"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-schedule-row.h"

#define DEFAULT_HOUR 9

struct _BylineScheduleRow
{
  GtkWidget      parent_instance;

  BylineArticle *article;

  GtkWidget     *box;
  GtkWidget     *button;
  GtkWidget     *button_label;
  GtkCalendar   *calendar;
  GtkSpinButton *hour;
  GtkSpinButton *minute;
  GtkWidget     *zone_label;

  guint          syncing : 1;
};

G_DEFINE_FINAL_TYPE (BylineScheduleRow, byline_schedule_row, GTK_TYPE_WIDGET)

/* The article's time shown in the journalist's zone, or nothing picked. */
static void
show_time (BylineScheduleRow *self)
{
  GDateTime *when = self->article != NULL ? byline_article_get_scheduled_for (self->article) : NULL;
  g_autoptr(GDateTime) local = when != NULL ? g_date_time_to_local (when) : NULL;

  self->syncing = TRUE;
  if (local != NULL)
    {
      /* Translators: the publication time on its button, strftime format */
      g_autofree char *text = g_date_time_format (local, _("%-d %B %Y, %H:%M"));

      gtk_label_set_text (GTK_LABEL (self->button_label), text);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->button_label), _("Set when it goes out"));

  /* The popover's part, once it is made (when first opened) */
  if (self->calendar != NULL)
    {
      g_autoptr(GDateTime) shown = local != NULL ? g_date_time_ref (local) : g_date_time_new_now_local ();
      g_autofree char *zone = g_date_time_format (shown, "%Z");

      if (local != NULL)
        {
          gtk_calendar_select_day (self->calendar, local);
          gtk_spin_button_set_value (self->hour, g_date_time_get_hour (local));
          gtk_spin_button_set_value (self->minute, g_date_time_get_minute (local));
        }
      gtk_label_set_text (GTK_LABEL (self->zone_label), zone);
    }
  self->syncing = FALSE;
}

static void
update_visible (BylineScheduleRow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self),
                          self->article != NULL &&
                          byline_article_get_status (self->article) == BYLINE_ARTICLE_STATUS_SCHEDULED);
}

/* Calendar day + hour + minute, in the local zone, to the article. */
static void
on_picked (BylineScheduleRow *self)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (self->syncing || self->article == NULL)
    return;

  day = gtk_calendar_get_date (self->calendar);
  zone = g_time_zone_new_local ();
  local = g_date_time_new (zone,
                           g_date_time_get_year (day),
                           g_date_time_get_month (day),
                           g_date_time_get_day_of_month (day),
                           gtk_spin_button_get_value_as_int (self->hour),
                           gtk_spin_button_get_value_as_int (self->minute),
                           0);
  if (local == NULL)
    return;
  byline_article_set_scheduled_for (self->article, local);
}

static GtkWidget *
labelled_spin (double      max,
               const char *accessible_label)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (spin), GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_tooltip_text (spin, accessible_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  return spin;
}

/* Two digits, as a clock shows them. */
static gboolean
on_spin_output (GtkSpinButton *spin,
                gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static void
byline_schedule_row_dispose (GObject *object)
{
  BylineScheduleRow *self = BYLINE_SCHEDULE_ROW (object);

  byline_schedule_row_set_article (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (byline_schedule_row_parent_class)->dispose (object);
}

static void
byline_schedule_row_class_init (BylineScheduleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_schedule_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "schedulerow");
}

/* The popover: the day, then the time.  Made when the button first opens
 * it: a GtkCalendar is a tenth of the window's start-up otherwise, for a
 * row that shows only on scheduled stories. */
static void
build_popover (GtkMenuButton *button,
               gpointer       user_data)
{
  BylineScheduleRow *self = user_data;
  GtkWidget *popover, *content, *clock, *colon;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (self->calendar != NULL)
    return;

  now = g_date_time_new_now_local ();
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Publication day"),
                                  -1);
  tomorrow = g_date_time_add_days (now, 1);
  gtk_calendar_select_day (self->calendar, tomorrow);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->calendar));

  clock = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (clock, GTK_ALIGN_CENTER);
  self->hour = GTK_SPIN_BUTTON (labelled_spin (23, _("Hour")));
  self->minute = GTK_SPIN_BUTTON (labelled_spin (59, _("Minute")));
  gtk_spin_button_set_value (self->hour, DEFAULT_HOUR);
  gtk_spin_button_set_increments (self->minute, 5, 15);
  colon = gtk_label_new (":");
  self->zone_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->zone_label, "dim-label");
  gtk_box_append (GTK_BOX (clock), GTK_WIDGET (self->hour));
  gtk_box_append (GTK_BOX (clock), colon);
  gtk_box_append (GTK_BOX (clock), GTK_WIDGET (self->minute));
  gtk_box_append (GTK_BOX (clock), self->zone_label);
  gtk_box_append (GTK_BOX (content), clock);

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), content);
  gtk_menu_button_set_popover (button, popover);

  g_signal_connect_swapped (self->calendar, "day-selected", G_CALLBACK (on_picked), self);
  g_signal_connect_swapped (self->hour, "value-changed", G_CALLBACK (on_picked), self);
  g_signal_connect_swapped (self->minute, "value-changed", G_CALLBACK (on_picked), self);
  g_signal_connect (self->hour, "output", G_CALLBACK (on_spin_output), NULL);
  g_signal_connect (self->minute, "output", G_CALLBACK (on_spin_output), NULL);

  show_time (self);
}

static void
byline_schedule_row_init (BylineScheduleRow *self)
{
  GtkWidget *title, *button_box, *icon;

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  title = gtk_label_new (_("Publish at"));
  gtk_widget_add_css_class (title, "dim-label");
  gtk_box_append (GTK_BOX (self->box), title);

  button_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  icon = gtk_image_new_from_icon_name ("x-office-calendar-symbolic");
  self->button_label = gtk_label_new (NULL);
  gtk_box_append (GTK_BOX (button_box), icon);
  gtk_box_append (GTK_BOX (button_box), self->button_label);

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->button), button_box);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->button), build_popover, self, NULL);
  gtk_widget_add_css_class (self->button, "flat");
  gtk_widget_set_tooltip_text (self->button, _("When the story should be published"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Publication date and time"),
                                  -1);
  gtk_box_append (GTK_BOX (self->box), self->button);

  show_time (self);
  update_visible (self);
}

GtkWidget *
byline_schedule_row_new (void)
{
  return g_object_new (BYLINE_TYPE_SCHEDULE_ROW, NULL);
}

void
byline_schedule_row_set_article (BylineScheduleRow *self,
                                 BylineArticle     *article)
{
  g_return_if_fail (BYLINE_IS_SCHEDULE_ROW (self));
  g_return_if_fail (!article || BYLINE_IS_ARTICLE (article));

  if (self->article == article)
    return;

  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);
  g_set_object (&self->article, article);

  if (article != NULL)
    {
      g_signal_connect_object (article, "notify::status",
                               G_CALLBACK (update_visible), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "notify::scheduled-for",
                               G_CALLBACK (show_time), self, G_CONNECT_SWAPPED);
    }

  show_time (self);
  update_visible (self);
}

BylineArticle *
byline_schedule_row_get_article (BylineScheduleRow *self)
{
  g_return_val_if_fail (BYLINE_IS_SCHEDULE_ROW (self), NULL);
  return self->article;
}

gboolean
byline_schedule_row_focus (BylineScheduleRow *self)
{
  g_return_val_if_fail (BYLINE_IS_SCHEDULE_ROW (self), FALSE);

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return FALSE;
  return gtk_widget_grab_focus (self->button);
}
