"""Permission-matrix cases for the risk meetings' pages (risk/views/meetings).

Scopes: a meeting is trust-wide, so 'in' is trust A's Autumn 2 2026 meeting and 'out' its Autumn 1
meeting; an agenda row 'in' is s1's (attached to the roles), 'out' s3's (cluster c2, outside the
Director of QA's c1); 'other' is trust B's meeting and sb's row. Built on first use.

- Those who run the meetings (CEO, deputy, Directors of QA) open every meeting and every school's
  row, in scope or not (DOMAIN.md: directors attend for all schools).
- Trustees read the list and the summary only; so do those who run the meetings.
- Heads, governors and everyone else: 404 (they see the school page's panel, not these pages).
"""

from django.core.files.base import ContentFile
from django_scopes import scopes_disabled

from fht.roles import Role
from risk.models import Meeting, MeetingDocument
from risk.services.meetings import meeting_for_half_term
from schools.models import HalfTerm
from tests.conftest import World
from tests.matrix import Case

R = Role
RUNNERS = {R.CEO, R.DEPUTY_CEO, R.QA_DIRECTOR}
SUMMARY = RUNNERS | {R.TRUSTEE}
RUN = {"in": RUNNERS, "out": RUNNERS, "other": set()}
READ_SUMMARY = {"in": SUMMARY, "out": SUMMARY, "other": set()}
_WHERE = {"in": ("trust", 2), "out": ("trust", 1), "other": ("other_trust", 2)}
_SCHOOLS = {"in": "s1", "out": "s3", "other": "sb"}


def _meeting(w: World, scope: str) -> Meeting:
    attr, number = _WHERE[scope]
    trust = getattr(w, attr)
    with scopes_disabled():
        half_term = HalfTerm.objects.get(trust=trust, academic_year__starts_in=2026, number=number)
        return meeting_for_half_term(trust=trust, half_term=half_term)


def _meeting_id(w: World, scope: str) -> dict[str, object]:
    return {"meeting_id": _meeting(w, scope).pk}


def _item_id(w: World, scope: str) -> dict[str, object]:
    meeting = _meeting(w, "other" if scope == "other" else "in")
    school = getattr(w, _SCHOOLS[scope])
    with scopes_disabled():
        return {"item_id": meeting.items.get(school=school).pk}


def _pack(w: World, scope: str) -> dict[str, object]:
    """A made pack, both editions (stored again: each test starts from the world's files)."""
    meeting = _meeting(w, scope)
    with scopes_disabled():
        for edition in MeetingDocument.Edition.values:
            document, _ = MeetingDocument.objects.get_or_create(
                trust=meeting.trust,
                meeting=meeting,
                document="pack",
                edition=edition,
                defaults={"rendered_at": meeting.created_at},
            )
            document.file.save(f"matrix-{meeting.pk}-{edition}.pdf", ContentFile(b"%PDF-1.4"))
    return {"meeting_id": meeting.pk, "document": "pack"}


def _make_pack(w: World, scope: str) -> dict[str, object]:
    return {"meeting_id": _meeting(w, scope).pk, "document": "pack"}


CASES: dict[str, Case] = {
    "risk:meetings": Case(allowed={"in": SUMMARY}),
    "risk:meeting_prepare_next": Case(allowed={"in": RUNNERS}, method="post", ok=302),
    "risk:meeting_detail": Case(kwargs=_meeting_id, allowed=RUN),
    "risk:meeting_close": Case(kwargs=_meeting_id, allowed=RUN),
    "risk:meeting_summary": Case(kwargs=_meeting_id, allowed=READ_SUMMARY),
    "risk:meeting_item": Case(kwargs=_item_id, allowed=RUN),
    "risk:meeting_pdf": Case(kwargs=_pack, allowed=RUN),
    "risk:meeting_pdf_make": Case(kwargs=_make_pack, allowed=RUN, method="post", ok=302),
}
