"""Downloading the proforma: each reader gets the edition their role may see, never a fuller one;
readers of other schools and other trusts get 404. The visit page's status partial."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import Job, User
from fht.roles import Role
from qa_visits.models import Visit
from tests.conftest import World
from tests.pdf import pdf_text
from tests.qa_visits.helpers import CaptureOnCommit, request_render
from tests.qa_visits.world import HEAD_PM_MARKER, STAFFING_MARKER

pytestmark = pytest.mark.django_db


def _client(user: User | None) -> Client:
    client = Client()
    assert user is not None
    client.force_login(user)
    return client


def _download(user: User | None, visit: Visit | None) -> tuple[int, bytes, dict[str, str]]:
    assert visit is not None
    response = _client(user).get(
        reverse("qa_visits:proforma_download", kwargs={"visit_id": visit.pk})
    )
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body, dict(response.headers)


@pytest.fixture
def rendered(world: World, django_capture_on_commit_callbacks: CaptureOnCommit) -> World:
    """The proforma of the visit at s1 made (each render takes a moment: only this one)."""
    assert world.visit
    request_render(world, world.visit, django_capture_on_commit_callbacks)
    return world


def test_a_governor_gets_the_open_edition(rendered: World) -> None:
    status, body, headers = _download(rendered.person(Role.GOVERNOR), rendered.visit)
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Cache-Control"] == "private, no-store"
    assert headers["Content-Disposition"] == (
        'attachment; filename="QA visit proforma - Alder Primary - 6 October 2026.pdf"'
    )
    text = pdf_text(body)
    assert "Alder Primary" in text and "95.2%" in text and "94.5%" in text
    assert STAFFING_MARKER not in text
    assert HEAD_PM_MARKER not in text


def test_other_readers_without_restricted_access_get_the_open_edition(rendered: World) -> None:
    for role in (Role.TRUSTEE, Role.TRUST_ADMIN, Role.CPD_LEAD, Role.SYSTEM_LEADER):
        status, body, _ = _download(rendered.person(role), rendered.visit)
        assert status == 200, role
        assert STAFFING_MARKER not in pdf_text(body), role


def test_the_head_gets_staffing_but_not_their_performance_management(rendered: World) -> None:
    status, body, _ = _download(rendered.person(Role.HEAD_TEACHER), rendered.visit)
    assert status == 200
    text = pdf_text(body)
    assert STAFFING_MARKER in text
    assert HEAD_PM_MARKER not in text


def test_the_director_and_the_ceo_get_the_full_edition(rendered: World) -> None:
    for role in (Role.QA_DIRECTOR, Role.CEO, Role.DEPUTY_CEO):
        status, body, _ = _download(rendered.person(role), rendered.visit)
        assert status == 200, role
        text = pdf_text(body)
        assert STAFFING_MARKER in text, role
        assert HEAD_PM_MARKER in text, role


def test_readers_of_another_school_or_trust_get_404(
    rendered: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    assert rendered.out_visit and rendered.other_visit
    for visit in (rendered.out_visit, rendered.other_visit):  # made, so 404 is not 'not ready'
        request_render(rendered, visit, django_capture_on_commit_callbacks)
    assert _download(rendered.south_head, rendered.visit)[0] == 404
    assert _download(rendered.colleague, rendered.visit)[0] == 404  # governor of s2
    assert _download(rendered.person(Role.QA_DIRECTOR), rendered.out_visit)[0] == 404
    assert _download(rendered.person(Role.CEO), rendered.other_visit)[0] == 404
    assert _download(rendered.other_ceo, rendered.visit)[0] == 404
    assert _download(rendered.stranger, rendered.visit)[0] == 404
    # The other trust's CEO reads their own.
    status, body, _ = _download(rendered.other_ceo, rendered.other_visit)
    assert status == 200 and "Driftwood Primary" in pdf_text(body)


def test_a_draft_visit_is_not_served_to_readers(rendered: World) -> None:
    assert _download(rendered.person(Role.GOVERNOR), rendered.draft_visit)[0] == 404


def test_before_it_is_made_the_reader_is_told_it_is_coming(world: World) -> None:
    assert world.visit
    status, body, headers = _download(world.person(Role.GOVERNOR), world.visit)
    assert status == 404
    assert headers["Cache-Control"] == "private, no-store"
    assert "The proforma is not ready yet" in body.decode()


def test_a_writer_asks_for_it_again_and_follows_the_job(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    assert world.visit
    client = _client(world.person(Role.QA_DIRECTOR))
    url = reverse("qa_visits:proforma_render", kwargs={"visit_id": world.visit.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    with scopes_disabled():
        visit = Visit.objects.select_related("proforma_job").get(pk=world.visit.pk)
    assert visit.proforma_job is not None
    assert response["Location"] == reverse("qa_visits:detail", kwargs={"visit_id": visit.pk})
    assert visit.proforma_job.status == Job.Status.DONE
    assert _download(world.person(Role.GOVERNOR), world.visit)[0] == 200


def test_readers_cannot_ask_for_a_render_once_one_was_made(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    assert world.visit
    request_render(world, world.visit, django_capture_on_commit_callbacks)
    url = reverse("qa_visits:proforma_render", kwargs={"visit_id": world.visit.pk})
    for role in (Role.HEAD_TEACHER, Role.GOVERNOR, Role.TRUSTEE):
        assert _client(world.person(role)).post(url).status_code == 404
    with scopes_disabled():
        assert Job.objects.filter(kind="visit_proforma").count() == 1


def test_a_reader_may_have_a_never_made_proforma_made(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    assert world.visit and world.draft_visit
    governor = _client(world.person(Role.GOVERNOR))
    page = governor.get(reverse("qa_visits:detail", kwargs={"visit_id": world.visit.pk}))
    assert "Make the proforma" in page.content.decode()
    url = reverse("qa_visits:proforma_render", kwargs={"visit_id": world.visit.pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert governor.post(url).status_code == 302
    status, body, _ = _download(world.person(Role.GOVERNOR), world.visit)
    assert status == 200
    assert STAFFING_MARKER not in pdf_text(body)
    # Not a draft, which readers cannot see at all.
    draft = reverse("qa_visits:proforma_render", kwargs={"visit_id": world.draft_visit.pk})
    assert governor.post(draft).status_code == 404


def test_the_status_partial_without_a_job(world: World) -> None:
    assert world.visit and world.draft_visit
    html = render_to_string("qa_visits/_proforma_status.html", {"visit": world.visit})
    assert "has not been made yet" in html
    assert "hx-get" not in html
    draft = render_to_string("qa_visits/_proforma_status.html", {"visit": world.draft_visit})
    assert "made when the visit is submitted" in draft


def test_the_status_partial_polls_then_offers_the_download(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    assert world.visit
    with scopes_disabled():
        job = Job.objects.create(trust=world.trust, kind="visit_proforma", object_id=world.visit.pk)
        Visit.objects.filter(pk=world.visit.pk).update(proforma_job=job)
        visit = Visit.objects.select_related("proforma_job").get(pk=world.visit.pk)
    html = render_to_string("qa_visits/_proforma_status.html", {"visit": visit})
    assert 'hx-trigger="every 2s"' in html
    assert "Waiting to start" in html
    download = reverse("qa_visits:proforma_download", kwargs={"visit_id": visit.pk})
    job = request_render(world, visit, django_capture_on_commit_callbacks)
    with scopes_disabled():
        visit = Visit.objects.select_related("proforma_job").get(pk=world.visit.pk)
    html = render_to_string(
        "qa_visits/_proforma_status.html", {"visit": visit, "proforma_can_render": True}
    )
    assert "hx-trigger" not in html
    assert f"Finished: {job.message}" in html
    assert download in html
    assert reverse("qa_visits:proforma_render", kwargs={"visit_id": visit.pk}) in html


def test_readers_follow_a_failed_proforma_job_but_only_writers_retry_it(world: World) -> None:
    assert world.visit
    with scopes_disabled():
        job = Job.objects.create(
            trust=world.trust,
            kind="visit_proforma",
            object_id=world.visit.pk,
            status=Job.Status.FAILED,
            message="The proforma could not be made.",
        )
        Visit.objects.filter(pk=world.visit.pk).update(proforma_job=job)
    status_url = reverse("job_status", kwargs={"job_id": job.pk})
    retry_url = reverse("job_retry", kwargs={"job_id": job.pk})
    for role in (Role.GOVERNOR, Role.HEAD_TEACHER, Role.TRUSTEE):
        reader = _client(world.person(role))
        page = reader.get(status_url)
        assert page.status_code == 200, role
        assert retry_url not in page.content.decode(), role
        visit_page = reader.get(reverse("qa_visits:detail", kwargs={"visit_id": world.visit.pk}))
        assert retry_url not in visit_page.content.decode(), role
        assert reader.post(retry_url).status_code == 404, role
    with scopes_disabled():
        assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED
    director = _client(world.person(Role.QA_DIRECTOR))
    assert retry_url in director.get(status_url).content.decode()
    assert director.post(retry_url).status_code == 302
    with scopes_disabled():
        assert Job.objects.get(pk=job.pk).status != Job.Status.FAILED
