/* byline-article-row.c: one article in the list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-article-row"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-article-row.h"

struct _BylineArticleRow
{
  GtkWidget             parent_instance;

  BylineArticleSummary *summary;

  GtkLabel             *headline_label;
  GtkLabel             *status_label;
  GtkLabel             *sync_label;
  GtkLabel             *time_label;
};

G_DEFINE_FINAL_TYPE (BylineArticleRow, byline_article_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const status_classes[] = {
  "draft", "pending-review", "scheduled", "published",
};

const char *
byline_article_status_label (BylineArticleStatus status)
{
  switch (status)
    {
    case BYLINE_ARTICLE_STATUS_PENDING_REVIEW:
      return _("Pending review");
    case BYLINE_ARTICLE_STATUS_SCHEDULED:
      return _("Scheduled");
    case BYLINE_ARTICLE_STATUS_PUBLISHED:
      return _("Published");
    case BYLINE_ARTICLE_STATUS_DRAFT:
    default:
      return _("Draft");
    }
}

const char *
byline_sync_state_label (BylineSyncState state)
{
  switch (state)
    {
    case BYLINE_SYNC_STATE_PENDING:
      return _("Waiting to sync");
    case BYLINE_SYNC_STATE_SYNCING:
      return _("Syncing…");
    case BYLINE_SYNC_STATE_SYNCED:
      return _("Synced");
    case BYLINE_SYNC_STATE_CONFLICT:
      return _("Conflict");
    case BYLINE_SYNC_STATE_ERROR:
      return _("Sync failed");
    case BYLINE_SYNC_STATE_LOCAL:
    default:
      return _("Local only");
    }
}

char *
byline_format_relative_time (GDateTime *then,
                             GDateTime *now)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) local_then = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  GTimeSpan diff;
  int days;

  g_return_val_if_fail (then != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  /* One look at the system's time zone (a readlink and a stat), not two */
  zone = g_time_zone_new_local ();
  local_then = g_date_time_to_timezone (then, zone);
  local_now = g_date_time_to_timezone (now, zone);
  diff = g_date_time_difference (local_now, local_then);

  if (diff < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Just now"));
  if (diff < G_TIME_SPAN_HOUR)
    {
      int minutes = diff / G_TIME_SPAN_MINUTE;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", minutes), minutes);
    }

  days = g_date_time_get_day_of_year (local_now) - g_date_time_get_day_of_year (local_then);
  if (g_date_time_get_year (local_now) == g_date_time_get_year (local_then))
    {
      if (days == 0)
        {
          int hours = diff / G_TIME_SPAN_HOUR;
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", hours), hours);
        }
      if (days == 1)
        return g_strdup (_("Yesterday"));
      /* TRANSLATORS: a date this year, see g_date_time_format() */
      return g_date_time_format (local_then, _("%-d %B"));
    }

  /* TRANSLATORS: a date in another year, see g_date_time_format() */
  return g_date_time_format (local_then, _("%-d %B %Y"));
}

/* Trouble stands out; everything else stays quiet */
static void
byline_article_row_show_sync_state (BylineArticleRow *self,
                                    BylineSyncState   state)
{
  GtkWidget *label = GTK_WIDGET (self->sync_label);

  gtk_label_set_label (self->sync_label, byline_sync_state_label (state));
  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "error");
  if (state == BYLINE_SYNC_STATE_CONFLICT || state == BYLINE_SYNC_STATE_ERROR)
    {
      gtk_widget_remove_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, state == BYLINE_SYNC_STATE_CONFLICT ? "warning" : "error");
    }
  else
    gtk_widget_add_css_class (label, "dim-label");
}

void
byline_article_row_set_summary (BylineArticleRow     *self,
                                BylineArticleSummary *summary)
{
  GtkWidget *parent;

  g_return_if_fail (BYLINE_IS_ARTICLE_ROW (self));
  g_return_if_fail (!summary || BYLINE_IS_ARTICLE_SUMMARY (summary));

  if (!g_set_object (&self->summary, summary))
    return;

  parent = gtk_widget_get_parent (GTK_WIDGET (self));
  if (parent != NULL &&
      gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (parent)) != GTK_ACCESSIBLE_ROLE_LIST_ITEM)
    parent = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), status_classes[i]);

  if (summary != NULL)
    {
      const char *headline = byline_article_summary_get_headline (summary);
      BylineArticleStatus status = byline_article_summary_get_status (summary);
      GDateTime *modified = byline_article_summary_get_modified (summary);
      g_autofree char *a11y = NULL;

      if (headline != NULL && headline[0] != '\0')
        {
          gtk_label_set_label (self->headline_label, headline);
          gtk_widget_remove_css_class (GTK_WIDGET (self->headline_label), "dim-label");
        }
      else
        {
          gtk_label_set_label (self->headline_label, _("Untitled article"));
          gtk_widget_add_css_class (GTK_WIDGET (self->headline_label), "dim-label");
        }

      gtk_label_set_label (self->status_label, byline_article_status_label (status));
      if ((guint) status < G_N_ELEMENTS (status_classes))
        gtk_widget_add_css_class (GTK_WIDGET (self->status_label), status_classes[status]);
      byline_article_row_show_sync_state (self, byline_article_summary_get_sync_state (summary));

      if (modified != NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autofree char *when = byline_format_relative_time (modified, now);

          gtk_label_set_label (self->time_label, when);
        }
      else
        gtk_label_set_label (self->time_label, "");

      a11y = g_strdup_printf ("%s, %s, %s, %s",
                              gtk_label_get_label (self->headline_label),
                              gtk_label_get_label (self->status_label),
                              gtk_label_get_label (self->sync_label),
                              gtk_label_get_label (self->time_label));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                      -1);
      /* In a GtkListView the keyboard focus is on the row's list item
       * widget, not on the row: GTK 4.8 has no API to name it
       * (gtk_list_item_set_accessible_label is 4.12), so the row names its
       * parent, which is that widget, and a screen reader reads the
       * headline as the focus moves through the list */
      if (parent != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (parent),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                        -1);
    }
  else if (parent != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (parent), GTK_ACCESSIBLE_PROPERTY_LABEL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

BylineArticleSummary *
byline_article_row_get_summary (BylineArticleRow *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_ROW (self), NULL);

  return self->summary;
}

static void
byline_article_row_dispose (GObject *object)
{
  BylineArticleRow *self = (BylineArticleRow *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_ARTICLE_ROW);
  /* GTK 4.8 leaves a template's top-level children to us */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->summary);

  G_OBJECT_CLASS (byline_article_row_parent_class)->dispose (object);
}

static void
byline_article_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BylineArticleRow *self = BYLINE_ARTICLE_ROW (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      g_value_set_object (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_article_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BylineArticleRow *self = BYLINE_ARTICLE_ROW (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      byline_article_row_set_summary (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_article_row_class_init (BylineArticleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_article_row_dispose;
  object_class->get_property = byline_article_row_get_property;
  object_class->set_property = byline_article_row_set_property;

  properties[PROP_SUMMARY] =
    g_param_spec_object ("summary", NULL, NULL,
                         BYLINE_TYPE_ARTICLE_SUMMARY,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/byline/Byline/byline-article-row.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleRow, headline_label);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleRow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleRow, time_label);
}

static void
byline_article_row_init (BylineArticleRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
byline_article_row_new (void)
{
  return g_object_new (BYLINE_TYPE_ARTICLE_ROW, NULL);
}
