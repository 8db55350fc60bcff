"""What the parts of the reviews app do when a review is shared, without the workflow importing
them: the worker makes the report and the letter, the strengths go into the library.

    shared_listeners.register(SharedListener(key="documents", shared=documents_queue_for_review))

Each listener is called inside the sharing transaction (queue jobs with `transaction.on_commit`,
as fht.jobs does).
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from fht.registry import Registry

if TYPE_CHECKING:
    from fht.models import User
    from reviews.models import Review


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
