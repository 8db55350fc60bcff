"""The golden rule for growth (DOMAIN.md, 'Categories'): at least three schools good or better for
every school below good. Pure arithmetic on values, no query: the pages read the schools, their
categories and latest inspections (risk.selectors.growth_reads) and hand them here.

Counted two ways, never mixed:
- by the trust's categories: A Sustain and B Improve count as good or better, C Repair and
  D Stabilise as below good; a school not yet categorised is listed apart;
- by the latest Ofsted outcome, each framework on its own scale: 2019 overall grades directly
  (1-2 good or better, 3-4 below good); the 2024 sub-judgements and the report card by the trust's
  settings (GrowthSettings); a category of concern is always below good; a school never
  inspected is listed apart.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from risk.models import DueDiligence, GrowthSettings, OfstedOutcome
from schools.categories import Category
from schools.inspections import LatestInspection

if TYPE_CHECKING:
    from schools.models import School

MINIMUM_RATIO = 3  # good or better schools for each school below good
GOOD, BELOW = "good", "below"
BY_CATEGORY, BY_OFSTED = "category", "ofsted"

_GOOD_CATEGORIES = {Category.SUSTAIN, Category.IMPROVE}
_BELOW_CATEGORIES = {Category.REPAIR, Category.STABILISE}


@dataclass(frozen=True)
class Rules:
    """Which outcomes of the frameworks with no overall grade count as below good."""

    report_card_below_from: int = GrowthSettings.ReportCardBelow.NEEDS_ATTENTION
    safeguarding_not_met_below: bool = True
    sub_judgement_below_from: int = GrowthSettings.SubJudgementBelow.REQUIRES_IMPROVEMENT

    @classmethod
    def of(cls, settings: GrowthSettings) -> "Rules":
        return cls(
            report_card_below_from=settings.report_card_below_from,
            safeguarding_not_met_below=settings.safeguarding_not_met_below,
            sub_judgement_below_from=settings.sub_judgement_below_from,
        )


@dataclass(frozen=True)
class Counted:
    """One school as the rule counts it: good or better, below good, or apart (None) and why."""

    name: str
    standing: str | None
    why: str


def category_standing(category: str | None) -> str | None:
    if category in _GOOD_CATEGORIES:
        return GOOD
    if category in _BELOW_CATEGORIES:
        return BELOW
    return None


def _category_why(category: str | None) -> str:
    if category in Category.values:
        return str(Category(category).label)
    return "Not categorised"


def ofsted_standing(inspection: LatestInspection | None, rules: Rules) -> str | None:
    """Good or better, below good, or None when the inspection says neither (never inspected,
    or a 2019 inspection recorded without its overall grade)."""
    if inspection is None:
        return None
    if inspection.concern:
        return BELOW
    if inspection.framework == "2019":
        if inspection.overall is None:
            return None
        return GOOD if inspection.overall <= 2 else BELOW
    if inspection.framework == "2024":
        if not inspection.grades and inspection.safeguarding_met is None:
            return None
        worst = max(inspection.grades.values(), default=0)
        below = worst >= rules.sub_judgement_below_from or inspection.safeguarding_met is False
        return BELOW if below else GOOD
    if inspection.framework == "2025":
        if not inspection.areas and inspection.safeguarding_met is None:
            return None
        worst = max(inspection.areas.values(), default=0)
        unsafe = rules.safeguarding_not_met_below and inspection.safeguarding_met is False
        return BELOW if worst >= rules.report_card_below_from or unsafe else GOOD
    return None


def _ofsted_why(inspection: LatestInspection | None, standing: str | None) -> str:
    if inspection is None:
        return "Never inspected"
    when = f"{inspection.inspected_on:%d %B %Y}".lstrip("0")
    if standing is None:
        return f"{inspection.headline}, {when}: no overall outcome recorded"
    return f"{inspection.headline}, {when}"


@dataclass(frozen=True)
class GoldenRule:
    """The schools counted one way, and the ratio against the minimum."""

    basis: str  # BY_CATEGORY or BY_OFSTED
    counted: tuple[Counted, ...] = field(default_factory=tuple)
    prospective: Counted | None = None

    @property
    def _all(self) -> tuple[Counted, ...]:
        extra = (self.prospective,) if self.prospective else ()
        return self.counted + extra

    @property
    def good(self) -> list[Counted]:
        return [c for c in self._all if c.standing == GOOD]

    @property
    def below(self) -> list[Counted]:
        return [c for c in self._all if c.standing == BELOW]

    @property
    def apart(self) -> list[Counted]:
        return [c for c in self._all if c.standing is None]

    @property
    def good_count(self) -> int:
        return len(self.good)

    @property
    def below_count(self) -> int:
        return len(self.below)

    @property
    def meets_minimum(self) -> bool:
        """At least MINIMUM_RATIO good or better for each below good (none below: met)."""
        return self.good_count >= MINIMUM_RATIO * self.below_count

    @property
    def shortfall(self) -> int:
        """How many more good or better schools the minimum would need."""
        return max(0, MINIMUM_RATIO * self.below_count - self.good_count)

    @property
    def ratio(self) -> float | None:
        """Good or better for each below good; None when no school is below good."""
        if self.below_count == 0:
            return None
        return self.good_count / self.below_count

    @property
    def ratio_text(self) -> str:
        if self.below_count == 0:
            if self.good_count == 0:
                return "No school counted"
            return "No school below good"
        return f"{self.ratio:.1f} to 1".replace(".0 ", " ")

    def with_prospective(self, counted: Counted) -> "GoldenRule":
        return replace(self, prospective=counted)


def by_category(schools: Iterable["School"]) -> GoldenRule:
    """The rule counted by the trust's categories (A/B against C/D)."""
    counted = tuple(
        Counted(s.name, category_standing(s.category), _category_why(s.category)) for s in schools
    )
    return GoldenRule(BY_CATEGORY, counted)


def by_ofsted(
    schools: Iterable["School"], inspections: dict[int, LatestInspection], rules: Rules
) -> GoldenRule:
    """The rule counted by each school's latest Ofsted outcome."""
    rows = []
    for school in schools:
        inspection = inspections.get(school.pk)
        standing = ofsted_standing(inspection, rules)
        rows.append(Counted(school.name, standing, _ofsted_why(inspection, standing)))
    return GoldenRule(BY_OFSTED, tuple(rows))


_OUTCOME_STANDING = {
    OfstedOutcome.GOOD_OR_BETTER: GOOD,
    OfstedOutcome.BELOW_GOOD: BELOW,
    OfstedOutcome.NOT_INSPECTED: None,
}


def prospective_by_category(record: DueDiligence) -> Counted:
    why = f"Proposed {_category_why(record.proposed_category)} (due diligence)"
    return Counted(record.name, category_standing(record.proposed_category), why)


def prospective_by_ofsted(record: DueDiligence) -> Counted:
    standing = _OUTCOME_STANDING.get(OfstedOutcome(record.ofsted_outcome))
    why = f"{record.get_ofsted_outcome_display()} (due diligence)"
    return Counted(record.name, standing, why)


@dataclass(frozen=True)
class GoldenRules:
    """Both ways, now and (when a prospective school is chosen) with it added."""

    by_category: GoldenRule
    by_ofsted: GoldenRule
    prospective: DueDiligence | None = None

    @property
    def with_prospective(self) -> tuple[GoldenRule, GoldenRule] | None:
        if self.prospective is None:
            return None
        return (
            self.by_category.with_prospective(prospective_by_category(self.prospective)),
            self.by_ofsted.with_prospective(prospective_by_ofsted(self.prospective)),
        )


def golden_rules(
    *,
    schools: list["School"],
    inspections: dict[int, LatestInspection],
    rules: Rules,
    prospective: DueDiligence | None = None,
) -> GoldenRules:
    return GoldenRules(by_category(schools), by_ofsted(schools, inspections, rules), prospective)
