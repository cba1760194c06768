/* byline-merge.c: three-way merge of an article (base, mine, theirs)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-merge"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "byline-merge.h"
#include "byline-article-private.h"

/* Past this many block edits between base and one side, the diff stops
 * looking for the shortest script and treats the rest of the body as one
 * changed region: a merge of two rewrites then conflicts on the whole
 * rewritten part instead of taking quadratic time and memory. */
#define MAX_EDIT_DISTANCE 1000

typedef enum
{
  CONFLICT_TEXT,            /* one of the article's text fields */
  CONFLICT_STATUS,
  CONFLICT_SCHEDULED,       /* when a scheduled story goes out */
  CONFLICT_IMAGE_TEXT,      /* one text of the lead image */
  CONFLICT_IMAGE_DECORATIVE,
  CONFLICT_IMAGE_WHOLE,     /* the lead image itself (removed vs changed …) */
  CONFLICT_BODY,            /* a region of blocks */
} ConflictKind;

typedef const char *(*ArticleGetter) (BylineArticle *article);
typedef void        (*ArticleSetter) (BylineArticle *article,
                                      const char    *value);
typedef const char *(*ImageGetter)   (BylineImage   *image);
typedef void        (*ImageSetter)   (BylineImage   *image,
                                      const char    *value);

typedef struct
{
  const char    *field;
  const char    *label;
  ArticleGetter  get;
  ArticleSetter  set;
} TextField;

typedef struct
{
  const char  *field;
  const char  *label;
  ImageGetter  get;
  ImageSetter  set;
} ImageField;

static const TextField text_fields[] = {
  { "language", N_("Language"), byline_article_get_language, byline_article_set_language },
  { "section", N_("Section"), byline_article_get_section, byline_article_set_section },
  { "headline", N_("Headline"), byline_article_get_headline, byline_article_set_headline },
  { "seo_title", N_("SEO title"), byline_article_get_seo_title, byline_article_set_seo_title },
  { "social_headline", N_("Social headline"), byline_article_get_social_headline, byline_article_set_social_headline },
  { "slug", N_("Address (slug)"), byline_article_get_slug, byline_article_set_slug },
  { "standfirst", N_("Standfirst"), byline_article_get_standfirst, byline_article_set_standfirst },
  { "byline", N_("Byline"), byline_article_get_byline, byline_article_set_byline },
};

static const ImageField image_fields[] = {
  { "lead_image.src", N_("Lead image file"), byline_image_get_src, byline_image_set_src },
  { "lead_image.caption", N_("Lead image caption"), byline_image_get_caption, byline_image_set_caption },
  { "lead_image.credit", N_("Lead image credit"), byline_image_get_credit, byline_image_set_credit },
  { "lead_image.alt", N_("Lead image alt text"), byline_image_get_alt, byline_image_set_alt },
};

struct _BylineMergeConflict
{
  GObject parent_instance;

  char *field;
  char *label;
  char *base;
  char *mine;
  char *theirs;
  BylineMergeChoice choice;

  ConflictKind kind;
  const TextField *text_field;
  const ImageField *image_field;

  BylineArticleStatus mine_status;
  BylineArticleStatus theirs_status;
  GDateTime *mine_time;         /* CONFLICT_SCHEDULED; NULL = none */
  GDateTime *theirs_time;
  gboolean mine_flag;
  gboolean theirs_flag;
  BylineImage *mine_image;      /* copies, for CONFLICT_IMAGE_WHOLE */
  BylineImage *theirs_image;

  /* CONFLICT_BODY: where the region sits in the result now, the blocks
   * that stand there (the result's own objects) and each side's version
   * (copies that belong to no article). */
  guint position;
  GPtrArray *current;
  GPtrArray *mine_blocks;
  GPtrArray *theirs_blocks;
};

G_DEFINE_FINAL_TYPE (BylineMergeConflict, byline_merge_conflict, G_TYPE_OBJECT)

enum {
  CONFLICT_PROP_0,
  CONFLICT_PROP_FIELD,
  CONFLICT_PROP_LABEL,
  CONFLICT_PROP_BASE,
  CONFLICT_PROP_MINE,
  CONFLICT_PROP_THEIRS,
  CONFLICT_PROP_CHOICE,
  N_CONFLICT_PROPS
};

static GParamSpec *conflict_properties[N_CONFLICT_PROPS];

struct _BylineMerge
{
  GObject parent_instance;

  BylineArticle *result;
  GListStore *conflicts;        /* unresolved, of BylineMergeConflict */
  GPtrArray *all;               /* every conflict, in the order found */
};

G_DEFINE_FINAL_TYPE (BylineMerge, byline_merge, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RESULT,
  PROP_HAS_CONFLICTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (byline-merge-error-quark, byline_merge_error)

/* BylineMergeConflict */

static void
byline_merge_conflict_finalize (GObject *object)
{
  BylineMergeConflict *self = (BylineMergeConflict *) object;

  g_free (self->field);
  g_free (self->label);
  g_free (self->base);
  g_free (self->mine);
  g_free (self->theirs);
  g_clear_object (&self->mine_image);
  g_clear_object (&self->theirs_image);
  g_clear_pointer (&self->mine_time, g_date_time_unref);
  g_clear_pointer (&self->theirs_time, g_date_time_unref);
  g_clear_pointer (&self->current, g_ptr_array_unref);
  g_clear_pointer (&self->mine_blocks, g_ptr_array_unref);
  g_clear_pointer (&self->theirs_blocks, g_ptr_array_unref);

  G_OBJECT_CLASS (byline_merge_conflict_parent_class)->finalize (object);
}

static void
byline_merge_conflict_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BylineMergeConflict *self = BYLINE_MERGE_CONFLICT (object);

  switch (prop_id)
    {
    case CONFLICT_PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case CONFLICT_PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case CONFLICT_PROP_BASE:
      g_value_set_string (value, self->base);
      break;
    case CONFLICT_PROP_MINE:
      g_value_set_string (value, self->mine);
      break;
    case CONFLICT_PROP_THEIRS:
      g_value_set_string (value, self->theirs);
      break;
    case CONFLICT_PROP_CHOICE:
      g_value_set_int (value, self->choice);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_merge_conflict_class_init (BylineMergeConflictClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = byline_merge_conflict_finalize;
  object_class->get_property = byline_merge_conflict_get_property;

  conflict_properties[CONFLICT_PROP_FIELD] =
    g_param_spec_string ("field", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  conflict_properties[CONFLICT_PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  conflict_properties[CONFLICT_PROP_BASE] =
    g_param_spec_string ("base", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  conflict_properties[CONFLICT_PROP_MINE] =
    g_param_spec_string ("mine", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  conflict_properties[CONFLICT_PROP_THEIRS] =
    g_param_spec_string ("theirs", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* A plain int: BylineMergeChoice has no GType of its own. */
  conflict_properties[CONFLICT_PROP_CHOICE] =
    g_param_spec_int ("choice", NULL, NULL,
                      BYLINE_MERGE_CHOICE_NONE, BYLINE_MERGE_CHOICE_CUSTOM,
                      BYLINE_MERGE_CHOICE_NONE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_CONFLICT_PROPS, conflict_properties);
}

static void
byline_merge_conflict_init (BylineMergeConflict *self)
{
}

/* Empty text stands for "not there": the header promises NULL for a side
 * that deleted the value. */
static char *
dup_display (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static BylineMergeConflict *
conflict_new (ConflictKind  kind,
              const char   *field,
              const char   *label,
              char         *base,
              char         *mine,
              char         *theirs)
{
  BylineMergeConflict *self = g_object_new (BYLINE_TYPE_MERGE_CONFLICT, NULL);

  self->kind = kind;
  self->field = g_strdup (field);
  self->label = g_strdup (label);
  self->base = base;
  self->mine = mine;
  self->theirs = theirs;

  return self;
}

const char *
byline_merge_conflict_get_field (BylineMergeConflict *self)
{
  g_return_val_if_fail (BYLINE_IS_MERGE_CONFLICT (self), NULL);
  return self->field;
}

const char *
byline_merge_conflict_get_label (BylineMergeConflict *self)
{
  g_return_val_if_fail (BYLINE_IS_MERGE_CONFLICT (self), NULL);
  return self->label;
}

const char *
byline_merge_conflict_get_base (BylineMergeConflict *self)
{
  g_return_val_if_fail (BYLINE_IS_MERGE_CONFLICT (self), NULL);
  return self->base;
}

const char *
byline_merge_conflict_get_mine (BylineMergeConflict *self)
{
  g_return_val_if_fail (BYLINE_IS_MERGE_CONFLICT (self), NULL);
  return self->mine;
}

const char *
byline_merge_conflict_get_theirs (BylineMergeConflict *self)
{
  g_return_val_if_fail (BYLINE_IS_MERGE_CONFLICT (self), NULL);
  return self->theirs;
}

BylineMergeChoice
byline_merge_conflict_get_choice (BylineMergeConflict *self)
{
  g_return_val_if_fail (BYLINE_IS_MERGE_CONFLICT (self), BYLINE_MERGE_CHOICE_NONE);
  return self->choice;
}

/* Display texts */

static const char *
status_label (BylineArticleStatus status)
{
  switch (status)
    {
    case BYLINE_ARTICLE_STATUS_DRAFT:
      return _("Draft");
    case BYLINE_ARTICLE_STATUS_PENDING_REVIEW:
      return _("Pending review");
    case BYLINE_ARTICLE_STATUS_SCHEDULED:
      return _("Scheduled");
    case BYLINE_ARTICLE_STATUS_PUBLISHED:
      return _("Published");
    default:
      return "";
    }
}

/* "2024-05-01 14:00 UTC": what the journalist picked, to the minute
 * (seconds only when there are any); NULL for no time. */
static char *
time_label (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;
  utc = g_date_time_to_utc (time);
  if (g_date_time_get_second (utc) != 0 || g_date_time_get_microsecond (utc) != 0)
    return g_date_time_format (utc, "%Y-%m-%d %H:%M:%S UTC");
  return g_date_time_format (utc, "%Y-%m-%d %H:%M UTC");
}

/* Reads back time_label() or any ISO 8601 time with a zone; "" is no time. */
static gboolean
parse_time (const char  *text,
            GDateTime  **time)
{
  g_autofree char *s = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GDateTime) parsed = NULL;

  *time = NULL;
  if (*s == '\0')
    return TRUE;
  if (g_str_has_suffix (s, " UTC"))
    {
      char *space = strchr (s, ' ');
      char *time_part;

      s[strlen (s) - 4] = '\0';
      if (space != NULL)
        *space = 'T';
      /* GLib wants the seconds, the label leaves them out */
      time_part = strchr (s, 'T');
      if (time_part != NULL && strchr (time_part, ':') == strrchr (time_part, ':'))
        {
          g_autofree char *full = g_strconcat (s, ":00Z", NULL);

          parsed = g_date_time_new_from_iso8601 (full, NULL);
        }
      else
        {
          g_autofree char *full = g_strconcat (s, "Z", NULL);

          parsed = g_date_time_new_from_iso8601 (full, NULL);
        }
    }
  else
    parsed = g_date_time_new_from_iso8601 (s, NULL);
  if (parsed == NULL)
    return FALSE;
  *time = g_date_time_to_utc (parsed);
  return TRUE;
}

static gboolean
time_equal (GDateTime *a,
            GDateTime *b)
{
  return a == NULL ? b == NULL : b != NULL && g_date_time_equal (a, b);
}

static const char *
flag_label (gboolean flag)
{
  return flag ? _("Decorative") : _("Not decorative");
}

static void
append_line (GString    *out,
             const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  if (out->len > 0)
    g_string_append_c (out, '\n');
  g_string_append (out, text);
}

static char *
describe_image (BylineImage *image)
{
  GString *out;

  if (image == NULL)
    return NULL;

  out = g_string_new (NULL);
  append_line (out, byline_image_get_caption (image));
  append_line (out, byline_image_get_credit (image));
  append_line (out, byline_image_get_alt (image));
  append_line (out, byline_image_get_src (image));
  return g_string_free (out, FALSE);
}

static void
append_block_text (GString     *out,
                   BylineBlock *block)
{
  switch (byline_block_get_kind (block))
    {
    case BYLINE_BLOCK_QUOTE:
      g_string_append (out, byline_block_get_text (block));
      if (*byline_block_get_attribution (block) != '\0')
        g_string_append_printf (out, "\n— %s", byline_block_get_attribution (block));
      break;

    case BYLINE_BLOCK_IMAGE:
      {
        g_autofree char *text = describe_image (byline_block_get_image (block));
        g_string_append (out, text != NULL ? text : "");
      }
      break;

    case BYLINE_BLOCK_CARD:
      {
        BylineStoryRef *ref = byline_block_get_story_ref (block);
        if (ref != NULL)
          {
            const char *headline = byline_story_ref_get_headline (ref);
            g_string_append (out, *headline != '\0' ? headline : byline_story_ref_get_url (ref));
          }
      }
      break;

    case BYLINE_BLOCK_PARAGRAPH:
    case BYLINE_BLOCK_SUBHEADING:
    case BYLINE_BLOCK_RAW:
    default:
      g_string_append (out, byline_block_get_text (block));
      break;
    }
}

/* The region's blocks as one text, blocks apart by a blank line; NULL for
 * no blocks at all. */
static char *
describe_blocks (BylineBlock * const *blocks,
                 guint                n_blocks)
{
  GString *out;

  if (n_blocks == 0)
    return NULL;

  out = g_string_new (NULL);
  for (guint i = 0; i < n_blocks; i++)
    {
      if (i > 0)
        g_string_append (out, "\n\n");
      append_block_text (out, blocks[i]);
    }
  return g_string_free (out, FALSE);
}

static char *
body_label (BylineBlock *block,
            guint        position)
{
  switch (block != NULL ? byline_block_get_kind (block) : BYLINE_BLOCK_PARAGRAPH)
    {
    case BYLINE_BLOCK_SUBHEADING:
      return g_strdup (_("Subheading"));
    case BYLINE_BLOCK_QUOTE:
      return g_strdup (_("Quote"));
    case BYLINE_BLOCK_IMAGE:
      return g_strdup (_("Image"));
    case BYLINE_BLOCK_CARD:
      return g_strdup (_("Card"));
    case BYLINE_BLOCK_RAW:
      /* TRANSLATORS: %u is the block's position in the story, from 1 */
      return g_strdup_printf (_("Block %u"), position + 1);
    case BYLINE_BLOCK_PARAGRAPH:
    default:
      /* TRANSLATORS: %u is the paragraph's position in the story, from 1 */
      return g_strdup_printf (_("Paragraph %u"), position + 1);
    }
}

/* Three-way choice of one value */

typedef enum
{
  TAKE_MINE,
  TAKE_THEIRS,
  TAKE_CONFLICT,
} Take;

static Take
three_way (gboolean mine_is_theirs,
           gboolean base_is_mine,
           gboolean base_is_theirs)
{
  if (mine_is_theirs || base_is_theirs)
    return TAKE_MINE;
  if (base_is_mine)
    return TAKE_THEIRS;
  return TAKE_CONFLICT;
}

static Take
three_way_text (const char *base,
                const char *mine,
                const char *theirs)
{
  return three_way (g_strcmp0 (mine, theirs) == 0,
                    g_strcmp0 (base, mine) == 0,
                    g_strcmp0 (base, theirs) == 0);
}

/* The merge */

static void
add_conflict (BylineMerge         *self,
              BylineMergeConflict *conflict)
{
  g_ptr_array_add (self->all, conflict);
  g_list_store_append (self->conflicts, conflict);
}

static void
merge_text_fields (BylineMerge   *self,
                   BylineArticle *base,
                   BylineArticle *mine,
                   BylineArticle *theirs)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      const TextField *f = &text_fields[i];
      const char *b = f->get (base);
      const char *m = f->get (mine);
      const char *t = f->get (theirs);

      switch (three_way_text (b, m, t))
        {
        case TAKE_MINE:
          f->set (self->result, m);
          break;
        case TAKE_THEIRS:
          f->set (self->result, t);
          break;
        case TAKE_CONFLICT:
        default:
          {
            BylineMergeConflict *c = conflict_new (CONFLICT_TEXT, f->field, _(f->label),
                                                   dup_display (b), dup_display (m),
                                                   dup_display (t));
            c->text_field = f;
            f->set (self->result, m);
            add_conflict (self, c);
          }
          break;
        }
    }
}

static void
merge_status (BylineMerge   *self,
              BylineArticle *base,
              BylineArticle *mine,
              BylineArticle *theirs)
{
  BylineArticleStatus b = byline_article_get_status (base);
  BylineArticleStatus m = byline_article_get_status (mine);
  BylineArticleStatus t = byline_article_get_status (theirs);

  switch (three_way (m == t, b == m, b == t))
    {
    case TAKE_MINE:
      byline_article_set_status (self->result, m);
      break;
    case TAKE_THEIRS:
      byline_article_set_status (self->result, t);
      break;
    case TAKE_CONFLICT:
    default:
      {
        BylineMergeConflict *c = conflict_new (CONFLICT_STATUS, "status", _("Status"),
                                               g_strdup (status_label (b)),
                                               g_strdup (status_label (m)),
                                               g_strdup (status_label (t)));
        c->mine_status = m;
        c->theirs_status = t;
        byline_article_set_status (self->result, m);
        add_conflict (self, c);
      }
      break;
    }
}

static void
merge_scheduled (BylineMerge   *self,
                 BylineArticle *base,
                 BylineArticle *mine,
                 BylineArticle *theirs)
{
  GDateTime *b = byline_article_get_scheduled_for (base);
  GDateTime *m = byline_article_get_scheduled_for (mine);
  GDateTime *t = byline_article_get_scheduled_for (theirs);

  switch (three_way (time_equal (m, t), time_equal (b, m), time_equal (b, t)))
    {
    case TAKE_MINE:
      byline_article_set_scheduled_for (self->result, m);
      break;
    case TAKE_THEIRS:
      byline_article_set_scheduled_for (self->result, t);
      break;
    case TAKE_CONFLICT:
    default:
      {
        BylineMergeConflict *c = conflict_new (CONFLICT_SCHEDULED, "scheduled_for",
                                               _("Publication time"),
                                               time_label (b), time_label (m), time_label (t));
        c->mine_time = m != NULL ? g_date_time_ref (m) : NULL;
        c->theirs_time = t != NULL ? g_date_time_ref (t) : NULL;
        byline_article_set_scheduled_for (self->result, m);
        add_conflict (self, c);
      }
      break;
    }
}

/* Tags are a set: what either side added is in, what either side removed
 * is out.  That can never contradict itself (a tag one side added was not
 * in the base, so the other side cannot have removed it), hence no
 * conflict.  Order: mine's, then theirs' additions. */
/* The word target and the dismissed checks are the journalist's own notes
 * (the CMS has neither): the target is merged three ways with mine winning
 * a clash, and a check dismissed on either side stays dismissed. */
static void
merge_checks_state (BylineMerge   *self,
                    BylineArticle *base,
                    BylineArticle *mine,
                    BylineArticle *theirs)
{
  guint b = byline_article_get_word_target (base);
  guint m = byline_article_get_word_target (mine);
  guint t = byline_article_get_word_target (theirs);
  const char * const *mine_ids = byline_article_get_dismissed_checks (mine);
  const char * const *theirs_ids = byline_article_get_dismissed_checks (theirs);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  byline_article_set_word_target (self->result, m == b ? t : m);

  for (guint i = 0; mine_ids[i] != NULL; i++)
    g_ptr_array_add (ids, (gpointer) mine_ids[i]);
  for (guint i = 0; theirs_ids[i] != NULL; i++)
    if (!g_strv_contains (mine_ids, theirs_ids[i]))
      g_ptr_array_add (ids, (gpointer) theirs_ids[i]);
  g_ptr_array_add (ids, NULL);
  byline_article_set_dismissed_checks (self->result, (const char * const *) ids->pdata);
}

static void
merge_tags (BylineMerge   *self,
            BylineArticle *base,
            BylineArticle *mine,
            BylineArticle *theirs)
{
  const char * const *b = byline_article_get_tags (base);
  const char * const *m = byline_article_get_tags (mine);
  const char * const *t = byline_article_get_tags (theirs);
  g_autoptr(GHashTable) in_base = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) in_mine = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) in_theirs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();

  for (guint i = 0; b != NULL && b[i] != NULL; i++)
    g_hash_table_add (in_base, (gpointer) b[i]);
  for (guint i = 0; m != NULL && m[i] != NULL; i++)
    g_hash_table_add (in_mine, (gpointer) m[i]);
  for (guint i = 0; t != NULL && t[i] != NULL; i++)
    g_hash_table_add (in_theirs, (gpointer) t[i]);

  for (guint i = 0; m != NULL && m[i] != NULL; i++)
    {
      gboolean removed_by_theirs = g_hash_table_contains (in_base, m[i]) &&
                                   !g_hash_table_contains (in_theirs, m[i]);

      if (!removed_by_theirs && g_hash_table_add (taken, (gpointer) m[i]))
        g_ptr_array_add (tags, (gpointer) m[i]);
    }

  for (guint i = 0; t != NULL && t[i] != NULL; i++)
    {
      gboolean added_by_theirs = !g_hash_table_contains (in_base, t[i]);

      if (added_by_theirs && g_hash_table_add (taken, (gpointer) t[i]))
        g_ptr_array_add (tags, (gpointer) t[i]);
    }

  g_ptr_array_add (tags, NULL);
  byline_article_set_tags (self->result, (const char * const *) tags->pdata);
}

static void
merge_image_fields (BylineMerge *self,
                    BylineImage *base,
                    BylineImage *mine,
                    BylineImage *theirs,
                    BylineImage *result)
{
  gboolean b, m, t;

  for (guint i = 0; i < G_N_ELEMENTS (image_fields); i++)
    {
      const ImageField *f = &image_fields[i];
      const char *bv = f->get (base);
      const char *mv = f->get (mine);
      const char *tv = f->get (theirs);

      switch (three_way_text (bv, mv, tv))
        {
        case TAKE_MINE:
          f->set (result, mv);
          break;
        case TAKE_THEIRS:
          f->set (result, tv);
          break;
        case TAKE_CONFLICT:
        default:
          {
            BylineMergeConflict *c = conflict_new (CONFLICT_IMAGE_TEXT, f->field, _(f->label),
                                                   dup_display (bv), dup_display (mv),
                                                   dup_display (tv));
            c->image_field = f;
            f->set (result, mv);
            add_conflict (self, c);
          }
          break;
        }
    }

  b = byline_image_get_decorative (base);
  m = byline_image_get_decorative (mine);
  t = byline_image_get_decorative (theirs);
  switch (three_way (m == t, b == m, b == t))
    {
    case TAKE_MINE:
      byline_image_set_decorative (result, m);
      break;
    case TAKE_THEIRS:
      byline_image_set_decorative (result, t);
      break;
    case TAKE_CONFLICT:
    default:
      {
        BylineMergeConflict *c = conflict_new (CONFLICT_IMAGE_DECORATIVE,
                                               "lead_image.decorative",
                                               _("Lead image is decorative"),
                                               g_strdup (flag_label (b)),
                                               g_strdup (flag_label (m)),
                                               g_strdup (flag_label (t)));
        c->mine_flag = m;
        c->theirs_flag = t;
        byline_image_set_decorative (result, m);
        add_conflict (self, c);
      }
      break;
    }
}

static void
merge_lead_image (BylineMerge   *self,
                  BylineArticle *base,
                  BylineArticle *mine,
                  BylineArticle *theirs)
{
  BylineImage *b = byline_article_get_lead_image (base);
  BylineImage *m = byline_article_get_lead_image (mine);
  BylineImage *t = byline_article_get_lead_image (theirs);
  g_autoptr(BylineImage) result = NULL;
  BylineMergeConflict *c;

  switch (three_way (byline_image_equal (m, t), byline_image_equal (b, m),
                     byline_image_equal (b, t)))
    {
    case TAKE_MINE:
      result = m != NULL ? byline_image_copy (m) : NULL;
      break;

    case TAKE_THEIRS:
      result = t != NULL ? byline_image_copy (t) : NULL;
      break;

    case TAKE_CONFLICT:
    default:
      /* Both sides kept an image that was there (or both added the same
       * photo): merge its texts one by one, like the article's. */
      if (m != NULL && t != NULL &&
          (b != NULL || g_str_equal (byline_image_get_src (m), byline_image_get_src (t))))
        {
          g_autoptr(BylineImage) empty = byline_image_new ();

          result = byline_image_copy (m);
          merge_image_fields (self, b != NULL ? b : empty, m, t, result);
          break;
        }

      /* One side removed the image the other changed, or the two added
       * different photos: only the whole image can be chosen. */
      c = conflict_new (CONFLICT_IMAGE_WHOLE, "lead_image", _("Lead image"),
                        describe_image (b), describe_image (m), describe_image (t));
      c->mine_image = m != NULL ? byline_image_copy (m) : NULL;
      c->theirs_image = t != NULL ? byline_image_copy (t) : NULL;
      result = m != NULL ? byline_image_copy (m) : NULL;
      add_conflict (self, c);
      break;
    }

  byline_article_set_lead_image (self->result, result);
}

/* Related stories are matched by the CMS id (a story not yet in the CMS by
 * its URL, then its headline). */
static char *
story_key (BylineStoryRef *ref)
{
  const char *id = byline_story_ref_get_cms_id (ref);
  const char *url = byline_story_ref_get_url (ref);

  if (*id != '\0')
    return g_strconcat ("id:", id, NULL);
  if (*url != '\0')
    return g_strconcat ("url:", url, NULL);
  return g_strconcat ("headline:", byline_story_ref_get_headline (ref), NULL);
}

static GHashTable *
index_related (BylineArticle *article,
               GPtrArray     *keys_out)
{
  GListModel *related = byline_article_get_related (article);
  guint n = g_list_model_get_n_items (related);
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      BylineStoryRef *ref = g_list_model_get_item (related, i);
      char *key = story_key (ref);

      if (keys_out != NULL)
        g_ptr_array_add (keys_out, g_strdup (key));
      /* A story listed twice counts once: the first place wins. */
      if (g_hash_table_contains (index, key))
        {
          g_free (key);
          g_object_unref (ref);
        }
      else
        g_hash_table_insert (index, key, ref);
    }

  return index;
}

/* A list merged like the tags (adds and removes from both sides; mine's
 * order, theirs' additions appended).  A story both sides kept takes the
 * side that changed its texts; when both did, mine: those texts are the
 * other story's, refreshed from the CMS, not anybody's writing.  A removal
 * wins over a change of the texts, which only described the link. */
static void
merge_related (BylineMerge   *self,
               BylineArticle *base,
               BylineArticle *mine,
               BylineArticle *theirs)
{
  g_autoptr(GPtrArray) mine_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) theirs_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) b = index_related (base, NULL);
  g_autoptr(GHashTable) m = index_related (mine, mine_keys);
  g_autoptr(GHashTable) t = index_related (theirs, theirs_keys);
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  guint position = 0;

  for (guint i = 0; i < mine_keys->len; i++)
    {
      const char *key = g_ptr_array_index (mine_keys, i);
      BylineStoryRef *base_ref = g_hash_table_lookup (b, key);
      BylineStoryRef *mine_ref = g_hash_table_lookup (m, key);
      BylineStoryRef *theirs_ref = g_hash_table_lookup (t, key);
      BylineStoryRef *pick = mine_ref;
      g_autoptr(BylineStoryRef) copy = NULL;

      if (base_ref != NULL && theirs_ref == NULL)
        continue;             /* theirs removed it */
      if (!g_hash_table_add (taken, (gpointer) key))
        continue;

      if (base_ref != NULL && theirs_ref != NULL &&
          byline_story_ref_equal (base_ref, mine_ref) &&
          !byline_story_ref_equal (base_ref, theirs_ref))
        pick = theirs_ref;

      copy = byline_story_ref_copy (pick);
      byline_article_insert_related (self->result, position++, copy);
    }

  for (guint i = 0; i < theirs_keys->len; i++)
    {
      const char *key = g_ptr_array_index (theirs_keys, i);
      g_autoptr(BylineStoryRef) copy = NULL;

      if (g_hash_table_contains (b, key) || g_hash_table_contains (m, key))
        continue;             /* not an addition of theirs */
      if (!g_hash_table_add (taken, (gpointer) key))
        continue;

      copy = byline_story_ref_copy (g_hash_table_lookup (t, key));
      byline_article_insert_related (self->result, position++, copy);
    }
}

/* The body: blocks become small integers (equal blocks, equal numbers) so
 * the diff compares integers, then each side's diff against the base is
 * cut into hunks and the hunks of the two sides are merged like diff3. */

static guint
hash_text (guint       h,
           const char *text)
{
  return h * 31 + (text != NULL ? g_str_hash (text) : 0);
}

static guint
hash_image (guint        h,
            BylineImage *image)
{
  if (image == NULL)
    return h * 31;
  h = hash_text (h, byline_image_get_src (image));
  h = hash_text (h, byline_image_get_caption (image));
  h = hash_text (h, byline_image_get_credit (image));
  h = hash_text (h, byline_image_get_alt (image));
  return h * 31 + (byline_image_get_decorative (image) ? 1 : 0);
}

static guint
block_hash (gconstpointer data)
{
  BylineBlock *block = (BylineBlock *) data;
  BylineStoryRef *ref = byline_block_get_story_ref (block);
  const BylineMark *marks;
  guint n_marks = 0;
  guint h = byline_block_get_kind (block);

  h = hash_text (h, byline_block_get_text (block));
  h = hash_text (h, byline_block_get_attribution (block));
  marks = byline_block_get_marks (block, &n_marks);
  for (guint i = 0; i < n_marks; i++)
    {
      h = h * 31 + marks[i].kind;
      h = h * 31 + marks[i].start;
      h = h * 31 + marks[i].end;
      h = hash_text (h, marks[i].href);
    }
  h = hash_image (h, byline_block_get_image (block));
  if (ref != NULL)
    {
      h = hash_text (h, byline_story_ref_get_cms_id (ref));
      h = hash_text (h, byline_story_ref_get_url (ref));
      h = hash_text (h, byline_story_ref_get_headline (ref));
    }
  return h;
}

static gboolean
block_equal (gconstpointer a,
             gconstpointer b)
{
  return byline_block_equal ((BylineBlock *) a, (BylineBlock *) b);
}

typedef struct
{
  GPtrArray *blocks;            /* of BylineBlock, borrowed from the article */
  guint *ids;                   /* the class of each block */
} Side;

static void
side_init (Side          *side,
           BylineArticle *article,
           GHashTable    *classes)
{
  GListModel *body = byline_article_get_body (article);
  guint n = g_list_model_get_n_items (body);

  side->blocks = g_ptr_array_new_full (n, g_object_unref);
  side->ids = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      BylineBlock *block = g_list_model_get_item (body, i);
      gpointer id;

      g_ptr_array_add (side->blocks, block);
      if (!g_hash_table_lookup_extended (classes, block, NULL, &id))
        {
          id = GUINT_TO_POINTER (g_hash_table_size (classes));
          g_hash_table_insert (classes, block, id);
        }
      side->ids[i] = GPOINTER_TO_UINT (id);
    }
}

static void
side_clear (Side *side)
{
  g_clear_pointer (&side->blocks, g_ptr_array_unref);
  g_clear_pointer (&side->ids, g_free);
}

/* A stretch of the base [base_start, base_end) that one side replaced by
 * its [side_start, side_end); an insertion has an empty base range. */
typedef struct
{
  guint base_start;
  guint base_end;
  guint side_start;
  guint side_end;
} Hunk;

/* Myers' O((N+M)·D) diff of a[0..n) and b[0..m): appends the matched
 * pairs (i, j), in order, to @matches as two guints each.  FALSE when the
 * sides differ by more than @max_d edits. */
static gboolean
myers_matches (const guint *a,
               guint        n,
               const guint *b,
               guint        m,
               guint        max_d,
               GArray      *matches)
{
  gint limit = (gint) MIN ((guint) n + m, max_d);
  gint offset = limit + 1;
  g_autofree gint *v = g_new0 (gint, 2 * limit + 3);
  g_autoptr(GPtrArray) trace = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) reversed = g_array_new (FALSE, FALSE, sizeof (guint));
  gint found = -1;
  gint x, y;

  for (gint d = 0; d <= limit && found < 0; d++)
    {
      for (gint k = -d; k <= d; k += 2)
        {
          if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
            x = v[offset + k + 1];
          else
            x = v[offset + k - 1] + 1;
          y = x - k;
          while (x < (gint) n && y < (gint) m && a[x] == b[y])
            x++, y++;
          v[offset + k] = x;
          if (x >= (gint) n && y >= (gint) m)
            {
              found = d;
              break;
            }
        }
      /* Keep this round's furthest points for the way back. */
      g_ptr_array_add (trace, g_memdup2 (&v[offset - d], (2 * d + 1) * sizeof (gint)));
    }

  if (found < 0)
    return FALSE;

  x = n;
  y = m;
  for (gint d = found; d > 0; d--)
    {
      const gint *prev = g_ptr_array_index (trace, d - 1);  /* index k + d - 1 */
      gint k = x - y;
      gint prev_k, prev_x, prev_y;

      if (k == -d || (k != d && prev[k - 1 + d - 1] < prev[k + 1 + d - 1]))
        prev_k = k + 1;
      else
        prev_k = k - 1;
      prev_x = prev[prev_k + d - 1];
      prev_y = prev_x - prev_k;

      while (x > prev_x && y > prev_y)
        {
          x--, y--;
          g_array_append_val (reversed, y);
          g_array_append_val (reversed, x);
        }
      x = prev_x;
      y = prev_y;
    }
  while (x > 0 && y > 0)
    {
      x--, y--;
      g_array_append_val (reversed, y);
      g_array_append_val (reversed, x);
    }

  for (guint i = reversed->len; i > 0; i--)
    g_array_append_val (matches, g_array_index (reversed, guint, i - 1));

  return TRUE;
}

static void
add_hunk (GArray *hunks,
          guint   base_start,
          guint   base_end,
          guint   side_start,
          guint   side_end)
{
  Hunk hunk = { base_start, base_end, side_start, side_end };

  if (base_start < base_end || side_start < side_end)
    g_array_append_val (hunks, hunk);
}

/* The hunks that turn @base into @side, in base order. */
static GArray *
diff_sides (const Side *base,
            const Side *side)
{
  GArray *hunks = g_array_new (FALSE, FALSE, sizeof (Hunk));
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = base->blocks->len;
  guint m = side->blocks->len;
  guint prefix = 0;
  guint suffix = 0;
  guint bi, si;

  /* Most merges change a few blocks: the common ends cost one pass. */
  while (prefix < n && prefix < m && base->ids[prefix] == side->ids[prefix])
    prefix++;
  while (suffix < n - prefix && suffix < m - prefix &&
         base->ids[n - 1 - suffix] == side->ids[m - 1 - suffix])
    suffix++;

  if (!myers_matches (base->ids + prefix, n - prefix - suffix,
                      side->ids + prefix, m - prefix - suffix,
                      MAX_EDIT_DISTANCE, matches))
    {
      add_hunk (hunks, prefix, n - suffix, prefix, m - suffix);
      return hunks;
    }

  bi = prefix;
  si = prefix;
  for (guint i = 0; i < matches->len; i += 2)
    {
      guint mb = prefix + g_array_index (matches, guint, i);
      guint ms = prefix + g_array_index (matches, guint, i + 1);

      add_hunk (hunks, bi, mb, si, ms);
      bi = mb + 1;
      si = ms + 1;
    }
  add_hunk (hunks, bi, n - suffix, si, m - suffix);

  return hunks;
}

static gboolean
ranges_equal (const Side *a,
              guint       a_start,
              guint       a_end,
              const Side *b,
              guint       b_start,
              guint       b_end)
{
  if (a_end - a_start != b_end - b_start)
    return FALSE;
  for (guint i = 0; i < a_end - a_start; i++)
    if (a->ids[a_start + i] != b->ids[b_start + i])
      return FALSE;
  return TRUE;
}

static void
append_copies (GPtrArray  *out,
               const Side *side,
               guint       start,
               guint       end)
{
  for (guint i = start; i < end; i++)
    g_ptr_array_add (out, byline_block_copy (g_ptr_array_index (side->blocks, i)));
}

static GPtrArray *
copy_range (const Side *side,
            guint       start,
            guint       end)
{
  GPtrArray *out = g_ptr_array_new_full (end - start, g_object_unref);

  append_copies (out, side, start, end);
  return out;
}

/* Whether a stretch that both sides changed, keeping its number of blocks,
 * merges paragraph by paragraph: no block changed by both sides to
 * different things. */
static gboolean
pairwise_clean (const Side *b,
                guint       base_start,
                const Side *m,
                guint       mine_start,
                const Side *t,
                guint       theirs_start,
                guint       n_base,
                guint       n_mine,
                guint       n_theirs)
{
  if (n_base != n_mine || n_base != n_theirs)
    return FALSE;

  for (guint i = 0; i < n_base; i++)
    {
      guint bi = b->ids[base_start + i];
      guint mi = m->ids[mine_start + i];
      guint ti = t->ids[theirs_start + i];

      if (mi != bi && ti != bi && mi != ti)
        return FALSE;
    }
  return TRUE;
}

/* Whether hunk @h touches the cluster of base range [start, end): ranges
 * that share a block overlap; an insertion overlaps a range it falls
 * strictly inside, and another insertion at the same place. */
static gboolean
hunk_joins (const Hunk *h,
            guint       start,
            guint       end)
{
  if (start == end)
    return h->base_start == h->base_end && h->base_start == start;
  if (h->base_start == h->base_end)
    return start < h->base_start && h->base_start < end;
  return h->base_start < end;
}

/* Sort order of hunks from both sides: by base position, an insertion
 * before a replacement that starts at the same place (the inserted blocks
 * go in front of the replaced ones). */
static gboolean
hunk_before (const Hunk *a,
             const Hunk *b)
{
  if (a->base_start != b->base_start)
    return a->base_start < b->base_start;
  return a->base_start == a->base_end && b->base_start != b->base_end;
}

static void
merge_body (BylineMerge   *self,
            BylineArticle *base,
            BylineArticle *mine,
            BylineArticle *theirs)
{
  g_autoptr(GHashTable) classes = g_hash_table_new (block_hash, block_equal);
  g_autoptr(GArray) mine_hunks = NULL;
  g_autoptr(GArray) theirs_hunks = NULL;
  g_autoptr(GPtrArray) out = NULL;
  Side b = { 0 }, m = { 0 }, t = { 0 };
  gint mine_delta = 0;          /* mine position - base position, so far */
  gint theirs_delta = 0;
  guint base_pos = 0;
  guint mi = 0, ti = 0;

  side_init (&b, base, classes);
  side_init (&m, mine, classes);
  side_init (&t, theirs, classes);

  mine_hunks = diff_sides (&b, &m);
  theirs_hunks = diff_sides (&b, &t);
  out = g_ptr_array_new_full (m.blocks->len + 8, g_object_unref);

  while (mi < mine_hunks->len || ti < theirs_hunks->len)
    {
      gboolean first_is_mine;
      guint start, end;
      guint mine_start, theirs_start;
      gboolean has_mine = FALSE, has_theirs = FALSE;

      first_is_mine = ti >= theirs_hunks->len ||
                      (mi < mine_hunks->len &&
                       !hunk_before (&g_array_index (theirs_hunks, Hunk, ti),
                                     &g_array_index (mine_hunks, Hunk, mi)));
      start = first_is_mine ? g_array_index (mine_hunks, Hunk, mi).base_start
                            : g_array_index (theirs_hunks, Hunk, ti).base_start;
      end = start;

      /* The untouched blocks before this change. */
      append_copies (out, &m, base_pos + mine_delta, start + mine_delta);
      mine_start = start + mine_delta;
      theirs_start = start + theirs_delta;

      /* The first hunk, then every hunk of either side that overlaps what
       * is gathered so far (transitively). */
      for (gboolean take_first = TRUE; ; take_first = FALSE)
        {
          const Hunk *h;

          if (take_first ? first_is_mine
                         : mi < mine_hunks->len &&
                           hunk_joins (&g_array_index (mine_hunks, Hunk, mi), start, end))
            {
              h = &g_array_index (mine_hunks, Hunk, mi++);
              mine_delta += (gint) (h->side_end - h->side_start) - (gint) (h->base_end - h->base_start);
              has_mine = TRUE;
            }
          else if (take_first ||
                   (ti < theirs_hunks->len &&
                    hunk_joins (&g_array_index (theirs_hunks, Hunk, ti), start, end)))
            {
              h = &g_array_index (theirs_hunks, Hunk, ti++);
              theirs_delta += (gint) (h->side_end - h->side_start) - (gint) (h->base_end - h->base_start);
              has_theirs = TRUE;
            }
          else
            break;

          end = MAX (end, h->base_end);
        }

      {
        guint mine_end = end + mine_delta;
        guint theirs_end = end + theirs_delta;

        if (!has_theirs || ranges_equal (&m, mine_start, mine_end, &t, theirs_start, theirs_end))
          append_copies (out, &m, mine_start, mine_end);
        else if (!has_mine)
          append_copies (out, &t, theirs_start, theirs_end);
        else if (start == end)
          {
            /* Both sides added blocks at the same place: keep both, mine
             * first.  Nothing is lost and the journalist can delete. */
            append_copies (out, &m, mine_start, mine_end);
            append_copies (out, &t, theirs_start, theirs_end);
          }
        else if (pairwise_clean (&b, start, &m, mine_start, &t, theirs_start,
                                 end - start, mine_end - mine_start, theirs_end - theirs_start))
          {
            /* Each side edited whole paragraphs in place, none the same
             * one differently (one side's diff joined neighbours into one
             * stretch): paragraph by paragraph, the side that changed it. */
            for (guint i = 0; i < end - start; i++)
              {
                if (m.ids[mine_start + i] != b.ids[start + i])
                  append_copies (out, &m, mine_start + i, mine_start + i + 1);
                else
                  append_copies (out, &t, theirs_start + i, theirs_start + i + 1);
              }
          }
        else
          {
            BylineMergeConflict *c;
            BylineBlock *sample;
            g_autofree char *label = NULL;
            g_autofree char *field = NULL;

            sample = mine_end > mine_start ? g_ptr_array_index (m.blocks, mine_start)
                   : theirs_end > theirs_start ? g_ptr_array_index (t.blocks, theirs_start)
                   : g_ptr_array_index (b.blocks, start);
            label = body_label (sample, out->len);
            field = g_strdup_printf ("body[%u]", out->len);
            c = conflict_new (CONFLICT_BODY, field, label,
                              describe_blocks ((BylineBlock * const *) b.blocks->pdata + start, end - start),
                              describe_blocks ((BylineBlock * const *) m.blocks->pdata + mine_start, mine_end - mine_start),
                              describe_blocks ((BylineBlock * const *) t.blocks->pdata + theirs_start, theirs_end - theirs_start));
            c->position = out->len;
            c->mine_blocks = copy_range (&m, mine_start, mine_end);
            c->theirs_blocks = copy_range (&t, theirs_start, theirs_end);
            c->current = g_ptr_array_new_with_free_func (g_object_unref);

            append_copies (out, &m, mine_start, mine_end);
            for (guint i = c->position; i < out->len; i++)
              g_ptr_array_add (c->current, g_object_ref (g_ptr_array_index (out, i)));

            add_conflict (self, c);
          }
      }

      base_pos = end;
    }

  append_copies (out, &m, base_pos + mine_delta, m.blocks->len);

  byline_article_splice_body (self->result, 0, 0,
                              (BylineBlock * const *) out->pdata, out->len);

  side_clear (&b);
  side_clear (&m);
  side_clear (&t);
}

/* BylineMerge */

static void
byline_merge_finalize (GObject *object)
{
  BylineMerge *self = (BylineMerge *) object;

  g_clear_object (&self->result);
  g_clear_object (&self->conflicts);
  g_clear_pointer (&self->all, g_ptr_array_unref);

  G_OBJECT_CLASS (byline_merge_parent_class)->finalize (object);
}

static void
byline_merge_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BylineMerge *self = BYLINE_MERGE (object);

  switch (prop_id)
    {
    case PROP_RESULT:
      g_value_set_object (value, self->result);
      break;
    case PROP_HAS_CONFLICTS:
      g_value_set_boolean (value, byline_merge_has_conflicts (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_merge_class_init (BylineMergeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = byline_merge_finalize;
  object_class->get_property = byline_merge_get_property;

  properties[PROP_RESULT] =
    g_param_spec_object ("result", NULL, NULL, BYLINE_TYPE_ARTICLE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_CONFLICTS] =
    g_param_spec_boolean ("has-conflicts", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
byline_merge_init (BylineMerge *self)
{
  self->conflicts = g_list_store_new (BYLINE_TYPE_MERGE_CONFLICT);
  self->all = g_ptr_array_new_with_free_func (g_object_unref);
}

static GDateTime *
newest (GDateTime *a,
        GDateTime *b)
{
  if (a == NULL)
    return b;
  if (b == NULL)
    return a;
  return g_date_time_compare (a, b) >= 0 ? a : b;
}

BylineMerge *
byline_merge_new (BylineArticle *base,
                  BylineArticle *mine,
                  BylineArticle *theirs)
{
  BylineMerge *self;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (base), NULL);
  g_return_val_if_fail (BYLINE_IS_ARTICLE (mine), NULL);
  g_return_val_if_fail (BYLINE_IS_ARTICLE (theirs), NULL);

  self = g_object_new (BYLINE_TYPE_MERGE, NULL);
  self->result = byline_article_new_with_id (byline_article_get_id (mine));

  merge_text_fields (self, base, mine, theirs);
  merge_status (self, base, mine, theirs);
  merge_scheduled (self, base, mine, theirs);
  merge_tags (self, base, mine, theirs);
  merge_checks_state (self, base, mine, theirs);
  merge_lead_image (self, base, mine, theirs);
  merge_related (self, base, mine, theirs);
  merge_body (self, base, mine, theirs);

  byline_article_set_created (self->result, byline_article_get_created (mine));
  /* Building the result moved "modified" to now; the merge itself is
   * nobody's edit, so it carries the newer of the two sides' times. */
  byline_article_finish_loading (self->result,
                                 newest (byline_article_get_modified (mine),
                                         byline_article_get_modified (theirs)));

  return self;
}

gboolean
byline_merge_has_conflicts (BylineMerge *self)
{
  g_return_val_if_fail (BYLINE_IS_MERGE (self), FALSE);

  return g_list_model_get_n_items (G_LIST_MODEL (self->conflicts)) > 0;
}

GListModel *
byline_merge_get_conflicts (BylineMerge *self)
{
  g_return_val_if_fail (BYLINE_IS_MERGE (self), NULL);

  return G_LIST_MODEL (self->conflicts);
}

BylineArticle *
byline_merge_get_result (BylineMerge *self)
{
  g_return_val_if_fail (BYLINE_IS_MERGE (self), NULL);

  return self->result;
}

/* Paragraphs of @text: runs of lines apart by blank lines. */
static GPtrArray *
paragraphs_from_text (const char *text)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);
  g_autoptr(GString) paragraph = g_string_new (NULL);

  for (guint i = 0; ; i++)
    {
      g_autofree char *line = lines[i] != NULL ? g_strstrip (g_strdup (lines[i])) : NULL;

      if (line != NULL && *line != '\0')
        {
          if (paragraph->len > 0)
            g_string_append_c (paragraph, '\n');
          g_string_append (paragraph, line);
          continue;
        }

      if (paragraph->len > 0)
        {
          g_ptr_array_add (blocks, byline_block_new_paragraph (paragraph->str));
          g_string_truncate (paragraph, 0);
        }

      if (line == NULL)
        break;
    }

  return blocks;
}

/* Where the region of @c stands in the result now: at its recorded place
 * unless the result's body was edited meanwhile, then wherever its first
 * block went.  FALSE when it cannot be found any more. */
static gboolean
locate_region (BylineMerge         *self,
               BylineMergeConflict *c,
               guint               *position)
{
  GListModel *body = byline_article_get_body (self->result);
  guint n = g_list_model_get_n_items (body);
  gboolean in_place = c->position + c->current->len <= n;

  for (guint i = 0; in_place && i < c->current->len; i++)
    {
      g_autoptr(BylineBlock) block = g_list_model_get_item (body, c->position + i);
      in_place = block == g_ptr_array_index (c->current, i);
    }

  if (in_place)
    {
      *position = c->position;
      return TRUE;
    }

  if (c->current->len == 0)
    return FALSE;

  for (guint p = 0; p + c->current->len <= n; p++)
    {
      g_autoptr(BylineBlock) block = g_list_model_get_item (body, p);

      if (block == g_ptr_array_index (c->current, 0))
        {
          for (guint i = 1; i < c->current->len; i++)
            {
              g_autoptr(BylineBlock) next = g_list_model_get_item (body, p + i);
              if (next != g_ptr_array_index (c->current, i))
                return FALSE;
            }
          *position = p;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
resolve_body (BylineMerge          *self,
              BylineMergeConflict  *c,
              BylineMergeChoice     choice,
              const char           *custom_text,
              GError              **error)
{
  g_autoptr(GPtrArray) blocks = NULL;
  guint position;
  guint old_len = c->current->len;
  gint delta;
  gboolean after = FALSE;

  if (!locate_region (self, c, &position))
    {
      g_set_error (error, BYLINE_MERGE_ERROR, BYLINE_MERGE_ERROR_UNKNOWN_CONFLICT,
                   _("“%s” was changed in the merged story after the merge, so it can no longer be replaced"),
                   c->label);
      return FALSE;
    }

  if (choice == BYLINE_MERGE_CHOICE_CUSTOM)
    blocks = paragraphs_from_text (custom_text);
  else
    {
      GPtrArray *source = choice == BYLINE_MERGE_CHOICE_MINE ? c->mine_blocks : c->theirs_blocks;

      blocks = g_ptr_array_new_full (source->len, g_object_unref);
      for (guint i = 0; i < source->len; i++)
        g_ptr_array_add (blocks, byline_block_copy (g_ptr_array_index (source, i)));
    }

  byline_article_splice_body (self->result, position, old_len,
                              (BylineBlock * const *) blocks->pdata, blocks->len);

  g_ptr_array_set_size (c->current, 0);
  for (guint i = 0; i < blocks->len; i++)
    g_ptr_array_add (c->current, g_object_ref (g_ptr_array_index (blocks, i)));
  c->position = position;

  /* The regions after this one moved by the difference. */
  delta = (gint) blocks->len - (gint) old_len;
  for (guint i = 0; i < self->all->len; i++)
    {
      BylineMergeConflict *other = g_ptr_array_index (self->all, i);

      if (other == c)
        after = TRUE;
      else if (after && other->kind == CONFLICT_BODY)
        other->position = (guint) ((gint) other->position + delta);
    }

  return TRUE;
}

static gboolean
parse_flag (const char *text,
            gboolean   *flag)
{
  g_autofree char *s = g_strstrip (g_utf8_strdown (text != NULL ? text : "", -1));

  if (g_str_equal (s, "true") || g_str_equal (s, "yes") || g_str_equal (s, "1") ||
      g_str_equal (s, "decorative"))
    *flag = TRUE;
  else if (g_str_equal (s, "false") || g_str_equal (s, "no") || g_str_equal (s, "0") ||
           g_str_equal (s, "not decorative"))
    *flag = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_status (const char          *text,
              BylineArticleStatus *status)
{
  g_autofree char *s = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (byline_article_status_from_string (s, status))
    return TRUE;
  for (guint i = BYLINE_ARTICLE_STATUS_DRAFT; i <= BYLINE_ARTICLE_STATUS_PUBLISHED; i++)
    if (g_utf8_collate (s, status_label (i)) == 0)
      {
        *status = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
byline_merge_try_resolve (BylineMerge          *self,
                          BylineMergeConflict  *conflict,
                          BylineMergeChoice     choice,
                          const char           *custom_text,
                          GError              **error)
{
  gboolean mine = choice == BYLINE_MERGE_CHOICE_MINE;
  gboolean custom = choice == BYLINE_MERGE_CHOICE_CUSTOM;
  BylineImage *image = NULL;
  guint position;

  g_return_val_if_fail (BYLINE_IS_MERGE (self), FALSE);
  g_return_val_if_fail (BYLINE_IS_MERGE_CONFLICT (conflict), FALSE);
  g_return_val_if_fail (choice == BYLINE_MERGE_CHOICE_MINE ||
                        choice == BYLINE_MERGE_CHOICE_THEIRS ||
                        choice == BYLINE_MERGE_CHOICE_CUSTOM, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_ptr_array_find (self->all, conflict, NULL))
    {
      g_set_error (error, BYLINE_MERGE_ERROR, BYLINE_MERGE_ERROR_UNKNOWN_CONFLICT,
                   _("“%s” is not a conflict of this merge"), conflict->label);
      return FALSE;
    }

  if (custom && custom_text != NULL && !g_utf8_validate (custom_text, -1, NULL))
    {
      g_set_error (error, BYLINE_MERGE_ERROR, BYLINE_MERGE_ERROR_INVALID_CUSTOM,
                   _("The text for “%s” is not valid UTF-8"), conflict->label);
      return FALSE;
    }

  if (conflict->kind == CONFLICT_IMAGE_TEXT || conflict->kind == CONFLICT_IMAGE_DECORATIVE)
    {
      image = byline_article_get_lead_image (self->result);
      if (image == NULL)
        {
          g_set_error (error, BYLINE_MERGE_ERROR, BYLINE_MERGE_ERROR_UNKNOWN_CONFLICT,
                       _("The merged story no longer has a lead image for “%s”"),
                       conflict->label);
          return FALSE;
        }
    }

  switch (conflict->kind)
    {
    case CONFLICT_TEXT:
      conflict->text_field->set (self->result,
                                 custom ? custom_text : mine ? conflict->mine : conflict->theirs);
      break;

    case CONFLICT_IMAGE_TEXT:
      conflict->image_field->set (image,
                                  custom ? custom_text : mine ? conflict->mine : conflict->theirs);
      break;

    case CONFLICT_STATUS:
      {
        BylineArticleStatus status = mine ? conflict->mine_status : conflict->theirs_status;

        if (custom && !parse_status (custom_text, &status))
          {
            g_set_error (error, BYLINE_MERGE_ERROR, BYLINE_MERGE_ERROR_INVALID_CUSTOM,
                         _("“%s” is not a status a story can have"),
                         custom_text != NULL ? custom_text : "");
            return FALSE;
          }
        byline_article_set_status (self->result, status);
      }
      break;

    case CONFLICT_SCHEDULED:
      {
        g_autoptr(GDateTime) custom_time = NULL;

        if (custom && !parse_time (custom_text, &custom_time))
          {
            g_set_error (error, BYLINE_MERGE_ERROR, BYLINE_MERGE_ERROR_INVALID_CUSTOM,
                         _("“%s” is not a date and time like 2024-05-01 14:00 UTC"),
                         custom_text != NULL ? custom_text : "");
            return FALSE;
          }
        byline_article_set_scheduled_for (self->result,
                                          custom ? custom_time
                                                 : mine ? conflict->mine_time : conflict->theirs_time);
      }
      break;

    case CONFLICT_IMAGE_DECORATIVE:
      {
        gboolean flag = mine ? conflict->mine_flag : conflict->theirs_flag;

        if (custom && !parse_flag (custom_text, &flag))
          {
            g_set_error (error, BYLINE_MERGE_ERROR, BYLINE_MERGE_ERROR_INVALID_CUSTOM,
                         _("“%s” does not say whether the lead image is decorative (yes or no)"),
                         custom_text != NULL ? custom_text : "");
            return FALSE;
          }
        byline_image_set_decorative (image, flag);
      }
      break;

    case CONFLICT_IMAGE_WHOLE:
      {
        BylineImage *pick = mine ? conflict->mine_image : conflict->theirs_image;
        g_autoptr(BylineImage) copy = NULL;

        if (custom)
          {
            g_set_error (error, BYLINE_MERGE_ERROR, BYLINE_MERGE_ERROR_INVALID_CUSTOM,
                         _("The lead image can only be taken from one side; edit its texts afterwards"));
            return FALSE;
          }
        copy = pick != NULL ? byline_image_copy (pick) : NULL;
        byline_article_set_lead_image (self->result, copy);
      }
      break;

    case CONFLICT_BODY:
      if (!resolve_body (self, conflict, choice, custom_text, error))
        return FALSE;
      break;

    default:
      g_assert_not_reached ();
    }

  if (conflict->choice != choice)
    {
      conflict->choice = choice;
      g_object_notify_by_pspec (G_OBJECT (conflict), conflict_properties[CONFLICT_PROP_CHOICE]);
    }

  if (g_list_store_find (self->conflicts, conflict, &position))
    {
      g_list_store_remove (self->conflicts, position);
      if (g_list_model_get_n_items (G_LIST_MODEL (self->conflicts)) == 0)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_CONFLICTS]);
    }

  return TRUE;
}

void
byline_merge_resolve (BylineMerge         *self,
                      BylineMergeConflict *conflict,
                      BylineMergeChoice    choice,
                      const char          *custom_text)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BYLINE_IS_MERGE (self));
  g_return_if_fail (BYLINE_IS_MERGE_CONFLICT (conflict));

  if (!byline_merge_try_resolve (self, conflict, choice, custom_text, &error))
    g_warning ("Could not resolve “%s”: %s", conflict->field, error->message);
}

/* Bringing an open article up to date in place */

static void
update_related (BylineArticle *article,
                BylineArticle *wanted)
{
  GListModel *have = byline_article_get_related (article);
  GListModel *want = byline_article_get_related (wanted);
  guint n_have = g_list_model_get_n_items (have);
  guint n_want = g_list_model_get_n_items (want);
  gboolean same = n_have == n_want;

  for (guint i = 0; same && i < n_want; i++)
    {
      g_autoptr(BylineStoryRef) a = g_list_model_get_item (have, i);
      g_autoptr(BylineStoryRef) b = g_list_model_get_item (want, i);

      same = byline_story_ref_equal (a, b);
    }
  if (same)
    return;

  while (g_list_model_get_n_items (have) > 0)
    byline_article_remove_related (article, 0);
  for (guint i = 0; i < n_want; i++)
    {
      g_autoptr(BylineStoryRef) ref = g_list_model_get_item (want, i);
      g_autoptr(BylineStoryRef) copy = byline_story_ref_copy (ref);

      byline_article_insert_related (article, i, copy);
    }
}

static void
update_lead_image (BylineArticle *article,
                   BylineArticle *wanted)
{
  BylineImage *have = byline_article_get_lead_image (article);
  BylineImage *want = byline_article_get_lead_image (wanted);

  if (byline_image_equal (have, want))
    return;

  /* The same photo with other texts: change the texts, so the widget
   * showing it (and the caret in its caption) stays. */
  if (have != NULL && want != NULL &&
      g_strcmp0 (byline_image_get_src (have), byline_image_get_src (want)) == 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (image_fields); i++)
        image_fields[i].set (have, image_fields[i].get (want));
      byline_image_set_decorative (have, byline_image_get_decorative (want));
      return;
    }

  if (want == NULL)
    byline_article_set_lead_image (article, NULL);
  else
    {
      g_autoptr(BylineImage) copy = byline_image_copy (want);
      byline_article_set_lead_image (article, copy);
    }
}

static void
update_body (BylineArticle *article,
             BylineArticle *wanted)
{
  g_autoptr(GHashTable) classes = g_hash_table_new (block_hash, block_equal);
  g_autoptr(GArray) hunks = NULL;
  Side have = { 0, };
  Side want = { 0, };

  side_init (&have, article, classes);
  side_init (&want, wanted, classes);
  hunks = diff_sides (&have, &want);

  /* From the end, so the positions of earlier hunks still hold. */
  for (guint i = hunks->len; i > 0; i--)
    {
      const Hunk *hunk = &g_array_index (hunks, Hunk, i - 1);
      g_autoptr(GPtrArray) blocks = copy_range (&want, hunk->side_start, hunk->side_end);

      byline_article_splice_body (article, hunk->base_start, hunk->base_end - hunk->base_start,
                                  (BylineBlock * const *) blocks->pdata, blocks->len);
    }

  side_clear (&have);
  side_clear (&want);
}

void
byline_merge_update_article (BylineArticle *article,
                             BylineArticle *wanted)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (article));
  g_return_if_fail (BYLINE_IS_ARTICLE (wanted));

  /* Each setter compares first: an equal field is not touched. */
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    text_fields[i].set (article, text_fields[i].get (wanted));
  byline_article_set_tags (article, byline_article_get_tags (wanted));
  byline_article_set_status (article, byline_article_get_status (wanted));
  byline_article_set_scheduled_for (article, byline_article_get_scheduled_for (wanted));
  update_lead_image (article, wanted);
  update_related (article, wanted);
  update_body (article, wanted);
}
