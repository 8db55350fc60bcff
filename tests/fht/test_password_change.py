"""Changing one's own password: the current one is asked for, weak new ones are refused next to
the field with a 400, and the person's other sessions end while this one stays."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from fht.roles import Role
from tests.conftest import World
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
# Long passphrases are welcome (ASVS asks for at least 64 characters to be allowed).
NEW = "wren kettle harbour lantern " * 3


def _signed_in(email: str, password: str = PASSWORD) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": email, "password": password})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("wrong-password", NEW, "old_password", "Your current password is not right"),
        (PASSWORD, "short", "new_password2", "This password is too short"),
        (PASSWORD, "password1234", "new_password2", "This password is too common"),
        (PASSWORD, "123456789012345", "new_password2", "This password is entirely numeric"),
    ],
)
def test_a_wrong_current_or_weak_new_password_is_refused_next_to_its_field(
    world: World, old: str, new: str, field: str, message: str
) -> None:
    person = world.person(Role.GOVERNOR)
    client = _signed_in(person.email)
    response = client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert f'id="id_{field}_error"' in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_change_keeps_this_session_and_ends_the_others(world: World) -> None:
    person = world.person(Role.GOVERNOR)
    here, elsewhere = _signed_in(person.email), _signed_in(person.email)
    response = here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    assert here.get(reverse("home")).status_code == 200
    assert elsewhere.get(reverse("home")).status_code == 302  # sent to sign in
    person.refresh_from_db()
    assert person.check_password(NEW)


def test_a_post_without_the_csrf_token_is_refused() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x@example.org", "password": "y"})
    assert response.status_code == 403


def test_signing_in_gives_a_new_session_key(world: World) -> None:
    """A key planted before sign-in (session fixation) is never the signed-in session's."""
    client = Client()
    session = client.session
    session["planted"] = True
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before
    person = world.person(Role.GOVERNOR)
    response = client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key not in {None, before}


def test_blank_boxes_are_named_in_words() -> None:
    from fht.views import OwnPasswordForm

    form = OwnPasswordForm(user=None, data={})
    assert not form.is_valid()
    assert form.errors["old_password"] == ["Enter your current password"]
    assert form.errors["new_password1"] == ["Enter a new password"]
