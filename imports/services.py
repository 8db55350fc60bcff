"""The life of an import, for GIAS and Ofsted files: the upload saved with its record, the dry run
as a background job, the choice of the trust's group UID, confirming (once, however many clicks),
the import itself in one transaction re-reading the file, and cancelling before it is confirmed.

    record = import_start(trust=..., kind=GIAS, upload=..., encoding="", acting_user=...)
    import_confirm(record=record, acting_user=...)     # False when it was already confirmed
"""

import codecs
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from fht.jobs import JobRefused, job_queue
from fht.models import ImportRecord, Job, Trust, User
from fht.uploads import CHUNK, detect_encoding, sha256_of
from imports.gias import GiasPlan, gias_plan
from imports.models import GiasRecord, InspectionSource, SchoolLink
from imports.ofsted import OfstedPlan, ofsted_plan
from schools.hooks import structure_changed

GIAS = "gias"
OFSTED = "ofsted"
CHECK_JOB = "imports_check"
APPLY_JOB = "imports_apply"
MAX_BYTES = {GIAS: 100_000_000, OFSTED: 30_000_000}
Plan = GiasPlan | OfstedPlan


class ImportRefused(Exception):
    """The file cannot be imported as it stands (its errors are on the record)."""


# --- the upload ------------------------------------------------------------------------------------


def encoding_check(upload: UploadedFile, encoding: str) -> str:
    """The encoding to read the file with: the one chosen, if the whole file reads in it, or the
    one found from the file. Refused in words when the chosen one cannot read it."""
    file: Any = upload.file
    if not encoding:
        return detect_encoding(file)
    decoder = codecs.getincrementaldecoder(encoding)()
    file.seek(0)
    try:
        while chunk := file.read(CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise ValidationError(
            "The file is not in the encoding you chose: choose 'Find it from the file', or the "
            "encoding it was saved in",
            code="encoding",
        ) from None
    finally:
        file.seek(0)
    return encoding


def _links_options(trust: Trust, links: UploadedFile, encoding: str) -> dict[str, object]:
    name = default_storage.save(f"imports/{trust.pk}/links/{links.name}", links)
    return {
        "path": name,
        "name": str(links.name)[:255],
        "sha256": sha256_of(links.file),  # type: ignore[arg-type]
        "size": links.size,
        "encoding": encoding,
    }


def import_start(
    *,
    trust: Trust,
    kind: str,
    upload: UploadedFile,
    encoding: str,
    acting_user: User,
    options: dict[str, object] | None = None,
    links: UploadedFile | None = None,
    links_encoding: str = "",
) -> ImportRecord:
    """Keep the file privately with its record, and queue its dry run."""
    options = dict(options or {})
    if links is not None:
        options["links"] = _links_options(trust, links, links_encoding)
    record = ImportRecord(
        trust=trust,
        kind=kind,
        file_name=str(upload.name)[:255],
        size=upload.size or 0,
        sha256=sha256_of(upload.file),  # type: ignore[arg-type]
        encoding=encoding,
        options=options,
        uploaded_by=acting_user,
    )
    record.file.save(f"{trust.pk}/{upload.name}", upload, save=False)
    with transaction.atomic(durable=True):
        record.full_clean()
        record._history_user = acting_user  # type: ignore[attr-defined]
        record.save()
        job_queue(trust=trust, kind=CHECK_JOB, requested_by=acting_user, object_id=record.pk)
    return record


# --- reading the stored files ----------------------------------------------------------------------


@contextmanager
def _opened(record: ImportRecord) -> Iterator[dict[str, tuple[IO[bytes], str]]]:
    """The record's files, open for reading, each checked against the SHA-256 taken at upload."""
    with ExitStack() as stack:
        files: dict[str, tuple[IO[bytes], str]] = {}
        main = stack.enter_context(default_storage.open(str(record.file.name), "rb"))
        if sha256_of(main) != record.sha256:
            raise JobRefused("The stored file is not the one uploaded: upload it again.")
        links = record.options.get("links")
        if record.options.get("links_only"):
            files["links"] = (main, record.encoding)
        else:
            files["main"] = (main, record.encoding)
        if isinstance(links, dict):
            linked = stack.enter_context(default_storage.open(str(links["path"]), "rb"))
            if sha256_of(linked) != links["sha256"]:
                raise JobRefused("The stored links file is not the one uploaded: upload it again.")
            files["links"] = (linked, str(links["encoding"]))
        yield files


def _progress(record: ImportRecord) -> Any:
    def report(rows: int) -> None:
        # Outside the import's transaction (the dry run has none): the page shows it as it goes.
        ImportRecord.objects.filter(pk=record.pk).update(summary={"rows_read": rows})

    return report


def _plan(record: ImportRecord, *, progress: bool) -> Plan:
    """The dry run's plan; a file the CSV reader gives up on is one error, not a failed job."""
    try:
        return _read_plan(record, progress=progress)
    except ValidationError as error:
        plan: Plan = OfstedPlan() if record.kind == OFSTED else GiasPlan()
        plan.problems.add(1, "Whole file", " ".join(error.messages))
        return plan


def _read_plan(record: ImportRecord, *, progress: bool) -> Plan:
    trust = record.trust
    report = _progress(record) if progress else (lambda n: None)
    with _opened(record) as files:
        if record.kind == OFSTED:
            file, encoding = files["main"]
            return ofsted_plan(trust=trust, file=file, encoding=encoding, progress=report)
        extract = files.get("main")
        links = files.get("links")
        return gias_plan(
            trust=trust,
            extract=extract[0] if extract else None,
            extract_encoding=extract[1] if extract else "",
            links=links[0] if links else None,
            links_encoding=links[1] if links else "",
            group_uid=str(record.options.get("group_uid", "")),
            progress=report,
        )


def _record_for(job: Job, *statuses: str) -> ImportRecord:
    record = (
        ImportRecord.objects.select_related("trust")
        .filter(pk=job.object_id or 0, trust_id=job.trust_id, kind__in=[GIAS, OFSTED])
        .first()
    )
    if record is None:
        raise JobRefused("The import is no longer here.")
    if record.status not in statuses:
        raise JobRefused(f"The import is {record.get_status_display().lower()}.")
    return record


# --- the dry run -------------------------------------------------------------------------------------


def check_run(job: Job) -> str:
    """The dry run: what the file would change and every error, saved on the record."""
    record = _record_for(job, ImportRecord.Status.CHECKING)
    try:
        plan = _plan(record, progress=True)
    except JobRefused:
        _mark_failed(record.pk)
        raise
    refused = bool(plan.problems) or (isinstance(plan, GiasPlan) and plan.needs_uid)
    with transaction.atomic():
        # Locked, so a cancel committed while the file was read is not overwritten.
        record = ImportRecord.objects.select_for_update().get(pk=record.pk)
        if record.status != ImportRecord.Status.CHECKING:
            return "the import was cancelled while it was checked"
        record.summary = plan.summary()
        record.preview = plan.preview()
        record.errors = plan.problems.as_list()
        record.error_count = plan.problems.count
        status = ImportRecord.Status.REFUSED if plan.problems else ImportRecord.Status.CHECKED
        record.status = status
        record._history_user = job.requested_by  # type: ignore[attr-defined]
        record.save()
    if refused:
        return "the file was checked: see what needs doing before it can be imported"
    return "the file was checked: see what it would change"


def group_uid_choose(*, record: ImportRecord, group_uid: str, acting_user: User) -> ImportRecord:
    """Run the dry run again for the trust's group UID the person chose from the file's."""
    with transaction.atomic(durable=True):
        locked = ImportRecord.objects.select_for_update().get(
            pk=record.pk, trust_id=record.trust_id
        )
        trusts = {str(t[0]) for t in locked.summary.get("trusts", [])}
        if locked.status not in (ImportRecord.Status.CHECKED, ImportRecord.Status.REFUSED):
            raise ValidationError({"group_uid": "This import can no longer be changed."})
        if group_uid not in trusts:
            raise ValidationError({"group_uid": "Choose one of the trusts named in the file."})
        locked.options = {**locked.options, "group_uid": group_uid}
        locked.status = ImportRecord.Status.CHECKING
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save()
        job_queue(trust=locked.trust, kind=CHECK_JOB, requested_by=acting_user, object_id=locked.pk)
    return locked


def may_confirm(record: ImportRecord) -> bool:
    return (
        record.kind in (GIAS, OFSTED)
        and record.status == ImportRecord.Status.CHECKED
        and not record.summary.get("needs_uid")
        and any(record.summary.get(k) for k in ("added", "changed", "urn_changes"))
    )


# --- confirming and the import -----------------------------------------------------------------------


def import_confirm(*, record: ImportRecord, acting_user: User) -> bool:
    """Confirm a checked import: True if this request queued it, False if it was already
    confirmed (a double click), cancelled or refused. The record is locked while it is decided."""
    with transaction.atomic(durable=True):
        locked = ImportRecord.objects.select_for_update().get(
            pk=record.pk, trust_id=record.trust_id
        )
        if not may_confirm(locked):
            return False
        locked.status = ImportRecord.Status.APPLYING
        locked.applied_by = acting_user
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save()
        job_queue(trust=locked.trust, kind=APPLY_JOB, requested_by=acting_user, object_id=locked.pk)
    return True


def import_cancel(*, record: ImportRecord, acting_user: User) -> bool:
    with transaction.atomic(durable=True):
        locked = ImportRecord.objects.select_for_update().get(
            pk=record.pk, trust_id=record.trust_id
        )
        if locked.kind not in (GIAS, OFSTED) or locked.status not in (
            ImportRecord.Status.CHECKING,
            ImportRecord.Status.CHECKED,
            ImportRecord.Status.REFUSED,
        ):
            return False  # another app's import is cancelled on its own page, by its own rules
        locked.status = ImportRecord.Status.CANCELLED
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save()
    return True


def _save(obj: Any, user: User | None) -> None:
    obj._history_user = user
    obj.save()


def _gias_write(plan: GiasPlan, record: ImportRecord, user: User | None) -> None:
    trust = record.trust
    if plan.group_uid and not trust.dfe_group_id:
        # The first import says which DfE group the trust is: later files must be of that group.
        trust.dfe_group_id = plan.group_uid
        trust._history_user = user  # type: ignore[attr-defined]
        trust.save(update_fields=["dfe_group_id"])
    for change in plan.urn_changes:
        change.school.urn = change.new_urn
        change.school.full_clean(exclude=["trust", "cluster"])
        _save(change.school, user)
        SchoolLink.objects.get_or_create(
            trust=trust,
            old_urn=change.old_urn,
            new_urn=change.new_urn,
            defaults={
                "school": change.school,
                "link_type": change.link_type,
                "reason": change.reason,
                "linked_on": change.linked_on,
                "import_record": record,
            },
        )
    rows = [(s, r) for s, r, _ in plan.to_change] + plan.to_add
    for school, row in rows:
        _save(school, user)  # the values were set and checked by the dry run's pass
        gias = GiasRecord.objects.filter(school=school).first() or GiasRecord(
            trust=trust, school=school
        )
        for name, value in row.gias.items():
            setattr(gias, name, value)
        gias.import_record = record
        _save(gias, user)
    if plan.to_add:
        structure_changed(trust=trust)  # trust-wide roles see the new schools


def _ofsted_write(plan: OfstedPlan, record: ImportRecord, user: User | None) -> None:
    for _, inspection, number, post_16 in plan.to_add:
        _save(inspection, user)
        source = InspectionSource(
            trust=record.trust,
            inspection=inspection,
            inspection_number=number,
            area_post_16=post_16,
            import_record=record,
        )
        _save(source, user)


def apply_run(job: Job) -> str:
    """The import: the file read again and written in one transaction, all or nothing."""
    record = _record_for(job, ImportRecord.Status.APPLYING)
    user = job.requested_by
    try:
        return _apply(record, user)
    except JobRefused:
        _mark_failed(record.pk)
        raise


def _mark_failed(record_id: int) -> None:
    ImportRecord.objects.filter(pk=record_id).exclude(status=ImportRecord.Status.APPLIED).update(
        status=ImportRecord.Status.FAILED
    )


def _apply(record: ImportRecord, user: User | None) -> str:
    with transaction.atomic(durable=True):
        plan = _plan(record, progress=False)
        if not plan.problems:
            if isinstance(plan, GiasPlan):
                _gias_write(plan, record, user)
            else:
                _ofsted_write(plan, record, user)
            record.status = ImportRecord.Status.APPLIED
            record.applied_at = timezone.now()
        else:
            # The schools changed since the dry run so that the file no longer fits: nothing written.
            record.status = ImportRecord.Status.REFUSED
        record.summary = plan.summary()
        record.preview = plan.preview()
        record.errors = plan.problems.as_list()
        record.error_count = plan.problems.count
        record._history_user = user  # type: ignore[attr-defined]
        record.save()
    if plan.problems:
        return "nothing was imported: the file has errors now"
    return "the file was imported"


def import_failed(job: Job, error: BaseException) -> str:
    """After the last attempt: the record says so (nothing was written: one transaction)."""
    _mark_failed(job.object_id or 0)
    return f"The import did not finish ({type(error).__name__}). Nothing was imported."
