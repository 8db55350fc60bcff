"""The demo's inspection histories: all three frameworks, one school in a category of concern,
made once and the same every time."""

import pytest
from django_scopes import scopes_disabled

from fht.models import Trust
from fht.tenancy import trust_scope
from schools import demo
from schools.inspections import latest_inspections
from schools.models import Inspection

pytestmark = pytest.mark.django_db


def _load(trust: Trust) -> None:
    with trust_scope(trust.pk):
        demo.load(trust)


def _rows() -> list[tuple[str, str, str, str, str]]:
    with scopes_disabled():
        return [
            (i.school.urn, str(i.inspected_on), i.framework, i.inspection_type, i.headline)
            for i in Inspection.objects.select_related("school").order_by("school__urn", "pk")
        ]


def test_the_demo_histories_cover_every_framework_and_load_once() -> None:
    skylark = Trust.objects.create(name="Skylark Learning Trust", slug="skylark")
    _load(skylark)
    first = _rows()
    _load(skylark)
    assert _rows() == first
    assert {row[2] for row in first} == {"2019", "2024", "2025"}
    assert {row[3] for row in first} == {"graded", "ungraded", "monitoring", "report_card"}
    with scopes_disabled():
        arnold = Inspection.objects.filter(school__urn="144689").order_by("inspected_on")
        assert [i.framework for i in arnold] == ["2019", "2024", "2024", "2025"]
        assert arnold.last().concern == "special_measures"  # type: ignore[union-attr]
        school_ids = list(skylark.schools.values_list("pk", flat=True))
    with trust_scope(skylark.pk):
        latest = latest_inspections(school_ids)
    assert len(latest) == 16  # every school has been inspected
    assert sum(1 for v in latest.values() if v.framework == "2025") == 5
    assert any(v.concern == "Special measures" for v in latest.values())


def test_a_second_demo_load_leaves_a_corrected_history_alone() -> None:
    trust = Trust.objects.create(name="Harbour Academies", slug="harbour")
    _load(trust)
    with scopes_disabled():
        inspection = Inspection.objects.get(school__urn="138877")
        inspection.note = "Corrected by hand"
        inspection.save()
    _load(trust)
    with scopes_disabled():
        assert Inspection.objects.get(school__urn="138877").note == "Corrected by hand"
        assert Inspection.objects.count() == 5
