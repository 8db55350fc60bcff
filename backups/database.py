"""The database part of a backup: PostgreSQL through pg_dump and pg_restore, SQLite through its
backup API. Both copy one consistent moment of the database."""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from backups.errors import BackupError, RestoreRefused

# PostgreSQL allows more, but a name with "=" would be read by its tools as connection settings.
SAFE_NAME = re.compile(r"[A-Za-z0-9_-]{1,63}")


@dataclass(frozen=True)
class Server:
    """Where a PostgreSQL database lives and how to sign in to it (from DATABASES)."""

    host: str
    port: str
    user: str
    password: str

    @classmethod
    def from_settings(cls, settings_dict: dict[str, Any]) -> "Server":
        return cls(
            host=str(settings_dict.get("HOST") or ""),
            port=str(settings_dict.get("PORT") or ""),
            user=str(settings_dict.get("USER") or ""),
            password=str(settings_dict.get("PASSWORD") or ""),
        )

    def env(self, name: str) -> dict[str, str]:
        """The environment for pg_dump, pg_restore and psql: the password never on a command line."""
        values = {"PGHOST": self.host, "PGPORT": self.port, "PGUSER": self.user}
        values |= {"PGPASSWORD": self.password, "PGDATABASE": name}
        return {**os.environ, **{k: v for k, v in values.items() if v}}

    def url(self, name: str) -> str:
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        host = quote(self.host, safe="") + (f":{self.port}" if self.port else "")
        return f"postgres://{auth}@{host}/{quote(name, safe='')}"

    def connect(self, name: str) -> psycopg.Connection[Any]:
        params = {"host": self.host, "port": self.port, "user": self.user}
        params |= {"password": self.password, "dbname": name}
        conninfo = make_conninfo(**{k: v for k, v in params.items() if v})
        return psycopg.connect(conninfo, autocommit=True)


def _run(
    command: list[str], *, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"{command[0]} was not found: install the PostgreSQL client tools.")
    return subprocess.run(  # noqa: S603 (fixed tools, arguments passed as a list)
        [tool, *command[1:]], env=env, capture_output=True, text=True, check=False
    )


def _check(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.returncode}")


def postgres_dump(*, server: Server, name: str, to: Path) -> None:
    result = _run(["pg_dump", "--format=custom", f"--file={to}"], env=server.env(name))
    _check(result, "pg_dump")


def postgres_dump_roles(*, server: Server, name: str, to: Path) -> str | None:
    """The cluster's roles, or None and why not: reading role passwords needs a superuser, so a
    plain user gets the roles without their passwords, or nothing."""
    for extra in ([], ["--no-role-passwords"]):
        command = ["pg_dumpall", "--roles-only", f"--database={name}", f"--file={to}", *extra]
        result = _run(command, env=server.env(name))
        if result.returncode == 0:
            return "roles saved without their passwords" if extra else None
    to.unlink(missing_ok=True)
    return f"roles not saved (this database user may not read them): {result.stderr.strip()}"


def _database_exists(server: Server, name: str) -> bool:
    with server.connect("postgres") as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return found is not None


def _database_has_tables(server: Server, name: str) -> bool:
    query = (
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')"
        " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
        " AND n.nspname NOT LIKE 'pg_toast%%'"
    )
    with server.connect(name) as conn:
        row = conn.execute(query).fetchone()
    return bool(row and row[0])


def postgres_check_target(*, server: Server, name: str, force: bool) -> None:
    """Refuse, before anything is written, a database that already holds tables (unless forced)."""
    if not SAFE_NAME.fullmatch(name):
        raise RestoreRefused(
            f"{name!r} is not a database name this restore accepts: 1 to 63 letters, digits,"
            " underscores and hyphens."
        )
    if force or not _database_exists(server, name):
        return
    if _database_has_tables(server, name):
        raise RestoreRefused(
            f"The database {name} already holds tables: restore into a new database,"
            " or add --force to drop it and restore over it."
        )


def staging_name(name: str) -> str:
    """Where a restore is built before it takes the target's name (63 characters at most)."""
    return name[:50] + "_restoring"


def postgres_create_staging(*, server: Server, name: str) -> str:
    """A new, empty database to restore into, beside the target (a leftover one is dropped)."""
    staging = staging_name(name)
    ident = sql.Identifier(staging)
    with server.connect("postgres") as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(ident))
    return staging


def postgres_swap_in(*, server: Server, staging: str, name: str) -> None:
    """The restored database takes the target's name; the old one (if any) goes only now, once
    the restore has succeeded, so a failed restore leaves the target as it was."""
    with server.connect("postgres") as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                sql.Identifier(staging), sql.Identifier(name)
            )
        )


# pg_dumpall --roles-only writes CREATE ROLE name; then ALTER ROLE name WITH ... PASSWORD ...;
# (and COMMENT ON ROLE / GRANT lines); a name is bare or double-quoted.
_ROLE_LINE = re.compile(r'^(?:CREATE|ALTER|COMMENT ON) ROLE ("(?:[^"]|"")*"|[^\s;]+)', re.I)


def _role_name(token: str) -> str:
    return token[1:-1].replace('""', '"') if token.startswith('"') else token.lower()


def roles_without_existing(script: str, existing: set[str]) -> tuple[str, list[str]]:
    """The roles script without the lines that would create or change a role the server has
    already: its password, login and other attributes stay as they are."""
    kept, skipped = [], set()
    for line in script.splitlines():
        match = _ROLE_LINE.match(line)
        if match and _role_name(match.group(1)) in existing:
            skipped.add(_role_name(match.group(1)))
            continue
        kept.append(line)
    return "\n".join(kept) + "\n", sorted(skipped)


def postgres_restore_roles(*, server: Server, name: str, roles: Path) -> str:
    """Replay the roles the server lacks, stopping at the first error; a role that exists
    already is left exactly as it is (never given the backup's password or attributes)."""
    with server.connect("postgres") as conn:
        existing = {str(row[0]) for row in conn.execute("SELECT rolname FROM pg_roles")}
    script, skipped = roles_without_existing(roles.read_text(), existing)
    with tempfile.TemporaryDirectory() as folder:
        filtered = Path(folder) / "roles.sql"
        filtered.write_text(script)
        result = _run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", f"--file={filtered}"],
            env=server.env(name),
        )
    _check(result, "psql (roles)")
    return f"roles replayed ({len(skipped)} existed already and were left as they are)"


def postgres_restore(*, server: Server, name: str, dump: Path, owners: bool) -> None:
    """All or nothing: one transaction, stopping at the first error."""
    command = ["pg_restore", "--exit-on-error", "--single-transaction", f"--dbname={name}"]
    if not owners:
        command += ["--no-owner", "--no-privileges"]
    _check(_run([*command, str(dump)], env=server.env(name)), "pg_restore")


def sqlite_dump(*, source: sqlite3.Connection, to: Path) -> None:
    target = sqlite3.connect(to)
    try:
        source.backup(target)
    finally:
        target.close()


def _sqlite_has_tables(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return True  # not a database we can read: never overwrite it unasked
    return bool(row and row[0])


def sqlite_check_target(*, path: Path, force: bool) -> None:
    if path.is_dir():
        raise RestoreRefused(f"{path} is a folder: give the path of the new database file.")
    if not force and _sqlite_has_tables(path):
        raise RestoreRefused(
            f"The database {path} already holds tables: restore into a new file,"
            " or add --force to replace it."
        )


def sqlite_restore(*, dump: Path, path: Path) -> None:
    """Checked first, then moved into place in one step, so a failure leaves nothing half-written."""
    conn = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"The database copy is damaged: {error}") from error
    finally:
        conn.close()
    if not result or result[0] != "ok":
        raise BackupError(f"The database copy is damaged: {result}")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    shutil.copyfile(dump, partial)
    os.replace(partial, path)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def postgres_drop(*, server: Server, name: str) -> None:
    with server.connect("postgres") as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
