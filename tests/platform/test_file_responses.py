"""Files are kept outside every public path and handed over only by permission-checked views, as
attachments with `X-Content-Type-Options: nosniff`.

The walk is generated: every GET URL of the permission matrix (tests/matrix.py), requested by a
role the matrix allows, as a page and as its CSV (`?format=csv`), after every file field of every
row of the world has been given a stored file, so the download views answer with files. Every
response that is a file (a FileResponse, a PDF, a CSV, anything with Content-Disposition) must be
an attachment, with nosniff. A new download view is covered without being listed."""

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views import static
from django_scopes import scopes_disabled

from feed.models import View
from feed.services import token_issue
from fht.roles import Role
from tests.conftest import World
from tests.matrix import Case
from tests.platform.test_permission_matrix import MATRIX
from tests.platform.test_production_settings import environment, production_settings
from tests.platform.world import build_full_world

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR).resolve()
__all__ = ["environment"]  # the production-settings fixture, shared
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _project_models() -> Iterator[type[models.Model]]:
    for model in apps.get_models():
        if Path(apps.get_app_config(model._meta.app_label).path).resolve().is_relative_to(ROOT):
            yield model


def _give_every_file_field_a_file() -> int:
    """Every empty file field of every row: a small stored PDF. Returns how many rows got one."""
    name = default_storage.save("tests/stored.pdf", ContentFile(PDF))
    given = 0
    with scopes_disabled():
        for model in _project_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.FileField):
                    rows = model._base_manager.filter(**{field.name: ""})
                    given += rows.update(**{field.name: name})
    return given


@pytest.fixture(scope="module")
def fw(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[World, str]]:
    from django.db import connection, transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True
        atomic.__enter__()
        try:
            world = build_full_world()
            assert _give_every_file_field_a_file() > 0
            with scopes_disabled():
                ceo = world.person(Role.CEO)
                secret = token_issue(
                    trust_id=world.trust.pk, name="walk", view=View.CEO, acting_user=ceo
                ).secret
            yield world, secret
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.close()


def _reader(case: Case) -> Role | None:
    """A role the matrix lets reach the URL with the 'in' object, or None."""
    if case.any_member:
        return Role.CEO
    allowed = sorted((case.allowed or {}).get("in", set()), key=lambda r: r.value)
    return allowed[0] if allowed else None


def _is_file(response: HttpResponse) -> bool:
    kind = response.get("Content-Type", "")
    return (
        response.streaming
        or "Content-Disposition" in response
        or kind.startswith(("application/pdf", "text/csv", "application/octet-stream"))
    )


def _responses(world: World, secret: str) -> Iterator[tuple[str, HttpResponse]]:
    for name, case in sorted(MATRIX.items()):
        if case.method != "get" or case.public:
            continue
        url = reverse(name, kwargs=case.kwargs(world, "in") if case.kwargs else None)
        client = Client()
        headers = {}
        if case.anonymous == 401:  # the data feed: a token, not a session
            headers = {"Authorization": f"Bearer {secret}"}
        else:
            role = _reader(case)
            if role is None:
                continue
            client.force_login(world.person(role))
        for variant in (url, f"{url}?format=csv"):
            yield f"{name} {variant}", client.get(variant, headers=headers)


def test_every_file_a_view_hands_over_is_an_attachment_with_nosniff(
    fw: tuple[World, str],
) -> None:
    world, secret = fw
    seen: Counter[str] = Counter()
    for where, response in _responses(world, secret):
        if response.status_code != 200 or not _is_file(response):
            continue
        kind = response["Content-Type"].split(";")[0]
        seen[kind] += 1
        assert response.get("Content-Disposition", "").startswith("attachment"), where
        assert response.get("X-Content-Type-Options") == "nosniff", where
        if response.streaming:
            # Read to the end: the test client then closes the file (without closing the
            # database connection, as response.close() outside a request would).
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
    # The walk reached files of both kinds: stored PDFs (proformas, plans, letters, packs) and CSVs.
    assert seen["application/pdf"] >= 5, seen
    assert seen["text/csv"] >= 20, seen


def _walk(patterns: list[URLPattern | URLResolver]) -> Iterator[URLPattern]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns)
        else:
            yield p


def test_private_files_are_outside_every_public_path() -> None:
    media = Path(settings.MEDIA_ROOT).resolve()
    public = [Path(settings.STATIC_ROOT).resolve(), ROOT / "static"]
    public += [Path(d).resolve() for d in getattr(settings, "STATICFILES_DIRS", [])]
    for folder in public:
        assert not media.is_relative_to(folder) and not folder.is_relative_to(media), folder
    # No URL hands out stored files directly: no django.views.static.serve (what static() and
    # the development helpers add), no staticfiles view, and nothing under MEDIA_URL.
    media_url = (settings.MEDIA_URL or "").strip("/")
    patterns = list(_walk(get_resolver().url_patterns))
    assert len(patterns) > 100
    for pattern in patterns:
        callback = pattern.callback
        assert callback is not static.serve, pattern
        assert getattr(callback, "__module__", "") != "django.contrib.staticfiles.views", pattern
        if media_url:
            assert not str(pattern.pattern).lstrip("^").startswith(media_url), pattern


@pytest.mark.parametrize(
    ("media", "static_root"),
    [("/srv/fht/static/private", "/srv/fht/static"), ("/srv/fht", "/srv/fht/static")],
)
def test_production_refuses_private_files_inside_static(
    environment: pytest.MonkeyPatch, media: str, static_root: str
) -> None:
    environment.setenv("MEDIA_ROOT", media)
    environment.setenv("STATIC_ROOT", static_root)
    with pytest.raises(ImproperlyConfigured, match="must be separate folders"):
        production_settings()


def test_production_defaults_keep_private_files_apart(environment: pytest.MonkeyPatch) -> None:
    names = production_settings()
    media, static_root = Path(names["MEDIA_ROOT"]), Path(names["STATIC_ROOT"])
    assert not media.is_relative_to(static_root) and not static_root.is_relative_to(media)
