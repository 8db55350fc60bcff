"""The record's services: who may take each workflow step, what a record needs before it is
checked, the dates the head records, and how two reviewers' saves meet (merged by field, refused
when both changed the same field, never silently overwritten)."""

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from fht.models import User
from fht.roles import Role
from reviews import hooks
from reviews.models import AREAS, AreaKey, AreaRecord, Challenge, Review, Strength
from reviews.selectors import record as selectors
from reviews.services import record as services
from schools.models import School
from tests.conftest import World
from tests.platform.world import build_full_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> Iterator[World]:
    with scopes_disabled():
        yield build_full_world()


def _review(world: World) -> Review:
    assert world.review is not None
    return Review.objects.get(pk=world.review.pk)


def _to_checked(world: World) -> Review:
    review = services.review_send_for_check(
        review=_review(world), acting_user=world.person(Role.QA_DIRECTOR)
    )
    return services.review_check(review=review, acting_user=world.person(Role.CPD_LEAD))


def _to_shared(world: World) -> Review:
    _to_checked(world)
    return services.review_share(
        review=_review(world), acting_user=world.person(Role.CEO), listeners=False
    )


# --- the workflow -------------------------------------------------------------------------------


def test_a_team_member_sends_a_complete_record_and_another_checks_it(world: World) -> None:
    lead, cpd = world.person(Role.QA_DIRECTOR), world.person(Role.CPD_LEAD)
    review = services.review_send_for_check(review=_review(world), acting_user=lead)
    assert review.status == Review.Status.CHECKING
    assert review.sent_for_check_by == lead
    with pytest.raises(ValidationError, match="a second reviewer"):
        services.review_check(review=review, acting_user=lead)
    with pytest.raises(ValidationError, match="team can check"):
        services.review_check(review=review, acting_user=world.person(Role.CEO))
    review = services.review_check(review=review, acting_user=cpd)
    assert review.status == Review.Status.CHECKED
    assert review.checked_by == cpd and review.checked_at is not None


def test_the_peer_head_on_the_team_is_a_second_reviewer(world: World) -> None:
    assert world.south_head is not None
    review = services.review_send_for_check(
        review=_review(world), acting_user=world.person(Role.QA_DIRECTOR)
    )
    review = services.review_check(review=review, acting_user=world.south_head)
    assert review.status == Review.Status.CHECKED


def test_only_the_team_sends_for_checking(world: World) -> None:
    with pytest.raises(ValidationError, match="team can send"):
        services.review_send_for_check(review=_review(world), acting_user=world.person(Role.CEO))
    assert _review(world).status == Review.Status.DRAFT


def test_an_incomplete_record_is_refused_with_what_it_lacks(world: World) -> None:
    review = _review(world)
    AreaRecord.objects.filter(review=review, key=AreaKey.FINANCE).update(judgement="")
    Strength.objects.filter(review=review).delete()
    with pytest.raises(ValidationError) as refused:
        services.review_send_for_check(review=review, acting_user=world.person(Role.QA_DIRECTOR))
    message = refused.value.messages[0]
    assert "a judgement for business and operations: finance" in message
    assert "at least one strength" in message
    assert "challenge" not in message
    assert _review(world).status == Review.Status.DRAFT
    Challenge.objects.filter(review=review).delete()
    assert "at least one key challenge" in selectors.missing_for_check(review)


def test_early_years_counts_only_where_the_school_has_early_years(world: World) -> None:
    review = _review(world)
    AreaRecord.objects.filter(review=review, key=AreaKey.EARLY_YEARS).update(judgement="")
    assert "a judgement for early years" in selectors.missing_for_check(review)
    AreaRecord.objects.filter(review=review, key=AreaKey.EARLY_YEARS).update(
        judgement=selectors.NOT_APPLICABLE
    )
    assert selectors.missing_for_check(review) == []
    AreaRecord.objects.filter(review=review, key=AreaKey.EARLY_YEARS).update(judgement="")
    School.objects.filter(pk=review.school_id).update(phase=School.Phase.SECONDARY)
    review = _review(world)
    assert selectors.missing_for_check(review) == []
    keys = [a.key for a in selectors.areas_for(review, reads_restricted=True)]
    assert AreaKey.EARLY_YEARS not in keys and AreaKey.STAFFING in keys
    assert AreaKey.STAFFING not in [
        a.key for a in selectors.areas_for(review, reads_restricted=False)
    ]


def test_sending_back_returns_it_to_draft_with_the_note(world: World) -> None:
    review = services.review_send_for_check(
        review=_review(world), acting_user=world.person(Role.QA_DIRECTOR)
    )
    with pytest.raises(ValidationError):
        services.review_send_back(review=review, acting_user=world.person(Role.CPD_LEAD), note=" ")
    review = services.review_send_back(
        review=review, acting_user=world.person(Role.CPD_LEAD), note="Add evidence on reading."
    )
    assert review.status == Review.Status.DRAFT
    assert selectors.send_back_note(review) == "Add evidence on reading."


def test_only_those_who_plan_share_a_checked_review(world: World) -> None:
    review = _review(world)
    with pytest.raises(services.StaleReview):  # still a draft
        services.review_share(review=review, acting_user=world.person(Role.CEO))
    _to_checked(world)
    with pytest.raises(ValidationError, match="plan the review"):
        services.review_share(review=_review(world), acting_user=world.person(Role.CPD_LEAD))
    called: list[Review] = []
    listener = hooks.SharedListener(
        key="test-record", shared=lambda *, review, acting_user: called.append(review)
    )
    hooks.shared_listeners.register(listener)
    try:
        review = services.review_share(
            review=_review(world), acting_user=world.person(Role.QA_DIRECTOR)
        )
    finally:
        hooks.shared_listeners._entries.pop("test-record")
    assert review.status == Review.Status.SHARED and review.shared_by is not None
    assert [r.pk for r in called] == [review.pk]
    assert called[0].status == Review.Status.SHARED


def test_the_demo_shares_without_the_listeners(world: World) -> None:
    _to_checked(world)
    called: list[Review] = []
    hooks.shared_listeners.register(
        hooks.SharedListener(key="test-quiet", shared=lambda **kw: called.append(kw["review"]))
    )
    try:
        services.review_share(
            review=_review(world), acting_user=world.person(Role.CEO), listeners=False
        )
    finally:
        hooks.shared_listeners._entries.pop("test-quiet")
    assert called == [] and _review(world).status == Review.Status.SHARED


def test_the_head_acknowledges_a_shared_review_and_no_one_else(world: World) -> None:
    head = world.person(Role.HEAD_TEACHER)
    with pytest.raises(services.StaleReview):
        services.review_acknowledge(review=_review(world), acting_user=head)
    review = _to_shared(world)
    for other in (world.person(Role.CEO), world.person(Role.GOVERNOR), world.south_head):
        assert other is not None
        with pytest.raises(ValidationError):
            services.review_acknowledge(review=review, acting_user=other)
    review = services.review_acknowledge(review=review, acting_user=head)
    assert review.status == Review.Status.ACKNOWLEDGED and review.acknowledged_by == head
    with pytest.raises(services.StaleReview, match="can no longer be acknowledged"):
        services.review_acknowledge(review=review, acting_user=head)


def test_the_head_records_when_the_findings_were_shared(world: World) -> None:
    head = world.person(Role.HEAD_TEACHER)
    review = _to_shared(world)
    today = review.starts_on + dt.timedelta(days=20)
    with pytest.raises(ValidationError) as refused:
        services.review_record_shared_with(
            review=review,
            acting_user=head,
            today=today,
            dates={
                "shared_with_staff_on": today + dt.timedelta(days=1),
                "shared_with_children_on": review.starts_on - dt.timedelta(days=1),
                "shared_with_governors_on": today,
            },
        )
    errors = refused.value.message_dict
    assert "today or earlier" in errors["shared_with_staff_on"][0]
    assert "on or after the review began" in errors["shared_with_children_on"][0]
    assert _review(world).shared_with_governors_on is None  # nothing written
    review = services.review_record_shared_with(
        review=review,
        acting_user=head,
        today=today,
        dates={
            "shared_with_staff_on": review.starts_on,
            "shared_with_children_on": today,
            "shared_with_governors_on": None,
        },
    )
    assert review.shared_with_staff_on == review.starts_on
    assert review.shared_with_children_on == today
    with pytest.raises(ValidationError):
        services.review_record_shared_with(
            review=review, acting_user=world.person(Role.QA_DIRECTOR), today=today, dates={}
        )


def test_two_presses_at_once_make_one_step(world: World) -> None:
    lead = world.person(Role.QA_DIRECTOR)
    seen = _review(world).version
    services.review_send_for_check(review=_review(world), acting_user=lead, version=seen)
    with pytest.raises(services.StaleReview):
        services.review_send_for_check(review=_review(world), acting_user=lead, version=seen)
    review = _review(world)
    with pytest.raises(services.StaleReview, match="after you opened the page"):
        services.review_check(
            review=review, acting_user=world.person(Role.CPD_LEAD), version=review.version - 1
        )


def test_after_sharing_nothing_of_the_record_changes(world: World) -> None:
    review = _to_shared(world)
    areas = selectors.areas_for(review, reads_restricted=True)
    draft = services.RecordDraft(
        version=review.version, base={}, values={"trust_impact": "Late words."}
    )
    with pytest.raises(services.StaleReview):
        services.record_save(
            review=review, draft=draft, areas=areas, acting_user=world.person(Role.CEO)
        )
    with pytest.raises(services.StaleReview):
        services.finding_save(
            review=review,
            model=Challenge,
            row_id=None,
            base="",
            values={"title": "Late"},
            acting_user=world.person(Role.CEO),
        )
    assert _review(world).trust_impact == ""


# --- two reviewers at once ----------------------------------------------------------------------


def _opened(review: Review) -> tuple[int, dict[str, str]]:
    areas = selectors.areas_for(review, reads_restricted=True)
    values = selectors.record_values(review, areas)
    return review.version, {n: selectors.token(v) for n, v in values.items()}


def _save(world: World, who: User, seen: tuple[int, dict[str, str]], **values: str) -> object:
    review = _review(world)
    return services.record_save(
        review=review,
        draft=services.RecordDraft(version=seen[0], base=dict(seen[1]), values=values),
        areas=selectors.areas_for(review, reads_restricted=True),
        acting_user=who,
    )


def test_a_save_moves_the_version_on_and_keeps_history(world: World) -> None:
    lead = world.person(Role.QA_DIRECTOR)
    seen = _opened(_review(world))
    _save(world, lead, seen, curriculum_notes="Phonics is consistent.", trust_impact="Much.")
    review = _review(world)
    assert review.version == seen[0] + 1 and review.trust_impact == "Much."
    record = AreaRecord.objects.get(review=review, key=AreaKey.CURRICULUM)
    assert record.notes == "Phonics is consistent."
    assert record.history.first().history_user == lead


def test_two_reviewers_on_different_areas_both_keep_their_words(world: World) -> None:
    lead, cpd = world.person(Role.QA_DIRECTOR), world.person(Role.CPD_LEAD)
    opened = _opened(_review(world))
    # Both opened the same page; each sends the whole form, the other areas as they saw them.
    everything = selectors.record_values(
        _review(world), selectors.areas_for(_review(world), reads_restricted=True)
    )
    _save(world, lead, opened, **{**everything, "curriculum_notes": "The lead's words."})
    result = _save(world, cpd, opened, **{**everything, "inclusion_notes": "The CPD lead's words."})
    notes = dict(AreaRecord.objects.filter(review=_review(world)).values_list("key", "notes"))
    assert notes["curriculum"] == "The lead's words."
    assert notes["inclusion"] == "The CPD lead's words."
    assert "curriculum_notes" in result.theirs  # type: ignore[attr-defined]


def test_two_reviewers_on_the_same_field_the_second_is_refused(world: World) -> None:
    lead, cpd = world.person(Role.QA_DIRECTOR), world.person(Role.CPD_LEAD)
    opened = _opened(_review(world))
    _save(world, lead, opened, curriculum_notes="The lead's words.", curriculum_judgement="strong")
    with pytest.raises(services.RecordConflict) as refused:
        _save(world, cpd, opened, curriculum_notes="The CPD lead's words.", trust_impact="Mine")
    assert [(c.name, c.theirs) for c in refused.value.conflicts] == [
        ("curriculum_notes", "The lead's words.")
    ]
    review = _review(world)
    assert review.trust_impact == ""  # nothing of the refused save is written
    assert AreaRecord.objects.get(review=review, key="curriculum").notes == "The lead's words."
    # Having seen the lead's words, the CPD lead saves again: now deliberately theirs.
    base = dict(opened[1], curriculum_notes=selectors.token("The lead's words."))
    _save(world, cpd, (refused.value.version, base), curriculum_notes="The CPD lead's words.")
    assert AreaRecord.objects.get(review=review, key="curriculum").notes == "The CPD lead's words."


def test_a_stale_save_without_fingerprints_is_refused(world: World) -> None:
    opened = _opened(_review(world))
    _save(world, world.person(Role.QA_DIRECTOR), opened, trust_impact="First.")
    with pytest.raises(services.RecordConflict):
        _save(world, world.person(Role.CPD_LEAD), (opened[0], {}), trust_impact="Second.")
    assert _review(world).trust_impact == "First."


def test_a_new_area_record_is_made_when_first_written(world: World) -> None:
    review = _review(world)
    AreaRecord.objects.filter(review=review, key=AreaKey.ESTATES).delete()
    _save(world, world.person(Role.CPD_LEAD), _opened(review), estates_judgement="strong")
    assert AreaRecord.objects.get(review=review, key=AreaKey.ESTATES).judgement == "strong"
    assert len(AREAS) == AreaRecord.objects.filter(review=review).count()


def test_a_finding_changed_meanwhile_is_not_overwritten(world: World) -> None:
    review = _review(world)
    strength = Strength.objects.get(review=review)
    seen = selectors.row_token(strength)
    services.finding_save(
        review=review,
        model=Strength,
        row_id=strength.pk,
        base=seen,
        values={"title": "Reading for pleasure in every class"},
        acting_user=world.person(Role.QA_DIRECTOR),
    )
    with pytest.raises(services.RowConflict) as refused:
        services.finding_save(
            review=_review(world),
            model=Strength,
            row_id=strength.pk,
            base=seen,
            values={"title": "Something else"},
            acting_user=world.person(Role.CPD_LEAD),
        )
    assert refused.value.row is not None
    assert refused.value.row.title == "Reading for pleasure in every class"
    with pytest.raises(services.RowConflict):
        services.finding_remove(
            review=_review(world),
            model=Strength,
            row_id=strength.pk,
            base=seen,
            acting_user=world.person(Role.CPD_LEAD),
        )
    assert Strength.objects.filter(pk=strength.pk).exists()
    # A different row is not held up by it.
    challenge = Challenge.objects.get(review=review)
    services.finding_remove(
        review=_review(world),
        model=Challenge,
        row_id=challenge.pk,
        base=selectors.row_token(challenge),
        acting_user=world.person(Role.CPD_LEAD),
    )
    assert not Challenge.objects.filter(pk=challenge.pk).exists()
