"""The catalogue's search form: what a visitor may filter and sort Series by."""

from django import forms
from django.utils.translation import gettext_lazy as _

from creators.models import Language, Niche
from creators.selectors import cached_choices
from series.selectors_catalogue import CATALOGUE_SORTS

# The largest price anyone types (a Series costs at most a few million rupiah);
# above it the number is a typo, refused with a message rather than searched.
MAX_PRICE_RUPIAH = 10**12
# More words than this in a search are cut off: each one is a LIKE over four columns.
MAX_SEARCH_WORDS = 8

BOOTSTRAP_CLASSES = {"select": "form-select", "checkbox": "form-check-input"}


def _slug_choices(model, empty_label):
    """``(slug, name)`` for each row, the name as the row prints itself (in the
    visitor's language where names are translated), from the cache of names."""
    return [("", empty_label), *cached_choices(model, "slug")]


class CatalogueForm(forms.Form):
    """The catalogue's filters and order, read from the page's address (GET), so
    a filtered list can be shared and its page links keep the filters. Every
    field is optional; bad values are errors with a message, never a crash."""

    SORTS = {
        "newest": _("Newest"),
        "popular": _("Best-selling"),
        "rating": _("Highest rated"),
        "price": _("Price: low to high"),
        "price_desc": _("Price: high to low"),
    }

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        help_text=_("Words in the title, the description or the creator's name."),
    )
    niche = forms.ChoiceField(label=_("Niche"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    price_min = forms.IntegerField(
        label=_("Price from (Rp)"), min_value=0, max_value=MAX_PRICE_RUPIAH, required=False
    )
    price_max = forms.IntegerField(
        label=_("Price up to (Rp)"), min_value=0, max_value=MAX_PRICE_RUPIAH, required=False
    )
    rating_min = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[
            ("", _("Any rating")),
            ("4", _("4 stars and up")),
            ("3", _("3 stars and up")),
            ("2", _("2 stars and up")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )
    on_discount = forms.BooleanField(label=_("On discount now"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["niche"].choices = _slug_choices(Niche, _("Any niche"))
        self.fields["language"].choices = _slug_choices(Language, _("Any language"))
        self.fields["sort"].choices = [(key, self.SORTS[key]) for key in CATALOGUE_SORTS]
        for name in ("price_min", "price_max"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        # Bootstrap's classes, set once here so the page renders the plain
        # widgets (series/includes/form_field.html) instead of crispy's templates.
        for field in self.fields.values():
            field.widget.attrs["class"] = BOOTSTRAP_CLASSES.get(
                field.widget.input_type, "form-control"
            )
        self.fields["niche"].error_messages["invalid_choice"] = _(
            "There is no niche “%(value)s”. Choose one from the list."
        )
        self.fields["language"].error_messages["invalid_choice"] = _(
            "There is no language “%(value)s”. Choose one from the list."
        )

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    @property
    def choices_key(self):
        """The niches and languages offered, as text: part of the cache key of
        the rendered form, so a renamed or added niche shows at once."""
        return "|".join(
            f"{slug}={label}"
            for name in ("niche", "language")
            for slug, label in self.fields[name].choices
        )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split()[:MAX_SEARCH_WORDS])

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("price_min"), cleaned.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("“Price up to” must not be below “Price from”."))
        return cleaned

    def filters(self):
        """The valid filters as keyword arguments of ``selectors_catalogue.catalogue``."""
        return {**self.cleaned_data, "sort": self.cleaned_data["sort"] or "newest"}

    @property
    def is_filtered(self):
        """Whether any filter (not just the order) narrows the list."""
        return self.is_bound and any(
            self.data.get(name) for name in self.fields if name not in ("sort", "page")
        )
