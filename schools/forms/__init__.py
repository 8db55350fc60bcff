"""Forms for administering the trust's schools and clusters. Choices only ever list this trust's."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from fht.forms import BoundedIntegerField, DateField, ModelForm
from fht.models import Trust
from schools import selectors
from schools.models import AcademicYear, Cluster, School
from schools.services import SchoolDetails, urn_free_check

URN_MESSAGE = "Enter the URN as six or seven digits, for example 140412."
ESTABLISHMENT_MESSAGE = (
    "Enter the DfE establishment number as the LA code, a slash and four digits, "
    "for example 891/2001."
)


def _without_max_length(field: forms.Field) -> None:
    """The shape check already bounds the length: one message, and no silent truncation."""
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.widget.attrs.pop("maxlength", None)


def _blank_label(field: forms.Field, label: str) -> None:
    choices = list(field.choices)  # type: ignore[attr-defined]
    if choices and choices[0][0] in ("", None):
        field.choices = [("", label), *choices[1:]]  # type: ignore[attr-defined]


class SchoolForm(ModelForm):
    # Declared, not generated: the generated field would query the scoped manager at import time.
    # Its choices are set per request to this trust's clusters.
    cluster: "forms.ModelChoiceField[Cluster]" = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Cluster",
        empty_label="Not in a cluster",
        error_messages={"invalid_choice": "Choose a cluster from the list."},
    )
    joined_trust_on = DateField(
        label="Date it joined the trust",
        required=False,
        help_text="For example, 1 9 2024. A school about to join can have a date to come.",
    )
    closed_on = DateField(
        label="Date the school closed or left the trust",
        required=False,
        help_text="Clear the day, month and year to reopen the school.",
    )

    class Meta:
        model = School
        fields = [
            "urn",
            "establishment_number",
            "name",
            "phase",
            "local_authority",
            "pupils_on_roll",
            "joined_trust_on",
            "route",
            "governing_body",
            "cluster",
            "closed_on",
        ]
        labels = {
            "name": "School name",
            "route": "Route into the trust",
            "governing_body": "Local governing body",
            "local_authority": "Local authority",
            "pupils_on_roll": "Pupils on roll",
        }
        help_texts = {
            "urn": "The school's unique reference number: six or seven digits.",
            "establishment_number": "The LA code and establishment number, for example 891/2001.",
            "governing_body": "The name of the school's LGB, if it has its own.",
        }
        error_messages = {
            "urn": {"required": "Enter the school's URN.", "invalid": URN_MESSAGE},
            "establishment_number": {"invalid": ESTABLISHMENT_MESSAGE},
            "name": {
                "required": "Enter the school's name.",
                "max_length": "The school's name must be 200 characters or fewer.",
            },
            "pupils_on_roll": {
                "invalid": "Enter the number of pupils on roll as a whole number, for example 412.",
                "min_value": "The number of pupils on roll cannot be less than 0.",
            },
            "local_authority": {
                "max_length": "The local authority must be 120 characters or fewer."
            },
            "governing_body": {
                "max_length": "The local governing body must be 200 characters or fewer."
            },
        }
        widgets = {
            "urn": forms.TextInput(
                {"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": "false"}
            ),
            "establishment_number": forms.TextInput(
                {"class": "govuk-input--width-10", "spellcheck": "false"}
            ),
            "local_authority": forms.TextInput({"class": "govuk-!-width-two-thirds"}),
            "pupils_on_roll": forms.TextInput(
                {"class": "govuk-input--width-5", "inputmode": "numeric"}
            ),
        }

    def __init__(self, *args: Any, trust: Trust, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trust = trust
        self.fields["cluster"].queryset = selectors.trust_clusters(trust=trust)  # type: ignore[attr-defined]
        _blank_label(self.fields["route"], "Not recorded")
        _without_max_length(self.fields["urn"])
        _without_max_length(self.fields["establishment_number"])
        if self.instance.closed_on is None:
            del self.fields["closed_on"]  # an open school is closed on its own page

    # URNs are unique across every trust, and cluster names within one: the services check both
    # and say so in words; the scoped default checks could not see another trust's URN anyway.
    def validate_unique(self) -> None:
        pass

    def validate_constraints(self) -> None:
        pass

    def clean_urn(self) -> str:
        """Say at once that a URN is taken, with the other mistakes (the service checks again)."""
        urn: str = self.cleaned_data["urn"]
        try:
            urn_free_check(urn=urn, trust=self.trust, school_id=self.instance.pk)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return urn

    def details(self) -> SchoolDetails:
        data = self.cleaned_data
        return SchoolDetails(
            urn=data["urn"],
            name=data["name"],
            cluster=data["cluster"],
            establishment_number=data["establishment_number"],
            phase=data["phase"],
            local_authority=data["local_authority"],
            pupils_on_roll=data["pupils_on_roll"],
            joined_trust_on=data["joined_trust_on"],
            route=data["route"],
            governing_body=data["governing_body"],
            closed_on=data.get("closed_on", self.instance.closed_on),
        )


class SchoolCloseForm(forms.Form):
    closed_on = DateField(
        label="Date the school closed or left the trust",
        help_text="For example, 31 8 2026.",
        error_messages={"required": "Enter the date the school closed or left the trust."},
    )


class ClusterForm(ModelForm):
    class Meta:
        model = Cluster
        fields = ["name", "area"]
        labels = {"name": "Cluster name"}
        error_messages = {
            "name": {
                "required": "Enter the cluster's name.",
                "max_length": "The cluster's name must be 120 characters or fewer.",
            },
            "area": {"max_length": "The area must be 120 characters or fewer."},
        }
        widgets = {"area": forms.TextInput({"class": "govuk-!-width-two-thirds"})}

    def validate_unique(self) -> None:
        pass

    def validate_constraints(self) -> None:
        pass


class AcademicYearAddForm(forms.Form):
    starts_in = BoundedIntegerField(
        label="Year the academic year starts",
        help_text="The calendar year of its September, for example 2026 for 2026/27.",
        min_value=2000,
        max_value=2099,
        widget=forms.TextInput({"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the year the academic year starts, for example 2026.",
            "invalid": "Enter the year as four digits, for example 2026.",
            "min_value": "Enter a year from 2000 to 2099.",
            "max_value": "Enter a year from 2000 to 2099.",
        },
    )


class HalfTermDatesForm(forms.Form):
    """The first and last day of each of an academic year's six half-terms."""

    def __init__(self, *args: Any, academic_year: AcademicYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.half_terms = list(academic_year.half_terms.all())
        for half_term in self.half_terms:
            name = half_term.get_name_display()
            for key, day, when in (
                ("starts_on", half_term.starts_on, "First"),
                ("ends_on", half_term.ends_on, "Last"),
            ):
                self.fields[f"{key}_{half_term.number}"] = DateField(
                    label=f"{when} day of {name}",
                    initial=day,
                    error_messages={"required": f"Enter the {when.lower()} day of {name}."},
                )

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (h.get_name_display(), self[f"starts_on_{h.number}"], self[f"ends_on_{h.number}"])
            for h in self.half_terms
        ]

    def dates(self) -> dict[int, tuple[dt.date, dt.date]]:
        data = self.cleaned_data
        return {
            h.number: (data[f"starts_on_{h.number}"], data[f"ends_on_{h.number}"])
            for h in self.half_terms
        }
