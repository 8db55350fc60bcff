"""Statutory outcomes, targets, national benchmarks, and KS2 progress from the DfE's own file."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.roles import Role
from returns.models import NationalBenchmark, SchoolTarget, StatutoryResult
from tests.conftest import World
from tests.returns.test_returns import client_for

pytestmark = pytest.mark.django_db


def _statutory_url(world: World) -> str:
    assert world.year is not None
    return reverse(
        "returns:statutory_edit", kwargs={"school_id": world.s1.pk, "year_id": world.year.pk}
    )


def _results(world: World) -> dict[str, StatutoryResult]:
    with scopes_disabled():
        return {r.measure: r for r in StatutoryResult.objects.filter(school=world.s1)}


def test_head_enters_outcomes_with_a_suppressed_figure_kept_as_its_reason(world: World) -> None:
    head = world.person(Role.HEAD_TEACHER)
    response = client_for(head).post(
        _statutory_url(world),
        {
            "eyfs_gld_value": "68.5",
            "eyfs_gld_cohort": "30",
            "phonics_y1_value": "",
            "phonics_y1_cohort": "4",
            "phonics_y1_not_published": "SUPP",
            "ks2_reading_progress_value": "-1.2",
        },
    )
    assert response.status_code == 302
    results = _results(world)
    assert results["eyfs_gld"].value == Decimal("68.5")
    assert results["eyfs_gld"].cohort == 30
    assert results["phonics_y1"].value is None  # never zero
    assert results["phonics_y1"].not_published == "SUPP"
    assert results["ks2_reading_progress"].value == Decimal("-1.2")
    with scopes_disabled():
        assert results["eyfs_gld"].history.latest().history_user == head
    page = client_for(head).get(reverse("returns:school_data", kwargs={"school_id": world.s1.pk}))
    body = page.content.decode()
    assert "68.5%" in body and "SUPP" in body and "\u22121.2" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"eyfs_gld_value": "101"}, "EYFS good level of development must be between 0 and 100"),
        (
            {"phonics_y1_value": "80", "phonics_y1_not_published": "SUPP"},
            "Year 1 phonics screening check: give a figure or the reason there is none, not both",
        ),
        (
            {"ks2_rwm_expected_cohort": "28"},
            "enter the figure, or why there is none (for example SUPP)",
        ),
        ({"ks2_maths_progress_value": "lots"}, "Key Stage 2 maths progress must be a number"),
    ],
)
def test_bad_outcomes_are_refused_and_nothing_is_written(
    world: World, data: dict[str, str], message: str
) -> None:
    response = client_for(world.person(Role.QA_DIRECTOR)).post(_statutory_url(world), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _results(world) == {}


def test_targets_are_set_and_removed(world: World) -> None:
    assert world.year is not None
    url = reverse(
        "returns:targets_edit", kwargs={"school_id": world.s1.pk, "year_id": world.year.pk}
    )
    head = client_for(world.person(Role.HEAD_TEACHER))
    assert 'name="attendance" value="96.0"' in head.get(url).content.decode()
    response = head.post(url, {"attendance": "", "ks2_rwm_expected": "70", "suspensions": "2"})
    assert response.status_code == 302
    with scopes_disabled():
        targets = dict(SchoolTarget.objects.filter(school=world.s1).values_list("measure", "value"))
    assert targets == {"ks2_rwm_expected": Decimal("70.0"), "suspensions": Decimal("2.0")}
    refused = head.post(url, {"attendance": "120", "suspensions": "1.5"})
    assert refused.status_code == 400
    assert "Attendance must be between 0 and 100" in refused.content.decode()
    assert "Suspensions must be a whole number" in refused.content.decode()


@pytest.mark.parametrize("role", [Role.GOVERNOR, Role.TRUSTEE, Role.TRUST_ADMIN])
def test_read_only_roles_cannot_enter_outcomes_or_targets(world: World, role: Role) -> None:
    assert world.year is not None
    client = client_for(world.person(role))
    targets = reverse(
        "returns:targets_edit", kwargs={"school_id": world.s1.pk, "year_id": world.year.pk}
    )
    assert client.post(_statutory_url(world), {"eyfs_gld_value": "50"}).status_code == 404
    assert client.post(targets, {"attendance": "90"}).status_code == 404
    assert _results(world) == {}


# --- National benchmarks -------------------------------------------------------------------------


def test_every_member_reads_the_national_figures_and_managers_change_them(world: World) -> None:
    assert world.year is not None
    url = reverse("returns:benchmark_edit", kwargs={"year_id": world.year.pk})
    governor = client_for(world.person(Role.GOVERNOR)).get(reverse("returns:benchmark_list"))
    assert "94.5%" in governor.content.decode()
    assert url not in governor.content.decode()
    assert client_for(world.person(Role.GOVERNOR)).post(url, {}).status_code == 404
    director = world.person(Role.QA_DIRECTOR)
    listing = client_for(director).get(reverse("returns:benchmark_list")).content.decode()
    assert url in listing
    response = client_for(director).post(url, {"attendance": "94.8", "eyfs_gld": "67.7"})
    assert response.status_code == 302
    with scopes_disabled():
        values = dict(
            NationalBenchmark.objects.filter(academic_year=world.year).values_list(
                "measure", "value"
            )
        )
        latest = NationalBenchmark.history.filter(measure="eyfs_gld").latest()
    assert values == {"attendance": Decimal("94.8"), "eyfs_gld": Decimal("67.7")}
    assert latest.history_user == director


def test_another_trusts_year_is_not_found(world: World) -> None:
    assert world.other_year is not None
    url = reverse("returns:benchmark_edit", kwargs={"year_id": world.other_year.pk})
    assert client_for(world.person(Role.CEO)).post(url, {"attendance": "1"}).status_code == 404


@pytest.mark.parametrize("typed", ["1e309", "-1e309", "1e28", "9" * 40])
def test_a_figure_too_large_to_round_is_refused_in_words(typed: str) -> None:
    from returns.forms.outcomes import parse_measure
    from returns.measures import Measure

    with pytest.raises(ValueError, match="must be between"):
        parse_measure(Measure.KS2_RWM_EXPECTED, typed)
    with pytest.raises(ValueError, match="must be between"):
        parse_measure(Measure.KS2_READING_PROGRESS, typed)
