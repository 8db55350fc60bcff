"""Forms for statutory outcomes, targets, national benchmarks and the DfE KS2 file import. Each
value is a text box that keeps what was typed; `parse_measure` reads it by the measure's unit."""

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms

from fht.uploads import is_digits
from returns.forms.returns import _Described
from returns.measures import STATUTORY, Measure, Unit, info
from returns.models import StatutoryResult
from returns.services import Outcome, check_measure_value

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
    # The range first: rounding a figure like 1e309 to one place is itself an error.
    problem = check_measure_value(measure, value)
    if problem:
        raise ValueError(f"{measure.label} {problem}")
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
            if not is_digits(cohort_text) or int(cohort_text) > 9999:
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
