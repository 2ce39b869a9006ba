"""Time creator search the way a business meets it, on the creators in the database.

Build the data first, e.g. ``manage.py seed_demo --creators 100000``. Each search
is requested through the real URL (view, selector, template) as a business
user, and its database work is timed on its own with the same selector. The
business, campaign and session it needs are made inside a transaction that is
rolled back, so the database is left as it was.
"""

import statistics
import time
from urllib.parse import urlencode

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brands.forms import CreatorSearchForm
from brands.models import Business, BusinessMembership, Campaign
from brands.search_pages import SearchPaginator
from brands.selectors import search_creators
from core.models import User
from creators.models import CreatorProfile, Language, Niche, Region

PAGE_SIZE = 20


class Rollback(Exception):
    pass


def searches():
    """Named searches: GET parameters of the search page."""
    niche = Niche.objects.order_by("pk").values_list("pk", flat=True).first()
    language = Language.objects.filter(slug="jv").values_list("pk", flat=True).first()
    indonesia = Region.objects.filter(code="ID").values_list("pk", flat=True).first()
    return {
        "everyone, most followers": {},
        "everyone, page 200": {"page": 200},
        "everyone, page 2,000": {"page": 2_000},
        "everyone, by engagement": {"sort": "engagement"},
        "everyone, newest": {"sort": "newest"},
        "niche only": {"niche": niche},
        "language only (Javanese)": {"language": language},
        "province Jawa Timur": {"province": "jatim"},
        "audience age 18-24 only": {"audience_age": "18-24"},
        "views >= 100k, by views": {"views_min": 100_000, "sort": "views"},
        "engagement >= 5%, by engagement": {"engagement_min": 5, "sort": "engagement"},
        "fee up to Rp 200k": {"fee_max": 200_000},
        "niche + language + 10k-100k followers, by engagement": {
            "niche": niche,
            "language": language,
            "followers_min": 10_000,
            "followers_max": 100_000,
            "sort": "engagement",
        },
        "lives in Indonesia, city Malang, by views": {
            "country": indonesia,
            "city": "malang",
            "sort": "views",
        },
        "audience Indonesia, 18-24, female, each >= 60%": {
            "audience_country": "Indonesia",
            "audience_age": "18-24",
            "audience_gender": "female",
            "audience_min_share": 60,
        },
        "fee Rp 100k-500k + engagement >= 5%, newest": {
            "fee_min": 100_000,
            "fee_max": 500_000,
            "engagement_min": 5,
            "sort": "newest",
        },
        "over 1M followers, fewest first": {"followers_min": 1_000_000, "sort": "followers_asc"},
        "every filter at once": {
            "niche": niche,
            "language": language,
            "country": indonesia,
            "city": "surabaya",
            "audience_country": "Indonesia",
            "audience_min_share": 70,
            "followers_min": 5_000,
            "followers_max": 500_000,
            "views_min": 10_000,
            "engagement_min": 3,
            "fee_min": 50_000,
            "fee_max": 2_000_000,
            "sort": "engagement",
        },
    }


def database_work(params):
    """What the view asks of the database for one search: the count (capped, and
    the planner's estimate on PostgreSQL) and one page. Returns what the page
    says was found: "123", ">1,000" or "~100,000"."""
    form = CreatorSearchForm(params)
    if not form.is_valid():
        raise CommandError(f"Invalid search {params}: {form.errors.as_text()}")
    paginator = SearchPaginator(search_creators(**form.filters()), PAGE_SIZE)
    page = paginator.get_page(params.get("page"))
    len(page.object_list)
    if paginator.exact:
        return f"{paginator.count:,}"
    if paginator.about is not None:
        return f"~{paginator.about:,}"
    return f">{paginator.exact_up_to:,}"


class Command(BaseCommand):
    help = "Time business creator searches on the creators in the database (read-only)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7, help="Runs per search (median shown).")
        parser.add_argument(
            "--explain", action="store_true", help="Print EXPLAIN ANALYZE of each page query."
        )

    def handle(self, *args, runs, explain, **options):
        creators = CreatorProfile.objects.count()
        if not creators:
            raise CommandError("No creators: run `manage.py seed_demo --creators 100000` first.")
        self.stdout.write(f"{creators} creators on {connection.vendor}; median of {runs} runs\n")
        self.stdout.write(f"{'search':55} {'found':>9} {'queries':>7} {'db ms':>7} {'page ms':>8}")
        try:
            with transaction.atomic():
                client = self.business_client()
                for name, params in searches().items():
                    self.measure(client, name, params, runs, explain)
                raise Rollback
        except Rollback:
            pass

    def business_client(self):
        user = User.objects.create(email="bench-search@example.invalid", role=User.Role.BUSINESS)
        business = Business.objects.create(name="Bench")
        BusinessMembership.objects.create(business=business, user=user)
        self.campaign = Campaign.objects.create(business=business, created_by=user)
        client = Client(HTTP_HOST="127.0.0.1", headers={"accept-language": "en"})
        client.force_login(user)
        return client

    def measure(self, client, name, params, runs, explain):
        database_work(params)  # warm the cache as a live server would be
        db_times = []
        for _run in range(runs):
            started = time.perf_counter()
            found = database_work(params)
            db_times.append(time.perf_counter() - started)
        url = reverse("brands:creator_search", args=[self.campaign.pk])
        url = f"{url}?{urlencode(params)}"
        page_times = []
        for _run in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                page_times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise CommandError(f"{name}: HTTP {response.status_code}")
        db_ms = statistics.median(db_times) * 1000
        page_ms = statistics.median(page_times) * 1000
        self.stdout.write(f"{name:55} {found:>9} {len(queries):>7} {db_ms:>7.1f} {page_ms:>8.1f}")
        if explain:
            form = CreatorSearchForm(params)
            form.is_valid()
            page = int(params.get("page", 1))
            rows = search_creators(**form.filters())[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            self.stdout.write(rows.explain(analyze=True))
            self.stdout.write("")
