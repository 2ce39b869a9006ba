"""Staff accounts that can open the admin at once.

``createsuperuser`` makes a user whose email address allauth has never seen, so
with mandatory verification the first login stops at "verify your email". Staff
made here have their address recorded as verified and primary."""

from allauth.account.models import EmailAddress
from django.db import transaction

from core.models import User


@transaction.atomic
def create_staff(*, email, password, name="", superuser=False):
    """Create the staff account ``email`` (or make an existing account staff) with
    ``password``, its email verified. Returns ``(user, created)``."""
    email = User.objects.normalize_email(email).strip()
    user, created = User.objects.get_or_create(email=email)
    user.is_staff = True
    user.is_superuser = user.is_superuser or superuser
    if name.strip():
        user.full_name = name.strip()
    user.set_password(password)
    user.save()
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).update(primary=False)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, created
