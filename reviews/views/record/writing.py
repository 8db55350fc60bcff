"""Writing the record: all areas on one page (saved as the reviewer types), and the strengths and
challenges, each on its own small form. A refused save keeps what was typed; a save that meets
someone else's change is refused (409) and shows what is saved now beside what was typed."""

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fht.decorators import trust_member_required
from fht.forms import add_service_error, posted
from fht.models import User
from fht.types import AuthenticatedRequest
from reviews.forms.record import ChallengeForm, RecordForm, RemoveForm, StrengthForm
from reviews.models import Challenge, Review, Strength
from reviews.selectors import record as selectors
from reviews.selectors.access import ReviewAccess, access_review
from reviews.services import record as services

LOCKED = (
    "The record can be changed only while it is a draft: it has been sent for checking or "
    "shared. A check can send it back to draft."
)


def _writable(request: AuthenticatedRequest, review_id: int) -> ReviewAccess:
    return access_review(request.user, review_id, write=True)


def _locked(request: AuthenticatedRequest, review: Review) -> HttpResponse | None:
    if review.status == Review.Status.DRAFT:
        return None
    messages.error(request, LOCKED)
    return redirect("reviews:detail", review_id=review.pk)


def _fingerprints(values: dict[str, str]) -> str:
    return json.dumps({name: selectors.token(value) for name, value in values.items()})


def _record_context(
    found: ReviewAccess, form: RecordForm, conflicts: dict[str, str] | None = None
) -> dict[str, Any]:
    conflicts = conflicts or {}
    rows = []
    for area, judgement, notes in form.area_fields():
        theirs_judgement = conflicts.get(judgement.name)
        rows.append(
            {
                "area": area,
                "judgement": judgement,
                "notes": notes,
                "theirs_judgement": (
                    selectors.judgement_label(area, theirs_judgement)
                    if theirs_judgement is not None
                    else None
                ),
                "theirs_notes": conflicts.get(notes.name),
            }
        )
    return {
        "review": found.review,
        "found": found,
        "form": form,
        "rows": rows,
        "theirs_impact": conflicts.get("trust_impact"),
        "conflicts": conflicts,
    }


@trust_member_required
def review_record(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    """The record of every area the person may write and the impact of the trust, on one form."""
    found = _writable(request, review_id)
    review = found.review
    if (locked := _locked(request, review)) is not None:
        return locked
    areas = selectors.areas_for(review, reads_restricted=found.reads_restricted)
    saved = selectors.record_values(review, areas)
    initial = {**saved, "version": review.version, "base": _fingerprints(saved)}
    form = RecordForm(posted(request), areas=areas, initial=initial)
    if not form.is_bound:
        return render(request, "reviews/record.html", _record_context(found, form))
    if not form.is_valid():
        return render(request, "reviews/record.html", _record_context(found, form), status=400)
    try:
        result = services.record_save(
            review=review, draft=form.draft(), areas=areas, acting_user=request.user
        )
    except services.RecordConflict as conflict:
        # The form keeps what was typed; its version and the conflicting fields' fingerprints are
        # now those of what is saved, so saving again keeps the person's words deliberately.
        data = request.POST.copy()
        base = form.draft().base
        base.update({c.name: selectors.token(c.theirs) for c in conflict.conflicts})
        data["version"] = str(conflict.version)
        data["base"] = json.dumps(base)
        form = RecordForm(data, areas=areas, initial=initial)
        form.is_valid()
        form.add_error(None, conflict.messages[0])
        theirs = {c.name: c.theirs for c in conflict.conflicts}
        context = _record_context(found, form, theirs)
        return render(request, "reviews/record.html", context, status=409)
    except ValidationError as error:
        add_service_error(form, error)
        return render(request, "reviews/record.html", _record_context(found, form), status=409)
    text = f"The record was saved at {timezone.localtime():%H:%M}."
    if result.theirs:
        text += " Others' changes made meanwhile to other parts are kept: " + ", ".join(
            _field_labels(result.theirs, areas)
        )
    messages.success(request, text)
    if request.POST.get("action") == "done":
        return redirect("reviews:detail", review_id=review.pk)
    return redirect("reviews:record", review_id=review.pk)


def _field_labels(names: list[str], areas: list[Any]) -> list[str]:
    labels = {"trust_impact": "the impact of the trust"}
    for area in areas:
        labels[f"{area.key}_judgement"] = f"{area.label} (judgement)"
        labels[f"{area.key}_notes"] = f"{area.label} (evidence)"
    return [labels.get(n, n) for n in names]


def _status(
    request: AuthenticatedRequest, text: str, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(
        request, "reviews/record/_autosave_status.html", {"text": text, **extra}, status=status
    )


@require_POST
@trust_member_required
def review_autosave(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    """htmx saves the record as the reviewer types; the answer is the page's status line, with
    the form's new version and fingerprints swapped in beside it."""
    found = _writable(request, review_id)
    review = found.review
    if review.status != Review.Status.DRAFT:
        return _status(request, "Not saved: the record was sent for checking meanwhile.", 409)
    areas = selectors.areas_for(review, reads_restricted=found.reads_restricted)
    form = RecordForm(request.POST, areas=areas)
    form.is_valid()
    draft = form.draft()
    if draft.version is None:
        return _status(request, "Nothing was saved: the record was not sent.", 400)
    try:
        result = services.record_save(
            review=review, draft=draft, areas=areas, acting_user=request.user
        )
    except services.RecordConflict as conflict:
        names = ", ".join(_field_labels([c.name for c in conflict.conflicts], areas))
        text = (
            f"Not saved: someone else changed {names} meanwhile. "
            "Choose 'Save draft' to see their words beside yours."
        )
        return _status(request, text, 409)
    except ValidationError:
        return _status(request, "Not saved: the record was sent for checking meanwhile.", 409)
    saved_at = timezone.localtime(result.review.draft_saved_at or timezone.now())
    text = f"Draft saved at {saved_at:%H:%M}"
    if form.errors:
        text += ". Some parts were not saved: choose 'Save draft' to see why"
    if result.theirs:
        text += (
            ". Others changed "
            + ", ".join(_field_labels(result.theirs, areas))
            + " meanwhile: their words are kept (reload the page to see them)"
        )
    return _status(
        request,
        text,
        saved=True,
        version=result.review.version,
        base=json.dumps(result.base),
    )


# --- strengths and challenges -------------------------------------------------------------------


def _people(review: Review) -> Any:
    return User.objects.filter(trust_id=review.trust_id, is_active=True).order_by("full_name", "pk")


def _finding(
    request: AuthenticatedRequest,
    review_id: int,
    model: type[Strength] | type[Challenge],
    row_id: int | None,
) -> HttpResponse:
    found = _writable(request, review_id)
    review = found.review
    if (locked := _locked(request, review)) is not None:
        return locked
    row = None
    if row_id is not None:
        row = model.objects.filter(review=review, pk=row_id).first()
        if row is None:
            raise Http404("No such finding.")
    initial: dict[str, Any] = {"version": review.version}
    if row is not None:
        initial.update(base=selectors.row_token(row), title=row.title, detail=row.detail)
        if isinstance(row, Strength):
            initial.update(theme=row.theme, contact=row.contact_id)
    form: StrengthForm | ChallengeForm
    if model is Strength:
        form = StrengthForm(posted(request), people=_people(review), initial=initial)
    else:
        form = ChallengeForm(posted(request), initial=initial)
    context: dict[str, Any] = {
        "review": review,
        "row": row,
        "form": form,
        "strength": model is Strength,
    }
    if not form.is_bound:
        return render(request, "reviews/record/finding.html", context)
    if not form.is_valid():
        return render(request, "reviews/record/finding.html", context, status=400)
    try:
        services.finding_save(
            review=review,
            model=model,
            row_id=row_id,
            base=form.cleaned_data["base"],
            values=form.values(),
            acting_user=request.user,
        )
    except services.RowConflict as conflict:
        data = request.POST.copy()
        if conflict.row is not None:
            data["base"] = selectors.row_token(conflict.row)
        form = type(form)(data, **({"people": _people(review)} if model is Strength else {}))
        form.is_valid()
        form.add_error(None, conflict.messages[0])
        context.update(form=form, theirs=conflict.row, removed=conflict.row is None)
        if isinstance(conflict.row, Strength):
            context["theirs_theme"] = selectors.theme_label(conflict.row.theme)
        return render(request, "reviews/record/finding.html", context, status=409)
    except ValidationError as error:
        add_service_error(form, error)
        return render(request, "reviews/record/finding.html", context, status=409)
    noun = "strength" if model is Strength else "key challenge"
    messages.success(request, f"The {noun} was {'saved' if row else 'added'}.")
    return redirect("reviews:detail", review_id=review.pk)


def _remove(
    request: AuthenticatedRequest,
    review_id: int,
    model: type[Strength] | type[Challenge],
    row_id: int,
) -> HttpResponse:
    found = _writable(request, review_id)
    review = found.review
    if not model.objects.filter(review=review, pk=row_id).exists():
        raise Http404("No such finding.")
    if (locked := _locked(request, review)) is not None:
        return locked
    form = RemoveForm(request.POST)
    noun = "strength" if model is Strength else "key challenge"
    if not form.is_valid():
        messages.error(request, f"The {noun} was not removed: open the page again and retry.")
        return redirect("reviews:detail", review_id=review.pk)
    try:
        services.finding_remove(
            review=review,
            model=model,
            row_id=row_id,
            base=form.cleaned_data["base"],
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, f"The {noun} was not removed. {error.messages[0]}")
        return redirect("reviews:detail", review_id=review.pk)
    messages.success(request, f"The {noun} was removed.")
    return redirect("reviews:detail", review_id=review.pk)


@trust_member_required
def strength_add(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    return _finding(request, review_id, Strength, None)


@trust_member_required
def strength_edit(request: AuthenticatedRequest, review_id: int, row_id: int) -> HttpResponse:
    return _finding(request, review_id, Strength, row_id)


@require_POST
@trust_member_required
def strength_remove(request: AuthenticatedRequest, review_id: int, row_id: int) -> HttpResponse:
    return _remove(request, review_id, Strength, row_id)


@trust_member_required
def challenge_add(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    return _finding(request, review_id, Challenge, None)


@trust_member_required
def challenge_edit(request: AuthenticatedRequest, review_id: int, row_id: int) -> HttpResponse:
    return _finding(request, review_id, Challenge, row_id)


@require_POST
@trust_member_required
def challenge_remove(request: AuthenticatedRequest, review_id: int, row_id: int) -> HttpResponse:
    return _remove(request, review_id, Challenge, row_id)
