"""The reviews demo: a shared review for most schools of the current year, one in draft, and the
effective-practice library their strengths fill.

`load(trust)` is called by `manage.py load_demo` inside the trust's scope, after the apps below
(and before risk, whose meeting agendas read the latest review). Each part keeps its own builder
module here.
"""

from fht.models import Trust
from reviews.demo import library


def load(trust: Trust) -> None:
    library.build(trust)
