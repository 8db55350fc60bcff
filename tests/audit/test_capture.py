"""Each way an event reaches the trail writes exactly one row, with the right trust, person,
kind and address."""

import logging

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connections
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.capture import AuditMiddleware
from audit.models import AuditEvent, Kind
from audit.services import second_factor_failed
from feed.models import View
from feed.services import token_issue, use_record
from fht.models import ImportRecord, Trust
from fht.roles import Role
from people.services import role_assign, role_end
from tests.conftest import World
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"
AGENT = "Mozilla/5.0 (audit test)"


def _client() -> Client:
    return Client(REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT)


def _new(since: int) -> list[AuditEvent]:
    with scopes_disabled():
        return list(AuditEvent.objects.filter(pk__gt=since).order_by("pk"))


def _last() -> int:
    with scopes_disabled():
        return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _sign_in(client: Client, email: str, password: str = PASSWORD) -> HttpResponse:
    return client.post(reverse("login"), {"username": email, "password": password})


def test_a_sign_in_is_one_row_with_who_and_from_where(aw: World) -> None:
    director = aw.person(Role.QA_DIRECTOR)
    since = _last()
    assert _sign_in(_client(), "QA_Director@a.example").status_code == 302
    [event] = _new(since)
    assert (event.kind, event.trust_id, event.user_id) == (Kind.SIGN_IN, aw.trust.pk, director.pk)
    assert (event.email, event.name) == (director.email, director.full_name)
    assert (event.ip, event.user_agent) == (IP, AGENT)


def test_a_failed_sign_in_of_a_known_email_belongs_to_its_trust(aw: World) -> None:
    since = _last()
    _sign_in(_client(), "trustee@a.example", "wrong-password-here")
    [event] = _new(since)
    assert (event.kind, event.trust_id) == (Kind.SIGN_IN_FAILED, aw.trust.pk)
    assert event.user_id == aw.person(Role.TRUSTEE).pk
    assert event.ip == IP


def test_a_failed_sign_in_of_an_unknown_email_belongs_to_no_trust(aw: World) -> None:
    since = _last()
    _sign_in(_client(), "nobody@nowhere.example", "whatever-it-is")
    [event] = _new(since)
    assert (event.kind, event.trust_id, event.user_id) == (Kind.SIGN_IN_FAILED, None, None)
    assert event.email == "nobody@nowhere.example"


def test_a_lockout_is_recorded_with_the_failures_that_caused_it(aw: World) -> None:
    client = _client()
    since = _last()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "governor@a.example", "nope-nope-nope")
    kinds = [e.kind for e in _new(since)]
    assert kinds.count(Kind.SIGN_IN_FAILED) == settings.AXES_FAILURE_LIMIT
    assert kinds.count(Kind.LOCKOUT) == 1
    lockout = next(e for e in _new(since) if e.kind == Kind.LOCKOUT)
    assert (lockout.trust_id, lockout.user_id) == (aw.trust.pk, aw.person(Role.GOVERNOR).pk)
    assert lockout.ip == IP
    # Trying again while locked out (even with the right password) is refused and recorded as
    # a failed sign-in; the lockout itself is one row per cool-off, however often they try.
    since = _last()
    for _ in range(3):
        assert _sign_in(client, "governor@a.example").status_code == 429
    assert [e.kind for e in _new(since)] == [Kind.SIGN_IN_FAILED] * 3


def test_a_sign_out_is_one_row(aw: World) -> None:
    client = _client()
    client.force_login(aw.person(Role.CEO))
    since = _last()
    client.post(reverse("logout"))
    [event] = _new(since)
    assert (event.kind, event.user_id, event.ip) == (Kind.SIGN_OUT, aw.person(Role.CEO).pk, IP)


def test_a_second_factor_failure_is_recorded_by_the_function_two_factor_will_call(
    aw: World,
) -> None:
    request = RequestFactory().post("/", REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT)
    since = _last()
    second_factor_failed(request=request, user=aw.person(Role.CEO), what="Wrong code")
    [event] = _new(since)
    assert (event.kind, event.trust_id, event.ip) == (Kind.SECOND_FACTOR_FAILED, aw.trust.pk, IP)


def test_a_governor_refused_another_schools_page_is_one_row(aw: World) -> None:
    client = _client()
    governor = aw.person(Role.GOVERNOR)  # of s1
    client.force_login(governor)
    since = _last()
    url = reverse("schools:detail", args=[aw.s3.pk])
    assert client.get(url).status_code == 404
    [event] = _new(since)
    assert (event.kind, event.trust_id, event.user_id) == (Kind.REFUSED, aw.trust.pk, governor.pk)
    assert (event.what, event.status, event.ip) == (url, 404, IP)


def test_an_anonymous_404_is_not_a_refusal_of_anyone(aw: World) -> None:
    since = _last()
    _client().get("/no-such-page/")
    assert _new(since) == []


def test_a_403_raised_by_a_view_is_recorded_as_such(aw: World) -> None:
    request = RequestFactory().get("/somewhere/", REMOTE_ADDR=IP)
    request.user = aw.person(Role.TRUSTEE)
    middleware = AuditMiddleware(lambda r: HttpResponse(status=403))
    middleware.process_exception(request, PermissionDenied())
    since = _last()
    middleware(request)
    [event] = _new(since)
    assert (event.kind, event.status, event.what) == (Kind.REFUSED, 403, "/somewhere/")


@override_settings(ROOT_URLCONF="tests.audit.urls")
@pytest.mark.parametrize("atomic_requests", [False, True])
def test_a_refusal_after_a_rolled_back_write_keeps_its_row(
    aw: World, monkeypatch: pytest.MonkeyPatch, atomic_requests: bool
) -> None:
    monkeypatch.setitem(connections.settings["default"], "ATOMIC_REQUESTS", atomic_requests)
    client = _client()
    client.force_login(aw.person(Role.HEAD_TEACHER))
    since = _last()
    assert client.get("/test-audit/rolled-back/").status_code == 404
    assert not Trust.objects.filter(slug="rolled-back").exists()
    [event] = _new(since)
    assert (event.kind, event.status) == (Kind.REFUSED, 404)


def test_a_csv_export_is_one_row_with_its_file_name(aw: World) -> None:
    client = _client()
    client.force_login(aw.person(Role.CEO))
    since = _last()
    response = client.get(reverse("schools:list"), {"format": "csv"})
    assert response.status_code == 200
    [event] = _new(since)
    assert (event.kind, event.trust_id, event.ip) == (Kind.EXPORT, aw.trust.pk, IP)
    assert event.what.startswith("schools-") and ".csv from /schools/?format=csv" in event.what


@override_settings(ROOT_URLCONF="tests.audit.urls")
def test_a_pdf_download_is_one_row(aw: World) -> None:
    client = _client()
    client.force_login(aw.person(Role.TRUSTEE))
    since = _last()
    assert client.get("/test-audit/pack.pdf").status_code == 200
    [event] = _new(since)
    assert (event.kind, event.user_id) == (Kind.DOWNLOAD, aw.person(Role.TRUSTEE).pk)
    assert event.what == "pack.pdf from /test-audit/pack.pdf"


def test_an_import_is_recorded_when_applied_or_refused_once(aw: World) -> None:
    admin = aw.person(Role.TRUST_ADMIN)
    since = _last()
    with scopes_disabled():
        record = ImportRecord.objects.create(
            trust=aw.trust,
            kind="gias",
            file="imports/x.csv",
            file_name="gias.csv",
            size=10,
            sha256="0" * 64,
            uploaded_by=admin,
        )
        assert _new(since) == []
        record.status = ImportRecord.Status.APPLIED
        record.applied_by = admin
        record.save()
        record.save()  # saved again, not applied again
        refused = ImportRecord.objects.create(
            trust=aw.trust,
            kind="gias",
            file="imports/y.csv",
            file_name="bad.csv",
            size=10,
            sha256="1" * 64,
            uploaded_by=admin,
            status=ImportRecord.Status.REFUSED,
        )
    applied, refused_event = _new(since)
    assert (applied.kind, applied.trust_id, applied.user_id) == (Kind.IMPORT, aw.trust.pk, admin.pk)
    assert "Imported" in applied.what and "gias.csv" in applied.what
    assert refused_event.kind == Kind.IMPORT and "bad.csv" in refused_event.what
    assert refused.pk


def test_role_given_and_ended_are_recorded_with_who_did_it(aw: World) -> None:
    ceo = aw.person(Role.CEO)
    since = _last()
    with scopes_disabled():
        assignment = role_assign(
            person=aw.stranger, role=Role.GOVERNOR, acting_user=ceo, school=aw.s2
        )
        role_end(assignment=assignment, acting_user=ceo)
    given, ended = _new(since)
    assert (given.kind, given.trust_id, given.user_id) == (Kind.ROLE_CHANGE, aw.trust.pk, ceo.pk)
    assert given.what == "Role given: Governor at Birch Primary, for No role of A"
    assert ended.what == "Role ended: Governor at Birch Primary, for No role of A"


def test_a_role_given_through_the_people_pages_has_the_actors_address(aw: World) -> None:
    today = timezone.localdate()
    client = _client()
    client.force_login(aw.person(Role.TRUST_ADMIN))
    since = _last()
    response = client.post(
        reverse("people:role_give", args=[aw.stranger.pk]),
        {
            "role": Role.TRUSTEE,
            "starts_on_day": today.day,
            "starts_on_month": today.month,
            "starts_on_year": today.year,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    events = [e for e in _new(since) if e.kind == Kind.ROLE_CHANGE]
    assert [(e.user_id, e.ip) for e in events] == [(aw.person(Role.TRUST_ADMIN).pk, IP)]
    assert events[0].what == "Role given: Trustee, for No role of A"


def test_a_use_of_a_feed_token_is_one_row(aw: World) -> None:
    with scopes_disabled():
        issued = token_issue(
            trust_id=aw.trust.pk,
            name="BI",
            view=View.TRUSTEE,
            acting_user=aw.person(Role.TRUST_ADMIN),
        )
        since = _last()
        use_record(
            token=issued.token, table="schools", fmt="csv", query="", rows=3, status=200, ip=IP
        )
    [event] = _new(since)
    assert (event.kind, event.trust_id, event.user_id) == (Kind.FEED_USE, aw.trust.pk, None)
    assert (event.status, event.ip, event.what) == (200, IP, "BI: schools.csv")


def test_a_feed_request_through_a_proxy_records_the_clients_address(aw: World) -> None:
    with scopes_disabled():
        issued = token_issue(
            trust_id=aw.trust.pk,
            name="BI",
            view=View.TRUSTEE,
            acting_user=aw.person(Role.TRUST_ADMIN),
        )
    since = _last()
    with override_settings(FHT_PROXY_COUNT=1):
        response = Client(REMOTE_ADDR="10.0.0.1").get(
            "/feed/v1/schools.json",
            headers={
                "Authorization": f"Bearer {issued.secret}",
                "X-Forwarded-For": "198.51.100.66, 198.51.100.23",
            },
        )
    assert response.status_code == 200
    [event] = _new(since)
    assert (event.kind, event.ip) == (Kind.FEED_USE, "198.51.100.23")


def test_flush_is_refused_in_production() -> None:
    with (
        override_settings(FHT_ENVIRONMENT="production"),
        pytest.raises(CommandError, match="refused in production"),
    ):
        call_command("flush", "--noinput")


def test_a_failed_audit_write_does_not_break_the_request(
    aw: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(self: AuditEvent, *args: object, **kwargs: object) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr(AuditEvent, "save", refuse)
    client = _client()
    client.force_login(aw.person(Role.GOVERNOR))
    with caplog.at_level(logging.ERROR, logger="audit.services"):
        response = client.get(reverse("schools:detail", args=[aw.s3.pk]))
    assert response.status_code == 404
    assert "Could not write the audit event" in caplog.text


def test_an_anonymous_request_records_no_one(aw: World) -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    since = _last()
    AuditMiddleware(lambda r: HttpResponse("x"))(request)
    assert _new(since) == []


def test_the_address_is_read_as_django_axes_reads_it(aw: World) -> None:
    """Behind a proxy, production configures axes (AXES_IPWARE_* or a callable); the trail
    follows whatever axes is told."""
    since = _last()
    with override_settings(AXES_CLIENT_IP_CALLABLE=lambda request: "198.51.100.9"):
        _sign_in(_client(), "trustee@a.example")
    [event] = _new(since)
    assert (event.kind, event.ip) == (Kind.SIGN_IN, "198.51.100.9")
