"""Reads of the effective-practice library: the entries a reader finds by words, theme, school and
cluster, each with its school, its contact (name, role at the school, email) and where it came from,
and what this reader may open or change. A fixed number of queries whatever the number of entries.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from fht.access import Access, access_for
from fht.models import User
from fht.roles import Role, SchoolPerm
from people.models import RoleAssignment
from qa_visits.models import Visit
from qa_visits.sections import SectionKey
from reviews import access as rules
from reviews.models import Challenge, PracticeEntry, Review
from reviews.selectors.access import review_url
from schools.models import Cluster, School

# The roles a contact holds at a school, in the order the list names them.
CONTACT_ROLES = (
    Role.HEAD_TEACHER,
    Role.EXECUTIVE_HEAD,
    Role.LEAD_PRACTITIONER,
    Role.SYSTEM_LEADER,
)
SEARCH_MAX = 100


@dataclass(frozen=True)
class Filters:
    query: str = ""
    theme: str = ""
    school_id: int | None = None
    cluster_id: int | None = None

    @property
    def any(self) -> bool:
        return bool(self.query or self.theme or self.school_id or self.cluster_id)


@dataclass(frozen=True)
class EntryRow:
    entry: PracticeEntry
    contact_role: str
    school_url: str | None  # the school's page, when the reader may open it
    source_label: str
    source_url: str | None  # the review or the visit, when the reader may read it
    can_edit: bool

    # For the sortable table (fht.tables.RowTable): its tie-breaker.
    @property
    def name(self) -> str:
        return self.entry.title


def review_dates(review: Review) -> str:
    """'9 to 10 March 2027', '9 March 2027', or across months '30 March to 1 April 2027'."""
    first, last = review.starts_on, review.ends_on
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} to {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"


def require_reads_library(user: User) -> Access:
    access = access_for(user)
    if not rules.reads_library(access):
        raise Http404("No such page.")
    return access


def edits_entry(access: Access, school_id: int) -> bool:
    """The school's planners (CEO, deputy, its Director of QA) and its head."""
    return access.works_on_improvement(school_id)


def _entries() -> QuerySet[PracticeEntry]:
    return PracticeEntry.objects.select_related(
        "school__cluster", "contact", "strength__review", "visit"
    )


def _filtered(filters: Filters) -> QuerySet[PracticeEntry]:
    entries = _entries()
    if filters.query:
        entries = entries.filter(
            Q(title__icontains=filters.query) | Q(description__icontains=filters.query)
        )
    if filters.theme:
        entries = entries.filter(theme=filters.theme)
    if filters.school_id:
        entries = entries.filter(school_id=filters.school_id)
    if filters.cluster_id:
        entries = entries.filter(school__cluster_id=filters.cluster_id)
    return entries.order_by("-added_at", "pk")


def contact_roles(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """Each (person, school) pair's role at the school, in words (one query)."""
    if not pairs:
        return {}
    people = {p for p, _ in pairs}
    schools = {s for _, s in pairs}
    found: dict[tuple[int, int], list[str]] = defaultdict(list)
    rows = (
        RoleAssignment.objects.filter(
            person_id__in=people,
            school_id__in=schools,
            role__in=CONTACT_ROLES,
            ended_at__isnull=True,
        )
        .values_list("person_id", "school_id", "role")
        .order_by("pk")
    )
    for person_id, school_id, role in rows:
        label = str(Role(role).label)
        if label not in found[(person_id, school_id)]:
            found[(person_id, school_id)].append(label)
    return {key: ", ".join(labels) for key, labels in found.items()}


def _source(access: Access, entry: PracticeEntry) -> tuple[str, str | None]:
    school_id = entry.school_id
    if entry.strength is not None:
        review = entry.strength.review
        label = f"Partnership review, {review.starts_on.day} {review.starts_on:%B %Y}"
        reads = rules.plans_reviews(access, school_id) or (
            review.is_shared and rules.reads_shared(access, school_id)
        )
        return label, review_url(review.pk) if reads else None
    if entry.visit is not None:
        visit = entry.visit
        label = f"QA visit, {visit.date.day} {visit.date:%B %Y}"
        reads = visit.is_submitted and access.has_school_perm(
            school_id, SchoolPerm.VIEW_IMPROVEMENT
        )
        return label, reverse("qa_visits:detail", args=[visit.pk]) if reads else None
    return str(entry.get_source_display()), None


def _rows(access: Access, entries: list[PracticeEntry]) -> list[EntryRow]:
    roles = contact_roles({(e.contact_id, e.school_id) for e in entries if e.contact_id})
    rows = []
    for entry in entries:
        label, url = _source(access, entry)
        sees_school = access.has_school_perm(entry.school_id, SchoolPerm.VIEW)
        rows.append(
            EntryRow(
                entry=entry,
                contact_role=roles.get((entry.contact_id or 0, entry.school_id), ""),
                school_url=reverse("schools:detail", args=[entry.school_id])
                if sees_school
                else None,
                source_label=label,
                source_url=url,
                can_edit=edits_entry(access, entry.school_id),
            )
        )
    return rows


def library_rows(*, user: User, filters: Filters) -> list[EntryRow]:
    """The entries matching the filters, newest first (two queries)."""
    access = require_reads_library(user)
    return _rows(access, list(_filtered(filters)))


def library_choices(*, user: User) -> tuple[list[School], list[Cluster]]:
    """The schools and clusters the filters offer: those with at least one entry (two queries)."""
    require_reads_library(user)
    schools = list(
        School.objects.filter(practice_entries__isnull=False).distinct().order_by("name")
    )
    clusters = list(
        Cluster.objects.filter(schools__practice_entries__isnull=False).distinct().order_by("name")
    )
    return schools, clusters


def access_entry(user: User, entry_id: int, *, edit: bool = False) -> EntryRow:
    """One entry of the person's trust with what they may do with it; 404 for a reader of no
    library, another trust's entry, or (with `edit`) one they may not change."""
    access = require_reads_library(user)
    entry = _entries().filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No such entry.")
    row = _rows(access, [entry])[0]
    if edit and not row.can_edit:
        raise Http404("No such entry.")
    return row


def entry_contacts(*, school: School, current: User | None = None) -> QuerySet[User]:
    """Whom an entry may name as its contact: the school's heads, lead practitioners and system
    leaders now (and the entry's present contact, kept). One query, when it is read."""
    at_school = RoleAssignment.objects.filter(
        school=school, role__in=CONTACT_ROLES, ended_at__isnull=True
    ).values("person_id")
    chosen = Q(pk__in=at_school) | (Q(pk=current.pk) if current is not None else Q(pk__in=[]))
    return User.objects.filter(chosen, trust_id=school.trust_id, is_active=True).order_by(
        "full_name", "pk"
    )


def visit_strengths(visit: Visit) -> str:
    """The notes of the visit's 'Strengths' section ('' when it has none); no query on the visit
    page, which has the sections loaded."""
    for section in visit.sections.all():
        if section.key == SectionKey.STRENGTHS:
            return section.notes
    return ""


# --- a review's key challenges, into the action plan ------------------------------------------------


def feeds_plan(user: User, school_id: int) -> bool:
    """Adds a review's challenges to the school's plan: its head and its planners."""
    return access_for(user).works_on_improvement(school_id)


@dataclass(frozen=True)
class ChallengeRow:
    challenge: Challenge
    plan_url: str | None  # the plan page at its priority, once it is one


def review_challenges(review: Review) -> list[ChallengeRow]:
    """The review's key challenges, each with its priority on the plan (one query)."""
    rows = []
    for challenge in Challenge.objects.filter(review=review).select_related("priority"):
        url = None
        if challenge.priority is not None:
            url = reverse("isap:plan", args=[challenge.priority.plan_id])
            url += f"#priority-{challenge.priority.pk}"
        rows.append(ChallengeRow(challenge, url))
    return rows


def review_origin_links(priority_ids: list[int]) -> dict[int, tuple[str, str]]:
    """For the plan page (isap.sources): each priority made from a review's challenge, its link
    back to the review (one query)."""
    found: dict[int, tuple[str, str]] = {}
    challenges = Challenge.objects.filter(priority_id__in=priority_ids).select_related("review")
    for challenge in challenges:
        label = f"Partnership review, {review_dates(challenge.review)}"
        found[challenge.priority_id or 0] = (label, review_url(challenge.review_id))
    return found
