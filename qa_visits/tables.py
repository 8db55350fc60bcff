"""A sortable table (with CSV) over rows worked out in Python, like fht.tables.Table over a
queryset: the due date depends on each school's cadence, which the database does not know."""

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from fht.tables import Table


class RowTable(Table):
    """Rows given as a list; each row has a `name`, the tie-breaker."""

    def _ordered(self, rows: Sequence[Any], order: str) -> list[Any]:
        get = attrgetter(order)
        present = [r for r in rows if get(r) is not None]
        missing = [r for r in rows if get(r) is None]
        present.sort(key=lambda r: (get(r), r.name), reverse=self.descending)
        # Blanks (no visit yet) always come last, whichever way the column is sorted.
        return present + missing
