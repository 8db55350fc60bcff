"""The growth pages: the settings, the due-diligence records and a school joining with its first
category, and the growth page itself (golden rule with what-if, Directors of QA's load, the
category heat map and its table, CSV). Bad input is refused with a message and nothing written;
a stale save is a 409; another trust's ids are refused."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.roles import Role
from risk.models import CategoryDecision, DueDiligence, GrowthSettings
from risk.services.categories import category_set
from schools.models import School
from tests.conftest import World
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

SETTINGS = reverse("risk:growth_settings")
GROWTH = reverse("risk:growth")
DD_ADD = reverse("risk:growth_dd_add")


def client_for(world: World, role: Role) -> Client:
    client = Client()
    client.force_login(world.person(role))
    return client


def dd_form(**changes: str) -> dict[str, str]:
    data = {
        "name": "Hollybrook Primary School",
        "urn": "152001",
        "status": "in_progress",
        "started_on_day": "14",
        "started_on_month": "9",
        "started_on_year": "2026",
        "practice_observed": "Phonics inconsistent in KS1.",
        "previous_ofsted": "Requires improvement, March 2024 (2019 framework).",
        "ofsted_outcome": "below_good",
        "data_summary": "KS2 RWM 48% against 61% nationally.",
        "leadership_capacity": "New head from January; deputy acting.",
        "proposed_category": "C",
    }
    return data | changes


def add_record(world: World, trust: object = None, **changes: object) -> DueDiligence:
    values: dict[str, object] = {
        "trust": trust or world.trust,
        "name": "Hollybrook Primary School",
        "started_on": dt.date(2026, 5, 11),
        "proposed_category": "C",
        "ofsted_outcome": "below_good",
    }
    with scopes_disabled():
        return DueDiligence.objects.create(**(values | changes))


# --- settings ------------------------------------------------------------------------------------


def test_the_ceo_saves_the_settings_and_the_rule_follows(world: World) -> None:
    client = client_for(world, Role.CEO)
    page = client.get(SETTINGS)
    assert page.status_code == 200
    assert "Any area at needs attention or urgent improvement" in page.content.decode()
    response = client.post(
        SETTINGS, {"report_card_below_from": "5", "sub_judgement_below_from": "4"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        saved = GrowthSettings.objects.get(trust=world.trust)
    assert (saved.report_card_below_from, saved.sub_judgement_below_from) == (5, 4)
    assert saved.safeguarding_not_met_below is False  # the box was left empty
    assert saved.updated_by == world.person(Role.CEO)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sub_judgement_below_from": "3"}, "Choose which report-card outcomes count"),
        ({"report_card_below_from": "9", "sub_judgement_below_from": "3"}, "from the list"),
        ({"report_card_below_from": "1e309", "sub_judgement_below_from": "3"}, "from the list"),
        ({"report_card_below_from": "<b>4</b>", "sub_judgement_below_from": "3"}, "from the list"),
    ],
)
def test_bad_settings_are_refused_with_a_message(
    world: World, data: dict[str, str], message: str
) -> None:
    response = client_for(world, Role.CEO).post(SETTINGS, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    with scopes_disabled():
        assert not GrowthSettings.objects.exists()


def test_a_stale_settings_save_is_refused(world: World) -> None:
    ceo, deputy = client_for(world, Role.CEO), client_for(world, Role.DEPUTY_CEO)
    first = {"report_card_below_from": "4", "sub_judgement_below_from": "3", "version": ""}
    assert ceo.post(SETTINGS, first).status_code == 302
    opened = {"report_card_below_from": "3", "sub_judgement_below_from": "3", "version": "1"}
    assert deputy.post(SETTINGS, opened | {"report_card_below_from": "5"}).status_code == 302
    stale = ceo.post(SETTINGS, opened)
    assert stale.status_code == 409
    assert "report card outcomes below good" in stale.content.decode()
    with scopes_disabled():
        assert GrowthSettings.objects.get(trust=world.trust).report_card_below_from == 5


@pytest.mark.parametrize("role", [Role.TRUSTEE, Role.QA_DIRECTOR, Role.HEAD_TEACHER])
def test_only_the_ceo_and_deputy_change_the_settings(world: World, role: Role) -> None:
    response = client_for(world, role).post(
        SETTINGS, {"report_card_below_from": "5", "sub_judgement_below_from": "4"}
    )
    assert response.status_code == 403
    with scopes_disabled():
        assert not GrowthSettings.objects.exists()


# --- due diligence -------------------------------------------------------------------------------


def test_the_ceo_records_due_diligence_and_a_trustee_reads_it(world: World) -> None:
    response = client_for(world, Role.CEO).post(DD_ADD, dd_form())
    assert response.status_code == 302
    with scopes_disabled():
        record = DueDiligence.objects.get()
    assert record.trust == world.trust and record.created_by == world.person(Role.CEO)
    assert (record.proposed_category, record.ofsted_outcome) == ("C", "below_good")
    trustee = client_for(world, Role.TRUSTEE)
    listing = trustee.get(reverse("risk:growth_dd_list")).content.decode()
    assert "Hollybrook Primary School" in listing and "Add a school" not in listing
    detail = trustee.get(reverse("risk:growth_dd", kwargs={"record_id": record.pk}))
    body = detail.content.decode()
    assert "Phonics inconsistent in KS1." in body and "New head from January" in body
    assert "Edit the record" not in body
    assert trustee.post(DD_ADD, dd_form()).status_code == 403


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"name": ""}, "Enter the school name."),
        ({"name": "x" * 201}, "School name must be 200 characters or fewer."),
        ({"urn": "12ab"}, "Enter the URN as 6 or 7 digits."),
        ({"urn": "-152001"}, "Enter the URN as 6 or 7 digits."),
        ({"proposed_category": "E"}, "Choose the proposed category from the list."),
        ({"proposed_category": ""}, "Choose the proposed category."),
        ({"ofsted_outcome": "outstanding"}, "Choose the Ofsted outcome for the golden rule from"),
        ({"status": "joined"}, "Choose the status from the list."),
        ({"started_on_month": "13"}, "The month must be a number from 1 to 12."),
        (
            {"started_on_day": "", "started_on_month": "", "started_on_year": ""},
            "Enter the date due",
        ),
        ({"data_summary": "x" * 10_001}, "Data must be 10,000 characters or fewer."),
    ],
)
def test_bad_due_diligence_is_refused_with_what_was_typed(
    world: World, changes: dict[str, str], field_message: str
) -> None:
    response = client_for(world, Role.CEO).post(DD_ADD, dd_form(**changes))
    assert response.status_code == 400
    body = response.content.decode()
    assert field_message in body
    assert "Phonics inconsistent in KS1." in body  # what was typed is kept
    with scopes_disabled():
        assert not DueDiligence.objects.exists()


def test_html_is_kept_as_text_not_markup(world: World) -> None:
    client = client_for(world, Role.CEO)
    client.post(DD_ADD, dd_form(practice_observed="<script>alert(1)</script>"))
    with scopes_disabled():
        record = DueDiligence.objects.get()
    body = client.get(reverse("risk:growth_dd", kwargs={"record_id": record.pk})).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_editing_a_record_and_a_stale_edit(world: World) -> None:
    record = add_record(world)
    url = reverse("risk:growth_dd_edit", kwargs={"record_id": record.pk})
    ceo, deputy = client_for(world, Role.CEO), client_for(world, Role.DEPUTY_CEO)
    assert ceo.get(url).status_code == 200
    assert deputy.post(url, dd_form(version="1", proposed_category="D")).status_code == 302
    stale = ceo.post(url, dd_form(version="1", proposed_category="B"))
    assert stale.status_code == 409
    assert "proposed category" in stale.content.decode()
    missing = ceo.post(url, dd_form(proposed_category="B"))  # no version sent
    assert missing.status_code == 400
    with scopes_disabled():
        record.refresh_from_db()
    assert (record.proposed_category, record.version) == ("D", 2)


def test_another_trusts_record_is_not_found(world: World) -> None:
    theirs = add_record(world, trust=world.other_trust)
    ceo = client_for(world, Role.CEO)
    for name in ("risk:growth_dd", "risk:growth_dd_edit", "risk:growth_dd_join"):
        assert ceo.get(reverse(name, kwargs={"record_id": theirs.pk})).status_code == 404


def _join(client: Client, record: DueDiligence, school_id: object, **extra: str) -> object:
    url = reverse("risk:growth_dd_join", kwargs={"record_id": record.pk})
    data = {
        "school": str(school_id),
        "decided_on_day": "1",
        "decided_on_month": "9",
        "decided_on_year": "2026",
        "reason": "Due diligence found weak phonics and a new head.",
        "version": str(record.version),
    }
    return client.post(url, data | extra)


def test_joining_links_the_school_and_sets_its_first_category_from_the_record(
    world: World,
) -> None:
    record = add_record(world)
    response = _join(client_for(world, Role.CEO), record, world.s2.pk)
    assert response.status_code == 302  # type: ignore[attr-defined]
    with scopes_disabled():
        record.refresh_from_db()
        school = School.objects.get(pk=world.s2.pk)
        decision = CategoryDecision.objects.get(school=school)
    assert record.school == school and record.status == DueDiligence.Status.JOINED
    assert school.category == "C"
    assert decision.source == CategoryDecision.Source.DUE_DILIGENCE
    assert decision.due_diligence == record and decision.previous_category is None
    assert decision.decided_on == dt.date(2026, 9, 1)
    assert decision.decided_by == world.person(Role.CEO)


def test_joining_is_refused_for_a_school_with_a_category_or_of_another_trust(world: World) -> None:
    record = add_record(world)
    with scopes_disabled():
        category_set(
            school=world.s1,
            category="A",
            decided_on=dt.date(2025, 9, 1),
            reason="x",
            acting_user=None,
        )
    ceo = client_for(world, Role.CEO)
    for school_id in (world.s1.pk, world.sb.pk, "99999999999999999999", "1e309", ""):
        response = _join(ceo, record, school_id)
        assert response.status_code == 400, school_id  # type: ignore[attr-defined]
        assert "Choose" in response.content.decode()  # type: ignore[attr-defined]
    bad_reason = _join(ceo, record, world.s2.pk, reason="  ")
    assert bad_reason.status_code == 400  # type: ignore[attr-defined]
    with scopes_disabled():
        record.refresh_from_db()
        assert record.school is None and record.status == DueDiligence.Status.IN_PROGRESS
        assert not CategoryDecision.objects.filter(school__in=[world.s2, world.sb]).exists()


def test_a_record_joins_only_once(world: World) -> None:
    record = add_record(world)
    ceo = client_for(world, Role.CEO)
    assert _join(ceo, record, world.s2.pk).status_code == 302  # type: ignore[attr-defined]
    with scopes_disabled():
        record.refresh_from_db()
    again = _join(ceo, record, world.s3.pk)
    assert again.status_code == 400  # type: ignore[attr-defined]
    assert "already joined" in again.content.decode()  # type: ignore[attr-defined]
    with scopes_disabled():
        assert not CategoryDecision.objects.filter(school=world.s3).exists()


# --- the growth page ----------------------------------------------------------------------------


def _categorise(world: World) -> None:
    with scopes_disabled():
        for school, category in [(world.s1, "A"), (world.s2, "B"), (world.s3, "C")]:
            category_set(
                school=school,
                category=category,
                decided_on=dt.date(2026, 9, 1),
                reason="First category.",
                acting_user=None,
            )


def test_the_growth_page_shows_the_rule_now_and_with_a_prospective_school(world: World) -> None:
    _categorise(world)
    record = add_record(world)
    trustee = client_for(world, Role.TRUSTEE)
    now = trustee.get(GROWTH)
    assert now.status_code == 200
    body = now.content.decode()
    # By hand: A, B against C = 2 to 1, below the minimum, 1 more needed.
    assert "2 to 1" in body and "1 more good or better school needed" in body
    assert "Never inspected" in body  # no inspection yet: every school listed apart
    what_if = trustee.get(GROWTH, {"prospective": record.pk}).content.decode()
    assert "with Hollybrook Primary School" in what_if
    # With Hollybrook (C): 2 good, 2 below = 1 to 1, 4 more needed.
    assert "1 to 1" in what_if and "4 more good or better schools needed" in what_if


@pytest.mark.parametrize("bad", ["abc", "1e309", "99999999999999999999", "-1", "<b>"])
def test_a_bad_or_foreign_prospective_school_is_refused(world: World, bad: str) -> None:
    theirs = add_record(world, trust=world.other_trust, name="Foreign School")
    client = client_for(world, Role.CEO)
    for value in (bad, str(theirs.pk)):
        response = client.get(GROWTH, {"prospective": value})
        assert response.status_code == 400
        body = response.content.decode()
        assert "Choose a school in due diligence from the list." in body
        assert "Foreign School" not in body


def test_a_joined_record_is_no_longer_offered_as_prospective(world: World) -> None:
    record = add_record(world, status=DueDiligence.Status.JOINED, school=world.s2)
    response = client_for(world, Role.CEO).get(GROWTH, {"prospective": record.pk})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "role", [Role.QA_DIRECTOR, Role.HEAD_TEACHER, Role.GOVERNOR, Role.CPD_LEAD, Role.TRUST_ADMIN]
)
def test_the_growth_page_is_for_the_ceo_deputy_and_trustees(world: World, role: Role) -> None:
    assert client_for(world, role).get(GROWTH).status_code == 403


def test_the_golden_rule_csv(world: World) -> None:
    _categorise(world)
    record = add_record(world)
    response = client_for(world, Role.CEO).get(
        GROWTH, {"prospective": record.pk, "format": "csv", "table": "golden-rule"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Counted by,Good or better,Below good,Listed apart")
    assert lines[1] == '"The trust\'s categories, now",2,1,0,2 to 1,Below the minimum,1'
    assert lines[3] == (
        '"The trust\'s categories, with Hollybrook Primary School",2,2,0,1 to 1,Below the minimum,4'
    )
    assert len(lines) == 5


def test_the_home_page_links_to_growth_for_its_readers_only(world: World) -> None:
    assert GROWTH in client_for(world, Role.TRUSTEE).get(reverse("home")).content.decode()
    assert GROWTH not in client_for(world, Role.HEAD_TEACHER).get(reverse("home")).content.decode()


def test_the_growth_page_query_count_does_not_grow_with_schools(
    world: World, django_assert_max_num_queries: object
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _categorise(world)
    client = client_for(world, Role.CEO)
    client.get(GROWTH)
    with CaptureQueriesContext(connection) as few:
        client.get(GROWTH)
    with scopes_disabled():
        for i in range(6):
            school = SchoolFactory(cluster=world.c1, name=f"Extra {i}")
            category_set(
                school=school,
                category="B",
                decided_on=dt.date(2026, 9, 1),
                reason="x",
                acting_user=None,
            )
    with CaptureQueriesContext(connection) as many:
        body = client.get(GROWTH).content.decode()
    assert "Extra 5" in body
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (("1", "5", "2026"), "cannot be dated before due diligence started"),
        (("1", "1", "2100"), "must be today or earlier"),
        (("31", "2", "2026"), "Enter a real date"),
    ],
)
def test_the_date_of_the_first_category_is_checked(
    world: World, day: tuple[str, str, str], message: str
) -> None:
    record = add_record(world)
    response = _join(
        client_for(world, Role.CEO),
        record,
        world.s2.pk,
        decided_on_day=day[0],
        decided_on_month=day[1],
        decided_on_year=day[2],
    )
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert message in response.content.decode()  # type: ignore[attr-defined]
    with scopes_disabled():
        assert not CategoryDecision.objects.exists()


def test_the_join_page_says_when_no_school_can_join(world: World) -> None:
    _categorise(world)
    record = add_record(world)
    page = client_for(world, Role.CEO).get(
        reverse("risk:growth_dd_join", kwargs={"record_id": record.pk})
    )
    assert "Every open school of the trust already has a category" in page.content.decode()


def test_a_withdrawn_record_and_joined_status_set_by_hand(world: World) -> None:
    record = add_record(world)
    url = reverse("risk:growth_dd_edit", kwargs={"record_id": record.pk})
    ceo = client_for(world, Role.CEO)
    assert ceo.post(url, dd_form(version="1", status="withdrawn")).status_code == 302
    with scopes_disabled():
        record.refresh_from_db()
    assert record.status == DueDiligence.Status.WITHDRAWN
    # A withdrawn record is not a prospective school.
    assert ceo.get(GROWTH, {"prospective": record.pk}).status_code == 400


def test_the_due_diligence_list_query_count_does_not_grow(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_record(world, name="First")
    client = client_for(world, Role.TRUSTEE)
    url = reverse("risk:growth_dd_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        with scopes_disabled():
            school = SchoolFactory(cluster=world.c1, name=f"Joined {i}")
        add_record(world, name=f"More {i}", status=DueDiligence.Status.JOINED, school=school)
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert "More 4" in body and "(Joined 4)" in body
    assert len(many) == len(few)
