"""Reading a PDF back in a test: its text, page by page."""

from io import BytesIO

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)
