/* byline-related-search.c: one query → local, cached and site stories
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-related-search"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "byline-related-search.h"

struct _BylineRelatedSearch
{
  GObject parent_instance;

  BylineStore *store;
  BylineCms *cms;
  char *account;
  char *exclude_article_id;

  GListStore *results;
  GHashTable *by_key;            /* dedup key → the story shown */
  GCancellable *cancellable;     /* of the current run */
  guint pending;                 /* parts of the current run still out */
  guint site_delay_ms;
  guint replace : 1;             /* the run's first answer takes the list's place */
  guint site_timeout;            /* the site's part, waiting for typing to stop */
  char *site_text;

  BylineSiteSearchState site_state;
  char *status;
};

G_DEFINE_FINAL_TYPE (BylineRelatedSearch, byline_related_search, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CMS,
  PROP_ACCOUNT,
  PROP_SITE_STATE,
  PROP_STATUS,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
byline_related_search_dispose (GObject *object)
{
  BylineRelatedSearch *self = (BylineRelatedSearch *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->site_timeout, g_source_remove);
  g_clear_object (&self->store);
  g_clear_object (&self->cms);
  g_clear_object (&self->results);
  g_clear_pointer (&self->by_key, g_hash_table_unref);

  G_OBJECT_CLASS (byline_related_search_parent_class)->dispose (object);
}

static void
byline_related_search_finalize (GObject *object)
{
  BylineRelatedSearch *self = (BylineRelatedSearch *) object;

  g_free (self->account);
  g_free (self->exclude_article_id);
  g_free (self->status);
  g_free (self->site_text);

  G_OBJECT_CLASS (byline_related_search_parent_class)->finalize (object);
}

static void
byline_related_search_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BylineRelatedSearch *self = BYLINE_RELATED_SEARCH (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CMS:
      g_value_set_object (value, self->cms);
      break;
    case PROP_ACCOUNT:
      g_value_set_string (value, self->account);
      break;
    case PROP_SITE_STATE:
      g_value_set_uint (value, self->site_state);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->pending > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_related_search_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  BylineRelatedSearch *self = BYLINE_RELATED_SEARCH (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CMS:
      g_set_object (&self->cms, g_value_get_object (value));
      break;
    case PROP_ACCOUNT:
      g_free (self->account);
      self->account = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_related_search_class_init (BylineRelatedSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = byline_related_search_dispose;
  object_class->finalize = byline_related_search_finalize;
  object_class->get_property = byline_related_search_get_property;
  object_class->set_property = byline_related_search_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BYLINE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CMS] =
    g_param_spec_object ("cms", NULL, NULL, BYLINE_TYPE_CMS,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_string ("account", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SITE_STATE] =
    g_param_spec_uint ("site-state", NULL, NULL, 0, BYLINE_SITE_SEARCH_UNREACHABLE,
                       BYLINE_SITE_SEARCH_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
byline_related_search_init (BylineRelatedSearch *self)
{
  self->results = g_list_store_new (BYLINE_TYPE_CACHED_STORY);
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

BylineRelatedSearch *
byline_related_search_new (BylineStore *store,
                           BylineCms   *cms,
                           const char  *account)
{
  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);
  g_return_val_if_fail (cms == NULL || BYLINE_IS_CMS (cms), NULL);

  return g_object_new (BYLINE_TYPE_RELATED_SEARCH,
                       "store", store, "cms", cms, "account", account,
                       NULL);
}

void
byline_related_search_set_cms (BylineRelatedSearch *self,
                               BylineCms           *cms,
                               const char          *account)
{
  g_return_if_fail (BYLINE_IS_RELATED_SEARCH (self));
  g_return_if_fail (cms == NULL || BYLINE_IS_CMS (cms));

  g_object_set (self, "cms", cms, "account", account, NULL);
}

void
byline_related_search_set_exclude_article_id (BylineRelatedSearch *self,
                                              const char          *article_id)
{
  g_return_if_fail (BYLINE_IS_RELATED_SEARCH (self));

  g_free (self->exclude_article_id);
  self->exclude_article_id = g_strdup (article_id);
}

void
byline_related_search_set_site_delay (BylineRelatedSearch *self,
                                      guint                delay_ms)
{
  g_return_if_fail (BYLINE_IS_RELATED_SEARCH (self));

  self->site_delay_ms = delay_ms;
}

GListModel *
byline_related_search_get_results (BylineRelatedSearch *self)
{
  g_return_val_if_fail (BYLINE_IS_RELATED_SEARCH (self), NULL);
  return G_LIST_MODEL (self->results);
}

BylineSiteSearchState
byline_related_search_get_site_state (BylineRelatedSearch *self)
{
  g_return_val_if_fail (BYLINE_IS_RELATED_SEARCH (self), BYLINE_SITE_SEARCH_NONE);
  return self->site_state;
}

const char *
byline_related_search_get_status (BylineRelatedSearch *self)
{
  g_return_val_if_fail (BYLINE_IS_RELATED_SEARCH (self), NULL);
  return self->status;
}

gboolean
byline_related_search_get_running (BylineRelatedSearch *self)
{
  g_return_val_if_fail (BYLINE_IS_RELATED_SEARCH (self), FALSE);
  return self->pending > 0;
}

BylineCachedStory *
byline_cached_story_new_from_cms_item (BylineCmsItem *item,
                                       const char    *account)
{
  BylineCachedStory *story;
  GDateTime *modified;

  g_return_val_if_fail (BYLINE_IS_CMS_ITEM (item), NULL);

  story = byline_cached_story_new (BYLINE_STORY_SOURCE_SITE);
  byline_cached_story_set_account (story, account);
  byline_cached_story_set_cms_id (story, byline_cms_item_get_remote_id (item));
  byline_cached_story_set_url (story, byline_cms_item_get_url (item));
  byline_cached_story_set_headline (story, byline_cms_item_get_headline (item));
  byline_cached_story_set_status (story, byline_article_status_to_string (byline_cms_item_get_status (item)));
  /* The date a story card shows is when it was first published; a list
   * without it gives the last change. */
  modified = byline_cms_item_get_published (item);
  if (modified == NULL)
    modified = byline_cms_item_get_modified (item);
  if (modified != NULL)
    byline_cached_story_set_date (story, g_date_time_to_unix (modified) * G_USEC_PER_SEC);
  /* Left empty, these keep what the cache knew (byline_store_cache_stories_sync). */
  byline_cached_story_set_section (story, byline_cms_item_get_section (item));
  byline_cached_story_set_excerpt (story, byline_cms_item_get_excerpt (item));
  if (*byline_cms_item_get_image_src (item) != '\0')
    byline_cached_story_set_image (story, byline_cms_item_get_image_src (item), "");

  return story;
}

static void
set_site_state (BylineRelatedSearch   *self,
                BylineSiteSearchState  state,
                const char            *status)
{
  if (self->site_state != state)
    {
      self->site_state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SITE_STATE]);
    }
  if (g_strcmp0 (self->status, status) != 0)
    {
      g_free (self->status);
      self->status = g_strdup (status);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

static void
part_done (BylineRelatedSearch *self)
{
  g_assert (self->pending > 0);
  if (--self->pending == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Merges @stories into @by_key (dedup key → story), one result per
 * story.  A site result gives its fresh values to the cached or local one
 * it duplicates, in place (the cache's section, image, excerpt and
 * article stay when the site's list did not carry them); anything else
 * already there stays as it is.  The stories new to @by_key are added to
 * @added, in order. */
static void
merge_stories (GHashTable *by_key,
               GPtrArray  *stories,
               GPtrArray  *added)
{
  for (guint i = 0; i < stories->len; i++)
    {
      BylineCachedStory *story = g_ptr_array_index (stories, i);
      g_autofree char *key = byline_cached_story_dedup_key (story);
      BylineCachedStory *known = g_hash_table_lookup (by_key, key);

      if (known == NULL)
        {
          g_hash_table_insert (by_key, g_steal_pointer (&key), g_object_ref (story));
          g_ptr_array_add (added, story);
          continue;
        }

      if (byline_cached_story_get_source (story) == BYLINE_STORY_SOURCE_SITE &&
          byline_cached_story_get_source (known) != BYLINE_STORY_SOURCE_SITE)
        {
          g_autoptr(BylineCachedStory) fresh = byline_cached_story_copy (story);

          if (*byline_cached_story_get_section (fresh) == '\0')
            byline_cached_story_set_section (fresh, byline_cached_story_get_section (known));
          if (*byline_cached_story_get_image_src (fresh) == '\0')
            byline_cached_story_set_image (fresh, byline_cached_story_get_image_src (known),
                                           byline_cached_story_get_image_caption (known));
          if (*byline_cached_story_get_excerpt (fresh) == '\0')
            byline_cached_story_set_excerpt (fresh, byline_cached_story_get_excerpt (known));
          if (*byline_cached_story_get_article_id (fresh) == '\0')
            byline_cached_story_set_article_id (fresh, byline_cached_story_get_article_id (known));
          byline_cached_story_update (known, fresh);
        }
    }
}

/* The list becomes @stories (merged as above) by the fewest changes a
 * list view can follow: a story shown before and found again keeps its
 * object (refreshed in place, byline_cached_story_update(), so its row
 * stays and follows "changed"), the longest run of those already in the
 * new order stays where it is, and only the stories gone are removed and
 * the new ones (and the few kept ones the new ranking moved) inserted,
 * one items-changed per contiguous stretch. */
static void
replace_results (BylineRelatedSearch *self,
                 GPtrArray           *stories)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_autoptr(GHashTable) old_positions = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  GListModel *model = G_LIST_MODEL (self->results);
  guint n_old = g_list_model_get_n_items (model);
  g_autofree guint *old_of = NULL;
  g_autofree guint *run_length = NULL;
  g_autofree guint *run_prev = NULL;
  g_autofree gboolean *stays = NULL;
  g_autofree gboolean *old_stays = NULL;
  guint best = G_MAXUINT;
  guint position;

  self->replace = FALSE;
  merge_stories (by_key, stories, wanted);

  for (guint i = 0; i < n_old; i++)
    {
      g_autoptr(BylineCachedStory) story = g_list_model_get_item (model, i);

      g_hash_table_insert (old_positions, story, GUINT_TO_POINTER (i + 1));
    }

  /* What each wanted story was: the object shown for it, and where */
  old_of = g_new (guint, wanted->len);
  for (guint j = 0; j < wanted->len; j++)
    {
      g_autofree char *key = byline_cached_story_dedup_key (g_ptr_array_index (wanted, j));
      BylineCachedStory *known = g_hash_table_lookup (self->by_key, key);
      guint found = known != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (old_positions, known)) : 0;

      old_of[j] = found > 0 ? found - 1 : G_MAXUINT;
      g_ptr_array_add (shown, found > 0 ? known : g_ptr_array_index (wanted, j));
    }

  /* The longest run of kept stories whose old positions already rise in
   * the new order stays put (at most twice the limit: quadratic is fine) */
  run_length = g_new0 (guint, wanted->len);
  run_prev = g_new (guint, wanted->len);
  for (guint j = 0; j < wanted->len; j++)
    {
      if (old_of[j] == G_MAXUINT)
        continue;
      run_length[j] = 1;
      run_prev[j] = G_MAXUINT;
      for (guint k = 0; k < j; k++)
        if (old_of[k] != G_MAXUINT && old_of[k] < old_of[j] && run_length[k] + 1 > run_length[j])
          {
            run_length[j] = run_length[k] + 1;
            run_prev[j] = k;
          }
      if (best == G_MAXUINT || run_length[j] > run_length[best])
        best = j;
    }
  stays = g_new0 (gboolean, wanted->len);
  old_stays = g_new0 (gboolean, n_old);
  for (guint j = best; j != G_MAXUINT; j = run_prev[j])
    {
      stays[j] = TRUE;
      old_stays[old_of[j]] = TRUE;
    }

  /* Remove the rest, each stretch at once, from the end */
  for (guint i = n_old; i > 0;)
    {
      guint end = i;

      if (old_stays[i - 1])
        {
          i--;
          continue;
        }
      while (i > 0 && !old_stays[i - 1])
        i--;
      g_list_store_splice (self->results, i, end - i, NULL, 0);
    }

  /* Kept stories that move: fresh values before their new rows are made */
  for (guint j = 0; j < wanted->len; j++)
    if (old_of[j] != G_MAXUINT && !stays[j])
      byline_cached_story_update (g_ptr_array_index (shown, j), g_ptr_array_index (wanted, j));

  /* Insert the new and the moved between the ones that stayed */
  position = 0;
  for (guint j = 0; j < wanted->len;)
    {
      guint start = j;

      if (stays[j])
        {
          position++;
          j++;
          continue;
        }
      while (j < wanted->len && !stays[j])
        j++;
      g_list_store_splice (self->results, position, 0, &shown->pdata[start], j - start);
      position += j - start;
    }

  /* Those that stayed follow their new values in their rows */
  for (guint j = 0; j < wanted->len; j++)
    if (stays[j])
      byline_cached_story_update (g_ptr_array_index (shown, j), g_ptr_array_index (wanted, j));

  g_hash_table_remove_all (self->by_key);
  for (guint j = 0; j < shown->len; j++)
    g_hash_table_insert (self->by_key,
                         byline_cached_story_dedup_key (g_ptr_array_index (shown, j)),
                         g_object_ref (g_ptr_array_index (shown, j)));
}

/* Adds what arrived.  The first answer of a run replaces what the run
 * before showed (replace_results); later ones are merged in, one
 * items-changed for the stories new to the list. */
static void
add_results (BylineRelatedSearch *self,
             GPtrArray           *stories)
{
  g_autoptr(GPtrArray) appended = g_ptr_array_new ();

  if (self->replace)
    {
      replace_results (self, stories);
      return;
    }

  merge_stories (self->by_key, stories, appended);
  if (appended->len > 0)
    g_list_store_splice (self->results, g_list_model_get_n_items (G_LIST_MODEL (self->results)), 0,
                         appended->pdata, appended->len);
}

/* A part that failed adds nothing; when it was the last of its run and
 * none answered, what the run before showed goes. */
static void
part_failed (BylineRelatedSearch *self)
{
  if (self->replace && self->pending == 1)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      replace_results (self, none);
    }
}

/* Each part's callback holds the search and the run's cancellable: a
 * cancelled run's answer is dropped, whatever it was. */
typedef struct
{
  BylineRelatedSearch *self;
  GCancellable *cancellable;
} Part;

static Part *
part_new (BylineRelatedSearch *self)
{
  Part *part = g_new0 (Part, 1);

  part->self = g_object_ref (self);
  part->cancellable = g_object_ref (self->cancellable);
  return part;
}

static void
part_free (Part *part)
{
  g_object_unref (part->self);
  g_object_unref (part->cancellable);
  g_free (part);
}

static void
store_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  Part *part = data;
  BylineRelatedSearch *self = part->self;
  g_autoptr(GPtrArray) stories = NULL;
  g_autoptr(GError) error = NULL;

  stories = byline_store_search_stories_finish (BYLINE_STORE (object), result, &error);
  if (g_cancellable_is_cancelled (part->cancellable))
    {
      part_free (part);
      return;
    }

  if (stories != NULL)
    add_results (self, stories);
  else
    {
      g_message ("Searching the local stories failed: %s", error->message);
      part_failed (self);
    }

  part_done (self);
  part_free (part);
}

static void
cache_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!byline_store_cache_stories_finish (BYLINE_STORE (object), result, &error))
    g_message ("Could not keep the site’s stories for offline search: %s", error->message);
}

static void
site_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  Part *part = data;
  BylineRelatedSearch *self = part->self;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) stories = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GError) error = NULL;

  items = byline_cms_search_finish (BYLINE_CMS (object), result, NULL, NULL, &error);
  if (g_cancellable_is_cancelled (part->cancellable))
    {
      part_free (part);
      return;
    }

  if (items == NULL)
    {
      /* Offline is normal for a journalist: say it quietly; the local and
       * cached results stand. */
      g_debug ("Site search failed: %s", error->message);
      if (g_error_matches (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_AUTH) ||
          g_error_matches (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_FORBIDDEN))
        set_site_state (self, BYLINE_SITE_SEARCH_UNREACHABLE,
                        _("The site refused the search, showing cached stories"));
      else
        set_site_state (self, BYLINE_SITE_SEARCH_UNREACHABLE,
                        _("Site unreachable, showing cached stories"));
      part_failed (self);
      part_done (self);
      part_free (part);
      return;
    }

  stories = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (stories, byline_cached_story_new_from_cms_item (g_ptr_array_index (items, i),
                                                                     self->account));

  /* Kept for offline searches even if the journalist typed on meanwhile. */
  byline_store_cache_stories_async (self->store, stories, NULL, cache_done_cb, NULL);

  /* The list gets copies: what it shows is refreshed in place later
   * (byline_cached_story_update) while the cache may still be reading
   * these on its worker. */
  shown = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < stories->len; i++)
    g_ptr_array_add (shown, byline_cached_story_copy (g_ptr_array_index (stories, i)));
  add_results (self, shown);
  set_site_state (self, BYLINE_SITE_SEARCH_DONE, NULL);
  part_done (self);
  part_free (part);
}

void
byline_related_search_cancel (BylineRelatedSearch *self)
{
  g_return_if_fail (BYLINE_IS_RELATED_SEARCH (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->site_timeout, g_source_remove);
  if (self->pending > 0)
    {
      self->pending = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

static void
start_site_search (BylineRelatedSearch *self)
{
  byline_cms_search_async (self->cms, self->site_text,
                           BYLINE_CMS_STATUS_PUBLISHED | BYLINE_CMS_STATUS_SCHEDULED,
                           1, BYLINE_RELATED_SEARCH_LIMIT, self->cancellable,
                           site_done_cb, part_new (self));
}

static gboolean
site_timeout_cb (gpointer data)
{
  BylineRelatedSearch *self = data;

  self->site_timeout = 0;
  start_site_search (self);
  return G_SOURCE_REMOVE;
}

void
byline_related_search_run (BylineRelatedSearch *self,
                           const char          *text)
{
  g_autofree char *query = NULL;

  g_return_if_fail (BYLINE_IS_RELATED_SEARCH (self));

  byline_related_search_cancel (self);

  query = byline_story_cache_make_query (text, TRUE);
  if (query == NULL)
    {
      self->replace = FALSE;
      g_hash_table_remove_all (self->by_key);
      g_list_store_remove_all (self->results);
      set_site_state (self, self->cms != NULL ? BYLINE_SITE_SEARCH_DONE : BYLINE_SITE_SEARCH_NONE, NULL);
      return;
    }

  /* What the run before found stays shown until this run's first answer
   * takes its place, keeping the stories found again (replace_results):
   * the list does not empty and refill at every keystroke. */
  self->replace = TRUE;
  self->cancellable = g_cancellable_new ();
  self->pending = 1;
  byline_store_search_stories_async (self->store, text, self->exclude_article_id,
                                     BYLINE_RELATED_SEARCH_LIMIT, self->cancellable,
                                     store_done_cb, part_new (self));

  if (self->cms != NULL)
    {
      self->pending++;
      set_site_state (self, BYLINE_SITE_SEARCH_RUNNING, NULL);
      g_free (self->site_text);
      self->site_text = g_strdup (text);
      /* The store answers within milliseconds and runs at every call; the
       * site is asked only once typing pauses (a request per keystroke
       * would load the newsroom's server for answers nobody sees). */
      if (self->site_delay_ms > 0)
        self->site_timeout = g_timeout_add (self->site_delay_ms, site_timeout_cb, self);
      else
        start_site_search (self);
    }
  else
    set_site_state (self, BYLINE_SITE_SEARCH_NONE, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}
