"""Forms for a half-term's data return, typed in or uploaded as CSV.

Every cell is a text box that keeps exactly what was typed, so a refused form comes back as it was;
the reading of figures is done by `returns.grid` (the same rules as a CSV upload)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet

from fht.forms import BoundedIntegerField, FiniteDecimalField
from returns.grid import (
    COLUMNS,
    SUBJECTS,
    Figures,
    Key,
    PupilGroup,
    place,
    read_grid,
    year_groups_for,
    year_label,
)
from returns.models import AttainmentRow, DataReturn
from returns.services import Headline
from schools.models import HalfTerm, School


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
