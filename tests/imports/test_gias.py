"""Schools from GIAS: the sample extract and links file into a new trust, the preview, confirming,
re-importing, a URN change carried by the links file, broken rows, encodings and refused files."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_scopes import scope

from fht.models import ImportRecord, Job
from imports import services
from imports.models import GiasRecord, SchoolLink
from schools.models import School
from tests.imports.world import LINKS, SAMPLE, ImportsWorld, gias_file, sample_rows

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, capture: Any, **files: Any) -> Any:
    data = {"encoding": files.pop("encoding", ""), "group_uid": files.pop("group_uid", "")}
    with capture(execute=True):
        return client.post(reverse("imports:gias_upload"), {**data, **files})


def _record(trust: Any) -> ImportRecord:
    with scope(trust=trust.pk):
        return ImportRecord.objects.filter(trust=trust).latest("pk")


def _file(path: Any, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/csv")


def test_new_trust_imports_the_sample_and_links_then_a_reimport_changes_nothing(
    iw: ImportsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client(iw.admin)
    response = _upload(
        client,
        django_capture_on_commit_callbacks,
        extract=_file(SAMPLE),
        links=_file(LINKS),
        group_uid="5488",
    )
    record = _record(iw.new_trust)
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:record", args=[record.pk])
    assert record.status == ImportRecord.Status.CHECKED
    assert record.summary["added"] == 1 and record.summary["changed"] == 0
    page = client.get(reverse("imports:record", args=[record.pk])).content.decode()
    assert "St Paul&#x27;s Church of England Academy" in page
    assert "Schools to add" in page and "Confirm and import" in page
    assert "Pupils on roll: 661" in page and "Opened: 1 August 2016" in page
    with scope(trust=iw.new_trust.pk):
        assert not School.objects.filter(trust=iw.new_trust).exists()  # a dry run writes nothing

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[record.pk]))
    with scope(trust=iw.new_trust.pk):
        record.refresh_from_db()
        assert record.status == ImportRecord.Status.APPLIED
        assert record.applied_by == iw.admin and record.applied_at is not None
        school = School.objects.get(trust=iw.new_trust, urn="143034")
        assert (school.name, school.phase, school.local_authority) == (
            "St Paul's Church of England Academy",
            School.Phase.PRIMARY,
            "East Sussex",
        )
        assert school.pupils_on_roll == 661 and school.establishment_number == "845/3090"
        assert school.history.get().history_user == iw.admin
        gias = GiasRecord.objects.get(school=school)
        assert (gias.status, str(gias.opened_on), gias.group_uid) == ("Open", "2016-08-01", "5488")
        # Who imported which file when, each step kept.
        steps = list(record.history.order_by("history_date").values_list("status", flat=True))
        assert steps[0] == "checking" and steps[-1] == "applied"
    # The new school is visible to the trust-wide roles at once.
    assert _client(iw.ceo).get(reverse("schools:detail", args=[school.pk])).status_code == 200

    _upload(client, django_capture_on_commit_callbacks, extract=_file(SAMPLE), group_uid="5488")
    again = _record(iw.new_trust)
    assert again.summary["added"] == 0 and again.summary["changed"] == 0
    assert again.summary["unchanged"] == 1
    assert not services.may_confirm(again)
    assert (
        "would change nothing"
        in client.get(reverse("imports:record", args=[again.pk])).content.decode()
    )
    # The first import named the trust's DfE group: another group's schools are refused.
    iw.new_trust.refresh_from_db()
    assert iw.new_trust.dfe_group_id == "5488"
    _upload(client, django_capture_on_commit_callbacks, extract=_file(SAMPLE), group_uid="4000")
    other = _record(iw.new_trust)
    assert other.status == ImportRecord.Status.REFUSED
    assert "only your own trust's schools" in other.errors[0]["message"]


def test_a_school_held_under_its_predecessor_urn_moves_to_its_successor(
    iw: ImportsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    header, rows = sample_rows()
    walton = {
        **rows[0],
        "URN": "148428",
        "EstablishmentName": "Walton Peak Flying High Academy",
        "Trusts (code)": "4000",
        "Trusts (name)": "FLYING HIGH TRUST",
        "ReasonEstablishmentOpened (name)": "Academy Transfer",
        "NumberOfPupils": "210",
    }
    extract = SimpleUploadedFile("edubasealldata.csv", gias_file([walton, rows[1]], header))
    client = _client(iw.transfer_admin)
    _upload(client, django_capture_on_commit_callbacks, extract=extract, links=_file(LINKS))
    record = _record(iw.transfer_trust)
    # One trust in the file: chosen without asking.
    assert record.summary["group_uid"] == "4000"
    assert record.summary["urn_changes"] == 1 and record.summary["added"] == 0
    page = client.get(reverse("imports:record", args=[record.pk])).content.decode()
    assert "URN 143117 becomes 148428: trust transfer" in page
    assert "Pupils on roll: 200 → 210" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[record.pk]))
    with scope(trust=iw.transfer_trust.pk):
        school = School.objects.get(pk=iw.whitecotes.pk)  # the same record: its history stays
        assert (school.urn, school.name, school.pupils_on_roll) == (
            "148428",
            "Walton Peak Flying High Academy",
            210,
        )
        link = SchoolLink.objects.get(school=school)
        assert (link.old_urn, link.new_urn, str(link.linked_on)) == (
            "143117",
            "148428",
            "2021-01-01",
        )
        assert not School.objects.filter(urn="143117").exists()
    page = client.get(reverse("imports:school", args=[school.pk])).content.decode()
    assert "143117" in page and "trust transfer" in page


def test_links_file_on_its_own_carries_the_urn(
    iw: ImportsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client(iw.transfer_admin)
    _upload(client, django_capture_on_commit_callbacks, links=_file(LINKS))
    record = _record(iw.transfer_trust)
    assert record.status == ImportRecord.Status.CHECKED
    assert record.summary["urn_changes"] == 1


def test_broken_rows_are_listed_by_row_and_column_and_nothing_is_written(
    iw: ImportsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    header, rows = sample_rows()
    good = {**rows[0], "URN": "149001"}
    bad_urn = {**rows[0], "URN": "12AB"}
    bad_date = {**rows[0], "URN": "149002", "OpenDate": "31/02/2020"}
    bad_pupils = {
        **rows[0],
        "URN": "149003",
        "NumberOfPupils": "-5",
        "PhaseOfEducation (name)": "Kindergarten",
    }
    taken = {**rows[0], "URN": "100273"}  # another trust's school
    superscript = {**rows[0], "URN": "149004", "NumberOfPupils": "\u00b2"}  # a digit to isdigit()
    extract = SimpleUploadedFile(
        "broken.csv", gias_file([good, bad_urn, bad_date, bad_pupils, taken, superscript], header)
    )
    client = _client(iw.admin)
    _upload(client, django_capture_on_commit_callbacks, extract=extract, group_uid="5488")
    record = _record(iw.new_trust)
    assert record.status == ImportRecord.Status.REFUSED
    found = {(e["row"], e["column"]) for e in record.errors}
    assert found == {
        (3, "URN"),
        (4, "OpenDate"),
        (5, "NumberOfPupils"),
        (5, "PhaseOfEducation (name)"),
        (6, "URN"),
        (7, "NumberOfPupils"),
    }
    words = {(e["row"], e["column"]): e["message"] for e in record.errors}
    assert words[(4, "OpenDate")] == "31/02/2020 is not a real date"
    assert "another trust" in words[(6, "URN")]
    page = client.get(reverse("imports:record", args=[record.pk])).content.decode()
    assert "Errors to put right" in page and "Nothing has been imported" in page
    assert "Confirm and import" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[record.pk]))
    with scope(trust=iw.new_trust.pk):
        assert not School.objects.filter(trust=iw.new_trust).exists()
        assert not Job.objects.filter(kind=services.APPLY_JOB, object_id=record.pk).exists()


def test_a_file_with_several_trusts_asks_which_is_yours(
    iw: ImportsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    header, rows = sample_rows()
    other = {**rows[0], "URN": "149010", "Trusts (code)": "7777", "Trusts (name)": "ANOTHER TRUST"}
    extract = SimpleUploadedFile("all.csv", gias_file([rows[0], other], header))
    client = _client(iw.admin)
    _upload(client, django_capture_on_commit_callbacks, extract=extract)
    record = _record(iw.new_trust)
    assert record.summary["needs_uid"] and not services.may_confirm(record)
    page = client.get(reverse("imports:record", args=[record.pk])).content.decode()
    assert "Choose your trust" in page and "ANOTHER TRUST (UID 7777, 1 school)" in page
    refused = client.post(reverse("imports:choose_trust", args=[record.pk]), {"group_uid": "1"})
    assert refused.status_code == 400
    assert "Choose one of the trusts named in the file" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:choose_trust", args=[record.pk]), {"group_uid": "7777"})
    record.refresh_from_db()
    assert record.summary["group_uid"] == "7777" and record.summary["added"] == 1
    assert record.preview[0]["urn"] == "149010"


def test_double_confirm_imports_once_and_cancel_after_confirm_is_refused(
    iw: ImportsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client(iw.admin)
    _upload(client, django_capture_on_commit_callbacks, extract=_file(SAMPLE), group_uid="5488")
    record = _record(iw.new_trust)
    url = reverse("imports:confirm", args=[record.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        client.post(url)
    with scope(trust=iw.new_trust.pk):
        assert Job.objects.filter(kind=services.APPLY_JOB, object_id=record.pk).count() == 1
        assert School.objects.filter(trust=iw.new_trust).count() == 1
    client.post(reverse("imports:cancel", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == ImportRecord.Status.APPLIED


def test_cancel_before_confirming(
    iw: ImportsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client(iw.admin)
    _upload(client, django_capture_on_commit_callbacks, extract=_file(SAMPLE), group_uid="5488")
    record = _record(iw.new_trust)
    client.post(reverse("imports:cancel", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == ImportRecord.Status.CANCELLED
    assert not services.may_confirm(record)


def test_a_stored_file_changed_since_upload_is_not_imported(
    iw: ImportsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client(iw.admin)
    _upload(client, django_capture_on_commit_callbacks, extract=_file(SAMPLE), group_uid="5488")
    record = _record(iw.new_trust)
    with scope(trust=iw.new_trust.pk):
        ImportRecord.objects.filter(pk=record.pk).update(sha256="f" * 64)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == ImportRecord.Status.FAILED
    with scope(trust=iw.new_trust.pk):
        assert not School.objects.filter(trust=iw.new_trust).exists()


@pytest.mark.parametrize(
    ("encoding", "status", "read_as"),
    [("", 302, "cp1252"), ("cp1252", 302, "cp1252"), ("utf-8-sig", 400, None)],
)
def test_the_encoding_is_found_or_the_chosen_one_checked(
    iw: ImportsWorld,
    django_capture_on_commit_callbacks: Any,
    encoding: str,
    status: int,
    read_as: str | None,
) -> None:
    from tests.imports.world import ENCODING_CASES

    client = _client(iw.admin)
    response = _upload(
        client, django_capture_on_commit_callbacks, links=_file(ENCODING_CASES), encoding=encoding
    )
    assert response.status_code == status
    if read_as:
        assert _record(iw.new_trust).encoding == read_as
    else:
        assert "The file is not in the encoding you chose" in response.content.decode()
        with scope(trust=iw.new_trust.pk):
            assert not ImportRecord.objects.filter(trust=iw.new_trust).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 a spreadsheet", "The file is not a CSV file"),
        (b"", "The file is empty"),
        (b"x" * 2048, "The file is too large"),
    ],
)
def test_binary_empty_and_oversized_files_are_refused_by_the_field(
    iw: ImportsWorld,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
    content: bytes,
    message: str,
) -> None:
    monkeypatch.setitem(services.MAX_BYTES, services.GIAS, 1000)
    client = _client(iw.admin)
    response = _upload(
        client,
        django_capture_on_commit_callbacks,
        extract=SimpleUploadedFile("x.csv", content),
        group_uid="<b>5488</b>",
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page or "submitted file is empty" in page
    assert "Enter the group UID as a number" in page
    assert "&lt;b&gt;5488&lt;/b&gt;" in page  # what was typed is kept, escaped


def test_no_file_at_all_is_refused(
    iw: ImportsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    response = _upload(_client(iw.admin), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert (
        "Choose the GIAS establishment file, the links file, or both" in response.content.decode()
    )


def test_another_trusts_import_is_not_found(
    iw: ImportsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    _upload(
        _client(iw.admin),
        django_capture_on_commit_callbacks,
        extract=_file(SAMPLE),
        group_uid="5488",
    )
    record = _record(iw.new_trust)
    stranger = _client(iw.other_admin)
    assert stranger.get(reverse("imports:record", args=[record.pk])).status_code == 404
    for name in ("confirm", "cancel", "choose_trust"):
        assert stranger.post(reverse(f"imports:{name}", args=[record.pk])).status_code == 404
    record.refresh_from_db()
    assert record.status == ImportRecord.Status.CHECKED
    # A head teacher imports nothing and reads no import.
    assert _client(iw.head).get(reverse("imports:gias_upload")).status_code == 403


def test_the_trusts_linked_establishments_download_and_a_file_that_is_not_gias(
    iw: ImportsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    from tests import DFE

    header = (DFE / "headers" / "gias_alllinksdata_group_links_header.csv").read_text().strip()
    columns = [c.strip('"') for c in header.split(",")]
    row = {
        "URN": "149100",
        "Group UID": "5488",
        "Group Name": "DIOCESE OF CHICHESTER ACADEMY TRUST",
        "Joined date": "01-09-2016",
        "EstablishmentName": "Seaside Primary Academy",
        "PhaseOfEducation (name)": "Primary",
        "LA (name)": "East Sussex",
    }
    client = _client(iw.admin)
    linked = SimpleUploadedFile("linked.csv", gias_file([row], columns))
    _upload(client, django_capture_on_commit_callbacks, extract=linked)
    record = _record(iw.new_trust)
    assert record.status == ImportRecord.Status.CHECKED, record.errors
    assert record.summary["added"] == 1
    assert ["Joined the trust", "1 September 2016"] in record.preview[0]["fields"]

    not_gias = SimpleUploadedFile("other.csv", b"Name,Score\r\nA,1\r\n")
    _upload(client, django_capture_on_commit_callbacks, extract=not_gias)
    record = _record(iw.new_trust)
    assert record.status == ImportRecord.Status.REFUSED
    assert {e["column"] for e in record.errors} == {"URN", "EstablishmentName", "Trusts (code)"}


def test_two_schools_with_one_successor_are_left_for_the_trust_to_bring_together(
    iw: ImportsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    """An amalgamation: both schools held name the same successor URN. The dry run says so and
    moves neither (the apply would otherwise fail on the second)."""
    from django_scopes import scopes_disabled

    from tests.factories import SchoolFactory

    with scopes_disabled():
        partner = SchoolFactory(
            trust=iw.transfer_trust, cluster=None, urn="143118", name="Partner Primary"
        )
    links = (
        b'"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"\r\n'
        b'143117,148428,"Merged Academy","Successor","01-01-2021"\r\n'
        b'143118,148428,"Merged Academy","Successor","01-01-2021"\r\n'
    )
    client = _client(iw.transfer_admin)
    _upload(
        client, django_capture_on_commit_callbacks, links=SimpleUploadedFile("links.csv", links)
    )
    record = _record(iw.transfer_trust)
    assert record.summary["urn_changes"] == 0
    page = client.get(reverse("imports:record", args=[record.pk])).content.decode()
    assert "143117, 143118 all have the successor 148428" in page
    with scopes_disabled():
        assert School.objects.get(pk=partner.pk).urn == "143118"
        assert School.objects.get(pk=iw.whitecotes.pk).urn == "143117"
