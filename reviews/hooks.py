"""What the parts of the reviews app add to the workflow and the review's page, without the
workflow importing them: when a review is shared the worker makes the report and the letter and
the strengths go into the library; the review's page shows each part's panel.

    shared_listeners.register(SharedListener(key="documents", shared=documents_queue_for_review))

Each listener is called inside the sharing transaction (queue jobs with `transaction.on_commit`,
as fht.jobs does).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from fht.registry import Registry

if TYPE_CHECKING:
    from fht.models import User
    from fht.registry import PanelContent
    from reviews.models import Review
    from reviews.selectors.access import ReviewAccess


class _Shared(Protocol):
    def __call__(self, *, review: "Review", acting_user: "User") -> object: ...


@dataclass(frozen=True)
class SharedListener:
    key: str
    shared: _Shared
    order: int = 0


shared_listeners: Registry[SharedListener] = Registry("review-shared listener")


def review_shared(*, review: "Review", acting_user: "User") -> None:
    for listener in shared_listeners:
        listener.shared(review=review, acting_user=acting_user)


@dataclass(frozen=True)
class ReviewPanel:
    """A section a part adds to the review's page (documents, challenges into the plan...).
    `build(user, found)` returns None when the person may not see it."""

    key: str
    build: Callable[["User", "ReviewAccess"], "PanelContent | None"]
    order: int = 0


review_panels: Registry[ReviewPanel] = Registry("review page panel")


def panels_for_review(user: "User", found: "ReviewAccess") -> list["PanelContent"]:
    built = (panel.build(user, found) for panel in review_panels)
    return [content for content in built if content is not None]
