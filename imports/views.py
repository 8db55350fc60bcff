"""The imports pages: the trust's list of imports (any kind, with filters and CSV), the GIAS and
Ofsted upload pages, each import's page (progress, preview, errors, confirm or cancel, result) and
what the imports brought to one school."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.models import ImportRecord
from fht.registry import imports as import_kinds
from fht.tables import Column, Table
from fht.tenancy import trust_of
from fht.types import AuthenticatedRequest
from imports import selectors, services
from imports.forms import GiasUploadForm, GroupUidForm, OfstedUploadForm

IN_PROGRESS = (ImportRecord.Status.CHECKING, ImportRecord.Status.APPLYING)


def _kind_label(record: ImportRecord) -> str:
    return record.label


COLUMNS = [
    Column(
        "created_at",
        "Uploaded",
        order_by="created_at",
        value=lambda r: f"{r.created_at:%Y-%m-%d %H:%M}",
    ),
    Column("kind", "Kind", order_by="kind", value=_kind_label),
    Column("file_name", "File", order_by="file_name"),
    Column("status", "Status", order_by="status", value=lambda r: r.get_status_display()),
    Column(
        "uploaded_by",
        "Uploaded by",
        value=lambda r: r.uploaded_by.get_full_name() or r.uploaded_by.email,
    ),
    Column(
        "applied_at",
        "Imported",
        order_by="applied_at",
        value=lambda r: f"{r.applied_at:%Y-%m-%d %H:%M}" if r.applied_at else "",
    ),
    Column("error_count", "Errors", order_by="error_count", numeric=True),
]


@trust_member_required
def record_list(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_imports(request.user)
    kinds = [(k.key, k.label) for k in import_kinds]
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    kind = kind if kind in dict(kinds) else ""
    status = status if status in ImportRecord.Status.values else ""
    rows = selectors.record_list(user=request.user, kind=kind, status=status)
    table = Table(
        request, columns=COLUMNS, rows=rows, default_sort="created_at", filename="imports"
    )
    if request.GET.get("sort") is None:
        table.descending = True
        table.rows = table._ordered(rows, "created_at")
    if table.wants_csv:
        return table.csv_response()
    context = {
        "table": table,
        "records": list(table.rows),
        "kinds": kinds,
        "statuses": list(ImportRecord.Status.choices),
        "kind": kind,
        "status": status,
        "filtered": bool(kind or status),
    }
    return render(request, "imports/list.html", context)


@trust_member_required
def gias_upload(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_imports(request.user)
    trust = trust_of(request.user)
    form = GiasUploadForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        initial={"group_uid": trust.dfe_group_id or ""},
    )
    if form.is_bound and form.is_valid():
        extract, links = form.cleaned_data["extract"], form.cleaned_data["links"]
        main = extract or links
        record = services.import_start(
            trust=trust,
            kind=services.GIAS,
            upload=main,
            encoding=form.encodings["extract" if extract else "links"],
            acting_user=request.user,
            options={"group_uid": form.cleaned_data["group_uid"], "links_only": extract is None},
            links=links if extract else None,
            links_encoding=form.encodings.get("links", ""),
        )
        return redirect("imports:record", record_id=record.pk)
    return form_page(request, "imports/gias_upload.html", {"form": form}, bound=form.is_bound)


@trust_member_required
def ofsted_upload(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_imports(request.user)
    trust = trust_of(request.user)
    form = OfstedUploadForm(posted(request), request.FILES if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        record = services.import_start(
            trust=trust,
            kind=services.OFSTED,
            upload=form.cleaned_data["file"],
            encoding=form.encodings["file"],
            acting_user=request.user,
        )
        return redirect("imports:record", record_id=record.pk)
    return form_page(request, "imports/ofsted_upload.html", {"form": form}, bound=form.is_bound)


def _record_context(
    record: ImportRecord, uid_form: GroupUidForm | None = None
) -> dict[str, object]:
    summary = record.summary or {}
    preview = record.preview or []
    trusts = summary.get("trusts") or []
    if uid_form is None and record.kind == services.GIAS and trusts:
        uid_form = GroupUidForm(trusts=trusts, initial={"group_uid": summary.get("group_uid", "")})
    return {
        "record": record,
        "summary": summary,
        "in_progress": record.status in IN_PROGRESS,
        "urn_changes": [p for p in preview if p.get("action") == "urn"],
        "to_add": [p for p in preview if p.get("action") == "add"],
        "to_change": [p for p in preview if p.get("action") == "change"],
        "may_confirm": services.may_confirm(record),
        "may_cancel": record.status
        in (ImportRecord.Status.CHECKING, ImportRecord.Status.CHECKED, ImportRecord.Status.REFUSED),
        "uid_form": uid_form,
        "generic_counts": [
            (str(k).replace("_", " ").capitalize(), v)
            for k, v in summary.items()
            if isinstance(v, int | str) and not isinstance(v, bool)
        ],
        "kind_url": reverse(import_kinds.get(record.kind).url_name)
        if record.kind in import_kinds
        else "",
        "history": record.history.select_related("history_user").order_by("-history_date")[:20],
    }


@trust_member_required
def record(request: AuthenticatedRequest, record_id: int) -> HttpResponse:
    record = selectors.access_record(request.user, record_id)
    if request.htmx:
        if record.status in IN_PROGRESS:
            return render(
                request, "imports/_progress.html", {"record": record, "in_progress": True}
            )
        return HttpResponseClientRefresh()
    return render(request, "imports/record.html", _record_context(record))


@require_POST
@trust_member_required
def choose_trust(request: AuthenticatedRequest, record_id: int) -> HttpResponse:
    record = selectors.access_record(request.user, record_id)
    form = GroupUidForm(request.POST, trusts=record.summary.get("trusts") or [])
    if form.is_valid():
        try:
            services.group_uid_choose(
                record=record, group_uid=form.cleaned_data["group_uid"], acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("imports:record", record_id=record.pk)
    return render(request, "imports/record.html", _record_context(record, form), status=400)


@require_POST
@trust_member_required
def confirm(request: AuthenticatedRequest, record_id: int) -> HttpResponse:
    record = selectors.access_record(request.user, record_id)
    if services.import_confirm(record=record, acting_user=request.user):
        messages.success(request, "The import has started.")
    else:
        messages.info(request, "This import cannot be confirmed now: its page says why.")
    return redirect("imports:record", record_id=record.pk)


@require_POST
@trust_member_required
def cancel(request: AuthenticatedRequest, record_id: int) -> HttpResponse:
    record = selectors.access_record(request.user, record_id)
    if services.import_cancel(record=record, acting_user=request.user):
        messages.success(request, "The import is cancelled: nothing was imported.")
    else:
        messages.info(request, "This import can no longer be cancelled.")
    return redirect("imports:record", record_id=record.pk)


@trust_member_required
def school(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    found = selectors.access_school(request.user, school_id)
    return render(request, "imports/school.html", {"data": selectors.school_imports(school=found)})
