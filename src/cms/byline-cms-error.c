/* byline-cms-error.c: the CMS layer's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-cms"

#include "byline-cms-error.h"

/* An extended error domain, so a 429 or 503 can carry the server's
 * Retry-After without the sync layer parsing messages. */
typedef struct
{
  guint retry_after;
} BylineCmsErrorPrivate;

static void
byline_cms_error_private_init (BylineCmsErrorPrivate *priv)
{
  priv->retry_after = 0;
}

static void
byline_cms_error_private_copy (const BylineCmsErrorPrivate *src,
                               BylineCmsErrorPrivate       *dest)
{
  dest->retry_after = src->retry_after;
}

static void
byline_cms_error_private_clear (BylineCmsErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (BylineCmsError, byline_cms_error)

guint
byline_cms_error_get_retry_after (const GError *error)
{
  if (error == NULL || error->domain != BYLINE_CMS_ERROR)
    return 0;

  return byline_cms_error_get_private (error)->retry_after;
}

GError *
byline_cms_error_new_retry_after (BylineCmsError  code,
                                  guint           retry_after,
                                  const char     *format,
                                  ...)
{
  GError *error;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (BYLINE_CMS_ERROR, code, format, args);
  va_end (args);

  byline_cms_error_get_private (error)->retry_after = retry_after;

  return error;
}

gboolean
byline_cms_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != BYLINE_CMS_ERROR)
    return FALSE;

  switch ((BylineCmsError) error->code)
    {
    case BYLINE_CMS_ERROR_NETWORK:
    case BYLINE_CMS_ERROR_TIMEOUT:
    case BYLINE_CMS_ERROR_SERVER:
    case BYLINE_CMS_ERROR_RATE_LIMITED:
      return TRUE;

    case BYLINE_CMS_ERROR_AUTH:
    case BYLINE_CMS_ERROR_FORBIDDEN:
    case BYLINE_CMS_ERROR_NOT_FOUND:
    case BYLINE_CMS_ERROR_STALE:
    case BYLINE_CMS_ERROR_TLS:
    case BYLINE_CMS_ERROR_BAD_RESPONSE:
    case BYLINE_CMS_ERROR_INVALID_REQUEST:
    case BYLINE_CMS_ERROR_TOO_LARGE:
    default:
      return FALSE;
    }
}
