"""Forms of a plan's priorities and their targets."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from fht.forms import DateField
from isap.forms.fields import WIDE, VisitChoiceField, _chosen_by_hand, _keep_carried, _number, _text
from isap.models import Priority, Source
from qa_visits.models import Visit
from returns.measures import Measure


class PriorityForm(forms.Form):
    title = _text("The priority", max_length=200, widget=forms.TextInput(WIDE))
    description = _text(
        "What it is about",
        required=False,
        widget=forms.Textarea({"rows": 4}),
        help_text="What the evidence shows, and what success will look like.",
    )
    source = forms.ChoiceField(
        label="Where it comes from",
        choices=[("", "Choose a source"), *Source.choices],
        error_messages={
            "required": "Choose where the priority comes from.",
            "invalid_choice": "Choose a source from the list.",
        },
    )
    source_visit = VisitChoiceField(
        queryset=Visit.objects.none(),
        required=False,
        label="The QA visit",
        help_text="For a priority from a QA visit: the visit whose next steps it follows.",
        error_messages={"invalid_choice": "Choose one of this school's submitted visits."},
    )
    source_reference = _text(
        "Reference",
        required=False,
        max_length=200,
        widget=forms.TextInput(WIDE),
        help_text="Which review, inspection or meeting, for example 'Ofsted, March 2025'.",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=_chosen_by_hand(Priority.Status.choices, Priority.Status.CARRIED),
        initial=Priority.Status.OPEN,
        error_messages={"invalid_choice": "Choose a status from the list."},
    )

    def __init__(self, *args: Any, visits: QuerySet[Visit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source_visit"].queryset = visits  # type: ignore[attr-defined]
        _keep_carried(self, Priority.Status)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source_visit") and data.get("source") != Source.QA_VISIT:
            self.add_error(
                "source_visit", "Choose a visit only for a priority whose source is a QA visit."
            )
        return data


class TargetForm(forms.Form):
    measure = forms.ChoiceField(
        label="Measure from the data returns",
        required=False,
        choices=[("", "Not one of these: describe it below"), *Measure.choices],
        help_text="Its latest value from the data returns is shown beside the target.",
        error_messages={"invalid_choice": "Choose a measure from the list."},
    )
    description = _text(
        "Measure in words",
        required=False,
        max_length=200,
        widget=forms.TextInput(WIDE),
        help_text="For a measure the data returns do not hold, for example 'Lessons judged good'.",
    )
    baseline = _number("baseline", required=False)
    target = _number("target", required=True)
    by_when = DateField(label="By when", help_text="For example, 16 7 2027.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["by_when"].error_messages["required"] = "Enter the date the target is for."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        named = data.get("measure") or (data.get("description") or "").strip()
        if not named and "measure" not in self.errors:
            self.add_error(
                "measure",
                "Choose a measure from the data returns, or describe the measure in words.",
            )
        return data
