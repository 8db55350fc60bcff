"""The risk demo: category history, meetings, a concern case and a prospective school.

`load(trust)` is called by `manage.py load_demo` inside the trust's scope, after the apps below.
Each part keeps its own builder module here and is called in order.
"""

from fht.models import Trust


def load(trust: Trust) -> None:
    return None
