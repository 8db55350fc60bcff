"""The Celery app. With no broker configured (the embedded default) tasks run in-process."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fht.settings.local")

app = Celery("fht")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.update(
    # Task modules not named tasks.py, which autodiscovery does not find.
    imports=("isap.reminders",),
    # Beat's clock: crontab hours are the trusts' own (TIME_ZONE), not UTC, summer time included.
    timezone="Europe/London",
)
app.conf.beat_schedule = {
    "expire-role-assignments": {
        "task": "people.tasks.expire_role_assignments_all",
        "schedule": 60 * 60,
    },
    "send-action-reminders": {
        "task": "isap.reminders.send_action_reminders_all",
        "schedule": crontab(hour=7, minute=0),
    },
}
