"""The risk demo: category history, meetings, a concern case and a prospective school.

`load(trust)` is called by `manage.py load_demo` inside the trust's scope, after the apps below.
Each part keeps its own builder module here, called in this order: growth (due diligence and the
first categories), meetings (six closed half-terms and this one open), concern (a case at level 2).
"""

from fht.models import Trust
from risk.demo import concern, growth, meetings


def load(trust: Trust) -> None:
    growth.build(trust)
    meetings.build(trust)
    concern.build(trust)
