"""The trust's targets for a year (`dashboards:targets`): the CEO and deputy set them in one form;
the page also downloads every year's targets as CSV."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone

from dashboards import access as rules
from dashboards.forms.targets import TrustTargetsForm
from dashboards.selectors import targets as selectors
from dashboards.services.targets import trust_targets_save
from dashboards.tables import CsvTable, csv_response
from fht.access import access_for
from fht.decorators import trust_member_required
from fht.forms import add_service_error, form_page, posted
from fht.tenancy import trust_of
from fht.types import AuthenticatedRequest
from schools.years import academic_years


@trust_member_required
def targets_page(request: AuthenticatedRequest) -> HttpResponse:
    if not rules.sets_targets(access_for(request.user)):
        raise PermissionDenied("The CEO and deputy set the trust's targets.")
    trust = trust_of(request.user)
    today = timezone.localdate()
    if request.GET.get("format") == "csv":
        rows = [
            [str(t.academic_year), t.get_measure_display(), t.value]
            for t in selectors.all_targets(trust=trust)
        ]
        table = CsvTable("trust-targets", ["Academic year", "Measure", "Trust target"], rows)
        return csv_response(table, today.isoformat())
    year = selectors.target_year(trust=trust, raw=request.GET.get("year"), today=today)
    form = TrustTargetsForm(
        posted(request), current=selectors.trust_targets(trust=trust, year=year)
    )
    if form.is_bound and form.is_valid():
        try:
            trust_targets_save(
                trust=trust, academic_year=year, targets=form.values, acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The trust's targets for {year} are saved.")
            return redirect(f"{reverse('dashboards:targets')}?year={year.pk}")
    context = {
        "form": form,
        "year": year,
        "years": academic_years(trust_id=trust.pk),
        "changes": selectors.target_changes(trust=trust),
        "nav_section": "dashboards",
    }
    return form_page(request, "dashboards/targets.html", context, bound=form.is_bound)


urlpatterns: list[URLPattern] = [
    path("dashboards/targets/", targets_page, name="targets"),
]
