"""The trust's own target for a measure in an academic year, set by the CEO or deputy and shown on
the trust and cluster dashboards beside the trust's figure and national."""

from django.conf import settings
from django.db import models

from fht.models import TenantModel
from returns.measures import Measure
from schools.models import AcademicYear


class TrustTarget(TenantModel):
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    measure = models.CharField(max_length=30, choices=Measure.choices)
    value = models.DecimalField(max_digits=5, decimal_places=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["trust", "academic_year", "measure"],
                name="one_trust_target_per_year_measure",
            )
        ]

    def __str__(self) -> str:
        return f"Trust target, {self.get_measure_display()}, {self.academic_year}"
