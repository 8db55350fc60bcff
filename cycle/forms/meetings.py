"""The meetings' forms: a new meeting, a decision, an action, the review of an earlier action and
the data date of the pack. Choices offer only the trust's hubs and people."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from cycle.models import CycleActionReview, Kind
from fht.forms import DateField
from fht.models import User
from schools.models import Cluster

TEXT_MAX = 5000


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


def _text(label: str, message: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        widget=forms.Textarea({"class": "govuk-!-width-full", "rows": 3}),
        error_messages={
            "required": message,
            "max_length": f"{label} must be {TEXT_MAX} characters or fewer.",
        },
    )


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of meeting", error_messages={"required": "Choose the kind of meeting."}
    )
    held_on = DateField(
        label="Date of the meeting",
        help_text="For example, 27 3 2027.",
        error_messages={"required": "Enter the date of the meeting."},
    )
    cluster = forms.ModelChoiceField(
        label="Hub (cluster)",
        required=False,
        queryset=Cluster.objects.none(),
        help_text="Only for hub heads' and governor hub meetings.",
        error_messages={"invalid_choice": "Choose one of the trust's hubs."},
    )
    title = forms.CharField(
        label="Title",
        required=False,
        max_length=200,
        help_text="Leave empty for the usual title, for example 'North: hub heads' meeting'.",
        error_messages={"max_length": "Give a title of 200 characters or fewer."},
    )

    def __init__(
        self, *args: Any, kinds: list[str], clusters: QuerySet[Cluster], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "Choose"), *((k, Kind(k).label) for k in kinds)]
        kind.error_messages["invalid_choice"] = "Choose one of the kinds offered."
        cluster_field = self.fields["cluster"]
        assert isinstance(cluster_field, forms.ModelChoiceField)
        cluster_field.queryset = clusters
        cluster_field.empty_label = "None (a trust-wide meeting)"


class DecisionForm(forms.Form):
    text = _text("Decision", "Enter the decision.")


class ActionForm(forms.Form):
    what = _text("What will be done", "Enter what will be done.")
    owner = PersonChoiceField(
        label="Owner",
        queryset=User.objects.none(),
        error_messages={
            "required": "Choose who owns the action.",
            "invalid_choice": "Choose a person of the trust.",
        },
    )
    due_on = DateField(label="Due by", error_messages={"required": "Enter the due date."})

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = people


class ReviewForm(forms.Form):
    progress = _text("Progress", "Enter the progress made.")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("", "Choose"), *CycleActionReview.Outcome.choices],
        error_messages={
            "required": "Choose closed or carried forward.",
            "invalid_choice": "Choose closed or carried forward.",
        },
    )


class PackForm(forms.Form):
    data_date = DateField(
        label="Data as of",
        required=False,
        help_text="The date the pack's data is taken on. Leave empty for today.",
    )
