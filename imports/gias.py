"""Schools from GIAS: the establishment extract (edubasealldata) or the trust's 'linked
establishments' download, and the links file (links_edubasealldata) that carries a school across a
URN change. One function, `gias_plan`, reads the files as streams and works out everything that
would change; the dry run shows it and the import writes it (`gias_apply`), in one transaction."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.dateformat import format as date_format
from django_scopes import scopes_disabled

from fht.models import Trust
from fht.uploads import Problems, header_of, is_digits, read_rows
from imports.parsing import CellError, clip, parse_date, parse_pupils, parse_urn
from schools.models import School

# The columns, matched form -> as GIAS spells them (for messages).
EXTRACT_COLUMNS = {
    "urn": "URN",
    "establishmentname": "EstablishmentName",
    "trusts_code": "Trusts (code)",
}
GROUP_COLUMNS = {"urn": "URN", "establishmentname": "EstablishmentName", "group_uid": "Group UID"}
LINK_COLUMNS = {"urn": "URN", "linkurn": "LinkURN", "linktype": "LinkType"}
LABELS = {
    "urn": "URN",
    "establishmentname": "EstablishmentName",
    "phaseofeducation_name": "PhaseOfEducation (name)",
    "la_name": "LA (name)",
    "la_code": "LA (code)",
    "establishmentnumber": "EstablishmentNumber",
    "numberofpupils": "NumberOfPupils",
    "establishmentstatus_name": "EstablishmentStatus (name)",
    "opendate": "OpenDate",
    "closedate": "CloseDate",
    "lastchangeddate": "LastChangedDate",
    "typeofestablishment_name": "TypeOfEstablishment (name)",
    "joined_date": "Joined date",
    "linkurn": "LinkURN",
    "linktype": "LinkType",
    "linkestablisheddate": "LinkEstablishedDate",
}
PHASES = {
    "nursery": School.Phase.NURSERY,
    "primary": School.Phase.PRIMARY,
    "middle deemed primary": School.Phase.MIDDLE,
    "middle deemed secondary": School.Phase.MIDDLE,
    "secondary": School.Phase.SECONDARY,
    "16 plus": School.Phase.SECONDARY,
    "all-through": School.Phase.ALL_THROUGH,
    "all through": School.Phase.ALL_THROUGH,
}
# The school's fields an import sets, with their labels in the preview.
SCHOOL_FIELDS = {
    "name": "Name",
    "phase": "Phase",
    "local_authority": "Local authority",
    "establishment_number": "DfE establishment number",
    "pupils_on_roll": "Pupils on roll",
    "joined_trust_on": "Joined the trust",
    "closed_on": "Closed",
}
GIAS_FIELDS = {
    "status": "Status",
    "opened_on": "Opened",
    "establishment_type": "Type of establishment",
    "group_uid": "Trust group UID",
    "last_changed_on": "Last changed in GIAS",
}
PREVIEW_LIMIT = 500
PROGRESS_EVERY = 5000

Progress = Callable[[int], None]


@dataclass
class GiasRow:
    row: int
    urn: str
    school: dict[str, object]
    gias: dict[str, object]
    reason_opened: str = ""


@dataclass
class UrnChange:
    school: School
    old_urn: str
    new_urn: str
    link_type: str
    linked_on: dt.date | None
    reason: str = ""

    def words(self) -> str:
        why = self.reason or self.link_type.lower()
        return f"URN {self.old_urn} becomes {self.new_urn}: {why}"


@dataclass
class GiasPlan:
    """What an import of these files would do, worked out without writing anything."""

    problems: Problems = field(default_factory=Problems)
    rows_read: int = 0
    trusts: dict[str, list[object]] = field(default_factory=dict)  # uid -> [name, schools]
    group_uid: str = ""
    needs_uid: bool = False
    to_add: list[tuple[School, GiasRow]] = field(default_factory=list)
    to_change: list[tuple[School, GiasRow, list[tuple[str, str, str]]]] = field(
        default_factory=list
    )
    unchanged: int = 0
    urn_changes: list[UrnChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        trusts = sorted(self.trusts.items(), key=lambda t: str(t[1][0]).lower())
        return {
            "rows_read": self.rows_read,
            "group_uid": self.group_uid,
            "group_name": self.trusts.get(self.group_uid, [""])[0],
            "needs_uid": self.needs_uid,
            "trusts": [[uid, name, count] for uid, (name, count) in trusts][:5000],
            "added": len(self.to_add),
            "changed": len(self.to_change),
            "unchanged": self.unchanged,
            "urn_changes": len(self.urn_changes),
            "notes": self.notes[:50],
        }

    def preview(self) -> list[dict[str, object]]:
        out: list[dict[str, object]] = [
            {"action": "urn", "name": c.school.name, "words": c.words()} for c in self.urn_changes
        ]
        for _, row in self.to_add:
            out.append(
                {
                    "action": "add",
                    "row": row.row,
                    "urn": row.urn,
                    "name": row.school["name"],
                    "fields": [
                        [label, shown(name, value)]
                        for name, value in (*row.school.items(), *row.gias.items())
                        if (label := SCHOOL_FIELDS.get(name) or GIAS_FIELDS.get(name))
                        and name != "name"
                        and value not in (None, "")
                    ],
                }
            )
        for school, row, changes in self.to_change:
            out.append(
                {
                    "action": "change",
                    "row": row.row,
                    "urn": row.urn,
                    "name": school.name,
                    "changes": [list(c) for c in changes],
                }
            )
        return out[:PREVIEW_LIMIT]


def shown(name: str, value: object) -> str:
    """A value as the preview shows it."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    if name == "phase":
        return str(School.Phase(str(value)).label)
    return str(value)


def file_kind(header: list[str]) -> str:
    """'extract', 'group' (a trust's linked establishments) or '' when neither."""
    present = set(header)
    if set(EXTRACT_COLUMNS) <= present:
        return "extract"
    if set(GROUP_COLUMNS) <= present:
        return "group"
    return ""


def missing_for(header: list[str], columns: dict[str, str]) -> list[str]:
    return [label for key, label in columns.items() if key not in set(header)]


# --- reading one school's row ----------------------------------------------------------------------


def _phase(row: dict[str, str]) -> str:
    phase = row.get("phaseofeducation_name", "").strip().lower()
    kind = " ".join(
        (row.get("typeofestablishment_name", ""), row.get("establishmenttypegroup_name", ""))
    ).lower()
    if "special" in kind:
        return School.Phase.SPECIAL
    if "pupil referral" in kind or "alternative provision" in kind:
        return School.Phase.ALTERNATIVE
    if phase in PHASES:
        return PHASES[phase]
    raise CellError(
        f"{clip(row.get('phaseofeducation_name', '')) or 'A blank'} is not a phase of education "
        "we know: use Nursery, Primary, Middle, Secondary, 16 plus or All-through"
    )


def _establishment_number(row: dict[str, str]) -> str:
    la, number = row.get("la_code", "").strip(), row.get("establishmentnumber", "").strip()
    if len(la) == 3 and is_digits(la) and len(number) == 4 and is_digits(number):
        return f"{la}/{number}"
    return ""


def _read_cell(
    row: dict[str, str],
    number: int,
    column: str,
    read: Callable[[str], object],
    problems: Problems,
) -> object:
    try:
        return read(row.get(column, ""))
    except CellError as error:
        problems.add(number, LABELS.get(column, column), str(error))
        return None


def read_school_row(
    number: int, row: dict[str, str], *, uid: str, problems: Problems
) -> GiasRow | None:
    """One school's row as the school's fields (only those the file has) and its GIAS record."""
    before = problems.count
    urn = _read_cell(row, number, "urn", parse_urn, problems)
    name = row.get("establishmentname", "").strip()
    if not name:
        problems.add(number, "EstablishmentName", "The school's name is missing")
    elif len(name) > 200:
        problems.add(number, "EstablishmentName", "The name is longer than 200 characters")
    school: dict[str, object] = {"name": name}
    gias: dict[str, object] = {"group_uid": uid}
    if "phaseofeducation_name" in row:
        school["phase"] = _read_cell(
            row, number, "phaseofeducation_name", lambda _: _phase(row), problems
        )
    if "la_name" in row:
        school["local_authority"] = row["la_name"][:120]
    if "la_code" in row and "establishmentnumber" in row:
        school["establishment_number"] = _establishment_number(row)
    if "numberofpupils" in row:
        school["pupils_on_roll"] = _read_cell(row, number, "numberofpupils", parse_pupils, problems)
    if "joined_date" in row:
        school["joined_trust_on"] = _read_cell(row, number, "joined_date", parse_date, problems)
    if "closedate" in row:
        closed = _read_cell(row, number, "closedate", parse_date, problems)
        # A closing date still to come (a proposed closure) is not a closure yet.
        school["closed_on"] = (
            closed if isinstance(closed, dt.date) and closed <= dt.date.today() else None
        )
    if "establishmentstatus_name" in row:
        gias["status"] = row["establishmentstatus_name"][:80]
    if "opendate" in row:
        gias["opened_on"] = _read_cell(row, number, "opendate", parse_date, problems)
    if "typeofestablishment_name" in row:
        gias["establishment_type"] = row["typeofestablishment_name"][:120]
    if "lastchangeddate" in row:
        gias["last_changed_on"] = _read_cell(row, number, "lastchangeddate", parse_date, problems)
    if problems.count > before or not isinstance(urn, str):
        return None
    return GiasRow(number, urn, school, gias, row.get("reasonestablishmentopened_name", ""))


# --- the trust's rows of the extract -----------------------------------------------------------------


def _uid_of(row: dict[str, str]) -> tuple[str, str]:
    if "trusts_code" in row:
        return row["trusts_code"].strip(), row.get("trusts_name", "").strip()
    return row.get("group_uid", "").strip(), row.get("group_name", "").strip()


def _scan(
    file: IO[bytes], encoding: str, uid: str, plan: GiasPlan, progress: Progress
) -> list[GiasRow]:
    """One pass over the extract: every trust named (for the picker) and the chosen trust's rows."""
    rows: list[GiasRow] = []
    seen: dict[str, int] = {}
    for number, row in read_rows(file, encoding):
        plan.rows_read += 1
        if plan.rows_read % PROGRESS_EVERY == 0:
            progress(plan.rows_read)
        code, name = _uid_of(row)
        if code:
            entry = plan.trusts.setdefault(code, [name, 0])
            entry[1] = int(str(entry[1])) + 1
        if not uid or code != uid:
            continue
        parsed = read_school_row(number, row, uid=uid, problems=plan.problems)
        if parsed is None:
            continue
        if parsed.urn in seen:
            plan.problems.add(
                number, "URN", f"URN {parsed.urn} is also on row {seen[parsed.urn]}: keep one row"
            )
            continue
        seen[parsed.urn] = number
        rows.append(parsed)
    return rows


# --- the links file ----------------------------------------------------------------------------------


def _links(
    file: IO[bytes], encoding: str, held: set[str], problems: Problems
) -> dict[str, tuple[str, str, dt.date | None]]:
    """Each held URN's successor: {old URN: (new URN, link type, date)}, from both directions of
    the links file (a 'Successor' row of the old URN, a 'Predecessor' row of the new one)."""
    successors: dict[str, tuple[str, str, dt.date | None]] = {}
    for number, row in read_rows(file, encoding):
        link_type = row.get("linktype", "").strip()
        kind = link_type.lower()
        if not (kind.startswith("successor") or kind.startswith("predecessor")):
            continue
        try:
            urn, link = parse_urn(row.get("urn", "")), parse_urn(row.get("linkurn", ""))
        except CellError as error:
            column = "URN" if not is_digits(row.get("urn", "").strip()) else "LinkURN"
            problems.add(number, f"{column} (links file)", str(error))
            continue
        old, new = (urn, link) if kind.startswith("successor") else (link, urn)
        if old not in held or old == new:
            continue
        try:
            on = parse_date(row.get("linkestablisheddate", ""))
        except CellError as error:
            problems.add(number, "LinkEstablishedDate (links file)", str(error))
            continue
        previous = successors.get(old)
        if previous is None or (on and (previous[2] is None or on > previous[2])):
            successors[old] = (new, link_type.split(" - ")[0], on)
    return successors


def _not_yours(own: str, given: str) -> str:
    return (
        f"Your trust's DfE group UID is {own}, and these schools are in group {given}: only your "
        "own trust's schools can be imported"
    )


def _reason(text: str, link_type: str) -> str:
    words = text.lower()
    if "transfer" in words or "trust" in words:
        return "trust transfer"
    if "convert" in words:
        return "conversion to an academy"
    if "sponsor" in words:
        return "sponsored academy"
    return words or link_type.lower()


def _follow(urn: str, successors: dict[str, tuple[str, str, dt.date | None]]) -> str:
    seen = {urn}
    while urn in successors and len(seen) < 20:
        urn = successors[urn][0]
        if urn in seen:
            break
        seen.add(urn)
    return urn


def _urn_changes(
    *,
    trust: Trust,
    held: dict[str, School],
    successors: dict[str, tuple[str, str, dt.date | None]],
    rows: dict[str, GiasRow] | None,
    plan: GiasPlan,
) -> None:
    targets: dict[str, list[str]] = {}
    for old in held:
        if old in successors:
            targets.setdefault(_follow(old, successors), []).append(old)
    for old, school in held.items():
        if old not in successors:
            continue
        new = _follow(old, successors)
        if new == old or (rows is not None and new not in rows):
            continue  # with an extract: only a successor that is one of the trust's schools now
        if len(targets[new]) > 1:
            if old == targets[new][0]:
                plan.notes.append(
                    f"URNs {', '.join(sorted(targets[new]))} all have the successor {new} (schools "
                    "that merged): they are left as they are, for the trust to bring together."
                )
            continue
        if new in held:
            plan.notes.append(
                f"URN {old} ({school.name}) has the successor {new}, which is already a school "
                "here: the two records are left as they are."
            )
            continue
        with scopes_disabled():
            elsewhere = School.objects.filter(urn=new).exists()
        if elsewhere:
            plan.notes.append(f"URN {old} has the successor {new}, held by another trust.")
            continue
        _, link_type, on = successors[old]
        reason = _reason(rows[new].reason_opened if rows else "", link_type)
        plan.urn_changes.append(UrnChange(school, old, new, link_type, on, reason))


# --- comparing with the schools held --------------------------------------------------------------


def _differences(school: School, row: GiasRow) -> list[tuple[str, str, str]]:
    changes = []
    for name, value in row.school.items():
        if getattr(school, name) != value:
            changes.append(
                (SCHOOL_FIELDS[name], shown(name, getattr(school, name)), shown(name, value))
            )
    record = getattr(school, "gias_record", None)
    for name, value in row.gias.items():
        old = (
            getattr(record, name)
            if record is not None
            else ("" if name in ("status", "establishment_type", "group_uid") else None)
        )
        if old != value:
            changes.append((GIAS_FIELDS[name], shown(name, old), shown(name, value)))
    return changes


# Where a school's field comes from, to say which column is wrong when the school refuses it.
COLUMN_OF = {
    "urn": "URN",
    "name": "EstablishmentName",
    "phase": "PhaseOfEducation (name)",
    "local_authority": "LA (name)",
    "establishment_number": "EstablishmentNumber",
    "pupils_on_roll": "NumberOfPupils",
    "joined_trust_on": "Joined date",
    "closed_on": "CloseDate",
}


def _valid(school: School, row: GiasRow, problems: Problems) -> bool:
    """Set the row's values on the school (not saved) and check them as the school's form would."""
    for name, value in row.school.items():
        setattr(school, name, value)
    try:
        school.full_clean(exclude=["trust", "cluster", "urn"], validate_unique=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                problems.add(row.row, COLUMN_OF.get(name, name), message)
        return False
    return True


def _held(trust: Trust) -> dict[str, School]:
    schools = School.objects.filter(trust=trust).select_related("gias_record")
    return {s.urn: s for s in schools}


def _compare(trust: Trust, rows: list[GiasRow], plan: GiasPlan, held: dict[str, School]) -> None:
    moved = {c.new_urn: c.school for c in plan.urn_changes}
    new_urns = [r.urn for r in rows if r.urn not in held and r.urn not in moved]
    with scopes_disabled():
        elsewhere = set(School.objects.filter(urn__in=new_urns).values_list("urn", flat=True))
    for row in rows:
        school = held.get(row.urn) or moved.get(row.urn)
        if school is None:
            if row.urn in elsewhere:
                plan.problems.add(
                    row.row,
                    "URN",
                    f"A school with URN {row.urn} is already on the system, "
                    "in another trust: ask the platform's support team to move it",
                )
            else:
                new = School(trust=trust, urn=row.urn)
                if _valid(new, row, plan.problems):
                    plan.to_add.append((new, row))
            continue
        changes = _differences(school, row)
        if changes and _valid(school, row, plan.problems):
            plan.to_change.append((school, row, changes))
        elif not changes and row.urn not in moved:
            plan.unchanged += 1


def gias_plan(
    *,
    trust: Trust,
    extract: IO[bytes] | None,
    extract_encoding: str,
    links: IO[bytes] | None,
    links_encoding: str,
    group_uid: str,
    progress: Progress = lambda n: None,
) -> GiasPlan:
    """Everything the files would change for the trust, and every error, writing nothing."""
    plan = GiasPlan()
    rows: list[GiasRow] | None = None
    if extract is not None:
        header = header_of(extract, extract_encoding)
        if not file_kind(header):
            for label in missing_for(header, EXTRACT_COLUMNS):
                plan.problems.add(
                    1, label, f"The column {label} is missing: upload the file as GIAS gives it"
                )
            return plan
        if trust.dfe_group_id and group_uid and group_uid != trust.dfe_group_id:
            plan.problems.add(1, "Trusts (code)", _not_yours(trust.dfe_group_id, group_uid))
            return plan
        uid = trust.dfe_group_id or group_uid
        rows = _scan(extract, extract_encoding, uid, plan, progress)
        if not uid or uid not in plan.trusts:
            if len(plan.trusts) == 1:
                uid = next(iter(plan.trusts))
                plan.rows_read = 0
                rows = _scan(extract, extract_encoding, uid, plan, progress)
                plan.trusts = {uid: [plan.trusts[uid][0], len(rows)]} if plan.trusts else {}
            else:
                plan.needs_uid = True
                return plan
        if trust.dfe_group_id and uid != trust.dfe_group_id:
            plan.problems.add(1, "Trusts (code)", _not_yours(trust.dfe_group_id, uid))
            return plan
        plan.group_uid = uid
    held = _held(trust)
    by_urn = {r.urn: r for r in rows} if rows is not None else None
    if links is not None:
        header = header_of(links, links_encoding)
        missing = missing_for(header, LINK_COLUMNS)
        for label in missing:
            plan.problems.add(
                1, f"{label} (links file)", f"The column {label} is missing from the links file"
            )
        if not missing:
            successors = _links(links, links_encoding, set(held), plan.problems)
            _urn_changes(trust=trust, held=held, successors=successors, rows=by_urn, plan=plan)
    if rows is not None:
        _compare(trust, rows, plan, held)
    return plan
