"""Partnership reviews (DOMAIN.md, 'Partnership review'; seed 000, section 4.2).

One module a part: the review itself with its team, schedule, areas and findings (reviews.py), the
letters to parents made for a whole year at once (letters.py), and the trust's effective-practice
library the strengths feed (library.py). Each module lists its names in `__all__` and all are
re-exported here, so `from reviews.models import ...` works.
"""

from reviews.models import letters, library, reviews
from reviews.models.letters import *  # noqa: F403
from reviews.models.library import *  # noqa: F403
from reviews.models.reviews import *  # noqa: F403

__all__ = [*reviews.__all__, *letters.__all__, *library.__all__]
