from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from brands.models import (
    Business,
    BusinessMembership,
    Campaign,
    CampaignMatch,
    ShortlistEntry,
)
from core import versions
from core.pagination import kept_page
from creators.models import OPEN_TO_OFFERS, AudienceSegment, CreatorProfile, RatePackage
from creators.models.names import ActiveName
from payments.ledger import ZERO, by_pool, sums
from payments.models import Account, LedgerEntry, LedgerLine

Kind = LedgerEntry.Kind
AccountKind = Account.Kind


def memberships_for_user(user):
    """The user's business memberships, each with what the dashboard shows of
    its business."""
    return (
        BusinessMembership.objects.filter(user=user)
        .select_related("business")
        .only("role", "business__name", "business__size", "business__verified_at")
        .order_by("business__name")
    )


def businesses_for_user(user, *, owner=False):
    """Businesses ``user`` belongs to (only those they own with ``owner=True``)."""
    memberships = Q(memberships__user=user)
    if owner:
        memberships &= Q(memberships__role=BusinessMembership.Role.OWNER)
    return Business.objects.filter(memberships)


def campaign_list(business_id, user):
    """The campaigns of the business ``business_id`` if ``user`` belongs to it
    (none otherwise), newest first, with only the columns the list shows (a
    campaign's brief is long) and the business's name: the page's heading
    comes with its rows."""
    return (
        Campaign.objects.filter(business_id=business_id, business__memberships__user=user)
        .select_related("business")
        .only("business__name", "product_name", "budget", "status", "created_at")
        .order_by("-created_at", "-pk")
    )


def campaigns_version(business_id):
    """The version of everything a business's campaign list shows and of who
    may see it: moved on by every save and deletion of the business, its
    campaigns and its memberships (``brands.apps``)."""
    return f"business-campaigns:{business_id}"


def campaign_page(*, business_id, user, number, per_page):
    """``(business, page)`` of the campaign list, or None when ``user`` does not
    belong to the business. The page is kept per person, business and page
    number until ``campaigns_version`` changes: a warm list costs no query."""
    page = kept_page(
        f"campaign-page:{user.pk}:{business_id}",
        [campaigns_version(business_id)],
        lambda: campaign_list(business_id, user),
        number,
        per_page,
    )
    if page.object_list:
        # The rows bring the business; without any, it is read (or not found) on its own.
        return page.object_list[0].business, page
    business = businesses_for_user(user).filter(pk=business_id).first()
    return None if business is None else (business, page)


def memberships_version(user_id):
    """The version of a person's list of businesses on the business dashboard:
    moved on by every save and deletion of their memberships and of those
    businesses (``brands.apps``)."""
    return f"business-memberships:{user_id}"


def kept_memberships(user):
    """``memberships_for_user(user)``, kept until ``memberships_version`` changes."""
    return versions.kept(
        f"memberships:{user.pk}",
        [memberships_version(user.pk)],
        lambda: list(memberships_for_user(user)),
    )


def business_changed(sender, instance, **kwargs):
    """Receiver for saves and deletions of businesses, campaigns and memberships:
    moves on the versions of the lists that show them."""
    if isinstance(instance, Business):
        versions.bump(campaigns_version(instance.pk))
        members = BusinessMembership.objects.filter(business_id=instance.pk)
        for user_id in members.values_list("user_id", flat=True):
            versions.bump(memberships_version(user_id))
        return
    versions.bump(campaigns_version(instance.business_id))
    if isinstance(instance, BusinessMembership):
        versions.bump(memberships_version(instance.user_id))


def campaigns_for_user(user):
    """Campaigns of every business ``user`` belongs to."""
    return Campaign.objects.filter(business__memberships__user=user).select_related("business")


def campaign_headings_for_user(user):
    """Campaigns of every business ``user`` belongs to, with only their name
    and business (the matches and search pages read theirs with
    ``brands.page_reads.campaign_heading``)."""
    return Campaign.objects.filter(business__memberships__user=user).only(
        "business_id", "product_name"
    )


@dataclass(frozen=True)
class Balances:
    balance: Decimal  # the business's own paid money, free to use
    credit: Decimal  # Back to Business credit, free to use
    reserved: Decimal  # held for submitted, live and paused campaigns
    held: Decimal  # fees agreed with creators, held until the work is approved
    matched: Decimal  # credit received so far by matching top-ups

    @property
    def available(self):
        return self.balance + self.credit


def balances_for_business(business_id):
    """What a business holds, summed from its ledger accounts in one query."""
    totals = sums(
        LedgerLine.objects.filter(account__business_id=business_id),
        balance=Q(account__kind=AccountKind.BUSINESS_BALANCE),
        credit=Q(account__kind=AccountKind.BUSINESS_CREDIT),
        reserved=Q(account__kind=AccountKind.CAMPAIGN_RESERVE),
        held=Q(account__kind=AccountKind.COLLABORATION_HOLD),
        # A refunded top-up gives its matched credit back, and the room to match.
        matched=Q(
            account__kind=AccountKind.BUSINESS_CREDIT,
            entry__kind__in=[Kind.MATCH, Kind.TOP_UP_REFUND],
        ),
    )
    return Balances(**totals)


def campaign_reservation(campaign_id):
    """What is still reserved for a campaign, per pool: ``{pool: amount}``."""
    return by_pool(
        LedgerLine.objects.filter(
            account__campaign_id=campaign_id, account__kind=AccountKind.CAMPAIGN_RESERVE
        )
    )


# Credit taken back with a refunded top-up (``brands.top_up_refunds``).
REMOVED = [Kind.TOP_UP_REFUND]


def credit_due_to_expire(business_id, now):
    """Credit whose expiry date has passed and that is still unused.

    Credit is used in order of expiry, so what has been used counts first
    against the lots that expire first.
    """
    totals = sums(
        LedgerLine.objects.filter(
            account__business_id=business_id, account__kind=AccountKind.BUSINESS_CREDIT
        ),
        expired_lots=Q(entry__kind__in=[Kind.GRANT, Kind.MATCH], entry__expires_at__lte=now),
        used=Q(entry__kind__in=[Kind.RESERVE, Kind.RELEASE, Kind.SPEND, Kind.RETURN, *REMOVED]),
        already_expired=Q(entry__kind=Kind.EXPIRE),
        credit=Q(),
    )
    used = max(-totals["used"], ZERO)
    due = totals["expired_lots"] - used + totals["already_expired"]
    return max(min(due, totals["credit"]), ZERO)


def businesses_with_expired_credit(now):
    """Ids of the businesses that received credit whose expiry date has passed
    (used or not: ``credit_due_to_expire`` says how much is left to expire)."""
    return (
        LedgerEntry.objects.filter(kind__in=[Kind.GRANT, Kind.MATCH], expires_at__lte=now)
        .values_list("business_id", flat=True)
        .distinct()
    )


BUSINESS_ACCOUNTS = [
    AccountKind.BUSINESS_BALANCE,
    AccountKind.BUSINESS_CREDIT,
    AccountKind.CAMPAIGN_RESERVE,
    AccountKind.COLLABORATION_HOLD,
]


def ledger_for_business(business_id):
    """Every movement in or out of the business's accounts (its paid balance and
    credit, its campaigns' reserves, the fees held for its creators), newest
    first: where each rupiah went."""
    return (
        LedgerLine.objects.filter(
            account__business_id=business_id, account__kind__in=BUSINESS_ACCOUNTS
        )
        .select_related(
            "entry__campaign", "entry__collaboration__creator", "account__campaign", "account"
        )
        .order_by("-entry__created_at", "-entry_id", "-pk")
    )


def missing_for_launch(campaign):
    """What the business still has to fill in before launching, as messages."""
    missing = []
    if not (campaign.goal and campaign.product_name):
        missing.append(_("Step 1: choose a goal and name your product."))
    if not (campaign.budget and campaign.fee_per_creator and campaign.starts_on):
        missing.append(_("Step 2: set the budget, the fee per creator and the dates."))
    elif campaign.starts_on < timezone.localdate():
        missing.append(_("Step 2: the start date has passed; choose new dates."))
    if campaign.completed_step < 3:
        missing.append(_("Step 3: say who you want to reach."))
    if not (campaign.brief_show and campaign.deliverables):
        missing.append(_("Step 4: write the brief and the deliverables."))
    return missing


# --- Matches, search and the shortlist ------------------------------------------------

# The columns a creator card shows; profiles are wide (bio, figures history…).
CREATOR_CARD_FIELDS = (
    "display_name",
    "handle",
    "photo",
    "city",
    "province",
    "follower_count",
    "views_last_30_days",
    "engagement_rate",
    "contact_preference",
    # Where the figures come from: "Verified from TikTok, <date>" or "Self-reported".
    "figures_source",
    "figures_verified_at",
    "figures_stale_since",
    # A card's key holds it in place of the niches (brands.cards).
    "updated_at",
)

MATCH_SORTS = {
    # The matcher's own order, which mixes audience tiers (see matching.scoring.select_top).
    "rank": ("rank",),
    "score": ("-score", "rank"),
    "followers": ("-followers", "rank"),
}


def _has_niche(niche_id, creator_ref):
    return Exists(
        CreatorProfile.niches.through.objects.filter(
            creatorprofile_id=OuterRef(creator_ref), niche_id=niche_id
        )
    )


def stored_matches(campaign, *, tier="", min_score=None, niche=None, sort="rank"):
    """The campaign's stored matches, filtered and sorted, each with its creator.

    Reads what the matcher stored; nothing is scored here.
    """
    matches = CampaignMatch.objects.filter(campaign=campaign)
    if tier:
        matches = matches.filter(tier=tier)
    if min_score is not None:
        matches = matches.filter(score__gte=min_score)
    if niche is not None:
        matches = matches.filter(_has_niche(niche, "creator_id"))
    return (
        matches.select_related("creator")
        .only(
            "campaign_id",
            "score",
            "parts",
            "tier",
            "followers",
            "rank",
            "computed_at",
            *(f"creator__{field}" for field in CREATOR_CARD_FIELDS),
        )
        .order_by(*MATCH_SORTS[sort])
    )


def niche_labels(creator_ids):
    """``{creator_id: [niche label, …]}`` for ``creator_ids``, in the active
    language and in the niches' own order, read in one light query (not a
    prefetch: cards show only the labels)."""
    rows = (
        CreatorProfile.niches.through.objects.filter(creatorprofile_id__in=creator_ids)
        .annotate(label=ActiveName("niche__name", "niche__name_id"))
        .order_by("label", "niche_id")
        .values_list("creatorprofile_id", "label")
    )
    labels = {}
    for creator_id, label in rows:
        labels.setdefault(creator_id, []).append(label)
    return labels


def with_relations(rows, campaign, creator_ref="pk"):
    """``rows`` (creators, or rows with a creator at ``creator_ref``) annotated with
    what the business already did with each creator on ``campaign``:
    ``collaboration_status`` (the status, or None) and ``is_shortlisted``.

    Subqueries of the page's own query, so marking a page costs no query; a
    creator has at most one collaboration per campaign (a unique constraint).
    """
    collaborations = campaign.collaborations.filter(creator_id=OuterRef(creator_ref)).order_by()
    return rows.annotate(
        collaboration_status=Subquery(collaborations.values("status")[:1]),
        is_shortlisted=Exists(
            ShortlistEntry.objects.filter(campaign=campaign, creator_id=OuterRef(creator_ref))
        ),
    )


def _cheapest_fee(creator_ref="pk"):
    """The price of the creator's cheapest rate package, or None without a rate card."""
    return Subquery(
        RatePackage.objects.filter(profile=OuterRef(creator_ref))
        .order_by("price_idr")
        .values("price_idr")[:1]
    )


def shortlist_for_campaign(campaign):
    """The campaign's shortlist, newest first, each entry with its creator."""
    return (
        ShortlistEntry.objects.filter(campaign=campaign)
        .select_related("creator", "added_by")
        .only(
            "added_at",
            "campaign_id",
            "added_by__full_name",
            *(f"creator__{field}" for field in CREATOR_CARD_FIELDS),
        )
        .annotate(cheapest_fee=_cheapest_fee("creator_id"))
        .order_by("-added_at", "-pk")
    )


# Every sort is served by one of the partial indexes on CreatorProfile (see its Meta).
CREATOR_SORTS = {
    "followers": ("-follower_count", "-pk"),
    "followers_asc": ("follower_count", "pk"),
    "views": ("-views_last_30_days", "-pk"),
    "engagement": (F("engagement_rate").desc(nulls_last=True), "-pk"),
    "newest": ("-created_at", "-pk"),
}


def search_creators(
    *,
    niche=None,
    country=None,
    province="",
    city="",
    language=None,
    audience_country="",
    audience_age="",
    audience_gender="",
    audience_min_share=None,
    followers_min=None,
    followers_max=None,
    views_min=None,
    engagement_min=None,
    fee_min=None,
    fee_max=None,
    sort="followers",
):
    """Creators who accept brand offers and pass every filter given, sorted,
    each annotated with ``cheapest_fee`` (their cheapest package, or None).

    Filters on related rows (niche, language, audience, fee) are ``EXISTS``
    subqueries, so a creator is listed once however many rows match and a
    count is a plain ``COUNT(*)``. Each filter has an index; the comments in
    ``creators.models`` say which.
    """
    creators = CreatorProfile.objects.filter(OPEN_TO_OFFERS)
    if niche is not None:
        creators = creators.filter(_has_niche(niche, "pk"))
    if language is not None:
        creators = creators.filter(
            Exists(
                CreatorProfile.languages.through.objects.filter(
                    creatorprofile_id=OuterRef("pk"), language_id=language
                )
            )
        )
    if country is not None:
        creators = creators.filter(country_id=country)
    if province:
        creators = creators.filter(province=province)
    if city:
        creators = creators.filter(city__iexact=city)
    for kind, label in (
        (AudienceSegment.Kind.COUNTRY, audience_country),
        (AudienceSegment.Kind.AGE, audience_age),
        (AudienceSegment.Kind.GENDER, audience_gender),
    ):
        if label:
            segments = AudienceSegment.objects.filter(
                profile=OuterRef("pk"), kind=kind, label__iexact=label
            )
            if audience_min_share is not None:
                segments = segments.filter(share_percent__gte=audience_min_share)
            creators = creators.filter(Exists(segments))
    if followers_min is not None:
        creators = creators.filter(follower_count__gte=followers_min)
    if followers_max is not None:
        creators = creators.filter(follower_count__lte=followers_max)
    if views_min is not None:
        creators = creators.filter(views_last_30_days__gte=views_min)
    if engagement_min is not None:
        creators = creators.filter(engagement_rate__gte=engagement_min)
    if fee_min is not None or fee_max is not None:
        packages = RatePackage.objects.filter(profile=OuterRef("pk"))
        if fee_min is not None:
            packages = packages.filter(price_idr__gte=fee_min)
        if fee_max is not None:
            packages = packages.filter(price_idr__lte=fee_max)
        creators = creators.filter(Exists(packages))
    return (
        creators.only(*CREATOR_CARD_FIELDS)
        .annotate(cheapest_fee=_cheapest_fee())
        .order_by(*CREATOR_SORTS[sort])
    )
