"""The private file store: MEDIA_ROOT as one tar archive, when files are kept on the file system."""

import os
import shutil
import tarfile
from pathlib import Path

from django.core.files.storage import FileSystemStorage, Storage

from backups.errors import RestoreRefused


def file_store_folder(storage: Storage) -> Path | None:
    """The folder to copy, or None for a store with its own backups (S3 and the like)."""
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location)
    return None


def files_archive(*, folder: Path, to: Path) -> int:
    """Every file under the folder, by its path inside it; the number of files."""
    count = 0
    with tarfile.open(to, "w:gz") as tar:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=str(path.relative_to(folder)), recursive=False)
                    count += 1
    return count


def files_check_target(*, folder: Path, force: bool) -> None:
    if folder.exists() and not folder.is_dir():
        raise RestoreRefused(f"{folder} is a file: give a folder for the private files.")
    if not force and folder.is_dir() and any(folder.iterdir()):
        raise RestoreRefused(
            f"The folder {folder} is not empty: restore into a new folder,"
            " or add --force to write the files over it."
        )


STAGING = ".restoring"


def _extract(archive: Path, folder: Path) -> int:
    """A backup holds only folders and regular files: anything else (a link, a device, a name
    that would leave the folder) refuses the whole archive before a byte is written. The "data"
    filter checks the same again as the files come out."""
    with tarfile.open(archive, "r:gz") as tar:
        members = tar.getmembers()
        for member in members:
            parts = Path(member.name).parts
            if (
                not (member.isfile() or member.isdir())
                or member.name.startswith("/")
                or ".." in parts
            ):
                raise RestoreRefused(
                    f"The file archive holds {member.name!r}, which is not a plain file inside"
                    " the folder: nothing was restored."
                )
        tar.extractall(folder, members=members, filter="data")
    return sum(1 for m in members if m.isfile())


def _replace_contents(folder: Path, staging: Path) -> None:
    """The folder's old contents give way to the staging folder's (which sits inside it, so every
    move is a rename on one file system, a mounted volume included)."""
    for entry in folder.iterdir():
        if entry == staging:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in staging.iterdir():
        os.replace(entry, folder / entry.name)
    staging.rmdir()


def files_extract(*, archive: Path, folder: Path) -> int:
    """The files into the folder, all or nothing: they come out into a staging folder first, and
    only a whole extraction replaces what was there (a forced restore over a folder holds exactly
    the backup's files afterwards; a failed one leaves the folder as it was)."""
    if folder.exists():
        staging = folder / STAGING
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        try:
            count = _extract(archive, staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _replace_contents(folder, staging)
        return count
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        count = _extract(archive, partial)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    os.replace(partial, folder)
    return count
