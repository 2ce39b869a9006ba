from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, NullIf, TruncDate
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from brands.models import BusinessMembership
from brands.selectors import campaign_reservation
from collaborations.models import Collaboration, Rating, Side, VideoFigures
from core import versions
from payments.ledger import ZERO, sums
from payments.models import Account, LedgerEntry, LedgerLine

# A posted video counts at most this many times its creator's average views in
# the creator's record, so one video that went viral does not outweigh several
# that did what was expected (see ``track_records``).
DELIVERED_RATIO_CAP = 3.0


def delivered_ratio():
    """A collaboration's posted video's latest views divided by the creator's
    average views when it began, capped at ``DELIVERED_RATIO_CAP``, in SQL:
    NULL when the video has no figures yet or the creator had no average."""
    latest = VideoFigures.objects.filter(collaboration=OuterRef("pk")).order_by("-day")
    ratio = Cast(Subquery(latest.values("views")[:1]), FloatField()) / Cast(
        NullIf("creator_average_views", 0), FloatField()
    )
    # Not ``Least``: PostgreSQL's LEAST ignores NULL, so a video without figures would count 3.
    return Case(
        When(GreaterThan(ratio, DELIVERED_RATIO_CAP), then=Value(DELIVERED_RATIO_CAP)),
        default=ratio,
        output_field=FloatField(),
    )


def track_records(creator_ids=None):
    """Each creator's record from past collaborations, for the reliability part
    of the match score and the profile: ``{creator_id: {"judged", "on_time",
    "approved", "stars", "videos_measured", "vs_average"}}``, in one query
    whatever the number of creators.

    A collaboration is judged once the creator accepted it and either submitted
    content or let the due date pass, except while submitted content waits for
    the business's answer (approved, or a revision asked): a review not made
    yet says nothing against the creator. ``on_time`` counts first submissions made
    on or before the due date (a day in the site's time zone), ``approved`` the
    ones the business approved, ``stars`` is the business's average rating
    (None when no business rated the creator).

    ``videos_measured`` counts the creator's posted videos with figures and an
    average to compare with (the creator's average views per video stored on
    the collaboration when it began), judged yet or not: a video's views say
    something about the creator whatever the business's answer. ``vs_average``
    is the mean of those videos' delivered ratios (latest views / that
    average), each capped at ``DELIVERED_RATIO_CAP`` (None when none is
    measured). A capped mean rather than a median: a median of two or three
    videos jumps from one to another, while the cap alone keeps one viral
    video from dominating; 1.0 means the videos did what the creator's usual
    ones do. Creators with neither a judged collaboration nor a measured video
    are left out.
    """
    today = timezone.localdate()
    judged = (
        Q(accepted_at__isnull=False)
        & (Q(first_submitted_at__isnull=False) | Q(due_on__lt=today))
        & ~Q(status=Collaboration.Status.SUBMITTED)
    )
    business_stars = Rating.objects.filter(
        collaboration=OuterRef("pk"), by_side=Side.BUSINESS
    ).values("stars")[:1]
    rows = Collaboration.objects.annotate(delivered=delivered_ratio()).filter(
        judged | Q(delivered__isnull=False)
    )
    if creator_ids is not None:
        rows = rows.filter(creator_id__in=creator_ids)
    rows = (
        rows.annotate(
            submitted_on=TruncDate("first_submitted_at"),
            business_stars=Subquery(business_stars),
        )
        .values("creator_id")
        .annotate(
            judged=Count("pk", filter=judged),
            on_time=Count("pk", filter=judged & Q(submitted_on__lte=F("due_on"))),
            approved=Count("pk", filter=judged & Q(approved_at__isnull=False)),
            stars=Avg("business_stars", filter=judged),
            videos_measured=Count("delivered"),
            vs_average=Avg("delivered"),
        )
        .order_by()
    )
    return {
        row.pop("creator_id"): {
            **row,
            "stars": None if row["stars"] is None else float(row["stars"]),
            "vs_average": None if row["vs_average"] is None else float(row["vs_average"]),
        }
        for row in rows
    }


# --- Pages ------------------------------------------------------------------


def collaborations_for_user(user):
    """Collaborations ``user`` is a side of: as their creator, or as a member of
    the campaign's business. Anything else is someone else's (a 404).

    Membership is a subquery, not a join: joined, a business with several
    members would return the creator's collaboration once per member."""
    member_of = BusinessMembership.objects.filter(user=user).values("business_id")
    return Collaboration.objects.filter(
        Q(creator__user=user) | Q(campaign__business__in=member_of)
    ).select_related("campaign__business", "creator__user")


def collaborations_visible_to(user):
    """What ``user`` may look at, drafts included: their own sides' (see
    ``collaborations_for_user``), and every one for staff."""
    if not user.is_authenticated:
        return Collaboration.objects.none()
    if user.is_staff:
        return Collaboration.objects.select_related("campaign__business", "creator__user")
    return collaborations_for_user(user)


def drafts_of(collaboration):
    """The collaboration's drafts, newest first, with who uploaded each."""
    return collaboration.drafts.select_related("uploaded_by").order_by("-uploaded_at", "-pk")


def side_of(collaboration, user):
    """Which side ``user`` is on in ``collaboration``, or None."""
    if collaboration.creator.user_id == user.pk:
        return Side.CREATOR
    if collaboration.campaign.business.memberships.filter(user=user).exists():
        return Side.BUSINESS
    return None


def fee_room(campaign):
    """What the campaign can still promise a creator: the budget still reserved
    for it in the ledger (agreed fees have moved out of the reserve into holds)."""
    return max(sum(campaign_reservation(campaign.pk).values(), ZERO), ZERO)


def collaborations_version(profile_id):
    """The version of a creator's collaboration counts, moved on by every save
    and deletion of their collaborations (``collaborations.apps``)."""
    return f"creator-collaborations:{profile_id}"


def campaign_collaborations_version(campaign_id):
    """The version of a campaign's list of collaborations and its fees, moved
    on by every save and deletion of its collaborations and every ledger entry
    naming the campaign (``collaborations.apps``)."""
    return f"campaign-collaborations:{campaign_id}"


def collaboration_changed(sender, instance, **kwargs):
    """Receiver for saves and deletions of collaborations."""
    versions.bump(collaborations_version(instance.creator_id))
    versions.bump(campaign_collaborations_version(instance.campaign_id))


def kept_creator_summary(profile):
    """``creator_summary(profile)``, kept until one of the creator's
    collaborations changes."""
    return versions.kept(
        f"collaboration-summary:{profile.pk}",
        [collaborations_version(profile.pk)],
        lambda: creator_summary(profile),
    )


def creator_summary(profile):
    """Counts for the creator's dashboard: ``{"invited", "applied", "active", "closed"}``.

    Counted per status in SQL and grouped here: four filtered counts cost
    more to build than the query costs to run."""
    Status = Collaboration.Status
    summary = {"invited": 0, "applied": 0, "active": 0, "closed": 0}
    per_status = (
        Collaboration.objects.filter(creator=profile)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    for status, count in per_status:
        if status == Status.INVITED:
            summary["invited"] += count
        elif status == Status.APPLIED:
            summary["applied"] += count
        elif status in Collaboration.ACTIVE:
            summary["active"] += count
        elif status in Collaboration.CLOSED:
            summary["closed"] += count
    return summary


def fee_state(collaboration):
    """Where the collaboration's fee is, from the ledger in one query: ``held``
    (waiting for approval), ``paid`` (gross, to the creator), ``net`` and
    ``platform_fee`` of the payment, ``returned`` (to the campaign). None before
    acceptance."""
    if collaboration.accepted_at is None:
        return None
    totals = sums(
        LedgerLine.objects.filter(entry__collaboration=collaboration),
        held=Q(account__kind=Account.Kind.COLLABORATION_HOLD),
        net=Q(entry__kind=LedgerEntry.Kind.PAY, account__kind=Account.Kind.CREATOR_EARNINGS),
        platform_fee=Q(entry__kind=LedgerEntry.Kind.PAY, account__kind=Account.Kind.PLATFORM_FEES),
        returned=Q(
            entry__kind=LedgerEntry.Kind.RETURN,
            account__kind__in=[
                Account.Kind.CAMPAIGN_RESERVE,
                Account.Kind.BUSINESS_BALANCE,
                Account.Kind.BUSINESS_CREDIT,
            ],
        ),
    )
    return {**totals, "paid": totals["net"] + totals["platform_fee"]}
