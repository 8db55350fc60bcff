from typing import Any

from django import forms

from feed.models import View


class IssueForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What will use it, so you can tell tokens apart, for example 'Power BI board pack'.",
        error_messages={
            "required": "Enter a name for the token.",
            "max_length": "The name must be 100 characters or fewer.",
        },
    )
    view = forms.ChoiceField(
        label="What it reads",
        choices=View.choices,
        widget=forms.RadioSelect,
        help_text="Neither ever includes restricted text (staffing, the head's performance management).",
        error_messages={
            "required": "Choose what the token reads.",
            "invalid_choice": "Choose what the token reads.",
        },
    )

    def __init__(self, *args: Any, views: list[View], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["view"]
        field.choices = [(v.value, v.label) for v in views]  # type: ignore[attr-defined]
        if len(views) == 1:
            field.initial = views[0].value

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the token.")
        return name


class ConfirmForm(forms.Form):
    confirm = forms.ChoiceField(
        choices=[("yes", "Yes")],
        error_messages={
            "required": "Confirm that you want to revoke the token.",
            "invalid_choice": "Confirm that you want to revoke the token.",
        },
    )
