"""A half-term's data return uploaded as CSV, as a file import (returns.imports): the dry run lists
each headline figure and grid cell that would change (old and new) and every problem by row and
column; confirming saves the return in the import's one transaction.

The import's options say what it is for: the school, the half-term, the headline figures typed
beside the file, and (when the upload replaces a return's figures) the return and when it was last
changed. Confirming re-checks them: a return entered, or changed, by someone since the dry run
refuses the import, and nothing is written."""

from decimal import Decimal
from typing import IO, Any

from django.db import transaction

from fht.models import ImportRecord, User
from returns import csv_io
from returns.grid import COLUMNS, SUBJECTS, Figures, Key, place, read_grid, year_groups_for
from returns.import_plan import FileRefused, Plan, Write
from returns.models import AttainmentRow, DataReturn
from returns.selectors import can_write_data
from returns.services import Headline, data_return_write
from schools.models import HalfTerm, School

HEADLINE_LABELS = {
    "attendance": "Attendance (%)",
    "persistent_absence": "Persistent absence (%)",
    "suspensions": "Suspensions",
    "permanent_exclusions": "Permanent exclusions",
}


def return_options(
    *, school: School, half_term: HalfTerm, headline: Headline, data_return: DataReturn | None
) -> dict[str, Any]:
    """What a data-return import is for, as its record keeps it (JSON)."""
    return {
        "school": school.pk,
        "half_term": half_term.pk,
        "data_return": data_return.pk if data_return else None,
        "updated_at": data_return.updated_at.isoformat() if data_return else None,
        "headline": {name: str(getattr(headline, name)) for name in HEADLINE_LABELS},
    }


def _headline(options: dict[str, Any]) -> Headline:
    figures = options["headline"]
    return Headline(
        attendance=Decimal(figures["attendance"]),
        persistent_absence=Decimal(figures["persistent_absence"]),
        suspensions=int(figures["suspensions"]),
        permanent_exclusions=int(figures["permanent_exclusions"]),
    )


def _existing(record: ImportRecord, school: School, half_term: HalfTerm) -> DataReturn | None:
    """The return the upload replaces (None for a new one), as it is now; refused when it was
    entered, changed or removed by someone since the upload was checked."""
    returns = DataReturn.objects.filter(
        trust_id=record.trust_id, school=school, half_term=half_term
    )
    if transaction.get_connection().in_atomic_block:
        # Confirming: two confirms for one school take turns (a row not yet written cannot be
        # locked, the school's can), and the return is held until the import commits.
        School.objects.select_for_update().filter(pk=school.pk).first()
        returns = returns.select_for_update()
    current = returns.first()
    wanted_id = record.options.get("data_return")
    if wanted_id is None and current is not None:
        raise FileRefused(
            f"{school.name} now has a data return for {half_term}, entered since this file was "
            "checked: open that return and upload the file onto it"
        )
    if wanted_id is not None and (current is None or current.pk != wanted_id):
        raise FileRefused("The return this file was for is no longer there: nothing was saved")
    if current is not None and current.updated_at.isoformat() != record.options.get("updated_at"):
        raise FileRefused(
            "Someone changed this return since the file was checked: upload the file again to "
            "see what it would change now"
        )
    return current


def _percent_text(value: object, column: str) -> str:
    if value is None:
        return "not assessed"
    return f"{value}%" if column in SUBJECTS else str(value)


def _headline_writes(
    plan: Plan, where: str, headline: Headline, existing: DataReturn | None
) -> None:
    for name, label in HEADLINE_LABELS.items():
        new = getattr(headline, name)
        old = getattr(existing, name) if existing else None
        if old is not None and old == new:
            continue
        plan.writes.append(
            Write(DataReturn, {}, {}, where, label, "none" if old is None else str(old), str(new))
        )


def _grid_writes(plan: Plan, where: str, rows: list[Figures], existing: DataReturn | None) -> None:
    held: dict[Key, AttainmentRow] = (
        {(r.year_group, r.pupil_group): r for r in existing.rows.all()} if existing else {}
    )
    wanted = {(r.year_group, r.pupil_group): r for r in rows}
    for key in sorted(set(held) | set(wanted)):
        old_row, new_row = held.get(key), wanted.get(key)
        for column in COLUMNS:
            old = getattr(old_row, column) if old_row else None
            new = getattr(new_row, column) if new_row else None
            if old_row is not None and new_row is not None and old == new:
                continue
            if old_row is None and new is None:
                continue  # a blank cell of a new row: nothing to show
            plan.writes.append(
                Write(
                    AttainmentRow,
                    {},
                    {},
                    where,
                    place(key[0], key[1], column),
                    "none" if old_row is None else _percent_text(old, column),
                    "removed" if new_row is None else _percent_text(new, column),
                )
            )


def plan_data_return(record: ImportRecord, file: IO[bytes], user: User) -> Plan:
    """The dry run of a data return: every change, or every problem by row and column."""
    options = record.options
    school = School.objects.filter(trust_id=record.trust_id, pk=options.get("school")).first()
    half_term = HalfTerm.objects.filter(
        trust_id=record.trust_id, pk=options.get("half_term")
    ).first()
    if school is None or half_term is None or not can_write_data(user, school.pk):
        raise FileRefused("The school or half-term of this return is no longer yours to change")
    existing = _existing(record, school, half_term)
    plan = Plan()
    cells, lines = csv_io.read_upload(
        file, encoding=record.encoding, year_groups=year_groups_for(school), problems=plan.problems
    )
    if plan.problems:
        return plan
    rows, problems = read_grid(cells)
    for problem in problems:
        line = lines.get((problem.year_group, problem.pupil_group), 0)
        plan.problems.add(line, problem.column, problem.message)
    if plan.problems:
        return plan
    headline = _headline(options)
    where = f"{school.name}, {half_term}"
    _headline_writes(plan, where, headline, existing)
    _grid_writes(plan, where, rows, existing)
    plan.count("Rows of figures in the file", len(rows))

    def apply(acting_user: User) -> None:
        data_return_write(
            school=school,
            half_term=half_term,
            headline=headline,
            rows=rows,
            acting_user=acting_user,
            source=DataReturn.Source.CSV,
            data_return=existing,
        )

    plan.apply = apply
    return plan
