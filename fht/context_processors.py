from typing import Any

from django.http import HttpRequest

from fht.access import access_for

# Which menu item a page belongs to, by the start of its URL name.
_SECTIONS = {
    "home": "home",
    "school": "schools",
    "data_return": "schools",
    "statutory": "schools",
    "targets": "schools",
    "cluster": "clusters",
    "visit": "visits",
    "person": "people",
}


def access(request: HttpRequest) -> dict[str, Any]:
    """The person's permission set, loaded once, so menus and pages never query for it."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    match = getattr(request, "resolver_match", None)
    name = (match.url_name or "") if match else ""
    section = next((s for prefix, s in _SECTIONS.items() if name.startswith(prefix)), "")
    return {"access": access_for(user), "nav_section": section}
