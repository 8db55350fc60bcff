"""The trust's targets for a year in one form: a box per measure that keeps what was typed; empty
means no target. Percentages 0 to 100, progress scores -30 to 30; 1e309, NaN and words are
refused next to their box."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from dashboards.selectors.measures import TARGET_MEASURES
from dashboards.services.targets import target_problem
from returns.forms import MeasureValuesForm


class TrustTargetsForm(MeasureValuesForm):
    def __init__(self, data: Any = None, *, current: Mapping[str, Decimal], **kwargs: Any) -> None:
        super().__init__(
            data, measures=TARGET_MEASURES, current=current, suffix=", trust target", **kwargs
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for measure, value in self.values.items():
            problem = None if value is None else target_problem(measure, value)
            if problem and not self.has_error(measure.value):
                self.add_error(measure.value, problem)
        return cleaned
