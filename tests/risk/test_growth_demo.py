"""The growth part of the demo: every open school has a first category before October 2025 (two
from due-diligence records), one prospective school is in due diligence, and building it again
changes nothing."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from fht.models import Trust
from fht.tenancy import trust_scope
from risk.demo import growth
from risk.models import CategoryDecision, DueDiligence
from risk.selectors.growth import by_category, prospective_by_category
from schools.models import School

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    with scopes_disabled():
        return (
            CategoryDecision.objects.count(),
            CategoryDecision.history.count(),
            DueDiligence.objects.count(),
            DueDiligence.history.count(),
            School.history.count(),
        )


def test_the_growth_demo(demo: None) -> None:
    before = _counts()
    with scopes_disabled():
        trusts = list(Trust.objects.filter(slug__in=["skylark", "harbour"]))
    for trust in trusts:
        with trust_scope(trust.pk):
            growth.build(trust)
    assert _counts() == before
    with scopes_disabled():
        skylark = Trust.objects.get(slug="skylark")
        schools = list(School.objects.filter(closed_on__isnull=True))
        firsts = {}
        for school in schools:
            first = CategoryDecision.objects.filter(school=school).order_by("decided_on", "pk")[0]
            assert first.decided_on < dt.date(2025, 10, 1), school
            assert first.previous_category is None and first.reason
            firsts[school.pk] = first
        from_dd = [d for d in firsts.values() if d.source == CategoryDecision.Source.DUE_DILIGENCE]
        assert sorted(d.school.name for d in from_dd) == [
            "Clay Cross Meadow Primary",
            "Whittington Moor Academy",
        ]
        for decision in from_dd:
            record = decision.due_diligence
            assert record is not None and record.school == decision.school
            assert record.status == DueDiligence.Status.JOINED
            assert decision.category == record.proposed_category
        others = [d for d in firsts.values() if d.source != CategoryDecision.Source.DUE_DILIGENCE]
        assert {d.source for d in others} == {CategoryDecision.Source.OTHER}
        assert {d.decided_on for d in others} == {dt.date(2025, 9, 1)}
        prospective = DueDiligence.objects.get(name="Hollybrook Primary School")
        assert prospective.trust == skylark
        assert prospective.status == DueDiligence.Status.IN_PROGRESS
        assert (prospective.proposed_category, prospective.ofsted_outcome) == ("C", "below_good")
        # The golden rule on the first categories, by hand: Skylark has 3 A and 9 B against
        # 2 C and 2 D: 3 to 1, just meeting the minimum; Hollybrook (C) would take it to 2.4.
        first_of_skylark = [
            School(pk=s.pk, name=s.name, category=firsts[s.pk].category)
            for s in schools
            if s.trust_id == skylark.pk
        ]
        rule = by_category(first_of_skylark)
        assert (rule.good_count, rule.below_count) == (12, 4)
        assert rule.ratio_text == "3 to 1" and rule.meets_minimum
        with_it = rule.with_prospective(prospective_by_category(prospective))
        assert with_it.ratio_text == "2.4 to 1" and not with_it.meets_minimum
