"""PDF rendering as a pure function: a complete context, a Django template, WeasyPrint, bytes.

Every document the product produces (visit proforma, ISAP, reports, letters) goes through
`render_pdf`. WeasyPrint fetches nothing from the network and nothing from the file system outside
the project's `static/` folder: `StaticOnlyFetcher` refuses every other URL. Templates extend
`pdf/base.html` (trust name, document title, 'Restricted' marking, printed-on date) and link their
stylesheets relative to `static/` (`<link rel="stylesheet" href="pdf/print.css">`).

Every PDF is tagged for assistive technology (PDF/UA-1, `PDF_OPTIONS`): WeasyPrint writes a
structure tree from the HTML's elements (H1..H6, P, L/LI, Table/TR/TH/TD with each cell linked to
its headers, Figure with the image's alt text), marks the document as tagged, takes its language
from `<html lang>` and its title from `<title>` (the document info, the XMP metadata, and the
title a reader's window shows). So a PDF template needs what an accessible page needs: `lang`
(pdf/base.html sets en-GB), a `document_title`, headings in order from one h1, and `<th scope>`
on every table. tests/fht/test_pdf_tags.py reads the tags of every document back.
"""

import logging
import mimetypes
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string

with warnings.catch_warnings():
    # Without libharfbuzz-subset0 (the production image has it) WeasyPrint warns at import and
    # embeds whole fonts: larger files, same pages. Not worth failing a developer's test run.
    warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

logger = logging.getLogger(__name__)
# WeasyPrint's font subsetter logs every glyph list at INFO: a worker's log is not the place.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def static_dir() -> Path:
    """The project's own static folder (source files, not collected ones): all a PDF may read."""
    return (Path(settings.BASE_DIR) / "static").resolve()


class FetchRefused(ValueError):
    """A PDF asked for something outside static/ (or on the network)."""


class StaticOnlyFetcher(URLFetcher):
    """Serves data: URIs and files under static/; refuses everything else."""

    def __init__(self, root: Path | None = None) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.root = (root or static_dir()).resolve()

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            return self._static_file(url)
        raise self._refuse(url)

    def _static_file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in {"", "localhost"}:
            raise self._refuse(url)
        path = Path(url2pathname(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise self._refuse(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
        )

    def _refuse(self, url: str) -> FetchRefused:
        logger.warning("PDF render refused to fetch %s", url[:200])
        return FetchRefused(f"Refused to fetch {url[:200]}: only static/ files and data: URIs")


def render_html(template_name: str, context: dict[str, Any]) -> str:
    return render_to_string(template_name, context)


# PDF/UA-1: PDF 1.7, tagged, with its language, title and XMP metadata.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}


def render_document(template_name: str, context: dict[str, Any]) -> Any:
    """The template laid out by WeasyPrint (a `weasyprint.Document`), for callers that join
    several documents' pages into one PDF; write it with `document_pdf`."""
    html = HTML(
        string=render_html(template_name, context),
        base_url=static_dir().as_uri() + "/",
        url_fetcher=StaticOnlyFetcher(),
    )
    return html.render(**PDF_OPTIONS)


def document_pdf(document: Any) -> bytes:
    """A laid-out document (or a copy of some of its pages) as tagged PDF bytes."""
    pdf: bytes = document.write_pdf(**PDF_OPTIONS)
    return pdf


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The template rendered with `context` (complete and plain: no request, no lazy querysets),
    as a tagged PDF."""
    return document_pdf(render_document(template_name, context))
