from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.models import User
from portal.services import set_up_account

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - published demo login, refused with DEBUG off
DEMO_STAFF_EMAIL = "staff@demo.portal.test"
DEMO_CREATORS = [
    ("creator1@demo.portal.test", "Siti Rahma"),
    ("creator2@demo.portal.test", "Budi Santoso"),
    ("creator3@demo.portal.test", "Dewi Lestari"),
]
DEMO_BUSINESSES = [
    ("business1@demo.portal.test", "Kopi Kenangan Ibu"),
    ("business2@demo.portal.test", "Batik Sekar Jagad"),
]


class Command(BaseCommand):
    help = "Create demo accounts (staff, creators, businesses). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off (the demo accounts have a published password).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to create demo accounts with a known password while DEBUG is off; "
                "pass --allow-production if you mean it."
            )
        with transaction.atomic():
            created = self.ensure_user(DEMO_STAFF_EMAIL, is_staff=True, is_superuser=True)
            self.report("staff", DEMO_STAFF_EMAIL, created)
            for email, name in DEMO_CREATORS:
                self.report("creator", email, self.ensure_account(email, User.Role.CREATOR, name))
            for email, name in DEMO_BUSINESSES:
                self.report("business", email, self.ensure_account(email, User.Role.BUSINESS, name))
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

    def report(self, kind, email, result):
        _user, created = result
        state = "created" if created else "exists"
        self.stdout.write(f"{kind:9} {email:32} ({state})")
