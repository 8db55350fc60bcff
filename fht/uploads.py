"""What every upload shares: one check of an uploaded file (size, and content by its signature);
for file imports: the encoding found (or chosen),
rows read as a stream, headers matched in any capitalisation, and errors by row and column in words.

An import reads its file twice, without holding it whole in memory: once for the dry run that lists
what would change (and every error), then again, inside one transaction, to apply it. The `ImportRecord`
(fht.models) keeps who imported which file when, what the dry run found and what was applied.

    upload_check(upload, max_bytes=...)       # size, content: raises forms.ValidationError
    upload_check(upload, max_bytes=..., accepted=EVIDENCE_FILE)   # PDF, Office, images, text
    encoding = detect_encoding(binary_file)   # "utf-8-sig", "utf-8" or "cp1252"
    for number, row in read_rows(binary_file, encoding):   # number: the spreadsheet's row number
        ...
"""

import codecs
import csv
import hashlib
import io
import re
import zipfile
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
# The most errors an import lists one by one; beyond that it says how many more there were.
MAX_LISTED_ERRORS = 200

# What a file is, found from its content (its first bytes, a zip's table of contents), never from
# its name or the content type the browser sent.
TEXT, PDF, PNG, JPEG, OLE = "text", "pdf", "png", "jpeg", "ole"
DOCX, XLSX, PPTX = "docx", "xlsx", "pptx"
_SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE),  # Office 97-2003: doc, xls, ppt
)
# Other binary files, refused wherever text is expected (GIF, gzip, 7z, RAR, ELF, empty zips);
# a program or any other binary file has a NUL byte in it.
_OTHER_BINARY = (
    b"GIF8",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
    b"PK\x05\x06",
    b"PK\x07\x08",
)
# Text that is a web page or a script rather than figures or notes: refused everywhere when it
# starts so. A file kept and handed back as it is (evidence) is refused for markup anywhere in its
# first 4 KB; an import's cells are read and each refused by row and column instead.
_MARKUP_START = re.compile(
    rb"^(\xef\xbb\xbf)?\s*(<!doctype|<html|<head|<body|<script|<svg|<\?xml|<iframe|<object)", re.I
)
# ("a < b" and "<5%" are text.)
_MARKUP = re.compile(
    rb"<(!doctype|\?xml|(html|head|body|script|svg|iframe|object|embed|img|meta|link|style|form"
    rb"|base|frame|frameset|math)[\s/>])",
    re.I,
)
# An Office file's table of contents: a few hundred parts at most, a few hundred KB. Anything
# bigger, or zip64, or parts that unpack to far more than they hold (a zip bomb), is refused
# before the table is read.
_ZIP_MAX_ENTRIES = 5000
_ZIP_MAX_DIRECTORY = 2 * 1024 * 1024
_ZIP_MAX_UNPACKED = 256 * 1024 * 1024
_ZIP_MAX_RATIO = 200
# The folder an Office Open XML file keeps its parts in.
_OFFICE_PARTS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}


@dataclass(frozen=True)
class Accepted:
    """What an upload may be: kinds of content, and the words of the refusals."""

    kinds: frozenset[str]
    empty: str
    wrong: str
    # The file-name endings each kind may carry (a PNG named .pdf is refused); empty: any name.
    extensions: Mapping[str, frozenset[str]] = field(default_factory=dict)


CSV_FILE = Accepted(
    frozenset({TEXT}),
    empty="The file is empty: choose the CSV file you downloaded",
    wrong="The file is not a CSV file: in your spreadsheet, choose Save as, then CSV",
)
EVIDENCE_FILE = Accepted(
    frozenset({PDF, PNG, JPEG, OLE, DOCX, XLSX, PPTX, TEXT}),
    empty="The file is empty: choose the file again",
    wrong="The file is not a real PDF, Word, Excel, PowerPoint, PNG, JPG, text or CSV file (its "
    "content was checked, not its name): save it again from the program that made it, or add a "
    "link instead",
    extensions={
        PDF: frozenset({"pdf"}),
        PNG: frozenset({"png"}),
        JPEG: frozenset({"jpg", "jpeg"}),
        OLE: frozenset({"doc", "xls", "ppt"}),
        DOCX: frozenset({"docx"}),
        XLSX: frozenset({"xlsx"}),
        PPTX: frozenset({"pptx"}),
        TEXT: frozenset({"txt", "csv"}),
    },
)


def _size_text(size: int) -> str:
    mebibyte = 1024 * 1024
    if size % mebibyte == 0:
        return f"{size // mebibyte} MB"
    return f"{size / 1_000_000:g} MB" if size >= 1_000_000 else f"{size // 1000} KB"


def upload_check(upload: UploadedFile, *, max_bytes: int, accepted: Accepted = CSV_FILE) -> str:
    """The one check of every upload: refuse a file that is empty, too large, or whose content is
    not one of `accepted`'s kinds (or not the kind its name says). Returns the kind found.
    Raises forms.ValidationError."""
    size = upload.size or 0
    if size == 0:
        raise forms.ValidationError(accepted.empty, code="empty")
    if size > max_bytes:
        raise forms.ValidationError(
            f"The file is too large: upload at most {_size_text(max_bytes)}", code="too_large"
        )
    kind = content_kind(
        upload,
        office=bool(accepted.kinds & {DOCX, XLSX, PPTX}),
        kept_as_is=bool(accepted.extensions),
    )
    if kind is None or kind not in accepted.kinds:
        raise forms.ValidationError(accepted.wrong, code="wrong_kind")
    if accepted.extensions and file_extension(upload) not in accepted.extensions[kind]:
        raise forms.ValidationError(accepted.wrong, code="wrong_kind")
    return kind


def display_name(upload: UploadedFile, default: str = "upload") -> str:
    """The person's file name without any folder, short enough to show and store."""
    return (upload.name or default).replace("\\", "/").rsplit("/", 1)[-1][:150] or default


def file_extension(upload: UploadedFile) -> str:
    name = display_name(upload)
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def content_kind(
    upload: UploadedFile, *, office: bool = True, kept_as_is: bool = True
) -> str | None:
    """What the file is by its content: one of the kinds above, or None (another binary file, a
    plain zip, a web page). With `office` False a zip is not looked into at all; with
    `kept_as_is` (a file stored and handed back, not read into figures) markup anywhere in the
    first 4 KB makes text a web page."""
    upload.seek(0)
    start = upload.read(4096)
    upload.seek(0)
    if isinstance(start, str):
        start = start.encode()
    for signature, kind in _SIGNATURES:
        if start.startswith(signature):
            return kind
    if start.startswith(b"PK\x03\x04"):
        return _office_kind(upload) if office else None
    markup = _MARKUP.search(start) if kept_as_is else _MARKUP_START.match(start)
    if start.startswith(_OTHER_BINARY) or markup or _has_nul(upload):
        return None
    return TEXT


def _office_kind(upload: UploadedFile) -> str | None:
    """Word, Excel or PowerPoint (a zip holding their parts), or None for any other zip. Only the
    zip's table of contents is read, and only once its size is known to be small: nothing is
    unpacked."""
    if not _zip_directory_small(upload):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if unpacked > _ZIP_MAX_UNPACKED or unpacked > packed * _ZIP_MAX_RATIO:
        return None
    names = [i.filename for i in infos]
    if "[Content_Types].xml" not in names:
        return None
    for prefix, kind in _OFFICE_PARTS.items():
        if any(name.startswith(prefix) for name in names):
            return kind
    return None


def _zip_directory_small(upload: UploadedFile) -> bool:
    """The zip's end record (in its last 64 KB) says how many parts it has and how big its table
    of contents is: small enough to read, and not zip64."""
    size = upload.size or 0
    tail = min(size, 65_557)
    try:
        upload.seek(size - tail)
        end = upload.read(tail)
    finally:
        upload.seek(0)
    if isinstance(end, str):
        return False
    at = end.rfind(b"PK\x05\x06")
    if at < 0 or len(end) < at + 22:
        return False
    entries = int.from_bytes(end[at + 10 : at + 12], "little")
    directory = int.from_bytes(end[at + 12 : at + 16], "little")
    if entries == 0xFFFF or directory == 0xFFFFFFFF:
        return False  # zip64: never an Office file of the sizes accepted here
    return entries <= _ZIP_MAX_ENTRIES and directory <= _ZIP_MAX_DIRECTORY


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
