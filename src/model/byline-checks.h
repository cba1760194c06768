/* byline-checks.h: the questions an editor asks before a story goes to the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-article.h"
#include "byline-check-item.h"

G_BEGIN_DECLS

/* Measures @text as a search results page would show it: returns its width
 * in pixels and sets *@fit_chars to how many of its characters fit in
 * @max_width.  The model has no fonts: the UI passes one (Pango). */
typedef double (*BylineTextMeasureFunc) (const char *text,
                                         double      max_width,
                                         guint      *fit_chars,
                                         gpointer    user_data);

/* Where an article's newsroom limits come from: its section's limits if
 * Preferences has some, else its account's, else the defaults. */
typedef enum
{
  BYLINE_LIMITS_FROM_DEFAULT,
  BYLINE_LIMITS_FROM_SECTION,
  BYLINE_LIMITS_FROM_ACCOUNT,
} BylineLimitsFrom;

/* Newsroom limits (Preferences) and how to measure.  0 turns a limit off. */
typedef struct
{
  guint                  headline_max_chars;   /* default 70 */
  guint                  seo_title_max_chars;  /* default 70 */
  guint                  seo_title_max_width;  /* px, default 600 */
  BylineLimitsFrom       limits_from;
  char                  *limits_name;          /* owned: the section or account, or NULL */
  BylineTextMeasureFunc  measure;              /* NULL: width not checked */
  gpointer               measure_data;
} BylineCheckOptions;

#define BYLINE_HEADLINE_MAX_CHARS_DEFAULT  70
#define BYLINE_SEO_TITLE_MAX_CHARS_DEFAULT 70
#define BYLINE_SEO_TITLE_MAX_WIDTH_DEFAULT 600

/* A paragraph must have at least this many words to count as repeated, and
 * a quoted passage this many to count as speech (shorter ones are scare
 * quotes or titles). */
#define BYLINE_CHECK_REPEAT_MIN_WORDS 4
#define BYLINE_CHECK_SPEECH_MIN_WORDS 4

void       byline_check_options_init (BylineCheckOptions *options);
/* Frees what @options owns (the limits' name). */
void       byline_check_options_clear (BylineCheckOptions *options);
/* @dest (initialised or cleared) becomes a copy of @src. */
void       byline_check_options_copy  (BylineCheckOptions       *dest,
                                       const BylineCheckOptions *src);
/* Picks the limits for an article of @section synced with @account:
 * @section_limits and @account_limits are a{s(uuu)} (GSettings
 * "section-limits", "account-limits": headline characters, SEO title
 * characters, SEO title pixels) or NULL.  A section's name matches
 * whatever its case.  With neither, @options keeps @defaults' limits.
 * Sets limits_from and limits_name. */
void       byline_check_options_pick_limits (BylineCheckOptions *options,
                                             guint               default_headline_max_chars,
                                             guint               default_seo_title_max_chars,
                                             guint               default_seo_title_max_width,
                                             GVariant           *section_limits,
                                             const char         *section,
                                             GVariant           *account_limits,
                                             const char         *account);
/* How the headline limit reads in a sentence, for the headline panel:
 * "Too long: 75 characters, 5 over the Sport desk’s limit of 70". */
char      *byline_check_options_describe_headline (const BylineCheckOptions *options,
                                                   guint                     n_chars);

/* Every check on @article, in reading order (headline, SEO title,
 * standfirst, lead image, body block by block, word target): a new array
 * of BylineCheckItem, each marked dismissed when its id is in the
 * article's "dismissed-checks".  Pure: reads @article only, so it may run
 * on a worker thread on an article that thread owns (e.g. one read back
 * from a snapshot).  What each check does and does not flag is in
 * docs/checks.md. */
GPtrArray *byline_checks_run         (BylineArticle            *article,
                                      const BylineCheckOptions *options);
/* The same on a snapshot: builds a private copy of the article from it
 * (byline_article_snapshot_to_json) and checks that; any thread. */
GPtrArray *byline_checks_run_snapshot (BylineArticleSnapshot   *snapshot,
                                       const BylineCheckOptions *options,
                                       GError                 **error);
/* Items not dismissed. */
guint      byline_checks_count_open  (GPtrArray                *items);

G_END_DECLS
