"""fht.registry's page panels: each is built only for its page (slot) and its place on the page."""

from typing import Any

import pytest

from fht import registry
from fht.registry import Panel, PanelContent, Registry, panels_for


def _built(name: str) -> Any:
    return lambda user, obj: PanelContent(template=f"{name}.html", context={"obj": obj})


@pytest.fixture
def some_panels(monkeypatch: pytest.MonkeyPatch) -> None:
    fresh: Registry[Panel] = Registry("page panel")
    fresh.register(Panel(slot="cluster", key="late", build=_built("late"), order=20))
    fresh.register(Panel(slot="cluster", key="early", build=_built("early"), order=10))
    fresh.register(Panel(slot="cluster", key="row", build=_built("row"), place="summary"))
    fresh.register(Panel(slot="cluster", key="hidden", build=lambda user, obj: None))
    fresh.register(Panel(slot="school", key="school", build=_built("school")))
    monkeypatch.setattr(registry, "panels", fresh)


@pytest.mark.usefixtures("some_panels")
def test_the_main_place_is_the_default_and_keeps_the_order() -> None:
    built = panels_for("cluster", user=None, obj="c")  # type: ignore[arg-type]
    assert [p.template for p in built] == ["early.html", "late.html"]
    assert built[0].context == {"obj": "c"}


@pytest.mark.usefixtures("some_panels")
def test_a_place_gets_only_its_own_panels() -> None:
    summary = panels_for("cluster", user=None, obj="c", place="summary")  # type: ignore[arg-type]
    assert [p.template for p in summary] == ["row.html"]
    assert panels_for("cluster", user=None, place="actions") == []  # type: ignore[arg-type]
    school = panels_for("school", user=None)  # type: ignore[arg-type]
    assert [p.template for p in school] == ["school.html"]
