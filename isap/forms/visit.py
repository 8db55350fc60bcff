"""The form a QA visit records on the school's action plan with: which open actions the visit
discussed (with the RAG rating each has after it, and a comment) and up to three new actions from
its agreed next steps. It checks shape; `isap.services.visit_actions_record` writes."""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.http import QueryDict

from fht.forms import DateField
from fht.rag import Rag
from isap.models import Action, Priority, VisitActionReview
from isap.selectors.visit import VisitActionsPage
from isap.services import ActionReviewData

NEW_ROWS = 3
RAG_AFTER = [("", "Unchanged"), *((r.value, str(r.label)) for r in (Rag.RED, Rag.AMBER, Rag.GREEN))]
NEW_FIELDS = ("priority", "what", "owner", "owner_role", "starts_on", "due_on")
# A posted field of an action: 'a12-discussed', 'a12-rag', 'a12-comment'.
_ACTION_FIELD = re.compile(r"^a(\d+)-(discussed|rag|comment)$")
STALE = (
    "An action on this page is no longer one of the plan's open actions (it may have been "
    "completed or dropped meanwhile). Open the page again and record the visit's actions."
)


def _field_name(action: Action, part: str) -> str:
    return f"a{action.pk}-{part}"


def _new_name(row: int, part: str) -> str:
    return f"n{row}-{part}"


@dataclass(frozen=True)
class ActionRow:
    """One open action on the page with its fields (`discussed` is None once it is recorded)."""

    action: Action
    review: VisitActionReview | None
    discussed: BoundField | None
    rag: BoundField
    comment: BoundField


@dataclass(frozen=True)
class NewRow:
    number: int
    priority: BoundField
    what: BoundField
    owner: BoundField
    owner_role: BoundField
    starts_on: BoundField
    due_on: BoundField

    # For the template, which lays the row out in pairs.
    @property
    def top(self) -> list[BoundField]:
        return [self.priority, self.what]

    @property
    def responsible(self) -> list[BoundField]:
        return [self.owner, self.owner_role]

    @property
    def dates(self) -> list[BoundField]:
        return [self.starts_on, self.due_on]


class VisitActionsForm(forms.Form):
    def __init__(self, data: QueryDict | None, *, page: VisitActionsPage) -> None:
        super().__init__(data)
        self.page = page
        # Where each field is, for the error summary: the action or the new row it belongs to.
        self.where: dict[str, str] = {}
        for action in page.actions:
            self._add_action_fields(action, page.reviews.get(action.pk))
        for row in range(1, NEW_ROWS + 1):
            self._add_new_row(row)

    def _add_action_fields(self, action: Action, review: VisitActionReview | None) -> None:
        where = f"'{action.what[:60]}{'…' if len(action.what) > 60 else ''}'"
        if review is None:
            self.fields[_field_name(action, "discussed")] = forms.BooleanField(
                label="Discussed at this visit", required=False
            )
        self.fields[_field_name(action, "rag")] = forms.ChoiceField(
            label="RAG rating after the visit",
            choices=RAG_AFTER,
            required=False,
            initial=review.rag_after if review else "",
            error_messages={"invalid_choice": "Choose red, amber, green or unchanged."},
        )
        self.fields[_field_name(action, "comment")] = forms.CharField(
            label="Comment",
            required=False,
            max_length=2000,
            initial=review.comment if review else "",
            widget=forms.Textarea({"rows": 2}),
            error_messages={"max_length": "The comment must be 2,000 characters or fewer."},
        )
        for part in ("discussed", "rag", "comment"):
            self.where[_field_name(action, part)] = where

    def _add_new_row(self, row: int) -> None:
        fields: dict[str, forms.Field] = {
            "priority": forms.ChoiceField(
                label="Priority",
                required=False,
                choices=[
                    ("", "Choose a priority"),
                    *((str(p.pk), f"Priority {p.number}: {p.title}") for p in self.page.priorities),
                ],
                error_messages={"invalid_choice": "Choose a priority of this plan."},
            ),
            "what": forms.CharField(
                label="What will be done",
                required=False,
                max_length=1000,
                widget=forms.Textarea({"rows": 2}),
                error_messages={"max_length": "Describe the action in 1,000 characters or fewer."},
            ),
            "owner": forms.ChoiceField(
                label="Person responsible",
                required=False,
                choices=[
                    ("", "Nobody named: a role instead"),
                    *((str(p.pk), f"{p.full_name} ({roles})") for p, roles in self.page.people),
                ],
                error_messages={"invalid_choice": "Choose one of the school's people."},
            ),
            "owner_role": forms.CharField(
                label="Or the role responsible",
                required=False,
                max_length=100,
                help_text="For example, Maths lead or SENCo.",
                error_messages={"max_length": "The role must be 100 characters or fewer."},
            ),
            "starts_on": DateField(label="Start date", required=False),
            "due_on": DateField(label="Due date", required=False),
        }
        for part, field in fields.items():
            self.fields[_new_name(row, part)] = field
            self.where[_new_name(row, part)] = f"New action {row}"

    # --- checking ---------------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._refuse_unknown_actions()
        for action in self.page.actions:
            self._clean_review(action, data)
        for row in range(1, NEW_ROWS + 1):
            self._clean_new_row(row, data)
        return data

    def _refuse_unknown_actions(self) -> None:
        """A posted action that is not an open action of this plan: one closed since the page was
        opened, or an id typed in by hand. Nothing is saved."""
        known = {a.pk for a in self.page.actions}
        for name, value in self.data.items():
            match = _ACTION_FIELD.match(name)
            if match and value and int(match.group(1)) not in known:
                self.add_error(None, STALE)
                return

    def _discussed(self, action: Action, data: dict[str, Any]) -> bool:
        return action.pk in self.page.reviews or bool(data.get(_field_name(action, "discussed")))

    def _clean_review(self, action: Action, data: dict[str, Any]) -> None:
        typed = data.get(_field_name(action, "rag")) or data.get(_field_name(action, "comment"))
        if typed and not self._discussed(action, data):
            self.add_error(
                _field_name(action, "discussed"),
                "Tick 'Discussed at this visit' to record a RAG rating or a comment.",
            )

    def _filled(self, row: int, data: dict[str, Any]) -> bool:
        names = [_new_name(row, part) for part in NEW_FIELDS]
        return any(data.get(n) for n in names) or any(n in self.errors for n in names)

    def _require(self, name: str, data: dict[str, Any], message: str) -> None:
        if not data.get(name) and name not in self.errors:
            self.add_error(name, message)

    def _clean_new_row(self, row: int, data: dict[str, Any]) -> None:
        """A row is saved only if 'what' is filled; anything else typed in it needs the rest."""
        if not self._filled(row, data):
            return

        def field(part: str) -> str:
            return _new_name(row, part)

        self._require(field("what"), data, "Enter what will be done, or clear this row.")
        self._require(field("priority"), data, "Choose the priority the action serves.")
        if not data.get(field("owner_role")) and field("owner_role") not in self.errors:
            self._require(
                field("owner"), data, "Choose the person responsible, or name the role responsible."
            )
        self._require(field("starts_on"), data, "Enter the start date.")
        self._require(field("due_on"), data, "Enter the due date.")
        starts_on: dt.date | None = data.get(field("starts_on"))
        due_on: dt.date | None = data.get(field("due_on"))
        if starts_on and due_on and due_on < starts_on:
            self.add_error(field("due_on"), "The due date must be on or after the start date.")

    # --- what the service needs (after is_valid) ------------------------------------------------

    def reviews(self) -> list[ActionReviewData]:
        """The actions discussed, each with the RAG rating it has after the visit ('unchanged'
        keeps the one it has) and the comment. A recorded review left as it was is not saved
        again."""
        data = self.cleaned_data
        out = []
        for action in self.page.actions:
            if not self._discussed(action, data):
                continue
            rag_after = data.get(_field_name(action, "rag")) or action.rag
            comment = data.get(_field_name(action, "comment"), "")
            review = self.page.reviews.get(action.pk)
            if review and (review.rag_after, review.comment) == (rag_after, comment):
                continue
            out.append(ActionReviewData(action=action, rag_after=rag_after, comment=comment))
        return out

    def new_actions(self) -> list[tuple[Priority, dict[str, Any]]]:
        data = self.cleaned_data
        priorities = {str(p.pk): p for p in self.page.priorities}
        people = {str(p.pk): p for p, _ in self.page.people}
        out = []
        for row in range(1, NEW_ROWS + 1):
            what = data.get(_new_name(row, "what"))
            if not what:
                continue
            values = {
                "what": what,
                "owner": people.get(data.get(_new_name(row, "owner")) or ""),
                "owner_role": data.get(_new_name(row, "owner_role"), ""),
                "starts_on": data[_new_name(row, "starts_on")],
                "due_on": data[_new_name(row, "due_on")],
            }
            out.append((priorities[data[_new_name(row, "priority")]], values))
        return out

    # --- the page -----------------------------------------------------------------------------------

    def groups(self) -> list[tuple[Priority, list[ActionRow]]]:
        def row(action: Action) -> ActionRow:
            discussed = _field_name(action, "discussed")
            return ActionRow(
                action=action,
                review=self.page.reviews.get(action.pk),
                discussed=self[discussed] if discussed in self.fields else None,
                rag=self[_field_name(action, "rag")],
                comment=self[_field_name(action, "comment")],
            )

        return [(g.priority, [row(a) for a in g.actions]) for g in self.page.groups]

    def new_rows(self) -> list[NewRow]:
        return [
            NewRow(row, *(self[_new_name(row, part)] for part in NEW_FIELDS))
            for row in range(1, NEW_ROWS + 1)
        ]

    def error_links(self) -> list[tuple[str, str]]:
        """The error summary's lines, in page order, each naming the action or row it is about."""
        first = next(iter(self.fields), "")
        links = [(f"#id_{first}", str(e)) for e in self.non_field_errors()]
        for name, field in self.fields.items():
            grouped = isinstance(field.widget, forms.MultiWidget)
            anchor = f"#id_{name}_0" if grouped else f"#id_{name}"
            links += [(anchor, f"{self.where[name]}: {e}") for e in self.errors.get(name, [])]
        return links
