import time

from django.core.management.base import BaseCommand, CommandError

from brands.models import Campaign
from matching import runs


class Command(BaseCommand):
    help = (
        "Match campaigns with creators now, in the foreground, with the same service "
        "the background tasks run: the named campaigns, or every live one with --all."
    )

    def add_arguments(self, parser):
        parser.add_argument("campaign_ids", nargs="*", type=int, metavar="ID")
        parser.add_argument(
            "--all",
            action="store_true",
            help="The full refresh: every live campaign against every creator.",
        )

    def handle(self, *args, campaign_ids, **options):
        if options["all"] == bool(campaign_ids):
            raise CommandError("Name the campaigns to match by id, or pass --all (not both).")
        if options["all"]:
            self.refresh_all(show_progress=options["verbosity"] > 1)
            return
        known = dict(Campaign.objects.filter(pk__in=campaign_ids).values_list("pk", "status"))
        missing = [str(pk) for pk in campaign_ids if pk not in known]
        if missing:
            raise CommandError(f"No campaign with id {', '.join(missing)}.")
        started = time.perf_counter()
        for campaign_id in campaign_ids:
            result = runs.match_campaign(campaign_id=campaign_id)
            self.stdout.write(
                f"Campaign {campaign_id} ({known[campaign_id]}): {result.candidates:,} "
                f"creators scored, {result.stored} matches stored in {result.seconds:.2f} s."
            )
        if len(campaign_ids) > 1:
            self.stdout.write(
                f"{len(campaign_ids)} campaigns in {time.perf_counter() - started:.2f} s."
            )

    def refresh_all(self, *, show_progress):
        def progress(done, total):
            self.stdout.write(f"  {done:,} of {total:,} campaigns matched")

        result = runs.refresh_all_matches(progress=progress if show_progress else None)
        self.stdout.write(
            f"Matched {result.campaigns:,} live campaigns against {result.creators:,} creators: "
            f"{result.stored:,} matches stored in {result.seconds:.1f} s "
            f"(creators loaded in {result.load_seconds:.1f} s)."
        )
