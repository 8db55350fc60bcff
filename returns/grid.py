"""The attainment grid: year groups by pupil groups, read from what was typed (or uploaded).

Pure functions, no database: the form and the CSV upload both hand their raw strings to `read_grid`,
which answers either the rows to save or the problems, each naming its year group, group and column.
A blank cell means "not assessed", never zero; a row with every cell blank is not entered at all.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from returns.models import AttainmentRow
from schools.models import School

YearGroup = AttainmentRow.YearGroup
PupilGroup = AttainmentRow.PupilGroup

SUBJECTS = ("reading", "writing", "maths", "combined")
COLUMNS = ("pupils", *SUBJECTS)
COLUMN_LABELS = {
    "pupils": "pupils",
    "reading": "reading",
    "writing": "writing",
    "maths": "maths",
    "combined": "combined",
}
GROUP_WORDS = {
    PupilGroup.ALL: "all pupils",
    PupilGroup.DISADVANTAGED: "disadvantaged",
    PupilGroup.SEND: "SEND",
    PupilGroup.EAL: "EAL",
    PupilGroup.CLA: "children looked after",
}
MAX_PUPILS = 9999

_PHASE_YEARS: dict[str, range] = {
    School.Phase.NURSERY: range(0, 1),
    School.Phase.PRIMARY: range(0, 7),
    School.Phase.MIDDLE: range(4, 9),
    School.Phase.SECONDARY: range(7, 12),
}


def year_groups_for(school: School) -> list[int]:
    """The year groups a school's grid offers. All-through, special and alternative provision
    schools get every year; rows left blank are simply not entered."""
    return list(_PHASE_YEARS.get(school.phase, range(0, 12)))


def year_label(year_group: int) -> str:
    return YearGroup(year_group).label


def place(year_group: int, pupil_group: str, column: str) -> str:
    """'Year 3, disadvantaged, writing': where a cell is, in words."""
    return (
        f"{year_label(year_group)}, {GROUP_WORDS[PupilGroup(pupil_group)]}, {COLUMN_LABELS[column]}"
    )


Key = tuple[int, str]  # (year group, pupil group)


@dataclass(frozen=True)
class Figures:
    """One entered row of the grid, as it will be saved."""

    year_group: int
    pupil_group: str
    pupils: int
    reading: Decimal | None
    writing: Decimal | None
    maths: Decimal | None
    combined: Decimal | None


@dataclass(frozen=True)
class Problem:
    year_group: int
    pupil_group: str
    column: str
    message: str  # the whole sentence, naming the cell


def _problem(key: Key, column: str, tail: str) -> Problem:
    return Problem(key[0], key[1], column, f"{place(key[0], key[1], column)} {tail}")


def parse_percent(raw: str) -> Decimal | None:
    """A percentage as typed ('72', '72.5', '72.5%'), rounded to one place; None if blank.
    Raises ValueError for anything that is not a number from 0 to 100."""
    text = raw.strip().removesuffix("%").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError("must be a number, for example 72.5") from None
    if not value.is_finite() or not 0 <= value <= 100:
        raise ValueError("must be between 0 and 100")
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def parse_count(raw: str, *, most: int = MAX_PUPILS) -> int | None:
    text = raw.strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        if text.startswith("-"):
            raise ValueError("cannot be negative") from None
        raise ValueError("must be a whole number, for example 28") from None
    if value < 0:
        raise ValueError("cannot be negative")
    if value > most:
        raise ValueError(f"must be {most} or fewer")
    return value


def _read_row(key: Key, cells: Mapping[str, str], problems: list[Problem]) -> Figures | None:
    before = len(problems)
    try:
        pupils = parse_count(cells.get("pupils", ""))
    except ValueError as error:
        problems.append(_problem(key, "pupils", str(error)))
        pupils = None
    subjects: dict[str, Decimal | None] = {}
    for subject in SUBJECTS:
        try:
            subjects[subject] = parse_percent(cells.get(subject, ""))
        except ValueError as error:
            problems.append(_problem(key, subject, str(error)))
            subjects[subject] = None
    if len(problems) > before:
        return None
    if pupils is None:
        problems.append(
            _problem(key, "pupils", "must be filled in: enter the number of pupils in the group")
        )
        return None
    if pupils == 0:
        for subject, value in subjects.items():
            if value is not None:
                problems.append(_problem(key, subject, "must be blank when there are no pupils"))
        if len(problems) > before:
            return None
    given = [v for s, v in subjects.items() if s != "combined" and v is not None]
    combined = subjects["combined"]
    if combined is not None and given and combined > min(given):
        problems.append(
            _problem(key, "combined", "cannot be higher than reading, writing or maths alone")
        )
        return None
    return Figures(key[0], key[1], pupils, **subjects)


def _pupils(cells: Mapping[str, str]) -> int | None:
    try:
        return parse_count(cells.get("pupils", ""))
    except ValueError:
        return None


def _check_group_sizes(entered: Mapping[Key, Mapping[str, str]], problems: list[Problem]) -> None:
    """Each group is a part of its year group: never more pupils than the all-pupils row."""
    for (year_group, group), cells in entered.items():
        pupils = _pupils(cells)
        if group == PupilGroup.ALL or pupils is None:
            continue
        whole_key = (year_group, str(PupilGroup.ALL))
        if whole_key not in entered:
            problems.append(
                _problem(
                    whole_key,
                    "pupils",
                    f"must be filled in: the {GROUP_WORDS[PupilGroup(group)]} group is a part of it",
                )
            )
            continue
        whole = _pupils(entered[whole_key])
        if whole is not None and pupils > whole:
            problems.append(
                _problem(
                    (year_group, group),
                    "pupils",
                    f"cannot be more than the {whole} pupils in {year_label(year_group)}",
                )
            )


def read_grid(cells: Mapping[Key, Mapping[str, str]]) -> tuple[list[Figures], list[Problem]]:
    """The rows to save, or the problems (never both): every cell is checked, not just the first."""
    problems: list[Problem] = []
    rows: list[Figures] = []
    entered = {k: v for k, v in cells.items() if any(value.strip() for value in v.values())}
    for key, row_cells in entered.items():
        figures = _read_row(key, row_cells, problems)
        if figures is not None:
            rows.append(figures)
    _check_group_sizes(entered, problems)
    # One message per cell (a cell can break two rules: the first found is the one shown).
    unique = list({(p.year_group, p.pupil_group, p.column): p for p in reversed(problems)}.values())
    return ([] if unique else rows), unique[::-1]


def ordered(keys: Sequence[Key]) -> list[Key]:
    groups = list(PupilGroup.values)
    return sorted(keys, key=lambda k: (k[0], groups.index(k[1])))
