"""The meetings' pages: the list of half-terms, a meeting's agenda, one school's row, closing, and
the trustees' summary."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from fht.access import access_for
from fht.decorators import trust_member_required
from fht.forms import add_service_error, posted
from fht.tenancy import trust_of
from fht.types import AuthenticatedRequest
from risk.access import reads_growth
from risk.forms.meetings import MeetingItemForm
from risk.models import CRITERIA, MeetingItem
from risk.selectors import meetings as selectors
from risk.selectors.concern import reads_any_case
from risk.selectors.meetings_summary import meeting_summary
from risk.services import meetings as services
from risk.services.meetings_pdf import pdf_status


@require_GET
@trust_member_required
def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    """The meetings, newest half-term first; this half-term's is made sure to exist."""
    selectors.require_meetings_page(request.user)
    runs = selectors.may_run_meetings(request.user)
    trust = trust_of(request.user)
    current = services.current_meeting(trust=trust, today=timezone.localdate()) if runs else None
    following = None
    if current is not None and current.is_closed:
        following = services.next_half_term(after=current.half_term)
    context = {
        "meetings": selectors.meetings_of(trust_id=trust.pk),
        "current": current,
        "following": following,
        "runs": runs,
        "reads_cases": reads_any_case(access_for(request.user)),
        "reads_growth": reads_growth(access_for(request.user)),
    }
    return render(request, "risk/meetings/list.html", context)


@trust_member_required
def meeting_prepare_next(request: AuthenticatedRequest) -> HttpResponse:
    """Make next half-term's meeting ready once this one is closed (POST only)."""
    if not selectors.may_run_meetings(request.user):
        raise Http404("No such page")
    if request.method != "POST":
        return redirect("risk:meetings")
    try:
        meeting = services.next_meeting_prepare(
            trust=trust_of(request.user), today=timezone.localdate()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("risk:meetings")
    messages.success(request, f"The agenda of the {meeting.half_term} meeting is ready.")
    return redirect("risk:meeting_detail", meeting.pk)


@require_GET
@trust_member_required
def meeting_detail(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    """The agenda: every school with its category, evidence and the state of its row."""
    meeting = selectors.access_meeting(request.user, meeting_id)
    if not meeting.is_closed:
        services.meeting_items_sync(meeting=meeting)
    rows = selectors.meeting_agenda(meeting=meeting, user=request.user, today=timezone.localdate())
    context = {
        "meeting": meeting,
        "rows": rows,
        "agreed": sum(1 for r in rows if r.item.agreed_category),
        **pdf_status(meeting=meeting, user=request.user),
    }
    return render(request, "risk/meetings/detail.html", context)


def _item_data(form: MeetingItemForm) -> services.ItemData:
    data = form.cleaned_data
    return services.ItemData(
        proposed_category=data["proposed_category"],
        agreed_category=data["agreed_category"],
        category_reason=data["category_reason"],
        discussion=data["discussion"],
        judgements={c.key: (data[f"{c.key}_level"], data[f"{c.key}_note"]) for c in form.criteria},
    )


def _new_action(form: MeetingItemForm) -> services.ActionData | None:
    data = form.cleaned_data
    if not data.get("action_what"):
        return None
    return services.ActionData(
        what=data["action_what"], owner=data["action_owner"], due_on=data["action_due_on"]
    )


def _reviews(form: MeetingItemForm) -> tuple[services.ReviewData, ...]:
    data = form.cleaned_data
    return tuple(
        services.ReviewData(
            action=action,
            progress=data[f"review_{action.pk}_progress"],
            outcome=data[f"review_{action.pk}_outcome"],
        )
        for action in form.earlier
        if data.get(f"review_{action.pk}_outcome")
    )


def _initial(
    item: MeetingItem, row: selectors.AgendaRow, reviews: dict[int, Any]
) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "version": item.version,
        "proposed_category": item.proposed_category,
        "agreed_category": item.agreed_category,
        "category_reason": item.category_reason,
        "discussion": item.discussion,
    }
    for judgement in row.judgements:
        initial[f"{judgement.criterion.key}_level"] = judgement.level
        initial[f"{judgement.criterion.key}_note"] = judgement.note
    for action_id, review in reviews.items():
        initial[f"review_{action_id}_progress"] = review.progress
        initial[f"review_{action_id}_outcome"] = review.outcome
    return initial


@trust_member_required
def meeting_item(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    """One school's row: the evidence, and the form for judgements, categories and actions (or
    the record as it was closed)."""
    item = selectors.access_item(request.user, item_id)
    meeting = item.meeting
    today = timezone.localdate()
    row = selectors.agenda_row(item=item, user=request.user, today=today)
    context: dict[str, Any] = {"meeting": meeting, "item": item, "row": row}
    if meeting.is_closed:
        status = 409 if request.method == "POST" else 200
        if status == 409:
            messages.error(request, services.LOCKED)
        return render(request, "risk/meetings/item.html", context, status=status)
    earlier = selectors.open_earlier_actions(item=item)
    reviews = selectors.reviews_at(meeting=meeting, actions=earlier)
    criteria = tuple(c for c in CRITERIA[meeting.kind] if not c.restricted or row.restricted)

    def form_for(data: QueryDict | None) -> MeetingItemForm:
        return MeetingItemForm(
            data,
            criteria=criteria,
            people=selectors.owner_choices(trust_id=meeting.trust_id),
            earlier=earlier,
            initial=_initial(item, row, reviews),
        )

    form = form_for(posted(request))
    status = 400 if form.is_bound else 200
    if form.is_bound and form.is_valid():
        try:
            services.meeting_item_save(
                item=item,
                version=form.cleaned_data["version"],
                data=_item_data(form),
                new_action=_new_action(form),
                reviews=_reviews(form),
                acting_user=request.user,
            )
        except (services.StaleEdit, services.MeetingLocked) as refusal:
            # Keep what was typed; the next save is checked against the version now stored.
            data = request.POST.copy()
            item.refresh_from_db()
            data["version"] = str(item.version)
            form = form_for(data)
            form.is_valid()
            form.add_error(None, refusal.messages[0])
            context["stale"] = True
            status = 409
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{item.school.name}: the row has been saved.")
            return redirect(reverse("risk:meeting_detail", args=[meeting.pk]) + f"#item-{item.pk}")
    context.update({"form": form, "reviews": reviews})
    return render(request, "risk/meetings/item.html", context, status=status)


@trust_member_required
def meeting_close(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    """Confirm, then close: the agreed categories apply and the record is locked."""
    meeting = selectors.access_meeting(request.user, meeting_id)
    if meeting.is_closed:
        messages.info(request, "This meeting has already been closed.")
        return redirect("risk:meeting_detail", meeting.pk)
    rows = selectors.meeting_agenda(meeting=meeting, user=request.user, today=timezone.localdate())
    error = ""
    if request.method == "POST":
        try:
            services.meeting_close(meeting=meeting, acting_user=request.user)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(
                request,
                "The meeting has been closed: its categories apply and its record is locked.",
            )
            return redirect("risk:meeting_detail", meeting.pk)
    context = {
        "meeting": meeting,
        "changes": [
            r
            for r in rows
            if r.item.agreed_category and r.item.agreed_category != r.school.category
        ],
        "confirmed": [
            r
            for r in rows
            if r.item.agreed_category and r.item.agreed_category == r.school.category
        ],
        "undecided": [r for r in rows if not r.item.agreed_category],
        "error": error,
    }
    return render(request, "risk/meetings/close.html", context, status=400 if error else 200)


@require_GET
@trust_member_required
def meeting_summary_page(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    """The trustees' summary: categories, movement and the concern procedure; no discussion."""
    meeting = selectors.access_meeting(request.user, meeting_id, summary=True)
    context = {"meeting": meeting, "summary": meeting_summary(meeting=meeting)}
    return render(request, "risk/meetings/summary.html", context)
