"""The trail is append-only in the database, and its page shows the CEO and trust administrators
their own trust's events, filtered, paged and as CSV."""

import csv
import datetime as dt
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import ScopeError, scopes_disabled

from audit import triggers
from audit.models import AuditEvent, Kind
from fht.roles import Role
from fht.tenancy import trust_scope
from tests.conftest import World
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

URL = "/audit/"


def _event(world: World, **fields: object) -> AuditEvent:
    values: dict[str, object] = {"trust": world.trust, "kind": Kind.SIGN_IN, "email": "x@a.example"}
    values.update(fields)
    event = AuditEvent(**values)
    event.save()
    return event


def _ceo(world: World) -> Client:
    client = Client()
    client.force_login(world.person(Role.CEO))
    return client


def test_a_query_outside_a_trust_scope_raises(aw: World) -> None:
    with pytest.raises(ScopeError):
        list(AuditEvent.objects.all())


# --- append-only -----------------------------------------------------------------------------


def test_the_database_refuses_to_change_a_row(aw: World) -> None:
    event = _event(aw, what="as it happened")
    with pytest.raises(DatabaseError), transaction.atomic(), scopes_disabled():
        AuditEvent.objects.filter(pk=event.pk).update(what="rewritten")
    event.refresh_from_db()
    assert event.what == "as it happened"


def test_the_database_refuses_to_delete_a_row(aw: World) -> None:
    event = _event(aw)
    with pytest.raises(DatabaseError), transaction.atomic(), scopes_disabled():
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()


def test_the_database_refuses_to_empty_the_table(aw: World) -> None:
    _event(aw)
    # PostgreSQL's TRUNCATE; SQLite has none, and its whole-table DELETE is how it empties one.
    sql = "TRUNCATE {} CASCADE" if connection.vendor == "postgresql" else "DELETE FROM {}"
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.format(triggers.TABLE))
    with trust_scope(aw.trust.pk):
        assert AuditEvent.objects.exists()


def test_the_model_refuses_to_save_or_delete_a_row_twice(aw: World) -> None:
    event = _event(aw)
    event.what = "changed"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_deleting_a_person_keeps_their_rows_with_the_name_as_it_was(aw: World) -> None:
    person = UserFactory(trust=aw.trust, full_name="Soon gone", email="gone@a.example")
    event = _event(aw, user=person, name="Soon gone", email="gone@a.example")
    person.delete()
    event.refresh_from_db()
    assert (event.user_id, event.name, event.email) == (None, "Soon gone", "gone@a.example")


def test_only_flush_lifts_the_guard_and_puts_it_back(aw: World) -> None:
    event = _event(aw)
    if connection.vendor == "postgresql":
        # The row's foreign-key checks wait for the test's transaction to end; PostgreSQL alters
        # no table with checks pending (a real flush runs in no open transaction).
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with triggers.append_only_lifted(connection), scopes_disabled():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with scopes_disabled():
        assert not AuditEvent.objects.filter(pk=event.pk).exists()
    again = _event(aw)
    with pytest.raises(DatabaseError), transaction.atomic(), scopes_disabled():
        AuditEvent.objects.filter(pk=again.pk).delete()


# --- the page --------------------------------------------------------------------------------


def test_acceptance_the_ceo_reads_the_directors_sign_ins_and_a_governors_refusal(
    aw: World,
) -> None:
    Client().post(reverse("login"), {"username": "qa_director@a.example", "password": PASSWORD})
    governor = Client()
    governor.force_login(aw.person(Role.GOVERNOR))
    refused_url = reverse("schools:detail", args=[aw.s3.pk])
    assert governor.get(refused_url).status_code == 404
    body = _ceo(aw).get(URL).content.decode()
    assert "Director of Quality Assurance of A" in body
    assert "Signed in" in body
    assert "Governor of A" in body
    assert refused_url in body and "Refused" in body


def test_another_trusts_events_never_show(aw: World) -> None:
    _event(aw, trust=aw.other_trust, what="TRUST-B-SECRET")
    _event(aw, trust=None, kind=Kind.SIGN_IN_FAILED, what="NO-TRUST-EVENT")
    _event(aw, what="TRUST-A-EVENT")
    client = _ceo(aw)
    body = client.get(URL).content.decode()
    exported = client.get(URL, {"format": "csv"}).content.decode()
    for text in (body, exported):
        assert "TRUST-A-EVENT" in text
        assert "TRUST-B-SECRET" not in text and "NO-TRUST-EVENT" not in text


def test_the_trust_administrator_reads_it_and_the_deputy_does_not(aw: World) -> None:
    admin = Client()
    admin.force_login(aw.person(Role.TRUST_ADMIN))
    assert admin.get(URL).status_code == 200
    deputy = Client()
    deputy.force_login(aw.person(Role.DEPUTY_CEO))
    assert deputy.get(URL).status_code == 404


def test_the_menu_shows_the_trail_to_its_readers_only(aw: World) -> None:
    assert 'href="/audit/"' in _ceo(aw).get(reverse("home")).content.decode()
    head = Client()
    head.force_login(aw.person(Role.HEAD_TEACHER))
    assert 'href="/audit/"' not in head.get(reverse("home")).content.decode()


def test_newest_first_and_paged(aw: World) -> None:
    now = timezone.now()
    for i in range(55):
        _event(aw, what=f"event-{i:02d}", at=now + dt.timedelta(minutes=i))
    client = _ceo(aw)
    first = client.get(URL).content.decode()
    assert first.index("event-54") < first.index("event-53")
    assert "event-05" in first and "event-04" not in first  # 50 a page
    second = client.get(URL, {"page": 2}).content.decode()
    assert "event-04" in second and "event-54" not in second


def test_filters_by_kind_person_and_dates(aw: World) -> None:
    day = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)
    _event(aw, kind=Kind.EXPORT, name="Ada Lovelace", what="early", at=day)
    _event(aw, kind=Kind.EXPORT, name="Grace Hopper", what="later", at=day + dt.timedelta(days=5))
    _event(aw, kind=Kind.REFUSED, name="Ada Lovelace", what="refused-one", at=day)
    client = _ceo(aw)

    def shown(**params: object) -> set[str]:
        response = client.get(URL, params)
        assert response.status_code == 200
        return {e.what for e in response.context["page"]} & {"early", "later", "refused-one"}

    assert shown(kind="export") == {"early", "later"}
    assert shown(person="lovelace") == {"early", "refused-one"}
    assert shown(person="LOVELACE", kind="refused") == {"refused-one"}
    dates = {"date_from_day": 11, "date_from_month": 3, "date_from_year": 2026}
    assert shown(**dates) == {"later"}
    until = {"date_to_day": 10, "date_to_month": 3, "date_to_year": 2026}
    assert shown(**until) == {"early", "refused-one"}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"date_from_day": 31, "date_from_month": 2, "date_from_year": 2026}, "date_from", "real"),
        (
            {"date_from_day": "1e309", "date_from_month": 2, "date_from_year": 2026},
            "date_from",
            "day",
        ),
        ({"date_to_day": "NaN", "date_to_month": 2, "date_to_year": 2026}, "date_to", "day"),
        ({"date_to_day": -1, "date_to_month": 2, "date_to_year": 2026}, "date_to", "day"),
        ({"date_to_day": 1, "date_to_year": 99999999999999999999}, "date_to", "year"),
        (
            {
                "date_from_day": 2,
                "date_from_month": 3,
                "date_from_year": 2026,
                "date_to_day": 1,
                "date_to_month": 3,
                "date_to_year": 2026,
            },
            "date_to",
            "after",
        ),
        ({"kind": "<script>x</script>"}, "kind", "valid choice"),
        ({"person": "x" * 5000}, "person", "at most 150"),
    ],
)
def test_bad_filters_get_a_message_by_the_field_and_a_400(
    aw: World, params: dict[str, object], field: str, message: str
) -> None:
    response = _ceo(aw).get(URL, params)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    body = response.content.decode()
    assert "There is a problem" in body and "<script>x</script>" not in body
    assert "Correct the filters" in body
    assert response.context["page"].paginator.count == 0


def test_what_was_typed_is_kept_and_html_is_escaped(aw: World) -> None:
    response = _ceo(aw).get(URL, {"person": "<b>Ada</b>", "date_from_day": "32"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "&lt;b&gt;Ada&lt;/b&gt;" in body and "<b>Ada</b>" not in body
    assert 'value="32"' in body


def test_csv_of_the_filtered_rows_neutralises_formulas(aw: World) -> None:
    _event(aw, kind=Kind.EXPORT, what='=HYPERLINK("http://evil.example")', name="@attacker")
    _event(aw, kind=Kind.REFUSED, what="not exported")
    response = _ceo(aw).get(URL, {"kind": "export", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0][:3] == ["When", "What happened", "Person"]
    whats = [row[4] for row in rows[1:]]
    assert whats == ['\'=HYPERLINK("http://evil.example")']
    assert rows[1][2] == "'@attacker"


def test_bad_filters_give_no_csv(aw: World) -> None:
    response = _ceo(aw).get(URL, {"date_from_day": "x", "format": "csv"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_a_helpful_empty_state_for_filters_matching_nothing(aw: World) -> None:
    response = _ceo(aw).get(URL, {"person": "no-such-person-anywhere"})
    assert "No event matches these filters" in response.content.decode()


def test_the_page_runs_the_same_queries_for_3_rows_and_60(
    aw: World, django_assert_num_queries: object
) -> None:
    client = _ceo(aw)
    client.get(URL)  # the first request loads what every request loads once (sessions...)

    def count() -> int:
        from django.db import connection as conn
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(conn) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    for i in range(3):
        _event(aw, what=f"few-{i}")
    few = count()
    for i in range(57):
        _event(aw, what=f"many-{i}")
    assert count() == few


@pytest.mark.parametrize(
    "params", [{"page": "-1"}, {"page": "1e309"}, {"sort": "<x>"}, {"page": "NaN"}]
)
def test_odd_page_and_sort_values_still_give_the_page(aw: World, params: dict[str, str]) -> None:
    _event(aw, what="still here")
    response = _ceo(aw).get(URL, params)
    assert response.status_code == 200
    assert "still here" in response.content.decode()
