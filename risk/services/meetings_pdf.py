"""The meeting's pack (the agenda with its evidence, for reading before) and minutes (decisions and
actions, after), made by the worker as PDFs in two editions: the full one, with the restricted
criterion, for those who read every school's restricted parts; the standard one for the others.

A job makes both editions of one document and stores them (`MeetingDocument`), overwriting the
files of an earlier job."""

from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from fht.access import access_for
from fht.jobs import JobRefused, job_again_for
from fht.models import Job, User
from fht.pdf import render_pdf
from fht.registry import JobKind
from risk.access import reads_restricted, runs_meetings
from risk.models import CRITERIA, Meeting, MeetingDocument, MeetingItem
from risk.selectors.meetings import meeting_agenda

Document = MeetingDocument.Document
Edition = MeetingDocument.Edition

JOB_KEYS = {Document.PACK: "risk_meeting_pack", Document.MINUTES: "risk_meeting_minutes"}
JOB_FIELDS = {Document.PACK: "pack_job", Document.MINUTES: "minutes_job"}
TEMPLATES = {
    Document.PACK: "risk/meetings/pdf/pack.html",
    Document.MINUTES: "risk/meetings/pdf/minutes.html",
}
TITLES = {Document.PACK: "Risk meeting pack", Document.MINUTES: "Risk meeting minutes"}


def edition_for(*, meeting: Meeting, user: User) -> str:
    """The full edition for a person who reads the restricted parts of every school on the
    agenda; the standard edition for everyone else."""
    access = access_for(user)
    school_ids = MeetingItem.objects.filter(meeting=meeting).values_list("school_id", flat=True)
    full = all(reads_restricted(access, school_id) for school_id in school_ids)
    return Edition.FULL if full else Edition.STANDARD


def document_context(*, meeting: Meeting, document: str, edition: str) -> dict[str, Any]:
    """Everything the PDF shows, read now (no lazy query reaches the template)."""
    today = timezone.localdate()
    full = edition == Edition.FULL
    rows = meeting_agenda(meeting=meeting, user=None, today=today, full=full)
    return {
        "document_title": f"{TITLES[Document(document)]}, {meeting.half_term}",
        "trust_name": meeting.trust.name,
        "printed_on": today,
        "restricted": full,
        "meeting": meeting,
        "rows": rows,
        "criteria": [c for c in CRITERIA[meeting.kind] if full or not c.restricted],
    }


def document_render(*, meeting: Meeting, document: str, edition: str) -> bytes:
    context = document_context(meeting=meeting, document=document, edition=edition)
    return render_pdf(TEMPLATES[Document(document)], context)


def file_name(meeting: Meeting, document: str, edition: str) -> str:
    return f"risk/meetings/trust-{meeting.trust_id}/meeting-{meeting.pk}-{document}-{edition}.pdf"


def _store(*, meeting: Meeting, document: str, edition: str, pdf: bytes) -> None:
    with transaction.atomic():
        stored = (
            MeetingDocument.objects.select_for_update()
            .filter(meeting=meeting, document=document, edition=edition)
            .first()
        )
        if stored is None:
            stored = MeetingDocument(
                trust_id=meeting.trust_id, meeting=meeting, document=document, edition=edition
            )
        elif stored.file:
            stored.file.delete(save=False)
        stored.rendered_at = timezone.now()
        stored.file.save(file_name(meeting, document, edition), ContentFile(pdf), save=False)
        stored.save()


def _make(document: str) -> Any:
    def run(job: Job) -> str:
        meeting = (
            Meeting.objects.select_related("trust", "half_term__academic_year")
            .filter(pk=job.object_id or 0, trust_id=job.trust_id)
            .first()
        )
        if meeting is None:
            raise JobRefused("The meeting no longer exists.")
        for edition in Edition.values:
            pdf = document_render(meeting=meeting, document=document, edition=edition)
            _store(meeting=meeting, document=document, edition=edition, pdf=pdf)
        return f"The {Document(document).label.lower()} of the meeting is ready."

    return run


def meeting_pdf_request(*, meeting: Meeting, document: str, acting_user: User) -> Job:
    """Have the pack or the minutes made now, as the meeting stands."""
    return job_again_for(
        meeting,
        job_field=JOB_FIELDS[Document(document)],
        kind=JOB_KEYS[Document(document)],
        requested_by=acting_user,
    )


def stored_document(*, meeting: Meeting, document: str, edition: str) -> MeetingDocument | None:
    return MeetingDocument.objects.filter(
        meeting=meeting, document=document, edition=edition
    ).first()


def pdf_status(*, meeting: Meeting, user: User) -> dict[str, Any]:
    """What the meeting page shows of its files: the latest jobs and when each was made."""
    jobs = {
        j.pk: j
        for j in Job.objects.filter(pk__in=[meeting.pack_job_id or 0, meeting.minutes_job_id or 0])
    }
    made = {
        d.document: d.rendered_at
        for d in MeetingDocument.objects.filter(meeting=meeting).order_by("rendered_at")
    }
    return {
        "pack_job": jobs.get(meeting.pack_job_id or 0),
        "minutes_job": jobs.get(meeting.minutes_job_id or 0),
        "pack_made": made.get(Document.PACK),
        "minutes_made": made.get(Document.MINUTES),
    }


def file_stem(meeting: Meeting, document: str) -> str:
    return f"risk-meeting-{slugify(str(meeting.half_term))}-{document}"


def _may_follow(user: User, job: Job) -> bool:
    """Those who run the meetings follow the jobs of their trust's meetings."""
    return (
        user.trust_id == job.trust_id
        and runs_meetings(access_for(user))
        and Meeting.objects.filter(pk=job.object_id or 0, trust_id=job.trust_id).exists()
    )


def _failed(job: Job, error: BaseException) -> str:
    return f"The PDF of the meeting could not be made ({type(error).__name__})."


PACK_JOB = JobKind(
    key=JOB_KEYS[Document.PACK],
    label="Make the risk meeting pack",
    run=_make(Document.PACK),
    may_follow=_may_follow,
    failed=_failed,
)
MINUTES_JOB = JobKind(
    key=JOB_KEYS[Document.MINUTES],
    label="Make the risk meeting minutes",
    run=_make(Document.MINUTES),
    may_follow=_may_follow,
    failed=_failed,
)
