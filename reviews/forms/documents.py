"""The bulk letters' form: which academic year's letters to make (the trust's years only)."""

from django import forms
from django.db.models import QuerySet

from schools.models import AcademicYear


class LetterYearForm(forms.Form):
    year = forms.ModelChoiceField(
        label="Academic year",
        queryset=AcademicYear.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose an academic year.",
            "invalid_choice": "Choose one of the trust's academic years.",
        },
    )

    def __init__(self, *args: object, years: QuerySet[AcademicYear], **kwargs: object) -> None:
        """`years`: the trust's academic years (another trust's id is then an invalid choice)."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["year"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = years.order_by("-starts_in")
