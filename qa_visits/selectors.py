"""Reads about QA visits. `access_visit` is the only road from a URL's id to a visit."""

from django.http import Http404

from fht.access import access_for
from fht.models import User
from fht.roles import SchoolPerm
from fht.tenancy import trust_id_of
from qa_visits.models import Visit, VisitProforma, VisitSection
from qa_visits.sections import SECTION_BY_KEY, SECTIONS, Section


def access_visit(user: User, visit_id: int, *, write: bool = False) -> Visit:
    """A visit of the person's trust that their role reaches; 404 for 'missing' and 'not yours'.

    Readers (VIEW_IMPROVEMENT on the school) see submitted visits only; a visit being planned or
    written is seen by those who plan and log visits for the school (MANAGE_IMPROVEMENT), who are
    also the only writers.
    """
    try:
        visit = Visit.objects.select_related("school", "director", "academic_year").get(
            pk=visit_id, trust_id=trust_id_of(user)
        )
    except Visit.DoesNotExist:
        raise Http404("No such visit") from None
    access = access_for(user)
    manages = access.has_school_perm(visit.school_id, SchoolPerm.MANAGE_IMPROVEMENT)
    reads = access.has_school_perm(visit.school_id, SchoolPerm.VIEW_IMPROVEMENT)
    if write and not manages:
        raise Http404("No such visit")
    if not manages and not (reads and visit.is_submitted):
        raise Http404("No such visit")
    return visit


def may_see(user: User, school_id: int, section: Section) -> bool:
    perm = section.permission
    return perm is None or access_for(user).has_school_perm(school_id, perm)


def visible_sections(user: User, visit: Visit) -> list[Section]:
    """The sections this person may read, in the strategy's order."""
    return [s for s in SECTIONS if may_see(user, visit.school_id, s)]


def visible_section_rows(user: User, visit: Visit) -> list[tuple[Section, VisitSection]]:
    """Each visible section with its saved judgement and notes (one query)."""
    rows = {row.key: row for row in visit.sections.all()}
    return [
        (SECTION_BY_KEY[key], rows[key])
        for key in (s.key.value for s in visible_sections(user, visit))
        if key in rows
    ]


def audience_for(user: User, school_id: int) -> VisitProforma.Audience:
    """Which edition of the proforma this person may download."""
    access = access_for(user)
    if access.has_school_perm(school_id, SchoolPerm.VIEW_HEAD_PERFORMANCE):
        return VisitProforma.Audience.FULL
    if access.has_school_perm(school_id, SchoolPerm.VIEW_RESTRICTED):
        return VisitProforma.Audience.STAFFING
    return VisitProforma.Audience.OPEN
