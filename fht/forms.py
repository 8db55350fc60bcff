import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render


class SignInForm(AuthenticationForm):
    """Sign in with an email address; the error does not say whether the address exists."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct email address and password.",
    }


# No number the product takes needs more characters or digits than this: longer input is a mistake
# (or a probe), and refusing it early keeps the validators' arithmetic away from absurd values.
NUMBER_MAX_LENGTH = 30
# The largest whole number a database column holds (a 64-bit integer).
LARGEST_WHOLE_NUMBER = 2**63 - 1


def _too_long(value: object) -> bool:
    return isinstance(value, str) and len(value.strip()) > NUMBER_MAX_LENGTH


class FiniteDecimalField(forms.DecimalField):
    """A decimal field that refuses what is not an ordinary finite number (inf, NaN, sNaN, 1e309,
    1e-400, a 500-digit string) with the field's own 'invalid' message, before the validators
    run: Django's step validator works in floats and fails on a value too big for one."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # as in the stubs
        if _too_long(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        number: Decimal | None = super().to_python(value)
        if number is not None and (
            not number.is_finite() or abs(number.adjusted()) >= NUMBER_MAX_LENGTH
        ):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class BoundedIntegerField(forms.IntegerField):
    """A whole-number field that refuses absurdly long input and numbers no database column holds
    (which would fail in the query, not in the form), with the field's own 'invalid' message."""

    def to_python(self, value: Any) -> int | None:
        if _too_long(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        number: int | None = super().to_python(value)
        if number is not None and abs(number) > LARGEST_WHOLE_NUMBER:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def number_formfield(field: "models.Field[Any, Any]", **kwargs: Any) -> forms.Field | None:
    """A model field's form field, with the project's number fields for numbers."""
    if isinstance(field, models.DecimalField):
        kwargs.setdefault("form_class", FiniteDecimalField)
    elif isinstance(field, models.IntegerField):
        kwargs.setdefault("form_class", BoundedIntegerField)
    return field.formfield(**kwargs)


class ModelForm(forms.ModelForm):
    """The base of every model form: the fields generated for model numbers are the project's
    number fields (a form's own `Meta.formfield_callback` still wins)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Runs before Django's metaclass reads Meta and generates the fields.
        super().__init_subclass__(**kwargs)
        meta = cls.__dict__.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(number_formfield)


class DateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes that keep exactly what was typed."""

    template_name = "widgets/date_input.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        box = {"inputmode": "numeric", "class": "govuk-input govuk-date-input__input"}
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput({**box, "class": box["class"] + " govuk-input--width-2"}),
            "month": forms.TextInput({**box, "class": box["class"] + " govuk-input--width-2"}),
            "year": forms.TextInput({**box, "class": box["class"] + " govuk-input--width-4"}),
        }
        super().__init__(widgets, attrs)

    def id_for_label(self, id_: str) -> str:
        # The error summary links to the day box (the fieldset's legend labels the group).
        return f"{id_}_0" if id_ else ""

    def decompress(self, value: dt.date | None) -> list[object]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with messages that say which part is wrong."""

    widget = DateInput
    default_error_messages = {
        "incomplete": "Enter a day, month and year.",
        "invalid": "Enter a real date, for example 27 3 2026.",
    }

    def __init__(self, **kwargs: Any) -> None:
        def part(name: str, low: int, high: int) -> BoundedIntegerField:
            message = f"The {name} must be a number from {low} to {high}."
            return BoundedIntegerField(
                min_value=low,
                max_value=high,
                error_messages={"invalid": message, "min_value": message, "max_value": message},
            )

        fields = (part("day", 1, 31), part("month", 1, 12), part("year", 1900, 2100))
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[int | None]) -> dt.date | None:
        if not data_list or all(v in (None, "") for v in data_list):
            return None
        if any(v in (None, "") for v in data_list):
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        day, month, year = data_list
        try:
            return dt.date(int(year), int(month), int(day))  # type: ignore[arg-type]
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data on a POST (even an empty one, which is then refused), None on a GET."""
    return request.POST if request.method == "POST" else None


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: by the field it names, or at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_page(
    request: HttpRequest, template: str, context: Mapping[str, object], *, bound: bool
) -> HttpResponse:
    """A form page: 200 to fill in, 400 when a submission was refused (what was typed is kept)."""
    return render(request, template, context, status=400 if bound else 200)
