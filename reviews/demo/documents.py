"""The demo's documents: none are rendered while the demo loads.

Rendering every demo review's report (two editions) and letter at load would add several seconds
per school to `load_demo` (WeasyPrint), and the in-process worker would run them in the loading
command itself. So `load` shares the demo's reviews inside `documents_held()` (sharing then queues
no job), and a demo review's documents are made on request: its page's documents panel offers
'Make the documents' to those who write it (the Director of QA, the CEO, the team), and the CEO's
'Letters to parents' page makes every letter of the year at once.
"""

from fht.models import Trust
from reviews.models import Review


def build(trust: Trust) -> int:
    """Nothing is made at load: the number of shared reviews whose documents wait for a request."""
    return Review.objects.filter(
        trust=trust,
        status__in=[Review.Status.SHARED, Review.Status.ACKNOWLEDGED],
        documents__isnull=True,
    ).count()
