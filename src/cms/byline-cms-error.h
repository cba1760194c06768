/* byline-cms-error.h: what can go wrong talking to a CMS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BYLINE_CMS_ERROR (byline_cms_error_quark ())

/* Every failure of a CMS operation is one of these, with a message a
 * journalist can act on.  Messages never contain a password or an
 * Authorization header.
 *
 * The sync layer retries NETWORK, TIMEOUT, SERVER and RATE_LIMITED; the
 * others need a person (or a merge, for STALE).
 */
typedef enum
{
  BYLINE_CMS_ERROR_AUTH,            /* 401: the password was refused */
  BYLINE_CMS_ERROR_FORBIDDEN,       /* 403: the user may not do this */
  BYLINE_CMS_ERROR_NOT_FOUND,       /* 404: no such post (deleted?) */
  BYLINE_CMS_ERROR_STALE,           /* someone else changed it since */
  BYLINE_CMS_ERROR_RATE_LIMITED,    /* 429: see byline_cms_error_get_retry_after() */
  BYLINE_CMS_ERROR_SERVER,          /* 5xx */
  BYLINE_CMS_ERROR_NETWORK,         /* unreachable, reset, DNS */
  BYLINE_CMS_ERROR_TIMEOUT,
  BYLINE_CMS_ERROR_TLS,             /* certificate refused */
  BYLINE_CMS_ERROR_BAD_RESPONSE,    /* not the JSON we expected */
  BYLINE_CMS_ERROR_INVALID_REQUEST, /* other 4xx, or refused before sending */
  BYLINE_CMS_ERROR_TOO_LARGE,       /* an answer or upload over the limit */
} BylineCmsError;

GQuark    byline_cms_error_quark           (void);

/* Seconds the server asked us to wait (Retry-After) before trying again,
 * or 0 when it did not say.  Works on any GError; 0 for other domains. */
guint     byline_cms_error_get_retry_after (const GError *error);

/* Creates a BYLINE_CMS_ERROR error carrying a Retry-After value. */
GError   *byline_cms_error_new_retry_after (BylineCmsError  code,
                                            guint           retry_after,
                                            const char     *format,
                                            ...) G_GNUC_PRINTF (3, 4);

/* TRUE for the errors that may go away by themselves (network, timeout,
 * 5xx, 429): the sync layer retries those with backoff. */
gboolean  byline_cms_error_is_transient    (const GError *error);

G_END_DECLS
