"""What the posted content achieved, for a campaign's business or a creator:
totals, one row per posted video (a campaign has one collaboration per
creator, so its rows are per creator and per video at once), the figures
over time, and a CSV.

A video's figures are its latest reading (``VideoFigures``: TikTok's counts
are cumulative). Engagements are likes + comments + shares; the engagement
rate is engagements per view. Cost per 1,000 views and per engagement divide
the agreed fees of the posted videos, exact to the cent. "Against average"
compares a video's views with the creator's average views per video when the
collaboration began (``Collaboration.creator_average_views``)."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from collaborations.models import Collaboration, VideoFigures
from core.charts import line_chart
from core.money import CENT

FIGURES = ("views", "likes", "comments", "shares")


def posted_videos(collaborations):
    """``collaborations`` with a posted video, each with its latest figures
    (``views``, ``likes``, ``comments``, ``shares``, 0 before the first
    reading, and ``figures_day``), most viewed first, in one query."""
    latest = VideoFigures.objects.filter(collaboration=OuterRef("pk")).order_by("-day")
    return (
        collaborations.exclude(tiktok_video_id="")
        .select_related("creator", "campaign")
        .annotate(
            figures_day=Subquery(latest.values("day")[:1]),
            **{name: Coalesce(Subquery(latest.values(name)[:1]), 0) for name in FIGURES},
        )
        .order_by("-views", "pk")
    )


@dataclass(frozen=True)
class Figures:
    """Figures of one video or of many, and what they cost."""

    fees: Decimal
    views: int
    likes: int
    comments: int
    shares: int
    # Views of the videos whose creator had an average, and the sum of those averages.
    views_with_average: int = 0
    average_views: int = 0
    videos: int = 1

    @property
    def engagements(self):
        return self.likes + self.comments + self.shares

    @property
    def engagement_rate(self):
        """Engagements per 100 views, to one decimal; None without views."""
        return _ratio(Decimal(self.engagements) * 100, self.views, Decimal("0.1"))

    @property
    def cost_per_mille(self):
        """Rupiah per 1,000 views, to the cent; None without views."""
        return _ratio(self.fees * 1000, self.views, CENT)

    @property
    def cost_per_engagement(self):
        """Rupiah per engagement, to the cent; None without engagements."""
        return _ratio(self.fees, self.engagements, CENT)

    @property
    def against_average(self):
        """Views delivered as a percentage of the creators' average; None without one."""
        return _ratio(Decimal(self.views_with_average) * 100, self.average_views, Decimal("1"))


def _ratio(numerator, denominator, places):
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(places, rounding=ROUND_HALF_UP)


def figures_of(video):
    """The ``Figures`` of one row of ``posted_videos``."""
    average = video.creator_average_views
    return Figures(
        fees=video.fee,
        views=video.views,
        likes=video.likes,
        comments=video.comments,
        shares=video.shares,
        views_with_average=video.views if average else 0,
        average_views=average or 0,
    )


def totals(collaborations):
    """The ``Figures`` of every posted video of ``collaborations``, in one query."""
    latest_day = Subquery(
        VideoFigures.objects.filter(collaboration=OuterRef("collaboration"))
        .order_by("-day")
        .values("day")[:1]
    )
    posted = collaborations.exclude(tiktok_video_id="")
    figures = VideoFigures.objects.filter(collaboration__in=posted, day=latest_day)
    averaged = Q(collaboration__creator_average_views__gt=0)
    row = posted.aggregate(
        videos=Count("pk"),
        fees=Coalesce(Sum("fee"), Decimal(0)),
    ) | figures.aggregate(
        # Named apart from the fields they add up (Django refuses "views=Sum('views')").
        **{f"total_{name}": Coalesce(Sum(name), 0) for name in FIGURES},
        views_with_average=Coalesce(Sum("views", filter=averaged), 0),
        average_views=Coalesce(Sum("collaboration__creator_average_views", filter=averaged), 0),
    )
    return Figures(**{name.removeprefix("total_"): value for name, value in row.items()})


def views_over_time(collaborations):
    """The total views of the posted videos on each day from the first reading
    to the last: each video counts with its latest reading on or before the day
    (videos are read weekly after 30 days). ``[(day, views), …]``, one query."""
    readings = VideoFigures.objects.filter(
        collaboration__in=collaborations.exclude(tiktok_video_id="")
    ).order_by("day")
    current, by_day = {}, []
    rows = list(readings.values_list("day", "collaboration_id", "views"))
    if not rows:
        return []
    index, day, last_day = 0, rows[0][0], rows[-1][0]
    while day <= last_day:
        while index < len(rows) and rows[index][0] == day:
            current[rows[index][1]] = rows[index][2]
            index += 1
        by_day.append((day, sum(current.values())))
        day += timedelta(days=1)
    return by_day


def views_chart(collaborations):
    """``core.charts.line_chart`` of ``views_over_time``; None with fewer than two days."""
    return line_chart(views_over_time(collaborations))


CSV_HEADER = (
    "campaign",
    "creator",
    "handle",
    "video",
    "posted_at",
    "figures_on",
    "fee_idr",
    "views",
    "likes",
    "comments",
    "shares",
    "engagement_rate_percent",
    "cost_per_1000_views_idr",
    "cost_per_engagement_idr",
    "creator_average_views",
    "views_against_average_percent",
    "video_gone",
)


def csv_rows(collaborations):
    """One row per posted video (``CSV_HEADER``), most viewed first; numbers
    as plain digits with a dot for decimals, times in UTC (ISO 8601)."""
    for video in posted_videos(collaborations).iterator(chunk_size=500):
        figures = figures_of(video)
        yield (
            str(video.campaign),
            video.creator.display_name,
            video.creator.handle,
            video.content_url,
            video.posted_at.isoformat() if video.posted_at else "",
            video.figures_day.isoformat() if video.figures_day else "",
            str(video.fee),
            video.views,
            video.likes,
            video.comments,
            video.shares,
            _text(figures.engagement_rate),
            _text(figures.cost_per_mille),
            _text(figures.cost_per_engagement),
            _text(video.creator_average_views),
            _text(figures.against_average),
            "yes" if video.video_gone_at else "",
        )


def _text(value):
    return "" if value is None else str(value)


def of_campaign(campaign):
    return Collaboration.objects.filter(campaign=campaign)


def of_creator(profile):
    return Collaboration.objects.filter(creator=profile)
