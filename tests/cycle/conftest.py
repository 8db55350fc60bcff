"""The cycle tests' world: the full test world (tests/platform/world.py, with the meetings of
tests/cycle/world.py), built once per module inside a transaction rolled back at the end; each
test runs in its own savepoint, so what one test writes never reaches the next."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import World
from tests.platform.world import build_full_world


@pytest.fixture(scope="module")
def cworld(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    from django.db import connection, transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True
        atomic.__enter__()
        try:
            yield build_full_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.close()
