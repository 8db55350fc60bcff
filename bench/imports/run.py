"""Benchmark the GIAS import on a file the size of the full establishment extract: about 60 MB and
50,000 rows (the 2025/26 header, rows varied from the DfE sample, about 30 of them for one trust),
through the same services a trust administrator's upload and confirm run: the upload (hash, encoding
found, file stored), the dry run and the import. Writes bench/imports/RESULTS.json: seconds for each
step, and memory (the growth of the process's peak resident size, and Python's own peak
allocation measured by tracemalloc in a second dry run).

    make bench-imports
    .venv/bin/python bench/imports/run.py --rows 50000 --trust-rows 30

Uses PostgreSQL as CI has it (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/fht_imports;
the run makes and drops its own test database beside it) and stores files under var/bench-imports.
Not part of the test suite.
"""

import argparse
import csv
import json
import os
import platform
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "bench-imports"
RESULTS = Path(__file__).resolve().parent / "RESULTS.json"
DFE = ROOT / "tests" / "data" / "dfe"
HEADER = DFE / "headers" / "gias_edubasealldata_header_2025-26.csv"
SAMPLE = DFE / "gias_establishments_sample_2025-26.csv"
TRUST_UID = "99999"
TOWNS = ["Nottingham", "Derby", "Chesterfield", "Mansfield", "St Leonards-on-Sea", "Hackney"]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--trust-rows", type=int, default=30)
    parser.add_argument("--row-bytes", type=int, default=1200, help="about this long a row")
    return parser.parse_args()


def _maxrss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_extract(path: Path, *, rows: int, trust_rows: int, row_bytes: int) -> int:
    """Write the synthetic extract (Windows-1252, CRLF, every cell quoted); return its size."""
    with HEADER.open(encoding="cp1252", newline="") as f:
        header = next(csv.reader(f))
    with SAMPLE.open(encoding="cp1252", newline="") as f:
        reader = csv.reader(f)
        sample_header = next(reader)
        samples = [dict(zip(sample_header, r, strict=True)) for r in reader]
    rng = random.Random(14)  # noqa: S311 (varied test data, not a secret)
    trust_at = set(rng.sample(range(rows), trust_rows))
    with path.open("w", encoding="cp1252", newline="") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(header)
        for i in range(rows):
            row = dict(samples[i % len(samples)])
            urn = str(200000 + i)
            uid = TRUST_UID if i in trust_at else str(1000 + rng.randrange(3000))
            row.update(
                {
                    "URN": urn,
                    "EstablishmentName": f"{rng.choice(TOWNS)} {urn} Primary Académie",
                    "Trusts (code)": uid,
                    "Trusts (name)": f"TRUST {uid}",
                    "EstablishmentStatus (name)": "Open",
                    "CloseDate": "",
                    "NumberOfPupils": str(rng.randrange(40, 1500)),
                    "OpenDate": f"{rng.randrange(1, 28):02d}-{rng.randrange(1, 13):02d}-20{rng.randrange(10, 25)}",
                    "PhaseOfEducation (name)": rng.choice(["Primary", "Secondary", "All-through"]),
                    "TypeOfEstablishment (name)": "Academy converter",
                    "EstablishmentTypeGroup (name)": "Academies",
                    "Town": rng.choice(TOWNS),
                }
            )
            line = [row.get(h, "") for h in header]
            size = sum(len(c) + 3 for c in line)
            if size < row_bytes:  # pad the free-text address as real rows' long names do
                line[header.index("Address3")] = "x" * (row_bytes - size)
            writer.writerow(line)
    return path.stat().st_size


def _setup_django() -> Any:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fht.settings.test")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fht_imports")
    os.environ["FHT_TEST_FILES_DIR"] = str(VAR / "media")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return connection


def main() -> None:
    args = _arguments()
    (VAR / "media").mkdir(parents=True, exist_ok=True)
    extract = VAR / "edubasealldata_bench.csv"
    started = time.perf_counter()
    size = make_extract(
        extract, rows=args.rows, trust_rows=args.trust_rows, row_bytes=args.row_bytes
    )
    generated = time.perf_counter() - started
    connection = _setup_django()
    try:
        results = _measure(extract, size, args)
        results["generate_file_seconds"] = round(generated, 2)
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


def _measure(extract: Path, size: int, args: argparse.Namespace) -> dict[str, Any]:
    from django.core.files.uploadedfile import UploadedFile
    from django_scopes import scope, scopes_disabled

    from fht.models import ImportRecord, Trust, User
    from fht.roles import Role
    from fht.uploads import detect_encoding
    from imports import services
    from people.services import role_assign
    from schools.models import School

    with scopes_disabled():
        trust = Trust.objects.create(name="Bench Trust", slug="bench", dfe_group_id=TRUST_UID)
        admin = User.objects.create_user("admin@bench.example", "x", trust=trust, full_name="Admin")
        role_assign(person=admin, role=Role.TRUST_ADMIN, acting_user=None)
    rss_start = _maxrss_mb()
    with scope(trust=trust.pk), extract.open("rb") as raw:
        upload = UploadedFile(file=raw, name=extract.name, size=size)
        t0 = time.perf_counter()
        encoding = detect_encoding(raw)
        # Eager jobs (as in development): the dry run runs when the upload's transaction commits.
        t1 = time.perf_counter()
        record = services.import_start(
            trust=trust, kind=services.GIAS, upload=upload, encoding=encoding, acting_user=admin
        )
        t2 = time.perf_counter()
        record.refresh_from_db()
        assert record.status == ImportRecord.Status.CHECKED, (record.status, record.errors[:3])
        assert services.import_confirm(record=record, acting_user=admin)
        t3 = time.perf_counter()
        record.refresh_from_db()
        assert record.status == ImportRecord.Status.APPLIED, record.status
        added = School.objects.filter(trust=trust).count()
        rss_end = _maxrss_mb()
        tracemalloc.start()
        plan = services._plan(record, progress=False)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {
        "what": "GIAS extract: upload, dry run and import of one trust's rows (bench/imports/run.py)",
        "file_mb": round(size / 1_000_000, 1),
        "rows": args.rows,
        "trust_rows": args.trust_rows,
        "schools_added": added,
        "encoding_found": encoding,
        "seconds": {
            "encoding_detection": round(t1 - t0, 2),
            "upload_and_dry_run": round(t2 - t1, 2),
            "import": round(t3 - t2, 2),
            "total": round(t3 - t0, 2),
        },
        "memory_mb": {
            "peak_rss_growth_upload_dry_run_import": round(rss_end - rss_start, 1),
            "python_peak_allocation_dry_run_tracemalloc": round(peak / 1_000_000, 1),
        },
        "reimport_would_change": {"added": len(plan.to_add), "changed": len(plan.to_change)},
        "database": os.environ.get("DATABASE_URL", "").split("@")[-1],
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
    }


if __name__ == "__main__":
    main()
