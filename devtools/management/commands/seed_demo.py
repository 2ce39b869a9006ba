"""``manage.py seed_demo``: the named demo accounts (``devtools.demo``), or with
``--creators``/``--campaigns`` generated ones in bulk (``devtools.bulk``)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.bulk import BulkDemo
from devtools.demo import NamedDemo


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
        NamedDemo(stdout=self.stdout).ensure()
