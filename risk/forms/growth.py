"""Forms of the growth part: the trust's growth settings, a due-diligence record, and a record's
school joining the trust."""

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet

from fht.forms import DateField
from isap.forms.fields import VersionedForm
from risk.models import DueDiligence, GrowthSettings, OfstedOutcome
from schools.categories import Category
from schools.models import School

LONG_TEXT = 10_000


def _choice(label: str, choices: list[tuple[Any, str]], what: str, **kw: Any) -> Any:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        error_messages={
            "required": f"Choose {what}.",
            "invalid_choice": f"Choose {what} from the list.",
        },
        **kw,
    )


def _text(label: str, *, max_length: int = LONG_TEXT, required: bool = False, **kw: Any) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        error_messages={
            "required": f"Enter the {label[0].lower() + label[1:]}.",
            "max_length": f"{label} must be {max_length:,} characters or fewer.",
        },
        **kw,
    )


class GrowthSettingsForm(VersionedForm):
    report_card_below_from = _choice(
        "Report card (from 10 November 2025): a school counts as below good when",
        GrowthSettings.ReportCardBelow.choices,
        "which report-card outcomes count as below good",
        coerce=int,
    )
    safeguarding_not_met_below = forms.BooleanField(
        label="Report card: safeguarding not met counts as below good, whatever the areas say",
        required=False,
    )
    sub_judgement_below_from = _choice(
        "2024 framework (September 2024 to November 2025, no overall grade): a school counts as "
        "below good when",
        GrowthSettings.SubJudgementBelow.choices,
        "which 2024 sub-judgements count as below good",
        coerce=int,
    )


_STATUSES = [
    (DueDiligence.Status.IN_PROGRESS, DueDiligence.Status.IN_PROGRESS.label),
    (DueDiligence.Status.WITHDRAWN, DueDiligence.Status.WITHDRAWN.label),
]


class DueDiligenceForm(VersionedForm):
    name = _text("School name", max_length=200, required=True)
    urn = forms.CharField(
        label="URN",
        required=False,
        max_length=7,
        help_text="The school's unique reference number, 6 or 7 digits.",
        validators=[RegexValidator(r"^\d{6,7}$", "Enter the URN as 6 or 7 digits.")],
        error_messages={"max_length": "Enter the URN as 6 or 7 digits."},
        widget=forms.TextInput({"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    status = _choice("Status", _STATUSES, "the status")
    started_on = DateField(label="Due diligence started", help_text="For example, 14 9 2026.")
    practice_observed = _text("Practice observed", widget=forms.Textarea({"rows": 4}))
    previous_ofsted = _text(
        "Previous Ofsted judgement",
        widget=forms.Textarea({"rows": 2}),
        help_text="The latest inspection, in words: its date, framework and judgements.",
    )
    ofsted_outcome = _choice(
        "Ofsted outcome for the golden rule",
        OfstedOutcome.choices,
        "the Ofsted outcome for the golden rule",
        help_text="How the previous inspection counts when the school is added to the golden rule.",
    )
    data_summary = _text("Data", widget=forms.Textarea({"rows": 4}))
    leadership_capacity = _text("Leadership capacity", widget=forms.Textarea({"rows": 4}))
    proposed_category = _choice(
        "Proposed category",
        [("", "Choose a category"), *Category.choices],
        "the proposed category",
        help_text="The school's first category when it joins.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started_on"].error_messages["required"] = (
            "Enter the date due diligence started."
        )
        if self.initial.get("status") == DueDiligence.Status.JOINED:
            joined = (DueDiligence.Status.JOINED, DueDiligence.Status.JOINED.label)
            self.fields["status"].choices = [joined]  # type: ignore[attr-defined]


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class JoinForm(VersionedForm):
    school = SchoolChoiceField(
        queryset=School.objects.none(),
        label="The school in the trust",
        empty_label="Choose the school",
        help_text="An open school of the trust with no category yet.",
        error_messages={
            "required": "Choose the school that has joined.",
            "invalid_choice": "Choose one of the trust's schools with no category yet.",
        },
    )
    decided_on = DateField(label="Date of the first category", help_text="For example, 1 9 2026.")
    reason = _text(
        "Reason for the first category",
        required=True,
        widget=forms.Textarea({"rows": 3}),
        help_text="What in the due diligence leads to this category.",
    )

    def __init__(self, *args: Any, schools: QuerySet[School] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The trust's schools that may join (none unless given).
        self.fields["school"].queryset = schools if schools is not None else School.objects.none()  # type: ignore[attr-defined]
        self.fields["decided_on"].error_messages["required"] = "Enter the date of the category."


class RecordChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} (proposed {obj.get_proposed_category_display()})"


class WhatIfForm(forms.Form):
    """The prospective school the golden rule is shown with (a GET form)."""

    prospective = RecordChoiceField(
        queryset=DueDiligence.objects.none(),
        required=False,
        label="Add a school in due diligence",
        empty_label="No school added",
        error_messages={"invalid_choice": "Choose a school in due diligence from the list."},
    )

    def __init__(
        self, *args: Any, records: QuerySet[DueDiligence] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # The trust's records in due diligence (none unless given).
        chosen = records if records is not None else DueDiligence.objects.none()
        self.fields["prospective"].queryset = chosen  # type: ignore[attr-defined]
