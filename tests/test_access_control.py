"""Every URL the site answers, requested by every kind of visitor against objects
that belong to creator A and business A, answers what ``tests/access/``
says it should.

The URLs come from the resolver itself (included apps and the admin, every
registered model's pages), so a new URL without a row in the table fails here
until someone decides who may see it. Besides the status codes, no response to
anyone but creator A carries A's paid episode file or A's private profile
fields (email address, date of birth); staff see those in the admin only.
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from operator import attrgetter
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from billing.services.invoices import issue_invoice
from billing.services.receipts import issue_receipt
from brands.models import (
    BusinessInvitation,
    BusinessMembership,
    CampaignMatch,
    MatchingWeights,
    MatchRun,
    ShortlistEntry,
)
from collaborations.models import Collaboration, Message, Side
from collaborations.services.drafts import submit_draft
from creators.models import FigureSnapshot, Language, Niche, Violation
from earnings.services import make_monthly_statements
from fans.models import Follow
from payments import ledger
from payments.models import Account, Payment
from reconciliation.models import Difference
from reconciliation.services import reconcile_day
from reconciliation.sources import SandboxReport
from series.models import DailyStats, Discount, RefundRequest, Review, Submission
from tests.access import table
from tests.access.admin_models import ADMIN_MODELS
from tests.access.rows import ROLES, Row
from tests.brands.factories import BusinessMembershipFactory
from tests.collaborations.factories import CollaborationFactory, draft_video, live_campaign
from tests.earnings.factories import at, pay_fee, ready_for_payouts
from tests.factories import StaffFactory, UserFactory
from tests.series.factories import (
    EpisodeFactory,
    PublishedSeriesFactory,
    PurchaseFactory,
    approved_creator,
    video_lasting,
)
from tests.tiktok.factories import LinkedAccountFactory

A_EMAIL = "private.creator.a@example.com"
A_DATE_OF_BIRTH = date(1991, 3, 14)
# The ways a page could print that date: ISO, English and Indonesian formats.
A_DATE_OF_BIRTH_SPELLINGS = (
    "1991-03-14",
    "14/03/1991",
    "03/14/1991",
    "14 March 1991",
    "March 14, 1991",
    "Mar. 14, 1991",
    "14 Maret 1991",
    "14 Mar 1991",
)
# The paid episode's file differs from the free preview's (its header claims
# 45 seconds), so finding these bytes in a response means the paid file leaked.
PAID_EPISODE_BYTES = video_lasting(45)


@dataclass(frozen=True)
class Pattern:
    key: str
    name: str | None
    route: str


def url_patterns():
    """Every pattern the root URLconf answers, with its namespaced name. A name
    used twice (allauth's signup under the portal's own) keys the shadowed
    pattern by its route, as do patterns without a name."""
    seen = set()

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                name = pattern.name and (
                    f"{namespace}:{pattern.name}" if namespace else pattern.name
                )
                key = name if name and name not in seen else route
                seen.add(name)
                yield Pattern(key=key, name=name if key == name else None, route=route)

    return list(walk(get_resolver().url_patterns, "", None))


PATTERNS = url_patterns()


def build_world():
    """A's objects, and the people who ask for them."""
    staff = StaffFactory()
    creator_a = approved_creator(
        user=UserFactory(email=A_EMAIL, role="creator"),
        handle="creator-a",
        display_name="Creator A",
        date_of_birth=A_DATE_OF_BIRTH,
    )
    creator_b = approved_creator(handle="creator-b", display_name="Creator B")
    owner_a = BusinessMembershipFactory(business__name="Business A")
    teammate_a = BusinessMembershipFactory(
        business=owner_a.business, role=BusinessMembership.Role.MEMBER
    )
    owner_b = BusinessMembershipFactory(business__name="Business B")
    fan = UserFactory(email="fan@example.com", role="fan")
    Follow.objects.create(fan=fan, creator=creator_a)
    business_a = owner_a.business
    campaign_a = live_campaign(member=owner_a, product_name="Campaign A")
    campaign_b = live_campaign(member=owner_b, product_name="Campaign B")

    series_a = PublishedSeriesFactory(creator=creator_a, title="Series A")
    preview_a = EpisodeFactory(series=series_a, title="Preview A", is_free_preview=True)
    paid_episode_a = EpisodeFactory(
        series=series_a,
        title="Paid episode A",
        video__data=PAID_EPISODE_BYTES,
        size_bytes=len(PAID_EPISODE_BYTES),
    )
    buyer = UserFactory(email="buyer.of.a@example.com")
    purchase_a = PurchaseFactory(series=series_a, buyer=buyer)
    review_a = Review.objects.create(series=series_a, buyer=buyer, stars=5, text="Lovely.")
    refund_request_a = RefundRequest.objects.create(
        purchase=purchase_a, buyer=buyer, reason="Not what I expected."
    )
    now = timezone.now()
    discount_a = Discount.objects.create(
        series=series_a,
        kind=Discount.Kind.PRICE,
        price=Decimal("40000.00"),
        starts_at=now,
        ends_at=now + timedelta(days=3),
    )
    submission_a = Submission.objects.create(
        series=series_a,
        kind=Submission.Kind.PUBLICATION,
        submitted_by=creator_a.user,
        submitted_at=now,
    )
    stats_a = DailyStats.objects.create(series=series_a, day=timezone.localdate())

    collaboration_a = CollaborationFactory(
        campaign=campaign_a, creator=creator_a, status=Collaboration.Status.ACCEPTED
    )
    submit_draft(
        collaboration=collaboration_a, user=creator_a.user, video=draft_video(), caption="A's draft"
    )
    draft_a = collaboration_a.drafts.get()
    message_a = Message.objects.create(
        collaboration=collaboration_a,
        author=owner_a.user,
        side=Side.BUSINESS,
        body="Message between A and A.",
    )
    shortlist_a = ShortlistEntry.objects.create(
        campaign=campaign_a, creator=creator_a, added_by=owner_a.user
    )
    run_a = MatchRun.objects.create(campaign=campaign_a)
    match_a = CampaignMatch.objects.create(
        campaign=campaign_a,
        creator=creator_a,
        score=80,
        tier=CampaignMatch.Tier.MICRO,
        followers=creator_a.follower_count,
        rank=1,
        computed_at=timezone.now(),
    )
    invitation_a = BusinessInvitation.objects.create(
        business=business_a, email="new.teammate.of.a@example.com", invited_by=owner_a.user
    )
    payment_a = Payment.objects.create(
        idempotency_key=f"top-up-{uuid.uuid4()}",
        payer=owner_a.user,
        amount=Decimal("500000.00"),
        currency="IDR",
        description="Top-up for Business A",
        purpose="business_top_up",
        purpose_reference=str(business_a.pk),
        provider="sandbox",
        return_url="/",
    )
    # A's receipt (for the owner's paid top-up) and business A's invoice of this month.
    receipt_a = issue_receipt(
        payment=Payment.objects.create(
            idempotency_key=f"top-up-{uuid.uuid4()}",
            payer=owner_a.user,
            amount=Decimal("250000.00"),
            currency="IDR",
            description="Top-up for Business A",
            purpose="business_top_up",
            purpose_reference=str(business_a.pk),
            provider="sandbox",
            return_url="/",
            status=Payment.Status.PAID,
            completed_at=timezone.now(),
        )
    )
    invoice_a, _created = issue_invoice(
        business_id=business_a.pk, month=timezone.localdate().replace(day=1), currency="IDR"
    )
    violation_a = Violation.objects.create(
        profile=creator_a, occurred_on=timezone.localdate(), kind=Violation.Kind.SPAM
    )
    # A month of earnings for A, paid out by the monthly run: a statement and a payout.
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    pay_fee(creator_a, "1000000.00", when=at(last_month.year, last_month.month))
    ready_for_payouts(creator_a)
    make_monthly_statements(last_month)
    check_a = ledger.check_ledger()
    reconciliation_a = reconcile_day(day=timezone.localdate(), report=SandboxReport())
    difference_a = reconciliation_a.differences.create(
        kind=Difference.Kind.MONEY_WITHOUT_PAYMENT, reference="unknown-order", theirs="75000"
    )
    figures_a = FigureSnapshot.objects.create(
        profile=creator_a,
        recorded_on=timezone.localdate(),
        source=FigureSnapshot.Source.FORM,
        follower_count=creator_a.follower_count,
        public_video_count=creator_a.public_video_count,
        views_last_30_days=creator_a.views_last_30_days,
    )
    tiktok_account_a = LinkedAccountFactory(user=creator_a.user)

    return SimpleNamespace(
        users={
            "anonymous": None,
            "creator_a": creator_a.user,
            "creator_b": creator_b.user,
            "business_a": owner_a.user,
            "business_b": owner_b.user,
            "teammate_a": teammate_a.user,
            "fan": fan,
            "staff": staff,
        },
        staff=staff,
        creator_a=creator_a,
        creator_b=creator_b,
        business_a=business_a,
        business_b=owner_b.business,
        campaign_a=campaign_a,
        campaign_b=campaign_b,
        series_a=series_a,
        preview_a=preview_a,
        paid_episode_a=paid_episode_a,
        purchase_a=purchase_a,
        refund_request_a=refund_request_a,
        review_a=review_a,
        discount_a=discount_a,
        collaboration_a=collaboration_a,
        message_a=message_a,
        draft_a=draft_a,
        shortlist_a=shortlist_a,
        run_a=run_a,
        match_a=match_a,
        invitation_a=invitation_a,
        payment_a=payment_a,
        violation_a=violation_a,
        receipt_a=receipt_a,
        invoice_a=invoice_a,
        figures_a=figures_a,
        tiktok_account_a=tiktok_account_a,
        submission_a=submission_a,
        stats_a=stats_a,
        application_a=creator_a.applications.first(),
        ledger_a=business_a.ledger.first(),
        account_a=Account.objects.filter(business=business_a).first(),
        check_a=check_a,
        reconciliation_a=reconciliation_a,
        difference_a=difference_a,
        statement_a=creator_a.statements.get(),
        payout_a=creator_a.payouts.get(),
        payout_method_a=creator_a.payout_methods.get(),
        identity_check_a=creator_a.identity_check,
        buyer=buyer,
        email_address_a=EmailAddress.objects.get(user=creator_a.user),
        niche=Niche.objects.order_by("pk").first(),
        language=Language.objects.order_by("pk").first(),
        matching_weights=MatchingWeights.objects.order_by("pk").first(),
        series_content_type=ContentType.objects.get_for_model(series_a),
    )


@pytest.fixture(autouse=True)
def _file_roots():
    """The world's files live in its own module-wide folders (see ``world``):
    keep them in force instead of the per-test folders of the root conftest."""


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at the
    end; each test (and each request in it) runs in a savepoint inside it."""
    files = tmp_path_factory.mktemp("access")
    overrides = override_settings(
        MEDIA_ROOT=files / "media",
        SERIES_PRIVATE_ROOT=files / "private",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), overrides, transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def value_of(world, expression):
    if not isinstance(expression, str):
        return expression
    value = attrgetter(expression)(world)
    return getattr(value, "pk", value)


def url_for(pattern, row, world):
    if row.path is not None:
        return row.path.format(**{k: value_of(world, v) for k, v in row.kwargs.items()})
    kwargs = {name: value_of(world, expression) for name, expression in row.kwargs.items()}
    return reverse(pattern.name, kwargs=kwargs)


LOGIN = reverse("account_login")
ADMIN_LOGIN = reverse("admin:login")


def outcome(response):
    """What a visitor got, in the table's words."""
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        if location.startswith(LOGIN):
            return "login"
        if location.startswith(ADMIN_LOGIN):
            return "admin-login"
    return str(response.status_code)


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture(scope="module")
def visit(world):
    """``visit(role, method, url)``: one request by ``role`` whose writes are
    undone afterwards, so the next visitor finds A's objects as they were.

    One client serves every request (building a client's middleware costs more
    than most requests); each role has one session, made once."""
    client = Client(headers={"Accept-Language": "en"}, raise_request_exception=False)
    sessions = {}
    for role, user in world.users.items():
        if user is not None:
            client.force_login(user)
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            client.cookies.clear()

    def visit(role, method, url):
        cache.clear()  # rate-limit counters
        client.cookies.clear()
        if role in sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
        with transaction.atomic():
            response = getattr(client, method)(url)
            body = body_of(response)
            transaction.set_rollback(True)
        return response, body

    return visit


def assert_nothing_private_leaks(role, key, method, body):
    if role == "creator_a":
        return
    assert PAID_EPISODE_BYTES not in body, f"{method} {key} gave {role} A's paid episode file"
    if role == "staff":
        return  # staff read A's profile in the admin
    text = body.decode("utf-8", errors="replace")
    assert A_EMAIL not in text, f"{method} {key} showed {role} A's email address"
    for spelling in A_DATE_OF_BIRTH_SPELLINGS:
        assert spelling not in text, f"{method} {key} showed {role} A's date of birth"


def test_every_admin_model_has_a_row():
    registered = {model._meta.label_lower for model in admin.site._registry}

    assert registered - set(ADMIN_MODELS) == set(), "admin models without a row"
    assert set(ADMIN_MODELS) - registered == set(), "rows for models no longer in the admin"


def test_every_row_names_a_url_pattern():
    assert set(table()) - {pattern.key for pattern in PATTERNS} == set()


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda pattern: pattern.key)
def test_each_visitor_gets_what_the_table_says(world, visit, pattern):
    row = table().get(pattern.key)
    assert row is not None, f"No row for {pattern.key!r} ({pattern.route}) in tests/access/"
    url = url_for(pattern, row, world)

    actual = {}
    for method in ("get", "post"):
        for role in ROLES:
            response, body = visit(role, method, url)
            actual[(method, role)] = outcome(response)
            assert_nothing_private_leaks(role, pattern.key, method, body)

    expected = {
        (method, role): token
        for method in ("get", "post")
        for role, token in zip(ROLES, getattr(row, method).split(), strict=True)
    }
    wrong = {
        f"{method.upper()} as {role}": f"expected {expected[(method, role)]}, got {got}"
        for (method, role), got in actual.items()
        if got != expected[(method, role)]
    }
    assert wrong == {}, (
        f"{pattern.key} ({url}) answered differently:\n"
        + "\n".join(f"  {who}: {what}" for who, what in wrong.items())
        + "\n  row: "
        + Row.draft(actual)
    )
