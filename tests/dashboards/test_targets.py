"""The trust's targets page: the CEO and deputy set a year's targets in one form; bad input is
refused next to its box with what was typed kept and nothing written; empty removes a target;
every change is in the history; another trust's year is 404; the CSV holds every year's."""

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from dashboards.models import TrustTarget
from fht.roles import Role
from tests.conftest import World

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:targets")


def ceo(world: World) -> Client:
    client = Client()
    client.force_login(world.person(Role.CEO))
    return client


def targets(world: World) -> dict[str, str]:
    assert world.year is not None
    with scopes_disabled():
        rows = TrustTarget.objects.filter(trust=world.trust, academic_year=world.year)
        return {t.measure: str(t.value) for t in rows}


def test_the_ceo_sets_changes_and_removes_targets_with_history(fworld: World) -> None:
    assert fworld.year is not None
    url = f"{URL}?year={fworld.year.pk}"
    response = ceo(fworld).post(
        url, {"attendance": "96.5", "persistent_absence": "", "ks2_reading_progress": "-1.5"}
    )
    assert response.status_code == 302
    assert targets(fworld) == {"attendance": "96.5", "ks2_reading_progress": "-1.5"}
    with scopes_disabled():
        history = TrustTarget.history.filter(trust_id=fworld.trust.pk, measure="attendance")
        assert [h.history_type for h in history.order_by("history_id")] == ["+", "~"]
        assert history.order_by("-history_id")[0].history_user == fworld.person(Role.CEO)
    page = ceo(fworld).get(url).content.decode()
    assert 'value="96.5"' in page and "changed to 96.5" in page and "removed" in page


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("attendance", "1e309", "must be a number"),
        ("attendance", "1e1000000", "must be a number"),
        ("attendance", "NaN", "must be a number"),
        ("attendance", "101", "between 0 and 100"),
        ("persistent_absence", "-1", "between 0 and 100"),
        ("ks2_maths_progress", "31", "between -30 and 30"),
        ("eyfs_gld", "<b>70</b>", "must be a number"),
    ],
)
def test_bad_input_is_refused_next_to_its_box_and_nothing_is_written(
    fworld: World, field: str, typed: str, message: str
) -> None:
    before = targets(fworld)
    data = {"attendance": "97.0", "phonics_y1": "85", field: typed}
    response = ceo(fworld).post(URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "There is a problem" in page
    assert f'href="#id_{field}"' in page
    assert "&lt;b&gt;" in page if "<b>" in typed else typed in page
    assert targets(fworld) == before


def test_another_trusts_year_is_404_and_a_trustee_is_refused(fworld: World) -> None:
    assert fworld.other_year is not None
    assert ceo(fworld).get(URL, {"year": fworld.other_year.pk}).status_code == 404
    assert ceo(fworld).get(URL, {"year": "x"}).status_code == 404
    trustee = Client()
    trustee.force_login(fworld.person(Role.TRUSTEE))
    assert trustee.post(URL, {"attendance": "50"}).status_code == 403


def test_every_years_targets_download_as_csv(fworld: World) -> None:
    response = ceo(fworld).get(URL, {"format": "csv"})
    assert response.status_code == 200
    text = response.content.decode().lstrip("\ufeff")
    assert text.splitlines()[0] == "Academic year,Measure,Trust target"
    assert (
        "Attendance,96.0" in text and 'reading, writing and maths, expected standard",65.0' in text
    )
