"""The database's refusal to change or delete an audit row, per vendor.

PostgreSQL: one trigger function raises on UPDATE, DELETE and TRUNCATE. SQLite: BEFORE UPDATE and
BEFORE DELETE triggers that RAISE(ABORT). The one update allowed is the one Django makes when the
person a row names is deleted (`user` is SET_NULL): the user id becomes NULL, nothing else moves.

The migration `0002_append_only` installs them, and so does every `migrate` after it (a
post_migrate receiver, `install_after_migrate`): a database made without migrations (the test
runner's) has them too. On SQLite, a later migration that rebuilds the table (most column changes) drops its triggers:
such a migration must call `install` again.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

TABLE = "audit_auditevent"
COLUMNS = ("id", "trust_id", "email", "name", "kind", "what", "status", "ip", "user_agent", "at")

POSTGRESQL_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.user_id IS NOT NULL AND NEW.user_id IS NULL
         AND (to_jsonb(NEW) - 'user_id') = (to_jsonb(OLD) - 'user_id') THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'The audit trail is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END $$;
    """,
    f"DROP TRIGGER IF EXISTS audit_event_append_only ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {TABLE}",
    f"""CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
    f"""CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()""",
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_event_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_event_append_only()",
]

_UNCHANGED = " AND ".join(f'NEW."{c}" IS OLD."{c}"' for c in COLUMNS)
SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON {TABLE}
    WHEN NOT (OLD.user_id IS NOT NULL AND NEW.user_id IS NULL AND {_UNCHANGED})
    BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: DELETE refused'); END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
]


def _run(connection: Any, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection: Any) -> None:
    """Put the triggers in place (again): safe to run any number of times."""
    if connection.vendor == "postgresql":
        _run(connection, POSTGRESQL_INSTALL)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_INSTALL)
    else:
        raise NotImplementedError(f"No append-only triggers for {connection.vendor}.")


def remove(connection: Any) -> None:
    if connection.vendor == "postgresql":
        _run(connection, POSTGRESQL_REMOVE)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_REMOVE)


@contextmanager
def append_only_lifted(connection: Any) -> Iterator[None]:
    """For `manage.py flush` alone (see audit/management/commands/flush.py)."""
    if TABLE not in connection.introspection.table_names():
        yield
        return
    if connection.vendor == "postgresql":
        _run(connection, [f"ALTER TABLE {TABLE} DISABLE TRIGGER USER"])
        try:
            yield
        finally:
            _run(connection, [f"ALTER TABLE {TABLE} ENABLE TRIGGER USER"])
        return
    _run(connection, SQLITE_REMOVE)
    try:
        yield
    finally:
        _run(connection, SQLITE_INSTALL)


def install_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After `migrate`: the triggers, wherever the table is and `0002_append_only` is not
    known to have been unapplied (a database made without migrations records none)."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if TABLE not in connection.introspection.table_names():
        return
    applied = {
        name for app, name in MigrationRecorder(connection).applied_migrations() if app == "audit"
    }
    if applied and "0002_append_only" not in applied:
        return
    install(connection)
