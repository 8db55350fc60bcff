"""Ofsted's frameworks, their scales and words, and the rules that tie an inspection's fields to its
framework (schools.models.Inspection keeps them as its check constraints).

A school's Ofsted inspections: each on the scale of the framework in force on its date, kept as
it was given and never converted into another framework's scale.

The frameworks, by the date of the inspection (the last day of the inspection):
- "2019": before 1 September 2024. The graded framework with an overall effectiveness grade, 1-4
  (1 Outstanding, 2 Good, 3 Requires improvement, 4 Inadequate), and its sub-judgements on the same
  scale (quality of education, behaviour and attitudes, personal development, leadership and
  management; early years and sixth form where the school has them). It has no lower date bound:
  the frameworks before September 2019 gave the same four-point overall grade, and the single legacy
  grade each school carried migrates here.
- "2024": 1 September 2024 to 9 November 2025, both days included. Graded inspections kept the
  sub-judgements on the 1-4 scale and gave NO overall effectiveness grade.
- "2025": from 10 November 2025, the report card. Each area (inclusion; curriculum and teaching;
  achievement; attendance and behaviour; personal development and well-being; leadership and
  governance; early years where it applies) on a five-point scale, 1 Exceptional, 2 Strong standard,
  3 Expected standard, 4 Needs attention, 5 Urgent improvement, and safeguarding met or not met.

Only a graded inspection (2019, 2024) or a report card (2025) carries judgements; ungraded and
monitoring inspections carry none. A category of concern may come from any inspection: special
measures or serious weaknesses under the 2019 and 2024 frameworks, special measures or requires
significant improvement with a report card. The model's `clean()` says what is wrong in words; the
database's check constraints refuse the same mistakes from any other road.
"""

import datetime as dt

from django.db import models
from django.db.models import Q

# The first day of each framework after the 2019 one (see the module's docstring).
FRAMEWORK_2024_FROM = dt.date(2024, 9, 1)
FRAMEWORK_2025_FROM = dt.date(2025, 11, 10)


class Framework(models.TextChoices):
    F2019 = "2019", "2019 framework"
    F2024 = "2024", "2024 framework"
    F2025 = "2025", "2025 framework (report card)"


class InspectionType(models.TextChoices):
    GRADED = "graded", "Graded inspection"
    UNGRADED = "ungraded", "Ungraded inspection"
    MONITORING = "monitoring", "Monitoring inspection"
    REPORT_CARD = "report_card", "Report card inspection"


class Concern(models.TextChoices):
    NONE = "", "None"
    SPECIAL_MEASURES = "special_measures", "Special measures"
    SERIOUS_WEAKNESSES = "serious_weaknesses", "Serious weaknesses"
    SIGNIFICANT_IMPROVEMENT = "significant_improvement", "Requires significant improvement"


GRADE_WORDS = {1: "Outstanding", 2: "Good", 3: "Requires improvement", 4: "Inadequate"}
AREA_WORDS = {
    1: "Exceptional",
    2: "Strong standard",
    3: "Expected standard",
    4: "Needs attention",
    5: "Urgent improvement",
}

# The 2019 and 2024 sub-judgements (field: label), 1-4; early years and sixth form where they apply.
GRADES = {
    "quality_of_education": "Quality of education",
    "behaviour_and_attitudes": "Behaviour and attitudes",
    "personal_development": "Personal development",
    "leadership_and_management": "Leadership and management",
    "early_years": "Early years provision",
    "sixth_form": "Sixth form provision",
}
KEY_GRADES = tuple(list(GRADES)[:4])
# The report card's areas (field: label), 1-5; early years where it applies.
AREAS = {
    "area_inclusion": "Inclusion",
    "area_curriculum_and_teaching": "Curriculum and teaching",
    "area_achievement": "Achievement",
    "area_attendance_and_behaviour": "Attendance and behaviour",
    "area_personal_development": "Personal development and well-being",
    "area_leadership_and_governance": "Leadership and governance",
    "area_early_years": "Early years",
}
REQUIRED_AREAS = tuple(list(AREAS)[:6])

TYPES_OF = {
    Framework.F2019: (InspectionType.GRADED, InspectionType.UNGRADED, InspectionType.MONITORING),
    Framework.F2024: (InspectionType.GRADED, InspectionType.UNGRADED, InspectionType.MONITORING),
    Framework.F2025: (InspectionType.REPORT_CARD, InspectionType.MONITORING),
}
CONCERNS_OF = {
    Framework.F2019: (Concern.NONE, Concern.SPECIAL_MEASURES, Concern.SERIOUS_WEAKNESSES),
    Framework.F2024: (Concern.NONE, Concern.SPECIAL_MEASURES, Concern.SERIOUS_WEAKNESSES),
    Framework.F2025: (Concern.NONE, Concern.SPECIAL_MEASURES, Concern.SIGNIFICANT_IMPROVEMENT),
}


def framework_on(day: dt.date) -> Framework:
    """The framework in force on a day."""
    if day < FRAMEWORK_2024_FROM:
        return Framework.F2019
    if day < FRAMEWORK_2025_FROM:
        return Framework.F2024
    return Framework.F2025


def _all_null(names: "tuple[str, ...] | list[str]") -> Q:
    q = Q()
    for name in names:
        q &= Q(**{f"{name}__isnull": True})
    return q


def _none_null(names: "tuple[str, ...] | list[str]") -> Q:
    q = Q()
    for name in names:
        q &= Q(**{f"{name}__isnull": False})
    return q


def _in_range(names: "tuple[str, ...] | list[str]", top: int) -> Q:
    q = Q()
    for name in names:
        q &= Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 1, f"{name}__lte": top})
    return q


def constraints() -> list[models.BaseConstraint]:
    f19, f24, f25 = (Q(framework=f) for f in Framework.values)
    grades, areas = list(GRADES), list(AREAS)
    judged = Q(inspection_type__in=[InspectionType.GRADED, InspectionType.REPORT_CARD])
    return [
        models.CheckConstraint(
            condition=(f19 & Q(inspected_on__lt=FRAMEWORK_2024_FROM))
            | (f24 & Q(inspected_on__gte=FRAMEWORK_2024_FROM, inspected_on__lt=FRAMEWORK_2025_FROM))
            | (f25 & Q(inspected_on__gte=FRAMEWORK_2025_FROM)),
            name="inspection_framework_matches_date",
        ),
        models.CheckConstraint(
            condition=Q(
                *[(Q(framework=f) & Q(inspection_type__in=types)) for f, types in TYPES_OF.items()],
                _connector=Q.OR,
            ),
            name="inspection_type_of_framework",
        ),
        models.CheckConstraint(
            condition=Q(
                *[(Q(framework=f) & Q(concern__in=c)) for f, c in CONCERNS_OF.items()],
                _connector=Q.OR,
            ),
            name="inspection_concern_of_framework",
        ),
        models.CheckConstraint(
            condition=_in_range(["overall", *grades], 4) & _in_range(areas, 5),
            name="inspection_judgements_on_scale",
        ),
        # Each framework carries only its own judgements.
        models.CheckConstraint(
            condition=~f19 | (_all_null(areas) & Q(safeguarding_met__isnull=True)),
            name="inspection_2019_own_judgements",
        ),
        models.CheckConstraint(
            condition=~f24 | (_all_null(["overall", *areas]) & Q(safeguarding_met__isnull=True)),
            name="inspection_2024_no_overall_grade",
        ),
        models.CheckConstraint(
            condition=~f25 | _all_null(["overall", *grades]),
            name="inspection_2025_own_judgements",
        ),
        # Only graded inspections and report cards carry judgements, and then the main ones.
        models.CheckConstraint(
            condition=judged
            | (_all_null(["overall", *grades, *areas]) & Q(safeguarding_met__isnull=True)),
            name="inspection_judgements_only_when_judged",
        ),
        models.CheckConstraint(
            condition=~(f19 & judged) | Q(overall__isnull=False),
            name="inspection_2019_graded_has_overall",
        ),
        models.CheckConstraint(
            condition=~(f24 & judged) | _none_null(KEY_GRADES),
            name="inspection_2024_graded_has_key_judgements",
        ),
        models.CheckConstraint(
            condition=~(f25 & judged)
            | (_none_null(REQUIRED_AREAS) & Q(safeguarding_met__isnull=False)),
            name="inspection_report_card_complete",
        ),
    ]


def headline(
    *,
    framework: str,
    inspection_type: str,
    overall: int | None,
    grades: dict[str, int],
    areas: dict[str, int],
    safeguarding_met: bool | None,
    concern: str,
) -> str:
    """'Good (2019 framework)', 'Report card: 1 needs attention, safeguarding met' and the like."""
    concern_words = f", {concern.lower()}" if concern else ""
    if framework == Framework.F2025 and inspection_type == InspectionType.REPORT_CARD:
        weak = [
            f"{n} {AREA_WORDS[grade].lower()}"
            for grade in (5, 4)
            if (n := sum(1 for v in areas.values() if v == grade))
        ]
        below = ", ".join(weak) or "no area below expected standard"
        met = "safeguarding met" if safeguarding_met else "safeguarding not met"
        return f"Report card: {below}, {met}{concern_words}"
    label = f"{framework} framework"
    if framework == Framework.F2019 and overall is not None:
        return f"{GRADE_WORDS[overall]}{concern_words} ({label})"
    if inspection_type == InspectionType.GRADED and grades:
        counts = [
            f"{n} {GRADE_WORDS[grade].lower()}"
            for grade in (1, 2, 3, 4)
            if (n := sum(1 for v in grades.values() if v == grade))
        ]
        return f"Graded, no overall grade: {', '.join(counts)}{concern_words} ({label})"
    kind = InspectionType(inspection_type).label if inspection_type else "Inspection"
    return f"{kind}{concern_words} ({label})"
