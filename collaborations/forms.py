from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from collaborations.models import Collaboration, Message, Rating


class FeeField(forms.DecimalField):
    """Whole rupiah, at least Rp 1."""

    def __init__(self, **kwargs):
        super().__init__(
            max_digits=14, decimal_places=0, min_value=Decimal(1), localize=False, **kwargs
        )


class OfferForm(forms.Form):
    """The business's invitation, or the creator's application: a fee and a message."""

    fee = FeeField(label=_("Offered fee (Rp)"))
    message = forms.CharField(
        label=_("Message"),
        max_length=Collaboration._meta.get_field("message").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ApplicationForm(OfferForm):
    fee = FeeField(label=_("Your fee (Rp)"))


class RevisionForm(forms.Form):
    revision_note = forms.CharField(
        label=_("What should the creator change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(forms.ModelForm):
    class Meta:
        model = Message
        fields = ["body"]
        labels = {"body": _("Your message")}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


class RatingForm(forms.ModelForm):
    stars = forms.TypedChoiceField(
        label=_("Stars"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Rating
        fields = ["stars", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}


class DraftForm(forms.Form):
    video = forms.FileField(
        label=_("Draft video"),
        help_text=_("An MP4, MOV or WebM video, as you mean to post it."),
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/quicktime,video/webm"}),
    )
    caption = forms.CharField(
        label=_("Caption"),
        help_text=_("The text you will post with the video, hashtags included."),
        max_length=2200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DraftChangesForm(forms.Form):
    draft_note = forms.CharField(
        label=_("What should the creator change in the draft?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PostedVideoForm(forms.Form):
    """The posted video: one of the creator's recent TikTok videos, or its link."""

    # Radio buttons drawn by the template from the list TikTok gave; the service
    # asks TikTok again whether the id is the creator's.
    video_id = forms.RegexField(
        label=_("Your recent TikTok videos"), regex=r"^\d{1,30}$", required=False
    )
    link = forms.URLField(
        label=_("Or paste the link to the video"),
        help_text=_("Like https://www.tiktok.com/@yourname/video/1234567890"),
        assume_scheme="https",
        max_length=200,
        required=False,
    )
    content_note = forms.CharField(
        label=_("Note for the business"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("video_id") and not cleaned.get("link") and not self.errors:
            raise forms.ValidationError(
                _("Pick the posted video from your list, or paste its link.")
            )
        return cleaned
