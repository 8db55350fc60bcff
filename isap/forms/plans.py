"""Forms that start and sign a plan."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from isap.forms.fields import YearChoiceField
from isap.models import Signature
from schools.models import AcademicYear


class PlanStartForm(forms.Form):
    academic_year = YearChoiceField(
        queryset=AcademicYear.objects.none(),
        label="Academic year",
        empty_label=None,
        error_messages={
            "required": "Choose the academic year of the plan.",
            "invalid_choice": "Choose an academic year from the list.",
        },
    )

    def __init__(self, *args: Any, years: QuerySet[AcademicYear], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].queryset = years  # type: ignore[attr-defined]


class SignForm(forms.Form):
    signatory = forms.ChoiceField(
        choices=Signature.Signatory.choices,
        error_messages={
            "required": "Choose whom you sign for.",
            "invalid_choice": "Choose whom you sign for.",
        },
    )
