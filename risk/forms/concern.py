"""Forms of the schools-causing-concern procedure. Choice fields offer only the trust's own schools
and the school's own plan; forms that change the case carry the version it was opened at. What a
form is built with defaults to the least it may offer (no school, no step, no restricted field)."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet

from fht.forms import BoundedIntegerField, DateField
from isap.models import Action, Priority
from risk.models import ConcernLevel, StepKind, TakenAction
from schools.models import School

TEXT_LIMIT = 5000
_LEVELS = [(str(v), label) for v, label in ConcernLevel.choices]


def _text(label: str, *, required: bool = True, rows: int = 4, help_text: str = "") -> Any:
    messages = {
        "required": f"Enter {label[0].lower() + label[1:]}.",
        "max_length": f"Keep it to {TEXT_LIMIT} characters or fewer.",
    }
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea({"rows": rows}),
        error_messages=messages,
    )


def _level_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=_LEVELS,
        coerce=int,
        error_messages={
            "required": "Choose a level from 1 to 4.",
            "invalid_choice": "Choose a level from 1 to 4.",
        },
    )


def _version() -> BoundedIntegerField:
    again = "Reload the page and make your change again."
    return BoundedIntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "This form was sent without the version it was opened at. " + again,
            "invalid": again,
            "min_value": again,
        },
    )


class OnTheCasePage(forms.Form):
    """A form of the case page, which holds several: its fields' ids start with `id_prefix`, so
    no two forms share an id (the names posted stay the fields' own)."""

    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class OpenCaseForm(forms.Form):
    school = SchoolChoiceField(
        queryset=School.objects.none(),
        label="School",
        empty_label="Choose a school",
        error_messages={
            "required": "Choose the school.",
            "invalid_choice": "Choose a school of the trust without an open case.",
        },
    )
    level = _level_field("Level to open the case at")
    opened_on = DateField(label="Date of the decision", help_text="For example, 2 11 2026.")
    reason = _text("Reason", help_text="Why the school enters the procedure at this level.")
    issues = _text(
        "The concerns",
        required=False,
        help_text="What the letters will set out. You can change it later.",
    )

    def __init__(self, *args: Any, schools: QuerySet[School] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = (  # type: ignore[attr-defined]
            School.objects.none() if schools is None else schools
        )


class LevelForm(OnTheCasePage):
    id_prefix = "level"
    to_level = _level_field("New level")
    decided_on = DateField(label="Date of the decision", help_text="For example, 2 11 2026.")
    reason = _text("Reason for the change")
    version = _version()


class CloseForm(OnTheCasePage):
    id_prefix = "close"
    closed_on = DateField(label="Date the school leaves the procedure")
    reason = _text("Reason for closing the case")
    version = _version()


class StepForm(OnTheCasePage):
    id_prefix = "step"
    kind = forms.ChoiceField(
        label="Step",
        error_messages={
            "required": "Choose the step.",
            "invalid_choice": "Choose a step the case's level requires.",
        },
    )
    done_on = DateField(label="Date it was done", help_text="For example, 2 11 2026.")
    note = _text("What was done", help_text="Who was there, what was said or sent, the evidence.")
    taken_action = forms.ChoiceField(
        label="The action taken (level 4)",
        required=False,
        choices=[("", "Not a level-4 action"), *TakenAction.choices],
        error_messages={"invalid_choice": "Choose the action taken."},
    )

    def __init__(self, *args: Any, kinds: Sequence[StepKind] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose a step"), *((k.value, k.label) for k in kinds)]  # type: ignore[attr-defined]


class LetterTextForm(OnTheCasePage):
    id_prefix = "text"
    issues = _text("The concerns", required=False)
    actions_to_follow = _text(
        "The actions that will follow if improvements are not made", required=False
    )
    performance_management = _text(
        "Implications for the head teacher's performance management (restricted)",
        required=False,
        help_text="Only in the restricted edition of the letter to the LGB.",
    )
    version = _version()

    def __init__(self, *args: Any, restricted: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not restricted:
            del self.fields["performance_management"]


class IsapLinkForm(OnTheCasePage):
    """A priority of this year's plan whose source is the case, or one of its actions."""

    id_prefix = "isap"

    item = forms.ChoiceField(
        label="Priority or action",
        error_messages={
            "required": "Choose the priority or action that amends the plan.",
            "invalid_choice": "Choose a priority or action of this school's plan.",
        },
    )

    def __init__(
        self,
        *args: Any,
        priorities: QuerySet[Priority] | None = None,
        actions: QuerySet[Action] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.priorities = {p.pk: p for p in (priorities or Priority.objects.none())}
        self.actions = {a.pk: a for a in (actions or Action.objects.none())}
        choices = [("", "Choose a priority or action")]
        for p in self.priorities.values():
            choices.append((f"p{p.pk}", f"Priority {p.number}: {p.title}"))
            choices += [
                (f"a{a.pk}", f"Action of priority {p.number}: {a.what[:80]}")
                for a in self.actions.values()
                if a.priority_id == p.pk
            ]
        self.fields["item"].choices = choices  # type: ignore[attr-defined]

    def chosen(self) -> tuple[Priority, Action | None]:
        item: str = self.cleaned_data["item"]
        if item.startswith("a"):
            action = self.actions[int(item[1:])]
            return self.priorities[action.priority_id], action
        return self.priorities[int(item[1:])], None
