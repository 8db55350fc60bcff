"""The agendas read the dashboards through cycle/selectors/dashboards.py: while the dashboards
app has no such selector the part says it is not available; once it has, its data and template
are what the agenda includes (with the pack's `user=None`, passed on as given)."""

import datetime as dt
import sys
import types
from typing import Any

import pytest

from cycle.selectors import dashboards

AS_OF = dt.date(2026, 11, 2)


def test_without_the_dashboards_selector_the_part_is_not_available(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "dashboards.selectors.trust", None)  # import fails
    part = dashboards.trust_part(trust=types.SimpleNamespace(), user=None, as_of=AS_OF)  # type: ignore[arg-type]
    assert (part.available, part.title, part.template) == (False, "The trust dashboard", "")


def test_with_the_dashboards_selector_its_data_and_template_are_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[dict[str, Any]] = []

    def cluster_dashboard(**kwargs: Any) -> str:
        calls.append(kwargs)
        return "the cluster's figures"

    module = types.ModuleType("dashboards.selectors.cluster")
    module.cluster_dashboard = cluster_dashboard  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dashboards.selectors.cluster", module)
    monkeypatch.setattr(dashboards, "get_template", lambda name: name)
    cluster = types.SimpleNamespace(name="North")
    part = dashboards.cluster_part(cluster=cluster, user=None, as_of=AS_OF)  # type: ignore[arg-type]
    assert part.available and part.template == "dashboards/_cluster_body.html"
    assert part.context == {"dashboard": "the cluster's figures"}
    assert calls == [{"cluster": cluster, "user": None, "as_of": AS_OF}]
