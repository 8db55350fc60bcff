"""The category heat map, drawn on the server as SVG: a row per school, a column per half-term,
each cell in the category's colour with its letter in it (so colour is never the only signal),
and the same figures in the table beside it on the page. pygal has no heat-map chart, so the few
shapes are written here; like fht.charts, the SVG carries no script."""

from xml.sax.saxutils import escape, quoteattr

from risk.selectors.growth_reads import NOT_JOINED, HeatMap
from schools.categories import Category

# The colours of the category tags (fht's category_badge): A green, B blue, C orange, D red.
COLOURS = {"A": "#00703c", "B": "#1d70b8", "C": "#f47738", "D": "#d4351c"}
TEXT = {"A": "#ffffff", "B": "#ffffff", "C": "#0b0c0c", "D": "#ffffff"}
NONE_COLOUR, NONE_TEXT = "#f3f2f1", "#505a5f"
_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
NAME_WIDTH, CELL_W, CELL_H, HEAD_H, LEGEND_H = 260, 124, 26, 34, 36
LEGEND = [
    ("A", "Sustain"),
    ("B", "Improve"),
    ("C", "Repair"),
    ("D", "Stabilise"),
    (None, "Not categorised"),
    (NOT_JOINED, "Not yet in the trust"),
]


def _cell(x: int, y: int, category: str | None) -> str:
    if category == NOT_JOINED:
        return (
            f'<rect x="{x}" y="{y}" width="{CELL_W - 4}" height="{CELL_H - 4}" fill="#ffffff" '
            'stroke="#b1b4b6" stroke-dasharray="4 3"/>'
        )
    fill = COLOURS.get(category or "", NONE_COLOUR)
    ink = TEXT.get(category or "", NONE_TEXT)
    letter = category or "\N{EN DASH}"
    return (
        f'<rect x="{x}" y="{y}" width="{CELL_W - 4}" height="{CELL_H - 4}" fill="{fill}"/>'
        f'<text x="{x + (CELL_W - 4) // 2}" y="{y + CELL_H - 10}" fill="{ink}" '
        f'text-anchor="middle" font-weight="bold">{escape(letter)}</text>'
    )


def _legend(y: int) -> list[str]:
    parts = []
    x = 0
    for category, word in LEGEND:
        if category == NOT_JOINED:
            swatch = 'fill="#ffffff" stroke="#b1b4b6" stroke-dasharray="4 3"'
            label = word
        else:
            swatch = f'fill="{COLOURS.get(category or "", NONE_COLOUR)}" stroke="#505a5f"'
            label = f"{category} {word}" if category else word
        parts.append(f'<rect x="{x}" y="{y}" width="16" height="16" {swatch}/>')
        parts.append(f'<text x="{x + 22}" y="{y + 13}" fill="#0b0c0c">{escape(label)}</text>')
        x += 150
    return parts


def heat_map_svg(heat_map: HeatMap) -> str:
    width = max(NAME_WIDTH + CELL_W * max(1, len(heat_map.half_terms)), 150 * len(LEGEND))
    rows_end = HEAD_H + CELL_H * max(1, len(heat_map.rows))
    height = rows_end + LEGEND_H
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family={quoteattr(_FONT)} font-size="13">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for i, label in enumerate(heat_map.half_terms):
        x = NAME_WIDTH + i * CELL_W + (CELL_W - 4) // 2
        parts.append(
            f'<text x="{x}" y="{HEAD_H - 12}" text-anchor="middle" fill="#0b0c0c">'
            f"{escape(label)}</text>"
        )
    for j, row in enumerate(heat_map.rows):
        y = HEAD_H + j * CELL_H
        parts.append(
            f'<text x="0" y="{y + CELL_H - 10}" fill="#0b0c0c">{escape(row.name[:36])}</text>'
        )
        parts.extend(
            _cell(NAME_WIDTH + i * CELL_W, y, category) for i, category in enumerate(row.categories)
        )
    parts.extend(_legend(rows_end + 8))
    parts.append("</svg>")
    return "".join(parts)


def category_words(category: str | None) -> str:
    """A heat-map cell in words, as its table and CSV show it."""
    if category == NOT_JOINED:
        return "Not yet in the trust"
    return str(Category(category).label) if category in Category.values else "Not categorised"


def heat_rows(heat: HeatMap) -> list[list[object]]:
    """The heat map as a table: a row per school, its category in words each half-term."""
    return [[row.name, *(category_words(c) for c in row.categories)] for row in heat.rows]
