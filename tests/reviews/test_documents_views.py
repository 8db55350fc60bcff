"""The documents on the review's page and their downloads: each reader gets the report's edition
they may read (the staffing notes only with the restricted permission), every reader of the shared
review gets the letter, another trust gets 404; the letter's readability result is on the page,
with the hardest sentences when it fails; those who write the review have them made again."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import Job, User
from fht.roles import Role
from reviews.models import Challenge, Review, ReviewDocument, Strength
from tests.conftest import World
from tests.pdf import pdf_text
from tests.reviews.test_documents_pdfs import rworld, share_and_make  # noqa: F401
from tests.reviews.world import RESTRICTED_WORDS

pytestmark = pytest.mark.django_db
Kind = ReviewDocument.Kind

HARD_TITLES = [
    "Comprehensive institutionalisation of metacognitive pedagogical methodologies",
    "Systematically operationalise evidence-informed differentiation accommodating "
    "heterogeneous educational requirements",
    "Strategic prioritisation of interdisciplinary curriculum conceptualisation",
    "Organisational accountability mechanisms facilitating administrative responsiveness",
]


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _download(user: User | None, review: Review, what: str) -> tuple[int, str]:
    response = _client(user).get(reverse("reviews:document", args=[review.pk, what]))
    if response.status_code != 200:
        return response.status_code, response.content.decode()
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return 200, " ".join(pdf_text(body).split())


@pytest.fixture
def made(rworld: World, django_capture_on_commit_callbacks: Callable[..., Any]) -> Review:  # noqa: F811
    return share_and_make(rworld, rworld.review, django_capture_on_commit_callbacks)


@pytest.mark.parametrize(
    ("role", "full"),
    [
        (Role.CEO, True),
        (Role.QA_DIRECTOR, True),
        (Role.HEAD_TEACHER, True),
        (Role.GOVERNOR, False),
        (Role.CHAIR_OF_GOVERNORS, False),
        (Role.TRUSTEE, False),
        (Role.LEAD_PRACTITIONER, False),
    ],
)
def test_each_reader_downloads_their_edition_of_the_report_and_the_letter(
    rworld: World,  # noqa: F811
    made: Review,
    role: Role,
    full: bool,
) -> None:
    status, report = _download(rworld.person(role), made, "report")
    assert status == 200
    assert (RESTRICTED_WORDS in report) is full
    assert "Raise attendance of disadvantaged pupils" in report
    status, letter = _download(rworld.person(role), made, "letter")
    assert status == 200 and "Dear parents and carers" in letter


def test_the_peer_head_on_the_team_reads_the_full_report(rworld: World, made: Review) -> None:  # noqa: F811
    status, report = _download(rworld.south_head, made, "report")
    assert status == 200 and RESTRICTED_WORDS in report


@pytest.mark.parametrize("what", ["report", "letter"])
def test_other_trusts_and_strangers_get_404(rworld: World, made: Review, what: str) -> None:  # noqa: F811
    assert _download(rworld.other_ceo, made, what)[0] == 404
    assert _download(rworld.other_head, made, what)[0] == 404
    assert _download(rworld.stranger, made, what)[0] == 404
    assert _download(rworld.colleague, made, what)[0] == 404  # a governor of s2
    assert _download(None, made, what)[0] == 302


def test_a_draft_review_is_not_the_governors_and_has_no_documents_yet(rworld: World) -> None:  # noqa: F811
    assert _download(rworld.person(Role.GOVERNOR), rworld.review, "letter")[0] == 404
    status, page = _download(rworld.person(Role.CEO), rworld.review, "letter")
    assert status == 404 and "not ready yet" in page


def test_an_unknown_document_is_404(rworld: World, made: Review) -> None:  # noqa: F811
    url = f"/reviews/{made.pk}/documents/minutes.pdf"
    assert _client(rworld.person(Role.CEO)).get(url).status_code == 404


def test_the_panel_lists_the_documents_and_the_passing_score(rworld: World, made: Review) -> None:  # noqa: F811
    page = _client(rworld.person(Role.QA_DIRECTOR)).get(
        reverse("reviews:documents", args=[made.pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Download the report (PDF, with the restricted staffing notes)" in html
    assert "Download the letter to parents and carers (PDF)" in html
    assert "The letter is in plain English" in html
    assert "Make the documents again" in html
    governor = _client(rworld.person(Role.GOVERNOR)).get(
        reverse("reviews:documents", args=[made.pk])
    )
    text = governor.content.decode()
    assert "Download the report (PDF)" in text and "restricted staffing notes" not in text
    assert "Make the documents again" not in text


def test_a_letter_of_long_hard_titles_fails_and_the_panel_names_them(
    rworld: World,  # noqa: F811
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    review = rworld.review
    with scopes_disabled():
        for title in HARD_TITLES[:2]:
            Strength.objects.create(
                trust=rworld.trust, review=review, title=title, theme="curriculum"
            )
        for title in HARD_TITLES[2:]:
            Challenge.objects.create(trust=rworld.trust, review=review, title=title)
    review = share_and_make(rworld, review, django_capture_on_commit_callbacks)
    with scopes_disabled():
        letter = ReviewDocument.objects.get(review=review, kind=Kind.LETTER)
    assert letter.reading_ease is not None and letter.reading_ease < 60
    assert letter.file  # still made
    html = (
        _client(rworld.person(Role.QA_DIRECTOR))
        .get(reverse("reviews:documents", args=[review.pk]))
        .content.decode()
    )
    assert "The letter is not plain enough for parents" in html
    assert "The hardest sentences of the letter" in html
    assert any(title in html for title in HARD_TITLES)
    assert "Reading for pleasure across the school" not in html.split("hardest sentences")[1]


def test_writers_make_the_documents_again_readers_cannot(rworld: World, made: Review) -> None:  # noqa: F811
    url = reverse("reviews:documents_make", args=[made.pk])
    assert _client(rworld.person(Role.GOVERNOR)).post(url).status_code == 404
    assert _client(rworld.person(Role.HEAD_TEACHER)).post(url).status_code == 404
    assert _client(rworld.other_ceo).post(url).status_code == 404
    before = made.documents_job_id
    response = _client(rworld.person(Role.CPD_LEAD)).post(url)  # on the team
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:detail", args=[made.pk]) + "#review-documents"
    with scopes_disabled():
        made.refresh_from_db()
        job = Job.objects.get(pk=made.documents_job_id)
    assert made.documents_job_id != before and job.status == Job.Status.QUEUED
    # Asked again while it waits: the same job.
    _client(rworld.person(Role.QA_DIRECTOR)).post(url)
    with scopes_disabled():
        made.refresh_from_db()
    assert made.documents_job_id == job.pk
    page = _client(rworld.person(Role.QA_DIRECTOR)).get(
        reverse("reviews:documents", args=[made.pk])
    )
    assert "Waiting to start" in page.content.decode()  # the job's banner, polling


def test_a_draft_review_documents_are_not_made(rworld: World) -> None:  # noqa: F811
    url = reverse("reviews:documents_make", args=[rworld.review.pk])
    response = _client(rworld.person(Role.QA_DIRECTOR)).post(url, follow=True)
    assert "made once the review is shared" in response.content.decode()
    with scopes_disabled():
        assert not Job.objects.filter(kind="review_documents").exists()


def test_the_documents_job_is_followed_by_readers_of_the_review_only(
    rworld: World,  # noqa: F811
    made: Review,
) -> None:
    url = reverse("job_status", args=[made.documents_job_id])
    assert _client(rworld.person(Role.GOVERNOR)).get(url).status_code == 200
    assert _client(rworld.colleague).get(url).status_code == 404
    assert _client(rworld.other_ceo).get(url).status_code == 404


def test_the_panel_is_registered_on_the_review_page_at_order_40(
    rworld: World,  # noqa: F811
    made: Review,
) -> None:
    from reviews.hooks import panels_for_review, review_panels
    from reviews.selectors.access import review_access

    assert review_panels.get("documents").order == 40
    governor = rworld.person(Role.GOVERNOR)
    with scopes_disabled():
        contents = panels_for_review(governor, review_access(governor, made.pk))
    panel = next(c for c in contents if c.template == "reviews/documents/_panel.html")
    assert panel.context["letter"] is not None and not panel.context["can_make"]
    assert panel.context["report"].kind == Kind.REPORT  # the governors' edition


def test_a_draft_shows_its_writers_when_the_documents_come(rworld: World) -> None:  # noqa: F811
    page = _client(rworld.person(Role.QA_DIRECTOR)).get(
        reverse("reviews:documents", args=[rworld.review.pk])
    )
    assert "made when the review is shared" in page.content.decode()
    assert "Make the documents" not in page.content.decode()
