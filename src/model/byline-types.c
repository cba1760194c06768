/* byline-types.c: stable names for the model's enums
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-types"

#include "byline-types.h"

#include <string.h>

/* These names are part of the file format, the store's columns and the
 * CLI's output: never rename one, only add. */
static const char * const status_names[] = {
  [BYLINE_ARTICLE_STATUS_DRAFT] = "draft",
  [BYLINE_ARTICLE_STATUS_PENDING_REVIEW] = "pending-review",
  [BYLINE_ARTICLE_STATUS_SCHEDULED] = "scheduled",
  [BYLINE_ARTICLE_STATUS_PUBLISHED] = "published",
};

static const char * const block_kind_names[] = {
  [BYLINE_BLOCK_PARAGRAPH] = "paragraph",
  [BYLINE_BLOCK_SUBHEADING] = "subheading",
  [BYLINE_BLOCK_QUOTE] = "quote",
  [BYLINE_BLOCK_IMAGE] = "image",
  [BYLINE_BLOCK_CARD] = "card",
  [BYLINE_BLOCK_RAW] = "raw",
};

static const char * const sync_state_names[] = {
  [BYLINE_SYNC_STATE_LOCAL] = "local",
  [BYLINE_SYNC_STATE_PENDING] = "pending",
  [BYLINE_SYNC_STATE_SYNCING] = "syncing",
  [BYLINE_SYNC_STATE_SYNCED] = "synced",
  [BYLINE_SYNC_STATE_CONFLICT] = "conflict",
  [BYLINE_SYNC_STATE_ERROR] = "error",
};

static const char * const target_state_names[] = {
  [BYLINE_TARGET_STATE_UNKNOWN] = "unknown",
  [BYLINE_TARGET_STATE_OK] = "ok",
  [BYLINE_TARGET_STATE_UPDATED] = "updated",
  [BYLINE_TARGET_STATE_DELETED] = "deleted",
  [BYLINE_TARGET_STATE_NOT_PUBLIC] = "not-public",
};

static gboolean
lookup (const char * const *names,
        guint               n_names,
        const char         *str,
        guint              *value)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (strcmp (names[i], str) == 0)
        {
          if (value != NULL)
            *value = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
byline_article_status_to_string (BylineArticleStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);

  return status_names[status];
}

gboolean
byline_article_status_from_string (const char          *str,
                                   BylineArticleStatus *status)
{
  guint value;

  if (!lookup (status_names, G_N_ELEMENTS (status_names), str, &value))
    return FALSE;
  if (status != NULL)
    *status = (BylineArticleStatus) value;
  return TRUE;
}

const char *
byline_block_kind_to_string (BylineBlockKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (block_kind_names), NULL);

  return block_kind_names[kind];
}

gboolean
byline_block_kind_from_string (const char      *str,
                               BylineBlockKind *kind)
{
  guint value;

  if (!lookup (block_kind_names, G_N_ELEMENTS (block_kind_names), str, &value))
    return FALSE;
  if (kind != NULL)
    *kind = (BylineBlockKind) value;
  return TRUE;
}

const char *
byline_sync_state_to_string (BylineSyncState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (sync_state_names), NULL);

  return sync_state_names[state];
}

gboolean
byline_sync_state_from_string (const char      *str,
                               BylineSyncState *state)
{
  guint value;

  if (!lookup (sync_state_names, G_N_ELEMENTS (sync_state_names), str, &value))
    return FALSE;
  if (state != NULL)
    *state = (BylineSyncState) value;
  return TRUE;
}

const char *
byline_target_state_to_string (BylineTargetState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (target_state_names), NULL);

  return target_state_names[state];
}

gboolean
byline_target_state_from_string (const char        *str,
                                 BylineTargetState *state)
{
  guint value;

  if (!lookup (target_state_names, G_N_ELEMENTS (target_state_names), str, &value))
    return FALSE;
  if (state != NULL)
    *state = (BylineTargetState) value;
  return TRUE;
}
