from typing import Any

from django import forms

from audit.models import Kind
from fht.forms import DateField


class EventFilterForm(forms.Form):
    """The audit trail's filters, read from the page's address (a GET form)."""

    kind = forms.ChoiceField(
        label="What happened", choices=[("", "All events"), *Kind.choices], required=False
    )
    person = forms.CharField(
        label="Person (name or email)", max_length=150, required=False, strip=True
    )
    date_from = DateField(label="From", required=False, help_text="For example 27 3 2026.")
    date_to = DateField(label="To", required=False, help_text="For example 31 3 2026.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'To' date must be the same as or after the 'From' date.")
        return data
