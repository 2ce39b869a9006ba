"""Reads for creators' pages, planned so their query counts do not grow with the data."""

import copy
from dataclasses import dataclass

from django.core.cache import caches
from django.db.models import Count, OuterRef, Prefetch, Subquery, Value
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language

from core import versions
from core.pagination import page_of
from creators.eligibility import Evaluation, evaluate
from creators.models.applications import ProgrammeApplication
from creators.models.figures import FigureSnapshot
from creators.models.names import NAMES_VERSION, ActiveName
from creators.models.profiles import CreatorProfile
from creators.models.programmes import Programme
from creators.signals import creator_version
from tiktok.models import LinkedAccount

CHART_POINTS = 60


@dataclass(frozen=True)
class ProgrammeChecklist:
    programme: Programme
    evaluation: Evaluation
    # The open or approved application, which replaces the Apply button.
    current_application: ProgrammeApplication | None


def profile_for_evaluation(*, user):
    """The user's profile with what ``evaluate`` reads already loaded."""
    return get_object_or_404(
        CreatorProfile.objects.select_related("country").prefetch_related("violations"),
        user=user,
    )


def profile_for_dashboard(*, user):
    """``profile_for_evaluation`` plus, in the same query, what the dashboard
    shows beside the checklists: ``application_count`` (for the paginator)
    and ``tiktok_status`` (the linked TikTok account's status, None without one)."""
    applications = (
        ProgrammeApplication.objects.filter(profile=OuterRef("pk"))
        .order_by()
        .values("profile")
        .annotate(count=Count("pk"))
        .values("count")
    )
    tiktok_status = LinkedAccount.objects.filter(user=OuterRef("user_id")).values("status")[:1]
    return get_object_or_404(
        CreatorProfile.objects.select_related("country")
        .prefetch_related("violations")
        .annotate(
            application_count=Subquery(applications),
            tiktok_status=Subquery(tiktok_status),
        ),
        user=user,
    )


def programme_checklists(*, profile, today=None):
    """The live checklist of every open programme, with the creator's open or
    approved application for it.

    The open programmes (their rules and eligible regions) are kept in the
    process's ``fragments`` cache under the language and ``NAMES_VERSION``,
    which every change of a programme or its regions changes at once: then
    only the creator's current applications are read. On a miss the
    programmes are read with those applications, in the same query.
    Eligibility itself is evaluated here, on every call."""
    today = today or timezone.localdate()
    version = versions.current(NAMES_VERSION)
    key = f"open-programmes:{get_language()}:{version}"
    programmes = caches["fragments"].get(key) if version else None
    if programmes is None:
        programmes = _programmes_with_applications(profile)
        if version:
            caches["fragments"].set(key, [_without_applications(p) for p in programmes])
    else:
        _add_applications(programmes, profile)
    return [
        ProgrammeChecklist(
            programme=programme,
            evaluation=evaluate(profile, programme, today=today),
            current_application=_current_application(profile, programme),
        )
        for programme in programmes
    ]


def _current_applications(profile):
    return ProgrammeApplication.objects.filter(
        profile=profile, status__in=ProgrammeApplication.CURRENT_STATUSES
    ).order_by("-submitted_at", "-pk")


def _programmes_with_applications(profile):
    current = _current_applications(profile).filter(programme=OuterRef("pk"))
    return list(
        Programme.objects.filter(is_active=True)
        .prefetch_related("eligible_regions")
        .annotate(
            current_application_id=Subquery(current.values("pk")[:1]),
            current_application_status=Subquery(current.values("status")[:1]),
        )
    )


def _without_applications(programme):
    """A copy of ``programme`` without the creator's application, to cache."""
    shared = copy.copy(programme)
    del shared.current_application_id, shared.current_application_status
    return shared


def _add_applications(programmes, profile):
    """Give each cached programme the creator's newest current application."""
    newest = {}
    for programme_id, pk, status in _current_applications(profile).values_list(
        "programme_id", "pk", "status"
    ):
        newest.setdefault(programme_id, (pk, status))
    for programme in programmes:
        programme.current_application_id, programme.current_application_status = newest.get(
            programme.pk, (None, None)
        )


def _current_application(profile, programme):
    """The application the checklist shows (its id and status are all it needs)."""
    if programme.current_application_id is None:
        return None
    return ProgrammeApplication(
        pk=programme.current_application_id,
        status=programme.current_application_status,
        profile=profile,
        programme=programme,
    )


def applications_of(*, profile):
    """A creator's applications, newest first, with the programme."""
    return ProgrammeApplication.objects.filter(profile=profile).select_related("programme")


def applications_page(*, profile, number, per_page):
    """One page of ``applications_of``, counted by ``profile.application_count``
    (read with the profile) instead of a query of its own."""
    # Only what the table shows: the evaluation snapshot is the widest column.
    shown = applications_of(profile=profile).only(
        "pk",
        "profile_id",
        "status",
        "submitted_at",
        "decision_reason",
        "programme__name",
        "programme__name_id",
    )
    return page_of(shown, number, per_page, count=profile.application_count or 0)


def application_of(*, profile, pk):
    """One of the creator's own applications with its history; 404 for anyone else's."""
    return get_object_or_404(
        applications_of(profile=profile).prefetch_related(Prefetch("decisions", to_attr="history")),
        pk=pk,
    )


def follower_history(*, profile, points=CHART_POINTS):
    """The latest ``points`` days of follower counts, oldest first (one value per day)."""
    rows = (
        FigureSnapshot.objects.filter(profile=profile)
        .order_by("-recorded_on", "-created_at")
        .values_list("recorded_on", "follower_count")[: points * 3]
    )
    by_day = {}
    for recorded_on, follower_count in rows:
        by_day.setdefault(recorded_on, follower_count)
    return sorted(by_day.items())[-points:]


def media_kit_profile(*, handle):
    """A creator's public profile by handle, with what the media kit shows; a
    deleted (deactivated) account has none."""
    return get_object_or_404(
        CreatorProfile.objects.select_related("country").prefetch_related(
            "languages", "niches", "rate_packages", "audience_segments"
        ),
        handle=handle,
        user__is_active=True,
    )


def figures_locked(*, profile):
    """Whether the profile's figures are verified from a TikTok account still
    linked (connected, or broken until reconnected): then nobody types over them.
    After a disconnection the creator records their figures again."""
    return (
        profile.figures_are_verified
        and LinkedAccount.objects.filter(user_id=profile.user_id)
        .exclude(status=LinkedAccount.Status.DISCONNECTED)
        .exists()
    )


def kept_for_creator(key, read, show):
    """``(profile id, show(profile))`` of the creator's profile ``read()``
    (``show`` gives what a page shows of it), kept under ``key`` in the
    ``fragments`` cache under the creator's version and the names' version, and
    reused while both are current (``key`` None: never kept), by
    ``core.versions.kept_for_owner``."""

    def read_shown():
        profile = read()
        return profile.pk, (profile.pk, show(profile)), None

    return versions.kept_for_owner(
        key, lambda profile_id: [NAMES_VERSION, creator_version(profile_id)], read_shown
    )


# --- Names staff give, for selects ------------------------------------------------


def _named_rows(model):
    return (
        model.objects.order_by()
        .annotate(kind=Value(model._meta.model_name), displayed_name=ActiveName())
        .values_list("kind", "pk", "name", "displayed_name")
    )


def _kept_until_a_name_changes(name, read):
    """``read()``, kept in the process's ``fragments`` cache under ``name``, the
    language and ``NAMES_VERSION``; read every time when there is no version."""
    version = versions.current(NAMES_VERSION)
    if version is None:
        return read()
    return caches["fragments"].get_or_set(f"{name}:{get_language() or ''}:{version}", read)


def cached_choices(model, *values):
    """``model.objects.choices(*values)`` (a model named in both languages),
    read once per process until a name changes."""
    name = ":".join(("choices", model._meta.label_lower, *values))
    return _kept_until_a_name_changes(name, lambda: model.objects.choices(*values))


def named_choices(*models):
    """``{model: [(pk, English name, displayed name), …]}`` for the selects of
    ``models`` (named in both languages), each ordered by the displayed name,
    read in one query once per process until a name changes: filter forms
    then cost no query."""
    name = ":".join(("named-choices", *(model._meta.label_lower for model in models)))
    return _kept_until_a_name_changes(name, lambda: _read_named_choices(models))


def _read_named_choices(models):
    found = {model: [] for model in models}
    by_name = {model._meta.model_name: rows for model, rows in found.items()}
    first, *others = (_named_rows(model) for model in models)
    for kind, pk, name, displayed in first.union(*others, all=True).order_by(
        "kind", "displayed_name", "pk"
    ):
        by_name[kind].append((pk, name, displayed))
    return found
