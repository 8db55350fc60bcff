"""Forms of a plan's actions and their progress notes and evidence."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet

from fht.forms import DateField
from fht.models import User
from fht.rag import Rag
from fht.uploads import EVIDENCE_FILE, upload_check
from isap.forms.fields import (
    WIDE,
    PersonChoiceField,
    VersionedForm,
    _chosen_by_hand,
    _keep_carried,
    _text,
)
from isap.models import Action


class ActionForm(VersionedForm):
    """The whole action, for those who manage the plan; heads get only their fields
    (`fields=`), and the version the form was opened at travels with it."""

    what = _text("What will be done", widget=forms.Textarea({"rows": 3}))
    owner = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Person responsible",
        empty_label="Nobody named: a role is responsible",
        error_messages={"invalid_choice": "Choose a person from the list."},
    )
    owner_role = _text(
        "Role responsible",
        required=False,
        max_length=100,
        help_text="A named role at the school, for example 'Maths lead' or 'SENCo'.",
    )
    starts_on = DateField(label="Start date", help_text="For example, 7 9 2026.")
    due_on = DateField(label="Due date", help_text="For example, 18 12 2026.")
    status = forms.ChoiceField(
        label="Status",
        choices=_chosen_by_hand(Action.Status.choices, Action.Status.CARRIED),
        error_messages={"invalid_choice": "Choose a status from the list."},
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        required=False,
        choices=[("", "Not rated"), *Rag.choices],
        error_messages={"invalid_choice": "Choose a RAG rating from the list."},
    )
    school_impact = _text(
        "The school's judgement of impact", required=False, widget=forms.Textarea({"rows": 3})
    )
    director_impact = _text(
        "The Director of QA's judgement of impact",
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[User],
        fields: tuple[str, ...] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        _keep_carried(self, Action.Status)
        self.fields["starts_on"].error_messages["required"] = "Enter the start date."
        self.fields["due_on"].error_messages["required"] = "Enter the due date."
        if fields is not None:
            for name in list(self.fields):
                if name not in fields and name != "version":
                    del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        nobody = "owner" in self.fields and not data.get("owner") and not data.get("owner_role")
        if nobody and not self.has_error("owner") and not self.has_error("owner_role"):
            self.add_error("owner", "Choose the person responsible, or name the role responsible.")
        starts, due = data.get("starts_on"), data.get("due_on")
        if starts and due and due < starts:
            self.add_error("due_on", "The due date must be on or after the start date.")
        return data

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class NoteForm(forms.Form):
    written_on = DateField(label="Date", help_text="For example, 20 11 2026.")
    text = _text("The note", widget=forms.Textarea({"rows": 4}))
    evidence_file = forms.FileField(
        label="Evidence file",
        required=False,
        help_text="PDF, Word, Excel, PowerPoint, PNG, JPG, text or CSV, smaller than 10 MB. "
        "It is kept privately: only those who read the plan can open it.",
        error_messages={"invalid": "The file could not be read. Choose it again."},
    )
    evidence_link = forms.URLField(
        label="Or a link to the evidence",
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(WIDE),
        help_text="For example, a document on the school's SharePoint.",
        error_messages={
            "invalid": "Enter the link as a web address, for example https://example.org/file.",
            "max_length": "The link must be 500 characters or fewer.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["written_on"].error_messages["required"] = "Enter the date of the note."

    def clean_evidence_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("evidence_file")
        if upload:
            upload_check(upload, max_bytes=settings.FHT_EVIDENCE_MAX_BYTES, accepted=EVIDENCE_FILE)
        return upload
