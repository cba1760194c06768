/* byline-cached-story.c: one story a search or a suggestion found
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-store"

#include "byline-cached-story.h"
#include "model/byline-image.h"

struct _BylineCachedStory
{
  GObject parent_instance;

  BylineStorySource source;
  char *article_id;
  char *account;
  char *cms_id;
  char *url;
  char *section;
  char *headline;
  char *excerpt;
  char *status;
  char *image_src;
  char *image_caption;
  char *text;
  gint64 date;
  double score;
};

G_DEFINE_FINAL_TYPE (BylineCachedStory, byline_cached_story, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
byline_cached_story_finalize (GObject *object)
{
  BylineCachedStory *self = (BylineCachedStory *) object;

  g_free (self->article_id);
  g_free (self->account);
  g_free (self->cms_id);
  g_free (self->url);
  g_free (self->section);
  g_free (self->headline);
  g_free (self->excerpt);
  g_free (self->status);
  g_free (self->image_src);
  g_free (self->image_caption);
  g_free (self->text);

  G_OBJECT_CLASS (byline_cached_story_parent_class)->finalize (object);
}

static void
byline_cached_story_class_init (BylineCachedStoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = byline_cached_story_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
byline_cached_story_init (BylineCachedStory *self)
{
  self->article_id = g_strdup ("");
  self->account = g_strdup ("");
  self->cms_id = g_strdup ("");
  self->url = g_strdup ("");
  self->section = g_strdup ("");
  self->headline = g_strdup ("");
  self->excerpt = g_strdup ("");
  self->status = g_strdup ("");
  self->image_src = g_strdup ("");
  self->image_caption = g_strdup ("");
  self->text = g_strdup ("");
}

BylineCachedStory *
byline_cached_story_new (BylineStorySource source)
{
  BylineCachedStory *self = g_object_new (BYLINE_TYPE_CACHED_STORY, NULL);

  self->source = source;
  return self;
}

BylineCachedStory *
byline_cached_story_copy (BylineCachedStory *self)
{
  BylineCachedStory *copy;

  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), NULL);

  copy = byline_cached_story_new (self->source);
  byline_cached_story_set_article_id (copy, self->article_id);
  byline_cached_story_set_account (copy, self->account);
  byline_cached_story_set_cms_id (copy, self->cms_id);
  byline_cached_story_set_url (copy, self->url);
  byline_cached_story_set_section (copy, self->section);
  byline_cached_story_set_headline (copy, self->headline);
  byline_cached_story_set_excerpt (copy, self->excerpt);
  byline_cached_story_set_status (copy, self->status);
  byline_cached_story_set_text (copy, self->text);
  byline_cached_story_set_image (copy, self->image_src, self->image_caption);
  copy->date = self->date;
  copy->score = self->score;
  return copy;
}

BylineStorySource
byline_cached_story_get_source (BylineCachedStory *self)
{
  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), BYLINE_STORY_SOURCE_CACHED);
  return self->source;
}

void
byline_cached_story_set_source (BylineCachedStory *self,
                                BylineStorySource  source)
{
  g_return_if_fail (BYLINE_IS_CACHED_STORY (self));
  self->source = source;
}

static void
set_field (char       **field,
           const char  *value)
{
  g_free (*field);
  *field = g_strdup (value != NULL ? value : "");
}

const char *
byline_cached_story_get_article_id (BylineCachedStory *self)
{
  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), NULL);
  return self->article_id;
}

void
byline_cached_story_set_article_id (BylineCachedStory *self,
                                       const char        *article_id)
{
  g_return_if_fail (BYLINE_IS_CACHED_STORY (self));
  set_field (&self->article_id, article_id);
}

const char *
byline_cached_story_get_account (BylineCachedStory *self)
{
  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), NULL);
  return self->account;
}

void
byline_cached_story_set_account (BylineCachedStory *self,
                                    const char        *account)
{
  g_return_if_fail (BYLINE_IS_CACHED_STORY (self));
  set_field (&self->account, account);
}

const char *
byline_cached_story_get_cms_id (BylineCachedStory *self)
{
  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), NULL);
  return self->cms_id;
}

void
byline_cached_story_set_cms_id (BylineCachedStory *self,
                                   const char        *cms_id)
{
  g_return_if_fail (BYLINE_IS_CACHED_STORY (self));
  set_field (&self->cms_id, cms_id);
}

const char *
byline_cached_story_get_url (BylineCachedStory *self)
{
  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), NULL);
  return self->url;
}

void
byline_cached_story_set_url (BylineCachedStory *self,
                                const char        *url)
{
  g_return_if_fail (BYLINE_IS_CACHED_STORY (self));
  set_field (&self->url, url);
}

const char *
byline_cached_story_get_section (BylineCachedStory *self)
{
  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), NULL);
  return self->section;
}

void
byline_cached_story_set_section (BylineCachedStory *self,
                                    const char        *section)
{
  g_return_if_fail (BYLINE_IS_CACHED_STORY (self));
  set_field (&self->section, section);
}

const char *
byline_cached_story_get_headline (BylineCachedStory *self)
{
  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), NULL);
  return self->headline;
}

void
byline_cached_story_set_headline (BylineCachedStory *self,
                                     const char        *headline)
{
  g_return_if_fail (BYLINE_IS_CACHED_STORY (self));
  set_field (&self->headline, headline);
}

const char *
byline_cached_story_get_excerpt (BylineCachedStory *self)
{
  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), NULL);
  return self->excerpt;
}

void
byline_cached_story_set_excerpt (BylineCachedStory *self,
                                    const char        *excerpt)
{
  g_return_if_fail (BYLINE_IS_CACHED_STORY (self));
  set_field (&self->excerpt, excerpt);
}

const char *
byline_cached_story_get_status (BylineCachedStory *self)
{
  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), NULL);
  return self->status;
}

void
byline_cached_story_set_status (BylineCachedStory *self,
                                   const char        *status)
{
  g_return_if_fail (BYLINE_IS_CACHED_STORY (self));
  set_field (&self->status, status);
}

const char *
byline_cached_story_get_image_src (BylineCachedStory *self)
{
  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), NULL);
  return self->image_src;
}

const char *
byline_cached_story_get_image_caption (BylineCachedStory *self)
{
  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), NULL);
  return self->image_caption;
}

const char *
byline_cached_story_get_text (BylineCachedStory *self)
{
  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), NULL);
  return self->text;
}

void
byline_cached_story_set_text (BylineCachedStory *self,
                                 const char        *text)
{
  g_return_if_fail (BYLINE_IS_CACHED_STORY (self));
  set_field (&self->text, text);
}

void
byline_cached_story_set_image (BylineCachedStory *self,
                               const char        *src,
                               const char        *caption)
{
  g_return_if_fail (BYLINE_IS_CACHED_STORY (self));
  set_field (&self->image_src, src);
  set_field (&self->image_caption, caption);
}

gint64
byline_cached_story_get_date (BylineCachedStory *self)
{
  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), 0);
  return self->date;
}

void
byline_cached_story_set_date (BylineCachedStory *self,
                              gint64             date)
{
  g_return_if_fail (BYLINE_IS_CACHED_STORY (self));
  self->date = date;
}

double
byline_cached_story_get_score (BylineCachedStory *self)
{
  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), 0.0);
  return self->score;
}

void
byline_cached_story_set_score (BylineCachedStory *self,
                               double             score)
{
  g_return_if_fail (BYLINE_IS_CACHED_STORY (self));
  self->score = score;
}

/* Sets *@field to @value; TRUE when that changed it. */
static gboolean
update_field (char       **field,
              const char  *value)
{
  if (g_str_equal (*field, value))
    return FALSE;
  set_field (field, value);
  return TRUE;
}

gboolean
byline_cached_story_update (BylineCachedStory *self,
                            BylineCachedStory *from)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), FALSE);
  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (from), FALSE);

  if (self == from)
    return FALSE;

  changed |= self->source != from->source;
  self->source = from->source;
  changed |= update_field (&self->article_id, from->article_id);
  changed |= update_field (&self->account, from->account);
  changed |= update_field (&self->cms_id, from->cms_id);
  changed |= update_field (&self->url, from->url);
  changed |= update_field (&self->section, from->section);
  changed |= update_field (&self->headline, from->headline);
  changed |= update_field (&self->excerpt, from->excerpt);
  changed |= update_field (&self->status, from->status);
  changed |= update_field (&self->image_src, from->image_src);
  changed |= update_field (&self->image_caption, from->image_caption);
  changed |= update_field (&self->text, from->text);
  changed |= self->date != from->date;
  self->date = from->date;
  /* The rank changes with every query and is not shown. */
  self->score = from->score;

  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
  return changed;
}

BylineStoryRef *
byline_cached_story_to_ref (BylineCachedStory *self)
{
  BylineStoryRef *ref;

  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), NULL);

  ref = byline_story_ref_new ();
  byline_story_ref_set_cms_id (ref, self->cms_id);
  byline_story_ref_set_url (ref, self->url);
  byline_story_ref_set_section (ref, self->section);
  byline_story_ref_set_headline (ref, self->headline);
  if (*self->image_src != '\0')
    {
      g_autoptr(BylineImage) image = byline_image_new ();

      byline_image_set_src (image, self->image_src);
      byline_image_set_caption (image, self->image_caption);
      byline_story_ref_set_image (ref, image);
    }

  return ref;
}

char *
byline_cached_story_dedup_key (BylineCachedStory *self)
{
  g_return_val_if_fail (BYLINE_IS_CACHED_STORY (self), NULL);

  if (*self->cms_id != '\0')
    return g_strconcat ("cms:", self->cms_id, NULL);
  return g_strconcat ("local:", self->article_id, NULL);
}
