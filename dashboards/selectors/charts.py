"""The dashboards' charts, drawn on the server as SVG with pygal in fht.charts' style (no script, the
figures in a table beside every chart): the trust's (or cluster's) key measures against national
and target, and the schools by category."""

from collections.abc import Sequence

import pygal

from dashboards.selectors.measures import Figure
from fht.charts import NATIONAL, SCHOOL, TARGET, _base, _render, _style, short_label

# The colours of the category tags (as risk's heat map): A green, B blue, C orange, D red, none grey.
CATEGORY_COLOURS = ("#00703c", "#1d70b8", "#f47738", "#d4351c", "#b1b4b6")


def measures_chart(*, title: str, figures: Sequence[Figure], series: str) -> str | None:
    """`series` (the trust's or the cluster's name) against national and target, one bar group per
    percentage with a value; None when there is nothing to draw."""
    shown = [f for f in figures if f.unit == "%" and f.value is not None][::-1]
    if not shown:
        return None
    chart = _base(
        pygal.HorizontalBar,
        title=title,
        labels=[f.label for f in shown],
        colors=(SCHOOL, NATIONAL, TARGET),
    )
    chart.add(series, [f.value for f in shown])
    chart.add("National", [f.national for f in shown])
    chart.add("Trust target", [f.target for f in shown])
    return _render(chart)


def categories_chart(*, title: str, counts: Sequence[tuple[str, int]]) -> str | None:
    """How many schools are in each category now: one bar per category."""
    if not any(n for _, n in counts):
        return None
    top = max(n for _, n in counts)
    chart = pygal.Bar(
        style=_style(*CATEGORY_COLOURS),
        js=[],
        title=title,
        x_labels=[short_label(label) for label, _ in counts],
        width=640,
        height=300,
        show_legend=False,
        print_values=False,
        disable_xml_declaration=True,
        y_labels=list(range(0, top + 1, max(1, top // 5))),
        range=(0, top),
        truncate_label=-1,
        value_formatter=lambda v: f"{v:g}",
        margin=12,
    )
    chart.add(
        "Schools",
        [{"value": n, "color": c} for (_, n), c in zip(counts, CATEGORY_COLOURS, strict=False)],
    )
    return _render(chart)
