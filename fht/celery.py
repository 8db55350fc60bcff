"""The Celery app. With no broker configured (the embedded default) tasks run in-process.

Beat's schedule is what the apps register (fht.registry.schedule), read once the app is finalised,
after Django has loaded every app.
"""

import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fht.settings.local")

app = Celery("fht")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Beat's clock: crontab hours are the trusts' own (TIME_ZONE), not UTC, summer time included.
app.conf.update(timezone="Europe/London")


@app.on_after_finalize.connect
def _registered_schedule(sender: Celery, **kwargs: Any) -> None:
    from fht.registry import schedule

    for entry in schedule:
        sender.add_periodic_task(entry.schedule, entry.task.s(), name=entry.key)
