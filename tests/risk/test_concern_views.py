"""The concern pages: opening a case, the case page and its forms, the list with its CSV, and the
school panel. Bad input is a 400 with the messages and nothing written; a stale form a 409."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.models import User
from fht.roles import Role
from risk.models import CaseStep, ConcernCase, ConcernIsapLink, LevelDecision
from tests.conftest import World
from tests.risk.concern_world import concern_priority, open_case

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _date(prefix: str, on: dt.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(on.day),
        f"{prefix}_month": str(on.month),
        f"{prefix}_year": str(on.year),
    }


def _today() -> dt.date:
    return timezone.localdate()


def _count(model: type) -> int:
    with scopes_disabled():
        return model.objects.count()  # type: ignore[attr-defined]


def test_the_ceo_opens_a_case_and_sees_the_steps_it_lacks(world: World) -> None:
    client = _client(world.person(Role.CEO))
    assert client.get(reverse("risk:concern_open")).status_code == 200
    response = client.post(
        reverse("risk:concern_open"),
        {
            "school": world.s1.pk,
            "level": "2",
            **_date("opened_on", _today()),
            "reason": "Two terms without progress.",
            "issues": "Reading",
        },
    )
    with scopes_disabled():
        case = ConcernCase.objects.get(school=world.s1)
    assert response.status_code == 302
    page = client.get(reverse("risk:concern_case", args=[case.pk])).content.decode()
    assert "Concern case: level 2" in page
    assert "4 required steps of level 2 still missing" in page
    assert "Concerns shared with the chair of governors" in page
    assert "Case opened at level 2" in page and "Two terms without progress." in page


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"school": "", "level": "1", "reason": "Why"},
        {"level": "NaN", "reason": "Why"},
        {"level": "1e309", "reason": "Why"},
        {"level": "5", "reason": "Why"},
        {"level": "-1", "reason": "Why"},
        {"level": "1", "reason": "x" * 5001},
        {"level": "1", "reason": "   "},
        {"level": "1", "reason": "Why", "opened_on_day": "31", "opened_on_month": "2"},
        {"level": "1", "reason": "Why", "other_school": True},
    ],
)
def test_opening_refuses_bad_input_and_writes_nothing(world: World, data: dict) -> None:
    posted = {"school": world.s1.pk, **_date("opened_on", _today()), **data}
    if posted.pop("other_school", False):
        posted["school"] = world.sb.pk
    response = _client(world.person(Role.CEO)).post(reverse("risk:concern_open"), posted)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert _count(ConcernCase) == 0 and _count(LevelDecision) == 0


def test_typed_html_is_kept_and_escaped(world: World) -> None:
    response = _client(world.person(Role.CEO)).post(
        reverse("risk:concern_open"),
        {"school": "", "level": "1", "reason": "<script>alert(1)</script>"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert(1)" not in body


def test_a_school_with_an_open_case_is_not_offered_again(world: World) -> None:
    open_case(world.s1)
    response = _client(world.person(Role.CEO)).post(
        reverse("risk:concern_open"),
        {"school": world.s1.pk, "level": "1", **_date("opened_on", _today()), "reason": "Again"},
    )
    assert response.status_code == 400
    assert _count(ConcernCase) == 1


def test_the_director_records_steps_but_does_not_step_levels(world: World) -> None:
    case = open_case(world.s1, level=2)
    director = _client(world.person(Role.QA_DIRECTOR))
    step = {"kind": "causes_discussed", **_date("done_on", _today()), "note": "Met the head."}
    assert director.post(reverse("risk:concern_step", args=[case.pk]), step).status_code == 302
    # The letters' sending is for those who send them.
    sent = {**step, "kind": "chair_letter_sent"}
    assert director.post(reverse("risk:concern_step", args=[case.pk]), sent).status_code == 400
    level = {"to_level": "3", **_date("decided_on", _today()), "reason": "Why", "version": "1"}
    assert director.post(reverse("risk:concern_level", args=[case.pk]), level).status_code == 404
    with scopes_disabled():
        assert [s.kind for s in CaseStep.objects.all()] == ["causes_discussed"]
        assert ConcernCase.objects.get(pk=case.pk).level == 2


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "", "note": "x"},
        {"kind": "action_taken", "note": "x"},
        {"kind": "causes_discussed", "note": ""},
        {"kind": "causes_discussed", "note": "x", "done_on_year": "2099"},
        {"kind": "causes_discussed", "note": "x", "done_on_day": "NaN"},
        {"kind": "causes_discussed", "note": "x", "done_on_year": "2000"},
    ],
)
def test_bad_steps_are_refused(world: World, data: dict) -> None:
    case = open_case(world.s1, level=1)
    posted = {**_date("done_on", _today()), **data}
    response = _client(world.person(Role.CEO)).post(
        reverse("risk:concern_step", args=[case.pk]), posted
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert _count(CaseStep) == 0


def test_a_stale_level_change_is_a_409_and_changes_nothing(world: World) -> None:
    case = open_case(world.s1, level=1)
    ceo = _client(world.person(Role.CEO))
    url = reverse("risk:concern_level", args=[case.pk])
    up = {"to_level": "2", **_date("decided_on", _today()), "reason": "No progress."}
    assert ceo.post(url, {**up, "version": "1"}).status_code == 302
    response = ceo.post(url, {**up, "to_level": "3", "version": "1"})
    assert response.status_code == 409
    assert "Someone changed the case" in response.content.decode()
    missing_version = ceo.post(url, {**up, "to_level": "3"})
    assert missing_version.status_code == 400
    with scopes_disabled():
        assert ConcernCase.objects.get(pk=case.pk).level == 2
        assert LevelDecision.objects.count() == 2


def test_stepping_back_and_closing_from_the_page(world: World) -> None:
    case = open_case(world.s1, level=2)
    ceo = _client(world.person(Role.CEO))
    back = {"to_level": "1", **_date("decided_on", _today()), "reason": "Better.", "version": "1"}
    assert ceo.post(reverse("risk:concern_level", args=[case.pk]), back).status_code == 302
    close = {**_date("closed_on", _today()), "reason": "Out of concern.", "version": "2"}
    assert ceo.post(reverse("risk:concern_close", args=[case.pk]), close).status_code == 302
    with scopes_disabled():
        case.refresh_from_db()
    assert case.status == "closed" and case.level == 1
    page = ceo.get(reverse("risk:concern_case", args=[case.pk])).content.decode()
    assert "Stepped back from level 2 to level 1" in page and "Case closed at level 1" in page


def test_the_isap_amendment_is_linked_from_the_page(world: World) -> None:
    case = open_case(world.s1)
    priority = concern_priority(world)
    elsewhere = concern_priority(world, world.s3)
    director = _client(world.person(Role.QA_DIRECTOR))
    url = reverse("risk:concern_isap", args=[case.pk])
    page = director.get(reverse("risk:concern_case", args=[case.pk])).content.decode()
    assert "Rapid improvement in early reading" in page
    assert director.post(url, {"item": f"p{elsewhere.pk}"}).status_code == 400
    assert director.post(url, {"item": "p<b>"}).status_code == 400
    assert _count(ConcernIsapLink) == 0
    assert director.post(url, {"item": f"p{priority.pk}"}).status_code == 302
    page = director.get(reverse("risk:concern_case", args=[case.pk])).content.decode()
    assert "ISAP amended" in page
    assert "1 required step of level 1 still missing" in page


def test_the_restricted_text_is_kept_from_the_form_of_those_who_may_not_read_it(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import risk.views.concern.cases as cases_view

    case = open_case(world.s1)
    with scopes_disabled():
        ConcernCase.objects.filter(pk=case.pk).update(performance_management="Secret appraisal")
    ceo = _client(world.person(Role.CEO))
    assert (
        "Secret appraisal" in ceo.get(reverse("risk:concern_case", args=[case.pk])).content.decode()
    )
    monkeypatch.setattr(cases_view, "reads_restricted", lambda access, school_id: False)
    page = ceo.get(reverse("risk:concern_case", args=[case.pk])).content.decode()
    assert "Secret appraisal" not in page
    text = {
        "issues": "New",
        "actions_to_follow": "",
        "performance_management": "Gone",
        "version": "1",
    }
    assert ceo.post(reverse("risk:concern_text", args=[case.pk]), text).status_code == 302
    with scopes_disabled():
        case.refresh_from_db()
    assert case.issues == "New" and case.performance_management == "Secret appraisal"


@pytest.mark.parametrize(
    "role", [Role.HEAD_TEACHER, Role.CHAIR_OF_GOVERNORS, Role.GOVERNOR, Role.TRUSTEE]
)
def test_heads_governors_and_trustees_do_not_read_the_case(world: World, role: Role) -> None:
    case = open_case(world.s1)
    client = _client(world.person(role))
    assert client.get(reverse("risk:concern_case", args=[case.pk])).status_code == 404
    assert client.get(reverse("risk:concern_list")).status_code == 404


def test_the_list_filters_and_downloads_as_csv(world: World) -> None:
    open_case(world.s1, level=2)
    open_case(world.s3, level=3)
    open_case(world.sb, level=4)
    ceo = _client(world.person(Role.CEO))
    page = ceo.get(reverse("risk:concern_list")).content.decode()
    assert "Alder Primary" in page and "Cedar Primary" in page and "Driftwood" not in page
    only3 = ceo.get(reverse("risk:concern_list") + "?level=3").content.decode()
    assert "Cedar Primary" in only3 and "Alder Primary" not in only3
    csv = ceo.get(reverse("risk:concern_list") + "?format=csv").content.decode()
    assert "Alder Primary" in csv and "Concerns shared with the chair of governors" in csv
    # The director of c1 sees only their cluster's case.
    director = _client(world.person(Role.QA_DIRECTOR)).get(reverse("risk:concern_list"))
    assert "Alder Primary" in director.content.decode()
    assert "Cedar Primary" not in director.content.decode()


def test_the_list_query_count_does_not_grow(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ceo = _client(world.person(Role.CEO))
    open_case(world.s1)
    with CaptureQueriesContext(connection) as one:
        ceo.get(reverse("risk:concern_list"))
    open_case(world.s2, level=2)
    open_case(world.s3, level=3)
    with CaptureQueriesContext(connection) as three:
        ceo.get(reverse("risk:concern_list"))
    assert len(three) == len(one)


@pytest.mark.parametrize(
    ("role", "sees_level", "sees_link"),
    [
        (Role.CEO, True, True),
        (Role.QA_DIRECTOR, True, True),
        (Role.TRUSTEE, True, False),
        (Role.HEAD_TEACHER, False, False),
        (Role.CHAIR_OF_GOVERNORS, False, False),
    ],
)
def test_the_school_panel(world: World, role: Role, sees_level: bool, sees_link: bool) -> None:
    case = open_case(world.s1, level=2)
    page = _client(world.person(role)).get(reverse("schools:detail", args=[world.s1.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert ("Level 2" in body) is sees_level
    assert (reverse("risk:concern_case", args=[case.pk]) in body) is sees_link


def test_the_case_page_forms_share_no_id(world: World) -> None:
    import re

    case = open_case(world.s1, level=2)
    page = _client(world.person(Role.CEO)).get(reverse("risk:concern_case", args=[case.pk]))
    ids = re.findall(r'\bid="([^"]+)"', page.content.decode())
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_the_case_page_query_count_does_not_grow_with_its_log(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from risk.services.concern import concern_step_record

    case = open_case(world.s1, level=2)
    ceo = _client(world.person(Role.CEO))
    url = reverse("risk:concern_case", args=[case.pk])

    def record(n: int) -> None:
        with scopes_disabled():
            for i in range(n):
                concern_step_record(
                    case=case,
                    kind="shared_with_chair",
                    done_on=_today(),
                    note=f"Meeting {i}",
                    acting_user=world.person(Role.QA_DIRECTOR),
                )

    record(1)
    with CaptureQueriesContext(connection) as few:
        ceo.get(url)
    record(6)
    with CaptureQueriesContext(connection) as many:
        assert "Meeting 5" in ceo.get(url).content.decode()
    assert len(many) == len(few)
