"""The base of every tenant task: it re-opens the trust's scope from its `trust_id` argument."""

from typing import Any

from celery import Task
from django_scopes import scopes_disabled

from fht.models import Trust
from fht.tenancy import trust_scope


class TrustTask(Task):
    abstract = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        trust_id = kwargs.get("trust_id")
        if trust_id is None:
            raise TypeError(f"{self.name} needs trust_id= as a keyword argument")
        with trust_scope(trust_id):
            return super().__call__(*args, **kwargs)


def for_each_trust(task: "Task[Any, Any]", **kwargs: Any) -> None:
    """Queue one run of a tenant task per trust (a beat entry point), so one trust's failure does
    not hold up the others."""
    with scopes_disabled():
        trust_ids = list(Trust.objects.values_list("id", flat=True))
    for trust_id in trust_ids:
        task.delay(trust_id=trust_id, **kwargs)
