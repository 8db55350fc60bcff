"""The demo's past GIAS import and its feed token, built through the imports and feed apps' own
services after every app's demo has loaded (the schools must be there to be imported).

The GIAS import reads a file in the format of GIAS's establishment extract (a download with a
chosen set of its columns, spelled and ordered as GIAS gives them) holding the trust's own schools
as they stand, so the import changes no school's figures: it brings each school's GIAS record
(status, type, opening date, the trust's group UID). Its dry run and its import are the imports
app's own jobs, run here in this process, so the record, its preview counts and its history are
what a trust administrator's upload would leave.

The feed token ("Power BI board pack", the trustee view, issued by the trust administrator) was used a few times: the requests went through
the feed's own endpoint, so the log holds real row counts. Its secret was shown to nobody.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.test import RequestFactory

from feed import api as feed_api
from feed import services as feed_services
from feed.models import FeedToken, View
from fht.jobs import job_claim, job_finish
from fht.models import ImportRecord, Job, Trust, User
from fht.roles import Role
from fht.uploads import sha256_of
from imports import services as import_services
from schools.models import School

FILE_NAME = "edubasealldata20260901.csv"
FEED_CLIENT = "Power BI board pack"
# The columns of the demo's download, as GIAS spells them, in the extract's order.
COLUMNS = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
    "ReasonEstablishmentOpened (name)",
    "OpenDate",
    "CloseDate",
    "PhaseOfEducation (name)",
    "NumberOfPupils",
    "Trusts (code)",
    "Trusts (name)",
    "LastChangedDate",
]
# Each phase as GIAS names it, with the type of academy the demo school is.
GIAS_PHASE = {
    School.Phase.NURSERY: ("Nursery", "Academy converter"),
    School.Phase.PRIMARY: ("Primary", "Academy converter"),
    School.Phase.MIDDLE: ("Middle deemed primary", "Academy converter"),
    School.Phase.SECONDARY: ("Secondary", "Academy converter"),
    School.Phase.ALL_THROUGH: ("All-through", "Academy converter"),
    School.Phase.SPECIAL: ("Not applicable", "Academy special converter"),
    School.Phase.ALTERNATIVE: ("Not applicable", "Academy alternative provision converter"),
}
# The demo's feed requests: (table, format, query string).
FEED_REQUESTS = [
    ("schools", "csv", ""),
    ("schools", "json", "page_size=50"),
    ("schools", "csv", ""),
]


def load(trust: Trust) -> None:
    admin = _admin(trust)
    if admin is None:
        return
    if not ImportRecord.objects.filter(trust=trust, kind=import_services.GIAS).exists():
        _gias_import(trust, admin)
    if not FeedToken.objects.filter(trust=trust, name=FEED_CLIENT).exists():
        _feed_token(trust, admin)


def _admin(trust: Trust) -> User | None:
    return (
        User.objects.filter(
            trust=trust,
            role_assignments__role=Role.TRUST_ADMIN,
            role_assignments__ended_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )


def _date(value: dt.date | None) -> str:
    return f"{value:%d-%m-%Y}" if value else ""


def _extract(trust: Trust) -> bytes:
    """The trust's schools as GIAS's extract gives them: quoted, CRLF, Windows-1252."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for school in School.objects.filter(trust=trust).order_by("urn"):
        la_code, _, number = (school.establishment_number or "").partition("/")
        phase, kind = GIAS_PHASE[School.Phase(school.phase)]
        writer.writerow(
            [
                school.urn,
                la_code,
                school.local_authority,
                number,
                school.name,
                kind,
                "Closed" if school.closed_on else "Open",
                "Academy Converter",
                _date(school.joined_trust_on),
                _date(school.closed_on),
                phase,
                "" if school.pupils_on_roll is None else str(school.pupils_on_roll),
                trust.dfe_group_id or "",
                trust.name.upper(),
                "01-09-2026",
            ]
        )
    return out.getvalue().encode("cp1252", errors="replace")


def _gias_import(trust: Trust, admin: User) -> None:
    """Upload, dry run, confirm and import, as `imports.services` does them for an upload, with
    the two jobs run here rather than queued to a worker."""
    content = _extract(trust)
    record = ImportRecord(
        trust=trust,
        kind=import_services.GIAS,
        file_name=FILE_NAME,
        size=len(content),
        sha256=sha256_of(io.BytesIO(content)),
        encoding="cp1252",
        options={"group_uid": trust.dfe_group_id or "", "links_only": False},
        uploaded_by=admin,
    )
    record.file.save(f"{trust.pk}/{FILE_NAME}", ContentFile(content), save=False)
    record.full_clean()
    record._history_user = admin  # type: ignore[attr-defined]
    record.save()
    _run(trust, admin, record, import_services.CHECK_JOB, import_services.check_run)
    record.refresh_from_db()
    if not import_services.may_confirm(record):
        return  # the demo's schools already hold what GIAS says: nothing to import
    record.status = ImportRecord.Status.APPLYING
    record.applied_by = admin
    record._history_user = admin  # type: ignore[attr-defined]
    record.save()
    _run(trust, admin, record, import_services.APPLY_JOB, import_services.apply_run)


def _run(
    trust: Trust, admin: User, record: ImportRecord, kind: str, work: Callable[[Job], str]
) -> None:
    job = Job.objects.create(trust=trust, kind=kind, requested_by=admin, object_id=record.pk)
    job_claim(job_id=job.pk)
    job.refresh_from_db()
    job_finish(job_id=job.pk, message=work(job))


def _feed_token(trust: Trust, admin: User) -> None:
    issued = feed_services.token_issue(
        trust_id=trust.pk, name=FEED_CLIENT, view=View.TRUSTEE, acting_user=admin
    )
    factory = RequestFactory()
    for table, fmt, query in FEED_REQUESTS:
        request = factory.get(
            f"/feed/v1/{table}.{fmt}",
            data=query and dict(p.split("=", 1) for p in query.split("&")),
            HTTP_AUTHORIZATION=f"Bearer {issued.secret}",
            REMOTE_ADDR="192.0.2.15",
        )
        feed_api.table_view(request, table=table, fmt=fmt)
