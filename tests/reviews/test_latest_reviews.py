"""The risk meeting's 'partnership review' criterion: each school's latest shared review, its date
and each area's judgement in words (safeguarding met or not met), never the notes, read by
`latest_shared_reviews` in a fixed number of queries whatever the number of schools."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.roles import Role
from reviews.models import AREAS, AreaKey, AreaRecord, Review, TeamMember
from reviews.selectors.latest import latest_shared_reviews
from risk.selectors.meetings import meeting_agenda
from risk.selectors.meetings_evidence import review_evidence
from schools.services import academic_year_create
from tests.conftest import World
from tests.factories import SchoolFactory
from tests.platform.world import build_full_world
from tests.reviews.library_world import share
from tests.reviews.world import RESTRICTED_WORDS, add_review, client_for
from tests.risk.world_meetings import item_of, open_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> World:
    return build_full_world()


TODAY = dt.date(2026, 12, 7)


def _judged(review: Review, judgement: str = "strong", safeguarding: str = "not_met") -> None:
    with scopes_disabled():
        for area in AREAS:
            value = safeguarding if area.key == AreaKey.SAFEGUARDING else judgement
            AreaRecord.objects.update_or_create(
                review=review,
                key=area.key,
                defaults={"trust": review.trust, "judgement": value, "notes": RESTRICTED_WORDS},
            )


def test_only_shared_reviews_count_and_the_latest_wins(world: World) -> None:
    assert world.review is not None and world.year is not None
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        assert latest_shared_reviews([world.s1.pk, world.s3.pk]) == {}  # drafts only
        earlier_year = academic_year_create(trust=world.trust, starts_in=2025, acting_user=None)
        earlier = add_review(
            world.s1,
            earlier_year,
            team=[(ceo, TeamMember.Capacity.LEAD, None)],
            created_by=ceo,
            starts_on=dt.date(2026, 3, 10),
        )
    _judged(earlier, judgement="urgent")
    share(earlier, ceo)
    with scopes_disabled():
        found = latest_shared_reviews([world.s1.pk])
    assert found[world.s1.pk].review_id == earlier.pk
    share(world.review, ceo)
    with scopes_disabled():
        found = latest_shared_reviews([world.s1.pk, world.s3.pk])
    assert set(found) == {world.s1.pk}
    latest = found[world.s1.pk]
    assert latest.review_id == world.review.pk and latest.starts_on == dt.date(2027, 3, 9)
    words = {j.key: j.judgement for j in latest.judgements}
    assert words[AreaKey.SAFEGUARDING] == "Met"
    assert words[AreaKey.CURRICULUM] == "Expected standard"
    # Every area but the restricted one (staffing), whose judgement no edition shows.
    assert [j.key for j in latest.judgements] == [a.key.value for a in AREAS if not a.restricted]


def test_a_fixed_number_of_queries_whatever_the_schools(
    world: World, django_assert_num_queries: object
) -> None:
    assert world.year is not None
    ceo = world.person(Role.CEO)
    ids = []
    with scopes_disabled():
        for n in range(5):
            school = SchoolFactory(cluster=world.c2, name=f"Extra {n}")
            review = add_review(
                school, world.year, team=[(ceo, TeamMember.Capacity.LEAD, None)], created_by=ceo
            )
            _judged(review)
            share(review, ceo)
            ids.append(school.pk)
        with django_assert_num_queries(2):  # type: ignore[operator]
            one = latest_shared_reviews(ids[:1])
        with django_assert_num_queries(2):  # type: ignore[operator]
            five = latest_shared_reviews(ids)
    assert len(one) == 1 and len(five) == 5
    shown = len([a for a in AREAS if not a.restricted])
    assert all(len(r.judgements) == shown for r in five.values())


def test_the_agenda_shows_the_judgements_and_no_notes(world: World) -> None:
    assert world.review is not None
    ceo = world.person(Role.CEO)
    _judged(world.review, judgement="strong", safeguarding="not_met")
    share(world.review, ceo)
    meeting = open_meeting(world)
    with scopes_disabled():
        evidence = review_evidence([world.s1.pk, world.s3.pk])
        rows = meeting_agenda(meeting=meeting, user=ceo, today=TODAY)
    assert world.s3.pk not in evidence
    s1 = evidence[world.s1.pk]
    assert s1["on"] == "9 March 2027"
    assert {"area": "Safeguarding", "judgement": "Not met"} in s1["judgements"]
    assert {"area": "Inclusion", "judgement": "Strong standard"} in s1["judgements"]
    by_school = {r.school.pk: r for r in rows}
    assert by_school[world.s1.pk].evidence["review"] == s1
    assert by_school[world.s3.pk].evidence["review"] is None
    for user in (ceo, world.person(Role.QA_DIRECTOR)):
        client = client_for(user)
        agenda = client.get(reverse("risk:meeting_detail", args=[meeting.pk])).content.decode()
        item = item_of(meeting, world.s1.pk)
        row = client.get(reverse("risk:meeting_item", args=[item.pk])).content.decode()
        for page in (agenda, row):
            assert "Review of 9 March 2027" in page
            assert "Safeguarding not met" in page and "Inclusion strong standard" in page
            assert RESTRICTED_WORDS not in page
            assert "Notes on" not in page
        assert "No partnership review shared yet." in agenda  # s3's


def test_a_closed_meeting_keeps_the_review_as_it_was(world: World) -> None:
    """The evidence is frozen on close as plain values: the review's words go with it."""
    import json

    assert world.review is not None
    share(world.review, world.person(Role.CEO))
    with scopes_disabled():
        evidence = review_evidence([world.s1.pk])
    assert json.loads(json.dumps(evidence[world.s1.pk])) == evidence[world.s1.pk]


def test_the_pack_pdf_holds_the_judgements_and_no_notes(world: World) -> None:
    from risk.models import Meeting
    from risk.services.meetings_pdf import document_render
    from tests.pdf import pdf_text

    assert world.review is not None
    _judged(world.review, judgement="needs_attention", safeguarding="met")
    share(world.review, world.person(Role.CEO))
    meeting = open_meeting(world)
    with scopes_disabled():
        meeting = Meeting.objects.select_related("trust", "half_term").get(pk=meeting.pk)
        for edition in ("full", "standard"):
            data = document_render(meeting=meeting, document="pack", edition=edition)
            text = " ".join(pdf_text(data).split())
            assert "Partnership review Review of 9 March 2027" in text
            assert "Safeguarding met" in text and "Inclusion needs attention" in text
            assert RESTRICTED_WORDS not in text
            assert "No partnership review shared yet." in text  # s3's
