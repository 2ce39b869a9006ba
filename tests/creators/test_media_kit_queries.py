"""The media kit, a public page, reads the same number of queries whatever the
creator has filled in."""

from decimal import Decimal

import pytest
from django.urls import reverse

from creators.models import AudienceSegment, Language, Niche, RatePackage
from tests.creators.factories import CreatorProfileFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [1, 10])
def test_the_media_kit_query_count_does_not_grow(client, django_assert_num_queries, rows):
    profile = CreatorProfileFactory()
    profile.niches.set(Niche.objects.all()[:rows])
    profile.languages.set(Language.objects.all()[:rows])
    for number in range(rows):
        RatePackage.objects.create(profile=profile, name=f"{number + 1} video", price_idr=500_000)
        AudienceSegment.objects.create(
            profile=profile,
            kind=AudienceSegment.Kind.choices[0][0],
            label=f"Segment {number}",
            share_percent=Decimal("5"),
        )

    url = reverse("creators:media_kit", args=[profile.handle])
    # Read: the profile with its country, its languages, niches, rate packages, audience.
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200
    assert response.text.count("video</strong>") == rows

    client.get(url)  # now kept under the creator's version, read first
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.text.count("video</strong>") == rows
