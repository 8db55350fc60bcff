"""The upload forms of the imports: the file (or files), its encoding, and the trust's group UID."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from fht.uploads import ENCODINGS, upload_check
from imports.services import GIAS, MAX_BYTES, OFSTED, encoding_check

ENCODING_HELP = "GIAS and Ofsted save their files in Windows-1252; most people leave this as it is."


def _encoding_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Encoding of the file",
        choices=list(ENCODINGS.items()),
        required=False,
        help_text=ENCODING_HELP,
        error_messages={"invalid_choice": "Choose one of the encodings listed"},
    )


class _UploadForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.encodings: dict[str, str] = {}

    def _checked(self, name: str, max_bytes: int) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get(name)
        if upload is None:
            return None
        upload_check(upload, max_bytes=max_bytes)
        self.encodings[name] = encoding_check(upload, self.cleaned_data.get("encoding", ""))
        return upload

    def _file(self, name: str, max_bytes: int) -> UploadedFile | None:
        try:
            return self._checked(name, max_bytes)
        except ValidationError as error:
            if error.code == "encoding":
                # The file is fine; the encoding chosen is what is wrong: say so by that field.
                if "encoding" not in self.errors:
                    self.add_error("encoding", error)
                return None
            raise


class GiasUploadForm(_UploadForm):
    encoding = _encoding_field()
    extract = forms.FileField(
        label="GIAS establishment file",
        required=False,
        help_text="The establishment extract (edubasealldata….csv) or your trust's 'linked "
        "establishments' download, as GIAS gives it.",
    )
    links = forms.FileField(
        label="GIAS links file",
        required=False,
        help_text="Optional: links_edubasealldata….csv, so a school whose URN changed (a "
        "conversion, a trust transfer) keeps its history.",
    )
    group_uid = forms.CharField(
        label="Your trust's group UID",
        required=False,
        max_length=20,
        help_text="Optional: the number in the file's 'Trusts (code)' column for your trust. "
        "Leave it blank to choose from the trusts the file names.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )

    def clean_group_uid(self) -> str:
        value: str = self.cleaned_data["group_uid"].strip()
        if value and not re.fullmatch(r"[0-9]{1,10}", value):
            raise ValidationError("Enter the group UID as a number, like 5488")
        return value

    def clean_extract(self) -> UploadedFile | None:
        return self._file("extract", MAX_BYTES[GIAS])

    def clean_links(self) -> UploadedFile | None:
        return self._file("links", MAX_BYTES[GIAS])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("extract") and not data.get("links"):
            self.add_error("extract", "Choose the GIAS establishment file, the links file, or both")
        return data


class OfstedUploadForm(_UploadForm):
    encoding = _encoding_field()
    file = forms.FileField(
        label="Ofsted management-information file",
        help_text="The CSV of state-funded schools' inspections, in the report-card format "
        "(from November 2025) or the older format with overall effectiveness.",
        error_messages={"required": "Choose the Ofsted file"},
    )

    def clean_file(self) -> UploadedFile | None:
        return self._file("file", MAX_BYTES[OFSTED])


class GroupUidForm(forms.Form):
    group_uid = forms.ChoiceField(
        label="Your trust in this file",
        error_messages={
            "required": "Choose your trust",
            "invalid_choice": "Choose one of the trusts named in the file",
        },
    )

    def __init__(self, *args: Any, trusts: list[list[object]] | None = None, **kwargs: Any) -> None:
        """`trusts`: the [UID, name, schools] the dry run found in the file."""
        super().__init__(*args, **kwargs)
        self.fields["group_uid"].choices = [("", "Choose your trust")] + [  # type: ignore[attr-defined]
            (str(uid), f"{name} (UID {uid}, {count} school{'s' if count != 1 else ''})")
            for uid, name, count in trusts or []
        ]
