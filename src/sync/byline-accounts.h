/* byline-accounts.h: the journalist's CMS accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "byline-account.h"
#include "byline-cms.h"

G_BEGIN_DECLS

#define BYLINE_ACCOUNTS_ERROR (byline_accounts_error_quark ())

typedef enum
{
  BYLINE_ACCOUNTS_ERROR_EXISTS,
  BYLINE_ACCOUNTS_ERROR_NOT_FOUND,
  BYLINE_ACCOUNTS_ERROR_INVALID_URL,    /* not http(s), or plain http to a non-loopback host */
  BYLINE_ACCOUNTS_ERROR_NO_PASSWORD,    /* the keyring has none for it */
  BYLINE_ACCOUNTS_ERROR_KEYRING,        /* the Secret Service failed or is missing */
} BylineAccountsError;

#define BYLINE_TYPE_ACCOUNTS (byline_accounts_get_type())

G_DECLARE_FINAL_TYPE (BylineAccounts, byline_accounts, BYLINE, ACCOUNTS, GObject)

/* A GListModel of BylineAccount, kept in GSettings (key "accounts", type
 * a(ssss): name, kind, url, user) and updated when the key changes.  Passwords
 * only in the Secret Service through libsecret (schema
 * "io.github.byline.Byline.Account", attributes "url" and "user"); never in a
 * file, GSettings, a log or an error message. */
GQuark          byline_accounts_error_quark        (void);
BylineAccounts *byline_accounts_new                (GSettings            *settings);
BylineAccount  *byline_accounts_lookup             (BylineAccounts       *self,
                                                    const char           *name);
/* The site URL as an account keeps it (no trailing slash), or NULL with
 * INVALID_URL naming it: https, or http to 127.0.0.0/8, ::1 or localhost
 * only.  For checking a URL before asking for the password. */
char           *byline_accounts_normalize_url      (const char           *url,
                                                    GError              **error);

/* Checks the URL (https, or http to loopback only), stores the password in
 * the keyring, then the account in GSettings. */
void            byline_accounts_add_async          (BylineAccounts       *self,
                                                    BylineAccount        *account,
                                                    const char           *password,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean        byline_accounts_add_finish         (BylineAccounts       *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* Removes the account from GSettings and its password from the keyring. */
void            byline_accounts_remove_async       (BylineAccounts       *self,
                                                    const char           *name,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean        byline_accounts_remove_finish      (BylineAccounts       *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* Looks the password up and builds the CMS backend for the account
 * (BylineWpCms for "wordpress") on @session. */
void            byline_accounts_open_cms_async     (BylineAccounts       *self,
                                                    BylineAccount        *account,
                                                    SoupSession          *session,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
BylineCms      *byline_accounts_open_cms_finish    (BylineAccounts       *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
