"""What an import would write (a plan), shared by every kind of file import (returns.imports,
returns.return_upload): the figures it would change, old and new, and the problems found."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from fht.models import User
from fht.uploads import Problems


@dataclass(frozen=True)
class Write:
    """One figure the import sets (or, with `fields` None, removes)."""

    model: type[models.Model]
    lookup: dict[str, Any]
    fields: dict[str, Any] | None
    school: str
    measure: str
    old: str
    new: str

    def preview(self) -> dict[str, str]:
        return {"school": self.school, "measure": self.measure, "old": self.old, "new": self.new}


@dataclass
class Plan:
    """The writes, problems and counts of a dry run. A kind whose figures are saved by its own
    service (a data return's grid) sets `apply`, which then does the writing instead of `writes`
    (they remain the preview)."""

    writes: list[Write] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    counts: dict[str, int] = field(default_factory=dict)
    apply: Callable[[User], None] | None = None

    def count(self, what: str, by: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + by

    def summary(self) -> dict[str, int]:
        return {"Figures to change": len(self.writes), **self.counts}


class FileRefused(Exception):
    """The file cannot be read at all (not CSV, missing columns): said as one problem."""
