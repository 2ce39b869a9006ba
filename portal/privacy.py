"""A person's own data: a copy of it (``export_user_data``) and the closing of
their account (``delete_account``).

Deleting an account removes personal data but keeps financial and audit
records: purchases, payments, ledger entries, collaborations and review
decisions point at the user, the creator profile or the business with PROTECT
foreign keys, so those rows stay, anonymised, and so do the rows they point at.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brands.models import Business, BusinessMembership, Campaign
from brands.selectors import ledger_for_business
from collaborations.models import Collaboration, Message
from core.refusals import Refusal
from creators.models.applications import ProgrammeApplication
from creators.models.profiles import CreatorProfile
from earnings.models import TaxDetails
from earnings.selectors import balances
from fans.models import Follow
from payments.models import Account, LedgerLine, Payment
from series.models import EpisodeProgress, Purchase, Series

User = get_user_model()

DELETED_EMAIL_DOMAIN = "deleted.invalid"


class AccountDeletionRefused(Refusal):
    """The account cannot be closed yet; ``reasons`` says what to do first."""

    def __init__(self, reasons):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _values(queryset, *fields):
    return list(queryset.values(*fields))


def _creator_profile(user):
    return (
        CreatorProfile.objects.filter(user=user)
        .select_related("country")
        .prefetch_related(
            "languages",
            "niches",
            "audience_segments",
            "rate_packages",
            "figure_snapshots",
            "violations",
            "applications__programme",
            "applications__decisions",
        )
        .first()
    )


def _export_creator(profile):
    return {
        "display_name": profile.display_name,
        "handle": profile.handle,
        "bio": profile.bio,
        "date_of_birth": profile.date_of_birth,
        "country": profile.country.name if profile.country else None,
        "province": profile.get_province_display(),
        "city": profile.city,
        "languages": [language.name for language in profile.languages.all()],
        "niches": [niche.name for niche in profile.niches.all()],
        "account_type": profile.account_type,
        "posts_original_content": profile.posts_original_content,
        "platform_account_created_on": profile.platform_account_created_on,
        "contact_preference": profile.contact_preference,
        "premium_content_url": profile.premium_content_url,
        "photo": profile.photo.name or None,
        "figures": {
            "followers": profile.follower_count,
            "public_videos_last_30_days": profile.public_video_count,
            "views_last_30_days": profile.views_last_30_days,
            "engagement_rate": profile.engagement_rate,
            "recorded_on": profile.figures_recorded_on,
            "source": profile.figures_source,
            "verified_from_tiktok_at": profile.figures_verified_at,
            "tiktok_not_answering_since": profile.figures_stale_since,
        },
        "figure_history": [
            {
                "recorded_on": snapshot.recorded_on,
                "followers": snapshot.follower_count,
                "public_videos": snapshot.public_video_count,
                "views_last_30_days": snapshot.views_last_30_days,
                "source": snapshot.source,
                "likes": snapshot.likes_count,
                "videos_counted": snapshot.videos_counted,
                "engagement_rate": snapshot.engagement_rate,
            }
            for snapshot in profile.figure_snapshots.all()
        ],
        "audience": [
            {"kind": segment.kind, "label": segment.label, "share_percent": segment.share_percent}
            for segment in profile.audience_segments.all()
        ],
        "rate_card": [
            {
                "name": package.name,
                "description": package.description,
                "price_idr": package.price_idr,
            }
            for package in profile.rate_packages.all()
        ],
        "violations": [
            {"occurred_on": violation.occurred_on, "kind": violation.kind, "note": violation.note}
            for violation in profile.violations.all()
        ],
        "applications": [
            {
                "programme": application.programme.name,
                "status": application.status,
                "submitted_at": application.submitted_at,
                "decided_at": application.decided_at,
                "reason": application.decision_reason,
                "checklist_at_submission": application.evaluation_snapshot,
                "history": [
                    {
                        "from": decision.from_status,
                        "to": decision.to_status,
                        "reason": decision.reason,
                        "at": decision.created_at,
                    }
                    for decision in application.decisions.all()
                ],
            }
            for application in profile.applications.all()
        ],
        "series": [
            {
                "title": series.title,
                "description": series.description,
                "status": series.status,
                "price": series.price,
                "currency": series.currency,
                "created_at": series.created_at,
                "episodes": [episode.title for episode in series.episodes.all()],
            }
            for series in Series.objects.filter(creator=profile).prefetch_related("episodes")
        ],
        **_export_earnings(profile),
    }


def _export_earnings(profile):
    """The creator's money: every line of their earnings and payouts accounts,
    their payout methods and tax details in full (they are the owner's own),
    statements and payouts."""
    return {
        "earnings_ledger": [
            {
                "kind": row["entry__kind"],
                "account": row["account__kind"],
                "currency": row["account__currency"],
                "amount": row["amount"],
                "at": row["entry__created_at"],
            }
            for row in LedgerLine.objects.filter(
                account__creator=profile,
                account__kind__in=[Account.Kind.CREATOR_EARNINGS, Account.Kind.PAYOUTS],
            )
            .order_by("entry__created_at", "pk")
            .values(
                "entry__kind", "account__kind", "account__currency", "amount", "entry__created_at"
            )
        ],
        "payout_methods": [
            {**method.snapshot(), "current": method.is_current, "added_at": method.created_at}
            for method in profile.payout_methods.all()
        ],
        "tax_details": _values(TaxDetails.objects.filter(creator=profile), "npwp", "name"),
        "statements": _values(
            profile.statements.order_by("month", "currency"),
            "month",
            "currency",
            "opening_available",
            "sales_net",
            "collaboration_net",
            "payouts",
            "closing_available",
            "pending_held",
        ),
        "payouts": _values(
            profile.payouts.order_by("created_at"),
            "amount",
            "currency",
            "status",
            "created_at",
            "completed_at",
        ),
    }


def _export_collaborations(user, collaborations):
    collaborations = list(
        collaborations.select_related("campaign__business", "creator").order_by("created_at")
    )
    own_messages = {}
    for message in Message.objects.filter(collaboration__in=collaborations, author=user):
        own_messages.setdefault(message.collaboration_id, []).append(
            {"sent_at": message.created_at, "body": message.body}
        )
    return [
        {
            "campaign": collaboration.campaign.product_name,
            "business": collaboration.campaign.business.name,
            "creator": collaboration.creator.display_name,
            "status": collaboration.status,
            "fee": collaboration.fee,
            "message": collaboration.message,
            "content_url": collaboration.content_url,
            "content_note": collaboration.content_note,
            "created_at": collaboration.created_at,
            "your_messages": own_messages.get(collaboration.pk, []),
        }
        for collaboration in collaborations
    ]


def _export_businesses(user):
    memberships = BusinessMembership.objects.filter(user=user).select_related("business")
    result = []
    for membership in memberships:
        business = membership.business
        result.append(
            {
                "name": business.name,
                "your_role": membership.role,
                "joined_at": membership.created_at,
                "category": business.category,
                "city": business.city,
                "province": business.province,
                "size": business.size,
                "nib": business.nib,
                "website": business.website,
                "contact_name": business.contact_name,
                "contact_phone": business.contact_phone,
                "verified_at": business.verified_at,
                "campaigns": _values(
                    Campaign.objects.filter(business=business).order_by("created_at"),
                    "product_name",
                    "status",
                    "goal",
                    "budget",
                    "fee_per_creator",
                    "starts_on",
                    "ends_on",
                    "brief_show",
                    "deliverables",
                    "created_at",
                ),
                "ledger": [
                    {
                        "kind": row["entry__kind"],
                        "account": row["account__kind"],
                        "amount": row["amount"],
                        "note": row["entry__note"],
                        "created_at": row["entry__created_at"],
                        "expires_at": row["entry__expires_at"],
                    }
                    for row in ledger_for_business(business.pk)
                    .order_by("entry__created_at", "pk")
                    .values(
                        "entry__kind",
                        "account__kind",
                        "amount",
                        "entry__note",
                        "entry__created_at",
                        "entry__expires_at",
                    )
                ],
            }
        )
    return result


def export_user_data(user):
    """Everything the portal holds about ``user`` that is theirs to see, as a
    JSON-ready dict: account, creator profile (with figures, applications and
    Series), businesses (with campaigns and ledger), purchases, payments and
    collaborations. Of other people it holds only the public names that give a
    record its meaning (a business's name, a creator's display name), never their
    messages or contact details."""
    profile = _creator_profile(user)
    business_ids = BusinessMembership.objects.filter(user=user).values("business_id")
    if profile is not None:
        collaborations = Collaboration.objects.filter(creator=profile)
    else:
        collaborations = Collaboration.objects.filter(campaign__business__in=business_ids)
    return {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "role": user.role,
            "language": user.language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": _values(
                user.emailaddress_set.order_by("email"), "email", "verified", "primary"
            ),
            "emails_turned_off": _values(
                user.email_opt_outs.order_by("category"), "category", "created_at"
            ),
        },
        "creator_profile": _export_creator(profile) if profile else None,
        "businesses": _export_businesses(user),
        "purchases": [
            {
                "series": purchase.series.title,
                "price": purchase.price,
                "currency": purchase.currency,
                "status": purchase.status,
                "paid_at": purchase.paid_at,
                "refunded_at": purchase.refunded_at,
            }
            for purchase in Purchase.objects.filter(buyer=user)
            .select_related("series")
            .order_by("paid_at")
        ],
        "payments": _values(
            Payment.objects.filter(payer=user).order_by("created_at"),
            "reference",
            "amount",
            "currency",
            "description",
            "status",
            "created_at",
            "completed_at",
        ),
        "collaborations": _export_collaborations(user, collaborations),
        "following": [
            {"creator": follow.creator.display_name, "since": follow.created_at}
            for follow in Follow.objects.filter(fan=user)
            .select_related("creator")
            .order_by("created_at")
        ],
        "watch_progress": [
            {
                "series": progress.episode.series.title,
                "episode": progress.episode.position,
                "stopped_at_seconds": progress.position_seconds,
                "finished": progress.finished,
                "updated_at": progress.updated_at,
            }
            for progress in EpisodeProgress.objects.filter(user=user)
            .select_related("episode__series")
            .order_by("updated_at")
        ],
    }


def deletion_blockers(user):
    """What ``user`` must finish before their account can be closed (empty when
    nothing): work in progress that someone else relies on."""
    reasons = []
    if user.is_staff:
        reasons.append(_("Staff accounts are closed by an administrator."))
    profile = CreatorProfile.objects.filter(user=user).first()
    if profile is not None:
        if Series.objects.filter(
            creator=profile, status__in=[Series.Status.PUBLISHED, Series.Status.IN_REVIEW]
        ).exists():
            reasons.append(_("Unpublish your Series, or withdraw them from review."))
        if (
            Collaboration.objects.filter(creator=profile)
            .exclude(status__in=Collaboration.CLOSED)
            .exists()
        ):
            reasons.append(_("Finish, decline or withdraw your collaborations in progress."))
        if any(balance.available > 0 or balance.on_the_way > 0 for balance in balances(profile.pk)):
            reasons.append(
                _(
                    "You still have earnings to be paid out. Add a payout method and wait "
                    "for the monthly payout, or write to us."
                )
            )
    if Campaign.objects.filter(
        business__in=_businesses_left_without_members(user),
        status__in=Campaign.RESERVING_STATUSES,
    ).exists():
        reasons.append(
            _("Complete or cancel your business's campaigns that are in review, live or paused.")
        )
    return reasons


def _businesses_left_without_members(user):
    """Businesses of which ``user`` is the only member."""
    own = BusinessMembership.objects.filter(user=user).values("business_id")
    others = BusinessMembership.objects.filter(business_id__in=own).exclude(user=user)
    return Business.objects.filter(pk__in=own).exclude(pk__in=others.values("business_id"))


def _anonymise_creator(profile):
    if profile.photo:
        profile.photo.delete(save=False)
    profile.display_name = _("Deleted creator")
    profile.handle = f"deleted-{profile.pk}"
    profile.bio = ""
    profile.date_of_birth = None
    profile.country = None
    profile.province = ""
    profile.city = ""
    profile.premium_content_url = ""
    profile.platform_account_created_on = None
    profile.contact_preference = CreatorProfile.ContactPreference.NONE
    profile.follower_count = 0
    profile.public_video_count = 0
    profile.views_last_30_days = 0
    profile.engagement_rate = None
    profile.figures_recorded_on = None
    profile.figures_source = ""
    profile.figures_verified_at = None
    profile.figures_stale_since = None
    profile.save()
    profile.languages.clear()
    profile.niches.clear()
    profile.audience_segments.all().delete()
    profile.rate_packages.all().delete()
    profile.figure_snapshots.all().delete()
    # Payout methods and tax details stay as financial records (payouts point
    # at them), but none is current any more.
    profile.payout_methods.update(is_current=False)
    profile.campaign_matches.all().delete()
    profile.shortlisted_for.all().delete()
    for application in profile.applications.filter(status__in=ProgrammeApplication.OPEN_STATUSES):
        from_status = application.status
        application.status = ProgrammeApplication.Status.WITHDRAWN
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "decided_at"])
        application.decisions.create(
            from_status=from_status,
            to_status=ProgrammeApplication.Status.WITHDRAWN,
            changed_by=profile.user,
            reason="Account deleted",
        )


def _anonymise_business(business):
    if business.logo:
        business.logo.delete(save=False)
    business.name = _("Deleted business #%(id)s") % {"id": business.pk}
    business.nib = None
    business.website = ""
    business.contact_name = ""
    business.contact_phone = ""
    business.save()
    business.invitations.all().delete()


def _leave_businesses(user):
    for business in _businesses_left_without_members(user):
        _anonymise_business(business)
    memberships = BusinessMembership.objects.filter(user=user).select_related("business")
    for membership in memberships:
        business = membership.business
        membership.delete()
        remaining = business.memberships.order_by("created_at", "pk")
        if (
            membership.role == BusinessMembership.Role.OWNER
            and not remaining.filter(role=BusinessMembership.Role.OWNER).exists()
        ):
            # A business with teammates is never left without an owner: the
            # longest-standing teammate takes over.
            successor = remaining.first()
            if successor is not None:
                successor.role = BusinessMembership.Role.OWNER
                successor.save(update_fields=["role"])


@transaction.atomic
def delete_account(*, user):
    """Close ``user``'s account for good.

    Removes personal data: the name, the email (replaced by an address that can
    never receive mail, so the real one can sign up again), the password, email
    addresses, social logins and two-factor devices, the creators followed and
    where episodes were stopped, the creator profile's
    private fields, figures, audience, rate card and photo file, and a sole
    business's name, registration number, contacts and logo. Every session ends
    (the password hash changes, which Django checks on each request, and the
    account is inactive). Keeps, anonymised, what financial and audit records
    point at: purchases, payments, ledger entries, collaborations, ratings and
    review decisions. Raises ``AccountDeletionRefused`` while work is in progress.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    reasons = deletion_blockers(user)
    if reasons:
        raise AccountDeletionRefused(reasons)

    profile = CreatorProfile.objects.filter(user=user).first()
    if profile is not None:
        _anonymise_creator(profile)
    _leave_businesses(user)

    Follow.objects.filter(fan=user).delete()
    EpisodeProgress.objects.filter(user=user).delete()
    user.emailaddress_set.all().delete()
    user.socialaccount_set.all().delete()
    user.authenticator_set.all().delete()
    user.email_opt_outs.all().delete()
    user.email = f"deleted-{user.pk}@{DELETED_EMAIL_DOMAIN}"
    user.full_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    return user
