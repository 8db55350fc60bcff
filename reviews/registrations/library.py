"""What the library part registers (see reviews/registrations/__init__.py):

- a listener that puts a shared review's strengths into the effective-practice library;
- the review page's panel of key challenges, each one click from the school's action plan (order
  50);
- the QA visit page's panel that adds the visit's strengths to the library;
- the plan page's link back from a priority to the review it came from (isap.sources).
"""

from typing import Any

from fht.access import access_for
from fht.models import User
from fht.registry import MenuSection, Panel, PanelContent, menu, panels
from fht.roles import SchoolPerm
from isap.sources import Origin, origins
from qa_visits.selectors import can_write_school
from reviews import access as rules
from reviews.forms.library import VISIT_FORM_PREFIX, EntryForm
from reviews.hooks import ReviewPanel, SharedListener, review_panels, shared_listeners
from reviews.models import Review
from reviews.selectors import library as selectors
from reviews.selectors.access import ReviewAccess
from reviews.services.library import practice_entries_from_review


def strengths_to_library(*, review: Review, acting_user: User) -> int:
    return practice_entries_from_review(review=review, acting_user=acting_user)


def challenges_panel(user: User, found: ReviewAccess) -> PanelContent | None:
    """The shared review's key challenges, each with its priority on the plan or, for the head and
    those who plan the review, a button to add it (three queries)."""
    review = found.review
    if not review.is_shared:
        return None
    access = access_for(user)
    return PanelContent(
        template="reviews/library/_challenges_panel.html",
        context={
            "review": review,
            "rows": selectors.review_challenges(review),
            "can_add": selectors.feeds_plan(user, review.school_id),
            "reads_plan": access.has_school_perm(review.school_id, SchoolPerm.VIEW_IMPROVEMENT),
        },
    )


def visit_practice_panel(user: User, visit: Any) -> PanelContent | None:
    """On a submitted visit's page, for those who manage the school's improvement: the visit's
    strengths (loaded with the page) and the form to add one to the library (one query, the
    school's people the form offers as contacts)."""
    if not visit.is_submitted or not can_write_school(user, visit.school_id):
        return None
    strengths = selectors.visit_strengths(visit)
    form = EntryForm(
        contacts=selectors.entry_contacts(school=visit.school),
        initial={"description": strengths},
        prefix=VISIT_FORM_PREFIX,
    )
    return PanelContent(
        template="reviews/library/_visit_panel.html",
        context={"visit": visit, "strengths": strengths, "form": form},
    )


def register() -> None:
    shared_listeners.register(SharedListener(key="library", shared=strengths_to_library, order=20))
    review_panels.register(ReviewPanel(key="challenges", build=challenges_panel, order=50))
    panels.register(Panel(slot="visit", key="visit:practice", build=visit_practice_panel, order=40))
    origins.register(Origin(key="review", links=selectors.review_origin_links))
    menu.register(
        MenuSection(
            key="practice",
            label="Effective practice",
            url_name="reviews:library",
            visible=lambda user, access: rules.reads_library(access),
            order=65,
        )
    )
