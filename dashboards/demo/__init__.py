"""The dashboards demo: the trust's own targets for every academic year of the demo, a little more
ambitious than national (the figures the demo's returns are drawn around), so the dashboards show
figures against both. Idempotent: a target already there is left as it is (one query to check,
one bulk write the first time)."""

from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from dashboards.models import TrustTarget
from fht.models import Trust
from returns.measures import Measure
from schools.models import AcademicYear

TARGETS = {
    Measure.ATTENDANCE: "96.0",
    Measure.PERSISTENT_ABSENCE: "14.0",
    Measure.EYFS_GLD: "70.0",
    Measure.PHONICS_Y1: "82.0",
    Measure.KS2_RWM_EXPECTED: "65.0",
    Measure.KS2_RWM_HIGHER: "10.0",
    Measure.KS2_READING_PROGRESS: "0.5",
    Measure.KS2_WRITING_PROGRESS: "0.5",
    Measure.KS2_MATHS_PROGRESS: "0.5",
}


def load(trust: Trust) -> None:
    years = list(AcademicYear.objects.filter(trust=trust))
    have = set(TrustTarget.objects.filter(trust=trust).values_list("academic_year_id", "measure"))
    rows = [
        TrustTarget(trust=trust, academic_year=year, measure=measure, value=Decimal(value))
        for year in years
        for measure, value in TARGETS.items()
        if (year.pk, measure.value) not in have
    ]
    if rows:
        bulk_create_with_history(rows, TrustTarget)
