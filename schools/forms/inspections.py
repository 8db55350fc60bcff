"""The form for one Ofsted inspection: the fields of the framework chosen, each judgement on that
framework's own scale. The model checks what goes with what (schools.ofsted)."""

from typing import Any

from django import forms

from fht.forms import BoundedIntegerField, DateField
from schools.models import Framework, Inspection
from schools.ofsted import (
    AREA_WORDS,
    AREAS,
    CONCERNS_OF,
    GRADE_WORDS,
    GRADES,
    TYPES_OF,
)

NOT_GIVEN = "Not given"


WHERE_IT_APPLIES = {"early_years", "sixth_form", "area_early_years"}


def _judgement(label: str, words: dict[int, str], name: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text="Only where the school has it." if name in WHERE_IT_APPLIES else "",
        choices=[("", NOT_GIVEN), *((str(k), f"{k} {v}") for k, v in words.items())],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": f"Choose the {label.lower()} judgement from the list."},
    )


def framework_from(value: object, instance: Inspection | None = None) -> Framework | None:
    """The framework asked for (a query string or the form's hidden field), else the record's."""
    if isinstance(value, str) and value in Framework.values:
        return Framework(value)
    if instance is not None and instance.framework in Framework.values:
        return Framework(instance.framework)
    return None


class InspectionFrameworkForm(forms.Form):
    """The first question: which framework the inspection was under."""

    framework = forms.ChoiceField(
        label="Which framework was the inspection under?",
        choices=[
            (Framework.F2019.value, "2019 framework (before 1 September 2024): overall grade"),
            (
                Framework.F2024.value,
                "2024 framework (1 September 2024 to 9 November 2025): no overall grade",
            ),
            (Framework.F2025.value, "Report card (from 10 November 2025)"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the framework the inspection was under.",
            "invalid_choice": "Choose the framework the inspection was under.",
        },
    )


class InspectionForm(forms.Form):
    """One inspection under `framework`: only that framework's judgements are fields."""

    framework = forms.CharField(widget=forms.HiddenInput)
    version = BoundedIntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        error_messages={
            "required": "This form was sent without the version it was opened at. Reload the "
            "page and make your change again.",
            "invalid": "Reload the page and make your change again.",
            "min_value": "Reload the page and make your change again.",
        },
    )
    inspected_on = DateField(
        label="Date of the inspection",
        help_text="The last day of the inspection, for example 15 3 2023.",
        error_messages={"required": "Enter the date of the inspection."},
    )
    inspection_type = forms.ChoiceField(
        label="Type of inspection",
        error_messages={
            "required": "Choose the type of inspection.",
            "invalid_choice": "Choose the type of inspection from the list.",
        },
    )
    concern = forms.ChoiceField(
        label="Category of concern",
        required=False,
        error_messages={"invalid_choice": "Choose the category of concern from the list."},
    )
    note = forms.CharField(
        label="Notes",
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
        help_text="For example, where the report is published.",
        error_messages={"max_length": "The notes must be 2,000 characters or fewer."},
    )

    def __init__(self, *args: Any, framework: Framework, editing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chosen = framework
        self.initial["framework"] = framework.value
        self.fields["version"].required = editing
        self.fields["inspection_type"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a type"),
            *((t.value, t.label) for t in TYPES_OF[framework]),
        ]
        self.fields["concern"].choices = [  # type: ignore[attr-defined]
            (c.value, c.label) for c in CONCERNS_OF[framework]
        ]
        if framework == Framework.F2019:
            self.fields["overall"] = _judgement("Overall effectiveness", GRADE_WORDS)
        if framework in (Framework.F2019, Framework.F2024):
            for name, label in GRADES.items():
                self.fields[name] = _judgement(label, GRADE_WORDS, name)
        else:
            for name, label in AREAS.items():
                self.fields[name] = _judgement(label, AREA_WORDS, name)
            self.fields["safeguarding_met"] = forms.TypedChoiceField(
                label="Safeguarding",
                choices=[("", NOT_GIVEN), ("met", "Met"), ("not_met", "Not met")],
                coerce=lambda v: v == "met",
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": "Choose whether safeguarding was met."},
            )

    def clean_framework(self) -> str:
        # The framework comes from the page's address; a changed hidden field is refused.
        if self.cleaned_data["framework"] != self.chosen.value:
            raise forms.ValidationError("Choose the framework again from the start of the form.")
        return self.chosen.value

    def judgement_fields(self) -> list[forms.BoundField]:
        names = ["overall", *GRADES, *AREAS, "safeguarding_met"]
        return [self[name] for name in names if name in self.fields]

    def details(self) -> dict[str, Any]:
        """What the service records: every field of the form but the version."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


def initial_of(inspection: Inspection) -> dict[str, Any]:
    """An inspection's values as a form's initial data."""
    initial: dict[str, Any] = {
        "inspected_on": inspection.inspected_on,
        "inspection_type": inspection.inspection_type,
        "concern": inspection.concern,
        "note": inspection.note,
        "version": inspection.version,
    }
    for name in ("overall", *GRADES, *AREAS):
        value = getattr(inspection, name)
        initial[name] = "" if value is None else str(value)
    met = inspection.safeguarding_met
    initial["safeguarding_met"] = "" if met is None else ("met" if met else "not_met")
    return initial


class InspectionDeleteForm(forms.Form):
    version = BoundedIntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "Reload the page and try again.",
            "invalid": "Reload the page and try again.",
            "min_value": "Reload the page and try again.",
        },
    )
