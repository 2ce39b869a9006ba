"""The named demo data ``manage.py seed_demo`` makes: a staff login, three
creators, two businesses (the first verified, with a live campaign that two of
the creators work on) and a published Series the first business has bought.
Made through the services, as people would; safe to run again (what exists is
left as it is)."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from brands import services as brands_services
from brands.models import Business, Campaign
from collaborations import services as collaborations_services
from collaborations.models import Collaboration
from collaborations.services.drafts import submit_draft
from collaborations.services.figures import read_creator_video_figures
from collaborations.services.posting import recent_videos, submit_posted_video
from core.models import User
from creators.models import (
    CreatorProfile,
    FigureSnapshot,
    Niche,
    Programme,
    ProgrammeApplication,
    Region,
)
from creators.selectors import figures_locked
from creators.services import change_application_status, record_figures, submit_application
from creators.verification import sync_figures_from_tiktok
from payments.services import handle_webhook, sign_webhook_body, webhook_body
from portal.services import set_up_account
from series.models import Series
from series.services import catalogue as series_catalogue
from series.services import episodes as series_episodes
from series.services import review as series_review
from series.services import sales as series_sales
from tiktok.sandbox import code_for, sandbox_open_id
from tiktok.selectors import account_for
from tiktok.services import complete_link

SANDBOX_CLIENT = "tiktok.sandbox.SandboxTikTokClient"

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - published demo login, refused with DEBUG off
DEMO_STAFF_EMAIL = "staff@demo.portal.test"
DEMO_CREATORS = [
    ("creator1@demo.portal.test", "Siti Rahma"),
    ("creator2@demo.portal.test", "Budi Santoso"),
    ("creator3@demo.portal.test", "Dewi Lestari"),
]
# Siti has linked her TikTok account (the sandbox's, so no network): her figures
# are verified from TikTok (about 11,800 followers), the others' self-reported.
DEMO_TIKTOK_CREATOR = "creator1@demo.portal.test"
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


class NamedDemo:
    def __init__(self, *, stdout):
        self.stdout = stdout

    def ensure(self):
        with transaction.atomic():
            created = self.ensure_user(DEMO_STAFF_EMAIL, is_staff=True, is_superuser=True)
            self.report("staff", DEMO_STAFF_EMAIL, created)
            for email, name in DEMO_CREATORS:
                self.report("creator", email, self.ensure_account(email, User.Role.CREATOR, name))
                self.ensure_creator_figures(email)
            self.ensure_tiktok_demo(DEMO_TIKTOK_CREATOR)
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
        # Saved, not update()d: the save's receivers move the creator's version,
        # so pages kept under it show the demo profile at once.
        changes = {
            **details["profile"],
            "date_of_birth": today.replace(year=today.year - 24),
            "country": Region.objects.get(code="ID"),
            "platform_account_created_on": today - timedelta(days=400),
            "account_type": CreatorProfile.AccountType.PERSONAL,
            "posts_original_content": True,
            "premium_content_url": details["premium_content_url"],
        }
        for field, value in changes.items():
            setattr(profile, field, value)
        profile.save()
        profile.niches.set(Niche.objects.filter(slug=details["niche"]))
        if figures_locked(profile=profile):
            return  # verified from TikTok: the self-reported history was recorded before
        for weeks_ago, followers in zip([4, 2, 0], details["followers"], strict=True):
            record_figures(
                profile=profile,
                recorded_on=today - timedelta(weeks=weeks_ago),
                follower_count=followers,
                public_video_count=4,
                views_last_30_days=followers * 3,
                source=FigureSnapshot.Source.FORM,
            )

    def ensure_tiktok_demo(self, email):
        """Link the creator's sandbox TikTok account, as the consent page would, and
        read their verified figures (idempotent: skipped once an account is linked).
        Only with the sandbox client: a real TikTok needs a real person's consent."""
        user = User.objects.get(email=email)
        if account_for(user) is not None:
            return
        if settings.TIKTOK_CLIENT != SANDBOX_CLIENT:
            self.stdout.write(f"tiktok    {email} not linked (TIKTOK_CLIENT is not the sandbox)")
            return
        account = self.link_sandbox_tiktok(user)
        sync_figures_from_tiktok(profile=CreatorProfile.objects.get(user=user))
        self.stdout.write(f"tiktok    {email} linked to @{account.username}")

    @staticmethod
    def link_sandbox_tiktok(user):
        """``user``'s sandbox TikTok account (``sandbox_open_id`` of their email),
        linked through the service unless some account is linked already."""
        account = account_for(user)
        if account is None:
            account = complete_link(
                user=user,
                code=code_for(sandbox_open_id(user.email)),
                code_verifier="",
                redirect_uri=reverse("tiktok:callback"),
            ).account
        return account

    def ensure_business_demo(self, email, *, staff):
        """Fill a demo business's profile; the first is verified (welcome credit) and
        has a live campaign, the second a draft left at step 2 (idempotent)."""
        details = DEMO_BUSINESS_PROFILES[email]
        business = Business.objects.get(memberships__user__email=email)
        for field, value in details["profile"].items():
            setattr(business, field, value)
        business.save()  # its receivers move the versions of the pages showing it
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
        self.approve_demo_draft(collaboration, approver=owner, caption="Kopi susu gula aren!")
        self.post_demo_video(collaboration, note="Sudah tayang pagi ini.")
        collaborations_services.move(collaboration, Status.APPROVED, user=owner)
        budi = CreatorProfile.objects.get(user__email=DEMO_CREATORS[1][0])
        applied = collaborations_services.apply(
            campaign=campaign,
            creator=budi,
            fee=Decimal("250000.00"),
            message="Saya tinggal dekat kedai, bisa datang akhir pekan ini.",
        )
        collaborations_services.move(applied, Status.ACCEPTED, user=owner)
        self.approve_demo_draft(applied, approver=owner, caption="Ngopi sore di Kedai Kopi")
        self.post_demo_video(applied, note="")
        # What the two posted videos reached, as the sandbox TikTok counts them:
        # the campaign's report shows them.
        if settings.TIKTOK_CLIENT == SANDBOX_CLIENT:
            for creator in (siti, budi):
                read_creator_video_figures(creator_id=creator.pk)
        Campaign.objects.create(
            business=business,
            created_by=owner,
            completed_step=1,
            goal=Campaign.Goal.SALES,
            product_name="Biji kopi arabika Gayo 250 g",
        )

    @staticmethod
    def approve_demo_draft(collaboration, *, approver, caption):
        """The creator sends the demo clip as a draft and ``approver`` approves it."""
        video = (settings.BASE_DIR / "series/demo/episode-31s.mp4").read_bytes()
        submit_draft(
            collaboration=collaboration,
            user=collaboration.creator.user,
            video=SimpleUploadedFile("draft.mp4", video, content_type="video/mp4"),
            caption=caption,
        )
        collaborations_services.move(
            collaboration, Collaboration.Status.DRAFT_APPROVED, user=approver
        )

    @staticmethod
    def post_demo_video(collaboration, *, note):
        """The creator links their sandbox TikTok account (unless linked already)
        and submits their newest sandbox video as the posted one."""
        user = collaboration.creator.user
        if settings.TIKTOK_CLIENT != SANDBOX_CLIENT:  # the demo never calls the real TikTok
            collaborations_services.move(
                collaboration,
                Collaboration.Status.SUBMITTED,
                user=user,
                content_url=f"https://www.tiktok.com/@{collaboration.creator.handle}/video/1",
                content_note=note,
            )
            return
        NamedDemo.link_sandbox_tiktok(user)
        newest = recent_videos(user=user).videos[0]
        submit_posted_video(collaboration=collaboration, user=user, video_id=newest.id, note=note)

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
