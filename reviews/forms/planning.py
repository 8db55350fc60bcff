"""Forms of the planning part: the plan (year, days, team) and the schedule's rows.

Choice fields offer only what the service would accept (the trust's years, the people who may
take each place, the review's days, the schedule's own rows): a forged or another trust's id is a
choice not on the list, refused beside its field. Built without them, a form offers nothing."""

import datetime as dt
from typing import Any

from django import forms

from fht.forms import DateField
from reviews.selectors.planning import TeamChoices
from reviews.services.planning import TEXT_LIMIT, ActivityRow, TeamPlan
from schools.models import AcademicYear

TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M", "%H"]
# What a form offers when built without choices: no one (the least it may offer).
NO_ONE = TeamChoices(leads=[], directors=[], members=[], peer_heads=[], own_heads=[])
MAX_ROWS = 60


def _id_choice(label: str, choices: list[tuple[int | str, str]], **messages: str) -> Any:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=choices,
        error_messages={"invalid_choice": messages["invalid"], "required": messages["required"]},
        required=messages.get("optional") is None,
        empty_value=None,
    )


class PlanForm(forms.Form):
    """The review's days and team; on a new plan also its academic year."""

    academic_year = forms.TypedChoiceField(
        label="Academic year",
        coerce=int,
        empty_value=None,
        error_messages={
            "required": "Choose the academic year.",
            "invalid_choice": "Choose an academic year from the list.",
        },
    )
    starts_on = DateField(
        label="First day",
        help_text="For example, 10 3 2027. A review usually takes two school days.",
        error_messages={"required": "Enter the review's first day."},
    )
    ends_on = DateField(
        label="Last day",
        help_text="The same as the first day for a one-day review.",
        error_messages={"required": "Enter the review's last day."},
    )

    def __init__(
        self,
        *args: Any,
        choices: TeamChoices | None = None,
        years: list[AcademicYear] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = choices or NO_ONE
        if years is None:
            del self.fields["academic_year"]
        else:
            self.fields["academic_year"].choices = [(y.pk, str(y)) for y in years]  # type: ignore[attr-defined]
        people = [(p.pk, p.full_name) for p in choices.members]
        self.fields["lead"] = _id_choice(
            "Lead reviewer",
            [("", "Choose who leads"), *((p.pk, p.full_name) for p in choices.leads)],
            invalid="Choose who leads the review from the list.",
            required="Choose who leads the review (the school's Director of QA).",
        )
        self.fields["lead"].help_text = (
            "The school's Director of QA."
            if choices.directors
            else "The school's cluster has no Director of QA: the CEO or deputy CEO leads."
        )
        for name, label, hint in (
            ("improvement", "School-improvement team", "Members of the trust's central team."),
            ("business", "Business and operations team", "Finance, staffing, estates, safety."),
        ):
            self.fields[name] = forms.TypedMultipleChoiceField(
                label=label,
                coerce=int,
                choices=people,
                required=False,
                help_text=hint,
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "invalid_choice": "Choose members of the trust's central team from the list.",
                    "invalid_list": "Choose members of the trust's central team from the list.",
                },
            )
        self.fields["peer_head"] = _id_choice(
            "Head teacher from another school",
            [("", "Not chosen yet"), *((h.person.pk, h.label) for h in choices.peer_heads)],
            invalid="Choose a head teacher of another school of the trust from the list.",
            required="",
            optional="yes",
        )
        self.fields["peer_head"].help_text = "Never the school's own head."

    def team(self) -> TeamPlan:
        data = self.cleaned_data
        return TeamPlan(
            lead_id=data.get("lead"),
            improvement_ids=list(data.get("improvement") or []),
            business_ids=list(data.get("business") or []),
            peer_head_id=data.get("peer_head"),
        )


def _time(label: str, *, required: bool) -> forms.TimeField:
    message = "Enter a time like 9:00 or 13:30."
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(
            {"class": "govuk-input--width-5", "inputmode": "numeric"}, format="%H:%M"
        ),
        error_messages={"required": "Enter the start time, like 9:00.", "invalid": message},
    )


class ActivityForm(forms.Form):
    """One row of the schedule. `activity` is the row's own id, hidden (empty on a new row)."""

    activity = forms.TypedChoiceField(
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "This row is not part of the schedule: reload the page."},
    )
    day = forms.TypedChoiceField(
        label="Day",
        coerce=dt.date.fromisoformat,
        error_messages={
            "required": "Choose the day.",
            "invalid_choice": "Choose one of the review's days.",
        },
    )
    starts_at = _time("From", required=True)
    ends_at = _time("Until", required=False)
    what = forms.CharField(
        label="What",
        max_length=TEXT_LIMIT,
        error_messages={
            "required": "Enter what happens.",
            "max_length": f"Keep it to {TEXT_LIMIT} characters or fewer.",
        },
    )
    who = forms.CharField(
        label="With whom",
        max_length=TEXT_LIMIT,
        required=False,
        error_messages={"max_length": f"Keep it to {TEXT_LIMIT} characters or fewer."},
    )
    remove = forms.BooleanField(label="Remove this row", required=False)

    def __init__(
        self,
        *args: Any,
        days: list[dt.date] | None = None,
        activity_ids: list[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        days, activity_ids = days or [], activity_ids or []
        self.fields["activity"].choices = [("", ""), *((pk, str(pk)) for pk in activity_ids)]  # type: ignore[attr-defined]
        self.fields["day"].choices = [  # type: ignore[attr-defined]
            ("", "Choose the day"),
            *((d.isoformat(), f"{d:%A %-d %B}") for d in days),
        ]

    @property
    def is_existing(self) -> bool:
        return bool(self.initial.get("activity"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("remove"):
            # A row being removed needs nothing else right.
            for name in ("day", "starts_at", "ends_at", "what", "who"):
                self.errors.pop(name, None)
            return data
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The end time must be after the start time.")
        return data

    def row(self) -> ActivityRow:
        data = self.cleaned_data
        if data.get("remove"):
            return ActivityRow(
                day=dt.date.min,
                starts_at=dt.time(0),
                what="",
                activity_id=data.get("activity"),
                remove=True,
            )
        return ActivityRow(
            day=data["day"],
            starts_at=data["starts_at"],
            ends_at=data.get("ends_at"),
            what=data["what"],
            who=data.get("who") or "",
            activity_id=data.get("activity"),
        )


class BaseScheduleFormSet(forms.BaseFormSet):
    def __init__(
        self, *args: Any, days: list[dt.date], activity_ids: list[int], **kwargs: Any
    ) -> None:
        self.days = days
        self.activity_ids = activity_ids
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"days": self.days, "activity_ids": self.activity_ids}

    def clean(self) -> None:
        seen: set[int] = set()
        for form in self.forms:
            pk = form.cleaned_data.get("activity") if hasattr(form, "cleaned_data") else None
            if pk is not None and pk in seen:
                raise forms.ValidationError("A row was sent twice: reload the page.")
            if pk is not None:
                seen.add(pk)

    def rows(self) -> list[ActivityRow]:
        """Every row there was (the service saves only what differs) and the new rows filled in."""
        return [
            f.row()
            for f in self.forms
            if f.cleaned_data and (f.cleaned_data.get("activity") or f.has_changed())
        ]


ScheduleFormSet: type[BaseScheduleFormSet] = forms.formset_factory(  # type: ignore[assignment]
    ActivityForm,
    formset=BaseScheduleFormSet,
    extra=0,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)
