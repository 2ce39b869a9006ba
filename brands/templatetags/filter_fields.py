"""``{% filter_field form.niche %}``: one field of the matches' and search's
filter forms, as Bootstrap 5 shows it (label, widget, errors, help text).

The search form has 15 fields, four of them selects of up to 250 regions.
Crispy's field template and Django's widget templates cost more than the rest
of the page together, so the field is built here and its widget's HTML is
kept in the process-local ``fragments`` cache under a key holding everything
the widget shows: the language, the form, the field's name and id, its
options (labels included, so a renamed niche is a new key), the value and
whether it is invalid.
"""

import hashlib

from django import forms, template
from django.core.cache import caches
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

register = template.Library()


def _widget(field, css):
    """The field's widget HTML, rendered once per language, options and value."""
    choices = getattr(field.field, "choices", ())
    shown = (
        get_language(),
        type(field.form).__qualname__,
        field.html_name,
        field.auto_id,
        css,
        bool(field.help_text),
        [(value, str(label)) for value, label in choices],
        field.value(),
    )
    key = "filter-widget:" + hashlib.md5(repr(shown).encode(), usedforsecurity=False).hexdigest()
    cache = caches["fragments"]
    html = cache.get(key)
    if html is None:
        html = field.as_widget(attrs={"class": css})  # a SafeString, and kept one
        cache.set(key, html)
    return html


@register.simple_tag
def filter_field(field):
    css = "form-select" if isinstance(field.field.widget, forms.Select) else "form-control"
    if field.errors:
        css += " is-invalid"
    errors = format_html_join(
        "",
        '<p id="error_{}_{}" class="invalid-feedback"><strong>{}</strong></p>',
        ((number, field.auto_id, error) for number, error in enumerate(field.errors, 1)),
    )
    help_text = (
        format_html(
            '<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text
        )
        if field.help_text
        else ""
    )
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label>{}{}{}</div>',
        field.auto_id,
        field.id_for_label,
        field.label,
        _widget(field, css),
        errors,
        help_text,
    )


@register.simple_tag
def filter_form_key(form, *more):
    """The key of a filter form's cached HTML: everything it shows (the
    language, the form, the submitted values, every select's options and the
    errors) and ``more`` (what else the fragment shows, e.g. the campaign)."""
    shown = (
        get_language(),
        type(form).__qualname__,
        sorted(form.data.lists()),
        [
            (name, [(value, str(label)) for value, label in field.choices])
            for name, field in form.fields.items()
            if hasattr(field, "choices")
        ],
        form.errors.get_json_data() if form.is_bound else None,
        more,
    )
    return hashlib.md5(repr(shown).encode(), usedforsecurity=False).hexdigest()
