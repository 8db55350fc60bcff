"""The growth and capacity page (the golden rule now and with a prospective school, the Directors
of QA's load, the category heat map, each table as CSV) and the trust's growth settings."""

import csv
from collections.abc import Iterable, Sequence

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from fht.charts import data_uri
from fht.decorators import trust_member_required
from fht.forms import add_service_error, posted
from fht.tables import csv_safe
from fht.tenancy import trust_of
from fht.types import AuthenticatedRequest
from risk.charts import heat_map_svg, heat_rows
from risk.forms.growth import GrowthSettingsForm, WhatIfForm
from risk.selectors import growth_reads as reads
from risk.selectors.growth import GoldenRule
from risk.services import growth as services

DOWNLOADS = ("golden-rule", "directors", "categories")


def _csv(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return response


def rule_rows(rules: list[tuple[str, GoldenRule]]) -> list[list[object]]:
    return [
        [
            label,
            rule.good_count,
            rule.below_count,
            len(rule.apart),
            rule.ratio_text,
            "Meets the minimum" if rule.meets_minimum else "Below the minimum",
            rule.shortfall,
        ]
        for label, rule in rules
    ]


RULE_HEADER = [
    "Counted by",
    "Good or better",
    "Below good",
    "Listed apart",
    "Good or better for each school below good",
    "Against the 3 to 1 minimum",
    "More good or better schools needed",
]
LOAD_HEADER = [
    "Director of QA",
    "Clusters",
    "Schools",
    "Limit",
    "Over the limit",
    "Visits due in the next six weeks",
]


def load_rows(loads: list[reads.DirectorLoadRow]) -> list[list[object]]:
    return [
        [
            row.name,
            ", ".join(row.clusters),
            row.school_count,
            row.limit_words,
            "Yes" if row.over else "No",
            row.visits_due,
        ]
        for row in loads
    ]


@trust_member_required
def growth_page(request: AuthenticatedRequest) -> HttpResponse:
    reads.require_reads_growth(request.user)
    trust = trust_of(request.user)
    today = timezone.localdate()
    form = WhatIfForm(
        request.GET if "prospective" in request.GET else None,
        records=reads.prospective_records(trust_id=trust.pk),
    )
    prospective = form.cleaned_data["prospective"] if form.is_bound and form.is_valid() else None
    schools = reads.open_schools(trust_id=trust.pk)
    golden = reads.trust_golden_rules(trust_id=trust.pk, schools=schools, prospective=prospective)
    rules = [
        ("The trust's categories, now", golden.by_category),
        ("Latest Ofsted outcome, now", golden.by_ofsted),
    ]
    if golden.with_prospective is not None and prospective is not None:
        by_category, by_ofsted = golden.with_prospective
        rules += [
            (f"The trust's categories, with {prospective.name}", by_category),
            (f"Latest Ofsted outcome, with {prospective.name}", by_ofsted),
        ]
    download = request.GET.get("table") if request.GET.get("format") == "csv" else None
    if download == "golden-rule":
        return _csv("golden-rule", RULE_HEADER, rule_rows(rules))
    loads = reads.director_loads(trust=trust, today=today)
    if download == "directors":
        return _csv("directors-load", LOAD_HEADER, load_rows(loads))
    heat = reads.heat_map(trust_id=trust.pk, schools=schools, today=today)
    if download == "categories":
        return _csv("categories", ["School", *heat.half_terms], heat_rows(heat))
    context = {
        "trust": trust,
        "form": form,
        "prospective": prospective,
        "rules": rules,
        "golden": golden,
        "loads": loads,
        "heat": heat,
        "heat_rows": heat_rows(heat),
        "heat_svg": data_uri(heat_map_svg(heat)) if heat.rows and heat.half_terms else None,
        "manages": reads.manages_growth(request.user),
        "nav_section": "risk",
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "risk/growth/growth.html", context, status=status)


@trust_member_required
def growth_settings_page(request: AuthenticatedRequest) -> HttpResponse:
    reads.require_manages_growth(request.user)
    trust = trust_of(request.user)
    current = reads.growth_settings(trust_id=trust.pk)
    initial = {
        "report_card_below_from": current.report_card_below_from,
        "safeguarding_not_met_below": current.safeguarding_not_met_below,
        "sub_judgement_below_from": current.sub_judgement_below_from,
    }
    if current.pk is not None:
        initial["version"] = current.version
    form = GrowthSettingsForm(posted(request), initial=initial)
    conflict = None
    status = 400 if form.is_bound else 200
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.growth_settings_save(
                trust=trust,
                data=services.SettingsData(
                    report_card_below_from=data["report_card_below_from"],
                    safeguarding_not_met_below=data["safeguarding_not_met_below"],
                    sub_judgement_below_from=data["sub_judgement_below_from"],
                ),
                version=data["version"],
                acting_user=request.user,
            )
        except services.EditConflict as refused:
            conflict, status = refused, 409
            form = GrowthSettingsForm(
                _with_version(request, refused.current.version), initial=initial
            )
            form.is_valid()
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The growth settings have been saved.")
            return redirect("risk:growth")
    context = {"form": form, "conflict": conflict, "nav_section": "risk"}
    return render(request, "risk/growth/settings.html", context, status=status)


def _with_version(request: AuthenticatedRequest, version: int) -> object:
    copy = request.POST.copy()
    copy["version"] = str(version)
    return copy
