"""Forms for data returns, statutory outcomes, targets and national benchmarks.

Every cell is a text box that keeps exactly what was typed, so a refused form comes back as it was;
the reading of figures is done by `returns.grid` (the same rules as a CSV upload).
"""

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet

from fht.forms import BoundedIntegerField, FiniteDecimalField
from returns import csv_io
from returns.grid import (
    COLUMNS,
    SUBJECTS,
    Figures,
    Key,
    Problem,
    PupilGroup,
    place,
    read_grid,
    year_groups_for,
    year_label,
)
from returns.measures import STATUTORY, Measure, Unit, info
from returns.models import AttainmentRow, DataReturn, StatutoryResult
from returns.services import Headline, Outcome, check_measure_value
from schools.models import AcademicYear, HalfTerm, School


def _decimal_field(name: str, example: str) -> FiniteDecimalField:
    between = f"{name} must be between 0 and 100"
    return FiniteDecimalField(
        label=f"{name} (%)",
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": f"Enter {name.lower()} as a percentage, for example {example}",
            "invalid": f"{name} must be a number, for example {example}",
            "min_value": between,
            "max_value": between,
            "max_digits": between,
            "max_decimal_places": f"{name} must have no more than one decimal place",
            "max_whole_digits": between,
        },
        widget=forms.TextInput(
            {"class": "govuk-input--width-4", "inputmode": "decimal", "spellcheck": "false"}
        ),
    )


def _count_field(name: str, help_text: str) -> BoundedIntegerField:
    return BoundedIntegerField(
        label=name,
        help_text=help_text,
        min_value=0,
        max_value=9999,
        error_messages={
            "required": f"Enter the number of {name.lower()}, 0 if there were none",
            "invalid": f"{name} must be a whole number, for example 2",
            "min_value": f"{name} cannot be negative",
            "max_value": f"{name} must be 9999 or fewer",
        },
        widget=forms.TextInput({"class": "govuk-input--width-4", "inputmode": "numeric"}),
    )


class _Described(forms.Form):
    """Each box with an error names its message (aria-describedby), as GOV.UK Frontend does."""

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class _HalfTermChoice(forms.ModelChoiceField):
    def __init__(self, *args: Any, returned: set[int], **kwargs: Any) -> None:
        self.returned = returned
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: HalfTerm) -> str:
        return f"{obj} (already entered)" if obj.pk in self.returned else str(obj)


class _ReturnBase(_Described):
    """The half-term (when adding) and the headline figures, shared by the grid and the upload."""

    attendance = _decimal_field("Attendance", "95.2")
    persistent_absence = _decimal_field("Persistent absence", "14.1")
    suspensions = _count_field("Suspensions", "Suspensions this half-term.")
    permanent_exclusions = _count_field(
        "Permanent exclusions", "Permanent exclusions this half-term."
    )

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        school: School,
        half_terms: QuerySet[HalfTerm] | None = None,
        returned: Mapping[int, int] | None = None,
        data_return: DataReturn | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, files, **kwargs)
        self.school = school
        self.data_return = data_return
        self.returned = returned or {}  # half-term id: its return's id
        self.existing_id: int | None = None
        if data_return is None:
            field = _HalfTermChoice(
                queryset=half_terms,
                returned=set(self.returned),
                label="Collection point",
                help_text="The half-term these figures are for.",
                empty_label="Choose a half-term",
                error_messages={
                    "required": "Choose the half-term these figures are for",
                    "invalid_choice": "Choose one of the trust's half-terms",
                },
            )
            self.fields = {"half_term": field, **self.fields}
        else:
            self.initial.update(
                attendance=data_return.attendance,
                persistent_absence=data_return.persistent_absence,
                suspensions=data_return.suspensions,
                permanent_exclusions=data_return.permanent_exclusions,
            )

    def clean_half_term(self) -> HalfTerm:
        half_term: HalfTerm = self.cleaned_data["half_term"]
        if half_term.pk in self.returned:
            self.existing_id = self.returned[half_term.pk]
            raise forms.ValidationError(
                f"{self.school.name} already has a data return for {half_term}. "
                "Edit that return instead, or choose another half-term"
            )
        return half_term

    @property
    def chosen_half_term(self) -> HalfTerm:
        return self.data_return.half_term if self.data_return else self.cleaned_data["half_term"]

    def headline(self) -> Headline:
        data = self.cleaned_data
        return Headline(
            attendance=data["attendance"],
            persistent_absence=data["persistent_absence"],
            suspensions=data["suspensions"],
            permanent_exclusions=data["permanent_exclusions"],
        )


def cell_name(year_group: int, pupil_group: str, column: str) -> str:
    return f"y{year_group}_{pupil_group}_{column}"


class DataReturnForm(_ReturnBase):
    """A return typed in: the headline figures and the grid of the school's year groups."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year_groups = year_groups_for(self.school)
        self.rows: list[Figures] = []
        for year_group in self.year_groups:
            for group in PupilGroup.values:
                for column in COLUMNS:
                    self.fields[cell_name(year_group, group, column)] = forms.CharField(
                        required=False,
                        strip=True,
                        label=place(year_group, group, column)
                        + (" (%)" if column in SUBJECTS else ""),
                        widget=forms.TextInput(
                            {
                                "class": "govuk-input--width-3",
                                "inputmode": "numeric" if column == "pupils" else "decimal",
                                "autocomplete": "off",
                                "spellcheck": "false",
                            }
                        ),
                    )
        if self.data_return is not None:
            self.initial.update(_grid_initial(self.data_return.rows.all()))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cells: dict[Key, dict[str, str]] = {
            (year_group, group): {
                column: cleaned.get(cell_name(year_group, group, column)) or ""
                for column in COLUMNS
            }
            for year_group in self.year_groups
            for group in PupilGroup.values
        }
        self.rows, problems = read_grid(cells)
        for problem in problems:
            self.add_error(
                cell_name(problem.year_group, problem.pupil_group, problem.column),
                problem.message,
            )
        return cleaned

    def grid(self) -> list[dict[str, Any]]:
        """The grid as the template walks it: year groups, their groups, each group's cells."""
        return [
            {
                "label": year_label(year_group),
                "groups": [
                    {
                        "label": label,
                        "cells": [self[cell_name(year_group, group, c)] for c in COLUMNS],
                    }
                    for group, label in PupilGroup.choices
                ],
            }
            for year_group in self.year_groups
        ]


def _grid_initial(rows: Iterable[AttainmentRow]) -> dict[str, object]:
    initial: dict[str, object] = {}
    for row in rows:
        for column in COLUMNS:
            value = getattr(row, column)
            if value is not None:
                initial[cell_name(row.year_group, row.pupil_group, column)] = value
    return initial


class DataReturnUploadForm(_ReturnBase):
    """A return uploaded as CSV: the headline figures typed here, the grid from the file."""

    file = forms.FileField(
        label="The figures for each year group and group, as a CSV file",
        help_text="Use the template: one row per year group and group. Aggregated figures only, "
        "never pupils' names or UPNs.",
        error_messages={
            "required": "Choose the CSV file to upload",
            "empty": "The file is empty: choose the completed CSV file",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[Figures] = []

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        cells, lines = csv_io.read_upload(upload, year_groups=year_groups_for(self.school))
        rows, problems = read_grid(cells)
        if problems:
            raise forms.ValidationError([_csv_message(p, lines) for p in problems])
        self.rows = rows
        return upload


def _csv_message(problem: Problem, lines: Mapping[Key, int]) -> str:
    line = lines.get((problem.year_group, problem.pupil_group))
    where = f"Row {line}, column {problem.column}" if line else f"Column {problem.column}"
    return f"{where}: {problem.message}"


# --- Statutory outcomes, targets, national benchmarks ---------------------------------------------


def parse_measure(measure: Measure, raw: str) -> Decimal | None:
    """A figure for a measure as typed; None if blank. ValueError names what is wrong."""
    text = raw.strip().removesuffix("%").strip()
    if not text:
        return None
    example = "-1.2" if info(measure).unit == Unit.SCORE else "72.5"
    try:
        value = Decimal(text.replace("\u2212", "-"))  # a typographic minus, pasted from a report
    except InvalidOperation:
        raise ValueError(f"{measure.label} must be a number, for example {example}") from None
    if not value.is_finite():
        raise ValueError(f"{measure.label} must be a number, for example {example}")
    value = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    problem = check_measure_value(measure, value)
    if problem:
        raise ValueError(f"{measure.label} {problem}")
    return value


def _unit_suffix(measure: Measure) -> str:
    unit = info(measure).unit
    return " (%)" if unit == Unit.PERCENT else " (progress score)" if unit == Unit.SCORE else ""


def _text(label: str, width: str, inputmode: str = "decimal") -> forms.CharField:
    return forms.CharField(
        required=False,
        label=label,
        widget=forms.TextInput(
            {"class": width, "inputmode": inputmode, "spellcheck": "false", "autocomplete": "off"}
        ),
    )


class MeasureValuesForm(_Described):
    """One figure per measure (a target or a national figure); a blank box removes it."""

    def __init__(
        self,
        data: Any = None,
        *,
        measures: Iterable[Measure],
        current: Mapping[str, Decimal],
        suffix: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.measures = list(measures)
        for measure in self.measures:
            self.fields[measure.value] = _text(
                f"{measure.label}{suffix}{_unit_suffix(measure)}", "govuk-input--width-4"
            )
            if measure.value in current:
                self.initial[measure.value] = current[measure.value]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.values: dict[Measure, Decimal | None] = {}
        for measure in self.measures:
            try:
                self.values[measure] = parse_measure(measure, cleaned.get(measure.value) or "")
            except ValueError as error:
                self.add_error(measure.value, str(error))
        return cleaned

    def termly(self) -> list[forms.BoundField]:
        return [self[m.value] for m in self.measures if not info(m).statutory]

    def statutory(self) -> list[forms.BoundField]:
        return [self[m.value] for m in self.measures if info(m).statutory]


class StatutoryForm(_Described):
    """A school's statutory outcomes for a year: per measure a figure, the cohort, or the reason
    there is no figure (SUPP, NE...). A row left blank removes that outcome."""

    def __init__(
        self, data: Any = None, *, current: Mapping[str, StatutoryResult], **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        for measure in STATUTORY:
            name = measure.value
            self.fields[f"{name}_value"] = _text(
                f"{measure.label}: figure{_unit_suffix(measure)}", "govuk-input--width-4"
            )
            self.fields[f"{name}_cohort"] = _text(
                f"{measure.label}: pupils in the cohort", "govuk-input--width-4", "numeric"
            )
            self.fields[f"{name}_not_published"] = forms.CharField(
                required=False,
                max_length=60,
                label=f"{measure.label}: why there is no figure",
                error_messages={
                    "max_length": f"{measure.label}: the reason must be 60 characters or fewer"
                },
                widget=forms.TextInput({"class": "govuk-input--width-10", "spellcheck": "false"}),
            )
            result = current.get(name)
            if result is not None:
                self.initial.update(
                    {
                        f"{name}_value": result.value,
                        f"{name}_cohort": result.cohort,
                        f"{name}_not_published": result.not_published,
                    }
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.results: dict[Measure, Outcome | None] = {}
        for measure in STATUTORY:
            self.results[measure] = self._outcome(measure, cleaned)
        return cleaned

    def _outcome(self, measure: Measure, cleaned: Mapping[str, Any]) -> Outcome | None:
        name = measure.value
        reason = (cleaned.get(f"{name}_not_published") or "").strip()
        try:
            value = parse_measure(measure, cleaned.get(f"{name}_value") or "")
        except ValueError as error:
            self.add_error(f"{name}_value", str(error))
            return None
        cohort_text = (cleaned.get(f"{name}_cohort") or "").strip()
        cohort = None
        if cohort_text:
            if not cohort_text.isdigit() or int(cohort_text) > 9999:
                self.add_error(
                    f"{name}_cohort",
                    f"{measure.label}: pupils in the cohort must be a whole number, 0 or more",
                )
                return None
            cohort = int(cohort_text)
        if value is not None and reason:
            self.add_error(
                f"{name}_not_published",
                f"{measure.label}: give a figure or the reason there is none, not both",
            )
            return None
        if value is None and not reason:
            if cohort is not None:
                self.add_error(
                    f"{name}_value",
                    f"{measure.label}: enter the figure, or why there is none (for example SUPP)",
                )
            return None
        return Outcome(value=value, cohort=cohort, not_published=reason)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "label": m.label,
                "cells": [
                    self[f"{m.value}_value"],
                    self[f"{m.value}_cohort"],
                    self[f"{m.value}_not_published"],
                ],
            }
            for m in STATUTORY
        ]


class Ks2ImportForm(_Described):
    academic_year: "forms.ModelChoiceField[AcademicYear]" = forms.ModelChoiceField(
        queryset=None,
        label="Academic year of the results",
        empty_label="Choose a year",
        error_messages={
            "required": "Choose the academic year the results are for",
            "invalid_choice": "Choose one of the trust's academic years",
        },
    )
    file = forms.FileField(
        label="Performance-tables CSV file",
        help_text="The DfE's KS2 file (for example england_ks2final.csv) with the columns URN, "
        "READPROG, WRITPROG and MATPROG.",
        error_messages={
            "required": "Choose the performance-tables file",
            "empty": "The file is empty: choose the performance-tables file",
        },
    )

    def __init__(self, *args: Any, years: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].queryset = years  # type: ignore[attr-defined]

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        self.progress = csv_io.read_ks2_progress(upload)
        return upload
