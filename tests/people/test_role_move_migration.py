"""The role assignments moved from schools/ to people/ without touching their data.

A database made at the state before the move (schools up to 0004, no people migration) is given a
role assignment, its history and the content types Django made for it, then migrated: everything
is read back through people.models, the content types keep their ids, and going back again leaves
the rows where they were. The migrations run in a child process on a SQLite file of their own, so
the test database of this run is never migrated backwards.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SCRIPT = r"""
import json, sys
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("schools", "0004_school_category")
call_command("migrate", "schools", BEFORE[1], verbosity=0)
applied = MigrationExecutor(connection).loader.applied_migrations
assert ("people", "0001_initial") not in applied, "people was migrated before the move"
old = MigrationExecutor(connection).loader.project_state(BEFORE).apps

trust = old.get_model("fht", "Trust").objects.create(name="Old Trust", slug="old-trust")
person = old.get_model("fht", "User").objects.create(
    email="head@old.example", full_name="Old Head", trust=trust
)
school = old.get_model("schools", "School").objects.create(
    trust=trust, urn="100001", name="Old Primary"
)
assignment = old.get_model("schools", "RoleAssignment").objects.create(
    trust=trust, person=person, school=school, role="head_teacher", starts_on="2024-09-01"
)
old.get_model("schools", "HistoricalRoleAssignment").objects.create(
    id=assignment.pk, trust=trust, person=person, school=school, role="head_teacher",
    starts_on="2024-09-01", history_date="2024-09-01T08:00:00Z", history_type="+",
    history_change_reason="Given before the move",
)
# Made by the migrate command's post_migrate, as on any database of that time.
content_types = old.get_model("contenttypes", "ContentType").objects
ids = {
    model: content_types.get_or_create(app_label="schools", model=model)[0].pk
    for model in ("roleassignment", "historicalroleassignment")
}

# Only schools and people go forward (and back): the other apps' migrations are not under test.
call_command("migrate", "schools", verbosity=0)
call_command("migrate", "people", verbosity=0)

from django.contrib.contenttypes.models import ContentType
from django_scopes import scopes_disabled
from people.models import RoleAssignment

with scopes_disabled():
    row = RoleAssignment.objects.select_related("person", "school").get()
    record = row.history.get()
after = {
    model: list(ContentType.objects.filter(pk=pk).values_list("app_label", "model"))
    for model, pk in ids.items()
}
result = {
    "assignment": [row.pk == assignment.pk, row.person.email, row.school.name, row.role],
    "history": [record.history_change_reason, record.history_type, record.person_id == person.pk],
    "content_types": after,
    "tables": [RoleAssignment._meta.db_table, RoleAssignment.history.model._meta.db_table],
}

call_command("migrate", "schools", BEFORE[1], verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("SELECT role FROM schools_roleassignment")
    result["rows_after_going_back"] = [r[0] for r in cursor.fetchall()]
    cursor.execute("SELECT app_label FROM django_content_type WHERE model = 'roleassignment'")
    result["content_type_after_going_back"] = [r[0] for r in cursor.fetchall()]
print(json.dumps(result))
"""


def test_migrating_a_database_from_before_the_move_keeps_every_role_and_its_history(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fht.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'before-the-move.sqlite3'}",
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
    assert result["assignment"] == [True, "head@old.example", "Old Primary", "head_teacher"]
    assert result["history"] == ["Given before the move", "+", True]
    assert result["content_types"] == {
        "roleassignment": [["people", "roleassignment"]],
        "historicalroleassignment": [["people", "historicalroleassignment"]],
    }
    assert result["tables"] == ["schools_roleassignment", "schools_historicalroleassignment"]
    assert result["rows_after_going_back"] == ["head_teacher"]
    assert result["content_type_after_going_back"] == ["schools"]
