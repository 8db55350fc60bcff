"""What the action plan's forms share: the choice fields, the version check against silent
overwrites, and the text and number fields with their messages."""

from typing import Any

from django import forms

from fht.forms import BoundedIntegerField, FiniteDecimalField

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


def _text(label: str, *, required: bool = True, max_length: int | None = None, **kw: Any) -> Any:
    messages = {"required": f"Enter {label[0].lower() + label[1:]}."}
    if max_length:
        messages["max_length"] = f"{label} must be {max_length} characters or fewer."
    return forms.CharField(
        label=label, required=required, max_length=max_length, error_messages=messages, **kw
    )


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


DAYS_MESSAGE = "Enter the days as a number from 0.5 to 60, in half days, for example 2 or 1.5."
COST_MESSAGE = "Enter the cost in pounds, for example 450 or 1200.50."
