import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from core.models import User
from core.staff import create_staff


class Command(BaseCommand):
    help = (
        "Create a staff account that can log in to the admin at once (its email is "
        "recorded as verified), or make an existing account staff. The password is "
        "asked twice, or read from the environment variable named by --password-env."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="the person's name, shown in histories")
        parser.add_argument(
            "--superuser", action="store_true", help="every permission, not only staff access"
        )
        parser.add_argument(
            "--password-env",
            metavar="VARIABLE",
            help="read the password from this environment variable (for scripts)",
        )

    def handle(self, *args, email, name, superuser, password_env, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"{email!r} is not an email address.") from error
        password = self._password(password_env)
        try:
            validate_password(password, User(email=email))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user, created = create_staff(email=email, password=password, name=name, superuser=superuser)
        kind = "superuser" if user.is_superuser else "staff"
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {kind} {user.email}; they can log in to /admin/ now.")

    def _password(self, variable):
        if variable:
            password = os.environ.get(variable, "")
            if not password:
                raise CommandError(f"The environment variable {variable} is empty or not set.")
            return password
        if not self.stdin_is_interactive():
            raise CommandError("No terminal to ask the password on: use --password-env.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first

    def stdin_is_interactive(self):
        return os.isatty(0)
