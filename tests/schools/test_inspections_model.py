"""An inspection keeps its framework's own scale: the model refuses, in words, another framework's
judgements, a framework that does not match the date, and an incomplete graded inspection or report
card; the database refuses the same from any other road. Its headline and judgements in words."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from schools.models import Inspection
from schools.ofsted import framework_on
from tests.conftest import World

pytestmark = pytest.mark.django_db

REPORT_CARD = {
    "area_inclusion": 3,
    "area_curriculum_and_teaching": 2,
    "area_achievement": 4,
    "area_attendance_and_behaviour": 3,
    "area_personal_development": 3,
    "area_leadership_and_governance": 3,
    "safeguarding_met": True,
}
KEY_GRADES = {
    "quality_of_education": 2,
    "behaviour_and_attitudes": 2,
    "personal_development": 1,
    "leadership_and_management": 3,
}


def _inspection(world: World, **fields: Any) -> Inspection:
    values: dict[str, Any] = {
        "inspected_on": dt.date(2023, 3, 15),
        "framework": "2019",
        "inspection_type": "graded",
        "overall": 2,
    }
    values.update(fields)
    return Inspection(school=world.s1, trust=world.trust, **values)


def _errors(inspection: Inspection) -> dict[str, list[str]]:
    with scopes_disabled(), pytest.raises(ValidationError) as caught:
        inspection.full_clean()
    return caught.value.message_dict


def _valid(inspection: Inspection) -> None:
    with scopes_disabled():
        inspection.full_clean()


@pytest.mark.parametrize(
    ("day", "framework"),
    [
        (dt.date(2015, 6, 1), "2019"),  # an older framework's grade is on the same scale
        (dt.date(2024, 8, 31), "2019"),
        (dt.date(2024, 9, 1), "2024"),
        (dt.date(2025, 11, 9), "2024"),
        (dt.date(2025, 11, 10), "2025"),
    ],
)
def test_the_framework_follows_the_date(day: dt.date, framework: str) -> None:
    assert framework_on(day) == framework


def test_each_framework_is_valid_on_its_own_scale(world: World) -> None:
    _valid(_inspection(world, sixth_form=4, early_years=1, **KEY_GRADES))
    _valid(
        _inspection(
            world, inspected_on=dt.date(2025, 1, 22), framework="2024", overall=None, **KEY_GRADES
        )
    )
    _valid(
        _inspection(
            world,
            inspected_on=dt.date(2026, 2, 4),
            framework="2025",
            inspection_type="report_card",
            overall=None,
            area_early_years=1,
            concern="significant_improvement",
            **REPORT_CARD,
        )
    )
    _valid(_inspection(world, inspection_type="ungraded", overall=None))


def test_a_framework_that_does_not_match_the_date_is_refused(world: World) -> None:
    errors = _errors(_inspection(world, inspected_on=dt.date(2024, 10, 2)))
    assert errors["inspected_on"] == [
        "The 2019 framework applies to inspections before 1 September 2024; an inspection on "
        "2 October 2024 is under the 2024 framework."
    ]
    errors = _errors(
        _inspection(
            world,
            inspected_on=dt.date(2025, 11, 10),
            framework="2024",
            overall=None,
            **KEY_GRADES,
        )
    )
    assert "from 1 September 2024 to 9 November 2025" in errors["inspected_on"][0]


def test_the_2024_framework_gives_no_overall_grade(world: World) -> None:
    errors = _errors(
        _inspection(world, inspected_on=dt.date(2025, 1, 22), framework="2024", **KEY_GRADES)
    )
    assert errors == {"overall": ["The 2024 framework gives no overall effectiveness grade."]}


def test_a_report_card_has_no_grades_and_a_2019_inspection_no_areas(world: World) -> None:
    errors = _errors(
        _inspection(
            world,
            inspected_on=dt.date(2026, 2, 4),
            framework="2025",
            inspection_type="report_card",
            quality_of_education=2,
            **REPORT_CARD,
        )
    )
    assert set(errors) == {"overall", "quality_of_education"}
    errors = _errors(_inspection(world, area_inclusion=3, safeguarding_met=True))
    assert errors["area_inclusion"] == ["The 2019 framework has no inclusion judgement."]
    assert "safeguarding_met" in errors


def test_an_incomplete_report_card_or_graded_inspection_is_refused(world: World) -> None:
    card = {k: v for k, v in REPORT_CARD.items() if k != "area_achievement"}
    errors = _errors(
        _inspection(
            world,
            inspected_on=dt.date(2026, 2, 4),
            framework="2025",
            inspection_type="report_card",
            overall=None,
            safeguarding_met=None,
            **{k: v for k, v in card.items() if k != "safeguarding_met"},
        )
    )
    assert errors["area_achievement"] == ["Enter the achievement judgement."]
    assert errors["safeguarding_met"] == ["Enter the safeguarding judgement."]
    assert _errors(_inspection(world, overall=None)) == {
        "overall": ["Enter the overall effectiveness judgement."]
    }


def test_types_concerns_and_scales_belong_to_their_framework(world: World) -> None:
    errors = _errors(
        _inspection(world, inspection_type="report_card", concern="significant_improvement")
    )
    assert set(errors) == {"inspection_type", "concern"}
    errors = _errors(_inspection(world, overall=5, quality_of_education=0))
    assert set(errors) == {"overall", "quality_of_education"}
    errors = _errors(_inspection(world, inspection_type="monitoring", overall=3))
    assert errors["overall"] == ["A monitoring inspection gives no judgements."]
    errors = _errors(_inspection(world, inspection_type="ungraded"))
    assert errors["overall"] == ["An ungraded inspection gives no judgements."]


def test_an_inspection_cannot_be_after_today(world: World) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    later = _inspection(
        world,
        inspected_on=tomorrow,
        framework=framework_on(tomorrow),
        inspection_type="monitoring",
        overall=None,
    )
    errors = _errors(later)
    assert errors["inspected_on"] == ["The date of the inspection must be today or earlier."]


@pytest.mark.parametrize(
    "fields",
    [
        {"inspected_on": dt.date(2024, 10, 2)},  # framework against date
        {"inspected_on": dt.date(2025, 1, 22), "framework": "2024"},  # an overall grade in 2024
        {"area_inclusion": 3},  # a report-card area in 2019
        {"overall": None},  # a graded 2019 inspection without its grade
        {"overall": 5},  # off the scale
        {"inspection_type": "report_card"},  # a type of another framework
        {"concern": "significant_improvement"},  # a concern of another framework
        {"inspection_type": "ungraded"},  # judgements on an ungraded inspection
    ],
)
def test_the_database_refuses_what_the_model_refuses(world: World, fields: dict[str, Any]) -> None:
    inspection = _inspection(world, **fields)
    with scopes_disabled(), pytest.raises(IntegrityError), transaction.atomic():
        inspection.save()


def test_headlines_and_judgements_in_words(world: World) -> None:
    assert _inspection(world).headline == "Good (2019 framework)"
    assert (
        _inspection(world, overall=4, concern="special_measures").headline
        == "Inadequate, special measures (2019 framework)"
    )
    graded_2024 = _inspection(
        world, inspected_on=dt.date(2025, 1, 22), framework="2024", overall=None, **KEY_GRADES
    )
    assert graded_2024.headline == (
        "Graded, no overall grade: 1 outstanding, 2 good, 1 requires improvement (2024 framework)"
    )
    card = _inspection(
        world,
        inspected_on=dt.date(2026, 2, 4),
        framework="2025",
        inspection_type="report_card",
        overall=None,
        **REPORT_CARD,
    )
    assert card.headline == "Report card: 1 needs attention, safeguarding met"
    assert card.judgements()[:3] == [
        ("Inclusion", "Expected standard"),
        ("Curriculum and teaching", "Strong standard"),
        ("Achievement", "Needs attention"),
    ]
    assert card.judgements()[-1] == ("Safeguarding", "Met")
    assert card.areas()["achievement"] == 4
    monitoring = _inspection(
        world,
        inspected_on=dt.date(2026, 1, 21),
        framework="2025",
        inspection_type="monitoring",
        overall=None,
        concern="special_measures",
    )
    assert monitoring.headline == "Monitoring inspection, special measures (2025 framework)"
    assert monitoring.judgements() == [("Category of concern", "Special measures")]


@pytest.mark.parametrize(
    ("day", "framework", "valid"),
    [
        (dt.date(2024, 8, 31), "2019", True),
        (dt.date(2024, 9, 1), "2019", False),
        (dt.date(2024, 8, 31), "2024", False),
        (dt.date(2024, 9, 1), "2024", True),
        (dt.date(2025, 11, 9), "2024", True),
        (dt.date(2025, 11, 10), "2024", False),
        (dt.date(2025, 11, 9), "2025", False),
        (dt.date(2025, 11, 10), "2025", True),
    ],
)
def test_the_first_and_last_day_of_each_framework(
    world: World, day: dt.date, framework: str, valid: bool
) -> None:
    """A monitoring inspection carries no judgement, so only the date and framework are tested."""
    inspection = _inspection(
        world, inspected_on=day, framework=framework, inspection_type="monitoring", overall=None
    )
    if valid:
        _valid(inspection)
        with scopes_disabled():
            inspection.save()
        return
    assert set(_errors(inspection)) == {"inspected_on"}
    with scopes_disabled(), pytest.raises(IntegrityError), transaction.atomic():
        inspection.save()
