"""The meeting's pack: its agenda with the data as of a chosen date, made by the worker as a PDF,
stored privately (served only through the permission-checked view) and stamped with the date its
data was taken. One edition for the whole audience: the agenda never reads restricted parts."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cycle.access import reach_of, runs
from cycle.models import CycleMeeting
from cycle.selectors.agenda import meeting_agenda
from cycle.selectors.meetings import attendees
from fht.jobs import JobRefused, job_again_for
from fht.models import Job, User
from fht.pdf import render_pdf
from fht.registry import JobKind

JOB_KEY = "cycle_meeting_pack"
TEMPLATE = "cycle/pdf/pack.html"
EARLIEST_DATA = dt.date(2000, 1, 1)


def pack_context(
    *, meeting: CycleMeeting, data_date: dt.date, maker: User | None = None
) -> dict[str, Any]:
    """Everything the pack shows, read now (no lazy query reaches the template). `maker`, who
    asked for the pack and runs the meeting, is whom the dashboards are read as."""
    return {
        "document_title": f"Pack: {meeting.title}",
        "trust_name": meeting.trust.name,
        "printed_on": timezone.localdate(),
        "restricted": False,
        "meeting": meeting,
        "data_date": data_date,
        "agenda": meeting_agenda(
            meeting=meeting, user=None, as_of=data_date, dashboard_reader=maker
        ),
        "attendees": attendees(meeting=meeting),
        "pdf": True,
    }


def pack_render(*, meeting: CycleMeeting, data_date: dt.date, maker: User | None = None) -> bytes:
    return render_pdf(TEMPLATE, pack_context(meeting=meeting, data_date=data_date, maker=maker))


def file_name(meeting: CycleMeeting) -> str:
    return f"cycle/packs/trust-{meeting.trust_id}/meeting-{meeting.pk}-pack.pdf"


def download_name(meeting: CycleMeeting) -> str:
    return f"{slugify(meeting.title)}-{meeting.held_on:%Y-%m-%d}-pack.pdf"


def _store(meeting: CycleMeeting, data_date: dt.date, pdf: bytes) -> None:
    with transaction.atomic():
        locked = CycleMeeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.pack:
            locked.pack.delete(save=False)
        locked.pack.save(file_name(locked), ContentFile(pdf), save=False)
        locked.pack_data_date = data_date
        locked.pack_made_at = timezone.now()
        locked.save(update_fields=["pack", "pack_data_date", "pack_made_at"])


def _make(job: Job) -> str:
    meeting = (
        CycleMeeting.objects.select_related("trust", "cluster")
        .filter(pk=job.object_id or 0, trust_id=job.trust_id)
        .first()
    )
    if meeting is None:
        raise JobRefused("The meeting no longer exists.")
    data_date = meeting.pack_requested_for or timezone.localdate()
    maker = job.requested_by
    _store(meeting, data_date, pack_render(meeting=meeting, data_date=data_date, maker=maker))
    return f"The pack is ready, with the data as of {data_date:%-d %B %Y}."


def pack_request(*, meeting: CycleMeeting, data_date: dt.date, acting_user: User) -> Job:
    """Have the pack made for the data date (a day from 2000 to today)."""
    if not EARLIEST_DATA <= data_date <= timezone.localdate():
        raise ValidationError({"data_date": "Enter a date from 2000 to today."})
    CycleMeeting.objects.filter(pk=meeting.pk).update(pack_requested_for=data_date)
    meeting.pack_requested_for = data_date
    return job_again_for(meeting, job_field="pack_job", kind=JOB_KEY, requested_by=acting_user)


def _may_follow(user: User, job: Job) -> bool:
    """Those who run the meeting follow the making of its pack."""
    if user.trust_id != job.trust_id:
        return False
    meeting = CycleMeeting.objects.filter(pk=job.object_id or 0, trust_id=job.trust_id).first()
    return meeting is not None and runs(reach_of(user), meeting)


def _failed(job: Job, error: BaseException) -> str:
    return f"The pack could not be made ({type(error).__name__})."


PACK_JOB = JobKind(
    key=JOB_KEY,
    label="Make the meeting pack",
    run=_make,
    may_follow=_may_follow,
    failed=_failed,
)
