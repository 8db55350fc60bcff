"""The meeting's forms: one school's row (judgements, categories and reason, discussion, a new
remedial action, the reviews of earlier actions), sent back with the version it was opened at."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from fht.forms import BoundedIntegerField, DateField
from fht.models import User
from risk.models import ActionReview, Concern, Criterion, RemedialAction
from schools.categories import Category

NOTE_MAX = 5000
WIDE = {"class": "govuk-!-width-full", "rows": 3}


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


def _text(label: str, *, max_length: int = NOTE_MAX, rows: int = 3, hint: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=hint,
        widget=forms.Textarea({"class": "govuk-!-width-full", "rows": rows}),
        error_messages={"max_length": f"{label} must be {max_length} characters or fewer."},
    )


def _choice(label: str, choices: Any, message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", "Not chosen"), *choices],
        error_messages={"invalid_choice": message},
    )


def _category(label: str) -> forms.ChoiceField:
    return _choice(label, Category.choices, "Choose a category from A to D.")


class MeetingItemForm(forms.Form):
    """One school's row. The criteria are the meeting's, less the restricted ones the person may
    not read (those are left as they are); each earlier action may get a review."""

    version = BoundedIntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "This form was sent without the version it was opened at. Reload the "
            "page and make your change again.",
            "invalid": "Reload the page and make your change again.",
            "min_value": "Reload the page and make your change again.",
        },
    )
    proposed_category = _category("Proposed category")
    agreed_category = _category("Agreed category")
    category_reason = _text(
        "Reason for the agreed category",
        hint="Needed with an agreed category: the trustees' summary and the history show it.",
    )
    discussion = _text("Discussion notes", max_length=20000, rows=6)
    action_what = _text("What will be done", max_length=2000)
    action_owner = PersonChoiceField(
        label="Who is responsible",
        required=False,
        queryset=User.objects.none(),
        empty_label="Not chosen",
        error_messages={"invalid_choice": "Choose a person of the trust."},
    )
    action_due_on = DateField(label="Due date", required=False, help_text="For example, 5 2 2027.")

    def __init__(
        self,
        *args: Any,
        criteria: tuple[Criterion, ...],
        people: QuerySet[User],
        earlier: list[RemedialAction],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.earlier = earlier
        self.fields["action_owner"].queryset = people  # type: ignore[attr-defined]
        for criterion in criteria:
            self.fields[f"{criterion.key}_level"] = _choice(
                "Level of concern", Concern.choices, "Choose low, medium or high concern."
            )
            self.fields[f"{criterion.key}_note"] = _text("Evidence and judgement")
        for action in earlier:
            self.fields[f"review_{action.pk}_outcome"] = _choice(
                "Outcome", ActionReview.Outcome.choices, "Choose closed or carried forward."
            )
            self.fields[f"review_{action.pk}_progress"] = _text("Progress", max_length=2000)

    def criterion_fields(self) -> list[tuple[Criterion, Any, Any]]:
        return [(c, self[f"{c.key}_level"], self[f"{c.key}_note"]) for c in self.criteria]

    def review_fields(self) -> list[tuple[RemedialAction, Any, Any]]:
        return [
            (a, self[f"review_{a.pk}_progress"], self[f"review_{a.pk}_outcome"])
            for a in self.earlier
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("agreed_category") and not (data.get("category_reason") or "").strip():
            self.add_error("category_reason", "Enter the reason for the agreed category.")
        parts = ("action_what", "action_owner", "action_due_on")
        if any(data.get(p) for p in parts) and not any(self.has_error(p) for p in parts):
            messages = {
                "action_what": "Enter what will be done.",
                "action_owner": "Choose who is responsible.",
                "action_due_on": "Enter the due date.",
            }
            for part in parts:
                if not data.get(part) or (part == "action_what" and not data[part].strip()):
                    self.add_error(part, messages[part])
        for action in self.earlier:
            progress = f"review_{action.pk}_progress"
            outcome = f"review_{action.pk}_outcome"
            if (data.get(progress) or "").strip() and not data.get(outcome):
                self.add_error(outcome, "Choose closed or carried forward.")
            if data.get(outcome) and not (data.get(progress) or "").strip():
                self.add_error(progress, "Enter the progress made.")
        return data
