"""The feed's endpoints: tokens, tables in JSON and CSV, paging, 'updated since', bad input,
restricted text, other trusts, the use log and query counts."""

import base64
import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from feed.models import FeedToken, FeedUse, View
from feed.services import key_hash, token_revoke
from feed.tables import TABLES
from fht.roles import Role
from qa_visits.models import VisitSection
from tests.feed.world import FORMULA, RESTRICTED_MARKER, FeedWorld
from tests.qa_visits.world import HEAD_PM_MARKER, STAFFING_MARKER

pytestmark = pytest.mark.django_db

MARKERS = (RESTRICTED_MARKER, STAFFING_MARKER, HEAD_PM_MARKER)


def get(secret: str | None, table: str, fmt: str = "json", **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return Client().get(f"/feed/v1/{table}.{fmt}", params, headers=headers)


def rows_of(response: Any) -> list[dict[str, str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


# --- tokens ----------------------------------------------------------------------------------------


def test_only_the_hash_and_prefix_are_stored(fw: FeedWorld) -> None:
    secret = fw.ceo_token.secret
    with scopes_disabled():
        token = FeedToken.objects.get(pk=fw.ceo_token.token.pk)
        stored = [str(v) for v in FeedToken.objects.values_list().get(pk=token.pk)]
        history = [str(v) for h in token.history.values_list() for v in h]
    assert token.key_hash == key_hash(secret) and token.key_prefix == secret[:8]
    assert len(secret) >= 40
    assert not any(secret in value for value in stored + history)


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer ",
        "Bearer not-a-token",
        "Token abc",
        "Basic !!!notbase64",
        "Basic " + base64.b64encode(b"user:wrong").decode(),
        "Bearer " + "x" * 5000,
    ],
)
def test_a_missing_or_wrong_token_is_401_with_a_challenge(
    fw: FeedWorld, header: str | None
) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = Client().get("/feed/v1/schools.json", headers=headers)
    assert response.status_code == 401
    assert "Bearer" in response["WWW-Authenticate"] and "Basic" in response["WWW-Authenticate"]
    assert "Alder Primary" not in response.content.decode()


@pytest.mark.parametrize("name", ["token", "access_token", "key", "api_key"])
def test_a_token_in_the_address_is_never_accepted(fw: FeedWorld, name: str) -> None:
    """Addresses end up in proxies' and browsers' logs: the token travels in the header only."""
    response = Client().get("/feed/v1/schools.json", {name: fw.ceo_token.secret})
    assert response.status_code == 401
    assert "Alder Primary" not in response.content.decode()


def test_basic_auth_with_the_token_as_password_works(fw: FeedWorld) -> None:
    basic = base64.b64encode(f"excel:{fw.ceo_token.secret}".encode()).decode()
    response = Client().get("/feed/v1/schools.csv", headers={"Authorization": f"Basic {basic}"})
    assert response.status_code == 200
    assert {r["name"] for r in rows_of(response)} == {
        "Alder Primary",
        "Birch Primary",
        "Cedar Primary",
    }


def test_a_signed_in_session_is_not_a_credential(fw: FeedWorld) -> None:
    client = Client()
    client.force_login(fw.world.person(Role.CEO))
    assert client.get("/feed/v1/schools.json").status_code == 401


def test_revoking_refuses_the_very_next_request_and_logs_it(fw: FeedWorld) -> None:
    secret = fw.trustee_token.secret
    assert get(secret, "schools", "csv").status_code == 200
    with scopes_disabled():
        token = FeedToken.objects.get(pk=fw.trustee_token.token.pk)
        token_revoke(token=token, acting_user=fw.world.person(Role.TRUST_ADMIN))
    response = get(secret, "schools", "csv")
    assert response.status_code == 401
    assert "revoked" in response.content.decode()
    with scopes_disabled():
        last = FeedUse.objects.filter(token=token).first()
    assert last is not None and last.status == 401 and last.rows == 0


def test_non_get_methods_are_refused(fw: FeedWorld) -> None:
    headers = {"Authorization": f"Bearer {fw.ceo_token.secret}"}
    for method in ("post", "put", "delete", "patch"):
        response = getattr(Client(), method)("/feed/v1/schools.json", headers=headers)
        assert response.status_code == 405, method


def test_each_use_is_logged_with_last_used(fw: FeedWorld) -> None:
    before = timezone.now()
    response = get(fw.ceo_token.secret, "schools", "json", page_size="2")
    assert response.status_code == 200
    with scopes_disabled():
        token = FeedToken.objects.get(pk=fw.ceo_token.token.pk)
        use = FeedUse.objects.filter(token=token).first()
    assert token.last_used_at is not None and token.last_used_at >= before
    assert use is not None
    assert (use.table, use.format, use.query, use.rows, use.status) == (
        "schools",
        "json",
        "page_size=2",
        2,
        200,
    )
    assert use.ip == "127.0.0.1"


def test_the_use_log_refuses_changes(fw: FeedWorld) -> None:
    get(fw.ceo_token.secret, "schools")
    with scopes_disabled():
        use = FeedUse.objects.filter(token_id=fw.ceo_token.token.pk).first()
    assert use is not None
    use.status = 200
    with pytest.raises(ValueError, match="append-only"):
        use.save()


# --- tables ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", list(TABLES))
def test_every_table_answers_json_and_csv_with_its_columns(fw: FeedWorld, table: str) -> None:
    for token, view in ((fw.ceo_token, View.CEO), (fw.trustee_token, View.TRUSTEE)):
        columns = [c.name for c in TABLES[table].columns_for(view)]
        response = get(token.secret, table, "json")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["count"] == len(body["data"]) > 0, table
        assert body["next"] is None
        assert list(body["data"][0]) == columns
        ids = [r["id"] for r in body["data"]]
        assert ids == sorted(ids)
        response = get(token.secret, table, "csv")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert response["X-Total-Count"] == str(body["count"])
        assert "Link" not in response
        rows = rows_of(response)
        assert len(rows) == body["count"] and list(rows[0]) == columns


def test_the_trustee_view_has_no_names_or_written_notes(fw: FeedWorld) -> None:
    ceo = get(fw.ceo_token.secret, "categories").json()["data"]
    trustee = get(fw.trustee_token.secret, "categories").json()["data"]
    assert {r["reason"] for r in ceo} == {"Reason for Alder Primary", "Reason for Cedar Primary"}
    assert "reason" not in trustee[0] and "decided_by" not in trustee[0]
    judgements = get(fw.trustee_token.secret, "visit_judgements", "csv").content.decode()
    assert "notes for Alder Primary" not in judgements
    assert (
        "notes for Alder Primary" in get(fw.ceo_token.secret, "visit_judgements").content.decode()
    )


def test_restricted_text_is_in_no_table_for_any_token(fw: FeedWorld) -> None:
    with scopes_disabled():
        from qa_visits.models import VisitSection

        planted = VisitSection.objects.filter(notes__contains=RESTRICTED_MARKER).count()
    assert planted >= 6  # staffing and head's performance, on every visit of both trusts
    for token in (fw.ceo_token, fw.trustee_token, fw.other_token):
        for table in TABLES:
            for fmt in ("json", "csv"):
                body = get(token.secret, table, fmt).content.decode()
                for marker in MARKERS:
                    assert marker not in body, (token.token.view, table, fmt)
    sections = {r["section"] for r in get(fw.ceo_token.secret, "visit_judgements").json()["data"]}
    assert sections and not sections & {"staffing", "head_performance"}


def test_only_submitted_visits_give_judgements(fw: FeedWorld) -> None:
    assert fw.world.draft_visit is not None
    visits = {r["visit_id"] for r in get(fw.ceo_token.secret, "visit_judgements").json()["data"]}
    assert fw.world.draft_visit.pk not in visits
    assert fw.world.visit is not None and fw.world.visit.pk in visits


def test_another_trusts_rows_never_appear(fw: FeedWorld) -> None:
    w = fw.world
    for table in TABLES:
        a = get(fw.ceo_token.secret, table, "csv").content.decode()
        b = get(fw.other_token.secret, table, "csv").content.decode()
        assert "Driftwood Primary" not in a and w.sb.urn not in a, table
        assert "Alder Primary" not in b and w.s1.urn not in b, table
    assert [r["name"] for r in get(fw.other_token.secret, "schools").json()["data"]] == [
        "Driftwood Primary"
    ]


def test_csv_neutralises_formula_cells(fw: FeedWorld) -> None:
    rows = rows_of(get(fw.ceo_token.secret, "schools", "csv"))
    alder = next(r for r in rows if r["name"] == "Alder Primary")
    assert alder["local_authority"] == "'" + FORMULA
    json_row = next(
        r
        for r in get(fw.ceo_token.secret, "schools").json()["data"]
        if r["name"] == "Alder Primary"
    )
    assert json_row["local_authority"] == FORMULA  # JSON is data, not a spreadsheet


# --- paging and updated_since ------------------------------------------------------------------------


def test_paging_follows_next_through_every_row(fw: FeedWorld) -> None:
    secret = fw.ceo_token.secret
    everything = [r["id"] for r in get(secret, "schools").json()["data"]]
    seen: list[int] = []
    body = get(secret, "schools", page_size="1").json()
    while True:
        assert body["count"] == 3
        seen += [r["id"] for r in body["data"]]
        if body["next"] is None:
            break
        assert body["next"].startswith("http://testserver/feed/v1/schools.json?")
        body = Client().get(body["next"], headers={"Authorization": f"Bearer {secret}"}).json()
    assert seen == everything


def test_csv_sends_the_next_page_in_a_link_header(fw: FeedWorld) -> None:
    response = get(fw.ceo_token.secret, "schools", "csv", page_size="2")
    rows = rows_of(response)
    assert len(rows) == 2
    link = response["Link"]
    assert link.startswith("<http://testserver/feed/v1/schools.csv?") and link.endswith(
        '>; rel="next"'
    )
    assert f"after={rows[-1]['id']}" in link and "page_size=2" in link
    url = link[1 : link.index(">")]
    last = Client().get(url, headers={"Authorization": f"Bearer {fw.ceo_token.secret}"})
    assert len(rows_of(last)) == 1 and "Link" not in last


def test_updated_since_reads_the_history_or_the_rows_own_time(fw: FeedWorld) -> None:
    secret = fw.ceo_token.secret
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    for table in TABLES:
        assert get(secret, table, updated_since="2000-01-01").json()["count"] > 0, table
        assert get(secret, table, updated_since=tomorrow).json()["count"] == 0, table
    # A change today makes a row appear again (history for schools, updated_at for actions).
    from schools.models import School

    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    with scopes_disabled():
        School.history.update(history_date=long_ago)  # type: ignore[attr-defined]
        school = School.objects.get(pk=fw.world.s3.pk)
        school.pupils_on_roll = 321
        school.save()
    later = (timezone.now() - dt.timedelta(seconds=5)).isoformat()
    rows = get(secret, "schools", updated_since=later).json()["data"]
    assert [r["name"] for r in rows] == ["Cedar Primary"]
    assert get(secret, "schools", updated_since="2019-12-31").json()["count"] == 3


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("page_size", "1e309"),
        ("page_size", "NaN"),
        ("page_size", "-1"),
        ("page_size", "0"),
        ("page_size", "5001"),
        ("page_size", "9" * 400),
        ("page_size", "ten"),
        ("page_size", ""),
        ("after", "-5"),
        ("after", "1.5"),
        ("after", "99999999999999999999999"),
        ("updated_since", "yesterday"),
        ("updated_since", "2026-13-01"),
        ("updated_since", "9999-12-31T23:59:59-23:59"),
        ("updated_since", "0001-01-01T00:00:00+14:00"),
        ("updated_since", "<script>alert(1)</script>"),
        ("updated_since", ""),
        ("sort", "name"),
    ],
)
def test_bad_parameters_are_400_with_a_message(fw: FeedWorld, name: str, value: str) -> None:
    for fmt in ("json", "csv"):
        response = get(fw.ceo_token.secret, "schools", fmt, **{name: value})
        assert response.status_code == 400, (name, value, fmt)
        message = response.json()["error"] if fmt == "json" else response.content.decode()
        assert name in message
        assert "<script>" not in message


def test_an_unknown_table_or_format_is_404(fw: FeedWorld) -> None:
    assert get(fw.ceo_token.secret, "people", "json").status_code == 404
    assert get(fw.ceo_token.secret, "schools", "xml").status_code == 404
    assert get(None, "people", "json").status_code == 401


def test_the_largest_page_size_is_accepted(fw: FeedWorld) -> None:
    assert get(fw.ceo_token.secret, "schools", page_size="5000").status_code == 200


@pytest.mark.parametrize("table", list(TABLES))
def test_queries_do_not_grow_with_the_page(
    fw: FeedWorld, table: str, django_assert_max_num_queries: Any
) -> None:
    """Token, count, page, log and last-used: the same few queries for 1 row or all of them."""
    counts = []
    for size in ("1", "5000"):
        with CaptureQueriesContext(connection) as queries:
            assert get(fw.ceo_token.secret, table, "csv", page_size=size).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], table
    # 8, and the audit trail's row of the use (its savepoint, insert and release: 3).
    with django_assert_max_num_queries(11):
        get(fw.ceo_token.secret, table, "json", updated_since="2000-01-01")


def test_json_is_valid_utf8_with_numbers(fw: FeedWorld) -> None:
    body = json.loads(get(fw.ceo_token.secret, "deployments").content)
    row = body["data"][0]
    assert isinstance(row["days"], float) and isinstance(row["cost"], float)


def test_a_newly_submitted_visit_counts_as_updated_though_its_sections_have_no_history(
    fw: FeedWorld,
) -> None:
    """Submitting saves a visit's sections without history rows: the visit's own submitted or
    amended time counts as the change, so an incremental client never misses a new visit."""
    from qa_visits.models import Visit

    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    with scopes_disabled():
        VisitSection.history.update(history_date=long_ago)  # type: ignore[attr-defined]
        Visit.objects.update(submitted_at=long_ago, amended_at=None)
        visit = Visit.objects.filter(trust=fw.world.trust, status=Visit.Status.SUBMITTED).first()
        assert visit is not None
        Visit.objects.filter(pk=visit.pk).update(submitted_at=timezone.now())
    later = (timezone.now() - dt.timedelta(minutes=1)).isoformat()
    rows = get(fw.ceo_token.secret, "visit_judgements", updated_since=later).json()["data"]
    assert rows and {r["visit_id"] for r in rows} == {visit.pk}
