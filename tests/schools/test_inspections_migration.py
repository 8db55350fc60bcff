"""The single legacy Ofsted grade each school carried moves into its inspection history.

The rule is walked case by case on the migration's own function; then a database made at the state
before (schools up to 0005) is given schools with legacy grades and migrated forward and back, in a
child process on a SQLite file of its own so this run's test database is never migrated backwards.
"""

import datetime as dt
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

migration = importlib.import_module("schools.migrations.0006_inspections")


def test_a_grade_before_september_2024_becomes_a_graded_2019_inspection() -> None:
    fields = migration.legacy_inspection(2, dt.date(2023, 3, 15))
    assert fields is not None
    assert fields["framework"] == "2019"
    assert fields["inspection_type"] == "graded"
    assert fields["overall"] == 2
    assert fields["inspected_on"] == dt.date(2023, 3, 15)
    # An older framework's grade is on the same four-point scale.
    assert migration.legacy_inspection(1, dt.date(2014, 5, 1))["framework"] == "2019"  # type: ignore[index]


def test_a_later_date_keeps_its_framework_and_invents_no_judgement() -> None:
    fields = migration.legacy_inspection(4, dt.date(2024, 10, 2))
    assert fields is not None
    assert (fields["framework"], fields["inspection_type"], fields["overall"]) == (
        "2024",
        "ungraded",
        None,
    )
    assert "overall grade Inadequate" in str(fields["note"])
    card = migration.legacy_inspection(None, dt.date(2025, 11, 10))
    assert card is not None
    assert (card["framework"], card["inspection_type"]) == ("2025", "monitoring")
    assert "overall grade" not in str(card["note"])


def test_a_date_alone_is_an_ungraded_inspection_and_a_grade_alone_is_nothing() -> None:
    fields = migration.legacy_inspection(None, dt.date(2022, 6, 8))
    assert fields is not None
    assert (fields["framework"], fields["inspection_type"], fields["overall"]) == (
        "2019",
        "ungraded",
        None,
    )
    assert migration.legacy_inspection(3, None) is None


SCRIPT = r"""
import json
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("schools", "0005_roleassignment_to_people")
call_command("migrate", "schools", BEFORE[1], verbosity=0)
old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
trust = old.get_model("fht", "Trust").objects.create(name="Old Trust", slug="old-trust")
School = old.get_model("schools", "School")
School.objects.create(trust=trust, urn="100001", name="Good Primary", ofsted_grade=2,
                      ofsted_inspected_on="2023-03-15")
School.objects.create(trust=trust, urn="100002", name="Late Primary", ofsted_grade=4,
                      ofsted_inspected_on="2024-10-02")
School.objects.create(trust=trust, urn="100003", name="New Primary")

# Only the schools app goes forward (and back): the other apps' migrations are not under test.
call_command("migrate", "schools", verbosity=0)

from django_scopes import scopes_disabled
from schools.models import Inspection, School as NewSchool

result = {}
with scopes_disabled():
    for inspection in Inspection.objects.select_related("school").order_by("school__urn"):
        result[inspection.school.urn] = [
            str(inspection.inspected_on), inspection.framework, inspection.inspection_type,
            inspection.overall, inspection.headline, inspection.trust_id == trust.pk,
            inspection.history.count(),
        ]
    result["fields"] = [f.name for f in NewSchool._meta.get_fields()]

call_command("migrate", "schools", BEFORE[1], verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("SELECT urn, ofsted_grade, ofsted_inspected_on FROM schools_school ORDER BY urn")
    result["back"] = [[r[0], r[1], str(r[2]) if r[2] else None] for r in cursor.fetchall()]
print(json.dumps(result))
"""


def test_migrating_moves_every_legacy_grade_into_the_history_and_back(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fht.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'before-inspections.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["100001"] == [
        "2023-03-15",
        "2019",
        "graded",
        2,
        "Good (2019 framework)",
        True,
        1,
    ]
    assert result["100002"][:4] == ["2024-10-02", "2024", "ungraded", None]
    assert "100003" not in result
    assert "ofsted_grade" not in result["fields"]
    assert "ofsted_inspected_on" not in result["fields"]
    assert result["back"] == [
        ["100001", 2, "2023-03-15"],
        ["100002", None, "2024-10-02"],
        ["100003", None, None],
    ]
