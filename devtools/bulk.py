"""``manage.py seed_demo --creators N --campaigns M``: generated creators and
live campaigns for the matcher at scale. Rows are inserted with bulk_create in
chunks; no service runs per row, so nothing is emailed and no task is queued.
Each chunk of CHUNK consecutive numbers is drawn from its own seeded generator,
so the data is the same whether it is created at once or topped up later, and
running again creates only what is missing."""

import math
import time
from datetime import timedelta
from decimal import Decimal

import numpy as np
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from brands.models import Business, BusinessMembership, Campaign, CampaignStatusChange
from brands.services import pool_spec, reserve_spec
from core.models import User
from creators.models import AudienceSegment, CreatorProfile, Language, Niche, RatePackage, Region
from devtools.demo import DEMO_PASSWORD
from devtools.population import (
    CAMPAIGN_PROVINCE_ODDS,
    CITIES,
    CREATOR_PROVINCE_ODDS,
    FIRST_NAMES,
    LANGUAGE_ODDS,
    LAST_NAMES,
    NO_PROVINCE_SHARE,
    PRODUCTS,
    PROVINCE_CODES,
)
from payments import ledger
from payments.models import Account, LedgerEntry, LedgerLine

CHUNK = 5_000
BULK_CREATOR_EMAIL = "bulk-creator-{:06d}@demo.portal.test"
BULK_BUSINESS_EMAIL = "bulk-business-{:05d}@demo.portal.test"
CAMPAIGNS_PER_BUSINESS = 5


class BulkDemo:
    def __init__(self, *, stdout):
        self.stdout = stdout
        self.password = make_password(DEMO_PASSWORD)
        self.niche_ids = list(Niche.objects.order_by("pk").values_list("pk", flat=True))
        self.languages = dict(Language.objects.values_list("slug", "pk"))
        self.regions = dict(Region.objects.values_list("code", "pk"))
        if not self.niche_ids or "ID" not in self.regions:
            raise CommandError("Niches and regions are missing: run migrate first.")

    def ensure(self, *, creators, campaigns):
        started = time.perf_counter()
        made = self.ensure_creators(creators)
        made_campaigns = self.ensure_campaigns(campaigns)
        self.analyze()
        self.stdout.write(
            f"bulk      {made} creators and {made_campaigns} live campaigns created "
            f"in {time.perf_counter() - started:.1f} s; "
            f"{CreatorProfile.objects.count()} creators and "
            f"{Campaign.objects.filter(status=Campaign.Status.LIVE).count()} live campaigns "
            "in all. Run `manage.py match_campaigns --all` to match them."
        )

    @staticmethod
    def analyze():
        """Refresh PostgreSQL's statistics after a bulk load, so that its plans
        fit the new row counts at once instead of after autovacuum's next pass."""
        if connection.vendor != "postgresql":
            return
        tables = [
            model._meta.db_table
            for model in (
                User,
                CreatorProfile,
                CreatorProfile.niches.through,
                CreatorProfile.languages.through,
                AudienceSegment,
                RatePackage,
                Campaign,
                LedgerEntry,
                LedgerLine,
                Account,
            )
        ]
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")

    def _missing(self, email_pattern, wanted):
        prefix = email_pattern.split("{")[0]
        existing = User.objects.filter(email__startswith=prefix).count()
        return range(existing, wanted)

    @staticmethod
    def _chunks(numbers):
        """``numbers`` split at multiples of CHUNK: (chunk index, numbers in it)."""
        if not numbers:
            return
        for chunk in range(numbers.start // CHUNK, math.ceil(numbers.stop / CHUNK)):
            inside = range(
                max(numbers.start, chunk * CHUNK), min(numbers.stop, (chunk + 1) * CHUNK)
            )
            if inside:
                yield chunk, inside

    def _users(self, email_pattern, numbers, role, names):
        users = User.objects.bulk_create(
            User(
                email=email_pattern.format(number),
                full_name=name,
                role=role,
                password=self.password,
            )
            for number, name in zip(numbers, names, strict=True)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        return users

    # --- Creators -------------------------------------------------------------
    def ensure_creators(self, wanted):
        numbers = self._missing(BULK_CREATOR_EMAIL, wanted)
        for chunk, inside in self._chunks(numbers):
            with transaction.atomic():
                self.creator_chunk(chunk, inside)
            self.stdout.write(f"bulk      creators up to {inside.stop}")
        return len(numbers)

    def creator_chunk(self, chunk, numbers):
        rng = np.random.default_rng(1000 + chunk)
        size = CHUNK
        keep = slice(numbers.start - chunk * CHUNK, numbers.stop - chunk * CHUNK)
        today = timezone.localdate()
        # Many small accounts and a few large ones: log10(followers) from 2.7 to 6.9.
        followers = np.rint(10 ** rng.triangular(2.7, 3.4, 6.9, size)).astype(int)
        views = np.rint(followers * rng.lognormal(0.6, 0.8, size)).astype(int)
        videos = rng.integers(0, 30, size)
        engagement = np.round(np.clip(rng.lognormal(np.log(4), 0.6, size), 0.1, 40), 2)
        reports_engagement = rng.random(size) > 0.12
        contact = rng.choice(["portal", "email", "none"], size, p=[0.7, 0.24, 0.06])
        country = rng.choice(["ID", "MY", "SG", "PH", "US"], size, p=[0.92, 0.03, 0.02, 0.02, 0.01])
        province = rng.choice(PROVINCE_CODES, size, p=CREATOR_PROVINCE_ODDS)
        records_province = rng.random(size) >= NO_PROVINCE_SHARE
        city_pick = rng.integers(0, 4, size)
        age = rng.integers(18, 46, size)
        account_days = rng.integers(30, 2000, size)
        first = rng.integers(0, len(FIRST_NAMES), size)
        last = rng.integers(0, len(LAST_NAMES), size)
        niche_count = rng.choice([1, 2, 3], size, p=[0.45, 0.4, 0.15])
        niche_choice = np.argsort(rng.random((size, len(self.niche_ids))), axis=1)
        speaks = {slug: rng.random(size) < odds for slug, odds in LANGUAGE_ODDS.items()}
        indonesian_share = np.where(
            country == "ID", rng.uniform(60, 98, size), rng.uniform(5, 60, size)
        ).round(2)
        malaysian = rng.random(size) < 0.3
        young = rng.uniform(30, 70, size).round(2)
        female = rng.uniform(20, 85, size).round(2)
        packages = rng.choice([0, 1, 2, 3], size, p=[0.2, 0.4, 0.25, 0.15])
        base_price = np.clip(followers * rng.lognormal(np.log(15), 0.5, size), 50_000, 50_000_000)
        base_price = (np.rint(base_price / 10_000) * 10_000).astype(int)

        rows = range(size)[keep]
        names = [f"{FIRST_NAMES[first[row]]} {LAST_NAMES[last[row]]}" for row in rows]
        users = self._users(BULK_CREATOR_EMAIL, numbers, User.Role.CREATOR, names)
        profiles = CreatorProfile.objects.bulk_create(
            CreatorProfile(
                user=user,
                display_name=name,
                handle=f"bulk-{number:06d}",
                country_id=self.regions.get(country[row], self.regions["ID"]),
                province=(
                    str(province[row]) if country[row] == "ID" and records_province[row] else ""
                ),
                city=(
                    CITIES[province[row]][city_pick[row] % len(CITIES[province[row]])]
                    if country[row] == "ID"
                    else ""
                ),
                date_of_birth=today.replace(year=today.year - int(age[row]), day=1),
                platform_account_created_on=today - timedelta(days=int(account_days[row])),
                account_type=CreatorProfile.AccountType.PERSONAL,
                posts_original_content=True,
                follower_count=int(followers[row]),
                public_video_count=int(videos[row]),
                views_last_30_days=int(views[row]),
                figures_recorded_on=today,
                engagement_rate=Decimal(str(engagement[row])) if reports_engagement[row] else None,
                contact_preference=str(contact[row]),
            )
            for user, name, number, row in zip(users, names, numbers, rows, strict=True)
        )
        Niches = CreatorProfile.niches.through
        Niches.objects.bulk_create(
            Niches(creatorprofile_id=profile.pk, niche_id=self.niche_ids[column])
            for profile, row in zip(profiles, rows, strict=True)
            for column in niche_choice[row][: niche_count[row]]
        )
        Languages = CreatorProfile.languages.through
        Languages.objects.bulk_create(
            Languages(creatorprofile_id=profile.pk, language_id=self.languages[slug])
            for profile, row in zip(profiles, rows, strict=True)
            for slug in LANGUAGE_ODDS
            if slug in self.languages
            and (
                speaks[slug][row]
                or slug == "id"
                and not any(speaks[other][row] for other in LANGUAGE_ODDS)
            )
        )
        Kind = AudienceSegment.Kind
        AudienceSegment.objects.bulk_create(
            segment
            for profile, row in zip(profiles, rows, strict=True)
            for segment in (
                AudienceSegment(
                    profile=profile,
                    kind=Kind.COUNTRY,
                    label="Indonesia",
                    share_percent=Decimal(str(indonesian_share[row])),
                ),
                *(
                    [
                        AudienceSegment(
                            profile=profile,
                            kind=Kind.COUNTRY,
                            label="Malaysia",
                            share_percent=Decimal(
                                str(round(min(15.0, 100 - indonesian_share[row]), 2))
                            ),
                        )
                    ]
                    if malaysian[row]
                    else []
                ),
                AudienceSegment(
                    profile=profile,
                    kind=Kind.AGE,
                    label="18-24",
                    share_percent=Decimal(str(young[row])),
                ),
                AudienceSegment(
                    profile=profile,
                    kind=Kind.GENDER,
                    label="Female",
                    share_percent=Decimal(str(female[row])),
                ),
            )
        )
        RatePackage.objects.bulk_create(
            RatePackage(
                profile=profile,
                name=name,
                price_idr=int(base_price[row] * factor),
            )
            for profile, row in zip(profiles, rows, strict=True)
            for name, factor in [
                ("1 video", 1),
                ("2 videos", 1.8),
                ("3 videos + 1 live", 3.5),
            ][: packages[row]]
        )

    # --- Businesses and campaigns ----------------------------------------------
    def ensure_businesses(self, wanted):
        numbers = self._missing(BULK_BUSINESS_EMAIL, wanted)
        if numbers:
            rng = np.random.default_rng(7)
            names = [f"UMKM Demo {number + 1}" for number in numbers]
            with transaction.atomic():
                owners = self._users(BULK_BUSINESS_EMAIL, numbers, User.Role.BUSINESS, names)
                now = timezone.now()
                businesses = []
                for number, name in zip(numbers, names, strict=True):
                    province = str(rng.choice(PROVINCE_CODES, p=CAMPAIGN_PROVINCE_ODDS))
                    businesses.append(
                        Business(
                            name=name,
                            category=Business.Category.values[number % len(Business.Category)],
                            size=Business.Size.values[int(rng.integers(0, 3))],
                            province=province,
                            city=CITIES[province][0],
                            contact_name=name,
                            verified_at=now,
                        )
                    )
                businesses = Business.objects.bulk_create(businesses)
                BusinessMembership.objects.bulk_create(
                    BusinessMembership(
                        business=business, user=owner, role=BusinessMembership.Role.OWNER
                    )
                    for business, owner in zip(businesses, owners, strict=True)
                )
        return list(
            Business.objects.filter(memberships__user__email__startswith="bulk-business-")
            .order_by("pk")
            .values_list("pk", "memberships__user_id")
        )

    def ensure_campaigns(self, wanted):
        businesses = self.ensure_businesses(math.ceil(wanted / CAMPAIGNS_PER_BUSINESS))
        existing = Campaign.objects.filter(
            business__memberships__user__email__startswith="bulk-business-"
        ).count()
        numbers = range(existing, wanted)
        if not numbers:
            return 0
        rng = np.random.default_rng(2026 + existing)
        today = timezone.localdate()
        now = timezone.now()
        language_sets = [[], ["id"], ["id"], ["id", "jv"], ["en"], ["id", "en"]]
        audience = [
            (None, None),
            (1_000, 50_000),
            (5_000, 100_000),
            (10_000, None),
            (50_000, 2_000_000),
            (100, 20_000),
        ]
        campaigns, targeting = [], []
        for number in numbers:
            business_id, owner_id = businesses[number % len(businesses)]
            budget = int(rng.choice([2, 3, 5, 8, 10, 15, 25, 50])) * 1_000_000
            fee = max(100_000, int(budget / rng.integers(3, 21) / 50_000) * 50_000)
            smallest, largest = audience[int(rng.integers(0, len(audience)))]
            region_count = int(rng.choice([0, 1, 2, 3], p=[0.1, 0.5, 0.25, 0.15]))
            starts_on = today + timedelta(days=int(rng.integers(-5, 10)))
            campaigns.append(
                Campaign(
                    business_id=business_id,
                    created_by_id=owner_id,
                    status=Campaign.Status.LIVE,
                    completed_step=4,
                    goal=Campaign.Goal.values[number % len(Campaign.Goal)],
                    product_name=f"{PRODUCTS[number % len(PRODUCTS)]} #{number + 1}",
                    product_description="Produk UMKM buatan sendiri, dikirim ke seluruh Indonesia.",
                    budget=Decimal(budget),
                    fee_per_creator=Decimal(fee),
                    starts_on=starts_on,
                    ends_on=starts_on + timedelta(days=int(rng.integers(30, 61))),
                    regions=sorted(
                        rng.choice(
                            PROVINCE_CODES, region_count, replace=False, p=CAMPAIGN_PROVINCE_ODDS
                        ).tolist()
                    ),
                    audience_min=smallest,
                    audience_max=largest,
                    brief_show="Tunjukkan produk dipakai sehari-hari.",
                    deliverables="Satu video 30–60 detik.",
                )
            )
            niche_count = int(rng.choice([0, 1, 2, 3], p=[0.1, 0.5, 0.3, 0.1]))
            targeting.append(
                (
                    rng.choice(self.niche_ids, niche_count, replace=False).tolist(),
                    [
                        self.languages[slug]
                        for slug in language_sets[int(rng.integers(0, 6))]
                        if slug in self.languages
                    ],
                )
            )
        with transaction.atomic():
            campaigns = Campaign.objects.bulk_create(campaigns, batch_size=CHUNK)
            Campaign.niches.through.objects.bulk_create(
                Campaign.niches.through(campaign_id=campaign.pk, niche_id=niche_id)
                for campaign, (niche_ids, _languages) in zip(campaigns, targeting, strict=True)
                for niche_id in niche_ids
            )
            Campaign.languages.through.objects.bulk_create(
                Campaign.languages.through(campaign_id=campaign.pk, language_id=language_id)
                for campaign, (_niches, language_ids) in zip(campaigns, targeting, strict=True)
                for language_id in language_ids
            )
            CampaignStatusChange.objects.bulk_create(
                CampaignStatusChange(
                    campaign=campaign, from_status=from_status, to_status=to_status
                )
                for campaign in campaigns
                for from_status, to_status in (
                    (Campaign.Status.DRAFT, Campaign.Status.SUBMITTED),
                    (Campaign.Status.SUBMITTED, Campaign.Status.LIVE),
                )
            )
            # Each campaign's budget is reserved from credit granted for it, as
            # launching through the services would have done.
            expires_at = now + timedelta(days=settings.BUSINESS_CREDIT_EXPIRY_DAYS)
            # Every campaign's credit and reserve accounts, fetched or made at once.
            programme, *found = ledger.accounts(
                {"kind": Account.Kind.CREDIT_PROGRAMME},
                *(
                    spec
                    for campaign in campaigns
                    for spec in (
                        pool_spec(campaign.business_id, Account.Pool.CREDIT),
                        reserve_spec(campaign, Account.Pool.CREDIT),
                    )
                ),
            )
            movements = []
            for index, campaign in enumerate(campaigns):
                credit, reserve = found[2 * index], found[2 * index + 1]
                owner = {"business_id": campaign.business_id}
                movements += [
                    (
                        LedgerEntry.Kind.GRANT,
                        [(programme, -campaign.budget), (credit, campaign.budget)],
                        {**owner, "expires_at": expires_at, "note": "Demo credit"},
                    ),
                    (
                        LedgerEntry.Kind.RESERVE,
                        [(credit, -campaign.budget), (reserve, campaign.budget)],
                        {**owner, "campaign": campaign},
                    ),
                ]
            ledger.post_many(movements)
        return len(campaigns)
