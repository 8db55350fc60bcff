"""Risk (DOMAIN.md, 'Categories', 'Schools causing concern', 'The meeting and reporting cycle').

One module a part: the category history and due diligence (categories.py), the half-termly risk
meeting (meetings.py), the schools-causing-concern procedure (concern.py) and the trust's growth
settings (growth.py). Each module lists its names in `__all__` and all are re-exported here, so
`from risk.models import ...` works.
"""

from risk.models import categories, concern, growth, meetings
from risk.models.categories import *  # noqa: F403
from risk.models.concern import *  # noqa: F403
from risk.models.growth import *  # noqa: F403
from risk.models.meetings import *  # noqa: F403

__all__ = [*categories.__all__, *meetings.__all__, *concern.__all__, *growth.__all__]
