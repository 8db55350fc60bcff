"""The feed's test world: the shared base (tests/conftest.py) with returns, visits and action plans
(their own worlds), plus a statutory result, an inspection and a category decision at s1, s3 and
trust B's sb, every restricted field holding a marker, and a token of each view in each trust.

Cells that start like a spreadsheet formula are planted in the schools' local authority, so the
CSV's neutralising is tested on real rows."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django_scopes import scopes_disabled

from feed.models import View
from feed.services import Issued, token_issue
from fht.roles import Role
from qa_visits.models import VisitSection
from qa_visits.sections import SECTION_BY_KEY, Restriction
from returns.measures import Measure
from returns.models import StatutoryResult
from risk.services.categories import category_set
from schools.models import Inspection, School
from schools.ofsted import Framework, InspectionType
from tests.conftest import World, build_world
from tests.isap.world import add_plans
from tests.qa_visits.world import add_visits
from tests.returns.world import add_returns

FORMULA = '=HYPERLINK("http://evil.example","x")'
RESTRICTED_MARKER = "RESTRICTED-MARKER-7f3a"


@dataclass
class FeedWorld:
    world: World
    ceo_token: Issued
    trustee_token: Issued
    other_token: Issued


def build_feed_world() -> FeedWorld:
    world = add_plans(add_visits(add_returns(build_world())))
    admin = world.person(Role.TRUST_ADMIN)
    assert world.year and world.other_year and world.other_ceo
    with scopes_disabled():
        for school, year in (
            (world.s1, world.year),
            (world.s3, world.year),
            (world.sb, world.other_year),
        ):
            _school_rows(school, year)
        _plant_restricted_markers()
        School.objects.filter(pk=world.s1.pk).update(local_authority=FORMULA)
        ceo = token_issue(
            trust_id=world.trust.pk, name="BI", view=View.CEO, acting_user=world.person(Role.CEO)
        )
        trustee = token_issue(
            trust_id=world.trust.pk, name="Board", view=View.TRUSTEE, acting_user=admin
        )
        other = token_issue(
            trust_id=world.other_trust.pk, name="B's", view=View.CEO, acting_user=world.other_ceo
        )
    return FeedWorld(world=world, ceo_token=ceo, trustee_token=trustee, other_token=other)


def _school_rows(school: School, year: object) -> None:
    StatutoryResult.objects.create(
        trust=school.trust,
        school=school,
        academic_year=year,
        measure=Measure.PHONICS_Y1,
        value=Decimal("81.5"),
        cohort=30,
    )
    Inspection.objects.create(
        trust=school.trust,
        school=school,
        inspected_on=dt.date(2023, 3, 1),
        inspection_type=InspectionType.GRADED,
        framework=Framework.F2019,
        overall=2,
        note=f"Inspection note of {school.name}",
    )
    category_set(
        school=school,
        category="B",
        decided_on=dt.date(2026, 9, 10),
        reason=f"Reason for {school.name}",
        acting_user=None,
    )


def _plant_restricted_markers() -> None:
    """Every restricted visit section of every visit (drafts too) holds the marker."""
    restricted = [k for k, s in SECTION_BY_KEY.items() if s.restriction != Restriction.NONE]
    for section in VisitSection.objects.filter(key__in=restricted):
        section.notes = f"{RESTRICTED_MARKER} {section.notes}"
        section.save()
