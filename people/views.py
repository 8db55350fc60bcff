from collections.abc import Callable, Mapping
from typing import TypedDict

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fht.access import access_for
from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.models import User
from fht.registry import PanelContent
from fht.roles import Role, TrustPerm
from fht.tables import Column, Table
from fht.tenancy import trust_of
from fht.types import AuthenticatedRequest
from people import selectors, services
from people.forms import (
    ConfirmForm,
    DirectorAllocateForm,
    DirectorEndForm,
    InviteForm,
    PersonEditForm,
    RoleGiveForm,
)
from schools import selectors as schools_selectors
from schools.views import cluster_page


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
STATUS_COLUMN = Column(
    "status", "Status", value=lambda p: "Active" if p.is_active else "Left the trust"
)

GET_POST = require_http_methods(["GET", "POST"])


def _can_manage_people(request: HttpRequest) -> bool:
    return access_for(request.user).has_trust_perm(TrustPerm.MANAGE_PEOPLE)


class _Bound(TypedDict, total=False):
    data: QueryDict


def _bound(request: HttpRequest) -> _Bound:
    """Form arguments: the POST data on a POST (even an empty one), nothing on a GET."""
    return {"data": request.POST} if request.method == "POST" else {}


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _confirm(
    request: HttpRequest,
    template: str,
    *,
    person: User,
    act: Callable[[], str],
    context: Mapping[str, object] | None = None,
) -> HttpResponse:
    """A confirmation page: GET shows it; a POST with the page's 'yes' runs `act` and redirects
    with its message; any other POST changes nothing and answers 400 with the page."""
    form = ConfirmForm(**_bound(request))
    if form.is_bound and form.is_valid():
        try:
            messages.success(request, act())
            return redirect("people:detail", person_id=person.pk)
        except ValidationError as exc:
            add_service_error(form, exc)
    context = {**(context or {}), "person": person, "form": form}
    return render(request, template, context, status=400 if form.is_bound else 200)


@trust_member_required
def person_list(request: AuthenticatedRequest) -> HttpResponse:
    if not access_for(request.user).has_trust_perm(TrustPerm.VIEW_PEOPLE):
        raise PermissionDenied("Only the trust's central team can read its people and roles.")
    query = request.GET.get("q", "").strip()[:100]
    role = request.GET.get("role", "")
    if role not in Role.values:
        role = ""
    include_left = request.GET.get("left") == "1"
    people = selectors.person_list(
        user=request.user, query=query, role=role, include_inactive=include_left
    )
    # The page tags leavers by their name; the CSV says it in a column of its own.
    csv_with_status = include_left and request.GET.get("format") == "csv"
    table = Table(
        request,
        columns=[*PERSON_COLUMNS, STATUS_COLUMN] if csv_with_status else PERSON_COLUMNS,
        rows=people,
        default_sort="full_name",
        filename="people",
    )
    if table.wants_csv:
        return table.csv_response()
    context = {
        "table": table,
        "people": list(table.rows),
        "query": query,
        "role": role,
        "roles": Role.choices,
        "include_left": include_left,
        "filtered": bool(query or role or include_left),
        "can_manage": _can_manage_people(request),
    }
    return render(request, "people/person_list.html", context)


@trust_member_required
def person_detail(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = selectors.access_person(request.user, person_id)
    can_manage = _can_manage_people(request)
    context = {
        "person": person,
        "assignments": selectors.person_roles(person=person),
        "history": selectors.person_role_history(person=person),
        "can_manage": can_manage,
        "can_deactivate": can_manage and person.is_active and person.pk != request.user.pk,
        "can_resend": can_manage and person.is_active and person.last_login is None,
        "person_history": selectors.person_history(person=person) if can_manage else None,
    }
    return render(request, "people/person_detail.html", context)


@trust_member_required
@GET_POST
def person_invite(request: AuthenticatedRequest) -> HttpResponse:
    if not _can_manage_people(request):
        raise PermissionDenied("Only the trust's administrators can invite people.")
    trust = trust_of(request.user)
    form = InviteForm(**_bound(request), trust=trust)
    if form.is_bound and form.is_valid():
        try:
            person = services.person_invite(
                trust=trust,
                acting_user=request.user,
                base_url=_base_url(request),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{person} has been added and invited by email.")
            return redirect("people:detail", person_id=person.pk)
    status = 400 if form.is_bound else 200
    context = {"form": form, "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
    return render(request, "people/person_invite.html", context, status=status)


@trust_member_required
@GET_POST
def person_edit(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = selectors.access_person_for_admin(request.user, person_id)
    initial = {"full_name": person.full_name, "job_title": person.job_title}
    form = PersonEditForm(**_bound(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.person_update(person=person, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{person}'s details have been saved.")
            return redirect("people:detail", person_id=person.pk)
    status = 400 if form.is_bound else 200
    context = {"person": person, "form": form}
    return render(request, "people/person_edit.html", context, status=status)


@trust_member_required
@GET_POST
def person_role_give(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = selectors.access_person_for_admin(request.user, person_id)
    form = RoleGiveForm(**_bound(request), trust=trust_of(person))
    if form.is_bound and form.is_valid():
        try:
            assignment = services.role_assign(
                person=person, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{person} is now {assignment}.")
            return redirect("people:detail", person_id=person.pk)
    status = 400 if form.is_bound else 200
    context = {"person": person, "form": form}
    return render(request, "people/person_role_give.html", context, status=status)


@trust_member_required
@GET_POST
def person_role_end(
    request: AuthenticatedRequest, person_id: int, assignment_id: int
) -> HttpResponse:
    person = selectors.access_person_for_admin(request.user, person_id)
    assignment = selectors.access_assignment_for_admin(person, assignment_id)

    def act() -> str:
        services.role_end(assignment=assignment, acting_user=request.user)
        return f"{person} is no longer {assignment}."

    context = {"assignment": assignment}
    return _confirm(request, "people/person_role_end.html", person=person, act=act, context=context)


@trust_member_required
@GET_POST
def person_deactivate(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = selectors.access_person_for_admin(request.user, person_id)

    def act() -> str:
        services.person_deactivate(person=person, acting_user=request.user)
        return f"{person} has been deactivated: their roles have ended and they are signed out."

    context = {
        "is_self": person.pk == request.user.pk,
        "active_roles": selectors.active_roles_of(person=person),
    }
    return _confirm(
        request, "people/person_deactivate.html", person=person, act=act, context=context
    )


@trust_member_required
@GET_POST
def person_reactivate(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = selectors.access_person_for_admin(request.user, person_id)

    def act() -> str:
        services.person_reactivate(person=person, acting_user=request.user)
        return f"{person} can sign in again. Give them the roles they need."

    return _confirm(request, "people/person_reactivate.html", person=person, act=act)


@trust_member_required
@GET_POST
def person_invitation_resend(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = selectors.access_person_for_admin(request.user, person_id)

    def act() -> str:
        services.invitation_resend(person=person, base_url=_base_url(request))
        return f"The invitation has been sent again to {person.email}."

    return _confirm(request, "people/person_invitation_resend.html", person=person, act=act)


@require_POST
@trust_member_required
def role_expiry_check(request: AuthenticatedRequest) -> HttpResponse:
    """Start the planned-end-date check as a background job and follow it on its status page."""
    if not _can_manage_people(request):
        raise PermissionDenied("Only the trust's administrators can run this check.")
    job = services.role_expiry_request(trust=trust_of(request.user), acting_user=request.user)
    return redirect("job_status", job_id=job.pk)


# --- Directors of QA, from the cluster page: for those who manage the trust's structure ---------


@trust_member_required
def cluster_director_allocate(request: AuthenticatedRequest, cluster_id: int) -> HttpResponse:
    """Allocate a Director of QA. Over the trust's limit, a warning step asks to confirm (200)."""
    cluster = schools_selectors.access_cluster_for_admin(request.user, cluster_id)
    form = DirectorAllocateForm(posted(request), cluster=cluster)
    warning: selectors.DirectorLoad | None = None
    if form.is_bound and form.is_valid():
        person: User = form.cleaned_data["person"]
        try:
            services.director_allocate(
                cluster=cluster,
                person=person,
                acting_user=request.user,
                confirmed=form.cleaned_data["confirmed"],
            )
        except services.DirectorOverLimit as over:
            warning = over.load
            if form.cleaned_data["warned"]:
                form.add_error(
                    "confirmed",
                    'Tick "Allocate anyway" to allocate them over the limit, or choose someone else.',
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{person.full_name} is now a Director of QA of {cluster}.")
            return redirect("schools:clusters:detail", cluster_id=cluster.pk)
    trust = trust_of(request.user)
    context = {
        "form": form,
        "cluster": cluster,
        "warning": warning,
        "person": form.cleaned_data.get("person") if warning else None,
        "limit": trust.cluster_school_limit,
        "limit_executive_head": trust.cluster_school_limit_executive_head,
    }
    # The warning step is a question, not a refusal: 200. A refused submission is 400.
    asking = warning is not None and not form.errors
    return form_page(
        request, "people/director_allocate.html", context, bound=form.is_bound and not asking
    )


@require_POST
@trust_member_required
def cluster_director_end(request: AuthenticatedRequest, cluster_id: int) -> HttpResponse:
    """End a Director of QA's allocation (the button on the cluster page)."""
    cluster = schools_selectors.access_cluster_for_admin(request.user, cluster_id)
    form = DirectorEndForm(request.POST, cluster=cluster)
    if not form.is_valid():
        errors = PanelContent(template="people/_director_end_errors.html", context={"form": form})
        return cluster_page(request, cluster, errors=errors)
    assignment = services.director_deallocate(
        assignment=form.cleaned_data["allocation"], acting_user=request.user
    )
    messages.success(
        request, f"{assignment.person.full_name} is no longer a Director of QA of {cluster}."
    )
    return redirect("schools:clusters:detail", cluster_id=cluster.pk)
