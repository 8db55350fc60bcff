"""The Celery app. With no broker configured (the embedded default) tasks run in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fht.settings.local")

app = Celery("fht")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule = {
    "expire-role-assignments": {
        "task": "people.tasks.expire_role_assignments_all",
        "schedule": 60 * 60,
    },
}
