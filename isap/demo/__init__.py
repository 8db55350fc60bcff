"""Demo action plans: a 2025/26 and a 2026/27 plan for every open school of a demo trust.

The 2025/26 plan is written in the autumn after the first QA visit, agreed by its three
signatories, worked through the year (some priorities achieved, most actions completed) and
closed in July. The 2026/27 plan is started with `isap.services.plan_start`, so what was still
open comes forward with its links, and the year goes on up to today: actions started, some late,
some rated red at the last QA visit, notes with evidence links, support deployed and its impact.

Every record is written with its simple-history rows dated when it happened and by whom, so the
plan's history reads like the year it describes. Repeatable: each school's plans come from a
random generator seeded with its URN. Idempotent: a school that already has a plan is left alone.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from fht.demo_history import Row, history_of, replay, write
from fht.models import Trust
from isap.demo.parts import (
    Ctx,
    Figures,
    People,
    action_story,
    carried_story,
    fits_subject,
    improved,
    load_people,
    make_targets,
    moment,
    new_action,
    next_weekday,
    one_place,
    pick_weighted,
    plan_deployments,
    plan_signatures,
    plus_days,
    priority_weights,
    school_phases,
    visit_review,
)
from isap.demo.text import BY_KEY, BY_TITLE, ActionIdea, PriorityIdea
from isap.models import (
    Action,
    Deployment,
    Plan,
    Priority,
    ProgressNote,
    Signature,
    Source,
    Target,
    VisitActionReview,
)
from isap.services import plan_start
from qa_visits.models import Visit
from returns.demo import school_strength as _strength
from schools.inspections import good_or_better, latest_inspections
from schools.models import AcademicYear, HalfTerm, School

FIRST, SECOND = 2025, 2026  # the academic years of the two plans

# --- the two years --------------------------------------------------------------------------------


@dataclass
class Written:
    """What a plan's year writes, model by model, once the year is planned: new records, and
    changes to records that already exist (the plan and what it carried forward)."""

    plans: list[Row] = field(default_factory=list)
    priorities: list[Row] = field(default_factory=list)
    targets: list[Row] = field(default_factory=list)
    actions: list[Row] = field(default_factory=list)
    deployments: list[Row] = field(default_factory=list)
    notes: list[Row] = field(default_factory=list)
    signatures: list[Row] = field(default_factory=list)
    reviews: list[Row] = field(default_factory=list)
    carried_targets: list[Row] = field(default_factory=list)
    carried_actions: list[Row] = field(default_factory=list)

    def save(self, *, plan_is_new: bool) -> None:
        if plan_is_new:
            write(Plan, self.plans)
        for model, rows in (
            (Priority, self.priorities),
            (Target, self.targets),
            (Action, self.actions),
            (Deployment, self.deployments),
            (ProgressNote, self.notes),
            (Signature, self.signatures),
            (VisitActionReview, self.reviews),
        ):
            write(model, rows)
        replay(Target, self.carried_targets)
        replay(Action, self.carried_actions)
        if not plan_is_new:
            replay(Plan, self.plans)


SourceRef = tuple[str, Visit | None, str]  # the source, its QA visit if any, its reference


def _visit_between(c: Ctx, after: dt.date, before: dt.date, *, last: bool = False) -> Visit | None:
    found = [v for v in c.visits if v.visited_on and after < v.visited_on <= min(before, c.today)]
    if not found:
        return None
    return found[-1] if last else found[0]


def _sources(c: Ctx, year: int, plan_day: dt.date, n: int) -> list[SourceRef]:
    """Where the plan's priorities came from: the summer's partnership review, the last Ofsted
    inspection, the last QA visit, a risk meeting or the school's own plan."""
    school = c.school
    own_plan: SourceRef = (
        Source.SCHOOL_PLAN,
        None,
        f"School development plan {year}-{year - 1999}",
    )
    month = c.rng.choice(("May", "June", "July"))
    pool: list[SourceRef] = [
        (Source.PARTNERSHIP_REVIEW, None, f"Partnership review, {month} {year}")
    ]
    latest = latest_inspections([school.pk]).get(school.pk)
    inspected = latest.inspected_on if latest else None
    if latest and inspected and (year == FIRST or good_or_better(latest) is False):
        pool.append((Source.OFSTED, None, f"Ofsted inspection, {inspected:%B %Y}"))
    elif inspected is None:
        pool.append((Source.PARTNERSHIP_REVIEW, None, f"Review on joining the trust, July {year}"))
    visit = _visit_between(c, dt.date(year - 1, 9, 1), plan_day, last=True)
    if visit is not None:
        pool.append((Source.QA_VISIT, visit, ""))
    if c.strength < 0.5:
        day = c.rng.randint(1, 9)
        pool.append((Source.RISK_MEETING, None, f"Risk meeting, {day} July {year}"))
    else:
        pool.append(own_plan)
    c.rng.shuffle(pool)
    return (pool + [own_plan] * n)[:n]


@dataclass
class Year:
    """One plan's year, while it is planned."""

    c: Ctx
    plan: Row
    day: dt.date  # when the plan was written
    end: dt.date  # when its actions and targets are due at the latest
    out: Written = field(default_factory=Written)
    picks: list[tuple[Priority, PriorityIdea]] = field(default_factory=list)
    counts: dict[int, int] = field(default_factory=dict)  # actions per priority (by id())

    def priority(self, idea: PriorityIdea, source: SourceRef, at: dt.datetime) -> Row:
        kind, visit, reference = source
        priority = Priority(
            trust_id=self.c.school.trust_id,
            plan=self.plan.obj,
            number=len(self.picks) + 1,
            title=idea.title,
            description=idea.description,
            source=kind,
            source_visit=visit,
            source_reference=reference,
        )
        row = Row(priority, at, self.c.director)
        self.out.priorities.append(row)
        self.picks.append((priority, idea))
        return row

    def targets(self, row: Row, idea: PriorityIdea, figures: dict[str, float], **kw: Any) -> None:
        for target in make_targets(self.c, idea, figures, self.end, **kw):
            target.trust_id, target.priority = self.c.school.trust_id, row.obj
            self.out.targets.append(Row(target, row.at, row.by))

    def actions(
        self, row: Row, idea: PriorityIdea, ideas: list[ActionIdea], finishes: list[str]
    ) -> None:
        c = self.c
        first = max(self.day, row.at.date())
        for action_idea, finish in zip(ideas, finishes, strict=True):
            start = plus_days(first, 7 + 7 * c.rng.randint(0, 14))
            action = new_action(c, row.obj, action_idea, start, self.end)
            if finish == "open" and action.due_on < dt.date(self.end.year, 5, 1):
                action.due_on = c.term_day(
                    plus_days(dt.date(self.end.year, 6, 1), c.rng.randint(0, 40))
                )
            action_row = Row(action, row.at, row.by)
            self.out.notes += action_story(c, action_row, idea, finish=finish)
            self.out.actions.append(action_row)
            self.counts[id(row.obj)] = self.counts.get(id(row.obj), 0) + 1

    def finish(self, *, signatures: int, review_after: dt.date) -> None:
        c = self.c
        # What the core offer has left once the year's visits are counted (as `core_offer` does).
        year_id = self.plan.obj.academic_year_id
        left = Decimal(c.school.trust.core_offer_days) - c.visit_days.get(year_id, Decimal(0))
        count = min(len(self.picks), c.rng.randint(1, 3))
        rows, notes = plan_deployments(c, self.picks, self.day, count, left)
        self.out.deployments += rows
        self.out.notes += notes
        self.out.signatures += plan_signatures(c, self.plan, self.day, signatures)
        visit = _visit_between(c, review_after, self.end, last=True)
        self.out.reviews += visit_review(c, visit, self.out.actions + self.out.carried_actions)


def _action_ideas(c: Ctx, idea: PriorityIdea, n: int, used: set[str]) -> list[ActionIdea]:
    fresh = [a for a in idea.actions if a.what not in used]
    return c.rng.sample(fresh, min(n, len(fresh)))


def _first_year(c: Ctx, academic_year: AcademicYear) -> Plan:
    """2025/26: written after the first visit, agreed by all three, closed in July 2026: one or
    two priorities achieved, the rest still open with an action or two to carry forward."""
    first_visit = _visit_between(c, dt.date(2025, 9, 1), dt.date(2025, 12, 31))
    visited = first_visit.visited_on if first_visit and first_visit.visited_on else None
    day = next_weekday(plus_days(visited or dt.date(2025, 9, 29), c.rng.randint(3, 10)))
    plan = Plan(
        trust_id=c.school.trust_id,
        school=c.school,
        academic_year=academic_year,
        created_by=c.director,
    )
    y = Year(c, Row(plan, moment(day, 10), c.director), day, dt.date(2026, 7, 17))
    y.out.plans.append(y.plan)
    start = c.figures.on(dt.date(2025, 12, 1))
    end = c.figures.on(dt.date(2026, 7, 31))
    weights = priority_weights(c, start)
    # The priority the school's own lead practitioner or SLE is there for comes first.
    fits = [k for k in weights if any(fits_subject(BY_KEY[k], p.job_title) for p, _ in c.support)]
    n = 4 if c.rng.random() < 0.6 else 3
    keys = fits[:1] + pick_weighted(
        c.rng, {k: w for k, w in weights.items() if k not in fits[:1]}, n
    )
    keys = keys[:n]
    fates = ["achieved"] + ["open"] * (len(keys) - 1)
    if len(keys) == 4:
        fates[1] = c.rng.choice(("achieved", "closed", "achieved"))
    c.rng.shuffle(fates)
    closing = moment(plus_days(y.end, c.rng.randint(-4, 0)), 14)
    items: list[tuple[str, str, SourceRef, dt.datetime]] = [
        (key, fate, source, y.plan.at)
        for key, fate, source in zip(keys, fates, _sources(c, FIRST, day, len(keys)), strict=True)
    ]
    late = _visit_between(c, dt.date(2026, 1, 5), dt.date(2026, 3, 27))
    if len(keys) == 3 and late is not None and late.visited_on and c.rng.random() < 0.6:
        # A fourth priority from a mid-year visit, added after the plan was agreed.
        key = pick_weighted(c.rng, {k: w for k, w in weights.items() if k not in keys}, 1)[0]
        items.append(
            (key, "open", (Source.QA_VISIT, late, ""), moment(plus_days(late.visited_on, 2), 17))
        )
    for key, fate, source, at in items:
        idea = BY_KEY[key]
        row = y.priority(idea, source, at)
        if fate != "open":
            status = Priority.Status.ACHIEVED if fate == "achieved" else Priority.Status.CLOSED
            row.change(closing, c.director, status=status)
        y.targets(row, idea, start, met_by=end if fate == "achieved" else None)
        ideas = _action_ideas(c, idea, min(c.rng.randint(2, 4), len(idea.actions) - 2), set())
        finishes = ["completed"] * len(ideas)
        if fate == "open":
            finishes[-1] = "open"
            if len(ideas) > 2 and c.rng.random() < 0.4:
                finishes[0] = "open"
        y.actions(row, idea, ideas, finishes)
    y.finish(signatures=3, review_after=dt.date(2026, 5, 1))
    y.out.save(plan_is_new=True)
    return y.plan.obj


def _backdate(plan: Plan, at: dt.datetime) -> None:
    """`plan_start` writes 'now': date the new plan, and what it carried, when it was written."""
    Plan.objects.filter(pk=plan.pk).update(created_at=at)
    history_of(Plan).filter(id=plan.pk).update(history_date=at, created_at=at)
    Priority.objects.filter(plan=plan).update(created_at=at)
    history_of(Priority).filter(plan_id=plan.pk).update(history_date=at, created_at=at)
    ids = list(Priority.objects.filter(plan=plan).values_list("pk", flat=True))
    history_of(Target).filter(priority_id__in=ids).update(history_date=at)
    Action.objects.filter(priority_id__in=ids).update(created_at=at, updated_at=at)
    history_of(Action).filter(priority_id__in=ids).update(history_date=at, created_at=at)
    # ...and the last year's priorities and actions it marked as carried forward.
    old = list(Priority.objects.filter(carried_to__plan=plan).values_list("pk", flat=True))
    history_of(Priority).filter(id__in=old, status=Priority.Status.CARRIED).update(history_date=at)
    history_of(Action).filter(priority_id__in=old, status=Action.Status.CARRIED).update(
        history_date=at
    )
    Action.objects.filter(priority_id__in=old, status=Action.Status.CARRIED).update(updated_at=at)


def _carried(y: Year, now: dict[str, float]) -> None:
    """What came forward: targets re-based on this year's figures, most open actions given a new
    due date (the rest left overdue), and a new action or two for the new year."""
    c, edit = y.c, moment(plus_days(y.day, 1), 11)
    carried = (
        Priority.objects.filter(plan=y.plan.obj)
        .prefetch_related("targets", "actions", "carried_from__actions")
        .order_by("number")
    )
    for priority in carried:
        idea = BY_TITLE[priority.title]
        y.picks.append((priority, idea))
        steps: dict[str, float] = dict(idea.measures)
        for target in priority.targets.all():
            row = Row(target, y.plan.at, c.director)
            values: dict[str, Any] = {"by_when": y.end}
            if target.measure and target.measure in now:
                base = now[target.measure]
                values["baseline"] = one_place(base)
                values["target"] = one_place(improved(target.measure, base, steps[target.measure]))
            row.change(edit, c.director, **values)
            y.out.carried_targets.append(row)
        for action in priority.actions.all():
            row = Row(action, y.plan.at, c.director)
            if c.rng.random() < 0.65:
                due = c.term_day(plus_days(dt.date(2026, 10, 16), 7 * c.rng.randint(0, 18)))
                row.change(
                    moment(plus_days(y.day, c.rng.randint(1, 3)), 12), c.director, due_on=due
                )
            y.out.notes += carried_story(c, row, idea, y.day)
            y.out.carried_actions.append(row)
            y.counts[id(priority)] = y.counts.get(id(priority), 0) + 1
        old = priority.carried_from.actions.all() if priority.carried_from else []
        used = {a.what for a in old}
        n = max(1, c.rng.randint(2, 4) - len(priority.actions.all()))
        ideas = _action_ideas(c, idea, min(n, 4 - len(priority.actions.all())), used)
        y.actions(Row(priority, edit, c.director), idea, ideas, ["auto"] * len(ideas))


def _second_year(c: Ctx, academic_year: AcademicYear) -> None:
    """2026/27, started with `plan_start` (open priorities and actions carried forward with their
    links), new priorities added, and the year's work up to today."""
    day = min(next_weekday(plus_days(dt.date(2026, 9, 7), c.rng.randint(0, 9))), c.today)
    at = moment(day, 10)
    plan = plan_start(school=c.school, year=academic_year, acting_user=c.director)
    _backdate(plan, at)
    plan.refresh_from_db()
    y = Year(c, Row(plan, at, c.director), day, dt.date(2027, 7, 16))
    y.out.plans.append(y.plan)
    now = c.figures.on(c.today)
    _carried(y, now)
    taken = {idea.key for _, idea in y.picks}
    weights = {k: w for k, w in priority_weights(c, now).items() if k not in taken}
    new = c.rng.randint(1, max(1, 4 - len(y.picks)))
    for key, source in zip(
        pick_weighted(c.rng, weights, new), _sources(c, SECOND, day, new), strict=False
    ):
        idea = BY_KEY[key]
        row = y.priority(idea, source, at)
        y.targets(row, idea, now)
        ideas = _action_ideas(c, idea, c.rng.randint(2, 4), set())
        y.actions(row, idea, ideas, ["auto"] * len(ideas))
    visit = _visit_between(c, plus_days(day, 21), y.end, last=True)
    if visit is not None and visit.visited_on and c.rng.random() < 0.5:
        # An agreed next step of the visit, added to the plan after it was agreed.
        room = [(p, i) for p, i in y.picks if y.counts.get(id(p), 0) < 4]
        priority, idea = c.rng.choice(room or y.picks)
        used = {r.obj.what for r in y.out.actions + y.out.carried_actions}
        for action_idea in _action_ideas(c, idea, 1, used):
            start = plus_days(visit.visited_on, 1)
            action = new_action(c, priority, action_idea, start, y.end)
            action.source_visit = visit
            row = Row(action, moment(start, 9), c.director)
            y.out.notes += action_story(c, row, idea, finish="auto")
            y.out.actions.append(row)
    y.finish(signatures=c.signed, review_after=plus_days(day, 21))
    y.out.save(plan_is_new=False)


# --- the trust ------------------------------------------------------------------------------------


def _budgets(schools: list[School]) -> dict[int, str]:
    """The weakest school runs over its core-offer days this year, and in a larger trust the
    next weakest uses exactly its allowance; the rest have days left."""
    ranked = sorted(schools, key=lambda s: (_strength(s), s.urn))
    budgets = {s.pk: "under" for s in schools}
    if ranked:
        budgets[ranked[0].pk] = "over"
    if len(ranked) > 5:
        budgets[ranked[1].pk] = "at"
    return budgets


def _signed(trust: Trust, schools: list[School]) -> dict[int, int]:
    """Most 2026/27 plans are signed by all three; a few wait for one or two signatures."""
    rng = random.Random(f"isap-{trust.slug}")  # noqa: S311 (demo data, not secrets)
    waiting = rng.sample(sorted(s.pk for s in schools), k=max(1, len(schools) // 5))
    return {s.pk: rng.choice((1, 2)) if s.pk in waiting else 3 for s in schools}


def load(trust: Trust) -> None:
    """A 2025/26 and a 2026/27 plan for every open school that has none yet."""
    years = {
        y.starts_in: y
        for y in AcademicYear.objects.filter(trust=trust, starts_in__in=(FIRST, SECOND))
    }
    if len(years) < 2:
        return
    people = load_people(trust)
    schools = list(
        School.objects.filter(trust=trust, closed_on__isnull=True)
        .select_related("trust")
        .order_by("urn")
    )
    budgets, signed = _budgets(schools), _signed(trust, schools)
    terms = sorted(HalfTerm.objects.filter(trust=trust).values_list("starts_on", "ends_on"))
    today = timezone.localdate()
    with transaction.atomic():
        for school in schools:
            if not Plan.objects.filter(school=school).exists():
                c = _ctx(school, today, people, terms, budgets[school.pk], signed[school.pk])
                _first_year(c, years[FIRST])
                _second_year(c, years[SECOND])


def _ctx(
    school: School,
    today: dt.date,
    people: People,
    terms: list[tuple[dt.date, dt.date]],
    budget: str,
    signed: int,
) -> Ctx:
    visits = list(
        Visit.objects.filter(school=school)
        .exclude(status=Visit.Status.CANCELLED)
        .defer("snapshot")
        .order_by("visited_on", "pk")
    )
    visit_days: dict[int, Decimal] = {}
    for visit in visits:
        visit_days[visit.academic_year_id] = visit_days.get(visit.academic_year_id, 0) + visit.days
    return Ctx(
        school=school,
        rng=random.Random(int(school.urn) * 7 + 5),  # noqa: S311 (demo data, not secrets)
        today=today,
        strength=_strength(school),
        phases=school_phases(school),
        head=people.heads.get(school.pk),
        chair=people.chairs.get(school.pk),
        director=people.directors.get(school.cluster_id or 0),
        cpd_lead=people.cpd_lead,
        support=people.support.get(school.pk, []),
        terms=terms,
        visits=[v for v in visits if v.status == Visit.Status.SUBMITTED],
        visit_days=visit_days,
        figures=Figures(school),
        budget=budget,
        signed=signed,
        inspected=bool(latest_inspections([school.pk])),
    )
