"""The two include templates other parts put in their packs: inside a WeasyPrint PDF the trust body renders
with their headings, tables and charts (data: URIs the PDF fetcher allows), without the screen's
CSV links, and a cluster's body never holds a restricted visit area."""

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django_scopes import scope
from weasyprint import HTML

from dashboards.selectors.cluster import cluster_dashboard
from dashboards.selectors.trust import trust_dashboard
from fht.pdf import StaticOnlyFetcher, static_dir
from fht.roles import Role
from tests.conftest import World
from tests.dashboards.world import AS_OF
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

PACK = '{% extends "pdf/base.html" %}{% block content %}{% include body %}{% endblock %}'


def _pdf(body: str, board: object) -> tuple[str, str]:
    html = (
        engines["django"]
        .from_string(PACK)
        .render(
            {"body": body, "board": board, "pdf": True, "document_title": "Pack", "trust_name": "A"}
        )
    )
    data = HTML(
        string=html, base_url=static_dir().as_uri() + "/", url_fetcher=StaticOnlyFetcher()
    ).write_pdf()
    assert data is not None
    return html, " ".join(pdf_text(data).split())


def test_the_trust_body_renders_in_a_pdf(fworld: World) -> None:
    with scope(trust=fworld.trust):
        board = trust_dashboard(trust=fworld.trust, user=fworld.person(Role.TRUSTEE), as_of=AS_OF)
        with CaptureQueriesContext(connection) as queries:
            html, text = _pdf("dashboards/_trust_body.html", board)
    assert len(queries) == 0  # the value is complete: a pack renders it with no database
    assert "Download as CSV" not in html and "<script" not in html
    assert 'src="data:image/svg+xml;base64,' in html
    for words in ("The golden rule", "Key measures", "2 of 3 schools", "Overdue QA visits"):
        assert words in text


def test_the_cluster_body_renders_in_a_pdf_without_restricted_areas(fworld: World) -> None:
    with scope(trust=fworld.trust):
        board = cluster_dashboard(cluster=fworld.c1, user=fworld.person(Role.GOVERNOR), as_of=AS_OF)
        html, text = _pdf("dashboards/_cluster_body.html", board)
    assert "Download as CSV" not in html
    assert "Alder Primary" in text and "Latest QA visit judgements" in text
    assert "Staffing" not in text and "performance management" not in text
