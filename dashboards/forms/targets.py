"""The trust's targets for a year in one form: a box per measure that keeps what was typed; empty
means no target. Percentages 0 to 100, progress scores -30 to 30; 1e309, NaN and words are
refused next to their box."""

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from dashboards.selectors.measures import TARGET_MEASURES
from dashboards.services.targets import target_problem
from returns.forms import MeasureValuesForm
from returns.measures import Measure

# Beyond this a figure is no target for any measure, and too long to round to one decimal place
# (returns' parser would fail on it): refused before it is parsed.
_HUGE = Decimal(1000)


def _too_big(measure: Measure, raw: str) -> str | None:
    text = raw.strip().removesuffix("%").strip().replace("\u2212", "-")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None  # words: the parser says what is wrong
    if value.is_finite() and -_HUGE < value < _HUGE:  # abs() of 1e1000000 overflows
        return None
    return f"{measure.label} must be a number, for example 72.5"


class TrustTargetsForm(MeasureValuesForm):
    def __init__(
        self,
        data: Any = None,
        *,
        current: Mapping[str, Decimal],
        measures: Sequence[Measure] = TARGET_MEASURES,
        suffix: str = ", trust target",
        **kwargs: Any,
    ) -> None:
        super().__init__(data, measures=measures, current=current, suffix=suffix, **kwargs)

    def clean(self) -> dict[str, Any]:
        for measure in self.measures:
            problem = _too_big(measure, self.cleaned_data.get(measure.value) or "")
            if problem:
                self.add_error(measure.value, problem)  # and out of cleaned_data
        cleaned = super().clean()
        for measure, value in self.values.items():
            problem = None if value is None else target_problem(measure, value)
            if problem and not self.has_error(measure.value):
                self.add_error(measure.value, problem)
        return cleaned
