"""Permission-matrix cases for recording a school's Ofsted inspections (schools app).

Those who manage the trust's structure and the CEO and deputy (CEO, deputy CEO, trust
administrator) add, correct and delete the inspections of any school of their trust; everyone else
gets 404, as if the page did not exist, and another trust's school or inspection is 404 for
everyone. Reading the history is the school page's (tests/schools/matrix.py).
"""

import datetime as dt

from django_scopes import scopes_disabled

from schools.models import Inspection
from tests.conftest import World
from tests.matrix import ADMINISTRATORS, Case, obj

_SCHOOLS = {"in": "s1", "out": "s3", "other": "sb"}
_SCHOOL = obj(_SCHOOLS, "school_id")
_RECORDERS = {"in": ADMINISTRATORS, "out": ADMINISTRATORS, "other": set()}


def _inspection(world: World, scope: str) -> dict[str, object]:
    """The school's inspection for this scope, made the first time it is asked for (the same one
    every time after)."""
    school = getattr(world, _SCHOOLS[scope])
    with scopes_disabled():
        inspection, _ = Inspection.objects.get_or_create(
            school=school,
            trust_id=school.trust_id,
            inspected_on=dt.date(2023, 3, 15),
            defaults={"framework": "2019", "inspection_type": "graded", "overall": 2},
        )
    return {"school_id": school.pk, "inspection_id": inspection.pk}


CASES: dict[str, Case] = {
    "schools:inspection_add": Case(kwargs=_SCHOOL, allowed=_RECORDERS),
    "schools:inspection_edit": Case(kwargs=_inspection, allowed=_RECORDERS),
    "schools:inspection_delete": Case(kwargs=_inspection, allowed=_RECORDERS),
}
