"""Benchmark the hot pages on the demo trust, in-process (Django's test client, no network).

    make bench            # SQLite (the embedded default)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fht_bench make bench

Writes bench/RESULTS.md. Figures are wall-clock on whatever machine runs it: compare within one run.
"""

import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fht.settings.local")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from fht.models import User  # noqa: E402
from isap.models import Plan  # noqa: E402
from qa_visits.models import Visit  # noqa: E402
from reviews.models import Review  # noqa: E402
from risk.models import ConcernCase, Meeting, MeetingItem  # noqa: E402
from schools.models import School  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))
PAGES = [
    ("CEO", "ceo@skylark.example", "/"),
    ("CEO", "ceo@skylark.example", "/schools/"),
    ("CEO", "ceo@skylark.example", "/schools/{school}/"),
    ("CEO", "ceo@skylark.example", "/clusters/"),
    ("CEO", "ceo@skylark.example", "/people/"),
    ("Director of QA", "director.mansfield@skylark.example", "/schools/"),
    ("Governor", "governor.ravensdale-primary-academy@skylark.example", "/schools/{school}/"),
    ("Director of QA", "director.mansfield@skylark.example", "/visits/"),
    ("Director of QA", "director.mansfield@skylark.example", "/visits/{visit}/"),
    ("Director of QA", "director.mansfield@skylark.example", "/visits/{visit}/write/"),
    ("Governor", "governor.ravensdale-primary-academy@skylark.example", "/visits/{visit}/"),
    ("Head teacher", "head.ravensdale-primary-academy@skylark.example", "/schools/{school}/data/"),
    ("CEO", "ceo@skylark.example", "/clusters/{cluster}/"),
    ("Head teacher", "head.ravensdale-primary-academy@skylark.example", "/plans/{plan}/"),
    ("Governor", "governor.ravensdale-primary-academy@skylark.example", "/plans/{plan}/"),
    ("Director of QA", "director.mansfield@skylark.example", "/plans/{plan}/history/"),
    ("Director of QA", "director.mansfield@skylark.example", "/actions/"),
    ("CEO", "ceo@skylark.example", "/trust/support/"),
    ("CEO", "ceo@skylark.example", "/risk/meetings/{meeting}/"),
    ("Director of QA", "director.mansfield@skylark.example", "/risk/meetings/items/{item}/"),
    ("Trustee", "trustee@skylark.example", "/risk/meetings/{meeting}/summary/"),
    ("CEO", "ceo@skylark.example", "/risk/concern/{case}/"),
    ("CEO", "ceo@skylark.example", "/risk/growth/"),
    ("CEO", "ceo@skylark.example", "/reviews/"),
    ("Director of QA", "director.mansfield@skylark.example", "/reviews/{review}/"),
    ("Governor", "governor.ravensdale-primary-academy@skylark.example", "/reviews/{review}/"),
    ("CEO", "ceo@skylark.example", "/reviews/{draft_review}/record/"),
    ("Head teacher", "head.ravensdale-primary-academy@skylark.example", "/reviews/practice/"),
    ("CEO", "ceo@skylark.example", "/reviews/letters/"),
]


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_demo", quiet_sign_ins=True)
    with scopes_disabled():
        ravensdale = School.objects.get(urn="140412")
        school, cluster = ravensdale.pk, ravensdale.cluster_id
        visit = (
            Visit.objects.filter(school=ravensdale, status=Visit.Status.SUBMITTED)
            .order_by("-visited_on")
            .values_list("pk", flat=True)
            .first()
        )
        plan = (
            Plan.objects.filter(school=ravensdale)
            .order_by("-academic_year__starts_in")
            .values_list("pk", flat=True)
            .first()
        )
        meeting = Meeting.objects.get(trust=ravensdale.trust, status=Meeting.Status.OPEN).pk
        item = MeetingItem.objects.get(meeting_id=meeting, school=ravensdale).pk
        case = ConcernCase.objects.get(trust=ravensdale.trust, status=ConcernCase.Status.OPEN).pk
        shared = (Review.Status.SHARED, Review.Status.ACKNOWLEDGED)
        review = (
            Review.objects.filter(school=ravensdale, status__in=shared)
            .order_by("-starts_on")
            .values_list("pk", flat=True)
            .first()
        )
        draft_review = (  # the demo's review being written (the others in draft are ahead)
            Review.objects.filter(
                trust=ravensdale.trust, status=Review.Status.DRAFT, starts_on__lte=date.today()
            )
            .order_by("-starts_on")
            .values_list("pk", flat=True)
            .first()
        )
    rows = []
    for who, email, path in PAGES:
        url = path.format(
            school=school,
            cluster=cluster,
            visit=visit,
            plan=plan,
            meeting=meeting,
            item=item,
            case=case,
            review=review,
            draft_review=draft_review,
        )
        client = Client()
        client.force_login(User.objects.get(email=email))
        for _ in range(10):  # warm up
            client.get(url)
        timings = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries = len(ctx.captured_queries)
        timings.sort()
        rows.append(
            (who, path, statistics.median(timings), timings[int(len(timings) * 0.95) - 1], queries)
        )
    vendor = connection.vendor
    lines = [
        "# Benchmark: hot pages on the demo trust",
        "",
        f"Made by `make bench` on {time.strftime('%Y-%m-%d')}: {platform.python_implementation()} "
        f"{platform.python_version()}, {vendor}, {os.cpu_count()} cores; {ROUNDS} requests a page "
        "through Django's test client (in-process, no network, no browser).",
        "",
        "| who | page | median ms | p95 ms | queries |",
        "|---|---|---:|---:|---:|",
    ]
    lines += [f"| {w} | `{p}` | {m:.1f} | {p95:.1f} | {q} |" for w, p, m, p95, q in rows]
    out = ROOT / "bench" / "RESULTS.md"
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
