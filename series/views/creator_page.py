"""A creator's public page for fans: who they are and the Series they sell."""

from types import SimpleNamespace

from django.core.cache import caches
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from creators.models import CreatorProfile
from creators.models.names import NAMES_VERSION
from creators.signals import creator_version as creators_version
from series import public_pages
from series.selectors_catalogue import card_rows, creator_page, next_change_of_cards
from series.services import page_version
from series.views.common import page_of
from series.views.sharing import share_tags


@require_GET
def creator(request, handle):
    """The page a creator shares with their audience: profile, follower figure,
    their published Series with today's prices and free previews anyone can
    play, a follow button's place and a share link. 404 for an unknown handle
    or a deactivated account. All but the follow button is the same for every
    visitor: kept whole (``public_pages``) per address and page, until the
    creator's profile, a Series or a name changes, or a discount starts or
    ends."""
    now = timezone.now()
    store = caches["fragments"]
    whole = public_pages.whole_page(request, page="creator", query_fields={"page"})
    # Which profile a handle is: held with its kept page, else kept in the
    # process. A page read for the handle checks it (a handle that changed
    # hands is read again).
    handle_key = f"series-creator-handle:{handle}"
    profile_id = public_pages.kept_held(whole) or store.get(handle_key)
    page = None
    if profile_id is None:  # read here, once, and rendered from it below
        page = creator_page(handle=handle)
        profile_id = page.profile.pk
        store.set(handle_key, profile_id, public_pages.KEPT_SECONDS)
    # Read before its versions: never kept (a change committed in between
    # would be kept under its new versions). The next view reads them first.
    read_before_versions = page is not None

    def render_parts():
        parts, until = _creator_parts(request, page or creator_page(handle=handle), now)
        if parts["creator"][0] != profile_id:
            store.delete(handle_key)
            until = now  # kept under another profile's versions: never served
        elif read_before_versions:
            until = now
        return parts, until

    return public_pages.respond(
        request,
        page="creator",
        versions_of=[
            page_version.creator_version(profile_id),
            # every change of the creator's profile, e.g. figures marked stale
            creators_version(profile_id),
            page_version.CATALOGUE,
            NAMES_VERSION,
        ],
        query_fields={"page"},
        now=now,
        render=render_parts,
        template="series/creator.html",
        context=lambda parts: _creator_context(request, parts),
        whole=whole,
        # the profile shown: a handle that changed hands is kept under its new
        # owner's versions from the next view
        held=lambda parts: parts["creator"][0],
    )


def _creator_context(request, parts):
    """The creator's page's context: its kept parts, and the creator the
    follow button is for."""
    pk, user_id, shown_handle, display_name = parts["creator"]
    shown = {"pk": pk, "user_id": user_id, "handle": shown_handle, "display_name": display_name}
    # The follow button asks the database whether a signed-in visitor follows
    # the profile; for anyone else it reads these four values.
    follow_creator = (
        CreatorProfile(**shown) if request.user.is_authenticated else SimpleNamespace(**shown)
    )
    return {"parts": parts, "creator": follow_creator}


def _creator_parts(request, page, now):
    """The parts of the page of ``page`` (``creator_page``), the same for
    every visitor, and the next instant they change by themselves (a
    discount of a Series shown starting or ending)."""
    profile = page.profile
    series_page = page_of(request, page.series)
    rows = card_rows(series_page, now, show_previews=True)
    if profile.photo:
        image_url = profile.photo.url
    else:
        image_url = rows[0][0].cover.url if rows else None
    share = share_tags(
        request,
        title=_("%(name)s's Series") % {"name": profile.display_name},
        description=profile.bio
        or _("Series by %(name)s: watch the free previews and support their work.")
        % {"name": profile.display_name},
        image_url=image_url,
        og_type="profile",
    )
    # Every value the cached profile parts show: they change the moment one does.
    profile_version = repr(
        [
            profile.pk,
            profile.photo.name,
            profile.display_name,
            profile.handle,
            profile.bio,
            profile.follower_count,
            profile.figures_source,
            profile.figures_verified_at,
            profile.figures_stale_since,
            [str(niche) for niche in profile.niches.all()],
            share["url"],
        ]
    )
    context = {
        "profile": profile,
        "profile_version": profile_version,
        "series_page": series_page,
        "rows": rows,
        "share": share,
    }
    parts = {
        "creator": (profile.pk, profile.user_id, profile.handle, profile.display_name),
        "title": escape(_("Series by %(name)s") % {"name": profile.display_name}),
        "meta": render_to_string("series/includes/share_meta.html", {"share": share}),
        "extra_head": format_html(
            '<link rel="stylesheet" href="{}">', static("css/series-creator.css")
        ),
        "extra_body": format_html('<script src="{}"></script>', static("js/share-link.js")),
        "head": render_to_string("series/includes/creator_head.html", context, request),
        "content": render_to_string("series/includes/creator_content.html", context, request),
    }
    return parts, next_change_of_cards(rows, now)
