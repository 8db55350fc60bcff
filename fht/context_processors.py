from typing import Any

from django.http import HttpRequest

from fht.access import access_for
from fht.registry import menu_items


def access(request: HttpRequest) -> dict[str, Any]:
    """The person's permission set, loaded once, and the menu it allows, with the entry of the
    page's own section marked (found from the page's URL namespace), so templates never query."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    person_access = access_for(user)
    match = getattr(request, "resolver_match", None)
    namespace = (match.namespace or match.url_name or "") if match else ""
    return {"access": person_access, "menu": menu_items(user, person_access, namespace)}
