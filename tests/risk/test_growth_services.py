"""The growth services on their own: what they refuse, and that a refusal writes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from fht.roles import Role
from risk.models import CategoryDecision, DueDiligence
from risk.services.growth import (
    DueDiligenceData,
    EditConflict,
    SettingsData,
    due_diligence_join,
    due_diligence_save,
    growth_settings_save,
)
from tests.conftest import World

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 9, 1)


def data(**changes: object) -> DueDiligenceData:
    values: dict[str, object] = {
        "name": "  Hollybrook Primary School ",
        "urn": "152001",
        "status": DueDiligence.Status.IN_PROGRESS,
        "started_on": dt.date(2026, 5, 11),
        "practice_observed": "",
        "previous_ofsted": "",
        "ofsted_outcome": "below_good",
        "data_summary": "",
        "leadership_capacity": "",
        "proposed_category": "C",
    }
    return DueDiligenceData(**(values | changes))  # type: ignore[arg-type]


def test_a_record_is_saved_trimmed_and_its_version_goes_up(world: World) -> None:
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        record = due_diligence_save(trust=world.trust, data=data(), acting_user=ceo)
        assert record.name == "Hollybrook Primary School" and record.version == 1
        again = due_diligence_save(
            trust=world.trust,
            data=data(proposed_category="D"),
            acting_user=ceo,
            record=record,
            version=1,
        )
        assert again.version == 2 and again.proposed_category == "D"
        with pytest.raises(EditConflict) as conflict:
            due_diligence_save(
                trust=world.trust,
                data=data(urn="152002"),
                acting_user=ceo,
                record=record,
                version=1,
            )
        assert conflict.value.changes == ["proposed category"]
        assert DueDiligence.objects.get(pk=record.pk).urn == "152001"


def test_joined_is_set_only_by_joining_and_kept(world: World) -> None:
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        with pytest.raises(ValidationError) as refused:
            due_diligence_save(
                trust=world.trust, data=data(status=DueDiligence.Status.JOINED), acting_user=ceo
            )
        assert "status" in refused.value.message_dict
        assert not DueDiligence.objects.exists()
        record = due_diligence_save(trust=world.trust, data=data(), acting_user=ceo)
        due_diligence_join(
            record=record, school=world.s2, decided_on=DAY, reason="Why", acting_user=ceo
        )
        record.refresh_from_db()
        with pytest.raises(ValidationError):
            due_diligence_save(
                trust=world.trust,
                data=data(status=DueDiligence.Status.WITHDRAWN),
                acting_user=ceo,
                record=record,
                version=record.version,
            )
        assert DueDiligence.objects.get(pk=record.pk).status == DueDiligence.Status.JOINED


def test_a_school_joins_from_one_record_only(world: World) -> None:
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        first = due_diligence_save(trust=world.trust, data=data(), acting_user=ceo)
        second = due_diligence_save(trust=world.trust, data=data(name="Other"), acting_user=ceo)
        due_diligence_join(
            record=first, school=world.s2, decided_on=DAY, reason="Why", acting_user=ceo
        )
        with pytest.raises(ValidationError) as refused:
            due_diligence_join(
                record=second, school=world.s2, decided_on=DAY, reason="Why", acting_user=ceo
            )
        assert "already linked" in str(refused.value)
        second.refresh_from_db()
        assert second.school is None
        assert CategoryDecision.objects.filter(school=world.s2).count() == 1


def test_another_trusts_school_is_refused(world: World) -> None:
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        record = due_diligence_save(trust=world.trust, data=data(), acting_user=ceo)
        with pytest.raises(ValidationError) as refused:
            due_diligence_join(
                record=record, school=world.sb, decided_on=DAY, reason="Why", acting_user=ceo
            )
        assert "school" in refused.value.message_dict
        assert not CategoryDecision.objects.exists()


def test_settings_are_made_on_first_save_then_versioned(world: World) -> None:
    ceo = world.person(Role.CEO)
    with scopes_disabled():
        saved = growth_settings_save(
            trust=world.trust, data=SettingsData(5, False, 4), version=None, acting_user=ceo
        )
        assert saved.version == 1
        growth_settings_save(
            trust=world.trust, data=SettingsData(4, True, 3), version=1, acting_user=ceo
        )
        with pytest.raises(EditConflict):
            growth_settings_save(
                trust=world.trust, data=SettingsData(3, True, 3), version=1, acting_user=ceo
            )
        with pytest.raises(ValidationError):
            growth_settings_save(
                trust=world.trust, data=SettingsData(7, True, 3), version=2, acting_user=ceo
            )
