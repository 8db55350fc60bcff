"""What the planning part registers (see reviews/registrations/__init__.py): the 'Reviews' menu
section (the trust's list of reviews), the school page's panel, and the review page's links to
change the plan."""

from fht.access import Access
from fht.models import User


def _sees_reviews(user: User, access: Access) -> bool:
    from reviews import access as rules

    return rules.reads_overview(access) or rules.plans_any_review(access)


def register() -> None:
    from fht.registry import MenuSection, Panel, menu, panels
    from reviews.hooks import ReviewPanel, review_panels
    from reviews.views.planning.panels import review_panel, school_panel

    menu.register(
        MenuSection(
            key="reviews",
            label="Reviews",
            url_name="reviews:list",
            visible=_sees_reviews,
            namespaces=frozenset({"reviews"}),
            order=50,
        )
    )
    panels.register(Panel(slot="school", key="school:reviews", build=school_panel, order=35))
    review_panels.register(ReviewPanel(key="planning", build=review_panel, order=10))
