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


def _extract(archive: Path, folder: Path) -> int:
    with tarfile.open(archive, "r:gz") as tar:
        members = tar.getmembers()
        tar.extractall(folder, members=members, filter="data")
    return sum(1 for m in members if m.isfile())


def files_extract(*, archive: Path, folder: Path) -> int:
    """The files into the folder; names that would leave it, links and devices are refused (the
    "data" filter). A new folder appears only once every file is out of the archive; an existing
    one (empty, or forced; perhaps a mounted volume) is written into directly."""
    if folder.exists():
        return _extract(archive, folder)
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
