"""Each model registered in the admin, and the rows of its pages: changelist,
add, history, delete, change and the bare object URL. Staff only; what staff
get differs from the usual where the portal keeps the rows itself."""

from dataclasses import dataclass, field

from tests.access.rows import ROLES, Row


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
    # Each full refresh of the matcher: written by its chunks, read by staff.
    "matching.refreshrun": AdminModel(None, NO_ADD_OR_DELETE | {"change": ("302", "403")}),
    "series.series": AdminModel("series_a"),
    "series.submission": AdminModel("submission_a", NO_ADD_OR_DELETE),
    "series.purchase": AdminModel("purchase_a", ACTIONS_ONLY),
    "series.review": AdminModel("review_a", ACTIONS_ONLY),
    "series.dailystats": AdminModel("stats_a", READ_ONLY),
    # Buyers make refund requests; staff decide them on their own page
    # (admin:series_refundrequest_decide).
    "series.refundrequest": AdminModel("refund_request_a", READ_ONLY),
    # Payments change only as the gateway confirms; staff refund them from a
    # page of their own (admin:payments_payment_refund).
    "payments.payment": AdminModel("payment_a", READ_ONLY),
    # The gateway's notifications and the refunds: records, read-only.
    "payments.paymentnotification": AdminModel(None, NO_ADD_OR_DELETE | {"change": ("302", "403")}),
    "payments.paymentrefund": AdminModel(None, NO_ADD_OR_DELETE | {"change": ("302", "403")}),
    # The ledger: written only by the services; staff read it and run the check.
    "payments.account": AdminModel("account_a", READ_ONLY),
    "payments.ledgerentry": AdminModel("ledger_a", READ_ONLY),
    "payments.ledgercheck": AdminModel("check_a", READ_ONLY),
    # Reconciliation: kept by the daily run; differences are resolved through
    # their own page, never edited.
    "reconciliation.run": AdminModel("reconciliation_a", READ_ONLY),
    "reconciliation.difference": AdminModel("difference_a", READ_ONLY),
    "collaborations.collaboration": AdminModel("collaboration_a", READ_ONLY),
    "collaborations.message": AdminModel("message_a", READ_ONLY),
    # Earnings: records of the monthly run and the payout provider, read-only;
    # identity checks are made by an action and may be taken back; freezes are
    # added here and lifted by an action.
    "billing.receipt": AdminModel("receipt_a", READ_ONLY),
    "billing.invoice": AdminModel("invoice_a", READ_ONLY),
    "earnings.payout": AdminModel("payout_a", READ_ONLY),
    "earnings.statement": AdminModel("statement_a", READ_ONLY),
    "earnings.payoutmethod": AdminModel("payout_method_a", READ_ONLY),
    "earnings.payoutnotification": AdminModel(None, NO_ADD_OR_DELETE | {"change": ("302", "403")}),
    "earnings.identitycheck": AdminModel(
        "identity_check_a", {"add": FORBIDDEN, "change": ("200", "403")}
    ),
    "earnings.payoutfreeze": AdminModel(None, {"delete": FORBIDDEN}),
    # Linked TikTok accounts: changed by the creator and the services only.
    "tiktok_accounts.linkedaccount": AdminModel("tiktok_account_a", READ_ONLY),
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
