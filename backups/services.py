"""Backups: make one (`backup_create`), keep the last few (`backups_prune`), and restore one into a
new database and folder (`backup_restore`). The management commands are thin wrappers.

A backup is one folder, `fht-backup-<UTC time>`, holding the database (`database.dump` from
pg_dump, or `database.sqlite3`), the PostgreSQL roles (`roles.sql`, when they may be read), the
private files (`files.tar.gz`) and `manifest.json`: when, which release, the database vendor, the
migrations applied, and the sha256 of each part. It is written as `<name>.partial` and renamed
when complete, so a folder with a manifest is always a whole backup."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time as clock
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from backups import database as db
from backups.errors import BackupError, RestoreRefused
from backups.files import file_store_folder, files_archive, files_check_target, files_extract

PREFIX = "fht-backup-"
MANIFEST = "manifest.json"
FORMAT = 1
STALE_PARTIAL = 24 * 60 * 60  # seconds: an unfinished backup older than this was interrupted


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _part(folder: Path, file: str, **extra: Any) -> dict[str, Any]:
    path = folder / file
    return {"file": file, "sha256": sha256_of(path), "bytes": path.stat().st_size, **extra}


def _release() -> dict[str, str | None]:
    version = None
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    if pyproject.is_file():
        version = tomllib.loads(pyproject.read_text())["project"].get("version")
    commit = os.environ.get("FHT_GIT_COMMIT") or None
    git = shutil.which("git")
    if commit is None and git and (Path(settings.BASE_DIR) / ".git").exists():
        result = subprocess.run(  # noqa: S603
            [git, "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
        commit = result.stdout.strip() or None
    return {"version": version, "commit": commit}


def _migrations_applied() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _free_folder(parent: Path, name: str) -> Path:
    candidate, n = parent / name, 1
    while candidate.exists() or candidate.with_name(candidate.name + ".partial").exists():
        n += 1
        candidate = parent / f"{name}-{n}"
    return candidate


def _dump_database(folder: Path, parts: dict[str, Any], notes: list[str]) -> None:
    if connection.vendor == "postgresql":
        server = db.Server.from_settings(connection.settings_dict)
        name = str(connection.settings_dict["NAME"])
        db.postgres_dump(server=server, name=name, to=folder / "database.dump")
        parts["database"] = _part(folder, "database.dump")
        note = db.postgres_dump_roles(server=server, name=name, to=folder / "roles.sql")
        if note:
            notes.append(note)
        if (folder / "roles.sql").exists():
            parts["roles"] = _part(folder, "roles.sql")
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        db.sqlite_dump(source=connection.connection, to=folder / "database.sqlite3")
        parts["database"] = _part(folder, "database.sqlite3")
    else:
        raise BackupError(f"No backup for a {connection.vendor} database.")


def _archive_files(folder: Path, parts: dict[str, Any], notes: list[str]) -> None:
    store = storages["default"]
    media = file_store_folder(store)
    if media is None:
        notes.append(
            f"private files not included: they are kept by {type(store).__name__}, whose own"
            " versioning and backups (the bucket's) keep them"
        )
        return
    count = files_archive(folder=media, to=folder / "files.tar.gz")
    parts["files"] = _part(folder, "files.tar.gz", count=count)


def backup_create(*, to: Path, now: datetime | None = None) -> Path:
    """One whole backup in `to`; the database first, then the files, so every file the copied
    database names is in the copy (a file added meanwhile is an extra, never a gap)."""
    created = now or timezone.now()
    to.mkdir(parents=True, exist_ok=True)
    final = _free_folder(to, PREFIX + created.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))
    partial = final.with_name(final.name + ".partial")
    partial.mkdir(mode=0o700)  # the whole database, password hashes included: the owner only
    try:
        parts: dict[str, Any] = {}
        notes: list[str] = []
        migrations = _migrations_applied()
        _dump_database(partial, parts, notes)
        _archive_files(partial, parts, notes)
        manifest = {
            "format": FORMAT,
            "created_at": created.astimezone(UTC).isoformat(),
            "release": _release(),
            "database": {"vendor": connection.vendor},
            "migrations": migrations,
            "parts": parts,
            "notes": notes,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def backups_prune(*, folder: Path, keep: int) -> list[Path]:
    """Keep the newest `keep` whole backups; remove older ones and long-interrupted partial ones."""
    if keep < 1:
        raise BackupError("Keep at least one backup.")
    whole = sorted(
        p
        for p in folder.glob(PREFIX + "*")
        if p.is_dir() and not p.name.endswith(".partial") and (p / MANIFEST).is_file()
    )
    stale = [
        p
        for p in folder.glob(PREFIX + "*.partial")
        if clock.time() - p.stat().st_mtime > STALE_PARTIAL
    ]
    removed = whole[:-keep] + stale
    for path in removed:
        shutil.rmtree(path)
    return removed


# The file each part is restored from: the manifest's sums must be of these very files.
PART_FILES = {
    "database": {"database.dump", "database.sqlite3"},
    "roles": {"roles.sql"},
    "files": {"files.tar.gz"},
}


def _part_intact(archive: Path, key: str, part: dict[str, Any]) -> bool:
    name = str(part["file"])
    if name not in PART_FILES.get(key, set()):
        return False
    path = archive / name
    return path.is_file() and sha256_of(path) == part["sha256"]


def archive_verify(archive: Path) -> dict[str, Any]:
    """The manifest, once every part it lists is present with its sha256."""
    try:
        manifest: dict[str, Any] = json.loads((archive / MANIFEST).read_text())
        parts: dict[str, dict[str, Any]] = manifest["parts"]
        vendor = str(manifest["database"]["vendor"])
        if manifest.get("format") != FORMAT or vendor not in ("postgresql", "sqlite"):
            raise RestoreRefused(f"{archive} is a backup this release cannot read.")
        if "database" not in parts:
            raise RestoreRefused(f"{archive} holds no database.")
        bad = [key for key, part in parts.items() if not _part_intact(archive, key, part)]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise RestoreRefused(f"{archive} is not a whole backup (its manifest: {error}).") from error
    if bad:
        raise RestoreRefused(
            f"{archive} is damaged: {', '.join(sorted(bad))} do not match their sha256"
            " in the manifest. Nothing was restored."
        )
    return manifest


@dataclass
class Restored:
    database_url: str
    files: int
    notes: list[str] = field(default_factory=list)
    migrate_output: str = ""


def _restore_postgres(
    archive: Path, manifest: dict[str, Any], name: str, *, roles: bool
) -> tuple[str, list[str]]:
    """Into a staging database beside the target; only a whole restore replaces the target, so a
    failure (a damaged dump, a full disk, a newer pg_dump) leaves it as it was."""
    server = db.Server.from_settings(connection.settings_dict)
    staging = db.postgres_create_staging(server=server, name=name)
    notes = []
    try:
        replay = roles and "roles" in manifest["parts"]
        if replay:
            notes.append(
                db.postgres_restore_roles(server=server, name=staging, roles=archive / "roles.sql")
            )
        db.postgres_restore(
            server=server, name=staging, dump=archive / "database.dump", owners=replay
        )
    except BaseException:
        db.postgres_drop(server=server, name=staging)
        raise
    db.postgres_swap_in(server=server, staging=staging, name=name)
    return server.url(name), notes


def _check_targets(
    manifest: dict[str, Any], database: str, media_root: Path, *, force: bool
) -> None:
    """Everything that could refuse the restore, before anything is written."""
    if manifest["database"]["vendor"] == "postgresql":
        if connection.vendor != "postgresql":
            raise RestoreRefused(
                "This is a backup of a PostgreSQL database: run the restore with DATABASE_URL"
                " set to the PostgreSQL server to restore it to."
            )
        server = db.Server.from_settings(connection.settings_dict)
        db.postgres_check_target(server=server, name=database, force=force)
    else:
        db.sqlite_check_target(path=Path(database), force=force)
    files_check_target(folder=media_root, force=force)


def backup_restore(
    *, archive: Path, database: str, media_root: Path, force: bool = False, roles: bool = False
) -> Restored:
    """The backup into a new database (a PostgreSQL database name on the server DATABASE_URL
    names, or an SQLite file path) and a new folder; then `migrate` against them, which first runs
    the system checks and applies nothing when the release is the same."""
    manifest = archive_verify(archive)
    media_root = media_root.expanduser().resolve()
    if manifest["database"]["vendor"] != "postgresql":
        # The same path is checked and written (a "~/x" the shell left alone included).
        database = str(Path(database).expanduser().resolve())
    _check_targets(manifest, database, media_root, force=force)
    notes: list[str] = []
    if manifest["database"]["vendor"] == "postgresql":
        url, notes = _restore_postgres(archive, manifest, database, roles=roles)
    else:
        path = Path(database)
        db.sqlite_restore(dump=archive / "database.sqlite3", path=path)
        url = db.sqlite_url(path)
    files = 0
    if "files" in manifest["parts"]:
        files = files_extract(archive=archive / "files.tar.gz", folder=media_root)
    else:
        media_root.mkdir(parents=True, exist_ok=True)
        notes += manifest.get("notes", [])
    output = _migrate(database_url=url, media_root=media_root)
    return Restored(database_url=url, files=files, notes=notes, migrate_output=output)


def _migrate(*, database_url: str, media_root: Path) -> str:
    """`manage.py migrate` in a new process on the restored database (same settings module)."""
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root)}
    manage = Path(settings.BASE_DIR) / "manage.py"
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(manage), "migrate", "--noinput"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=30 * 60,
    )
    if result.returncode != 0:
        raise BackupError(
            f"The data is restored, but migrate on it failed:\n{result.stderr.strip()}"
        )
    return result.stdout


def next_run_at(*, now: datetime, at: time, zone: tzinfo) -> datetime:
    """The next time the clock in `zone` shows `at`, strictly after `now`."""
    local = now.astimezone(zone)
    day: date = local.date()
    due = datetime.combine(day, at, tzinfo=zone)
    if due <= local:
        due = datetime.combine(day + timedelta(days=1), at, tzinfo=zone)
    return due
