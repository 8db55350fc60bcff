"""The demo renders no PDF while it loads: sharing inside `load` queues no documents job, and a
demo review's documents are made on request from its page ('Make the documents')."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import Job
from fht.roles import Role
from fht.tenancy import trust_scope
from reviews.demo import documents as demo_documents
from reviews.demo import load
from reviews.hooks import review_shared
from reviews.models import ReviewDocument
from reviews.services.documents import documents_held
from tests.conftest import World
from tests.reviews.matrix_documents import share
from tests.reviews.test_documents_pdfs import rworld  # noqa: F401

pytestmark = pytest.mark.django_db


def test_loading_queues_no_job_and_the_page_offers_to_make_them(
    rworld: World,  # noqa: F811
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    ceo = rworld.person(Role.CEO)
    with django_capture_on_commit_callbacks(execute=True), trust_scope(rworld.trust.pk):
        load(rworld.trust)
        with documents_held():  # as a part's builder shares its demo reviews inside `load`
            review_shared(review=share(rworld.review, by=ceo), acting_user=ceo)
        assert demo_documents.build(rworld.trust) == 1  # one shared review waits for its documents
    with scopes_disabled():
        assert not Job.objects.filter(kind="review_documents").exists()
    client = Client()
    client.force_login(rworld.person(Role.QA_DIRECTOR))
    page = client.get(reverse("reviews:documents", args=[rworld.review.pk])).content.decode()
    assert "have not been made yet" in page
    assert "Make the documents" in page and "Make the documents again" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reviews:documents_make", args=[rworld.review.pk]))
    with scopes_disabled():
        assert ReviewDocument.objects.filter(review=rworld.review).count() == 3
