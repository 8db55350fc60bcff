"""The trust's structure: clusters (hubs), schools and academic years, the object permissions on
schools and clusters (the role assignments that give them are people's), and each school's Ofsted
inspections (their frameworks and scales: schools/ofsted.py)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as date_format
from guardian.models import UserObjectPermissionBase

from fht.models import TenantModel, Trust
from schools import ofsted
from schools.categories import Category
from schools.ofsted import (
    AREA_WORDS,
    AREAS,
    CONCERNS_OF,
    GRADE_WORDS,
    GRADES,
    KEY_GRADES,
    REQUIRED_AREAS,
    TYPES_OF,
    Concern,
    Framework,
    InspectionType,
    framework_on,
)

urn_validator = RegexValidator(
    r"^[0-9]{6,7}$", "Enter the URN as six or seven digits, for example 140412."
)
establishment_number_validator = RegexValidator(
    r"^[0-9]{3}/[0-9]{4}$",
    "Enter the DfE establishment number as the LA code, a slash and four digits, "
    "for example 891/2001.",
)


class Cluster(TenantModel):
    """A group of schools (a hub) with its allocated Directors of QA."""

    # Declared again, over TenantModel's, to keep `trust.clusters`.
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="clusters")
    name = models.CharField(max_length=120)
    area = models.CharField(
        max_length=120, blank=True, help_text="County or area, for example Nottinghamshire."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["trust", "name"], name="cluster_name_unique_in_trust")
        ]

    def __str__(self) -> str:
        return self.name


class School(TenantModel):
    class Phase(models.TextChoices):
        NURSERY = "nursery", "Nursery"
        PRIMARY = "primary", "Primary"
        MIDDLE = "middle", "Middle"
        SECONDARY = "secondary", "Secondary"
        ALL_THROUGH = "all_through", "All-through"
        SPECIAL = "special", "Special"
        ALTERNATIVE = "alternative", "Alternative provision"

    class Route(models.TextChoices):
        CONVERTER = "converter", "Converter"
        SPONSORED = "sponsored", "Sponsored"
        TRANSFER = "transfer", "Transferred from another trust"

    # Declared again, over TenantModel's, to keep `trust.schools`.
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="schools")
    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, null=True, blank=True, related_name="schools"
    )
    urn = models.CharField("URN", max_length=7, unique=True, validators=[urn_validator])
    establishment_number = models.CharField(
        "DfE establishment number",
        max_length=8,
        blank=True,
        validators=[establishment_number_validator],
        help_text="LA code and establishment number, e.g. 891/2001.",
    )
    name = models.CharField(max_length=200)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.PRIMARY)
    local_authority = models.CharField(max_length=120, blank=True)
    pupils_on_roll = models.PositiveIntegerField(null=True, blank=True)
    joined_trust_on = models.DateField(null=True, blank=True)
    route = models.CharField(max_length=20, choices=Route.choices, blank=True)
    governing_body = models.CharField(
        "local governing body",
        max_length=200,
        blank=True,
        help_text="The school's LGB, if it is named differently.",
    )
    closed_on = models.DateField(
        null=True, blank=True, help_text="Set when the school leaves the trust or closes."
    )
    # The current category, set at the risk meeting (empty until the school is first categorised);
    # the visit cadence reads it. NULL, not "", is 'not yet categorised'.
    category = models.CharField(  # noqa: DJ001
        max_length=1, choices=Category.choices, null=True, blank=True
    )

    class Meta:
        ordering = ["name"]
        permissions = [
            ("view_improvement", "Read the school's improvement work (visits, plan, reports)"),
            ("view_restricted", "Read restricted parts (staffing discussions)"),
            ("view_head_performance", "Read the head teacher's performance-management notes"),
            ("manage_improvement", "Plan and log visits, edit the action plan"),
            ("update_progress", "Update action progress, data returns, visit responses"),
            ("record_support", "Record support given and its impact"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        today = timezone.localdate()
        errors: dict[str, str] = {}
        if self.cluster is not None and self.cluster.trust_id != self.trust_id:
            errors["cluster"] = "Choose one of the trust's clusters."
        if self.closed_on and self.closed_on > today:
            errors["closed_on"] = "The date the school closed must be today or earlier."
        elif self.closed_on and self.joined_trust_on and self.closed_on < self.joined_trust_on:
            joined = date_format(self.joined_trust_on, "j F Y")
            errors["closed_on"] = (
                f"The date the school closed must be on or after the date it joined the trust "
                f"({joined})."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class SchoolUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(School, on_delete=models.CASCADE)


class ClusterUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Cluster, on_delete=models.CASCADE)


class AcademicYear(TenantModel):
    """A school year, September to August, named by the calendar year it starts in."""

    starts_in = models.PositiveSmallIntegerField(
        "year it starts",
        validators=[MinValueValidator(2000), MaxValueValidator(2099)],
        help_text="The calendar year it starts in, for example 2026 for 2026/27.",
    )

    class Meta:
        ordering = ["starts_in"]
        constraints = [
            models.UniqueConstraint(
                fields=["trust", "starts_in"], name="academic_year_unique_in_trust"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_in}/{(self.starts_in + 1) % 100:02d}"


class HalfTerm(TenantModel):
    """One of the six half-terms of an academic year, with its first and last day."""

    class Name(models.TextChoices):
        AUTUMN_1 = "autumn_1", "Autumn 1"
        AUTUMN_2 = "autumn_2", "Autumn 2"
        SPRING_1 = "spring_1", "Spring 1"
        SPRING_2 = "spring_2", "Spring 2"
        SUMMER_1 = "summer_1", "Summer 1"
        SUMMER_2 = "summer_2", "Summer 2"

    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.CASCADE, related_name="half_terms"
    )
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    name = models.CharField(max_length=20, choices=Name.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "number"], name="half_term_number_unique_in_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_name_display()} {self.academic_year}"


def _grade_field(label: str) -> "models.PositiveSmallIntegerField[Any, Any]":
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )


def _area_field(label: str) -> "models.PositiveSmallIntegerField[Any, Any]":
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class Inspection(TenantModel):
    """One Ofsted inspection of a school, with its judgements on its framework's own scale, never
    converted into another's (schools/ofsted.py has the frameworks in full).

    The framework must be the one in force on `inspected_on` (the last day of the inspection):
    "2019" before 1 September 2024 (no lower bound: the older frameworks gave the same 1-4 overall
    grade, and the legacy grade migrated here); "2024" from 1 September 2024 to 9 November 2025
    inclusive, sub-judgements 1-4 and no overall grade; "2025", the report card, from 10 November
    2025, areas 1-5 and safeguarding met or not met. Each framework has its own types and categories
    of concern; only graded inspections and report cards carry judgements, and then at least the
    main ones (the 2019 overall grade, the four 2024 key judgements, the six report-card areas and
    safeguarding). `clean()` says what is wrong in words, by field; the check constraints refuse
    the same from any other road (a date on a framework's last or first day is tested both ways).
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="inspections")
    inspected_on = models.DateField("date of the inspection")
    inspection_type = models.CharField(
        "type of inspection", max_length=20, choices=InspectionType.choices
    )
    framework = models.CharField(max_length=4, choices=Framework.choices)
    overall = models.PositiveSmallIntegerField(
        "overall effectiveness",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    quality_of_education = _grade_field("quality of education")
    behaviour_and_attitudes = _grade_field("behaviour and attitudes")
    personal_development = _grade_field("personal development")
    leadership_and_management = _grade_field("leadership and management")
    early_years = _grade_field("early years provision")
    sixth_form = _grade_field("sixth form provision")
    area_inclusion = _area_field("inclusion")
    area_curriculum_and_teaching = _area_field("curriculum and teaching")
    area_achievement = _area_field("achievement")
    area_attendance_and_behaviour = _area_field("attendance and behaviour")
    area_personal_development = _area_field("personal development and well-being")
    area_leadership_and_governance = _area_field("leadership and governance")
    area_early_years = _area_field("early years")
    safeguarding_met = models.BooleanField("safeguarding", null=True, blank=True)
    concern = models.CharField(
        "category of concern", max_length=30, choices=Concern.choices, blank=True, default=""
    )
    note = models.TextField(blank=True, max_length=2000)
    # Goes up with every save: a form opened at an older version is refused, not overwritten.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-inspected_on", "-pk"]
        indexes = [models.Index(fields=["school", "-inspected_on", "-id"])]
        constraints = ofsted.constraints()

    def __str__(self) -> str:
        return f"{self.get_inspection_type_display()} of {self.inspected_on:%d %B %Y}"

    # --- validation, in words ---------------------------------------------------------------------

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.school_id is not None and self.school.trust_id != self.trust_id:
            errors["school"] = "Choose one of the trust's schools."
        if self.inspected_on is not None and self.framework in Framework.values:
            errors.update(self._date_errors())
        if self.framework in Framework.values:
            errors.update(self._framework_errors(Framework(self.framework)))
        if errors:
            raise ValidationError(errors)

    def _date_errors(self) -> dict[str, str]:
        if self.inspected_on > timezone.localdate():
            return {"inspected_on": "The date of the inspection must be today or earlier."}
        expected = framework_on(self.inspected_on)
        if expected == self.framework:
            return {}
        window = {
            Framework.F2019: "before 1 September 2024",
            Framework.F2024: "from 1 September 2024 to 9 November 2025",
            Framework.F2025: "from 10 November 2025",
        }[Framework(self.framework)]
        return {
            "inspected_on": f"The {self.get_framework_display()} applies to inspections {window}; "
            f"an inspection on {date_format(self.inspected_on, 'j F Y')} is under the "
            f"{expected.label}."
        }

    def _framework_errors(self, framework: Framework) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.inspection_type not in TYPES_OF[framework]:
            errors["inspection_type"] = (
                f"Choose a type of inspection the {framework.label} has: "
                + ", ".join(t.label.lower() for t in TYPES_OF[framework])
                + "."
            )
        if self.concern not in CONCERNS_OF[framework]:
            errors["concern"] = f"Choose a category of concern the {framework.label} gives."
        judged = self.is_judged
        own = self._own_fields(framework) if judged else set()
        for name in ("overall", *GRADES, *AREAS, "safeguarding_met"):
            if name not in own and getattr(self, name) is not None:
                errors[name] = self._not_given(framework, name, judged=judged)
        if judged:
            for name in self._required_fields(framework):
                if getattr(self, name) is None:
                    errors[name] = f"Enter the {self._label(name)} judgement."
        return errors

    @staticmethod
    def _own_fields(framework: Framework) -> set[str]:
        if framework == Framework.F2019:
            return {"overall", *GRADES}
        if framework == Framework.F2024:
            return set(GRADES)
        return {*AREAS, "safeguarding_met"}

    @staticmethod
    def _required_fields(framework: Framework) -> tuple[str, ...]:
        if framework == Framework.F2019:
            return ("overall",)
        if framework == Framework.F2024:
            return KEY_GRADES
        return (*REQUIRED_AREAS, "safeguarding_met")

    def _label(self, name: str) -> str:
        field = self._meta.get_field(name)
        return str(getattr(field, "verbose_name", name))

    def _not_given(self, framework: Framework, name: str, *, judged: bool) -> str:
        if not judged:
            kind = self.get_inspection_type_display().lower()
            return f"{'An' if kind[0] in 'aeiou' else 'A'} {kind} gives no judgements."
        if name == "overall" and framework == Framework.F2024:
            return "The 2024 framework gives no overall effectiveness grade."
        return f"The {framework.label} has no {self._label(name)} judgement."

    # --- reading ----------------------------------------------------------------------------------

    @property
    def is_judged(self) -> bool:
        return self.inspection_type in (InspectionType.GRADED, InspectionType.REPORT_CARD)

    def grades(self) -> dict[str, int]:
        """The 2019 and 2024 sub-judgements given, 1-4."""
        return {name: v for name in GRADES if (v := getattr(self, name)) is not None}

    def areas(self) -> dict[str, int]:
        """The report card's areas given, 1-5, by area name (without the field's prefix)."""
        return {
            name.removeprefix("area_"): v
            for name in AREAS
            if (v := getattr(self, name)) is not None
        }

    def judgements(self) -> list[tuple[str, str]]:
        """Each judgement given, as (what, the judgement in words), in the report's order."""
        rows: list[tuple[str, str]] = []
        if self.overall is not None:
            rows.append(("Overall effectiveness", GRADE_WORDS[self.overall]))
        for name, label in GRADES.items():
            if (value := getattr(self, name)) is not None:
                rows.append((label, GRADE_WORDS[value]))
        for name, label in AREAS.items():
            if (value := getattr(self, name)) is not None:
                rows.append((label, AREA_WORDS[value]))
        if self.safeguarding_met is not None:
            rows.append(("Safeguarding", "Met" if self.safeguarding_met else "Not met"))
        if self.concern:
            rows.append(("Category of concern", self.get_concern_display()))
        return rows

    @property
    def headline(self) -> str:
        """The inspection in a few words, for a table cell."""
        return ofsted.headline(
            framework=self.framework,
            inspection_type=self.inspection_type,
            overall=self.overall,
            grades=self.grades(),
            areas=self.areas(),
            safeguarding_met=self.safeguarding_met,
            concern=self.get_concern_display() if self.concern else "",
        )
