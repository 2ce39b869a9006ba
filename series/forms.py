from django import forms
from django.utils.translation import gettext_lazy as _

from series.models import Discount, Episode, Review, Series


class SeriesForm(forms.ModelForm):
    """Title, description, cover and price. Once the Series has been published,
    the price and currency are shown but cannot be changed."""

    class Meta:
        model = Series
        fields = ["title", "description", "cover", "price", "currency"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            # A Series always has a cover: it can be replaced, not cleared.
            "cover": forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }
        help_texts = {
            "cover": _("JPEG, PNG or WebP. Shown on the Series page and in buyers' libraries."),
            "price": _("Buyers pay once for every episode. The price is locked once published."),
        }

    def new_cover(self):
        """The uploaded cover, or None when the creator kept the current one."""
        return self.cleaned_data["cover"] if "cover" in self.changed_data else None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price"].widget.attrs.update({"inputmode": "decimal", "step": "0.01"})
        if self.instance.pk:
            self.fields["cover"].required = False
        if self.instance.price_is_locked:
            for name in ("price", "currency"):
                self.fields[name].disabled = True
            self.fields["price"].help_text = _(
                "The price is locked: this Series has been published, so buyers keep "
                "the price they saw."
            )


class EpisodeUploadForm(forms.Form):
    title = forms.CharField(label=_("Episode title"), max_length=120)
    video = forms.FileField(
        label=_("Video file"),
        help_text=_("An MP4 video from 30 seconds to 20 minutes long."),
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4"}),
    )
    is_free_preview = forms.BooleanField(
        label=_("Free preview"),
        required=False,
        help_text=_("Anyone can watch a free preview, without buying the Series."),
    )


class EpisodeForm(forms.ModelForm):
    class Meta:
        model = Episode
        fields = ["title", "is_free_preview"]
        labels = {"title": _("Episode title")}


class EpisodeOrderForm(forms.Form):
    """One number per episode, shown in the order given (the approved order, or
    a proposed one waiting for review). Episodes are renumbered 1, 2, 3… in the
    order of the numbers given (ties keep the order shown), so any numbers work."""

    def __init__(self, *args, episodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.episodes = list(episodes)
        for number, episode in enumerate(self.episodes, start=1):
            self.fields[f"position-{episode.pk}"] = forms.IntegerField(
                label=_("Number of “%(title)s”") % {"title": episode.title},
                min_value=1,
                initial=number,
                widget=forms.NumberInput(attrs={"class": "form-control episode-position"}),
            )

    def rows(self):
        """``(episode, its number field)`` in the current order, for the table."""
        return [(episode, self[f"position-{episode.pk}"]) for episode in self.episodes]

    def ordered_ids(self):
        shown_at = {episode.pk: index for index, episode in enumerate(self.episodes)}
        return [
            episode.pk
            for episode in sorted(
                self.episodes,
                key=lambda episode: (
                    self.cleaned_data[f"position-{episode.pk}"],
                    shown_at[episode.pk],
                ),
            )
        ]


class BuyForm(forms.Form):
    """Carries a key made when the page was shown: submitting the same form
    twice asks for one payment, not two."""

    attempt = forms.UUIDField(widget=forms.HiddenInput)


class DiscountForm(forms.Form):
    """A limited-time discount: a percentage off or a new price, with a start
    and an end read in Jakarta time (the view activates that zone)."""

    kind = forms.ChoiceField(
        label=_("Discount"), choices=Discount.Kind.choices, widget=forms.RadioSelect
    )
    percent = forms.IntegerField(
        label=_("Percentage off"), min_value=1, max_value=99, required=False
    )
    price = forms.DecimalField(
        label=_("New price"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    starts_at = forms.DateTimeField(
        label=_("Starts (Jakarta time, WIB)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends (Jakarta time, WIB)"),
        help_text=_("The offer stops at this minute; buyers then pay the full price."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price"].widget.attrs.update({"inputmode": "decimal", "step": "0.01"})

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Discount.Kind.PERCENT and cleaned.get("percent") is None:
            self.add_error("percent", _("Give the percentage off."))
        if kind == Discount.Kind.PRICE and cleaned.get("price") is None:
            self.add_error("price", _("Give the new price."))
        return cleaned

    def discount_values(self):
        """The keyword arguments of ``series.services.discounts.create_discount``."""
        percent_off = self.cleaned_data["kind"] == Discount.Kind.PERCENT
        return {
            "percent": self.cleaned_data["percent"] if percent_off else None,
            "price": None if percent_off else self.cleaned_data["price"],
            "starts_at": self.cleaned_data["starts_at"],
            "ends_at": self.cleaned_data["ends_at"],
        }


class ReviewForm(forms.ModelForm):
    """A buyer's stars and words; the same form writes and edits their one review."""

    stars = forms.TypedChoiceField(
        label=_("Your rating"),
        coerce=int,
        choices=[
            (5, _("5 stars: excellent")),
            (4, _("4 stars: good")),
            (3, _("3 stars: all right")),
            (2, _("2 stars: poor")),
            (1, _("1 star: bad")),
        ],
    )

    class Meta:
        model = Review
        fields = ["stars", "text"]
        labels = {"text": _("Your review")}
        help_texts = {"text": _("Optional. What should other buyers know?")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("You can answer each review once."),
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, prefix=f"answer-{review.pk}", **kwargs)
        self.review = review
        name = review.buyer.full_name or _("a buyer")
        self.fields["answer"].label = _("Your answer to %(name)s") % {"name": name}


class NewEpisodeEmailsForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("Email me when this Series gets a new episode"), required=False
    )
