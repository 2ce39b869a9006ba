from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reconciliation import services


class Command(BaseCommand):
    help = "Compare one day (Asia/Jakarta; default yesterday) with the gateway's report."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="YYYY-MM-DD")

    def handle(self, *args, day=None, **options):
        try:
            run = (
                services.reconcile_day(day=date.fromisoformat(day))
                if day
                else services.reconcile_yesterday()
            )
        except ValueError as error:
            raise CommandError(f"--day must be YYYY-MM-DD: {error}") from error
        self.stdout.write(
            f"{run.day}: {run.get_outcome_display()}, {run.differences.count()} differences, "
            f"{run.gateway_rows} gateway rows, {run.seconds} s"
        )
