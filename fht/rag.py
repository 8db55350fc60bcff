"""RAG ratings (red, amber, green), a term several apps share: a QA visit's judgement of each
area, an action's progress on a plan, and the dashboards that add them up."""

from django.db import models


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
