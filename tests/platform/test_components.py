"""The shared components: date input, tags, tables with CSV."""

import datetime as dt

import pytest
from django import forms
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from fht.forms import DateField
from fht.roles import Role
from tests.conftest import World


class _Form(forms.Form):
    when = DateField(label="Date joined")


@pytest.mark.parametrize(
    ("day", "month", "year", "expected", "error"),
    [
        ("27", "3", "2026", dt.date(2026, 3, 27), None),
        ("31", "2", "2026", None, "Enter a real date"),
        ("", "3", "2026", None, "Enter a day, month and year"),
        ("x", "3", "2026", None, "The day must be a number from 1 to 31"),
        ("1", "13", "2026", None, "The month must be a number from 1 to 12"),
        ("", "", "", None, "This field is required"),
    ],
)
def test_date_field(
    day: str, month: str, year: str, expected: dt.date | None, error: str | None
) -> None:
    form = _Form({"when_day": day, "when_month": month, "when_year": year})
    assert form.is_valid() is (error is None)
    if error:
        assert error in str(form.errors["when"])
        html = str(form["when"])
        # What was typed is kept.
        if year:
            assert f'value="{year}"' in html
    else:
        assert form.cleaned_data["when"] == expected


def test_date_input_renders_three_labelled_boxes() -> None:
    html = Template('{% include "includes/date_field.html" with field=form.when %}').render(
        Context({"form": _Form({"when_day": "1", "when_month": "13", "when_year": "2026"})})
    )
    assert html.count("govuk-date-input__item") == 3
    assert ">Day<" in html and ">Month<" in html and ">Year<" in html
    assert "<legend" in html and "govuk-form-group--error" in html


@pytest.mark.parametrize(
    ("value", "text", "css"),
    [
        ("red", "Red", "govuk-tag--red"),
        ("Amber", "Amber", "govuk-tag--orange"),
        (None, "Not judged", "grey"),
    ],
)
def test_rag_tag_always_has_its_word(value: str | None, text: str, css: str) -> None:
    html = Template("{% load fht %}{% rag_tag value %}").render(Context({"value": value}))
    assert f">{text}<" in html and css in html


@pytest.mark.parametrize(
    ("value", "text"), [("A", "A Sustain"), ("d", "D Stabilise"), ("", "Not categorised")]
)
def test_category_badge(value: str, text: str) -> None:
    html = Template("{% load fht %}{% category_badge value %}").render(Context({"value": value}))
    assert text in html


@pytest.mark.django_db
def test_school_list_sorts_and_exports_what_is_shown(world: World) -> None:
    client = Client()
    client.force_login(world.person(Role.CEO))
    page = client.get(reverse("schools:list"), {"sort": "name", "dir": "desc"}).content.decode()
    assert page.index("Cedar Primary") < page.index("Alder Primary")
    assert 'aria-sort="descending"' in page
    response = client.get(reverse("schools:list"), {"q": "Birch", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("School,URN,Cluster")
    assert len(lines) == 2 and lines[1].startswith("Birch Primary")


@pytest.mark.django_db
def test_csv_cells_cannot_run_as_formulas(world: World) -> None:
    from django_scopes import scopes_disabled

    with scopes_disabled():
        world.s1.name = "=HYPERLINK(1)"
        world.s1.save()
    client = Client()
    client.force_login(world.person(Role.CEO))
    body = client.get(reverse("schools:list"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body
    assert "\n=HYPERLINK" not in body


@pytest.mark.django_db
def test_people_csv_is_for_people_readers_only(world: World) -> None:
    client = Client()
    client.force_login(world.person(Role.GOVERNOR))
    assert client.get(reverse("people:list"), {"format": "csv"}).status_code == 403
    client.force_login(world.person(Role.TRUST_ADMIN))
    body = client.get(reverse("people:list"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "Head teacher, Alder Primary" in body
    assert "head@b.example" not in body
