"""The base of every tenant task: it re-opens the trust's scope from its `trust_id` argument."""

from typing import Any

from celery import Task

from fht.tenancy import trust_scope


class TrustTask(Task):
    abstract = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        trust_id = kwargs.get("trust_id")
        if trust_id is None:
            raise TypeError(f"{self.name} needs trust_id= as a keyword argument")
        with trust_scope(trust_id):
            return super().__call__(*args, **kwargs)
