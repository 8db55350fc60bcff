"""The due-diligence records of schools about to join: the list, a record, adding and editing
one, and recording its school joining the trust with its first category."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.tenancy import trust_of
from fht.types import AuthenticatedRequest
from risk.forms.growth import DueDiligenceForm, JoinForm
from risk.models import DueDiligence
from risk.selectors import growth_reads as reads
from risk.services import growth as services


def _data(form: DueDiligenceForm) -> services.DueDiligenceData:
    d = form.cleaned_data
    return services.DueDiligenceData(
        name=d["name"],
        urn=d["urn"],
        status=d["status"],
        started_on=d["started_on"],
        practice_observed=d["practice_observed"],
        previous_ofsted=d["previous_ofsted"],
        ofsted_outcome=d["ofsted_outcome"],
        data_summary=d["data_summary"],
        leadership_capacity=d["leadership_capacity"],
        proposed_category=d["proposed_category"],
    )


def _initial(record: DueDiligence) -> dict[str, Any]:
    return {name: getattr(record, name) for name in services.DUE_DILIGENCE_FIELDS} | {
        "version": record.version
    }


def _with_version(data: QueryDict, version: int) -> QueryDict:
    copy = data.copy()
    copy["version"] = str(version)
    return copy


@require_GET
@trust_member_required
def due_diligence_list(request: AuthenticatedRequest) -> HttpResponse:
    reads.require_reads_growth(request.user)
    trust_id = trust_of(request.user).pk
    context = {
        "records": list(reads.due_diligence_list(trust_id=trust_id)),
        "manages": reads.manages_growth(request.user),
        "nav_section": "risk",
    }
    return render(request, "risk/growth/due_diligence_list.html", context)


@require_GET
@trust_member_required
def due_diligence_detail(request: AuthenticatedRequest, record_id: int) -> HttpResponse:
    record = reads.access_due_diligence(request.user, record_id)
    context = {
        "record": record,
        "decisions": list(record.category_decisions.select_related("school", "decided_by")),
        "manages": reads.manages_growth(request.user),
        "nav_section": "risk",
    }
    return render(request, "risk/growth/due_diligence_detail.html", context)


@trust_member_required
def due_diligence_add(request: AuthenticatedRequest) -> HttpResponse:
    reads.require_manages_growth(request.user)
    trust = trust_of(request.user)
    form = DueDiligenceForm(
        posted(request),
        initial={"status": DueDiligence.Status.IN_PROGRESS, "started_on": timezone.localdate()},
    )
    if form.is_bound and form.is_valid():
        try:
            record = services.due_diligence_save(
                trust=trust, data=_data(form), acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The due-diligence record of {record.name} has been added.")
            return redirect("risk:growth_dd", record_id=record.pk)
    context = {"form": form, "record": None, "nav_section": "risk"}
    return form_page(request, "risk/growth/due_diligence_form.html", context, bound=form.is_bound)


@trust_member_required
def due_diligence_edit(request: AuthenticatedRequest, record_id: int) -> HttpResponse:
    record = reads.access_due_diligence(request.user, record_id, write=True)
    initial = _initial(record)
    form = DueDiligenceForm(posted(request), initial=initial)
    conflict = None
    status = 400 if form.is_bound else 200
    if form.is_bound and form.is_valid():
        try:
            services.due_diligence_save(
                trust=trust_of(request.user),
                data=_data(form),
                acting_user=request.user,
                record=record,
                version=form.cleaned_data["version"],
            )
        except services.EditConflict as refused:
            conflict, status = refused, 409
            form = DueDiligenceForm(
                _with_version(request.POST, refused.current.version), initial=initial
            )
            form.is_valid()
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The due-diligence record has been saved.")
            return redirect("risk:growth_dd", record_id=record.pk)
    context = {"form": form, "record": record, "conflict": conflict, "nav_section": "risk"}
    return render(request, "risk/growth/due_diligence_form.html", context, status=status)


@trust_member_required
def due_diligence_join(request: AuthenticatedRequest, record_id: int) -> HttpResponse:
    """Link the record to the school of the trust it became, and give the school its first
    category from the record."""
    record = reads.access_due_diligence(request.user, record_id, write=True)
    schools = reads.joinable_schools(trust_id=record.trust_id)
    form = JoinForm(
        posted(request),
        schools=schools,
        initial={"decided_on": timezone.localdate(), "version": record.version},
    )
    conflict = None
    status = 400 if form.is_bound else 200
    joined = record.status == DueDiligence.Status.JOINED
    if form.is_bound and joined:
        form.add_error(None, "This school has already joined the trust.")
    elif form.is_bound and form.is_valid():
        d = form.cleaned_data
        try:
            services.due_diligence_join(
                record=record,
                school=d["school"],
                decided_on=d["decided_on"],
                reason=d["reason"],
                acting_user=request.user,
                version=d["version"],
            )
        except services.EditConflict as refused:
            conflict, status = refused, 409
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"{d['school'].name} has joined the trust with its first category, "
                f"{record.get_proposed_category_display()}.",
            )
            return redirect("risk:growth_dd", record_id=record.pk)
    context = {
        "form": form,
        "record": record,
        "conflict": conflict,
        "joined": joined,
        "has_schools": joined or schools.exists(),
        "nav_section": "risk",
    }
    return render(request, "risk/growth/due_diligence_join.html", context, status=status)
