from typing import Any

from django import forms

from fht.forms import BoundedIntegerField
from fht.roles import Role


def _whole_number(*, label: str, low: int, high: int, unit: str, hint: str) -> BoundedIntegerField:
    message = f"Enter the {label} as a whole number of {unit} from {low} to {high}."
    return BoundedIntegerField(
        label=label[0].upper() + label[1:],
        help_text=hint,
        min_value=low,
        max_value=high,
        widget=forms.TextInput({"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


class SessionLimitsForm(forms.Form):
    session_idle_minutes = _whole_number(
        label="minutes without activity before signing out",
        low=5,
        high=480,
        unit="minutes",
        hint="A person who does nothing for this long is signed out: from 5 to 480 minutes.",
    )
    session_lifetime_hours = _whole_number(
        label="hours after signing in before signing out",
        low=1,
        high=24,
        unit="hours",
        hint="Everyone signs in again this long after signing in, active or not: from 1 to 24 "
        "hours.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        idle, lifetime = data.get("session_idle_minutes"), data.get("session_lifetime_hours")
        if idle is not None and lifetime is not None and idle > lifetime * 60:
            self.add_error(
                "session_idle_minutes",
                "The time without activity must not be longer than the session lifetime: make "
                "it shorter, or make the lifetime longer.",
            )
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery "
        "codes.",
        widget=forms.TextInput(
            {
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "class": "govuk-input--width-20",
            }
        ),
        error_messages={
            "required": "Enter the code from your authenticator app or a recovery code."
        },
    )


class ConfirmAppForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        help_text="The 6-digit code the app shows for this account.",
        widget=forms.TextInput(
            {
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app."},
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip().replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the code as 6 digits, like 123456.")
        return code


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        max_length=200,
        strip=False,
        widget=forms.PasswordInput({"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to confirm."},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not right: enter your current password.")
        return str(password)


def _role_choices() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in Role.choices]


class SecuritySettingsForm(forms.Form):
    two_factor_roles = forms.MultipleChoiceField(
        label="Roles that must sign in with two-factor",
        choices=_role_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People holding a ticked role must set up an authenticator app before they "
        "reach anything else, and then give a code each time they sign in.",
        error_messages={"invalid_choice": "Choose roles from the list."},
    )
