"""A shared review's key challenge into the school's action plan: one click by the head or those who
plan the review makes a priority (source: the partnership review) with a first action owned by the
head, through the plan's own services; linked both ways (the review's panel links the priority, the
plan page links back to the review through isap.sources); once only; no plan made silently."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import User
from fht.roles import Role
from isap.models import Action, Plan, Priority, Source
from isap.sources import origin_links, origins
from reviews.models import Challenge, Review, TeamMember
from reviews.registrations.library import challenges_panel
from reviews.selectors.access import review_access
from reviews.services.challenges import AlreadyOnPlan, challenge_to_plan
from tests.conftest import World
from tests.platform.world import build_full_world
from tests.reviews.library_world import share
from tests.reviews.world import add_review, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> World:
    return build_full_world()


CHALLENGE = "Raise attendance of disadvantaged pupils"


def _shared(world: World) -> tuple[Review, Challenge]:
    assert world.review is not None
    share(world.review, world.person(Role.QA_DIRECTOR))
    with scopes_disabled():
        return world.review, Challenge.objects.get(review=world.review)


class Clicked:
    def __init__(self, status_code: int, location: str, messages: list[str]) -> None:
        self.status_code = status_code
        self.location = location
        self.messages = messages


def _click(user: User | None, review: Review, challenge_id: object) -> Clicked:
    """POST the button; the messages are read on the next page (the review's page is the record
    part's, so the home page shows them here)."""
    url = reverse("reviews:challenge_to_plan", args=[review.pk])
    client = client_for(user)
    response = client.post(url, {"challenge_id": challenge_id})
    home = client.get("/")
    messages = [str(m) for m in home.context["messages"]]
    return Clicked(response.status_code, response.get("Location", ""), messages)


def test_the_head_adds_a_challenge_to_the_plan_with_a_first_action(world: World) -> None:
    review, challenge = _shared(world)
    head = world.person(Role.HEAD_TEACHER)
    response = _click(head, review, challenge.pk)
    assert response.status_code == 302
    assert response.location == f"/reviews/{review.pk}/#challenges"
    with scopes_disabled():
        challenge.refresh_from_db()
        priority = Priority.objects.select_related("plan").get(pk=challenge.priority_id)
        assert priority.plan == world.plan
        assert priority.title == CHALLENGE
        assert priority.description == "Persistent absence is twice the national figure."
        assert priority.source == Source.PARTNERSHIP_REVIEW
        assert priority.source_reference == "Partnership review, 9 to 10 March 2027"
        assert priority.number == 2  # after the plan's own priority 1
        action = Action.objects.get(priority=priority)
        assert action.owner == head
        assert action.due_on - action.starts_on == dt.timedelta(weeks=4)
        assert challenge.made_priority_by == head
        assert priority.history.first().history_user == head  # type: ignore[attr-defined]
    messages = response.messages
    assert any("is now" in m and "priority 2" in m for m in messages)


def test_once_only_a_second_click_says_it_is_there(world: World) -> None:
    review, challenge = _shared(world)
    director = world.person(Role.QA_DIRECTOR)
    _click(director, review, challenge.pk)
    again = _click(world.person(Role.HEAD_TEACHER), review, challenge.pk)
    messages = again.messages
    assert any("already on the action plan" in m for m in messages)
    assert any(reverse("isap:plan", args=[world.plan.pk]) in m for m in messages)  # type: ignore[union-attr]
    with scopes_disabled():
        assert Priority.objects.filter(title=CHALLENGE).count() == 1
        with pytest.raises(AlreadyOnPlan):
            challenge_to_plan(challenge=challenge, acting_user=director)
        assert Priority.objects.filter(title=CHALLENGE).count() == 1


def test_both_links(world: World) -> None:
    review, challenge = _shared(world)
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        priority = challenge_to_plan(challenge=challenge, acting_user=ceo)
    assert world.plan is not None
    plan_url = reverse("isap:plan", args=[world.plan.pk])
    # The plan page links the priority back to the review.
    plan_page = client_for(ceo).get(plan_url).content.decode()
    assert f'href="/reviews/{review.pk}/"' in plan_page
    assert "Partnership review, 9 to 10 March 2027" in plan_page
    # The review's panel links the priority on the plan.
    head = world.person(Role.HEAD_TEACHER)
    with scopes_disabled():
        content = challenges_panel(head, review_access(head, review.pk))
    assert content is not None
    request = RequestFactory().get("/")
    html = render_to_string(content.template, {"panel": content.context}, request=request)
    assert f"{plan_url}#priority-{priority.pk}" in html
    assert "On the action plan" in html and "Add to the action plan" not in html


def test_the_isap_hook_answers_in_one_query(
    world: World, django_assert_num_queries: object
) -> None:
    assert "review" in origins
    review, challenge = _shared(world)
    with scopes_disabled():
        priority = challenge_to_plan(challenge=challenge, acting_user=world.person(Role.CEO))
        other = Priority.objects.filter(plan=world.plan).exclude(pk=priority.pk).get()
        with django_assert_num_queries(1):  # type: ignore[operator]
            links = origin_links([priority.pk, other.pk])
    assert links == {
        priority.pk: ("Partnership review, 9 to 10 March 2027", f"/reviews/{review.pk}/")
    }
    assert origin_links([]) == {}


def test_the_panel_offers_the_button_to_the_head_and_planners_only(world: World) -> None:
    review, _ = _shared(world)
    request = RequestFactory().get("/")

    def html(user: User) -> str:
        with scopes_disabled():
            content = challenges_panel(user, review_access(user, review.pk))
        assert content is not None
        return render_to_string(content.template, {"panel": content.context}, request=request)

    for role in (Role.HEAD_TEACHER, Role.QA_DIRECTOR, Role.CEO):
        assert "Add to the action plan" in html(world.person(role))
    for role in (Role.GOVERNOR, Role.CPD_LEAD):
        page = html(world.person(role))
        assert CHALLENGE in page and "Add to the action plan" not in page


def test_no_panel_before_sharing(world: World) -> None:
    assert world.review is not None
    director = world.person(Role.QA_DIRECTOR)
    with scopes_disabled():
        assert challenges_panel(director, review_access(director, world.review.pk)) is None


def test_before_sharing_nothing_is_added(world: World) -> None:
    assert world.review is not None
    with scopes_disabled():
        challenge = Challenge.objects.get(review=world.review)
    response = _click(world.person(Role.QA_DIRECTOR), world.review, challenge.pk)
    messages = response.messages
    assert any("once the review is shared" in m for m in messages)
    with scopes_disabled():
        assert not Priority.objects.filter(title=CHALLENGE).exists()
    # The head reads no review before it is shared: 404.
    url = reverse("reviews:challenge_to_plan", args=[world.review.pk])
    head = client_for(world.person(Role.HEAD_TEACHER))
    assert head.post(url, {"challenge_id": challenge.pk}).status_code == 404


def test_no_plan_for_the_year_says_how_to_start_one(world: World) -> None:
    assert world.year is not None
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        review = add_review(
            world.s2, world.year, team=[(ceo, TeamMember.Capacity.LEAD, None)], created_by=ceo
        )
        challenge = Challenge.objects.create(
            trust=world.trust, review=review, title="Improve writing", detail="Boys' writing."
        )
        plans_before = Plan.objects.count()
    share(review, ceo)
    response = _click(ceo, review, challenge.pk)
    messages = response.messages
    assert any("has no action plan for" in m for m in messages)
    assert any(reverse("isap:school_plans", args=[world.s2.pk]) in m for m in messages)
    with scopes_disabled():
        assert Plan.objects.count() == plans_before
        assert not Priority.objects.filter(title="Improve writing").exists()
        challenge.refresh_from_db()
        assert challenge.priority is None


@pytest.mark.parametrize("value", ["", "abc", "-1", "0", "1e309", "NaN", "9" * 500, "<b>1</b>"])
def test_bad_challenge_ids_are_refused_without_a_500(world: World, value: str) -> None:
    review, _ = _shared(world)
    url = reverse("reviews:challenge_to_plan", args=[review.pk])
    response = client_for(world.person(Role.HEAD_TEACHER)).post(url, {"challenge_id": value})
    assert response.status_code == 400
    assert "Choose a challenge" in response.content.decode()


def test_another_reviews_challenge_is_refused(world: World) -> None:
    """A challenge of another trust's review (or another school's) in the hidden field."""
    review, _ = _shared(world)
    assert world.other_review is not None and world.out_review is not None
    with scopes_disabled():
        theirs = Challenge.objects.create(
            trust=world.other_trust, review=world.other_review, title="Theirs"
        )
        elsewhere = Challenge.objects.create(
            trust=world.trust, review=world.out_review, title="Elsewhere"
        )
    url = reverse("reviews:challenge_to_plan", args=[review.pk])
    head = client_for(world.person(Role.HEAD_TEACHER))
    for forged in (theirs, elsewhere):
        response = head.post(url, {"challenge_id": forged.pk})
        assert response.status_code == 400
        assert "Choose one of this review" in response.content.decode()
    with scopes_disabled():
        assert not Priority.objects.filter(title__in=["Theirs", "Elsewhere"]).exists()


def test_readers_who_do_not_plan_get_404(world: World) -> None:
    review, challenge = _shared(world)
    url = reverse("reviews:challenge_to_plan", args=[review.pk])
    for user in (
        world.person(Role.GOVERNOR),
        world.person(Role.TRUSTEE),
        world.person(Role.LEAD_PRACTITIONER),
        world.south_head,
        world.other_ceo,
    ):
        assert client_for(user).post(url, {"challenge_id": challenge.pk}).status_code == 404
    with scopes_disabled():
        challenge.refresh_from_db()
        assert challenge.priority is None
