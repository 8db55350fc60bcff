"""Pages made from a whole trust's data, kept ready until that data changes.

Each trust has a generation number in the cache. Any save or delete of a row the trust owns (a
`TenantModelBase`, or the trust itself) moves it on, at once and again when the transaction
commits, so a page kept under an old number is never served again. A reader takes the number *before* it reads, so a page
built while a write commits is kept under the number that write retires.

Writes that skip Django's signals (`QuerySet.update`, `bulk_create`) do not move the number: the
few the product makes touch bookkeeping that no kept page shows, and every kept page also expires
after `TTL` seconds, which bounds what such a write could leave behind.

    html = for_trust(trust_id, "trust-dashboard", (as_of, with_concern), lambda: render(...))

With several web servers this needs the shared cache production configures (Redis): each
process's own memory cache (the development default) sees only its own writes.
"""

import hashlib
import time
from collections.abc import Callable, Hashable
from functools import partial
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

TTL = 15 * 60
# Rows that change often and that no kept page shows: they move no generation.
QUIET_MODELS = {("fht", "job"), ("fht", "importrecord"), ("feed", "feeduse")}


def _key(trust_id: int) -> str:
    return f"fht:trust-generation:{trust_id}"


def _fresh() -> int:
    """A number never given before (microseconds of the clock), for a trust whose number the cache
    lost: starting again from 1 could meet a page still kept under an old number."""
    return time.time_ns() // 1000


def generation(trust_id: int) -> int:
    value = cache.get(_key(trust_id))
    if value is None:
        cache.add(_key(trust_id), _fresh(), timeout=None)
        value = cache.get(_key(trust_id), 0)
    return int(value)


def bump(trust_id: int) -> None:
    """Retire every page kept for this trust."""
    try:
        cache.incr(_key(trust_id))
    except ValueError:  # no number yet (or evicted): any reader starts afresh
        cache.set(_key(trust_id), _fresh(), timeout=None)


def for_trust[T](trust_id: int, name: str, variant: Hashable, build: Callable[[], T]) -> T:
    """What `build()` returns for this trust, kept until the trust's data changes (or TTL)."""
    shape = hashlib.blake2b(repr(variant).encode(), digest_size=8).hexdigest()
    key = f"fht:kept:{name}:{trust_id}:{generation(trust_id)}:{shape}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=TTL)
    return value


def _trust_of(instance: Any) -> int | None:
    from fht.models import TenantModelBase, Trust

    if isinstance(instance, TenantModelBase):
        return int(instance.trust_id)
    if isinstance(instance, Trust):
        return int(instance.pk)
    return None


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    meta = instance._meta
    if (meta.app_label, meta.model_name) in QUIET_MODELS:
        return
    trust_id = _trust_of(instance)
    if trust_id is not None:
        # Now, so this connection's own reads (and a test's, inside its never-committed transaction)
        # see the change; and again at commit, retiring what a reader built meanwhile from the data
        # as it stood before the commit.
        bump(trust_id)
        _bump_at_commit(trust_id)


def _bump_at_commit(trust_id: int) -> None:
    """Once a transaction, however many rows it writes (nothing to wait for outside one)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    if any(getattr(func, "fht_bumps", None) == trust_id for _, func, _ in connection.run_on_commit):
        return
    later = partial(bump, trust_id)
    later.fht_bumps = trust_id  # type: ignore[attr-defined]
    transaction.on_commit(later)


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="fht.cache.saved")
    post_delete.connect(_changed, dispatch_uid="fht.cache.deleted")
    m2m_changed.connect(_changed, dispatch_uid="fht.cache.m2m")
