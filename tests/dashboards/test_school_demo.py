"""The school on a page in the demo trust (exactly as `make run` loads it): each school's head and
governors find every section filled in and nothing of the restricted parts that the demo's visits
and reviews hold (their staffing and head's performance notes)."""

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import User
from people.models import RoleAssignment
from qa_visits.models import Visit, VisitSection
from qa_visits.sections import SECTIONS, Restriction
from reviews.models import AREAS, AreaRecord
from schools.models import School

pytestmark = pytest.mark.django_db(transaction=True)


def _holder(school: School, role: str) -> User:
    assignment = (
        RoleAssignment.objects.filter(school=school, role=role)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    assert assignment is not None, (school, role)
    return assignment.person


def test_heads_and_governors_find_their_school_on_a_page(demo: None) -> None:
    restricted_keys = [s.key.value for s in SECTIONS if s.restriction != Restriction.NONE]
    staffing_areas = [a.key.value for a in AREAS if a.restricted]
    with scopes_disabled():
        school = (
            School.objects.filter(visits__status=Visit.Status.SUBMITTED, closed_on__isnull=True)
            .order_by("name")
            .first()
        )
        assert school is not None
        readers = [_holder(school, "head_teacher"), _holder(school, "governor")]
        secrets = [
            n
            for n in VisitSection.objects.filter(
                visit__school=school, key__in=restricted_keys
            ).values_list("notes", flat=True)
            if n
        ] + [
            n
            for n in AreaRecord.objects.filter(
                review__school=school, key__in=staffing_areas
            ).values_list("notes", flat=True)
            if n
        ]
    assert secrets  # the demo holds restricted notes at this school: the checks below can fail
    for reader in readers:
        client = Client()
        client.force_login(reader)
        response = client.get(reverse("dashboards:school", args=[school.pk]))
        assert response.status_code == 200
        body = response.content.decode()
        for secret in secrets:
            assert secret not in body
        assert "Staffing and wellbeing" not in body
        assert "Head teacher performance management" not in body
        assert "No category decision recorded yet" not in body
        assert "No QA visit submitted yet" not in body
        assert "No action plan yet" not in body
        assert "No statutory outcomes entered yet" not in body
