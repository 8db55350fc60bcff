"""The upload forms of the file imports (returns.imports): the file, its encoding, and what the
import is for. The form checks the file itself (size, a text file); the import reads it."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from fht.models import ImportRecord
from fht.uploads import ENCODINGS, upload_check
from returns.forms.returns import _Described, _ReturnBase
from schools.models import AcademicYear

# The largest file of the product's own templates (a few dozen rows); the DfE's files pass more.
MAX_TEMPLATE_BYTES = 200_000
# The errors a refused file shows in the form's summary; the table below the form lists them all.
SUMMARY_ERRORS = 10


class ImportForm(_Described):
    file = forms.FileField(
        label="CSV file",
        error_messages={
            "required": "Choose the CSV file to upload",
            "empty": "The file is empty: choose the CSV file you downloaded",
        },
    )
    encoding = forms.ChoiceField(
        label="How the file's text is stored",
        choices=list(ENCODINGS.items()),
        required=False,
        help_text="Leave this as it is unless names show odd characters after the upload.",
        error_messages={"invalid_choice": "Choose one of the ways listed"},
    )

    def __init__(
        self, *args: Any, max_bytes: int = MAX_TEMPLATE_BYTES, file_label: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        if file_label:
            self.fields["file"].label = file_label

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        upload_check(upload, max_bytes=self.max_bytes)
        return upload

    def refused(self, record: ImportRecord) -> None:
        """Put a refused file's errors on the file field, by row and column."""
        for error in record.errors[:SUMMARY_ERRORS]:
            where = f"Row {error['row']}, column {error['column']}: " if error["column"] else ""
            self.add_error("file", f"{where}{error['message']}")
        more = record.error_count - min(len(record.errors), SUMMARY_ERRORS)
        if more > 0:
            self.add_error("file", f"and {more} more problem(s), listed below the form")
        self.fields["file"].widget.attrs["aria-describedby"] = f"{self['file'].auto_id}_error"


class YearImportForm(ImportForm):
    """A DfE file whose year the person says (the KS2 performance tables do not carry it)."""

    academic_year: "forms.ModelChoiceField[AcademicYear]" = forms.ModelChoiceField(
        queryset=None,
        label="Academic year of the results",
        empty_label="Choose a year",
        error_messages={
            "required": "Choose the academic year the results are for",
            "invalid_choice": "Choose one of the trust's academic years",
        },
    )
    field_order = ["academic_year", "file", "encoding"]

    def __init__(self, *args: Any, years: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].queryset = years  # type: ignore[attr-defined]


class DataReturnUploadForm(_ReturnBase, ImportForm):
    """A return uploaded as CSV: the half-term (for a new return) and the headline figures typed
    here, the grid from the file, which the import's dry run reads (returns.return_upload)."""

    file = forms.FileField(
        label="The figures for each year group and group, as a CSV file",
        help_text="Use the template: one row per year group and group. Aggregated figures only, "
        "never pupils' names or UPNs.",
        error_messages={
            "required": "Choose the CSV file to upload",
            "empty": "The file is empty: choose the completed CSV file",
        },
    )
