/* byline-article-editor.h: the fields and body of one article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "model/byline-article.h"
#include "store/byline-store.h"
#include "store/byline-autosave.h"
#include "byline-cms.h"
#include "byline-spell-checker.h"
#include "byline-body-images.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_ARTICLE_EDITOR (byline_article_editor_get_type())

G_DECLARE_FINAL_TYPE (BylineArticleEditor, byline_article_editor, BYLINE, ARTICLE_EDITOR, GtkWidget)

/* Shows @article's fields and body, writes every edit back to it, and keeps
 * a BylineAutosave on it.  Properties: "store" (construct), "article",
 * "autosave" (read-only: the autosave of the open article, or NULL). */
GtkWidget      *byline_article_editor_new            (BylineStore          *store);
BylineArticle  *byline_article_editor_get_article    (BylineArticleEditor  *self);
/* Opens @article (or nothing); what was open is saved first. */
void            byline_article_editor_set_article    (BylineArticleEditor  *self,
                                                      BylineArticle        *article);
BylineAutosave *byline_article_editor_get_autosave   (BylineArticleEditor  *self);
void            byline_article_editor_focus_headline (BylineArticleEditor  *self);
/* Widgets for tests and the window's keyboard flow */
GtkTextView    *byline_article_editor_get_headline_view   (BylineArticleEditor *self);
GtkTextView    *byline_article_editor_get_standfirst_view (BylineArticleEditor *self);
GtkTextView    *byline_article_editor_get_body_view       (BylineArticleEditor *self);
/* For the find bar: the byline's entry, and the lead image's entry for
 * "caption", "credit" or "alt" */
GtkWidget      *byline_article_editor_get_byline_entry     (BylineArticleEditor *self);
GtkWidget      *byline_article_editor_get_lead_image_entry (BylineArticleEditor *self,
                                                            const char          *field);
/* The find bar above the fields (a BylineFindBar) */
GtkWidget      *byline_article_editor_get_find_bar         (BylineArticleEditor *self);
/* Unfolds the lead image's caption, credit and alt text, focusing the alt
 * text (where the checks panel sends the journalist). */
void            byline_article_editor_show_lead_image     (BylineArticleEditor *self);
/* The checker on the headline, standfirst and body; attach other text
 * views (captions, alt text) with byline_spell_checker_attach(). */
BylineSpellChecker *byline_article_editor_get_spell_checker (BylineArticleEditor *self);
/* "spell-check" and "default-language" come from @settings */
void            byline_article_editor_set_settings   (BylineArticleEditor  *self,
                                                      GSettings            *settings);
/* Photos: what the "Insert Image…" and "Choose Lead Image…" file
 * choosers do with the file chosen (the import runs on a worker thread;
 * errors reach the body images' "message" signal). */
BylineBodyImages *byline_article_editor_get_body_images    (BylineArticleEditor *self);
void            byline_article_editor_insert_image_file   (BylineArticleEditor *self,
                                                           GFile               *file);
void            byline_article_editor_set_lead_image_file (BylineArticleEditor *self,
                                                           GFile               *file);
/* Scrolls to @block's image in the body, or opens the lead image's row
 * when @block is NULL. */
void            byline_article_editor_show_image          (BylineArticleEditor *self,
                                                           BylineBlock         *block);
/* Saves whatever is unsaved now. */
void            byline_article_editor_flush_async    (BylineArticleEditor  *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean        byline_article_editor_flush_finish   (BylineArticleEditor  *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* The site the body's related cards fetch their stories' images
 * through (the default account's), or NULL. */
void            byline_article_editor_set_cms        (BylineArticleEditor  *self,
                                                      BylineCms            *cms);

/* Puts a related-story card for @ref after the line the cursor is on, as
 * one undoable edit of the body.  FALSE when no article is open. */
gboolean        byline_article_editor_insert_card    (BylineArticleEditor  *self,
                                                      BylineStoryRef       *ref);

G_END_DECLS
