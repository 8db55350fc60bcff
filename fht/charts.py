"""Small charts drawn on the server as SVG with pygal (by Kozea, who also make WeasyPrint).

The same SVG goes into the pages (as an <img> with a text alternative, beside a table of the same
figures, so the chart is never the only way to read them) and into the PDFs. Charts carry no
script: pygal's inline configuration script is removed, and its tooltips are never loaded.
"""

import base64
import re
from collections.abc import Sequence
from typing import Any

import pygal
from pygal.style import Style

# GOV.UK Frontend colours: blue for the school, dark grey for national, green for the target.
SCHOOL, NATIONAL, TARGET = "#1d70b8", "#505a5f", "#00703c"
_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def _style(*colors: str) -> Style:
    return Style(
        background="white",
        plot_background="white",
        foreground="#0b0c0c",
        foreground_strong="#0b0c0c",
        foreground_subtle="#505a5f",
        font_family=_FONT,
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=13,
        value_font_size=11,
        title_font_size=15,
        opacity="1",
        opacity_hover="1",
        colors=colors,
    )


def _render(chart: Any) -> str:
    svg: str = chart.render(is_unicode=True)
    return _SCRIPT.sub("", svg)


# Shorter names on the chart's axis (the table beside every chart carries the full ones).
_SHORT = (
    ("On track at ARE, reading, writing and maths", "On track: RWM combined"),
    ("On track at ARE, ", "On track: "),
    ("Key Stage 2 reading, writing and maths", "KS2 RWM"),
    ("Key Stage ", "KS"),
    (", expected standard", " expected"),
    (", higher standard", " higher"),
    ("EYFS good level of development", "EYFS good level of dev."),
    ("Year 1 phonics screening check", "Year 1 phonics check"),
)


def short_label(label: str) -> str:
    for long, short in _SHORT:
        label = label.replace(long, short)
    return label


def _base(chart_class: Any, *, title: str, labels: Sequence[str], colors: Sequence[str]) -> Any:
    series = len(colors)
    return chart_class(
        style=_style(*colors),
        js=[],
        title=title,
        x_labels=[short_label(label) for label in labels],
        y_labels=[0, 25, 50, 75, 100],
        width=640,
        height=max(180, 70 + (10 * series + 14) * len(labels)),
        range=(0, 100),
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=series,
        truncate_legend=-1,
        # The figures are in the table beside every chart: values on the bars only crowd them.
        print_values=False,
        value_formatter=lambda v: f"{v:g}%",
        disable_xml_declaration=True,
        show_y_guides=True,
        show_x_guides=False,
        truncate_label=-1,
        spacing=8,
        margin=12,
    )


def percent_figures(figures: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The figures a 0-100 chart can show: percentages with a value."""
    return [f for f in figures if f.get("unit") == "%" and f.get("value") is not None]


def figures_chart(*, title: str, figures: Sequence[dict[str, Any]]) -> str | None:
    """School against national and target, one bar group per measure (percentages only).

    `figures` are the snapshot's figure dicts (label, value, national, target). None when there is
    nothing to draw.
    """
    # pygal draws horizontal bars from the bottom up: reverse, so the first measure is on top.
    shown = percent_figures(figures)[::-1]
    if not shown:
        return None
    chart = _base(
        pygal.HorizontalBar,
        title=title,
        labels=[f["label"] for f in shown],
        colors=(SCHOOL, NATIONAL, TARGET),
    )
    chart.add("School", [f["value"] for f in shown])
    chart.add("National", [f.get("national") for f in shown])
    chart.add("Target", [f.get("target") for f in shown])
    return _render(chart)


def data_uri(svg: str) -> str:
    """For <img src>: the page's CSP allows data: images, and an image runs no script."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
