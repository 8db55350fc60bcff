"""Every PDF the product makes is tagged for assistive technology (PDF/UA-1): each document is made
by its real job (the proforma's editions, the action plan, the risk meeting's pack and minutes, the
concern letters, the review's reports and letter to parents), then its tags are read back: the
structure tree, the 'tagged' marking, the language, the title (document info and XMP, shown as the
window's title), headings from one H1 without a skipped level, tables with header cells that every
data cell points to, and images with their text alternative.

One world, and one rendering of every document, for the whole module: the documents are made in a
transaction rolled back before the first test, and the tests only read their bytes."""

import datetime as dt
import itertools
import logging
from dataclasses import dataclass

import pytest
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django_scopes import scopes_disabled

from cycle.services.pack import pack_render
from dashboards.services.school import SCHOOL_PDF_JOB, school_pdf_file_name
from fht.models import Job
from fht.registry import jobs
from fht.roles import Role
from fht.tenancy import trust_scope
from isap.models import Plan
from qa_visits.models import VisitProforma
from reviews.models import Review, ReviewDocument
from reviews.services.letters import letter_batch_start
from risk.models import ConcernLetter, MeetingDocument
from risk.services.concern import concern_letter_text_set
from risk.services.concern_letters import concern_letter_request
from risk.services.meetings import ItemData, meeting_item_save
from risk.services.meetings_pdf import meeting_pdf_request
from tests.conftest import World
from tests.cycle.world import meeting as cycle_meeting
from tests.pdf import Tags, pdf_tags
from tests.platform.world import build_full_world
from tests.qa_visits.world import add_visit
from tests.risk.concern_world import open_case
from tests.risk.world_meetings import closed_meeting_with_action, item_of, open_meeting

pytestmark = pytest.mark.django_db  # the test database is set up for the module's world


@dataclass
class Made:
    data: bytes
    title: str  # the document's title as its service sets it
    tables: bool  # whether the document has tables (a letter has none)
    figures: bool | None = False  # whether it has images (charts); None: it may

    tags: Tags | None = None  # read back once, for every test

    @property
    def read(self) -> Tags:
        assert self.tags is not None
        return self.tags


class _Errors(logging.Handler):
    """WeasyPrint's errors while rendering: a missing language, an image without alt text. (Its
    warnings, such as a CSS property it does not support, say nothing of the tags.)"""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _run(world: World, kind: str, object_id: int) -> None:
    """The job kind's own work, as the worker runs it (in the trust's scope)."""
    job = Job.objects.create(trust=world.trust, kind=kind, object_id=object_id)
    with trust_scope(world.trust.pk):
        jobs.get(kind).run(job)


def _read(field: object) -> bytes:
    with field.open("rb") as handle:  # type: ignore[attr-defined]
        data: bytes = handle.read()
    return data


def _make_all(world: World) -> dict[str, Made]:
    assert world.visit and world.plan and world.review and world.year
    made: dict[str, Made] = {}
    school = world.s1.name
    ceo = world.person(Role.CEO)

    # The visit proforma, in its three editions.
    _run(world, "visit_proforma", world.visit.pk)
    with scopes_disabled():
        for proforma in VisitProforma.objects.filter(visit=world.visit):
            made[f"proforma-{proforma.audience}"] = Made(
                _read(proforma.file), f"QA visit proforma: {school}", tables=True, figures=True
            )

    # The action plan.
    _run(world, "isap_pdf", world.plan.pk)
    with scopes_disabled():
        plan = Plan.objects.select_related("academic_year").get(pk=world.plan.pk)
        made["plan"] = Made(
            _read(plan.pdf),
            f"Individual School Action Plan: {school} {plan.academic_year}",
            tables=True,
        )

    # The risk meeting's pack and minutes, in both editions, with a judged school and an
    # earlier meeting's action and a visit whose restricted text the full edition shows.
    closed_meeting_with_action(world)
    with scopes_disabled():
        add_visit(world.s1, world.year, world.person(Role.QA_DIRECTOR), on=dt.date(2026, 11, 23))
        meeting = open_meeting(world)
        meeting_item_save(
            item=item_of(meeting, world.s1.pk),
            version=1,
            data=ItemData(
                proposed_category="C",
                agreed_category="C",
                category_reason="Leadership capacity is thin.",
                discussion="Governors to be told of the staffing plan.",
                judgements={"leadership": ("high", "Deputy on long-term leave")},
            ),
            acting_user=ceo,
        )
        for document in MeetingDocument.Document.values:
            job = meeting_pdf_request(meeting=meeting, document=document, acting_user=ceo)
            with trust_scope(world.trust.pk):
                jobs.get(job.kind).run(job)
            for stored in MeetingDocument.objects.filter(meeting=meeting, document=document):
                title = "Risk meeting pack" if document == "pack" else "Risk meeting minutes"
                made[f"{document}-{stored.edition}"] = Made(
                    _read(stored.file), f"{title}, {meeting.half_term}", tables=True
                )

    # The concern letters: to the chair, and to the LGB in its sent and restricted editions.
    with scopes_disabled():
        case = open_case(world.s1, level=3, by=ceo)
        concern_letter_text_set(
            case=case,
            issues="Phonics outcomes below national for two years.",
            actions_to_follow="An interim executive head may be appointed.",
            performance_management="The head's appraisal objectives will be reviewed.",
            version=case.version,
            acting_user=ceo,
        )
        for kind in ConcernLetter.Kind.values:
            job = concern_letter_request(case=case, kind=kind, acting_user=ceo)
            with trust_scope(world.trust.pk):
                jobs.get(job.kind).run(job)
            letter = ConcernLetter.objects.get(case=case, kind=kind)
            title = str(letter_title(letter))
            made[f"concern-{kind}"] = Made(_read(letter.file), title, tables=False)
            if letter.restricted_file:
                made[f"concern-{kind}-restricted"] = Made(
                    _read(letter.restricted_file), title, tables=False
                )

    # The school on a page, as its head reads it (the dashboards' PDF, charts drawn as SVG).
    job = Job.objects.create(
        trust=world.trust,
        kind=SCHOOL_PDF_JOB,
        object_id=world.s1.pk,
        requested_by=world.person(Role.HEAD_TEACHER),
    )
    with trust_scope(world.trust.pk):
        jobs.get(job.kind).run(job)
    with default_storage.open(school_pdf_file_name(job), "rb") as handle:
        made["school-on-a-page"] = Made(
            handle.read(), f"{school}: the school on a page", tables=True, figures=None
        )

    # The partnership review's report (both editions) and its letter to parents.
    _run(world, "review_documents", world.review.pk)
    with scopes_disabled():
        for document in ReviewDocument.objects.filter(review=world.review).select_related(
            "review__academic_year"
        ):
            if document.kind == ReviewDocument.Kind.LETTER:
                title, tables = f"A letter to parents and carers of {school}", False
            else:
                title = f"Partnership review of {school}, {document.review.academic_year}"
                tables = True
            made[f"review-{document.kind}"] = Made(_read(document.file), title, tables=tables)

    # The letters of the year, joined into one PDF for printing (the shared review's letter).
    with trust_scope(world.trust.pk):
        Review.objects.filter(pk=world.review.pk).update(status=Review.Status.SHARED)
        batch = letter_batch_start(year=world.review.academic_year, acting_user=ceo)
    _run(world, "review_letter_batch", batch.pk)
    with scopes_disabled():
        batch.refresh_from_db()
        made["letter-batch"] = Made(
            _read(batch.combined), f"A letter to parents and carers of {school}", tables=False
        )

    # The trust board's pack, with the trust dashboard read as the CEO who asked for it.
    with trust_scope(world.trust.pk):
        board = cycle_meeting("board")
        made["board-pack"] = Made(
            pack_render(meeting=board, data_date=dt.date(2026, 12, 1), maker=ceo),
            f"Pack: {board.title}",
            tables=True,
            figures=None,
        )
    return made


def letter_title(letter: ConcernLetter) -> str:
    from risk.services.concern_letters import OPEN, letter_context

    context = letter_context(letter=letter, edition=OPEN, today=dt.date(2026, 12, 1))
    return str(context["document_title"])


EXPECTED = [
    "proforma-full",
    "proforma-staffing",
    "proforma-open",
    "plan",
    "pack-full",
    "pack-standard",
    "minutes-full",
    "minutes-standard",
    "concern-chair",
    "concern-lgb",
    "concern-lgb-restricted",
    "review-report_full",
    "review-report",
    "review-letter",
    "school-on-a-page",
    "letter-batch",
    "board-pack",
]


@dataclass(frozen=True)
class Rendered:
    documents: dict[str, Made]
    complaints: list[str]


@pytest.fixture(scope="module")
def rendered(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Rendered:
    errors = _Errors()
    weasyprint = logging.getLogger("weasyprint")
    weasyprint.addHandler(errors)
    with django_db_blocker.unblock():
        # As Django's TestCase.setUpTestData does: the services' durable blocks nest in it.
        atomic = transaction.atomic()
        atomic._from_testcase = True
        atomic.__enter__()
        try:
            documents = _make_all(build_full_world())
        finally:
            weasyprint.removeHandler(errors)
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.close()
    for made in documents.values():
        made.tags = pdf_tags(made.data)
    return Rendered(documents, errors.messages)


@pytest.fixture(params=EXPECTED)
def made(rendered: Rendered, request: pytest.FixtureRequest) -> Made:
    return rendered.documents[request.param]


def test_every_document_was_made_and_weasyprint_raised_no_error(rendered: Rendered) -> None:
    assert sorted(rendered.documents) == sorted(EXPECTED)
    assert rendered.complaints == []


def test_the_document_is_tagged_in_english_with_its_title(made: Made) -> None:
    tags = made.read
    assert tags.root is not None, "no StructTreeRoot"
    assert [e.kind for e in tags.root.children] == ["Document"]
    assert tags.marked
    assert tags.lang == "en-GB"
    assert tags.version == "1.7"
    assert tags.title == made.title
    assert tags.xmp_title == made.title
    assert tags.display_title


def test_headings_start_at_one_h1_and_skip_no_level(made: Made) -> None:
    headings = made.read.headings
    assert headings[0] == "H1" and headings.count("H1") == 1, headings
    levels = [int(h[1]) for h in headings]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), headings


def test_tables_have_header_cells_that_every_data_cell_points_to(made: Made) -> None:
    root = made.read.root
    assert root is not None
    tables = root.all("Table")
    assert bool(tables) == made.tables
    for table in tables:
        header_ids = {th.id for th in table.all("TH")}
        assert header_ids and "" not in header_ids
        for td in table.all("TD"):
            assert td.headers, "a data cell without headers"
            assert set(td.headers) <= header_ids


def test_images_carry_their_text_alternative(made: Made) -> None:
    root = made.read.root
    assert root is not None
    figures = root.all("Figure")
    assert made.figures is None or bool(figures) == made.figures
    assert all(figure.alt for figure in figures)


def test_an_untagged_pdf_is_told_apart() -> None:
    """The checks above can fail: a PDF written without the variant has no tags to read."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    plain = HTML(string='<html lang="en-GB"><title>T</title><h1>T</h1></html>').write_pdf()
    tags: Tags = pdf_tags(plain)
    assert tags.root is None and not tags.marked and tags.headings == []
