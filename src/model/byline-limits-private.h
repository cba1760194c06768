/* byline-limits-private.h: how large a Byline document may be
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib.h>

#include "byline-image.h"
#include "byline-story-ref.h"

G_BEGIN_DECLS

/* Limits (docs/article-format.md, "Limits"): far above anything a
 * journalist writes, low enough that a damaged or hostile file cannot
 * exhaust memory or the stack.  The reader refuses a document over any of
 * them, so the writer must never produce one: byline_article_snapshot()
 * records what is over a limit and byline_article_snapshot_check() refuses
 * to save it.  Characters are Unicode code points. */
#define BYLINE_MAX_DOCUMENT_BYTES   (64 * 1024 * 1024)
#define BYLINE_MAX_DEPTH            32
#define BYLINE_MAX_LANGUAGE_CHARS   64
#define BYLINE_MAX_SHORT_CHARS      100000
#define BYLINE_MAX_STANDFIRST_CHARS 1000000
#define BYLINE_MAX_TEXT_CHARS       16000000
#define BYLINE_MAX_URI_CHARS        8192
#define BYLINE_MAX_TIME_CHARS       64
#define BYLINE_MAX_TAGS             10000
#define BYLINE_MAX_BLOCKS           100000
#define BYLINE_MAX_MARKS            100000
#define BYLINE_MAX_RELATED          1000

typedef enum
{
  BYLINE_LIMIT_OK,
  BYLINE_LIMIT_TEXT,      /* the text itself (a block's text or markup) */
  BYLINE_LIMIT_PART,      /* @part: a caption, an attribution, a story's headline… */
  BYLINE_LIMIT_LINK,      /* the address of one of the text's links */
  BYLINE_LIMIT_MARKS,     /* too many runs of formatting */
} BylineLimitKind;

/* The first thing over a limit in one piece of an article (a block, an
 * image, a story ref); kind BYLINE_LIMIT_OK when there is none. */
typedef struct
{
  BylineLimitKind  kind;
  const char      *part;    /* static, plain words ("caption"); for BYLINE_LIMIT_PART */
  guint64          found;   /* characters, or marks for BYLINE_LIMIT_MARKS */
  guint64          limit;
} BylineLimitViolation;

/* TRUE when @text (valid UTF-8) has at most @max_chars characters.  Only
 * counts the characters when the bytes could be too many; on FALSE,
 * *@chars (if not NULL) is how many there are. */
static inline gboolean
byline_limit_check_chars (const char *text,
                          guint       max_chars,
                          guint64    *chars)
{
  gsize bytes = strlen (text);
  glong n;

  if (bytes <= max_chars)
    return TRUE;

  n = g_utf8_strlen (text, bytes);
  if ((gulong) n <= max_chars)
    return TRUE;

  if (chars != NULL)
    *chars = n;
  return FALSE;
}

/* Each fills @violation with the first field over its limit (kind
 * BYLINE_LIMIT_PART) and returns FALSE, or returns TRUE.  An image inside a
 * story ref names its parts "image caption" and so on. */
gboolean byline_image_check_limits     (BylineImage          *image,
                                        gboolean              in_story,
                                        BylineLimitViolation *violation);
gboolean byline_story_ref_check_limits (BylineStoryRef       *ref,
                                        BylineLimitViolation *violation);

G_END_DECLS
