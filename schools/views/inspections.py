"""A school's Ofsted inspections: adding, correcting and deleting one (those who record
inspections); the history itself is on the school's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.types import AuthenticatedRequest
from schools import selectors, services
from schools.forms.inspections import (
    InspectionDeleteForm,
    InspectionForm,
    InspectionFrameworkForm,
    framework_from,
    initial_of,
)
from schools.models import Inspection, School


def _choose_framework(
    request: AuthenticatedRequest, school: School, inspection: Inspection | None
) -> HttpResponse:
    """The first question, asked with a GET so it works without JavaScript (a form posted with
    no framework, or one that does not exist, is asked it again, refused)."""
    posted_data = posted(request)
    asked = "framework" in request.GET or posted_data is not None
    form = InspectionFrameworkForm(
        posted_data if posted_data is not None else (request.GET if asked else None)
    )
    context = {"form": form, "school": school, "inspection": inspection}
    return form_page(request, "schools/inspection_framework.html", context, bound=asked)


@trust_member_required
def inspection_add(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    school = selectors.access_school_for_inspections(request.user, school_id)
    data = posted(request)
    framework = framework_from(data.get("framework") if data else request.GET.get("framework"))
    if framework is None:
        return _choose_framework(request, school, None)
    form = InspectionForm(data, framework=framework, editing=False)
    if form.is_bound and form.is_valid():
        try:
            services.inspection_record(
                school=school, details=form.details(), acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The inspection has been added to {school.name}'s history.")
            return redirect("schools:detail", school_id=school.pk)
    context = {"form": form, "school": school, "framework": framework}
    return form_page(request, "schools/inspection_form.html", context, bound=form.is_bound)


@trust_member_required
def inspection_edit(
    request: AuthenticatedRequest, school_id: int, inspection_id: int
) -> HttpResponse:
    inspection = selectors.access_inspection(request.user, school_id, inspection_id)
    school = inspection.school
    data = posted(request)
    asked = data.get("framework") if data else request.GET.get("framework")
    if request.GET.get("change") == "framework":
        return _choose_framework(request, school, inspection)
    framework = framework_from(asked, inspection)
    assert framework is not None  # a saved inspection always has one
    form = InspectionForm(data, framework=framework, editing=True, initial=initial_of(inspection))
    if form.is_bound and form.is_valid():
        try:
            services.inspection_update(
                inspection=inspection,
                details=form.details(),
                version=form.cleaned_data["version"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The inspection has been updated.")
            return redirect("schools:detail", school_id=school.pk)
    context = {"form": form, "school": school, "framework": framework, "inspection": inspection}
    return form_page(request, "schools/inspection_form.html", context, bound=form.is_bound)


@trust_member_required
def inspection_delete(
    request: AuthenticatedRequest, school_id: int, inspection_id: int
) -> HttpResponse:
    inspection = selectors.access_inspection(request.user, school_id, inspection_id)
    school = inspection.school
    form = InspectionDeleteForm(posted(request), initial={"version": inspection.version})
    if form.is_bound and form.is_valid():
        try:
            services.inspection_delete(
                inspection=inspection,
                version=form.cleaned_data["version"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The inspection has been deleted.")
            return redirect("schools:detail", school_id=school.pk)
    context = {"form": form, "school": school, "inspection": inspection}
    if form.is_bound:
        return render(request, "schools/inspection_delete.html", context, status=400)
    return render(request, "schools/inspection_delete.html", context)
