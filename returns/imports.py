"""File imports into the data: the DfE's KS2 performance tables and school-level absence, and the
product's own CSV templates of school targets, national figures and a half-term's data return
(returns.return_upload).

Every import goes the same way (fht.uploads, fht.models.ImportRecord):

1. the upload is checked (size, a text file) and kept with its encoding, found or chosen;
2. a dry run reads it and lists what would change (school, measure, now, after) and every error by
   row and column; nothing is written;
3. the person confirms; the file is read again (refused if the stored file's SHA-256 has changed)
   and applied in one transaction, all or nothing.

A file larger than `LARGE_FILE` is checked and applied by the worker (fht.jobs), its page showing
the progress. Rows for schools that are not the trust's are counted and ignored, never an error.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from fht.jobs import JobRefused, job_queue
from fht.models import ImportRecord, Job, User
from fht.registry import ImportKind, JobKind
from fht.tenancy import trust_of
from fht.uploads import detect_encoding, header_of, is_digits, read_rows, sha256_of
from returns.forms.outcomes import parse_measure
from returns.import_plan import FileRefused, Plan, Write
from returns.measures import Measure, Unit, info
from returns.models import NationalBenchmark, PublishedAbsence, SchoolTarget, StatutoryResult
from returns.return_upload import plan_data_return
from returns.selectors import can_manage_benchmarks, can_write_data, importable_school_ids
from returns.services import check_measure_value
from schools.models import AcademicYear, School

KS2 = "returns_ks2"
ABSENCE = "returns_absence"
TARGETS = "returns_targets"
BENCHMARKS = "returns_benchmarks"
DATA_RETURN = "returns_data_return"

KINDS = [
    ImportKind(KS2, "KS2 results (DfE performance tables)", "returns:imports", order=10),
    ImportKind(ABSENCE, "School absence (DfE statistics)", "returns:imports", order=11),
    ImportKind(TARGETS, "School targets (CSV template)", "returns:imports", order=12),
    ImportKind(BENCHMARKS, "National figures (CSV template)", "returns:imports", order=13),
    ImportKind(DATA_RETURN, "Data return (CSV template)", "returns:imports", order=14),
]

CHECK_JOB = "returns_import_check"
APPLY_JOB = "returns_import_apply"

# Files above this are checked and applied by the worker, with a progress page.
LARGE_FILE = 2_000_000
MAX_DFE_BYTES = 100_000_000
# The changes a dry run lists one by one (all are counted).
PREVIEW_LIMIT = 500

# --- What a cell says --------------------------------------------------------------------------

# The codes the performance tables and the statistics service put where there is no figure.
MISSING_CODES = {
    "": "Not in the published file",
    "SUPP": "SUPP: suppressed (too few pupils)",
    "NE": "NE: no entries",
    "LOW": "LOW: low coverage",
    "LOWCOV": "LOWCOV: low coverage",
    "NA": "NA: not applicable",
    "NP": "NP: not published",
    "X": "x: not available",
    "Z": "z: not applicable",
    "C": "c: confidential",
    "U": "u: low reliability",
    ":": ":: not available",
    "DNS": "DNS: did not submit",
    "NEW": "NEW: new school",
}
_CODES_TEXT = "SUPP, NE, LOW, NA, NP, x, z, c, u or :"


class CellError(ValueError):
    """What is wrong with a cell, in words."""


def _shown(raw: str) -> str:
    text = raw if len(raw) <= 40 else raw[:40] + "…"
    return f"“{text}”"


def published_figure(raw: str, measure: Measure) -> tuple[Decimal | None, str]:
    """A published cell as (value, why there is none). A code stays missing, never zero."""
    text = raw.strip()
    code = text.upper()
    if code in MISSING_CODES:
        return None, MISSING_CODES[code]
    unit = info(measure).unit
    number = text.removesuffix("%").strip().replace("\u2212", "-")
    kind = "a percentage from 0 to 100" if unit == Unit.PERCENT else "a progress score"
    if len(number) > 30:
        raise CellError(f"{_shown(text)} is not {kind} or a code such as {_CODES_TEXT}")
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise CellError(f"{_shown(text)} is not {kind} or a code such as {_CODES_TEXT}") from None
    if not value.is_finite():
        raise CellError(f"{_shown(text)} is not {kind} or a code such as {_CODES_TEXT}")
    problem = check_measure_value(measure, value)
    if problem:
        raise CellError(f"{_shown(text)}: {measure.label.lower()} {problem}")
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), ""


def _cohort(raw: str) -> int | None:
    text = raw.strip()
    if text.upper() in MISSING_CODES:
        return None
    if not is_digits(text) or len(text) > 5 or int(text) > 9999:
        raise CellError(f"{_shown(text)} is not a number of pupils (a whole number, 0 or more)")
    return int(text)


def _figure_text(value: Decimal | None, reason: str, measure: Measure) -> str:
    if value is None:
        return reason or "none"
    unit = info(measure).unit
    return f"{value}%" if unit == Unit.PERCENT else str(value)


def _headers(file: IO[bytes], encoding: str, spelled: dict[str, str], *, need: list[str]) -> None:
    """Refuse a file that lacks a needed column, or has none of the figure columns."""
    header = set(header_of(file, encoding))
    missing = [spelled[key] for key in need if key not in header]
    if missing:
        raise FileRefused(
            "The file has no " + ", ".join(missing) + " column: choose the file described here"
        )
    figures = [key for key in spelled if key not in need]
    if figures and not header & set(figures):
        raise FileRefused(
            "The file has none of the columns "
            + ", ".join(spelled[k] for k in figures)
            + ": choose the file described here"
        )


def _changed(
    existing: models.Model | None, wanted: dict[str, Any], compare: tuple[str, ...]
) -> bool:
    if existing is None:
        return True
    return any(getattr(existing, name) != wanted[name] for name in compare)


# --- KS2 results from the performance tables -------------------------------------------------------

KS2_COLUMNS = {
    "urn": "URN",
    "ptrwm_exp": "PTRWM_EXP",
    "ptrwm_high": "PTRWM_HIGH",
    "readprog": "READPROG",
    "writprog": "WRITPROG",
    "matprog": "MATPROG",
}
KS2_MEASURES = {
    "ptrwm_exp": Measure.KS2_RWM_EXPECTED,
    "ptrwm_high": Measure.KS2_RWM_HIGHER,
    "readprog": Measure.KS2_READING_PROGRESS,
    "writprog": Measure.KS2_WRITING_PROGRESS,
    "matprog": Measure.KS2_MATHS_PROGRESS,
}
_OUTCOME_FIELDS = ("value", "cohort", "not_published", "source")


@dataclass(frozen=True)
class Scope:
    """What an import reads and writes for: the trust's schools by URN, those the person may
    write, and the academic year (or the trust's years by their first calendar year)."""

    schools: dict[str, School]
    writable: set[int]
    years: dict[int, AcademicYear]


def _scope(record: ImportRecord, user: User) -> Scope:
    schools = {s.urn: s for s in School.objects.filter(trust_id=record.trust_id)}
    years = {y.starts_in: y for y in AcademicYear.objects.filter(trust_id=record.trust_id)}
    return Scope(schools, set(importable_school_ids(user)), years)


def _school_row(
    plan: Plan, scope: Scope, number: int, urn: str, column: str, seen: dict[str, int]
) -> School | None:
    """The row's school, when the person may write it; counts the rows that are ignored."""
    if not urn:
        plan.count("Rows without a URN (national and local-authority rows), ignored")
        return None
    if not is_digits(urn) or len(urn) > 8:
        plan.problems.add(number, column, f"{_shown(urn)} is not a URN (a school's 6-digit number)")
        return None
    school = scope.schools.get(urn)
    if school is None:
        plan.count("Rows for schools not in the trust, ignored")
        return None
    if school.pk not in scope.writable:
        plan.count("Rows for the trust's schools you do not look after, ignored")
        return None
    if urn in seen:
        plan.problems.add(number, column, f"URN {urn} is already on row {seen[urn]}")
        return None
    seen[urn] = number
    return school


def plan_ks2(record: ImportRecord, file: IO[bytes], user: User) -> Plan:
    plan = Plan()
    _headers(file, record.encoding, KS2_COLUMNS, need=["urn"])
    scope = _scope(record, user)
    year = AcademicYear.objects.filter(
        trust_id=record.trust_id, pk=record.options.get("academic_year")
    ).first()
    if year is None:
        raise FileRefused("The academic year chosen for this import no longer exists")
    existing = {
        (r.school_id, r.measure): r
        for r in StatutoryResult.objects.filter(
            trust_id=record.trust_id, academic_year=year, school_id__in=scope.writable
        )
    }
    source = f"DfE performance tables {year}, {record.file_name}"[:200]
    seen: dict[str, int] = {}
    for number, row in read_rows(file, record.encoding):
        school = _school_row(plan, scope, number, row.get("urn", ""), "URN", seen)
        if school is None:
            continue
        cohort: int | None = None
        has_cohort = "telig" in row
        if has_cohort:
            try:
                cohort = _cohort(row["telig"])
            except CellError as error:
                plan.problems.add(number, "TELIG", str(error))
        plan.count("Schools found in the file")
        for key, measure in KS2_MEASURES.items():
            if key not in row:
                continue
            try:
                value, reason = published_figure(row[key], measure)
            except CellError as error:
                plan.problems.add(number, KS2_COLUMNS[key], str(error))
                continue
            current = existing.get((school.pk, measure.value))
            wanted = {
                "value": value,
                "cohort": cohort if has_cohort else (current.cohort if current else None),
                "not_published": reason,
                "source": source,
            }
            if not _changed(current, wanted, _OUTCOME_FIELDS):
                plan.count("Figures already as in the file")
                continue
            plan.writes.append(
                Write(
                    StatutoryResult,
                    {"school": school, "academic_year": year, "measure": measure.value},
                    {**wanted, "entered_by": user},
                    school.name,
                    measure.label,
                    _old_text(current, measure),
                    _figure_text(value, reason, measure),
                )
            )
    return plan


def _old_text(current: Any, measure: Measure) -> str:
    if current is None:
        return "none"
    return _figure_text(current.value, current.not_published, measure)


# --- School-level absence from the statistics service -----------------------------------------------

ABSENCE_COLUMNS = {
    "time_period": "time_period",
    "school_urn": "school_urn",
    "sess_overall_percent": "sess_overall_percent",
    "enrolments_pa_10_exact_percent": "enrolments_pa_10_exact_percent",
}
_PERIOD = re.compile(r"^(\d{4})/?(\d{2})$")


def _period(text: str) -> int | None:
    """The first calendar year of an academic year written 202223 or 2022/23."""
    match = _PERIOD.match(text.strip())
    if not match:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    return first if (first + 1) % 100 == second else None


def plan_absence(record: ImportRecord, file: IO[bytes], user: User) -> Plan:
    plan = Plan()
    header = header_of(file, record.encoding)
    urn_key = "urn" if "urn" in header and "school_urn" not in header else "school_urn"
    spelled = {k: v for k, v in ABSENCE_COLUMNS.items() if k != "school_urn"}
    spelled[urn_key] = urn_key
    _headers(file, record.encoding, spelled, need=["time_period", urn_key])
    scope = _scope(record, user)
    existing = {
        (r.school_id, r.academic_year_id, r.measure): r
        for r in PublishedAbsence.objects.filter(
            trust_id=record.trust_id, school_id__in=scope.writable
        )
    }
    seen: dict[tuple[str, int], int] = {}
    for number, row in read_rows(file, record.encoding):
        level = row.get("geographic_level", "school").lower()
        if level and level != "school":
            plan.count("Rows for local authorities, regions or England, ignored")
            continue
        period = row.get("time_identifier", "")
        if period and period.lower() not in {"academic year", "full academic year"}:
            plan.count("Rows for a term rather than the whole year, ignored")
            continue
        starts_in = _period(row.get("time_period", ""))
        if starts_in is None:
            plan.problems.add(
                number,
                "time_period",
                f"{_shown(row.get('time_period', ''))} is not an academic year (for example 202324)",
            )
            continue
        urns: dict[str, int] = {}
        school = _school_row(plan, scope, number, row.get(urn_key, ""), urn_key, urns)
        if school is None:
            continue
        if (school.urn, starts_in) in seen:
            plan.problems.add(
                number,
                urn_key,
                f"URN {school.urn} for {starts_in}/{(starts_in + 1) % 100:02d} is already on row "
                f"{seen[(school.urn, starts_in)]}",
            )
            continue
        seen[(school.urn, starts_in)] = number
        year = scope.years.get(starts_in)
        if year is None:
            plan.count("Rows for academic years the trust has not set up, ignored")
            continue
        plan.count("Schools and years found in the file")
        source = f"DfE pupil absence statistics {year}, {record.file_name}"[:200]
        _absence_writes(plan, number, row, school, year, source, existing, user)
    return plan


def _absence_writes(
    plan: Plan,
    number: int,
    row: dict[str, str],
    school: School,
    year: AcademicYear,
    source: str,
    existing: dict[tuple[int, int, str], PublishedAbsence],
    user: User,
) -> None:
    for column, measure in (
        ("sess_overall_percent", Measure.ATTENDANCE),
        ("enrolments_pa_10_exact_percent", Measure.PERSISTENT_ABSENCE),
    ):
        if column not in row:
            continue
        try:
            value, reason = published_figure(row[column], Measure.PERSISTENT_ABSENCE)
        except CellError as error:
            message = str(error).replace("persistent absence", "the percentage")
            plan.problems.add(number, column, message)
            continue
        if measure == Measure.ATTENDANCE and value is not None:
            value = Decimal(100) - value  # the file gives the share of sessions missed
        current = existing.get((school.pk, year.pk, measure.value))
        wanted = {"value": value, "not_published": reason, "source": source}
        if not _changed(current, wanted, ("value", "not_published", "source")):
            plan.count("Figures already as in the file")
            continue
        plan.writes.append(
            Write(
                PublishedAbsence,
                {"school": school, "academic_year": year, "measure": measure.value},
                {**wanted, "entered_by": user},
                f"{school.name}, {year}",
                measure.label,
                _old_text(current, measure),
                _figure_text(value, reason, measure),
            )
        )


# --- The product's templates: school targets and national figures --------------------------------

TEMPLATE_HEADER = ["measure", "measure_name"]


def _measure_of(text: str) -> Measure | None:
    normal = " ".join(text.strip().lower().split())
    for measure in Measure:
        if normal in {measure.value, measure.label.lower()}:
            return measure
    return None


def _plan_values(
    file: IO[bytes],
    encoding: str,
    value_column: str,
    existing: dict[str, Any],
    make: Callable[[Measure], Write],
) -> Plan:
    """A template's rows (measure, measure_name, value): a blank value removes the figure."""
    plan = Plan()
    _headers(
        file,
        encoding,
        {"measure": "measure", value_column: value_column},
        need=["measure", value_column],
    )
    seen: dict[Measure, int] = {}
    for number, row in read_rows(file, encoding):
        measure = _measure_of(row.get("measure", ""))
        if measure is None:
            plan.problems.add(
                number,
                "measure",
                f"{_shown(row.get('measure', ''))} is not one of the measures: keep the template's",
            )
            continue
        if measure in seen:
            plan.problems.add(
                number, "measure", f"{measure.label} is already on row {seen[measure]}"
            )
            continue
        seen[measure] = number
        try:
            value = parse_measure(measure, row.get(value_column, ""))
        except ValueError as error:
            plan.problems.add(number, value_column, str(error))
            continue
        current = existing.get(measure.value)
        if (current.value if current else None) == value:
            plan.count("Figures already as in the file")
            continue
        write = make(measure)
        plan.writes.append(
            Write(
                write.model,
                write.lookup,
                None if value is None else {"value": value},
                write.school,
                measure.label,
                _figure_text(current.value if current else None, "", measure),
                _figure_text(value, "", measure),
            )
        )
    return plan


def plan_targets(record: ImportRecord, file: IO[bytes], user: User) -> Plan:
    school = School.objects.filter(
        trust_id=record.trust_id, pk=record.options.get("school")
    ).first()
    year = AcademicYear.objects.filter(
        trust_id=record.trust_id, pk=record.options.get("academic_year")
    ).first()
    if school is None or year is None or not can_write_data(user, school.pk):
        raise FileRefused("The school or academic year of this import is no longer yours to change")
    existing = {
        t.measure: t for t in SchoolTarget.objects.filter(school=school, academic_year=year)
    }

    def make(measure: Measure) -> Write:
        lookup = {"school": school, "academic_year": year, "measure": measure.value}
        return Write(SchoolTarget, lookup, {}, school.name, "", "", "")

    return _plan_values(file, record.encoding, "target", existing, make)


def plan_benchmarks(record: ImportRecord, file: IO[bytes], user: User) -> Plan:
    year = AcademicYear.objects.filter(
        trust_id=record.trust_id, pk=record.options.get("academic_year")
    ).first()
    if year is None or not can_manage_benchmarks(user):
        raise FileRefused("The academic year of this import is no longer yours to change")
    existing = {
        b.measure: b
        for b in NationalBenchmark.objects.filter(trust_id=record.trust_id, academic_year=year)
    }

    def make(measure: Measure) -> Write:
        lookup = {"academic_year": year, "measure": measure.value}
        return Write(NationalBenchmark, lookup, {}, "National", "", "", "")

    return _plan_values(file, record.encoding, "national", existing, make)


PLANS: dict[str, Callable[[ImportRecord, IO[bytes], User], Plan]] = {
    KS2: plan_ks2,
    ABSENCE: plan_absence,
    TARGETS: plan_targets,
    BENCHMARKS: plan_benchmarks,
    DATA_RETURN: plan_data_return,
}


# --- Who may follow an import ----------------------------------------------------------------------


def may_import(user: User, kind: str, options: dict[str, Any]) -> bool:
    """Whether the person may make (and confirm) this kind of import with these options."""
    if kind in {KS2, ABSENCE}:
        return bool(importable_school_ids(user))
    if kind in {TARGETS, DATA_RETURN}:
        school_id = options.get("school")
        return isinstance(school_id, int) and can_write_data(user, school_id)
    if kind == BENCHMARKS:
        return can_manage_benchmarks(user)
    return False


# --- Checking and applying ----------------------------------------------------------------------


def _plan(record: ImportRecord, user: User) -> Plan:
    try:
        with record.file.open("rb") as stored:
            if sha256_of(stored) != record.sha256:
                raise FileRefused(
                    "The stored file has changed since it was uploaded: upload it again"
                )
            return PLANS[record.kind](record, stored, user)
    except FileRefused as refusal:
        plan = Plan()
        plan.problems.add(1, "", str(refusal))
        return plan
    except forms.ValidationError as error:
        plan = Plan()
        plan.problems.add(1, "", " ".join(error.messages))
        return plan


def _refuse(record: ImportRecord, plan: Plan, status: str) -> None:
    record._history_user = record.applied_by or record.uploaded_by  # type: ignore[attr-defined]
    record.status = status
    record.summary = plan.summary()
    record.errors = plan.problems.as_list()
    record.error_count = plan.problems.count
    record.preview = []
    record.save()


def import_check(record: ImportRecord) -> ImportRecord:
    """The dry run: what the file would change, and every error. Writes only the record."""
    plan = _plan(record, record.uploaded_by)
    if plan.problems:
        _refuse(record, plan, ImportRecord.Status.REFUSED)
        return record
    record._history_user = record.uploaded_by  # type: ignore[attr-defined]
    record.status = ImportRecord.Status.CHECKED
    record.summary = plan.summary()
    record.preview = [w.preview() for w in plan.writes[:PREVIEW_LIMIT]]
    record.errors = []
    record.error_count = 0
    record.save()
    return record


class _Refused(Exception):
    def __init__(self, plan: Plan) -> None:
        self.plan = plan


def _write(write: Write, trust_id: int, user: User, now: dt.datetime) -> None:
    manager: Any = write.model._default_manager
    row: Any = manager.filter(trust_id=trust_id, **write.lookup).first()
    if write.fields is None:
        if row is not None:
            row._history_user = user
            row.delete()
        return
    if row is None:
        row = write.model(trust_id=trust_id, **write.lookup)
    for name, value in write.fields.items():
        setattr(row, name, value)
    if hasattr(row, "imported_at"):
        row.imported_at = now
    row._history_user = user
    row.full_clean()
    row.save()


def import_apply(record: ImportRecord, user: User) -> ImportRecord:
    """Read the file again and write what it says, in one transaction: all or nothing. A file that
    has errors now (the data changed since the dry run) writes nothing and is refused."""
    now = timezone.now()
    try:
        with transaction.atomic(durable=True):
            plan = _plan(record, user)
            if plan.problems:
                raise _Refused(plan)
            try:
                if plan.apply is not None:
                    plan.apply(user)
                else:
                    for write in plan.writes:
                        _write(write, record.trust_id, user, now)
            except (IntegrityError, ValidationError) as error:
                # Someone saved the same figures at the same moment, or a rule the check could
                # not foresee: refused with words, and nothing of this file is kept.
                refused = Plan()
                words = " ".join(getattr(error, "messages", [])) or (
                    "Someone saved figures for the same school at the same moment: check what is"
                    " there now and upload the file again if it is still needed"
                )
                refused.problems.add(1, "", words)
                raise _Refused(refused) from error
            record.status = ImportRecord.Status.APPLIED
            record.applied_by = user
            record.applied_at = now
            record.summary = {**plan.summary(), "Figures changed": len(plan.writes)}
            record._history_user = user  # type: ignore[attr-defined]
            record.save()
    except _Refused as refused:
        _refuse(record, refused.plan, ImportRecord.Status.REFUSED)
    return record


# --- The worker, for large files -------------------------------------------------------------------


def latest_job(record: ImportRecord) -> Job | None:
    return (
        Job.objects.filter(
            trust_id=record.trust_id, kind__in=[CHECK_JOB, APPLY_JOB], object_id=record.pk
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def _record_of(job: Job) -> ImportRecord:
    record = ImportRecord.objects.filter(trust_id=job.trust_id, pk=job.object_id or 0).first()
    if record is None:
        raise JobRefused("The import is no longer there.")
    return record


def _describe(record: ImportRecord) -> str:
    if record.status == ImportRecord.Status.REFUSED:
        return f"the file has {record.error_count} error(s): nothing was imported."
    changes = record.summary.get("Figures to change", 0)
    if record.status == ImportRecord.Status.APPLIED:
        return f"imported, {changes} figure(s) changed."
    return f"checked, {changes} figure(s) would change: confirm to import them."


def _run_check(job: Job) -> str:
    record = _record_of(job)
    if record.status != ImportRecord.Status.CHECKING:
        return _describe(record)
    return _describe(import_check(record))


def _run_apply(job: Job) -> str:
    record = _record_of(job)
    if record.status != ImportRecord.Status.APPLYING or record.applied_by is None:
        return _describe(record)
    return _describe(import_apply(record, record.applied_by))


def _may_follow(user: User, job: Job) -> bool:
    return job.requested_by_id == user.pk


def _failed(job: Job, error: BaseException) -> str:
    ImportRecord.objects.filter(trust_id=job.trust_id, pk=job.object_id or 0).update(
        status=ImportRecord.Status.FAILED
    )
    return "The import could not be finished: nothing was imported. Upload the file again."


JOB_KINDS = [
    JobKind(
        CHECK_JOB,
        "Checking the file",
        _run_check,
        may_follow=_may_follow,
        failed=_failed,
        soft_time_limit=240,
        time_limit=290,
    ),
    JobKind(
        APPLY_JOB,
        "Importing the file",
        _run_apply,
        may_follow=_may_follow,
        failed=_failed,
        soft_time_limit=240,
        time_limit=290,
    ),
]


def queue_or_run(record: ImportRecord, *, apply: bool, user: User) -> Job | None:
    """Large files go to the worker (the page polls its job); small ones are done now."""
    if record.size > LARGE_FILE:
        with transaction.atomic():
            return job_queue(
                trust=record.trust,
                kind=APPLY_JOB if apply else CHECK_JOB,
                requested_by=user,
                object_id=record.pk,
            )
    if apply:
        import_apply(record, user)
    else:
        import_check(record)
    return None


def import_start(
    *, kind: str, upload: Any, encoding: str, options: dict[str, Any], user: User
) -> ImportRecord:
    """Keep the uploaded file and who sent it, then check it (now, or by the worker)."""
    found = encoding or detect_encoding(upload)
    with transaction.atomic(durable=True):
        record = ImportRecord(
            trust=trust_of(user),
            kind=kind,
            file_name=(upload.name or "upload.csv")[:255],
            size=upload.size or 0,
            sha256=sha256_of(upload),
            encoding=found,
            options=options,
            uploaded_by=user,
        )
        record.file.save(f"{kind}.csv", upload, save=False)
        record._history_user = user  # type: ignore[attr-defined]
        record.save()
        if record.size > LARGE_FILE:
            queue_or_run(record, apply=False, user=user)
    if record.size <= LARGE_FILE:
        _or_failed(record, lambda: import_check(record))
    return record


def _or_failed(record: ImportRecord, work: Any) -> Any:
    """Run the check or the import in the request; should it fail unexpectedly, the record says
    so (its writes were rolled back) rather than wait for ever, then the error goes on."""
    try:
        return work()
    except Exception:
        ImportRecord.objects.filter(
            pk=record.pk,
            status__in=[ImportRecord.Status.CHECKING, ImportRecord.Status.APPLYING],
        ).update(status=ImportRecord.Status.FAILED)
        raise


def import_confirm(record: ImportRecord, user: User) -> ImportRecord:
    """The person confirms a checked import: it is applied (now, or by the worker)."""
    with transaction.atomic(durable=True):
        claimed = ImportRecord.objects.filter(
            pk=record.pk, status=ImportRecord.Status.CHECKED
        ).update(status=ImportRecord.Status.APPLYING, applied_by=user)
        if not claimed:
            record.refresh_from_db()
            return record
        record.refresh_from_db()
        if record.size > LARGE_FILE:
            queue_or_run(record, apply=True, user=user)
            return record
    return _or_failed(record, lambda: import_apply(record, user))


def import_cancel(record: ImportRecord, user: User) -> bool:
    """Cancel a checked import. False when it was no longer waiting (confirmed meanwhile): a
    conditional update, so a confirm and a cancel at the same moment never both succeed."""
    with transaction.atomic(durable=True):
        cancelled = ImportRecord.objects.filter(
            pk=record.pk, status=ImportRecord.Status.CHECKED
        ).update(status=ImportRecord.Status.CANCELLED)
        if cancelled:
            record.refresh_from_db()
            record._history_user = user  # type: ignore[attr-defined]
            record.save(update_fields=["status"])  # the history row says who cancelled
    return bool(cancelled)
