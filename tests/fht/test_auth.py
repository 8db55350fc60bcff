"""Signing in and out, lockout, password reset, and the session and CSRF settings."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from fht.roles import Role
from tests.conftest import World
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": email, "password": password})


def test_sign_in_with_email_any_case(world: World) -> None:
    client = Client()
    response = _sign_in(client, "HEAD_TEACHER@A.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert "Head teacher, Alder Primary" in home.content.decode()


def test_wrong_password_gets_a_message_and_keeps_the_email(world: World) -> None:
    response = _sign_in(Client(), "head_teacher@a.example", "wrong-password")
    body = response.content.decode()
    assert response.status_code == 400  # refused, as every form of the product answers
    assert "Enter a correct email address and password" in body
    assert 'value="head_teacher@a.example"' in body


def test_an_unreadable_address_for_a_password_reset_is_refused_with_a_message(
    world: World,
) -> None:
    response = Client().post(reverse("password_reset"), {"email": "<script>x</script>"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-message" in body or "govuk-error-summary" in body
    assert "&lt;script&gt;x&lt;/script&gt;" in body  # what was typed is kept, as text
    assert not mail.outbox


def test_lockout_after_repeated_failures(world: World) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "governor@a.example", "nope-nope-nope")
    response = _sign_in(client, "governor@a.example")  # even the right password is refused now
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    # Another person is not locked out by it.
    assert _sign_in(Client(), "trustee@a.example").status_code == 302


def test_sign_out_needs_a_post(world: World) -> None:
    client = Client()
    client.force_login(world.person(Role.CEO))
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_by_email(world: World) -> None:
    client = Client()
    response = client.post(reverse("password_reset"), {"email": "chair_of_governors@a.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", mail.outbox[0].body)
    assert link
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    new_password = "a-brand-new-long-password"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert done.status_code == 302
    assert _sign_in(Client(), "chair_of_governors@a.example", new_password).status_code == 302


def test_password_reset_says_nothing_about_unknown_addresses(world: World) -> None:
    response = Client().post(reverse("password_reset"), {"email": "nobody@nowhere.example"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_csrf_is_enforced_on_sign_in(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "ceo@a.example", "password": PASSWORD})
    assert response.status_code == 403


def test_session_and_csrf_cookie_settings() -> None:
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_unknown_page_is_the_not_found_page(world: World) -> None:
    client = Client()
    client.force_login(world.person(Role.GOVERNOR))
    response = client.get(f"/schools/{world.sb.pk}/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Driftwood" not in response.content.decode()


def test_lockout_counts_an_email_in_any_case(world: World) -> None:
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        email = "governor@a.example" if i % 2 else "GOVERNOR@A.example"
        _sign_in(client, email, "nope-nope-nope")
    assert _sign_in(client, "Governor@A.Example").status_code == 429
