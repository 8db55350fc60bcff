"""The building blocks of the demo action plans (isap/demo/__init__.py): who is who at a school, its
figures, and how priorities, targets, actions, notes, support and signatures are made up."""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from fht.demo_history import Row
from fht.models import Trust, User
from fht.rag import Rag
from fht.roles import Role
from isap.demo.text import (
    ACTIONS_BY_WHAT,
    BY_KEY,
    CARRIED_NOTES,
    DEPLOYMENT_IMPACT,
    DEPLOYMENT_NOTES,
    DIRECTOR_IMPACT,
    EVIDENCE_FILES,
    EYFS,
    KS1,
    KS2,
    VISIT_REVIEW,
    ActionIdea,
    PriorityIdea,
    SupportIdea,
)
from isap.models import (
    Action,
    Deployment,
    Priority,
    ProgressNote,
    Signature,
    Target,
    VisitActionReview,
)
from people.models import RoleAssignment
from qa_visits.models import Visit
from returns.demo import NATIONAL
from returns.measures import Measure, Unit, info
from returns.models import AttainmentRow, DataReturn, StatutoryResult
from returns.snapshot import on_track
from schools.models import School

MEASURE_PHASE = {
    Measure.PHONICS_Y1: KS1,
    Measure.EYFS_GLD: EYFS,
    Measure.KS2_RWM_EXPECTED: KS2,
    Measure.KS2_RWM_HIGHER: KS2,
}
OPEN = (Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS)

# --- who is who, and where the school stands ------------------------------------------------------


@dataclass
class People:
    directors: dict[int, User] = field(default_factory=dict)  # by cluster
    heads: dict[int, User] = field(default_factory=dict)  # by school
    chairs: dict[int, User] = field(default_factory=dict)
    support: dict[int, list[tuple[User, str]]] = field(default_factory=dict)  # (person, role)
    cpd_lead: User | None = None


def load_people(trust: Trust) -> People:
    people = People()
    rows = (
        RoleAssignment.objects.filter(trust=trust, ended_at__isnull=True)
        .select_related("person")
        .order_by("pk")
    )
    for r in rows:
        if r.role == Role.QA_DIRECTOR and r.cluster_id:
            people.directors.setdefault(r.cluster_id, r.person)
        elif r.role in (Role.HEAD_TEACHER, Role.EXECUTIVE_HEAD) and r.school_id:
            people.heads.setdefault(r.school_id, r.person)
        elif r.role == Role.CHAIR_OF_GOVERNORS and r.school_id:
            people.chairs.setdefault(r.school_id, r.person)
        elif r.role in (Role.LEAD_PRACTITIONER, Role.SYSTEM_LEADER) and r.school_id:
            people.support.setdefault(r.school_id, []).append((r.person, r.role))
        elif r.role == Role.CPD_LEAD and people.cpd_lead is None:
            people.cpd_lead = r.person
    return people


class Figures:
    """The school's figures as they stood on a day: the latest return's headline figures and
    the latest statutory results: the snapshot's figures, from three queries per school."""

    def __init__(self, school: School) -> None:
        self.returns = list(
            DataReturn.objects.filter(school=school)
            .select_related("half_term")
            .prefetch_related(
                Prefetch(
                    "rows", AttainmentRow.objects.filter(pupil_group=AttainmentRow.PupilGroup.ALL)
                )
            )
            .order_by("half_term__starts_on")
        )
        self.results = list(
            StatutoryResult.objects.filter(school=school, value__isnull=False)
            .select_related("academic_year")
            .order_by("academic_year__starts_in")
        )

    def on(self, day: dt.date) -> dict[str, float]:
        out = {
            r.measure: float(r.value)
            for r in self.results
            if r.value is not None and r.academic_year.starts_in <= day.year
        }
        latest = [r for r in self.returns if r.half_term.starts_on <= day]
        if latest:
            data = latest[-1]
            out[Measure.ATTENDANCE] = float(data.attendance)
            out[Measure.PERSISTENT_ABSENCE] = float(data.persistent_absence)
            out[Measure.SUSPENSIONS] = float(data.suspensions)
            out.update({m: v for m, v in on_track(list(data.rows.all())).items() if v is not None})
        return out


@dataclass
class Ctx:
    """One school's demo: its people, visits, figures and random generator."""

    school: School
    rng: random.Random
    today: dt.date
    strength: float
    phases: frozenset[str]
    head: User | None
    chair: User | None
    director: User | None
    cpd_lead: User | None
    support: list[tuple[User, str]]
    terms: list[tuple[dt.date, dt.date]]  # the half-terms, first and last days
    visits: list[Visit]  # submitted, by date
    visit_days: dict[int, Decimal]  # core-offer days of the visits, by academic year
    figures: Figures
    budget: str  # "under", "at" or "over" the core-offer allowance this year
    signed: int  # how many signatures the 2026/27 plan has
    inspected: (
        bool  # whether Ofsted has inspected the school (as an academy of the trust or before)
    )

    def term_day(self, day: dt.date) -> dt.date:
        return _term_day(self.terms, day)

    @property
    def school_user(self) -> User | None:
        return self.head or self.director

    def evidence(self, idea: PriorityIdea) -> str:
        slug = "-".join(self.school.name.lower().split()[:2])
        name = self.rng.choice(EVIDENCE_FILES)
        site = f"https://{self.school.trust.slug}.sharepoint.example/sites/{slug}"
        return f"{site}/isap/{idea.key}/{name}"


def moment(day: dt.date, hour: int = 16, minute: int = 0) -> dt.datetime:
    """A time on a day, never later than now (a change made today has happened already)."""
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute))), timezone.now())


def plus_days(day: dt.date, n: int) -> dt.date:
    return day + dt.timedelta(days=n)


def next_weekday(day: dt.date) -> dt.date:
    """The day itself, or the Monday after if it falls at a weekend."""
    return day + dt.timedelta(days=7 - day.weekday() if day.weekday() >= 5 else 0)


def _term_day(terms: list[tuple[dt.date, dt.date]], day: dt.date) -> dt.date:
    """The day itself if the school is open, else the first day of the next half-term."""
    for starts_on, ends_on in terms:
        if day <= ends_on:
            return next_weekday(max(day, starts_on))
    return next_weekday(day)


def school_phases(school: School) -> frozenset[str]:
    if "Infant" in school.name:
        return frozenset({EYFS, KS1})
    if "Junior" in school.name:
        return frozenset({KS2})
    return frozenset({EYFS, KS1, KS2})


# --- choosing priorities and targets --------------------------------------------------------------


def fits_subject(idea: PriorityIdea, title: str) -> bool:
    return bool(idea.subject) and any(w in title.lower() for w in idea.subject.split())


def priority_weights(c: Ctx, figures: dict[str, float]) -> dict[str, float]:
    def below(measure: Measure, low: float, high: float) -> float:
        value, national = figures.get(measure), NATIONAL.get(measure)
        if value is None or national is None:
            return low
        worse = (
            value < float(national) if info(measure).higher_is_better else value > float(national)
        )
        return high if worse else low

    weak = c.strength < 0.5
    weights = {
        "early_reading": below(Measure.PHONICS_Y1, 0.5, 3.0),
        "writing": below(Measure.ON_TRACK_WRITING, 1.0, 3.0),
        "maths": below(Measure.ON_TRACK_MATHS, 0.8, 2.5),
        "attendance": below(Measure.PERSISTENT_ABSENCE, 0.5, 3.0)
        + below(Measure.ATTENDANCE, 0.0, 1.0),
        "send": 2.2 if weak else 1.2,
        "curriculum": 2.0,
        "behaviour": 2.5 if weak else 0.3,
        "governance": 1.5 if c.strength < 0.4 else 0.4,
        "leadership": 2.0 if c.strength < 0.4 or not c.inspected else 0.3,
        "disadvantaged": 1.0,
        "eyfs": below(Measure.EYFS_GLD, 0.3, 2.0),
    }
    for key in weights:
        idea = BY_KEY[key]
        if any(fits_subject(idea, person.job_title) for person, _ in c.support):
            weights[key] += 2.0
    return {k: w for k, w in weights.items() if BY_KEY[k].phases & c.phases}


def pick_weighted(rng: random.Random, weights: dict[str, float], k: int) -> list[str]:
    pool = dict(weights)
    chosen: list[str] = []
    while pool and len(chosen) < k:
        keys = sorted(pool)
        key = rng.choices(keys, weights=[pool[x] for x in keys])[0]
        chosen.append(key)
        del pool[key]
    return chosen


def improved(measure: str, baseline: float, step: float) -> float:
    goal = baseline + step
    if info(measure).unit is Unit.PERCENT:
        cap = 97.5 if measure == Measure.ATTENDANCE else 99.0
        goal = min(cap, max(1.0, goal))
    return max(0.0, goal)


def one_place(value: float) -> Decimal:
    return Decimal(str(round(value, 1)))


def make_targets(
    c: Ctx,
    idea: PriorityIdea,
    figures: dict[str, float],
    by_when: dt.date,
    *,
    met_by: dict[str, float] | None = None,
) -> list[Target]:
    """One or two targets: measures the returns hold (baseline near the school's figure) and,
    for some, a target in words. `met_by`: figures the target was met by (an achieved priority)."""
    out: list[Target] = []
    for measure, step in idea.measures:
        phase = MEASURE_PHASE.get(measure)
        if (phase and phase not in c.phases) or measure not in figures or len(out) == 2:
            continue
        is_count = info(measure).unit is Unit.COUNT
        noise = 0.0 if is_count else c.rng.uniform(-1.5, 1.5)
        baseline = max(0.0, figures[measure] + noise)
        goal = improved(measure, baseline, step * c.rng.uniform(0.7, 1.2))
        if met_by and measure in met_by:
            end = met_by[measure]
            if (end - baseline) * step > 0:  # the figure moved the right way: the target was met
                goal = baseline + (end - baseline) * 0.8
        if is_count:
            baseline, goal = round(baseline), max(0, round(goal))
        out.append(
            Target(
                measure=measure,
                baseline=one_place(baseline),
                target=one_place(goal),
                by_when=by_when,
            )
        )
    if idea.words and (not out or c.rng.random() < 0.35):
        words, baseline, goal = c.rng.choice(idea.words)
        shift = c.rng.randint(-2, 2) if goal > 20 else 0
        out.append(
            Target(
                description=words,
                baseline=one_place(baseline + shift),
                target=one_place(goal),
                by_when=by_when,
            )
        )
    return out[:2]


# --- actions and their year -----------------------------------------------------------------------


def _owner(c: Ctx, idea: ActionIdea) -> dict[str, Any]:
    if idea.owner == "head":
        return {"owner": c.head, "owner_role": ""} if c.head else {"owner_role": "Head teacher"}
    if idea.owner == "chair":
        return {"owner": c.chair, "owner_role": "Chair of governors"}
    return {"owner": None, "owner_role": idea.owner}


def new_action(
    c: Ctx, priority: Priority, idea: ActionIdea, starts_on: dt.date, year_end: dt.date
) -> Action:
    weeks = max(3, idea.weeks + c.rng.randint(-2, 2))
    starts_on = c.term_day(starts_on)
    due_on = max(c.term_day(starts_on + dt.timedelta(weeks=weeks)), plus_days(starts_on, 14))
    return Action(
        trust_id=priority.trust_id,
        priority=priority,
        what=idea.what,
        starts_on=starts_on,
        due_on=min(year_end, due_on),
        **_owner(c, idea),
    )


def _start_rag(c: Ctx) -> str:
    return Rag.GREEN if c.rng.random() < 0.3 + 0.5 * c.strength else Rag.AMBER


def _notes(
    c: Ctx, row: Row, idea: PriorityIdea, first: dt.date, last: dt.date, texts: Sequence[str]
) -> list[Row]:
    """The school's notes on an action, in order, dated between two days on school days (none
    after today), some with a link to the evidence."""
    last = min(last, c.today)
    if last < first or not texts:
        return []
    step = (last - first).days // len(texts)
    rows = []
    for i, text in enumerate(texts):
        day = plus_days(first, step * i + c.rng.randint(0, step))
        day -= dt.timedelta(days=max(0, day.weekday() - 4))  # a weekend note: the Friday before
        author = c.school_user if c.rng.random() < 0.8 else c.director
        note = ProgressNote(
            trust_id=c.school.trust_id,
            action=row.obj,
            written_on=min(day, c.today),
            text=text,
            evidence_link=c.evidence(idea) if c.rng.random() < 0.3 else "",
            author=author,
        )
        rows.append(Row(note, moment(note.written_on, 17, c.rng.randint(0, 59)), author))
    return rows


def _texts(c: Ctx, row: Row, *, most: int) -> tuple[str, ...]:
    return ACTIONS_BY_WHAT[row.obj.what].notes[: c.rng.randint(1, most)]


def _complete(c: Ctx, row: Row, idea: PriorityIdea, done: dt.date) -> None:
    """Completed by the school (with its judgement of impact, sometimes), then judged by the
    director a week or two later (sometimes)."""
    values: dict[str, Any] = {"status": Action.Status.COMPLETED, "rag": Rag.GREEN}
    if c.rng.random() < 0.5:
        values["school_impact"] = c.rng.choice(idea.school_impact)
    row.change(moment(done, 15, 45), c.school_user, **values)
    judged = plus_days(done, c.rng.randint(7, 21))
    if judged <= c.today and c.rng.random() < 0.45:
        row.change(moment(judged, 18), c.director, director_impact=c.rng.choice(DIRECTOR_IMPACT))


def _done_on(c: Ctx, due_on: dt.date, started: dt.date) -> dt.date:
    return min(max(plus_days(due_on, c.rng.randint(-14, 7)), plus_days(started, 7)), c.today)


def action_story(c: Ctx, row: Row, idea: PriorityIdea, *, finish: str) -> list[Row]:
    """The action's year: started, noted, and completed or still open. `finish`: 'completed',
    'open', or 'auto' (decided by today). Returns its progress notes."""
    action: Action = row.obj
    started = plus_days(action.starts_on, c.rng.randint(0, 6))
    late_start = finish == "auto" and action.due_on > c.today and c.rng.random() < 0.15
    if started > c.today or late_start:
        return []  # not started yet
    row.change(
        moment(started, 8, 30), c.school_user, status=Action.Status.IN_PROGRESS, rag=_start_rag(c)
    )
    overdue = action.due_on < c.today
    if finish == "completed" or (
        finish == "auto" and overdue and c.rng.random() < 0.55 + 0.3 * c.strength
    ):
        done = _done_on(c, action.due_on, started)
        _complete(c, row, idea, done)
        return _notes(c, row, idea, started, done, _texts(c, row, most=2))
    # An action left open for next year has only its first note this year.
    texts = _texts(c, row, most=1 if finish == "open" else 2)
    return _notes(c, row, idea, started, plus_days(action.due_on, 21), texts)


def carried_story(c: Ctx, row: Row, idea: PriorityIdea, day: dt.date) -> list[Row]:
    """A carried action's new year: started if it had not been, completed if its new due date
    has passed (most), else still open, overdue where it kept last year's date."""
    started = plus_days(day, c.rng.randint(5, 15))
    if row.obj.status == Action.Status.NOT_STARTED:
        if started > c.today:
            return []
        row.change(moment(started, 8, 30), c.school_user, status=Action.Status.IN_PROGRESS)
    due = row.value_at("due_on")
    redated = due != row.obj.due_on
    first = c.rng.choice(CARRIED_NOTES[:2]) if redated else CARRIED_NOTES[2]
    texts = (first, ACTIONS_BY_WHAT[row.obj.what].notes[1])
    if redated and due < c.today and c.rng.random() < 0.6:
        done = _done_on(c, due, started)
        _complete(c, row, idea, done)
        return _notes(c, row, idea, plus_days(day, 3), done, texts)
    return _notes(c, row, idea, plus_days(day, 3), c.today, texts[: c.rng.randint(1, 2)])


def _review_rag(c: Ctx, overdue: bool) -> str:
    roll = c.rng.random()
    if overdue:
        return Rag.RED if roll < 0.55 else Rag.AMBER
    if roll < 0.3 + 0.45 * c.strength:
        return Rag.GREEN
    return Rag.AMBER if roll < 0.88 else Rag.RED


def visit_review(c: Ctx, visit: Visit | None, rows: list[Row]) -> list[Row]:
    """The plan's open actions discussed at a QA visit: the director rates each again (the rating
    changes after agreement, and the visit records before and after)."""
    if visit is None or visit.visited_on is None:
        return []
    at = moment(visit.visited_on, 15, 30)
    reviews = []
    for row in rows:
        if (
            row.value_at("status") not in OPEN
            or row.value_at("status", at) != Action.Status.IN_PROGRESS
        ):
            continue
        before = row.value_at("rag", at)
        after = _review_rag(c, row.value_at("due_on", at) < visit.visited_on)
        if after != before:
            row.change(at, c.director, rag=after)
        review = VisitActionReview(
            trust_id=c.school.trust_id,
            visit=visit,
            action=row.obj,
            rag_before=before,
            rag_after=after,
            comment=VISIT_REVIEW[after],
            recorded_by=c.director,
        )
        reviews.append(Row(review, at, c.director))
    return reviews


# --- support deployed -----------------------------------------------------------------------------


@dataclass
class Offer:
    """A deployment being planned, before it is written."""

    priority: Priority
    idea: SupportIdea
    person: User | None
    provider: str
    core: bool
    days: Decimal


def _half(c: Ctx, low: float, high: float) -> Decimal:
    return Decimal(c.rng.randint(int(low * 2), int(high * 2))) / 2


def _offer(c: Ctx, priority: Priority, idea: PriorityIdea, room: Decimal) -> Offer:
    """The support that fits the priority: the school's own lead practitioner or SLE where one
    fits, else the director, the CPD lead's programme or an external provider. Core-offer time
    only while the school has `room` left in its allowance."""
    core_room = room >= Decimal("0.5")
    fitting = [(p, r) for p, r in c.support if fits_subject(idea, p.job_title)]
    kinds = {s.kind: s for s in idea.support}
    if fitting and "subject" in kinds:
        person, role = fitting[0]
        lead = role == Role.LEAD_PRACTITIONER
        provider = Deployment.Provider.LEAD_PRACTITIONER if lead else Deployment.Provider.SLE
        core = core_room and (lead or c.rng.random() < 0.5)
        return Offer(priority, kinds["subject"], person, provider, core, _half(c, 1.0, 3.0))
    options = [s for s in idea.support if s.kind in ("director", "cpd", "external")]
    if not core_room or c.director is None:
        options = [s for s in options if s.kind == "external"]
    if c.cpd_lead is None:
        options = [s for s in options if s.kind != "cpd"]
    kind_weights = {"director": 3.0, "cpd": 1.5, "external": 2.0}
    support = c.rng.choices(options, weights=[kind_weights[o.kind] for o in options])[0]
    if support.kind == "director" and c.director is not None:
        provider = Deployment.Provider.QA_DIRECTOR
        return Offer(priority, support, c.director, provider, True, _half(c, 0.5, 1.0))
    if support.kind == "cpd" and c.cpd_lead is not None:
        provider = Deployment.Provider.TEACHING_SCHOOL
        return Offer(priority, support, c.cpd_lead, provider, True, _half(c, 1.0, 2.0))
    return Offer(priority, support, None, support.provider, False, _half(c, 1.0, 3.0))


def _room(c: Ctx, left: Decimal) -> tuple[Decimal, Decimal | None]:
    """Core-offer days the plan may deploy, and the total it must reach (at or over)."""
    if c.budget == "at":
        return left, left
    if c.budget == "over":
        return left + Decimal("1.5"), left + Decimal("1.5")
    return left - Decimal(1) - _half(c, 0, 1), None


def plan_deployments(
    c: Ctx, picks: list[tuple[Priority, PriorityIdea]], day: dt.date, count: int, left: Decimal
) -> tuple[list[Row], list[Row]]:
    """Support against `count` of the plan's priorities (those a lead practitioner fits first):
    core-offer staff time at no cost, school-funded SLE and external days at a daily rate."""
    fitted = [p for p in picks if any(fits_subject(p[1], t.job_title) for t, _ in c.support)]
    ordered = fitted + [p for p in c.rng.sample(picks, len(picks)) if p not in fitted]
    room, aim = _room(c, left)
    offers = []
    for priority, idea in ordered[:count]:
        offer = _offer(c, priority, idea, room)
        if offer.core:
            offer.days = max(Decimal("0.5"), min(offer.days, room))
            room -= offer.days
        offers.append(offer)
    core = [o for o in offers if o.core]
    if aim is not None and core:  # at (or over) the allowance: the first core offer makes it so
        core[0].days = max(Decimal("0.5"), aim - sum((o.days for o in core[1:]), Decimal(0)))
    rows, notes = [], []
    for offer in offers:
        row, row_notes = _deployment(c, offer, day)
        rows.append(row)
        notes += row_notes
    return rows, notes


def _deployment(c: Ctx, offer: Offer, day: dt.date) -> tuple[Row, list[Row]]:
    starts_on = c.term_day(plus_days(day, c.rng.randint(10, 60)))
    rate = 0 if offer.core else c.rng.choice((350, 400, 450, 500, 550, 600))
    deployment = Deployment(
        trust_id=c.school.trust_id,
        priority=offer.priority,
        provider=offer.provider,
        person=offer.person,
        provider_name="" if offer.person else offer.idea.provider_name,
        days=offer.days,
        cost=offer.days * rate,
        funder=Deployment.Funder.CORE_OFFER if offer.core else Deployment.Funder.SCHOOL,
        starts_on=starts_on,
        desired_outcome=offer.idea.outcome,
    )
    row = Row(deployment, moment(c.term_day(plus_days(day, c.rng.randint(0, 5))), 11), c.director)
    deployed = offer.person if offer.person not in (None, c.director) else None
    notes = []
    if deployed is not None:
        for i, text in enumerate(DEPLOYMENT_NOTES[: c.rng.randint(1, 3)]):
            written = plus_days(starts_on, 14 * i + c.rng.randint(0, 3))
            written -= dt.timedelta(days=max(0, written.weekday() - 4))
            if written <= c.today:
                note = ProgressNote(
                    trust_id=c.school.trust_id,
                    deployment=deployment,
                    written_on=written,
                    text=text,
                    author=deployed,
                )
                notes.append(Row(note, moment(written, 17, 30), deployed))
    finished = plus_days(starts_on, 7 * c.rng.randint(5, 10))
    if finished <= c.today and c.rng.random() < 0.7:
        at = moment(finished, 16, 30)
        impact = c.rng.choice(DEPLOYMENT_IMPACT)
        row.change(at, deployed or c.director, impact=impact, impact_recorded_at=at)
    return row, notes


# --- signatures -----------------------------------------------------------------------------------


def plan_signatures(c: Ctx, plan_row: Row, plan_day: dt.date, how_many: int) -> list[Row]:
    """Head first, then the director, then the CPD lead; the third agrees the plan."""
    signers = [
        (Signature.Signatory.HEAD, c.head, c.rng.randint(3, 7)),
        (Signature.Signatory.DIRECTOR, c.director, c.rng.randint(8, 12)),
        (Signature.Signatory.CPD_LEAD, c.cpd_lead, c.rng.randint(13, 20)),
    ][:how_many]
    rows: list[Row] = []
    for signatory, person, after in signers:
        day = c.term_day(plus_days(plan_day, after))
        if person is None or day > c.today:
            continue
        at = moment(day, 9 + len(rows) * 2, c.rng.randint(0, 59))
        signature = Signature(
            trust_id=c.school.trust_id,
            plan=plan_row.obj,
            signatory=signatory,
            person=person,
            signed_at=at,
        )
        rows.append(Row(signature, at, person))
    if len(rows) == len(Signature.Signatory):
        plan_row.change(rows[-1].at, rows[-1].by, agreed_at=rows[-1].at)
    return rows
