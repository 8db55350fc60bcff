"""Uploading a data return as CSV: all or nothing, aggregates only, forgiving about spellings and
encodings, strict about figures."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import ImportRecord
from fht.roles import Role
from returns.imports import DATA_RETURN
from returns.models import DataReturn
from tests.conftest import World
from tests.returns.test_returns import client_for, counts, half_term

pytestmark = pytest.mark.django_db

GOOD = (
    "year_group,pupil_group,pupils,reading,writing,maths,combined\r\n"
    "Year 3,All pupils,30,80,70,75,65\r\n"
    "3,disadvantaged,9,66.7,55.6,,44.4\r\n"
    "R,ALL,28,,,,\r\n"
    "Reception,SEND,3,,,,\r\n"
    "Year 6,all,30,81.5,72,79,68\r\n"
    "y6,CLA,1,100,100,100,100\r\n"
    "Year 5,eal,,,,,\r\n"
)


def _upload(
    world: World, content: bytes, *, number: int = 2, role: Role = Role.HEAD_TEACHER
) -> object:
    data = {
        "half_term": str(half_term(world, number).pk),
        "attendance": "95.0",
        "persistent_absence": "10.0",
        "suspensions": "0",
        "permanent_exclusions": "0",
        "file": SimpleUploadedFile("return.csv", content, content_type="text/csv"),
    }
    url = reverse("returns:return_upload", kwargs={"school_id": world.s1.pk})
    return client_for(world.person(role)).post(url, data)


def _saved(world: World) -> DataReturn:
    with scopes_disabled():
        return DataReturn.objects.get(school=world.s1, half_term=half_term(world, 2))


@pytest.mark.parametrize(
    "content",
    [
        GOOD.encode("utf-8"),
        b"\xef\xbb\xbf" + GOOD.encode("utf-8"),  # Excel's "CSV UTF-8"
        GOOD.replace(",reading,", ",Reading \u2013 %,").encode("cp1252"),  # a dash: byte 0x96
        GOOD.replace(",", ";").encode("utf-8"),  # a European Excel's separator
    ],
    ids=["utf8", "utf8-bom", "windows-1252", "semicolons"],
)
def test_a_good_file_is_saved_whole(world: World, content: bytes) -> None:
    head = world.person(Role.HEAD_TEACHER)
    response = _upload(world, content)
    assert response.status_code == 302  # type: ignore[attr-defined]
    saved = _saved(world)
    with scopes_disabled():
        rows = {(r.year_group, r.pupil_group): r for r in saved.rows.all()}
        assert saved.source == DataReturn.Source.CSV
        assert saved.history.latest().history_user == head
    assert set(rows) == {
        (3, "all"),
        (3, "disadvantaged"),
        (0, "all"),
        (0, "send"),
        (6, "all"),
        (6, "cla"),
    }
    assert rows[(3, "disadvantaged")].maths is None  # blank: not assessed, never zero
    assert rows[(6, "all")].reading == Decimal("81.5")
    assert rows[(0, "all")].reading is None
    with scopes_disabled():  # the record of who uploaded which file when
        record = ImportRecord.objects.get(kind=DATA_RETURN)
    assert (record.status, record.uploaded_by, record.file_name) == ("applied", head, "return.csv")
    assert record.summary == {"Rows of figures": 6} and record.size == len(content)


def test_header_and_group_spellings_are_accepted(world: World) -> None:
    content = (
        "Year Group,Group,Number of pupils,Reading %,Writing (%),Mathematics,RWM\r\n"
        "Year 4,Pupil Premium,8,50,50,50,40\r\n"
        "Year 4,All Pupils,28,70,60,65,55\r\n"
        "Year 4,Looked-after children,1,,,,\r\n"
    ).encode("cp1252")
    assert _upload(world, content).status_code == 302  # type: ignore[attr-defined]
    with scopes_disabled():
        assert _saved(world).rows.count() == 3


def test_one_bad_cell_refuses_the_whole_file(world: World) -> None:
    before = counts()
    bad = GOOD.replace("3,disadvantaged,9,66.7,55.6", "3,disadvantaged,9,66.7,155.6")
    response = _upload(world, bad.encode())
    assert response.status_code == 400  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert "Row 3, column writing: Year 3, disadvantaged, writing must be between 0 and 100" in body
    assert 'href="#id_file"' in body
    assert counts() == before
    # The typed headline figures are kept.
    assert 'name="attendance" value="95.0"' in body
    with scopes_disabled():
        record = ImportRecord.objects.get(kind=DATA_RETURN)
    assert record.status == "refused" and "Row 3, column writing" in record.errors[0]["message"]


def test_every_problem_is_listed_by_row_and_column(world: World) -> None:
    content = (
        b"year_group,pupil_group,pupils,reading,writing,maths,combined\n"
        b"Year 3,all,30,80,70,75,90\n"
        b"Year 3,disadvantaged,40,,,,\n"
        b"Year 9,all,30,,,,\n"
        b"Year 2,boys,10,,,,\n"
        b"Year 3,all,30,,,,\n"
    )
    before = counts()
    body = _upload(world, content).content.decode()  # type: ignore[attr-defined]
    assert "Row 4, column year_group: “Year 9” is not a year group of this school" in body
    assert "Row 5, column pupil_group: “boys” is not a group" in body
    assert "Row 6: Year 3, all is already on row 2" in body
    assert counts() == before


def test_group_sizes_and_combined_are_checked_in_uploads_too(world: World) -> None:
    content = (
        b"year_group,pupil_group,pupils,reading,writing,maths,combined\n"
        b"Year 3,all,30,80,70,75,90\n"
        b"Year 3,disadvantaged,40,,,,\n"
    )
    body = _upload(world, content).content.decode()  # type: ignore[attr-defined]
    assert "Row 2, column combined: Year 3, all pupils, combined cannot be higher" in body
    assert "Row 3, column pupils: Year 3, disadvantaged, pupils cannot be more than the 30" in body


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"UPN,year_group,pupil_group,reading\nA123456789012,3,all,1\n",
            "This file looks like pupil-level data (it has a column called “UPN”)",
        ),
        (
            b"Pupil name,year_group,pupil_group,pupils\nAnna,3,all,1\n",
            "it has a column called “Pupil name”",
        ),
        (
            b"year_group,pupil_group,pupils,reading\n" + b"3,all,1,100\n" * 36,
            "The file has 36 rows, more than the 35 year groups and groups of this school",
        ),
        (
            b"year_group,pupil_group,pupils,reading\nA123456789012,all,1,100\n",
            "The file seems to hold UPNs",
        ),
    ],
    ids=["upn-column", "name-column", "too-many-rows", "upn-values"],
)
def test_pupil_level_files_are_refused(world: World, content: bytes, message: str) -> None:
    before = counts()
    response = _upload(world, content)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert message in response.content.decode()  # type: ignore[attr-defined]
    assert counts() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"year_group,pupil_group,pupils\n", "The file has no figures"),
        (b"year,reading\n3,50\n", "The file has no pupil_group column"),
        (b"year_group,pupil_group,pupils,science\n3,all,30,50\n", "Column “science” is not one"),
        (b"\x00\x01PK\x03\x04", "The file is not a CSV file"),
    ],
)
def test_files_that_are_not_returns_are_refused(world: World, content: bytes, message: str) -> None:
    before = counts()
    response = _upload(world, content)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert message in response.content.decode()  # type: ignore[attr-defined]
    assert counts() == before


def test_an_upload_for_a_half_term_already_returned_is_refused(world: World) -> None:
    before = counts()
    response = _upload(world, GOOD.encode(), number=1)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "already has a data return for Autumn 1 2026/27" in response.content.decode()  # type: ignore[attr-defined]
    assert counts() == before


def test_the_template_lists_the_schools_year_groups_and_groups(world: World) -> None:
    url = reverse("returns:return_template", kwargs={"school_id": world.s1.pk})
    response = client_for(world.person(Role.HEAD_TEACHER)).get(url)
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "year_group,pupil_group,pupils,reading,writing,maths,combined"
    assert lines[1] == "Reception,All pupils,,,,,"
    assert lines[-1] == "Year 6,Children looked after,,,,,"
    assert len(lines) == 1 + 7 * 5


def test_the_downloaded_grid_uploads_again_unchanged(world: World) -> None:
    url = reverse("returns:return_detail", kwargs={"return_id": world.data_return.pk})  # type: ignore[union-attr]
    content = client_for(world.person(Role.HEAD_TEACHER)).get(url + "?format=csv").content
    assert _upload(world, content).status_code == 302  # type: ignore[attr-defined]
    with scopes_disabled():
        assert _saved(world).rows.count() == 12


@pytest.mark.parametrize("role", [Role.GOVERNOR, Role.TRUSTEE])
def test_read_only_roles_cannot_upload(world: World, role: Role) -> None:
    before = counts()
    assert _upload(world, GOOD.encode(), role=role).status_code == 404  # type: ignore[attr-defined]
    assert counts() == before
