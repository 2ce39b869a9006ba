from django import forms


class DateInput(forms.DateInput):
    """A date picker: the browser's own (``type="date"``), which sends ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 (Django's name)
        super().__init__(attrs=attrs, format=format)
