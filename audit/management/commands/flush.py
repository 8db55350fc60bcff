"""Django's `flush`, which empties every table, with the audit trail's guard lifted for it alone.

The trail refuses deletes in the database (see the migration `0002_append_only`). Emptying the
whole database is the one operation that must still work: the test runner does it between tests
that commit, and an operator resetting a database means to. Nothing in the app runs it."""

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import flush
from django.db import connections

from audit.triggers import append_only_lifted


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        if getattr(settings, "FHT_ENVIRONMENT", "") == "production":
            raise CommandError(
                "flush empties every table, the audit trail included: it is refused in production."
                " Restore a backup into a new database instead (README, Backups)."
            )
        with append_only_lifted(connections[options["database"]]):
            super().handle(**options)
