"""Issue 14's acceptance journey, in a real browser, with the accessibility check on every page.

As the trust administrator of a new, empty trust: upload the GIAS sample and links files, see a
preview, confirm, and find the school with its history; upload a GIAS file with broken rows and
read which row and column are wrong, with nothing imported, then the corrected file; add the
academic year 2018/19 and upload the KS2 slice, and see the progress figures on the school pages,
suppressed values shown as missing; upload a half-term's data return as CSV, see what it would
change and confirm it; issue a feed token, fetch the schools table as CSV with it,
revoke it and see the next fetch refused.

The KS2 performance tables are imported only by those who manage improvement (the CEO, the deputy
and Directors of QA), not by a trust administrator: the new trust's one person holds both roles,
as the first person of a new trust often does.
"""

import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from fht.models import ImportRecord
from fht.roles import Role
from people.services import role_assign
from returns.grid import year_groups_for, year_label
from returns.models import DataReturn
from schools.models import School
from tests import DFE
from tests.factories import PASSWORD, TrustFactory, UserFactory
from tests.imports.world import LINKS, SAMPLE, gias_file, sample_rows

pytestmark = pytest.mark.django_db(transaction=True)

ADMIN = "admin@chichester.example"
KS2 = DFE / "ks2_2019_NG_postcodes_slice.csv"


def _submit(session: Any, name: str) -> Page:
    page: Page = session.page
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()
    session.check()
    return page


def _nottingham_extract(tmp: Path, *, broken: bool) -> Path:
    """A GIAS extract of two Nottingham schools of the KS2 slice joining the trust: the real
    sample's columns and its first row's values, with each school's own URN and name. The broken
    one has a URN that is not a number and an opening date that does not exist."""
    header, rows = sample_rows()
    base = rows[0]
    flying_high = {**base, "URN": "140398", "EstablishmentName": "The Flying High Academy"}
    manners = {**base, "URN": "122611", "EstablishmentName": "Manners Sutton Primary School"}
    if broken:
        flying_high["URN"] = "14O398"
        manners["OpenDate"] = "31-02-2016"
    path = tmp / ("edubasealldata_broken.csv" if broken else "edubasealldata.csv")
    path.write_bytes(gias_file([flying_high, manners], header))
    return path


def _feed(url: str, secret: str) -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {secret}"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (the live server)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (the live server)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _school(urn: str) -> School:
    with scopes_disabled():
        return School.objects.get(urn=urn, trust__name="Diocese of Chichester Academy Trust")


def test_a_new_trust_imports_its_schools_results_and_reads_them_through_the_feed(
    session_factory: Any, tmp_path: Path
) -> None:
    with scopes_disabled():
        trust = TrustFactory(name="Diocese of Chichester Academy Trust")
        admin = UserFactory(trust=trust, email=ADMIN, full_name="Alex Admin")
        role_assign(person=admin, role=Role.TRUST_ADMIN, acting_user=None)
        role_assign(person=admin, role=Role.CEO, acting_user=None)

    session = session_factory()
    session.sign_in(ADMIN, PASSWORD)
    page = session.goto("/imports/")

    # The GIAS sample and the links file: a preview first, nothing written.
    page = session.goto("/imports/gias/")
    page.set_input_files("#id_extract", str(SAMPLE))
    page.set_input_files("#id_links", str(LINKS))
    page = _submit(session, "Check the file")
    # The sample names one trust (its closed schools none): it is taken without asking.
    expect(page.locator("#id_group_uid")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(
        "DIOCESE OF CHICHESTER ACADEMY TRUST (group UID 5488)"
    )
    expect(page.get_by_role("heading", name="Schools to add")).to_be_visible()
    expect(
        page.get_by_role("rowheader", name="St Paul's Church of England Academy")
    ).to_be_visible()
    with scopes_disabled():
        assert not School.objects.filter(trust=trust).exists()
    page = _submit(session, "Confirm and import")
    expect(page.get_by_role("heading", name="What was imported")).to_be_visible()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Imported")

    # The school, and what the import brought to it.
    page = session.goto("/schools/")
    page.get_by_role("link", name="St Paul's Church of England Academy").first.click()
    session.check()
    expect(page.locator("h1")).to_contain_text("St Paul's Church of England Academy")
    history = page.locator('h2:has-text("Changes to this school\'s record") + div table')
    expect(history).to_contain_text("Alex Admin")
    page.get_by_role("link", name="What GIAS and Ofsted imports brought").click()
    session.check()
    expect(page.locator("main")).to_contain_text("5488")

    # A file with broken rows: each error by row and column, and nothing imported.
    page = session.goto("/imports/gias/")
    page.set_input_files("#id_extract", str(_nottingham_extract(tmp_path, broken=True)))
    page = _submit(session, "Check the file")
    errors = page.locator("#errors + p + table")
    expect(errors).to_contain_text("URN")
    expect(errors).to_contain_text("OpenDate")
    expect(page.get_by_text("Nothing has been imported.")).to_be_visible()
    expect(page.get_by_role("button", name="Confirm and import")).to_have_count(0)
    rows = errors.locator("tbody tr")
    assert {rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())} == {
        "2",
        "3",
    }
    with scopes_disabled():
        assert School.objects.filter(trust=trust).count() == 1
        assert ImportRecord.objects.filter(trust=trust).latest("pk").status == "refused"
    # The corrected file adds both schools.
    page = session.goto("/imports/gias/")
    page.set_input_files("#id_extract", str(_nottingham_extract(tmp_path, broken=False)))
    page = _submit(session, "Check the file")
    page = _submit(session, "Confirm and import")
    expect(page.get_by_role("heading", name="What was imported")).to_be_visible()

    # The year of the KS2 results, then the KS2 slice.
    page = session.goto("/academic-years/add/")
    page.fill("#id_starts_in", "2018")
    page = _submit(session, "Add the academic year")
    page = session.goto("/national-benchmarks/ks2-import/")
    page.select_option("#id_academic_year", label="2018/19")
    page.set_input_files("#id_file", str(KS2))
    page = _submit(session, "Check the file")
    page = _submit(session, "Confirm and import")
    flying_high, manners = _school("140398"), _school("122611")
    page = session.goto(f"/schools/{flying_high.pk}/data/")
    expect(page.locator("main")).to_contain_text("Key Stage 2 reading progress")
    expect(page.locator("main")).to_contain_text("6.1")
    page = session.goto(f"/schools/{manners.pk}/data/")
    expect(page.locator("main")).to_contain_text("SUPP: suppressed (too few pupils)")

    # A half-term's data return as CSV: a preview of each figure first, nothing saved, then saved.
    page.get_by_role("button", name="Upload a return as CSV").click()
    session.check()
    year = year_label(year_groups_for(manners)[0])
    return_csv = tmp_path / "return.csv"
    return_csv.write_bytes(
        f"year_group,pupil_group,pupils,reading\r\n{year},all,30,80\r\n".encode("cp1252")
    )
    for field, value in (
        ("attendance", "95.1"),
        ("persistent_absence", "11.0"),
        ("suspensions", "0"),
        ("permanent_exclusions", "0"),
    ):
        page.fill(f"#id_{field}", value)
    page.set_input_files("#id_file", str(return_csv))
    page = _submit(session, "Check the file")
    changes = page.get_by_role("region", name="Changes")
    expect(changes).to_contain_text(f"{year}, all pupils, reading")
    expect(changes).to_contain_text("80.0%")
    with scopes_disabled():
        assert not DataReturn.objects.filter(school=manners).exists()
    page = _submit(session, "Confirm and import")
    page.get_by_role("link", name="See the return for").click()
    session.check()
    expect(page.locator("main")).to_contain_text("95.1")

    # A feed token: the schools table as CSV with it, then revoked and refused.
    page = session.goto("/feed/tokens/")
    page.get_by_role("button", name="Issue a token").click()
    session.check()
    page.fill("#id_name", "Power BI board pack")
    page.get_by_label("CEO view", exact=False).check()
    page = _submit(session, "Issue the token")
    secret = page.locator("#feed-token").input_value()
    assert len(secret) > 30
    status, body = _feed(f"{session.base_url}/feed/v1/schools.csv", secret)
    assert status == 200, body
    assert "St Paul's Church of England Academy" in body and "Manners Sutton" in body
    page = session.goto("/feed/tokens/")
    page.get_by_role("link", name="Revoke Power BI board pack").click()
    session.check()
    page = _submit(session, "Revoke the token")
    expect(page.get_by_text("is revoked: the next request with it is refused")).to_be_visible()
    status, _ = _feed(f"{session.base_url}/feed/v1/schools.csv", secret)
    assert status == 401
