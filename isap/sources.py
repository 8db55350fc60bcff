"""Where a priority came from, when an app above isap holds the record (a partnership review's
challenge, for one): each such app registers an origin provider from its `AppConfig.ready()`, and
the plan page asks them all, so isap links back without importing them.

    origins.register(Origin(key="review", links=review_links))

A provider takes the ids of the priorities shown and returns {priority_id: (label, url)} for those
it knows, in one query.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from fht.registry import Registry

OriginLink = tuple[str, str]


@dataclass(frozen=True)
class Origin:
    key: str
    links: Callable[[list[int]], dict[int, OriginLink]]
    order: int = 0


origins: Registry[Origin] = Registry("priority origin")


def origin_links(priority_ids: Iterable[int]) -> dict[int, OriginLink]:
    """Each priority's link back to where it came from (one query per provider, none when there
    are no priorities)."""
    ids = list(priority_ids)
    found: dict[int, OriginLink] = {}
    if not ids:
        return found
    for origin in origins:
        for priority_id, link in origin.links(ids).items():
            found.setdefault(priority_id, link)
    return found
