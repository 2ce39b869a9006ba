"""Every kind of email the portal sends a person, registered once: its template
prefix, the category people see on their "Email notifications" page, and
whether they may turn it off.

A new email needs one line in ``KINDS`` (its templates
``<prefix>_subject.txt`` and ``<prefix>_body.txt`` exist already):

    EmailKind("app/emails/name", PURCHASES, _("What this email tells")),

or, for one that is always sent, ``optional=False`` and a ``reason``. Sending an
unregistered prefix raises ``UnregisteredEmail``, and
``tests/core/test_email_kinds.py`` fails for any email template without a line
here, so no kind can be forgotten.

What is always sent, and why (people cannot turn these off):

- Sign-in, email verification, password reset and change, login codes and
  two-factor notices: allauth's own emails (``account/email/*``), sent by
  ``portal.adapters.AccountAdapter``, not through ``email_user``; they are
  listed on the page as always sent but are not prefixes here.
- A change of payout method (``earnings/emails/method_changed``): it may be
  someone else changing where the creator's money goes.
- A payout that failed (``earnings/emails/payout_failed``): money waits until
  the creator fixes the method. A payment that failed and needs action, when
  one is added, belongs here too.
- A TikTok link that broke (``tiktok/emails/broken``): the creator's figures
  stop updating until they reconnect.
- Account deletion and privacy requests: answered on the page itself today;
  an email about them, when one is added, is always sent.
- An invitation to join a business's team (``brands/emails/invitation``):
  it goes to an address that may have no account yet, so there is nobody
  whose preferences could apply.
- Staff alerts (``payments/emails/ledger_problems``,
  ``reconciliation/emails/differences``): part of staff's job.

Everything else may be turned off, one category at a time, on the page or
with the one-click link at the foot of each such email.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    description: str


@dataclass(frozen=True)
class EmailKind:
    template_prefix: str
    category: Category
    description: str
    optional: bool = True
    # Why people cannot turn it off (shown on the page); only when not optional.
    reason: str = ""


class UnregisteredEmail(LookupError):
    """An email whose template prefix has no line in ``core.email_kinds.KINDS``."""


PURCHASES = Category(
    "purchases",
    _("Purchases and receipts"),
    _("Receipts for the Series you buy, refunds, and top-ups of a business's credit."),
)
NEW_EPISODES = Category(
    "new_episodes",
    _("New episodes and creators you follow"),
    _("When a Series you own or a creator you follow publishes something new."),
)
CAMPAIGNS = Category(
    "campaigns",
    _("Brand invitations and campaigns"),
    _(
        "Invitations to campaigns, applications, drafts, messages and the progress "
        "of each collaboration between creators and businesses."
    ),
)
REVIEWS = Category(
    "reviews",
    _("Applications and reviews"),
    _(
        "Staff's decisions on your programme applications, your Series, "
        "your campaigns and your business's verification."
    ),
)
EARNINGS = Category(
    "earnings",
    _("Earnings and payouts"),
    _("Your monthly statement and each payout that reaches you."),
)
REMINDERS = Category(
    "reminders",
    _("Reminders and digests"),
    _("Reminders of things waiting for you and summaries of what happened."),
)
ACCOUNT = Category(
    "account",
    _("Your account and security"),
    _("Emails about your account's safety and your money that need you to act."),
)
STAFF = Category(
    "staff",
    _("Staff alerts"),
    _("Problems the staff on duty must look at."),
)

CATEGORIES = (PURCHASES, NEW_EPISODES, CAMPAIGNS, REVIEWS, EARNINGS, REMINDERS, ACCOUNT, STAFF)

SECURITY = _(
    "It tells you about a change to your account or your money that you may not have made."
)
ACTION_NEEDED = _("Something stopped working and waits for you to fix it.")

KINDS = (
    # Purchases and receipts
    EmailKind("series/emails/purchase", PURCHASES, _("Receipt for a Series you bought")),
    EmailKind("series/emails/refund", PURCHASES, _("A refund of a Series you bought")),
    EmailKind(
        "series/emails/refund_request_approved", PURCHASES, _("Your refund request was approved")
    ),
    EmailKind(
        "series/emails/refund_request_declined", PURCHASES, _("Your refund request was declined")
    ),
    EmailKind("brands/emails/top_up", PURCHASES, _("A top-up of your business's credit")),
    EmailKind(
        "billing/emails/receipt",
        PURCHASES,
        _("The numbered receipt of a payment (always on your receipts page)"),
    ),
    EmailKind(
        "billing/emails/invoice",
        PURCHASES,
        _("Your business's monthly invoice (always on its invoices page)"),
    ),
    # New episodes and creators you follow
    EmailKind("series/emails/new_episodes", NEW_EPISODES, _("New episodes of a Series you own")),
    EmailKind(
        "fans/emails/new_episode_followed",
        NEW_EPISODES,
        _("New episodes from creators you follow"),
    ),
    # Brand invitations and campaigns
    EmailKind(
        "collaborations/emails/invited", CAMPAIGNS, _("A business invites you to a campaign")
    ),
    EmailKind("collaborations/emails/applied", CAMPAIGNS, _("A creator applied to your campaign")),
    EmailKind("collaborations/emails/accepted", CAMPAIGNS, _("A collaboration was accepted")),
    EmailKind("collaborations/emails/declined", CAMPAIGNS, _("A collaboration was declined")),
    EmailKind("collaborations/emails/withdrawn", CAMPAIGNS, _("A collaboration was withdrawn")),
    EmailKind("collaborations/emails/cancelled", CAMPAIGNS, _("A collaboration was cancelled")),
    EmailKind("collaborations/emails/draft_submitted", CAMPAIGNS, _("A draft was sent for review")),
    EmailKind("collaborations/emails/draft_approved", CAMPAIGNS, _("A draft was approved")),
    EmailKind("collaborations/emails/draft_changes", CAMPAIGNS, _("Changes were asked to a draft")),
    EmailKind("collaborations/emails/submitted", CAMPAIGNS, _("A video was submitted")),
    EmailKind("collaborations/emails/revision", CAMPAIGNS, _("A revision of a video was asked")),
    EmailKind("collaborations/emails/approved", CAMPAIGNS, _("A video was approved")),
    EmailKind("collaborations/emails/released", CAMPAIGNS, _("A video was approved automatically")),
    EmailKind("collaborations/emails/completed", CAMPAIGNS, _("A collaboration was completed")),
    EmailKind("collaborations/emails/message", CAMPAIGNS, _("A new message in a collaboration")),
    # Applications and reviews
    EmailKind("creators/emails/decision", REVIEWS, _("A decision on your programme application")),
    EmailKind(
        "series/emails/submission_approved", REVIEWS, _("Your Series or its changes were approved")
    ),
    EmailKind(
        "series/emails/submission_rejected", REVIEWS, _("Your Series or its changes need work")
    ),
    EmailKind("brands/emails/submitted", REVIEWS, _("Your campaign is in review")),
    EmailKind("brands/emails/approved", REVIEWS, _("Your campaign was approved")),
    EmailKind("brands/emails/sent_back", REVIEWS, _("Your campaign needs changes")),
    EmailKind("brands/emails/verified", REVIEWS, _("Your business was verified")),
    # Earnings and payouts
    EmailKind("earnings/emails/statement_ready", EARNINGS, _("Your monthly statement is ready")),
    EmailKind("earnings/emails/payout_paid", EARNINGS, _("A payout reached you")),
    EmailKind(
        "series/emails/refund_request_decided",
        EARNINGS,
        _("A buyer's refund request for your Series was decided"),
    ),
    # Always sent
    EmailKind(
        "earnings/emails/method_changed",
        ACCOUNT,
        _("Your payout method was changed"),
        optional=False,
        reason=SECURITY,
    ),
    EmailKind(
        "earnings/emails/payout_failed",
        ACCOUNT,
        _("A payout did not go through"),
        optional=False,
        reason=ACTION_NEEDED,
    ),
    EmailKind(
        "earnings/emails/payout_reversed",
        ACCOUNT,
        _("A payout was sent back by the bank"),
        optional=False,
        reason=ACTION_NEEDED,
    ),
    EmailKind(
        "tiktok/emails/broken",
        ACCOUNT,
        _("Your TikTok account needs reconnecting"),
        optional=False,
        reason=ACTION_NEEDED,
    ),
    EmailKind(
        "brands/emails/invitation",
        ACCOUNT,
        _("An invitation to join a business's team"),
        optional=False,
        reason=_("It goes to someone who may have no account yet."),
    ),
    EmailKind(
        "payments/emails/ledger_problems",
        STAFF,
        _("The ledger check found problems"),
        optional=False,
        reason=_("Watching the ledger is part of staff's work."),
    ),
    EmailKind(
        "reconciliation/emails/differences",
        STAFF,
        _("The daily reconciliation with the payment gateway found differences"),
        optional=False,
        reason=_("Watching the ledger is part of staff's work."),
    ),
)

# Shown on the page among the emails that are always sent (allauth's own).
ACCOUNT_EMAILS = (
    _("Confirming your email address"),
    _("Resetting or changing your password"),
    _("Sign-in codes and two-factor authentication"),
)
ACCOUNT_EMAILS_REASON = _("You need them to sign in and keep your account safe.")

BY_PREFIX = {kind.template_prefix: kind for kind in KINDS}
CATEGORY_KEYS = frozenset(category.key for category in CATEGORIES)


def kind_of(template_prefix):
    """The registered ``EmailKind`` of ``template_prefix``; ``UnregisteredEmail`` if none."""
    try:
        return BY_PREFIX[template_prefix]
    except KeyError:
        raise UnregisteredEmail(
            f"No email kind is registered for {template_prefix!r}: add a line to "
            "core.email_kinds.KINDS saying its category and whether it may be turned off."
        ) from None


def optional_categories():
    """The categories people may turn off: those with at least one optional kind,
    in the order of ``CATEGORIES``."""
    keys = {kind.category.key for kind in KINDS if kind.optional}
    return [category for category in CATEGORIES if category.key in keys]
