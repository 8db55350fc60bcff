"""Reading a PDF back in a test: its text, page by page, and its tags (the structure tree that
assistive technology reads)."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


def pdf_text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@dataclass
class Element:
    """One element of the structure tree: its type (H1, P, Table, TH, TD, Figure...), the text
    alternative of a figure, the ID of a header cell, the IDs of the headers of a data cell."""

    kind: str
    alt: str = ""
    id: str = ""
    headers: list[str] = field(default_factory=list)
    children: list["Element"] = field(default_factory=list)

    def walk(self) -> Iterator["Element"]:
        """This element and all below it, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def all(self, kind: str) -> list["Element"]:
        return [e for e in self.walk() if e.kind == kind]


@dataclass
class Tags:
    """What a reader of a tagged PDF relies on: the tree, the marking, the language, the title."""

    root: Element | None  # the StructTreeRoot's tree (None: the PDF is not tagged)
    marked: bool  # /MarkInfo /Marked
    lang: str  # the catalog's /Lang
    title: str  # the document info's /Title
    xmp_title: str  # dc:title in the XMP metadata
    display_title: bool  # /ViewerPreferences /DisplayDocTitle: the window shows the title
    version: str  # the PDF header's version

    @property
    def headings(self) -> list[str]:
        """The headings (H1..H6) in reading order."""
        if self.root is None:
            return []
        return [e.kind for e in self.root.walk() if e.kind in {"H1", "H2", "H3", "H4", "H5", "H6"}]


def _resolve(node: Any) -> Any:
    return node.get_object() if isinstance(node, IndirectObject) else node


def _element(node: DictionaryObject) -> Element:
    attributes = _resolve(node.get("/A"))
    if isinstance(attributes, ArrayObject):  # several attribute dictionaries
        attributes = next((_resolve(a) for a in attributes if "/Headers" in _resolve(a)), None)
    element = Element(
        kind=str(node.get("/S", "/")).lstrip("/"),
        alt=str(node.get("/Alt", "")),
        id=str(node.get("/ID", "")),
        headers=[str(h) for h in (attributes or {}).get("/Headers", [])],
    )
    kids = _resolve(node.get("/K"))
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        kid = _resolve(kid)
        if isinstance(kid, DictionaryObject) and kid.get("/Type", "/StructElem") == "/StructElem":
            element.children.append(_element(kid))
    return element


def pdf_tags(data: bytes) -> Tags:
    reader = PdfReader(BytesIO(data))
    catalog = reader.trailer["/Root"]
    tree = _resolve(catalog.get("/StructTreeRoot"))
    mark = _resolve(catalog.get("/MarkInfo")) or {}
    preferences = _resolve(catalog.get("/ViewerPreferences")) or {}
    xmp = reader.xmp_metadata
    xmp_title = (xmp.dc_title or {}).get("x-default", "") if xmp is not None else ""
    return Tags(
        root=_element(tree) if tree is not None else None,
        marked=str(mark.get("/Marked", "false")).lower() == "true",
        lang=str(catalog.get("/Lang", "")),
        title=str((reader.metadata or {}).get("/Title", "")),
        xmp_title=str(xmp_title),
        display_title=str(preferences.get("/DisplayDocTitle", "false")).lower() == "true",
        version=reader.pdf_header.removeprefix("%PDF-"),
    )
