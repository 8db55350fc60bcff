class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


class RestoreRefused(BackupError):
    """A restore refused before anything was written: a target in use, or an archive that fails
    its checksums."""
