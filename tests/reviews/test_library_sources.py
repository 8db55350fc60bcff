"""Where entries come from: a shared review's strengths (the sharing listener, once only however
often the review is shared) and a submitted QA visit's strengths (the visit page's panel and its
form, for those who manage the school's improvement; bad and forged input refused by the field)."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import User
from fht.roles import Role
from qa_visits.models import VisitSection
from qa_visits.sections import SectionKey
from reviews.hooks import review_shared, shared_listeners
from reviews.models import AreaKey, PracticeEntry, Strength
from tests.conftest import World
from tests.platform.world import build_full_world
from tests.reviews.library_world import share
from tests.reviews.world import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> World:
    return build_full_world()


STRENGTH = "Reading for pleasure across the school"


# --- from a shared review ----------------------------------------------------------------------------


def test_the_library_listens_to_sharing() -> None:
    assert "library" in shared_listeners


def test_sharing_puts_each_strength_in_the_library_once(world: World) -> None:
    assert world.review is not None
    director = world.person(Role.QA_DIRECTOR)
    with scopes_disabled():
        Strength.objects.create(
            trust=world.trust,
            review=world.review,
            title="Governors visit every half-term",
            theme=AreaKey.LEADERSHIP,
        )
    share(world.review, director)
    with scopes_disabled():
        entries = list(PracticeEntry.objects.filter(school=world.s1).order_by("pk"))
        assert [e.title for e in entries] == [STRENGTH, "Governors visit every half-term"]
        first = entries[0]
        assert first.source == PracticeEntry.Source.REVIEW
        assert first.strength is not None and first.strength.review_id == world.review.pk
        assert first.theme == AreaKey.CURRICULUM
        assert first.contact == world.person(Role.HEAD_TEACHER)
        assert first.description == "Every class reads a shared book each day."
        assert first.added_by == director
        # Shared again (after an amendment): nothing twice; a new strength is added.
        Strength.objects.create(
            trust=world.trust, review=world.review, title="Singing assemblies", theme="inclusion"
        )
        review_shared(review=world.review, acting_user=director)
        review_shared(review=world.review, acting_user=director)
        titles = list(PracticeEntry.objects.values_list("title", flat=True).order_by("pk"))
    assert titles == [STRENGTH, "Governors visit every half-term", "Singing assemblies"]


def test_an_entry_removed_by_hand_comes_back_only_if_the_review_is_shared_again(
    world: World,
) -> None:
    """Removing an entry leaves the review's strength as it is: sharing the review again (after an
    amendment) makes its entry anew, as the review still says so."""
    from reviews.services.library import practice_entry_delete

    assert world.review is not None
    director = world.person(Role.QA_DIRECTOR)
    share(world.review, director)
    with scopes_disabled():
        entry = PracticeEntry.objects.get(strength__review=world.review)
        practice_entry_delete(entry=entry, acting_user=director)
        assert not PracticeEntry.objects.filter(strength__review=world.review).exists()
        review_shared(review=world.review, acting_user=director)
        assert PracticeEntry.objects.filter(strength__review=world.review).count() == 1


# --- from a QA visit ---------------------------------------------------------------------------------


def _visit_page(world: World, user: User | None) -> str:
    assert world.visit is not None
    return client_for(user).get(reverse("qa_visits:detail", args=[world.visit.pk])).content.decode()


def test_the_visit_panel_shows_the_strengths_to_those_who_manage_the_school(world: World) -> None:
    page = _visit_page(world, world.person(Role.QA_DIRECTOR))
    assert "Add to the effective-practice library" in page
    assert "Strengths: notes for Alder Primary." in page
    for role in (Role.HEAD_TEACHER, Role.GOVERNOR, Role.LEAD_PRACTITIONER):
        assert "Add to the effective-practice library" not in _visit_page(world, world.person(role))


def test_no_panel_on_a_visit_not_submitted(world: World) -> None:
    assert world.draft_visit is not None
    client = client_for(world.person(Role.QA_DIRECTOR))
    page = client.get(reverse("qa_visits:detail", args=[world.draft_visit.pk])).content.decode()
    assert "Add to the effective-practice library" not in page
    url = reverse("reviews:practice_from_visit", args=[world.draft_visit.pk])
    assert client.post(url, {"practice-title": "X"}).status_code == 404


def _post(world: World, user: User | None, **data: object) -> object:
    assert world.visit is not None
    fields = {
        "practice-title": "Outdoor learning every Friday",
        "practice-theme": AreaKey.PERSONAL_DEVELOPMENT,
        "practice-description": "Forest school for every class.",
        "practice-contact": "",
    }
    fields.update({f"practice-{k}": v for k, v in data.items()})
    url = reverse("reviews:practice_from_visit", args=[world.visit.pk])
    return client_for(user).post(url, fields)


def test_the_director_adds_a_visit_strength_to_the_library(world: World) -> None:
    assert world.visit is not None
    director = world.person(Role.QA_DIRECTOR)
    lead = world.person(Role.LEAD_PRACTITIONER)
    response = _post(world, director, contact=lead.pk)
    assert response.status_code == 302  # type: ignore[attr-defined]
    with scopes_disabled():
        entry = PracticeEntry.objects.get()
        assert entry.source == PracticeEntry.Source.VISIT and entry.visit == world.visit
        assert entry.school == world.s1 and entry.contact == lead and entry.added_by == director
    library = client_for(world.south_head).get(reverse("reviews:library")).content.decode()
    assert "Outdoor learning every Friday" in library and "QA visit, 6 October 2026" in library
    assert "Lead practitioner" in library


def test_the_form_is_prefilled_from_the_strengths_notes(world: World) -> None:
    assert world.visit is not None
    with scopes_disabled():
        VisitSection.objects.filter(visit=world.visit, key=SectionKey.STRENGTHS).update(
            notes="Superb early reading."
        )
    url = reverse("reviews:practice_from_visit", args=[world.visit.pk])
    response = client_for(world.person(Role.CEO)).get(url)
    assert response.status_code == 200
    assert response.context["form"].initial["description"] == "Superb early reading."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Enter a title."),
        ("title", "x" * 300, "200 characters or fewer"),
        ("theme", "", "Choose a theme."),
        ("theme", "<script>", "Choose a theme from the list."),
        ("contact", "NaN", "Choose one of the school's people"),
        ("contact", "1e309", "Choose one of the school's people"),
        ("contact", "-1", "Choose one of the school's people"),
        ("description", "x" * 6000, "5,000 characters or fewer"),
    ],
)
def test_bad_input_is_refused_by_the_field_with_nothing_written(
    world: World, field: str, value: str, message: str
) -> None:
    response = _post(world, world.person(Role.QA_DIRECTOR), **{field: value})
    assert response.status_code == 400  # type: ignore[attr-defined]
    errors = response.context["form"].errors  # type: ignore[attr-defined]
    assert message in " ".join(errors[field])
    body = response.content.decode()  # type: ignore[attr-defined]
    kept = "Forest school for every class." if field != "description" else "Outdoor learning"
    assert kept in body
    with scopes_disabled():
        assert not PracticeEntry.objects.exists()


def test_forged_contacts_are_refused(world: World) -> None:
    """Another trust's person, and a person of this trust who is not one of the school's."""
    director = world.person(Role.QA_DIRECTOR)
    for forged in (world.other_head, world.south_head, world.person(Role.GOVERNOR)):
        assert forged is not None
        response = _post(world, director, contact=forged.pk)
        assert response.status_code == 400  # type: ignore[attr-defined]
    with scopes_disabled():
        assert not PracticeEntry.objects.exists()


def test_others_cannot_add_from_a_visit(world: World) -> None:
    for user in (world.person(Role.HEAD_TEACHER), world.south_head, world.other_ceo):
        assert _post(world, user).status_code == 404  # type: ignore[attr-defined]
    assert world.other_visit is not None
    other = reverse("reviews:practice_from_visit", args=[world.other_visit.pk])
    assert client_for(world.person(Role.CEO)).post(other, {}).status_code == 404
    with scopes_disabled():
        assert not PracticeEntry.objects.exists()
