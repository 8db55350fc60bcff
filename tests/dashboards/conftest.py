from collections.abc import Iterator

import pytest

from tests.conftest import World
from tests.dashboards.world import figures_world, rolled_back


@pytest.fixture(scope="module")
def fworld(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[World]:
    """The figures world, built once per test module."""
    with django_db_blocker.unblock(), rolled_back():  # type: ignore[attr-defined]
        yield figures_world()
