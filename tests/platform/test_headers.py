"""The security headers every response carries, in every environment, and no inline script."""

import re

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from fht.middleware import NoStoreMiddleware
from fht.roles import Role
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.strip() for d in header.split(";") if d.strip()}


@pytest.mark.parametrize("url_name", ["login", "password_reset", "healthz"])
def test_public_pages_send_a_strict_csp(url_name: str) -> None:
    policy = _csp(Client().get(reverse(url_name)))
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["object-src"] == "object-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe-inline" not in " ".join(policy.values())
    assert "unsafe-eval" not in " ".join(policy.values())


def test_other_security_headers(world: World) -> None:
    client = Client()
    client.force_login(world.person(Role.CEO))
    response = client.get(reverse("schools:list"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize("role", list(Role))
def test_no_inline_script_or_handler_in_any_page(world: World, role: Role) -> None:
    client = Client()
    client.force_login(world.person(role))
    for url in (
        reverse("home"),
        reverse("schools:list"),
        reverse("schools:clusters:list"),
        reverse("login"),
    ):
        html = client.get(url, follow=True).content.decode()
        for script in re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S):
            assert script.strip() == "", f"inline script on {url}"
        assert not re.search(r"\son[a-z]+\s*=", html), f"inline event handler on {url}"
        assert "style=" not in html, f"inline style on {url}"


@pytest.mark.parametrize("url_name", ["login", "home", "schools:list"])
def test_pages_are_never_stored_by_a_browser_or_proxy(world: World, url_name: str) -> None:
    client = Client()
    if url_name != "login":
        client.force_login(world.person(Role.CEO))
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}


def test_a_response_that_sets_its_own_caching_keeps_it() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("x")
        response["Cache-Control"] = "public, max-age=60"
        return response

    response = NoStoreMiddleware(view)(RequestFactory().get("/"))
    assert response["Cache-Control"] == "public, max-age=60"
