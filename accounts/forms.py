from typing import Any

from django import forms

from fht.forms import BoundedIntegerField


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
