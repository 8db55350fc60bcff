"""The planning pages: planning a review, changing its plan and its schedule. Bad input is a 400
with the messages and what was typed kept, nothing written; another trust's school or review is a
404; a forged id in the form is a message, never a 500."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from fht.models import User
from fht.roles import Role
from reviews.models import Activity, Review, TeamMember
from tests.conftest import World
from tests.reviews.world import add_reviews

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(world: World) -> World:
    return add_reviews(world)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _date(prefix: str, on: dt.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(on.day),
        f"{prefix}_month": str(on.month),
        f"{prefix}_year": str(on.year),
    }


def _plan_data(w: World, **changes: object) -> dict[str, object]:
    assert w.year
    data: dict[str, object] = {
        "academic_year": w.year.pk,
        **_date("starts_on", dt.date(2027, 3, 9)),
        **_date("ends_on", dt.date(2027, 3, 10)),
        "lead": w.person(Role.QA_DIRECTOR).pk,
        "improvement": [w.person(Role.CPD_LEAD).pk],
        "business": [w.person(Role.TRUST_ADMIN).pk],
        "peer_head": w.south_head.pk,  # type: ignore[union-attr]
    }
    data.update(changes)
    return data


def _reviews() -> int:
    with scopes_disabled():
        return Review.objects.count()


def test_the_director_plans_a_review_and_goes_to_its_page(w: World) -> None:
    client = _client(w.person(Role.QA_DIRECTOR))
    url = reverse("reviews:plan_new", args=[w.s2.pk])
    page = client.get(url).content.decode()
    assert "Plan a partnership review" in page and "Head of s3, head of Cedar Primary" in page
    assert "Head teacher of A" in page  # s1's head may review s2
    response = client.post(url, _plan_data(w))
    with scopes_disabled():
        review = Review.objects.get(school=w.s2)
        team = set(review.team.values_list("capacity", "person_id", "from_school_id"))
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{review.pk}/"
    assert (TeamMember.Capacity.PEER_HEAD, w.south_head.pk, w.s3.pk) in team  # type: ignore[union-attr]
    assert len(team) == 4


def test_the_schools_own_head_is_not_offered(w: World) -> None:
    page = _client(w.person(Role.CEO)).get(reverse("reviews:plan_new", args=[w.s1.pk]))
    body = page.content.decode()
    assert "Head of s3, head of Cedar Primary" in body
    assert "Head teacher of A" not in body and "Executive head teacher of A" not in body


def test_bad_input_is_refused_with_messages_and_what_was_typed(w: World) -> None:
    client = _client(w.person(Role.QA_DIRECTOR))
    url = reverse("reviews:plan_new", args=[w.s2.pk])
    response = client.post(
        url,
        _plan_data(
            w,
            **_date("starts_on", dt.date(2027, 3, 10)),
            **_date("ends_on", dt.date(2027, 3, 9)),
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The last day must be the same as the first day or after it." in body
    assert 'value="10"' in body  # the first day as typed
    empty = client.post(url, {})
    assert empty.status_code == 400
    assert "Enter the review&#x27;s first day." in empty.content.decode()
    assert "Choose who leads the review" in empty.content.decode()
    absurd = client.post(
        url,
        _plan_data(
            w,
            starts_on_day="1e309",
            starts_on_month="NaN",
            starts_on_year="<b>2027</b>",
            academic_year="-1",
            improvement=["x", "9" * 500],
        ),
    )
    assert absurd.status_code == 400
    assert _reviews() == 3


def test_a_forged_or_other_trusts_id_is_a_message(w: World) -> None:
    client = _client(w.person(Role.QA_DIRECTOR))
    url = reverse("reviews:plan_new", args=[w.s2.pk])
    assert w.other_head and w.other_ceo and w.other_year
    for forged in (
        {"peer_head": w.other_head.pk},
        {"business": [w.other_ceo.pk]},
        {"lead": w.other_ceo.pk},
        {"academic_year": w.other_year.pk},
        {"peer_head": w.person(Role.HEAD_TEACHER).pk, "improvement": [w.person(Role.GOVERNOR).pk]},
    ):
        response = client.post(url, _plan_data(w, **forged))
        assert response.status_code == 400, forged
        assert "from the list" in response.content.decode()
    assert _reviews() == 3


def test_the_same_person_twice_is_refused_with_a_message(w: World) -> None:
    client = _client(w.person(Role.QA_DIRECTOR))
    response = client.post(
        reverse("reviews:plan_new", args=[w.s2.pk]),
        _plan_data(w, business=[w.person(Role.CPD_LEAD).pk]),
    )
    assert response.status_code == 400
    assert "is already on the team" in response.content.decode()
    assert _reviews() == 3


def test_a_second_review_of_the_year_links_to_the_first(w: World) -> None:
    client = _client(w.person(Role.QA_DIRECTOR))
    url = reverse("reviews:plan_new", args=[w.s1.pk])
    link = f'href="/reviews/{w.review.pk}/"'  # type: ignore[union-attr]
    assert link in client.get(url).content.decode()
    response = client.post(url, _plan_data(w, peer_head=w.south_head.pk))  # type: ignore[union-attr]
    assert response.status_code == 400
    body = response.content.decode()
    assert "Alder Primary already has a review in 2026/27" in body and link in body
    assert _reviews() == 3


def test_another_trust_and_other_schools_are_404(w: World) -> None:
    director = _client(w.person(Role.QA_DIRECTOR))
    assert director.get(reverse("reviews:plan_new", args=[w.s3.pk])).status_code == 404
    assert (
        director.post(reverse("reviews:plan_new", args=[w.s3.pk]), _plan_data(w)).status_code == 404
    )
    ceo = _client(w.person(Role.CEO))
    assert ceo.get(reverse("reviews:plan_new", args=[w.sb.pk])).status_code == 404
    assert w.other_review
    for name in ("reviews:plan_edit", "reviews:schedule"):
        assert ceo.get(reverse(name, args=[w.other_review.pk])).status_code == 404
        assert ceo.post(reverse(name, args=[w.other_review.pk]), {}).status_code == 404
    head = _client(w.person(Role.HEAD_TEACHER))
    assert head.post(reverse("reviews:plan_new", args=[w.s1.pk]), _plan_data(w)).status_code == 404
    # The CPD lead is on s1's team but does not plan it.
    cpd = _client(w.person(Role.CPD_LEAD))
    assert cpd.get(reverse("reviews:plan_edit", args=[w.review.pk])).status_code == 404  # type: ignore[union-attr]


def test_the_plan_is_changed(w: World) -> None:
    assert w.review
    client = _client(w.person(Role.QA_DIRECTOR))
    url = reverse("reviews:plan_edit", args=[w.review.pk])
    page = client.get(url).content.decode()
    assert 'value="9"' in page and "Change the plan of the review" in page
    data = _plan_data(
        w,
        **_date("starts_on", dt.date(2027, 3, 16)),
        **_date("ends_on", dt.date(2027, 3, 17)),
        business=[],
    )
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == f"/reviews/{w.review.pk}/"
    w.review.refresh_from_db()
    assert w.review.starts_on == dt.date(2027, 3, 16)
    with scopes_disabled():
        assert w.review.team.filter(capacity=TeamMember.Capacity.SCHOOL_IMPROVEMENT).exists()
        assert w.review.team.count() == 3


def test_no_change_once_shared(w: World) -> None:
    assert w.review
    with scopes_disabled():
        Review.objects.filter(pk=w.review.pk).update(status=Review.Status.SHARED)
    client = _client(w.person(Role.QA_DIRECTOR))
    url = reverse("reviews:plan_edit", args=[w.review.pk])
    page = client.get(url)
    assert page.status_code == 200 and "can no longer be changed" in page.content.decode()
    response = client.post(url, _plan_data(w, **_date("starts_on", dt.date(2027, 3, 16))))
    assert response.status_code == 400 and "can no longer be changed" in response.content.decode()
    schedule = client.post(reverse("reviews:schedule", args=[w.review.pk]), _rows([]))
    assert schedule.status_code == 400 and "can no longer be changed" in schedule.content.decode()
    w.review.refresh_from_db()
    assert w.review.starts_on == dt.date(2027, 3, 9)


def _rows(rows: list[dict[str, str]], initial: int = 0) -> dict[str, str]:
    data = {
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": str(initial),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "60",
    }
    for n, row in enumerate(rows):
        data.update({f"rows-{n}-{k}": v for k, v in row.items()})
    return data


def _row(**values: str) -> dict[str, str]:
    row = {
        "activity": "",
        "day": "2027-03-09",
        "starts_at": "9:00",
        "ends_at": "",
        "what": "",
        "who": "",
    }
    row.update(values)
    return row


def test_the_schedule_is_added_to_changed_and_removed(w: World) -> None:
    assert w.review
    client = _client(w.person(Role.QA_DIRECTOR))
    url = reverse("reviews:schedule", args=[w.review.pk])
    page = client.get(url).content.decode()
    assert "Schedule of the review" in page and "Tuesday 9 March" in page
    response = client.post(
        url,
        _rows(
            [
                _row(what="Meeting with the head", who="Head teacher", ends_at="9.45"),
                _row(day="2027-03-10", starts_at="15:00", what="Feedback"),
                _row(day="", starts_at="", what=""),  # a blank row is left out
            ]
        ),
    )
    assert response.status_code == 302
    with scopes_disabled():
        first, second = Activity.objects.filter(review=w.review).order_by("day")
    assert first.ends_at == dt.time(9, 45) and second.day == dt.date(2027, 3, 10)
    page = client.get(url).content.decode()
    assert "Meeting with the head" in page and "Remove this row" in page
    response = client.post(
        url,
        _rows(
            [
                _row(
                    activity=str(first.pk),
                    what="Meeting with the head and the SENCo",
                    who="Head teacher",
                    ends_at="09:45",
                ),
                _row(
                    activity=str(second.pk),
                    day="2027-03-10",
                    starts_at="15:00",
                    what="Feedback",
                    remove="on",
                ),
            ],
            initial=2,
        ),
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert list(Activity.objects.filter(review=w.review).values_list("what", flat=True)) == [
            "Meeting with the head and the SENCo"
        ]


def test_bad_schedule_rows_are_refused_with_messages(w: World) -> None:
    assert w.review and w.out_review
    client = _client(w.person(Role.CEO))
    url = reverse("reviews:schedule", args=[w.review.pk])
    with scopes_disabled():
        theirs = Activity.objects.create(
            trust=w.trust,
            review=w.out_review,
            day=dt.date(2027, 3, 9),
            starts_at=dt.time(9),
            what="Theirs",
        )
    cases = [
        (_rows([_row(what="Walk", starts_at="25:99")]), "Enter a time like 9:00 or 13:30."),
        (
            _rows([_row(what="Walk", starts_at="10:00", ends_at="9:00")]),
            "The end time must be after",
        ),
        (_rows([_row(what="Walk", day="2027-03-11")]), "Choose one of the review"),
        (_rows([_row(what="", who="Someone")]), "Enter what happens."),
        (_rows([_row(what="Walk", activity=str(theirs.pk))]), "not part of the schedule"),
        (_rows([_row(what="<script>x</script>" * 20)]), "200 characters or fewer"),
        ({"rows-TOTAL_FORMS": "1e309", "rows-INITIAL_FORMS": "0"}, "There is a problem"),
        ({"rows-TOTAL_FORMS": "100000", "rows-INITIAL_FORMS": "0"}, "There is a problem"),
        ({}, "There is a problem"),
    ]
    for data, words in cases:
        response = client.post(url, data)
        assert response.status_code == 400, words
        assert words in response.content.decode(), words
    with scopes_disabled():
        assert not Activity.objects.filter(review=w.review).exists()
        theirs.refresh_from_db()
    assert theirs.what == "Theirs"
    kept = client.post(
        url, _rows([_row(what="Book look with the English lead", starts_at="25:99")])
    )
    assert "Book look with the English lead" in kept.content.decode()


def test_an_unchanged_row_adds_no_history(w: World) -> None:
    assert w.review
    client = _client(w.person(Role.QA_DIRECTOR))
    url = reverse("reviews:schedule", args=[w.review.pk])
    client.post(url, _rows([_row(what="Learning walk")]))
    with scopes_disabled():
        walk = Activity.objects.get(review=w.review)
        before = walk.history.count()  # type: ignore[attr-defined]
    same = _row(activity=str(walk.pk), what="Learning walk", starts_at="09:00")
    new = _row(day="2027-03-10", starts_at="14:00", what="Book look")
    assert client.post(url, _rows([same, new], initial=1)).status_code == 302
    with scopes_disabled():
        assert walk.history.count() == before  # type: ignore[attr-defined]
        assert Activity.objects.filter(review=w.review).count() == 2


def test_the_review_page_panel_links_to_the_plan_for_planners_until_shared(w: World) -> None:
    from fht.tenancy import trust_scope
    from reviews.hooks import panels_for_review
    from reviews.selectors.access import review_access

    assert w.review
    panel = "reviews/planning/_review_panel.html"

    def templates(role: Role) -> list[str]:
        user = User.objects.get(pk=w.person(role).pk)  # a fresh person: no cached access
        with trust_scope(w.trust.pk):
            found = review_access(user, w.review.pk)  # type: ignore[union-attr]
            return [p.template for p in panels_for_review(user, found)]

    assert panel in templates(Role.QA_DIRECTOR)
    assert panel not in templates(Role.CPD_LEAD)  # on the team, does not plan it
    with scopes_disabled():
        Review.objects.filter(pk=w.review.pk).update(status=Review.Status.SHARED)
    assert panel not in templates(Role.QA_DIRECTOR)
