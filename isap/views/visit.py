"""What a QA visit records on the school's action plan: the actions it discussed (with their RAG
rating after it) and the new actions from its agreed next steps, in one form in the visit's flow.
The visit page lists them in a panel (isap.selectors.visit.visit_actions_panel)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.types import AuthenticatedRequest
from isap import services
from isap.forms.visit import VisitActionsForm
from isap.selectors.visit import visit_actions_page
from qa_visits.models import Visit
from qa_visits.selectors import access_visit

TEMPLATE = "isap/visit_actions.html"


def _done(reviews: int, created: int) -> str:
    parts = []
    if reviews:
        parts.append(f"{reviews} action{'s' if reviews != 1 else ''} reviewed")
    if created:
        parts.append(f"{created} new action{'s' if created != 1 else ''} added")
    if not parts:
        return "Nothing new was recorded on the action plan."
    return f"Recorded on the action plan: {' and '.join(parts)}."


@require_http_methods(["GET", "POST"])
@trust_member_required
def visit_actions(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    visit = access_visit(request.user, visit_id, write=True)
    if visit.status == Visit.Status.CANCELLED:
        messages.error(request, "This visit was cancelled: it records nothing on the plan.")
        return redirect("qa_visits:detail", visit_id=visit.pk)
    page = visit_actions_page(visit=visit)
    context: dict[str, object] = {"visit": visit, "page": page, "nav_section": "visits"}
    if page.plan is None:
        return render(request, TEMPLATE, context)
    form = VisitActionsForm(posted(request), page=page)
    context["form"] = form
    if form.is_bound and form.is_valid():
        reviews, new_actions = form.reviews(), form.new_actions()
        try:
            services.visit_actions_record(
                visit=visit, reviews=reviews, new_actions=new_actions, acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _done(len(reviews), len(new_actions)))
            return redirect("qa_visits:detail", visit_id=visit.pk)
    return form_page(request, TEMPLATE, context, bound=form.is_bound)
