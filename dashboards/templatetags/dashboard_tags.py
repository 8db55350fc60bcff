"""How the dashboards write a figure: with its unit, and in words when there is none."""

from django import template

from dashboards.selectors.measures import Figure

register = template.Library()


@register.filter
def figure(value: float | None, unit: str = "%") -> str:
    """72.5 -> '72.5%'; a gap -> '12.3 points'; None -> 'No figure'."""
    if value is None:
        return "No figure"
    text = f"{value:.1f}".replace("-", "\N{MINUS SIGN}")
    return f"{text}%" if unit == "%" else f"{text} points"


@register.filter
def difference(value: float | None) -> str:
    """A difference in percentage points with its sign ("+1.2"), "Level", or "Not known"."""
    if value is None:
        return "Not known"
    if value == 0:
        return "Level"
    sign = "+" if value > 0 else "\N{MINUS SIGN}"
    return f"{sign}{abs(value):.1f}"


@register.filter
def get(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key)


@register.filter
def comparison(item: Figure) -> str:
    """The figure against national, in words for a table cell."""
    if item.above_national is None:
        return "" if item.against_national is None else "Level with national"
    return "Better than national" if item.above_national else "Below national"
