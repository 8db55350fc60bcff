"""Demo records written with a history that reads as if they had been made one by one.

A `Row` is a record as it was first written (when, by whom) and the changes made to it after.
`write` inserts new records as they stand today, in one query per model, with their
simple-history rows as it happened: a '+' row as first written and a '~' row for each change,
each dated and signed by whoever made it. `replay` does the same for changes to records that
already exist.
"""

import copy
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from fht.models import User

Change = tuple[dt.datetime, User | None, dict[str, Any]]


@dataclass
class Row:
    """A record as it was first written, and the changes made to it afterwards."""

    obj: Any
    at: dt.datetime
    by: User | None
    changes: list[Change] = field(default_factory=list)

    def change(self, at: dt.datetime, by: User | None, **values: Any) -> None:
        self.changes.append((at, by, values))

    def value_at(self, name: str, when: dt.datetime | None = None) -> Any:
        value = getattr(self.obj, name)
        for at, _, values in sorted(self.changes, key=lambda c: c[0]):
            if (when is None or at <= when) and name in values:
                value = values[name]
        return value


def _stamp(obj: Any, at: dt.datetime, by: User | None) -> Any:
    obj._history_date = at
    obj._history_user = by
    return obj


@cache
def history_of(model: Any) -> Any:
    """The model's history manager (simple-history builds a new one at every access)."""
    return model.history


def _fields(model: Any) -> set[str]:
    return {f.name for f in model._meta.concrete_fields}


@contextmanager
def _dates_as_given(model: Any) -> Iterator[None]:
    """bulk_create stamps `auto_now(_add)` dates with 'now': let the demo say when it happened."""
    auto = [f for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
    auto += [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in auto]
    for f in auto:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


def _apply(obj: Any, names: set[str], at: dt.datetime, by: User | None, values: dict) -> None:
    """One change, as the services make it: a new version, by whom and when."""
    for name, value in values.items():
        setattr(obj, name, value)
    if "version" in names:
        obj.version += 1
    if "updated_by" in names:
        obj.updated_by_id = by.pk if by else None
    if "updated_at" in names:
        obj.updated_at = at


def _finalise(model: Any, rows: list[Row], *, new: bool) -> list[dict[str, Any]]:
    """Bring each record to its state today; return what each changed field was at first."""
    names = _fields(model)
    book = {"version", "updated_at"} & names | (
        {"updated_by_id"} if "updated_by" in names else set()
    )
    firsts = []
    for row in rows:
        if new:
            for name in {"created_at", "recorded_at", "updated_at"} & names:
                setattr(row.obj, name, row.at)
        touched = {n for _, _, values in row.changes for n in values} | book
        firsts.append({n: getattr(row.obj, n) for n in touched})
        for at, by, values in sorted(row.changes, key=lambda c: c[0]):
            _apply(row.obj, names, at, by, values)
    return firsts


def _history(model: Any, rows: list[Row], firsts: list[dict[str, Any]], *, new: bool) -> None:
    """The records' history as it happened: as first written ('+', for new records) and after
    each change ('~'), each dated and signed by whoever made it."""
    names = _fields(model)
    plus, tilde = [], []
    for row, first in zip(rows, firsts, strict=True):
        snapshot = copy.copy(row.obj)
        for name, value in first.items():
            setattr(snapshot, name, value)
        if new:
            plus.append(_stamp(copy.copy(snapshot), row.at, row.by))
        for at, by, values in sorted(row.changes, key=lambda c: c[0]):
            snapshot = copy.copy(snapshot)
            _apply(snapshot, names, at, by, values)
            tilde.append(_stamp(snapshot, at, by))
    if plus:
        history_of(model).bulk_history_create(plus)
    if tilde:
        history_of(model).bulk_history_create(tilde, update=True)


def write(model: Any, rows: list[Row]) -> None:
    """Insert new records as they stand today, with their history as it happened."""
    if not rows:
        return
    firsts = _finalise(model, rows, new=True)
    with _dates_as_given(model):
        model.objects.bulk_create([r.obj for r in rows])
    _history(model, rows, firsts, new=True)


def replay(model: Any, rows: list[Row]) -> None:
    """Changes to records that already exist (what a plan carried forward, the plan itself)."""
    rows = [r for r in rows if r.changes]
    if not rows:
        return
    firsts = _finalise(model, rows, new=False)
    fields = {n for first in firsts for n in first}
    model.objects.bulk_update([r.obj for r in rows], sorted(f.removesuffix("_id") for f in fields))
    _history(model, rows, firsts, new=False)
