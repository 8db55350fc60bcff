"""What every file import shares: one check of an uploaded file, the encoding found (or chosen),
rows read as a stream, headers matched in any capitalisation, and errors by row and column in words.

An import reads its file twice, without holding it whole in memory: once for the dry run that lists
what would change (and every error), then again, inside one transaction, to apply it. The `ImportRecord`
(fht.models) keeps who imported which file when, what the dry run found and what was applied.

    upload_check(upload, max_bytes=...)       # size, not binary: raises forms.ValidationError
    encoding = detect_encoding(binary_file)   # "utf-8-sig", "utf-8" or "cp1252"
    for number, row in read_rows(binary_file, encoding):   # number: the spreadsheet's row number
        ...
"""

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO

from django import forms
from django.core.files.uploadedfile import UploadedFile

CHUNK = 1 << 16
ENCODINGS = {
    "": "Find it from the file",
    "utf-8-sig": "UTF-8 (Excel's 'CSV UTF-8')",
    "cp1252": "Windows-1252 (Excel's 'CSV', GIAS downloads)",
    "latin-1": "ISO-8859-1 (Latin-1)",
}
# Zip (xlsx), PDF, images and other binary files: refused by their first bytes, not their name.
_BINARY_STARTS = (b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0")
# The most errors an import lists one by one; beyond that it says how many more there were.
MAX_LISTED_ERRORS = 200


def _kb(size: int) -> str:
    return f"{size / 1_000_000:g} MB" if size >= 1_000_000 else f"{size // 1000} KB"


def upload_check(upload: UploadedFile, *, max_bytes: int) -> None:
    """Refuse an upload that is empty, too large, or not a text file (by content, not by name)."""
    size = upload.size or 0
    if size == 0:
        raise forms.ValidationError("The file is empty: choose the CSV file you downloaded")
    if size > max_bytes:
        raise forms.ValidationError(f"The file is too large: upload at most {_kb(max_bytes)}")
    upload.seek(0)
    start = upload.read(4096)
    upload.seek(0)
    if isinstance(start, str):
        start = start.encode()
    if start.startswith(_BINARY_STARTS) or _has_nul(upload):
        raise forms.ValidationError(
            "The file is not a CSV file: in your spreadsheet, choose Save as, then CSV"
        )


def _has_nul(upload: UploadedFile) -> bool:
    """A NUL byte anywhere (a text file never has one, and the database refuses it in text)."""
    upload.seek(0)
    try:
        while chunk := upload.read(CHUNK):
            if (b"\x00" if isinstance(chunk, bytes) else "\x00") in chunk:
                return True
        return False
    finally:
        upload.seek(0)


def sha256_of(file: IO[bytes]) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    while chunk := file.read(CHUNK):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def detect_encoding(file: IO[bytes]) -> str:
    """UTF-8 with Excel's byte-order mark, UTF-8, or else Windows-1252 (how GIAS and Excel's plain
    'CSV' save). Reads the whole file in chunks, so a single accented name on the last row counts."""
    file.seek(0)
    start = file.read(3)
    if start == codecs.BOM_UTF8:
        file.seek(0)
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    chunk = start
    try:
        while chunk:
            decoder.decode(chunk)
            chunk = file.read(CHUNK)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        file.seek(0)
        return "cp1252"
    file.seek(0)
    return "utf-8"


def normal_header(text: str) -> str:
    """A column name as matched: lower case, runs of anything but letters and digits as one `_`."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def read_rows(file: IO[bytes], encoding: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row of a CSV file as {normal header: cell}, with its row number as a spreadsheet
    shows it (the header is row 1). Blank rows are skipped. Streams: memory does not grow with the
    file. A cell that cannot be decoded becomes U+FFFD rather than stopping the import."""
    file.seek(0)
    text = io.TextIOWrapper(file, encoding=encoding, errors="replace", newline="")
    try:
        reader = csv.reader(text)
        try:
            header = [normal_header(h) for h in next(reader)]
        except StopIteration:
            return
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            yield reader.line_num, dict(zip(header, (cell.strip() for cell in row), strict=False))
    except csv.Error as error:
        raise forms.ValidationError(f"The file could not be read as CSV ({error})") from None
    finally:
        text.detach()


def header_of(file: IO[bytes], encoding: str) -> list[str]:
    """The file's column names, matched form (see `normal_header`)."""
    file.seek(0)
    text = io.TextIOWrapper(file, encoding=encoding, errors="replace", newline="")
    try:
        first = next(csv.reader(text), [])
    except csv.Error:
        first = []
    finally:
        text.detach()
    file.seek(0)
    return [normal_header(h) for h in first]


@dataclass(frozen=True)
class RowError:
    """One problem, said where it is: the row as the spreadsheet numbers it and the column's name."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Problems:
    """The errors an import found, the first `MAX_LISTED_ERRORS` kept one by one, all counted."""

    listed: list[RowError] = field(default_factory=list)
    count: int = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.count += 1
        if len(self.listed) < MAX_LISTED_ERRORS:
            self.listed.append(RowError(row, column, message))

    def __bool__(self) -> bool:
        return self.count > 0

    def as_list(self) -> list[dict[str, object]]:
        return [e.as_dict() for e in self.listed]


def missing_columns(header: list[str], required: Mapping[str, str]) -> list[str]:
    """The names (as the file's publisher spells them) of required columns the header lacks.
    `required` maps the matched form to the publisher's spelling."""
    present = set(header)
    return [label for key, label in required.items() if key not in present]


def is_digits(text: str) -> bool:
    """Only the digits 0-9: `str.isdigit()` also takes '²' and other scripts' digits, which `int()`
    then refuses."""
    return text.isascii() and text.isdigit()
