"""The shared PDF renderer: bytes from a template, nothing fetched beyond static/."""

import datetime as dt
from pathlib import Path

import pytest

from fht.pdf import FetchRefused, StaticOnlyFetcher, render_pdf, static_dir
from tests.pdf import pdf_text


@pytest.fixture
def fetcher() -> StaticOnlyFetcher:
    return StaticOnlyFetcher()


def test_serves_files_under_static(fetcher: StaticOnlyFetcher) -> None:
    css = static_dir() / "pdf" / "print.css"
    response = fetcher.fetch(css.as_uri())
    try:
        assert response.content_type == "text/css"
        assert b"@page" in response.read()
    finally:
        response.close()


def test_serves_data_uris(fetcher: StaticOnlyFetcher) -> None:
    response = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    try:
        assert response.read() == b"hello"
    finally:
        response.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/logo.png",
        "https://example.org/style.css",
        "http://127.0.0.1:8000/static/pdf/print.css",
        "ftp://example.org/file",
        "file:///etc/passwd",
        "file:///etc/hostname",
        "file://example.org/etc/passwd",
    ],
)
def test_refuses_the_network_and_files_outside_static(fetcher: StaticOnlyFetcher, url: str) -> None:
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)


def test_refuses_a_way_out_of_static(fetcher: StaticOnlyFetcher) -> None:
    root = static_dir()
    with pytest.raises(FetchRefused):
        fetcher.fetch(root.as_uri() + "/pdf/../../fht/settings/base.py")
    with pytest.raises(FetchRefused):
        fetcher.fetch(root.as_uri() + "/%2E%2E/manage.py")
    with pytest.raises(FetchRefused):
        fetcher.fetch(root.as_uri() + "/pdf/no-such-file.css")
    with pytest.raises(FetchRefused):
        fetcher.fetch(root.as_uri() + "/pdf")  # a folder, not a file


def test_refuses_a_link_that_leads_out_of_static(tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "static" / "link.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(FetchRefused):
        StaticOnlyFetcher(tmp_path / "static").fetch((tmp_path / "static" / "link.txt").as_uri())


def _base(**context: object) -> str:
    return pdf_text(
        render_pdf(
            "pdf/base.html",
            {
                "trust_name": "Trust A",
                "document_title": "A test document",
                "printed_on": dt.date(2026, 10, 6),
                **context,
            },
        )
    )


def test_the_base_document_carries_trust_title_date_and_page_numbers() -> None:
    text = _base(restricted=False)
    assert "Trust A" in text
    assert "A test document" in text
    assert "Printed on 6 October 2026" in text
    assert "Page 1 of 1" in text
    assert "RESTRICTED" not in text


def test_a_restricted_document_says_so() -> None:
    text = _base(restricted=True)
    assert "RESTRICTED" in text
    assert "Restricted." in text


def test_render_pdf_returns_pdf_bytes() -> None:
    data = render_pdf("pdf/base.html", {"trust_name": "T", "document_title": "D"})
    assert data.startswith(b"%PDF-")
