from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fht.access import access_for
from fht.decorators import trust_member_required
from fht.roles import Role, TrustPerm
from fht.tables import Column, Table
from people import selectors


def _roles_text(person: object) -> str:
    parts = []
    for r in getattr(person, "active_roles", []):
        where = r.school or r.cluster
        parts.append(f"{r.get_role_display()}{f', {where}' if where else ''}")
    return "; ".join(parts)


PERSON_COLUMNS = [
    Column("full_name", "Name", order_by="full_name"),
    Column("email", "Email", order_by="email"),
    Column("job_title", "Job title", order_by="job_title"),
    Column("roles", "Roles", value=_roles_text),
]


@trust_member_required
def person_list(request: HttpRequest) -> HttpResponse:
    if not access_for(request.user).has_trust_perm(TrustPerm.VIEW_PEOPLE):
        raise PermissionDenied("Only the trust's central team can read its people and roles.")
    query = request.GET.get("q", "").strip()[:100]
    role = request.GET.get("role", "")
    if role not in Role.values:
        role = ""
    people = selectors.person_list(user=request.user, query=query, role=role)
    table = Table(
        request, columns=PERSON_COLUMNS, rows=people, default_sort="full_name", filename="people"
    )
    if table.wants_csv:
        return table.csv_response()
    context = {
        "table": table,
        "people": list(table.rows),
        "query": query,
        "role": role,
        "roles": Role.choices,
        "filtered": bool(query or role),
    }
    return render(request, "people/person_list.html", context)


@trust_member_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.access_person(request.user, person_id)
    context = {
        "person": person,
        "assignments": selectors.person_roles(person=person),
        "history": selectors.person_role_history(person=person),
    }
    return render(request, "people/person_detail.html", context)
