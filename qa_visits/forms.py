"""Forms for planning, writing and responding to QA visits."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator

from fht.forms import BoundedIntegerField, DateField, FiniteDecimalField, ModelForm
from fht.models import Trust
from fht.rag import Rag
from qa_visits.cadence import ALL_CADENCE_FIELDS
from qa_visits.sections import ModerationActivity, Section, SectionKey
from qa_visits.services import (
    ACTIVITIES_FIELD,
    SectionDraft,
    VisitDraft,
    notes_field,
    rag_field,
)

DAYS_MESSAGE = "Enter the core-offer days as a number from 0.5 to 3, in half days, for example 1.5."


class DirectorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


class VisitPlanForm(forms.Form):
    planned_for = DateField(label="Date of the visit", help_text="For example, 12 1 2027.")
    days = FiniteDecimalField(
        label="Core-offer days",
        max_digits=2,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=Decimal("3.0"),
        step_size=Decimal("0.5"),
        initial=Decimal("1.0"),
        help_text="What the visit counts against the school's core-offer days: 0.5 to 3.",
        widget=forms.TextInput({"class": "govuk-input--width-3", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the core-offer days the visit counts for.",
            "invalid": DAYS_MESSAGE,
            "min_value": DAYS_MESSAGE,
            "max_value": DAYS_MESSAGE,
            "step_size": DAYS_MESSAGE,
            "max_digits": DAYS_MESSAGE,
            "max_decimal_places": DAYS_MESSAGE,
            "max_whole_digits": DAYS_MESSAGE,
        },
    )
    director = DirectorChoiceField(
        queryset=None,
        label="Who makes the visit",
        empty_label=None,
        error_messages={"invalid_choice": "Choose who makes the visit from the list."},
    )
    purpose = forms.CharField(
        label="Purpose",
        required=False,
        max_length=300,
        help_text="For example, half-termly support and challenge; a focus on reading.",
        widget=forms.TextInput({"class": "govuk-!-width-full"}),
        error_messages={"max_length": "The purpose must be 300 characters or fewer."},
    )

    def __init__(self, *args: Any, directors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["planned_for"].error_messages["required"] = "Enter the date of the visit."
        self.fields["director"].queryset = directors  # type: ignore[attr-defined]


class VisitLogForm(forms.Form):
    """The whole visit record on one page: the date, then each section the writer may see.

    Every field is optional here, so a draft keeps whatever was typed; what a submission needs is
    checked by the service (`visit_ready_check`), which names the fields to put right.
    """

    visited_on = DateField(
        label="Date of the visit", required=False, help_text="For example, 6 10 2026."
    )
    version = BoundedIntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, sections: list[Section], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            key = section.key.value
            if section.has_rag:
                self.fields[rag_field(key)] = forms.ChoiceField(
                    label="Judgement",
                    choices=Rag.choices,
                    required=False,
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": "Choose green, amber or red."},
                )
            if section.key == SectionKey.MODERATION:
                self.fields[ACTIVITIES_FIELD] = forms.MultipleChoiceField(
                    label="Activities carried out",
                    choices=ModerationActivity.choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={"invalid_choice": "Choose activities from the list."},
                )
            self.fields[notes_field(key)] = forms.CharField(
                label="Notes",
                required=False,
                help_text=section.hint,
                strip=False,
                widget=forms.Textarea({"rows": 5}),
            )

    def section_fields(self, section: Section) -> dict[str, Any]:
        """The bound fields of one section, for its fieldset in the template."""
        key = section.key.value
        return {
            "rag": self[rag_field(key)] if section.has_rag else None,
            "activities": self[ACTIVITIES_FIELD] if section.key == SectionKey.MODERATION else None,
            "notes": self[notes_field(key)],
        }

    def error_links(self) -> list[tuple[str, str]]:
        """The error summary's lines: where each message's field is, in page order."""
        links = [("#id_visited_on_0", str(e)) for e in self.non_field_errors()]
        for name, field in self.fields.items():
            grouped = isinstance(field.widget, (forms.RadioSelect, forms.MultiWidget))
            anchor = f"#id_{name}_0" if grouped else f"#id_{name}"
            links += [(anchor, str(e)) for e in self.errors.get(name, [])]
        return links

    def draft(self) -> VisitDraft:
        """What was typed, from the fields that are well formed (call after `is_valid`)."""
        data = getattr(self, "cleaned_data", {})
        draft = VisitDraft(visited_on=data.get("visited_on"), version=data.get("version"))
        for section in self.sections:
            key = section.key.value
            typed = SectionDraft()
            if notes_field(key) in data and notes_field(key) in self.data:
                typed.notes = data[notes_field(key)]
            # A radio group left alone is absent from the post: keep what was saved.
            if section.has_rag and rag_field(key) in data and rag_field(key) in self.data:
                typed.rag = data[rag_field(key)]
            if (
                section.key == SectionKey.MODERATION
                and ACTIVITIES_FIELD in data
                and self.data.get("moderation_activities_present")
            ):
                typed.activities = list(data[ACTIVITIES_FIELD])
            draft.sections[key] = typed
        return draft


class VisitResponseForm(forms.Form):
    response = forms.CharField(
        label="Your factual-accuracy response",
        max_length=5000,
        help_text="Point out anything in the record that is factually wrong, and what is right.",
        widget=forms.Textarea({"rows": 8}),
        error_messages={
            "required": "Enter your response.",
            "max_length": "The response must be 5,000 characters or fewer.",
        },
    )


class CadenceForm(ModelForm):
    class Meta:
        model = Trust
        fields = ALL_CADENCE_FIELDS
        labels = {
            "visit_weeks_sustain": "Category A (Sustain)",
            "visit_weeks_improve": "Category B (Improve)",
            "visit_weeks_repair": "Category C (Repair)",
            "visit_weeks_stabilise": "Category D (Stabilise)",
            "visit_weeks_uncategorised": "Not yet categorised",
        }
        widgets = {
            name: forms.TextInput({"class": "govuk-input--width-3", "inputmode": "numeric"})
            for name in ALL_CADENCE_FIELDS
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ALL_CADENCE_FIELDS:
            field = self.fields[name]
            field.help_text = "Weeks between QA visits, from 1 to 52."
            field.validators.append(MaxValueValidator(52))
            label = str(field.label).lower()
            message = f"Enter the weeks between visits for {label} as a whole number from 1 to 52."
            field.error_messages.update(
                {
                    "required": message,
                    "invalid": message,
                    "min_value": message,
                    "max_value": message,
                }
            )

    def validate_unique(self) -> None:
        pass

    def weeks(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in ALL_CADENCE_FIELDS}
