"""The data forms, by what they take: `returns` (a half-term's return, typed or uploaded) and
`outcomes` (statutory outcomes, targets, national benchmarks and the KS2 import)."""

from returns.forms.imports import DataReturnUploadForm
from returns.forms.outcomes import (
    MeasureValuesForm,
    StatutoryForm,
    parse_measure,
)
from returns.forms.returns import (
    DataReturnForm,
    cell_name,
)

__all__ = [
    "DataReturnForm",
    "DataReturnUploadForm",
    "MeasureValuesForm",
    "StatutoryForm",
    "cell_name",
    "parse_measure",
]
