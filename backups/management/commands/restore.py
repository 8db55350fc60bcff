"""`manage.py restore`: a backup into a new database and a new folder, checked and migrated."""

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from backups.errors import BackupError
from backups.services import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder into a new database and a new private-files folder. The sha256"
        " of every part is checked first; a database with tables or a folder with files is refused"
        " unless --force. Then runs migrate (with the system checks) against what was restored."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("archive", type=Path, help="a backup folder (fht-backup-...)")
        parser.add_argument(
            "--database",
            required=True,
            help="the new database: a name on the PostgreSQL server DATABASE_URL points to"
            " (created if missing), or for an SQLite backup the path of the new file",
        )
        parser.add_argument(
            "--media-root", type=Path, required=True, help="the new folder for the private files"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="drop that database and write over that folder if they hold data",
        )
        parser.add_argument(
            "--roles",
            action="store_true",
            help="also replay the PostgreSQL roles and keep owners (a new server; roles that"
            " exist already are left as they are)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = backup_restore(
                archive=options["archive"],
                database=options["database"],
                media_root=options["media_root"],
                force=options["force"],
                roles=options["roles"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(restored.migrate_output.rstrip())
        for note in restored.notes:
            self.stdout.write(f"Note: {note}")
        files = f"{restored.files} private file{'' if restored.files == 1 else 's'}"
        self.stdout.write(
            f"Restored the database ({options['database']}) and {files}"
            f" into {options['media_root']}."
        )
