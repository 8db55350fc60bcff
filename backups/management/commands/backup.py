"""`manage.py backup`: one backup now, or (with --every-day-at) one every day, forever."""

import argparse
import json
import time as clock
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from backups.errors import BackupError
from backups.services import MANIFEST, backup_create, backups_prune, next_run_at


def clock_time(value: str) -> time:
    try:
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a time of day like 02:00") from None


def positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= 10_000:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number from 1 to 10000")
    return number


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's backup), the PostgreSQL roles and the private"
        " files into one folder with a manifest of sha256 checksums."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--to",
            type=Path,
            default=Path(settings.BASE_DIR) / "var" / "backups",
            help="the folder that holds the backups (default: var/backups)",
        )
        parser.add_argument(
            "--keep", type=positive, help="then remove all but the newest N backups there"
        )
        parser.add_argument(
            "--every-day-at",
            type=clock_time,
            metavar="HH:MM",
            help=f"keep running, and back up every day at this time ({settings.TIME_ZONE})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["to"]
        keep: int | None = options["keep"]
        at: time | None = options["every_day_at"]
        if at is None:
            try:
                self._once(folder, keep)
            except BackupError as error:
                raise CommandError(str(error)) from error
            return
        zone = ZoneInfo(settings.TIME_ZONE)
        while True:
            due = next_run_at(now=timezone.now(), at=at, zone=zone)
            self.stdout.write(f"Next backup at {due:%Y-%m-%d %H:%M %Z}.")
            clock.sleep(max(0.0, (due - timezone.now()).total_seconds()))
            try:
                self._once(folder, keep)
            except Exception as error:  # the schedule goes on: tomorrow may work
                self.stderr.write(f"The backup failed: {error}")
            finally:
                connection.close()

    def _once(self, folder: Path, keep: int | None) -> None:
        made = backup_create(to=folder)
        self.stdout.write(f"Backup written to {made}.")
        for note in json.loads((made / MANIFEST).read_text())["notes"]:
            self.stdout.write(f"Note: {note}")
        if keep:
            for old in backups_prune(folder=folder, keep=keep):
                self.stdout.write(f"Removed the older backup {old.name}.")
