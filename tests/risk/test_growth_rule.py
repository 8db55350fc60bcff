"""The golden rule's arithmetic against hand-counted figures: by category, by latest Ofsted outcome
in each framework, with the trust's settings, with nothing below good, and with a prospective
school added (what-if). Pure functions: no database."""

import datetime as dt

import pytest

from risk.models import DueDiligence, GrowthSettings, OfstedOutcome
from risk.selectors.growth import (
    BELOW,
    GOOD,
    GoldenRule,
    Rules,
    by_category,
    by_ofsted,
    golden_rules,
    ofsted_standing,
    prospective_by_category,
    prospective_by_ofsted,
)
from schools.inspections import LatestInspection
from schools.models import School

DAY = dt.date(2026, 3, 4)
DEFAULT = Rules()


def school(pk: int, category: str | None = None) -> School:
    return School(pk=pk, name=f"School {pk}", category=category)


def legacy(pk: int, overall: int | None) -> LatestInspection:
    return LatestInspection(pk, DAY, "2019", f"Grade {overall} (2019 framework)", overall=overall)


def sub_judgements(pk: int, *grades: int, safe: bool | None = None) -> LatestInspection:
    named = {f"area {i}": g for i, g in enumerate(grades)}
    return LatestInspection(pk, DAY, "2024", "2024 framework", grades=named, safeguarding_met=safe)


def report_card(pk: int, *areas: int, safe: bool | None = True) -> LatestInspection:
    named = {f"area {i}": a for i, a in enumerate(areas)}
    return LatestInspection(pk, DAY, "2025", "Report card", areas=named, safeguarding_met=safe)


def record(category: str, outcome: str) -> DueDiligence:
    return DueDiligence(
        name="Hollybrook Primary School", proposed_category=category, ofsted_outcome=outcome
    )


# --- by category -------------------------------------------------------------------------------


def test_by_category_counts_a_and_b_against_c_and_d_and_lists_the_uncategorised_apart() -> None:
    # By hand: A, A, B, B, B, B, B = 7 good or better; C, D = 2 below; one not categorised.
    schools = [school(i, c) for i, c in enumerate("AABBBBBCD", start=1)] + [school(10)]
    rule = by_category(schools)
    assert (rule.good_count, rule.below_count) == (7, 2)
    assert [c.name for c in rule.apart] == ["School 10"]
    assert rule.apart[0].why == "Not categorised"
    assert rule.ratio == 3.5
    assert rule.ratio_text == "3.5 to 1"
    assert rule.meets_minimum and rule.shortfall == 0


def test_below_the_minimum_says_how_many_more_good_schools_are_needed() -> None:
    # 5 good, 2 below: 2.5 to 1; 3 x 2 = 6 needed, so 1 more.
    rule = by_category([school(i, c) for i, c in enumerate("AABBBCD", start=1)])
    assert rule.ratio_text == "2.5 to 1"
    assert not rule.meets_minimum
    assert rule.shortfall == 1


def test_exactly_three_to_one_meets_the_minimum() -> None:
    rule = by_category([school(i, c) for i, c in enumerate("ABBC", start=1)])
    assert rule.ratio_text == "3 to 1"
    assert rule.meets_minimum and rule.shortfall == 0


def test_no_school_below_good_is_said_in_words_with_no_division() -> None:
    rule = by_category([school(1, "A"), school(2, "B"), school(3)])
    assert rule.below_count == 0
    assert rule.ratio is None
    assert rule.ratio_text == "No school below good"
    assert rule.meets_minimum


def test_no_school_at_all() -> None:
    rule = by_category([])
    assert rule.ratio_text == "No school counted"
    assert rule.meets_minimum


def test_only_schools_below_good() -> None:
    rule = by_category([school(1, "C"), school(2, "D")])
    assert rule.ratio == 0
    assert rule.ratio_text == "0 to 1"
    assert rule.shortfall == 6


# --- by Ofsted ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("overall", "standing"), [(1, GOOD), (2, GOOD), (3, BELOW), (4, BELOW)])
def test_legacy_grades_count_directly(overall: int, standing: str) -> None:
    assert ofsted_standing(legacy(1, overall), DEFAULT) == standing


def test_a_legacy_inspection_with_no_overall_grade_is_not_counted() -> None:
    assert ofsted_standing(legacy(1, None), DEFAULT) is None


@pytest.mark.parametrize(
    ("grades", "default", "inadequate_only"),
    [((1, 2, 2), GOOD, GOOD), ((2, 3, 2), BELOW, GOOD), ((2, 4, 1), BELOW, BELOW)],
)
def test_2024_sub_judgements_by_the_trusts_setting(
    grades: tuple[int, ...], default: str, inadequate_only: str
) -> None:
    inspection = sub_judgements(1, *grades)
    assert ofsted_standing(inspection, DEFAULT) == default
    stricter = Rules(sub_judgement_below_from=GrowthSettings.SubJudgementBelow.INADEQUATE)
    assert ofsted_standing(inspection, stricter) == inadequate_only


def test_2024_safeguarding_not_effective_is_below_good() -> None:
    assert ofsted_standing(sub_judgements(1, 1, 2, safe=False), DEFAULT) == BELOW


@pytest.mark.parametrize(
    ("areas", "safe", "default", "expected_or_lower", "urgent_only"),
    [
        ((2, 3, 3), True, GOOD, BELOW, GOOD),
        ((1, 2, 2), True, GOOD, GOOD, GOOD),
        ((3, 4, 2), True, BELOW, BELOW, GOOD),
        ((3, 5, 2), True, BELOW, BELOW, BELOW),
        ((1, 1, 2), False, BELOW, BELOW, BELOW),
    ],
)
def test_report_cards_by_the_trusts_setting(
    areas: tuple[int, ...], safe: bool, default: str, expected_or_lower: str, urgent_only: str
) -> None:
    inspection = report_card(1, *areas, safe=safe)
    assert ofsted_standing(inspection, DEFAULT) == default
    assert ofsted_standing(inspection, Rules(report_card_below_from=3)) == expected_or_lower
    assert ofsted_standing(inspection, Rules(report_card_below_from=5)) == urgent_only


def test_safeguarding_not_met_can_be_left_to_the_areas() -> None:
    inspection = report_card(1, 1, 2, safe=False)
    assert ofsted_standing(inspection, Rules(safeguarding_not_met_below=False)) == GOOD


def test_a_category_of_concern_is_always_below_good() -> None:
    inspection = LatestInspection(1, DAY, "2019", "Good", overall=2, concern="Special measures")
    assert ofsted_standing(inspection, DEFAULT) == BELOW


def test_by_ofsted_mixes_frameworks_each_on_its_own_scale_and_lists_the_never_inspected() -> None:
    schools = [school(i) for i in range(1, 8)]
    inspections = {
        1: legacy(1, 1),  # good or better
        2: legacy(2, 2),  # good or better
        3: legacy(3, 3),  # below
        4: sub_judgements(4, 2, 2, 2),  # good or better
        5: sub_judgements(5, 2, 3),  # below (a 3)
        6: report_card(6, 2, 3, 3),  # good or better (nothing at 4 or 5)
        # 7: never inspected
    }
    rule = by_ofsted(schools, inspections, DEFAULT)
    assert [c.name for c in rule.good] == ["School 1", "School 2", "School 4", "School 6"]
    assert [c.name for c in rule.below] == ["School 3", "School 5"]
    assert [(c.name, c.why) for c in rule.apart] == [("School 7", "Never inspected")]
    assert rule.ratio_text == "2 to 1"
    assert not rule.meets_minimum and rule.shortfall == 2


# --- what-if -----------------------------------------------------------------------------------


def test_a_prospective_school_below_good_changes_both_counts() -> None:
    # Now, by category: 6 good, 2 below = 3 to 1, meets. With Hollybrook (proposed C, below
    # good): 6 good, 3 below = 2 to 1, below the minimum, 3 more needed.
    schools = [school(i, c) for i, c in enumerate("AABBBBCD", start=1)]
    inspections = {i: legacy(i, 2) for i in range(1, 7)} | {7: legacy(7, 3), 8: legacy(8, 4)}
    rules = golden_rules(
        schools=schools,
        inspections=inspections,
        rules=DEFAULT,
        prospective=record("C", OfstedOutcome.BELOW_GOOD),
    )
    assert rules.by_category.ratio_text == "3 to 1" and rules.by_category.meets_minimum
    assert rules.by_ofsted.ratio_text == "3 to 1"
    assert rules.with_prospective is not None
    category, ofsted = rules.with_prospective
    assert (category.good_count, category.below_count) == (6, 3)
    assert category.ratio_text == "2 to 1"
    assert not category.meets_minimum and category.shortfall == 3
    assert (ofsted.good_count, ofsted.below_count) == (6, 3)
    assert category.below[-1].name == "Hollybrook Primary School"
    # The counts now are unchanged by the what-if.
    assert rules.by_category.below_count == 2


def test_a_prospective_school_good_or_better_and_one_never_inspected() -> None:
    now = by_category([school(1, "A"), school(2, "C")])
    assert now.ratio_text == "1 to 1"
    good = now.with_prospective(prospective_by_category(record("B", OfstedOutcome.GOOD_OR_BETTER)))
    assert good.ratio_text == "2 to 1"
    never = by_ofsted([], {}, DEFAULT).with_prospective(
        prospective_by_ofsted(record("B", OfstedOutcome.NOT_INSPECTED))
    )
    assert never.good_count == 0 and never.below_count == 0
    assert [c.why for c in never.apart] == ["Not inspected (due diligence)"]


def test_no_prospective_school_means_no_what_if() -> None:
    rules = golden_rules(schools=[school(1, "A")], inspections={}, rules=DEFAULT)
    assert rules.with_prospective is None
    assert isinstance(rules.by_category, GoldenRule)


def test_rules_come_from_the_trusts_settings() -> None:
    settings = GrowthSettings(
        report_card_below_from=5, safeguarding_not_met_below=False, sub_judgement_below_from=4
    )
    assert Rules.of(settings) == Rules(5, False, 4)
    assert Rules.of(GrowthSettings.defaults(1)) == DEFAULT
