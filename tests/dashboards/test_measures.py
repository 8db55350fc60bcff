"""The figures engine against hand-worked figures (tests/dashboards/world.py): pupil weighting,
schools missing a figure named and counted as 'n of m', national and trust targets beside, the
disadvantaged gap, and a fixed number of queries whatever the number of schools."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from dashboards.selectors.measures import GAP, KeyMeasures, key_measures, weighted
from schools.models import School
from tests.conftest import World
from tests.dashboards.world import AS_OF, add_result, add_return
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def measures(world: World, schools: list[School] | None = None) -> KeyMeasures:
    with scope(trust=world.trust):
        chosen = schools or list(School.objects.filter(trust=world.trust).order_by("name"))
        return key_measures(trust_id=world.trust.pk, schools=chosen, as_of=AS_OF)


def test_weighted_is_sum_of_value_times_weight_over_weights() -> None:
    assert weighted([(95.0, 200), (92.0, 100)]) == pytest.approx(94.0)
    assert weighted([]) is None
    assert weighted([(50.0, 0)]) is None


def test_attendance_is_weighted_by_pupils_on_roll_and_names_the_school_without_a_return(
    fworld: World,
) -> None:
    figure = measures(fworld).figure("attendance")
    # (95.0 x 200 + 92.0 x 100) / 300 = 94.0; the plain mean would be 93.5.
    assert figure.value == 94.0
    assert (figure.counted, figure.of, figure.coverage) == (2, 3, "2 of 3 schools")
    assert figure.missing == ("Cedar Primary",)
    assert not figure.complete
    assert figure.national == 94.5 and figure.target == 96.0
    assert figure.against_national == -0.5 and figure.above_national is False
    assert figure.meets_target is False
    assert "Autumn" in figure.period


def test_persistent_absence_is_weighted_and_lower_is_better(fworld: World) -> None:
    figure = measures(fworld).figure("persistent_absence")
    # (10.0 x 200 + 20.0 x 100) / 300 = 13.33...
    assert figure.value == 13.3
    assert figure.target == 12.0 and figure.meets_target is False
    assert figure.higher_is_better is False
    assert figure.national is None


def test_statutory_results_are_weighted_by_cohort_and_a_suppressed_one_is_not_counted(
    fworld: World,
) -> None:
    figure = measures(fworld).figure("ks2_rwm_expected")
    # (60.0 x 30 + 80.0 x 10) / 40 = 65.0; Cedar's result is suppressed (SUPP).
    assert figure.value == 65.0
    assert figure.coverage == "2 of 3 schools" and figure.missing == ("Cedar Primary",)
    assert figure.period.startswith("2025")
    assert figure.national == 61.0 and figure.against_national == 4.0
    assert figure.above_national is True
    assert figure.target == 65.0 and figure.meets_target is True


def test_a_result_without_a_cohort_cannot_be_weighted_and_is_named(fworld: World) -> None:
    found = measures(fworld)
    figure = found.figure("eyfs_gld")
    assert figure.value == 70.0
    assert figure.missing == ("Birch Primary", "Cedar Primary")
    assert found.by_school[fworld.s2.pk]["eyfs_gld"].missing == "No cohort held"
    assert found.by_school[fworld.s3.pk]["ks2_rwm_expected"].missing == "SUPP"


def test_no_school_with_a_figure_gives_no_figure_not_zero(fworld: World) -> None:
    figure = measures(fworld).figure("phonics_y1")
    assert figure.value is None
    assert figure.coverage == "0 of 3 schools"
    assert figure.against_national is None and figure.meets_target is None


def test_the_gap_is_all_pupils_minus_disadvantaged_over_the_schools_pupils(fworld: World) -> None:
    found = measures(fworld)
    gap = found.figure(GAP)
    # All: (30x60 + 20x70 + 10x50) / 60 = 61.67; disadvantaged: (10x40 + 5x52 + 10x35) / 25 = 40.4.
    assert gap.value == 21.3
    assert gap.coverage == "2 of 3 schools" and gap.missing == ("Cedar Primary",)
    # Each school's own gap: Alder 64.0 - 44.0, Birch 50.0 - 35.0.
    assert found.by_school[fworld.s1.pk][GAP].value == 20.0
    assert found.by_school[fworld.s2.pk][GAP].value == 15.0
    assert found.by_school[fworld.s3.pk][GAP].missing == "No return"


def test_a_cluster_is_added_up_from_its_own_schools(fworld: World) -> None:
    found = measures(fworld)
    north = {f.key: f for f in found.over([fworld.s1, fworld.s2])}
    assert north["attendance"].value == 94.0 and north["attendance"].complete
    south = {f.key: f for f in found.over([fworld.s3])}
    assert south["attendance"].value is None and south["attendance"].coverage == "0 of 1 school"


def test_the_query_count_does_not_grow_with_the_schools(fworld: World) -> None:
    with scope(trust=fworld.trust):
        few = list(School.objects.filter(trust=fworld.trust).order_by("name"))
    with CaptureQueriesContext(connection) as small:
        measures(fworld, few)
    with scopes_disabled():
        year = fworld.year
        assert year is not None
        last_year = year.__class__.objects.get(trust=fworld.trust, starts_in=2025)
        more = []
        for n in range(9):
            school = SchoolFactory(cluster=fworld.c2, name=f"Extra {n}", pupils_on_roll=150)
            add_return(
                school,
                year,
                "94.0",
                "12.0",
                [(6, "all", 20, "60.0"), (6, "disadvantaged", 5, "40.0")],
            )
            add_result(school, last_year, "ks2_rwm_expected", "62.0", 20)
            more.append(school)
    with CaptureQueriesContext(connection) as large:
        found = measures(fworld, few + more)
    assert found.figure("attendance").of == 12
    assert len(large) == len(small) <= 7
