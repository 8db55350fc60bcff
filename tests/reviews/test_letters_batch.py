"""The letters to parents of a whole year: the CEO or deputy chooses the year, sees how many of its
reviews are shared, and starts a batch; the job makes each letter in turn (progress 'n of m
schools'), then one PDF for printing (each letter on its own pages) and a zip of one PDF per
school. Bad input gets a message by the field; other roles and trusts get 404."""

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.text import slugify
from django_scopes import scopes_disabled
from pypdf import PdfReader

from fht.models import Job, User
from fht.roles import Role
from reviews.models import LetterBatch
from reviews.services.letters import BATCH_JOB_KEY
from tests.conftest import World
from tests.reviews.matrix_documents import share
from tests.reviews.test_documents_pdfs import rworld  # noqa: F401

pytestmark = pytest.mark.django_db


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def _start(world: World, capture: Callable[..., Any], role: Role = Role.CEO) -> LetterBatch:
    assert world.year is not None
    with capture(execute=True):
        response = _client(world.person(role)).post(
            reverse("reviews:letters"), {"year": world.year.pk}
        )
    assert response.status_code == 302, response.content.decode()[:500]
    with scopes_disabled():
        return LetterBatch.objects.select_related("job").latest("created_at")


@pytest.fixture
def two_shared(rworld: World) -> World:  # noqa: F811
    share(rworld.review)
    share(rworld.out_review)
    return rworld


def test_the_page_counts_the_years_shared_reviews(two_shared: World) -> None:
    html = _client(two_shared.person(Role.CEO)).get(reverse("reviews:letters")).content.decode()
    assert "2 reviews of 2026/27 are shared: 2 letters will be made." in html
    assert "Make the letters of 2026/27" in html
    assert "No letters have been made yet." in html


def test_the_empty_state_when_no_review_of_the_year_is_shared(rworld: World) -> None:  # noqa: F811
    html = _client(rworld.person(Role.DEPUTY_CEO)).get(reverse("reviews:letters")).content.decode()
    assert "No review of 2026/27 has been shared yet" in html
    assert "Make the letters of" not in html


def test_the_batch_makes_every_letter_one_pdf_and_a_zip(
    two_shared: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    world = two_shared
    batch = _start(world, django_capture_on_commit_callbacks)
    assert batch.job is not None and batch.job.kind == BATCH_JOB_KEY
    assert batch.job.status == Job.Status.DONE, batch.job.message
    assert (batch.done, batch.total) == (2, 2)
    assert batch.finished_at is not None
    client = _client(world.person(Role.CEO))
    # One PDF for printing: each school's letter starts on a page of its own.
    response = client.get(reverse("reviews:letters_file", args=[batch.pk, "letters.pdf"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    pages = [
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(_body(response))).pages
    ]
    starts = [i for i, text in enumerate(pages) if "Dear parents and carers" in text]
    assert len(starts) == 2
    first = {world.s1.name: 0, world.s3.name: 1}
    names = sorted(first)  # letters in the order of the schools' names
    for index, name in zip(starts, names, strict=True):
        assert f"{name}: a letter to parents and carers" in pages[index]
    assert "Reading for pleasure across the school." in " ".join(pages)
    # One PDF per school, named by school.
    response = client.get(reverse("reviews:letters_file", args=[batch.pk, "letters.zip"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(_body(response)))
    assert sorted(archive.namelist()) == sorted(
        f"{slugify(name)}.pdf" for name in (world.s1.name, world.s3.name)
    )
    one = PdfReader(io.BytesIO(archive.read(f"{slugify(world.s3.name)}.pdf")))
    text = " ".join(" ".join(p.extract_text() for p in one.pages).split())
    assert world.s3.name in text and world.s1.name not in text
    # The page shows it finished, with both downloads.
    html = client.get(reverse("reviews:letters")).content.decode()
    assert "Finished: 2 of 2 schools." in html
    assert "Download every letter in one PDF, for printing" in html


def test_the_progress_partial_shows_n_of_m_schools_while_it_waits(
    two_shared: World,
) -> None:
    world = two_shared
    assert world.year is not None
    # Started without running the job (the callbacks on commit are not run): it waits.
    response = _client(world.person(Role.CEO)).post(
        reverse("reviews:letters"), {"year": world.year.pk}
    )
    assert response.status_code == 302
    with scopes_disabled():
        batch = LetterBatch.objects.get()
    url = reverse("reviews:letters_batch", args=[batch.pk])
    partial = _client(world.person(Role.CEO)).get(url, headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert "0 of 2 schools" in html and 'hx-trigger="every 2s"' in html
    assert "<html" not in html
    with scopes_disabled():
        LetterBatch.objects.filter(pk=batch.pk).update(done=1)
    html = _client(world.person(Role.CEO)).get(url, headers={"HX-Request": "true"}).content.decode()
    assert "1 of 2 schools" in html
    # Its files are not there yet.
    file_url = reverse("reviews:letters_file", args=[batch.pk, "letters.pdf"])
    assert _client(world.person(Role.CEO)).get(file_url).status_code == 404


def test_re_running_makes_a_new_batch(
    two_shared: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    first = _start(two_shared, django_capture_on_commit_callbacks)
    second = _start(two_shared, django_capture_on_commit_callbacks, role=Role.DEPUTY_CEO)
    assert first.pk != second.pk and second.done == 2
    with scopes_disabled():
        assert LetterBatch.objects.count() == 2


@pytest.mark.parametrize(
    "value", ["", "abc", "-1", "1e309", "NaN", "99999999999999999999", "<b>2026</b>"]
)
def test_bad_years_get_a_message_by_the_field_and_no_batch(rworld: World, value: str) -> None:  # noqa: F811
    response = _client(rworld.person(Role.CEO)).post(reverse("reviews:letters"), {"year": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-message" in html
    assert "Choose" in html
    with scopes_disabled():
        assert not LetterBatch.objects.exists()


def test_another_trusts_year_is_refused(rworld: World) -> None:  # noqa: F811
    assert rworld.other_year is not None
    response = _client(rworld.person(Role.CEO)).post(
        reverse("reviews:letters"), {"year": rworld.other_year.pk}
    )
    assert response.status_code == 400
    assert "Choose one of the trust&#x27;s academic years." in response.content.decode()
    get = _client(rworld.person(Role.CEO)).get(
        reverse("reviews:letters"), {"year": rworld.other_year.pk}
    )
    assert get.status_code == 400


def test_a_year_with_nothing_shared_is_refused_with_a_message(rworld: World) -> None:  # noqa: F811
    assert rworld.year is not None
    response = _client(rworld.person(Role.CEO)).post(
        reverse("reviews:letters"), {"year": rworld.year.pk}
    )
    assert response.status_code == 400
    assert "No review of 2026/27 has been shared yet." in response.content.decode()
    with scopes_disabled():
        assert not LetterBatch.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.QA_DIRECTOR, Role.TRUSTEE, Role.HEAD_TEACHER, Role.GOVERNOR, Role.TRUST_ADMIN]
)
def test_only_the_ceo_and_deputy_run_letters(
    two_shared: World, role: Role, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    batch = _start(two_shared, django_capture_on_commit_callbacks)
    client = _client(two_shared.person(role))
    assert client.get(reverse("reviews:letters")).status_code == 404
    assert (
        client.post(reverse("reviews:letters"), {"year": batch.academic_year_id}).status_code == 404
    )
    assert client.get(reverse("reviews:letters_batch", args=[batch.pk])).status_code == 404
    file_url = reverse("reviews:letters_file", args=[batch.pk, "letters.zip"])
    assert client.get(file_url).status_code == 404
    assert _client(two_shared.other_ceo).get(file_url).status_code == 404
    assert client.get(reverse("job_status", args=[batch.job_id])).status_code == 404


def test_the_letters_page_runs_a_fixed_number_of_queries(
    two_shared: World,
    django_capture_on_commit_callbacks: Callable[..., Any],
    django_assert_num_queries: Callable[..., Any],
) -> None:
    """13 however many batches there are: the session, the person and their permissions (6), the
    current year, the years' shared counts, the years, the batches with their years and jobs, and
    the rest of the page (3)."""
    client = _client(two_shared.person(Role.CEO))
    for runs in (1, 3):
        for _ in range(runs):
            _start(two_shared, django_capture_on_commit_callbacks)
        with django_assert_num_queries(13):
            assert client.get(reverse("reviews:letters")).status_code == 200
