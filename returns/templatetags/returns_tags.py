"""Figures as people read them: '95.2%', '3', '-1.2', and a clear word when there is none."""

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def _number(value: float | Decimal | int) -> str:
    text = f"{Decimal(str(value)).normalize():f}"
    return text.replace("-", "\u2212")  # a true minus sign reads better than a hyphen


@register.filter
def figure(value: float | Decimal | int | None, unit: str = "%") -> str:
    """A figure with its unit; an empty string when there is none (the template says why)."""
    if value is None:
        return ""
    return _number(value) + ("%" if unit == "%" else "")


@register.simple_tag
def figure_or(
    value: float | Decimal | int | None, unit: str = "%", blank: str = "None"
) -> SafeString:
    """A figure, or a dash that a screen reader reads as `blank` ('not assessed', 'no target')."""
    if value is None:
        return format_html(
            '<span aria-hidden="true">&ndash;</span><span class="govuk-visually-hidden">{}</span>',
            blank,
        )
    return format_html("{}", figure(value, unit))
