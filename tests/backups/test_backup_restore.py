"""Backups: a small world and a private file backed up, restored into a new database and a new
folder, read back intact, and served by the app started on them; what the restore refuses.

Runs on the test database of either vendor: SQLite (in memory: SQLite's backup API copies it) or
PostgreSQL (pg_dump, pg_restore into `fht_backup_<random>`, dropped at the end)."""

import hashlib
import html
import io
import json
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tarfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from datetime import time as clock_time
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings
from django.urls import reverse

from backups.database import (
    Server,
    postgres_check_target,
    postgres_drop,
    postgres_restore_roles,
    roles_without_existing,
    sqlite_url,
)
from backups.errors import RestoreRefused
from backups.management.commands.backup import Command as BackupCommand
from backups.services import MANIFEST, _archive_files, archive_verify, backups_prune, next_run_at
from fht.roles import Role
from tests.conftest import World, build_world
from tests.factories import PASSWORD
from tests.services import require_services

ROOT = Path(__file__).resolve().parents[2]
# Every byte value, and more than one block of the tar archive.
PAYLOAD = bytes(range(256)) * 41 + b"%PDF-1.7 evidence"
STORED_AS = "isap/evidence/2026/12/evidence.pdf"


@pytest.fixture
def file_store(settings: Any, tmp_path: Path) -> Path:
    """The private files on the file system, as in production (the test settings keep them in
    memory)."""
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return media


@pytest.fixture
def migrations_recorded(transactional_db: None) -> Iterator[dict[str, list[str]]]:
    """The test database is built from the models, not by migrating (`--no-migrations`), so its
    migration table is empty; record every migration on disk as applied, as `migrate` leaves a
    real database (`makemigrations --check` in CI keeps the models and migrations the same)."""
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    with override_settings(MIGRATION_MODULES={}):
        on_disk = sorted(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    for app, name in on_disk:
        recorder.record_applied(app, name)
    expected: dict[str, list[str]] = {}
    for app, name in on_disk:
        expected.setdefault(app, []).append(name)
    yield expected
    recorder.migration_qs.all().delete()


@pytest.fixture
def target(transactional_db: None, tmp_path: Path) -> Iterator[str]:
    """Where to restore: a new PostgreSQL database on the test server, or a new SQLite file."""
    if connection.vendor != "postgresql":
        yield str(tmp_path / "restored.sqlite3")
        return
    name = f"fht_backup_{secrets.token_hex(6)}"
    try:
        yield name
    finally:
        postgres_drop(server=Server.from_settings(connection.settings_dict), name=name)


def _rows(target: str, query: str) -> list[tuple[Any, ...]]:
    """Read the restored database directly, not through Django."""
    if connection.vendor == "postgresql":
        with Server.from_settings(connection.settings_dict).connect(target) as conn:
            return conn.execute(query).fetchall()  # type: ignore[arg-type]
    conn = sqlite3.connect(target)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(database_url: str, media: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "fht.settings.test",
        "DATABASE_URL": database_url,
        "FHT_TEST_FILES_DIR": str(media),  # the test settings' switch to files on disk, here
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
                "--skip-checks",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(log.read_text())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("the restored app did not start within 30 s")


def _sign_in(base: str, email: str) -> tuple[int, str, str]:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(base + reverse("login"), timeout=10) as page:
        assert page.status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
    assert token
    form = {"csrfmiddlewaretoken": token[1], "username": email, "password": PASSWORD}
    data = urllib.parse.urlencode(form).encode()
    with opener.open(base + reverse("login"), data=data, timeout=10) as home:
        return home.status, urllib.parse.urlparse(home.url).path, home.read().decode()


def test_a_backup_restores_into_a_new_database_and_folder_and_the_app_serves_it(
    file_store: Path,
    migrations_recorded: dict[str, list[str]],
    target: str,
    tmp_path: Path,
) -> None:
    world: World = build_world()
    stored = storages["default"].save(STORED_AS, ContentFile(PAYLOAD))
    assert (file_store / stored).read_bytes() == PAYLOAD

    out = io.StringIO()
    call_command("backup", to=tmp_path / "backups", stdout=out)
    [archive] = list((tmp_path / "backups").iterdir())
    assert f"Backup written to {archive}" in out.getvalue()
    manifest = json.loads((archive / MANIFEST).read_text())
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["migrations"] == migrations_recorded
    assert manifest["parts"]["files"]["count"] == 1
    assert manifest["release"]["version"]
    expected_parts = {"database", "files"} | (
        {"roles"} if connection.vendor == "postgresql" else set()
    )
    assert set(manifest["parts"]) == expected_parts

    media = tmp_path / "restored-media"
    out = io.StringIO()
    call_command("restore", str(archive), database=target, media_root=media, stdout=out)
    assert "No migrations to apply." in out.getvalue()
    assert "and 1 private file into" in out.getvalue()

    # (a) The data and the file, read straight from what was restored.
    assert (media / stored).read_bytes() == PAYLOAD
    schools = [r[0] for r in _rows(target, "SELECT name FROM schools_school ORDER BY name")]
    assert schools == ["Alder Primary", "Birch Primary", "Cedar Primary", "Driftwood Primary"]
    people = dict(_rows(target, "SELECT email, password FROM fht_user"))
    ceo = world.person(Role.CEO)
    assert people[ceo.email] == ceo.password
    assert len(people) == len(world.people) + 6  # the stranger, colleague, heads, CEO of B, staff

    # (b) The app, started on the restored database and folder, signs a restored person in.
    server, base = _serve(_database_url(target), media, tmp_path / "server.log")
    try:
        status, path, body = _sign_in(base, ceo.email)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert (status, path) == (200, reverse("home"))
    assert html.escape(ceo.full_name) in body

    # A second restore into the same database and folder is refused, and nothing changes.
    with pytest.raises(CommandError, match="already holds tables"):
        call_command("restore", str(archive), database=target, media_root=media)
    # A damaged archive is refused before anything is touched.
    damaged = tmp_path / "damaged"
    shutil.copytree(archive, damaged)
    with (damaged / "files.tar.gz").open("r+b") as f:
        f.seek(40)
        byte = f.read(1)
        f.seek(40)
        f.write(bytes([byte[0] ^ 0xFF]))
    fresh = tmp_path / "never-written"
    with pytest.raises(CommandError, match="damaged: files do not match their sha256"):
        call_command("restore", str(damaged), database=target, media_root=fresh, force=True)
    assert not fresh.exists()
    assert len(_rows(target, "SELECT id FROM schools_school")) == 4

    # A forced restore that fails half-way (a dump that matches its manifest but will not load)
    # leaves the database and the folder exactly as they were.
    unloadable = _copy_with(archive, tmp_path / "unloadable", _database_file(), os_random(4096))
    (media / "stray.txt").write_bytes(b"not in the backup")
    with pytest.raises(CommandError):
        call_command("restore", str(unloadable), database=target, media_root=media, force=True)
    assert len(_rows(target, "SELECT id FROM schools_school")) == 4
    assert (media / stored).read_bytes() == PAYLOAD
    assert (media / "stray.txt").exists()
    # An archive with a link in it is refused whole, before a byte is written.
    linked = _copy_with(archive, tmp_path / "linked", "files.tar.gz", _tar_with_a_link())
    with pytest.raises(CommandError, match="not a plain file inside the folder"):
        call_command("restore", str(linked), database=target, media_root=media, force=True)
    assert (media / "stray.txt").exists()
    # A whole forced restore replaces the folder's contents with exactly the backup's files.
    call_command("restore", str(archive), database=target, media_root=media, force=True)
    assert (media / stored).read_bytes() == PAYLOAD
    assert not (media / "stray.txt").exists()
    assert not (media / ".restoring").exists()
    assert len(_rows(target, "SELECT id FROM schools_school")) == 4
    if connection.vendor == "sqlite":
        # "~" that the shell left alone is the same file for the check as for the write.
        home = tmp_path / "home"
        home.mkdir()
        shutil.copyfile(target, home / "kept.sqlite3")
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("HOME", str(home))
            with pytest.raises(CommandError, match="already holds tables"):
                call_command(
                    "restore", str(archive), database="~/kept.sqlite3", media_root=tmp_path / "m2"
                )


def os_random(size: int) -> bytes:
    return secrets.token_bytes(size)


def _database_file() -> str:
    return "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"


def _copy_with(archive: Path, to: Path, name: str, content: bytes) -> Path:
    """A copy of the backup with one part replaced and its manifest's sum updated to match."""
    shutil.copytree(archive, to)
    (to / name).write_bytes(content)
    manifest = json.loads((to / MANIFEST).read_text())
    [part] = [p for p in manifest["parts"].values() if p["file"] == name]
    part["sha256"] = hashlib.sha256(content).hexdigest()
    (to / MANIFEST).write_text(json.dumps(manifest))
    return to


def _tar_with_a_link() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo("isap/evidence/passwd")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        tar.addfile(info)
    return buffer.getvalue()


def test_a_roles_replay_leaves_existing_roles_as_they_are() -> None:
    script = "\n".join(
        [
            "SET default_transaction_read_only = off;",
            "CREATE ROLE postgres;",
            "ALTER ROLE postgres WITH SUPERUSER LOGIN PASSWORD 'old';",
            'CREATE ROLE "Odd ""name""";',
            'ALTER ROLE "Odd ""name""" WITH NOLOGIN;',
            "CREATE ROLE fht_app;",
            "ALTER ROLE fht_app WITH LOGIN PASSWORD 'from-backup';",
            "GRANT fht_app TO postgres;",
        ]
    )
    kept, skipped = roles_without_existing(script, {"postgres", 'Odd "name"'})
    assert skipped == ['Odd "name"', "postgres"]
    assert "postgres WITH" not in kept and "Odd" not in kept
    assert "CREATE ROLE fht_app;" in kept and "GRANT fht_app TO postgres;" in kept


def test_a_roles_replay_on_the_server_never_changes_an_existing_role(
    transactional_db: None, tmp_path: Path
) -> None:
    require_services()  # roles are PostgreSQL's: skipped off CI on SQLite, failed in CI without it
    server = Server.from_settings(connection.settings_dict)
    existing, new = f"fht_kept_{secrets.token_hex(4)}", f"fht_new_{secrets.token_hex(4)}"
    roles = tmp_path / "roles.sql"
    roles.write_text(
        f"CREATE ROLE {existing};\nALTER ROLE {existing} WITH LOGIN PASSWORD 'from-backup';\n"
        f"CREATE ROLE {new};\nALTER ROLE {new} WITH NOLOGIN;\n"
    )
    with server.connect("postgres") as conn:
        conn.execute(f"CREATE ROLE {existing} NOLOGIN")
    try:
        note = postgres_restore_roles(server=server, name="postgres", roles=roles)
        with server.connect("postgres") as conn:
            found = dict(
                conn.execute(
                    "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY(%s)",
                    [[existing, new]],
                ).fetchall()
            )
    finally:
        with server.connect("postgres") as conn:
            conn.execute(f"DROP ROLE IF EXISTS {existing}")
            conn.execute(f"DROP ROLE IF EXISTS {new}")
    assert found == {existing: False, new: False}
    assert "1 existed already" in note


def _database_url(target: str) -> str:
    if connection.vendor == "postgresql":
        return Server.from_settings(connection.settings_dict).url(target)
    return sqlite_url(Path(target))


def test_a_folder_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    (tmp_path / "nothing").mkdir()
    with pytest.raises(CommandError, match="is not a whole backup"):
        call_command("restore", str(tmp_path / "nothing"), database="x", media_root=tmp_path / "m")
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--keep", "0"], "not a whole number from 1 to 10000"),
        (["--keep", "-3"], "not a whole number from 1 to 10000"),
        (["--keep", "1e309"], "not a whole number from 1 to 10000"),
        (["--every-day-at", "25:00"], "not a time of day like 02:00"),
        (["--every-day-at", "<b>2</b>"], "not a time of day like 02:00"),
    ],
)
def test_the_schedule_options_refuse_bad_values(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("backup", *args)


def test_retention_keeps_the_newest_whole_backups(tmp_path: Path) -> None:
    names = [f"fht-backup-2026120{d}T020000Z" for d in range(1, 6)]
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / MANIFEST).write_text("{}")
    (tmp_path / "fht-backup-20261206T020000Z").mkdir()  # newest, but never finished
    (tmp_path / "fht-backup-20261207T020000Z.partial").mkdir()  # being written: not counted
    (tmp_path / "fht-backup-20261207T020000Z.partial" / MANIFEST).write_text("{}")
    removed = backups_prune(folder=tmp_path, keep=2)
    assert sorted(p.name for p in removed) == names[:3]
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [
        *names[3:],
        "fht-backup-20261206T020000Z",
        "fht-backup-20261207T020000Z.partial",
    ]


def test_the_next_run_is_the_next_02_00_in_london_across_the_clock_change() -> None:
    london = ZoneInfo("Europe/London")
    at = clock_time(2, 0)
    # Before 02:00 on the day the clocks go forward: that same morning, 02:00 BST.
    due = next_run_at(now=datetime(2027, 3, 28, 0, 30, tzinfo=UTC), at=at, zone=london)
    assert due == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)
    # Exactly at 02:00 (GMT): the next day.
    due = next_run_at(now=datetime(2026, 12, 7, 2, 0, tzinfo=UTC), at=at, zone=london)
    assert due == datetime(2026, 12, 8, 2, 0, tzinfo=UTC)


def test_compose_runs_the_backup_every_night_with_the_database_servers_tools() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    service = compose["services"]["backup"]
    # ${NAME:-default} as compose fills it in when NAME is unset.
    args = [re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", str(a)) for a in service["command"]]
    assert args[:3] == ["python", "manage.py", "backup"]
    options = BackupCommand().create_parser("manage.py", "backup").parse_args(args[3:])
    assert (options.every_day_at, options.keep) == (clock_time(2, 0), 14)
    assert f"private-media:{service['environment']['MEDIA_ROOT']}" in service["volumes"]
    assert f"backups:{options.to}" in service["volumes"]
    assert "backups" in compose["volumes"]
    assert service["build"]["additional_contexts"] == {"app": "service:web"}
    major = compose["services"]["db"]["image"].split(":")[1].split(".")[0]
    dockerfile = (ROOT / service["build"]["dockerfile"]).read_text()
    assert f"postgresql-client-{major} " in dockerfile
    assert f"mkdir -p {options.to} " in dockerfile


class _Stop(Exception):
    pass


def test_the_nightly_loop_goes_on_after_a_failed_night_and_prunes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from backups.errors import BackupError
    from backups.management.commands import backup as command

    nights: list[str] = []
    waits: list[float] = []

    def fake_backup(*, to: Path) -> Path:
        nights.append("tried")
        if len(nights) == 1:
            raise BackupError("pg_dump failed: the server is down")
        made = to / "fht-backup-20261209T020000Z"
        made.mkdir()
        (made / MANIFEST).write_text('{"notes": ["roles saved without their passwords"]}')
        return made

    def fake_sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 3:
            raise _Stop

    pruned: list[int] = []
    monkeypatch.setattr(command, "backup_create", fake_backup)
    monkeypatch.setattr(command, "backups_prune", lambda *, folder, keep: pruned.append(keep) or [])
    monkeypatch.setattr(command.clock, "sleep", fake_sleep)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(_Stop):
        call_command(
            "backup", to=tmp_path, keep=3, every_day_at=clock_time(2, 0), stdout=out, stderr=err
        )
    assert nights == ["tried", "tried"]
    assert pruned == [3]
    assert "The backup failed: pg_dump failed: the server is down" in err.getvalue()
    assert "Backup written to" in out.getvalue()
    assert "Note: roles saved without their passwords" in out.getvalue()
    assert out.getvalue().count("Next backup at") == 3
    assert all(0 <= w <= 25 * 60 * 60 for w in waits)


@pytest.mark.parametrize("name", ["", "x" * 64, "dbname=other host=elsewhere", "a b", "école"])
def test_a_database_name_the_tools_could_misread_is_refused_before_connecting(name: str) -> None:
    nowhere = Server(host="nowhere.invalid", port="1", user="u", password="p")
    with pytest.raises(RestoreRefused, match="not a database name this restore accepts"):
        postgres_check_target(server=nowhere, name=name, force=False)


@pytest.mark.parametrize(
    "manifest",
    [
        "not json",
        "[]",
        '{"format": 1}',
        '{"format": 1, "database": {"vendor": "sqlite"},'
        ' "parts": {"database": {"file": "database.sqlite3"}}}',
    ],
)
def test_a_broken_manifest_is_refused(tmp_path: Path, manifest: str) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / MANIFEST).write_text(manifest)
    (tmp_path / "b" / "database.sqlite3").write_bytes(b"")
    with pytest.raises(RestoreRefused, match="is not a whole backup"):
        archive_verify(tmp_path / "b")


def test_files_kept_elsewhere_than_the_file_system_are_named_in_the_notes(tmp_path: Path) -> None:
    """The test settings keep files in memory, as an S3 store keeps them in its bucket."""
    parts: dict[str, Any] = {}
    notes: list[str] = []
    _archive_files(tmp_path, parts, notes)
    assert parts == {}
    assert notes == [
        "private files not included: they are kept by InMemoryStorage, whose own versioning"
        " and backups (the bucket's) keep them"
    ]
