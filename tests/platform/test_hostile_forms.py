"""Every form of the product, found from its pages, walked with hostile input through the real
views (tests/platform/hostile.py finds the forms and makes the input, tests/platform/walk.py submits
it and checks each answer).

The forms are shared between this file and test_hostile_forms_2.py by their place in the sorted list,
so pytest-xdist runs the halves side by side. Each half writes its figures to
var/hostile-input-report.<half>.json; the run joins them into var/hostile-input-report.json.
"""

import functools

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django_scopes import scopes_disabled

from schools.models import School
from tests.conftest import World
from tests.factories import ClusterFactory
from tests.platform.hostile import discover, encode, fingerprint, forms_on
from tests.platform.test_permission_matrix import MATRIX, module_world
from tests.platform.walk import Walker

pytestmark = pytest.mark.django_db

__all__ = ["module_world"]  # the world, built once for the file

HALVES = 2
# Floors, so that discovery or the walk quietly finding less fails (94 forms and about 1,100
# submissions when this was written).
FORMS_FOUND = 85
SUBMISSIONS_PER_HALF = 400


def walk_half(world: World, half: int) -> Walker:
    forms = discover(world, MATRIX)
    on_pages = [f for f in forms if f.page != "(the matrix)"]
    assert len(on_pages) >= FORMS_FOUND, f"only {len(on_pages)} forms found: is discovery broken?"
    walker = Walker(world, MATRIX)
    for form in forms[half - 1 :: HALVES]:
        walker.walk(form)
    # POST-only URLs no page of the world offers a form for, walked with no fields of their own.
    fieldless = sorted(f.action_name for f in forms if f.page == "(the matrix)")
    walker.report(f"{half}-of-{HALVES}", fieldless)
    return walker


def check(walker: Walker) -> None:
    tally = walker.tally
    assert not tally.problems, f"{len(tally.problems)} problems:\n" + "\n".join(tally.problems)
    assert tally.submissions >= SUBMISSIONS_PER_HALF, tally.as_dict()
    assert tally.refused > tally.submissions / 2, tally.as_dict()


def test_the_first_half_of_the_forms_refuse_or_safely_keep_hostile_input(
    module_world: World,
) -> None:
    check(walk_half(module_world, 1))


# --- the checks themselves catch what they are for ---------------------------------------------------


def test_a_page_s_forms_and_their_values_are_read() -> None:
    html = """<form method="get" action="/schools/"><input name="q"></form>
    <form method="post" action="/plans/1/priorities/add/">
      <input type="hidden" name="csrfmiddlewaretoken" value="t"><input type="hidden" name="version" value="3">
      <input type="text" name="title" value="Reading &amp; writing" required>
      <input type="checkbox" name="done" value="yes" checked><input type="checkbox" name="late">
      <select name="owner"><option value="">Choose</option><option value="7" selected>Ann</option></select>
      <textarea name="notes">
Line one</textarea><input type="file" name="evidence">
      <button type="submit" name="another" value="1">Save and add another</button>
    </form>"""
    [(action, fields)] = forms_on(html, "/page/")
    assert action == "/plans/1/priorities/add/"
    assert [(f.name, f.kind, f.value) for f in fields] == [
        ("version", "hidden", "3"),
        ("title", "text", "Reading & writing"),
        ("done", "checkbox", "yes"),
        ("late", "checkbox", None),
        ("owner", "select", "7"),
        ("notes", "textarea", "Line one"),
        ("evidence", "file", ""),
        ("another", "submit", "1"),
    ]
    assert fields[4].options == ("", "7")
    assert fields[1].required


def test_a_lone_surrogate_is_sent_as_the_raw_bytes() -> None:
    assert encode([("title", "a\ud800<b>\x00")]) == b"title=a%ED%A0%80%3Cb%3E%00"


def _response(body: str, status: int, location: str = "") -> HttpResponse:
    response = HttpResponse(body, status=status)
    if location:
        response["Location"] = location
    return response


def test_the_walk_catches_a_500_an_unescaped_echo_a_silent_refusal_and_a_way_off_site(
    module_world: World,
) -> None:
    walker = Walker(module_world, MATRIX)
    before = fingerprint(walker.fingerprint_sql, walker.other)
    check = functools.partial(walker._check, Client(), before=before, must_refuse=False)
    check(_response("", 500), where="a", follow=False)
    check(_response("<p><script>hostile(1)</script></p>", 200), where="b", follow=False)
    check(_response("<html><p>Something went wrong</p></html>", 400), where="c", follow=False)
    check(_response("  ", 400), where="c2", follow=False)  # a status line with no words
    check(_response("Nothing was saved: the record was not sent.", 400), where="f", follow=False)
    check(_response("", 302, "https://evil.example/"), where="d", follow=False)
    check(
        _response('<p class="govuk-error-message">Enter a title</p>', 400), where="e", follow=False
    )
    assert [p.split(":")[0] for p in walker.tally.problems] == ["a", "b", "c", "c2", "d"]


def test_the_walk_catches_a_refused_write_and_a_row_across_two_trusts(module_world: World) -> None:
    walker = Walker(module_world, MATRIX)
    atomic = transaction.atomic()
    atomic._from_testcase = True
    with atomic, scopes_disabled():
        before = fingerprint(walker.fingerprint_sql, walker.other)
        School.objects.filter(pk=module_world.s2.pk).update(cluster=module_world.b1)
        walker._kept_apart(before, "moved")
        ClusterFactory(trust=module_world.trust, name="Written on a refusal")
        walker._unchanged(before, "refused")
        transaction.set_rollback(True)
    assert walker.tally.problems[0].startswith(
        "moved: rows across two trusts {'schools_school': 1}"
    )
    assert walker.tally.problems[1] == (
        "refused: refused but wrote to ['schools_cluster', 'schools_historicalcluster']"
    )
