"""Emptying the whole database (`manage.py flush`, which the test runner runs after every test
that commits) still works, and leaves the trail's guard in place."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django_scopes import scopes_disabled

from audit.models import AuditEvent, Kind
from tests.factories import TrustFactory


def _event() -> AuditEvent:
    event = AuditEvent(trust=TrustFactory(), kind=Kind.SIGN_IN, email="x@a.example")
    event.save()
    return event


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_trail_and_the_guard_comes_back() -> None:
    _event()
    call_command("flush", interactive=False, verbosity=0)
    with scopes_disabled():
        assert not AuditEvent.objects.exists()
    again = _event()
    with pytest.raises(DatabaseError), transaction.atomic(), scopes_disabled():
        AuditEvent.objects.filter(pk=again.pk).delete()
