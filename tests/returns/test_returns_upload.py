"""Uploading a data return as CSV, as every other import: the file is checked (size, content, its
encoding found or chosen), a dry run lists each figure that would change and every problem by row
and column with nothing written, then confirming saves it all in one transaction (or cancelling
saves nothing), and an ImportRecord keeps who uploaded which file when.

The world is built once for the module; each test's writes are rolled back after it."""

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import ImportRecord
from fht.roles import Role
from returns.imports import DATA_RETURN
from returns.models import AttainmentRow, DataReturn
from schools.models import HalfTerm
from tests.conftest import World, build_world
from tests.returns.world import add_returns

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


@pytest.fixture(scope="module")
def w(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    from django.db import connection, transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True
        atomic.__enter__()
        try:
            yield add_returns(build_world())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.close()


def _client(w: World, role: Role = Role.HEAD_TEACHER) -> Client:
    client = Client()
    client.force_login(w.person(role))
    return client


def _half_term(w: World, number: int) -> HalfTerm:
    assert w.year is not None
    with scopes_disabled():
        return w.year.half_terms.get(number=number)


def _counts() -> tuple[int, int, int, int]:
    with scopes_disabled():
        return (
            DataReturn.objects.count(),
            AttainmentRow.objects.count(),
            DataReturn.history.count(),  # type: ignore[attr-defined]
            AttainmentRow.history.count(),  # type: ignore[attr-defined]
        )


def _upload(
    w: World,
    content: bytes,
    *,
    number: int = 2,
    role: Role = Role.HEAD_TEACHER,
    url: str = "",
    **extra: str,
) -> Any:
    data = {
        "half_term": str(_half_term(w, number).pk),
        "attendance": "95.0",
        "persistent_absence": "10.0",
        "suspensions": "0",
        "permanent_exclusions": "0",
        "file": SimpleUploadedFile("return.csv", content, content_type="text/csv"),
        **extra,
    }
    url = url or reverse("returns:return_upload", kwargs={"school_id": w.s1.pk})
    return _client(w, role).post(url, data)


def _record(response: Any) -> ImportRecord:
    body = response.content.decode()
    assert response.status_code == 302, body[body.find("govuk-error-summary") :][:2000]
    record_id = int(response["Location"].rstrip("/").split("/")[-1])
    with scopes_disabled():
        return ImportRecord.objects.get(pk=record_id)


def _confirm(w: World, record: ImportRecord, role: Role = Role.HEAD_TEACHER) -> ImportRecord:
    response = _client(w, role).post(reverse("returns:import_confirm", args=[record.pk]))
    assert response.status_code == 302
    with scopes_disabled():
        record.refresh_from_db()
    return record


def _saved(w: World, number: int = 2) -> DataReturn:
    with scopes_disabled():
        return DataReturn.objects.get(school=w.s1, half_term=_half_term(w, number))


def _page(w: World, record: ImportRecord) -> str:
    response = _client(w).get(reverse("returns:import_detail", args=[record.pk]))
    assert response.status_code == 200
    return str(response.content.decode())


# --- Upload, preview, confirm --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        (GOOD.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + GOOD.encode("utf-8"), "utf-8-sig"),  # Excel's "CSV UTF-8"
        (GOOD.replace(",reading,", ",Reading \u2013 %,").encode("cp1252"), "cp1252"),  # byte 0x96
        (GOOD.replace(",", ";").encode("utf-8"), "utf-8"),  # a European Excel's separator
    ],
    ids=["utf8", "utf8-bom", "windows-1252", "semicolons"],
)
def test_a_good_file_is_previewed_with_nothing_written_then_confirmed_whole(
    w: World, content: bytes, encoding: str
) -> None:
    head = w.person(Role.HEAD_TEACHER)
    before = _counts()
    record = _record(_upload(w, content))
    assert (record.status, record.encoding, record.uploaded_by) == ("checked", encoding, head)
    assert _counts() == before  # the dry run writes nothing but its record
    page = _page(w, record)
    assert "What the import would change" in page and "Confirm and import" in page
    changes = {(c["measure"], c["old"], c["new"]) for c in record.preview}
    assert ("Year 3, all pupils, reading", "none", "80.0%") in changes
    assert ("Attendance (%)", "none", "95.0") in changes
    assert not any(c[0] == "Year 3, disadvantaged, maths" for c in changes)  # blank: not listed
    assert record.summary["Rows of figures in the file"] == 6

    record = _confirm(w, record)
    assert (record.status, record.applied_by) == ("applied", head)
    saved = _saved(w)
    with scopes_disabled():
        rows = {(r.year_group, r.pupil_group): r for r in saved.rows.all()}
        assert saved.history.latest().history_user == head
    assert saved.source == DataReturn.Source.CSV and saved.attendance == Decimal("95.0")
    assert set(rows) == {(3, "all"), (3, "disadvantaged"), (0, "all"), (0, "send"), (6, "all")} | {
        (6, "cla")
    }
    assert rows[(3, "disadvantaged")].maths is None  # blank: not assessed, never zero
    assert rows[(6, "all")].reading == Decimal("81.5")
    assert f"See the return for {saved.half_term}" in _page(w, record)


def test_a_second_confirm_of_the_same_preview_does_nothing(w: World) -> None:
    record = _confirm(w, _record(_upload(w, GOOD.encode())))
    assert record.status == "applied"
    after_first = _counts()
    response = _client(w).post(reverse("returns:import_confirm", args=[record.pk]), follow=True)
    assert "This import is not waiting to be confirmed" in response.content.decode()
    assert _counts() == after_first


def test_a_cancelled_upload_writes_nothing_and_cannot_be_confirmed(w: World) -> None:
    before = _counts()
    record = _record(_upload(w, GOOD.encode()))
    assert _client(w).post(reverse("returns:import_cancel", args=[record.pk])).status_code == 302
    assert _confirm(w, record).status == "cancelled"
    assert _counts() == before


def test_header_and_group_spellings_are_accepted(w: World) -> None:
    content = (
        "Year Group,Group,Number of pupils,Reading %,Writing (%),Mathematics,RWM\r\n"
        "Year 4,Pupil Premium,8,50,50,50,40\r\n"
        "Year 4,All Pupils,28,70,60,65,55\r\n"
        "Year 4,Looked-after children,1,,,,\r\n"
    ).encode("cp1252")
    _confirm(w, _record(_upload(w, content)))
    with scopes_disabled():
        assert _saved(w).rows.count() == 3


def test_the_downloaded_grid_uploads_again(w: World) -> None:
    url = reverse("returns:return_detail", kwargs={"return_id": w.data_return.pk})  # type: ignore[union-attr]
    content = _client(w).get(url + "?format=csv").content
    _confirm(w, _record(_upload(w, content)))
    with scopes_disabled():
        assert _saved(w).rows.count() == 12


# --- Encodings -----------------------------------------------------------------------------------

ACCENTED = "year_group,pupil_group,pupils,reading\r\nAnnée 3 £,all,30,50\r\n"


@pytest.mark.parametrize("chosen", ["", "cp1252"], ids=["detected", "chosen"])
def test_a_windows_1252_file_is_read_right_when_detected_or_chosen(w: World, chosen: str) -> None:
    response = _upload(w, ACCENTED.encode("cp1252"), encoding=chosen)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Row 2, column year_group: “Année 3 £” is not a year group of this school" in body
    with scopes_disabled():
        record = ImportRecord.objects.get(kind=DATA_RETURN)
    assert record.encoding == "cp1252"
    assert record.errors[0]["message"].startswith("“Année 3 £”")


def test_the_wrong_encoding_chosen_shows_in_the_messages_not_as_a_crash(w: World) -> None:
    response = _upload(w, ACCENTED.encode("cp1252"), encoding="utf-8-sig")
    assert response.status_code == 400
    assert "“Ann\ufffde 3 \ufffd”" in response.content.decode()


# --- Broken files: errors by row and column, nothing written ---------------------------------------


def test_one_bad_cell_refuses_the_whole_file_by_row_and_column(w: World) -> None:
    before = _counts()
    bad = GOOD.replace("3,disadvantaged,9,66.7,55.6", "3,disadvantaged,9,66.7,155.6")
    response = _upload(w, bad.encode())
    assert response.status_code == 400
    body = response.content.decode()
    assert "Row 3, column writing: Year 3, disadvantaged, writing must be between 0 and 100" in body
    assert 'href="#id_file"' in body and "Problems in return.csv" in body
    assert 'name="attendance" value="95.0"' in body  # what was typed is kept
    assert _counts() == before
    with scopes_disabled():
        record = ImportRecord.objects.get(kind=DATA_RETURN)
    assert record.status == "refused"
    assert (record.errors[0]["row"], record.errors[0]["column"]) == (3, "writing")


def test_every_problem_is_listed_by_row_and_column(w: World) -> None:
    content = (
        b"year_group,pupil_group,pupils,reading,writing,maths,combined\n"
        b"Year 3,all,30,80,70,75,90\n"
        b"Year 3,disadvantaged,40,,,,\n"
        b"Year 9,all,30,,,,\n"
        b"Year 2,boys,10,,,,\n"
        b"Year 3,all,30,,,,\n"
    )
    before = _counts()
    body = _upload(w, content).content.decode()
    assert "Row 4, column year_group: “Year 9” is not a year group of this school" in body
    assert "Row 5, column pupil_group: “boys” is not a group" in body
    assert "Row 6, column pupil_group: Year 3, all is already on row 2" in body
    assert _counts() == before


def test_group_sizes_and_combined_are_checked_in_uploads_too(w: World) -> None:
    content = (
        b"year_group,pupil_group,pupils,reading,writing,maths,combined\n"
        b"Year 3,all,30,80,70,75,90\n"
        b"Year 3,disadvantaged,40,,,,\n"
    )
    body = _upload(w, content).content.decode()
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
        (b"", "The file is empty"),
        (b"year_group,pupil_group,pupils\n", "The file has no figures"),
        (b"year,reading\n3,50\n", "The file has no pupil_group column"),
        (b"year_group,pupil_group,pupils,science\n3,all,30,50\n", "Column “science” is not one"),
        (b"\x00\x01PK\x03\x04", "The file is not a CSV file"),
        (b"PK\x03\x04year_group,pupil_group\n", "The file is not a CSV file"),
    ],
    ids=[
        "upn-column",
        "name-column",
        "too-many-rows",
        "upn-values",
        "empty",
        "no-figures",
        "no-group",
        "unknown-column",
        "nul",
        "zip",
    ],
)
def test_files_that_are_not_returns_are_refused(w: World, content: bytes, message: str) -> None:
    before = _counts()
    response = _upload(w, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _counts() == before


def test_an_over_size_file_is_refused_before_it_is_read(w: World) -> None:
    content = GOOD.encode() + b"," * 200_001
    response = _upload(w, content)
    assert response.status_code == 400
    assert "The file is too large: upload at most 200 KB" in response.content.decode()
    with scopes_disabled():
        assert not ImportRecord.objects.filter(kind=DATA_RETURN).exists()


def test_an_upload_for_a_half_term_already_returned_is_refused(w: World) -> None:
    before = _counts()
    response = _upload(w, GOOD.encode(), number=1)
    assert response.status_code == 400
    assert "already has a data return for Autumn 1 2026/27" in response.content.decode()
    assert _counts() == before


# --- Confirming re-checks ------------------------------------------------------------------------


def test_a_return_entered_since_the_preview_refuses_the_confirm(w: World) -> None:
    record = _record(_upload(w, GOOD.encode()))
    typed = _record(_upload(w, GOOD.replace("80,70", "81,71").encode()))
    _confirm(w, typed)  # someone else's return for the same half-term, saved first
    before = _counts()
    record = _confirm(w, record)
    assert record.status == "refused"
    assert "now has a data return for" in record.errors[0]["message"]
    assert _counts() == before


def test_a_stored_file_changed_since_the_preview_refuses_the_confirm(w: World) -> None:
    record = _record(_upload(w, GOOD.encode()))
    with scopes_disabled():
        record.file.save("tampered.csv", ContentFile(GOOD.replace("80", "10").encode()))
    before = _counts()
    assert _confirm(w, record).status == "refused"
    assert "has changed since it was uploaded" in record.errors[0]["message"]
    assert _counts() == before


# --- New figures for a return already entered ------------------------------------------------------


def _replace_url(w: World) -> str:
    return reverse("returns:return_replace", kwargs={"return_id": w.data_return.pk})  # type: ignore[union-attr]


def test_new_figures_for_a_return_show_old_and_new_then_replace_it(w: World) -> None:
    url = reverse("returns:return_detail", kwargs={"return_id": w.data_return.pk})  # type: ignore[union-attr]
    held = _client(w).get(url + "?format=csv").content.decode("utf-8-sig").splitlines()
    assert held[1].startswith("Year 1,All pupils,")
    changed = held[1].split(",")
    old_reading = changed[3]
    changed[3] = "99.9"
    held[1] = ",".join(changed)
    record = _record(_upload(w, "\n".join(held).encode(), url=_replace_url(w)))
    before = _counts()
    previewed = {(c["measure"], c["old"], c["new"]) for c in record.preview}
    assert ("Year 1, all pupils, reading", f"{old_reading}%", "99.9%") in previewed
    assert all(c["old"] != c["new"] for c in record.preview)  # only what changes is listed
    assert _counts() == before
    _confirm(w, record)
    with scopes_disabled():
        row = AttainmentRow.objects.get(data_return=w.data_return, year_group=1, pupil_group="all")
    assert row.reading == Decimal("99.9")


def test_a_return_changed_since_the_preview_refuses_the_confirm(w: World) -> None:
    record = _record(_upload(w, GOOD.encode(), url=_replace_url(w)))
    with scopes_disabled():
        data_return = DataReturn.objects.get(pk=w.data_return.pk)  # type: ignore[union-attr]
        data_return.save()  # someone edits it meanwhile
    before = _counts()
    record = _confirm(w, record)
    assert record.status == "refused"
    assert "Someone changed this return since the file was checked" in record.errors[0]["message"]
    assert _counts() == before


# --- Who may ---------------------------------------------------------------------------------------


def test_another_trusts_return_school_or_import_is_404(w: World) -> None:
    other = reverse("returns:return_replace", kwargs={"return_id": w.other_return.pk})  # type: ignore[union-attr]
    assert _upload(w, GOOD.encode(), url=other).status_code == 404
    school = reverse("returns:return_upload", kwargs={"school_id": w.sb.pk})
    assert _upload(w, GOOD.encode(), url=school).status_code == 404
    record = _record(_upload(w, GOOD.encode()))
    assert w.other_head is not None
    stranger = Client()
    stranger.force_login(w.other_head)
    for name in ("import_detail", "import_confirm", "import_cancel"):
        url = reverse(f"returns:{name}", args=[record.pk])
        response = stranger.post(url) if name != "import_detail" else stranger.get(url)
        assert response.status_code == 404
    with scopes_disabled():
        record.refresh_from_db()
    assert record.status == "checked"


@pytest.mark.parametrize("role", [Role.GOVERNOR, Role.TRUSTEE])
def test_read_only_roles_cannot_upload(w: World, role: Role) -> None:
    before = _counts()
    assert _upload(w, GOOD.encode(), role=role).status_code == 404
    assert _upload(w, GOOD.encode(), role=role, url=_replace_url(w)).status_code == 404
    assert _counts() == before


def test_the_upload_pages_offer_the_template_and_an_encoding(w: World) -> None:
    for url in (reverse("returns:return_upload", kwargs={"school_id": w.s1.pk}), _replace_url(w)):
        body = _client(w).get(url).content.decode()
        assert reverse("returns:return_template", kwargs={"school_id": w.s1.pk}) in body
        assert 'name="encoding"' in body and "Check the file" in body


def test_the_template_lists_the_schools_year_groups_and_groups(w: World) -> None:
    url = reverse("returns:return_template", kwargs={"school_id": w.s1.pk})
    response = _client(w).get(url)
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "year_group,pupil_group,pupils,reading,writing,maths,combined"
    assert lines[1] == "Reception,All pupils,,,,,"
    assert lines[-1] == "Year 6,Children looked after,,,,,"
    assert len(lines) == 1 + 7 * 5


def test_an_upload_applied_before_the_preview_step_still_opens(w: World) -> None:
    """Records saved before the dry run existed hold the return's id but not its half-term."""
    record = _confirm(w, _record(_upload(w, GOOD.encode())))
    saved = _saved(w)
    with scopes_disabled():
        record.options = {"school": w.s1.pk, "data_return": saved.pk}
        record.save()
    assert f"See the return for {saved.half_term}" in _page(w, record)


def test_a_failure_while_saving_is_refused_in_words_and_keeps_nothing(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the check cannot foresee (two confirms for one school at one moment: the database's
    one-return-per-half-term rule) is a refusal with a message, not a 500, and nothing is kept."""
    from django.db import IntegrityError

    from returns import return_upload

    record = _record(_upload(w, GOOD.encode()))
    before = _counts()

    def clash(**kwargs: object) -> None:
        raise IntegrityError("one_data_return_per_school_and_half_term")

    monkeypatch.setattr(return_upload, "data_return_write", clash)
    record = _confirm(w, record)
    assert record.status == "refused"
    assert _counts() == before
    assert "at the same moment" in _page(w, record)
