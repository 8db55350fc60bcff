"""Data returns: aggregated figures only, never a pupil's name or a pupil-level row.

Every model is tenant-owned: it carries `trust` (even where `school.trust` would reach it) and a
scoped manager that refuses to query outside a trust scope.
"""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fht.models import TenantModel
from returns.measures import STATUTORY, Measure
from schools.models import AcademicYear, HalfTerm, School

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

_PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


def _percent(verbose_name: str, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=4, decimal_places=1, validators=_PERCENT, **kwargs
    )


class DataReturn(TenantModel):
    """One school's figures at one collection point (a half-term, usually the last of each term)."""

    class Source(models.TextChoices):
        FORM = "form", "Entered in the form"
        CSV = "csv", "Uploaded as CSV"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="data_returns")
    half_term = models.ForeignKey(HalfTerm, on_delete=models.PROTECT, related_name="data_returns")
    attendance = _percent("attendance (%)")
    persistent_absence = _percent("persistent absence (%)")
    suspensions = models.PositiveIntegerField("suspensions this half-term")
    permanent_exclusions = models.PositiveIntegerField("permanent exclusions this half-term")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    rows: "RelatedManager[AttainmentRow]"

    class Meta:
        ordering = ["school__name", "-half_term__starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "half_term"], name="one_data_return_per_school_and_half_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school}, {self.half_term}"


class AttainmentRow(TenantModel):
    """The share of one year group's pupils (or one group of them) on track to reach or exceed
    age-related expectations. A blank figure means not assessed, never zero."""

    class PupilGroup(models.TextChoices):
        ALL = "all", "All pupils"
        DISADVANTAGED = "disadvantaged", "Disadvantaged"
        SEND = "send", "SEND"
        EAL = "eal", "EAL"
        CLA = "cla", "Children looked after"

    class YearGroup(models.IntegerChoices):
        RECEPTION = 0, "Reception"
        YEAR_1 = 1, "Year 1"
        YEAR_2 = 2, "Year 2"
        YEAR_3 = 3, "Year 3"
        YEAR_4 = 4, "Year 4"
        YEAR_5 = 5, "Year 5"
        YEAR_6 = 6, "Year 6"
        YEAR_7 = 7, "Year 7"
        YEAR_8 = 8, "Year 8"
        YEAR_9 = 9, "Year 9"
        YEAR_10 = 10, "Year 10"
        YEAR_11 = 11, "Year 11"

    data_return = models.ForeignKey(DataReturn, on_delete=models.CASCADE, related_name="rows")
    year_group = models.PositiveSmallIntegerField(choices=YearGroup.choices)
    pupil_group = models.CharField(max_length=20, choices=PupilGroup.choices)
    pupils = models.PositiveSmallIntegerField("pupils in the group")
    reading = _percent("reading (%)", null=True, blank=True)
    writing = _percent("writing (%)", null=True, blank=True)
    maths = _percent("maths (%)", null=True, blank=True)
    combined = _percent("reading, writing and maths combined (%)", null=True, blank=True)

    class Meta:
        ordering = ["year_group", "pupil_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["data_return", "year_group", "pupil_group"],
                name="one_attainment_row_per_year_and_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_year_group_display()}, {self.get_pupil_group_display()}"

    def clean(self) -> None:
        subjects = [v for v in (self.reading, self.writing, self.maths) if v is not None]
        if self.combined is not None and subjects and self.combined > min(subjects):
            raise ValidationError(
                {"combined": "Combined cannot be higher than reading, writing or maths alone."}
            )


class StatutoryResult(TenantModel):
    """A yearly statutory outcome (EYFS, phonics, KS1, KS2). Suppressed or unpublished figures are
    kept as a blank value with the reason, never as zero."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="statutory_results")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    measure = models.CharField(max_length=30, choices=[(m.value, m.label) for m in STATUTORY])
    value = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    cohort = models.PositiveSmallIntegerField("pupils in the cohort", null=True, blank=True)
    not_published = models.CharField(
        "why there is no figure",
        max_length=60,
        blank=True,
        help_text="For example SUPP (suppressed: too few pupils) or NE (no entries).",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Where an imported figure came from ("DfE performance tables 2018/19, england_ks2final.csv")
    # and when; blank for a figure typed into the form.
    source = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "measure"],
                name="one_statutory_result_per_school_year_measure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.school}, {self.academic_year}, {self.get_measure_display()}"


ABSENCE_MEASURES = [Measure.ATTENDANCE, Measure.PERSISTENT_ABSENCE]


class PublishedAbsence(TenantModel):
    """A school's attendance or persistent absence over a whole academic year, as the DfE publishes
    it (explore education statistics, "pupil absence in schools"). A suppressed figure is kept as
    a blank value with the reason, never as zero."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="published_absence")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    measure = models.CharField(
        max_length=30, choices=[(m.value, m.label) for m in ABSENCE_MEASURES]
    )
    value = _percent("figure (%)", null=True, blank=True)
    not_published = models.CharField("why there is no figure", max_length=60, blank=True)
    source = models.CharField(max_length=200)
    imported_at = models.DateTimeField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "measure"],
                name="one_published_absence_per_school_year_measure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.school}, {self.academic_year}, {self.get_measure_display()}"


class NationalBenchmark(TenantModel):
    """The national figure for a measure in an academic year, entered once per trust."""

    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    measure = models.CharField(max_length=30, choices=Measure.choices)
    value = models.DecimalField(max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["trust", "academic_year", "measure"],
                name="one_national_benchmark_per_year_measure",
            )
        ]

    def __str__(self) -> str:
        return f"National {self.get_measure_display()}, {self.academic_year}"


class SchoolTarget(TenantModel):
    """The school's own target for a measure in an academic year."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="targets")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    measure = models.CharField(max_length=30, choices=Measure.choices)
    value = models.DecimalField(max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "measure"],
                name="one_target_per_school_year_measure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.school} target, {self.get_measure_display()}, {self.academic_year}"
