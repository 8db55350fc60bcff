from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.http.response import HttpResponseBase

from fht.types import AuthenticatedRequest

View = Callable[..., HttpResponseBase]


def trust_member_required(view: View) -> View:
    """Signed in, and a member of a trust. Platform staff have no trust pages: they get 404."""

    @login_required
    @wraps(view)
    def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.trust_id is None:
            raise Http404("Platform staff have no trust pages")
        return view(request, *args, **kwargs)

    return wrapped
