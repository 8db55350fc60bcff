"""The reviews demo: a shared review for most schools of the current year, one in draft, and the
effective-practice library their strengths fill.

`load(trust)` is called by `manage.py load_demo` inside the trust's scope, after the apps below
(and before risk, whose meeting agendas read the latest review). Each part keeps its own builder
module here, called in this order: planning (this year's and some of last year's reviews, with
teams and schedules), record (the record and findings; most shared, the latest left in draft),
documents, library (entries from the shared strengths and two QA visits; a challenge on a plan).

No PDF is rendered at load: the parts build inside `documents_held()`, so sharing a demo review
queues no documents job (reviews/demo/documents.py says how demo documents get made).
"""

from fht.models import Trust
from reviews.demo import documents, library, planning, record
from reviews.services.documents import documents_held


def load(trust: Trust) -> None:
    with documents_held():
        planning.build(trust)
        record.build(trust)
        documents.build(trust)
        library.build(trust)
