"""File imports into the data: KS2 results from the DfE's performance tables, school absence from
the DfE's statistics, and targets and national figures from the product's own CSV templates. Each is
checked first (a dry run listing what would change, errors by row and column, nothing written),
then confirmed and applied all or nothing, with an ImportRecord of who imported which file when.

The world is built once for the module; each test's writes are rolled back after it."""

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import ImportRecord, Job
from fht.roles import Role
from returns import imports
from returns.models import NationalBenchmark, PublishedAbsence, SchoolTarget, StatutoryResult
from schools.models import AcademicYear, School
from schools.services import academic_year_create
from tests import DFE
from tests.conftest import World, build_world
from tests.returns.world import add_returns

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def w(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The returns world, with the URNs of real schools of the KS2 slice (s1 and s2 are the Director
    of QA's, cluster c1; s3 is not) and the academic year 2018/19 the slice is for."""
    from django.db import connection, transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True
        atomic.__enter__()
        try:
            world = add_returns(build_world())
            with scopes_disabled():
                for school, urn in (
                    (world.s1, "140398"),
                    (world.s2, "143117"),
                    (world.s3, "142091"),
                ):
                    School.objects.filter(pk=school.pk).update(urn=urn)
                    school.urn = urn
                world.__dict__["y2018"] = academic_year_create(
                    trust=world.trust, starts_in=2018, acting_user=None
                )
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.close()


def _client(world: World, role: Role) -> Client:
    client = Client()
    client.force_login(world.person(role))
    return client


def _year(world: World) -> AcademicYear:
    year: AcademicYear = world.__dict__["y2018"]
    return year


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def _ks2(world: World, role: Role, name: str, content: bytes, **extra: str) -> Any:
    data = {"academic_year": str(_year(world).pk), "file": _file(name, content), **extra}
    return _client(world, role).post(reverse("returns:ks2_import"), data)


def _record(response: Any) -> ImportRecord:
    assert response.status_code == 302, response.content.decode()[:2000]
    record_id = int(response["Location"].rstrip("/").split("/")[-1])
    with scopes_disabled():
        return ImportRecord.objects.get(pk=record_id)


def _confirm(world: World, role: Role, record: ImportRecord) -> ImportRecord:
    url = reverse("returns:import_confirm", args=[record.pk])
    assert _client(world, role).post(url).status_code == 302
    with scopes_disabled():
        return ImportRecord.objects.get(pk=record.pk)


def _results(year: AcademicYear) -> dict[tuple[int, str], StatutoryResult]:
    with scopes_disabled():
        return {
            (r.school_id, r.measure): r for r in StatutoryResult.objects.filter(academic_year=year)
        }


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


# --- KS2 results from the performance tables -------------------------------------------------------


def test_the_ks2_slice_is_checked_then_imported_with_its_source_and_re_importing_changes_nothing(
    w: World,
) -> None:
    path = DFE / "ks2_2019_flying_high_slice.csv"
    director = Role.QA_DIRECTOR
    record = _record(_ks2(w, director, path.name, path.read_bytes()))
    # The dry run: what would change, nothing written.
    assert record.status == ImportRecord.Status.CHECKED
    assert record.uploaded_by == w.person(director)
    assert record.encoding == "utf-8"
    assert record.summary["Figures to change"] == 6  # s1 and s2, three progress scores each
    assert record.summary["Rows for the trust's schools you do not look after, ignored"] == 1
    assert record.summary["Rows for schools not in the trust, ignored"] == 2
    assert {"school": w.s1.name, "measure": "Key Stage 2 reading progress", "old": "none",
            "new": "6.1"} in record.preview  # fmt: skip
    assert _results(_year(w)) == {}
    page = _client(w, director).get(reverse("returns:import_detail", args=[record.pk]))
    assert page.status_code == 200 and "Confirm and import" in page.content.decode()

    record = _confirm(w, director, record)
    assert record.status == ImportRecord.Status.APPLIED
    assert record.applied_by == w.person(director) and record.applied_at is not None
    results = _results(_year(w))
    assert results[(w.s1.pk, "ks2_reading_progress")].value == Decimal("6.1")
    assert results[(w.s2.pk, "ks2_maths_progress")].value == Decimal("-1.1")
    assert not any(school_id == w.s3.pk for school_id, _ in results)  # not the director's
    reading = results[(w.s1.pk, "ks2_reading_progress")]
    assert reading.source == f"DfE performance tables 2018/19, {path.name}"
    assert reading.imported_at is not None
    with scopes_disabled():
        assert reading.history.latest().history_user == w.person(director)
        assert record.history.count() >= 2  # uploaded, checked and applied are kept
        history_rows = sum(r.history.count() for r in results.values())

    page = _client(w, Role.HEAD_TEACHER).get(reverse("returns:school_data", args=[w.s1.pk]))
    body = page.content.decode()
    assert "6.1" in body and f"Source: DfE performance tables 2018/19, {path.name}" in body

    again = _record(_ks2(w, director, path.name, path.read_bytes()))
    assert again.summary["Figures to change"] == 0
    assert again.summary["Figures already as in the file"] == 6
    again = _confirm(w, director, again)
    assert again.status == ImportRecord.Status.APPLIED
    with scopes_disabled():
        assert sum(r.history.count() for r in _results(_year(w)).values()) == history_rows


def test_suppressed_and_blank_figures_stay_missing_never_zero(w: World) -> None:
    # In the Nottingham slice 122611 is SUPP throughout, 146537 blank.
    with scopes_disabled():
        School.objects.filter(pk=w.s1.pk).update(urn="122611")
        School.objects.filter(pk=w.s3.pk).update(urn="146537")
    path = DFE / "ks2_2019_NG_postcodes_slice.csv"
    record = _record(_ks2(w, Role.CEO, path.name, path.read_bytes()))
    assert record.summary["Rows for schools not in the trust, ignored"] == 363
    _confirm(w, Role.CEO, record)
    results = _results(_year(w))
    assert len(results) == 6
    assert all(r.value is None for r in results.values())
    assert results[(w.s1.pk, "ks2_reading_progress")].not_published.startswith("SUPP")
    assert results[(w.s3.pk, "ks2_maths_progress")].not_published == "Not in the published file"
    body = _client(w, Role.CEO).get(reverse("returns:school_data", args=[w.s1.pk])).content
    assert b"SUPP: suppressed (too few pupils)" in body


def test_attainment_columns_and_the_cohort_are_read_with_percent_signs_and_codes(w: World) -> None:
    content = _csv(
        [
            ["RECTYPE", "URN", "TELIG", "PTRWM_EXP", "PTRWM_HIGH"],
            ["1", w.s1.urn, "30", "65%", "SUPP"],
            ["1", w.s2.urn, "NE", "LOW", "x"],
            ["5", "", "", "65%", "11%"],  # the national row has no URN
        ]
    )
    record = _record(_ks2(w, Role.CEO, "england_ks2final.csv", content))
    assert record.summary["Rows without a URN (national and local-authority rows), ignored"] == 1
    _confirm(w, Role.CEO, record)
    results = _results(_year(w))
    expected = results[(w.s1.pk, "ks2_rwm_expected")]
    assert (expected.value, expected.cohort) == (Decimal("65.0"), 30)
    assert results[(w.s1.pk, "ks2_rwm_higher")].value is None
    assert results[(w.s2.pk, "ks2_rwm_expected")].not_published == "LOW: low coverage"
    assert results[(w.s2.pk, "ks2_rwm_expected")].cohort is None


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("1e309", "must be between 0 and 100"),
        ("NaN", "is not a percentage"),
        ("-5", "must be between 0 and 100"),
        ("100.1", "must be between 0 and 100"),
        ("<b>65</b>", "is not a percentage"),
        ("sixty", "is not a percentage"),
    ],
)
def test_a_bad_cell_is_named_by_row_and_column_and_nothing_is_written(
    w: World, cell: str, words: str
) -> None:
    content = _csv(
        [
            ["URN", "PTRWM_EXP", "READPROG"],
            [w.s1.urn, "70", "1.5"],
            [w.s2.urn, cell, "1.0"],
            [w.s1.urn, "71", "1.0"],  # the same school twice
        ]
    )
    response = _ks2(w, Role.CEO, "ks2.csv", content)
    assert response.status_code == 400
    body = response.content.decode()
    assert f"Row 3, column PTRWM_EXP: “{cell}”" in body.replace("&lt;", "<").replace("&gt;", ">")
    assert words in body
    assert "Row 4, column URN: URN 140398 is already on row 2" in body
    assert "<b>65</b>" not in body  # shown as text, never as markup
    assert 'value="' + str(_year(w).pk) + '" selected' in body  # the year chosen is kept
    assert _results(_year(w)) == {}
    with scopes_disabled():
        record = ImportRecord.objects.filter(kind=imports.KS2).latest("pk")
    assert record.status == ImportRecord.Status.REFUSED
    assert record.error_count == 2
    assert {k: v for k, v in record.errors[0].items() if k != "message"} == {
        "row": 3,
        "column": "PTRWM_EXP",
    }


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ((DFE / "gias_links_flying_high_20250422.csv").read_bytes(), "has none of the columns"),
        (b"SCHNAME,READPROG\nA school,1.0\n", "The file has no URN column"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "The file is not a CSV file"),
        (b"", "The file is empty"),
    ],
)
def test_a_file_that_is_not_the_performance_tables_is_refused_in_words(
    w: World, content: bytes, words: str
) -> None:
    response = _ks2(w, Role.CEO, "file.csv", content)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert _results(_year(w)) == {}


def test_a_file_above_the_size_limit_is_refused(w: World, monkeypatch: Any) -> None:
    monkeypatch.setattr(imports, "MAX_DFE_BYTES", 100)
    response = _ks2(w, Role.CEO, "big.csv", b"URN,READPROG\n" + b"140398,1.0\n" * 20)
    assert response.status_code == 400
    assert "The file is too large: upload at most" in response.content.decode()


@pytest.mark.parametrize("role", [Role.HEAD_TEACHER, Role.GOVERNOR, Role.TRUSTEE])
def test_only_those_who_manage_improvement_import_dfe_files(w: World, role: Role) -> None:
    path = DFE / "ks2_2019_flying_high_slice.csv"
    assert _ks2(w, role, path.name, path.read_bytes()).status_code == 403
    assert _results(_year(w)) == {}


def test_a_large_file_is_checked_and_applied_by_the_worker(
    w: World, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(imports, "LARGE_FILE", 100)
    path = DFE / "ks2_2019_flying_high_slice.csv"
    with django_capture_on_commit_callbacks(execute=True):
        record = _record(_ks2(w, Role.CEO, path.name, path.read_bytes()))
        assert record.status == ImportRecord.Status.CHECKING  # the worker has it
        page = _client(w, Role.CEO).get(reverse("returns:import_detail", args=[record.pk]))
        assert "checked in the background" in page.content.decode()
        assert "Waiting to start" in page.content.decode()  # the job's progress, polled
    with scopes_disabled():
        record.refresh_from_db()
        job = Job.objects.get(kind=imports.CHECK_JOB, object_id=record.pk)
    assert job.status == Job.Status.DONE and "would change" in job.message
    assert record.status == ImportRecord.Status.CHECKED
    assert _results(_year(w)) == {}
    with django_capture_on_commit_callbacks(execute=True):
        assert _confirm(w, Role.CEO, record).status == ImportRecord.Status.APPLYING
    with scopes_disabled():
        record.refresh_from_db()
    assert record.status == ImportRecord.Status.APPLIED
    assert len(_results(_year(w))) == 9  # s1, s2 and s3: the CEO looks after every school


def test_a_windows_1252_file_is_read_and_its_encoding_kept(w: World) -> None:
    content = f"URN,SCHNAME,READPROG\n{w.s1.urn},Ecole Sainte-Thérèse,2.5\n"
    record = _record(_ks2(w, Role.CEO, "ks2.csv", content.encode("cp1252")))
    assert record.encoding == "cp1252"
    chosen = _record(_ks2(w, Role.CEO, "ks2.csv", content.encode("cp1252"), encoding="latin-1"))
    assert chosen.encoding == "latin-1"


# --- School absence from the statistics service ----------------------------------------------------


def _absence(w: World, content: bytes) -> Any:
    return _client(w, Role.CEO).post(
        reverse("returns:absence_import"), {"file": _file("absence_by_school.csv", content)}
    )


def test_school_absence_is_imported_onto_attendance_and_persistent_absence(w: World) -> None:
    content = _csv(
        [
            [
                "Time_Period",
                "time_identifier",
                "geographic_level",
                "School_URN",
                "sess_overall_percent",
                "enrolments_pa_10_exact_percent",
            ],
            ["202627", "Academic year", "School", w.s1.urn, "5.2", "17.3"],
            ["202627", "Academic year", "School", w.s2.urn, "z", "c"],
            ["202627", "Academic year", "National", "", "6.0", "20.0"],
            ["202627", "Academic year", "School", "100000", "4.0", "10.0"],
            ["201516", "Academic year", "School", w.s1.urn, "4.0", "10.0"],
        ]
    )
    record = _record(_absence(w, content))
    assert record.summary["Figures to change"] == 4
    assert record.summary["Rows for academic years the trust has not set up, ignored"] == 1
    _confirm(w, Role.CEO, record)
    with scopes_disabled():
        figures = {(f.school_id, f.measure): f for f in PublishedAbsence.objects.all()}
    assert figures[(w.s1.pk, "attendance")].value == Decimal("94.8")
    assert figures[(w.s1.pk, "persistent_absence")].value == Decimal("17.3")
    assert figures[(w.s2.pk, "attendance")].value is None
    assert figures[(w.s2.pk, "persistent_absence")].not_published == "c: confidential"
    body = _client(w, Role.HEAD_TEACHER).get(reverse("returns:school_data", args=[w.s1.pk]))
    text = body.content.decode()
    assert "94.8%" in text and "Source: DfE pupil absence statistics 2026/27" in text


def test_an_absence_percentage_above_100_is_an_error_and_nothing_is_written(w: World) -> None:
    content = _csv(
        [
            ["time_period", "school_urn", "sess_overall_percent", "enrolments_pa_10_exact_percent"],
            ["202627", w.s1.urn, "5.0", "12.0"],
            ["202627", w.s2.urn, "150", "1e309"],
            ["2026", w.s3.urn, "5.0", "12.0"],
        ]
    )
    response = _absence(w, content)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Row 3, column sess_overall_percent: “150”: the percentage must be between" in body
    assert "Row 3, column enrolments_pa_10_exact_percent: “1e309”" in body
    assert "Row 4, column time_period: “2026” is not an academic year" in body
    with scopes_disabled():
        assert not PublishedAbsence.objects.exists()


# --- The product's templates: targets and national figures -----------------------------------------


def _rows(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_targets_template_round_trips_and_a_blank_removes_a_target(w: World) -> None:
    assert w.year is not None
    head = _client(w, Role.HEAD_TEACHER)
    args = [w.s1.pk, w.year.pk]
    template = head.get(reverse("returns:targets_template", args=args))
    assert template.status_code == 200
    rows = _rows(template)
    assert rows[0] == ["measure", "measure_name", "target"]
    assert ["attendance", "Attendance", "96.0"] in rows  # the target held now
    upload_url = reverse("returns:targets_upload", args=args)
    page = head.get(upload_url).content.decode()
    assert reverse("returns:targets_template", args=args) in page

    unchanged = _record(head.post(upload_url, {"file": _file("t.csv", _csv(rows))}))
    assert unchanged.summary["Figures to change"] == 0

    for row in rows:
        if row[0] == "attendance":
            row[2] = ""
        if row[0] == "ks2_rwm_expected":
            row[2] = "70"
    record = _record(head.post(upload_url, {"file": _file("t.csv", _csv(rows))}))
    assert {"old": "96.0%", "new": "none"}.items() <= record.preview[0].items()
    record = _confirm(w, Role.HEAD_TEACHER, record)
    assert record.status == ImportRecord.Status.APPLIED
    with scopes_disabled():
        targets = dict(
            SchoolTarget.objects.filter(school=w.s1, academic_year=w.year).values_list(
                "measure", "value"
            )
        )
    assert targets == {"ks2_rwm_expected": Decimal("70.0")}


def test_the_national_figures_template_refuses_a_bad_value_by_row_and_column(w: World) -> None:
    assert w.year is not None
    ceo = _client(w, Role.CEO)
    rows = _rows(ceo.get(reverse("returns:benchmark_template", args=[w.year.pk])))
    assert rows[0] == ["measure", "measure_name", "national"]
    rows[1][2] = "NaN"
    rows[2][2] = "<script>"
    rows[3][0] = "bananas"
    url = reverse("returns:benchmark_upload", args=[w.year.pk])
    response = ceo.post(url, {"file": _file("n.csv", _csv(rows))})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Row 2, column national: Attendance must be a number" in body
    assert "Row 3, column national" in body and "<script>" not in body
    assert "Row 4, column measure: “bananas” is not one of the measures" in body
    with scopes_disabled():
        assert NationalBenchmark.objects.get(
            academic_year=w.year, measure="attendance"
        ).value == Decimal("94.5")


def test_a_cancelled_import_writes_nothing_and_cannot_be_confirmed(w: World) -> None:
    assert w.year is not None
    ceo = _client(w, Role.CEO)
    rows = [["measure", "measure_name", "national"], ["attendance", "Attendance", "90"]]
    url = reverse("returns:benchmark_upload", args=[w.year.pk])
    record = _record(ceo.post(url, {"file": _file("n.csv", _csv(rows))}))
    assert ceo.post(reverse("returns:import_cancel", args=[record.pk])).status_code == 302
    record = _confirm(w, Role.CEO, record)
    assert record.status == ImportRecord.Status.CANCELLED
    with scopes_disabled():
        value = NationalBenchmark.objects.get(academic_year=w.year, measure="attendance").value
    assert value == Decimal("94.5")
    # The person's imports are listed on their imports page.
    mine = ceo.get(reverse("returns:imports")).content.decode()
    assert reverse("returns:import_detail", args=[record.pk]) in mine and "Cancelled" in mine
    # Someone else's import is not found, even by a person who may import the same kind.
    deputy = _client(w, Role.DEPUTY_CEO)
    assert deputy.get(reverse("returns:import_detail", args=[record.pk])).status_code == 404


def test_another_trusts_year_or_an_unknown_encoding_is_refused_next_to_its_field(w: World) -> None:
    assert w.other_year is not None
    path = DFE / "ks2_2019_flying_high_slice.csv"
    data = {"academic_year": str(w.other_year.pk), "file": _file(path.name, path.read_bytes())}
    response = _client(w, Role.CEO).post(reverse("returns:ks2_import"), data)
    assert response.status_code == 400
    assert "Choose one of the trust&#x27;s academic years" in response.content.decode()
    response = _ks2(w, Role.CEO, path.name, path.read_bytes(), encoding="ebcdic")
    assert response.status_code == 400
    assert "Choose one of the ways listed" in response.content.decode()
    with scopes_disabled():
        assert not ImportRecord.objects.filter(kind=imports.KS2).exists()
    huge = reverse("returns:import_detail", args=[2**70])
    assert _client(w, Role.CEO).get(huge).status_code == 404


def test_a_cohort_in_another_scripts_digits_is_an_error_not_a_crash(w: World) -> None:
    """'²' passes str.isdigit() and then breaks int(): it must be a row error, never a 500."""
    content = _csv([["URN", "TELIG", "PTRWM_EXP"], [w.s1.urn, "\u00b2", "65"]])
    response = _ks2(w, Role.CEO, "ks2.csv", content)
    assert response.status_code == 400
    assert "Row 2, column TELIG" in response.content.decode()
    assert _results(_year(w)) == {}


def test_the_trust_administrator_checks_published_figures_for_every_school(w: World) -> None:
    """The trust's administrator loads its published data: every school of the trust counts,
    those of no Director of QA's clusters included (a dry run here: nothing written)."""
    path = DFE / "ks2_2019_flying_high_slice.csv"
    record = _record(_ks2(w, Role.TRUST_ADMIN, path.name, path.read_bytes()))
    assert record.status == ImportRecord.Status.CHECKED
    assert record.uploaded_by == w.person(Role.TRUST_ADMIN)
    ignored = "Rows for the trust's schools you do not look after, ignored"
    assert record.summary.get(ignored, 0) == 0
    assert record.summary["Figures to change"] > 6  # the director's six, and the other cluster's
    assert _results(_year(w)) == {}
