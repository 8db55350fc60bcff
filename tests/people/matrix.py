"""Permission-matrix cases for people and role administration (people app).

The matrix GETs each page with no data. Every one of these pages also takes a POST, which changes
nothing unless the page's own confirmation (or a complete form) is sent: tests/people/test_people_admin.py
checks those empty POSTs for administrators and for everyone else.
"""

from collections.abc import Callable

from django_scopes import scopes_disabled

from people.models import RoleAssignment
from tests.conftest import World
from tests.matrix import ADMINISTRATORS, PEOPLE_READERS, Case, obj

PERSON_SCOPES = {"in": ADMINISTRATORS, "out": ADMINISTRATORS, "other": set()}
# Directors of QA are allocated from a cluster's page, by those who manage the trust's structure
# (the same people as ADMINISTRATORS): any cluster of their own trust, none of another.
_CLUSTER = obj({"in": "c1", "out": "c2", "other": "b1"}, "cluster_id")
_CLUSTER_SCOPES = {"in": ADMINISTRATORS, "out": ADMINISTRATORS, "other": set()}


def _person(w: World, scope: str):  # type: ignore[no-untyped-def]
    return {"in": w.colleague, "out": w.south_head, "other": w.other_head}[scope]


def person_kwargs(w: World, scope: str) -> dict[str, object]:
    return {"person_id": _person(w, scope).pk}


def assignment_kwargs(w: World, scope: str) -> dict[str, object]:
    person = _person(w, scope)
    with scopes_disabled():
        assignment = RoleAssignment.objects.filter(person=person).earliest("pk")
    return {"person_id": person.pk, "assignment_id": assignment.pk}


def _person_page(kwargs: Callable[[World, str], dict[str, object]] = person_kwargs) -> Case:
    return Case(kwargs=kwargs, allowed=PERSON_SCOPES)


CASES: dict[str, Case] = {
    # Reading: the list and another person's page are for those who read the trust's people.
    "people:list": Case(allowed={"in": PEOPLE_READERS}, denied=403),
    "people:detail": Case(
        kwargs=lambda w, scope: {"person_id": _person(w, scope).pk},
        allowed={"in": PEOPLE_READERS, "out": PEOPLE_READERS, "other": set()},
    ),
    # A trust-level page: administrators get the form, everyone else of the trust 403.
    "people:invite": Case(allowed={"in": ADMINISTRATORS}, denied=403),
    # Pages about one person: 404 for anyone who does not administer that person's trust.
    "people:edit": _person_page(),
    "people:role_give": _person_page(),
    "people:role_end": _person_page(assignment_kwargs),
    "people:invitation_resend": _person_page(),
    "people:deactivate": _person_page(),
    "people:reactivate": _person_page(),
    # Allocating a Director of QA to a cluster, and ending an allocation.
    "people:directors:allocate": Case(kwargs=_CLUSTER, allowed=_CLUSTER_SCOPES),
    # POST-only. The matrix posts no data: an administrator's empty POST names no allocation, so it
    # is refused (400) and nothing in the shared world ends.
    "people:directors:end": Case(kwargs=_CLUSTER, allowed=_CLUSTER_SCOPES, method="post", ok=400),
    # Starts a background job and sends the administrator to its status page.
    "people:role_expiry_check": Case(
        allowed={"in": ADMINISTRATORS}, denied=403, method="post", ok=302
    ),
}
