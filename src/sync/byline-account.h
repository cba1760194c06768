/* byline-account.h: one CMS account (a site, a user)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BYLINE_TYPE_ACCOUNT (byline_account_get_type())

G_DECLARE_FINAL_TYPE (BylineAccount, byline_account, BYLINE, ACCOUNT, GObject)

/* Immutable.  Properties: "name" (the journalist's short name for it, unique,
 * e.g. "desk"), "kind" ("wordpress"), "url" (the site's base URL), "user".
 * The password is never a property: it lives only in the Secret Service. */
BylineAccount *byline_account_new      (const char    *name,
                                        const char    *kind,
                                        const char    *url,
                                        const char    *user);
const char    *byline_account_get_name (BylineAccount *self);
const char    *byline_account_get_kind (BylineAccount *self);
const char    *byline_account_get_url  (BylineAccount *self);
const char    *byline_account_get_user (BylineAccount *self);

G_END_DECLS
