"""The agenda's main table as CSV (fht/tables.py): the hub's schools side by side, the forum's
schools at category C or D, or each hub at a glance for the trust-wide meetings."""

from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify

from cycle.models import CLUSTER_KINDS, CycleMeeting, Kind
from cycle.selectors.agenda import Agenda, ClusterLine, SchoolLine
from fht.tables import Column, RowTable


def _visit(line: SchoolLine) -> str:
    v = line.visit
    return f"{v.on:%Y-%m-%d}: {v.red} red, {v.amber} amber, {v.green} green" if v else ""


SCHOOL_COLUMNS = [
    Column("name", "School", order_by="name"),
    Column("cluster", "Hub", order_by="cluster"),
    Column("category", "Category", order_by="category"),
    Column("visit", "Latest QA visit", value=_visit),
    Column("red", "ISAP red", value=lambda r: r.rag.red, numeric=True),
    Column("amber", "ISAP amber", value=lambda r: r.rag.amber, numeric=True),
    Column("green", "ISAP green", value=lambda r: r.rag.green, numeric=True),
    Column("unrated", "ISAP not rated", value=lambda r: r.rag.unrated, numeric=True),
    Column("overdue", "ISAP overdue", value=lambda r: r.rag.overdue, numeric=True),
]


def _count(key: str) -> Column:
    label = "Not categorised" if key == "none" else key
    return Column(key, label, value=lambda r: r.categories[key], numeric=True)


CLUSTER_COLUMNS = [
    Column("name", "Hub", order_by="name"),
    Column("schools", "Schools", order_by="schools", numeric=True),
    *(_count(k) for k in ("A", "B", "C", "D", "none")),
    Column("red", "ISAP red", order_by="red", numeric=True),
    Column("overdue", "ISAP overdue", order_by="overdue", numeric=True),
]


def agenda_csv(request: HttpRequest, meeting: CycleMeeting, agenda: Agenda) -> HttpResponse:
    rows: list[SchoolLine] | list[ClusterLine]
    if agenda.kind in CLUSTER_KINDS:
        rows, columns = agenda.schools, SCHOOL_COLUMNS
    elif agenda.kind == Kind.FORUM:
        rows, columns = agenda.concern_schools, SCHOOL_COLUMNS
    else:
        rows, columns = agenda.clusters, CLUSTER_COLUMNS
    name = f"{slugify(meeting.title)}-agenda-{agenda.as_of:%Y-%m-%d}"
    table = RowTable(request, columns=columns, rows=rows, default_sort="name", filename=name)
    return table.csv_response()
