from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.validators import MinValueValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brands.models import Business, BusinessMembership, Campaign, CampaignMatch
from brands.selectors import CREATOR_SORTS, MATCH_SORTS
from core.images import normalise_photo
from core.money import format_money
from core.widgets import DateInput
from creators.models import Language, Niche, Province, Region
from creators.selectors import cached_choices, named_choices


class RequiredFieldsMixin:
    """Makes ``required_fields`` required in the form though the model lets them
    be blank (a draft or a fresh business stub is saved half-filled)."""

    required_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.required_fields:
            self.fields[name].required = True


class BusinessProfileForm(RequiredFieldsMixin, forms.ModelForm):
    required_fields = ["category", "size", "city", "province", "contact_name"]
    website = forms.URLField(
        label=_("Website or marketplace shop link"),
        required=False,
        assume_scheme="https",
        help_text=_("For example your Tokopedia or Shopee shop."),
    )

    class Meta:
        model = Business
        fields = [
            "name",
            "logo",
            "category",
            "size",
            "city",
            "province",
            "nib",
            "website",
            "contact_name",
            "contact_phone",
        ]
        error_messages = {
            "nib": {"unique": _("Another business is already registered with this NIB.")}
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if hasattr(logo, "content_type"):  # a new upload, not the logo already stored
            return normalise_photo(logo)
        return logo


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Teammate's email address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=BusinessMembership.Role.choices,
        initial=BusinessMembership.Role.MEMBER,
    )

    def __init__(self, *args, business, **kwargs):
        super().__init__(*args, **kwargs)
        self.business = business

    def clean_email(self):
        email = self.cleaned_data["email"]
        if self.business.members.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("This person is already a member of your business."))
        return email


class TopUpForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (Rp)"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(settings.BUSINESS_TOP_UP_MINIMUM),
        max_value=Decimal(settings.BUSINESS_TOP_UP_MAXIMUM),
    )
    # One key per rendered form: submitting it twice makes one payment.
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Written per form, in the visitor's language and number format.
        self.fields["amount"].help_text = _(
            "Top-ups are matched 1-to-1 with credit, up to %(cap)s in total."
        ) % {"cap": format_money(settings.BUSINESS_CREDIT_MATCH_CAP)}

    def clean(self):
        # A hidden field's error is not shown next to any input: say it above the form.
        if self.has_error("idempotency_key"):
            raise forms.ValidationError(
                _("This form is out of date. Open the credit page again and resubmit."),
                code="stale_form",
            )
        return super().clean()


class CampaignStepForm(RequiredFieldsMixin, forms.ModelForm):
    """A wizard step: a form over only that step's fields, so saving it leaves
    the other steps as they were. Its ``clean()`` states the campaign's check
    constraints in the user's words; Django then validates the constraints too
    (one query each) before the database enforces them."""


class GoalStepForm(CampaignStepForm):
    required_fields = ["goal", "product_name"]

    class Meta:
        model = Campaign
        fields = ["goal", "product_name", "product_description"]
        widgets = {
            "goal": forms.RadioSelect,
            "product_description": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "goal": {"required": _("Choose what you want the campaign to achieve.")},
            "product_name": {"required": _("Name the product or service to promote.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = Campaign.Goal.choices  # without the empty choice


class BudgetStepForm(CampaignStepForm):
    required_fields = ["budget", "fee_per_creator", "starts_on", "ends_on"]

    class Meta:
        model = Campaign
        fields = ["budget", "fee_per_creator", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput, "ends_on": DateInput}
        help_texts = {
            "budget": _("The whole amount, reserved from your balance and credit at launch."),
            "fee_per_creator": _("Every creator in the campaign is paid this fixed fee."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        minimum_fee = Decimal(settings.CAMPAIGN_MINIMUM_FEE_PER_CREATOR)
        for name in ["budget", "fee_per_creator"]:
            self.fields[name].widget.attrs["min"] = minimum_fee
            self.fields[name].validators.append(
                MinValueValidator(
                    minimum_fee,
                    _("The smallest amount is %(minimum)s.")
                    % {"minimum": format_money(minimum_fee)},
                )
            )

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        if starts_on < timezone.localdate():
            raise forms.ValidationError(_("The campaign cannot start in the past."))
        return starts_on

    def clean(self):
        cleaned = super().clean()
        budget, fee = cleaned.get("budget"), cleaned.get("fee_per_creator")
        if budget and fee and fee > budget:
            self.add_error(
                "fee_per_creator", _("The fee per creator cannot be more than the whole budget.")
            )
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        return cleaned


class AudienceStepForm(CampaignStepForm):
    regions = forms.MultipleChoiceField(
        label=_("Regions"),
        choices=Province.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one region.")},
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"),
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave empty for any language."),
    )
    niches = forms.ModelMultipleChoiceField(
        label=_("Niches"),
        queryset=Niche.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave empty for any niche."),
    )

    class Meta:
        model = Campaign
        fields = ["regions", "languages", "niches", "audience_min", "audience_max"]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("audience_min"), cleaned.get("audience_max")
        if low is not None and high is not None and high < low:
            self.add_error(
                "audience_max", _("The largest audience must be at least the smallest one.")
            )
        return cleaned


class BriefStepForm(CampaignStepForm):
    required_fields = ["brief_show", "deliverables"]

    class Meta:
        model = Campaign
        fields = ["brief_show", "brief_dos", "brief_donts", "deliverables", "sample_links"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}
        help_texts = {
            "deliverables": _("For example: one 30–60 second video and three stories."),
            "sample_links": _("Optional. One link per line, up to five."),
        }
        error_messages = {
            "brief_show": {"required": _("Tell creators what the video should show.")},
            "deliverables": {"required": _("Say what each creator should deliver.")},
        }

    def clean_sample_links(self):
        links = [line.strip() for line in self.cleaned_data["sample_links"].splitlines()]
        links = [link for link in links if link]
        if len(links) > 5:
            raise forms.ValidationError(_("Give at most five sample links."))
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                validate(link)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("“%(link)s” is not a web address.") % {"link": link}
                ) from error
        return "\n".join(links)


WIZARD_STEPS = {
    1: (_("Goal and product"), GoalStepForm),
    2: (_("Budget and dates"), BudgetStepForm),
    3: (_("Who to reach"), AudienceStepForm),
    4: (_("Brief"), BriefStepForm),
    5: (_("Review and launch"), None),
}


class ApproveForm(forms.Form):
    """Approval asks for nothing but a confirming POST."""


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("What should the business change?"), widget=forms.Textarea(attrs={"rows": 4})
    )


class GrantCreditForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Credit (Rp)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    note = forms.CharField(label=_("Reason (kept in the audit trail)"), max_length=300)


# --- Matches and creator search: GET forms that filter a list ------------------------


def _choices(model, empty_label):
    return [("", empty_label), *cached_choices(model)]


def _id_field(label):
    return forms.TypedChoiceField(label=label, coerce=int, empty_value=None, required=False)


def _check_range(form, cleaned, smallest, largest, message):
    low, high = cleaned.get(smallest), cleaned.get(largest)
    if low is not None and high is not None and low > high:
        form.add_error(largest, message)


class MatchFilterForm(forms.Form):
    """Filters and the order of a campaign's stored matches."""

    SORTS = {
        "rank": _("Best mix of audience sizes"),
        "score": _("Highest score"),
        "followers": _("Most followers"),
    }

    tier = forms.ChoiceField(
        label=_("Audience tier"),
        choices=[("", _("Any tier")), *CampaignMatch.Tier.choices],
        required=False,
    )
    min_score = forms.IntegerField(
        label=_("Lowest score"), min_value=0, max_value=100, required=False
    )
    niche = _id_field(_("Niche"))
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["niche"].choices = _choices(Niche, _("Any niche"))
        self.fields["sort"].choices = [(key, self.SORTS[key]) for key in MATCH_SORTS]

    def filters(self):
        """The valid filters as keyword arguments of ``selectors.stored_matches``."""
        return {**self.cleaned_data, "sort": self.cleaned_data["sort"] or "rank"}


# TikTok's audience age brackets and genders; creators type these labels on
# their profile (matched whatever the case).
AUDIENCE_AGE_BRACKETS = ["13-17", "18-24", "25-34", "35-44", "45-54", "55+"]
AUDIENCE_GENDERS = [("female", _("Female")), ("male", _("Male"))]
# The largest numbers the database columns hold (followers are a 32-bit integer).
MAX_FOLLOWERS = 2_147_483_647
MAX_RUPIAH_OR_VIEWS = 10**15


class CreatorSearchForm(forms.Form):
    """A business's search of all creators who accept offers. Every field is
    optional; a range whose start is above its end is an error, not an empty list."""

    SORTS = {
        "followers": _("Most followers"),
        "followers_asc": _("Fewest followers"),
        "views": _("Most views in the last 30 days"),
        "engagement": _("Highest engagement rate"),
        "newest": _("Newest on the portal"),
    }

    niche = _id_field(_("Niche"))
    language = _id_field(_("Language"))
    country = _id_field(_("Lives in"))
    province = forms.ChoiceField(
        label=_("Province"),
        choices=[("", _("Any province")), *Province.choices],
        required=False,
        help_text=_("For creators in Indonesia."),
    )
    city = forms.CharField(label=_("City"), max_length=80, required=False)
    audience_country = forms.ChoiceField(label=_("Audience in"), required=False)
    audience_age = forms.ChoiceField(
        label=_("Audience age"),
        choices=[("", _("Any age")), *((bracket, bracket) for bracket in AUDIENCE_AGE_BRACKETS)],
        required=False,
    )
    audience_gender = forms.ChoiceField(
        label=_("Audience gender"), choices=[("", _("Any")), *AUDIENCE_GENDERS], required=False
    )
    audience_min_share = forms.DecimalField(
        label=_("At least this share of the audience (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("Applies to the audience country, age and gender you chose."),
    )
    followers_min = forms.IntegerField(
        label=_("Followers from"), min_value=0, max_value=MAX_FOLLOWERS, required=False
    )
    followers_max = forms.IntegerField(
        label=_("Followers up to"), min_value=0, max_value=MAX_FOLLOWERS, required=False
    )
    views_min = forms.IntegerField(
        label=_("Views in the last 30 days, at least"),
        min_value=0,
        max_value=MAX_RUPIAH_OR_VIEWS,
        required=False,
    )
    engagement_min = forms.DecimalField(
        label=_("Engagement rate at least (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        required=False,
    )
    fee_min = forms.IntegerField(
        label=_("Fee from (Rp)"), min_value=0, max_value=MAX_RUPIAH_OR_VIEWS, required=False
    )
    fee_max = forms.IntegerField(
        label=_("Fee up to (Rp)"), min_value=0, max_value=MAX_RUPIAH_OR_VIEWS, required=False
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        named = named_choices(Region, Niche, Language)
        regions = named[Region]
        self.fields["niche"].choices = [
            ("", _("Any niche")),
            *((pk, label) for pk, _n, label in named[Niche]),
        ]
        self.fields["language"].choices = [
            ("", _("Any language")),
            *((pk, label) for pk, _n, label in named[Language]),
        ]
        self.fields["country"].choices = [
            ("", _("Any country")),
            *((pk, label) for pk, _n, label in regions),
        ]
        self.fields["audience_country"].choices = [
            ("", _("Any country")),
            *((name, label) for _pk, name, label in regions),
        ]
        self.fields["sort"].choices = [(key, self.SORTS[key]) for key in CREATOR_SORTS]

    def clean(self):
        cleaned = super().clean()
        _check_range(
            self,
            cleaned,
            "followers_min",
            "followers_max",
            _("“Followers up to” must not be below “Followers from”."),
        )
        _check_range(
            self, cleaned, "fee_min", "fee_max", _("“Fee up to” must not be below “Fee from”.")
        )
        audience = ("audience_country", "audience_age", "audience_gender")
        if cleaned.get("audience_min_share") is not None and not any(
            cleaned.get(name) for name in audience
        ):
            self.add_error(
                "audience_min_share",
                _("Choose an audience country, age or gender for the share to apply to."),
            )
        return cleaned

    def filters(self):
        """The valid filters as keyword arguments of ``selectors.search_creators``."""
        return {**self.cleaned_data, "sort": self.cleaned_data["sort"] or "followers"}
