"""Every upload of the product goes through the one shared check (fht.uploads.upload_check): the
forms with a file field are found, not listed, and each is sent hostile files (a web page named
.pdf, a plain zip named .pdf, a zip named .csv, an over-size file, a 0-byte file); each is refused
with a message next to its field, in the shared check's words."""

import io
import zipfile
from collections.abc import Iterator

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from fht.tenancy import trust_scope
from fht.uploads import CSV_FILE, EVIDENCE_FILE, upload_check
from tests.conftest import World
from tests.platform.test_number_fields import (
    _constructor_values,
    _required_keywords,
    project_forms,
)

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SHARED_WORDS = {
    CSV_FILE.wrong,
    EVIDENCE_FILE.wrong,
    CSV_FILE.empty,
    EVIDENCE_FILE.empty,
}


def _zip(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "x" * 1000)
    return out.getvalue()


def _hostile() -> Iterator[tuple[str, SimpleUploadedFile, str]]:
    """(what, file, the start of the shared check's message)."""
    yield "html named .pdf", SimpleUploadedFile("report.pdf", HTML, "application/pdf"), ""
    yield "html named .csv", SimpleUploadedFile("figures.csv", HTML, "text/csv"), ""
    yield "zip named .pdf", SimpleUploadedFile("report.pdf", _zip("a.txt"), "application/pdf"), ""
    yield "zip named .csv", SimpleUploadedFile("figures.csv", _zip("a.csv"), "text/csv"), ""
    huge = SimpleUploadedFile("figures.csv", b"URN\n1\n", "text/csv")
    huge.size = 10**12  # what the browser would send: the check reads the size first
    yield "over-size", huge, "The file is too large: upload at most"
    yield "0-byte", SimpleUploadedFile("figures.csv", b"", "text/csv"), "*"


def _file_fields(world: World) -> Iterator[tuple[type[forms.BaseForm], str]]:
    values = _constructor_values(world)
    for form_class in project_forms():
        kwargs = {name: values[name]() for name in _required_keywords(form_class)}
        for name, field in form_class(None, **kwargs).fields.items():
            if isinstance(field, forms.FileField):
                yield form_class, name


def _bound(
    form_class: type[forms.BaseForm], world: World, files: dict[str, SimpleUploadedFile]
) -> forms.BaseForm:
    values = _constructor_values(world)
    kwargs = {name: values[name]() for name in _required_keywords(form_class)}
    return form_class({}, files, **kwargs)


def test_every_upload_form_refuses_hostile_files_with_the_shared_check(world: World) -> None:
    tried = []
    with trust_scope(world.trust.pk):
        found = list(_file_fields(world))
        for form_class, name in found:
            for what, upload, words in _hostile():
                upload.seek(0)
                form = _bound(form_class, world, {name: upload})
                assert not form.is_valid()
                errors = form.errors.get(name)
                assert errors, f"{form_class.__name__}.{name} took a {what} file"
                message = errors[0]
                if words == "*":
                    pass  # Django's own 'empty file' message, said by the field, comes first
                elif words:
                    assert message.startswith(words), (form_class.__name__, name, what, message)
                else:
                    assert message in SHARED_WORDS, (form_class.__name__, name, what, message)
                tried.append((form_class.__name__, name, what))
    names = {f"{c.__name__}.{n}" for c, n in found}
    assert {"NoteForm.evidence_file", "ImportForm.file", "DataReturnUploadForm.file"} <= names
    assert {"GiasUploadForm.extract", "GiasUploadForm.links", "OfstedUploadForm.file"} <= names
    assert len(tried) == len(found) * 6


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.pdf", b"%PDF-1.7\n...", "pdf"),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "jpeg"),
        ("chart.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "png"),
        ("plan.docx", _zip("[Content_Types].xml", "word/document.xml"), "docx"),
        ("budget.xlsx", _zip("[Content_Types].xml", "xl/workbook.xml"), "xlsx"),
        ("slides.pptx", _zip("[Content_Types].xml", "ppt/presentation.xml"), "pptx"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "ole"),
        ("notes.txt", "Café notes £5".encode("cp1252"), "text"),
    ],
)
def test_evidence_is_accepted_by_its_content(name: str, content: bytes, kind: str) -> None:
    upload = SimpleUploadedFile(name, content, "application/octet-stream")
    assert upload_check(upload, max_bytes=10_000, accepted=EVIDENCE_FILE) == kind
    assert upload.read() == content  # rewound for the storage


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),  # a PNG named .pdf
        ("plan.docx", _zip("[Content_Types].xml", "xl/workbook.xml")),  # a workbook named .docx
        ("plan.docx", _zip("word/document.xml")),  # a zip that only looks like Word
        ("page.txt", b"\xef\xbb\xbf  <html><script>alert(1)</script>"),
        ("image.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"),
        ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("archive.pdf", b"\x1f\x8b\x08\x00"),
    ],
)
def test_evidence_that_is_not_what_it_says_is_refused(name: str, content: bytes) -> None:
    upload = SimpleUploadedFile(name, content, "application/pdf")
    with pytest.raises(forms.ValidationError, match="is not a real PDF, Word"):
        upload_check(upload, max_bytes=10_000, accepted=EVIDENCE_FILE)
