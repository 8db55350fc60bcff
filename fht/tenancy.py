"""One trust scope per request, opened from the signed-in person (never from the URL)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.http import HttpRequest, HttpResponse
from django_scopes import scope, scopes_disabled

from fht.models import Trust, User

ADMIN_PREFIX = "/admin/"


@contextmanager
def trust_scope(trust_id: int) -> Iterator[None]:
    """Open the scope of one trust. A trust id of None would disable filtering, so refuse it."""
    if trust_id is None:
        raise ValueError("A trust scope needs a trust.")
    with scope(trust=trust_id):
        yield


def trust_of(user: User) -> Trust:
    """The person's trust. Only platform staff have none, and they reach no trust's pages."""
    if user.trust is None:
        raise ValueError(f"{user} belongs to no trust.")
    return user.trust


def trust_id_of(user: User) -> int:
    """The id of the person's trust, without loading it (see `trust_of`)."""
    if user.trust_id is None:
        raise ValueError(f"{user} belongs to no trust.")
    return user.trust_id


class TrustScopeMiddleware:
    """Every tenant model query in the request (templates included) is limited to the person's trust.

    Anonymous visitors get no scope at all, so a tenant query on a public page raises. Platform staff
    (superusers, who belong to no trust) see across trusts only inside the Django admin.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.trust_id is not None:
            with trust_scope(user.trust_id):
                return self.get_response(request)
        if user.is_authenticated and user.is_superuser and request.path.startswith(ADMIN_PREFIX):
            with scopes_disabled():
                return self.get_response(request)
        return self.get_response(request)
