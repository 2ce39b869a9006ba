"""A creator's public page for fans: who they are and the Series they sell."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from series.selectors_catalogue import card_rows, creator_page
from series.views.common import page_of
from series.views.sharing import share_tags


@require_GET
def creator(request, handle):
    """The page a creator shares with their audience: profile, follower figure,
    their published Series with today's prices and free previews anyone can
    play, a follow button's place and a share link. 404 for an unknown handle
    or a deactivated account."""
    now = timezone.now()
    page = creator_page(handle=handle)
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
    return render(
        request,
        "series/creator.html",
        {
            "profile": profile,
            "profile_version": profile_version,
            "series_page": series_page,
            "rows": rows,
            "share": share,
        },
    )
