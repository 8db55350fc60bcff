"""Every model a trust owns refuses to be queried outside a trust scope (STYLE 'Tenancy is
structural'). The models are found, not listed: a new model with a path to the trust and a plain
default manager fails here until it is scoped or allowed below with its reason."""

from collections.abc import Iterable

import pytest
from django.apps import apps
from django.apps.registry import Apps
from django.db import models
from django_scopes import ScopeError
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalChanges

from fht.models import Trust
from fht.tenancy import trust_scope
from tests.conftest import World

Model = type[models.Model]

# Models with a path to the trust whose default manager is not scoped, each with why.
ALLOWED: dict[str, str] = {
    "fht.User": "People are looked up by email at sign-in, before any trust is known; platform "
    "staff belong to no trust.",
}
HISTORY = (
    "History rows are read through their scoped record (record.history) or filtered by the "
    "record and its trust in a selector."
)
GUARDIAN = (
    "django-guardian's permission rows are read for one person (and their trust) by "
    "people.access and written only by the role service."
)


def allowed_because(model: Model) -> str | None:
    if issubclass(model, HistoricalChanges):
        return HISTORY
    if issubclass(model, UserObjectPermissionBase):
        return GUARDIAN
    return ALLOWED.get(model._meta.label)


def _is_scoped(model: Model) -> bool:
    """Whether its default manager refuses to query without a scope (outside one, as tests run)."""
    try:
        model._default_manager.all()
    except ScopeError:
        return True
    return False


def _points_to(model: Model) -> set[Model]:
    return {
        field.related_model
        for field in model._meta.get_fields()
        if (field.many_to_one or field.one_to_one)
        and field.concrete
        and isinstance(field.related_model, type)
    }


def tenant_models(candidates: Iterable[Model]) -> list[Model]:
    """The concrete models with a path to the trust: a foreign key to it, or to a model that has one
    (through any number of parents), or a default manager that declares a scope. The path stops at
    allowed models, so what points only at a person (the admin's log) is not the trust's."""
    candidates = [m for m in candidates if not m._meta.abstract and m is not Trust]
    found: set[Model] = set()
    grown = True
    while grown:
        grown = False
        for model in candidates:
            if model in found:
                continue
            parents = _points_to(model)
            via = {p for p in parents & found if allowed_because(p) is None}
            if Trust in parents or via or _is_scoped(model):
                found.add(model)
                grown = True
    return sorted(found, key=lambda m: m._meta.label)


def unscoped_tenant_models(candidates: Iterable[Model]) -> list[str]:
    return [
        m._meta.label
        for m in tenant_models(candidates)
        if allowed_because(m) is None and not _is_scoped(m)
    ]


TENANT_MODELS = [m for m in tenant_models(apps.get_models()) if allowed_because(m) is None]


def test_every_tenant_model_is_scoped() -> None:
    assert unscoped_tenant_models(apps.get_models()) == []


def test_the_walk_finds_the_tenant_models() -> None:
    names = {m.__name__ for m in TENANT_MODELS}
    assert len(names) >= 24
    assert {"School", "Cluster", "RoleAssignment", "Visit", "Action", "Job"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m._meta.label)
def test_unscoped_query_raises(world: World, model: Model) -> None:
    with pytest.raises(ScopeError):
        list(model._default_manager.all())
    with pytest.raises(ScopeError):
        model._default_manager.filter(pk=1).exists()
    # The scope it needs is the trust's, and its path to the trust is a real one.
    with trust_scope(world.trust.pk):
        model._default_manager.filter(pk=1).exists()


def test_allowed_models_exist_and_reach_the_trust() -> None:
    """No stale entry: each allowed model is there and would otherwise be checked."""
    found = {m._meta.label for m in tenant_models(apps.get_models())}
    assert set(ALLOWED) <= found
    history = [m for m in apps.get_models() if issubclass(m, HistoricalChanges)]
    guardian = [m for m in apps.get_models() if issubclass(m, UserObjectPermissionBase)]
    assert history and guardian


def test_a_new_model_with_a_plain_manager_fails() -> None:
    """Two models built in a registry of their own (the project's stays as it is)."""
    registry = Apps(installed_apps=[])

    class Survey(models.Model):
        trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="+")

        class Meta:
            app_label = "fht"
            apps = registry

        def __str__(self) -> str:
            return "Survey"

    class SurveyAnswer(models.Model):
        survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")

        class Meta:
            app_label = "fht"
            apps = registry

        def __str__(self) -> str:
            return "Answer"

    found = unscoped_tenant_models([*apps.get_models(), Survey, SurveyAnswer])
    assert found == ["fht.Survey", "fht.SurveyAnswer"]
