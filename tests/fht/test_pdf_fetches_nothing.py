"""The PDF renderer fetches nothing but the product's own static files, whatever a person typed.

Text typed into the product is escaped before it reaches a PDF; these tests also render it as raw
HTML (as if a template marked it safe), the worst case. A local listener records any connection:
none is ever made, nothing outside static/ is read, and the PDF still renders."""

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from fht import pdf
from fht.pdf import FetchRefused, StaticOnlyFetcher, render_pdf, static_dir
from tests.pdf import pdf_text


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections made to it."""

    def __init__(self) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.server.settimeout(0.1)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.server.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.server.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


class RecordingFetcher(StaticOnlyFetcher):
    """The product's fetcher, noting each URL asked for and whether it was served."""

    asked: list[tuple[str, bool]] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        try:
            response = super().fetch(url, headers)
        except FetchRefused:
            RecordingFetcher.asked.append((url, False))
            raise
        RecordingFetcher.asked.append((url, True))
        return response


def _hostile(port: int) -> str:
    here = f"http://127.0.0.1:{port}"
    return (
        '<img src="http://127.0.0.1:9/x" alt="">'
        f'<img src="{here}/img" alt="">'
        '<img src="file:///etc/passwd" alt="">'
        f'<link rel="stylesheet" href="https://127.0.0.1:{port}/style.css">'
        f'<link rel="stylesheet" href="{here}/plain.css">'
        f'<p style="background: url({here}/background)">Background</p>'
        "<p style=\"background-image: url('file:///etc/passwd')\">File</p>"
        f"<style>@import url({here}/import.css); p {{ background: url({here}/rule) }}</style>"
        f'<object data="{here}/object" type="image/png"></object>'
        f'<svg width="10" height="10"><image href="{here}/svg" width="10" height="10"/></svg>'
        f'<iframe src="{here}/frame"></iframe>'
        f'<embed src="{here}/embed">'
        "MARK-TYPED-TEXT"
    )


def _refused_everything_but_static() -> None:
    asked = RecordingFetcher.asked
    assert asked, "the renderer asked for nothing: the hostile markup was not rendered"
    root = static_dir().as_uri()
    for url, served in asked:
        if served:
            assert url.startswith((root + "/", "data:")), url
        else:
            assert not url.startswith(root + "/pdf/print.css"), url
    assert any(url == "file:///etc/passwd" and not served for url, served in asked)
    assert any(url.startswith("http://127.0.0.1:9/") and not served for url, served in asked)


@pytest.fixture
def recording(monkeypatch: pytest.MonkeyPatch) -> None:
    RecordingFetcher.asked = []
    monkeypatch.setattr(pdf, "StaticOnlyFetcher", RecordingFetcher)


def test_typed_markup_rendered_raw_fetches_nothing(
    listener: Listener, recording: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pdf.render_html

    def raw(template_name: str, context: dict[str, Any]) -> str:
        html = real(template_name, context)
        return html.replace("MARK-TITLE", _hostile(listener.port))  # unescaped: the worst case

    monkeypatch.setattr(pdf, "render_html", raw)
    data = render_pdf("pdf/base.html", {"trust_name": "Trust A", "document_title": "MARK-TITLE"})
    assert data.startswith(b"%PDF-")
    assert "MARK-TYPED-TEXT" in pdf_text(data)
    assert "root:" not in pdf_text(data)
    _refused_everything_but_static()
    assert listener.connections == 0


def test_typed_markup_in_a_document_is_escaped_and_fetches_nothing(
    listener: Listener, recording: None
) -> None:
    typed = _hostile(listener.port)
    data = render_pdf("pdf/base.html", {"trust_name": typed, "document_title": typed})
    text = pdf_text(data)
    assert "MARK-TYPED-TEXT" in text and "file:///etc/passwd" in text  # shown as text
    assert all(served for _, served in RecordingFetcher.asked)  # only the product's own files
    assert listener.connections == 0


def test_the_listener_would_notice_a_connection(listener: Listener) -> None:
    """The check above can fail: a real fetch of the listener's address is counted."""
    with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
        pass
    for _ in range(50):
        if listener.connections:
            break
        threading.Event().wait(0.02)
    assert listener.connections == 1
