"""Ofsted outcomes in both formats onto their own scales, not duplicated by inspection number; and
the trust's list of imports (filters, CSV, query count)."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_scopes import scope

from fht.models import ImportRecord
from imports.models import InspectionSource
from imports.parsing import CellError, parse_date
from schools.models import Inspection
from tests.imports.world import LEGACY_HEADER, ImportsWorld, d1_header, ofsted_file

pytestmark = pytest.mark.django_db

REPORT_CARD = {
    "URN": "143117",
    "Inspection number": "10400001",
    "Inspection type": "Report card inspection",
    "Inspection start date": "20/11/2025",
    "Category of concern": "",
    "Safeguarding standards": "Met",
    "Inclusion": "Expected standard",
    "Curriculum and teaching": "Strong standard",
    "Achievement": "3",
    "Attendance and behaviour": "needs attention",
    "Personal development and wellbeing": "Expected standard",
    "Early years (where applicable)": "",
    "Post-16 provision (where applicable)": "Strong standard",
    "Leadership and governance": "Expected standard",
}
LEGACY = {
    "URN": "143117",
    "Inspection number": "9000001",
    "Inspection type": "S5 Inspection",
    "Inspection start date": "10/03/2019",
    "Inspection end date": "11-03-2019",
    "Overall effectiveness": "2",
    "Quality of education": "2",
    "Behaviour and attitudes": "Outstanding",
    "Personal development": "2",
    "Effectiveness of leadership and management": "2",
    "Early years provision (where applicable)": "9",
}


def _import(client: Client, capture: Any, content: bytes) -> ImportRecord:
    with capture(execute=True):
        response = client.post(
            reverse("imports:ofsted_upload"),
            {"file": SimpleUploadedFile("ofsted.csv", content), "encoding": ""},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    record_id = int(response["Location"].rstrip("/").split("/")[-1])
    return ImportRecord.objects.get(pk=record_id)


def test_report_card_and_legacy_rows_go_in_on_their_own_scales_once(
    iw: ImportsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    client.force_login(iw.transfer_admin)
    capture = django_capture_on_commit_callbacks
    report_card = ofsted_file(d1_header(), [REPORT_CARD, {**REPORT_CARD, "URN": "999999"}])
    with scope(trust=iw.transfer_trust.pk):
        record = _import(client, capture, report_card)
        assert record.status == ImportRecord.Status.CHECKED, record.errors
        assert (record.summary["added"], record.summary["other_schools"]) == (1, 1)
        page = client.get(reverse("imports:record", args=[record.pk])).content.decode()
        assert "Report card: 1 needs attention, safeguarding met" in page
        with capture(execute=True):
            client.post(reverse("imports:confirm", args=[record.pk]))
        graded_2024 = {
            **LEGACY,
            "Inspection number": "9000002",
            "Inspection start date": "14/01/2025",
            "Inspection end date": "15/01/2025",
            "Overall effectiveness": "Not judged",
        }
        legacy = _import(client, capture, ofsted_file(LEGACY_HEADER, [LEGACY, graded_2024]))
        assert legacy.summary["added"] == 2, legacy.errors
        with capture(execute=True):
            client.post(reverse("imports:confirm", args=[legacy.pk]))

        card = Inspection.objects.get(school=iw.whitecotes, framework="2025")
        assert card.inspection_type == "report_card" and card.safeguarding_met is True
        assert card.areas() == {
            "inclusion": 3,
            "curriculum_and_teaching": 2,
            "achievement": 3,
            "attendance_and_behaviour": 4,
            "personal_development": 3,
            "leadership_and_governance": 3,
        }
        assert card.overall is None and card.source.area_post_16 == 2
        old = Inspection.objects.get(school=iw.whitecotes, framework="2019")
        assert (old.inspection_type, old.overall, str(old.inspected_on)) == (
            "graded",
            2,
            "2019-03-11",
        )
        assert old.grades() == {
            "quality_of_education": 2,
            "behaviour_and_attitudes": 1,
            "personal_development": 2,
            "leadership_and_management": 2,
        }
        assert old.areas() == {} and old.history.get().history_user == iw.transfer_admin
        no_overall = Inspection.objects.get(school=iw.whitecotes, framework="2024")
        assert (no_overall.inspection_type, no_overall.overall) == ("graded", None)
        assert no_overall.grades()["behaviour_and_attitudes"] == 1

        again = _import(client, capture, report_card)
        assert (again.summary["added"], again.summary["unchanged"]) == (0, 1)
        assert InspectionSource.objects.filter(trust=iw.transfer_trust).count() == 3


def test_broken_ofsted_rows_are_listed_by_row_and_column(
    iw: ImportsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    client.force_login(iw.transfer_admin)
    rows = [
        {**REPORT_CARD, "Inclusion": "Brilliant"},
        {**REPORT_CARD, "Inspection number": "10400003", "Inspection start date": "15/10/2025"},
        {**REPORT_CARD, "Inspection number": "", "URN": "143117"},
        {**REPORT_CARD, "Inspection number": "10400004", "Safeguarding standards": ""},
    ]
    with scope(trust=iw.transfer_trust.pk):
        record = _import(client, django_capture_on_commit_callbacks, ofsted_file(d1_header(), rows))
        assert record.status == ImportRecord.Status.REFUSED
        found = {(e["row"], e["column"]) for e in record.errors}
        assert found == {
            (2, "Inclusion"),
            (3, "Inspection start date"),
            (4, "Inspection number"),
            (5, "Safeguarding standards"),
        }
        assert not Inspection.objects.filter(school=iw.whitecotes).exists()


def test_a_file_that_is_not_ofsted_says_so(
    iw: ImportsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    client.force_login(iw.transfer_admin)
    with scope(trust=iw.transfer_trust.pk):
        record = _import(client, django_capture_on_commit_callbacks, b"Name,Score\r\nA,1\r\n")
    assert record.status == ImportRecord.Status.REFUSED
    assert "not an Ofsted management-information file" in record.errors[0]["message"]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("01-09-2016", "2016-09-01"),
        ("1/9/2016", "2016-09-01"),
        ("2016-09-01", "2016-09-01"),
        ("", None),
    ],
)
def test_dates_in_the_dfes_forms(text: str, day: str | None) -> None:
    parsed = parse_date(text)
    assert (str(parsed) if parsed else None) == day


@pytest.mark.parametrize("text", ["31-02-2020", "2020-13-01", "1e309", "NaN", "<b>x</b>", "-1"])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(CellError):
        parse_date(text)


def _records(iw: ImportsWorld, n: int) -> None:
    with scope(trust=iw.new_trust.pk):
        for i in range(n):
            ImportRecord.objects.create(
                trust=iw.new_trust,
                kind="ofsted" if i % 2 else "gias",
                status=ImportRecord.Status.APPLIED if i % 3 else ImportRecord.Status.REFUSED,
                file="imports/x.csv",
                file_name=f"=file-{i}.csv",
                size=10,
                sha256="0" * 64,
                uploaded_by=iw.admin if i % 2 else iw.ceo,
            )


def test_the_list_filters_exports_and_does_not_grow_in_queries(
    iw: ImportsWorld, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.force_login(iw.admin)
    url = reverse("imports:list")
    assert "Nothing has been imported yet" in client.get(url).content.decode()
    _records(iw, 3)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    _records(iw, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("=file-") == 15
    filtered = client.get(url, {"kind": "ofsted", "status": "refused"}).content.decode()
    assert filtered.count("=file-") == sum(1 for i in range(3) if i % 2 and not i % 3) + sum(
        1 for i in range(12) if i % 2 and not i % 3
    )
    assert (
        "No import matches"
        in client.get(url, {"kind": "ofsted", "status": "cancelled"}).content.decode()
    )
    assert client.get(url, {"kind": "<script>", "status": "1e309"}).status_code == 200
    csv = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert "Uploaded,Kind,File,Status" in csv.splitlines()[0]
    assert "'=file-0.csv" in csv  # a cell that starts like a formula is neutralised
    # The CEO reads the history; another trust's administrator sees none of it.
    ceo = Client()
    ceo.force_login(iw.ceo)
    assert ceo.get(url).content.decode().count("=file-") == 15
    other = Client()
    other.force_login(iw.other_admin)
    assert "=file-" not in other.get(url).content.decode()


def test_the_import_page_polls_while_checking_and_the_school_page_links_to_its_imports(
    iw: ImportsWorld,
) -> None:
    with scope(trust=iw.transfer_trust.pk):
        record = ImportRecord.objects.create(
            trust=iw.transfer_trust,
            kind="gias",
            status=ImportRecord.Status.CHECKING,
            file="imports/x.csv",
            file_name="x.csv",
            size=10,
            sha256="0" * 64,
            uploaded_by=iw.transfer_admin,
            summary={"rows_read": 5000},
        )
    client = Client()
    client.force_login(iw.transfer_admin)
    url = reverse("imports:record", args=[record.pk])
    partial = client.get(url, headers={"HX-Request": "true"})
    assert "5000 rows read so far" in partial.content.decode()
    assert 'hx-trigger="every 2s"' in partial.content.decode()
    with scope(trust=iw.transfer_trust.pk):
        ImportRecord.objects.filter(pk=record.pk).update(status=ImportRecord.Status.CHECKED)
    assert client.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"
    school_page = client.get(reverse("schools:detail", args=[iw.whitecotes.pk])).content.decode()
    assert reverse("imports:school", args=[iw.whitecotes.pk]) in school_page
    head = Client()
    head.force_login(iw.head)
    assert (
        reverse("imports:school", args=[iw.whitecotes.pk])
        not in head.get(reverse("schools:detail", args=[iw.whitecotes.pk])).content.decode()
    )


def test_another_apps_import_is_listed_and_shown_but_not_confirmed_here(iw: ImportsWorld) -> None:
    with scope(trust=iw.new_trust.pk):
        record = ImportRecord.objects.create(
            trust=iw.new_trust,
            kind="ks2_results",
            status=ImportRecord.Status.CHECKED,
            file="imports/ks2.csv",
            file_name="ks2.csv",
            size=10,
            sha256="0" * 64,
            uploaded_by=iw.admin,
            summary={"added": 3, "rows_read": 4},
        )
    client = Client()
    client.force_login(iw.admin)
    page = client.get(reverse("imports:record", args=[record.pk])).content.decode()
    assert "Added" in page and "Confirm and import" not in page
    client.post(reverse("imports:confirm", args=[record.pk]))
    client.post(reverse("imports:cancel", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == ImportRecord.Status.CHECKED
    assert "ks2.csv" in client.get(reverse("imports:list")).content.decode()


def test_a_file_the_csv_reader_gives_up_on_is_refused_in_words(
    iw: ImportsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    rows = [{**REPORT_CARD, "Inspection number": str(10500000 + i)} for i in range(20)]
    # A cell longer than any CSV reader accepts (131,072 characters).
    content = ofsted_file(d1_header(), rows) + b'"143117","' + b"x" * 200_000 + b'"\r\n'
    client = Client()
    client.force_login(iw.transfer_admin)
    with scope(trust=iw.transfer_trust.pk):
        record = _import(client, django_capture_on_commit_callbacks, content)
    assert record.status == ImportRecord.Status.REFUSED
    assert record.errors[0]["column"] == "Whole file"
    assert "could not be read as CSV" in record.errors[0]["message"]
