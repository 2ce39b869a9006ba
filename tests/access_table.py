"""Who gets what from every URL: the table ``tests/test_access_control.py`` checks.

Each row is one URL pattern (its namespaced name, or its route when it has no
name), with the arguments that point it at creator A's or business A's objects
and what each visitor gets for a GET and for a POST. The visitors, in order:

    anonymous  creator_a  creator_b  business_a  business_b  teammate_a  staff

``business_a`` owns business A; ``teammate_a`` is a member (not an owner) of it.
An answer is a status code, ``login`` (a redirect to the login page) or
``admin-login`` (a redirect to the admin's login). A new URL needs a row here:
decide who may use it, and keep other people's objects a 404.
"""

from dataclasses import dataclass, field

ROLES = ("anonymous", "creator_a", "creator_b", "business_a", "business_b", "teammate_a", "staff")


@dataclass(frozen=True)
class Row:
    get: str
    post: str
    # URL arguments: converter name -> an attribute of the test's world ("series_a").
    kwargs: dict = field(default_factory=dict)
    # For patterns without a name: the path, formatted with ``kwargs``.
    path: str | None = None

    @staticmethod
    def draft(actual):
        """The row that matches ``actual`` ({(method, role): answer}), to paste
        here once someone has checked every answer in it is right."""
        get = " ".join(actual[("get", role)] for role in ROLES)
        post = " ".join(actual[("post", role)] for role in ROLES)
        return f'Row(get="{get}", post="{post}")'


def same(answer):
    return " ".join([answer] * len(ROLES))


PUBLIC = same("200")

PAGES = {
    # portal
    "home": Row("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "healthz": Row("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "dashboard": Row("login 302 302 302 302 302 302", "login 302 302 302 302 302 200"),
    "account_signup": Row("200 302 302 302 302 302 302", "200 302 302 302 302 302 302"),
    "privacy": Row("login 200 200 200 200 200 200", "login 405 405 405 405 405 405"),
    "privacy_export": Row("login 200 200 200 200 200 200", "login 405 405 405 405 405 405"),
    "privacy_delete": Row("login 200 200 200 200 200 200", "login 200 200 200 200 200 200"),
    "set_language": Row("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    # allauth
    "account_login": Row("200 302 302 302 302 302 302", "200 302 302 302 302 302 302"),
    "account_logout": Row("302 200 200 200 200 200 200", "302 302 302 302 302 302 302"),
    "account_inactive": Row("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "accounts/signup/": Row(
        "200 302 302 302 302 302 302", "200 302 302 302 302 302 302", path="/accounts/signup/"
    ),
    "account_reauthenticate": Row("login 200 200 200 200 200 200", "login 200 200 200 200 200 200"),
    "account_email": Row("login 200 200 200 200 200 200", "login 302 302 302 302 302 302"),
    "account_email_verification_sent": Row(
        "200 200 200 200 200 200 200", "405 405 405 405 405 405 405"
    ),
    "account_change_password": Row(
        "login 200 200 200 200 200 200", "login 200 200 200 200 200 200"
    ),
    "account_set_password": Row("login 302 302 302 302 302 302", "login 302 302 302 302 302 302"),
    "account_reset_password": Row("200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "account_confirm_login_code": Row(
        "login 302 302 302 302 302 302", "login 302 302 302 302 302 302"
    ),
    "account_confirm_email": Row(
        "200 200 200 200 200 200 200",
        "404 404 404 404 404 404 404",
        path="/accounts/confirm-email/not-a-key/",
    ),
    "account_reset_password_from_key_done": Row(
        "200 200 200 200 200 200 200", "405 405 405 405 405 405 405"
    ),
    "account_reset_password_from_key": Row(
        "200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200",
        path="/accounts/password/reset/key/1-not-a-key/",
    ),
    "account_reset_password_done": Row(
        "200 200 200 200 200 200 200", "405 405 405 405 405 405 405"
    ),
    "mfa_index": Row("login 200 200 200 200 200 200", "login 405 405 405 405 405 405"),
    "mfa_authenticate": Row("login 302 302 302 302 302 302", "login 302 302 302 302 302 302"),
    "mfa_reauthenticate": Row("login 302 302 302 302 302 302", "login 302 302 302 302 302 302"),
    "mfa_activate_totp": Row("login 302 302 302 302 302 302", "login 302 302 302 302 302 302"),
    "mfa_deactivate_totp": Row("login 404 404 404 404 404 404", "login 404 404 404 404 404 404"),
    "mfa_view_recovery_codes": Row(
        "login 404 404 404 404 404 404", "login 405 405 405 405 405 405"
    ),
    "mfa_generate_recovery_codes": Row(
        "login 302 302 302 302 302 302", "login 302 302 302 302 302 302"
    ),
    "mfa_download_recovery_codes": Row(
        "login 404 404 404 404 404 404", "login 404 404 404 404 404 404"
    ),
    "socialaccount_login_cancelled": Row(
        "200 200 200 200 200 200 200", "405 405 405 405 405 405 405"
    ),
    "socialaccount_login_error": Row("401 401 401 401 401 401 401", "405 405 405 405 405 405 405"),
    "socialaccount_signup": Row(
        "login login login login login login login", "login login login login login login login"
    ),
    "socialaccount_connections": Row(
        "login 200 200 200 200 200 200", "login 200 200 200 200 200 200"
    ),
    "accounts/social/login/cancelled/": Row(
        "301 301 301 301 301 301 301",
        "301 301 301 301 301 301 301",
        path="/accounts/social/login/cancelled/",
    ),
    "accounts/social/login/error/": Row(
        "301 301 301 301 301 301 301",
        "301 301 301 301 301 301 301",
        path="/accounts/social/login/error/",
    ),
    "accounts/social/signup/": Row(
        "301 301 301 301 301 301 301",
        "301 301 301 301 301 301 301",
        path="/accounts/social/signup/",
    ),
    "accounts/social/connections/": Row(
        "301 301 301 301 301 301 301",
        "301 301 301 301 301 301 301",
        path="/accounts/social/connections/",
    ),
    # No Social application is set up here (staff add one in the admin); until
    # then these addresses do not exist for anyone (portal.adapters).
    "google_login": Row("404 404 404 404 404 404 404", "404 404 404 404 404 404 404"),
    "google_callback": Row("404 404 404 404 404 404 404", "404 404 404 404 404 404 404"),
    "google_login_by_token": Row("404 404 404 404 404 404 404", "404 404 404 404 404 404 404"),
    "tiktok_login": Row("404 404 404 404 404 404 404", "404 404 404 404 404 404 404"),
    "tiktok_callback": Row("404 404 404 404 404 404 404", "404 404 404 404 404 404 404"),
    # the admin's own pages (each model's pages are below)
    "admin:index": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
    ),
    "admin:login": Row("login 403 403 403 403 403 302", "login 403 403 403 403 403 200"),
    "admin:logout": Row("302 302 302 302 302 302 405", "302 302 302 302 302 302 200"),
    "admin:password_change": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
    ),
    "admin:password_change_done": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login 405",
    ),
    "admin:autocomplete": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login 403",
        "admin-login admin-login admin-login admin-login admin-login admin-login 405",
    ),
    "admin:jsi18n": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login 405",
    ),
    "admin:view_on_site": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login 302",
        "admin-login admin-login admin-login admin-login admin-login admin-login 302",
        kwargs={"content_type_id": "series_content_type", "object_id": "series_a"},
    ),
    "admin:app_list": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
        path="/admin/creators/",
    ),
    "admin/(?P<url>.*)$": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login 404",
        "admin-login admin-login admin-login admin-login admin-login admin-login 404",
        path="/admin/no-such-page/",
    ),
    "admin:auth_user_password_change": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
        kwargs={"id": "creator_a.user"},
    ),
    "admin:creators_figuresnapshot_import": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
    ),
    # Staff run the ledger check now (a POST from the check list's button).
    "admin:payments_ledgercheck_run": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login 405",
        "admin-login admin-login admin-login admin-login admin-login admin-login 302",
    ),
    "admin:creators_programmeapplication_decide": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
        kwargs={"pk": "application_a"},
    ),
    "admin:brands_business_grant_credit": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
        kwargs={"pk": "business_a"},
    ),
    "admin:brands_campaign_approve": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login 302",
        kwargs={"pk": "campaign_a"},
    ),
    "admin:brands_campaign_send_back": Row(
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
        "admin-login admin-login admin-login admin-login admin-login admin-login 200",
        kwargs={"pk": "campaign_a"},
    ),
    # creators
    "creators:dashboard": Row("login 200 200 302 302 302 302", "405 405 405 405 405 405 405"),
    "creators:edit_profile": Row("login 200 200 302 302 302 302", "login 200 200 302 302 302 302"),
    "creators:figures": Row("login 200 200 302 302 302 302", "login 200 200 302 302 302 302"),
    "creators:apply": Row(
        "405 405 405 405 405 405 405",
        "login 302 302 302 302 302 302",
        kwargs={"slug": "application_a.programme.slug"},
    ),
    "creators:application_detail": Row(
        "login 200 404 302 302 302 302",
        "405 405 405 405 405 405 405",
        kwargs={"pk": "application_a"},
    ),
    "creators:withdraw": Row(
        "405 405 405 405 405 405 405",
        "login 302 404 302 302 302 302",
        kwargs={"pk": "application_a"},
    ),
    "creators:media_kit": Row(
        "200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405",
        kwargs={"handle": "creator_a.handle"},
    ),
    # brands
    "brands:dashboard": Row("login 302 302 200 200 200 302", "405 405 405 405 405 405 405"),
    "brands:profile": Row(
        "login 302 302 200 404 200 302",
        "login 302 302 200 404 200 302",
        kwargs={"business_id": "business_a"},
    ),
    "brands:team": Row(
        "login 302 302 200 404 200 302",
        "login 302 302 200 404 302 302",
        kwargs={"business_id": "business_a"},
    ),
    "brands:credit": Row(
        "login 302 302 200 404 200 302",
        "login 302 302 200 404 200 302",
        kwargs={"business_id": "business_a"},
    ),
    "brands:campaigns": Row(
        "login 302 302 200 404 200 302",
        "login 302 302 302 404 302 302",
        kwargs={"business_id": "business_a"},
    ),
    "brands:accept_invitation": Row(
        "login 200 200 200 200 200 200",
        "login 200 200 200 200 200 200",
        kwargs={"token": "invitation_a.token"},
    ),
    "brands:campaign_detail": Row(
        "login 302 302 200 404 200 302", "405 405 405 405 405 405 405", kwargs={"pk": "campaign_a"}
    ),
    "brands:campaign_step": Row(
        "login 302 302 302 404 302 302",
        "login 302 302 302 404 302 302",
        kwargs={"pk": "campaign_a", "step": 1},
    ),
    "brands:campaign_brief": Row(
        "login 302 302 200 404 200 302",
        "login 302 302 200 404 200 302",
        kwargs={"pk": "campaign_a"},
    ),
    "brands:campaign_cancel": Row(
        "login 302 302 200 404 200 302", "405 405 405 405 405 405 405", kwargs={"pk": "campaign_a"}
    ),
    "brands:campaign_matches": Row(
        "login 302 302 200 404 200 302", "405 405 405 405 405 405 405", kwargs={"pk": "campaign_a"}
    ),
    "brands:campaign_match_status": Row(
        "login 302 302 200 404 200 302", "405 405 405 405 405 405 405", kwargs={"pk": "campaign_a"}
    ),
    "brands:creator_search": Row(
        "login 302 302 200 404 200 302", "405 405 405 405 405 405 405", kwargs={"pk": "campaign_a"}
    ),
    "brands:shortlist": Row(
        "login 302 302 200 404 200 302", "405 405 405 405 405 405 405", kwargs={"pk": "campaign_a"}
    ),
    "brands:shortlist_add": Row(
        "405 405 405 405 405 405 405",
        "login 302 302 302 404 302 302",
        kwargs={"pk": "campaign_a", "creator_pk": "creator_b"},
    ),
    "brands:shortlist_remove": Row(
        "405 405 405 405 405 405 405",
        "login 302 302 302 404 302 302",
        kwargs={"pk": "campaign_a", "creator_pk": "creator_a"},
    ),
    "brands:campaign_action": Row(
        "405 405 405 405 405 405 405",
        "login 302 302 302 404 302 302",
        path="/business/campaigns/{pk}/pause/",
        kwargs={"pk": "campaign_a"},
    ),
    # payments
    "payments:sandbox_checkout": Row(
        "login 404 404 200 404 404 404",
        "login 404 404 302 404 404 404",
        kwargs={"reference": "payment_a.reference"},
    ),
    "payments:webhook": Row("405 405 405 405 405 405 405", "400 400 400 400 400 400 400"),
    # series
    "series:index": Row("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "series:by_creator": Row(
        "200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405",
        kwargs={"handle": "creator_a.handle"},
    ),
    "series:studio": Row("login 200 200 302 302 302 302", "405 405 405 405 405 405 405"),
    "series:studio_by_rating": Row("login 200 200 302 302 302 302", "405 405 405 405 405 405 405"),
    "series:create": Row("login 200 200 302 302 302 302", "login 200 200 302 302 302 302"),
    "series:earnings": Row("login 200 200 302 302 302 302", "405 405 405 405 405 405 405"),
    "series:manage": Row(
        "login 200 404 302 302 302 302", "405 405 405 405 405 405 405", kwargs={"pk": "series_a"}
    ),
    "series:edit": Row(
        "login 200 404 302 302 302 302", "login 200 404 302 302 302 302", kwargs={"pk": "series_a"}
    ),
    "series:add_episode": Row(
        "login 200 404 302 302 302 302", "login 200 404 302 302 302 302", kwargs={"pk": "series_a"}
    ),
    "series:reorder": Row(
        "405 405 405 405 405 405 405", "login 302 404 302 302 302 302", kwargs={"pk": "series_a"}
    ),
    "series:edit_episode": Row(
        "login 200 404 302 302 302 302",
        "login 200 404 302 302 302 302",
        kwargs={"pk": "series_a", "episode_pk": "paid_episode_a"},
    ),
    "series:keep_episode": Row(
        "405 405 405 405 405 405 405",
        "login 302 404 302 302 302 302",
        kwargs={"pk": "series_a", "episode_pk": "paid_episode_a"},
    ),
    "series:delete_episode": Row(
        "login 200 404 302 302 302 302",
        "login 302 404 302 302 302 302",
        kwargs={"pk": "series_a", "episode_pk": "paid_episode_a"},
    ),
    "series:analytics": Row(
        "login 200 404 302 302 302 302", "405 405 405 405 405 405 405", kwargs={"pk": "series_a"}
    ),
    "series:analytics_csv": Row(
        "login 200 404 302 302 302 302", "405 405 405 405 405 405 405", kwargs={"pk": "series_a"}
    ),
    "series:add_discount": Row(
        "login 200 404 302 302 302 302", "login 200 404 302 302 302 302", kwargs={"pk": "series_a"}
    ),
    "series:end_discount": Row(
        "login 200 404 302 302 302 302",
        "login 302 404 302 302 302 302",
        kwargs={"pk": "series_a", "discount_pk": "discount_a"},
    ),
    "series:change_status": Row(
        "login 200 404 302 302 302 302",
        "login 302 404 302 302 302 302",
        path="/series/studio/{pk}/unpublished/",
        kwargs={"pk": "series_a"},
    ),
    "series:library": Row("login 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "series:detail": Row(
        "200 200 200 200 200 200 200", "405 405 405 405 405 405 405", kwargs={"pk": "series_a"}
    ),
    "series:buy": Row(
        "405 405 405 405 405 405 405", "login 302 302 302 302 302 302", kwargs={"pk": "series_a"}
    ),
    "series:review": Row(
        "405 405 405 405 405 405 405", "login 302 302 302 302 302 302", kwargs={"pk": "series_a"}
    ),
    "series:new_episode_emails": Row(
        "405 405 405 405 405 405 405", "login 404 404 404 404 404 404", kwargs={"pk": "series_a"}
    ),
    "series:answer_review": Row(
        "405 405 405 405 405 405 405",
        "login 302 404 302 302 302 302",
        kwargs={"pk": "series_a", "review_pk": "review_a"},
    ),
    "series:watch": Row(
        "403 200 403 403 403 403 403",
        "405 405 405 405 405 405 405",
        kwargs={"pk": "series_a", "episode_pk": "paid_episode_a"},
    ),
    "series:episode_file": Row(
        "404 200 404 404 404 404 404",
        "405 405 405 405 405 405 405",
        kwargs={"pk": "series_a", "episode_pk": "paid_episode_a"},
    ),
    "series:watch_event": Row(
        "405 405 405 405 405 405 405",
        "404 404 404 404 404 404 404",
        kwargs={"pk": "series_a", "episode_pk": "paid_episode_a"},
    ),
    # collaborations
    "collaborations:mine": Row("login 200 200 302 302 302 302", "405 405 405 405 405 405 405"),
    "collaborations:open_campaigns": Row(
        "login 200 200 302 302 302 302", "405 405 405 405 405 405 405"
    ),
    "collaborations:open_campaigns_all": Row(
        "login 200 200 302 302 302 302", "405 405 405 405 405 405 405"
    ),
    "collaborations:apply": Row(
        "login 302 200 302 302 302 302",
        "login 302 200 302 302 302 302",
        kwargs={"campaign_pk": "campaign_a"},
    ),
    "collaborations:business_index": Row(
        "login 302 302 200 200 200 302", "405 405 405 405 405 405 405"
    ),
    "collaborations:campaign": Row(
        "login 302 302 200 404 200 302",
        "405 405 405 405 405 405 405",
        kwargs={"campaign_pk": "campaign_a"},
    ),
    "collaborations:invite": Row(
        "login 302 302 200 404 200 302",
        "login 302 302 200 404 200 302",
        kwargs={"campaign_pk": "campaign_a", "creator_pk": "creator_b"},
    ),
    "collaborations:detail": Row(
        "login 200 404 200 404 200 404",
        "405 405 405 405 405 405 405",
        kwargs={"pk": "collaboration_a"},
    ),
    "collaborations:message": Row(
        "405 405 405 405 405 405 405",
        "login 400 404 400 404 400 404",
        kwargs={"pk": "collaboration_a"},
    ),
    "collaborations:rate": Row(
        "405 405 405 405 405 405 405",
        "login 400 404 400 404 400 404",
        kwargs={"pk": "collaboration_a"},
    ),
    "collaborations:action": Row(
        "login 200 404 200 404 200 404",
        "login 302 404 302 404 302 404",
        path="/collaborations/{pk}/withdraw/",
        kwargs={"pk": "collaboration_a"},
    ),
    # earnings: a creator's own money; A's statement and payout are A's alone.
    "earnings:index": Row("login 200 200 302 302 302 302", "405 405 405 405 405 405 405"),
    "earnings:statement_csv": Row(
        "login 200 404 302 302 302 302",
        "405 405 405 405 405 405 405",
        kwargs={"pk": "statement_a"},
    ),
    "earnings:payout": Row(
        "login 200 404 302 302 302 302",
        "405 405 405 405 405 405 405",
        kwargs={"pk": "payout_a"},
    ),
    "earnings:payout_method": Row("login 200 200 302 302 302 302", "login 200 200 302 302 302 302"),
    "earnings:tax_details": Row("login 200 200 302 302 302 302", "login 200 200 302 302 302 302"),
    # Public uploads under `make run` (DEBUG); A's Series cover, which this test
    # stores in its own MEDIA_ROOT, not the folder the pattern was bound to.
    "^media/(?P<path>.*)$": Row(
        "404 404 404 404 404 404 404",
        "404 404 404 404 404 404 404",
        path="/media/{cover}",
        kwargs={"cover": "series_a.cover.name"},
    ),
}


@dataclass(frozen=True)
class AdminModel:
    """A model registered in the admin: the object its change, delete and
    history pages open (an attribute of the test's world; ``None`` for a model
    with no row of A's, whose pages then open an id that does not exist), and
    what staff get from each page where it differs from the usual."""

    object: str | None
    staff: dict = field(default_factory=dict)


FORBIDDEN = ("403", "403")
# Kept by the portal itself (history, money, matcher output): staff read them,
# and neither add nor delete them in the admin.
NO_ADD_OR_DELETE = {"add": FORBIDDEN, "delete": FORBIDDEN}
READ_ONLY = NO_ADD_OR_DELETE | {"change": ("200", "403")}
# Changed only through the page's own actions (a refund, hiding a review):
# saving the bare form goes back with a message.
ACTIONS_ONLY = NO_ADD_OR_DELETE | {"change": ("200", "302")}

ADMIN_MODELS = {
    "auth.group": AdminModel(None),
    "account.emailaddress": AdminModel("email_address_a"),
    "mfa.authenticator": AdminModel(None),
    "socialaccount.socialapp": AdminModel(None),
    "socialaccount.socialtoken": AdminModel(None),
    "socialaccount.socialaccount": AdminModel(None),
    # Accounts are deleted through privacy deletion, which keeps financial records.
    "portal.user": AdminModel("creator_a.user", {"delete": FORBIDDEN}),
    # The audit log: nobody adds, changes or deletes entries.
    "admin.logentry": AdminModel(None, NO_ADD_OR_DELETE | {"change": ("302", "403")}),
    "creators.niche": AdminModel("niche"),
    "creators.language": AdminModel("language"),
    "creators.region": AdminModel("creator_a.country"),
    "creators.creatorprofile": AdminModel("creator_a"),
    "creators.violation": AdminModel("violation_a"),
    "creators.programme": AdminModel("application_a.programme"),
    "creators.figuresnapshot": AdminModel("figures_a"),
    "creators.programmeapplication": AdminModel("application_a", NO_ADD_OR_DELETE),
    "brands.business": AdminModel("business_a"),
    "brands.campaign": AdminModel("campaign_a", {"add": FORBIDDEN}),
    "brands.businessinvitation": AdminModel("invitation_a", READ_ONLY),
    # One row of weights: every page of it opens that row's change page.
    "brands.matchingweights": AdminModel(
        "matching_weights",
        NO_ADD_OR_DELETE
        | {"changelist": ("302", "302"), "history": ("302", "302"), "change": ("302", "302")},
    ),
    "brands.matchrun": AdminModel("run_a", READ_ONLY),
    "brands.campaignmatch": AdminModel("match_a", READ_ONLY),
    "series.series": AdminModel("series_a"),
    "series.submission": AdminModel("submission_a", NO_ADD_OR_DELETE),
    "series.purchase": AdminModel("purchase_a", ACTIONS_ONLY),
    "series.review": AdminModel("review_a", ACTIONS_ONLY),
    "series.dailystats": AdminModel("stats_a", READ_ONLY),
    "payments.payment": AdminModel("payment_a", ACTIONS_ONLY),
    # The ledger: written only by the services; staff read it and run the check.
    "payments.account": AdminModel("account_a", READ_ONLY),
    "payments.ledgerentry": AdminModel("ledger_a", READ_ONLY),
    "payments.ledgercheck": AdminModel("check_a", READ_ONLY),
    "collaborations.collaboration": AdminModel("collaboration_a", READ_ONLY),
    "collaborations.message": AdminModel("message_a", READ_ONLY),
    # Earnings: records of the monthly run and the payout provider, read-only;
    # identity checks are made by an action and may be taken back; freezes are
    # added here and lifted by an action.
    "earnings.payout": AdminModel("payout_a", READ_ONLY),
    "earnings.statement": AdminModel("statement_a", READ_ONLY),
    "earnings.payoutmethod": AdminModel("payout_method_a", READ_ONLY),
    "earnings.identitycheck": AdminModel(
        "identity_check_a", {"add": FORBIDDEN, "change": ("200", "403")}
    ),
    "earnings.payoutfreeze": AdminModel(None, {"delete": FORBIDDEN}),
    "earnings.creatorledgerentry": AdminModel(None, NO_ADD_OR_DELETE | {"change": ("302", "403")}),
}

NOT_STAFF = " ".join(["admin-login"] * (len(ROLES) - 1))
ADMIN_PAGES = ("changelist", "add", "history", "delete", "change", "redirect")
# What staff get from each page: GET, then an empty POST (a form with errors,
# or the delete page asking again).
STAFF_ON_ADMIN_PAGES = {
    "changelist": ("200", "200"),
    "add": ("200", "200"),
    "history": ("200", "200"),
    "delete": ("200", "200"),
    "change": ("200", "200"),
    "redirect": ("302", "302"),
}
# With no such object, the object's pages send staff back to the admin's index.
STAFF_ON_MISSING_OBJECT = ("302", "302")


def admin_rows():
    """Each admin model's changelist, add, history, delete and change pages and
    the bare object URL that redirects to the change page: staff only."""
    rows = {}
    for label, model in ADMIN_MODELS.items():
        app_label, model_name = label.split(".")
        # Django names the URLs of a swapped-in user model after the model's own app.
        prefix = f"admin:{app_label}_{model_name}"
        object_id = {"object_id": model.object} if model.object else {}
        missing = "0"
        for page in ADMIN_PAGES:
            needs_object = page not in ("changelist", "add")
            usual = STAFF_ON_ADMIN_PAGES[page]
            if needs_object and page != "redirect" and not model.object:
                usual = STAFF_ON_MISSING_OBJECT
            get, post = model.staff.get(page, usual)
            if page == "redirect":
                key = f"admin/{app_label}/{model_name}/<path:object_id>/"
                path = f"/admin/{app_label}/{model_name}/{{object_id}}/"
                if not model.object:
                    path = path.format(object_id=missing)
                rows[key] = Row(
                    get=f"{NOT_STAFF} {get}",
                    post=f"{NOT_STAFF} {post}",
                    kwargs=object_id,
                    path=path,
                )
                continue
            kwargs = object_id if needs_object else {}
            path = None
            if needs_object and not model.object:
                path = f"/admin/{app_label}/{model_name}/{missing}/{page}/"
            rows[f"{prefix}_{page}"] = Row(
                get=f"{NOT_STAFF} {get}", post=f"{NOT_STAFF} {post}", kwargs=kwargs, path=path
            )
    return rows


def table():
    return PAGES | admin_rows()
