"""The portal's own pages, allauth's and the admin's own pages (each admin
model's pages are in ``admin_models``): who gets what."""

from tests.access.rows import Row

SITE_PAGES = {
    # portal
    "home": Row("200 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"),
    "healthz": Row("200 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"),
    "dashboard": Row("login 302 302 302 302 302 302 302", "login 302 302 302 302 302 302 200"),
    "account_signup": Row("200 302 302 302 302 302 302 302", "200 302 302 302 302 302 302 302"),
    "privacy": Row("login 200 200 200 200 200 200 200", "login 405 405 405 405 405 405 405"),
    "privacy_export": Row("login 200 200 200 200 200 200 200", "login 405 405 405 405 405 405 405"),
    "privacy_delete": Row("login 200 200 200 200 200 200 200", "login 200 200 200 200 200 200 200"),
    "email_notifications": Row(
        "login 200 200 200 200 200 200 200", "login 302 302 302 302 302 302 302"
    ),
    "email_unsubscribe": Row(
        "400 400 400 400 400 400 400 400",
        "400 400 400 400 400 400 400 400",
        path="/accounts/emails/unsubscribe/not-a-signed-token/",
    ),
    "set_language": Row("302 302 302 302 302 302 302 302", "302 302 302 302 302 302 302 302"),
    # allauth
    "account_login": Row("200 302 302 302 302 302 302 302", "200 302 302 302 302 302 302 302"),
    "account_logout": Row("302 200 200 200 200 200 200 200", "302 302 302 302 302 302 302 302"),
    "account_inactive": Row("200 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"),
    "accounts/signup/": Row(
        "200 302 302 302 302 302 302 302",
        "200 302 302 302 302 302 302 302",
        path="/accounts/signup/",
    ),
    "account_reauthenticate": Row(
        "login 200 200 200 200 200 200 200", "login 200 200 200 200 200 200 200"
    ),
    "account_email": Row("login 200 200 200 200 200 200 200", "login 302 302 302 302 302 302 302"),
    "account_email_verification_sent": Row(
        "200 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"
    ),
    "account_change_password": Row(
        "login 200 200 200 200 200 200 200", "login 200 200 200 200 200 200 200"
    ),
    "account_set_password": Row(
        "login 302 302 302 302 302 302 302", "login 302 302 302 302 302 302 302"
    ),
    "account_reset_password": Row(
        "200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200"
    ),
    "account_confirm_login_code": Row(
        "login 302 302 302 302 302 302 302", "login 302 302 302 302 302 302 302"
    ),
    "account_confirm_email": Row(
        "200 200 200 200 200 200 200 200",
        "404 404 404 404 404 404 404 404",
        path="/accounts/confirm-email/not-a-key/",
    ),
    "account_reset_password_from_key_done": Row(
        "200 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"
    ),
    "account_reset_password_from_key": Row(
        "200 200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200 200",
        path="/accounts/password/reset/key/1-not-a-key/",
    ),
    "account_reset_password_done": Row(
        "200 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"
    ),
    "mfa_index": Row("login 200 200 200 200 200 200 200", "login 405 405 405 405 405 405 405"),
    "mfa_authenticate": Row(
        "login 302 302 302 302 302 302 302", "login 302 302 302 302 302 302 302"
    ),
    "mfa_reauthenticate": Row(
        "login 302 302 302 302 302 302 302", "login 302 302 302 302 302 302 302"
    ),
    "mfa_activate_totp": Row(
        "login 302 302 302 302 302 302 302", "login 302 302 302 302 302 302 302"
    ),
    "mfa_deactivate_totp": Row(
        "login 404 404 404 404 404 404 404", "login 404 404 404 404 404 404 404"
    ),
    "mfa_view_recovery_codes": Row(
        "login 404 404 404 404 404 404 404", "login 405 405 405 405 405 405 405"
    ),
    "mfa_generate_recovery_codes": Row(
        "login 302 302 302 302 302 302 302", "login 302 302 302 302 302 302 302"
    ),
    "mfa_download_recovery_codes": Row(
        "login 404 404 404 404 404 404 404", "login 404 404 404 404 404 404 404"
    ),
    "socialaccount_login_cancelled": Row(
        "200 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"
    ),
    "socialaccount_login_error": Row(
        "401 401 401 401 401 401 401 401", "405 405 405 405 405 405 405 405"
    ),
    "socialaccount_signup": Row(
        "login login login login login login login login",
        "login login login login login login login login",
    ),
    "socialaccount_connections": Row(
        "login 200 200 200 200 200 200 200", "login 200 200 200 200 200 200 200"
    ),
    "accounts/social/login/cancelled/": Row(
        "301 301 301 301 301 301 301 301",
        "301 301 301 301 301 301 301 301",
        path="/accounts/social/login/cancelled/",
    ),
    "accounts/social/login/error/": Row(
        "301 301 301 301 301 301 301 301",
        "301 301 301 301 301 301 301 301",
        path="/accounts/social/login/error/",
    ),
    "accounts/social/signup/": Row(
        "301 301 301 301 301 301 301 301",
        "301 301 301 301 301 301 301 301",
        path="/accounts/social/signup/",
    ),
    "accounts/social/connections/": Row(
        "301 301 301 301 301 301 301 301",
        "301 301 301 301 301 301 301 301",
        path="/accounts/social/connections/",
    ),
    # No Social application is set up here (staff add one in the admin); until
    # then these addresses do not exist for anyone (portal.adapters).
    "google_login": Row("404 404 404 404 404 404 404 404", "404 404 404 404 404 404 404 404"),
    "google_callback": Row("404 404 404 404 404 404 404 404", "404 404 404 404 404 404 404 404"),
    "google_login_by_token": Row(
        "404 404 404 404 404 404 404 404", "404 404 404 404 404 404 404 404"
    ),
    "tiktok_login": Row("404 404 404 404 404 404 404 404", "404 404 404 404 404 404 404 404"),
    "tiktok_callback": Row("404 404 404 404 404 404 404 404", "404 404 404 404 404 404 404 404"),
    # the admin's own pages (each model's pages are below)
    # A fan's account page, and the ways a fan becomes a creator or opens a
    # business; everyone else already has a side and goes to their dashboard.
    "account": Row("login 200 200 200 200 200 200 200", "login 405 405 405 405 405 405 405"),
    "become_creator": Row("login 302 302 302 302 302 200 302", "login 302 302 302 302 302 200 302"),
    "open_business": Row("login 302 302 302 302 302 200 302", "login 302 302 302 302 302 200 302"),
    "admin:index": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
    ),
    "admin:login": Row("login 403 403 403 403 403 403 302", "login 403 403 403 403 403 403 200"),
    "admin:logout": Row("302 302 302 302 302 302 302 405", "302 302 302 302 302 302 302 200"),
    "admin:password_change": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
    ),
    "admin:password_change_done": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 405",
    ),
    "admin:autocomplete": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 403",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 405",
    ),
    "admin:jsi18n": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 405",
    ),
    "admin:view_on_site": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 302",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 302",
        kwargs={"content_type_id": "series_content_type", "object_id": "series_a"},
    ),
    "admin:app_list": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        path="/admin/creators/",
    ),
    "admin/(?P<url>.*)$": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 404",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 404",
        path="/admin/no-such-page/",
    ),
    "admin:auth_user_password_change": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        kwargs={"id": "creator_a.user"},
    ),
    "admin:creators_figuresnapshot_import": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
    ),
    # Staff run the ledger check now (a POST from the check list's button).
    "admin:payments_ledgercheck_run": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 405",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 302",
    ),
    # Staff mark a reconciliation difference resolved with a note (an empty
    # note gets the form back).
    "admin:reconciliation_difference_resolve": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        kwargs={"difference_id": "difference_a"},
    ),
    # Staff decide a buyer's refund request on its own page (an empty form
    # comes back with its errors).
    "admin:series_refundrequest_decide": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        kwargs={"pk": "refund_request_a"},
    ),
    # Staff refund a payment from its own page: a form, then a confirmation.
    "admin:payments_payment_refund": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        kwargs={"pk": "payment_a"},
    ),
    "admin:creators_programmeapplication_decide": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        kwargs={"pk": "application_a"},
    ),
    "admin:brands_business_grant_credit": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        kwargs={"pk": "business_a"},
    ),
    "admin:brands_campaign_approve": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 302",
        kwargs={"pk": "campaign_a"},
    ),
    "admin:brands_campaign_send_back": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200",
        kwargs={"pk": "campaign_a"},
    ),
}
