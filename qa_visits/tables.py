"""A sortable table (with CSV) over rows worked out in Python, like fht.tables.Table over a
queryset: the due date depends on each school's cadence, which the database does not know."""

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from django.http import HttpRequest

from fht.tables import Column, Table


class RowTable(Table):
    def __init__(
        self,
        request: HttpRequest,
        *,
        columns: list[Column],
        rows: Sequence[Any],
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
        get = attrgetter(sortable[self.sort_key].order_by or "")
        present = [r for r in rows if get(r) is not None]
        missing = [r for r in rows if get(r) is None]
        present.sort(key=lambda r: (get(r), r.name), reverse=self.descending)
        # Blanks (no visit yet) always come last, whichever way the column is sorted.
        self.rows = present + missing  # type: ignore[assignment]
