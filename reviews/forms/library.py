"""Forms of the effective-practice library: an entry's title, theme, description and contact (on
its page and from a QA visit's strengths), and the one-click 'add to the action plan' of a review's
challenge."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from fht.forms import BoundedIntegerField
from fht.models import User
from reviews.models import AreaKey

WIDE = {"class": "govuk-!-width-full"}
# The visit page's panel form and the page it posts to name their fields alike.
VISIT_FORM_PREFIX = "practice"


class ContactChoiceField(forms.ModelChoiceField):
    """One of the school's people; a forged or absurd id is 'not one of the list', never a 500."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        try:
            number = int(str(value).strip()) if len(str(value)) <= 20 else None
        except ValueError:
            number = None
        if number is None or not 0 < number < 2**63:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(number)


class EntryForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        widget=forms.TextInput(WIDE),
        help_text="What the school does well, in a few words.",
        error_messages={
            "required": "Enter a title.",
            "max_length": "The title must be 200 characters or fewer.",
        },
    )
    theme = forms.ChoiceField(
        label="Theme",
        choices=[("", "Choose a theme"), *AreaKey.choices],
        error_messages={
            "required": "Choose a theme.",
            "invalid_choice": "Choose a theme from the list.",
        },
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=5000,
        widget=forms.Textarea({"rows": 5}),
        help_text="What they do, and what difference it makes.",
        error_messages={"max_length": "The description must be 5,000 characters or fewer."},
    )
    contact = ContactChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Who to ask about it",
        empty_label="No one named",
        error_messages={"invalid_choice": "Choose one of the school's people from the list."},
    )

    def __init__(self, *args: Any, contacts: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts  # type: ignore[attr-defined]


class ChallengeForm(forms.Form):
    challenge_id = BoundedIntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "Choose a challenge to add to the action plan.",
            "invalid": "Choose a challenge to add to the action plan.",
            "min_value": "Choose a challenge to add to the action plan.",
        },
    )
