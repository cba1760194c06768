/* byline-article-search.c: find text anywhere a reader of the article sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-article-search"

#include "config.h"

#include <string.h>

#include "byline-article.h"
#include "byline-article-search.h"

/* A field's text as it is compared: each character folded on its own
 * (decomposed, and case-folded unless case matters), and for every byte
 * of that the character of the original it came from, so a match found
 * in the folded text maps back to characters of the original. */
typedef struct
{
  char    *text;
  guint32 *origin;             /* per byte of @text */
  gsize    len;
} Folded;

typedef struct
{
  BylineSearchField field;
  int               block;
  int               image;
  char             *text;
  Folded           *folded[2]; /* [0] case folded, [1] case kept; made on first use */
} Entry;

struct _BylineSearchSource
{
  gatomicrefcount  ref_count;
  guint64          revision;
  GArray          *entries;    /* of Entry */
  gsize            n_chars;

  /* Searches of one source take turns: they fill the same caches */
  GMutex           lock;
  GHashTable      *char_cache[2];  /* gunichar -> folded UTF-8, per mode */
};

G_DEFINE_BOXED_TYPE (BylineSearchSource, byline_search_source,
                     byline_search_source_ref, byline_search_source_unref)

static void
folded_free (Folded *folded)
{
  if (folded == NULL)
    return;
  g_free (folded->text);
  g_free (folded->origin);
  g_free (folded);
}

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->text);
  folded_free (entry->folded[0]);
  folded_free (entry->folded[1]);
}

static void
add_entry (BylineSearchSource *self,
           BylineSearchField   field,
           int                 block,
           int                 image,
           const char         *text)
{
  Entry entry = { field, block, image, NULL, { NULL, NULL } };

  /* Nothing to find in an empty field */
  if (text == NULL || text[0] == '\0')
    return;

  entry.text = g_strdup (text);
  self->n_chars += strlen (text);
  g_array_append_val (self->entries, entry);
}

static void
add_image (BylineSearchSource *self,
           BylineImage        *image,
           int                 block,
           int                 number)
{
  if (image == NULL)
    return;
  add_entry (self, BYLINE_SEARCH_FIELD_CAPTION, block, number, byline_image_get_caption (image));
  add_entry (self, BYLINE_SEARCH_FIELD_CREDIT, block, number, byline_image_get_credit (image));
  add_entry (self, BYLINE_SEARCH_FIELD_ALT, block, number, byline_image_get_alt (image));
}

BylineSearchSource *
byline_search_source_new (BylineArticle *article)
{
  BylineSearchSource *self;
  guint n_blocks, n_images = 0;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (article), NULL);

  self = g_new0 (BylineSearchSource, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->lock);
  self->revision = byline_article_get_revision (article);
  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
  for (guint i = 0; i < G_N_ELEMENTS (self->char_cache); i++)
    self->char_cache[i] = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  add_entry (self, BYLINE_SEARCH_FIELD_HEADLINE, -1, -1, byline_article_get_headline (article));
  add_entry (self, BYLINE_SEARCH_FIELD_STANDFIRST, -1, -1, byline_article_get_standfirst (article));
  add_entry (self, BYLINE_SEARCH_FIELD_BYLINE, -1, -1, byline_article_get_byline (article));
  add_image (self, byline_article_get_lead_image (article), -1, 0);

  n_blocks = byline_article_get_n_blocks (article);
  for (guint i = 0; i < n_blocks; i++)
    {
      BylineBlock *block = byline_article_get_block (article, i);

      switch (byline_block_get_kind (block))
        {
        case BYLINE_BLOCK_PARAGRAPH:
        case BYLINE_BLOCK_SUBHEADING:
          add_entry (self, BYLINE_SEARCH_FIELD_BODY, i, -1, byline_block_get_text (block));
          break;

        case BYLINE_BLOCK_QUOTE:
          add_entry (self, BYLINE_SEARCH_FIELD_BODY, i, -1, byline_block_get_text (block));
          add_entry (self, BYLINE_SEARCH_FIELD_ATTRIBUTION, i, -1, byline_block_get_attribution (block));
          break;

        case BYLINE_BLOCK_IMAGE:
          add_image (self, byline_block_get_image (block), i, ++n_images);
          break;

        case BYLINE_BLOCK_CARD:
        case BYLINE_BLOCK_RAW:
        default:
          break;
        }
    }

  return self;
}

BylineSearchSource *
byline_search_source_ref (BylineSearchSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
byline_search_source_unref (BylineSearchSource *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_array_unref (self->entries);
  for (guint i = 0; i < G_N_ELEMENTS (self->char_cache); i++)
    g_hash_table_unref (self->char_cache[i]);
  g_mutex_clear (&self->lock);
  g_free (self);
}

guint64
byline_search_source_get_revision (BylineSearchSource *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->revision;
}

gsize
byline_search_source_get_n_chars (BylineSearchSource *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_chars;
}

/* One character as it is compared.  ASCII (most of any Latin-script
 * story) costs a table look-up; anything else is folded once per source
 * and kept. */
static const char *
fold_char (GHashTable *cache,
           gunichar    c,
           gboolean    match_case,
           char        ascii[2])
{
  char *folded;

  if (c < 0x80)
    {
      ascii[0] = match_case ? (char) c : g_ascii_tolower ((char) c);
      ascii[1] = '\0';
      return ascii;
    }

  folded = g_hash_table_lookup (cache, GUINT_TO_POINTER (c));
  if (folded == NULL)
    {
      char utf8[8];
      int len = g_unichar_to_utf8 (c, utf8);
      /* Matching case compares canonical forms only; otherwise
       * compatibility forms too ("ﬁ" is "fi", "Ǆ" is "dž") */
      GNormalizeMode mode = match_case ? G_NORMALIZE_NFD : G_NORMALIZE_NFKD;
      g_autofree char *decomposed = g_utf8_normalize (utf8, len, mode);

      if (decomposed == NULL)
        decomposed = g_strndup (utf8, len);
      if (match_case)
        folded = g_steal_pointer (&decomposed);
      else
        {
          g_autofree char *cased = g_utf8_casefold (decomposed, -1);

          folded = g_utf8_normalize (cased, -1, mode);
          if (folded == NULL)
            folded = g_steal_pointer (&cased);
        }
      g_hash_table_insert (cache, GUINT_TO_POINTER (c), folded);
    }
  return folded;
}

static Folded *
fold_text (GHashTable *cache,
           const char *text,
           gboolean    match_case,
           gboolean    with_origin)
{
  gsize len = strlen (text);
  GString *out = g_string_sized_new (len + 8);
  GArray *origin = with_origin ? g_array_sized_new (FALSE, FALSE, sizeof (guint32), len + 8) : NULL;
  Folded *folded = g_new0 (Folded, 1);
  guint32 index = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), index++)
    {
      char ascii[2];
      const char *piece = fold_char (cache, g_utf8_get_char (p), match_case, ascii);
      gsize piece_len = strlen (piece);

      g_string_append_len (out, piece, piece_len);
      if (origin != NULL)
        for (gsize i = 0; i < piece_len; i++)
          g_array_append_val (origin, index);
    }

  folded->len = out->len;
  folded->text = g_string_free (out, FALSE);
  if (origin != NULL)
    folded->origin = (guint32 *) (gpointer) g_array_free (origin, FALSE);
  return folded;
}

/* Matches of @needle in @entry, appended to @matches */
static void
find_in_entry (Entry      *entry,
               Folded     *folded,
               const char *needle,
               gsize       needle_len,
               GArray     *matches)
{
  const char *haystack = folded->text;
  const char *at = haystack;

  while ((at = strstr (at, needle)) != NULL)
    {
      gsize from = at - haystack;
      gsize to = from + needle_len;
      /* Only whole characters of the original: "s" does not match half of
       * a folded "ß", nor "e" the letter of an "é" (precomposed, or "e"
       * followed by a combining accent) */
      gboolean starts = from == 0 || folded->origin[from - 1] != folded->origin[from];
      gboolean ends = to == folded->len
                      || (folded->origin[to] != folded->origin[to - 1]
                          && !g_unichar_ismark (g_utf8_get_char (haystack + to)));

      if (starts && ends)
        {
          BylineSearchMatch match = {
            entry->field, entry->block, entry->image,
            folded->origin[from], folded->origin[to - 1] + 1,
          };

          g_array_append_val (matches, match);
          at += needle_len;
        }
      else
        at = g_utf8_next_char (at);
    }
}

GArray *
byline_search_source_find (BylineSearchSource  *self,
                           const char          *query,
                           BylineSearchFlags    flags,
                           GCancellable        *cancellable,
                           GError             **error)
{
  gboolean match_case = (flags & BYLINE_SEARCH_MATCH_CASE) != 0;
  g_autoptr(GArray) matches = NULL;
  Folded *needle;
  GHashTable *cache;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (query, -1, NULL), NULL);

  matches = g_array_new (FALSE, FALSE, sizeof (BylineSearchMatch));
  if (query[0] == '\0')
    return g_steal_pointer (&matches);

  g_mutex_lock (&self->lock);
  cache = self->char_cache[match_case];
  needle = fold_text (cache, query, match_case, FALSE);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = &g_array_index (self->entries, Entry, i);

      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (entry->folded[match_case] == NULL)
        entry->folded[match_case] = fold_text (cache, entry->text, match_case, TRUE);
      find_in_entry (entry, entry->folded[match_case], needle->text, needle->len, matches);
    }

  folded_free (needle);
  g_mutex_unlock (&self->lock);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&matches);
}

typedef struct
{
  BylineSearchSource *source;
  char               *query;
  BylineSearchFlags   flags;
} FindData;

static void
find_data_free (gpointer data)
{
  FindData *find = data;

  byline_search_source_unref (find->source);
  g_free (find->query);
  g_free (find);
}

static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FindData *find = task_data;
  GError *error = NULL;
  GArray *matches;

  matches = byline_search_source_find (find->source, find->query, find->flags, cancellable, &error);
  if (matches == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, matches, (GDestroyNotify) g_array_unref);
}

void
byline_search_source_find_async (BylineSearchSource  *self,
                                 const char          *query,
                                 BylineSearchFlags    flags,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FindData *find;

  g_return_if_fail (self != NULL);
  g_return_if_fail (query != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_search_source_find_async);
  find = g_new0 (FindData, 1);
  find->source = byline_search_source_ref (self);
  find->query = g_strdup (query);
  find->flags = flags;
  g_task_set_task_data (task, find, find_data_free);
  g_task_run_in_thread (task, find_thread);
}

GArray *
byline_search_source_find_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_search_source_find_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static BylineImage *
match_image (BylineArticle           *article,
             const BylineSearchMatch *match)
{
  BylineBlock *block;

  if (match->block < 0)
    return byline_article_get_lead_image (article);
  if ((guint) match->block >= byline_article_get_n_blocks (article))
    return NULL;
  block = byline_article_get_block (article, match->block);
  return byline_block_get_kind (block) == BYLINE_BLOCK_IMAGE ? byline_block_get_image (block) : NULL;
}

static BylineBlock *
match_text_block (BylineArticle           *article,
                  const BylineSearchMatch *match)
{
  BylineBlock *block;

  if (match->block < 0 || (guint) match->block >= byline_article_get_n_blocks (article))
    return NULL;
  block = byline_article_get_block (article, match->block);
  switch (byline_block_get_kind (block))
    {
    case BYLINE_BLOCK_PARAGRAPH:
    case BYLINE_BLOCK_SUBHEADING:
      return match->field == BYLINE_SEARCH_FIELD_BODY ? block : NULL;
    case BYLINE_BLOCK_QUOTE:
      return block;
    case BYLINE_BLOCK_IMAGE:
    case BYLINE_BLOCK_CARD:
    case BYLINE_BLOCK_RAW:
    default:
      return NULL;
    }
}

const char *
byline_article_search_get_text (BylineArticle           *article,
                                const BylineSearchMatch *match)
{
  BylineImage *image;
  BylineBlock *block;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (match != NULL, NULL);

  switch (match->field)
    {
    case BYLINE_SEARCH_FIELD_HEADLINE:
      return byline_article_get_headline (article);
    case BYLINE_SEARCH_FIELD_STANDFIRST:
      return byline_article_get_standfirst (article);
    case BYLINE_SEARCH_FIELD_BYLINE:
      return byline_article_get_byline (article);
    case BYLINE_SEARCH_FIELD_BODY:
      block = match_text_block (article, match);
      return block != NULL ? byline_block_get_text (block) : NULL;
    case BYLINE_SEARCH_FIELD_ATTRIBUTION:
      block = match_text_block (article, match);
      return block != NULL ? byline_block_get_attribution (block) : NULL;
    case BYLINE_SEARCH_FIELD_CAPTION:
      image = match_image (article, match);
      return image != NULL ? byline_image_get_caption (image) : NULL;
    case BYLINE_SEARCH_FIELD_CREDIT:
      image = match_image (article, match);
      return image != NULL ? byline_image_get_credit (image) : NULL;
    case BYLINE_SEARCH_FIELD_ALT:
      image = match_image (article, match);
      return image != NULL ? byline_image_get_alt (image) : NULL;
    default:
      return NULL;
    }
}

void
byline_article_search_set_text (BylineArticle           *article,
                                const BylineSearchMatch *match,
                                const char              *text)
{
  BylineImage *image;
  BylineBlock *block;

  g_return_if_fail (BYLINE_IS_ARTICLE (article));
  g_return_if_fail (match != NULL);

  switch (match->field)
    {
    case BYLINE_SEARCH_FIELD_HEADLINE:
      byline_article_set_headline (article, text);
      break;
    case BYLINE_SEARCH_FIELD_STANDFIRST:
      byline_article_set_standfirst (article, text);
      break;
    case BYLINE_SEARCH_FIELD_BYLINE:
      byline_article_set_byline (article, text);
      break;
    case BYLINE_SEARCH_FIELD_BODY:
      block = match_text_block (article, match);
      if (block != NULL)
        byline_block_set_text (block, text);
      break;
    case BYLINE_SEARCH_FIELD_ATTRIBUTION:
      block = match_text_block (article, match);
      if (block != NULL)
        byline_block_set_attribution (block, text);
      break;
    case BYLINE_SEARCH_FIELD_CAPTION:
      if ((image = match_image (article, match)) != NULL)
        byline_image_set_caption (image, text);
      break;
    case BYLINE_SEARCH_FIELD_CREDIT:
      if ((image = match_image (article, match)) != NULL)
        byline_image_set_credit (image, text);
      break;
    case BYLINE_SEARCH_FIELD_ALT:
      if ((image = match_image (article, match)) != NULL)
        byline_image_set_alt (image, text);
      break;
    default:
      break;
    }
}

char *
byline_search_replace_range (const char *text,
                             guint       start,
                             guint       end,
                             const char *replacement)
{
  const char *from, *to;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (start <= end, NULL);

  from = g_utf8_offset_to_pointer (text, MIN (start, g_utf8_strlen (text, -1)));
  to = g_utf8_offset_to_pointer (from, MIN (end - start, g_utf8_strlen (from, -1)));
  out = g_string_new_len (text, from - text);
  g_string_append (out, replacement ? replacement : "");
  g_string_append (out, to);
  return g_string_free (out, FALSE);
}
