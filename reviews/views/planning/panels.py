"""The planning part's panels: the school page's 'Partnership review' and, on the review's page,
the links to change its plan (for those who plan it, until it is shared)."""

from typing import Any

from fht.access import access_for
from fht.models import User
from fht.registry import PanelContent
from reviews import access as rules
from reviews.selectors import planning as selectors
from reviews.selectors.access import ReviewAccess, review_url
from schools.models import AcademicYear


def school_panel(user: User, school: Any) -> PanelContent | None:
    """The school's latest shared review and its next one, with links, for those who may read
    them (a head or governor: only shared ones); for those who plan it, 'Plan this year's review'
    when there is none."""
    access = access_for(user)
    plans = rules.plans_reviews(access, school.pk)
    if not (plans or rules.reads_shared(access, school.pk)):
        return None
    starts_in = selectors.school_year_now()
    found = selectors.school_reviews(school=school, starts_in=starts_in)
    upcoming = found.next
    if upcoming is not None and not plans:
        team_ids = selectors.team_review_ids(user=user, review_ids=[upcoming.pk])
        upcoming = upcoming if selectors.reads_review(access, upcoming, team_ids) else None
    context = {
        "school": school,
        "year": str(AcademicYear(starts_in=starts_in)),
        "last": found.last,
        "last_url": review_url(found.last.pk) if found.last else "",
        "next": upcoming,
        "next_url": review_url(upcoming.pk) if upcoming else "",
        "show_next": plans or upcoming is not None,
        "this_year": found.this_year,
        "may_plan": plans,
    }
    return PanelContent(template="reviews/planning/_school_panel.html", context=context)


def review_panel(user: User, found: ReviewAccess) -> PanelContent | None:
    if not found.plans or found.review.is_shared:
        return None
    return PanelContent(
        template="reviews/planning/_review_panel.html", context={"review": found.review}
    )
