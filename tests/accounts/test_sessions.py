"""A person's own sessions: recorded on signing in, listed, ended one by one or everywhere (taking
effect on the other browser's next request), and never anyone else's."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.models import SignInSession
from accounts.selectors import device_of
from fht.models import User
from fht.roles import Role
from fht.tenancy import trust_scope
from people.services.persons import person_deactivate
from tests.conftest import World
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def signed_in(email: str, user_agent: str = FIREFOX) -> Client:
    client = Client(HTTP_USER_AGENT=user_agent)
    response = client.post(reverse("login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("accounts:session_list")).status_code == 200


def person(aw: World, role: Role) -> User:
    return aw.people[role.value]


def test_signing_in_records_the_device_the_address_and_this_device(aw: World) -> None:
    client = signed_in("head_teacher@a.example")
    page = client.get(reverse("accounts:session_list")).content.decode()
    assert "Firefox on Windows" in page
    assert "127.0.0.1" in page
    assert "This device" in page
    row = SignInSession.objects.get(user=person(aw, Role.HEAD_TEACHER))
    assert row.user_agent == FIREFOX
    # The session key itself is never shown.
    assert row.session_id not in page


def test_ending_another_session_signs_that_browser_out_at_its_next_request(aw: World) -> None:
    laptop = signed_in("governor@a.example")
    phone = signed_in("governor@a.example", IPHONE)
    page = laptop.get(reverse("accounts:session_list")).content.decode()
    assert "Safari on iPhone" in page and "Firefox on Windows" in page
    phone_row = SignInSession.objects.get(user_agent=IPHONE, user=person(aw, Role.GOVERNOR))
    response = laptop.post(reverse("accounts:session_end", args=[phone_row.pk]))
    assert response.status_code == 302
    assert not is_signed_in(phone)
    assert is_signed_in(laptop)
    assert not SignInSession.objects.filter(pk=phone_row.pk).exists()
    assert not Session.objects.filter(session_key=phone_row.session_id).exists()


def test_ending_this_session_signs_out_here(aw: World) -> None:
    client = signed_in("governor@a.example")
    row = SignInSession.objects.get(user=person(aw, Role.GOVERNOR))
    response = client.post(reverse("accounts:session_end", args=[row.pk]), follow=True)
    assert "You have been signed out on this device." in response.content.decode()
    assert not is_signed_in(client)


def test_sign_out_everywhere_else_keeps_this_one(aw: World) -> None:
    here = signed_in("cpd_lead@a.example")
    there = [signed_in("cpd_lead@a.example", IPHONE) for _ in range(2)]
    response = here.post(reverse("accounts:sign_out_others"), follow=True)
    assert "2 other sessions ended" in response.content.decode()
    assert is_signed_in(here)
    assert not any(is_signed_in(c) for c in there)
    assert SignInSession.objects.filter(user=person(aw, Role.CPD_LEAD)).count() == 1


def test_sign_out_everywhere_ends_this_one_too(aw: World) -> None:
    here = signed_in("cpd_lead@a.example")
    there = signed_in("cpd_lead@a.example", IPHONE)
    response = here.post(reverse("accounts:sign_out_everywhere"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "signed out everywhere" in response.content.decode()
    assert not is_signed_in(here)
    assert not is_signed_in(there)
    assert not SignInSession.objects.filter(user=person(aw, Role.CPD_LEAD)).exists()


def test_another_persons_session_is_404_and_is_never_listed(aw: World) -> None:
    mine = signed_in("trustee@a.example")
    colleague = signed_in("deputy_ceo@a.example", IPHONE)
    other_trust = signed_in("head@b.example", IPHONE)
    page = mine.get(reverse("accounts:session_list")).content.decode()
    assert "Safari on iPhone" not in page
    for email in ("deputy_ceo@a.example", "head@b.example"):
        row = SignInSession.objects.get(user__email=email)
        assert mine.post(reverse("accounts:session_end", args=[row.pk])).status_code == 404
    assert mine.post(reverse("accounts:session_end", args=[99_999_999])).status_code == 404
    # Signing out everywhere touches only the person's own sessions.
    mine.post(reverse("accounts:sign_out_everywhere"))
    assert is_signed_in(colleague)
    assert is_signed_in(other_trust)


def test_ending_needs_a_post(aw: World) -> None:
    client = signed_in("trustee@a.example")
    row = SignInSession.objects.get(user=person(aw, Role.TRUSTEE))
    assert client.get(reverse("accounts:session_end", args=[row.pk])).status_code == 405
    assert client.get(reverse("accounts:sign_out_everywhere")).status_code == 405
    assert is_signed_in(client)


def test_a_leaver_loses_their_sessions_and_their_rows(aw: World) -> None:
    leaver = aw.colleague
    assert leaver is not None
    client = signed_in(leaver.email)
    with trust_scope(aw.trust.pk):
        person_deactivate(person=leaver, acting_user=person(aw, Role.TRUST_ADMIN))
    assert not is_signed_in(client)
    assert not SignInSession.objects.filter(user=leaver).exists()


def test_the_list_does_not_grow_in_queries(
    aw: World, django_assert_max_num_queries: object
) -> None:
    clients = [signed_in("executive_head@a.example", IPHONE) for _ in range(6)]
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = clients[0].get(reverse("accounts:session_list"))
    assert response.content.decode().count('<th scope="row"') == 6


@pytest.mark.parametrize(
    ("agent", "device"),
    [
        (FIREFOX, "Firefox on Windows"),
        (IPHONE, "Safari on iPhone"),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
            "Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on macOS",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        ("curl/8.5", "Unknown device"),
        ("", "Unknown device"),
    ],
)
def test_a_device_in_a_few_words(agent: str, device: str) -> None:
    assert device_of(agent) == device


def test_html_in_a_user_agent_is_shown_as_text(aw: World) -> None:
    client = signed_in("trustee@a.example", "<script>alert(1)</script> Firefox/1")
    SignInSession.objects.filter(user=person(aw, Role.TRUSTEE)).update(
        user_agent="<b>x</b> Firefox/1"
    )
    page = client.get(reverse("accounts:session_list")).content.decode()
    assert "<b>x</b>" not in page
    assert "<script>alert(1)</script>" not in page


def test_the_address_is_the_one_sign_in_lockouts_see(aw: World) -> None:
    client = Client(HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.9")
    client.post(reverse("login"), {"username": "trustee@a.example", "password": PASSWORD})
    row = SignInSession.objects.get(user=person(aw, Role.TRUSTEE))
    assert row.ip_address == "203.0.113.9"
    assert "203.0.113.9" in client.get(reverse("accounts:session_list")).content.decode()


def test_sessions_of_an_old_password_are_not_listed(aw: World) -> None:
    """A password reset (or a change) ends the other sessions at their next request; the list
    leaves them out at once."""
    old = signed_in("trustee@a.example", IPHONE)
    user = person(aw, Role.TRUSTEE)
    user.set_password("a-new-and-long-passphrase")
    user.save()
    new = Client(HTTP_USER_AGENT=FIREFOX)
    new.post(
        reverse("login"), {"username": "trustee@a.example", "password": "a-new-and-long-passphrase"}
    )
    page = new.get(reverse("accounts:session_list")).content.decode()
    assert "Firefox on Windows" in page
    assert "Safari on iPhone" not in page
    assert not is_signed_in(old)
