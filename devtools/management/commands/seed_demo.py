import math
import time
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import numpy as np
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image

from brands import services as brands_services
from brands.models import (
    Business,
    BusinessMembership,
    Campaign,
    CampaignStatusChange,
)
from brands.services import pool_spec, reserve_spec
from collaborations import services as collaborations_services
from collaborations.models import Collaboration
from core.models import User
from creators.models import (
    AudienceSegment,
    CreatorProfile,
    FigureSnapshot,
    Language,
    Niche,
    Programme,
    ProgrammeApplication,
    Province,
    RatePackage,
    Region,
)
from creators.services import change_application_status, record_figures, submit_application
from payments import ledger
from payments.models import Account, LedgerEntry, LedgerLine
from payments.services import handle_webhook, sign_webhook_body, webhook_body
from portal.services import set_up_account
from series.models import Series
from series.services import catalogue as series_catalogue
from series.services import episodes as series_episodes
from series.services import review as series_review
from series.services import sales as series_sales

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - published demo login, refused with DEBUG off
DEMO_STAFF_EMAIL = "staff@demo.portal.test"
DEMO_CREATORS = [
    ("creator1@demo.portal.test", "Siti Rahma"),
    ("creator2@demo.portal.test", "Budi Santoso"),
    ("creator3@demo.portal.test", "Dewi Lestari"),
]
# Creator details and figures: Siti meets every Series rule, Budi is short of
# followers, Dewi is short too but sells premium content (the exception). Siti
# (West Java) and Budi (Jakarta) live where the demo café campaign looks for
# creators; Dewi (Yogyakarta) does not, so the matcher leaves her out of it.
DEMO_CREATOR_FIGURES = {
    "creator1@demo.portal.test": {
        "profile": {"city": "Bandung", "province": "jabar", "bio": "Resep rumahan tiap hari."},
        "niche": "food",
        "followers": [9_200, 10_400, 12_800],
        "premium_content_url": "",
    },
    "creator2@demo.portal.test": {
        "profile": {"city": "Jakarta Barat", "province": "jakarta", "bio": "Review gadget jujur."},
        "niche": "technology",
        "followers": [4_100, 5_000, 6_300],
        "premium_content_url": "",
    },
    "creator3@demo.portal.test": {
        "profile": {
            "city": "Yogyakarta",
            "province": "diy",
            "bio": "Kelas batik dan kerajinan.",
        },
        "niche": "education",
        "followers": [2_000, 2_400, 3_100],
        "premium_content_url": "https://karyakarsa.com/dewi-lestari-demo",
    },
}
DEMO_BUSINESSES = [
    ("business1@demo.portal.test", "Kopi Kenangan Ibu"),
    ("business2@demo.portal.test", "Batik Sekar Jagad"),
]
DEMO_BUSINESS_PROFILES = {
    "business1@demo.portal.test": {
        "verified": True,
        "profile": {
            "category": Business.Category.FOOD,
            "size": Business.Size.MICRO,
            "city": "Jakarta Selatan",
            "province": "jakarta",
            "contact_name": "Ibu Ratna",
            "website": "https://example.com/kopi-kenangan-ibu",
        },
    },
    "business2@demo.portal.test": {
        "verified": False,
        "profile": {
            "category": Business.Category.FASHION,
            "size": Business.Size.SMALL,
            "city": "Surakarta",
            "province": "jateng",
            "contact_name": "Pak Joko",
        },
    },
}


class Command(BaseCommand):
    help = (
        "Create demo accounts (staff, creators, businesses). Safe to run again. "
        "With --creators and --campaigns, also bulk-create that many generated creators "
        "and live campaigns (for the matcher at scale)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off (the demo accounts have a published password).",
        )
        parser.add_argument(
            "--creators",
            type=int,
            default=0,
            help="Bulk mode: make sure this many generated creators exist.",
        )
        parser.add_argument(
            "--campaigns",
            type=int,
            default=0,
            help="Bulk mode: make sure this many generated live campaigns exist.",
        )

    def handle(self, *args, allow_production=False, creators=0, campaigns=0, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to create demo accounts with a known password while DEBUG is off; "
                "pass --allow-production if you mean it."
            )
        if creators < 0 or campaigns < 0:
            raise CommandError("--creators and --campaigns must be zero or more.")
        if creators or campaigns:
            BulkDemo(stdout=self.stdout).ensure(creators=creators, campaigns=campaigns)
            return
        with transaction.atomic():
            created = self.ensure_user(DEMO_STAFF_EMAIL, is_staff=True, is_superuser=True)
            self.report("staff", DEMO_STAFF_EMAIL, created)
            for email, name in DEMO_CREATORS:
                self.report("creator", email, self.ensure_account(email, User.Role.CREATOR, name))
                self.ensure_creator_figures(email)
            for email, name in DEMO_BUSINESSES:
                self.report("business", email, self.ensure_account(email, User.Role.BUSINESS, name))
                self.ensure_business_demo(email, staff=created[0])
            self.ensure_series_demo(staff=created[0])
        self.stdout.write(f"Password for every demo login: {DEMO_PASSWORD}")

    def ensure_user(self, email, **fields):
        user, created = User.objects.get_or_create(email=email, defaults=fields)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user, created

    def ensure_account(self, email, role, name):
        user, created = self.ensure_user(email)
        if not user.role:
            set_up_account(user=user, role=role, name=name)
        return user, created

    def ensure_creator_figures(self, email):
        """Fill a demo creator's profile and three dated figure snapshots (idempotent)."""
        details = DEMO_CREATOR_FIGURES[email]
        profile = CreatorProfile.objects.get(user__email=email)
        today = timezone.localdate()
        CreatorProfile.objects.filter(pk=profile.pk).update(
            **details["profile"],
            date_of_birth=today.replace(year=today.year - 24),
            country=Region.objects.get(code="ID"),
            platform_account_created_on=today - timedelta(days=400),
            account_type=CreatorProfile.AccountType.PERSONAL,
            posts_original_content=True,
            premium_content_url=details["premium_content_url"],
        )
        profile.niches.set(Niche.objects.filter(slug=details["niche"]))
        for weeks_ago, followers in zip([4, 2, 0], details["followers"], strict=True):
            record_figures(
                profile=profile,
                recorded_on=today - timedelta(weeks=weeks_ago),
                follower_count=followers,
                public_video_count=4,
                views_last_30_days=followers * 3,
                source=FigureSnapshot.Source.FORM,
            )

    def ensure_business_demo(self, email, *, staff):
        """Fill a demo business's profile; the first is verified (welcome credit) and
        has a live campaign, the second a draft left at step 2 (idempotent)."""
        details = DEMO_BUSINESS_PROFILES[email]
        business = Business.objects.get(memberships__user__email=email)
        Business.objects.filter(pk=business.pk).update(**details["profile"])
        if not details["verified"] or business.campaigns.exists():
            return
        brands_services.verify_business(business=business, staff=staff)
        owner = business.members.get()
        today = timezone.localdate()
        campaign = Campaign.objects.create(
            business=business,
            created_by=owner,
            completed_step=4,
            goal=Campaign.Goal.STORE_VISITS,
            product_name="Es kopi susu gula aren",
            product_description="Kopi susu dengan gula aren asli, dibuat setiap pagi.",
            budget=Decimal("1500000.00"),
            fee_per_creator=Decimal("300000.00"),
            starts_on=today + timedelta(days=2),
            ends_on=today + timedelta(days=32),
            regions=["jakarta", "jabar"],
            audience_min=1_000,
            audience_max=50_000,
            brief_show="Tunjukkan suasana kedai dan cara kopi dibuat.",
            deliverables="Satu video 30–60 detik.",
        )
        campaign.niches.set(Niche.objects.filter(slug="food"))
        brands_services.launch_campaign(campaign=campaign, user=owner)
        brands_services.approve_campaign(campaign=campaign, staff=staff)
        # Siti (food) was invited, delivered and was approved: her fee, less the
        # platform fee, is in her earnings. Budi applied, was accepted and has
        # submitted: his fee is held until the café answers (or the time runs
        # out). The matcher lists the rest once the worker has run the match
        # that the approval queued.
        siti = CreatorProfile.objects.get(user__email=DEMO_CREATORS[0][0])
        collaboration = collaborations_services.invite(
            campaign=campaign,
            creator=siti,
            user=owner,
            fee=campaign.fee_per_creator,
            message="Halo Siti, kami suka video masakanmu. Mau mampir ke kedai kami?",
        )
        Status = Collaboration.Status
        collaborations_services.move(collaboration, Status.ACCEPTED, user=siti.user)
        collaborations_services.move(
            collaboration,
            Status.SUBMITTED,
            user=siti.user,
            content_url="https://www.tiktok.com/@siti.masak/video/7301",
            content_note="Sudah tayang pagi ini.",
        )
        collaborations_services.move(collaboration, Status.APPROVED, user=owner)
        budi = CreatorProfile.objects.get(user__email=DEMO_CREATORS[1][0])
        applied = collaborations_services.apply(
            campaign=campaign,
            creator=budi,
            fee=Decimal("250000.00"),
            message="Saya tinggal dekat kedai, bisa datang akhir pekan ini.",
        )
        collaborations_services.move(applied, Status.ACCEPTED, user=owner)
        collaborations_services.move(
            applied,
            Status.SUBMITTED,
            user=budi.user,
            content_url="https://www.tiktok.com/@budi.santoso/video/7302",
        )
        Campaign.objects.create(
            business=business,
            created_by=owner,
            completed_step=1,
            goal=Campaign.Goal.SALES,
            product_name="Biji kopi arabika Gayo 250 g",
        )

    # --- Series ---------------------------------------------------------------
    def ensure_series_demo(self, *, staff):
        """Approve Siti for Series and give her a published Series of three episodes
        (the first a free preview) that the first business's owner has bought
        through the sandbox provider (idempotent: skipped once the Series exists)."""
        profile = CreatorProfile.objects.get(user__email=DEMO_CREATORS[0][0])
        if Series.objects.filter(creator=profile).exists():
            return
        programme = Programme.objects.get(slug="series")
        if not ProgrammeApplication.objects.filter(
            profile=profile, programme=programme, status=ProgrammeApplication.Status.APPROVED
        ).exists():
            application = submit_application(profile=profile, programme=programme)
            change_application_status(
                application=application,
                changed_by=staff,
                status=ProgrammeApplication.Status.APPROVED,
            )
        cover = BytesIO()
        Image.new("RGB", (640, 360), (176, 58, 46)).save(cover, format="PNG")
        series = series_catalogue.create_series(
            creator=profile,
            title="Rendang Padang dalam 3 langkah",
            description="Dari pasar sampai ke meja: bumbu, santan, dan enam jam kesabaran.",
            cover=SimpleUploadedFile("cover.png", cover.getvalue(), content_type="image/png"),
            price=Decimal("45000.00"),
            currency=Series.Currency.IDR,
        )
        # The 31-second clip the tests ship: real MP4 content, read like any upload.
        video = (settings.BASE_DIR / "series/demo/episode-31s.mp4").read_bytes()
        for number, title in enumerate(["Ke pasar", "Bumbu halus", "Enam jam di kompor"]):
            series_episodes.add_episode(
                series=series,
                title=title,
                video=SimpleUploadedFile("episode.mp4", video, content_type="video/mp4"),
                is_free_preview=number == 0,
            )
        # A Series goes on sale once staff approve it: submit, then approve.
        series_catalogue.change_status(
            series=series, to_status=Series.Status.IN_REVIEW, changed_by=profile.user
        )
        series_review.decide_submission(
            submission=series.submissions.get(status="pending"), staff=staff, approve=True
        )
        series.refresh_from_db()
        buyer = User.objects.get(email=DEMO_BUSINESSES[0][0])
        payment = series_sales.start_purchase(
            series=series, buyer=buyer, attempt="demo", return_url=series.get_absolute_url()
        )
        body = webhook_body(payment=payment, event="payment.succeeded")
        handle_webhook(body=body, signature=sign_webhook_body(body))
        self.stdout.write(f"series    {series.title} (published, bought by {buyer.email})")

    def report(self, kind, email, result):
        _user, created = result
        state = "created" if created else "exists"
        self.stdout.write(f"{kind:9} {email:32} ({state})")


# --- Bulk mode --------------------------------------------------------------------
# Generated creators and live campaigns for the matcher at scale. Rows are
# inserted with bulk_create in chunks; no service runs per row, so nothing is
# emailed and no task is queued. Each chunk of CHUNK consecutive numbers is
# drawn from its own seeded generator, so the data is the same whether it is
# created at once or topped up later, and running again creates only what is
# missing.

CHUNK = 5_000
BULK_CREATOR_EMAIL = "bulk-creator-{:06d}@demo.portal.test"
BULK_BUSINESS_EMAIL = "bulk-business-{:05d}@demo.portal.test"
CAMPAIGNS_PER_BUSINESS = 5
FIRST_NAMES = (
    "Siti Ayu Budi Dewi Eko Fajar Gita Hendra Indah Joko Kartika Lestari Made Nur Putri "
    "Rizky Sari Tono Wulan Yusuf Agus Bayu Citra Dimas Fitri Galih Intan Rina Wahyu Yanti"
).split()
LAST_NAMES = (
    "Rahma Santoso Lestari Pratama Wijaya Saputra Hidayat Kusuma Nugroho Siregar Putri "
    "Hakim Purnama Setiawan Wibowo Halim Tanjung Gunawan Sinaga Permana"
).split()
# Where generated creators and businesses are: every province with its main
# cities, and its people in millions (2020 census; the Papua provinces split
# since). Creators are drawn in proportion to people, with Jakarta counted
# three times because creators cluster in the capital: about 60% live on Java.
CITIES = {
    "aceh": ["Banda Aceh"],
    "sumut": ["Medan"],
    "sumbar": ["Padang"],
    "riau": ["Pekanbaru"],
    "kepri": ["Batam"],
    "jambi": ["Jambi"],
    "sumsel": ["Palembang"],
    "babel": ["Pangkalpinang"],
    "bengkulu": ["Bengkulu"],
    "lampung": ["Bandar Lampung"],
    "jakarta": ["Jakarta Selatan", "Jakarta Barat", "Jakarta Timur"],
    "banten": ["Tangerang", "Serang"],
    "jabar": ["Bandung", "Bekasi", "Bogor", "Depok"],
    "jateng": ["Semarang", "Surakarta"],
    "diy": ["Yogyakarta"],
    "jatim": ["Surabaya", "Malang"],
    "bali": ["Denpasar"],
    "ntb": ["Mataram"],
    "ntt": ["Kupang"],
    "kalbar": ["Pontianak"],
    "kalteng": ["Palangka Raya"],
    "kalsel": ["Banjarmasin"],
    "kaltim": ["Balikpapan", "Samarinda"],
    "kaltara": ["Tarakan"],
    "sulut": ["Manado"],
    "gorontalo": ["Gorontalo"],
    "sulteng": ["Palu"],
    "sulbar": ["Mamuju"],
    "sulsel": ["Makassar"],
    "sultra": ["Kendari"],
    "maluku": ["Ambon"],
    "malut": ["Ternate"],
    "papua": ["Jayapura"],
    "pabar": ["Manokwari"],
    "pbd": ["Sorong"],
    "pateng": ["Nabire"],
    "papeg": ["Wamena"],
    "pasel": ["Merauke"],
}
PEOPLE_MILLIONS = {
    "aceh": 5.3, "sumut": 14.8, "sumbar": 5.5, "riau": 6.4, "kepri": 2.1, "jambi": 3.5,
    "sumsel": 8.5, "babel": 1.5, "bengkulu": 2.0, "lampung": 9.0, "jakarta": 10.6,
    "banten": 11.9, "jabar": 48.3, "jateng": 36.5, "diy": 3.7, "jatim": 40.7, "bali": 4.3,
    "ntb": 5.3, "ntt": 5.3, "kalbar": 5.4, "kalteng": 2.7, "kalsel": 4.1, "kaltim": 3.8,
    "kaltara": 0.7, "sulut": 2.6, "gorontalo": 1.2, "sulteng": 3.0, "sulbar": 1.4,
    "sulsel": 9.1, "sultra": 2.6, "maluku": 1.8, "malut": 1.3, "papua": 1.0, "pabar": 0.6,
    "pbd": 0.6, "pateng": 1.4, "papeg": 1.4, "pasel": 0.5,
}  # fmt: skip
PROVINCE_CODES = Province.values  # CITIES and PEOPLE_MILLIONS name each one
CREATOR_PROVINCE_ODDS = np.array(
    [PEOPLE_MILLIONS[code] * (3 if code == "jakarta" else 1) for code in PROVINCE_CODES]
)
CREATOR_PROVINCE_ODDS /= CREATOR_PROVINCE_ODDS.sum()
# Businesses aim campaigns at where people are.
CAMPAIGN_PROVINCE_ODDS = np.array([PEOPLE_MILLIONS[code] for code in PROVINCE_CODES])
CAMPAIGN_PROVINCE_ODDS /= CAMPAIGN_PROVINCE_ODDS.sum()
# Creators in Indonesia who have not recorded their province (profiles from
# before the field, or left empty): the matcher leaves them out of regional campaigns.
NO_PROVINCE_SHARE = 0.05
# How likely a creator is to speak each language, by slug.
LANGUAGE_ODDS = {"id": 0.96, "en": 0.3, "jv": 0.18, "su": 0.1, "ms": 0.04, "ko": 0.01}
PRODUCTS = (
    "Keripik tempe",
    "Kopi susu gula aren",
    "Batik tulis",
    "Sambal bawang",
    "Tas rotan",
    "Skincare herbal",
    "Sepatu kulit",
    "Madu hutan",
    "Kue lapis",
    "Kursus menjahit",
)


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
