/* byline-block.c: one block of a story's body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-block"

#include "byline-block.h"
#include "byline-block-private.h"
#include "byline-model-enums.h"
#include "byline-article-format-private.h"
#include "byline-model-private.h"

struct _BylineBlock
{
  GObject parent_instance;

  BylineBlockKind kind;
  char *text;
  guint text_chars;
  guint word_count;
  GArray *marks;                /* of BylineMark, normalised */
  char *attribution;
  BylineImage *image;
  BylineStoryRef *story_ref;

  GBytes *json;                 /* cached serialisation, NULL when dirty */
  BylineLimitViolation limit;   /* what is over a limit, found with @json */

  gpointer owner;               /* the article whose body holds us, unowned */
  BylineBlockOwnerFunc owner_changed;
  guint counted_words;          /* our words as included in the owner's total */
};

G_DEFINE_FINAL_TYPE (BylineBlock, byline_block, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_TEXT,
  PROP_ATTRIBUTION,
  PROP_IMAGE,
  PROP_STORY_REF,
  PROP_WORD_COUNT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];
static guint recount_calls;

static void
clear_mark (gpointer data)
{
  BylineMark *mark = data;

  g_clear_pointer (&mark->href, g_free);
}

static void
emit_changed (BylineBlock *self)
{
  /* Any change makes the cached JSON stale. */
  g_clear_pointer (&self->json, g_bytes_unref);
  if (self->owner != NULL)
    self->owner_changed (self->owner, self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
byline_block_dispose (GObject *object)
{
  BylineBlock *self = (BylineBlock *) object;

  g_clear_object (&self->image);
  g_clear_object (&self->story_ref);

  G_OBJECT_CLASS (byline_block_parent_class)->dispose (object);
}

static void
byline_block_finalize (GObject *object)
{
  BylineBlock *self = (BylineBlock *) object;

  g_free (self->text);
  g_free (self->attribution);
  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->json, g_bytes_unref);

  G_OBJECT_CLASS (byline_block_parent_class)->finalize (object);
}

static void
byline_block_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BylineBlock *self = BYLINE_BLOCK (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_ATTRIBUTION:
      g_value_set_string (value, self->attribution);
      break;
    case PROP_IMAGE:
      g_value_set_object (value, self->image);
      break;
    case PROP_STORY_REF:
      g_value_set_object (value, self->story_ref);
      break;
    case PROP_WORD_COUNT:
      g_value_set_uint (value, self->word_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_block_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BylineBlock *self = BYLINE_BLOCK (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_TEXT:
      byline_block_set_text (self, g_value_get_string (value));
      break;
    case PROP_ATTRIBUTION:
      byline_block_set_attribution (self, g_value_get_string (value));
      break;
    case PROP_IMAGE:
      byline_block_set_image (self, g_value_get_object (value));
      break;
    case PROP_STORY_REF:
      byline_block_set_story_ref (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_block_constructed (GObject *object)
{
  BylineBlock *self = (BylineBlock *) object;

  G_OBJECT_CLASS (byline_block_parent_class)->constructed (object);

  /* An image or card block starts with an empty image / story to fill in,
   * so the editor always has something to bind to. */
  if (self->kind == BYLINE_BLOCK_IMAGE && self->image == NULL)
    {
      g_autoptr(BylineImage) image = byline_image_new ();
      byline_block_set_image (self, image);
    }
  else if (self->kind == BYLINE_BLOCK_CARD && self->story_ref == NULL)
    {
      g_autoptr(BylineStoryRef) ref = byline_story_ref_new ();
      byline_block_set_story_ref (self, ref);
    }

  /* Nobody can have seen the block yet. */
  g_clear_pointer (&self->json, g_bytes_unref);
}

static void
byline_block_class_init (BylineBlockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = byline_block_constructed;
  object_class->dispose = byline_block_dispose;
  object_class->finalize = byline_block_finalize;
  object_class->get_property = byline_block_get_property;
  object_class->set_property = byline_block_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       BYLINE_TYPE_BLOCK_KIND, BYLINE_BLOCK_PARAGRAPH,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTRIBUTION] =
    g_param_spec_string ("attribution", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMAGE] =
    g_param_spec_object ("image", NULL, NULL, BYLINE_TYPE_IMAGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORY_REF] =
    g_param_spec_object ("story-ref", NULL, NULL, BYLINE_TYPE_STORY_REF,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORD_COUNT] =
    g_param_spec_uint ("word-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
byline_block_init (BylineBlock *self)
{
  self->text = g_strdup ("");
  self->attribution = g_strdup ("");
  self->marks = g_array_new (FALSE, FALSE, sizeof (BylineMark));
  g_array_set_clear_func (self->marks, clear_mark);
}

BylineBlock *
byline_block_new (BylineBlockKind kind)
{
  g_return_val_if_fail ((guint) kind <= BYLINE_BLOCK_RAW, NULL);

  return g_object_new (BYLINE_TYPE_BLOCK, "kind", kind, NULL);
}

BylineBlock *
byline_block_new_paragraph (const char *text)
{
  BylineBlock *self = byline_block_new (BYLINE_BLOCK_PARAGRAPH);

  byline_block_set_text (self, text);
  g_clear_pointer (&self->json, g_bytes_unref);

  return self;
}

/* Marks */

static int
compare_href (const char *a,
              const char *b)
{
  return g_strcmp0 (a, b);
}

static int
compare_for_merge (gconstpointer pa,
                   gconstpointer pb)
{
  const BylineMark *a = pa;
  const BylineMark *b = pb;
  int cmp;

  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;
  if ((cmp = compare_href (a->href, b->href)) != 0)
    return cmp;
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end < b->end ? -1 : 1;
  return 0;
}

static int
compare_for_order (gconstpointer pa,
                   gconstpointer pb)
{
  const BylineMark *a = pa;
  const BylineMark *b = pb;

  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;
  if (a->end != b->end)
    return a->end < b->end ? -1 : 1;
  return compare_href (a->href, b->href);
}

/* Copies @marks clamped to @n_chars, merged and sorted; the one canonical
 * form, so equal formatting always compares (and serialises) equal. */
static GArray *
normalise_marks (const BylineMark *marks,
                 guint             n_marks,
                 guint             n_chars)
{
  g_autoptr(GArray) work = g_array_sized_new (FALSE, FALSE, sizeof (BylineMark), n_marks);
  GArray *result = g_array_sized_new (FALSE, FALSE, sizeof (BylineMark), n_marks);

  g_array_set_clear_func (result, clear_mark);

  for (guint i = 0; i < n_marks; i++)
    {
      BylineMark mark = marks[i];

      if ((guint) mark.kind > BYLINE_MARK_LINK)
        continue;
      mark.end = MIN (mark.end, n_chars);
      if (mark.start >= mark.end)
        continue;
      /* A link always has an href (maybe empty); other marks never do. */
      if (mark.kind == BYLINE_MARK_LINK)
        mark.href = (mark.href != NULL && g_utf8_validate (mark.href, -1, NULL)) ? mark.href : (char *) "";
      else
        mark.href = NULL;
      g_array_append_val (work, mark);
    }

  g_array_sort (work, compare_for_merge);

  for (guint i = 0; i < work->len; i++)
    {
      const BylineMark *mark = &g_array_index (work, BylineMark, i);
      BylineMark *last = result->len > 0 ? &g_array_index (result, BylineMark, result->len - 1) : NULL;

      if (last != NULL &&
          last->kind == mark->kind &&
          compare_href (last->href, mark->href) == 0 &&
          mark->start <= last->end)
        {
          last->end = MAX (last->end, mark->end);
        }
      else
        {
          BylineMark copy = { mark->kind, mark->start, mark->end, g_strdup (mark->href) };
          g_array_append_val (result, copy);
        }
    }

  g_array_sort (result, compare_for_order);

  return result;
}

static gboolean
marks_equal (GArray *a,
             GArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    if (compare_for_order (&g_array_index (a, BylineMark, i),
                           &g_array_index (b, BylineMark, i)) != 0)
      return FALSE;

  return TRUE;
}

/* Replaces the marks with @marks (taking it); TRUE if they differ. */
static gboolean
take_marks (BylineBlock *self,
            GArray      *marks)
{
  if (marks_equal (self->marks, marks))
    {
      g_array_unref (marks);
      return FALSE;
    }

  g_array_unref (self->marks);
  self->marks = marks;
  return TRUE;
}

/* Text */

/* Stores @text; returns TRUE (and has recounted) if it changed. */
static gboolean
update_text (BylineBlock *self,
             const char  *text,
             gboolean    *words_changed)
{
  guint words;

  *words_changed = FALSE;

  if (!byline_set_string (&self->text, text))
    return FALSE;

  self->text_chars = g_utf8_strlen (self->text, -1);
  /* A raw block's text is markup, not prose: it has no words to read. */
  if (self->kind == BYLINE_BLOCK_RAW)
    words = 0;
  else
    words = byline_count_words (self->text, -1);
  recount_calls++;

  if (words != self->word_count)
    {
      self->word_count = words;
      *words_changed = TRUE;
    }

  return TRUE;
}

BylineBlock *
byline_block_copy (BylineBlock *self)
{
  BylineBlock *copy;

  g_return_val_if_fail (BYLINE_IS_BLOCK (self), NULL);

  copy = g_object_new (BYLINE_TYPE_BLOCK, "kind", self->kind, NULL);

  g_free (copy->text);
  copy->text = g_strdup (self->text);
  copy->text_chars = self->text_chars;
  copy->word_count = self->word_count;    /* same text, same count */
  g_array_unref (copy->marks);
  copy->marks = normalise_marks ((const BylineMark *) (gpointer) self->marks->data,
                                 self->marks->len, self->text_chars);
  byline_set_string (&copy->attribution, self->attribution);

  if (self->image != NULL)
    {
      g_autoptr(BylineImage) image = byline_image_copy (self->image);
      byline_block_set_image (copy, image);
    }
  else
    byline_block_set_image (copy, NULL);

  if (self->story_ref != NULL)
    {
      g_autoptr(BylineStoryRef) ref = byline_story_ref_copy (self->story_ref);
      byline_block_set_story_ref (copy, ref);
    }
  else
    byline_block_set_story_ref (copy, NULL);

  /* The serialisation is the same too: share it. */
  g_clear_pointer (&copy->json, g_bytes_unref);
  if (self->json != NULL)
    {
      copy->json = g_bytes_ref (self->json);
      copy->limit = self->limit;
    }

  return copy;
}

gboolean
byline_block_equal (BylineBlock *a,
                    BylineBlock *b)
{
  g_return_val_if_fail (a == NULL || BYLINE_IS_BLOCK (a), FALSE);
  g_return_val_if_fail (b == NULL || BYLINE_IS_BLOCK (b), FALSE);

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return a->kind == b->kind &&
         g_str_equal (a->text, b->text) &&
         marks_equal (a->marks, b->marks) &&
         g_str_equal (a->attribution, b->attribution) &&
         byline_image_equal (a->image, b->image) &&
         byline_story_ref_equal (a->story_ref, b->story_ref);
}

BylineBlockKind
byline_block_get_kind (BylineBlock *self)
{
  g_return_val_if_fail (BYLINE_IS_BLOCK (self), BYLINE_BLOCK_PARAGRAPH);

  return self->kind;
}

gboolean
byline_block_has_text (BylineBlock *self)
{
  g_return_val_if_fail (BYLINE_IS_BLOCK (self), FALSE);

  return self->kind == BYLINE_BLOCK_PARAGRAPH ||
         self->kind == BYLINE_BLOCK_SUBHEADING ||
         self->kind == BYLINE_BLOCK_QUOTE;
}

const char *
byline_block_get_text (BylineBlock *self)
{
  g_return_val_if_fail (BYLINE_IS_BLOCK (self), NULL);

  return self->text;
}

void
byline_block_set_text (BylineBlock *self,
                       const char  *text)
{
  gboolean words_changed;

  g_return_if_fail (BYLINE_IS_BLOCK (self));
  g_return_if_fail (byline_block_has_text (self) || self->kind == BYLINE_BLOCK_RAW);

  if (!update_text (self, text, &words_changed))
    return;

  /* Marks past the new end would point at nothing. */
  take_marks (self, normalise_marks ((const BylineMark *) (gpointer) self->marks->data,
                                     self->marks->len, self->text_chars));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  if (words_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORD_COUNT]);
  emit_changed (self);
}

const BylineMark *
byline_block_get_marks (BylineBlock *self,
                        guint       *n_marks)
{
  g_return_val_if_fail (BYLINE_IS_BLOCK (self), NULL);

  if (n_marks != NULL)
    *n_marks = self->marks->len;

  return self->marks->len > 0 ? (const BylineMark *) (gpointer) self->marks->data : NULL;
}

void
byline_block_set_text_and_marks (BylineBlock      *self,
                                 const char       *text,
                                 const BylineMark *marks,
                                 guint             n_marks)
{
  gboolean text_changed;
  gboolean words_changed;
  gboolean marks_changed;

  g_return_if_fail (BYLINE_IS_BLOCK (self));
  g_return_if_fail (byline_block_has_text (self) ||
                    (self->kind == BYLINE_BLOCK_RAW && n_marks == 0));
  g_return_if_fail (marks != NULL || n_marks == 0);

  text_changed = update_text (self, text, &words_changed);
  marks_changed = take_marks (self, normalise_marks (marks, n_marks, self->text_chars));

  if (!text_changed && !marks_changed)
    return;

  if (text_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  if (words_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORD_COUNT]);
  emit_changed (self);
}

void
byline_block_add_mark (BylineBlock    *self,
                       BylineMarkKind  kind,
                       guint           start,
                       guint           end,
                       const char     *href)
{
  g_autoptr(GArray) marks = NULL;
  BylineMark mark = { kind, start, end, (char *) href };

  g_return_if_fail (BYLINE_IS_BLOCK (self));
  g_return_if_fail (byline_block_has_text (self));
  g_return_if_fail ((guint) kind <= BYLINE_MARK_LINK);

  marks = g_array_sized_new (FALSE, FALSE, sizeof (BylineMark), self->marks->len + 1);
  g_array_append_vals (marks, self->marks->data, self->marks->len);
  g_array_append_val (marks, mark);

  if (take_marks (self, normalise_marks ((const BylineMark *) (gpointer) marks->data,
                                         marks->len, self->text_chars)))
    emit_changed (self);
}

const char *
byline_block_get_attribution (BylineBlock *self)
{
  g_return_val_if_fail (BYLINE_IS_BLOCK (self), NULL);

  return self->attribution;
}

void
byline_block_set_attribution (BylineBlock *self,
                              const char  *attribution)
{
  g_return_if_fail (BYLINE_IS_BLOCK (self));
  g_return_if_fail (self->kind == BYLINE_BLOCK_QUOTE ||
                    attribution == NULL || *attribution == '\0');

  if (!byline_set_string (&self->attribution, attribution))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTRIBUTION]);
  emit_changed (self);
}

BylineImage *
byline_block_get_image (BylineBlock *self)
{
  g_return_val_if_fail (BYLINE_IS_BLOCK (self), NULL);

  return self->image;
}

static void
on_part_changed (BylineBlock *self,
                 gpointer     part)
{
  emit_changed (self);
}

void
byline_block_set_image (BylineBlock *self,
                        BylineImage *image)
{
  g_return_if_fail (BYLINE_IS_BLOCK (self));
  g_return_if_fail (image == NULL || BYLINE_IS_IMAGE (image));
  g_return_if_fail (self->kind == BYLINE_BLOCK_IMAGE || image == NULL);

  if (self->image == image)
    return;

  if (self->image != NULL)
    g_signal_handlers_disconnect_by_func (self->image, on_part_changed, self);

  g_set_object (&self->image, image);

  if (image != NULL)
    g_signal_connect_object (image, "changed",
                             G_CALLBACK (on_part_changed), self,
                             G_CONNECT_SWAPPED);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE]);
  emit_changed (self);
}

BylineStoryRef *
byline_block_get_story_ref (BylineBlock *self)
{
  g_return_val_if_fail (BYLINE_IS_BLOCK (self), NULL);

  return self->story_ref;
}

void
byline_block_set_story_ref (BylineBlock    *self,
                            BylineStoryRef *story_ref)
{
  g_return_if_fail (BYLINE_IS_BLOCK (self));
  g_return_if_fail (story_ref == NULL || BYLINE_IS_STORY_REF (story_ref));
  g_return_if_fail (self->kind == BYLINE_BLOCK_CARD || story_ref == NULL);

  if (self->story_ref == story_ref)
    return;

  if (self->story_ref != NULL)
    g_signal_handlers_disconnect_by_func (self->story_ref, on_part_changed, self);

  g_set_object (&self->story_ref, story_ref);

  if (story_ref != NULL)
    g_signal_connect_object (story_ref, "changed",
                             G_CALLBACK (on_part_changed), self,
                             G_CONNECT_SWAPPED);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORY_REF]);
  emit_changed (self);
}

guint
byline_block_get_word_count (BylineBlock *self)
{
  g_return_val_if_fail (BYLINE_IS_BLOCK (self), 0);

  return self->word_count;
}

/* Word counting */

static inline gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Punctuation that keeps a word together when a word character follows:
 * apostrophes and hyphens anywhere (don't, state-of-the-art), decimal and
 * thousands separators and clock colons only between digits (3.5, 1,000,
 * 18:30), so "end.Next" without a space still counts as two words. */
static inline gboolean
joins (gunichar prev,
       gunichar c,
       gunichar next)
{
  switch (c)
    {
    case '\'':
    case 0x2019: /* right single quotation mark, the typographic apostrophe */
    case '-':
    case 0x2010: /* hyphen */
    case 0x2011: /* non-breaking hyphen */
      return is_word_char (next);

    case '.':
    case ',':
    case ':':
      return g_unichar_isdigit (prev) && g_unichar_isdigit (next);

    default:
      return FALSE;
    }
}

guint
byline_count_words (const char *text,
                    gssize      len)
{
  const char *p;
  const char *end;
  gboolean in_word = FALSE;
  gunichar prev = 0;
  guint count = 0;

  g_return_val_if_fail (text != NULL || len == 0, 0);

  if (text == NULL)
    return 0;

  end = len < 0 ? NULL : text + len;

  for (p = text; end != NULL ? p < end : *p != '\0'; )
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (is_word_char (c))
        {
          if (!in_word)
            count++;
          in_word = TRUE;
        }
      else if (in_word)
        {
          gboolean has_next = end != NULL ? next < end : *next != '\0';
          gunichar n = has_next ? g_utf8_get_char (next) : 0;

          in_word = has_next && joins (prev, c, n);
        }

      prev = c;
      p = next;
    }

  return count;
}

/* Private API */

/* The first thing the format reader would refuse in this block.  Runs only
 * when the JSON is rebuilt, which walks the same texts anyway; the text's
 * length in characters is already known. */
static void
find_limit_violation (BylineBlock          *self,
                      BylineLimitViolation *violation)
{
  *violation = (BylineLimitViolation) { BYLINE_LIMIT_OK, };

  switch (self->kind)
    {
    case BYLINE_BLOCK_PARAGRAPH:
    case BYLINE_BLOCK_SUBHEADING:
    case BYLINE_BLOCK_QUOTE:
    case BYLINE_BLOCK_RAW:
      if (self->text_chars > BYLINE_MAX_TEXT_CHARS)
        {
          violation->kind = BYLINE_LIMIT_TEXT;
          violation->found = self->text_chars;
          violation->limit = BYLINE_MAX_TEXT_CHARS;
          return;
        }
      if (self->marks->len > BYLINE_MAX_MARKS)
        {
          violation->kind = BYLINE_LIMIT_MARKS;
          violation->found = self->marks->len;
          violation->limit = BYLINE_MAX_MARKS;
          return;
        }
      for (guint i = 0; i < self->marks->len; i++)
        {
          const BylineMark *mark = &g_array_index (self->marks, BylineMark, i);
          guint64 chars;

          if (mark->href != NULL &&
              !byline_limit_check_chars (mark->href, BYLINE_MAX_URI_CHARS, &chars))
            {
              violation->kind = BYLINE_LIMIT_LINK;
              violation->found = chars;
              violation->limit = BYLINE_MAX_URI_CHARS;
              return;
            }
        }
      if (self->kind == BYLINE_BLOCK_QUOTE)
        {
          guint64 chars;

          if (!byline_limit_check_chars (self->attribution, BYLINE_MAX_SHORT_CHARS, &chars))
            {
              violation->kind = BYLINE_LIMIT_PART;
              violation->part = "attribution";
              violation->found = chars;
              violation->limit = BYLINE_MAX_SHORT_CHARS;
            }
        }
      break;

    case BYLINE_BLOCK_IMAGE:
      if (self->image != NULL)
        byline_image_check_limits (self->image, FALSE, violation);
      break;

    case BYLINE_BLOCK_CARD:
      if (self->story_ref != NULL)
        byline_story_ref_check_limits (self->story_ref, violation);
      break;

    default:
      g_assert_not_reached ();
    }
}

GBytes *
byline_block_dup_json (BylineBlock *self)
{
  g_return_val_if_fail (BYLINE_IS_BLOCK (self), NULL);

  if (self->json == NULL)
    {
      g_autoptr(JsonNode) node = byline_block_to_json_node (self);
      self->json = byline_json_node_to_bytes (node);
      find_limit_violation (self, &self->limit);
    }

  return g_bytes_ref (self->json);
}

const BylineLimitViolation *
byline_block_get_limit_violation (BylineBlock *self)
{
  g_return_val_if_fail (BYLINE_IS_BLOCK (self), NULL);

  return self->limit.kind != BYLINE_LIMIT_OK ? &self->limit : NULL;
}

gboolean
byline_block_has_cached_json (BylineBlock *self)
{
  g_return_val_if_fail (BYLINE_IS_BLOCK (self), FALSE);

  return self->json != NULL;
}

gpointer
byline_block_get_owner (BylineBlock *self)
{
  return self->owner;
}

void
byline_block_set_owner (BylineBlock          *self,
                        gpointer              owner,
                        BylineBlockOwnerFunc  changed)
{
  g_return_if_fail (owner == NULL || changed != NULL);

  self->owner = owner;
  self->owner_changed = owner != NULL ? changed : NULL;
}

guint
byline_block_get_counted_words (BylineBlock *self)
{
  return self->counted_words;
}

void
byline_block_set_counted_words (BylineBlock *self,
                                guint        words)
{
  self->counted_words = words;
}

guint
byline_block_get_recount_calls (void)
{
  return recount_calls;
}
