import struct
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from creators.models import Programme, ProgrammeApplication, Region
from series.models import Discount, Episode, Purchase, Series
from tests.creators.factories import ApplicationFactory, CreatorProfileFactory
from tests.factories import UserFactory

# The demo clip that seed_demo also uses: 31 seconds, 2 KB.
VIDEO_31_SECONDS = Path(__file__).resolve().parents[2] / "series/demo/episode-31s.mp4"


def upload(data, name="episode.mp4", content_type="video/mp4"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def approved_creator(**profile_fields):
    """A creator whose Series application staff approved. (The Series programme
    ships in a migration; transactional tests flush it, so it is made again.)"""
    Programme.objects.get_or_create(slug="series", defaults={"name": "Series"})
    Region.objects.get_or_create(code="ID", defaults={"name": "Indonesia"})
    application = ApplicationFactory(
        status=ProgrammeApplication.Status.APPROVED,
        decided_at=timezone.now(),
        **{f"profile__{name}": value for name, value in profile_fields.items()},
    )
    return application.profile


class SeriesFactory(factory.django.DjangoModelFactory):
    """A draft Series priced in rupiah."""

    class Meta:
        model = Series

    creator = factory.SubFactory(CreatorProfileFactory)
    title = factory.Sequence(lambda n: f"Series {n}")
    description = "Ten lessons on cooking rendang at home."
    cover = factory.django.ImageField(width=40, height=30, format="JPEG")
    price = Decimal("50000.00")
    currency = Series.Currency.IDR


class PublishedSeriesFactory(SeriesFactory):
    """A Series staff approved and that is on sale."""

    status = Series.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    approved_at = factory.SelfAttribute("published_at")


class EpisodeFactory(factory.django.DjangoModelFactory):
    """An episode with the real 31-second fixture as its file, numbered last."""

    class Meta:
        model = Episode

    series = factory.SubFactory(PublishedSeriesFactory)
    title = factory.Sequence(lambda n: f"Episode {n}")
    position = factory.LazyAttribute(lambda episode: episode.series.episodes.count() + 1)
    video = factory.django.FileField(from_path=VIDEO_31_SECONDS, filename="episode.mp4")
    duration_ms = 31_000
    size_bytes = factory.LazyFunction(lambda: VIDEO_31_SECONDS.stat().st_size)
    # Episodes of an approved Series are approved with it.
    approved_at = factory.LazyAttribute(lambda episode: episode.series.approved_at)


class PurchaseFactory(factory.django.DjangoModelFactory):
    """A paid purchase at the Series' current price."""

    class Meta:
        model = Purchase

    series = factory.SubFactory(PublishedSeriesFactory)
    buyer = factory.SubFactory(UserFactory)
    payment_reference = factory.LazyFunction(uuid.uuid4)
    price = factory.LazyAttribute(lambda purchase: purchase.series.price)
    currency = factory.LazyAttribute(lambda purchase: purchase.series.currency)
    platform_fee = Decimal("0.00")
    payment_fee = Decimal("0.00")
    paid_at = factory.LazyFunction(timezone.now)


def video_lasting(seconds):
    """The 31-second fixture rewritten to last ``seconds``: its ``mvhd`` header
    claims it and its frames (31 samples in the ``stts`` table) add up to it."""
    data = bytearray(VIDEO_31_SECONDS.read_bytes())
    patch_header_duration(data, seconds)
    stts = data.index(b"stts")
    (count,) = struct.unpack(">I", data[stts + 12 : stts + 16])
    # The track's timescale becomes ``count`` units a second and each frame lasts
    # ``seconds`` units: ``count`` frames then last exactly ``seconds``.
    mdhd = data.index(b"mdhd")
    data[mdhd + 16 : mdhd + 24] = struct.pack(">II", count, seconds * count)
    data[stts + 16 : stts + 20] = struct.pack(">I", seconds)
    return bytes(data)


def patch_header_duration(data, seconds):
    """Rewrite the ``mvhd`` header of MP4 ``data`` (a bytearray) to claim ``seconds``."""
    box = data.index(b"mvhd")
    version = data[box + 4]
    # After the version and flags: creation and modification times, then the timescale.
    times = 16 if version == 1 else 8
    timescale_at = box + 8 + times
    (timescale,) = struct.unpack(">I", data[timescale_at : timescale_at + 4])
    if version == 1:
        data[timescale_at + 4 : timescale_at + 12] = struct.pack(">Q", seconds * timescale)
    else:
        data[timescale_at + 4 : timescale_at + 8] = struct.pack(">I", seconds * timescale)


class DiscountFactory(factory.django.DjangoModelFactory):
    """A price discount running since yesterday, for two more days."""

    class Meta:
        model = Discount

    series = factory.SubFactory(PublishedSeriesFactory)
    kind = Discount.Kind.PRICE
    price = Decimal("30000")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
