from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import user_cache


class UserQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # A bulk update sends no signal: drop the rows it changes from the
        # cache of signed-in people (core.auth).
        if user_cache.seconds():
            for pk in self.values_list("pk", flat=True):
                user_cache.forget_user(pk)
        return super().update(**kwargs)

    update.alters_data = True


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    """Users log in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in. ``role`` says which side of the portal they are on."""

    class Role(models.TextChoices):
        CREATOR = "creator", _("Creator")
        BUSINESS = "business", _("Business")
        FAN = "fan", _("Fan")

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Emails to this person are written in this language."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_creator(self):
        return self.role == self.Role.CREATOR

    @property
    def is_business(self):
        return self.role == self.Role.BUSINESS

    @property
    def is_fan(self):
        """Watches and supports creators; may later become a creator or open a business."""
        return self.role == self.Role.FAN


class EmailOptOut(models.Model):
    """A category of optional emails (``core.email_kinds``) that ``user`` turned
    off. No row means the category is on: everyone starts with every email."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    category = models.CharField(_("category"), max_length=32)
    created_at = models.DateTimeField(_("turned off at"), auto_now_add=True)

    class Meta:
        verbose_name = _("email opt-out")
        verbose_name_plural = _("email opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="one_opt_out_per_category"),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.category}"
