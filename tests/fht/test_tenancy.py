"""The trust scope itself; that every tenant model is scoped is in test_tenancy_models.py."""

import pytest
from django_scopes import scopes_disabled

from fht.tenancy import trust_scope
from schools.models import School
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_scope_limits_queries_to_one_trust(world: World) -> None:
    with trust_scope(world.trust.pk):
        names = set(School.objects.values_list("name", flat=True))
    assert names == {"Alder Primary", "Birch Primary", "Cedar Primary"}
    with trust_scope(world.other_trust.pk):
        assert list(School.objects.values_list("name", flat=True)) == ["Driftwood Primary"]


def test_scope_refuses_no_trust() -> None:
    with pytest.raises(ValueError, match="needs a trust"), trust_scope(None):  # type: ignore[arg-type]
        pass


def test_factories_derive_trust_from_cluster(world: World) -> None:
    with scopes_disabled():
        assert world.sb.trust == world.other_trust
        assert world.s1.trust == world.trust
