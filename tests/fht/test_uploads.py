"""The checks and readers every file import shares (fht.uploads)."""

import io
import zipfile

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from fht.uploads import (
    EVIDENCE_FILE,
    MAX_LISTED_ERRORS,
    Problems,
    detect_encoding,
    header_of,
    missing_columns,
    read_rows,
    sha256_of,
    upload_check,
)
from tests import DFE


def test_gias_links_file_is_read_as_windows_1252_with_its_accents() -> None:
    with (DFE / "gias_links_encoding_cases_20250422.csv").open("rb") as file:
        encoding = detect_encoding(file)
        names = [row for _, row in read_rows(file, encoding)]
    assert encoding == "cp1252"
    text = " ".join(" ".join(row.values()) for row in names)
    assert "\ufffd" not in text
    assert any(ch in text for ch in "èé°âô")


def test_utf8_with_and_without_bom_and_a_late_windows_byte() -> None:
    assert detect_encoding(io.BytesIO("\ufeffURN\n1\n".encode())) == "utf-8-sig"
    assert detect_encoding(io.BytesIO("URN,Name\n1,Café\n".encode())) == "utf-8"
    late = b"URN,Name\n" + b"1,School\n" * 20_000 + b"2,Caf\xe9\n"
    assert detect_encoding(io.BytesIO(late)) == "cp1252"


def test_rows_carry_the_spreadsheet_row_number_and_matched_headers() -> None:
    data = b'URN,Establishment Name,Trusts (code)\r\n100,A,1\r\n\r\n101,"B, the",2\r\n'
    rows = list(read_rows(io.BytesIO(data), "utf-8"))
    assert rows == [
        (2, {"urn": "100", "establishment_name": "A", "trusts_code": "1"}),
        (4, {"urn": "101", "establishment_name": "B, the", "trusts_code": "2"}),
    ]
    assert header_of(io.BytesIO(data), "utf-8") == ["urn", "establishment_name", "trusts_code"]
    assert missing_columns(["urn"], {"urn": "URN", "trusts_code": "Trusts (code)"}) == [
        "Trusts (code)"
    ]


def test_a_quoted_multi_line_cell_keeps_the_next_rows_number_right() -> None:
    data = b'URN,Note\n1,"two\nlines"\n2,x\n'
    assert [n for n, _ in read_rows(io.BytesIO(data), "utf-8")] == [3, 4]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"PK\x03\x04rest-of-a-spreadsheet", "not a CSV"),
        (b"%PDF-1.7", "not a CSV"),
        (b"URN\x00,Name", "not a CSV"),
        (b"URN,Name\n" + b"1,School\n" * 800 + b"2,Sch\x00ool\n", "not a CSV"),
        (b"x" * 100_001, "too large"),
    ],
)
def test_uploads_refused_by_content_and_size(content: bytes, message: str) -> None:
    upload = SimpleUploadedFile("file.csv", content, content_type="text/csv")
    with pytest.raises(forms.ValidationError, match=message):
        upload_check(upload, max_bytes=100_000)


def test_a_good_upload_passes_and_is_rewound() -> None:
    upload = SimpleUploadedFile("file.csv", b"URN\n1\n", content_type="text/csv")
    upload_check(upload, max_bytes=1000)
    assert upload.read() == b"URN\n1\n"
    assert len(sha256_of(upload)) == 64


def test_problems_list_the_first_errors_and_count_them_all() -> None:
    problems = Problems()
    assert not problems
    for n in range(MAX_LISTED_ERRORS + 5):
        problems.add(n + 2, "URN", "The URN must be 6 digits")
    assert problems.count == MAX_LISTED_ERRORS + 5
    assert len(problems.as_list()) == MAX_LISTED_ERRORS
    assert problems.as_list()[0] == {
        "row": 2,
        "column": "URN",
        "message": "The URN must be 6 digits",
    }


def test_a_zip_bomb_named_csv_or_docx_is_refused_without_being_unpacked() -> None:
    """200 MB of zeros squeezed into a few hundred KB: refused by its content at once, never
    unpacked (only a zip's table of contents is ever read)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("figures.csv", "w", force_zip64=True) as member,
    ):
        block = b"\0" * (1 << 20)
        for _ in range(200):
            member.write(block)
    bomb = buffer.getvalue()
    assert len(bomb) < 1_000_000
    with pytest.raises(forms.ValidationError):
        upload_check(SimpleUploadedFile("figures.csv", bomb), max_bytes=10_000_000)
    with pytest.raises(forms.ValidationError):
        upload_check(
            SimpleUploadedFile("plan.docx", bomb), max_bytes=10_000_000, accepted=EVIDENCE_FILE
        )


def _office_shaped(member: str, data_mb: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(member, "w", force_zip64=True) as part:
            block = b"\0" * (1 << 20)
            for _ in range(data_mb):
                part.write(block)
    return buffer.getvalue()


def test_an_office_shaped_zip_bomb_is_refused_and_a_real_office_file_is_not() -> None:
    bomb = _office_shaped("word/document.xml", 300)
    with pytest.raises(forms.ValidationError):
        upload_check(
            SimpleUploadedFile("plan.docx", bomb), max_bytes=10_000_000, accepted=EVIDENCE_FILE
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>Our plan for reading</w:document>")
    kind = upload_check(
        SimpleUploadedFile("plan.docx", buffer.getvalue()),
        max_bytes=10_000_000,
        accepted=EVIDENCE_FILE,
    )
    assert kind == "docx"


def test_a_zip_with_a_huge_table_of_contents_is_refused_before_it_is_read() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(6000):
            archive.writestr(f"word/{n}", b"")
    with pytest.raises(forms.ValidationError):
        upload_check(
            SimpleUploadedFile("plan.docx", buffer.getvalue()),
            max_bytes=10_000_000,
            accepted=EVIDENCE_FILE,
        )


@pytest.mark.parametrize(
    "page",
    [
        b"<p>Notes</p><script>alert(1)</script>",
        b"Minutes of the meeting\n<img src=x onerror=alert(1)>",
        b"\xef\xbb\xbf  <meta http-equiv=refresh content=0;url=https://example.org>",
        b"URN,Name\n100,<iframe src=https://example.org></iframe>\n",
    ],
)
def test_markup_anywhere_near_the_start_of_a_file_kept_as_it_is_is_not_text(page: bytes) -> None:
    """Evidence is stored and handed back as it is: markup anywhere near its start refuses it.
    An import's cells are read, and a cell with markup is refused by row and column there."""
    with pytest.raises(forms.ValidationError):
        upload_check(
            SimpleUploadedFile("notes.txt", page), max_bytes=10_000, accepted=EVIDENCE_FILE
        )


@pytest.mark.parametrize("text", [b"Year 6: 52% < 60% target, <5 pupils absent\n", b"a<b,c>d\n"])
def test_comparisons_in_text_are_still_text(text: bytes) -> None:
    assert upload_check(SimpleUploadedFile("notes.txt", text), max_bytes=10_000) == "text"


def test_an_import_that_starts_as_a_web_page_is_refused() -> None:
    with pytest.raises(forms.ValidationError):
        upload_check(
            SimpleUploadedFile("figures.csv", b"<html><body>x</body></html>"), max_bytes=99
        )
