/* byline-spell-checker.c: inline spell checking for text views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-spell-checker"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-spell-checker-private.h"
#include "byline-spell-dictionary.h"

/* About 2,000 words of news text: one worker job */
#define CHUNK_CHARS      12000
/* An edit rechecks its paragraph, but at most this far either side */
#define EDIT_CONTEXT     300
/* Main-thread time for putting underlines in place, per main-loop turn */
#define APPLY_BUDGET_US  3000
/* Checking and underlining run just below drawing and above GtkTextView's
 * own layout of the text (GTK_TEXT_VIEW_PRIORITY_VALIDATE, redraw + 5).
 * Below it, a newly opened long story was laid out whole, then every line
 * with a misspelt word was laid out again for its underline: "settled"
 * took twice as long (docs/benchmarks.md). */
#define WORK_PRIORITY    (GDK_PRIORITY_REDRAW + 4)
#define MAX_SUGGESTIONS  5
/* Suggestions follow the cursor into a misspelt word after this pause;
 * right-click and the Menu key ask at once */
#define SUGGEST_DELAY_MS 150

typedef struct _ViewState ViewState;

/* A stretch of a buffer still to check, kept by marks so edits elsewhere
 * move it along */
typedef struct
{
  GtkTextMark *start;  /* left gravity */
  GtkTextMark *end;    /* right gravity */
} Region;

struct _ViewState
{
  BylineSpellChecker *checker;
  GtkTextView        *view;
  GtkTextBuffer      *buffer;
  GtkTextTag         *tag;
  GQueue              regions;       /* Region *, the next first */
  GtkTextMark        *typing;        /* end of a word left unchecked while typed */

  GMenu              *menu;
  GMenu              *suggestions;
  GMenu              *commands;
  GSimpleActionGroup *actions;
  GMenuModel         *old_extra_menu;
  char               *target;        /* the misspelt word the menu is for */
  GtkTextMark        *target_start;
  GtkTextMark        *target_end;
  guint               suggest_source;
  GCancellable       *suggest_cancellable;

  GtkEventController *click;
  GtkEventController *keys;
  GtkEventController *focus;
};

/* One worker job: a copy of a stretch of one buffer */
typedef struct
{
  BylineSpellChecker    *checker;  /* NULL once the checker is disposed */
  ViewState             *vs;       /* NULL once its view is detached */
  GtkTextBuffer         *buffer;
  GtkTextMark           *start;
  GtkTextMark           *end;
  char                  *text;
  int                    skip_end;
  BylineSpellDictionary *dictionary;
  GArray                *misspelled;
  guint                  checked;
  guint                  next;     /* results put in place so far */
  guint                  swept;    /* text offset the underlines are right up to */
  guint                  stale : 1;   /* edited meanwhile: check it again */
  guint                  discard : 1; /* a whole new check is on its way */
  guint                  applying : 1;
} Job;

struct _BylineSpellChecker
{
  GObject                parent_instance;

  char                  *language;
  char                  *default_language;
  char                  *effective;
  BylineSpellDictionary *dictionary;
  GPtrArray             *views;      /* ViewState * */
  GHashTable            *reported;   /* languages said to be missing */
  GCancellable          *cancellable;
  GCancellable          *load_cancellable;
  Job                   *job;
  guint                  work_source;
  guint                  apply_source;
  guint                  words_checked;

  guint                  enabled : 1;
  guint                  ready : 1;   /* the dictionary is loaded and found */
  guint                  busy : 1;
};

G_DEFINE_FINAL_TYPE (BylineSpellChecker, byline_spell_checker, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LANGUAGE,
  PROP_DEFAULT_LANGUAGE,
  PROP_ENABLED,
  PROP_BUSY,
  N_PROPS
};

enum {
  DICTIONARY_MISSING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void queue_work    (BylineSpellChecker *self);
static void update_target (ViewState *vs, gboolean suggest_now);

/* Regions */

static void
region_free (Region *region)
{
  GtkTextBuffer *buffer = gtk_text_mark_get_buffer (region->start);

  if (buffer != NULL)
    {
      gtk_text_buffer_delete_mark (buffer, region->start);
      gtk_text_buffer_delete_mark (buffer, region->end);
    }
  g_object_unref (region->start);
  g_object_unref (region->end);
  g_free (region);
}

static Region *
region_new (GtkTextBuffer     *buffer,
            const GtkTextIter *start,
            const GtkTextIter *end)
{
  Region *region = g_new0 (Region, 1);

  region->start = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, start, TRUE));
  region->end = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, end, FALSE));
  return region;
}

static void
clear_regions (ViewState *vs)
{
  Region *region;

  while ((region = g_queue_pop_head (&vs->regions)) != NULL)
    region_free (region);
}

static gboolean
has_regions (BylineSpellChecker *self)
{
  for (guint i = 0; i < self->views->len; i++)
    {
      ViewState *vs = g_ptr_array_index (self->views, i);

      if (!g_queue_is_empty (&vs->regions))
        return TRUE;
    }
  return FALSE;
}

static void
update_busy (BylineSpellChecker *self)
{
  gboolean busy = self->enabled && self->effective != NULL
                  && (self->load_cancellable != NULL
                      || (self->ready && (self->job != NULL || has_regions (self))));

  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Adds [start, end) to what @vs must check, in front: what was just edited
 * comes before the rest of a long first check.  A small region next to the
 * first one grows it instead. */
static void
add_region (ViewState         *vs,
            const GtkTextIter *start,
            const GtkTextIter *end)
{
  Region *head = g_queue_peek_head (&vs->regions);

  if (head != NULL)
    {
      GtkTextIter hs, he;

      gtk_text_buffer_get_iter_at_mark (vs->buffer, &hs, head->start);
      gtk_text_buffer_get_iter_at_mark (vs->buffer, &he, head->end);
      if (gtk_text_iter_compare (&hs, end) <= 0 && gtk_text_iter_compare (start, &he) <= 0
          && gtk_text_iter_get_offset (&he) - gtk_text_iter_get_offset (&hs) < 2 * CHUNK_CHARS)
        {
          if (gtk_text_iter_compare (start, &hs) < 0)
            gtk_text_buffer_move_mark (vs->buffer, head->start, start);
          if (gtk_text_iter_compare (end, &he) > 0)
            gtk_text_buffer_move_mark (vs->buffer, head->end, end);
          return;
        }
    }

  g_queue_push_head (&vs->regions, region_new (vs->buffer, start, end));
}

static gboolean
is_space_before (const GtkTextIter *iter)
{
  GtkTextIter before = *iter;

  return gtk_text_iter_starts_line (iter)
         || (gtk_text_iter_backward_char (&before) && g_unichar_isspace (gtk_text_iter_get_char (&before)));
}

/* The words around [start, end): out to the ends of the paragraph, but no
 * further than EDIT_CONTEXT characters and the next space after that */
static void
add_words_around (ViewState         *vs,
                  const GtkTextIter *start,
                  const GtkTextIter *end)
{
  GtkTextIter a = *start, b = *end;
  guint n;

  for (n = 0; n < EDIT_CONTEXT && !gtk_text_iter_starts_line (&a); n++)
    gtk_text_iter_backward_char (&a);
  while (!is_space_before (&a))
    gtk_text_iter_backward_char (&a);

  for (n = 0; n < EDIT_CONTEXT && !gtk_text_iter_ends_line (&b); n++)
    gtk_text_iter_forward_char (&b);
  while (!gtk_text_iter_ends_line (&b) && !g_unichar_isspace (gtk_text_iter_get_char (&b)))
    gtk_text_iter_forward_char (&b);

  add_region (vs, &a, &b);
}

static void
add_whole_buffer (ViewState *vs)
{
  GtkTextIter start, end;

  clear_regions (vs);
  gtk_text_buffer_get_bounds (vs->buffer, &start, &end);
  g_queue_push_tail (&vs->regions, region_new (vs->buffer, &start, &end));
}

/* GTK redraws (and lays out again) every line a tag is taken from, even
 * where it was not: only where there is one */
static void
remove_underlines (ViewState         *vs,
                   const GtkTextIter *start,
                   const GtkTextIter *end)
{
  GtkTextIter toggle = *start;

  if (gtk_text_iter_compare (start, end) >= 0)
    return;
  if (!gtk_text_iter_has_tag (start, vs->tag)
      && (!gtk_text_iter_forward_to_tag_toggle (&toggle, vs->tag) || gtk_text_iter_compare (&toggle, end) >= 0))
    return;
  gtk_text_buffer_remove_tag (vs->buffer, vs->tag, start, end);
}

static void
remove_all_underlines (ViewState *vs)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (vs->buffer, &start, &end);
  remove_underlines (vs, &start, &end);
}

/* Everything again, in the background (a new language, a word added) */
static void
recheck_all (BylineSpellChecker *self)
{
  if (self->job != NULL)
    self->job->discard = TRUE;
  for (guint i = 0; i < self->views->len; i++)
    {
      ViewState *vs = g_ptr_array_index (self->views, i);

      if (self->enabled && self->ready)
        add_whole_buffer (vs);
      else
        {
          clear_regions (vs);
          remove_all_underlines (vs);
        }
      update_target (vs, FALSE);
    }
  queue_work (self);
  update_busy (self);
}

/* Jobs */

static void
job_free (Job *job)
{
  if (gtk_text_mark_get_buffer (job->start) != NULL)
    {
      gtk_text_buffer_delete_mark (job->buffer, job->start);
      gtk_text_buffer_delete_mark (job->buffer, job->end);
    }
  g_object_unref (job->start);
  g_object_unref (job->end);
  g_object_unref (job->buffer);
  g_clear_object (&job->dictionary);
  g_clear_pointer (&job->misspelled, g_array_unref);
  g_free (job->text);
  g_free (job);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;

  job->checked = byline_spell_dictionary_check_text (job->dictionary, job->text,
                                                     job->skip_end, job->misspelled);
  g_task_return_boolean (task, TRUE);
}

static void
finish_job (BylineSpellChecker *self)
{
  g_clear_pointer (&self->job, job_free);
  queue_work (self);
  update_busy (self);
}

/* Puts one main-loop turn's worth of the job's results in place; TRUE
 * when there is more */
static gboolean
apply_step (BylineSpellChecker *self)
{
  Job *job = self->job;
  ViewState *vs = job->vs;
  GtkTextIter upto, end, a, b;
  gint64 deadline = g_get_monotonic_time () + APPLY_BUDGET_US;
  int base;

  if (vs == NULL || job->discard || !self->enabled || !self->ready)
    {
      finish_job (self);
      return FALSE;
    }
  if (job->stale)
    {
      GtkTextIter start;

      gtk_text_buffer_get_iter_at_mark (job->buffer, &start, job->start);
      gtk_text_buffer_get_iter_at_mark (job->buffer, &end, job->end);
      add_region (vs, &start, &end);
      finish_job (self);
      return FALSE;
    }

  gtk_text_buffer_get_iter_at_mark (job->buffer, &upto, job->start);
  base = gtk_text_iter_get_offset (&upto);
  gtk_text_iter_forward_chars (&upto, job->swept);

  /* Sweep: the gap before each misspelt word loses the underline, the
   * word gets it; a word still misspelt keeps it without a flicker */
  while (job->next < job->misspelled->len)
    {
      BylineSpellRange *range = &g_array_index (job->misspelled, BylineSpellRange, job->next);

      gtk_text_buffer_get_iter_at_offset (job->buffer, &a, base + range->start);
      gtk_text_buffer_get_iter_at_offset (job->buffer, &b, base + range->end);
      remove_underlines (vs, &upto, &a);
      if (!gtk_text_iter_has_tag (&a, vs->tag) || !gtk_text_iter_ends_tag (&b, vs->tag))
        gtk_text_buffer_apply_tag (job->buffer, vs->tag, &a, &b);
      upto = b;
      job->swept = range->end;
      job->next++;

      if (job->next % 16 == 0 && g_get_monotonic_time () > deadline)
        return TRUE;
    }

  gtk_text_buffer_get_iter_at_mark (job->buffer, &end, job->end);
  remove_underlines (vs, &upto, &end);

  if (job->skip_end >= 0)
    {
      GtkTextIter typed;

      gtk_text_buffer_get_iter_at_offset (job->buffer, &typed, base + job->skip_end);
      if (vs->typing == NULL)
        vs->typing = g_object_ref (gtk_text_buffer_create_mark (vs->buffer, NULL, &typed, FALSE));
      else
        gtk_text_buffer_move_mark (vs->buffer, vs->typing, &typed);
    }

  self->words_checked += job->checked;
  /* The menu follows a word that just got (or lost) its underline */
  update_target (vs, FALSE);
  finish_job (self);
  return FALSE;
}

static gboolean
apply_idle (gpointer data)
{
  BylineSpellChecker *self = data;

  if (apply_step (self))
    return G_SOURCE_CONTINUE;
  self->apply_source = 0;
  return G_SOURCE_REMOVE;
}

static void
check_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Job *job = user_data;
  BylineSpellChecker *self = job->checker;

  /* The checker went away meanwhile */
  if (self == NULL)
    {
      job_free (job);
      return;
    }

  job->applying = TRUE;
  if (apply_step (self))
    self->apply_source = g_idle_add_full (WORK_PRIORITY, apply_idle, self, NULL);
}

static ViewState *
next_view (BylineSpellChecker *self)
{
  /* Where the journalist types goes first */
  for (guint i = 0; i < self->views->len; i++)
    {
      ViewState *vs = g_ptr_array_index (self->views, i);

      if (!g_queue_is_empty (&vs->regions) && gtk_widget_has_focus (GTK_WIDGET (vs->view)))
        return vs;
    }
  for (guint i = 0; i < self->views->len; i++)
    {
      ViewState *vs = g_ptr_array_index (self->views, i);

      if (!g_queue_is_empty (&vs->regions))
        return vs;
    }
  return NULL;
}

static gboolean
is_space_at (const GtkTextIter *iter)
{
  return gtk_text_iter_ends_line (iter) || g_unichar_isspace (gtk_text_iter_get_char (iter));
}

/* Takes the next stretch of at most about CHUNK_CHARS off the front of a
 * region and hands a copy of it to a worker */
static gboolean
do_work (gpointer data)
{
  BylineSpellChecker *self = data;
  g_autoptr(GTask) task = NULL;
  ViewState *vs;
  Region *region;
  GtkTextIter start, end, cut, cursor;
  Job *job;

  self->work_source = 0;
  if (self->job != NULL || !self->enabled || !self->ready)
    return G_SOURCE_REMOVE;

  while ((vs = next_view (self)) != NULL)
    {
      region = g_queue_peek_head (&vs->regions);
      gtk_text_buffer_get_iter_at_mark (vs->buffer, &start, region->start);
      gtk_text_buffer_get_iter_at_mark (vs->buffer, &end, region->end);
      if (gtk_text_iter_compare (&start, &end) < 0)
        break;
      region_free (g_queue_pop_head (&vs->regions));
    }
  if (vs == NULL)
    {
      update_busy (self);
      return G_SOURCE_REMOVE;
    }

  cut = start;
  if (gtk_text_iter_forward_chars (&cut, CHUNK_CHARS) && gtk_text_iter_compare (&cut, &end) < 0)
    {
      /* End between two words */
      for (guint n = 0; n < 200 && !is_space_at (&cut); n++)
        gtk_text_iter_forward_char (&cut);
    }
  if (gtk_text_iter_compare (&cut, &end) >= 0)
    {
      cut = end;
      region_free (g_queue_pop_head (&vs->regions));
    }
  else
    gtk_text_buffer_move_mark (vs->buffer, region->start, &cut);

  job = g_new0 (Job, 1);
  job->checker = self;
  job->vs = vs;
  job->buffer = g_object_ref (vs->buffer);
  job->start = g_object_ref (gtk_text_buffer_create_mark (vs->buffer, NULL, &start, TRUE));
  job->end = g_object_ref (gtk_text_buffer_create_mark (vs->buffer, NULL, &cut, FALSE));
  /* A slice keeps U+FFFC for images and cards: offsets stay the buffer's */
  job->text = gtk_text_iter_get_slice (&start, &cut);
  job->dictionary = g_object_ref (self->dictionary);
  job->misspelled = g_array_new (FALSE, FALSE, sizeof (BylineSpellRange));
  job->skip_end = -1;

  gtk_text_buffer_get_iter_at_mark (vs->buffer, &cursor, gtk_text_buffer_get_insert (vs->buffer));
  if (gtk_widget_has_focus (GTK_WIDGET (vs->view))
      && (gtk_text_iter_in_range (&cursor, &start, &cut) || gtk_text_iter_equal (&cursor, &cut)))
    job->skip_end = gtk_text_iter_get_offset (&cursor) - gtk_text_iter_get_offset (&start);

  self->job = job;
  /* The task holds no reference: a disposed checker leaves its job behind */
  task = g_task_new (NULL, NULL, check_done, job);
  g_task_set_source_tag (task, do_work);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, check_thread);

  update_busy (self);
  return G_SOURCE_REMOVE;
}

static void
queue_work (BylineSpellChecker *self)
{
  if (self->work_source != 0 || self->job != NULL || !self->enabled || !self->ready)
    return;
  if (!has_regions (self))
    return;
  self->work_source = g_idle_add_full (WORK_PRIORITY, do_work, self, NULL);
}

/* Edits */

static void
note_edit (ViewState         *vs,
           const GtkTextIter *start,
           const GtkTextIter *end)
{
  BylineSpellChecker *self = vs->checker;
  Job *job = self->job;

  if (job != NULL && job->vs == vs && !job->stale)
    {
      GtkTextIter js, je;

      gtk_text_buffer_get_iter_at_mark (vs->buffer, &js, job->start);
      gtk_text_buffer_get_iter_at_mark (vs->buffer, &je, job->end);
      if (gtk_text_iter_compare (&js, end) <= 0 && gtk_text_iter_compare (start, &je) <= 0)
        job->stale = TRUE;
    }

  if (!self->enabled || !self->ready)
    return;

  add_words_around (vs, start, end);
  queue_work (self);
  update_busy (self);
}

static void
on_insert_text (ViewState     *vs,
                GtkTextIter   *pos,
                const char    *text,
                int            len,
                GtkTextBuffer *buffer)
{
  GtkTextIter start = *pos;

  gtk_text_iter_backward_chars (&start, g_utf8_strlen (text, len));
  note_edit (vs, &start, pos);
}

static void
on_delete_range (ViewState     *vs,
                 GtkTextIter   *start,
                 GtkTextIter   *end,
                 GtkTextBuffer *buffer)
{
  note_edit (vs, start, end);
}

static void
on_insert_object (ViewState     *vs,
                  GtkTextIter   *pos,
                  gpointer       object,
                  GtkTextBuffer *buffer)
{
  GtkTextIter start = *pos;

  gtk_text_iter_backward_char (&start);
  note_edit (vs, &start, pos);
}

/* The word just typed gets checked once the cursor has left it */
static void
check_typed_word (ViewState *vs)
{
  GtkTextIter at;

  if (vs->typing == NULL)
    return;
  gtk_text_buffer_get_iter_at_mark (vs->buffer, &at, vs->typing);
  gtk_text_buffer_delete_mark (vs->buffer, vs->typing);
  g_clear_object (&vs->typing);
  if (vs->checker->enabled && vs->checker->ready)
    {
      add_words_around (vs, &at, &at);
      queue_work (vs->checker);
      update_busy (vs->checker);
    }
}

static void
on_mark_set (ViewState         *vs,
             const GtkTextIter *location,
             GtkTextMark       *mark,
             GtkTextBuffer     *buffer)
{
  if (mark != gtk_text_buffer_get_insert (buffer))
    return;

  if (vs->typing != NULL)
    {
      GtkTextIter typed;

      gtk_text_buffer_get_iter_at_mark (buffer, &typed, vs->typing);
      if (!gtk_text_iter_equal (&typed, location))
        check_typed_word (vs);
    }
  update_target (vs, FALSE);
}

static void
on_focus_leave (ViewState *vs)
{
  check_typed_word (vs);
}

/* The context menu */

static void
set_actions_enabled (ViewState *vs,
                     gboolean   enabled)
{
  const char *names[] = { "replace", "add", "ignore" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (vs->actions), names[i])),
                                 enabled);
}

static void
clear_target (ViewState *vs)
{
  if (vs->target == NULL)
    return;
  g_clear_pointer (&vs->target, g_free);
  gtk_text_buffer_delete_mark (vs->buffer, vs->target_start);
  gtk_text_buffer_delete_mark (vs->buffer, vs->target_end);
  g_clear_object (&vs->target_start);
  g_clear_object (&vs->target_end);
  g_clear_handle_id (&vs->suggest_source, g_source_remove);
  g_cancellable_cancel (vs->suggest_cancellable);
  g_clear_object (&vs->suggest_cancellable);
  g_menu_remove_all (vs->suggestions);
  g_menu_remove_all (vs->commands);
  set_actions_enabled (vs, FALSE);
}

static void
suggest_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  BylineSpellDictionary *dictionary = source_object;

  g_task_return_pointer (task,
                         byline_spell_dictionary_suggest (dictionary, task_data, MAX_SUGGESTIONS),
                         (GDestroyNotify) g_strfreev);
}

static void
suggest_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ViewState *vs = user_data;
  g_auto(GStrv) words = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Cancelled means @vs may be gone */
  if (words == NULL)
    return;

  g_menu_remove_all (vs->suggestions);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (words[i], NULL);

      g_menu_item_set_action_and_target_value (item, "spell.replace", g_variant_new_string (words[i]));
      g_menu_append_item (vs->suggestions, item);
    }
  if (words[0] == NULL)
    g_menu_append (vs->suggestions, _("No Suggestions"), "spell.none");
}

static gboolean
start_suggestions (gpointer data)
{
  ViewState *vs = data;
  g_autoptr(GTask) task = NULL;

  vs->suggest_source = 0;
  if (vs->target == NULL || vs->checker->dictionary == NULL)
    return G_SOURCE_REMOVE;

  g_cancellable_cancel (vs->suggest_cancellable);
  g_clear_object (&vs->suggest_cancellable);
  vs->suggest_cancellable = g_cancellable_new ();

  task = g_task_new (vs->checker->dictionary, vs->suggest_cancellable, suggest_done, vs);
  g_task_set_source_tag (task, start_suggestions);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, g_strdup (vs->target), g_free);
  g_task_run_in_thread (task, suggest_thread);
  return G_SOURCE_REMOVE;
}

/* The misspelt word at the cursor (or just before it), if any */
static gboolean
misspelt_word_at_cursor (ViewState   *vs,
                         GtkTextIter *start,
                         GtkTextIter *end)
{
  GtkTextIter at;

  gtk_text_buffer_get_iter_at_mark (vs->buffer, &at, gtk_text_buffer_get_insert (vs->buffer));
  if (!gtk_text_iter_has_tag (&at, vs->tag))
    {
      /* Right after the word */
      if (!gtk_text_iter_ends_tag (&at, vs->tag))
        return FALSE;
      gtk_text_iter_backward_char (&at);
    }

  *start = at;
  if (!gtk_text_iter_starts_tag (start, vs->tag))
    gtk_text_iter_backward_to_tag_toggle (start, vs->tag);
  *end = at;
  gtk_text_iter_forward_to_tag_toggle (end, vs->tag);
  return gtk_text_iter_compare (start, end) < 0;
}

/* Brings the menu in step with the word at the cursor: cheap when nothing
 * changed, which is nearly always */
static void
update_target (ViewState *vs,
               gboolean   suggest_now)
{
  GtkTextIter start, end;
  g_autofree char *word = NULL;

  if (!misspelt_word_at_cursor (vs, &start, &end))
    {
      clear_target (vs);
      return;
    }

  word = gtk_text_iter_get_slice (&start, &end);
  if (vs->target != NULL && g_str_equal (word, vs->target))
    {
      GtkTextIter ts;

      gtk_text_buffer_get_iter_at_mark (vs->buffer, &ts, vs->target_start);
      if (gtk_text_iter_equal (&ts, &start))
        {
          gtk_text_buffer_move_mark (vs->buffer, vs->target_end, &end);
          if (suggest_now && vs->suggest_source != 0)
            {
              g_clear_handle_id (&vs->suggest_source, g_source_remove);
              start_suggestions (vs);
            }
          return;
        }
    }

  clear_target (vs);
  vs->target = g_steal_pointer (&word);
  vs->target_start = g_object_ref (gtk_text_buffer_create_mark (vs->buffer, NULL, &start, TRUE));
  vs->target_end = g_object_ref (gtk_text_buffer_create_mark (vs->buffer, NULL, &end, FALSE));

  g_menu_append (vs->commands, _("_Add to Dictionary"), "spell.add");
  g_menu_append (vs->commands, _("_Ignore"), "spell.ignore");
  set_actions_enabled (vs, TRUE);

  if (suggest_now)
    start_suggestions (vs);
  else
    vs->suggest_source = g_timeout_add (SUGGEST_DELAY_MS, start_suggestions, vs);
}

static gboolean
target_bounds (ViewState   *vs,
               GtkTextIter *start,
               GtkTextIter *end)
{
  g_autofree char *now = NULL;

  if (vs->target == NULL)
    return FALSE;
  gtk_text_buffer_get_iter_at_mark (vs->buffer, start, vs->target_start);
  gtk_text_buffer_get_iter_at_mark (vs->buffer, end, vs->target_end);
  now = gtk_text_iter_get_slice (start, end);
  return g_str_equal (now, vs->target);
}

static void
replace_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  ViewState *vs = user_data;
  const char *word = g_variant_get_string (parameter, NULL);
  GtkTextIter start, end;
  gboolean editable = gtk_text_view_get_editable (vs->view);

  if (!target_bounds (vs, &start, &end))
    return;

  /* One step for undo */
  gtk_text_buffer_begin_user_action (vs->buffer);
  gtk_text_buffer_delete_interactive (vs->buffer, &start, &end, editable);
  gtk_text_buffer_insert_interactive (vs->buffer, &start, word, -1, editable);
  gtk_text_buffer_end_user_action (vs->buffer);
  gtk_text_buffer_place_cursor (vs->buffer, &start);
}

static void
forget_word (ViewState *vs)
{
  GtkTextIter start, end;

  /* This one at once; the same word elsewhere with the new check */
  if (target_bounds (vs, &start, &end))
    gtk_text_buffer_remove_tag (vs->buffer, vs->tag, &start, &end);
  clear_target (vs);
}

static void
add_word_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  byline_spell_dictionary_add_word (source_object, task_data);
  g_task_return_boolean (task, TRUE);
}

static void
add_word_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BylineSpellChecker) self = user_data;

  if (self->dictionary == BYLINE_SPELL_DICTIONARY (object))
    recheck_all (self);
}

static void
add_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  ViewState *vs = user_data;
  BylineSpellChecker *self = vs->checker;
  g_autoptr(GTask) task = NULL;

  if (vs->target == NULL || self->dictionary == NULL)
    return;

  /* enchant appends it to the personal word list: a file, so not here */
  task = g_task_new (self->dictionary, NULL, add_word_done, g_object_ref (self));
  g_task_set_source_tag (task, add_activated);
  g_task_set_task_data (task, g_strdup (vs->target), g_free);
  g_task_run_in_thread (task, add_word_thread);
  forget_word (vs);
}

static void
ignore_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  ViewState *vs = user_data;
  BylineSpellChecker *self = vs->checker;

  if (vs->target == NULL || self->dictionary == NULL)
    return;

  /* Memory only, and the lock is held for one word at most */
  byline_spell_dictionary_ignore_word (self->dictionary, vs->target);
  forget_word (vs);
  recheck_all (self);
}

/* Right-click on a word puts the cursor there first, so the menu is about
 * that word */
static void
on_click_pressed (ViewState       *vs,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkGestureClick *gesture)
{
  GtkTextIter iter, sel_start, sel_end;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (vs->view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (vs->view, &iter, bx, by))
    return;
  if (!gtk_text_buffer_get_selection_bounds (vs->buffer, &sel_start, &sel_end)
      || !gtk_text_iter_in_range (&iter, &sel_start, &sel_end))
    gtk_text_buffer_place_cursor (vs->buffer, &iter);
  update_target (vs, TRUE);
}

static gboolean
on_key_pressed (ViewState             *vs,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_Menu || (keyval == GDK_KEY_F10 && (state & GDK_SHIFT_MASK)))
    update_target (vs, TRUE);
  return FALSE;
}

static void
on_none_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
}

static const GActionEntry view_actions[] = {
  { "replace", replace_activated, "s", NULL, NULL, { 0 } },
  { "add", add_activated, NULL, NULL, NULL, { 0 } },
  { "ignore", ignore_activated, NULL, NULL, NULL, { 0 } },
  { "none", on_none_activated, NULL, NULL, NULL, { 0 } },
};

/* Views */

static ViewState *
find_view (BylineSpellChecker *self,
           GtkTextView        *view)
{
  for (guint i = 0; i < self->views->len; i++)
    {
      ViewState *vs = g_ptr_array_index (self->views, i);

      if (vs->view == view)
        return vs;
    }
  return NULL;
}

static void
view_state_free (ViewState *vs)
{
  BylineSpellChecker *self = vs->checker;
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (vs->buffer);

  if (self->job != NULL && self->job->vs == vs)
    self->job->vs = NULL;

  clear_target (vs);
  clear_regions (vs);
  if (vs->typing != NULL)
    {
      gtk_text_buffer_delete_mark (vs->buffer, vs->typing);
      g_clear_object (&vs->typing);
    }
  g_signal_handlers_disconnect_by_data (vs->buffer, vs);
  remove_all_underlines (vs);
  gtk_text_tag_table_remove (table, vs->tag);

  gtk_widget_remove_controller (GTK_WIDGET (vs->view), vs->click);
  gtk_widget_remove_controller (GTK_WIDGET (vs->view), vs->keys);
  gtk_widget_remove_controller (GTK_WIDGET (vs->view), vs->focus);
  gtk_widget_insert_action_group (GTK_WIDGET (vs->view), "spell", NULL);
  gtk_text_view_set_extra_menu (vs->view, vs->old_extra_menu);

  g_clear_object (&vs->old_extra_menu);
  g_clear_object (&vs->menu);
  g_clear_object (&vs->suggestions);
  g_clear_object (&vs->commands);
  g_clear_object (&vs->actions);
  g_clear_object (&vs->buffer);
  g_clear_object (&vs->view);
  g_free (vs);
}

void
byline_spell_checker_attach (BylineSpellChecker *self,
                             GtkTextView        *view)
{
  ViewState *vs;
  GtkEventController *controller;
  GMenuModel *extra;

  g_return_if_fail (BYLINE_IS_SPELL_CHECKER (self));
  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  if (find_view (self, view) != NULL)
    return;

  vs = g_new0 (ViewState, 1);
  vs->checker = self;
  vs->view = g_object_ref (view);
  vs->buffer = g_object_ref (gtk_text_view_get_buffer (view));
  g_queue_init (&vs->regions);
  /* GNOME's red (the palette's Red 3) */
  vs->tag = gtk_text_buffer_create_tag (vs->buffer, NULL,
                                        "underline", PANGO_UNDERLINE_ERROR,
                                        "underline-rgba", &(GdkRGBA) { 0.878f, 0.106f, 0.141f, 1.0f },
                                        NULL);

  g_signal_connect_data (vs->buffer, "insert-text", G_CALLBACK (on_insert_text), vs, NULL,
                         G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_data (vs->buffer, "delete-range", G_CALLBACK (on_delete_range), vs, NULL,
                         G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_data (vs->buffer, "insert-child-anchor", G_CALLBACK (on_insert_object), vs, NULL,
                         G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_data (vs->buffer, "insert-paintable", G_CALLBACK (on_insert_object), vs, NULL,
                         G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_data (vs->buffer, "mark-set", G_CALLBACK (on_mark_set), vs, NULL,
                         G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  /* The menu: suggestions, then Add / Ignore, below GTK's own items and
   * any the view had */
  vs->menu = g_menu_new ();
  vs->suggestions = g_menu_new ();
  vs->commands = g_menu_new ();
  extra = gtk_text_view_get_extra_menu (view);
  vs->old_extra_menu = extra ? g_object_ref (extra) : NULL;
  g_menu_append_section (vs->menu, NULL, G_MENU_MODEL (vs->suggestions));
  g_menu_append_section (vs->menu, NULL, G_MENU_MODEL (vs->commands));
  if (extra != NULL)
    g_menu_append_section (vs->menu, NULL, extra);
  gtk_text_view_set_extra_menu (view, G_MENU_MODEL (vs->menu));

  vs->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (vs->actions), view_actions, G_N_ELEMENTS (view_actions), vs);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (vs->actions), "none")),
                               FALSE);
  set_actions_enabled (vs, FALSE);
  gtk_widget_insert_action_group (GTK_WIDGET (view), "spell", G_ACTION_GROUP (vs->actions));

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "pressed", G_CALLBACK (on_click_pressed), vs);
  gtk_widget_add_controller (GTK_WIDGET (view), controller);
  vs->click = controller;

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (on_key_pressed), vs);
  gtk_widget_add_controller (GTK_WIDGET (view), controller);
  vs->keys = controller;

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (on_focus_leave), vs);
  gtk_widget_add_controller (GTK_WIDGET (view), controller);
  vs->focus = controller;

  g_ptr_array_add (self->views, vs);

  if (self->enabled && self->ready)
    {
      add_whole_buffer (vs);
      queue_work (self);
      update_busy (self);
    }
}

void
byline_spell_checker_detach (BylineSpellChecker *self,
                             GtkTextView        *view)
{
  ViewState *vs;

  g_return_if_fail (BYLINE_IS_SPELL_CHECKER (self));
  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  vs = find_view (self, view);
  if (vs == NULL)
    return;
  g_ptr_array_remove (self->views, vs);
  update_busy (self);
}

GtkTextTag *
byline_spell_checker_get_tag (BylineSpellChecker *self,
                              GtkTextView        *view)
{
  ViewState *vs;

  g_return_val_if_fail (BYLINE_IS_SPELL_CHECKER (self), NULL);

  vs = find_view (self, view);
  return vs ? vs->tag : NULL;
}

/* Language */

static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  BylineSpellChecker *self = user_data;
  gboolean found;

  found = g_task_propagate_boolean (G_TASK (result), NULL);
  if (g_task_had_error (G_TASK (result)) || (gpointer) object != (gpointer) self->dictionary)
    return;

  g_clear_object (&self->load_cancellable);
  self->ready = found;
  if (!found && !g_hash_table_contains (self->reported, self->effective))
    {
      g_hash_table_add (self->reported, g_strdup (self->effective));
      g_signal_emit (self, signals[DICTIONARY_MISSING], 0, self->effective);
    }
  recheck_all (self);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_task_return_boolean (task, byline_spell_dictionary_load (source_object));
}

static void
update_dictionary (BylineSpellChecker *self)
{
  const char *effective = self->language && self->language[0] ? self->language : self->default_language;
  g_autoptr(GTask) task = NULL;

  if (effective != NULL && effective[0] == '\0')
    effective = NULL;
  if (!self->enabled)
    effective = NULL;
  if (g_strcmp0 (effective, self->effective) == 0)
    return;

  g_free (self->effective);
  self->effective = g_strdup (effective);
  g_clear_object (&self->dictionary);
  if (self->load_cancellable != NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
    }
  self->ready = FALSE;
  /* Underlines of the old language go now; the new ones come with the
   * check */
  recheck_all (self);

  if (effective == NULL)
    return;

  /* Loading hunspell's files takes tens of milliseconds: not here */
  self->dictionary = byline_spell_dictionary_new (effective);
  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (self->dictionary, self->load_cancellable, load_done, self);
  g_task_set_source_tag (task, update_dictionary);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread);
  update_busy (self);
}

const char *
byline_spell_checker_get_language (BylineSpellChecker *self)
{
  g_return_val_if_fail (BYLINE_IS_SPELL_CHECKER (self), NULL);
  return self->language;
}

void
byline_spell_checker_set_language (BylineSpellChecker *self,
                                   const char         *language)
{
  g_return_if_fail (BYLINE_IS_SPELL_CHECKER (self));

  if (set_str (&self->language, language))
    {
      update_dictionary (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
    }
}

const char *
byline_spell_checker_get_default_language (BylineSpellChecker *self)
{
  g_return_val_if_fail (BYLINE_IS_SPELL_CHECKER (self), NULL);
  return self->default_language;
}

void
byline_spell_checker_set_default_language (BylineSpellChecker *self,
                                           const char         *language)
{
  g_return_if_fail (BYLINE_IS_SPELL_CHECKER (self));

  if (set_str (&self->default_language, language))
    {
      update_dictionary (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_LANGUAGE]);
    }
}

gboolean
byline_spell_checker_get_enabled (BylineSpellChecker *self)
{
  g_return_val_if_fail (BYLINE_IS_SPELL_CHECKER (self), FALSE);
  return self->enabled;
}

void
byline_spell_checker_set_enabled (BylineSpellChecker *self,
                                  gboolean            enabled)
{
  g_return_if_fail (BYLINE_IS_SPELL_CHECKER (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  update_dictionary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

gboolean
byline_spell_checker_get_busy (BylineSpellChecker *self)
{
  g_return_val_if_fail (BYLINE_IS_SPELL_CHECKER (self), FALSE);
  return self->busy;
}

guint
byline_spell_checker_get_words_checked (BylineSpellChecker *self)
{
  g_return_val_if_fail (BYLINE_IS_SPELL_CHECKER (self), 0);
  return self->words_checked;
}

/* GObject */

static void
byline_spell_checker_dispose (GObject *object)
{
  BylineSpellChecker *self = (BylineSpellChecker *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->work_source, g_source_remove);
  g_clear_handle_id (&self->apply_source, g_source_remove);
  if (self->views != NULL)
    g_ptr_array_set_size (self->views, 0);
  /* A job still in its worker is freed when it comes back */
  if (self->job != NULL && self->job->applying)
    g_clear_pointer (&self->job, job_free);
  else if (self->job != NULL)
    self->job->checker = NULL;
  self->job = NULL;

  G_OBJECT_CLASS (byline_spell_checker_parent_class)->dispose (object);
}

static void
byline_spell_checker_constructed (GObject *object)
{
  G_OBJECT_CLASS (byline_spell_checker_parent_class)->constructed (object);

  update_dictionary (BYLINE_SPELL_CHECKER (object));
}

static void
byline_spell_checker_finalize (GObject *object)
{
  BylineSpellChecker *self = (BylineSpellChecker *)object;

  g_clear_pointer (&self->views, g_ptr_array_unref);
  g_clear_pointer (&self->reported, g_hash_table_unref);
  g_clear_object (&self->dictionary);
  g_clear_object (&self->cancellable);
  g_free (self->language);
  g_free (self->default_language);
  g_free (self->effective);

  G_OBJECT_CLASS (byline_spell_checker_parent_class)->finalize (object);
}

static void
byline_spell_checker_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BylineSpellChecker *self = BYLINE_SPELL_CHECKER (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_DEFAULT_LANGUAGE:
      g_value_set_string (value, self->default_language);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_spell_checker_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BylineSpellChecker *self = BYLINE_SPELL_CHECKER (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      byline_spell_checker_set_language (self, g_value_get_string (value));
      break;
    case PROP_DEFAULT_LANGUAGE:
      byline_spell_checker_set_default_language (self, g_value_get_string (value));
      break;
    case PROP_ENABLED:
      byline_spell_checker_set_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_spell_checker_class_init (BylineSpellCheckerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = byline_spell_checker_constructed;
  object_class->dispose = byline_spell_checker_dispose;
  object_class->finalize = byline_spell_checker_finalize;
  object_class->get_property = byline_spell_checker_get_property;
  object_class->set_property = byline_spell_checker_set_property;

  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DEFAULT_LANGUAGE] =
    g_param_spec_string ("default-language", NULL, NULL, "en",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DICTIONARY_MISSING] =
    g_signal_new ("dictionary-missing",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
byline_spell_checker_init (BylineSpellChecker *self)
{
  self->views = g_ptr_array_new_with_free_func ((GDestroyNotify) view_state_free);
  self->reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->default_language = g_strdup ("en");
  self->enabled = TRUE;
}

BylineSpellChecker *
byline_spell_checker_new (void)
{
  return g_object_new (BYLINE_TYPE_SPELL_CHECKER, NULL);
}
