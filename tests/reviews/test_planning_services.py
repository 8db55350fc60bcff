"""The planning services: one review per school and year, the days' rules, the team's rules
(the school's Director of QA leads, a head from another school, never the school's own head,
nobody twice, nobody of another trust, no forged id), changes to the plan and the schedule, and
nothing of it once the review is shared. A refusal writes nothing."""

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from fht.roles import Role
from fht.tenancy import trust_scope
from reviews.models import Activity, Review, TeamMember
from reviews.services.planning import (
    ActivityRow,
    ReviewExists,
    TeamPlan,
    review_plan,
    review_plan_change,
    review_schedule_save,
)
from tests.conftest import World
from tests.reviews.world import add_reviews

pytestmark = pytest.mark.django_db

TUESDAY = dt.date(2027, 3, 9)


@pytest.fixture
def w(world: World) -> Iterator[World]:
    add_reviews(world)
    with trust_scope(world.trust.pk):
        yield world


def _team(w: World, **changes: object) -> TeamPlan:
    values: dict[str, object] = {
        "lead_id": w.person(Role.QA_DIRECTOR).pk,
        "improvement_ids": [w.person(Role.CPD_LEAD).pk],
        "business_ids": [w.person(Role.TRUST_ADMIN).pk],
        "peer_head_id": w.person(Role.HEAD_TEACHER).pk,
    }
    values.update(changes)
    return TeamPlan(**values)  # type: ignore[arg-type]


def _plan(w: World, *, starts_on: dt.date = TUESDAY, days: int = 1, **team: object) -> Review:
    assert w.year
    return review_plan(
        school=w.s2,
        academic_year=w.year,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=days),
        team=_team(w, **team),
        acting_user=w.person(Role.QA_DIRECTOR),
    )


def _refused(w: World, field: str, **kwargs: object) -> str:
    before = (Review.objects.count(), TeamMember.objects.count())
    with pytest.raises(ValidationError) as refused:
        _plan(w, **kwargs)  # type: ignore[arg-type]
    assert (Review.objects.count(), TeamMember.objects.count()) == before
    errors = refused.value.message_dict
    assert field in errors, errors
    return " ".join(errors[field])


def test_a_review_is_planned_with_its_team(w: World) -> None:
    review = _plan(w)
    team = {m.capacity: m for m in review.team.select_related("person", "from_school")}
    assert review.school == w.s2 and review.status == Review.Status.DRAFT
    assert review.ends_on == dt.date(2027, 3, 10)
    assert team[TeamMember.Capacity.LEAD].person == w.person(Role.QA_DIRECTOR)
    assert team[TeamMember.Capacity.SCHOOL_IMPROVEMENT].person == w.person(Role.CPD_LEAD)
    assert team[TeamMember.Capacity.BUSINESS].person == w.person(Role.TRUST_ADMIN)
    peer = team[TeamMember.Capacity.PEER_HEAD]
    assert peer.person == w.person(Role.HEAD_TEACHER) and peer.from_school == w.s1
    assert review.history.first().history_user == w.person(Role.QA_DIRECTOR)  # type: ignore[attr-defined]


def test_one_review_per_school_and_year(w: World) -> None:
    first = _plan(w)
    with pytest.raises(ReviewExists) as refused:
        _plan(w, starts_on=dt.date(2027, 6, 8))
    assert refused.value.review == first
    assert Review.objects.filter(school=w.s2).count() == 1


def test_the_days_rules(w: World) -> None:
    assert "same as the first day or after" in _refused(w, "ends_on", days=-1)
    assert "within the academic year 2026/27" in _refused(
        w, "starts_on", starts_on=dt.date(2026, 8, 25)
    )
    assert "within the academic year" in _refused(w, "ends_on", starts_on=dt.date(2027, 8, 31))
    assert "Saturday" in _refused(w, "starts_on", starts_on=dt.date(2027, 3, 13))
    assert "at most 5 school days" in _refused(w, "ends_on", days=7)  # Tuesday to Tuesday: 6
    assert "at most 5 school days" in _refused(w, "ends_on", days=100)
    monday = dt.date(2027, 3, 8)
    assert _plan(w, starts_on=monday, days=4).ends_on == dt.date(2027, 3, 12)  # five days


def test_the_schools_director_of_qa_leads(w: World) -> None:
    message = _refused(w, "lead", lead_id=w.person(Role.CEO).pk)
    assert "Director of QA leads" in message and "Director of Quality Assurance of A" in message
    assert "Choose who leads" in _refused(w, "lead", lead_id=None)


def test_the_ceo_or_deputy_leads_where_the_cluster_has_no_director(w: World) -> None:
    assert w.year
    w.out_review.delete()  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as refused:
        review_plan(
            school=w.s3,
            academic_year=w.year,
            starts_on=dt.date(2027, 5, 4),
            ends_on=dt.date(2027, 5, 5),
            team=_team(w, lead_id=w.person(Role.QA_DIRECTOR).pk, peer_head_id=None),
            acting_user=w.person(Role.CEO),
        )
    assert "lead" in refused.value.message_dict
    review = review_plan(
        school=w.s3,
        academic_year=w.year,
        starts_on=dt.date(2027, 5, 4),
        ends_on=dt.date(2027, 5, 5),
        team=_team(w, lead_id=w.person(Role.CEO).pk, peer_head_id=w.person(Role.HEAD_TEACHER).pk),
        acting_user=w.person(Role.CEO),
    )
    assert review.team.get(capacity=TeamMember.Capacity.LEAD).person == w.person(Role.CEO)


def test_never_the_schools_own_head(w: World) -> None:
    assert w.year
    w.review.delete()  # type: ignore[union-attr]
    for own in (Role.HEAD_TEACHER, Role.EXECUTIVE_HEAD):
        with pytest.raises(ValidationError) as refused:
            review_plan(
                school=w.s1,
                academic_year=w.year,
                starts_on=TUESDAY,
                ends_on=TUESDAY,
                team=_team(w, peer_head_id=w.person(own).pk),
                acting_user=w.person(Role.QA_DIRECTOR),
            )
        assert "own head" in " ".join(refused.value.message_dict["peer_head"])
        with pytest.raises(ValidationError) as refused:
            review_plan(
                school=w.s1,
                academic_year=w.year,
                starts_on=TUESDAY,
                ends_on=TUESDAY,
                team=_team(w, improvement_ids=[w.person(own).pk], peer_head_id=None),
                acting_user=w.person(Role.QA_DIRECTOR),
            )
        assert "own head" in " ".join(refused.value.message_dict["improvement"])
    assert not Review.objects.filter(school=w.s1).exists()


def test_nobody_twice(w: World) -> None:
    cpd = w.person(Role.CPD_LEAD).pk
    assert "already on the team" in _refused(w, "business", business_ids=[cpd])
    lead = w.person(Role.QA_DIRECTOR).pk
    assert "already on the team" in _refused(w, "improvement", improvement_ids=[lead])


def test_members_are_the_trusts_central_team(w: World) -> None:
    governor = w.person(Role.GOVERNOR).pk
    assert "central team" in _refused(w, "improvement", improvement_ids=[governor])
    assert "from the list" in _refused(w, "peer_head", peer_head_id=w.person(Role.CPD_LEAD).pk)


def test_another_trusts_people_and_forged_ids_are_refused(w: World) -> None:
    assert w.other_head and w.other_ceo
    assert "from the list" in _refused(w, "peer_head", peer_head_id=w.other_head.pk)
    assert "central team" in _refused(w, "business", business_ids=[w.other_ceo.pk])
    assert "Director of QA leads" in _refused(w, "lead", lead_id=w.other_ceo.pk)
    assert "from the list" in _refused(w, "peer_head", peer_head_id=10**12)
    assert "central team" in _refused(w, "improvement", improvement_ids=[-1])


def test_changing_the_plan_moves_the_schedule(w: World) -> None:
    review = _plan(w)
    director = w.person(Role.QA_DIRECTOR)
    review_schedule_save(
        review=review,
        rows=[
            ActivityRow(day=TUESDAY, starts_at=dt.time(9), what="Meeting with the head"),
            ActivityRow(day=TUESDAY + dt.timedelta(days=1), starts_at=dt.time(15), what="Feedback"),
        ],
        acting_user=director,
    )
    later = dt.date(2027, 3, 16)
    review_plan_change(
        review=review,
        starts_on=later,
        ends_on=later + dt.timedelta(days=1),
        team=_team(w, business_ids=[], peer_head_id=w.south_head.pk),  # type: ignore[union-attr]
        acting_user=director,
    )
    review.refresh_from_db()
    assert review.starts_on == later
    assert sorted(a.day for a in Activity.objects.filter(review=review)) == [
        later,
        later + dt.timedelta(days=1),
    ]
    capacities = set(review.team.values_list("capacity", "person_id"))
    assert (TeamMember.Capacity.PEER_HEAD, w.south_head.pk) in capacities  # type: ignore[union-attr]
    assert not review.team.filter(capacity=TeamMember.Capacity.BUSINESS).exists()
    assert review.team.get(capacity=TeamMember.Capacity.PEER_HEAD).from_school == w.s3
    # Shortened to one day, the second day's activity would fall outside: refused, nothing saved.
    with pytest.raises(ValidationError) as refused:
        review_plan_change(
            review=review, starts_on=later, ends_on=later, team=_team(w), acting_user=director
        )
    assert "outside the new days" in " ".join(refused.value.message_dict["ends_on"])
    review.refresh_from_db()
    assert review.ends_on == later + dt.timedelta(days=1)
    assert review.team.filter(capacity=TeamMember.Capacity.PEER_HEAD).get().person == w.south_head


def test_the_schedule_rows_are_added_changed_and_removed(w: World) -> None:
    review = _plan(w)
    director = w.person(Role.QA_DIRECTOR)
    first, second = review_schedule_save(
        review=review,
        rows=[
            ActivityRow(day=TUESDAY, starts_at=dt.time(9), what="Learning walk", who="Head"),
            ActivityRow(day=TUESDAY, starts_at=dt.time(11), what="Pupil voice"),
        ],
        acting_user=director,
    )
    rows = review_schedule_save(
        review=review,
        rows=[
            ActivityRow(
                day=TUESDAY,
                starts_at=dt.time(9, 30),
                ends_at=dt.time(10, 30),
                what="Learning walk: reading",
                activity_id=first.pk,
            ),
            ActivityRow(
                day=TUESDAY, starts_at=dt.time(0), what="", activity_id=second.pk, remove=True
            ),
        ],
        acting_user=director,
    )
    assert [(a.pk, a.what, a.ends_at) for a in rows] == [
        (first.pk, "Learning walk: reading", dt.time(10, 30))
    ]


def test_the_schedule_rules(w: World) -> None:
    review = _plan(w)
    director = w.person(Role.QA_DIRECTOR)
    bad = [
        (ActivityRow(day=TUESDAY - dt.timedelta(days=1), starts_at=dt.time(9), what="x"), "days"),
        (
            ActivityRow(day=TUESDAY, starts_at=dt.time(9), ends_at=dt.time(8), what="x"),
            "after the start",
        ),
        (ActivityRow(day=TUESDAY, starts_at=dt.time(9), what="   "), "what happens"),
        (
            ActivityRow(day=TUESDAY, starts_at=dt.time(9), what="x", activity_id=10**9),
            "not part of this schedule",
        ),
    ]
    for row, words in bad:
        with pytest.raises(ValidationError) as refused:
            review_schedule_save(
                review=review,
                rows=[ActivityRow(day=TUESDAY, starts_at=dt.time(8), what="Fine"), row],
                acting_user=director,
            )
        assert words in " ".join(refused.value.messages)
        assert not Activity.objects.filter(review=review).exists()


def test_another_reviews_row_is_refused(w: World) -> None:
    review = _plan(w)
    with scopes_disabled():
        elsewhere = Activity.objects.create(
            trust=w.trust,
            review=w.review,
            day=dt.date(2027, 3, 9),
            starts_at=dt.time(9),
            what="Theirs",
        )
    with pytest.raises(ValidationError):
        review_schedule_save(
            review=review,
            rows=[
                ActivityRow(
                    day=TUESDAY, starts_at=dt.time(9), what="Mine", activity_id=elsewhere.pk
                )
            ],
            acting_user=w.person(Role.QA_DIRECTOR),
        )
    elsewhere.refresh_from_db()
    assert elsewhere.what == "Theirs" and elsewhere.review == w.review


def test_nothing_changes_once_shared(w: World) -> None:
    review = _plan(w)
    Review.objects.filter(pk=review.pk).update(status=Review.Status.SHARED)
    review.refresh_from_db()
    director = w.person(Role.QA_DIRECTOR)
    with pytest.raises(ValidationError) as refused:
        review_plan_change(
            review=review,
            starts_on=dt.date(2027, 3, 16),
            ends_on=dt.date(2027, 3, 16),
            team=_team(w),
            acting_user=director,
        )
    assert "shared with the head" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        review_schedule_save(
            review=review,
            rows=[ActivityRow(day=TUESDAY, starts_at=dt.time(9), what="Late")],
            acting_user=director,
        )
    review.refresh_from_db()
    assert review.starts_on == TUESDAY and not Activity.objects.filter(review=review).exists()
