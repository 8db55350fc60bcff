"""Reads of the planning part: who may be on a school's review team, a school's reviews (latest
shared, next, this year's), and the trust's list of schools with their reviews.

Who holds which role comes from the people app's role assignments (active ones only): the school's
Director of QA is whoever holds the qa_director role for its cluster; the central team are the
people holding a trust-wide or cluster role, or deployed as lead practitioners and system leaders;
the heads are the head teachers and executive heads of the trust's schools.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from fht.access import Access, access_for
from fht.models import User
from fht.roles import Role, SchoolPerm
from fht.tenancy import trust_id_of
from people.models import RoleAssignment
from reviews import access as rules
from reviews.models import Activity, Review, TeamMember
from reviews.selectors.access import review_url
from schools.models import AcademicYear, School
from schools.years import academic_year_for

CENTRAL_TEAM_ROLES = frozenset(
    {
        Role.CEO,
        Role.DEPUTY_CEO,
        Role.QA_DIRECTOR,
        Role.CPD_LEAD,
        Role.LEAD_PRACTITIONER,
        Role.SYSTEM_LEADER,
        Role.TRUST_ADMIN,
    }
)
HEAD_ROLES = frozenset({Role.HEAD_TEACHER, Role.EXECUTIVE_HEAD})
# Who leads when the school's cluster has no Director of QA.
STAND_IN_LEADS = frozenset({Role.CEO, Role.DEPUTY_CEO})
SHARED = (Review.Status.SHARED, Review.Status.ACKNOWLEDGED)


# --- the team ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeerHead:
    person: User
    school: School  # the head's own school (recorded as the member's `from_school`)

    @property
    def label(self) -> str:
        return f"{self.person.full_name}, head of {self.school.name}"


@dataclass(frozen=True)
class TeamChoices:
    """Who may take each place on one school's review team."""

    leads: list[User]
    directors: list[User]  # the school's Directors of QA (empty: the CEO or deputy stands in)
    members: list[User]  # the central team, for the school-improvement and business teams
    peer_heads: list[PeerHead]
    own_heads: list[User]  # the school's own heads, who never review it

    def lead(self, person_id: int | None) -> User | None:
        return _find(self.leads, person_id)

    def member(self, person_id: int | None) -> User | None:
        return _find(self.members, person_id)

    def peer_head(self, person_id: int | None) -> PeerHead | None:
        return next((h for h in self.peer_heads if h.person.pk == person_id), None)

    def is_own_head(self, person_id: int | None) -> bool:
        return _find(self.own_heads, person_id) is not None


def _find(people: Iterable[User], person_id: int | None) -> User | None:
    return next((p for p in people if p.pk == person_id), None)


def _unique(people: Iterable[User]) -> list[User]:
    seen: dict[int, User] = {}
    for person in people:
        seen.setdefault(person.pk, person)
    return sorted(seen.values(), key=lambda p: (p.full_name, p.pk))


def team_choices(*, school: School) -> TeamChoices:
    """Who may lead, join and be the peer head of the school's review (one query)."""
    wanted = CENTRAL_TEAM_ROLES | HEAD_ROLES
    rows = list(
        RoleAssignment.objects.filter(
            trust_id=school.trust_id,
            ended_at__isnull=True,
            person__is_active=True,
            person__trust_id=school.trust_id,
            role__in=wanted,
        )
        .select_related("person", "school")
        .order_by("person__full_name", "pk")
    )
    own = {r.person_id for r in rows if r.role in HEAD_ROLES and r.school_id == school.pk}
    directors = _unique(
        r.person
        for r in rows
        if r.role == Role.QA_DIRECTOR and school.cluster_id and r.cluster_id == school.cluster_id
    )
    stand_ins = _unique(r.person for r in rows if r.role in STAND_IN_LEADS)
    members = _unique(
        r.person for r in rows if r.role in CENTRAL_TEAM_ROLES and r.person_id not in own
    )
    heads: dict[int, PeerHead] = {}
    for r in sorted(rows, key=lambda r: (r.school.name if r.school else "", r.pk)):
        if r.school is None or r.school_id == school.pk:
            continue
        if r.role in HEAD_ROLES and r.person_id not in own:
            heads.setdefault(r.person_id, PeerHead(person=r.person, school=r.school))
    return TeamChoices(
        leads=directors or stand_ins,
        directors=directors,
        members=members,
        peer_heads=sorted(heads.values(), key=lambda h: (h.person.full_name, h.person.pk)),
        own_heads=_unique(r.person for r in rows if r.person_id in own),
    )


def review_team(*, review: Review) -> list[TeamMember]:
    return list(
        TeamMember.objects.filter(review=review)
        .select_related("person", "from_school")
        .order_by("capacity", "person__full_name", "pk")
    )


def review_activities(*, review: Review) -> list[Activity]:
    return list(Activity.objects.filter(review=review).order_by("day", "starts_at", "pk"))


def review_days(review: Review) -> list[dt.date]:
    span = (review.ends_on - review.starts_on).days
    return [review.starts_on + dt.timedelta(days=n) for n in range(span + 1)]


# --- the academic year and one school's reviews ----------------------------------------------------


def current_year(*, trust_id: int) -> AcademicYear | None:
    return academic_year_for(trust_id=trust_id, on=timezone.localdate())


def year_choices(*, trust_id: int) -> list[AcademicYear]:
    return list(AcademicYear.objects.filter(trust_id=trust_id).order_by("-starts_in"))


def review_of_year(*, school: School, year: AcademicYear) -> Review | None:
    return Review.objects.filter(school=school, academic_year=year).first()


@dataclass
class SchoolReviews:
    """One school's reviews as its page and the trust's list show them."""

    last: Review | None = None  # the latest shared (or acknowledged) one
    next: Review | None = None  # the earliest not yet shared (planned, in draft or checking)
    this_year: Review | None = None
    all: list[Review] = field(default_factory=list)


def _sorted_reviews(reviews: Iterable[Review], starts_in: int | None) -> SchoolReviews:
    """`starts_in`: the current academic year's. An unshared review of a past year is no one's
    'next': it stays in `all`."""
    found = SchoolReviews(all=sorted(reviews, key=lambda r: (r.starts_on, r.pk)))
    for review in found.all:
        year = review.academic_year.starts_in
        if review.is_shared:
            found.last = review
        elif found.next is None and year >= (starts_in or 0):
            found.next = review
        if year == starts_in:
            found.this_year = review
    return found


def reviews_by_school(*, school_ids: list[int], starts_in: int | None) -> dict[int, SchoolReviews]:
    """Each school's reviews, sorted into last, next and this year's (one query)."""
    grouped: dict[int, list[Review]] = {pk: [] for pk in school_ids}
    rows = Review.objects.filter(school_id__in=school_ids).select_related("academic_year")
    for review in rows:
        grouped[review.school_id].append(review)
    return {pk: _sorted_reviews(found, starts_in) for pk, found in grouped.items()}


def team_review_ids(*, user: User, review_ids: list[int]) -> set[int]:
    """The reviews among these whose team the person is on (one query)."""
    return set(
        TeamMember.objects.filter(person=user, review_id__in=review_ids).values_list(
            "review_id", flat=True
        )
    )


def reads_review(access: Access, review: Review, team_ids: set[int]) -> bool:
    """As reviews.selectors.access.review_access decides, from what is already loaded."""
    return (
        rules.plans_reviews(access, review.school_id)
        or review.pk in team_ids
        or (review.is_shared and rules.reads_shared(access, review.school_id))
    )


# --- the trust's list ------------------------------------------------------------------------------

NO_REVIEW = "none"


@dataclass
class OverviewRow:
    school: School
    reviews: SchoolReviews
    year: AcademicYear | None
    may_plan: bool
    readable: set[int]

    @property
    def name(self) -> str:
        return self.school.name

    @property
    def cluster_name(self) -> str | None:
        return self.school.cluster.name if self.school.cluster else None

    @property
    def last_on(self) -> dt.date | None:
        return self.reviews.last.starts_on if self.reviews.last else None

    @property
    def next_on(self) -> dt.date | None:
        return self.reviews.next.starts_on if self.reviews.next else None

    @property
    def this_year_status(self) -> str:
        review = self.reviews.this_year
        return review.status if review is not None else NO_REVIEW

    @property
    def this_year_words(self) -> str:
        review = self.reviews.this_year
        if review is not None:
            return str(review.get_status_display())
        return f"No review planned for {self.year}" if self.year else "No academic year"

    @property
    def flagged(self) -> bool:
        return self.year is not None and self.reviews.this_year is None

    def _url(self, review: Review | None) -> str:
        return review_url(review.pk) if review is not None and review.pk in self.readable else ""

    @property
    def last_url(self) -> str:
        return self._url(self.reviews.last)

    @property
    def next_url(self) -> str:
        return self._url(self.reviews.next)

    @property
    def this_year_url(self) -> str:
        return self._url(self.reviews.this_year)


def overview_schools(*, user: User, cluster_id: int | None = None, query: str = "") -> list[School]:
    """The open schools the person reads, by name (one query)."""
    schools = School.objects.filter(
        trust_id=trust_id_of(user),
        pk__in=access_for(user).school_ids(SchoolPerm.VIEW),
        closed_on__isnull=True,
    ).select_related("cluster")
    if cluster_id is not None:
        schools = schools.filter(cluster_id=cluster_id)
    if query:
        schools = schools.filter(Q(name__icontains=query) | Q(urn=query))
    return list(schools.order_by("name", "pk"))


def review_overview(
    *,
    user: User,
    year: AcademicYear | None,
    cluster_id: int | None = None,
    status: str = "",
    query: str = "",
) -> list[OverviewRow]:
    """Every open school the person reads with its last, next and this year's review, filtered by
    cluster, this year's status ('none': no review planned) and name. A fixed number of queries."""
    access = access_for(user)
    schools = overview_schools(user=user, cluster_id=cluster_id, query=query)
    starts_in = year.starts_in if year is not None else None
    found = reviews_by_school(school_ids=[s.pk for s in schools], starts_in=starts_in)
    review_ids = [r.pk for f in found.values() for r in f.all]
    team_ids = team_review_ids(user=user, review_ids=review_ids)
    rows = []
    for school in schools:
        reviews = found[school.pk]
        readable = {r.pk for r in reviews.all if reads_review(access, r, team_ids)}
        rows.append(
            OverviewRow(
                school=school,
                reviews=reviews,
                year=year,
                may_plan=rules.plans_reviews(access, school.pk),
                readable=readable,
            )
        )
    if status:
        rows = [r for r in rows if r.this_year_status == status]
    return rows


def school_year_now(*, on: dt.date | None = None) -> int:
    """The year the current academic year starts in, by the calendar (September to August),
    without a query: for the school page's panel, which the page's query budget keeps small."""
    today = on or timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


def school_reviews(*, school: School, starts_in: int) -> SchoolReviews:
    return reviews_by_school(school_ids=[school.pk], starts_in=starts_in)[school.pk]
