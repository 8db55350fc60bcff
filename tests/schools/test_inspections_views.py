"""The school page's Ofsted inspections, and the forms that record them.

The CEO, deputy and trust administrator add, correct and delete; everyone who sees the school reads
the history; a read-only role or another trust gets 404 with nothing written. Bad input comes back
as a 400 with the message by its field and what was typed kept; a stale save is refused."""

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import User
from fht.roles import Role
from schools.models import Inspection, School
from tests.conftest import World

pytestmark = pytest.mark.django_db

RECORDERS = [Role.CEO, Role.DEPUTY_CEO, Role.TRUST_ADMIN]
READERS = [Role.HEAD_TEACHER, Role.GOVERNOR, Role.QA_DIRECTOR, Role.TRUSTEE, Role.CPD_LEAD]


def _client(user: User | None) -> Client:
    assert user is not None
    client = Client()
    client.force_login(user)
    return client


def _date(prefix: str, value: dt.date | None) -> dict[str, str]:
    if value is None:
        return {f"{prefix}_day": "", f"{prefix}_month": "", f"{prefix}_year": ""}
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


def _graded_2019(**changes: str) -> dict[str, str]:
    data = {
        "framework": "2019",
        **_date("inspected_on", dt.date(2023, 3, 15)),
        "inspection_type": "graded",
        "overall": "2",
        "quality_of_education": "2",
        "behaviour_and_attitudes": "1",
        "personal_development": "2",
        "leadership_and_management": "2",
        "early_years": "",
        "sixth_form": "",
        "concern": "",
        "note": "",
    }
    data.update(changes)
    return data


def _report_card(**changes: str) -> dict[str, str]:
    data = {
        "framework": "2025",
        **_date("inspected_on", dt.date(2026, 2, 4)),
        "inspection_type": "report_card",
        "area_inclusion": "3",
        "area_curriculum_and_teaching": "2",
        "area_achievement": "4",
        "area_attendance_and_behaviour": "3",
        "area_personal_development": "3",
        "area_leadership_and_governance": "3",
        "area_early_years": "",
        "safeguarding_met": "met",
        "concern": "",
        "note": "",
    }
    data.update(changes)
    return data


def _add_url(school: School) -> str:
    return reverse("schools:inspection_add", args=[school.pk])


def _count() -> int:
    with scopes_disabled():
        return Inspection.objects.count()


def _make(school: School, **fields: Any) -> Inspection:
    values: dict[str, Any] = {
        "inspected_on": dt.date(2023, 3, 15),
        "framework": "2019",
        "inspection_type": "graded",
        "overall": 2,
    }
    values.update(fields)
    with scopes_disabled():
        return Inspection.objects.create(school=school, trust_id=school.trust_id, **values)


# --- the school page --------------------------------------------------------------------------


def test_the_school_page_shows_the_latest_and_the_history_newest_first(world: World) -> None:
    _make(world.s1, inspected_on=dt.date(2019, 5, 22), overall=3)
    _make(
        world.s1,
        inspected_on=dt.date(2025, 1, 22),
        framework="2024",
        inspection_type="graded",
        overall=None,
        quality_of_education=2,
        behaviour_and_attitudes=2,
        personal_development=2,
        leadership_and_management=2,
    )
    _make(
        world.s1,
        inspected_on=dt.date(2026, 2, 4),
        framework="2025",
        inspection_type="report_card",
        overall=None,
        area_inclusion=3,
        area_curriculum_and_teaching=2,
        area_achievement=5,
        area_attendance_and_behaviour=3,
        area_personal_development=3,
        area_leadership_and_governance=3,
        safeguarding_met=False,
    )
    body = _client(world.person(Role.GOVERNOR)).get(reverse("schools:detail", args=[world.s1.pk]))
    assert body.status_code == 200
    text = body.content.decode()
    assert "Report card: 1 urgent improvement, safeguarding not met, 4 February 2026" in text
    assert "Achievement</dt>" in text and "Urgent improvement" in text
    newest, middle, oldest = (
        text.index("4 Feb 2026"),
        text.index("22 Jan 2025"),
        text.index("22 May 2019"),
    )
    assert newest < middle < oldest
    assert "Quality of education: Good" in text  # 2024, on its own scale
    assert "Overall effectiveness: Requires improvement" in text  # 2019
    assert "Add an inspection" not in text and "Change<span" not in text


def test_a_recorder_sees_the_links_and_a_school_with_none_says_so(world: World) -> None:
    text = _client(world.person(Role.CEO)).get(reverse("schools:detail", args=[world.s1.pk]))
    body = text.content.decode()
    assert "No inspection recorded." in body and "Add an inspection" in body
    assert 'Latest Ofsted</dt><dd class="govuk-summary-list__value">Not recorded' in body


# --- adding -----------------------------------------------------------------------------------


def test_the_first_question_is_the_framework(world: World) -> None:
    client = _client(world.person(Role.CEO))
    response = client.get(_add_url(world.s1))
    assert response.status_code == 200
    assert "Which framework was the inspection under?" in response.content.decode()
    refused = client.get(_add_url(world.s1), {"framework": "1999"})
    assert refused.status_code == 400
    assert "Choose the framework the inspection was under." in refused.content.decode()
    posted = client.post(_add_url(world.s1), _graded_2019(framework="<b>"))
    assert posted.status_code == 400 and _count() == 0
    assert "Choose the framework the inspection was under." in posted.content.decode()
    card = client.get(_add_url(world.s1), {"framework": "2025"}).content.decode()
    assert 'name="area_inclusion"' in card and 'name="safeguarding_met"' in card
    assert 'name="overall"' not in card and 'name="quality_of_education"' not in card
    graded_2024 = client.get(_add_url(world.s1), {"framework": "2024"}).content.decode()
    assert 'name="quality_of_education"' in graded_2024 and 'name="overall"' not in graded_2024


@pytest.mark.parametrize("role", RECORDERS)
def test_recorders_add_an_inspection(world: World, role: Role) -> None:
    person = world.person(role)
    response = _client(person).post(_add_url(world.s1), _graded_2019(early_years="1"))
    assert response.status_code == 302
    with scopes_disabled():
        inspection = Inspection.objects.get(school=world.s1)
        assert inspection.trust_id == world.trust.pk
        assert (inspection.overall, inspection.behaviour_and_attitudes) == (2, 1)
        assert inspection.early_years == 1 and inspection.sixth_form is None
        assert inspection.history.get().history_user == person
    page = _client(person).get(reverse("schools:detail", args=[world.s1.pk])).content.decode()
    assert "Ofsted inspection of 15 March 2023 added" in page


def test_a_report_card_is_added_on_its_own_scale(world: World) -> None:
    response = _client(world.person(Role.CEO)).post(
        _add_url(world.s1), _report_card(concern="significant_improvement")
    )
    assert response.status_code == 302
    with scopes_disabled():
        card = Inspection.objects.get(school=world.s1)
    assert card.headline == (
        "Report card: 1 needs attention, safeguarding met, requires significant improvement"
    )
    assert card.overall is None and card.area_achievement == 4


def test_a_judgement_of_another_framework_sent_by_hand_is_not_kept(world: World) -> None:
    data = _report_card(overall="1", quality_of_education="1")
    assert _client(world.person(Role.CEO)).post(_add_url(world.s1), data).status_code == 302
    with scopes_disabled():
        card = Inspection.objects.get(school=world.s1)
    assert card.overall is None and card.quality_of_education is None


def test_an_empty_form_is_refused_with_messages(world: World) -> None:
    response = _client(world.person(Role.CEO)).post(_add_url(world.s1), {"framework": "2025"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the date of the inspection." in body
    assert "Choose the type of inspection." in body
    assert _count() == 0


def test_a_date_outside_the_framework_is_refused_and_what_was_typed_is_kept(
    world: World,
) -> None:
    data = _graded_2019(
        note="Report <b>published</b>", **_date("inspected_on", dt.date(2024, 10, 2))
    )
    response = _client(world.person(Role.CEO)).post(_add_url(world.s1), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "an inspection on 2 October 2024 is under the 2024 framework" in body
    assert 'id="inspected_on_error"' in body or "govuk-form-group--error" in body
    assert 'value="10"' in body and 'value="2024"' in body  # the date as typed
    assert "Report &lt;b&gt;published&lt;/b&gt;" in body and "<b>published</b>" not in body
    assert _count() == 0


@pytest.mark.parametrize("bad", ["5", "0", "-1", "1e309", "NaN", "<script>", "9" * 40])
def test_a_judgement_off_the_scale_is_refused(world: World, bad: str) -> None:
    response = _client(world.person(Role.CEO)).post(_add_url(world.s1), _graded_2019(overall=bad))
    assert response.status_code == 400
    assert "Choose the overall effectiveness judgement from the list." in response.content.decode()
    assert _count() == 0


def test_an_incomplete_or_mismatched_inspection_is_refused_by_field(world: World) -> None:
    client = _client(world.person(Role.CEO))
    missing = client.post(
        _add_url(world.s1), _report_card(area_achievement="", safeguarding_met="")
    )
    body = missing.content.decode()
    assert missing.status_code == 400
    assert "Enter the achievement judgement." in body
    assert "Enter the safeguarding judgement." in body
    ungraded = client.post(_add_url(world.s1), _graded_2019(inspection_type="ungraded"))
    assert ungraded.status_code == 400
    assert "An ungraded inspection gives no judgements." in ungraded.content.decode()
    wrong_type = client.post(_add_url(world.s1), _report_card(inspection_type="graded"))
    assert wrong_type.status_code == 400
    assert "Choose the type of inspection from the list." in wrong_type.content.decode()
    too_long = client.post(_add_url(world.s1), _graded_2019(note="x" * 2001))
    assert "The notes must be 2,000 characters or fewer." in too_long.content.decode()
    assert _count() == 0


@pytest.mark.parametrize("role", READERS)
def test_read_only_roles_cannot_add(world: World, role: Role) -> None:
    client = _client(world.person(role))
    assert client.get(_add_url(world.s1)).status_code == 404
    assert client.post(_add_url(world.s1), _graded_2019()).status_code == 404
    assert _count() == 0


def test_another_trust_gets_404(world: World) -> None:
    assert _client(world.other_ceo).post(_add_url(world.s1), _graded_2019()).status_code == 404
    inspection = _make(world.s1)
    url = reverse("schools:inspection_edit", args=[world.s1.pk, inspection.pk])
    assert _client(world.other_ceo).get(url).status_code == 404
    # An inspection reached through another school's address is not there either.
    wrong = reverse("schools:inspection_edit", args=[world.s2.pk, inspection.pk])
    assert _client(world.person(Role.CEO)).get(wrong).status_code == 404
    assert _count() == 1


# --- correcting and deleting --------------------------------------------------------------------


def _edit_url(inspection: Inspection) -> str:
    return reverse("schools:inspection_edit", args=[inspection.school_id, inspection.pk])


def test_correcting_an_inspection_and_a_stale_save(world: World) -> None:
    inspection = _make(world.s1)
    client = _client(world.person(Role.DEPUTY_CEO))
    form = client.get(_edit_url(inspection)).content.decode()
    assert 'name="version" value="1"' in form and 'value="2" selected' in form
    saved = client.post(_edit_url(inspection), _graded_2019(overall="3", version="1"))
    assert saved.status_code == 302
    with scopes_disabled():
        inspection.refresh_from_db()
    assert (inspection.overall, inspection.version) == (3, 2)
    stale = client.post(_edit_url(inspection), _graded_2019(overall="1", version="1"))
    assert stale.status_code == 400
    assert "Someone else changed this inspection after you opened it." in stale.content.decode()
    without = client.post(_edit_url(inspection), _graded_2019(overall="1"))
    assert without.status_code == 400
    with scopes_disabled():
        inspection.refresh_from_db()
    assert inspection.overall == 3


def test_changing_the_framework_clears_the_old_scale(world: World) -> None:
    inspection = _make(world.s1, inspected_on=dt.date(2024, 3, 1))
    client = _client(world.person(Role.CEO))
    question = client.get(_edit_url(inspection), {"change": "framework"})
    assert "Which framework was the inspection under?" in question.content.decode()
    chosen = client.get(_edit_url(inspection), {"framework": "2025"}).content.decode()
    assert 'name="area_inclusion"' in chosen and 'name="overall"' not in chosen
    assert 'name="version" value="1"' in chosen
    data = _report_card(version="1")
    assert client.post(_edit_url(inspection), data).status_code == 302
    with scopes_disabled():
        inspection.refresh_from_db()
    assert (inspection.framework, inspection.overall, inspection.area_achievement) == (
        "2025",
        None,
        4,
    )


def test_deleting_an_inspection(world: World) -> None:
    inspection = _make(world.s1)
    url = reverse("schools:inspection_delete", args=[world.s1.pk, inspection.pk])
    client = _client(world.person(Role.TRUST_ADMIN))
    assert "Delete the inspection of 15 March 2023?" in client.get(url).content.decode()
    assert client.post(url, {"version": "7"}).status_code == 400
    assert _count() == 1
    assert client.post(url, {"version": "1"}).status_code == 302
    assert _count() == 0
    with scopes_disabled():
        assert Inspection.history.filter(history_type="-").count() == 1


def test_a_reader_cannot_correct_or_delete(world: World) -> None:
    inspection = _make(world.s1)
    client = _client(world.person(Role.HEAD_TEACHER))
    assert client.post(_edit_url(inspection), _graded_2019(version="1")).status_code == 404
    url = reverse("schools:inspection_delete", args=[world.s1.pk, inspection.pk])
    assert client.post(url, {"version": "1"}).status_code == 404
    assert _count() == 1


# --- the school list and the cluster page -----------------------------------------------------------


def test_the_school_list_shows_the_headline_sorts_by_date_and_writes_words(world: World) -> None:
    _make(world.s1, inspected_on=dt.date(2022, 1, 1), overall=1)
    _make(
        world.s2,
        inspected_on=dt.date(2024, 2, 1),
        inspection_type="monitoring",
        overall=None,
        concern="special_measures",
    )
    client = _client(world.person(Role.CEO))
    url = reverse("schools:list")
    page = client.get(url, {"sort": "ofsted", "dir": "desc"}).content.decode()
    assert "Monitoring inspection, special measures (2019 framework), 1 Feb 2024" in page
    assert page.index("Birch Primary") < page.index("Alder Primary")
    page = client.get(url, {"sort": "ofsted"}).content.decode()
    assert page.index("Alder Primary") < page.index("Birch Primary")
    response = client.get(url, {"format": "csv"})
    rows = {
        r["School"]: r
        for r in csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff")))
    }
    assert rows["Alder Primary"]["Latest Ofsted"] == "Outstanding (2019 framework)"
    assert rows["Alder Primary"]["Inspected on"] == "2022-01-01"
    assert rows["Cedar Primary"]["Latest Ofsted"] == ""


def test_the_school_list_query_count_does_not_grow(world: World) -> None:
    client = _client(world.person(Role.CEO))
    _make(world.s1)
    client.get(reverse("schools:list"))  # warm the per-person caches
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("schools:list"))
    _make(world.s2)
    _make(world.s3, inspected_on=dt.date(2021, 1, 1))
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("schools:list"))
    assert len(after) == len(before)


def test_the_cluster_page_shows_each_schools_headline(world: World) -> None:
    _make(world.s1, overall=3)
    body = _client(world.person(Role.CEO)).get(
        reverse("schools:clusters:detail", args=[world.c1.pk])
    )
    text = body.content.decode()
    assert "Requires improvement (2019 framework), 15 Mar 2023" in text
    assert "Not recorded" in text  # Birch Primary has none
