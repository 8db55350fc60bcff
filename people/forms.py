"""Forms for administering the trust's people and roles. Every choice is limited to the admin's trust.

The forms check the shape of the input; the services in people.services decide what is allowed
(which role needs a school or a cluster, one head per school, email addresses unique) and the
views put the services' messages next to the right field.
"""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from fht.forms import DateField
from fht.models import Trust, User
from fht.roles import Attached, Role, rule_for
from people import selectors
from people.models import RoleAssignment
from schools.models import Cluster, School


def _roles_attached_to(attached: Attached) -> str:
    return "; ".join(r.label for r in Role if rule_for(r).attached == attached)


class _RoleFields(forms.Form):
    """Role, and the school or cluster it is for; the querysets hold only this trust's objects."""

    role = forms.ChoiceField(
        label="Role",
        choices=[("", "Choose a role"), *Role.choices],
        error_messages={"required": "Choose a role."},
    )
    school: "forms.ModelChoiceField[School]" = forms.ModelChoiceField(
        label="School",
        queryset=None,
        required=False,
        empty_label="Not for one school",
        help_text=f"Needed for: {_roles_attached_to(Attached.SCHOOL)}.",
        error_messages={"invalid_choice": "Choose one of the trust's open schools from the list."},
    )
    cluster: "forms.ModelChoiceField[Cluster]" = forms.ModelChoiceField(
        label="Cluster",
        queryset=None,
        required=False,
        empty_label="Not for a cluster",
        help_text=f"Needed for: {_roles_attached_to(Attached.CLUSTER)}.",
        error_messages={"invalid_choice": "Choose one of the trust's clusters from the list."},
    )

    def __init__(self, *args: Any, trust: Trust, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school_field: forms.ModelChoiceField = self.fields["school"]  # type: ignore[assignment]
        cluster_field: forms.ModelChoiceField = self.fields["cluster"]  # type: ignore[assignment]
        school_field.queryset = School.objects.filter(trust=trust, closed_on__isnull=True).order_by(
            "name"
        )
        cluster_field.queryset = Cluster.objects.filter(trust=trust).order_by("name")


class InviteForm(_RoleFields):
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter the person's full name."},
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="They sign in with this address; the invitation goes to it.",
        error_messages={
            "required": "Enter the person's email address.",
            "invalid": "Enter an email address like name@school.example.org.",
        },
    )
    job_title = forms.CharField(label="Job title", max_length=150, required=False)

    field_order = ["full_name", "email", "job_title", "role", "school", "cluster"]

    def __init__(self, *args: Any, trust: Trust, **kwargs: Any) -> None:
        super().__init__(*args, trust=trust, **kwargs)
        role: forms.ChoiceField = self.fields["role"]  # type: ignore[assignment]
        role.required = False
        role.label = "Role"
        role.choices = [("", "No role yet"), *Role.choices]
        role.help_text = "You can also give roles later, from the person's page."


class RoleGiveForm(_RoleFields):
    starts_on = DateField(
        label="Start date",
        help_text="Today or earlier, for example 1 9 2026. Leave it as it is to start today.",
        error_messages={"required": "Enter the date the role starts."},
    )
    ends_on = DateField(
        label="Planned end date",
        required=False,
        help_text="For example the end of a governor's term. The role ends by itself that day.",
    )

    def __init__(self, *args: Any, trust: Trust, **kwargs: Any) -> None:
        super().__init__(*args, trust=trust, **kwargs)
        self.fields["starts_on"].initial = timezone.localdate()

    def clean_ends_on(self) -> dt.date | None:
        ends_on: dt.date | None = self.cleaned_data.get("ends_on")
        if ends_on is not None and ends_on < timezone.localdate():
            raise forms.ValidationError("The planned end date must be today or in the future.")
        return ends_on


class PersonEditForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter the person's full name."},
    )
    job_title = forms.CharField(label="Job title", max_length=150, required=False)


class ConfirmForm(forms.Form):
    """An explicit 'yes' from the confirmation page's button, so an empty POST changes nothing."""

    confirm = forms.BooleanField(
        error_messages={"required": "Use the button on this page to confirm."},
    )


# --- Directors of QA, from the cluster page ------------------------------------------------------


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})"


class DirectorAllocateForm(forms.Form):
    person = _PersonChoice(
        queryset=None,
        label="Person",
        empty_label="Choose a person",
        help_text="Anyone of the trust who is not already a Director of QA of this cluster.",
        error_messages={
            "required": "Choose the person to allocate.",
            "invalid_choice": "Choose a person from the list.",
        },
    )
    confirmed = forms.BooleanField(required=False, label="Allocate anyway")
    # Set on the warning step, so a second submission without the tick is an error, not a loop.
    warned = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, cluster: Cluster, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.allocation_candidates(cluster=cluster)  # type: ignore[attr-defined]


class DirectorEndForm(forms.Form):
    allocation: "forms.ModelChoiceField[RoleAssignment]" = forms.ModelChoiceField(
        queryset=None,
        error_messages={
            "required": "Choose the allocation to end.",
            "invalid_choice": "That allocation has already ended, or is not one of this cluster's.",
        },
    )

    def __init__(self, *args: Any, cluster: Cluster, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = selectors.director_allocations(cluster=cluster)  # type: ignore[attr-defined]
