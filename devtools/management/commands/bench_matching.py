"""``make bench``: how fast the matcher is, in figures (not pass or fail).

Builds its own data in a separate database (``<name>_bench`` on PostgreSQL when
``DATABASE_URL`` is set, a ``bench.sqlite3`` file otherwise; see
``devtools.scratch_db``), measures, and drops it again:

- one campaign against the sample (10,000 creators) and against all creators
  (100,000), the median of a few runs;
- the full refresh: every live campaign (1,000) against all creators, in one
  process, then fanned out in chunks (``MATCHING_CAMPAIGNS_PER_TASK``) over
  ``--workers`` processes (2, this machine's cores);
- with ``--fanout-creators`` and ``--fanout-campaigns`` (the issue's sizes:
  1,000,000 and 10,000; not in ``make bench``, which they would take well past
  five minutes), one campaign and the fan-out again at those sizes;
- the same one-campaign match done naively, one pair at a time over the ORM,
  on the sample, and how many times slower that is.

The fan-out's worker processes are forked from this one (the database
connection closed first) and each runs ``matching.fanout.run_chunk``, what the
``refresh_chunk`` task runs, for the chunks handed to it, keeping the creators'
columns between chunks as a Celery worker process does; the broker's
round trip (a message per 50 campaigns) is left out. From each chunk's own time
and the columns' load it also projects the refresh over more workers:
each loads the creators once, then the chunks divide between them.
"""

import math
import os
import resource
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import fields
from io import StringIO
from multiprocessing import get_context

import numpy as np
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import OperationalError, connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from brands.models import Business, Campaign, CampaignMatch, MatchingWeights
from collaborations.selectors import track_records
from creators.models import AudienceSegment, CreatorProfile, Language, Niche
from devtools.scratch_db import ScratchDatabase
from matching import fanout, runs
from matching.columns import NO_PROVINCE, CreatorColumns, Membership, province_numbers, tier_for
from matching.models import RefreshRun
from matching.parts import score_parts
from matching.scoring import TOP_MATCHES, Wanted, select_top
from matching.tasks import RETRY_ON_DATABASE_ERRORS


class Command(BaseCommand):
    help = "Benchmark the matcher on generated data in a separate database, then drop it."

    def add_arguments(self, parser):
        parser.add_argument("--creators", type=int, default=100_000)
        parser.add_argument("--sample", type=int, default=10_000)
        parser.add_argument("--campaigns", type=int, default=1_000)
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument(
            "--workers", type=int, default=2, help="Processes the fan-out runs on (default 2)."
        )
        parser.add_argument(
            "--compute-at",
            type=int,
            default=0,
            help="Also time steps 2 to 4 (no database) against this many creators, the "
            "loaded ones repeated, and print the size of their columns.",
        )
        parser.add_argument(
            "--fanout-creators",
            type=int,
            default=0,
            help="Also seed this many creators (e.g. 1000000) and time one campaign and the "
            "fan-out against them.",
        )
        parser.add_argument(
            "--fanout-campaigns",
            type=int,
            default=10_000,
            help="Live campaigns for --fanout-creators (default 10,000).",
        )

    def handle(self, *args, creators, sample, campaigns, repeat, **options):
        self.repeat = repeat
        self.workers = options["workers"]
        scratch = ScratchDatabase("bench", stdout=self.stdout)
        self.stdout.write(f"Database: {scratch.vendor} ({scratch.name}), {os.cpu_count()} CPUs")
        with scratch:
            self.bench(creators=creators, sample=sample, campaigns=campaigns)
            if options["compute_at"]:
                self.compute_at(options["compute_at"])
            if options["fanout_creators"]:
                self.big(options["fanout_creators"], options["fanout_campaigns"])

    def line(self, what, seconds, extra=""):
        self.stdout.write(f"  {what:<58} {seconds:8.2f} s  {extra}")

    def seed(self, creators, campaigns):
        started = time.perf_counter()
        call_command(
            "seed_demo",
            creators=creators,
            campaigns=campaigns,
            allow_production=True,
            stdout=StringIO(),
        )
        self.line(
            f"seed_demo --creators {creators:,} --campaigns {campaigns:,}",
            time.perf_counter() - started,
        )

    def bench(self, *, creators, sample, campaigns):
        self.stdout.write("Setting up")
        self.seed(sample, campaigns)
        benchmark = self.benchmark_campaign()
        self.stdout.write(
            f"One campaign ({benchmark}: niches food and beauty, Indonesian, Jakarta and "
            "West Java, 5k–500k followers, fee Rp 1.000.000)"
        )
        bulk_sample = self.one_campaign(benchmark, sample)
        naive = self.naive(benchmark, sample)
        self.stdout.write("Setting up")
        self.seed(creators, campaigns)
        bulk_all = self.one_campaign(benchmark, creators)
        self.stdout.write("Full refresh")
        started = time.perf_counter()
        result = runs.refresh_all_matches()
        seconds = time.perf_counter() - started
        self.line(
            f"{result.campaigns:,} live campaigns × {result.creators:,} creators",
            seconds,
            f"(load {result.load_seconds:.2f} s, "
            f"{1000 * (seconds - result.load_seconds) / max(result.campaigns, 1):.1f} ms "
            f"a campaign, {result.stored:,} rows)",
        )
        fanned = self.fan_out((seconds - result.load_seconds) / max(result.campaigns, 1))
        self.stdout.write("Summary")
        self.stdout.write(f"  one campaign vs {sample:,} creators: {bulk_sample:.2f} s")
        self.stdout.write(f"  one campaign vs {creators:,} creators: {bulk_all:.2f} s")
        self.stdout.write(f"  full refresh: {seconds:.1f} s in one process")
        self.stdout.write(
            f"  full refresh fanned out over {self.workers} processes: {fanned:.1f} s"
        )
        self.stdout.write(
            f"  naive per-pair ORM loop vs {sample:,} creators: {naive:.2f} s, "
            f"{naive / bulk_sample:.0f}× slower than the bulk matcher"
        )

    def big(self, creators, campaigns):
        self.stdout.write(f"At {creators:,} creators and {campaigns:,} campaigns")
        self.seed(creators, campaigns)
        benchmark = self.benchmark_campaign()
        one = self.one_campaign(benchmark, creators)
        fanned = self.fan_out()
        self.stdout.write("Summary")
        self.stdout.write(f"  one campaign vs {creators:,} creators: {one:.2f} s")
        self.stdout.write(
            f"  full refresh fanned out over {self.workers} processes: {fanned:.1f} s"
        )

    def fan_out(self, solo_per_campaign=None):
        """The full refresh in chunks over ``self.workers`` forked processes;
        prints each part and the projection over more workers, also at
        ``solo_per_campaign`` seconds a campaign (the one-process refresh's
        rate) when given. Returns the wall-clock seconds."""
        per_task = settings.MATCHING_CAMPAIGNS_PER_TASK
        campaign_ids = list(runs.live_campaigns().values_list("pk", flat=True))
        chunks = fanout.chunks_of(campaign_ids, per_task)
        refresh = RefreshRun.objects.create(
            started_at=timezone.now(), campaigns=len(campaign_ids), chunks=len(chunks)
        )
        connection.close()  # each process opens its own
        fanout.forget_creators()
        started = time.perf_counter()
        with ProcessPoolExecutor(self.workers, mp_context=get_context("fork")) as pool:
            results = list(
                pool.map(
                    run_chunk,
                    [(refresh.pk, number, ids) for number, ids in enumerate(chunks)],
                )
            )
        wall = time.perf_counter() - started
        refresh.refresh_from_db()
        loads = [chunk["process_load"] for chunk in results if chunk["process_load"]]
        load = max(loads)
        matching = sum(chunk["seconds"] for chunk in results)
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        self.line(
            f"fan-out: {len(campaign_ids):,} campaigns in {len(chunks)} chunks of "
            f"{per_task}, {self.workers} processes",
            wall,
            f"({refresh.stored:,} rows; recorded done: {refresh.status == 'done'})",
        )
        self.line(
            f"  creators' columns loaded once per process ({len(loads)} loads)",
            load,
            f"({results[0]['creators']:,} creators, {results[0]['megabytes']:.0f} MB of arrays; "
            f"peak worker RSS {rss:.0f} MB)",
        )
        per_chunk = matching / max(len(chunks), 1)
        self.line(
            f"  matching and writing, summed over the chunks ({per_chunk:.2f} s a chunk)",
            matching,
            f"({1000 * matching / max(len(campaign_ids), 1):.1f} ms a campaign)",
        )
        self.project("from these chunks' times", load, len(chunks), per_chunk)
        if solo_per_campaign:
            # A worker with a core of its own (and the database on another
            # machine) matches at the one-process rate.
            self.project("at the one-process rate", load, len(chunks), solo_per_campaign * per_task)
        fanout.forget_creators()
        return wall

    def compute_at(self, target):
        """Steps 2 to 4 in memory against ``target`` creators: the loaded ones
        repeated (new ids), so the candidates and the work scale with them."""
        self.stdout.write(f"In memory at {target:,} creators (the loaded ones repeated)")
        columns = runs.load_open_creators()
        rows = np.resize(np.arange(len(columns)), target)
        big = columns.take(rows)
        big.ids = np.arange(1, target + 1)
        big.niches = Membership(columns.niches.matrix[rows], columns.niches.column_of)
        big.languages = Membership(columns.languages.matrix[rows], columns.languages.column_of)
        weights = MatchingWeights.current()
        campaigns = list(runs.live_campaigns()[: self.repeat * 10])
        started = time.perf_counter()
        for campaign in campaigns:
            wanted = Wanted.of(campaign)
            scored = runs._candidates(wanted, big, weights)
            runs._matches(campaign, wanted, scored, select_top(scored), timezone.now())
        per_campaign = (time.perf_counter() - started) / len(campaigns)
        self.line(
            f"steps 2 to 4, a campaign (mean of {len(campaigns)})",
            per_campaign,
            f"({columns_megabytes(big):.0f} MB of columns)",
        )

    def project(self, basis, load, chunks, per_chunk):
        """Wall time by workers: each loads the creators, then the chunks divide."""
        projected = ", ".join(
            f"{workers}: {load + math.ceil(chunks / workers) * per_chunk:.0f} s"
            for workers in (1, 2, 4, 8, 16, 32)
        )
        self.stdout.write(f"  projected by workers, {basis}: {projected}")

    def benchmark_campaign(self):
        campaign = Campaign.objects.create(
            business=Business.objects.order_by("pk").first(),
            status=Campaign.Status.LIVE,
            completed_step=4,
            goal=Campaign.Goal.SALES,
            product_name="Benchmark campaign",
            budget=10_000_000,
            fee_per_creator=1_000_000,
            regions=["jakarta", "jabar"],
            audience_min=5_000,
            audience_max=500_000,
        )
        campaign.niches.set(Niche.objects.filter(slug__in=["food", "beauty"]))
        campaign.languages.set(Language.objects.filter(slug="id"))
        return campaign.pk

    def one_campaign(self, campaign_id, creators):
        timings = []
        for _ in range(self.repeat):
            reset_queries()  # the naive loop overflows Django's query log
            with CaptureQueriesContext(connection) as queries:
                result = runs.match_campaign(campaign_id=campaign_id)
            timings.append(result.seconds)
        median = statistics.median(timings)
        self.line(
            f"bulk: one campaign vs {creators:,} creators (median of {self.repeat})",
            median,
            f"({result.candidates:,} candidates, {len(queries)} queries, "
            f"runs {', '.join(f'{timing:.2f}' for timing in timings)} s)",
        )
        return median

    def naive(self, campaign_id, creators):
        """The same match one pair at a time: for every creator, its own ORM
        queries for the hard conditions and each figure, and the same formulas
        applied to that one creator. Checks that it lists the same creators."""
        started = time.perf_counter()
        campaign = Campaign.objects.get(pk=campaign_id)
        wanted = Wanted.of(campaign)
        weights = MatchingWeights.current().as_dict()
        total_weight = sum(weights.values())
        scored = []
        for profile in CreatorProfile.objects.order_by("pk"):
            if profile.contact_preference == CreatorProfile.ContactPreference.NONE:
                continue
            if wanted.regions and (
                profile.country is None
                or profile.country.code != "ID"
                or profile.province not in wanted.regions
            ):
                continue
            spoken = profile.languages.filter(pk__in=wanted.language_ids).count()
            if wanted.language_ids and not spoken:
                continue
            cheapest = (
                profile.rate_packages.order_by("price_idr")
                .values_list("price_idr", flat=True)
                .first()
            )
            if wanted.fee_per_creator and cheapest is not None:
                if cheapest > wanted.fee_per_creator:
                    continue
            shared = profile.niches.filter(pk__in=wanted.niche_ids).count()
            share = (
                profile.audience_segments.filter(
                    kind=AudienceSegment.Kind.COUNTRY, label__iexact="Indonesia"
                )
                .values_list("share_percent", flat=True)
                .first()
            )
            record = track_records(creator_ids=[profile.pk]).get(profile.pk, {})
            verified = profile.figures_verified_at
            local = verified and timezone.localdate(verified)
            verified_on = (
                math.nan if not local else local.year * 10_000 + local.month * 100 + local.day
            )
            one = CreatorColumns(
                ids=np.array([profile.pk]),
                followers=np.array([float(profile.follower_count)]),
                views=np.array([float(profile.views_last_30_days)]),
                engagement=np.array(
                    [
                        math.nan
                        if profile.engagement_rate is None
                        else float(profile.engagement_rate)
                    ]
                ),
                cheapest_fee=np.array([math.nan if cheapest is None else float(cheapest)]),
                in_indonesia=np.array([True]),
                province=np.array(province_numbers([profile.province]) or [NO_PROVINCE]),
                niches=Membership(np.zeros((1, 0), bool), {}),
                languages=Membership(np.zeros((1, 0), bool), {}),
                indonesian_share=np.array([math.nan if share is None else float(share)]),
                judged=np.array([float(record.get("judged", 0))]),
                on_time=np.array([float(record.get("on_time", 0))]),
                approved=np.array([float(record.get("approved", 0))]),
                stars=np.array([record.get("stars") or math.nan], dtype=float),
                videos_measured=np.array([float(record.get("videos_measured", 0))]),
                vs_average=np.array([record.get("vs_average") or math.nan], dtype=float),
                verified_on=np.array([verified_on], dtype=float),
                has_figures=np.array([profile.figures_recorded_on is not None]),
            ).with_campaign_free_parts()
            parts = score_parts(wanted, one, np.array([shared]), np.array([spoken]))
            weighted = sum(weights[part] * float(parts[part][0]) for part in weights)
            points = round(10_000 * weighted / total_weight)
            scored.append((profile.pk, tier_for(profile.follower_count), points))
        picked = self.mix_tiers(scored)
        seconds = time.perf_counter() - started
        listed = list(
            CampaignMatch.objects.filter(campaign_id=campaign_id)
            .order_by("rank")
            .values_list("creator_id", flat=True)
        )
        same = "the same list as the bulk matcher" if picked == listed else "A DIFFERENT LIST"
        self.line(
            f"naive: one pair at a time over the ORM, {creators:,} creators",
            seconds,
            f"({len(scored):,} candidates; {same})",
        )
        return seconds

    @staticmethod
    def mix_tiers(scored, limit=TOP_MATCHES):
        """``select_top`` written plainly: rounds of the best left in each tier."""
        queues = {}
        for creator_id, tier, points in sorted(scored, key=lambda row: (-row[2], row[0])):
            queues.setdefault(tier, []).append((points, creator_id))
        picked = []
        for round_number in range(limit):
            best = sorted(
                (queue[round_number] for queue in queues.values() if round_number < len(queue)),
                key=lambda entry: (-entry[0], entry[1]),
            )
            if not best:
                break
            picked += [creator_id for _points, creator_id in best]
        return picked[:limit]


def run_chunk(arguments):
    """One chunk in a forked worker process, as the ``refresh_chunk`` task runs
    it, retried on a database error as the task is (SQLite's lock, mostly)."""
    refresh_id, number, campaign_ids = arguments
    # Loaded here, first, so that a chunk retried after the load still shows it.
    columns, load_seconds = fanout.creators_for(refresh_id)
    for attempt in range(RETRY_ON_DATABASE_ERRORS["max_retries"] + 1):
        try:
            refresh, _finished = fanout.run_chunk(
                refresh_id=refresh_id, number=number, campaign_ids=campaign_ids
            )
            break
        except OperationalError:
            if attempt == RETRY_ON_DATABASE_ERRORS["max_retries"]:
                raise
            time.sleep(1)
    return {
        **refresh.chunk_results[str(number)],
        "process_load": load_seconds,
        "megabytes": columns_megabytes(columns),
    }


def columns_megabytes(columns):
    """What the creators' arrays take in memory."""
    arrays = [getattr(columns, field.name) for field in fields(columns)]
    arrays = [array.matrix if isinstance(array, Membership) else array for array in arrays]
    return sum(array.nbytes for array in arrays if array is not None) / 2**20
