"""Forms of the support deployed under a plan, and its impact."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from fht.forms import DateField, FiniteDecimalField
from fht.models import User
from isap.forms.fields import COST_MESSAGE, DAYS_MESSAGE, PersonChoiceField, VersionedForm, _text
from isap.models import Deployment


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
