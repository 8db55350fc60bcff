"""CSV in and out: the return template, a return's grid, the upload, and the DfE KS2 file.

Uploads are read whole and checked whole: any problem refuses the file, naming its row and column.
A file that looks like pupil-level data (a name or UPN column, more rows than the grid has) is
refused outright: the product holds aggregated figures only.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import IO

from django import forms
from django.http import HttpResponse
from django.utils import timezone

from fht.tables import csv_safe
from fht.uploads import Problems
from returns.grid import COLUMNS, SUBJECTS, Key, PupilGroup, year_label
from returns.models import AttainmentRow

MAX_BYTES = 200_000
MAX_KS2_BYTES = 20_000_000
HEADER = ["year_group", "pupil_group", *COLUMNS]

# --- Writing ----------------------------------------------------------------------------------------


def _safe(value: object) -> object:
    return "" if value is None else csv_safe(value)


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return response


def template_rows(year_groups: Sequence[int]) -> list[list[object]]:
    return [
        [year_label(y), label, "", "", "", "", ""]
        for y in year_groups
        for _, label in PupilGroup.choices
    ]


def grid_rows(rows: Iterable[AttainmentRow]) -> list[list[object]]:
    """A return's grid in the upload's own format, so a download can be corrected and uploaded."""
    return [
        [
            row.get_year_group_display(),
            row.get_pupil_group_display(),
            row.pupils,
            *(getattr(row, s) for s in SUBJECTS),
        ]
        for row in rows
    ]


# --- Reading ----------------------------------------------------------------------------------------


def _read_text(file: IO[bytes], encoding: str, limit: int) -> str:
    """The file's text in the encoding found or chosen (fht.uploads); a byte that does not decode
    becomes U+FFFD. The upload check (size, not binary) has been made already."""
    file.seek(0)
    raw = file.read(limit + 1)
    if len(raw) > limit:
        raise forms.ValidationError(f"The file is too large: upload at most {limit // 1000} KB")
    return raw.decode(encoding or "utf-8-sig", errors="replace").removeprefix("\ufeff")


def _rows(text: str) -> list[list[str]]:
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [
            row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)
        ]
    except csv.Error:
        raise forms.ValidationError("The file could not be read as CSV") from None


def _normal(header: str) -> str:
    text = header.strip().lower().replace("%", "").replace("(", " ").replace(")", " ")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


_HEADERS = {
    "year_group": "year_group",
    "year": "year_group",
    "yeargroup": "year_group",
    "year_grp": "year_group",
    "pupil_group": "pupil_group",
    "group": "pupil_group",
    "pupilgroup": "pupil_group",
    "pupils": "pupils",
    "pupils_in_the_group": "pupils",
    "number_of_pupils": "pupils",
    "cohort": "pupils",
    "count": "pupils",
    "n": "pupils",
    "reading": "reading",
    "writing": "writing",
    "maths": "maths",
    "math": "maths",
    "mathematics": "maths",
    "combined": "combined",
    "rwm": "combined",
    "rwm_combined": "combined",
    "reading_writing_and_maths_combined": "combined",
    "reading_writing_and_maths": "combined",
}
_PUPIL_LEVEL = re.compile(
    r"(^|_)(name|names|forename|forenames|surname|first_name|last_name|upn|upns|pupil|pupil_id|"
    r"pupil_number|dob|date_of_birth|birth|gender|sex|address|postcode|student|child|child_name)($|_)"
)
_UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")


def _columns(header: list[str], problems: Problems) -> dict[str, int]:
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for index, name in enumerate(header):
        normal = _normal(name)
        if not normal:
            continue
        if normal in _HEADERS:
            columns.setdefault(_HEADERS[normal], index)
        elif _PUPIL_LEVEL.search(normal):
            raise forms.ValidationError(
                f"This file looks like pupil-level data (it has a column called “{name.strip()}”). "
                "Upload only the figures for each year group and group: pupils' names, UPNs and "
                "other details must never be uploaded"
            )
        else:
            unknown.append(name.strip())
    for name in unknown:
        problems.add(
            1,
            name,
            f"Column “{name}” is not one of the template's: year_group, pupil_group, pupils, "
            "reading, writing, maths, combined",
        )
    for needed in ("year_group", "pupil_group", "pupils"):
        if needed not in columns:
            problems.add(1, "", f"The file has no {needed} column: start from the template")
    return columns


_YEAR = re.compile(r"^(?:year|yr|y)?\s*(\d{1,2})$")
_RECEPTION = {"r", "rec", "reception", "yr", "year r", "fs2", "yr r"}
_GROUPS = {
    **{value: value for value in PupilGroup.values},
    **{label.lower(): value for value, label in PupilGroup.choices},
    "all": PupilGroup.ALL,
    "whole cohort": PupilGroup.ALL,
    "pupil premium": PupilGroup.DISADVANTAGED,
    "pp": PupilGroup.DISADVANTAGED,
    "disadvantaged pupils": PupilGroup.DISADVANTAGED,
    "sen": PupilGroup.SEND,
    "sen/d": PupilGroup.SEND,
    "english as an additional language": PupilGroup.EAL,
    "looked after": PupilGroup.CLA,
    "looked-after children": PupilGroup.CLA,
    "looked after children": PupilGroup.CLA,
    "lac": PupilGroup.CLA,
    "cla": PupilGroup.CLA,
    "children looked after": PupilGroup.CLA,
}


def parse_year_group(text: str) -> int | None:
    normal = " ".join(text.strip().lower().split())
    if normal in _RECEPTION:
        return 0
    match = _YEAR.match(normal.replace(" ", ""))
    if match and int(match.group(1)) in AttainmentRow.YearGroup.values:
        return int(match.group(1))
    return None


def parse_pupil_group(text: str) -> str | None:
    return _GROUPS.get(" ".join(text.strip().lower().split()))


def _years_text(year_groups: Sequence[int]) -> str:
    return f"{year_label(year_groups[0])} to {year_label(year_groups[-1])}"


def read_upload(
    file: IO[bytes], *, encoding: str, year_groups: Sequence[int], problems: Problems
) -> tuple[dict[Key, dict[str, str]], dict[Key, int]]:
    """The cells of an uploaded return by (year group, group), and the row each came from. Rows
    that cannot be placed are added to `problems` by row and column; a file that is not a return
    at all (or looks like pupil-level data) raises ValidationError."""
    rows = _rows(_read_text(file, encoding, MAX_BYTES))
    if not rows:
        raise forms.ValidationError("The file is empty: choose the completed CSV file")
    columns = _columns(rows[0], problems)
    body = rows[1:]
    most = len(year_groups) * len(PupilGroup.values)
    if len(body) > most:
        raise forms.ValidationError(
            f"The file has {len(body)} rows, more than the {most} year groups and groups of this "
            "school: it looks like pupil-level data. Upload one row per year group and group"
        )
    if any(_UPN.match(cell.strip()) for row in body for cell in row):
        raise forms.ValidationError(
            "The file seems to hold UPNs (unique pupil numbers): upload aggregated figures only"
        )
    if problems:
        return {}, {}
    cells: dict[Key, dict[str, str]] = {}
    lines: dict[Key, int] = {}
    for number, row in enumerate(body, start=2):

        def cell(column: str, row: list[str] = row) -> str:
            index = columns.get(column)
            return row[index].strip() if index is not None and index < len(row) else ""

        year_group = parse_year_group(cell("year_group"))
        group = parse_pupil_group(cell("pupil_group"))
        if year_group is None or year_group not in year_groups:
            problems.add(
                number,
                "year_group",
                f"“{cell('year_group')}” is not a year group of this school "
                f"({_years_text(year_groups)}; for example Year 3, 3 or R)",
            )
        if group is None:
            problems.add(
                number,
                "pupil_group",
                f"“{cell('pupil_group')}” is not a group: use all, disadvantaged, SEND, EAL or CLA",
            )
        if year_group is None or group is None or year_group not in year_groups:
            continue
        key = (year_group, group)
        if key in lines:
            problems.add(
                number,
                "pupil_group",
                f"{year_label(year_group)}, {group} is already on row {lines[key]}",
            )
            continue
        lines[key] = number
        cells[key] = {column: cell(column) for column in COLUMNS}
    if not problems and not any(v for row_cells in cells.values() for v in row_cells.values()):
        raise forms.ValidationError("The file has no figures: fill in the template and upload it")
    return cells, lines
