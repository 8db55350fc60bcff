"""Benchmark the dashboards as production serves them: a trust of 120 schools with three years of
history on PostgreSQL, gunicorn with several workers, and locust (headless, in a second process)
signing in as a trustee, the CEO, a Director of QA, a governor and a head and reading their pages
over HTTP for about a minute. Writes bench/dashboards/RESULTS.json: each page's p50/p95/p99 and
its SQL queries (counted in-process, one request with CaptureQueriesContext), and how long the
trust-board pack takes to render.

    make bench-dashboards                          # builds the data afresh, then measures
    .venv/bin/python bench/dashboards/run.py --reuse --duration 30   # keep the built data

Needs PostgreSQL and Redis as CI has them (127.0.0.1:5432 and :6379; DATABASE_URL / REDIS_URL
choose others) and locust (requirements/bench.txt, installed by the make target). The pages are
listed in bench/dashboards/pages.py. Figures are wall-clock on the machine that runs it, with the
load tool and the server sharing its cores: compare them within one run.
"""

import argparse
import csv
import datetime as dt
import importlib
import io
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "bench-dashboards"
RESULTS = Path(__file__).resolve().parent / "RESULTS.json"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/fht_bench_dashboards"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=120)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep the data of an earlier run")
    parser.add_argument(
        "--workers", type=int, default=3, help="gunicorn workers (production runs 3)"
    )
    parser.add_argument(
        "--users", type=int, default=10, help="simulated users (at least one a sign-in)"
    )
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--wait", type=float, nargs=2, default=(0.5, 1.5), metavar=("MIN", "MAX"))
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--cpu-rounds", type=int, default=5, help="in-process requests a page")
    parser.add_argument("--pack-renders", type=int, default=1, help="times the pack is made")
    parser.add_argument(
        "--board-pack",
        default=os.environ.get("BENCH_BOARD_PACK", ""),
        help="module:function making the trust-board pack (default: pages.BOARD_PACK)",
    )
    return parser.parse_args()


def _environment(port: int) -> dict[str, str]:
    """What production's settings read, for a local server on 127.0.0.1."""
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith(("postgres://", "postgresql://")):
        database = DEFAULT_DATABASE
    return {
        "DJANGO_SETTINGS_MODULE": "bench.dashboards.settings",
        "DATABASE_URL": database,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "MEDIA_ROOT": str(VAR / "media"),
        "STATIC_ROOT": str(VAR / "static"),
        "PYTHONPATH": str(ROOT),
    }


def _fresh_database(url: str) -> None:
    """Drop and create the benchmark's database (never another: its name must say bench)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    assert "bench" in name, f"refusing to drop {name!r}: the benchmark's database says bench"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _database_exists(url: str) -> bool:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        row = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [parts.path.lstrip("/")]
        ).fetchone()
    return row is not None


def _percentile_rows(stats_csv: Path) -> dict[str, dict[str, Any]]:
    with stats_csv.open(newline="") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def _wait_for(url: str, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own server)
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"gunicorn did not answer {url} within {seconds:.0f} s")
        time.sleep(0.5)


def main() -> None:
    args = _arguments()
    env = _environment(args.port)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    VAR.mkdir(parents=True, exist_ok=True)
    if not (args.reuse and _database_exists(env["DATABASE_URL"])):
        _fresh_database(env["DATABASE_URL"])

    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse
    from django_scopes import scopes_disabled
    from pypdf import PdfReader

    from bench.dashboards import pages as listed
    from bench.dashboards.build import PASSWORD, TRUST_SLUG, build, built
    from fht.models import Trust, User
    from fht.tenancy import trust_scope

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    prepared = time.perf_counter() - started
    today = dt.date.today()
    with scopes_disabled():
        trust = Trust.objects.filter(slug=TRUST_SLUG).first()
    build_seconds = None
    if trust is None:
        started = time.perf_counter()
        ids = build(schools=args.schools, years=args.years, today=today)
        build_seconds = time.perf_counter() - started
        print(f"Built the trust in {build_seconds:.1f} s: {ids.counts}")
        with scopes_disabled():
            trust = Trust.objects.get(slug=TRUST_SLUG)
    else:
        try:
            ids = built(trust)
        except Exception as error:
            raise SystemExit(
                f"The kept data is incomplete ({error!r}): run without --reuse."
            ) from error
        print(f"Reusing the built trust: {ids.counts}")

    with scopes_disabled():  # the sign-ins' passwords, hashed as the settings now hash them
        User.objects.filter(email__in=ids.sign_ins.values()).update(
            password=make_password(PASSWORD)
        )

    # The pages that exist now, their paths, and their queries (one request each, in-process).
    pages, missing = [], []
    for page in listed.PAGES:
        try:
            path = reverse(page.url_name, kwargs={k: getattr(ids, a) for k, a in page.kwargs})
        except NoReverseMatch:
            missing.append({"label": page.label, "url_name": page.url_name})
            continue
        with scopes_disabled():
            user = User.objects.get(email=ids.sign_ins[page.who])
        client = Client()
        client.force_login(user)
        client.get(path)  # warm: the first request of a process fills its caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, f"{page.label}: {path} answered {response.status_code}"
        count = len(queries.captured_queries)  # now: the next request starts a new query log
        cpu = []  # the server's own CPU per request, which other load on the machine barely moves
        for _ in range(args.cpu_rounds):
            started = time.process_time()
            client.get(path)
            cpu.append((time.process_time() - started) * 1000)
        pages.append(
            {"page": page, "path": path, "queries": count, "cpu_ms": statistics.median(cpu)}
        )
        print(f"{page.label}: {path}, {count} queries, {statistics.median(cpu):.0f} ms of CPU")

    # The trust-board pack (the first render of a process also loads its fonts and templates).
    pack_name = args.board_pack or listed.BOARD_PACK
    module, function = pack_name.split(":")
    make_pack = getattr(importlib.import_module(module), function)
    renders, cpu = [], []
    with trust_scope(trust.pk):
        for _ in range(max(1, args.pack_renders)):
            started, cpu_started = time.perf_counter(), time.process_time()
            pdf = make_pack(trust=trust, on=today)
            renders.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
    pack_pages = len(PdfReader(io.BytesIO(pdf)).pages)
    made_in = ", ".join(f"{r:.1f} s" for r in renders)
    print(f"Board pack ({pack_name}): {made_in}; {pack_pages} pages")
    connection.close()

    # gunicorn serving, locust loading it from a second process.
    venv = Path(sys.executable).parent
    host = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(  # noqa: S603
        [
            str(venv / "gunicorn"),
            "fht.wsgi:application",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
        ],
        env={**os.environ, **env},
    )
    try:
        _wait_for(f"{host}/healthz")
        who = sorted({p["page"].who for p in pages})
        plan = {
            "sign_in": reverse("login"),
            "password": PASSWORD,
            "wait_min": args.wait[0],
            "wait_max": args.wait[1],
            "users": [
                {
                    "email": ids.sign_ins[w],
                    "pages": [
                        {"label": p["page"].label, "path": p["path"]}
                        for p in pages
                        if p["page"].who == w
                    ],
                }
                for w in who
            ],
        }
        plan_file = VAR / "plan.json"
        plan_file.write_text(json.dumps(plan, indent=1))
        users = max(args.users, len(who))
        prefix = VAR / "locust"
        load = subprocess.run(  # noqa: S603
            [
                str(venv / "locust"),
                "-f",
                str(Path(__file__).resolve().parent / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{args.duration}s",
                "--host",
                host,
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "5",
            ],
            env={**os.environ, "BENCH_PLAN": str(plan_file)},
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    stats = _percentile_rows(Path(f"{prefix}_stats.csv"))
    rows = []
    for p in pages:
        page = p["page"]
        s = stats.get(page.label, {})

        def ms(column: str, s: dict[str, Any] = s) -> float | None:
            value = s.get(column)
            return None if value in (None, "", "N/A") else float(value)

        rows.append(
            {
                "label": page.label,
                "who": page.who,
                "url_name": page.url_name,
                "path": p["path"],
                "queries": p["queries"],
                "server_cpu_ms_in_process": round(p["cpu_ms"], 1),
                "requests": int(s.get("Request Count", 0) or 0),
                "failures": int(s.get("Failure Count", 0) or 0),
                "p50_ms": ms("50%"),
                "p95_ms": ms("95%"),
                "p99_ms": ms("99%"),
                "max_ms": ms("Max Response Time"),
                "p95_under_150_ms": (ms("95%") or 1e9) < 150,
            }
        )
    total = stats.get("Aggregated", {})
    results = {
        "made_on": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": {
            "python": platform.python_version(),
            "cores": os.cpu_count(),
            "database": "postgresql",
            "note": "the load tool and the server share the machine's cores",
        },
        "data": {
            "schools": args.schools,
            "years": args.years,
            "rows": ids.counts,
            "build_seconds": None if build_seconds is None else round(build_seconds, 1),
            "migrate_and_collectstatic_seconds": round(prepared, 1),
        },
        "load": {
            "tool": "locust (headless, a second process)",
            "server": f"gunicorn, {args.workers} workers, production settings over HTTP",
            "users": users,
            "wait_seconds": list(args.wait),
            "duration_seconds": args.duration,
            "requests": int(total.get("Request Count", 0) or 0),
            "failures": int(total.get("Failure Count", 0) or 0),
            "requests_per_second": round(float(total.get("Requests/s", 0) or 0), 1),
            "locust_exit_code": load.returncode,
        },
        "pages": rows,
        "missing_pages": missing,
        "board_pack": {
            "function": pack_name,
            "seconds": [round(r, 2) for r in renders],
            "cpu_seconds": [round(c, 2) for c in cpu],
            "pages": pack_pages,
            "bytes": len(pdf),
            "under_10_s": min(renders) < 10,
        },
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
