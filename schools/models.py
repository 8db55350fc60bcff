"""The trust's structure: clusters (hubs), schools and academic years, and the object permissions
on schools and clusters (the role assignments that give them are people's)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as date_format
from guardian.models import UserObjectPermissionBase

from fht.models import TenantModel, Trust
from schools.categories import Category

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

    class OfstedGrade(models.IntegerChoices):
        OUTSTANDING = 1, "Outstanding"
        GOOD = 2, "Good"
        REQUIRES_IMPROVEMENT = 3, "Requires improvement"
        INADEQUATE = 4, "Inadequate"

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
    ofsted_grade = models.PositiveSmallIntegerField(
        "latest Ofsted overall grade (legacy framework)",
        choices=OfstedGrade.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    ofsted_inspected_on = models.DateField(
        "date of the latest Ofsted inspection", null=True, blank=True
    )
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
        if self.ofsted_grade and self.ofsted_inspected_on is None:
            errors["ofsted_inspected_on"] = "Enter the date of the inspection that gave this grade."
        elif self.ofsted_inspected_on and self.ofsted_inspected_on > today:
            errors["ofsted_inspected_on"] = "The date of the inspection must be today or earlier."
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
