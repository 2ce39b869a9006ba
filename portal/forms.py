from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.socialaccount.forms import SignupForm as AllauthSocialSignupForm
from django import forms
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.models import User
from portal.services import set_up_account


class RoleForm(forms.Form):
    """The two questions every new account answers: which side, and what name."""

    role = forms.ChoiceField(
        label=_("I am joining as"),
        choices=[
            (User.Role.CREATOR, _("A creator: I make videos and want brand deals and Series")),
            (User.Role.BUSINESS, _("A business: I want creators to promote my brand")),
            (User.Role.FAN, _("A fan: I want to watch and support creators")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether you are a creator, a business or a fan."),
        },
    )
    name = forms.CharField(
        label=_("Display name or business name"),
        max_length=80,
        help_text=_(
            "Creators: the name your audience knows. Businesses: your shop or brand name. "
            "Fans: your name."
        ),
    )

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        help_text=_(
            "Shown to your team next to what you do. Creators may leave it empty to use "
            "their display name."
        ),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter a name."))
        return name

    def clean_full_name(self):
        return " ".join(self.cleaned_data.get("full_name", "").split())

    def clean(self):
        return require_a_person_name(self, super().clean())

    def set_up(self, user):
        return set_up_account(
            user=user,
            role=self.cleaned_data["role"],
            name=self.cleaned_data["name"],
            full_name=self.cleaned_data["full_name"],
        )


PERSON_NAME_NEEDED = _("Enter your name: your team sees it next to what you do.")


def require_a_person_name(form, cleaned_data):
    """A business's name is not a person's: a business user also gives their own,
    which their team sees next to what they did."""
    if cleaned_data.get("role") == User.Role.BUSINESS and not cleaned_data.get("full_name"):
        form.add_error("full_name", PERSON_NAME_NEEDED)
    return cleaned_data


class RoleFieldsMixin:
    """Adds the role questions to an allauth signup form and sets the account up
    in the same transaction as the new user."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        role_form = RoleForm()
        fields = dict(role_form.fields)
        fields.update(self.fields)
        self.fields = fields

    clean_name = RoleForm.clean_name
    clean_full_name = RoleForm.clean_full_name

    def clean(self):
        return require_a_person_name(self, super().clean())

    def save(self, request):
        with transaction.atomic():
            user = super().save(request)
            # Emails to the new account follow the language they signed up in.
            user.language = translation.get_language()
            user.save(update_fields=["language"])
            RoleForm.set_up(self, user)
        return user


class SignupForm(RoleFieldsMixin, AllauthSignupForm):
    pass


class SocialSignupForm(RoleFieldsMixin, AllauthSocialSignupForm):
    pass


class DeleteAccountForm(forms.Form):
    """Closing an account asks for the password again, so an unattended session
    cannot do it."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class LeaveFanRoleForm(forms.Form):
    """What a fan confirms to become a creator or open a business: the new
    side's name and that they understand the change (their purchases stay)."""

    confirm = forms.BooleanField(error_messages={"required": _("Tick the box to confirm.")})
    confirm_label = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = self.confirm_label
        self.order_fields([name for name in self.fields if name != "confirm"] + ["confirm"])

    clean_name = RoleForm.clean_name


class BecomeCreatorForm(LeaveFanRoleForm):
    """A fan who starts making Series: the name their audience will know."""

    name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("The name your audience knows. You can change it on your creator profile."),
    )
    confirm_label = _(
        "I understand my account becomes a creator account. My purchases, library and follows stay."
    )


class OpenBusinessForm(LeaveFanRoleForm):
    """A fan who opens a business: its name and their own."""

    name = forms.CharField(
        label=_("Business name"), max_length=80, help_text=_("Your shop or brand name.")
    )
    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("Shown to your team next to what you do."),
    )
    confirm_label = _(
        "I understand my account becomes a business account. My purchases, library and "
        "follows stay."
    )

    def clean_full_name(self):
        full_name = " ".join(self.cleaned_data["full_name"].split())
        if not full_name:
            raise forms.ValidationError(PERSON_NAME_NEEDED)
        return full_name
