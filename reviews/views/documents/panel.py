"""The documents section of the review's page (registered in reviews/registrations/documents.py,
order 40), also shown on its own page (reviews:documents) where 'Make the documents' returns."""

from typing import Any

from django.utils import timezone

from fht.jobs import may_retry
from fht.models import User
from fht.registry import PanelContent
from reviews.selectors.access import ReviewAccess
from reviews.selectors.documents import documents_for
from reviews.services.letters import PLAIN_ENGLISH, hardest_sentences, letter_context

PANEL_TEMPLATE = "reviews/documents/_panel.html"


def panel_context(user: User, found: ReviewAccess) -> dict[str, Any]:
    review = found.review
    documents = documents_for(found)
    job = review.documents_job
    letter = documents.letter
    failing = letter is not None and (letter.reading_ease or 0) < PLAIN_ENGLISH
    hardest = (
        hardest_sentences(letter_context(review=review, today=timezone.localdate()))
        if failing
        else []
    )
    return {
        "review": review,
        "report": documents.report,
        "letter": letter,
        "full_edition": found.reads_restricted,
        "job": job,
        "can_make": found.writes and review.is_shared,
        "can_retry": job is not None and may_retry(user, job),
        "plain_english": PLAIN_ENGLISH,
        "letter_fails": failing,
        "hardest": hardest,
    }


def documents_panel(user: User, found: ReviewAccess) -> PanelContent | None:
    """The documents for everyone who reads the review; a draft's panel only for its writers."""
    if not found.review.is_shared and not found.writes:
        return None
    return PanelContent(template=PANEL_TEMPLATE, context=panel_context(user, found))
