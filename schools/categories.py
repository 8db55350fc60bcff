"""The trust's judgement of a school's risk (DOMAIN.md, 'Categories'): A Sustain, B Improve,
C Repair, D Stabilise. The letter is what is stored; the label says it in words."""

from django.db import models


class Category(models.TextChoices):
    SUSTAIN = "A", "A \N{EN DASH} Sustain"
    IMPROVE = "B", "B \N{EN DASH} Improve"
    REPAIR = "C", "C \N{EN DASH} Repair"
    STABILISE = "D", "D \N{EN DASH} Stabilise"
