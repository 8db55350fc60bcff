"""isap.sources: the plan page asks the registered origin providers where each priority came from
and links it back, without isap importing the apps above it; with no link, the reference in words
shows as before."""

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.roles import Role
from isap.models import Priority
from isap.sources import Origin, origin_links, origins
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _links(ids: list[int]) -> dict[int, tuple[str, str]]:
    found = Priority.objects.filter(pk__in=ids, title__startswith="Raise").values_list(
        "pk", flat=True
    )
    return {pk: ("The meeting it came from", f"/somewhere/{pk}/") for pk in found}


@pytest.fixture
def provider() -> Iterator[None]:
    origins.register(Origin(key="test-origin", links=_links))
    try:
        yield
    finally:
        origins._entries.pop("test-origin")


def test_no_priorities_no_query(django_assert_num_queries: object) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert origin_links([]) == {}


def test_the_plan_page_links_a_priority_back(world: World, provider: None) -> None:
    assert world.plan is not None
    with scopes_disabled():
        priority = Priority.objects.get(plan=world.plan)
    client = Client()
    client.force_login(world.person(Role.HEAD_TEACHER))
    page = client.get(reverse("isap:plan", args=[world.plan.pk])).content.decode()
    assert (
        f'<a class="govuk-link" href="/somewhere/{priority.pk}/">The meeting it came from</a>'
        in page
    )
    assert "QA visit, October 2026" not in page  # the link replaces the reference in words


def test_without_a_link_the_reference_shows(world: World) -> None:
    assert world.plan is not None
    client = Client()
    client.force_login(world.person(Role.HEAD_TEACHER))
    page = client.get(reverse("isap:plan", args=[world.plan.pk])).content.decode()
    assert "QA visit, October 2026" in page
