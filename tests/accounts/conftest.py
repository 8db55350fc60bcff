from collections.abc import Iterator

import pytest

from tests.conftest import World, build_world


@pytest.fixture(scope="module")
def aw(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[World]:
    """One world per module, built inside a transaction rolled back at the end (as Django's
    TestCase.setUpTestData does); each test's own changes are rolled back after it."""
    from django.db import connection, transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.close()
