from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.images import normalise_photo
from core.widgets import DateInput
from creators.models.applications import ProgrammeApplication
from creators.models.places import Region
from creators.models.profiles import AudienceSegment, CreatorProfile, RatePackage


def _not_in_the_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future")
    return value


class HttpsURLField(forms.URLField):
    """A URL field that adds ``https://`` to addresses typed without a scheme."""

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


class ProfileForm(forms.ModelForm):
    """What a creator says about themselves. Figures have their own form."""

    class Meta:
        model = CreatorProfile
        fields = [
            "display_name",
            "photo",
            "bio",
            "date_of_birth",
            "country",
            "province",
            "city",
            "languages",
            "niches",
            "account_type",
            "posts_original_content",
            "platform_account_created_on",
            "engagement_rate",
            "contact_preference",
            "premium_content_url",
        ]
        field_classes = {"premium_content_url": HttpsURLField}
        widgets = {
            "date_of_birth": DateInput(),
            "platform_account_created_on": DateInput(),
            "languages": forms.CheckboxSelectMultiple,
            "niches": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, figures_locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        if figures_locked:
            # Read from TikTok with the other figures: shown, not typed over.
            engagement = self.fields["engagement_rate"]
            engagement.disabled = True
            engagement.help_text = _("Verified from TikTok: it updates itself every day.")
        # static/js/creator-profile.js shows the province only while this
        # country is chosen; without JavaScript the field stays, with its help.
        indonesia = Region.objects.filter(code=Region.INDONESIA).values_list("pk", flat=True)
        self.fields["country"].widget.attrs["data-province-country"] = next(iter(indonesia), "")

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if hasattr(photo, "content_type"):  # a new upload, not the photo already stored
            return normalise_photo(photo)
        return photo

    def changes(self):
        """The valid form as plain values for ``services.update_profile``:
        ``details`` (the photo only when a new one was uploaded or it was
        cleared) and the chosen ``languages`` and ``niches``."""
        data = self.cleaned_data
        details = {
            name: data[name]
            for name in self._meta.fields
            if name not in {"photo", "languages", "niches"}
        }
        if "photo" in self.changed_data:
            details["photo"] = data["photo"] or ""
        return {"details": details, "languages": data["languages"], "niches": data["niches"]}

    def clean_date_of_birth(self):
        return _not_in_the_future(self.cleaned_data.get("date_of_birth"))

    def clean_platform_account_created_on(self):
        return _not_in_the_future(self.cleaned_data.get("platform_account_created_on"))


class ApplicationForm(forms.Form):
    """Applying to a programme. The link is asked for only when the creator
    applies under the premium content exception (below the minimum followers)."""

    premium_content_url = HttpsURLField(
        label=_("Link to premium content you already sell elsewhere"),
        max_length=ProgrammeApplication._meta.get_field("premium_content_url").max_length,
        required=False,
    )


class FiguresForm(forms.Form):
    """Today's figures, as the creator reads them in their platform's analytics."""

    # The upper bounds are the database columns' (PositiveIntegerField and
    # PositiveBigIntegerField): a larger number is a form error, not a crash.
    follower_count = forms.IntegerField(label=_("Followers"), min_value=0, max_value=2**31 - 1)
    public_video_count = forms.IntegerField(
        label=_("Public videos posted in the last 30 days"), min_value=0, max_value=2**31 - 1
    )
    views_last_30_days = forms.IntegerField(
        label=_("Video views in the last 30 days"), min_value=0, max_value=2**63 - 1
    )


class FigureRowForm(FiguresForm):
    """One row of a staff CSV import of figures."""

    handle = forms.ModelChoiceField(
        queryset=CreatorProfile.objects.only("pk", "handle"),
        to_field_name="handle",
        label=_("Handle"),
        error_messages={"invalid_choice": _("No creator has this handle.")},
    )
    recorded_on = forms.DateField(label=_("Recorded on"), input_formats=["%Y-%m-%d"])

    def clean_recorded_on(self):
        return _not_in_the_future(self.cleaned_data.get("recorded_on"))


class FigureImportForm(forms.Form):
    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: handle, recorded_on (YYYY-MM-DD), follower_count, "
            "public_video_count, views_last_30_days."
        ),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > self.MAX_BYTES:
            raise ValidationError(
                _("The file is too large: import at most 5 MB at a time."), code="too_large"
            )
        return file


def formset_rows(formset):
    """What a valid inline formset changes, as plain dicts for the services, in
    the formset's order: each changed or new row's fields with its ``id`` (None
    for a new row), and ``{"id": …, "delete": True}`` for a row marked for
    deletion. Unchanged rows and extra forms left empty are not listed."""
    rows = []
    for form in formset.forms:
        pk = form.instance.pk
        if form.cleaned_data.get("DELETE"):
            if pk is not None:
                rows.append({"id": pk, "delete": True})
        elif form.has_changed():
            rows.append({"id": pk, **{name: form.cleaned_data[name] for name in form._meta.fields}})
    return rows


RatePackageFormSet = inlineformset_factory(
    CreatorProfile,
    RatePackage,
    fields=["name", "description", "price_idr"],
    extra=1,
    max_num=10,
    validate_max=True,
    can_delete=True,
)

AudienceSegmentFormSet = inlineformset_factory(
    CreatorProfile,
    AudienceSegment,
    fields=["kind", "label", "share_percent"],
    extra=2,
    max_num=20,
    validate_max=True,
    can_delete=True,
)


class ApplicationDecisionForm(forms.Form):
    """Staff's decision on one or more applications."""

    DECISIONS = [
        (ProgrammeApplication.Status.IN_REVIEW, _("Mark as in review")),
        (ProgrammeApplication.Status.APPROVED, _("Approve")),
        (ProgrammeApplication.Status.REJECTED, _("Reject")),
    ]

    status = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    reason = forms.CharField(
        label=_("Reason (the creator sees it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == ProgrammeApplication.Status.REJECTED
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", _("Give the creator a reason for the rejection."))
        return cleaned
