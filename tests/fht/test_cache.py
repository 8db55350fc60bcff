"""Pages kept for a trust until its data changes (fht.cache): a save or a delete of any row the
trust owns retires them, in that trust only; bookkeeping rows (jobs) do not."""

import pytest
from django_scopes import scopes_disabled

from fht import cache
from fht.models import Job
from tests.conftest import World
from tests.factories import SchoolFactory, TrustFactory

pytestmark = pytest.mark.django_db


class Builds:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"page {self.count}"


def test_a_kept_page_is_served_until_the_trusts_data_changes(world: World) -> None:
    build = Builds()
    keep = lambda: cache.for_trust(world.trust.pk, "page", ("2026-12-07", True), build)  # noqa: E731
    assert keep() == "page 1"
    assert keep() == "page 1"
    with scopes_disabled():
        world.s1.name = "Renamed Primary"
        world.s1.save()
    assert keep() == "page 2"
    with scopes_disabled():
        school = SchoolFactory(cluster=world.c1)
    assert keep() == "page 3"
    with scopes_disabled():
        school.delete()
    assert keep() == "page 4"
    assert keep() == "page 4"


def test_another_trusts_change_and_a_job_leave_it_kept(world: World) -> None:
    build = Builds()
    keep = lambda: cache.for_trust(world.trust.pk, "page", "v", build)  # noqa: E731
    keep()
    with scopes_disabled():
        other = TrustFactory()
        other.name = "Another trust"
        other.save()
        Job.objects.create(trust=world.trust, kind=next(iter(_job_kinds())))
    assert keep() == "page 1"


def test_variants_are_kept_apart(world: World) -> None:
    build = Builds()
    first = cache.for_trust(world.trust.pk, "page", ("day", True), build)
    second = cache.for_trust(world.trust.pk, "page", ("day", False), build)
    assert (first, second) == ("page 1", "page 2")
    assert cache.for_trust(world.trust.pk, "page", ("day", True), build) == "page 1"


def test_a_lost_generation_starts_afresh() -> None:
    from django.core.cache import cache as django_cache

    django_cache.set("fht:trust-generation:999999", 5)
    first = cache.generation(999999)
    django_cache.delete("fht:trust-generation:999999")  # evicted
    cache.bump(999999)
    assert cache.generation(999999) > first  # never an old number again


def _job_kinds() -> list[str]:
    from fht.registry import jobs

    return jobs.keys()
