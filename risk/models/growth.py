"""The trust's growth and capacity settings (DOMAIN.md, 'Categories': the golden rule for growth).

Which Ofsted outcomes count as below good for the golden rule. Legacy 2019 grades count as they
are (1-2 good or better, 3-4 below good); for the frameworks with no overall grade the trust says
what counts. A trust with no row uses the defaults (`GrowthSettings.defaults`)."""

from django.conf import settings
from django.db import models

from fht.models import TenantModel

__all__ = ["GrowthSettings"]


class GrowthSettings(TenantModel):
    """One row per trust at most; none means the defaults."""

    class ReportCardBelow(models.IntegerChoices):
        EXPECTED = 3, "Any area at expected standard or lower"
        NEEDS_ATTENTION = 4, "Any area at needs attention or urgent improvement"
        URGENT = 5, "Any area at urgent improvement"

    class SubJudgementBelow(models.IntegerChoices):
        REQUIRES_IMPROVEMENT = 3, "Any sub-judgement requires improvement or inadequate"
        INADEQUATE = 4, "Any sub-judgement inadequate"

    # The report card (from 10 November 2025): areas 1-5, safeguarding met or not met.
    report_card_below_from = models.PositiveSmallIntegerField(
        "report card: below good when",
        choices=ReportCardBelow.choices,
        default=ReportCardBelow.NEEDS_ATTENTION,
    )
    safeguarding_not_met_below = models.BooleanField(
        "report card: safeguarding not met counts as below good", default=True
    )
    # September 2024 to November 2025: sub-judgements 1-4, no overall grade.
    sub_judgement_below_from = models.PositiveSmallIntegerField(
        "2024 framework: below good when",
        choices=SubJudgementBelow.choices,
        default=SubJudgementBelow.REQUIRES_IMPROVEMENT,
    )
    # Goes up with every save: a form opened at an older version is refused, not overwritten.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "growth settings"
        constraints = [
            models.UniqueConstraint(fields=["trust"], name="one_growth_settings_per_trust")
        ]

    def __str__(self) -> str:
        return "Growth settings"

    @classmethod
    def defaults(cls, trust_id: int) -> "GrowthSettings":
        """The settings a trust has before it saves its own (not saved)."""
        return cls(trust_id=trust_id)
