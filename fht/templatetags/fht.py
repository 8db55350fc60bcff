"""Template helpers for the design system: GOV.UK classes on form widgets, tags that carry words."""

from collections.abc import Iterable
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

_WIDGET_CLASSES: list[tuple[type[forms.Widget], str, str]] = [
    (forms.CheckboxInput, "govuk-checkboxes__input", ""),
    (forms.Select, "govuk-select", "govuk-select--error"),
    (forms.Textarea, "govuk-textarea", "govuk-textarea--error"),
    (forms.FileInput, "govuk-file-upload", "govuk-file-upload--error"),
    (Input, "govuk-input", "govuk-input--error"),
]


@register.filter
def govuk_widget(field: BoundField) -> SafeString:
    """Render a field's widget with the GOV.UK Frontend class for its kind (and its error class)."""
    widget = field.field.widget
    for kind, css, error_css in _WIDGET_CLASSES:
        if isinstance(widget, kind):
            classes = [css, widget.attrs.get("class", "")]
            if field.errors and error_css:
                classes.append(error_css)
            return field.as_widget(attrs={"class": " ".join(c for c in classes if c)})
    return field.as_widget()


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def as_choices(options: Iterable[Any]) -> list[tuple[Any, Any]]:
    """A list's options as (value, label) pairs: model objects by id and name, pairs as they are."""
    return [(o[0], o[1]) if isinstance(o, tuple | list) else (o.pk, str(o)) for o in options]


_RAG = {
    "red": ("Red", "govuk-tag--red"),
    "amber": ("Amber", "govuk-tag--orange"),
    "green": ("Green", "govuk-tag--green"),
}


@register.simple_tag
def rag_tag(value: str | None) -> SafeString:
    """A RAG judgement as a tag: the word is always there, so colour is never the only signal."""
    label, css = _RAG.get((value or "").lower(), ("Not judged", "govuk-tag--grey"))
    return format_html('<strong class="govuk-tag app-rag {}">{}</strong>', css, label)


_CATEGORIES = {
    "A": ("A", "Sustain", "govuk-tag--green"),
    "B": ("B", "Improve", "govuk-tag--blue"),
    "C": ("C", "Repair", "govuk-tag--orange"),
    "D": ("D", "Stabilise", "govuk-tag--red"),
}


@register.simple_tag
def category_badge(value: str | None) -> SafeString:
    """A school's category, A to D, as letter and word."""
    if not value or value.upper() not in _CATEGORIES:
        return format_html(
            '<strong class="govuk-tag govuk-tag--grey app-category">{}</strong>', "Not categorised"
        )
    letter, word, css = _CATEGORIES[value.upper()]
    return format_html(
        '<strong class="govuk-tag app-category {}">{} {}</strong>', css, letter, word
    )
