"""The trust's idle timeout and absolute lifetime: enforced on every request (the clock is moved by
editing the timestamps the session stores), and set by the trust's administrators."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import SignInSession
from accounts.services import IDLE, LIFETIME, SEEN, SIGNED_IN
from fht.models import Trust
from fht.roles import Role
from tests.accounts.test_sessions import is_signed_in, signed_in
from tests.conftest import World

pytestmark = pytest.mark.django_db

LIMITS = "accounts:session_limits"


def moved_back(client: Client, **seconds: float) -> None:
    """Move the session's stored times `seconds` into the past (signed_in=..., seen=...)."""
    session = client.session
    keys = {"signed_in": SIGNED_IN, "seen": SEEN}
    for name, delta in seconds.items():
        session[keys[name]] = session[keys[name]] - delta
    session.save()


def test_idle_longer_than_the_trust_allows_signs_out_with_a_message(aw: World) -> None:
    client = signed_in("trustee@a.example")
    key = client.session.session_key
    moved_back(client, seen=60 * 60 + 1)
    response = client.get(reverse("qa_visits:plan_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out after 60 minutes without activity" in page
    assert not Session.objects.filter(session_key=key).exists()
    assert not SignInSession.objects.filter(session_id=key).exists()


def test_just_under_the_idle_limit_stays_signed_in(aw: World) -> None:
    client = signed_in("trustee@a.example")
    moved_back(client, signed_in=59 * 60, seen=59 * 60)
    assert is_signed_in(client)


def test_an_active_session_still_ends_at_its_absolute_lifetime(aw: World) -> None:
    client = signed_in("trustee@a.example")
    moved_back(client, signed_in=10 * 3600 + 1)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "more than 10 hours ago" in response.content.decode()
    assert not is_signed_in(client)


def test_an_htmx_request_is_sent_to_the_sign_in_page_whole(aw: World) -> None:
    client = signed_in("trustee@a.example")
    moved_back(client, seen=2 * 3600)
    response = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("login")


def test_a_session_from_before_the_limits_is_signed_out(aw: World) -> None:
    client = signed_in("trustee@a.example")
    session = client.session
    for key in (SIGNED_IN, SEEN, IDLE, LIFETIME):
        del session[key]
    session.save()
    assert not is_signed_in(client)


def test_last_seen_is_written_at_most_once_a_minute(aw: World) -> None:
    client = signed_in("trustee@a.example")
    row = SignInSession.objects.get(session_id=client.session.session_key)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("home"))
    assert not any("UPDATE" in q["sql"] for q in ctx.captured_queries)
    assert SignInSession.objects.get(pk=row.pk).last_seen == row.last_seen
    moved_back(client, seen=61)
    seen_before = client.session[SEEN]
    client.get(reverse("home"))
    row.refresh_from_db()
    assert client.session[SEEN] > seen_before
    assert abs(row.last_seen.timestamp() - time.time()) < 5


def test_a_page_costs_no_extra_query_within_the_minute(
    aw: World, django_assert_num_queries: object
) -> None:
    client = signed_in("trustee@a.example")
    client.get(reverse("accounts:session_list"))
    with django_assert_num_queries(8) as ctx:  # type: ignore[operator]
        client.get(reverse("accounts:session_list"))
    # The session, the person, their trust, their sessions and the four of the menu's permission
    # set: the limits are checked from the session itself, and nothing is written.
    assert not any(q["sql"].startswith(("UPDATE", "INSERT")) for q in ctx.captured_queries)


def test_new_limits_reach_open_sessions_within_a_minute(aw: World) -> None:
    admin = signed_in("trust_admin@a.example")
    client = signed_in("trustee@a.example")
    response = admin.post(
        reverse(LIMITS), {"session_idle_minutes": "5", "session_lifetime_hours": "2"}
    )
    assert response.status_code == 302
    moved_back(client, seen=61)
    assert is_signed_in(client)  # takes up the new limits
    assert client.session[IDLE] == 5 * 60
    assert client.session[LIFETIME] == 2 * 3600
    moved_back(client, seen=5 * 60 + 1)
    response = client.get(reverse("home"), follow=True)
    assert "You were signed out after 5 minutes without activity" in response.content.decode()


def test_administrators_set_the_limits_and_history_keeps_who(aw: World) -> None:
    admin = signed_in("trust_admin@a.example")
    page = admin.get(reverse(LIMITS)).content.decode()
    assert 'value="60"' in page and 'value="10"' in page
    response = admin.post(
        reverse(LIMITS), {"session_idle_minutes": "30", "session_lifetime_hours": "8"}
    )
    assert response.status_code == 302
    trust = Trust.objects.get(pk=aw.trust.pk)
    assert (trust.session_idle_minutes, trust.session_lifetime_hours) == (30, 8)
    assert trust.history.first().history_user == aw.people[Role.TRUST_ADMIN.value]
    other = Trust.objects.get(pk=aw.other_trust.pk)
    assert (other.session_idle_minutes, other.session_lifetime_hours) == (60, 10)


@pytest.mark.parametrize(
    ("idle", "lifetime", "field", "message"),
    [
        ("", "10", "session_idle_minutes", "from 5 to 480"),
        ("4", "10", "session_idle_minutes", "from 5 to 480"),
        ("481", "10", "session_idle_minutes", "from 5 to 480"),
        ("-1", "10", "session_idle_minutes", "from 5 to 480"),
        ("1e309", "10", "session_idle_minutes", "from 5 to 480"),
        ("NaN", "10", "session_idle_minutes", "from 5 to 480"),
        ("<b>30</b>", "10", "session_idle_minutes", "from 5 to 480"),
        ("9" * 400, "10", "session_idle_minutes", "from 5 to 480"),
        ("30", "0", "session_lifetime_hours", "from 1 to 24"),
        ("30", "25", "session_lifetime_hours", "from 1 to 24"),
        ("30", "2.5", "session_lifetime_hours", "from 1 to 24"),
        ("120", "1", "session_idle_minutes", "must not be longer than the session lifetime"),
    ],
)
def test_bad_limits_are_refused_by_the_field_and_kept(
    aw: World, idle: str, lifetime: str, field: str, message: str
) -> None:
    admin = signed_in("trust_admin@a.example")
    response = admin.post(
        reverse(LIMITS), {"session_idle_minutes": idle, "session_lifetime_hours": lifetime}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert f'id="id_{field}_error"' in page
    assert message in page
    assert "<b>30</b>" not in page
    if idle == "<b>30</b>":
        assert "&lt;b&gt;30&lt;/b&gt;" in page
    elif 0 < len(idle) < 20:
        assert f'value="{idle}"' in page
    trust = Trust.objects.get(pk=aw.trust.pk)
    assert (trust.session_idle_minutes, trust.session_lifetime_hours) == (60, 10)


def test_only_administrators_set_the_limits(aw: World) -> None:
    for email in ("head_teacher@a.example", "trustee@a.example", "norole@a.example"):
        client = signed_in(email)
        assert client.get(reverse(LIMITS)).status_code == 403
        response = client.post(
            reverse(LIMITS), {"session_idle_minutes": "5", "session_lifetime_hours": "1"}
        )
        assert response.status_code == 403
    assert Trust.objects.get(pk=aw.trust.pk).session_idle_minutes == 60
