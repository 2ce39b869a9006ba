"""Operations that change creators' data. Views, the admin, tasks and tests call these."""

import csv
import io
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.emails import absolute_url, email_user
from core.refusals import Refusal
from creators.eligibility import evaluate
from creators.forms import FigureRowForm
from creators.models.applications import CREATOR, STAFF, ApplicationDecision, ProgrammeApplication
from creators.models.figures import FigureSnapshot
from creators.models.profiles import CreatorProfile
from creators.selectors import figures_locked
from creators.signals import creator_changed, creator_figures_changed

HANDLE_MAX_LENGTH = CreatorProfile._meta.get_field("handle").max_length
Status = ProgrammeApplication.Status


class ApplicationRefused(Refusal):
    """Applying, or moving an application, was refused; ``reasons`` are
    sentences for the creator (or staff)."""

    def __init__(self, reasons):
        super().__init__("; ".join(str(reason) for reason in reasons))
        self.reasons = list(reasons)


class FiguresRefused(Refusal):
    """Recording figures was refused: verified figures are not typed over."""


def unique_handle(display_name):
    """A free handle derived from the display name: ``siti-rahma``, then ``siti-rahma-2``…"""
    base = slugify(display_name)[: HANDLE_MAX_LENGTH - 4].strip("-") or "creator"
    taken = set(
        CreatorProfile.objects.filter(handle__startswith=base).values_list("handle", flat=True)
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@transaction.atomic
def create_creator_profile(*, user, display_name):
    """Create the profile stub of a new creator account, with a unique handle."""
    return CreatorProfile.objects.create(
        user=user, display_name=display_name, handle=unique_handle(display_name)
    )


# What a rate card package and an audience segment hold (``update_profile``'s rows).
PACKAGE_FIELDS = ("name", "description", "price_idr")
SEGMENT_FIELDS = ("kind", "label", "share_percent")


def _save_rows(manager, rows, fields):
    """Apply ``rows``, in order, to a profile's rows (``manager``): a row with
    ``delete`` deletes row ``id``, one with an ``id`` updates it, one without is
    created. Rows not mentioned stay as they are."""
    for row in rows:
        if row.get("delete"):
            manager.get(pk=row["id"]).delete()
            continue
        values = {name: row[name] for name in fields}
        if not row.get("id"):
            manager.create(**values)
            continue
        obj = manager.get(pk=row["id"])
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()


@transaction.atomic
def update_profile(*, profile, details, languages=None, niches=None, packages=(), audience=()):
    """Save what a creator says about themselves, and their rate card and audience.

    ``details`` maps the profile's own fields to their new values (``photo``: a
    new image, ``""`` to remove it, or left out to keep it); ``languages`` and
    ``niches`` are the full new sets. ``packages`` and ``audience`` list the
    rate card and audience rows to change: dicts of ``PACKAGE_FIELDS`` or
    ``SEGMENT_FIELDS``, with the ``id`` of a row being changed (none for a new
    row), or ``{"id": …, "delete": True}``; rows not listed stay as they are.

    Niches, languages, fees and the audience are what brands are matched on,
    so ``creator_figures_changed`` is sent once the transaction commits.
    The engagement rate of figures verified from TikTok is not typed over
    (``FiguresRefused``, nothing saved). Returns the saved profile."""
    if (
        "engagement_rate" in details
        and details["engagement_rate"] != profile.engagement_rate
        and figures_locked(profile=profile)
    ):
        raise FiguresRefused(
            _("Your engagement rate is verified from TikTok, so it cannot be changed by hand.")
        )
    for name, value in details.items():
        setattr(profile, name, value)
    profile.save()
    if languages is not None:
        profile.languages.set(languages)
    if niches is not None:
        profile.niches.set(niches)
    _save_rows(profile.rate_packages, packages, PACKAGE_FIELDS)
    _save_rows(profile.audience_segments, audience, SEGMENT_FIELDS)
    transaction.on_commit(
        lambda: creator_figures_changed.send(sender=CreatorProfile, profile_id=profile.pk)
    )
    return profile


def _refuse_over_verified(profile, source):
    if source != FigureSnapshot.Source.API and figures_locked(profile=profile):
        raise FiguresRefused(
            _(
                "Your followers, videos and views are verified from TikTok and update "
                "themselves every day, so they cannot be changed by hand."
            )
        )


@transaction.atomic
def record_campaign_videos(*, profile_id, measured, vs_average):
    """Store how the creator's posted campaign videos did against their own
    average views: ``measured`` videos, ``vs_average`` their capped mean ratio
    (a float, None when none is measured), rounded to two decimals. Returns
    whether anything changed; when it did, ``creator_figures_changed`` follows
    the commit so the matcher reruns."""
    ratio = None if vs_average is None else Decimal(str(vs_average)).quantize(Decimal("0.01"))
    changed = (
        CreatorProfile.objects.filter(pk=profile_id)
        .exclude(posted_videos_measured=measured, posted_videos_vs_average=ratio)
        .update(posted_videos_measured=measured, posted_videos_vs_average=ratio)
    )
    if changed:
        creator_changed(profile_id)
        transaction.on_commit(
            lambda: creator_figures_changed.send(sender=CreatorProfile, profile_id=profile_id)
        )
    return bool(changed)


@transaction.atomic
def record_figures(
    *,
    profile,
    recorded_on,
    follower_count,
    public_video_count,
    views_last_30_days,
    source,
    likes_count=None,
    videos_counted=None,
    engagement_rate=None,
    method="",
    read_at=None,
):
    """Store the figures of ``recorded_on`` from ``source`` (one row per day and
    source: recording again the same day replaces it) and, unless newer figures
    are already on the profile, make them the profile's current figures.

    Figures read from TikTok (``source`` API, read at ``read_at``) also carry
    the likes, the videos counted, the engagement rate and the method; they
    make the profile's figures verified and clear any stale mark. Figures typed
    in or imported are refused (``FiguresRefused``, nothing stored) while the
    profile's figures are verified from a linked TikTok account.

    ``creator_figures_changed`` is sent once the transaction commits.
    """
    _refuse_over_verified(profile, source)
    figures = {
        "follower_count": follower_count,
        "public_video_count": public_video_count,
        "views_last_30_days": views_last_30_days,
    }
    verified = source == FigureSnapshot.Source.API
    snapshot, _created = FigureSnapshot.objects.update_or_create(
        profile=profile,
        recorded_on=recorded_on,
        source=source,
        defaults={
            **figures,
            "likes_count": likes_count,
            "videos_counted": videos_counted,
            "engagement_rate": engagement_rate,
            "method": method,
        },
    )
    current = CreatorProfile.objects.select_for_update().get(pk=profile.pk)
    if current.figures_recorded_on is None or recorded_on >= current.figures_recorded_on:
        changes = {
            **figures,
            "figures_recorded_on": recorded_on,
            "figures_source": source,
            "figures_verified_at": (read_at or timezone.now()) if verified else None,
            "figures_stale_since": None,
        }
        if verified:
            changes["engagement_rate"] = engagement_rate
        CreatorProfile.objects.filter(pk=profile.pk).update(updated_at=timezone.now(), **changes)
        creator_changed(profile.pk)
        for name, value in changes.items():
            setattr(profile, name, value)
    transaction.on_commit(
        lambda: creator_figures_changed.send(sender=CreatorProfile, profile_id=profile.pk)
    )
    return snapshot


@dataclass
class FigureImport:
    imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


FIGURE_CSV_COLUMNS = [
    "handle",
    "recorded_on",
    "follower_count",
    "public_video_count",
    "views_last_30_days",
]


def import_figures_csv(file):
    """Record the figures in a CSV file (``FIGURE_CSV_COLUMNS``, with a header).

    Each good row is kept even when others are bad; bad rows are reported by
    line number with the reason and change nothing.
    """
    result = FigureImport()
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append((1, _("The file is not UTF-8 text.")))
        return result
    reader = csv.DictReader(io.StringIO(text))
    missing = set(FIGURE_CSV_COLUMNS) - set(reader.fieldnames or [])
    if missing:
        result.errors.append(
            (1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(sorted(missing))})
        )
        return result
    for row in reader:
        form = FigureRowForm(row)
        if not form.is_valid():
            problems = "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()
            )
            result.errors.append((reader.line_num, problems))
            continue
        data = form.cleaned_data
        try:
            record_figures(
                profile=data["handle"],
                recorded_on=data["recorded_on"],
                follower_count=data["follower_count"],
                public_video_count=data["public_video_count"],
                views_last_30_days=data["views_last_30_days"],
                source=FigureSnapshot.Source.CSV,
            )
        except FiguresRefused as refusal:
            result.errors.append((reader.line_num, str(refusal)))
            continue
        result.imported += 1
    return result


def _cooldown_ends(profile, programme):
    last_rejection = (
        ProgrammeApplication.objects.filter(
            profile=profile, programme=programme, status=Status.REJECTED
        )
        .order_by("-decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )
    if last_rejection is None:
        return None
    return last_rejection + timedelta(days=programme.reapply_cooldown_days)


PREMIUM_LINK_MAX_LENGTH = ProgrammeApplication._meta.get_field("premium_content_url").max_length


def _premium_content_link(url):
    """``url`` stripped, or refused when it is not a web address that fits."""
    url = url.strip()
    try:
        if len(url) > PREMIUM_LINK_MAX_LENGTH:
            raise ValidationError("too long")
        if url:
            URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise ApplicationRefused(
            [
                _(
                    "The link to your premium content is not a web address "
                    "(https://…, at most %(count)s characters)."
                )
                % {"count": PREMIUM_LINK_MAX_LENGTH}
            ]
        ) from error
    return url


def submit_application(*, profile, programme, premium_content_url=None, today=None):
    """Apply ``profile`` to ``programme``, storing the checklist the creator saw.

    ``premium_content_url`` is the link given for the premium content
    exception (default: the profile's); it is kept with the application when
    the exception is used. Refused (``ApplicationRefused`` with the reasons,
    nothing stored) when the link is malformed, the programme is closed, an
    application is already open, a rejection's cool-down has not passed, or a
    criterion is unmet and not waived by the exception.
    """
    if premium_content_url is None:
        premium_content_url = profile.premium_content_url
    premium_content_url = _premium_content_link(premium_content_url)
    now = timezone.now()
    with transaction.atomic():
        # Serialise a creator's applications so two quick clicks make one application.
        CreatorProfile.objects.select_for_update().filter(pk=profile.pk).first()
        if not programme.is_active:
            raise ApplicationRefused(
                [_("%(programme)s is not open for applications.") % {"programme": programme.label}]
            )
        if ProgrammeApplication.objects.filter(
            profile=profile, programme=programme, status=ProgrammeApplication.Status.APPROVED
        ).exists():
            raise ApplicationRefused(
                [_("You are already approved for %(programme)s.") % {"programme": programme.label}]
            )
        if ProgrammeApplication.objects.filter(
            profile=profile, programme=programme, status__in=ProgrammeApplication.OPEN_STATUSES
        ).exists():
            raise ApplicationRefused(
                [
                    _("You already have an open application for %(programme)s.")
                    % {"programme": programme.label}
                ]
            )
        cooldown_ends = _cooldown_ends(profile, programme)
        if cooldown_ends and now < cooldown_ends:
            raise ApplicationRefused(
                [
                    _("You can apply to %(programme)s again from %(date)s.")
                    % {
                        "programme": programme.label,
                        "date": date_format(timezone.localtime(cooldown_ends), "DATE_FORMAT"),
                    }
                ]
            )
        evaluation = evaluate(
            profile, programme, today=today, premium_content_url=premium_content_url
        )
        if not evaluation.can_apply:
            raise ApplicationRefused([criterion.advice for criterion in evaluation.unmet])
        try:
            with transaction.atomic():
                application = ProgrammeApplication.objects.create(
                    profile=profile,
                    programme=programme,
                    evaluation_snapshot=evaluation.as_snapshot(),
                    used_premium_content_exception=evaluation.uses_exception,
                    premium_content_url=premium_content_url if evaluation.uses_exception else "",
                    submitted_at=now,
                )
        except IntegrityError as error:
            raise ApplicationRefused(
                [
                    _("You already have an open application for %(programme)s.")
                    % {"programme": programme.label}
                ]
            ) from error
        ApplicationDecision.objects.create(
            application=application, to_status=Status.SUBMITTED, changed_by=profile.user
        )
    return application


def _email_creator(application):
    """Tell the creator about a staff decision, once the decision is committed."""
    email_user(
        application.profile.user,
        "creators/emails/decision",
        {
            "application": application,
            "dashboard_url": absolute_url(reverse("creators:dashboard")),
        },
    )


@transaction.atomic
def change_application_status(*, application, changed_by, status, reason="", side=STAFF):
    """Move ``application`` to ``status`` if its ``TRANSITIONS`` let ``side``
    (staff unless said otherwise) make that move now, and
    record who did it, when and why (refused with ``ApplicationRefused``
    otherwise). Rejections need a reason. Staff
    decisions (in review, approved, rejected) email the creator."""
    locked = ProgrammeApplication.objects.select_for_update().get(pk=application.pk)
    if not locked.can_become(status, side):
        raise ApplicationRefused(
            [
                _("An application that is %(current)s cannot become %(new)s.")
                % {"current": locked.get_status_display(), "new": Status(status).label}
            ]
        )
    reason = reason.strip()
    if status == Status.REJECTED and not reason:
        raise ApplicationRefused([_("Give the creator a reason for the rejection.")])
    previous = locked.status
    locked.status = status
    fields = ["status"]
    if status in {Status.APPROVED, Status.REJECTED, Status.WITHDRAWN}:
        locked.decided_at = timezone.now()
        locked.decision_reason = reason
        fields += ["decided_at", "decision_reason"]
    locked.save(update_fields=fields)
    ApplicationDecision.objects.create(
        application=locked,
        from_status=previous,
        to_status=status,
        changed_by=changed_by,
        reason=reason,
    )
    for name in fields:
        setattr(application, name, getattr(locked, name))
    if status != Status.WITHDRAWN:
        _email_creator(application)
    return application


def withdraw_application(*, application, changed_by):
    """The creator takes back an open application; no email, they did it themselves."""
    return change_application_status(
        application=application, changed_by=changed_by, status=Status.WITHDRAWN, side=CREATOR
    )
