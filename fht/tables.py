"""Sortable tables with a CSV download, made once for every list page.

A view describes its columns, hands over the queryset, and either renders the page (headers link
to sorted versions of the same page, so sorting works without JavaScript) or returns the CSV of
exactly the rows on the page, filters and sort included.
"""

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    order_by: str | None = None  # the ORM field to sort by; None: not sortable
    value: Callable[[Any], object] | None = None  # the CSV cell; by default the attribute `key`
    numeric: bool = False

    def cell(self, row: Any) -> object:
        getter = self.value or attrgetter(self.key)
        value = getter(row)
        return "" if value is None else value


def csv_safe(value: object) -> object:
    """Spreadsheets run cells that start like a formula; a leading apostrophe stops that.

    Anything but a number, a date or None is written as its text (a model, a lazy translation),
    so it is checked as that text."""
    if value is None or isinstance(value, int | float | Decimal | dt.date):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class Table:
    def __init__(
        self,
        request: HttpRequest,
        *,
        columns: list[Column],
        rows: QuerySet[Any] | Sequence[Any],
        default_sort: str,
        filename: str,
    ) -> None:
        self.request = request
        self.columns = columns
        self.filename = filename
        sortable = {c.key: c for c in columns if c.order_by}
        key = request.GET.get("sort", default_sort)
        self.sort_key = key if key in sortable else default_sort
        self.descending = request.GET.get("dir") == "desc"
        self.rows = self._ordered(rows, sortable[self.sort_key].order_by or "")

    def _ordered(self, rows: Any, order: str) -> Any:
        """The rows sorted by the chosen column (a queryset: by the database)."""
        return rows.order_by(f"-{order}" if self.descending else order, "pk")

    @property
    def wants_csv(self) -> bool:
        return self.request.GET.get("format") == "csv"

    def _query(self, **changes: str | None) -> str:
        params = self.request.GET.copy()
        for name, value in changes.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = value
        return "?" + params.urlencode() if params else "?"

    def headers(self) -> list[dict[str, Any]]:
        headers = []
        for column in self.columns:
            current = column.key == self.sort_key
            direction = "desc" if current and not self.descending else "asc"
            headers.append(
                {
                    "label": column.label,
                    "numeric": column.numeric,
                    "href": self._query(sort=column.key, dir=direction, format=None)
                    if column.order_by
                    else None,
                    "aria_sort": ("descending" if self.descending else "ascending")
                    if current
                    else "none",
                }
            )
        return headers

    @property
    def csv_href(self) -> str:
        return self._query(format="csv")

    def csv_response(self, rows: Iterable[Any] | None = None) -> HttpResponse:
        stamp = timezone.localdate().isoformat()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename}-{stamp}.csv"'
        response["Cache-Control"] = "private, no-store"  # a trust's data: no shared cache keeps it
        response.write("\ufeff")  # so Excel reads the file as UTF-8
        writer = csv.writer(response)
        writer.writerow([c.label for c in self.columns])
        for row in self.rows if rows is None else rows:
            writer.writerow([csv_safe(c.cell(row)) for c in self.columns])
        return response


class RowTable(Table):
    """A sortable table (with CSV) over rows worked out in Python, like Table over a queryset (for
    example, due dates that depend on each school's cadence). Each row has a `name`, the
    tie-breaker; blanks always sort last."""

    def _ordered(self, rows: Sequence[Any], order: str) -> list[Any]:
        get = attrgetter(order)
        present = [r for r in rows if get(r) is not None]
        missing = [r for r in rows if get(r) is None]
        present.sort(key=lambda r: (get(r), r.name), reverse=self.descending)
        # Blanks (no visit yet) always come last, whichever way the column is sorted.
        return present + missing
