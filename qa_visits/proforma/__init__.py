"""A QA visit's proforma: `context` (what each edition shows) and `pdf` (the job that renders
and stores the editions, and reading them back)."""

from qa_visits.proforma.context import (
    BLANK,
    EDITION_NOTE,
    RESTRICTION_NOTE,
    TEMPLATE,
    WITHHELD,
    Audience,
    DataView,
    FigureRow,
    GridRow,
    SectionView,
    proforma_context,
)
from qa_visits.proforma.pdf import (
    PROFORMA_JOB,
    PROFORMA_JOB_KEY,
    can_follow_job,
    can_retry_job,
    proforma_download_name,
    proforma_file_name,
    proforma_for,
    proforma_render,
    proforma_render_request,
    proforma_request,
)

__all__ = [
    "BLANK",
    "EDITION_NOTE",
    "PROFORMA_JOB",
    "PROFORMA_JOB_KEY",
    "RESTRICTION_NOTE",
    "TEMPLATE",
    "WITHHELD",
    "Audience",
    "DataView",
    "FigureRow",
    "GridRow",
    "SectionView",
    "can_follow_job",
    "can_retry_job",
    "proforma_context",
    "proforma_download_name",
    "proforma_file_name",
    "proforma_for",
    "proforma_render",
    "proforma_render_request",
    "proforma_request",
]
