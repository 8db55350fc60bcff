"""Ofsted outcomes from Ofsted's management-information CSV, in either of its formats: the report
card (inspections from 10 November 2025: safeguarding standards, each evaluation area, category of
concern) and the legacy format (overall effectiveness 1-4 and its sub-judgements). Each inspection
goes into the school's history on its own framework's scale, never converted; one already held is
recognised by its Ofsted inspection number (imports.models.InspectionSource) and left alone."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.dateformat import format as date_format

from fht.models import Trust
from fht.uploads import Problems, header_of, is_digits, read_rows
from imports.models import InspectionSource, SchoolLink
from imports.parsing import CellError, clip, parse_date, parse_urn
from schools.models import Inspection, School
from schools.ofsted import AREA_WORDS, GRADE_WORDS, Concern, Framework, InspectionType, framework_on

PREVIEW_LIMIT = 500
PROGRESS_EVERY = 5000

# Report-card areas: the file's column (matched form) -> the inspection's field.
AREA_COLUMNS = {
    "inclusion": "area_inclusion",
    "curriculum_and_teaching": "area_curriculum_and_teaching",
    "achievement": "area_achievement",
    "attendance_and_behaviour": "area_attendance_and_behaviour",
    "personal_development_and_wellbeing": "area_personal_development",
    "leadership_and_governance": "area_leadership_and_governance",
    "early_years_where_applicable": "area_early_years",
}
POST_16 = "post_16_provision_where_applicable"
# Legacy sub-judgements: column -> field.
GRADE_COLUMNS = {
    "overall_effectiveness": "overall",
    "quality_of_education": "quality_of_education",
    "behaviour_and_attitudes": "behaviour_and_attitudes",
    "personal_development": "personal_development",
    "effectiveness_of_leadership_and_management": "leadership_and_management",
    "early_years_provision_where_applicable": "early_years",
    "sixth_form_provision_where_applicable": "sixth_form",
}
NUMBER_COLUMNS = ("inspection_number", "inspection_number_of_latest_full_inspection")
LABELS = {
    "urn": "URN",
    "inspection_number": "Inspection number",
    "inspection_number_of_latest_full_inspection": "Inspection number of latest full inspection",
    "inspection_start_date": "Inspection start date",
    "inspection_end_date": "Inspection end date",
    "category_of_concern": "Category of concern",
    "safeguarding_standards": "Safeguarding standards",
    "inclusion": "Inclusion",
    "curriculum_and_teaching": "Curriculum and teaching",
    "achievement": "Achievement",
    "attendance_and_behaviour": "Attendance and behaviour",
    "personal_development_and_wellbeing": "Personal development and wellbeing",
    "early_years_where_applicable": "Early years (where applicable)",
    POST_16: "Post-16 provision (where applicable)",
    "leadership_and_governance": "Leadership and governance",
    "overall_effectiveness": "Overall effectiveness",
    "quality_of_education": "Quality of education",
    "behaviour_and_attitudes": "Behaviour and attitudes",
    "personal_development": "Personal development",
    "effectiveness_of_leadership_and_management": "Effectiveness of leadership and management",
    "early_years_provision_where_applicable": "Early years provision (where applicable)",
    "sixth_form_provision_where_applicable": "Sixth form provision (where applicable)",
}
_BLANKS = {"", "null", "not applicable", "n/a", "na", "not judged", "9", "-", "none"}
_CONCERNS = {
    "special measures": Concern.SPECIAL_MEASURES,
    "serious weaknesses": Concern.SERIOUS_WEAKNESSES,
    "requires significant improvement": Concern.SIGNIFICANT_IMPROVEMENT,
    "significant improvement": Concern.SIGNIFICANT_IMPROVEMENT,
}
_AREA_BY_WORD = {w.lower(): n for n, w in AREA_WORDS.items()}
_GRADE_BY_WORD = {w.lower(): n for n, w in GRADE_WORDS.items()}

Progress = Callable[[int], None]


@dataclass
class OfstedPlan:
    problems: Problems = field(default_factory=Problems)
    rows_read: int = 0
    file_format: str = ""  # "report_card" or "legacy"
    to_add: list[tuple[int, Inspection, str, int | None]] = field(default_factory=list)
    already_held: int = 0
    other_schools: int = 0

    def summary(self) -> dict[str, object]:
        return {
            "rows_read": self.rows_read,
            "format": self.file_format,
            "added": len(self.to_add),
            "unchanged": self.already_held,
            "other_schools": self.other_schools,
        }

    def preview(self) -> list[dict[str, object]]:
        return [
            {
                "action": "add",
                "row": row,
                "urn": inspection.school.urn,
                "name": inspection.school.name,
                "fields": [
                    ["Inspection number", number],
                    ["Date", date_format(inspection.inspected_on, "j F Y")],
                    ["Framework", inspection.get_framework_display()],
                    ["Type", inspection.get_inspection_type_display()],
                    ["Judgements", inspection.headline],
                    *([["Post-16 provision", AREA_WORDS[post_16]]] if post_16 else []),
                ],
            }
            for row, inspection, number, post_16 in self.to_add[:PREVIEW_LIMIT]
        ]


def file_format(header: list[str]) -> str:
    present = set(header)
    if "urn" not in present or not present & set(NUMBER_COLUMNS):
        return ""
    if "safeguarding_standards" in present:
        return "report_card"
    if "overall_effectiveness" in present or "quality_of_education" in present:
        return "legacy"
    return ""


def _scale(value: str, words: dict[str, int], top: int, scale_words: str) -> int | None:
    text = value.strip().lower()
    if text in _BLANKS:
        return None
    if is_digits(text) and 1 <= int(text) <= top:
        return int(text)
    if text in words:
        return words[text]
    raise CellError(f"{clip(value)} is not a judgement: use {scale_words}")


def _area(value: str) -> int | None:
    return _scale(
        value, _AREA_BY_WORD, 5, "1 to 5 or the report card's words, like Strong standard"
    )


def _grade(value: str) -> int | None:
    return _scale(
        value, _GRADE_BY_WORD, 4, "1 to 4 or Outstanding, Good, Requires improvement or Inadequate"
    )


def _safeguarding(value: str) -> bool | None:
    text = value.strip().lower()
    if text in _BLANKS:
        return None
    if text in ("met", "yes", "effective"):
        return True
    if text in ("not met", "no", "not effective"):
        return False
    raise CellError(f"{clip(value)} is not a safeguarding outcome: use Met or Not met")


def _concern(value: str) -> str:
    text = value.strip().lower()
    if text in _BLANKS or text == "no":
        return ""
    if text in _CONCERNS:
        return _CONCERNS[text]
    raise CellError(
        f"{clip(value)} is not a category of concern: use Special measures, Serious weaknesses, "
        "Requires significant improvement, or leave it blank"
    )


class _Row:
    """One row's cells read, each refusal added to the problems by its column."""

    def __init__(self, number: int, row: dict[str, str], problems: Problems) -> None:
        self.number, self.row, self.problems, self.ok = number, row, problems, True

    def read(self, column: str, read: Callable[[str], object]) -> object:
        try:
            return read(self.row.get(column, ""))
        except CellError as error:
            self.problems.add(self.number, LABELS.get(column, column), str(error))
            self.ok = False
            return None


def _judgements(cells: _Row, fmt: str) -> dict[str, object]:
    values: dict[str, object] = {}
    if fmt == "report_card":
        for column, name in AREA_COLUMNS.items():
            values[name] = cells.read(column, _area)
        values["safeguarding_met"] = cells.read("safeguarding_standards", _safeguarding)
    else:
        for column, name in GRADE_COLUMNS.items():
            values[name] = cells.read(column, _grade)
    return values


def _type(framework: Framework, values: dict[str, object], type_text: str) -> str:
    given = any(v is not None for v in values.values())
    if framework == Framework.F2025:
        return InspectionType.REPORT_CARD if given else InspectionType.MONITORING
    if "monitor" in type_text.lower():
        return InspectionType.MONITORING
    return InspectionType.GRADED if given else InspectionType.UNGRADED


# The inspection's field -> the column it came from, for the inspection's own refusals.
def _column_of(fmt: str) -> dict[str, str]:
    columns = AREA_COLUMNS if fmt == "report_card" else GRADE_COLUMNS
    found = {name: LABELS[column] for column, name in columns.items()}
    found.update(
        safeguarding_met="Safeguarding standards",
        concern="Category of concern",
        inspected_on="Inspection start date",
        inspection_type="Inspection type",
    )
    return found


def _schools_by_urn(trust: Trust) -> dict[str, School]:
    schools = {s.urn: s for s in School.objects.filter(trust=trust)}
    for link in SchoolLink.objects.filter(trust=trust).select_related("school"):
        schools.setdefault(link.old_urn, link.school)
    return schools


def _date(cells: _Row) -> object:
    column = (
        "inspection_end_date" if cells.row.get("inspection_end_date") else "inspection_start_date"
    )
    on = cells.read(column, parse_date)
    if on is None and cells.ok:
        cells.problems.add(cells.number, LABELS[column], "The date of the inspection is missing")
        cells.ok = False
    return on


def _inspection(
    cells: _Row, fmt: str, school: School, trust: Trust
) -> tuple[Inspection, int | None] | None:
    on = _date(cells)
    values = _judgements(cells, fmt)
    post_16 = cells.read(POST_16, _area) if fmt == "report_card" else None
    concern = cells.read("category_of_concern", _concern)
    if not cells.ok or not isinstance(on, dt.date):
        return None
    framework = framework_on(on)
    judged = any(v is not None for v in values.values())
    if judged and (fmt == "report_card") != (framework == Framework.F2025):
        words = (
            "Report-card judgements are for inspections from 10 November 2025"
            if fmt == "report_card"
            else "Inspections from 10 November 2025 have report cards, not these grades"
        )
        cells.problems.add(
            cells.number, LABELS["inspection_start_date"], f"{words}: check the date"
        )
        return None
    inspection = Inspection(
        trust=trust,
        school=school,
        inspected_on=on,
        framework=framework,
        inspection_type=_type(framework, values, cells.row.get("inspection_type", "")),
        concern=str(concern or ""),
        **values,
    )
    try:
        inspection.full_clean(exclude=["trust", "school"])
    except ValidationError as error:
        columns = _column_of(fmt)
        for name, messages in error.message_dict.items():
            for message in messages:
                cells.problems.add(cells.number, columns.get(name, name), message)
        return None
    return inspection, post_16 if isinstance(post_16, int) else None


def ofsted_plan(
    *, trust: Trust, file: IO[bytes], encoding: str, progress: Progress = lambda n: None
) -> OfstedPlan:
    """The inspections the file would add to the trust's schools, and every error; writes nothing."""
    plan = OfstedPlan()
    header = header_of(file, encoding)
    plan.file_format = file_format(header)
    if not plan.file_format:
        plan.problems.add(
            1,
            "Header",
            "This is not an Ofsted management-information file: it needs the columns URN, "
            "Inspection number and either Safeguarding standards or Overall effectiveness",
        )
        return plan
    number_column = next(c for c in NUMBER_COLUMNS if c in header)
    schools = _schools_by_urn(trust)
    held = set(
        InspectionSource.objects.filter(trust=trust).values_list("inspection_number", flat=True)
    )
    seen: set[str] = set()
    for number, row in read_rows(file, encoding):
        plan.rows_read += 1
        if plan.rows_read % PROGRESS_EVERY == 0:
            progress(plan.rows_read)
        cells = _Row(number, row, plan.problems)
        urn = cells.read("urn", parse_urn)
        if not isinstance(urn, str):
            continue
        school = schools.get(urn)
        if school is None:
            plan.other_schools += 1
            continue
        inspection_number = row.get(number_column, "").strip()
        if not inspection_number:
            plan.problems.add(number, LABELS[number_column], "The inspection number is missing")
            continue
        if len(inspection_number) > 20:
            plan.problems.add(
                number,
                LABELS[number_column],
                f"{clip(inspection_number)} is not an inspection number",
            )
            continue
        if inspection_number in held or inspection_number in seen:
            plan.already_held += 1
            continue
        seen.add(inspection_number)
        made = _inspection(cells, plan.file_format, school, trust)
        if made is not None:
            plan.to_add.append((number, made[0], inspection_number, made[1]))
    return plan
