"""Every number box of the product refuses what is not an ordinary number (inf, NaN, 1e309, 500
digits...) with a message next to it, and never answers 500. The forms are found, not listed: a new
form with a plain DecimalField fails here."""

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.forms import BoundedIntegerField, FiniteDecimalField
from fht.models import User
from fht.roles import Role
from fht.tenancy import trust_scope
from qa_visits.models import Visit
from qa_visits.sections import SECTIONS
from returns.measures import Measure
from schools.models import AcademicYear, Cluster, HalfTerm, School
from schools.ofsted import Framework
from tests.conftest import World

pytestmark = pytest.mark.django_db

ABSURD = ["1e309", "-1e309", "NaN", "nan", "inf", "-Infinity", "sNaN", "1e-400", "9" * 500]
ORDINARY = ["-1", "", "<b>1</b>", "1", "2.5"]
# Each number class of Django and the project's one that must be used instead.
NUMBER_FIELDS: dict[type[forms.Field], type[forms.Field] | None] = {
    forms.DecimalField: FiniteDecimalField,
    forms.IntegerField: BoundedIntegerField,
    forms.FloatField: None,  # none yet: add a finite float field to fht/forms.py first
}


def _project_apps() -> list[str]:
    root = Path(settings.BASE_DIR).resolve()
    return [
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(root) and ".venv" not in config.path
    ]


def _import_form_modules() -> None:
    """Each app's forms modules: forms.py, a forms package's modules, and the like of
    isap/forms/visit.py."""
    for name in _project_apps():
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            if any(part.endswith("forms") for part in module.name.split(".")[1:]):
                importlib.import_module(module.name)


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _abstract_model_form(cls: type) -> bool:
    """A base for model forms, like fht.forms.ModelForm: no model, so nothing to build."""
    return issubclass(cls, forms.BaseModelForm) and cls._meta.model is None


def project_forms() -> list[type[forms.BaseForm]]:
    _import_form_modules()
    prefixes = tuple(f"{name}." for name in _project_apps())
    found = {
        c
        for c in _subclasses(forms.BaseForm)
        if c.__module__.startswith(prefixes) and not _abstract_model_form(c)
    }
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


# What the forms' constructors ask for, from the shared world (keyword-only arguments by name).
def _constructor_values(world: World) -> dict[str, Callable[[], Any]]:
    from isap.selectors.visit import visit_actions_page
    from risk.models import CRITERIA, DueDiligence, Meeting

    people = User.objects.filter(trust=world.trust)
    return {
        "trust": lambda: world.trust,
        "school": lambda: world.s1,
        "schools": lambda: School.objects.filter(trust=world.trust),
        "records": lambda: DueDiligence.objects.filter(trust=world.trust),
        "criteria": lambda: CRITERIA[Meeting.Kind.RISK],
        "earlier": list,
        "cluster": lambda: world.c1,
        "academic_year": lambda: world.year,
        "years": lambda: AcademicYear.objects.filter(trust=world.trust),
        "half_terms": lambda: HalfTerm.objects.filter(trust=world.trust),
        "visits": lambda: Visit.objects.filter(school=world.s1),
        "directors": lambda: people,
        "people": lambda: people,
        "contacts": lambda: people,  # reviews: an effective-practice entry's contact
        "sections": lambda: list(SECTIONS),
        "measures": lambda: list(Measure),
        "current": dict,
        "suffix": str,
        "page": lambda: visit_actions_page(visit=world.visit),
        # The inspection form: a report card being corrected (the other frameworks' judgements
        # are choice fields too).
        "framework": lambda: Framework.F2025,
        "editing": lambda: True,
        # cycle: a new meeting's kinds and hubs.
        "kinds": lambda: ["forum", "hub_heads"],
        "clusters": lambda: Cluster.objects.filter(trust=world.trust),
        # accounts: confirming with one's own password.
        "user": lambda: world.person(Role.CEO),
    }


def _required_keywords(form_class: type) -> set[str]:
    names = set()
    for cls in form_class.__mro__:
        ours = cls.__module__.startswith(tuple(f"{name}." for name in _project_apps()))
        if not ours or "__init__" not in cls.__dict__:
            continue
        for parameter in inspect.signature(cls.__dict__["__init__"]).parameters.values():
            if parameter.kind == parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
                names.add(parameter.name)
    return names


def _build(form_class: type[forms.BaseForm], world: World, data: Any = None) -> forms.BaseForm:
    values = _constructor_values(world)
    missing = _required_keywords(form_class) - set(values)
    assert not missing, f"{form_class.__name__} needs {missing}: add them to _constructor_values"
    kwargs = {name: values[name]() for name in _required_keywords(form_class)}
    if issubclass(form_class, forms.BaseModelForm):
        kwargs.setdefault("instance", form_class._meta.model())
    return form_class(data, **kwargs)


def _number_fields(field: forms.Field) -> Iterator[forms.Field]:
    """A field and, for a compound field (a date), its parts."""
    yield field
    if isinstance(field, forms.MultiValueField):
        for part in field.fields:
            yield from _number_fields(part)


def _number_kind(field: forms.Field) -> type[forms.Field] | None:
    # DecimalField is an IntegerField to Django: the most specific class first.
    for kind in (forms.DecimalField, forms.FloatField, forms.IntegerField):
        if isinstance(field, kind):
            return kind
    return None


def test_the_forms_are_found() -> None:
    names = {c.__name__ for c in project_forms()}
    assert {"VisitPlanForm", "DeploymentForm", "CadenceForm", "SchoolForm"} <= names
    assert {"DataReturnForm", "VisitActionsForm", "InviteForm"} <= names


def test_every_number_field_is_the_projects(world: World) -> None:
    seen = 0
    with trust_scope(world.trust.pk):
        for form_class in project_forms():
            form = _build(form_class, world)
            for name, field in form.fields.items():
                for part in _number_fields(field):
                    kind = _number_kind(part)
                    if kind is None:
                        continue
                    seen += 1
                    wanted = NUMBER_FIELDS[kind]
                    assert wanted is not None and isinstance(part, wanted), (
                        f"{form_class.__name__}.{name} is a {type(part).__name__}: use "
                        f"{wanted.__name__ if wanted else 'a finite field from fht/forms.py'}"
                    )
    assert seen > 20


def test_model_forms_get_the_projects_number_fields() -> None:
    from qa_visits.forms import CadenceForm
    from schools.forms import SchoolForm

    assert isinstance(CadenceForm.base_fields["visit_weeks_sustain"], BoundedIntegerField)
    assert isinstance(SchoolForm.base_fields["pupils_on_roll"], BoundedIntegerField)


def _cases(world: World) -> Iterator[tuple[type[forms.BaseForm], str, forms.Field]]:
    for form_class in project_forms():
        form = _build(form_class, world)
        for name, field in form.fields.items():
            if _number_kind(field) is not None:
                yield form_class, name, field


@pytest.mark.parametrize("typed", ABSURD + ORDINARY)
def test_number_fields_refuse_absurd_input_without_failing(world: World, typed: str) -> None:
    checked = 0
    with trust_scope(world.trust.pk):
        for form_class, name, field in _cases(world):
            checked += 1
            where = f"{form_class.__name__}.{name} with {typed[:20]!r}"
            try:
                field.clean(typed)  # a ValidationError or a value, never anything else
                accepted = True
            except forms.ValidationError:
                accepted = False
            assert not (accepted and typed in ABSURD), f"{where} was accepted"
            form = _build(form_class, world, data={name: typed})
            form.is_valid()  # never raises
            if typed in ABSURD:
                assert form.errors.get(name), f"{where}: no error on the field"
                assert field.error_messages["invalid"] in form.errors[name], where
    assert checked >= 10


@pytest.mark.parametrize("typed", ABSURD)
def test_date_parts_refuse_absurd_input(typed: str) -> None:
    from fht.forms import DateField

    field = DateField()
    with pytest.raises(forms.ValidationError):
        field.clean([typed, "1", "2027"])


# --- the page where it was found ------------------------------------------------------------------


def test_planning_a_visit_with_absurd_days_is_refused_next_to_the_field(world: World) -> None:
    director = world.person(Role.QA_DIRECTOR)
    client = Client()
    client.force_login(director)
    on = dt.date(2027, 1, 12)
    with scopes_disabled():
        before = Visit.objects.count()
    response = client.post(
        reverse("qa_visits:plan", args=[world.s2.pk]),
        {
            "planned_for_day": str(on.day),
            "planned_for_month": str(on.month),
            "planned_for_year": str(on.year),
            "days": "1e309",
            "purpose": "Reading",
            "director": director.pk,
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    message = "Enter the core-offer days as a number from 0.5 to 3, in half days, for example 1.5."
    assert response.context["form"].errors["days"] == [message]
    assert f'id="id_days_error"><span class="govuk-visually-hidden">Error:</span> {message}' in body
    assert 'value="1e309"' in body  # what was typed is kept
    with scopes_disabled():
        assert Visit.objects.count() == before
        assert not Visit.objects.filter(school=world.s2).exists()


def test_the_number_fields_keep_ordinary_numbers() -> None:
    days = FiniteDecimalField(max_digits=2, decimal_places=1, step_size=Decimal("0.5"))
    assert days.clean("1.5") == Decimal("1.5")
    assert days.clean(" 2 ") == Decimal("2")
    count = BoundedIntegerField(min_value=0)
    assert count.clean("412") == 412
    assert count.clean(str(2**63 - 1)) == 2**63 - 1
    with pytest.raises(forms.ValidationError):
        count.clean(str(2**63))
