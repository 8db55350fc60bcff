from typing import Any

from django.http import HttpRequest

from fht.access import access_for


def access(request: HttpRequest) -> dict[str, Any]:
    """The person's permission set, loaded once, so menus and pages never query for it."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"access": access_for(user)}
