"""Forms for the action plan. They check shape (dates, numbers, choices limited to the trust and the
school); the services check the rules that need the database."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from fht.forms import BoundedIntegerField, DateField, FiniteDecimalField
from fht.models import User
from isap.models import Action, Deployment, Priority, Signature, Source
from qa_visits.models import Visit
from qa_visits.sections import Rag
from returns.measures import Measure
from schools.models import AcademicYear

WIDE = {"class": "govuk-!-width-full"}


def _chosen_by_hand(choices: list[tuple[str, str]], carried: str) -> list[tuple[str, str]]:
    """The statuses a person may choose: 'carried forward' is set only by starting next year's
    plan."""
    return [c for c in choices if c[0] != carried]


def _keep_carried(form: forms.Form, status: Any) -> None:
    """A record already carried forward keeps that status as a choice, so its other fields can
    still be corrected."""
    if "status" in form.fields and form.initial.get("status") == status.CARRIED:
        field = form.fields["status"]
        field.choices = [*field.choices, (status.CARRIED, status.CARRIED.label)]  # type: ignore[attr-defined]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


class VisitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"QA visit, {obj.date:%d %B %Y}".replace(" 0", " ")


class YearChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class VersionedForm(forms.Form):
    """A form that edits a record with a version: the version it was opened at comes back with
    it, and is required whenever the form edits (its initial data carries one), so no save
    can skip the check that refuses to overwrite a newer change."""

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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].required = "version" in self.initial


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


def _text(label: str, *, required: bool = True, max_length: int | None = None, **kw: Any) -> Any:
    messages = {"required": f"Enter {label[0].lower() + label[1:]}."}
    if max_length:
        messages["max_length"] = f"{label} must be {max_length} characters or fewer."
    return forms.CharField(
        label=label, required=required, max_length=max_length, error_messages=messages, **kw
    )


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


TARGET_NUMBER = "Enter the {} as a number, for example 96.5."


def _number(label: str, *, required: bool) -> FiniteDecimalField:
    message = TARGET_NUMBER.format(label)
    return FiniteDecimalField(
        label=label.capitalize(),
        required=required,
        max_digits=7,
        decimal_places=1,
        widget=forms.TextInput({"class": "govuk-input--width-5", "inputmode": "decimal"}),
        error_messages={
            "required": f"Enter the {label}.",
            "invalid": message,
            "max_digits": message,
            "max_decimal_places": "Use at most one decimal place, for example 96.5.",
            "max_whole_digits": message,
        },
    )


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


class ActionForm(VersionedForm):
    """The whole action, for those who manage the plan; heads get only their fields
    (`fields=`), and the version the form was opened at travels with it."""

    what = _text("What will be done", widget=forms.Textarea({"rows": 3}))
    owner = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Person responsible",
        empty_label="Nobody named: a role is responsible",
        error_messages={"invalid_choice": "Choose a person from the list."},
    )
    owner_role = _text(
        "Role responsible",
        required=False,
        max_length=100,
        help_text="A named role at the school, for example 'Maths lead' or 'SENCo'.",
    )
    starts_on = DateField(label="Start date", help_text="For example, 7 9 2026.")
    due_on = DateField(label="Due date", help_text="For example, 18 12 2026.")
    status = forms.ChoiceField(
        label="Status",
        choices=_chosen_by_hand(Action.Status.choices, Action.Status.CARRIED),
        error_messages={"invalid_choice": "Choose a status from the list."},
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        required=False,
        choices=[("", "Not rated"), *Rag.choices],
        error_messages={"invalid_choice": "Choose a RAG rating from the list."},
    )
    school_impact = _text(
        "The school's judgement of impact", required=False, widget=forms.Textarea({"rows": 3})
    )
    director_impact = _text(
        "The Director of QA's judgement of impact",
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[User],
        fields: tuple[str, ...] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        _keep_carried(self, Action.Status)
        self.fields["starts_on"].error_messages["required"] = "Enter the start date."
        self.fields["due_on"].error_messages["required"] = "Enter the due date."
        if fields is not None:
            for name in list(self.fields):
                if name not in fields and name != "version":
                    del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        nobody = "owner" in self.fields and not data.get("owner") and not data.get("owner_role")
        if nobody and not self.has_error("owner") and not self.has_error("owner_role"):
            self.add_error("owner", "Choose the person responsible, or name the role responsible.")
        starts, due = data.get("starts_on"), data.get("due_on")
        if starts and due and due < starts:
            self.add_error("due_on", "The due date must be on or after the start date.")
        return data

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class NoteForm(forms.Form):
    written_on = DateField(label="Date", help_text="For example, 20 11 2026.")
    text = _text("The note", widget=forms.Textarea({"rows": 4}))
    evidence_file = forms.FileField(
        label="Evidence file",
        required=False,
        help_text="PDF, Word, Excel, PowerPoint, PNG, JPG, text or CSV, smaller than 10 MB. "
        "It is kept privately: only those who read the plan can open it.",
        error_messages={"invalid": "The file could not be read. Choose it again."},
    )
    evidence_link = forms.URLField(
        label="Or a link to the evidence",
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(WIDE),
        help_text="For example, a document on the school's SharePoint.",
        error_messages={
            "invalid": "Enter the link as a web address, for example https://example.org/file.",
            "max_length": "The link must be 500 characters or fewer.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["written_on"].error_messages["required"] = "Enter the date of the note."


DAYS_MESSAGE = "Enter the days as a number from 0.5 to 60, in half days, for example 2 or 1.5."
COST_MESSAGE = "Enter the cost in pounds, for example 450 or 1200.50."


class DeploymentForm(VersionedForm):
    provider = forms.ChoiceField(
        label="Provider role",
        choices=[("", "Choose a role"), *Deployment.Provider.choices],
        error_messages={
            "required": "Choose the provider's role.",
            "invalid_choice": "Choose a provider role from the list.",
        },
    )
    person = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Person deployed",
        empty_label="Someone outside the trust",
        error_messages={"invalid_choice": "Choose a person from the list."},
    )
    provider_name = _text(
        "Provider's name",
        required=False,
        max_length=150,
        help_text="For someone outside the trust.",
    )
    days = FiniteDecimalField(
        label="Days",
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=Decimal("60"),
        step_size=Decimal("0.5"),
        widget=forms.TextInput({"class": "govuk-input--width-3", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the number of days.",
            "invalid": DAYS_MESSAGE,
            "min_value": DAYS_MESSAGE,
            "max_value": DAYS_MESSAGE,
            "step_size": DAYS_MESSAGE,
            "max_digits": DAYS_MESSAGE,
            "max_decimal_places": DAYS_MESSAGE,
            "max_whole_digits": DAYS_MESSAGE,
        },
    )
    cost = FiniteDecimalField(
        label="Cost (£)",
        max_digits=9,
        decimal_places=2,
        min_value=Decimal(0),
        initial=Decimal(0),
        help_text="0 for trust staff's time from the core offer.",
        widget=forms.TextInput({"class": "govuk-input--width-5", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the cost, or 0.",
            "invalid": COST_MESSAGE,
            "min_value": COST_MESSAGE,
            "max_digits": COST_MESSAGE,
            "max_decimal_places": COST_MESSAGE,
            "max_whole_digits": COST_MESSAGE,
        },
    )
    funder = forms.ChoiceField(
        label="Who pays",
        choices=Deployment.Funder.choices,
        error_messages={
            "required": "Choose who pays.",
            "invalid_choice": "Choose who pays from the list.",
        },
    )
    starts_on = DateField(label="Start date", help_text="For example, 12 10 2026.")
    desired_outcome = _text("Desired outcome", widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["starts_on"].error_messages["required"] = "Enter the start date."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        nobody = not data.get("person") and not (data.get("provider_name") or "").strip()
        if nobody and not self.has_error("person") and not self.has_error("provider_name"):
            self.add_error(
                "person", "Choose the person deployed, or give an external provider's name."
            )
        return data


class ImpactForm(VersionedForm):
    impact = _text(
        "Impact",
        widget=forms.Textarea({"rows": 5}),
        help_text="What changed because of the support, and how you know.",
    )


class SignForm(forms.Form):
    signatory = forms.ChoiceField(
        choices=Signature.Signatory.choices,
        error_messages={
            "required": "Choose whom you sign for.",
            "invalid_choice": "Choose whom you sign for.",
        },
    )
