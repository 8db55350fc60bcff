"""The trust administrator's pages: issue (the token shown once), list, revoke, the use log and
the documentation page, with bad input and other trusts."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from feed.models import FeedToken, FeedUse, View
from feed.services import key_hash, token_issue
from feed.tables import TABLES
from fht.roles import Role
from tests.feed.world import FeedWorld

pytestmark = pytest.mark.django_db


def client_for(fw: FeedWorld, role: Role) -> Client:
    client = Client()
    client.force_login(fw.world.person(role))
    return client


def secret_on(page: str) -> str:
    found = re.search(r'id="feed-token" type="text" value="([^"]+)"', page)
    assert found, "the secret is on the page"
    return found.group(1)


def test_issue_fetch_revoke_and_be_refused(fw: FeedWorld) -> None:
    """The acceptance a user would try, through the pages."""
    admin = client_for(fw, Role.TRUST_ADMIN)
    response = admin.post(reverse("feed:token_issue"), {"name": "Power BI", "view": "trustee"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    secret = secret_on(page)
    assert "shown only on this page" in page
    with scopes_disabled():
        token = FeedToken.objects.get(key_hash=key_hash(secret))
    assert token.name == "Power BI" and token.view == View.TRUSTEE
    assert token.created_by == fw.world.person(Role.TRUST_ADMIN)
    assert token.trust_id == fw.world.trust.pk
    with scopes_disabled():
        assert token.history.first().history_user == fw.world.person(Role.TRUST_ADMIN)

    headers = {"Authorization": f"Bearer {secret}"}
    fetched = Client().get("/feed/v1/schools.csv", headers=headers)
    assert fetched.status_code == 200 and "Alder Primary" in fetched.content.decode()

    listing = admin.get(reverse("feed:token_list")).content.decode()
    assert token.key_prefix in listing and secret not in listing

    url = reverse("feed:token_revoke", kwargs={"token_id": token.pk})
    assert admin.get(url).status_code == 200
    assert admin.post(url, {"confirm": "yes"}).status_code == 302
    assert Client().get("/feed/v1/schools.csv", headers=headers).status_code == 401
    listing = admin.get(reverse("feed:token_list")).content.decode()
    assert "Revoked" in listing
    assert "already revoked" in admin.get(url).content.decode()


def test_the_secret_is_never_shown_again(fw: FeedWorld) -> None:
    admin = client_for(fw, Role.TRUST_ADMIN)
    secret = fw.ceo_token.secret
    token = fw.ceo_token.token
    for url in (
        reverse("feed:token_list"),
        reverse("feed:docs"),
        reverse("feed:token_uses", kwargs={"token_id": token.pk}),
        reverse("feed:token_revoke", kwargs={"token_id": token.pk}),
    ):
        assert secret not in admin.get(url).content.decode(), url


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "view": "ceo"}, "name", "Enter a name for the token."),
        ({"name": "   ", "view": "ceo"}, "name", "Enter a name for the token."),
        ({"name": "x" * 101, "view": "ceo"}, "name", "100 characters or fewer"),
        ({"name": "Board", "view": "god"}, "view", "Choose what the token reads."),
        ({"name": "Board"}, "view", "Choose what the token reads."),
    ],
)
def test_bad_input_is_refused_by_the_field_and_kept(
    fw: FeedWorld, data: dict[str, str], field: str, message: str
) -> None:
    admin = client_for(fw, Role.TRUST_ADMIN)
    with scopes_disabled():
        before = FeedToken.objects.count()
    response = admin.post(reverse("feed:token_issue"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'id="id_{field}_error"' in page and message in page
    with scopes_disabled():
        assert FeedToken.objects.count() == before
    if data.get("name", "").strip() and len(data["name"]) <= 100:
        assert f'value="{data["name"]}"' in page


def test_html_in_a_name_is_kept_as_text(fw: FeedWorld) -> None:
    admin = client_for(fw, Role.TRUST_ADMIN)
    name = "<script>alert(1)</script>"
    response = admin.post(reverse("feed:token_issue"), {"name": name, "view": "trustee"})
    assert response.status_code == 200
    assert name not in response.content.decode()
    assert "&lt;script&gt;" in admin.get(reverse("feed:token_list")).content.decode()


def test_another_trusts_token_is_404(fw: FeedWorld) -> None:
    admin = client_for(fw, Role.TRUST_ADMIN)
    other = fw.other_token.token.pk
    url = reverse("feed:token_revoke", kwargs={"token_id": other})
    assert admin.post(url, {"confirm": "yes"}).status_code == 404
    assert admin.get(reverse("feed:token_uses", kwargs={"token_id": other})).status_code == 404
    with scopes_disabled():
        assert FeedToken.objects.get(pk=other).revoked_at is None
    assert "B&#x27;s" not in admin.get(reverse("feed:token_list")).content.decode()


def test_a_revoke_without_confirming_changes_nothing(fw: FeedWorld) -> None:
    admin = client_for(fw, Role.TRUST_ADMIN)
    url = reverse("feed:token_revoke", kwargs={"token_id": fw.ceo_token.token.pk})
    for data in ({}, {"confirm": "no"}):
        response = admin.post(url, data)
        assert response.status_code == 400
        assert "Confirm that you want to revoke the token." in response.content.decode()
    with scopes_disabled():
        assert FeedToken.objects.get(pk=fw.ceo_token.token.pk).revoked_at is None


def test_the_use_log_pages_and_downloads_with_formulas_neutralised(fw: FeedWorld) -> None:
    secret = fw.trustee_token.secret
    headers = {"Authorization": f"Bearer {secret}"}
    for _ in range(3):
        Client().get("/feed/v1/schools.json", headers=headers)
    assert Client().get("/feed/v1/schools.csv?=cmd|x", headers=headers).status_code == 400
    with scopes_disabled():
        token = fw.trustee_token.token
        FeedUse.objects.bulk_create(
            FeedUse(
                trust_id=token.trust_id, token=token, table="schools", format="json", status=200
            )
            for _ in range(55)
        )
    ceo = client_for(fw, Role.CEO)
    url = reverse("feed:token_uses", kwargs={"token_id": token.pk})
    first = ceo.get(url)
    assert first.status_code == 200
    assert "Page 1 of 2" in first.content.decode()
    assert "59 uses" in first.content.decode()
    for bad in ("2", "999", "abc", "-1", "1e309"):
        assert ceo.get(url, {"page": bad}).status_code == 200
    download = ceo.get(url, {"format": "csv"})
    text = download.content.decode("utf-8-sig")
    assert download["Content-Type"].startswith("text/csv")
    assert "'=cmd|x" in text and "\n=cmd" not in text and ",=cmd" not in text
    assert len(text.strip().splitlines()) == 60


def test_the_docs_list_every_table_and_column(fw: FeedWorld) -> None:
    page = client_for(fw, Role.CEO).get(reverse("feed:docs")).content.decode()
    for table in TABLES.values():
        assert f'id="table-{table.key}"' in page
        for column in table.columns:
            assert f"<code>{column.name}</code>" in page
    for words in ("Web.Contents", "Authorization: Bearer", "From Web", "requests.get", "curl"):
        assert words in page
    assert client_for(fw, Role.HEAD_TEACHER).get(reverse("feed:docs")).status_code == 404


def test_the_token_list_does_not_grow_in_queries(
    fw: FeedWorld, django_assert_num_queries: Any
) -> None:
    admin = client_for(fw, Role.TRUST_ADMIN)
    url = reverse("feed:token_list")
    admin.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        admin.get(url)
    with scopes_disabled():
        for n in range(10):
            token_issue(
                trust_id=fw.world.trust.pk,
                name=f"extra {n}",
                view=View.TRUSTEE,
                acting_user=fw.world.person(Role.TRUST_ADMIN),
            )
    with django_assert_num_queries(len(few)):
        admin.get(url)


def test_only_the_ceo_and_deputy_give_a_token_the_ceos_view(fw: FeedWorld) -> None:
    """The CEO's view reads names and written reasons a trust administrator does not read in the
    app: the administrator is offered the trustee's view only, and a forged choice is refused."""
    admin = client_for(fw, Role.TRUST_ADMIN)
    url = reverse("feed:token_issue")
    page = admin.get(url).content.decode()
    assert 'value="trustee"' in page and 'value="ceo"' not in page
    with scopes_disabled():
        before = FeedToken.objects.count()
    response = admin.post(url, {"name": "Sneaky", "view": "ceo"})
    assert response.status_code == 400
    assert "Choose what the token reads" in response.content.decode()
    with scopes_disabled():
        assert FeedToken.objects.count() == before
    ceo_page = client_for(fw, Role.CEO).get(url).content.decode()
    assert 'value="ceo"' in ceo_page and 'value="trustee"' in ceo_page
