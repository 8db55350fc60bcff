"""Risk (DOMAIN.md, 'Categories', 'Schools causing concern', 'The meeting and reporting cycle').

One module a part: the category history and due diligence (categories.py), the half-termly risk
meeting (meetings.py), the schools-causing-concern procedure (concern.py) and the trust's growth
settings (growth.py). Everything is re-exported here, so `from risk.models import ...` works.
"""

from risk.models.categories import CategoryDecision, DueDiligence, OfstedOutcome
from risk.models.meetings import Meeting

__all__ = ["CategoryDecision", "DueDiligence", "Meeting", "OfstedOutcome"]
