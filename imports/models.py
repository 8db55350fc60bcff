"""What the imports keep beside the schools app's own records: the GIAS facts a school has no field
for, the URN changes GIAS links carried (a conversion, a trust transfer), and which Ofsted
inspection number each imported inspection came from, so a re-import never duplicates it."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fht.models import ImportRecord, TenantModel
from schools.models import Inspection, School


class GiasRecord(TenantModel):
    """What GIAS says of a school that the school's own record does not hold."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="gias_record")
    status = models.CharField("establishment status", max_length=80, blank=True)
    opened_on = models.DateField("date it opened", null=True, blank=True)
    establishment_type = models.CharField("type of establishment", max_length=120, blank=True)
    group_uid = models.CharField("trust group UID", max_length=20, blank=True)
    last_changed_on = models.DateField("last changed in GIAS", null=True, blank=True)
    import_record = models.ForeignKey(
        ImportRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["school__name"]

    def __str__(self) -> str:
        return f"GIAS record of {self.school}"


class SchoolLink(TenantModel):
    """A URN change GIAS recorded (predecessor and successor): the school kept its history."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="urn_links")
    old_urn = models.CharField("old URN", max_length=7)
    new_urn = models.CharField("new URN", max_length=7)
    link_type = models.CharField(max_length=80)
    reason = models.CharField(max_length=120, blank=True)
    linked_on = models.DateField("date of the change", null=True, blank=True)
    import_record = models.ForeignKey(
        ImportRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-linked_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trust", "old_urn", "new_urn"], name="school_link_unique_in_trust"
            )
        ]

    def __str__(self) -> str:
        return f"URN {self.old_urn} became {self.new_urn}"


class InspectionSource(TenantModel):
    """The Ofsted inspection number an imported inspection came from (unique in the trust), and
    what the school's inspection record has no field for: the report card's post-16 provision."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="source")
    inspection_number = models.CharField(max_length=20)
    area_post_16 = models.PositiveSmallIntegerField(
        "post-16 provision",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    import_record = models.ForeignKey(
        ImportRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trust", "inspection_number"], name="inspection_number_unique_in_trust"
            )
        ]

    def __str__(self) -> str:
        return f"Ofsted inspection {self.inspection_number}"
