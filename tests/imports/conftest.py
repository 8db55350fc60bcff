from collections.abc import Iterator

import pytest

from tests.imports.world import ImportsWorld, build_imports_world, rolled_back


@pytest.fixture(scope="module")
def iw(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[ImportsWorld]:
    """The imports world, built once per test module."""
    with django_db_blocker.unblock(), rolled_back():  # type: ignore[attr-defined]
        yield build_imports_world()
