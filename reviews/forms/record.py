"""The record part's forms: the record of all areas (with the version and fingerprints it was
opened with), a strength, a challenge, the workflow's steps and the head's dates."""

import json
from typing import Any

from django import forms

from fht.forms import BoundedIntegerField, DateField
from fht.models import User
from reviews.models import AREAS, Area, AreaKey
from reviews.selectors.record import area_choices
from reviews.services.record import RecordDraft

NOTES_MAX = 20_000
TEXT_MAX = 200


def _textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea({"rows": rows})


class _Versioned(forms.Form):
    version = BoundedIntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": "This form was sent without the review's version: open the page again.",
            "invalid": "This form was sent with a broken version: open the page again.",
        },
    )


class RecordForm(_Versioned):
    """Every area the person may write (a judgement on the area's scale and its evidence), and the
    impact of the trust within the school."""

    base = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20_000)
    trust_impact = forms.CharField(
        label="The impact of the trust within the school",
        widget=_textarea(6),
        required=False,
        max_length=NOTES_MAX,
    )

    def __init__(self, *args: Any, areas: list[Area] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = list(AREAS) if areas is None else areas
        for area in self.areas:
            self.fields[f"{area.key}_judgement"] = forms.ChoiceField(
                label=(
                    f"Judgement for {area.label.lower()}"
                    if area.scale.__name__ != "Safeguarding"
                    else "Safeguarding: met or not met"
                ),
                choices=[("", "Not yet judged"), *area_choices(area)],
                required=False,
                error_messages={"invalid_choice": "Choose a judgement from the list."},
            )
            self.fields[f"{area.key}_notes"] = forms.CharField(
                label=f"Evidence for {area.label.lower()}",
                widget=_textarea(),
                required=False,
                max_length=NOTES_MAX,
            )

    def area_fields(self) -> list[tuple[Area, forms.BoundField, forms.BoundField]]:
        return [(a, self[f"{a.key}_judgement"], self[f"{a.key}_notes"]) for a in self.areas]

    def draft(self) -> RecordDraft:
        """What was typed, valid field by valid field: only the fields sent (a field the form
        did not carry is never blanked)."""
        cleaned = getattr(self, "cleaned_data", {})
        values = {
            name: cleaned[name]
            for name in self.fields
            if name not in {"version", "base"} and name in self.data and name in cleaned
        }
        base: dict[str, str] = {}
        try:
            parsed = json.loads(cleaned.get("base") or "{}")
        except ValueError:
            parsed = {}
        if isinstance(parsed, dict):
            base = {str(k): str(v) for k, v in parsed.items()}
        return RecordDraft(version=cleaned.get("version"), base=base, values=values)


class StrengthForm(_Versioned):
    base = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    title = forms.CharField(
        label="The strength, in plain words",
        help_text="It goes in the letter to parents and carers.",
        max_length=TEXT_MAX,
        error_messages={"required": "Enter the strength."},
    )
    detail = forms.CharField(
        label="What the team saw", widget=_textarea(4), required=False, max_length=NOTES_MAX
    )
    theme = forms.ChoiceField(
        label="Theme",
        choices=[("", "Choose a theme"), *AreaKey.choices],
        error_messages={
            "required": "Choose the strength's theme.",
            "invalid_choice": "Choose a theme from the list.",
        },
    )
    contact = forms.TypedChoiceField(
        label="Who another head should ask about it",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a person of the trust from the list."},
    )

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.none() if people is None else people
        self.people = {p.pk: p for p in people}
        field = self.fields["contact"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Nobody named")] + [
            (str(p.pk), p.full_name or p.email) for p in self.people.values()
        ]

    def values(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "detail": data["detail"],
            "theme": data["theme"],
            "contact": self.people.get(data["contact"]) if data["contact"] else None,
        }


class ChallengeForm(_Versioned):
    base = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    title = forms.CharField(
        label="The key challenge, in plain words",
        help_text="It goes in the letter to parents and carers as a priority for the year.",
        max_length=TEXT_MAX,
        error_messages={"required": "Enter the key challenge."},
    )
    detail = forms.CharField(
        label="What the team saw", widget=_textarea(4), required=False, max_length=NOTES_MAX
    )

    def values(self) -> dict[str, object]:
        return {"title": self.cleaned_data["title"], "detail": self.cleaned_data["detail"]}


class RemoveForm(_Versioned):
    base = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class StepForm(_Versioned):
    """A workflow step: the version of the review the person saw."""


class CheckForm(_Versioned):
    action = forms.ChoiceField(
        choices=[("check", "Checked"), ("send_back", "Send back")],
        error_messages={"required": "Choose to mark it checked or send it back."},
    )
    note = forms.CharField(
        label="What needs changing",
        help_text="The team reads this on the review's page. Up to 100 characters.",
        required=False,
        max_length=100,
    )


class SharedWithForm(_Versioned):
    shared_with_staff_on = DateField(label="Shared with staff on", required=False)
    shared_with_children_on = DateField(label="Shared with children on", required=False)
    shared_with_governors_on = DateField(label="Shared with governors on", required=False)
