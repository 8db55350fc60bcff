"""Who holds which role where: the role assignments, from which every permission is derived."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from fht.models import Trust
from fht.roles import Role
from schools.models import Cluster, School


class RoleAssignment(models.Model):
    """One role for one person, attached to the trust, one cluster or one school.

    Ending an assignment keeps the row (and its history); only active rows give permissions.
    The tables keep the names they had when the model lived in schools/ (moved without a copy).
    """

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="role_assignments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, null=True, blank=True, related_name="role_assignments"
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="role_assignments"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(
        null=True, blank=True, help_text="Planned end, for example the end of a governor's term."
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(table_name="schools_historicalroleassignment")

    objects: ClassVar[models.Manager["RoleAssignment"]] = ScopedManager(trust="trust")

    class Meta:
        db_table = "schools_roleassignment"
        ordering = ["role", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(cluster__isnull=False) & Q(school__isnull=False)),
                name="role_assignment_one_attachment",
            ),
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(role=Role.HEAD_TEACHER, ended_at__isnull=True),
                name="one_active_head_teacher_per_school",
            ),
        ]

    def __str__(self) -> str:
        where = self.school or self.cluster
        return f"{self.get_role_display()}{f' ({where})' if where else ''}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None
